"""Assertions shared by tests: graph comparison with a readable diff."""

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph, *, limit: int = 30) -> None:
    """Fail with the triples only in one graph or only in the other, as N-Triples lines."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)

    def lines(graph: Graph) -> str:
        rows = sorted(graph.serialize(format="nt").splitlines())
        more = f"\n  ... and {len(rows) - limit} more" if len(rows) > limit else ""
        return "\n".join("  " + row for row in rows[:limit]) + more

    raise AssertionError(f"graphs differ\nonly in expected ({len(only_expected)}):\n{lines(only_expected)}\n"
                         f"only in actual ({len(only_actual)}):\n{lines(only_actual)}")


def require_program(program: str, package: str) -> str:
    """The path of ``program``; skip the test when it is missing (fail under CI=true, where nothing may skip).

    ``package`` is the Debian package that provides it, listed in ``tests/system-packages.txt`` and installed by
    ``tests/install-system-packages.sh``.
    """
    import os
    import shutil

    import pytest

    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed (Debian package {package}: sh tests/install-system-packages.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def write_curated_article(folder, name: str, text: str, person: str):
    """``folder/name`` with ``text`` and a facts file beside it naming ``person`` (its first mention in the text).

    Curated facts build without spaCy, so tests of what ``kg build`` reads stay fast.
    """
    import json
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    begin = text.index(person)
    facts = {"format": "kg-facts", "version": 1, "document": name,
             "entities": [{"id": "p", "type": "Person", "name": person,
                           "mentions": [{"begin": begin, "end": begin + len(person), "text": person}]}]}
    (folder / (path.stem + ".facts.json")).write_text(json.dumps(facts), encoding="utf-8")
    return path
