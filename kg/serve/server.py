"""Running the endpoint: the store it serves, the worker pool, and uvicorn listening on a socket.

uvicorn (over h11) owns connections: the listen backlog, keep-alive, header size limits and the number of open
connections. It has no deadline for a request that is still arriving, so one is added here: a client that has
not sent its whole request within ``REQUEST_READ_TIMEOUT`` seconds is disconnected, and slow senders cannot
pile up (each waits in the event loop, costing no thread and no worker).
"""

import logging
import os
import socket
import sys
import threading
from pathlib import Path

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import KgError, StoreError
from . import DEFAULT_TIMEOUT
from .app import Endpoint, create_app, error_body
from .workers import WorkerPool

__all__ = ["DEFAULT_TIMEOUT", "SparqlServer", "make_server", "serve"]

log = logging.getLogger("kg.serve")

DEFAULT_MAX_BODY = 1 << 20  # 1 MiB: ten times the longest query check_query accepts, form-encoded
DEFAULT_MAX_URL = 32 << 10  # longer GET queries are told to use POST
DEFAULT_MAX_CONNECTIONS = 10_000  # open connections (idle ones cost a few KB each); past it uvicorn answers 503
DEFAULT_BACKLOG = 2048
REQUEST_READ_TIMEOUT = 15.0
"""Seconds a client has to send a whole request (headers and body), from connecting or its last answer."""
_KEEP_ALIVE = 5  # seconds an idle keep-alive connection is kept


class _Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for receiving each request, and JSON for malformed requests."""

    request_read_timeout = REQUEST_READ_TIMEOUT

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm_read_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_read_deadline()

    def _arm_read_deadline(self) -> None:
        previous = getattr(self, "_read_deadline", None)
        if previous is not None:
            previous.cancel()
        self._read_deadline = self.loop.call_later(self.request_read_timeout, self._read_deadline_passed)

    def _read_deadline_passed(self) -> None:
        # Still idle or still sending its request: a slow (or slowloris) client. A request whose body has
        # arrived is being answered and keeps its connection.
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc) -> None:
        deadline = getattr(self, "_read_deadline", None)
        if deadline is not None:
            deadline.cancel()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        body = error_body(400, "bad_request", f"the HTTP request cannot be parsed ({msg.rstrip('.')}); the "
                                              "request line and headers may hold at most "
                                              f"{self.config.h11_max_incomplete_event_size:,} bytes")
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:
            pass
        self.transport.close()


class SparqlServer:
    """The endpoint: a listening socket, the application and its worker pool.

    ``serve_forever()`` runs it (in a thread if you like); ``close()`` stops it and its workers.
    """

    def __init__(self, sock: socket.socket, endpoint: Endpoint, app, *, max_connections: int,
                 backlog: int, read_timeout: float = REQUEST_READ_TIMEOUT, owned_store=None):
        import uvicorn

        self.socket = sock
        self.endpoint = endpoint
        self.app = app
        self._owned_store = owned_store
        host, port = sock.getsockname()[:2]
        self.base_url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        endpoint.base_url = self.base_url
        self.config = uvicorn.Config(
            app, http=type("_Protocol", (_Protocol,), {"request_read_timeout": read_timeout}), loop="asyncio", lifespan="off", log_config=None, access_log=True,
            backlog=backlog, limit_concurrency=max_connections, timeout_keep_alive=_KEEP_ALIVE,
            timeout_graceful_shutdown=3, h11_max_incomplete_event_size=endpoint.max_url + (32 << 10),
            server_header=False, headers=[("server", "kg-serve")])
        self._uvicorn = None
        self._stopped = threading.Event()
        self._stopped.set()
        self._closed = False

    @property
    def url(self) -> str:
        """The endpoint's URL (also the base IRI of relative IRIs in queries and updates)."""
        return self.base_url + "/sparql"

    @property
    def pool(self) -> WorkerPool:
        return self.endpoint.pool

    @property
    def active_queries(self) -> int:
        return self.endpoint.pool.busy

    def serve_forever(self) -> None:
        import uvicorn

        if self._closed:
            raise StoreError("this server was closed; make a new one")
        self._uvicorn = uvicorn.Server(self.config)
        self._stopped.clear()
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def close(self) -> None:
        """Stop serving (``serve_forever`` in another thread), close the socket, stop the workers."""
        if self._closed:
            return
        self._closed = True
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
            if not self._stopped.wait(10):
                self._uvicorn.force_exit = True
                self._stopped.wait(5)
        self.socket.close()
        self.endpoint.pool.close()
        if self._owned_store is not None:
            self._owned_store.close()
            self._owned_store = None


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        # Listening now, so clients connecting before the event loop starts wait in the backlog.
        sock.listen(backlog)
    except OSError as e:
        sock.close()
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    sock.setblocking(False)
    return sock


