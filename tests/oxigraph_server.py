"""A real Oxigraph server for tests: started on a free 127.0.0.1 port, stopped by its process id."""

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command from the ``oxigraph`` package: on PATH or beside this Python."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, *, extra: tuple[str, ...] = ()):
    """Yield the base URL of a running ``oxigraph serve`` whose data lives in ``location``."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(location.parent / f"oxigraph-{port}.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                *extra], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_answering(url: str, process: subprocess.Popen, limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    probe = url + "/query?query=ASK%7B%7D"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with opener.open(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {limit:g} s")


def clear(url: str) -> None:
    """Empty the server's dataset, so each test starts from nothing."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with opener.open(request, timeout=10):
        pass


# Fixtures shared by the store and ingest tests: the same contract runs on both kinds of store.

@pytest.fixture(scope="module", name="server_url")
def server_url_fixture(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as url:
        yield url


@pytest.fixture(params=["embedded", "oxigraph-server", "virtuoso"], name="store")
def store_fixture(request, tmp_path):
    """An empty store of each kind; the remote ones are a real ``oxigraph serve`` and a real Virtuoso over HTTP
    (writes through Virtuoso's digest-authenticated endpoints)."""
    from kg.remote import RemoteStore
    from kg.store import open_store

    if request.param == "embedded":
        opened = open_store(tmp_path / "store")
    elif request.param == "virtuoso":
        from .virtuoso_server import clear as clear_virtuoso

        url, user, password = request.getfixturevalue("virtuoso")
        clear_virtuoso(url, user, password)
        opened = RemoteStore(url, user=user, password=password)
    else:
        url = request.getfixturevalue("server_url")
        clear(url)
        opened = open_store(url)
    yield opened
    opened.close()
