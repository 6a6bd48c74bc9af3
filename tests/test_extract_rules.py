"""Each extraction rule on a small text made for it."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

from .helpers import require_module

require_module("spacy", "extract")

from kg.extract import extract
from kg.extract.numbers import parse_number, vague_range
from kg.extract.pipeline import split_text


def run(text: str):
    document = document_from_text("sample.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    return facts


def names(facts, kind="Person"):
    return sorted(e.name for e in facts.entities if (e.type == "Person") == (kind == "Person"))


def test_straight_quotes_and_said_x_order():
    facts = run('Jane Doe is the director of the agency.\n"We will not stop until every child is safe," said '
                'Jane Doe.')
    [quote] = facts.quotes
    assert quote.text == "We will not stop until every child is safe"
    assert quote.speaker == "jane-doe"


def test_pronoun_speaker_is_the_nearest_person():
    facts = run("Maria Lopez spoke to reporters on Monday. “The program saved hundreds of families from "
                "eviction,” she said.")
    [quote] = facts.quotes
    assert quote.speaker == "maria-lopez"


def test_multi_paragraph_quote_continues_the_speaker():
    facts = run("“The first part of what I have to say is long enough,” said John Smith.\n\n"
                "“And this second paragraph is still my statement about the budget.”")
    assert [q.speaker for q in facts.quotes] == ["john-smith", "john-smith"]


def test_scare_quotes_are_not_quotations():
    facts = run("The senator called the plan a “disaster” in a speech.")
    assert facts.quotes == []


def test_founding_in_a_relative_clause():
    facts = run("Ashton Kutcher spoke about Thorn, which Kutcher founded in 2012, at a conference.")
    [founding] = facts.foundings
    assert founding.organization == "thorn" and founding.founders == ["ashton-kutcher"]
    assert founding.year == 2012
    assert facts.entity("thorn").type == "Organization"


def test_passive_founding():
    facts = run("The Acme Foundation was founded by Jane Doe in 1999.")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == ("acme-foundation", ["jane-doe"], 1999)


def test_told_a_subcommittee_on_a_weekday_gives_no_year():
    facts = run("Dr. Alan Grant told a Senate subcommittee on Tuesday that the program was underfunded.")
    [testimony] = facts.testimonies
    assert testimony.witness == "alan-grant"
    assert facts.entity(testimony.body).name == "Senate subcommittee"
    assert testimony.year is None


@pytest.mark.parametrize("text", [
    ("Jane Smith, who co-founded the Clean Water Alliance in 2009, testified before the House Energy and "
    "Commerce Committee on Tuesday."),
    ("Jane Smith co-founded the Clean Water Alliance in 2009 and testified before the House Energy and "
    "Commerce Committee on Tuesday."),
    ("Jane Smith testified before the House Energy and Commerce Committee on Tuesday. The alliance she "
    "co-founded in 2009 now works in 14 countries."),
])
def test_a_year_of_another_clause_or_sentence_does_not_date_a_testimony(text):
    facts = run(text)
    [testimony] = facts.testimonies
    assert testimony.witness == "jane-smith"
    assert testimony.year is None


def test_a_dateline_year_dates_a_later_testimony():
    facts = run("March 3, 2021\n\nJane Smith testified before the House Energy and Commerce Committee on Tuesday.")
    [testimony] = facts.testimonies
    assert testimony.year == 2021


def test_testified_before_with_year():
    facts = run("In 2019, Sen. Mary Jones testified before the House Judiciary Committee about fraud.")
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.year) == ("mary-jones", 2019)
    assert facts.entity(testimony.body).name == "House Judiciary Committee"


def test_spouse_with_possessive():
    facts = run("Robert Hale and his wife, Linda Hale, attended the ceremony.")
    [marriage] = facts.marriages
    assert set(marriage.partners) == {"robert-hale", "linda-hale"} and marriage.former is False


def test_scale_words_make_the_value():
    facts = run("The agency said about 1.2 million people lost coverage last year.")
    [figure] = facts.statistics
    assert (figure.value, figure.hedge, figure.surface) == (1_200_000, "approximately", "about 1.2 million")
    assert figure.measure.startswith("people")


def test_percentages():
    facts = run("The survey found that 40 percent of adults skipped meals.")
    [figure] = facts.statistics
    assert (figure.value, figure.unit) == (40, "percent")
    assert figure.source == "survey"


def test_vague_count():
    facts = run("The group has helped thousands of refugees find housing.")
    [figure] = facts.statistics
    assert (figure.value, figure.value_max, figure.vague, figure.hedge) == (1000, 999999, True, "at_least")


@pytest.mark.parametrize("text", [
    "The company was incorporated in 2015 and moved its offices.",  # a year
    "The mayor, 54, was elected on March 3.",  # an age and a date
    "The bill passed the chamber 52-48 after a long vote.",  # a vote tally
    "The hearing lasted three hours and ended at noon.",  # a duration
    "Section 230 of the law protects platforms.",  # a number inside a name
])
def test_not_statistics(text):
    assert run(text).statistics == []


def test_title_and_possessive_stripped():
    facts = run("Sen. Jane Doe's bill would fund the program, and Doe said she expects a vote.")
    assert names(facts) == ["Jane Doe"]
    assert facts.entity("jane-doe").aliases == ["Doe"]


def test_sentence_split_without_space_after_full_stop():
    facts = run("The group identified perpetrators.A 2017 report said the group found 600 victims in total.")
    [figure] = facts.statistics
    assert (figure.value, figure.year) == (600, 2017)


def test_acronym_merged_with_the_full_name():
    facts = run("The Federal Bureau of Investigation (FBI) opened a case. The FBI said it had new leads.")
    organizations = [e for e in facts.entities if e.type != "Person"]
    assert [e.name for e in organizations] == ["Federal Bureau of Investigation"]
    assert "FBI" in organizations[0].aliases


def test_confidence_and_method_on_every_fact():
    facts = run("In 2012, Kutcher and then-wife Demi Moore co-founded Thorn. “We build tools,” Kutcher said.")
    for fact in facts.all_facts():
        assert 0 < fact.confidence <= 1 and fact.method.startswith(("rule:", "spacy:"))


@pytest.mark.parametrize(("number", "scale", "value"), [
    ("6,000", None, 6000), ("1.2", "million", 1_200_000), ("two", " million", 2_000_000),
    ("twenty-five", None, 25), ("3.5", " bn", 3_500_000_000),
])
def test_parse_number(number, scale, value):
    assert parse_number(number, scale) == value


def test_vague_ranges():
    assert vague_range("thousands") == (1000, 999999)
    assert vague_range("hundreds of thousands") == (100_000, 999_999)


def test_split_text_keeps_offsets_and_prefers_line_breaks():
    text = ("A sentence here. " * 40 + "\n") * 10
    pieces = split_text(text, limit=1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


# --- foundings: several phrasings of one phenomenon, and words that only look like it ----------------------

@pytest.mark.parametrize(("text", "organization", "founders", "year"), [
    ("Priya Raman founded Lantern Labs in 2004.", "lantern-labs", ["priya-raman"], 2004),
    ("Priya Raman co-founded Lantern Labs with Omar Haddad in 2004.", "lantern-labs",
     ["priya-raman", "omar-haddad"], 2004),
    ("Priya Raman established the Harbor Trust in 1987.", "harbor-trust", ["priya-raman"], 1987),
    ("Priya Raman created the Bluebird Project in 2001.", "bluebird-project", ["priya-raman"], 2001),
    ("Lantern Labs, founded by Priya Raman in 2004, makes sensors.", "lantern-labs", ["priya-raman"], 2004),
    ("Lantern Labs was founded in 1998 by Priya Raman and Omar Haddad.", "lantern-labs",
     ["priya-raman", "omar-haddad"], 1998),
    ("Priya Raman and Omar Haddad founded Lantern Labs in 1998.", "lantern-labs",
     ["priya-raman", "omar-haddad"], 1998),
    ("Founded in 1998 by Priya Raman, Lantern Labs now employs 300 people.", "lantern-labs", ["priya-raman"],
     1998),
    ("In December 2003, Raman incorporated Blue River Energy, L.L.C. in Ithaca.", "blue-river-energy-l-l-c",
     ["raman"], 2003),
])
def test_founding_phrasings(text, organization, founders, year):
    [founding] = run(text).foundings
    assert (founding.organization, founding.founders, founding.year) == (organization, founders, year)


@pytest.mark.parametrize("text", [
    "Priya Raman, the founder of Lantern Labs, spoke on Monday.",
    "Priya Raman, a co-founder of Lantern Labs, spoke on Monday.",
    "Lantern Labs founder Priya Raman spoke on Monday.",
    "Lantern Labs's founder, Priya Raman, spoke on Monday.",
])
def test_founder_noun_phrasings(text):
    [founding] = run(text).foundings
    assert (founding.organization, founding.founders) == ("lantern-labs", ["priya-raman"])


@pytest.mark.parametrize("text", [
    "The country was founded on the principle that all men are created equal.",
    "The report found that Lantern Labs had overbilled the agency.",
    "Priya Raman created a new program for veterans in 2010.",  # no named body
    "The company launched a new product in 2012.",
    "The revised plan incorporated feedback from Lantern Labs.",  # "incorporated" = included
])
def test_not_foundings(text):
    assert run(text).foundings == []


def test_legal_form_is_part_of_the_company_name():
    facts = run("Raman incorporated Blue River Energy, L.L.C. (BRE) in 2003. BRE won two grants.")
    assert [e.name for e in facts.entities if e.type != "Person"] == ["Blue River Energy, L.L.C."]


# --- spouses --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "former"), [
    ("Robert Hale attended the ceremony with his wife, Linda Hale.", False),
    ("Linda Hale and her husband, Robert Hale, attended the ceremony.", False),
    ("Robert Hale, who is married to Linda Hale, attended the ceremony.", False),
    ("Robert Hale married Linda Hale in 1990.", False),
    ("Robert Hale's widow, Linda Hale, attended the ceremony.", False),
    ("Linda Hale, wife of Senator Robert Hale, spoke at the event.", False),
    ("Robert Hale's former wife, Linda Hale, attended the ceremony.", True),
    ("Robert Hale and then-wife Linda Hale attended the ceremony.", True),
    ("Robert Hale divorced Linda Hale in 2001.", True),
])
def test_spouse_phrasings(text, former):
    [marriage] = run(text).marriages
    assert set(marriage.partners) == {"robert-hale", "linda-hale"} and marriage.former is former


@pytest.mark.parametrize("text", [
    "Robert Hale was arrested after a wife-beater video surfaced.",
    "Robert Hale said his wife was not involved.",  # no name for her
])
def test_not_spouses(text):
    assert run(text).marriages == []


def test_wedding_anniversary_names_a_couple():
    facts = run("Robert Hale and Linda Hale celebrated their 40th wedding anniversary in May.")
    [marriage] = facts.marriages
    assert set(marriage.partners) == {"robert-hale", "linda-hale"}


# --- testimonies ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "body", "year"), [
    ("Jane Doe testified before the House Energy and Commerce Committee on Tuesday.",
     "House Energy and Commerce Committee", None),  # a weekday gives no year
    ("Jane Doe appeared before the Senate Judiciary Committee in 2019.", "Senate Judiciary Committee", 2019),
    ("In testimony to the House Oversight Committee in 2018, Jane Doe said costs had doubled.",
     "House Oversight Committee", 2018),
    ("Jane Doe spoke at a hearing of the Senate Finance Committee in March 2016.", "Senate Finance Committee",
     2016),
    ("During a hearing before the House Ways and Means Committee, Jane Doe said taxes would rise.",
     "House Ways and Means Committee", None),
    ("Jane Doe gave testimony before the House Judiciary Committee in 2009.", "House Judiciary Committee", 2009),
])
def test_testimony_phrasings(text, body, year):
    facts = run(text)
    [testimony] = facts.testimonies
    assert (testimony.witness, facts.entity(testimony.body).name, testimony.year) == ("jane-doe", body, year)


@pytest.mark.parametrize("text", [
    # only testimony given is a fact: announced, refused or negated testimony is not
    "Jane Doe will testify before the Senate Armed Services Committee next week.",
    "Jane Doe refused to testify before the Senate Armed Services Committee.",
    "Jane Doe was scheduled to testify before the Senate Armed Services Committee.",
    "Jane Doe did not testify before the Senate Armed Services Committee.",
    "Senator Jane Doe chaired a hearing of the Senate Armed Services Committee.",  # the chair is no witness
])
def test_not_testimonies(text):
    assert run(text).testimonies == []


def test_testimony_heading_with_a_statement_line():
    facts = run("United States Government Accountability Office Testimony before the Subcommittee on Oversight "
                "and Management Efficiency, Committee on Homeland Security, House of Representatives For "
                "Release on Delivery Expected at 2:00 p.m. ET Wednesday, April 22, 2015 Statement of Michele "
                "Mackin, Director. Each year, the department invests billions of dollars in its programs.")
    [testimony] = facts.testimonies
    assert testimony.witness == "michele-mackin" and testimony.year == 2015
    assert facts.entity(testimony.body).name.startswith("Subcommittee on Oversight and Management Efficiency")
    assert "United States Government Accountability Office" in [e.name for e in facts.entities]


def test_witness_list_testified_before_the_committee_named_nearby():
    facts = run("Senate Finance Committee Holds Hearing on Pensions\n\nWitnesses included Rep. Jane Doe, "
                "Professor Maria Lopez, and Captain John Roe.\n\nToday the Senate Finance Committee heard from "
                "three witnesses on pension reform.")
    witnesses = sorted(t.witness for t in facts.testimonies)
    assert witnesses == ["jane-doe", "john-roe", "maria-lopez"]
    assert {facts.entity(t.body).name for t in facts.testimonies} == {"Senate Finance Committee"}


def test_hearing_summary_lists_witnesses_but_not_members():
    facts = run("Water Safety --- Hearing Before the House Committee on Energy and Commerce -- Subcommittee on "
                "Health -- May 3, 2001\n\nMembers Present\n\nRepresentatives Tom Ames (R-FL), Chairman; Ann "
                "Bell (D-OH); and Carl Dunn (R-TX).\n\nJane Doe, President, Clean Water Alliance; John Roe, "
                "Director, Rivers Council; Maria Lopez, mother of a child with asthma.\n")
    assert sorted(t.witness for t in facts.testimonies) == ["jane-doe", "john-roe", "maria-lopez"]
    assert {t.year for t in facts.testimonies} == {2001}


@pytest.mark.parametrize("text", [
    "Our thoughts are with his wife Diane and their family. Robert Hale died on Monday.",
    "Robert Hale died on Monday. Our thoughts are with his wife Diane and their family.",
])
def test_wife_named_by_first_name_only(text):
    facts = run(text)
    if text.startswith("Our"):
        assert facts.marriages == []  # "his" has no antecedent yet
    else:
        [marriage] = facts.marriages
        assert {facts.entity(p).name for p in marriage.partners} == {"Robert Hale", "Diane"}


def test_married_to_line_in_a_fact_sheet():
    facts = run("Robert Hale was born in Ohio.\nMARITAL STATUS: Married to the former Linda Joan Shimer of Ohio.")
    [marriage] = facts.marriages
    assert {facts.entity(p).name for p in marriage.partners} == {"Robert Hale", "Linda Joan Shimer"}


@pytest.mark.parametrize(("text", "organization"), [
    ("· Maria Lopez, Journalist and Blogger, Founder of Voces Libres blog (Cuba);", "Voces Libres"),
    ("· Maria Lopez, Founder and Chief Executive Officer, Sindh Rural Support Organization, (Pakistan).",
     "Sindh Rural Support Organization"),
])
def test_founder_in_a_list_entry(text, organization):
    facts = run(text)
    [founding] = facts.foundings
    assert facts.entity(founding.organization).name == organization and founding.founders == ["maria-lopez"]


@pytest.mark.parametrize(("text", "office"), [
    ("The U.S. Attorney's Office for the Western District of Ohio announced the verdict on Friday.",
     "U.S. Attorney's Office for the Western District of Ohio"),
    ("For Immediate Release\nU.S. Attorney's Office, Southern District of Texas\n\nA man was sentenced today.",
     "U.S. Attorney's Office, Southern District of Texas"),
])
def test_us_attorneys_office_with_its_district(text, office):
    facts = run(text)
    assert [e.name for e in facts.entities if e.type != "Person"] == [office]


def test_attorney_for_a_district_is_a_title_not_an_office():
    facts = run("Jane Doe, United States Attorney for the Western District of Ohio, announced the verdict.")
    assert [e.name for e in facts.entities if e.type != "Person"] == []


def test_district_acting_is_the_office():
    facts = run("U.S. Attorney's Office\n\nThe Eastern District of Ohio collected $5 million in fines this year, "
                "the U.S. Attorney's Office said.")
    [office] = [e for e in facts.entities if e.type != "Person"]
    assert office.name == "Eastern District of Ohio" and "U.S. Attorney's Office" in office.aliases


# --- organization precision -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The President awarded the Presidential Medal of Freedom to Jane Doe on Monday.",
    "The Secretary of State presented the International Women of Courage Award in March.",
    "Events for International Women's Day were held in Washington.",
    "The Human Space Program ended in 2011, and the Clean Air Act was amended in 1990.",
])
def test_awards_days_programmes_and_laws_are_not_organizations(text):
    assert [e.name for e in run(text).entities if e.type != "Person"] == []


def test_role_words_are_cut_from_a_body_name():
    facts = run("Federal Bureau of Investigation Special Agent Jane Doe led the case with the NASA Astronaut "
                "Office.")
    assert sorted(e.name for e in facts.entities if e.type != "Person") == [
        "Federal Bureau of Investigation", "NASA Astronaut Office"]


def test_bare_committee_is_the_committee_named_before():
    facts = run("The Senate Judiciary Committee met on Monday. Jane Doe testified before the Committee for two "
                "hours.")
    [committee] = [e for e in facts.entities if e.type != "Person"]
    assert committee.name == "Senate Judiciary Committee" and "Committee" in committee.aliases


def test_honorable_is_a_person_title():
    facts = run("Testimony was given by the Honorable Joyce Lane, United States House of Representatives.")
    assert names(facts) == ["Joyce Lane"]


def test_hard_wrapped_prose_is_read_as_sentences():
    facts = run("Mary Lane became one of the most important educators of her time in the state. She\n"
                "was determined to teach, and her dedication to education led her to found the Harbor\n"
                "Trust in 1904, which later became a college.\n")
    [founding] = facts.foundings
    assert facts.entity(founding.organization).name == "Harbor Trust"
    assert (founding.founders, founding.year) == (["mary-lane"], 1904)


def test_fact_sheet_fields_are_not_headlines():
    facts = run("NAME: Robert D. Hale (Colonel, USMC)\n\nBIRTHPLACE: Born 1949 in Ohio. His parents, Mr. and Mrs. "
                "Theodore J. Hale, live in Ohio.\n\nMARITAL STATUS: Married to the former Linda Joan Shimer of "
                "Cortland, New\nYork. Her mother lives in Ohio.\n")
    [marriage] = facts.marriages
    assert {facts.entity(p).name for p in marriage.partners} == {"Robert D. Hale", "Linda Joan Shimer"}


def test_after_marrying():
    facts = run("In 1972, after marrying the late Rev. Tom Hale, Linda Hale moved to Denton.")
    [marriage] = facts.marriages
    assert set(marriage.partners) == {"linda-hale", "tom-hale"}


# --- statistics: whom a figure is about -------------------------------------------------------------------------

def test_figure_without_an_agent_is_about_the_body_reported_on():
    facts = run("The Harbor Trust collected $21 million in fiscal year 2014, the Harbor Trust said. Of this amount, "
                "$8 million was collected in criminal actions. The Acme Company paid a fine.")
    figures = {s.value: s.about for s in facts.statistics}
    assert figures[21_000_000] == "harbor-trust" and figures[8_000_000] == "harbor-trust"


def test_figure_with_an_agent_keeps_it():
    facts = run("The Harbor Trust said it was pleased. The Acme Company paid $2 million in penalties. The Harbor "
                "Trust will spend the money.")
    [figure] = facts.statistics
    assert figure.about == "acme-company"


def test_figure_said_to_hold_today_takes_the_reporting_year():
    facts = run("WASHINGTON, June 2010 - Begun as a small laboratory in 1887, the Harbor Institute today is "
                "comprised of 27 different centers.")
    [figure] = facts.statistics
    assert (figure.value, figure.year) == (27, 2010)


# --- persons --------------------------------------------------------------------------------------------------

def test_generational_suffix_is_part_of_the_name():
    facts = run("U.S. Attorney James P. Kennedy, Jr. announced the sentence today. Kennedy thanked the agents.")
    assert names(facts) == ["James P. Kennedy, Jr."]


def test_one_word_titles_and_common_nouns_are_not_people():
    facts = run("Mr. Speaker, I rise today to honor Jane Doe. (Laughter.) She walked on the Moon, and Moon rocks "
                "were shown.")
    assert names(facts) == ["Jane Doe"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Testimony before the Subcommittee on Health, Committee on Energy and Commerce, was heard in May.",
     ["Committee on Energy and Commerce", "Subcommittee on Health"]),
    ("Maria Lopez, Professor of History, University of Virginia, spoke first.", ["University of Virginia"]),
])
def test_a_list_of_bodies_is_split(text, expected):
    assert sorted(e.name for e in run(text).entities if e.type != "Person") == expected


def test_state_codes_titles_and_surnames_are_not_organizations():
    facts = run("Dr. Tom Baker, a native of Tallahassee, FL, joined Acme Labs as President & CEO. Beth Phillips "
                "praised him. \u201cHe was a great leader,\u201d said Phillips.")
    assert [e.name for e in facts.entities if e.type != "Person"] == ["Acme Labs"]
    assert facts.quotes[0].speaker == "beth-phillips"


# --- quotes ---------------------------------------------------------------------------------------------------

def test_said_a_body_title_then_the_person():
    facts = run("\u201cFraud erodes investor confidence in our markets,\u201d said FBI Special Agent in Charge "
                "Robert K. Tripp.")
    [quote] = facts.quotes
    assert quote.speaker == "robert-k-tripp"


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "-"])
def test_byline_after_the_quote(dash):
    facts = run(f"Key quotes:\n\n\u201cThe confirmation will send a message to every young woman.\u201d {dash} Rep. "
                "Joyce Lane\n")
    [quote] = facts.quotes
    assert quote.speaker == "joyce-lane"


@pytest.mark.parametrize("text", [
    "A third law, 18 U.S.C. 1622, punishes subornation of perjury.",  # a citation's section
    "S. Res. 310 was referred to the Committee on the Judiciary.",  # a resolution's number
    "The plan is critical to the strategy in the region. 1 Since fiscal year 2002, the agency has grown.",  # a note
])
def test_citations_and_note_markers_are_not_statistics(text):
    assert run(text).statistics == []


def test_year_of_a_conjoined_founding_is_its_own():
    facts = run("Elon Musk co-founded PayPal and later founded SpaceX in 2002.")
    years = {facts.entity(f.organization).name: f.year for f in facts.foundings}
    assert years == {"PayPal": None, "SpaceX": 2002}


def test_appearing_before_a_committee():
    facts = run("Appearing before the House Financial Services Committee on Wednesday, Jane Doe defended the bank.")
    [testimony] = facts.testimonies
    assert testimony.witness == "jane-doe" and facts.entity(testimony.body).name == (
        "House Financial Services Committee")


def test_spouse_named_after_the_noun_is_a_person_whatever_the_tagger_says():
    facts = run("Robert Hale and his then-wife Melinda French Hale announced their divorce in 2021.")
    [marriage] = facts.marriages
    assert {facts.entity(p).name for p in marriage.partners} == {"Robert Hale", "Melinda French Hale"}
    assert marriage.former is True


def test_set_up_and_the_foundations_founder():
    facts = run("Jane Doe set up the Bright Futures Foundation in 2010.")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == (
        "bright-futures-foundation", ["jane-doe"], 2010)
    facts = run("The Bright Futures Foundation helps orphans. The foundation's founder, Jane Doe, said the program "
                "would grow.")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders) == ("bright-futures-foundation", ["jane-doe"])


def test_founded_body_named_by_a_long_proper_phrase():
    facts = run("Her dedication to education led Mary Lane to found the Daytona Educational and Industrial School "
                "for Negro Women in 1904. In 1924 she was elected president of the Harbor Association, and later "
                "she founded the Council of Women Voters.")
    years = {facts.entity(f.organization).name: f.year for f in facts.foundings}
    assert years == {"Daytona Educational and Industrial School for Negro Women": 1904,
                     "Council of Women Voters": None}


def test_figures_in_a_row_share_their_subject_and_the_office_is_the_office():
    facts = run("The Harbor Office of Audits reviewed the state budget, the Department of Finance said. The office "
                "found $21 million in errors. Of this amount, $8 million was in payroll.\n\nThe Department of "
                "Finance thanked the auditors, and the Department of Finance will respond.")
    figures = {s.value: s.about for s in facts.statistics}
    assert figures == {21_000_000: "harbor-office-of-audits", 8_000_000: "harbor-office-of-audits"}


def test_plural_body_words_end_organizations_not_people():
    facts = run("Robert Hale built Hale Products into a giant, and he supported the Girl Scouts for decades.")
    assert names(facts) == ["Robert Hale"]
    assert "Hale Products" in [e.name for e in facts.entities if e.type != "Person"]


def test_dash_heading_names_two_bodies():
    facts = run("Clean Water --- Hearing Before the House Committee on Energy and Commerce -- Subcommittee on "
                "Health -- June 27, 2001\n\nThe hearing was long.\n")
    assert sorted(e.name for e in facts.entities if e.type != "Person") == [
        "House Committee on Energy and Commerce", "Subcommittee on Health"]


def test_news_lead_founder_relative_clause_subcommittee_and_dateline():
    facts = run("WASHINGTON (AP) \u2014 Sam Altman, the chief executive of OpenAI, told a Senate Judiciary "
                "subcommittee on Tuesday that the government should license AI systems.\n\nAltman, who "
                "co-founded OpenAI in 2015 with Elon Musk and others, spoke for an hour.\n")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == (
        "openai", ["sam-altman", "elon-musk"], 2015)
    [testimony] = facts.testimonies
    assert facts.entity(testimony.body).name == "Senate Judiciary subcommittee"
    assert "WASHINGTON" not in [e.name for e in facts.entities]


def test_obituary_spouses_and_a_pronoun_that_skips_the_husband():
    facts = run("Maria Gonzalez died on Sunday. Gonzalez is survived by her husband of 55 years, Roberto, and "
                "three children. Her first husband, Luis Ortega, died in 1965.\n\nIn 1994, she testified before "
                "the California State Assembly about domestic violence.")
    marriages = {frozenset(m.partners): m.former for m in facts.marriages}
    assert marriages == {frozenset({"maria-gonzalez", "roberto"}): False,
                         frozenset({"maria-gonzalez", "luis-ortega"}): True}
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.year) == ("maria-gonzalez", 1994)


def test_mrs_marks_a_woman_for_her_pronoun():
    facts = run("Mrs. Ann Lee and Mr. Tom Baker spoke first. Then she testified before the House Ways and Means "
                "Committee in 2003.")
    [testimony] = facts.testimonies
    assert testimony.witness == "ann-lee"


@pytest.mark.parametrize("text", [
    "Jane Doe, who founded the Harbor Trust, dies at 81\n\nJane Doe died on Sunday.",
    "Jane Doe died on Sunday in Ohio. She was 81.",
])
def test_ages_are_not_statistics(text):
    assert run(text).statistics == []


def test_husband_and_wife_headline_names_the_couple_in_the_lead():
    facts = run("Husband And Wife Plead Guilty In Grant Fraud Scheme\n\nBOSTON - Prosecutors said today that Tom "
                "\u201cTommy\u201d Reyes, 46, and Maria Reyes, 45, pleaded guilty to wire fraud.\n")
    [marriage] = facts.marriages
    # named without the nickname, which stays an alias (tests/news/ANNOTATION.md)
    assert {facts.entity(p).name for p in marriage.partners} == {"Tom Reyes", "Maria Reyes"}
    assert "Tom \u201cTommy\u201d Reyes" in facts.entity(marriage.partners[0]).aliases + facts.entity(
        marriage.partners[1]).aliases
    facts = run("Two Executives Plead Guilty In Grant Fraud Scheme\n\nBOSTON - Prosecutors said today that Tom "
                "Reyes, 46, and Ana Diaz, 45, pleaded guilty to wire fraud.\n")
    assert facts.marriages == []


def test_person_in_a_header_line_kept_when_the_text_uses_the_surname():
    facts = run("REMEMBERING DR. JANE ROE\nHON. STENY H. BAKER\nOF MARYLAND\nIN THE HOUSE OF REPRESENTATIVES\n\n"
                "Mr. BAKER. Mr. Speaker, I rise today to remember Jane Roe, a teacher.\n")
    assert "STENY H. BAKER" in names(facts)


def test_year_of_another_clause_does_not_date_the_figure():
    facts = run("The agency reviewed 22 programs in its April 2015 report. Leaders approved the plans after the "
                "agency revised its policy in November 2008, but reviewers could not assess six programs.")
    years = {s.value: s.year for s in facts.statistics}
    assert years == {22: 2015, 6: 2015}


def test_bare_role_after_a_name_in_a_list_marks_a_person():
    facts = run("Honorees:\n\u00b7 Henriette Ekwe Ebongo, journalist and publisher of Bebela (Cameroon);\n")
    assert "Henriette Ekwe Ebongo" in names(facts)


@pytest.mark.parametrize("noun", ["group", "nonprofit", "charity", "organization"])
def test_the_group_is_not_a_state_body_named_in_between(noun):
    facts = run("Jane Smith founded the Clean Water Alliance in 2009. She testified before the House Energy and "
                f"Commerce Committee on Tuesday. The {noun} has provided clean water to more than 2 million people.")
    [figure] = [s for s in facts.statistics if s.value == 2_000_000]
    assert facts.entity(figure.about).name == "Clean Water Alliance"


# --- an organization described by an appositive, and founded in it ------------------------------------------

@pytest.mark.parametrize(("text", "founders", "year"), [
    (("Polaris, the anti-trafficking nonprofit founded in 2002 by Brown University students Katherine Chon and "
     "Derek Ellerman, says its hotline has grown."), ["katherine-chon", "derek-ellerman"], 2002),
    ("Polaris, which Katherine Chon and Derek Ellerman founded in 2002, says its hotline has grown.",
     ["katherine-chon", "derek-ellerman"], 2002),
    ("Polaris, co-founded by Katherine Chon in 2002, runs a hotline.", ["katherine-chon"], 2002),
    ("Polaris, a charity that Katherine Chon and Derek Ellerman started in 2002, runs a hotline.",
     ["katherine-chon", "derek-ellerman"], 2002),
    (("Polaris, a hunger-relief charity started in 1998 by retired teachers Jane Doe and Tom Baker, said on Monday "
     "that demand grew."), ["jane-doe", "tom-baker"], 1998),
    (("Polaris, an advocacy organization that was founded in 2005 by Jane Doe and Tom Baker, said on Monday that "
     "demand grew."), ["jane-doe", "tom-baker"], 2005),
])
def test_founding_of_a_body_named_by_an_appositive(text, founders, year):
    facts = run(text)
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == ("polaris", founders, year)
    assert facts.entity("polaris").type == "Organization"


@pytest.mark.parametrize("text", [
    "Kelsey, the charity based in Ohio, said demand grew.",
    "Polaris, the nonprofit, said demand grew.",
    "Lantern, a small software company in Ohio, was sold on Monday.",
])
def test_a_name_with_an_organization_noun_in_apposition_is_an_organization(text):
    facts = run(text)
    [entity] = facts.entities
    assert entity.type == "Organization"


def test_an_appositive_after_another_phrase_does_not_type_the_person():
    facts = run("Among the winners is Suraya Pakzad, founder of Voice of Women, a non-governmental organization "
                "based in Herat.")
    assert names(facts) == ["Suraya Pakzad"]


# --- a bare surname spaCy did not tag ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "surname"), [
    (("Katherine Chon and Derek Ellerman founded the group. Chon, who later served in the Department of Health "
     "and Human Services, told the Senate Foreign Relations Committee that the problem was growing."), "Chon"),
    ("Priya Raman and Omar Haddad spoke on Monday. Raman, who later moved to Ohio, wrote a book.", "Raman"),
    ("Omar Haddad spoke on Monday. The mayor thanked Haddad for his work.", "Haddad"),
])
def test_a_bare_surname_is_a_mention_of_the_person_named_before(text, surname):
    facts = run(text)
    [person] = [e for e in facts.entities if surname in e.name.split()]
    assert surname in person.aliases and len(person.mentions) == 2


def test_a_surname_inside_another_name_is_not_a_mention():
    facts = run("Jane Brown spoke on Monday. Brown University students cheered, and the Brown Foundation paid.")
    [person] = [e for e in facts.entities if e.type == "Person"]
    assert person.name == "Jane Brown" and person.aliases == []


def test_the_witness_named_by_a_bare_surname():
    facts = run("Katherine Chon and Derek Ellerman founded the group. Chon, who later served in the Department of "
                "Health and Human Services, told the Senate Foreign Relations Committee in 2012 that the problem "
                "was growing.")
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.year) == ("katherine-chon", 2012)


# --- pronouns: the subject of the sentence before, not a name inside a clause or an object -------------------

@pytest.mark.parametrize("text", [
    ("Maria Lopez, who is married to Tom Baker, has spoken about the issue. In 2013, she testified before the "
     "House Judiciary Committee about her work."),
    ("Actress Maria Lopez, who is married to actor Tom Baker, has spoken about the issue. In 2013, she testified "
     "before the House Judiciary Committee."),
    ("Maria Lopez, a friend of Tom Baker, has spoken about the issue. In 2013, she testified before the House "
     "Judiciary Committee."),
    ("Maria Lopez met Tom Baker in Ohio. In 2013, she testified before the House Judiciary Committee."),
    "Maria Lopez said she testified before the House Judiciary Committee in 2013.",
])
def test_a_pronoun_witness_is_the_subject_before_it(text):
    [testimony] = run(text).testimonies
    assert testimony.witness == "maria-lopez"


@pytest.mark.parametrize("text", [
    ("Katherine Chon and Derek Ellerman founded Polaris in 2002. Chon, who later served in the government, told "
     "reporters that the problem was growing. \u201cWe cannot arrest our way out of this,\u201d she said."),
    ("The group's director, Maria Lopez, met Tom Baker on Monday. \u201cWe need more money for the shelters,\u201d "
     "she said."),
    ("Maria Lopez, joined by Tom Baker and Omar Haddad, spoke to reporters on Monday. \u201cThe shelters are full "
     "every night,\u201d she said."),
])
def test_a_pronoun_speaker_is_the_subject_before_it(text):
    [quote] = run(text).quotes
    assert quote.speaker in ("katherine-chon", "maria-lopez")


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause():
    facts = run("Tom Baker joined Acme Labs in May. Beth Phillips praised him. \u201cHe was a great hire,\u201d "
                "she said.")
    [quote] = facts.quotes
    assert quote.speaker == "beth-phillips"


# --- statistics: whom a figure is about, what it measures, and when -----------------------------------------

_COMMITTEE_TWICE = "The Senate Finance Committee met on Monday, and the Senate Finance Committee heard witnesses. "
"""A body named more often than the one a figure is about, so the body the text reports on is not the answer."""


@pytest.mark.parametrize(("text", "about"), [
    (_COMMITTEE_TWICE + "Polaris, the nonprofit founded by Brown University students Jane Doe and Tom Baker, says "
     "its national hotline has identified more than 82,000 cases.", "polaris"),
    (_COMMITTEE_TWICE + "Lantern Labs, a company founded by Jane Doe, says its hotline has received more than 5,000 "
     "calls.", "lantern-labs"),
    (_COMMITTEE_TWICE + "Polaris, the nonprofit founded by Jane Doe, runs a hotline. Its hotline has received more "
     "than 5,000 calls.", "polaris"),
    (_COMMITTEE_TWICE + "Polaris, the nonprofit founded by Brown University students Jane Doe and Tom Baker, runs a "
     "hotline. The group's chief executive, Mary Lee, said that roughly 10,900 survivors contacted the hotline.",
     "polaris"),
    (_COMMITTEE_TWICE + "Polaris, a charity based in Ohio, runs a hotline. The charity said 4,000 people called it.",
     "polaris"),
    (_COMMITTEE_TWICE + "Bridgeway, the refugee resettlement agency co-founded by Amira Haddad in 2004, has helped "
     "more than 60,000 refugees find homes.", "bridgeway"),
])
def test_a_figure_is_about_the_body_its_sentence_refers_to(text, about):
    [figure] = run(text).statistics
    assert figure.about == about


@pytest.mark.parametrize("text", [
    ("Polaris, a charity based in Ohio, runs a hotline. According to the International Labour Organization, an "
     "estimated 27.6 million people were in forced labor in 2021. Nearly 3.3 million of them were children, the "
     "agency reported."),
    ("Polaris, a charity based in Ohio, runs a hotline. The World Health Organization estimated that 12 million "
    "people were infected."),
    "Brown University students said that 12 million people were infected.",
    ("Harborlight, a charity based in Ohio, runs pantries. According to the U.S. Department of Agriculture, roughly "
     "44 million Americans lived in food-insecure households."),
])
def test_a_figure_is_not_about_its_source_or_a_modifier(text):
    facts = run(text)
    assert facts.statistics and [s.about for s in facts.statistics] == [None] * len(facts.statistics)


@pytest.mark.parametrize(("text", "measure"), [
    ("The survey counted 27.6 million people. Nearly 3.3 million of them were children.", "children"),
    ("The agency reviewed 120 programs. About 40 of those were small grants.", "small grants"),
    ("The agency reviewed 120 programs. Two of them were cancelled, and 15 of these were delayed.", "figure"),
    ("The agency reviewed 120 programs. About 70 percent of them used firearms, the agency said.", "percent"),
])
def test_a_figure_never_measures_a_pronoun(text, measure):
    facts = run(text)
    last = facts.statistics[-1]
    assert last.measure == measure


@pytest.mark.parametrize(("text", "year"), [
    (("In 2012, the group moved to Ohio. Its hotline has identified more than 82,000 cases of trafficking since "
     "2007."), None),
    ("The hotline has identified more than 82,000 cases since 2007. The group moved to Ohio in 2012.", None),
    ("In 2012, the group moved to Ohio. Roughly 10,900 survivors contacted the hotline last year, the group said.",
     None),
    ("In 2012, the group moved to Ohio. Calls rose about 20 percent from 2020, the group said.", None),
    ("March 3, 2021\n\nThe hotline received more than 5,000 calls, the group said.", 2021),
    ("The hotline received more than 5,000 calls in 2019, the group said.", 2019),
    ("The group has helped more than 60,000 refugees since its founding. Its director testified in 2016.", None),
    ("The group has helped more than 60,000 refugees. Its director testified in 2016.", None),
])
def test_a_year_of_another_sentence_or_a_start_of_a_period_does_not_date_a_figure(text, year):
    [figure] = run(text).statistics
    assert figure.year == year


def test_the_agency_is_the_body_last_described_as_one():
    facts = run("Bridgeway, the refugee resettlement agency co-founded by Amira Haddad in 2004, opened a shelter. "
                "Haddad testified before the Senate Judiciary Committee in 2016. The agency's director, Omar Saleh, "
                "said that 3,200 families arrived in 2023.")
    [figure] = facts.statistics
    assert (figure.about, figure.year) == ("bridgeway", 2023)


def test_a_figure_without_an_agent_is_about_no_one_when_no_body_stands_out():
    facts = run("The Senate Finance Committee met with Acme Labs on Monday. More than 5,000 people attended.")
    [figure] = facts.statistics
    assert figure.about is None
    facts = run("Acme Labs met the Senate Finance Committee on Monday. Acme Labs makes sensors. More than 5,000 "
                "people attended.")
    [figure] = facts.statistics
    assert figure.about == "acme-labs"


def test_a_surname_tagged_as_a_product_or_a_body_is_the_person():
    facts = run("Stars and Stripes Alliance, which Army veterans Carlos Mendes and Rebecca Stone founded in 2009, "
                "runs a crisis line.\n\nMendes, a former Marine sergeant, spoke before the Senate Veterans' Affairs "
                "Committee in 2017. \u201cWe lose too many of our own,\u201d he said.\n\nStone, who is married to "
                "retired general Mark Ellison, now leads the group.")
    [testimony] = facts.testimonies
    assert (testimony.witness, testimony.year) == ("carlos-mendes", 2017)
    [quote] = facts.quotes
    assert quote.speaker == "carlos-mendes"
    assert {"Mendes", "Stone"} <= {a for e in facts.entities for a in e.aliases}


def test_an_adjective_organization_noun_in_a_misparsed_appositive():
    facts = run("BOSTON \u2014 ReadUp, a literacy nonprofit co-founded in 2011 by former librarian Grace Whitfield and "
                "software engineer Martin Cole, said Wednesday that its tutors worked with more than 18,000 students.")
    [founding] = facts.foundings
    assert (founding.organization, founding.founders, founding.year) == (
        "readup", ["grace-whitfield", "martin-cole"], 2011)
    [figure] = facts.statistics
    assert figure.about == "readup"


# --- quotes inside reported speech, and the event a quote was said at -------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    (("Katherine Chon told the Senate Foreign Relations Committee in 2012 that the problem was \u201chiding in plain "
     "sight.\u201d"), "katherine-chon"),
    ("Maria Lopez said the program \u201csaves lives every single day.\u201d", "maria-lopez"),
    ("Maria Lopez spoke on Monday. She told reporters that reading was \u201cthe first civil right of every child.\u201d",
     "maria-lopez"),
])
def test_a_quote_inside_reported_speech_is_the_speakers(text, speaker):
    [quote] = run(text).quotes
    assert quote.speaker == speaker


def test_a_quote_inside_a_testimony_sentence_is_set_at_the_testimony():
    facts = run("Katherine Chon told the Senate Foreign Relations Committee in 2012 that the problem was \u201chiding "
                "in plain sight.\u201d")
    [quote] = facts.quotes
    [testimony] = facts.testimonies
    assert quote.setting == testimony.id


def test_a_quote_after_an_interview_sentence_is_set_at_the_interview():
    facts = run("Maria Lopez said in an interview with CNN that calls rose last year. \u201cEvery call is a person "
                "asking for a way out,\u201d Lopez said.")
    [quote] = facts.quotes
    assert (quote.speaker, quote.setting) == ("maria-lopez", "interview-maria-lopez-cnn")


@pytest.mark.parametrize(("text", "year"), [
    (("Acme Labs makes sensors.\n\nJane Doe testified before the House Judiciary Committee in 2019.\n\nMore than 10 "
     "million adults are abused each year, the agency estimates."), None),
    (("WASHINGTON \u2014 In fiscal year 2010, the Harbor Office collected $5 million in fines and penalties from "
     "polluters.\n\nThe Harbor Office also seized 40 boats from fishing fleets."), 2010),
    (("The Harbor Office reported its results on Monday.\n\nIn fiscal year 2010, the office collected $5 million.\n\n"
     "The Harbor Office also seized 40 boats."), 2010),
])
def test_a_year_of_an_event_in_another_paragraph_does_not_date_a_figure(text, year):
    facts = run(text)
    assert facts.statistics[-1].year == year


@pytest.mark.parametrize("text", [
    ("CodeBridge, a nonprofit that teaches programming, received a grant from the Hewlett Foundation, the group "
     "announced Monday. The organization was co-founded in 2014 by Priya Natarajan and Marcus Webb."),
    ("CodeBridge, a nonprofit that teaches programming, received a grant from the Hewlett Foundation. The nonprofit "
     "was founded in 2014 by Priya Natarajan and Marcus Webb."),
])
def test_a_founding_of_the_organization_named_before(text):
    [founding] = run(text).foundings
    assert (founding.organization, founding.founders, founding.year) == (
        "codebridge", ["priya-natarajan", "marcus-webb"], 2014)


def test_the_wire_service_of_a_dateline_is_no_organization():
    facts = run("ATLANTA (AP) \u2014 The charity now houses about 3,000 women a night, Denise Carter said.")
    assert [e.name for e in facts.entities if e.type != "Person"] == []
    [figure] = facts.statistics
    assert figure.about is None


def test_a_line_that_ends_a_sentence_ends_a_paragraph_for_years():
    facts = run("Jane Doe spoke about her work with the Harbor Trust on a warm evening in the city of Boston.\n"
                "In 2012, Jane Doe and Tom Baker co-founded the Harbor Trust in a small office in Ohio.\n"
                "The Harbor Trust has helped identify thousands of child victims and assisted in many cases.\n")
    [figure] = facts.statistics
    assert figure.year is None


@pytest.mark.parametrize("text", [
    ("Maria Lopez founded the Harbor Trust in 2001. She later married Tom Baker. In 2013, she testified before the "
     "House Judiciary Committee."),
    ("Maria Lopez founded the Harbor Trust in 2001. She later hired Tom Baker as director. In 2013, she testified "
     "before the House Judiciary Committee."),
])
def test_a_pronoun_subject_carries_its_antecedent_on(text):
    [testimony] = run(text).testimonies
    assert testimony.witness == "maria-lopez"
