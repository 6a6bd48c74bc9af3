"""The query guard: what every surface (CLI, Python API, HTTP endpoint) checks before any engine sees a query.

It refuses what kg never does for a user (SERVICE, LOAD, FROM and USING reach outside the store, unless
federation is enabled with an allow-list of endpoints; updates on the read path) and what would crash the
SPARQL engine. pyoxigraph parses and evaluates recursively: deep or long structures overflow its stack and
kill the process with SIGSEGV, not an error. Bracket depth is one such structure; chains of operators, runs
of MINUS or BIND, object lists, property paths and triple patterns are others. Each has a measured count at
which pyoxigraph 0.5 crashes on an 8 MiB stack (``CRASH_AT``, from ``benchmarks/guard_thresholds.py``); a
query may use at most ``1 / SAFETY`` of that stack, its structures' shares added up, since they recurse
through the same calls. A few structures are bounded lower, where the engine's planner alone would run for
minutes (``PLANNING_LIMITS``); evaluation time is for the time limits of each surface. The check is a lexer over the SPARQL 1.1 terminals, linear in the query's length,
so no parser ever sees a query that could crash it.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .errors import QueryRefusedError

__all__ = [
    "CRASH_AT",
    "MAX_NESTING",
    "MAX_QUERY_LENGTH",
    "PLANNING_LIMITS",
    "SAFETY",
    "QueryShape",
    "check_query",
    "limits",
    "scan",
    "writes_default_graph",
]

MAX_QUERY_LENGTH = 100_000
MAX_NESTING = 64
SAFETY = 8
"""A query may use an eighth of the stack at which pyoxigraph crashes (1 MiB of an 8 MiB main-thread stack)."""

CRASH_AT = {
    "nesting": 874,  # nested brackets; FILTER EXISTS { ... } nested is the deepest per level
    "not": 9_583,  # '!' in a chain !!!!true
    "operator": 7_082,  # + - * / : arithmetic chains (1+1+...) and path sequences (p/p/...)
    "bar": 10_937,  # '|': path alternatives; an || chain has two per operator
    "amp": 19_166,  # '&': an && chain has two per operator
    "minus": 2_625,
    "bind": 2_625,
    "select": 2_625,  # subqueries
    "optional": 6_666,
    "union": 6_666,
    "filter": 9_583,
    "group": 8_333,  # '{' groups
    "comma": 8_333,  # object lists (commas outside parentheses)
    "semicolon": 8_333,  # predicate lists, update operations
    "dot": 8_333,  # triple patterns
    "collection": 4_166,  # items of an RDF collection ( 1 2 3 ... )
    "path": 8_333,  # '/' outside parentheses: property path sequences
    "argument": 100_000,  # commas inside parentheses: IN lists and function arguments never crashed it
}
"""Counts at which pyoxigraph 0.5.13 overflows an 8 MiB stack, measured with benchmarks/guard_thresholds.py."""

PLANNING_LIMITS = {
    "dot": 180,
    "comma": 120,
    "semicolon": 100,
    "group": 80,
    "optional": 160,
    "collection": 120,
    "path": 280,
}
"""Counts past which pyoxigraph's query planner alone takes more than about two seconds, even on an empty store
(its time grows with the cube of these counts: 200 triple patterns 3 s, 400 of them 19 s; benchmarks/
guard_thresholds.py --planning). A query over them could run for hours before evaluation starts."""

_WHAT = {
    "nesting": "levels of nested brackets",
    "not": "'!' operators",
    "operator": "arithmetic or path operators (+ - * /)",
    "bar": "'|' characters (|| operators and path alternatives)",
    "amp": "'&' characters (&& operators)",
    "minus": "MINUS blocks",
    "bind": "BIND clauses",
    "select": "SELECT subqueries",
    "optional": "OPTIONAL blocks",
    "union": "UNION branches",
    "filter": "FILTER clauses",
    "group": "{ } groups",
    "comma": "commas in object lists",
    "semicolon": "semicolons (predicate lists)",
    "dot": "triple patterns ('.')",
    "collection": "items of RDF collections",
    "path": "property path steps ('/')",
    "argument": "commas in argument and IN lists",
}
_KEYWORD_COUNTS = {"MINUS": "minus", "BIND": "bind", "SELECT": "select", "OPTIONAL": "optional",
                   "UNION": "union", "FILTER": "filter"}
_CHAR_COUNTS = {"!": "not", "+": "operator", "-": "operator", "*": "operator", "/": "operator", "|": "bar",
                "&": "amp", "{": "group", ",": "comma", ";": "semicolon", ".": "dot"}
# Inside parentheses a comma separates arguments and a slash divides; outside, they build lists and paths.
_IN_PARENTHESES = {",": "argument", "/": "operator"}
_OUTSIDE_PARENTHESES = {"/": "path"}


def limits() -> dict[str, int]:
    """The most of each structure a query may hold on its own: an eighth of its crash count (its share of the
    stack is then 1/SAFETY), or its planning limit when that is lower."""
    return {name: min(count // SAFETY, PLANNING_LIMITS.get(name, count)) for name, count in CRASH_AT.items()}


# A lexer just good enough to tell keywords from strings, IRIs, comments, numbers, variables and prefixed names,
# following the SPARQL 1.1 grammar's terminals; what remains as bare words are keywords and function names.
TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?:(?:[\w\-:%\u00b7\u00c0-\uffff]|\.(?=[\w\-:%]))*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<other>\S)
  | \s+
    """,
    re.VERBOSE | re.DOTALL,
)
_TERMS = {"string", "iri", "var", "pname", "number"}  # items of a collection (keywords such as AS are not)
_UPDATES = {"INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_OUTSIDE = {
    "SERVICE": "SERVICE makes the engine send requests to other hosts",
    "LOAD": "LOAD reads data from outside the store",
    "FROM": "FROM and FROM NAMED name graphs outside the store's own; query the store's graphs with GRAPH",
    "USING": "USING and USING NAMED name graphs outside the store's own; name the store's graphs with GRAPH",
}


