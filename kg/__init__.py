"""kg: news articles to a knowledge graph of people, organizations, testimonies and statistics.

Every fact is tied to the exact words that support it. The stages are modules: ``documents`` -> ``extract`` ->
``facts`` -> ``build`` -> ``store`` -> ``sparql`` / ``network`` / ``validate`` / ``serve``; ``cli`` sits on top.
The four functions below are the public face; each is imported on first use, so ``import kg`` stays cheap.

>>> import tempfile
>>> from kg import build_documents, open_store, query_frame, to_networkx
>>> from kg.network import explain_path
>>> from kg.paths import sources_dir
>>> folder = tempfile.TemporaryDirectory()
>>> store = open_store(folder.name + "/store")             # an embedded Oxigraph store in a folder
>>> build_documents([sources_dir()], store).summary()      # the bundled Thorn article, with its curated facts
'1 built, 0 unchanged'
>>> query_frame(store, "foundings")[["founderName", "year"]].values.tolist()
[['Ashton Kutcher', 2012], ['Demi Moore', 2012]]
>>> print(explain_path(to_networkx(store), "Demi Moore", "Congress"))  # doctest: +ELLIPSIS
Demi Moore <-foundedBy- founding of Thorn (2012) -foundedBy-> Ashton Kutcher <-witness- ...-> Congress
>>> store.close(); folder.cleanup()
"""

import importlib

__version__ = "0.1.0"

__all__ = ["__version__", "build_documents", "open_store", "query_frame", "to_networkx"]

_PUBLIC = {"open_store": "store", "build_documents": "ingest", "to_networkx": "network", "query_frame": "notebook"}


def __getattr__(name: str):
    # PEP 562: the public functions are looked up in their stage module when first used.
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
