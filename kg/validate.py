"""SHACL validation of kg instance data, and loading of the ontology files that describe it.

``validate_shapes`` checks a graph against ``ontology/shapes.ttl`` with pySHACL and returns a short report
that names each violating node, the property and what is wrong. ``load_ontology`` and ``load_shapes`` read the
bundled Turtle files (also used by ``kg.reason``).

Security: nothing here fetches anything. Ontology and shape files are read as bytes and parsed with an
explicit format (rdflib never sees a path or URL it could dereference), pySHACL is told not to follow
``owl:imports``, and custom shapes whose SPARQL would reach outside the graph (SERVICE, LOAD, FROM) are
refused, since pySHACL runs shape SPARQL with rdflib, which fetches those.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH

from .errors import ValidationError
from .namespaces import PREFIXES
from .paths import ontology_dir

__all__ = ["Report", "Validation", "Violation", "load_ontology", "load_shapes", "validate", "validate_shapes"]

# Keywords that make rdflib's SPARQL engine leave the graph: SERVICE calls out, LOAD and FROM read URLs/files.
_OUTSIDE = re.compile(r"\b(SERVICE|LOAD|FROM)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property (if any), what is wrong, and the offending value."""

    focus: rdflib.term.Node
    path: rdflib.term.Node | None
    message: str
    value: rdflib.term.Node | None = None
    severity: str = "Violation"


@dataclass(frozen=True)
class Report:
    """What ``validate_shapes`` found: ``conforms``, each violation, and a readable multi-line ``text``."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str

    def __bool__(self) -> bool:
        return self.conforms


class _ParseOnceGraph(rdflib.Graph):
    """A private working copy of the data whose SPARQL queries are parsed once per distinct text.

    pySHACL runs each SPARQL-based constraint once per focus node with the same text (``$this`` goes in as a
    binding), and rdflib parses the text every time: about 40 ms a query, so 0.1 s per text span. Preparing
    each distinct text once makes span checks cost microseconds.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepare(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=128)
def _prepare(text: str):
    # A prepared query is an immutable algebra tree: safe to share between calls.
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _read_turtle(path: Path, *, what: str) -> rdflib.Graph:
    # Bytes + explicit format: rdflib resolves nothing, whatever the file name looks like.
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ValidationError(
            f"cannot read the {what} {path}: {e.strerror}; reinstall kg or pass a file"
        ) from e
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format="turtle", publicID=path.resolve().as_uri())
    except (SyntaxError, ValueError) as e:  # rdflib's BadSyntax is a SyntaxError
        raise ValidationError(f"the {what} {path} is not valid Turtle: {e}") from e
    return graph


def load_ontology(*, alignment: bool = False) -> rdflib.Graph:
    """The core ontology ``ontology/kg.ttl`` as a graph; with ``alignment=True`` also ``alignment.ttl``."""
    graph = _read_turtle(ontology_dir() / "kg.ttl", what="ontology")
    if alignment:
        graph += _read_turtle(ontology_dir() / "alignment.ttl", what="alignment")
    return graph


def load_shapes(path: Path | None = None) -> rdflib.Graph:
    """The SHACL shapes: ``ontology/shapes.ttl``, or the Turtle file at ``path``."""
    return _read_turtle(path or ontology_dir() / "shapes.ttl", what="shapes file")


def _refuse_outside_sparql(shapes: rdflib.Graph) -> None:
    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for node, text in shapes.subject_objects(predicate):
            match = _OUTSIDE.search(str(text))
            if match:
                raise ValidationError(
                    f"the shapes' SPARQL at {node.n3()} uses {match.group(1).upper()}, which would make the "
                    "validator read from outside the graph; remove it from the shapes"
                )


def _short(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, rdflib.URIRef):
        return node.n3(graph.namespace_manager)
    if isinstance(node, rdflib.Literal):
        text = str(node)
        from .build import shorten

        short = rdflib.Literal(shorten(text, 60)) if len(text) > 60 else node
        return short.n3(graph.namespace_manager)
    return node.n3()


