"""The project's own evaluation: extracted facts against gold annotations, per category.

Owns the gold form (``../shared/corpus/GOLD-SCHEMA.md``), ``facts_to_gold`` (Facts -> that form) and scoring with
the semantics of the shared scorer: names matched on a normalized key by full name, alias or a unique last name;
quotes by containment or token F1 >= 0.85 with the speaker resolved; statistics by value (any value inside a vague
count's range) and year; greedy one-to-one matching in which optional gold items are neither missed nor extra.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KgError
from .facts import Facts

__all__ = [
    "CATEGORIES",
    "CategoryScore",
    "Report",
    "evaluate",
    "facts_to_gold",
    "normalize",
    "score",
    "text_match",
]

CATEGORIES = ("persons", "organizations", "foundings", "relations", "testimonies", "quotes", "statistics")
"""Categories that count toward macro-F1; ``quote-spans`` (quotes regardless of speaker) is shown as well."""

_ORGANIZATION_TYPES = ("Organization", "LegislativeBody", "GovernmentBody")


# --- normalization and matching ------------------------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalize(value: Any) -> str:
    """NFKC, curly quotes mapped, lower case, punctuation to spaces, spaces squeezed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_QUOTES)
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _tokens(value: Any) -> list[str]:
    return normalize(value).split()


def text_match(a: str | None, b: str | None) -> bool:
    """Two quote texts match when one contains the other (past 15 characters) or their token F1 is >= 0.85."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return False
    if na == nb or (len(na) > 15 and na in nb) or (len(nb) > 15 and nb in na):
        return True
    ta, tb = _tokens(a), _tokens(b)
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    if not common:
        return False
    precision, recall = common / len(ta), common / len(tb)
    return 2 * precision * recall / (precision + recall) >= 0.85


_NAME_PREFIX = re.compile(r"^(the|u s|us|united states) ")
_TITLES = ("mr", "mrs", "ms", "dr", "sen", "senator", "rep")


class _Names:
    """Resolves a surface name to the index of a gold entity: full name, alias, or a unique last name."""

    def __init__(self, items: list[dict]):
        self.items = items
        self.forms: dict[str, int] = {}
        for i, item in enumerate(items):
            for form in [item["name"], *item.get("aliases", [])]:
                self.forms.setdefault(normalize(form), i)
        self.last: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            words = _tokens(item["name"])
            if len(words) > 1:
                self.last.setdefault(words[-1], []).append(i)

    def find(self, name: Any) -> int | None:
        key = normalize(name)
        if not key:
            return None
        if key in self.forms:
            return self.forms[key]
        shorter = _NAME_PREFIX.sub("", key)
        if shorter in self.forms:
            return self.forms[shorter]
        words = key.split()
        owners = self.last.get(words[-1], []) if words else []
        if len(owners) == 1:
            first = _tokens(self.items[owners[0]]["name"])[0]
            if len(words) == 1 or words[0] in (first, *_TITLES):
                return owners[0]
        return None

    def same(self, a: Any, b: Any) -> bool:
        i = self.find(a)
        return i is not None and i == self.find(b)


_HEDGE_ALIASES = {"over": "more_than", "above": "more_than", "morethan": "more_than", "up_to": "at_most",
                  "upto": "at_most", "about": "approximately", "around": "approximately",
                  "roughly": "approximately", "estimated": "approximately", "approx": "approximately",
                  "fewer_than": "less_than", "lessthan": "less_than", "atleast": "at_least", "atmost": "at_most",
                  "under": "less_than", "almost": "nearly"}


def _hedge_code(value: Any) -> str:
    """A predicted hedge (IRI local name, label or code) as a snake_case code."""
    text = re.sub(r"([a-z])([A-Z])", r"\1_\2", str(value or "")).lower()
    text = re.sub(r"[^a-z]+", "_", text).strip("_")
    return _HEDGE_ALIASES.get(text, text)


# --- scores --------------------------------------------------------------------------------------------------


@dataclass
class CategoryScore:
    """True and false positives and misses of one category, with the missed and extra items (per document)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[tuple[str, Any]] = field(default_factory=list)
    extras: list[tuple[str, Any]] = field(default_factory=list)
    hits: list[tuple[str, Any]] = field(default_factory=list)
    """The predicted items counted right (matching a required gold item)."""
    wrong: list[tuple[str, Any]] = field(default_factory=list)
    """The predicted items counted wrong: with ``hits``, what calibrating each extraction method counts."""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: CategoryScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.extras += other.extras
        self.hits += other.hits
        self.wrong += other.wrong


