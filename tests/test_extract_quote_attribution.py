"""Who said a quotation, on the constructions news uses: each case a short invented text and the exact
(speaker, words) pairs a careful reader records, negatives included."""

import pytest

from kg.documents import document_from_text
from kg.facts import check_spans

from .helpers import require_module

require_module("spacy", "extract")

from kg.extract import extract


def quotes_of(text: str) -> list[tuple[str | None, str]]:
    document = document_from_text("sample.txt", text)
    facts = extract(document)
    check_spans(facts, document.text)
    names = {e.id: e.name for e in facts.entities}
    return sorted(((names[q.speaker] if q.speaker else None), q.text) for q in facts.quotes)


@pytest.mark.parametrize(("text", "expected"), [
    # a partial quote takes the subject of the reporting verb that holds it
    ('Dana Whitfield said the regulators had been "asleep at the wheel" for years.',
     [("Dana Whitfield", "asleep at the wheel")]),
    # ... not a verb later in the sentence
    (('In written testimony, Rosa Linden said the agency had been "overwhelmed by the backlog" and had asked the '
     'Treasury Department for more staff.'),
     [("Rosa Linden", "overwhelmed by the backlog")]),
    # ... nor what the sentence goes on to say with its comma
    (('Senator Ada Brennan asked whether wages alone would help. Tomas Rivera said pay was "the first answer, not '
     'the only one," and urged Congress to fund training.'),
     [("Tomas Rivera", "the first answer, not the only one")]),
    # the subject of a verb conjoined with the one that holds the quote
    (('The chairman, Rep. Arthur Penn, said he backed the plan but warned that the budget would face "hard choices '
     'on every line" next year.'),
     [("Arthur Penn", "hard choices on every line")]),
    # a naming verb holds a quote too
    ('Calvin Morrow, who sponsored the bill, called it "the least we owe these families."',
     [("Calvin Morrow", "the least we owe these families.")]),
    # a cue set off by commas inside the sentence
    (('Martin Okafor testified on Tuesday. Rural families, he added, were "paying for the gap with gasoline and '
     'luck."'), [("Martin Okafor", "paying for the gap with gasoline and luck.")]),
    # a cue the parse gave no subject, after the speaker's age
    (("Giving evidence at Norwich Crown Court, Maureen Castell-Hope, 67, said she had been “frightened and "
     "ashamed” after the firm collapsed."), [("Maureen Castell-Hope", "frightened and ashamed")]),
    # a description in the lead stands for the person the next paragraph names
    (("LONDON — The chief executive of the company that maintains 50 prisons told MPs on Wednesday that its "
     "contract had been “set up to fail” from the start.\n\nGareth Pryce-Morgan, who has run the firm since 2019, "
     "said the ministry changed the terms."), [("Gareth Pryce-Morgan", "set up to fail")]),
    # a cue whose subject is no person gives way to the one above it
    ("Helene Marsh testified that her inspection report described the cracking as “serious and progressing.”",
     [("Helene Marsh", "serious and progressing.")]),
    # verbs of blame and apology hold the speaker's words too
    ('Rep. Dana Koller accused the firm of "billing the taxpayer for work nobody did."',
     [("Dana Koller", "billing the taxpayer for work nobody did.")]),
    ('Owen Larkin did not give evidence. In a letter read to the court, he apologised "to every family I let down".',
     [("Owen Larkin", "to every family I let down")]),
    # a name the parse made the root of the sentence, its verb hung on it after a relative clause
    (('Fire chief Ada Brandt testified on Monday. Brandt, whose crew has 14 volunteers and one engine, described '
      'arriving to find a tanker on its side and a cloud "the color of dishwater" over the road.'),
     [("Ada Brandt", "the color of dishwater")]),
    # a cue parsed into the clause of a place: the speaker is the subject of the cue above it
    (('Mina Sato testified on the same panel. She told the committee that Canada imports most of its insulin and '
      'said a proposed reserve was "a start, but a thin one."'), [("Mina Sato", "a start, but a thin one.")]),
    # a lead's protagonist introduced by a description, named at the start of the next sentence
    (('WASHINGTON — A school bus driver from Tulsa who has driven the same route for 20 years told a Senate '
      'committee on Tuesday that the new rules were "written by people who have never cleared a windshield."\n\n'
      'Loretta Vance, 58, testified before the Senate Commerce Committee.'),
     [("Loretta Vance", "written by people who have never cleared a windshield.")]),
    # a definite description in a lead that names no one before it
    (('The co-owner of a two-person firm that won $9 million in contracts told MPs on Monday he had done "nothing '
      'the ministry did not ask for."\n\nPeter Walsh said the firm hired subcontractors.'),
     [("Peter Walsh", "nothing the ministry did not ask for.")]),
])
def test_partial_quotes_take_the_subject_of_their_reporting_verb(text, expected):
    assert quotes_of(text) == expected