def _raise_open_files_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards ``wanted`` (each connection is a file); the limit reached."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def _resolve_store(store, allow_update: bool):
    """The store folder, the store updates go to (or None) and a store to close with the server.

    The server's workers read snapshots of the folder (``kg.snapshot``): one is published here when the
    folder has changes no snapshot holds, and after every update the server applies.
    """
    from ..snapshot import current_snapshot, has_unpublished_changes, writer_active
    from ..store import _HANDLES, EmbeddedStore

    if isinstance(store, EmbeddedStore):
        path = store.path
        if not path.is_dir():
            raise StoreError(f"{path}: kg serve serves a store folder, not an RDF file")
        if allow_update and store.read_only:
            raise StoreError(f"store {path} is open read-only; open it read-write to serve updates")
        if not store.read_only:
            store.publish_snapshot()
            return path, (store if allow_update else None), None
        store = path
    if store is None:
        from ..paths import default_store_path

        store = default_store_path()
    if isinstance(store, str) and store.startswith(("http://", "https://")):
        raise StoreError(f"kg serve serves a store folder; {store} is already a SPARQL endpoint, "
                         "query it directly")
    path = Path(store)
    if not path.is_dir():
        raise StoreError(f"store {path} does not exist yet; run kg build first (or give --store LOCATION)")
    handle = _HANDLES.get(os.path.realpath(path))
    if allow_update or (handle is not None and handle.writable):
        owned = EmbeddedStore(path)
        owned.publish_snapshot()
        if allow_update:
            return path, owned, owned
        owned.close()
        return path, None, None
    if writer_active(path):
        if current_snapshot(path) is None:
            raise StoreError(f"store {path} is being written by another process that published no snapshot "
                             "for readers; start kg serve when it has finished")
    elif has_unpublished_changes(path):
        # The last writer crashed (or predates snapshots): publish its committed state now.
        with EmbeddedStore(path) as writer:
            writer.publish_snapshot()
    return path, None, None


class _Updater:
    """Applies an authorized update as sent, then keeps the union default graph and publishes a snapshot."""

    def __init__(self, store):
        self.store = store

    def update(self, text: str, *, base_iri: str) -> None:
        from ..store import maintain_union_after

        with maintain_union_after(self.store) as oxigraph:
            oxigraph.update(text, base_iri=base_iri)
        self.store.publish_snapshot()


