"""The facts format: one document's entities and facts, each tied to character spans of its text.

This is the seam between extraction and building. The extractor writes it, a person can write or correct it
(a curation file ``x.facts.json`` beside ``x.txt`` wins over extraction), and the builder turns it into RDF.
The format is JSON, versioned by ``"format": "kg-facts"`` and ``"version": 1``; ``docs/facts-format.md``
describes every key. Loading checks keys, types and references and reports the JSON path of each problem;
``check_spans`` checks every span against the document text.
"""

import json
import re
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import FactsError, SpanMismatchError

__all__ = [
    "ENTITY_TYPES",
    "FORMAT",
    "HEDGES",
    "VERSION",
    "Entity",
    "Facts",
    "Founding",
    "Interview",
    "Marriage",
    "Quote",
    "Span",
    "Statement",
    "Statistic",
    "Testimony",
    "check_spans",
    "dump_facts",
    "load_facts",
    "parse_facts",
]

FORMAT = "kg-facts"
VERSION = 1

HEDGES = ("exact", "approximately", "nearly", "more_than", "at_least", "less_than", "at_most")
"""Hedge codes: how a figure is qualified ("nearly 6,000" -> nearly; "over 6,600" -> more_than)."""

ENTITY_TYPES = ("Person", "Organization", "LegislativeBody", "GovernmentBody")


@dataclass(frozen=True)
class Span:
    """Characters ``text[begin:end]`` of the document (code points, end exclusive), with the text they hold."""

    begin: int
    end: int
    text: str