def test_a_quote_running_over_paragraphs_is_said_by_whoever_ends_it():
    text = ("“Did anyone ever come to repair the doors?” Mara Quint asked.\n\n"
            "“Nobody came. Somebody ticked a box in an office and that was the end of it.\n\n"
            "“I walked those corridors every day,” Helen Ostrova said.")
    assert quotes_of(text) == [
        ("Helen Ostrova", "I walked those corridors every day"),
        ("Helen Ostrova", "Nobody came. Somebody ticked a box in an office and that was the end of it."),
        ("Mara Quint", "Did anyone ever come to repair the doors?"),
    ]


def test_an_opening_quote_is_said_by_the_person_the_next_paragraph_names():
    text = ("Families Wait Years for School Places, Charity Founder Tells MPs\n\n"
            "“My son waited three years for a place at a school that could teach him.”\n\n"
            "That was how Ruth Adebayo began her evidence to the Education Committee on Wednesday.")
    assert quotes_of(text) == [
        ("Ruth Adebayo", "My son waited three years for a place at a school that could teach him.")]


@pytest.mark.parametrize("text", [
    ("After the hearing, Senators Harold Quayle and Maria Ostend said in a joint statement, “Consent cannot be a "
    "checkbox in the fine print.”"),
    "“Consent cannot be a checkbox in the fine print,” Harold Quayle and Maria Ostend said in a joint statement.",
])
def test_joint_speakers_give_one_quote_each(text):
    words = "Consent cannot be a checkbox in the fine print" + ("." if text.startswith("After") else "")
    assert quotes_of(text) == [("Harold Quayle", words), ("Maria Ostend", words)]


def test_joint_speakers_of_a_partial_quote():
    text = ('Sens. Harold Finch and Maribel Ocasio, who wrote the bill, said in a joint statement that "voluntary '
            'fixes from one company are welcome, but they are not a law."')
    words = "voluntary fixes from one company are welcome, but they are not a law."
    assert quotes_of(text) == [("Harold Finch", words), ("Maribel Ocasio", words)]


def test_a_statement_introduced_by_two_people_is_said_by_both():
    text = ("Rep. Joan Mercer and Rep. Victor Lang released the following statement:\n\n"
            "“The families of this town deserve answers about the spill and its cleanup.”")
    words = "The families of this town deserve answers about the spill and its cleanup."
    assert quotes_of(text) == [("Joan Mercer", words), ("Victor Lang", words)]


@pytest.mark.parametrize("text", [
    ("Paula Grant testified on Monday. “We will keep working with the committee as it writes rules,” a Lumora "
    "spokesman said later."),
    ("Paula Grant testified on Monday. “We will keep working with the committee as it writes rules,” the company "
    "said in a statement."),
    ("Paula Grant testified on Monday. “We will keep working with the committee as it writes rules,” a "
    "spokeswoman for the agency said."),
])
def test_an_unnamed_spokesperson_or_an_organization_leaves_the_quote_without_speaker(text):
    assert quotes_of(text) == [(None, "We will keep working with the committee as it writes rules")]