@dataclass
class QueryShape:
    """What the lexer found in a query: its form, the size of its structures, and where it reaches out."""

    form: str = "SELECT"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRASH_AT, 0))
    outside: list[tuple[str, str | None, int]] = field(default_factory=list)
    """(keyword, target IRI or None when it is a variable or missing, offset) for SERVICE, LOAD, FROM, USING."""

    @property
    def stack_share(self) -> float:
        """The share of a crashing stack this query's structures add up to (refused above 1/SAFETY)."""
        return sum(count / CRASH_AT[name] for name, count in self.counts.items())


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _iri_value(token: str) -> str:
    # Code-point escapes are allowed inside IRIs; the engine decodes them, so the allow-list sees them decoded.
    inner = token[1:-1]
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)),
                  inner)


def scan(text: str) -> QueryShape:
    """Lex ``text`` once: the form, the counts of ``CRASH_AT``'s structures, and every outbound reference."""
    shape = QueryShape()
    counts = shape.counts
    form = None
    depth = 0
    groups: list[list] = []  # per open bracket: [bracket, previous token was a term]
    prefixes: dict[str, str] = {}
    base = ""
    pending: tuple[str, int] | None = None  # a SERVICE/LOAD/FROM/USING waiting for its target
    declaring: list = []  # PREFIX / BASE declarations in progress
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None or kind == "comment":
            continue
        value = match.group()
        if declaring:
            declaring.append((kind, value))
            if declaring[0][1] == "BASE" and kind == "iri":
                base = urljoin(base, _iri_value(value))
                declaring = []
            elif declaring[0][1] == "PREFIX" and kind == "iri" and len(declaring) == 3:
                prefixes[declaring[1][1].rstrip(":")] = urljoin(base, _iri_value(value))
                declaring = []
            elif len(declaring) > 3:
                declaring = []
            continue
        if pending is not None:
            keyword, offset = pending
            if kind == "word" and value.upper() in ("SILENT", "NAMED"):
                continue
            target = None
            if kind == "iri":
                target = urljoin(base, _iri_value(value))
            elif kind == "pname":
                prefix, _, local = value.partition(":")
                target = prefixes[prefix] + local if prefix in prefixes else None
            shape.outside.append((keyword, target, offset))
            pending = None
        if kind == "open":
            depth += 1
            counts["nesting"] = max(counts["nesting"], depth)
            if value == "{":
                counts["group"] += 1
            groups.append([value, False])
            continue
        if kind == "close":
            depth -= 1
            if groups:
                groups.pop()
            continue
        if groups and groups[-1][0] == "(":
            if kind in _TERMS and groups[-1][1]:
                counts["collection"] += 1
            groups[-1][1] = kind in _TERMS
        if kind == "other":
            in_parentheses = bool(groups) and groups[-1][0] == "("
            name = (_IN_PARENTHESES if in_parentheses else _OUTSIDE_PARENTHESES).get(value) or _CHAR_COUNTS.get(value)
            if name is not None:
                counts[name] += 1
        elif kind == "word":
            word = value.upper()
            if word in _KEYWORD_COUNTS:
                counts[_KEYWORD_COUNTS[word]] += 1
            if word in _OUTSIDE:
                pending = (word, match.start())
            elif word in ("PREFIX", "BASE"):
                declaring = [(kind, word)]
            if word in _UPDATES:
                # No query keyword or function has these names: wherever they stand, this is an update.
                form = "UPDATE"
            if word in _FORMS and form is None:
                form = word
    if pending is not None:
        shape.outside.append((pending[0], None, pending[1]))
    shape.form = form or "SELECT"
    return shape


