"""Where kg's data IRIs live on the server: the mapping between the data base IRI and the paths under ``/id/``.

The data says ``https://w3id.org/kg-news/id/person/ashton-kutcher``; the server answers it at
``/id/person/ashton-kutcher``. The mapping is configurable, so a store built with another base
(``KG_BASE_IRI``) is served with paths that agree with its IRIs: a base that is itself an http(s) URL keeps its
own path (``https://news.example.org/kg/id/`` is served under ``/kg/id/``); kg's default w3id base, which
redirects to wherever the data is served, maps to ``/id/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from ..namespaces import DEFAULT_DATA_BASE, data_base_iri

__all__ = ["DEFAULT_PATH", "ENTITY_KINDS", "KINDS", "IriMapping"]

DEFAULT_PATH = "/id/"
KINDS = ("person", "organization", "programme", "document", "fact", "variable", "source", "graph")
"""The first segment of every data IRI kg mints (docs/design.md, "Resource IRIs")."""
ENTITY_KINDS = ("person", "organization")
# What a slug (or the slugs of a fact or source IRI) may hold: slugify keeps ASCII letters, digits and hyphens,
# and percent-encodes the UTF-8 bytes of names with no ASCII form; a segment never starts with a dot.
_SEGMENT = r"(?:[A-Za-z0-9_~-]|%[89A-F][0-9A-F])(?:[A-Za-z0-9._~-]|%[89A-F][0-9A-F])*"
_LOCAL = re.compile(f"{_SEGMENT}(?:/{_SEGMENT})*")


@dataclass(frozen=True)
class IriMapping:
    """Data IRIs under ``base`` are served at ``path`` + the rest of the IRI."""

    base: str
    path: str

    @classmethod
    def for_base(cls, base: str | None = None, *, path: str | None = None) -> IriMapping:
        """The mapping for a data base IRI (``KG_BASE_IRI`` or kg's default when None).

        ``path`` forces the server path; otherwise an http(s) base other than kg's default keeps its own path,
        and every other base (the default, a URN, a bare host) is served under ``/id/``.
        """
        base = base or data_base_iri()
        if not base.endswith(("/", "#")):
            base += "/"
        if path is None:
            parts = urlsplit(base)
            own = parts.path if parts.scheme in ("http", "https") else ""
            path = own if base != DEFAULT_DATA_BASE and own not in ("", "/") and not parts.fragment else DEFAULT_PATH
        if not path.startswith("/"):
            path = "/" + path
        if not path.endswith("/"):
            path += "/"
        return cls(base=base, path=path)

    def path_of(self, iri: str) -> str | None:
        """The server path of a data IRI (with its fragment), or None for an IRI outside the data base."""
        if not iri.startswith(self.base):
            return None
        return self.path + iri[len(self.base):]

    def iri_of(self, path: str) -> str | None:
        """The data IRI a server path names, or None when the path is not one kg could have minted.

        ``path`` may be percent-decoded (as ASGI servers pass it): slugs of names with no ASCII form are
        percent-encoded again, the way ``slugify`` wrote them.
        """
        if not path.startswith(self.path):
            return None
        local = quote(unquote(path[len(self.path):]), safe="/-._~")
        if not _LOCAL.fullmatch(local) or local.split("/", 1)[0] not in KINDS or "/" not in local:
            return None
        return self.base + local

    def kind_of(self, iri: str) -> str | None:
        """``person``, ``document``, ``fact``... for a data IRI; None outside the data base."""
        if not iri.startswith(self.base):
            return None
        kind = iri[len(self.base):].split("/", 1)[0]
        return kind if kind in KINDS else None