@dataclass
class Entity:
    """A person or organization named in the document; ``mentions`` are the spans that name it."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Founding:
    """An organization founded by one or more agents, optionally in a year."""

    id: str
    organization: str
    founders: list[str]
    evidence: list[Span]
    year: int | None = None
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Marriage:
    """Two people who are or were married (``former``: the text says they no longer are)."""

    id: str
    partners: list[str]
    evidence: list[Span]
    former: bool = False
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Testimony:
    """A witness testifying before a body (a legislature, committee, court or inquiry)."""

    id: str
    witness: str
    body: str
    evidence: list[Span]
    year: int | None = None
    topic: str | None = None
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Interview:
    """A person interviewed, on a programme or by an outlet when the text names one."""

    id: str
    interviewee: str
    evidence: list[Span]
    programme: str | None = None
    interviewer: str | None = None
    year: int | None = None
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Quote:
    """A direct quotation: the words inside the marks, who said them, and the event they were said at."""

    id: str
    text: str
    evidence: list[Span]
    speaker: str | None = None
    setting: str | None = None
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Statistic:
    """A reported figure with its hedge, what it measures, whom it is about, when and per which source."""

    id: str
    value: float
    surface: str
    hedge: str
    measure: str
    evidence: list[Span]
    about: str | None = None
    year: int | None = None
    source: str | None = None
    unit: str | None = None
    vague: bool = False
    value_max: float | None = None
    confidence: float = 1.0
    method: str = "curated"


@dataclass
class Statement:
    """A binary fact with no richer class: subject entity, relation name, and an entity or a literal value."""

    id: str
    subject: str
    relation: str
    evidence: list[Span]
    object: str | None = None
    value: str | None = None
    confidence: float = 1.0
    method: str = "curated"


FACT_KINDS: dict[str, type] = {
    "foundings": Founding,
    "marriages": Marriage,
    "testimonies": Testimony,
    "interviews": Interview,
    "quotes": Quote,
    "statistics": Statistic,
    "statements": Statement,
}


@dataclass
class Facts:
    """Everything known about one document."""

    document: str
    entities: list[Entity] = field(default_factory=list)
    foundings: list[Founding] = field(default_factory=list)
    marriages: list[Marriage] = field(default_factory=list)
    testimonies: list[Testimony] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    sha256: str | None = None
    """SHA-256 of the document text the facts were written for; a mismatch means the text changed."""
    source: str | None = None
    """Where the text came from (URL or citation)."""
    title: str | None = None

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)

    def all_facts(self) -> list[Any]:
        return [fact for kind in FACT_KINDS for fact in getattr(self, kind)]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "document": self.document}
        for key in ("sha256", "source", "title"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["entities"] = [_prune(asdict(e)) for e in self.entities]
        for kind in FACT_KINDS:
            items = getattr(self, kind)
            if items:
                out[kind] = [_prune(asdict(item)) for item in items]
        return out


def _prune(record: dict[str, Any]) -> dict[str, Any]:
    """Drop unset optional keys so written files stay short and readable."""
    return {k: v for k, v in record.items() if v is not None and v != [] and not (k == "vague" and v is False)}


# --- loading -------------------------------------------------------------------------------------------------

_SPAN_KEYS = ("begin", "end", "text")


class _Reader:
    """Checks a parsed JSON value against the dataclasses, collecting the JSON path of each problem."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self.dropped_ids: set[str] = set()

    def fail(self, where: str, message: str) -> FactsError:
        return FactsError(f"{self.origin}: {where}: {message}")

    def report(self, where: str, message: str) -> None:
        """Note a mistake and go on, so one pass over the file reports them all."""
        self.problems.append(f"{where}: {message}")

    def records(self, cls: type, items: list, kind: str) -> list:
        """Every well-formed record of a list; each malformed one is reported and left out."""
        found = []
        for i, item in enumerate(items):
            record = self.record(cls, item, f"{kind}[{i}]")
            if record is not None:
                found.append(record)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                self.dropped_ids.add(item["id"])  # so references to it are not reported as dangling too
        return found

    def raise_problems(self) -> None:
        if len(self.problems) == 1:
            raise FactsError(f"{self.origin}: {self.problems[0]}")
        if self.problems:
            raise FactsError(f"{self.origin}: {len(self.problems)} mistakes: " + "; ".join(
                f"({n}) {problem}" for n, problem in enumerate(self.problems, 1)))

    def span(self, value: Any, where: str) -> Span:
        if not isinstance(value, dict):
            raise self.fail(where, 'a span is an object {"begin": int, "end": int, "text": str}')
        unknown = sorted(set(value) - set(_SPAN_KEYS))
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r} in a span; valid keys: begin, end, text")
        missing = [k for k in _SPAN_KEYS if k not in value]
        if missing:
            raise self.fail(where, f"span lacks {missing[0]!r}; a span needs begin, end and text")
        begin, end, text = value["begin"], value["end"], value["text"]
        if not (_is_int(begin) and _is_int(end)) or not isinstance(text, str):
            raise self.fail(where, "span begin and end must be integers and text a string")
        if not 0 <= begin < end:
            raise self.fail(where, f"span offsets {begin}-{end} are not an increasing pair of offsets >= 0")
        return Span(begin, end, text)

    def record(self, cls: type, value: Any, where: str) -> Any:
        """The record, or None when it has mistakes (each one reported)."""
        if not isinstance(value, dict):
            self.report(where, f"expected an object describing a {cls.__name__}")
            return None
        known = {f.name: f for f in fields(cls)}
        before = len(self.problems)
        for key in sorted(set(value) - set(known)):
            self.report(where, f"unknown key {key!r} for a {cls.__name__}; valid keys: " + ", ".join(known))
        kwargs: dict[str, Any] = {}
        for name, f in known.items():
            required = f.default is MISSING and f.default_factory is MISSING
            if name not in value:
                if required:
                    self.report(where, f"{cls.__name__} lacks the required key {name!r}")
                continue
            try:
                kwargs[name] = self.value(f.type, value[name], f"{where}.{name}")
            except FactsError as e:
                self.problems.append(str(e).removeprefix(f"{self.origin}: "))
        return cls(**kwargs) if len(self.problems) == before else None

    def value(self, annotation: Any, value: Any, where: str) -> Any:
        text = str(annotation)
        optional = "None" in text
        if value is None:
            if optional:
                return None
            raise self.fail(where, "must not be null")
        if "list[kg.facts.Span]" in text or "list[Span]" in text:
            if not isinstance(value, list):
                raise self.fail(where, "expected a list of spans")
            return [self.span(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if "list[str]" in text:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(where, "expected a list of strings")
            return list(value)
        if annotation is bool:
            if not isinstance(value, bool):
                raise self.fail(where, "expected true or false")
            return value
        if "int" in text and "float" not in text:
            if not _is_int(value):
                raise self.fail(where, f"expected an integer, got {value!r}")
            return value
        if "float" in text:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(where, f"expected a number, got {value!r}")
            if where.endswith(".confidence") and not 0 <= value <= 1:
                raise self.fail(where, f"a confidence is a probability from 0 to 1, not {value!r}")
            return value
        if "str" in text:
            if not isinstance(value, str):
                raise self.fail(where, f"expected a string, got {value!r}")
            return value
        return value  # pragma: no cover - every field type is handled above


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_facts(data: Any, *, origin: str = "<facts>") -> Facts:
    """Build ``Facts`` from parsed JSON, checking keys, types, hedges and references."""
    reader = _Reader(origin)
    if not isinstance(data, dict):
        raise reader.fail("top level", "expected a JSON object")
    if data.get("format") != FORMAT:
        raise reader.fail("format", f'expected "format": "{FORMAT}"')
    if data.get("version") != VERSION:
        raise reader.fail("version", f"unsupported version {data.get('version')!r}; this kg reads version {VERSION}")
    top_keys = {"format", "version", "document", "sha256", "source", "title", "entities", *FACT_KINDS}
    for key in sorted(set(data) - top_keys):
        reader.report("top level", f"unknown key {key!r}; valid keys: " + ", ".join(sorted(top_keys)))
    if not isinstance(data.get("document"), str):
        reader.report("document", "expected the document's file name as a string")
    facts = Facts(document=data["document"] if isinstance(data.get("document"), str) else "")
    for key in ("sha256", "source", "title"):
        if key in data:
            try:
                setattr(facts, key, reader.value(str | None, data[key], key))
            except FactsError as e:
                reader.problems.append(str(e).removeprefix(f"{origin}: "))
    for kind, cls in {"entities": Entity, **FACT_KINDS}.items():
        items = data.get(kind, [])
        if not isinstance(items, list):
            reader.report(kind, "expected a list")
            continue
        setattr(facts, kind, reader.records(cls, items, kind))
    _check_references(facts, reader)
    reader.raise_problems()
    return facts


def _check_references(facts: Facts, reader: _Reader) -> None:
    ids: dict[str, str] = {}
    for i, entity in enumerate(facts.entities):
        where = f"entities[{i}]"
        if entity.type not in ENTITY_TYPES:
            reader.report(f"{where}.type", f"unknown type {entity.type!r}; valid: " + ", ".join(ENTITY_TYPES))
        if entity.id in ids:
            reader.report(f"{where}.id", f"id {entity.id!r} is already used by {ids[entity.id]}")
        ids[entity.id] = where
    entity_ids = set(ids)
    for kind in FACT_KINDS:
        for i, fact in enumerate(getattr(facts, kind)):
            where = f"{kind}[{i}]"
            if fact.id in ids:
                reader.report(f"{where}.id", f"id {fact.id!r} is already used by {ids[fact.id]}")
            ids[fact.id] = where
    events = {f.id for f in facts.testimonies} | {f.id for f in facts.interviews}

    def must_be_entity(value: str | None, where: str) -> None:
        if value is not None and value not in entity_ids and value not in reader.dropped_ids:
            reader.report(where, f"{value!r} is not the id of an entity in this file")

    for i, f in enumerate(facts.foundings):
        must_be_entity(f.organization, f"foundings[{i}].organization")
        for j, founder in enumerate(f.founders):
            must_be_entity(founder, f"foundings[{i}].founders[{j}]")
    for i, f in enumerate(facts.marriages):
        if len(f.partners) != 2:
            reader.report(f"marriages[{i}].partners", "a marriage has exactly two partners")
        for j, partner in enumerate(f.partners):
            must_be_entity(partner, f"marriages[{i}].partners[{j}]")
    for i, f in enumerate(facts.testimonies):
        must_be_entity(f.witness, f"testimonies[{i}].witness")
        must_be_entity(f.body, f"testimonies[{i}].body")
    for i, f in enumerate(facts.interviews):
        must_be_entity(f.interviewee, f"interviews[{i}].interviewee")
        must_be_entity(f.interviewer, f"interviews[{i}].interviewer")
    for i, f in enumerate(facts.quotes):
        must_be_entity(f.speaker, f"quotes[{i}].speaker")
        if f.setting is not None and f.setting not in events and f.setting not in reader.dropped_ids:
            reader.report(f"quotes[{i}].setting", f"{f.setting!r} is not the id of a testimony or interview")
    for i, f in enumerate(facts.statistics):
        must_be_entity(f.about, f"statistics[{i}].about")
        if f.hedge not in HEDGES:
            reader.report(f"statistics[{i}].hedge", f"unknown hedge {f.hedge!r}; valid: " + ", ".join(HEDGES))
    for i, f in enumerate(facts.statements):
        must_be_entity(f.subject, f"statements[{i}].subject")
        must_be_entity(f.object, f"statements[{i}].object")
        if (f.object is None) == (f.value is None):
            reader.report(f"statements[{i}]", "a statement has either an object entity or a value, not both")


MAX_FACTS_BYTES = 32 << 20
"""Largest facts file read (a 2.8 MB article's facts take about 1 MB); larger ones are refused unread."""
MAX_FACTS_DEPTH = 32
"""Deepest nesting of arrays and objects (the format needs 5); deeper input would exhaust Python's recursion."""
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<constant>-?Infinity|NaN)|(?P<open>[\[{])|(?P<close>[\]}])'
                         r'|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)')
