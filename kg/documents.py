"""Reading source documents: bytes on disk to one clean, offset-stable text per document.

Owns decoding (UTF-8 by default, a named fallback only when asked), refusal of empty and binary files,
Unicode normalization, and finding documents in folders. Offsets everywhere in kg are code points into
``Document.text``.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from .errors import DocumentError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Document",
    "Sources",
    "curation_path",
    "document_from_text",
    "find_documents",
    "is_document",
    "read_document",
    "scan_sources",
    "slugify",
]

# C0 controls other than tab, newline and carriage return cannot be written to RDF/XML and read back;
# they are replaced by a space (not removed) so every offset after them stays put.
HTML_SUFFIXES = (".html", ".htm")
DOCUMENT_SUFFIXES = (".txt", *HTML_SUFFIXES)
"""What kg reads as an article: plain text, or a saved web page (through trafilatura, the ``html`` extra)."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY_SIGNATURES = {b"%PDF": "a PDF", b"PK\x03\x04": "a ZIP or Office file", b"\x89PNG": "a PNG image",
                      b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x7fELF": "an executable"}


@dataclass(frozen=True)
class Document:
    """One source text, as kg stores it, with what a saved web page says about it."""

    name: str
    """File name (``thorn-kutcher.txt``); the document's identity within a store."""
    text: str
    path: Path | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=())
    title: str | None = None
    published: date | None = None
    """Publication date (from a web page's metadata): it dates events the text dates only by weekday."""
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    url: str | None = None

    @property
    def metadata_key(self) -> str:
        """The metadata as one line, for build keys: the graph depends on it as on the text."""
        if not (self.title or self.published or self.authors or self.site_name or self.url):
            return ""
        return repr((self.title, self.published and self.published.isoformat(), self.authors, self.site_name,
                     self.url))

    @property
    def slug(self) -> str:
        return slugify(Path(self.name).stem)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset, for messages."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


_APOSTROPHES = re.compile("[’‘'`]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slugify(value: str) -> str:
    """A lowercase ASCII slug for IRIs: ``Ashton Kutcher`` -> ``ashton-kutcher``.

    Characters with no ASCII form are kept percent-encoded so distinct names keep distinct slugs. Cached: a
    build slugs the same names over and over (every entity of every document, when merges are resolved).
    """
    # Apostrophes vanish rather than split words, so O'Brien and O’Brien share one slug.
    value = _APOSTROPHES.sub("", value)
    ascii_form = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_form.lower()).strip("-")
    if slug:
        return slug
    from urllib.parse import quote

    return quote(value.strip().lower(), safe="") or "unnamed"


