"""The exceptions kg raises on purpose: one base class, a few specific kinds.

Every message says what went wrong, where (file, line, column or offset) and what to do.
The CLI turns a ``KgError`` into a one-line message and exit code 1; anything else is a bug.
"""

__all__ = [
    "DocumentError",
    "FactsError",
    "KgError",
    "MissingExtraError",
    "QueryError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "SpanMismatchError",
    "StoreError",
    "StoreInUseError",
    "ValidationError",
]


class KgError(Exception):
    """Base class of the errors kg reports to its user."""


class MissingExtraError(KgError):
    """An optional dependency is not installed; the message names the extra that brings it."""


class DocumentError(KgError):
    """A source document is missing, unreadable, empty, binary or not decodable."""


class FactsError(KgError):
    """A facts (curation) file is malformed: bad JSON, an unknown key, a dangling reference."""


class SpanMismatchError(FactsError):
    """A span's offsets do not point at its recorded text in the document."""


class QueryError(KgError):
    """A SPARQL query cannot be run: syntax error, unknown named query, bad parameter."""


class QuerySyntaxError(QueryError):
    """A query that does not parse. ``str()`` is one line (where, and what was expected); ``excerpt`` is the
    query line at fault with a caret under the column, for front ends that can show more than one line."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None, excerpt: str = ""):
        super().__init__(message)
        self.line = line
        self.column = column
        self.excerpt = excerpt


class QueryRefusedError(QueryError):
    """A query asks for something kg never does for a user (SERVICE, LOAD, FROM, updates)."""


class QueryTimeoutError(QueryError):
    """A query ran past its time budget and was stopped."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreInUseError(StoreError):
    """Another process holds the store's write lock."""


class ValidationError(KgError):
    """The graph violates the SHACL shapes or makes the ontology inconsistent."""
