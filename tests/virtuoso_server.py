"""A real Virtuoso (Debian package virtuoso-opensource) for tests: its own folder, virtuoso.ini and free ports.

A fresh database takes Virtuoso some seconds of CPU to initialise, so one server serves a whole test session;
tests empty kg's graphs between them (``clear``), never Virtuoso's own system graphs.
"""

import contextlib
import json
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .helpers import require_program
from .oxigraph_server import free_port

USER, PASSWORD = "dba", "dba"
"""The administrator account of a fresh Virtuoso database: it holds the SPARQL_UPDATE role."""

_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
CheckpointSyncMode = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxClientConnections = 8
DirsAllowed = {folder}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 8
MaxClientConnections = 8
MaxKeepAlives = 8
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, limit: float = 180.0):
    """Yield ``(url, user, password)`` of a Virtuoso whose database lives in ``folder``; stop it by its pid."""
    binary = require_program("virtuoso-t", "virtuoso-opensource")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_INI.format(folder=folder, sql_port=sql_port, http_port=http_port),
                                         encoding="utf-8")
    log = open(folder / "server-output.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen([binary, "-c", str(folder / "virtuoso.ini"), "+foreground"], cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_until_answering(url, process, folder, limit)
        yield url, USER, PASSWORD
    finally:
        process.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_answering(url: str, process: subprocess.Popen, folder: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    probe = url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (folder / "virtuoso.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{tail}")
        try:
            with opener.open(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"Virtuoso did not answer at {url} within {limit:g} s")


def clear(url: str, user: str = USER, password: str = PASSWORD) -> None:
    """Drop kg's graphs (documents, the union, bookkeeping) from a Virtuoso, leaving its system graphs alone."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url + "-auth", user, password)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPDigestAuthHandler(passwords))
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER ("
                                             "STRSTARTS(STR(?g), 'https://w3id.org/kg-news/') || "
                                             "STRSTARTS(STR(?g), 'urn:kg:')) }"})
    request = urllib.request.Request(url + "?" + query, headers={"Accept": "application/sparql-results+json"})
    with opener.open(request, timeout=60) as response:
        graphs = [row["g"]["value"] for row in json.load(response)["results"]["bindings"]]
    if graphs:
        update = " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs).encode("utf-8")
        request = urllib.request.Request(url + "-auth", data=update, method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with opener.open(request, timeout=60):
            pass