def _match(document: str, gold: list[dict], predicted: list[dict], same: Callable[[dict, dict], bool]
           ) -> CategoryScore:
    """Greedy one-to-one matching; required gold items are tried before optional ones."""
    def optional(item: dict) -> bool:
        return bool(item.get("optional"))

    used: set[int] = set()
    result = CategoryScore()
    order = sorted(range(len(gold)), key=lambda i: optional(gold[i]))
    for p in predicted:
        hit = next((i for i in order if i not in used and same(gold[i], p)), None)
        if hit is None:
            if any(same(g, p) and optional(g) for g in gold):
                continue  # another reading of an optional item: neither right nor wrong
            result.fp += 1
            result.extras.append((document, p))
            result.wrong.append((document, p))
            continue
        used.add(hit)
        if not optional(gold[hit]):
            result.tp += 1
            result.hits.append((document, p))
    result.misses = [(document, g) for i, g in enumerate(gold) if i not in used and not optional(g)]
    result.fn = len(result.misses)
    return result


def _year_ok(gold: dict, predicted: dict) -> bool:
    return gold.get("year") is None or str(predicted.get("year") or "")[:4] == str(gold["year"])


def _entities(document: str, gold: list[dict], predicted: list[Any], names: _Names) -> CategoryScore:
    result = CategoryScore()
    matched: set[int] = set()
    for item in predicted:
        name = item["name"] if isinstance(item, dict) else item
        i = names.find(name)
        if i is None:
            result.fp += 1
            result.extras.append((document, name))
            result.wrong.append((document, item))
        elif i in matched:
            result.fp += 1  # the same entity twice: the extractor failed to merge its names
            result.extras.append((document, f"{name} (duplicate)"))
            result.wrong.append((document, item))
        else:
            matched.add(i)
            if not gold[i].get("optional"):
                result.tp += 1
                result.hits.append((document, item))
    result.misses = [(document, g["name"]) for i, g in enumerate(gold) if i not in matched and not g.get("optional")]
    result.fn = len(result.misses)
    return result


