"""Merging names into entities depends on the text alone, never on where objects happen to sit in memory."""

from collections import Counter

from kg.extract.observations import RawMention
from kg.extract.resolve import Resolver, _Group

TEXT = "A City Council committee heard residents.\nCouncil member Jane Doe spoke."


def _mention(name: str) -> RawMention:
    begin = TEXT.index(name)
    return RawMention(begin, begin + len(name), name, "ORG")


def _fill(group: _Group, name: str) -> None:
    group.mentions = [_mention(name)]
    group.keys = Counter({name: 1})


def _target_of_council(committee_first: bool) -> str:
    """The name the bare "Council" is merged into, with the two bodies read at the same place ("City Council" and
    "City Council committee") held by groups whose memory addresses compare one way, then the other."""
    resolver = Resolver(TEXT, [], [])
    low, high = sorted((_Group("LegislativeBody"), _Group("LegislativeBody")), key=id)
    committee, council = (low, high) if committee_first else (high, low)
    _fill(committee, "City Council committee")
    _fill(council, "City Council")
    bare = _Group("LegislativeBody")
    begin = TEXT.index("\nCouncil") + 1
    bare.mentions, bare.keys = [RawMention(begin, begin + len("Council"), "Council", "ORG")], Counter({"Council": 1})
    groups = {"city council committee": committee, "city council": council, "council": bare}
    resolver._merge_organizations(groups)
    merged = groups.get("council")
    return {id(committee): "City Council committee", id(council): "City Council"}.get(id(merged), "none")


def test_a_bare_body_noun_goes_to_the_body_it_heads_whatever_the_memory_layout():
    assert _target_of_council(committee_first=True) == "City Council"
    assert _target_of_council(committee_first=False) == "City Council"
