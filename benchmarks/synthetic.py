"""A synthetic news corpus in kg's facts format, for scale tests and the store benchmark.

Each article is plain text written from templates, with a facts object whose every span points at the
words that support it, so it builds through kg exactly like a curated article (no spaCy). People and
organizations are drawn from shared pools, so the same person appears in many articles (one node, many
mentions); foundings, testimonies, interviews, quotes and hedged statistics give the graph realistic shapes.
About 500 triples per article: 2,000 articles make about a million triples.

    python benchmarks/synthetic.py OUT_DIR --documents 2000     # writes OUT_DIR/*.txt and *.facts.json
"""

import argparse
import random
from pathlib import Path

from kg.documents import Document, document_from_text
from kg.facts import (
    Entity,
    Facts,
    Founding,
    Interview,
    Marriage,
    Quote,
    Span,
    Statement,
    Statistic,
    Testimony,
    dump_facts,
)

__all__ = ["TRIPLES_PER_DOCUMENT", "synthetic_article", "synthetic_corpus", "write_corpus"]

TRIPLES_PER_DOCUMENT = 500
"""Roughly what one article adds to the graph (measured; shared nodes make the total a little lower)."""

_FIRST = ["Alice", "Bruno", "Carmen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Liam",
          "Maya", "Nikolai", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Ximena",
          "Yusuf", "Zoe", "Amara", "Boris", "Chloe", "Diego"]
_LAST = ["Abbott", "Becker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen",
         "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quiroga", "Rossi", "Schmidt",
         "Takahashi", "Ulrich", "Vasquez", "Weber", "Xu", "Yamada", "Zielinski", "Andersen", "Brennan",
         "Costa", "Dawson"]
_ORG_HEADS = ["Northwind", "Bluefield", "Silverline", "Harbor", "Summit", "Evergreen", "Ironbridge", "Lakeside",
              "Redwood", "Starling", "Cobalt", "Meridian", "Granite", "Willow", "Beacon", "Horizon", "Aurora",
              "Cedar", "Falcon", "Juniper"]
_ORG_TAILS = ["Foundation", "Institute", "Labs", "Alliance", "Trust", "Partners", "Network", "Coalition",
              "Initiative", "Group"]
_BODIES = [("Senate Judiciary Committee", "LegislativeBody"), ("House Oversight Committee", "LegislativeBody"),
           ("Senate Finance Committee", "LegislativeBody"), ("House Energy and Commerce Committee", "LegislativeBody"),
           ("Federal Trade Commission", "GovernmentBody"), ("Department of Justice", "GovernmentBody"),
           ("Government Accountability Office", "GovernmentBody"), ("European Parliament", "LegislativeBody")]
_PROGRAMMES = ["Evening Report", "Morning Edition", "Face the Facts", "The Weekly Brief", "Inside Story"]
_MEASURES = ["victims identified", "children rescued", "cases investigated", "volunteers trained",
             "grants awarded", "reports filed", "schools reached", "arrests made", "tips received",
             "dollars raised", "families housed", "patients treated"]
_TOPICS = ["online safety", "consumer protection", "public health", "procurement", "data privacy",
           "child exploitation", "election security", "housing"]
_HEDGES = [("exact", "{n}"), ("approximately", "about {n}"), ("nearly", "nearly {n}"),
           ("more_than", "more than {n}"), ("at_least", "at least {n}"), ("less_than", "fewer than {n}"),
           ("at_most", "at most {n}")]
_SOURCES = ["annual report", "an agency report", "internal figures", "a spokesperson", "court records"]
_PHRASES = ["we will not stop until the work is done", "the numbers speak for themselves",
            "this is a problem we can solve together", "technology alone is not the answer",
            "every case is a person, not a statistic", "we owe the public a full accounting",
            "the committee deserves a straight answer", "our partners made this possible"]


def person_pool(size: int = 900) -> list[str]:
    names = [f"{first} {last}" for last in _LAST for first in _FIRST]
    return names[:size]


def organization_pool() -> list[str]:
    return [f"{head} {tail}" for head in _ORG_HEADS for tail in _ORG_TAILS]