def _path_text(results: rdflib.Graph, path: rdflib.term.Node | None) -> str:
    if path is None:
        return "-"
    if isinstance(path, rdflib.BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _short(results, inverse)
        return "(complex path)"
    return _short(results, path)


def _violations(results: rdflib.Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        found.append(
            Violation(
                focus=focus,
                path=path,
                message="; ".join(messages)
                or "violates " + _short(results, results.value(result, SH.sourceShape)),
                value=value,
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    found.sort(key=lambda v: (str(v.focus), str(v.path), v.message))
    return found


def _format(results: rdflib.Graph, violations: list[Violation]) -> str:
    if not violations:
        return "the graph conforms to the kg shapes"
    noun = "violation" if len(violations) == 1 else "violations"
    lines = [f"{len(violations)} {noun} of the kg shapes:"]
    for v in violations:
        focus = f"<{v.focus}>" if isinstance(v.focus, rdflib.URIRef) else _short(results, v.focus)
        line = f"- {focus} {_path_text(results, v.path)}: {v.message}"
        # The value is worth showing when it is not just the focus node again.
        if v.value is not None and v.value != v.focus:
            line += f" (value {_short(results, v.value)})"
        if v.severity != "Violation":
            line += f" [{v.severity}]"
        lines.append(line)
    return "\n".join(lines)


def validate_shapes(
    data: rdflib.Graph, *, shapes: rdflib.Graph | None = None, ontology: rdflib.Graph | None = None
) -> Report:
    """Check ``data`` against the kg SHACL shapes (or ``shapes``) and report every violation.

    The ontology (``kg.ttl`` unless ``ontology`` is given) is mixed into a copy of the data so that targets
    and ``sh:class`` see the class hierarchy; ``data`` itself is not modified. The named graphs of a
    ``Dataset`` are validated as one graph (their union): in kg, meaning never depends on graph names. Custom
    shapes are code: their SPARQL runs against the data, so shapes that would reach outside the graph are
    refused with ``ValidationError``.
    """
    from .extras import import_extra

    # heavy and optional: only `kg validate` pays for it
    pyshacl = import_extra("pyshacl", extra="validate", feature="kg validate")

    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    _refuse_outside_sparql(shapes)
    work = _ParseOnceGraph()
    # A Dataset's triples() sees only its default graph; quads() sees every named graph.
    triples = data.quads((None, None, None, None)) if isinstance(data, rdflib.ConjunctiveGraph) else data
    for s, p, o, *_ in triples:
        work.add((s, p, o))
    work += ontology
    conforms, results, _text = pyshacl.validate(
        work,
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        inplace=True,  # on our private copy, which must stay a _ParseOnceGraph
        do_owl_imports=False,
        allow_warnings=False,
    )
    for prefix, namespace in PREFIXES.items():
        results.bind(prefix, namespace, override=True)
    violations = _violations(results)
    return Report(conforms=bool(conforms), violations=tuple(violations), text=_format(results, violations))


@dataclass(frozen=True)
class Validation:
    """What ``validate`` found: the SHACL report and, when the reasoner ran, the OWL verdict."""

    shapes: Report
    reasoned: bool
    """True when HermiT checked OWL consistency (``reasoner=True``)."""
    inconsistency: str | None = None
    """Why the graph is inconsistent with the ontology; None when it is consistent or was not reasoned over."""

    @property
    def conforms(self) -> bool:
        return self.shapes.conforms and self.inconsistency is None

    def __bool__(self) -> bool:
        return self.conforms

    def messages(self) -> list[tuple[bool, str]]:
        """``(ok, text)`` per check, in the order they ran: SHACL, then OWL when reasoned."""
        found = [(True, "SHACL: the graph conforms to the shapes") if self.shapes.conforms
                 else (False, self.shapes.text)]
        if self.reasoned:
            found.append((True, "OWL: the graph is consistent with the ontology (HermiT)")
                         if self.inconsistency is None else (False, f"OWL: {self.inconsistency}"))
        return found


def validate(data: rdflib.Graph, *, reasoner: bool = True) -> Validation:
    """SHACL shapes (pySHACL) and, unless ``reasoner=False``, OWL consistency (HermiT): what ``kg validate`` runs.

    A violation or an inconsistency is reported in the result, not raised; a missing extra, Java or a graph
    HermiT cannot read raise ``KgError``.
    """
    report = validate_shapes(data)
    if not reasoner:
        return Validation(report, reasoned=False)
    from .reason import check_consistency

    try:
        check_consistency(data)
    except ValidationError as e:
        return Validation(report, reasoned=True, inconsistency=str(e))
    return Validation(report, reasoned=True)