def document_from_text(name: str, raw_text: str, *, path: Path | None = None, encoding: str = "utf-8",
                       warnings: tuple[str, ...] = ()) -> Document:
    """Normalize text (NFC, control characters to spaces) and refuse a text with nothing to read."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", raw_text))
    if not text.strip():
        where = path or name
        raise DocumentError(f"{where}: the document is empty; give a file with some text in it")
    return Document(name=name, text=text, path=path, encoding=encoding, warnings=warnings)


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 byte-order mark is an explicit declaration; honour it.
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DocumentError(f"{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                                f"at byte {e.start}; re-save the file as UTF-8") from e
    chosen = encoding or "utf-8-sig"
    try:
        return data.decode(chosen), chosen
    except LookupError as e:
        raise DocumentError(f"unknown encoding {encoding!r}; use a Python codec name such as utf-8 or cp1252") from e
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start:e.start + 4]
        raise DocumentError(
            f"{path}: not valid {chosen.replace('-sig', '')} at byte {e.start} (line {line}, bytes {bad!r}); "
            "re-save it as UTF-8 or pass --encoding cp1252 (or latin-1) if that is what it is") from e


DEFAULT_MAX_CHARS = 500_000
"""Longest document read by default (``--max-chars``): some 80,000 words, past any news article; extraction
takes about 90 s per million characters, so a limit keeps a stray book or log file from holding a build."""


def _too_long(path: Path, max_chars: int, *, chars: int | None = None, size: int | None = None) -> DocumentError:
    amount = f"{chars:,} characters is" if chars is not None else f"{size:,} bytes are"
    return DocumentError(f"{path}: {amount} over the limit of {max_chars:,} characters for one document; "
                         "split it into articles, or raise the limit with --max-chars")


def read_document(path: str | Path, *, encoding: str | None = None, max_chars: int | None = None) -> Document:
    """Read one text file, refusing missing, empty, binary and undecodable files with a clear message, and
    files longer than ``max_chars`` characters (unread when their size alone says so)."""
    path = Path(path)
    if max_chars:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # read_bytes below names the problem
        if size > 4 * max_chars:  # UTF-8 spends at most four bytes on a character
            raise _too_long(path, max_chars, size=size)
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise DocumentError(f"{path}: no such file; check the path") from e
    except IsADirectoryError as e:
        raise DocumentError(f"{path}: is a folder; give a .txt file or the folder itself as a source") from e
    except OSError as e:
        raise DocumentError(f"{path}: cannot be read ({e.strerror}); check its permissions") from e
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty; give a file with some text in it")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise DocumentError(f"{path}: is {kind}, not a text file; convert it to plain text first")
    is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    nul = -1 if is_utf16 else data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(f"{path}: contains NUL bytes at byte {nul}, so it is binary, "
                            "not text; convert it to plain UTF-8 text first")
    if path.suffix.lower() in HTML_SUFFIXES:
        from .webpage import read_web_page

        page = read_web_page(path, data, encoding=encoding)
        if max_chars and len(page.text) > max_chars:
            raise _too_long(path, max_chars, chars=len(page.text))
        document = document_from_text(path.name, page.text, path=path, encoding=encoding or "html")
        return replace(document, title=page.title, published=page.published, authors=page.authors,
                       site_name=page.site_name, url=page.url)
    text, used = _decode(path, data, encoding)
    if max_chars and len(text) > max_chars:
        raise _too_long(path, max_chars, chars=len(text))
    warnings = ()
    if used not in ("utf-8", "utf-8-sig"):
        warnings = (f"{path}: decoded as {used}",)
    return document_from_text(path.name, text, path=path, encoding=used, warnings=warnings)


@dataclass
class Sources:
    """What a list of files and folders holds: the documents, and the other files found in the folders."""

    documents: list[Path]
    ignored: list[Path]
    """Files inside the folders that are not documents (curation files and hidden files aside), sorted."""


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.endswith(".facts.json")


def scan_sources(sources: list[str | Path]) -> Sources:
    """Expand files and folders (documents inside, recursively, sorted) into document paths.

    A file named explicitly must be a document (``.txt``, ``.html``, ``.htm``): anything else is refused,
    as a folder's other files are left out; those are listed in ``ignored`` so a summary can say so. A
    folder holding no document is an error rather than a silent no-op.
    """
    found: list[Path] = []
    ignored: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            inside, others = [], []
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                hidden = any(part.startswith(".") for part in path.relative_to(source).parts)
                if is_document(path) and not hidden:
                    inside.append(path)
                elif not hidden and not path.name.endswith(".facts.json"):
                    others.append(path)
            if not inside:
                raise DocumentError(f"{source}: the folder holds no .txt or .html files; put articles in it as "
                                    "plain text (.txt) or saved web pages (.html)")
            found.extend(inside)
            ignored.extend(others)
        elif source.exists():
            if not is_document(source):
                raise DocumentError(_not_a_document(source))
            found.append(source)
        else:
            raise DocumentError(f"{source}: no such file or folder; check the path")
    seen: dict[str, Path] = {}
    for path in found:
        other = seen.setdefault(slugify(path.stem), path)
        if other != path and other.resolve() != path.resolve():
            same = f"share the name {path.name!r}" if other.name == path.name else (
                f"have one name but for the extension ({other.name}, {path.name})")
            raise DocumentError(f"two documents {same}: {other} and {path}; a document's file name is its "
                                "identity in the store, so rename one")
    return Sources(list(dict.fromkeys(found)), sorted(set(ignored)))


def find_documents(sources: list[str | Path]) -> list[Path]:
    """The document paths of ``scan_sources``."""
    return scan_sources(sources).documents


def _not_a_document(path: Path) -> str:
    if path.name.endswith(".facts.json"):
        document = path.name[: -len(".facts.json")]
        return (f"{path}: is a facts file, read from beside its document; name the document ({document}.txt) "
                "instead")
    kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
    return (f"{path}: is {kind}, and kg reads articles from .txt (plain text) and .html/.htm (saved web pages); "
            "save the article in one of these forms")


def curation_path(document_path: Path) -> Path:
    """The curation file that sits beside a document: ``x.txt`` -> ``x.facts.json``."""
    return document_path.with_name(document_path.stem + ".facts.json")
