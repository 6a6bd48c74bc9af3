"""The cache of networkx views (``kg.network.to_networkx``) of an embedded store, beside it in ``<store>.views/``.

Building the view of a million triples takes seconds, almost all of them spent by Oxigraph looking terms up;
loading the same graph from a file takes a fraction of that. A view is saved under a key naming everything it
depends on: the store's generation (``EmbeddedStore.generation``, a token every kg write withdraws first,
made anew only once no write is in flight, and void after a read-write session kg did not open), the view's
options, the code and ontology that shape it, and the versions of the libraries that make its values. A store
without a generation (a write in progress, a crash mid-write, a write without kg) is never cached; a view is
saved only if the generation did not change while it was read.

The file is a pickle, for load speed (0.5-0.9 s at a million triples, against 1.5-2.2 s to rebuild the graph
from JSON), read by an unpickler that can make no object but plain data and the few classes a view holds
(``ALLOWED_CLASSES``): a file someone else wrote can give a wrong graph, as a store they wrote can, but runs
nothing. The writer refuses any other class, so every file it writes can be read back. A header names the key
and a SHA-256 of the data: a truncated, corrupt or misplaced file is ignored, and the view built again.
Writes go to a temporary file renamed into place, so a reader never sees half a file; it is as readable as the
store's own files. Nothing here raises: a
folder that cannot be written (a read-only store) or read only means the view is built.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx

__all__ = ["ALLOWED_CLASSES", "FORMAT", "KEEP_OTHERS", "KEEP_SECONDS", "cache_key", "load_view", "save_view", "views_dir",
           "write_atomically"]

FORMAT = b"kg-networkx-view 1"
"""The first line of every file; a change of layout changes it."""
ALLOWED_CLASSES = frozenset({
    ("networkx.classes.multidigraph", "MultiDiGraph"),
    ("kg.network", "Evidence"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
})
"""The only classes a cached view may hold, besides Python's plain data types (str, int, float, bool, None,
bytes, list, tuple, dict, set)."""
KEEP_OTHERS = 2
"""Views of other generations kept when a view is saved: the newest ones (each is some 30 MB at a million
triples)."""
KEEP_SECONDS = 3600.0
"""Temporary files older than this are what a crashed writer left: deleted when a view is saved."""
_SUFFIX = ".view"


def views_dir(store_path: str | Path) -> Path:
    """Where the cached views of the store folder ``store_path`` live: beside it, like its snapshots."""
    path = Path(store_path)
    return path.with_name(path.name + ".views")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What shapes a view besides the store: kg's view code, its namespaces and term conversion, the ontology
    (the most specific class comes from it) and the libraries that make the values."""
    import networkx
    import pyoxigraph
    import rdflib

    from .paths import ontology_dir

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for source in (here / "network.py", here / "convert.py", here / "namespaces.py", ontology_dir() / "kg.ttl"):
        digest.update(source.read_bytes() if source.exists() else b"absent")
        digest.update(b"\0")
    versions = (networkx.__version__, rdflib.__version__, pyoxigraph.__version__, sys.version.split()[0])
    digest.update(" ".join(versions).encode())
    return digest.hexdigest()


def cache_key(generation: str, **options) -> str:
    """The name of the view of the store content ``generation`` with ``options`` (``to_networkx``'s)."""
    described = ";".join(f"{name}={options[name]!r}" for name in sorted(options))
    variant = hashlib.sha256(f"{FORMAT.decode()};{_code_digest()};{described}".encode()).hexdigest()[:32]
    return f"{generation}-{variant}"


class _Refused(pickle.PicklingError):
    pass