def make_server(
    store=None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = DEFAULT_TIMEOUT,
    allow_update: bool = False,
    token: str | None = None,
    cors_origin: str | None = None,
    workers: int | None = None,
    queue_timeout: float = 5.0,
    max_body: int = DEFAULT_MAX_BODY,
    max_url: int = DEFAULT_MAX_URL,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    backlog: int = DEFAULT_BACKLOG,
    max_memory: int | None = None,
    client_queries: int | None = None,
    federation=(),
    read_timeout: float = REQUEST_READ_TIMEOUT,
    routes=None,
    base_iri: str | None = None,
) -> SparqlServer:
    """A ready endpoint over ``store`` (a folder, an ``EmbeddedStore`` or None for the default store).

    ``workers`` worker processes answer queries (default: the cores, at least 4 and at most 8), each under
    ``max_memory`` bytes of address space (default ``kg.isolate.DEFAULT_MAX_MEMORY``); one client (an IP
    address) runs at most ``client_queries`` queries at once (default: fewer than half the workers, so two
    clients never take them all), its others wait their turn and get 429 with Retry-After after
    ``queue_timeout`` seconds; a query that finds every worker busy that long gets 503. Each query has
    ``timeout`` seconds. ``federation``: endpoints SERVICE may name (none by default). A client must send each
    request within ``read_timeout`` seconds or is disconnected. Updates are refused (403) unless
    ``allow_update`` and ``token`` are both given. ``port=0`` picks a free port. ``routes`` (Starlette routes)
    are mounted beside the endpoint; by default the pages of ``kg.serve.explore``, which serve the data IRIs
    under ``base_iri`` (``KG_BASE_IRI`` or kg's default) at paths that agree with them (``/id/...`` for the
    default). Run it with ``serve_forever()`` (in a thread if you like) and stop it with ``close()``. Workers are started by multiprocessing's forkserver, so a script calling this needs the
    ``if __name__ == "__main__"`` guard.
    """
    if allow_update and not token:
        raise KgError("updates need a token: give --token TOKEN with --allow-update (clients send "
                      "Authorization: Bearer TOKEN)")
    if timeout <= 0:
        raise KgError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    from ..isolate import DEFAULT_MAX_MEMORY

    workers = workers or min(8, max(4, os.cpu_count() or 1))
    client_queries = client_queries or max(1, (workers - 1) // 2)
    if workers < 1 or client_queries < 1:
        raise KgError("--workers and --client-queries must be at least 1")
    path, writer, owned = _resolve_store(store, allow_update)
    from ..namespaces import PREFIXES

    # Each connection is a file descriptor; past the limit uvicorn answers 503 rather than failing to accept.
    max_connections = min(max_connections, _raise_open_files_limit(max_connections + 256) - 256)
    # No prefix for data IRIs: their local names hold "/", which Turtle would have to escape.
    prefixes = dict(PREFIXES)
    sock = None
    pool = None
    try:
        sock = _listen(host, port, backlog)
        pool = WorkerPool(path, workers, prefixes, per_client=client_queries,
                          max_memory=max_memory or DEFAULT_MAX_MEMORY)
        endpoint = Endpoint(pool, timeout=timeout, queue_timeout=queue_timeout, max_body=max_body,
                            max_url=max_url, allow_update=allow_update, token=token, cors_origin=cors_origin,
                            updater=_Updater(writer) if writer is not None else None, federation=tuple(federation))
        if routes is None:
            from ..web.iris import IriMapping
            from ..web.render import Site
            from .explore import page_routes

            routes = page_routes(Site(mapping=IriMapping.for_base(base_iri)), read_only=not allow_update)
        return SparqlServer(sock, endpoint, create_app(endpoint, routes=routes), max_connections=max_connections,
                            backlog=backlog, read_timeout=read_timeout, owned_store=owned)
    except BaseException:
        if pool is not None:
            pool.close()
        if sock is not None:
            sock.close()
        if owned is not None:
            owned.close()
        raise


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for name in ("kg.serve", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)


def serve(store=None, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
          allow_update: bool = False, token: str | None = None, cors_origin: str | None = None,
          **options) -> None:
    """Run the endpoint until Ctrl-C (or SIGTERM), printing its URL and a request log to stderr."""
    if not logging.getLogger().handlers:
        _log_to_stderr()
    server = make_server(store, host=host, port=port, timeout=timeout, allow_update=allow_update, token=token,
                         cors_origin=cors_origin, **options)
    mode = "updates allowed with the bearer token" if allow_update else "read-only"
    pool = server.pool
    print(f"kg serve: SPARQL endpoint at {server.url} ({mode}, {timeout:g} s and "
          f"{pool.max_memory / (1 << 30):g} GiB per query, {pool.size} workers, {pool.per_client} per client); "
          f"query page at {server.base_url}/ ; Ctrl-C to stop", file=sys.stderr)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg serve: warning: listening on {host}, reachable from other machines", file=sys.stderr)
    if threading.current_thread() is threading.main_thread():
        # uvicorn stops gracefully on SIGINT and SIGTERM, then raises the signal again: make SIGTERM (from a
        # service manager) end here like Ctrl-C, so workers and the store are closed.
        import signal

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("kg serve: stopped", file=sys.stderr)
