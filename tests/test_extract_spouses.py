"""Who is or was married to whom, on the phrasings news uses: each case a short invented text and the exact couples
(with ``former``) a careful reader records, negatives included."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

from .helpers import require_module

require_module("spacy", "extract")

from kg.extract import extract


def couples(text: str) -> list[tuple[str, str, bool]]:
    document = document_from_text("sample.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    names = {e.id: e.name for e in facts.entities}
    return sorted((*sorted(names[p] for p in m.partners), m.former) for m in facts.marriages)


@pytest.mark.parametrize(("text", "expected"), [
    ("Helen Ward is married to Thomas Reyes, a teacher in Tucson.", ("Helen Ward", "Thomas Reyes", False)),
    ("Mark Ellison founded the charity in 2010 with his wife, Laura Ellison.",
     ("Laura Ellison", "Mark Ellison", False)),
    ("Sarah Boyd runs the farm with her husband, Peter Boyd.", ("Peter Boyd", "Sarah Boyd", False)),
    # a husband named by his first name alone: the surname of the wife he is listed with
    ("The farm is run by Sarah Boyd and her husband, Peter, who bought it in 2001.", ("Peter Boyd", "Sarah Boyd", False)),
    ("Anna Kovac, the widow of Daniel Kovac, testified on Monday.", ("Anna Kovac", "Daniel Kovac", False)),
    # a late husband is no former one
    ("Gloria Hayes founded the home in 1996 with her late husband, Lester Hayes, and ran it alone after his death.",
     ("Gloria Hayes", "Lester Hayes", False)),
    ("Robert Lane founded the company with his then-wife, Denise Lane, in 2004.", ("Denise Lane", "Robert Lane", True)),
    ("Karen Mills, whose ex-husband, Paul Mills, ran the firm, testified on Monday.",
     ("Karen Mills", "Paul Mills", True)),
    ("Jane Doe told the committee that her former husband, Carl Doe, had kept the books.",
     ("Carl Doe", "Jane Doe", True)),
    ("Frank Ortiz divorced Maria Ortiz in 2015.", ("Frank Ortiz", "Maria Ortiz", True)),
    # a couple the text calls married
    ("Tom Baker and Ann Lowe, a married couple from Leeds, set up the trust in 2001.",
     ("Ann Lowe", "Tom Baker", False)),
    (("Dale and Marcy Pruitt, the husband-and-wife team who founded Pruitt Field Housing in 2011, appeared before "
     "the committee."), ("Dale Pruitt", "Marcy Pruitt", False)),
])
def test_spouse_phrasings(text, expected):
    assert couples(text) == [expected]


@pytest.mark.parametrize("text", [
    "Brian Cole and Linda Shaw, two nurses from Leeds, set up the clinic in 2001.",
    "Nora Fitch said the committee would hear from witnesses, including a husband and wife from Ohio.",
    "Lisa Park and David Kim, a couple of volunteers, ran the stall.",
    "Graham Reed and Susan Tate, co-founders of the group, testified together.",
])
def test_not_spouses(text):
    assert couples(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a couple's title before or after the two names
    ("The bakery was founded in 2009 by the husband-and-wife team of Nora and Felix Brandt, who still run it.",
     ("Felix Brandt", "Nora Brandt", False)),
    ("Harbor Kayaks was set up in 2011 by husband and wife Owen and Carys Pellow, who still run the centre.",
     ("Carys Pellow", "Owen Pellow", False)),
    ("Omar and Lina Sayed founded Spoke House in 2014, two years after the husband-and-wife team arrived from Amman.",
     ("Lina Sayed", "Omar Sayed", False)),
    (("A Nevada husband and wife who turned a van into a clinic told state senators on Monday that patients wait "
     "too long.\n\nDaniel and Grace Whitfield founded Desert Wheels Clinic in 2017."),
     ("Daniel Whitfield", "Grace Whitfield", False)),
    # "they", "the two", "the couple" after the two people named together
    (("Tess Moreau and Ian Clarke started the cooperative in 2016. Moreau said it was hard. The two founders are "
     "partners outside the office as well. They married in 2019 and live in Leeds."),
     ("Ian Clarke", "Tess Moreau", False)),
    ("Luis and Carmen Varela opened the cafe in 2011. The two met at a hotel kitchen and married in 1999.",
     ("Carmen Varela", "Luis Varela", False)),
    ("Luis and Marisol Vega founded Vega Foods in 2011. Thirteen years later, the couple run four restaurants.",
     ("Luis Vega", "Marisol Vega", False)),
    # a marriage to someone
    ("Walter Ames died on Sunday. His first marriage, to Joan Pike, ended in divorce.",
     ("Joan Pike", "Walter Ames", True)),
    ("Peter Lund said his marriage to Greta Lund had survived the business.", ("Greta Lund", "Peter Lund", False)),
    # whose spouse: a plural possessive, a double-barrelled surname, a pronoun after the named couple
    ("Maria Santos-Reyes runs the league. Santos-Reyes' ex-husband, Tomas Reyes, still umpires on Tuesdays.",
     ("Maria Santos-Reyes", "Tomas Reyes", True)),
    (("Rachel Okafor-Finch set up the kitchen a year after her son, Sam Okafor, died. Her husband, Kayode Okafor, "
     "keeps the accounts."), ("Kayode Okafor", "Rachel Okafor-Finch", False)),
    (("Carl Webb founded the charity with his then-wife, Rita Webb. Its bookkeeper, Yolanda Price, testified last "
     "week. Rita Webb, who divorced him in 2017, is expected to testify on Monday."), ("Carl Webb", "Rita Webb", True)),
    # a spouse named by a first name, whose full name the text gives later
    (("Gilles Moreau opened the store in 1974 with his wife, Anne-Marie, in a garage. Anne-Marie Moreau kept the "
     "books for three decades."), ("Anne-Marie Moreau", "Gilles Moreau", False)),
])
def test_couples_named_together(text, expected):
    assert couples(text) == [expected]


@pytest.mark.parametrize("text", [
    "Bev and Kerry Holt set up the cafe after Bev's neighbour, a widower in his 80s, said he was lonely.",
    "Ana Ruiz, who is married to Paul Okoye's cousin, said the deal was good.",
    "Tom Reed and Sara Lin founded the studio in 2015. They moved it to Leeds in 2019.",
    "Tom Reed and Sara Lin founded the studio. The two partners later sold it to a rival.",
    "Jon and Eli Marsh started the firm in 2010. The couple of years after that were hard.",
    "Ana Ruiz and Paul Okoye founded the firm. Their business partner, Rosa Lee, married in 2012.",
    "The plant was bought by the management team of Dana and Lee Fox in 2015.",
    "Maria Reyes hired her brother-in-law, Tom Reyes, in 2004.",
    "Ana Kovac, a widow from Leeds, testified on Monday.",
    ("A husband and wife from Ohio also testified on Monday.\n\nAna Ruiz and Paul Okoye, two nurses from Dayton, "
     "spoke first."),
    "Nina Holt and Greg Stone founded the charity. Holt's husband, a teacher, was not named in the filing.",
])
def test_not_couples(text):
    assert couples(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # "her husband" unnamed in its sentence: the other of the one pair of one surname the text names together
    (("PITTSBURGH — Nora Quill has run the tool library with her husband since 2017.\n\nNora and Simon Quill "
      "started the Hill Tool Library in their garage."), ("Nora Quill", "Simon Quill", False)),
    (("Leila and Amir Haddad founded Bridgeway Newcomer Services in 2010. Leila, a pharmacist, ran the clinics. "
      "Her husband died in 2020."), ("Amir Haddad", "Leila Haddad", False)),
    # a sentence opening with "When" before the pair
    (("When Marcus and Tanya Ellery-Boyd started the pantry in 2016, they had one table. Tanya Ellery-Boyd said "
      "she and her husband paid for the groceries."), ("Marcus Ellery-Boyd", "Tanya Ellery-Boyd", False)),
])
def test_an_unnamed_spouse_of_a_pair_named_together(text, expected):
    assert couples(text) == [expected]


@pytest.mark.parametrize("text", [
    "Mother and daughter Bev and Kerry Holt run the cafe. Kerry's husband, a teacher, helps on Sundays.",
    "Jon and Eli Marsh, brothers from Ohio, started the firm. Eli's wife helps with the books.",
    ("Ana Ruiz founded the studio with her husband in 2015. Tom and Eva Lind, its first clients, still come on "
     "Fridays."),
])
def test_no_unnamed_spouse_without_a_pair_or_of_relatives(text):
    assert couples(text) == []