_MAX_NUMBER_DIGITS = 30  # offsets and counts are far shorter; longer ones are a mistake or an attack


def _check_json_shape(raw: str, path: Path) -> None:
    """Refuse nesting past ``MAX_FACTS_DEPTH``, NaN, Infinity and absurdly long numbers, naming line and column,
    before the parser sees them (Python's json accepts NaN and Infinity and recurses on nesting)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(raw):
        kind = match.lastgroup
        if kind is None:
            continue
        problem = None
        if kind == "open":
            depth += 1
            if depth > MAX_FACTS_DEPTH:
                problem = f"arrays and objects nest deeper than {MAX_FACTS_DEPTH} levels"
        elif kind == "close":
            depth -= 1
        elif kind == "constant":
            problem = f"{match.group()} is not a number JSON allows; write a finite number"
        elif len(match.group().lstrip("-").split(".")[0].split("e")[0].split("E")[0]) > _MAX_NUMBER_DIGITS:
            problem = f"a number of {len(match.group()):,} digits; offsets and confidences are short numbers"
        elif abs(float(match.group())) == float("inf"):
            problem = f"{match.group()} is too large for a number; write a finite number"
        if problem:
            line = raw.count("\n", 0, match.start()) + 1
            column = match.start() - (raw.rfind("\n", 0, match.start()) + 1) + 1
            raise FactsError(f"{path}: line {line}, column {column}: {problem}")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is too large for a number")
    return value


def load_facts(path: str | Path) -> Facts:
    """Read a facts file, naming the file, line and column of any JSON syntax error.

    A file over ``MAX_FACTS_BYTES`` is refused unread; nesting past ``MAX_FACTS_DEPTH``, NaN, Infinity and
    numbers too large for a float are refused before parsing; confidences must lie between 0 and 1.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise FactsError(f"{path}: no such facts file") from e
    except OSError as e:
        raise FactsError(f"{path}: cannot be read ({e.strerror or e})") from e
    if size > MAX_FACTS_BYTES:
        raise FactsError(f"{path}: {size:,} bytes is over the limit of {MAX_FACTS_BYTES:,} for a facts file; a "
                         "facts file describes one article (the largest here take about a megabyte)")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise FactsError(f"{path}: no such facts file") from e
    except UnicodeDecodeError as e:
        raise FactsError(f"{path}: not UTF-8 at byte {e.start}; save the facts file as UTF-8") from e
    _check_json_shape(raw, path)
    try:
        data = json.loads(raw, parse_float=_finite)
    except json.JSONDecodeError as e:
        raise FactsError(f"{path}: line {e.lineno}, column {e.colno}: invalid JSON ({e.msg})") from e
    except (ValueError, RecursionError) as e:
        raise FactsError(f"{path}: invalid JSON ({e})") from e
    return parse_facts(data, origin=str(path))