class _Writer:
    """Appends sentences to a text and hands back the spans of the parts a fact needs."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def sentence(self, *pieces: str) -> tuple[Span, list[Span]]:
        """Write the pieces as one sentence; return its span and the span of each piece."""
        start = self.length
        spans = []
        for piece in pieces:
            spans.append(Span(self.length, self.length + len(piece), piece))
            self.parts.append(piece)
            self.length += len(piece)
        whole = "".join(pieces)
        self.parts.append(" ")
        self.length += 1
        return Span(start, start + len(whole), whole), spans

    def paragraph(self) -> None:
        self.parts.append("\n\n")
        self.length += 2

    def text(self) -> str:
        return "".join(self.parts)


def synthetic_article(index: int, *, seed: int = 0) -> tuple[Document, Facts]:
    """Article number ``index`` of the corpus: the same index and seed always give the same article."""
    rng = random.Random(f"{seed}-{index}")
    people = rng.sample(person_pool(), 6)
    orgs = rng.sample(organization_pool(), 2)
    body, body_type = rng.choice(_BODIES)
    name = f"synthetic-{index:06d}.txt"
    out = _Writer()
    entities: dict[str, Entity] = {}

    def entity(key: str, kind: str, full: str, aliases: list[str] | None = None) -> Entity:
        if key not in entities:
            entities[key] = Entity(id=key, type=kind, name=full, aliases=aliases or [])
        return entities[key]

    def mention(key: str, span: Span) -> None:
        entities[key].mentions.append(span)

    for i, person in enumerate(people):
        entity(f"p{i}", "Person", person, [person.split()[-1]])
    entity("o0", "Organization", orgs[0])
    entity("o1", "Organization", orgs[1])
    entity("body", body_type, body)

    facts = Facts(document=name, title=f"{orgs[0]} and {people[0]}: report {index}",
                  source=f"synthetic corpus, seed {seed}, article {index}")
    year = rng.randint(1995, 2023)

    whole, parts = out.sentence(people[0], " and ", people[1], " founded ", orgs[0], f" in {year}.")
    mention("p0", parts[0])
    mention("p1", parts[2])
    mention("o0", parts[4])
    facts.foundings.append(Founding(id="founding", organization="o0", founders=["p0", "p1"], evidence=[whole],
                                    year=year))
    whole, parts = out.sentence(people[2], " later joined ", orgs[1], " as an adviser.")
    mention("p2", parts[0])
    mention("o1", parts[2])
    facts.statements.append(Statement(id="statement-adviser", subject="p2", relation="adviser of", object="o1",
                                      evidence=[whole]))
    if rng.random() < 0.5:
        whole, parts = out.sentence(people[0], " is married to ", people[3], ".")
        mention("p0", parts[0])
        mention("p3", parts[2])
        facts.marriages.append(Marriage(id="marriage", partners=["p0", "p3"], evidence=[whole],
                                        former=rng.random() < 0.3))
    out.paragraph()

    topic = rng.choice(_TOPICS)
    t_year = rng.randint(2005, 2024)
    whole, parts = out.sentence(f"In {t_year}, ", people[0], " testified before the ", body, f" on {topic}.")
    mention("p0", parts[1])
    mention("body", parts[3])
    facts.testimonies.append(Testimony(id="testimony", witness="p0", body="body", evidence=[whole], year=t_year,
                                       topic=topic))
    for q in range(2):
        phrase = rng.choice(_PHRASES)
        whole, parts = out.sentence("\u201c", phrase[0].upper() + phrase[1:], ",\u201d ",
                                    people[0].split()[-1], " told the committee.")
        mention("p0", parts[3])
        facts.quotes.append(Quote(id=f"quote-testimony-{q}", text=parts[1].text, evidence=[parts[1]],
                                  speaker="p0", setting="testimony"))
    programme = rng.choice(_PROGRAMMES)
    whole, parts = out.sentence(people[4], " interviewed ", people[1], f" on {programme} in {t_year}.")
    mention("p4", parts[0])
    mention("p1", parts[2])
    facts.interviews.append(Interview(id="interview", interviewee="p1", interviewer="p4", programme=programme,
                                      year=t_year, evidence=[whole]))
    phrase = rng.choice(_PHRASES)
    whole, parts = out.sentence("\u201c", phrase[0].upper() + phrase[1:], ",\u201d said ", people[1], ".")
    mention("p1", parts[3])
    facts.quotes.append(Quote(id="quote-interview", text=parts[1].text, evidence=[parts[1]], speaker="p1",
                              setting="interview"))
    out.paragraph()

    for s in range(10):
        hedge, template = rng.choice(_HEDGES)
        value = rng.randint(2, 900) * 10
        surface = template.format(n=f"{value:,}")
        measure = rng.choice(_MEASURES)
        about = rng.choice(["o0", "o1", "p5"])
        about_name = entities[about].name
        s_year = rng.randint(2000, 2024)
        source = rng.choice(_SOURCES)
        whole, parts = out.sentence(f"According to {source}, ", about_name, f" counted {surface} {measure} "
                                    f"in {s_year}.")
        mention(about, parts[1])
        facts.statistics.append(Statistic(id=f"stat-{s}", value=value, surface=surface, hedge=hedge,
                                          measure=measure, about=about, year=s_year, source=source,
                                          evidence=[whole], unit="percent" if measure == "dollars raised" and
                                          s % 2 else None))
    out.paragraph()
    whole, parts = out.sentence(people[5], " of ", orgs[1], " declined to comment.")
    mention("p5", parts[0])
    mention("o1", parts[2])
    facts.statements.append(Statement(id="statement-declined", subject="p5", relation="declined to comment",
                                      value="true", evidence=[whole]))

    facts.entities = [e for e in entities.values() if e.mentions]
    document = document_from_text(name, out.text())
    facts.sha256 = document.sha256
    return document, facts


def synthetic_corpus(count: int, *, seed: int = 0, start: int = 0):
    """Articles ``start`` to ``start + count - 1`` as (Document, Facts) pairs, generated lazily."""
    for index in range(start, start + count):
        yield synthetic_article(index, seed=seed)


def write_corpus(folder: str | Path, count: int, *, seed: int = 0, start: int = 0) -> list[Path]:
    """Write the articles as ``.txt`` files with ``.facts.json`` curation files beside them."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for document, facts in synthetic_corpus(count, seed=seed, start=start):
        path = folder / document.name
        path.write_text(document.text, encoding="utf-8")
        dump_facts(facts, path.with_name(path.stem + ".facts.json"))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="write a synthetic corpus of curated articles")
    parser.add_argument("folder")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.folder, args.documents, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.folder}")


if __name__ == "__main__":
    main()