def score(gold: dict, predicted: dict, *, document: str = "") -> dict[str, Any]:
    """Per-category ``CategoryScore``s of one document, plus ``_stat_attr`` (hedge and subject accuracy counts)."""
    people = _Names(gold.get("persons", []))
    organizations = _Names(gold.get("organizations", []))
    agents = _Names(gold.get("persons", []) + gold.get("organizations", []))
    out: dict[str, Any] = {
        "persons": _entities(document, gold.get("persons", []), predicted.get("persons", []), people),
        "organizations": _entities(document, gold.get("organizations", []), predicted.get("organizations", []),
                                   organizations),
    }
    # a founding counts once per (organization, founder) pair
    gold_pairs = [{"organization": f["organization"], "founder": x, "year": f.get("year"),
                   "optional": f.get("optional")} for f in gold.get("foundings", []) for x in f["founders"]]
    predicted_pairs = [{"organization": f["organization"], "founder": x, "year": f.get("year"),
                        **{k: f[k] for k in ("method", "confidence") if k in f}}
                       for f in predicted.get("foundings", []) for x in f.get("founders", [])]
    out["foundings"] = _match(document, gold_pairs, predicted_pairs, lambda g, p: (
        organizations.same(g["organization"], p["organization"]) and people.same(g["founder"], p["founder"])
        and _year_ok(g, p)))

    def same_couple(g: dict, p: dict) -> bool:
        found = {people.find(p.get("person")), people.find(p.get("other"))}
        return {people.find(g["person"]), people.find(g["other"])} == found and None not in found

    out["relations"] = _match(document, gold.get("relations", []), predicted.get("relations", []), same_couple)
    out["testimonies"] = _match(document, gold.get("testimonies", []), predicted.get("testimonies", []),
                                lambda g, p: people.same(g["speaker"], p.get("speaker")) and (
                                    agents.same(g["before"], p.get("before"))
                                    or normalize(g["before"]) in normalize(p.get("before")))
                                and _year_ok(g, p))
    out["quotes"] = _match(document, gold.get("quotes", []), predicted.get("quotes", []),
                           lambda g, p: text_match(g["text"], p.get("text")) and (
                               g.get("speaker") is None or people.same(g["speaker"], p.get("speaker"))))
    out["quote-spans"] = _match(document, gold.get("quotes", []), predicted.get("quotes", []),
                                lambda g, p: text_match(g["text"], p.get("text")))

    def same_figure(g: dict, p: dict) -> bool:
        try:
            value = float(p.get("value"))
        except (TypeError, ValueError):
            return False
        if g.get("value_max") is not None:  # a vague count: any value in its range
            if not float(g["value"]) <= value <= float(g["value_max"]):
                return False
        elif abs(value - float(g["value"])) > 1e-6 * max(1.0, abs(float(g["value"]))):
            return False
        return _year_ok(g, p)

    out["statistics"] = _match(document, gold.get("statistics", []), predicted.get("statistics", []), same_figure)
    hedge_ok = hedge_n = about_ok = about_n = 0
    for g in gold.get("statistics", []):
        if g.get("optional"):
            continue
        p = next((p for p in predicted.get("statistics", []) if same_figure(g, p)), None)
        if p is None:
            continue
        hedge_n += 1
        code = _hedge_code(p.get("qualifier"))
        accepted = set(g.get("qualifiers", ["exact"]))
        hedge_ok += code in accepted or (code == "nearly" and bool({"approximately", "at_most", "less_than"}
                                                                     & accepted))
        if g.get("about"):
            about_n += 1
            about_ok += agents.same(g["about"], p.get("about") or "")
    out["_stat_attr"] = (hedge_ok, hedge_n, about_ok, about_n)
    return out