_SPAN_BLOCK = re.compile(r'\{\s*"begin": \d+,\s*"end": \d+,\s*"text": "(?:[^"\\\\]|\\\\.)*"\s*\}')
_STRING_LIST = re.compile(r'\[\s*"(?:[^"\\\\]|\\\\.)*"(?:,\s*"(?:[^"\\\\]|\\\\.)*")*\s*\]')


def dump_facts(facts: Facts, path: str | Path | None = None) -> str:
    """Serialize facts as indented JSON (and write it to ``path`` when given)."""
    text = json.dumps(facts.to_json(), indent=2, ensure_ascii=False) + "\n"
    # One span or one list of names per line: a curator scans offsets and text side by side.
    text = _SPAN_BLOCK.sub(lambda m: json.dumps(json.loads(m.group(0)), ensure_ascii=False), text)
    text = _STRING_LIST.sub(lambda m: json.dumps(json.loads(m.group(0)), ensure_ascii=False), text)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def check_spans(facts: Facts, text: str, *, origin: str = "<facts>") -> None:
    """Raise ``SpanMismatchError`` naming the fact and offsets of every span that does not match ``text``."""
    if facts.sha256 is not None:
        import hashlib

        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if actual != facts.sha256:
            raise SpanMismatchError(
                f"{origin}: written for a different version of {facts.document} (sha256 {facts.sha256[:12]}..., "
                f"the text now has {actual[:12]}...); update the spans and the sha256, or remove the sha256 key")
    owners: list[tuple[str, list[Span]]] = [(f"entity {e.id!r}", e.mentions) for e in facts.entities]
    for kind in FACT_KINDS:
        owners += [(f"{kind} fact {f.id!r}", f.evidence) for f in getattr(facts, kind)]
    problems = []
    for owner, spans in owners:
        for span in spans:
            if span.end > len(text):
                problems.append(f"{owner}: span {span.begin}-{span.end} ends past the end of {facts.document} "
                                f"({len(text)} characters); fix the offsets")
                continue
            found = text[span.begin:span.end]
            if found != span.text:
                hint = ""
                at = text.find(span.text)
                if at >= 0:
                    hint = f"; that text is at {at}-{at + len(span.text)}"
                problems.append(f"{owner}: span {span.begin}-{span.end} should read {span.text!r} but the document "
                                f"has {found!r} there{hint}")
    if len(problems) == 1:
        raise SpanMismatchError(f"{origin}: {problems[0]}")
    if problems:
        raise SpanMismatchError(f"{origin}: {len(problems)} mistakes: "
                                + "; ".join(f"({n}) {problem}" for n, problem in enumerate(problems, 1)))
