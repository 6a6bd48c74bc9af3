"""A command whose optional dependency is missing says which extra to install, in one line, with no traceback.

The dependency is made unimportable for the test (``sys.modules[name] = None`` is how Python itself marks a
module that must not be imported), so each command really runs up to its import.
"""

import sys

import pytest

from kg.cli import main
from kg.errors import MissingExtraError
from kg.extras import import_extra
from kg.paths import sources_dir


@pytest.fixture
def built(capsys):
    assert main(["build"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("module, command, expected", [
    ("pyshacl", ["validate"], "kg validate needs the validate extra: pip install 'kg[validate]'"),
    ("owlready2", ["validate"], "kg validate (the OWL reasoner) needs the validate extra: pip install 'kg[validate]'"),
])
def test_a_missing_extra_is_named_in_one_line(built, capsys, monkeypatch, module, command, expected):
    monkeypatch.setitem(sys.modules, module, None)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"kg: error: {expected}"
    assert "Traceback" not in err


def test_import_extra_names_the_feature_and_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    from kg.notebook import query_frame

    with pytest.raises(MissingExtraError, match=r"^query_frame needs the notebook extra: pip install 'kg\[notebook\]'$"):
        query_frame(None, "persons")


def test_an_installed_extra_is_returned():
    assert import_extra("networkx", extra="x", feature="y").__name__ == "networkx"


def test_a_broken_module_inside_an_extra_is_not_called_missing(tmp_path, monkeypatch):
    """Only the absence of the module asked for means 'install the extra'; a bug in it keeps its own error."""
    (tmp_path / "brokenpkg").mkdir()
    (tmp_path / "brokenpkg" / "__init__.py").write_text("import kg_no_such_module_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="kg_no_such_module_anywhere"):
        import_extra("brokenpkg", extra="x", feature="y")


def test_the_bundled_corpus_needs_no_extra_to_build(capsys, monkeypatch):
    """The README's first command works on the core install: the bundled article has curated facts."""
    for module in ("spacy", "pyshacl", "owlready2", "pandas", "trafilatura"):
        monkeypatch.setitem(sys.modules, module, None)
    assert main(["build", str(sources_dir())]) == 0
    assert main(["query", "foundings", "--format", "csv"]) == 0
    assert "Demi Moore" in capsys.readouterr().out