def check_query(text: str, *, allow_update: bool = False, allow_from: bool = False,
                federation: "tuple[str, ...] | list[str] | None" = None) -> str:
    """Refuse a query kg must never evaluate; return its form (SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE).

    ``federation``: endpoints (exact IRIs) that SERVICE, FROM, USING and LOAD may name; without it they are
    all refused. ``allow_from`` is for callers that replace the query's dataset (the SPARQL Protocol's
    default-graph-uri and named-graph-uri take precedence over FROM), so FROM can no longer read anything.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryRefusedError(f"query refused: {len(text):,} characters is over the limit of "
                                f"{MAX_QUERY_LENGTH:,}; split it into smaller queries")
    shape = scan(text)
    allowed = set(federation or ())
    for keyword, target, offset in shape.outside:
        if keyword == "FROM" and allow_from:
            continue
        if target is not None and target in allowed:
            continue
        where = f"query refused at {_position(text, offset)}: {_OUTSIDE[keyword]}"
        if not allowed:
            raise QueryRefusedError(f"{where}; federation is off (enable it for named endpoints with "
                                    "--allow-service URL, or federation=[URL] in Python)")
        shown = f"<{target}>" if target else "a target that is not a fixed IRI"
        raise QueryRefusedError(f"{where}, and {shown} is not among the allowed endpoints "
                                f"({', '.join(sorted(allowed))})")
    _check_shape(shape)
    if shape.form == "UPDATE" and not allow_update:
        raise QueryRefusedError("query refused: this is an update (INSERT, DELETE, DROP, ...) and the store is "
                                "read-only here; use kg build or kg remove to change the store")
    return shape.form


def _check_shape(shape: QueryShape) -> None:
    counts = shape.counts
    if counts["nesting"] > MAX_NESTING:
        raise QueryRefusedError(f"query refused: brackets nest {counts['nesting']:,} levels deep, over the limit of "
                                f"{MAX_NESTING}; split it into smaller queries")
    allowed = limits()
    for name, count in counts.items():
        if count > allowed[name]:
            why = "more crashes the SPARQL engine" if allowed[name] == CRASH_AT[name] // SAFETY else \
                "more keeps the SPARQL engine's planner busy for minutes"
            raise QueryRefusedError(f"query refused: {count:,} {_WHAT[name]} is over the limit of {allowed[name]:,} "
                                    f"({why}); split it into smaller queries")
    share = shape.stack_share
    if share * SAFETY > 1:
        biggest = sorted(counts, key=lambda name: counts[name] / CRASH_AT[name], reverse=True)[:3]
        listed = ", ".join(f"{counts[name]:,} {_WHAT[name]} (limit {allowed[name]:,})" for name in biggest)
        raise QueryRefusedError(
            f"query refused: its structures together are over the limit of what the SPARQL engine handles "
            f"safely ({share * SAFETY:.0%} of it: {listed}, and each uses the same budget); split it into "
            "smaller queries")


def writes_default_graph(text: str) -> str | None:
    """Where an update writes to the default graph, as "line L, column C: what"; None when it does not.

    kg keeps the default graph as the union of the document graphs, so a write there would be undone (an
    insert) or contradicted (a delete) when the union is brought up to date; writes go to named graphs.
    Found with the lexer: a template's triples outside GRAPH blocks, with no WITH graph; CLEAR/DROP DEFAULT;
    ADD, COPY or MOVE to DEFAULT; MOVE from DEFAULT.
    """
    tokens = [(m.lastgroup, m.group(), m.start()) for m in TOKEN.finditer(text)
              if m.lastgroup not in (None, "comment")]
    with_graph = False
    index = 0
    while index < len(tokens):
        kind, value, offset = tokens[index]
        word = value.upper() if kind == "word" else None
        if kind == "other" and value == ";":
            with_graph = False
        elif word == "WITH":
            with_graph = True
        elif word in ("CLEAR", "DROP"):
            following = [v.upper() for k, v, _ in tokens[index + 1:index + 3] if k == "word"]
            if "DEFAULT" in following:
                return f"{_position(text, offset)}: {word} DEFAULT"
        elif word in ("ADD", "COPY", "MOVE"):
            # ADD [SILENT] (DEFAULT | [GRAPH] iri) TO (DEFAULT | [GRAPH] iri)
            operands = []
            for k, v, _ in tokens[index + 1:index + 8]:
                if k == "other" and v == ";":
                    break
                if k == "word" and v.upper() in ("SILENT", "GRAPH"):
                    continue
                operands.append(v.upper() if k == "word" else v)
            if "TO" in operands:
                at = operands.index("TO")
                if operands[at + 1:at + 2] == ["DEFAULT"]:
                    return f"{_position(text, offset)}: {word} ... TO DEFAULT"
                if word == "MOVE" and operands[:1] == ["DEFAULT"]:
                    return f"{_position(text, offset)}: MOVE DEFAULT (it empties the default graph)"
        elif word in ("INSERT", "DELETE"):
            cursor = index + 1
            if cursor < len(tokens) and tokens[cursor][0] == "word" and tokens[cursor][1].upper() in ("DATA", "WHERE"):
                data_or_where = True
                cursor += 1
            else:
                data_or_where = False
            if cursor < len(tokens) and tokens[cursor][1] == "{":
                end, found = _template_default_triple(tokens, cursor)
                if found is not None and (data_or_where or not with_graph):
                    return f"{_position(text, found)}: a triple outside GRAPH in {word}"
                index = end
                continue
        index += 1
    return None


def _template_default_triple(tokens: list, start: int) -> tuple[int, int | None]:
    """Scan the template opening at ``tokens[start]`` ('{'): the index after it, and the offset of the first
    token of a triple outside any GRAPH block (None when there is none)."""
    depth = 0
    found = None
    index = start
    while index < len(tokens):
        kind, value, offset = tokens[index]
        if value in ("{", "[", "("):
            depth += 1
        elif value in ("}", "]", ")"):
            depth -= 1
            if depth == 0:
                return index + 1, found
        elif depth == 1 and kind == "word" and value.upper() == "GRAPH":
            # GRAPH <g> { ... }: skip the name and the whole block.
            index += 2
            if index < len(tokens) and tokens[index][1] == "{":
                inner = 0
                while index < len(tokens):
                    if tokens[index][1] in ("{", "[", "("):
                        inner += 1
                    elif tokens[index][1] in ("}", "]", ")"):
                        inner -= 1
                        if inner == 0:
                            break
                    index += 1
            index += 1
            continue
        elif depth == 1 and found is None and not (kind == "other" and value == "."):
            found = offset
        index += 1
    return index, found
