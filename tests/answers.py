"""The answers of every named query on the curated Thorn article: one table, asserted through every front end
(the library on an embedded store and on a SPARQL server in test_store, the CLI in test_cli).

Per query: the parameters (as ``--param`` values), the columns compared, and the rows in the query's order.
"""

ID = "https://w3id.org/kg-news/id/"
TESTIMONY = "testimony of Ashton Kutcher before Congress (2017)"
INTERVIEW = "interview of Ashton Kutcher with 48 Hours"
SIMPLE_NOTION = "It’s a simple notion: ‘the right to pursue happiness.’"
PURSUE = "I’m here today to defend the right to pursue happiness"
HERO = ("You can roll up your sleeves and go try to be like a hero and go save one person, or you can build a tool "
        "that allows one person to save a lot of people.")

THORN_ANSWERS: dict[str, tuple[dict[str, str], tuple[str, ...], list[tuple]]] = {
    "persons": ({}, ("name",), [("Ashton Kutcher",), ("Demi Moore",)]),
    "organizations": ({}, ("name",), [("Congress",), ("Thorn",)]),
    "foundings": ({}, ("orgName", "founderName", "year"),
                  [("Thorn", "Ashton Kutcher", "2012"), ("Thorn", "Demi Moore", "2012")]),
    "spouses": ({}, ("personName", "otherName", "former"), [("Ashton Kutcher", "Demi Moore", "true")]),
    "testimonies": ({}, ("speakerName", "bodyName", "year"), [("Ashton Kutcher", "Congress", "2017")]),
    "quotes": ({}, ("speakerName", "setting", "text"), [
        ("Ashton Kutcher", TESTIMONY, SIMPLE_NOTION),
        ("Ashton Kutcher", TESTIMONY, PURSUE),
        ("Ashton Kutcher", INTERVIEW,
         "What we do at our core is we build technology to help fight sexual exploitation of children"),
        ("Ashton Kutcher", INTERVIEW, HERO)]),
    "said-before-congress": ({}, ("speakerName", "bodyName", "year", "text"), [
        ("Ashton Kutcher", "Congress", "2017", PURSUE), ("Ashton Kutcher", "Congress", "2017", SIMPLE_NOTION)]),
    "statistics": ({}, ("value", "qualifier", "year", "aboutName", "source"), [
        ("6600", "more_than", None, "Thorn", "more recent figures"),
        ("6000", "nearly", "2017", "Thorn", "2017 report"),
        ("1000", "at_least", None, "Thorn", "publicly shared reports"),
        ("100", "more_than", "2017", "Thorn", "2017 report")]),
    "lower-bounds": ({}, ("value", "qualifier", "measure"), [
        ("6600", "more_than", "perpetrators identified"),
        ("1000", "at_least", "child victims identified"),
        ("100", "more_than", "children rescued from situations where abuse content was recorded and distributed")]),
    # One row per fact and span: the span offsets of the curation file's facts, in text order.
    "evidence": ({}, ("begin", "end"), [
        ("253", "343"), ("262", "294"), ("699", "800"), ("897", "1020"), ("1025", "1142"), ("1144", "1245"),
        ("1247", "1338"), ("1341", "1388"), ("1390", "1543"), ("1853", "1974"), ("2043", "2097"),
        ("2110", "2164")]),
    "unsupported": ({}, ("fact",), []),
    "about-person": ({"name": "Demi Moore"}, ("label",),
                     [("founding of Thorn (2012)",), ("marriage of Ashton Kutcher and Demi Moore",)]),
    "facts-in-span": ({"document": "id:document/thorn-kutcher", "from": "0", "to": "300"}, ("label",),
                      [("founding of Thorn (2012)",), ("marriage of Ashton Kutcher and Demi Moore",)]),
    # One article: no two figures about one subject and measure to compare.
    "figures-compared": ({}, ("aboutName", "measure", "value"), []),
}