@pytest.mark.parametrize(("text", "expected"), [
    # an age standing for the person named before
    (('One of them, Helen Ruiz, testified that she paid a roofer $9,000. “He had a clipboard and a nice truck,” '
      'the 68-year-old said.'), [("Helen Ruiz", "He had a clipboard and a nice truck")]),
    # ... but a child the speaker tells of inside a quote is no speaker
    (('Helen Ruiz testified on Monday. “My 8-year-old said we should move out before winter comes,” Ruiz told '
      'the committee.'), [("Helen Ruiz", "My 8-year-old said we should move out before winter comes")]),
    # a bare indefinite description with no name after it leaves the quote without a speaker
    (('Helen Ruiz testified on Monday.\n\n“Nobody warned us about the water,” a resident said.\n\nThe committee '
      'adjourned.'), [(None, "Nobody warned us about the water")]),
    # an indefinite description of a passer-by names no one when the next sentence opens with someone else's words
    (('A lawyer for the company told the court that the claims were "without merit." The judge adjourned the case '
      'until March.'), [(None, "without merit.")]),
    # a document is no speaker, however it ends
    (('Helen Ruiz testified on Monday.\n\nA letter from the council said the repairs were "not a priority this '
      'year." Dean Holt, the council leader, declined to comment.'), [(None, "not a priority this year.")]),
    # a description whose modifier is a place, not a body it speaks for
    (('Rep. Dana Koller, the subcommittee\'s ranking Democrat, was unimpressed. "Next spring is two fraud seasons '
      'away," the Michigan lawmaker said.'), [("Dana Koller", "Next spring is two fraud seasons away")]),
    # ... while a body's spokesman stays unnamed
    (('Rep. Dana Koller questioned the bank. "Next spring is two fraud seasons away," the Lakeshore Bank spokesman '
      'said.'), [(None, "Next spring is two fraud seasons away")]),
    # a titled first name after the full name
    (("The committee's chair, Dame Harriet Coyle, said the accounts were hard to reconcile. “Somebody in this room "
      "is looking at the wrong numbers,” Dame Harriet said."),
     [("Harriet Coyle", "Somebody in this room is looking at the wrong numbers")]),
    # a statement introduced with a colon by the verb it belongs to
    (('Marcus Oyelowo testified on Monday. He opened with a prepared statement: "I built this company to make '
      'savers safer, and I failed them."'),
     [("Marcus Oyelowo", "I built this company to make savers safer, and I failed them.")]),
    # ... but a statement from a body handed to others has no speaker
    (('Marcus Oyelowo testified on Monday. Reporters were handed a statement from the bank: "We regret the outage '
      'and will cooperate."'), [(None, "We regret the outage and will cooperate.")]),
])
def test_descriptions_as_speakers(text, expected):
    assert quotes_of(text) == expected


@pytest.mark.parametrize(("text", "speaker"), [
    # titles before the name are no speaker
    (("“This officer betrayed the trust of the people he served,” said Principal Deputy Assistant Attorney "
     "General Vera Lund."), "Vera Lund"),
    # a role, then the name, after an inverted cue
    ("“With respect, you signed it,” replied the committee's chair, Dame Fiona Ashdown.", "Fiona Ashdown"),
    # a name written as a label before the quote
    (("The hearing opened at ten.\n\nCongressman Peter Hale (OH-9): “This technology will shape the next decade "
     "of our economy.”"), "Peter Hale"),
    # in a question and answer, the one asked about answers
    (("Viktor Kovalenko testified on Monday. Under cross-examination, prosecutor Rebecca Stahl asked whether "
     "Kovalenko had read the dashboards. “Not every week,” he said."), "Viktor Kovalenko"),
    # a name ending a relative clause of the subject is not a second speaker
    (("Victor T. Adebayo-Lund, who started Harbourline Trust in 2019 with his college roommate, Ethan Cho, told "
      "senators the losses came from \"a cascade of bad bets made by people I trusted\" rather than from fraud."),
     "Victor T. Adebayo-Lund"),
    # a dateline is no speaker: the lead's description is the person the text names next
    (("LONDON, 14 May 2025 — The chief executive of the company that maintains 50 prisons told MPs on Wednesday "
     "that its contract had been “set up to fail” from the start.\n\nGareth Pryce-Morgan of Keystone Estates gave "
     "evidence to the committee."), "Gareth Pryce-Morgan"),
    # a pronoun after the quote stands for the person named before it
    ("Mark Ellery said the plan was flawed. “It will not survive the first hard winter,” he said.", "Mark Ellery"),
])
def test_the_speaker_is_the_person_named(text, speaker):
    [(found, _)] = quotes_of(text)
    assert found == speaker


def test_a_quoted_question_naming_whom_it_asks_is_answered_by_that_person():
    text = ("Nora Vance is on trial. Prosecutor Dean Holt cross-examined her.\n\n\"Is a boat a classroom, Ms. Vance?\" "
            "Holt asked.\n\n\"It was a place for visiting teachers to stay,\" she said.")
    assert sorted(quotes_of(text)) == [("Dean Holt", "Is a boat a classroom, Ms. Vance?"),
                                       ("Nora Vance", "It was a place for visiting teachers to stay")]


@pytest.mark.parametrize("text", [
    'The subcommittee held a hearing titled "Protecting Our Rivers From Drought and Flood."',
    'Outside the building, parents held signs reading "We Waited Two Years For Help."',
    "The senator called the plan a “disaster” in a speech.",
])
def test_titles_and_scare_quotes_are_no_quotations(text):
    assert quotes_of(text) == []


