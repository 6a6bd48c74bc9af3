"""Where kg finds its own files (ontology, named queries, bundled corpus) and its default store.

Installed from a wheel, these live in ``kg/_data``; in a source checkout or editable install they are the
top-level ``ontology/``, ``queries/`` and ``graph/sources/`` folders beside the package.
"""

import os
from pathlib import Path

__all__ = ["default_store_path", "ontology_dir", "queries_dir", "sources_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _resource(installed: str, checkout: str) -> Path:
    packaged = _PACKAGE / "_data" / installed
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / checkout


def ontology_dir() -> Path:
    return _resource("ontology", "ontology")


def queries_dir() -> Path:
    return _resource("queries", "queries")


def sources_dir() -> Path:
    return _resource("sources", "graph/sources")


def default_store_path() -> Path:
    """The embedded store used when ``--store`` is not given.

    ``$KG_STORE`` wins; otherwise ``$XDG_DATA_HOME/kg/store`` (``~/.local/share/kg/store``), a fixed place
    that does not depend on the working directory, so ``kg build`` and ``kg query`` meet wherever they run.
    """
    explicit = os.environ.get("KG_STORE")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "kg" / "store"
