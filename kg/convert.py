"""Moving RDF between pyoxigraph and rdflib terms, and writing graphs in the formats kg exports."""

from pathlib import Path

import pyoxigraph as ox

from .errors import KgError

__all__ = ["EXPORT_FORMATS", "format_for_path", "ox_term_to_rdflib", "ox_triples_to_rdflib", "serialize_graph"]

EXPORT_FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "trig": "trig",
    "xml": "xml",
    "graphml": "graphml",
}
_EXTENSIONS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig",
               ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".graphml": "graphml"}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def ox_term_to_rdflib(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # rdflib tells "x" from "x"^^xsd:string; RDF 1.1 does not
        if term.datatype.value == _XSD_DECIMAL and "." not in term.value and "e" not in term.value.lower():
            # Oxigraph writes the decimal 1.0 as "1", rdflib's Turtle writer as 1.0: settle on "1.0" so a
            # graph read from the store survives a Turtle round trip unchanged.
            return Literal(term.value + ".0", datatype=URIRef(_XSD_DECIMAL))
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise KgError(f"RDF 1.2 triple terms are not supported: {term}")


def ox_triples_to_rdflib(triples):
    from rdflib import Graph

    from .namespaces import PREFIXES

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    convert = ox_term_to_rdflib
    for t in triples:
        graph.add((convert(t.subject), convert(t.predicate), convert(t.object)))
    return graph


def format_for_path(path: str | Path, given: str | None = None) -> str:
    """The export format: the one given, else guessed from the file extension, else Turtle."""
    if given:
        if given not in EXPORT_FORMATS:
            raise KgError(f"unknown format {given!r}; valid: turtle, nt, jsonld, trig, xml, graphml")
        return given
    suffix = Path(path).suffix.lower() if path else ""
    if suffix and suffix not in _EXTENSIONS:
        raise KgError(f"{path}: cannot tell the format from {suffix!r}; use one of "
                      f"{', '.join(_EXTENSIONS)} or give --format")
    return _EXTENSIONS.get(suffix, "turtle")


def serialize_graph(graph, fmt: str, *, graph_name: str | None = None) -> bytes:
    """Serialize an rdflib graph; ``graphml`` goes through the networkx view (literals as attributes)."""
    fmt = EXPORT_FORMATS[fmt]
    if fmt == "graphml":
        import io

        import networkx as nx

        from .network import to_networkx

        buffer = io.BytesIO()
        nx.write_graphml(to_networkx(graph, graphml_safe=True), buffer)
        return buffer.getvalue()
    if fmt == "trig":
        from rdflib import Dataset, URIRef

        dataset = Dataset()
        for prefix, iri in graph.namespaces():
            dataset.bind(prefix, iri)
        target = dataset.graph(URIRef(graph_name)) if graph_name else dataset.default_graph
        for triple in graph:
            target.add(triple)
        return dataset.serialize(format="trig").encode("utf-8")
    return graph.serialize(format=fmt).encode("utf-8")