@pytest.mark.parametrize(("text", "speaker"), [
    # two people share a surname: the bare surname is not the one introduced as the other's relative
    (("Oliver Marsh-Tate, 38, gave evidence at Leeds Crown Court, where he and his father, Malcolm Marsh-Tate, deny "
     "fraud. Malcolm Marsh-Tate set up the firm in 2014.\n\n“I believed every word he told investors,” Marsh-Tate "
     "said."), "Oliver Marsh-Tate"),
    (("The session was attended by Graham Pell, who set up a campaign group after his wife, Anne Pell, died waiting "
     "for an ambulance.\n\n“No family should wait six hours on a kitchen floor,” Pell told reporters."),
     "Graham Pell"),
    # a double-barrelled surname the tagger reads as a common noun
    (("Lorna Abbott-Kerr, 67, ran the care home for two decades.\n\n“If anyone had called me, I would have driven "
     "there that night,” Abbott-Kerr told jurors.\n\nAbbott-Kerr said she did not read the messages. “I get a "
     "hundred messages a day,” she said."), "Lorna Abbott-Kerr"),
])
def test_a_shared_or_double_barrelled_surname_names_the_right_person(text, speaker):
    assert {found for found, _ in quotes_of(text)} == {speaker}


@pytest.mark.parametrize(("text", "expected"), [
    # a bare surname is the person whose surname it is whole, not the one whose double-barrelled name ends with it
    (('Founded in 2015 by Maren Lodge-Osei, a former chef, and her husband, Kofi Osei, the charity runs four vans.\n\n'
      'Osei, an engineer, wrote the routing software. "She had the plan. I had a laptop," he said.'),
     [("Kofi Osei", "She had the plan. I had a laptop")]),
    # "A and her husband": she is a woman, so "he said" after her sentence is not hers, and the bare surname of a
    # woman is not her husband's
    (('Brenna Tolliver runs the shelter. Tolliver and her husband, Amos Tolliver, founded it in 2004.\n\n'
      'On the stand, Tolliver said the books were "messy, not crooked."'),
     [("Brenna Tolliver", "messy, not crooked.")]),
])
def test_namesakes_told_apart_by_whole_surnames_and_kin_genders(text, expected):
    assert quotes_of(text) == expected


def test_a_possessive_kin_noun_after_two_people_is_the_nearer_ones():
    # "his wife" is the wife of the person named just before it: he is a man, and "Pike" is not his wife
    text = ('Ruth Calder hired Owen Pike, a carpenter, in 2010. Pike founded the trust with his wife, Ada Pike.\n\n'
            '"We started with nothing," Pike said.')
    assert quotes_of(text) == [("Owen Pike", "We started with nothing")]


@pytest.mark.parametrize(("text", "expected"), [
    # the one a question is put to answers it
    (('The inquiry sat on Friday.\n\nCommittee chair Nora Vance asked Mr Pell how many dogs he kept. "I would have '
     'to check," he replied.'), [("Pell", "I would have to check")]),
    (('The hearing ran late.\n\nRep. Dana Ortiz asked Victor Lemaire why the money went unspent. He answered that hiring "is the '
      'bottleneck, not funding."'), [("Victor Lemaire", "is the bottleneck, not funding.")]),
    (('The committee met on Monday.\n\nThe chair, Dame Ruth Avery, told Mr Galloway that savers had been "misled for years". He replied that the '
      'firm had been "one month from safety".'),
     [("Galloway", "one month from safety"), ("Ruth Avery", "misled for years")]),
])
def test_the_person_a_question_is_put_to_answers_it(text, expected):
    assert quotes_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a woman asked: "he" is not her
    (('The hearing ran late.\n\nSenator Tom Reyes asked Ms Albright about the delay. "We will not wait for the '
      'agency," he said.'), [("Tom Reyes", "We will not wait for the agency")]),
    # the asker goes on speaking: "He asked X ... He said" is the asker's
    (('Tom Reyes met the minister on Monday. He asked Victor Lemaire about the delay. "We cannot wait," he said.'),
     [("Tom Reyes", "We cannot wait")]),
    # a new paragraph ends the exchange
    (('Senator Tom Reyes asked Victor Lemaire about the delay.\n\nReyes spoke to reporters later. "We cannot '
      'wait," he said.'), [("Tom Reyes", "We cannot wait")]),
])
def test_no_answerer_in_lookalikes_of_an_exchange(text, expected):
    assert quotes_of(text) == expected
