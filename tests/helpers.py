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