@dataclass
class Report:
    """Scores summed over documents."""

    categories: dict[str, CategoryScore] = field(default_factory=dict)
    hedge_correct: int = 0
    hedge_total: int = 0
    about_correct: int = 0
    about_total: int = 0
    documents: list[str] = field(default_factory=list)

    def add(self, document: str, scores: dict[str, Any]) -> None:
        self.documents.append(document)
        for name, value in scores.items():
            if name == "_stat_attr":
                self.hedge_correct += value[0]
                self.hedge_total += value[1]
                self.about_correct += value[2]
                self.about_total += value[3]
            else:
                self.categories.setdefault(name, CategoryScore()).add(value)

    def f1(self, category: str) -> float:
        return self.categories[category].f1

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the counted categories that have gold items."""
        scores = [s.f1 for name, s in self.categories.items() if name in CATEGORIES and s.tp + s.fn > 0]
        return sum(scores) / len(scores) if scores else 0.0

    def format(self, *, verbose: bool = True) -> str:
        lines = [f"{'category':14} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}"]
        for name in (*CATEGORIES, "quote-spans"):
            s = self.categories.get(name)
            if s is None:
                continue
            lines.append(f"{name:14} {s.tp:4} {s.fp:4} {s.fn:4}  {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}")
            if verbose:
                lines += [f"    miss  [{d}] {json.dumps(m, ensure_ascii=False)[:160]}" for d, m in s.misses]
                lines += [f"    extra [{d}] {json.dumps(m, ensure_ascii=False)[:160]}" for d, m in s.extras]
        lines.append(f"statistic qualifier accuracy {self.hedge_correct}/{self.hedge_total}, "
                     f"subject accuracy {self.about_correct}/{self.about_total}")
        lines.append(f"macro-F1 {self.macro_f1:.3f}")
        return "\n".join(lines)


# --- facts to the gold form ----------------------------------------------------------------------------------


def facts_to_gold(facts: Facts, *, with_methods: bool = False) -> dict[str, Any]:
    """One document's facts in the gold form, names in place of entity ids; ``with_methods`` adds each item's
    ``method`` and ``confidence`` (keys the scorer ignores)."""
    gold = _facts_to_gold(facts)
    if with_methods:
        records = {
            "persons": [e for e in facts.entities if e.type == "Person"],
            "organizations": [e for e in facts.entities if e.type in _ORGANIZATION_TYPES],
            "foundings": facts.foundings, "relations": facts.marriages, "testimonies": facts.testimonies,
            "quotes": facts.quotes, "statistics": facts.statistics,
        }
        for category, items in records.items():
            for item, record in zip(gold[category], items, strict=True):
                item["method"], item["confidence"] = record.method, record.confidence
    return gold


def _facts_to_gold(facts: Facts) -> dict[str, Any]:
    names = {e.id: e.name for e in facts.entities}
    settings = {t.id: f"testimony before {names.get(t.body, t.body)}" for t in facts.testimonies}
    settings |= {i.id: f"interview with {i.programme or names.get(i.interviewer or '', 'unknown')}"
                 for i in facts.interviews}
    return {
        "document": facts.document,
        "persons": [{"name": e.name, "aliases": list(e.aliases)} for e in facts.entities if e.type == "Person"],
        "organizations": [{"name": e.name, "aliases": list(e.aliases)} for e in facts.entities
                          if e.type in _ORGANIZATION_TYPES],
        "foundings": [{"organization": names[f.organization], "founders": [names[x] for x in f.founders],
                       "year": f.year} for f in facts.foundings],
        "relations": [{"person": names[m.partners[0]], "relation": "spouse", "other": names[m.partners[1]],
                       "former": m.former} for m in facts.marriages],
        "testimonies": [{"speaker": names[t.witness], "before": names[t.body], "year": t.year}
                        for t in facts.testimonies],
        "quotes": [{"speaker": names.get(q.speaker) if q.speaker else None, "text": q.text,
                    "setting": settings.get(q.setting) if q.setting else None} for q in facts.quotes],
        "statistics": [{"value": s.value, "qualifier": s.hedge, "measure": s.measure, "year": s.year,
                        "about": names.get(s.about) if s.about else None, "source": s.source,
                        **({"value_max": s.value_max} if s.value_max is not None else {})}
                       for s in facts.statistics],
    }


def evaluate(gold_dir: str | Path, docs_dir: str | Path, *,
             extractor: Callable[[Any], Facts] | None = None) -> Report:
    """Extract every document that has a gold file and score it; ``extractor`` defaults to ``kg.extract.extract``."""
    from .documents import read_document

    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    if not gold_dir.is_dir():
        raise KgError(f"{gold_dir}: no such folder of gold files")
    if not docs_dir.is_dir():
        raise KgError(f"{docs_dir}: no such folder of documents")
    if extractor is None:
        from .extract import extract as extractor
    report = Report()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise KgError(f"{gold_dir}: holds no .json gold files")
    for path in gold_files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise KgError(f"{path}: line {e.lineno}, column {e.colno}: invalid JSON ({e.msg})") from e
        document_path = docs_dir / gold.get("document", path.stem + ".txt")
        if not document_path.exists():
            continue
        predicted = facts_to_gold(extractor(read_document(document_path)))
        report.add(path.stem, score(gold, predicted, document=path.stem))
    return report
