"""SPARQL for users: named queries, safety checks before evaluation, parameters as RDF terms, result formats.

Every front end (CLI, Python API, HTTP endpoint) passes user queries through ``check_query`` (``kg.guard``)
first: it refuses SERVICE, LOAD, FROM (reaching outside the store), updates on the read path, and over-long or
over-deep queries (which crash pyoxigraph), before any engine sees the text.
Parameters are bound as RDF terms (pyoxigraph substitutions, or a VALUES block for remote stores), never by
formatting strings into the query.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, QuerySyntaxError
from .guard import MAX_NESTING, MAX_QUERY_LENGTH, TOKEN, check_query
from .namespaces import PREFIXES
from .paths import queries_dir

__all__ = [
    "MAX_NESTING",
    "MAX_QUERY_LENGTH",
    "RESULT_FORMATS",
    "NamedQuery",
    "QueryParam",
    "bind_params",
    "check_declared_params",
    "check_query",
    "declared_params",
    "format_solutions",
    "format_syntax_error",
    "named_queries",
    "named_query",
    "parse_param",
    "parse_params",
    "query_variables",
    "resolve_query",
    "syntax_error_in",
]

# The guard and its lexer live in kg.guard; they are re-exported here, where callers have always found them.
_TOKEN = TOKEN


def query_variables(text: str) -> set[str]:
    """Names of the variables a query mentions (for checking ``--param`` names)."""
    return {m.group()[1:] for m in _TOKEN.finditer(text) if m.lastgroup == "var"}


@dataclass(frozen=True)
class QueryParam:
    """A parameter a query declares in its leading comments: ``# param NAME: what it is, e.g. ...``."""

    name: str
    description: str


_PARAM_LINE = re.compile(r"#\s*param\s+\??([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)")


def declared_params(text: str) -> tuple[QueryParam, ...]:
    """The parameters declared in the comment lines at the top of a query (named query or ``.rq`` file)."""
    found = []
    for line in text.lstrip().splitlines():
        line = line.strip()
        if not line.startswith("#"):
            break
        match = _PARAM_LINE.fullmatch(line)
        if match:
            found.append(QueryParam(match.group(1), match.group(2).strip()))
    return tuple(found)


def check_declared_params(text: str, given, label: str = "query") -> None:
    """Refuse to run a query without a value for each parameter it declares, listing them all."""
    declared = declared_params(text)
    missing = [param.name for param in declared if param.name not in given]
    if missing:
        described = "; ".join(f"{param.name}: {param.description}" for param in declared)
        raise QueryError(f"{label} needs a value for {', '.join(missing)} (its parameters: {described}); "
                         f"bind each with --param NAME=VALUE, or as a keyword argument in Python")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    text: str
    path: Path

    @property
    def params(self) -> tuple[QueryParam, ...]:
        return declared_params(self.text)


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise QueryError(f"{path}: no such query file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot be read as UTF-8 text ({e})") from e


def named_queries() -> dict[str, NamedQuery]:
    """The competency queries shipped in ``queries/``, by name."""
    found = {}
    for path in sorted(queries_dir().glob("*.rq")):
        text = _read_query_file(path)
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        question = first.lstrip("#").strip() if first.startswith("#") else ""
        found[path.stem] = NamedQuery(path.stem, question, text, path)
    return found


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown named query {name!r}; valid names: {', '.join(queries)}")
    return queries[name]


def resolve_query(spec: str | None, *, inline: str | None = None) -> tuple[str, str]:
    """Turn a named query, a ``.rq`` file path or inline text into ``(label, sparql)``."""
    if inline is not None:
        return "inline query", inline
    if spec is None:
        raise QueryError("give a named query, a .rq file or -e SPARQL")
    if spec.endswith((".rq", ".sparql")) or "/" in spec or Path(spec).is_file():
        path = Path(spec)
        return str(path), _read_query_file(path)
    return spec, named_query(spec).text


_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_CURIE = re.compile(r"([A-Za-z][\w\-]*):([\w\-./#]+)")


