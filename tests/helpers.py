"""Assertions shared by tests: graph comparison with a readable diff."""

from contextlib import contextmanager

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph, *, limit: int = 30) -> None:
    """Fail with the triples only in one graph or only in the other, as N-Triples lines."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)

    def lines(graph: Graph) -> str:
        rows = sorted(graph.serialize(format="nt").splitlines())
        more = f"\n  ... and {len(rows) - limit} more" if len(rows) > limit else ""
        return "\n".join("  " + row for row in rows[:limit]) + more

    raise AssertionError(f"graphs differ\nonly in expected ({len(only_expected)}):\n{lines(only_expected)}\n"
                         f"only in actual ({len(only_actual)}):\n{lines(only_actual)}")


def require_program(program: str, package: str) -> str:
    """The path of ``program``; skip the test when it is missing (fail under CI=true, where nothing may skip).

    ``package`` is the Debian package that provides it, listed in ``tests/system-packages.txt`` and installed by
    ``tests/install-system-packages.sh``.
    """
    import os
    import shutil

    import pytest

    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed (Debian package {package}: sh tests/install-system-packages.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def write_curated_article(folder, name: str, text: str, person: str):
    """``folder/name`` with ``text`` and a facts file beside it naming ``person`` (its first mention in the text).

    Curated facts build without spaCy, so tests of what ``kg build`` reads stay fast.
    """
    import json
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    begin = text.index(person)
    facts = {"format": "kg-facts", "version": 1, "document": name,
             "entities": [{"id": "p", "type": "Person", "name": person,
                           "mentions": [{"begin": begin, "end": begin + len(person), "text": person}]}]}
    (folder / (path.stem + ".facts.json")).write_text(json.dumps(facts), encoding="utf-8")
    return path


def _skip_or_fail(message: str) -> None:
    """Skip on a user's machine; under CI=true nothing may skip, so a missing requirement fails the run."""
    import os

    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


SHARED = __import__("pathlib").Path(__file__).resolve().parents[2] / "shared"
"""The folder beside the checkout that every developer and CI run has (corpus, gold, W3C test suites)."""


def require_shared(relative: str):
    """``../shared/<relative>``; a test needing it skips without it, and fails under CI=true."""
    path = SHARED / relative
    if not path.exists():
        _skip_or_fail(f"{path} is missing: the shared folder must sit beside the checkout (../shared)")
    return path


def require_module(name: str, extra: str):
    """Import an optional dependency for a test; without it the test skips (fails under CI=true)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        _skip_or_fail(f"{name} is not installed (pip install -e '.[{extra}]'; the test extra brings it)")


GOLDEN_THORN = __import__("pathlib").Path(__file__).parent / "golden" / "thorn-kutcher.ttl"


def thorn_golden():
    """The curated Thorn article's graph as a store gives it back: ``tests/golden/thorn-kutcher.ttl`` with its
    offsets typed xsd:integer (Oxigraph 0.5 stores xsd:nonNegativeInteger so)."""
    from rdflib import XSD, Graph, Literal

    golden = Graph().parse(GOLDEN_THORN)
    stored = Graph()
    for s, p, o in golden:
        if isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(str(o), datatype=XSD.integer)
        stored.add((s, p, o))
    return stored


def assert_is_thorn(graph) -> None:
    """``graph`` (an rdflib Graph, or pyoxigraph triples) is the Thorn golden graph, build keys aside."""
    from rdflib import Graph, URIRef

    if not isinstance(graph, Graph):
        from kg.convert import ox_triples_to_rdflib

        graph = ox_triples_to_rdflib(graph)
    build_key = URIRef("https://w3id.org/kg-news/ontology#buildKey")
    actual = Graph()
    for triple in graph:
        if triple[1] != build_key:
            actual.add(_canonical_decimal(triple))
    assert_isomorphic(Graph().__iadd__(map(_canonical_decimal, thorn_golden())), actual)


def _canonical_decimal(triple):
    """Numbers in one form: serializers write 1.0 as "1.0" or "1", both the same number; Oxigraph stores an
    xsd:nonNegativeInteger as xsd:integer, Virtuoso keeps the datatype written."""
    from decimal import Decimal

    from rdflib import XSD, Literal

    s, p, o = triple
    if isinstance(o, Literal) and o.datatype == XSD.decimal:
        o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
    elif isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
        o = Literal(str(o), datatype=XSD.integer)
    return s, p, o


@contextmanager
def running_server(store, **options):
    """``kg serve``'s server (kg.serve.make_server) on a free port of 127.0.0.1, serving from a thread."""
    import threading

    from kg.serve import make_server

    server = make_server(store, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()
        thread.join(5)


class OneThreadAtATime:
    """Stands between kg and a real pyoxigraph store (``store._handle.store = OneThreadAtATime(...)``),
    forwarding every call, and notes each moment two threads were inside the store at once. A bulk batch
    stays in for ``linger`` seconds more after loading, so that a call from another thread during a batch
    cannot slip between two batches by luck."""

    def __init__(self, store, *, linger: float = 0.2):
        import threading

        self.store, self.linger = store, linger
        self.guard = threading.Lock()
        self.inside: dict[int, str] = {}
        self.overlaps: list[tuple[str, str]] = []
        self.batches = 0
        self.batch_sizes: list[int] = []

    def __getattr__(self, name):
        import threading
        import time

        method = getattr(self.store, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            me = threading.get_ident()
            with self.guard:
                self.overlaps.extend((name, other) for thread, other in self.inside.items() if thread != me)
                self.inside[me] = name
            try:
                result = method(*args, **kwargs)
                if name == "bulk_load":
                    self.batches += 1
                    self.batch_sizes.append(args[0].count(b"\n"))
                    time.sleep(self.linger)
                return result
            finally:
                with self.guard:
                    self.inside.pop(me, None)

        return call

    def __contains__(self, quad):
        return self.__getattr__("__contains__")(quad)