class _ViewPickler(pickle.Pickler):
    """Writes only what ``_ViewUnpickler`` reads: plain data and ``ALLOWED_CLASSES``."""

    def reducer_override(self, obj):
        if isinstance(obj, type):  # a class itself, written by name: one of those the reader allows
            if (obj.__module__, obj.__qualname__) not in ALLOWED_CLASSES:
                raise _Refused(f"a view holding the class {obj.__module__}.{obj.__qualname__} is not cached")
            return NotImplemented
        kind = type(obj)
        if (kind.__module__, kind.__qualname__) not in ALLOWED_CLASSES:
            raise _Refused(f"a view holding a {kind.__module__}.{kind.__qualname__} is not cached")
        if kind.__name__ == "MultiDiGraph":
            # Its data (plain dicts), without the views networkx caches on the instance (G.nodes, G.adj...).
            state = {name: value for name, value in vars(obj).items() if type(value) is dict}
            return kind, (), state
        return NotImplemented


class _ViewUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cached view")
        return super().find_class(module, name)


def _header(key: str, payload: bytes) -> bytes:
    return b"%s\n%s\n%s\n" % (FORMAT, key.encode("ascii"), hashlib.sha256(payload).hexdigest().encode("ascii"))


def load_view(store_path: str | Path, key: str) -> networkx.MultiDiGraph | None:
    """The view saved under ``key``, or None when there is none or its file is not whole and right."""
    path = views_dir(store_path) / (key + _SUFFIX)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    lines = data[:512].split(b"\n", 3)  # the header only: no copy of the data
    if len(lines) != 4 or lines[0] != FORMAT or lines[1] != key.encode("ascii"):
        return None
    payload = memoryview(data)[len(lines[0]) + len(lines[1]) + len(lines[2]) + 3:]
    if hashlib.sha256(payload).hexdigest().encode("ascii") != lines[2]:
        return None
    collecting = gc.isenabled()
    gc.disable()  # a view is a million containers, none of them cyclic garbage: see to_networkx
    try:
        view = _ViewUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - any file that does not load is rebuilt, whatever the reason
        return None
    finally:
        if collecting:
            gc.enable()
    import networkx as nx

    return view if type(view) is nx.MultiDiGraph else None


def write_atomically(path: Path, chunks: Iterable[bytes], *, mode_of: Path | None = None) -> bool:
    """Write ``chunks`` to a temporary file beside ``path`` renamed to it, so readers see all of it or nothing;
    ``mode_of``: a file whose read and write permissions it takes. False when the folder cannot be written."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        if mode_of is not None:
            with contextlib.suppress(OSError):
                os.chmod(handle, os.stat(mode_of).st_mode & 0o666)
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, path)
        temporary = None
        return True
    except OSError:
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def save_view(store_path: str | Path, key: str, view: networkx.MultiDiGraph) -> bool:
    """Save ``view`` under ``key``; False when it cannot be (a folder not writable, a value of another class)."""
    folder = views_dir(store_path)
    buffer = io.BytesIO()
    collecting = gc.isenabled()
    gc.disable()
    try:
        _ViewPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(view)
    except (_Refused, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return False
    finally:
        if collecting:
            gc.enable()
    payload = buffer.getbuffer()
    # Readable by whoever can read the store (mkstemp makes a file its owner's only).
    if not write_atomically(folder / (key + _SUFFIX), (_header(key, payload), payload),
                            mode_of=Path(store_path) / "CURRENT"):
        return False
    _prune(folder, keep_generation=key.split("-", 1)[0])
    return True


def _prune(folder: Path, *, keep_generation: str) -> None:
    """Delete the views of other generations but the ``KEEP_OTHERS`` newest (a reader of an older snapshot may
    still use them), and temporary files a crashed writer left ``KEEP_SECONDS`` ago."""
    others, limit = [], time.time() - KEEP_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.name.startswith(".tmp-"):
                    if entry.stat().st_mtime < limit:
                        os.unlink(entry.path)
                elif entry.name.endswith(_SUFFIX) and not entry.name.startswith(keep_generation + "-"):
                    others.append((entry.stat().st_mtime, entry.path))
    for _, path in sorted(others, reverse=True)[KEEP_OTHERS:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
