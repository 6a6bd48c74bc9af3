"""The public Python face: ``from kg import open_store, build_documents, to_networkx, query_frame``.

Their doctests run here (the module's own example builds a store; the functions' examples get ``store``, the
bundled Thorn article built into a fresh store), so the documented calls cannot rot.
"""

import doctest
import subprocess
import sys

import pytest

import kg
from kg.ingest import build_documents
from kg.paths import sources_dir
from kg.store import open_store

PUBLIC = ["build_documents", "open_store", "query_frame", "to_networkx"]


def test_the_public_names_are_the_four_functions_and_the_version():
    assert sorted(kg.__all__) == sorted([*PUBLIC, "__version__"])
    from kg.network import to_networkx
    from kg.notebook import query_frame

    assert (kg.open_store, kg.build_documents, kg.to_networkx, kg.query_frame) == (
        open_store, build_documents, to_networkx, query_frame)
    with pytest.raises(AttributeError, match="module 'kg' has no attribute 'nothing'"):
        kg.nothing  # noqa: B018


def test_importing_kg_loads_no_stage_module():
    """``kg query`` imports ``kg``: the public face must not make it slower to start."""
    code = "import sys, kg; print(sorted(m for m in sys.modules if m.startswith(('kg.', 'pyoxigraph', 'rdflib'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _run(docstring_of, globs) -> None:
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(docstring_of, globs=globs)
    assert tests and tests[0].examples, f"{docstring_of!r} has no doctest"
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed (output above)"


def test_the_module_example_runs():
    _run(kg, {})


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_function_has_a_doctest_that_runs(tmp_path, name):
    with open_store(tmp_path / "store") as store:
        build_documents([sources_dir()], store)
        function = getattr(kg, name)
        _run(function, {**sys.modules[function.__module__].__dict__, "store": store})
