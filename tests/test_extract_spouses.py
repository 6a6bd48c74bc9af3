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
