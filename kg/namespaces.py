"""The IRIs kg mints: ontology namespace, data base IRI and the shape of every resource IRI.

IRIs are built only from slugs and integers, so no user text can produce an invalid IRI; the same input
always gives the same IRI, which makes rebuilding idempotent and lets two documents share an entity node.
"""

import os

from rdflib import Namespace, URIRef

from .documents import slugify

__all__ = ["DCTERMS", "KG", "NIF", "ONTOLOGY_IRI", "PREFIXES", "PROV", "Minter", "data_base_iri"]



class _Namespace(Namespace):
    """An rdflib Namespace that makes each term once: rdflib's builds a new URIRef (IRI checks included) on
    every ``KG.evidence``, which was a tenth of the time of building a document's triples."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # copy, pickle and friends probe for these
            raise AttributeError(name)
        term = self.term(name)
        setattr(self, name, term)
        return term


ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
KG = _Namespace(ONTOLOGY_IRI + "#")
NIF = _Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = _Namespace("http://www.w3.org/ns/prov#")
DCTERMS = _Namespace("http://purl.org/dc/terms/")
DEFAULT_DATA_BASE = "https://w3id.org/kg-news/id/"

PREFIXES = {
    "kg": str(KG),
    "nif": str(NIF),
    "prov": str(PROV),
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def data_base_iri() -> str:
    """Base IRI of data resources: ``$KG_BASE_IRI`` or kg's default; always ends with ``/`` or ``#``."""
    base = os.environ.get("KG_BASE_IRI") or DEFAULT_DATA_BASE
    return base if base.endswith(("/", "#")) else base + "/"


class Minter:
    """Mints the IRIs of one document's resources (see docs/design.md, "Resource IRIs")."""

    def __init__(self, document_slug: str, *, base: str | None = None):
        self.base = base or data_base_iri()
        self.doc_slug = document_slug

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def entity(self, entity_type: str, name: str) -> URIRef:
        kind = "person" if entity_type == "Person" else "organization"
        return self._iri(kind, slugify(name))

    def programme(self, name: str) -> URIRef:
        return self._iri("programme", slugify(name))

    def document(self) -> URIRef:
        return self._iri("document", self.doc_slug)

    def graph(self) -> URIRef:
        return self._iri("graph", self.doc_slug)

    def span(self, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.document()}#char={begin},{end}")

    def fact(self, fact_id: str) -> URIRef:
        return self._iri("fact", self.doc_slug, slugify(fact_id))

    def variable(self, measure: str) -> URIRef:
        return self._iri("variable", slugify(measure))

    def source(self, name: str) -> URIRef:
        return self._iri("source", self.doc_slug, slugify(name))
