"""The test helpers themselves: a missing requirement skips on a user's machine and fails in CI."""

import pytest

from .helpers import require_module, require_shared


@pytest.mark.parametrize("require", [lambda: require_shared("no/such/thing"),
                                     lambda: require_module("kg_no_such_module", "test")])
def test_a_missing_requirement_fails_under_ci(monkeypatch, require):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="is missing|is not installed"):
        require()


@pytest.mark.parametrize("require", [lambda: require_shared("no/such/thing"),
                                     lambda: require_module("kg_no_such_module", "test")])
def test_a_missing_requirement_skips_elsewhere(monkeypatch, require):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require()


def test_the_shared_folder_is_found_beside_the_checkout():
    assert require_shared("CONTRACT.md").is_file()
