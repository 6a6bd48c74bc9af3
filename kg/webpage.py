"""Saved web pages (``.html``, ``.htm``): the article's body as the document text, its metadata beside it.

trafilatura (the ``html`` extra) finds the article in the page and drops navigation, ads, related links and
footers; its metadata (title, publication date, authors, site name, URL) come from the page's meta tags and
JSON-LD. Paragraphs are joined by a blank line, as plain-text articles are written, and a first line that
repeats the title is left out, so a page and the plain text of its article give one text and the same facts.
"""

from datetime import date
from pathlib import Path

from .errors import DocumentError

__all__ = ["MIN_ARTICLE_WORDS", "WebPage", "read_web_page"]

MIN_ARTICLE_WORDS = 8
"""Fewer words than this is no article: trafilatura falls back to a menu's link texts ("Home Politics")."""


class WebPage:
    """What a saved page holds: the article body and its metadata (None or empty when the page does not say)."""

    def __init__(self, text: str, *, title: str | None = None, published: date | None = None,
                 authors: tuple[str, ...] = (), site_name: str | None = None, url: str | None = None):
        self.text = text
        self.title = title
        self.published = published
        self.authors = authors
        self.site_name = site_name
        self.url = url


def read_web_page(path: Path, data: bytes, *, encoding: str | None = None) -> WebPage:
    """The article of a saved page; ``encoding`` overrides the page's declared charset."""
    from .extras import import_extra

    trafilatura = import_extra("trafilatura", extra="html", feature="reading saved web pages (.html)")
    content: bytes | str = data
    if encoding:
        try:
            content = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as e:
            raise DocumentError(f"{path}: cannot be decoded as {encoding} ({e})") from e
    # No URL is given and nothing is fetched: trafilatura reads the bytes it is handed.
    found = trafilatura.bare_extraction(content, with_metadata=True, include_comments=False,
                                        include_tables=False, include_images=False, include_links=False,
                                        favor_precision=True, deduplicate=False)
    body = (found.text or "") if found is not None else ""
    title = _clean(found.title) if found is not None else None
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # the headline, kept as the title rather than as the first paragraph
    if sum(len(line.split()) for line in lines) < MIN_ARTICLE_WORDS:
        raise DocumentError(f"{path}: no article text found in the page; save the article's own page (not an "
                            "index or a page that loads its text with JavaScript), or save its text as .txt")
    return WebPage("\n\n".join(lines) + "\n", title=title, published=_date(found.date),
                   authors=tuple(a for a in (_clean(x) for x in (found.author or "").split(";")) if a),
                   site_name=_clean(found.sitename), url=_clean(found.url))


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
