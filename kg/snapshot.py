"""Snapshots of an embedded store, so that readers never open a folder a writer is changing.

pyoxigraph documents a read-only open of a folder that another process writes as undefined behaviour (it
shows up as RocksDB "Corruption ... .sst" errors once the writer compacts files away). So a writer publishes
checkpoints (``Store.backup()``: hard links to its immutable files, made in tens of milliseconds) into the
folder beside the store, ``<store>.snapshots/``; a reader that finds a writer at work, and every query
worker of ``kg serve``, opens the newest checkpoint instead of the live folder. A reader holds a shared lock
on the checkpoint it reads, and a writer deletes only checkpoints that no reader holds.

A writer publishes when it closes after writing, every ``PUBLISH_EVERY`` seconds during a long build (at a
document boundary), and after each update ``kg serve`` applies. A marker file (``WRITING``) says the store
has changes no checkpoint holds yet; if it survives a crashed writer, the next server start publishes anew.
"""

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError

__all__ = [
    "PUBLISH_EVERY",
    "current_snapshot",
    "has_unpublished_changes",
    "mark_unpublished",
    "open_snapshot",
    "publish",
    "snapshots_dir",
    "writer_active",
]

PUBLISH_EVERY = 30.0
"""Seconds between checkpoints during a long build: what a reader sees lags the build by at most this."""

_CURRENT = "CURRENT"
_WRITING = "WRITING"


def snapshots_dir(store_path: str | Path) -> Path:
    """Where the checkpoints of the store folder ``store_path`` live: beside it, on the same file system."""
    path = Path(store_path)
    return path.with_name(path.name + ".snapshots")


def writer_active(store_path: str | Path) -> bool:
    """Whether a process holds the store's write lock (RocksDB's POSIX lock on ``LOCK``), without taking it.

    Read from ``/proc/locks`` by the file's inode, so no descriptor of ``LOCK`` is opened: closing one would
    drop every POSIX lock this process holds on the file (a pyoxigraph Store the caller opened itself).
    Elsewhere, a lock test on a descriptor opened for the purpose.
    """
    lock_file = Path(store_path) / "LOCK"
    try:
        inode = os.stat(lock_file).st_ino
    except OSError:
        return False
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            table = locks.read()
    except OSError:
        table = None
    if table is not None:
        return any(len(fields) > 5 and fields[1] == "POSIX" and fields[3] == "WRITE"
                   and fields[5].rsplit(":", 1)[-1] == str(inode)
                   for fields in (line.split() for line in table.splitlines()))
    try:
        fd = os.open(lock_file, os.O_RDONLY)
    except OSError:
        return False
    try:
        os.lockf(fd, os.F_TEST, 0)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def current_snapshot(store_path: str | Path) -> Path | None:
    """The newest published checkpoint of the store, or None when there is none."""
    root = snapshots_dir(store_path)
    try:
        name = (root / _CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    target = root / name
    return target if name and (target / "CURRENT").is_file() else None


def mark_unpublished(store_path: str | Path) -> None:
    """Record that the store has changes no checkpoint holds (cleared by ``publish``)."""
    root = snapshots_dir(store_path)
    with contextlib.suppress(OSError):
        root.mkdir(exist_ok=True)
        (root / _WRITING).touch()


def has_unpublished_changes(store_path: str | Path) -> bool:
    """Whether a writer changed the store after its last checkpoint (it is still writing, or it crashed)."""
    return (snapshots_dir(store_path) / _WRITING).exists() or current_snapshot(store_path) is None


def publish(store: ox.Store, store_path: str | Path) -> Path:
    """Checkpoint the open read-write ``store`` of the folder ``store_path`` and make it the current one."""
    root = snapshots_dir(store_path)
    try:
        root.mkdir(exist_ok=True)
        numbers = [int(child.name) for child in root.iterdir() if child.name.isdigit()]
        name = f"{max(numbers, default=0) + 1:08d}"
        target = root / name
        store.backup(str(target))
        pointer = root / (_CURRENT + ".tmp")
        pointer.write_text(name, encoding="ascii")
        os.replace(pointer, root / _CURRENT)
        with contextlib.suppress(FileNotFoundError):
            (root / _WRITING).unlink()
    except OSError as e:
        raise StoreError(f"store {store_path}: publishing a snapshot for readers into {root} failed: {e}") from e
    _prune(root, keep=name)
    return target


def _prune(root: Path, *, keep: str) -> None:
    """Delete the checkpoints (and leftovers of interrupted ones) that no reader holds."""
    for child in root.iterdir():
        if child.name == keep or not child.is_dir():
            continue
        try:
            fd = os.open(child, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a reader has it open
        try:
            shutil.rmtree(child, ignore_errors=True)
        finally:
            os.close(fd)


def open_snapshot(store_path: str | Path, snapshot: str | Path | None = None) -> tuple[ox.Store, Path, int]:
    """Open ``snapshot`` (default: the current one) read-only, holding a shared lock on it so no writer deletes
    it; returns the store, the snapshot folder and the lock's file descriptor (close it after the store)."""
    snapshot = Path(snapshot) if snapshot is not None else None
    for _ in range(10):
        target = snapshot or current_snapshot(store_path)
        if target is None:
            raise StoreError(f"store {store_path} is being written by another process and has no snapshot to "
                             "read yet; try again when that process (kg build, kg serve) has finished")
        try:
            fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            snapshot = None
            continue  # pruned since it was current: take the newer one
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not (target / "CURRENT").is_file():
            os.close(fd)
            snapshot = None
            continue
        try:
            return ox.Store.read_only(str(target)), target, fd
        except OSError as e:
            os.close(fd)
            raise StoreError(f"store {store_path}: its snapshot {target} cannot be opened: {e}") from e
    raise StoreError(f"store {store_path}: its snapshots change faster than they can be opened; try again")
