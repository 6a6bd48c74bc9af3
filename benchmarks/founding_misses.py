"""Why each founder pair of the development sets was missed (or wrongly found), counted by family.

usage: python benchmarks/founding_misses.py [--list] [FOLDER ...]
(default: tests/news/dev and tests/devset, never a blind batch)

Each missed gold (organization, founder) pair falls in the first family that explains it:
- ``year wrong``: the pair was found with another year;
- ``body not a mention``: no entity of the text bears the body's name (the tagger called it nothing, or only a
  piece of it);
- ``body typed a person``: an entity bears the name but was read as a person's;
- ``founder not a mention``: no person entity bears the founder's name;
- ``no candidate pair``: both are entities, but no sentence with a founding word names them together (the founder
  or the body only by a word the reader does not resolve, or across sentences);
- ``pair seen, vetoed``: the learned reader saw the pair but every reading was vetoed (a founder noun, the person
  outside the founding verb's clause, a thing between them);
- ``pair seen, scored low``: the reader saw the pair below its threshold.
Each extra pair is ``body not in gold`` (the body is no gold organization), ``founder not in gold`` or ``wrong pair``
(both gold, not a gold pair), or ``year wrong``. ``--list`` prints every pair under its family.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import read_document
from kg.evaluate import _Names, _year_ok, facts_to_gold, score
from kg.extract import founding_reader, observe
from kg.extract.confidence import keep_confident
from kg.extract.families import assemble_facts
from kg.facts import Facts

SETS = [ROOT / "tests" / "news" / "dev", ROOT / "tests" / "devset"]
_VETOES = {"trig=founder", "pclause=other", "p_thing"}
"""Features that keep the reader from admitting a reading (``founding_reader.admitted``)."""


def _entity_named(resolver, names: _Names, gold_name: str):
    """The resolver's entity whose name or alias the scorer takes for ``gold_name`` (None when there is none)."""
    for entity in resolver.entities.values():
        if any(names.same(gold_name, form) for form in (entity.name, *entity.aliases)):
            return entity
    return None


def _miss_family(miss: dict, predicted: dict, resolver, candidates: list, gold: dict) -> str:
    people, bodies = _Names(gold.get("persons", [])), _Names(gold.get("organizations", []))
    for f in predicted["foundings"]:
        if bodies.same(miss["organization"], f["organization"]) and any(
                people.same(miss["founder"], x) for x in f["founders"]) and not _year_ok(miss, f):
            return "year wrong"
    body = _entity_named(resolver, bodies, miss["organization"])
    if body is None:
        return "body not a mention"
    if body.type == "Person":
        return "body typed a person"
    founder = _entity_named(resolver, people, miss["founder"])
    if founder is None or founder.type != "Person":
        return "founder not a mention"
    for pair in candidates:
        if pair.organization == body.id and pair.person == founder.id:
            if all(_VETOES & set(row) for row in pair.features):
                return "pair seen, vetoed"
            return "pair seen, scored low"
    return "no candidate pair"


def _extra_family(extra: dict, gold: dict) -> str:
    people, bodies = _Names(gold.get("persons", [])), _Names(gold.get("organizations", []))
    if bodies.find(extra["organization"]) is None:
        return "body not in gold"
    if people.find(extra["founder"]) is None:
        return "founder not in gold"
    for f in gold.get("foundings", []):
        if bodies.same(f["organization"], extra["organization"]) and any(
                people.same(x, extra["founder"]) for x in f["founders"]):
            return "year wrong"
    return "wrong pair"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="print every missed and extra pair under its family")
    parser.add_argument("folders", nargs="*", type=Path, default=SETS)
    args = parser.parse_args(argv)
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    listed: dict[str, list[str]] = {}
    tp = fp = fn = 0
    for folder in args.folders:
        for gold_path in sorted((folder / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            doc_path = folder / "docs" / gold.get("document", gold_path.stem + ".txt")
            if not doc_path.exists():
                continue
            document = read_document(doc_path)
            facts = Facts(document=document.name, sha256=document.sha256)
            observations, resolver = observe(document)
            assemble_facts(observations, resolver, facts)
            facts.entities = resolver.kept_entities(facts)
            predicted = facts_to_gold(keep_confident(facts, 0.0))
            result = score(gold, predicted, document=gold_path.stem)["foundings"]
            tp, fp, fn = tp + result.tp, fp + result.fp, fn + result.fn
            candidates = founding_reader.pairs(observations, resolver, facts) if result.misses else []
            for _, miss in result.misses:
                family = _miss_family(miss, predicted, resolver, candidates, gold)
                misses[family] += 1
                listed.setdefault("miss: " + family, []).append(
                    f"[{folder.name}/{gold_path.stem}] {miss['organization']} <- {miss['founder']} ({miss['year']})")
            for _, extra in result.extras:
                family = _extra_family(extra, gold)
                extras[family] += 1
                listed.setdefault("extra: " + family, []).append(
                    f"[{folder.name}/{gold_path.stem}] {extra['organization']} <- {extra['founder']} "
                    f"({extra['year']}, {extra.get('method')})")
    precision, recall = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"foundings tp {tp} fp {fp} fn {fn}: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    for title, counter in (("missed", misses), ("extra", extras)):
        print(f"{title} pairs by family:")
        for family, n in counter.most_common():
            print(f"  {n:4}  {family}")
    if args.list:
        for family in sorted(listed):
            print(f"\n{family}")
            print("\n".join("  " + line for line in listed[family]))


if __name__ == "__main__":
    main(sys.argv[1:])