def parse_param(spec: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` to a variable name and an RDF term.

    ``<iri>`` and known-prefix names (``kg:Person``) become IRIs, integers and decimals typed literals, and
    anything else a plain string literal, whatever quotes or braces it holds: it is a value, never query text.
    """
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param {spec!r}: expected NAME=VALUE with NAME a variable name, e.g. name=Thorn")
    if value.startswith("<"):
        if not value.endswith(">") or not re.fullmatch(r"<[^<>\"{}|^`\\\x00-\x20]+>", value):
            raise QueryError(f"--param {name}: {value!r} is not a valid IRI; write <https://...> with no spaces, "
                             "quotes, braces or angle brackets inside, or give a plain value for a string")
        try:
            return name, ox.NamedNode(value[1:-1])
        except ValueError as e:
            raise QueryError(f"--param {name}: {value!r} is not a valid IRI ({e})") from e
    curie = _CURIE.fullmatch(value)
    if curie and curie.group(1) in PREFIXES:
        return name, ox.NamedNode(PREFIXES[curie.group(1)] + curie.group(2))
    if curie and curie.group(1) == "id":
        from .namespaces import data_base_iri

        return name, ox.NamedNode(data_base_iri() + curie.group(2))
    if _INTEGER.fullmatch(value):
        return name, ox.Literal(value, datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if _DECIMAL.fullmatch(value):
        return name, ox.Literal(value, datatype=ox.NamedNode(PREFIXES["xsd"] + "decimal"))
    return name, ox.Literal(value)


def parse_params(specs: list[str], query_text: str) -> dict[str, ox.NamedNode | ox.Literal]:
    """Parse every ``--param`` and check it names a variable the query uses."""
    params = dict(parse_param(spec) for spec in specs)
    known = query_variables(query_text)
    for name in params:
        if name not in known:
            raise QueryError(f"--param {name}: the query has no variable ?{name}; its variables: "
                             + (", ".join(sorted(known)) or "none"))
    return params


def bind_params(text: str, params: dict[str, ox.NamedNode | ox.Literal], label: str = "query") -> str:
    """The query with ``params`` bound by a VALUES block at the top of its WHERE group.

    A query that declares parameters (``declared_params``) must be given all of them.

    Terms are serialized by pyoxigraph (escaping included), so a value can never become query text. At the
    top of the group the values are joined before any FILTER runs, so filter-only variables work too (a
    trailing VALUES clause would bind them too late; pyoxigraph's substitutions need projected variables).
    """
    check_declared_params(text, params or {}, label)
    if not params:
        return text
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(term) for term in params.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    seen_where = False
    first_brace = None
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word" and match.group().upper() == "WHERE":
            seen_where = True
        elif match.lastgroup == "open" and match.group() == "{":
            if seen_where:
                return text[: match.end()] + block + text[match.end():]
            if first_brace is None:
                first_brace = match.end()
    form = check_query(text)
    if first_brace is None or form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError("cannot bind --param: the query has no WHERE group")
    return text[:first_brace] + block + text[first_brace:]


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_SHOWN_EXPECTATIONS = 6


def format_syntax_error(error: SyntaxError, label: str, text: str | None = None) -> QuerySyntaxError:
    """pyoxigraph's "error at 3:14: expected one of ..." as a short message naming the query, line and column.

    The parser's expectation list is cut to the keywords and punctuation a person would type (its Unicode
    character ranges say nothing useful); an undeclared prefix is named with the declaration to add. With the
    query ``text``, the error's ``excerpt`` is the line at fault with a caret under the column.
    """
    message = str(error)
    match = _ERROR_AT.match(message)
    if not match:
        return QuerySyntaxError(f"{label}: SPARQL syntax error: {message.splitlines()[0] if message else ''}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    source_line, last_line = None, True
    if text is not None:
        lines = text.rstrip().split("\n")
        if 1 <= line <= len(lines):
            source_line, last_line = lines[line - 1].rstrip("\r"), line == len(lines)
    what = _short_expectation(detail, source_line, column, last_line=last_line)
    excerpt = ""
    if source_line is not None:
        shown = source_line.replace("\t", " ")
        excerpt = f"  {shown}\n  {' ' * max(0, column - 1)}^"
    return QuerySyntaxError(f"{label}: SPARQL syntax error at line {line}, column {column}: {what}",
                            line=line, column=column, excerpt=excerpt)


def syntax_error_in(text: str, error: SyntaxError, label: str, params: dict | None = None) -> QuerySyntaxError:
    """The syntax error of ``text`` as its author wrote it.

    With ``params`` the engine saw the text with a VALUES block inserted, so its columns are off: the text
    as written is parsed again on an empty store for the position.
    """
    if params:
        try:
            ox.Store().query(text)
        except SyntaxError as unbound:
            error = unbound
    return format_syntax_error(error, label, text)


_EXPECTATION = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s]+')


def _short_expectation(detail: str, source_line: str | None, column: int, *, last_line: bool = True) -> str:
    if "Prefix not found" in detail:
        prefix = None
        if source_line is not None:
            found = re.search(r"([A-Za-z][\w\-.]*)?:[\w\-.]*$", source_line[: column - 1])
            prefix = (found.group(1) or "") if found else None
        if prefix is not None:
            known = PREFIXES.get(prefix)
            declaration = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <...>"
            return f"the prefix {prefix}: is not declared; add {declaration} before the query"
        return "a prefix is not declared; add PREFIX name: <IRI> before the query"
    expectations = re.sub(r"^expected (one of )?", "", detail.strip())
    # Keywords and quoted punctuation stay; character classes ([...], the catch-all [_]) and escapes go.
    readable = [token for token in _EXPECTATION.findall(expectations)
                if not token.startswith("[") and "\\" not in token]
    found = ""
    if source_line is not None:
        start = column - 1
        while 0 < start <= len(source_line) and (source_line[start - 1].isalnum() or source_line[start - 1] == "_"):
            start -= 1  # the whole word the column falls in
        rest = source_line[start:].strip()
        if rest:
            found = f"unexpected {rest.split()[0]!r}"
        else:
            found = "unexpected end of the query" if last_line else "unexpected end of the line"
    if not readable:
        return found + " (an unclosed quote, bracket or brace?)" if "end of the query" in found else (
            found or "the query cannot be read here")
    shown = ", ".join(readable[:_SHOWN_EXPECTATIONS]) + (", ..." if len(readable) > _SHOWN_EXPECTATIONS else "")
    expected = f"expected {shown}" if len(readable) == 1 else f"expected one of {shown}"
    return f"{found}; {expected}" if found else expected


RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml")
_SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        from .namespaces import data_base_iri

        base = data_base_iri()
        if term.value.startswith(base):
            return "id:" + term.value[len(base):]
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def format_solutions(result, fmt: str) -> bytes:
    """Serialize a pyoxigraph SELECT/ASK result in one of ``RESULT_FORMATS``."""
    if fmt in _SOLUTION_FORMATS:
        return result.serialize(format=_SOLUTION_FORMATS[fmt])
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; valid: {', '.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QueryBoolean):
        return (("yes" if bool(result) else "no") + "\n").encode()
    names = [v.value for v in result.variables]
    rows = [[_short(solution[name]).replace("\n", " ") for name in names] for solution in result]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return ("\n".join(out) + "\n").encode("utf-8")
