"""Content negotiation for the endpoint: the media types kg answers in, and the Accept header's choice among them."""

from collections.abc import Sequence

import pyoxigraph as ox

__all__ = ["BOOLEAN_TYPES", "GRAPH_TYPES", "OFFERS", "RESULTS_TYPES", "kind_of_form", "negotiate"]

# Media types a client can ask for, in the server's order of preference (the first wins for */* or no Accept).
# Aliases map to the same serializer; the response carries the media type the client asked for.
RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
# CSV and TSV define no form for a boolean, so ASK answers only in JSON or XML.
BOOLEAN_TYPES = {media_type: fmt for media_type, fmt in RESULTS_TYPES.items()
                 if fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-json+ld": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
}
OFFERS = {"solutions": RESULTS_TYPES, "boolean": BOOLEAN_TYPES, "graph": GRAPH_TYPES}
_KIND_OF_FORM = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def kind_of_form(form: str) -> str:
    """The kind of answer (solutions, boolean or graph) a query form gives."""
    return _KIND_OF_FORM.get(form, "solutions")

def _parse_accept(accept: str) -> list[tuple[str, str, float]]:
    """An Accept header as (type, subtype, q) ranges; malformed ranges are skipped, as RFC 9110 allows."""
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = -1.0
        if q >= 0:
            ranges.append((kind, subtype, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client rates highest under an Accept header, or None when it accepts none of them.

    Each offer takes the q of the most specific range that matches it (``text/csv`` over ``text/*`` over
    ``*/*``), so ``text/*;q=0.5, text/csv`` rates CSV 1 and ``*/*, text/csv;q=0`` excludes CSV. Ties go to
    the earlier offer (the server's preference). No or an empty Accept header accepts the first offer.
    """
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = _parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        kind, _, subtype = offer.lower().partition("/")
        specificity, q = -1, 0.0
        for range_kind, range_subtype, range_q in ranges:
            if range_kind == kind and range_subtype == subtype:
                rank = 2
            elif range_kind == kind and range_subtype == "*":
                rank = 1
            elif range_kind == "*":
                rank = 0
            else:
                continue
            if rank > specificity:
                specificity, q = rank, range_q
        if q > best_q:
            best, best_q = offer, q
    return best
