"""The ``kg`` command: each subcommand checks its options, calls one library function and prints.

Data goes to stdout, progress and messages to stderr. A ``KgError`` becomes a one-line message and exit 1;
bad usage exits 2 (argparse); anything else is a bug and keeps its traceback.
"""

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .errors import KgError

EXAMPLES = {
    "build": "example: kg build                      # the bundled corpus into the default store\n"
             "         kg build articles/ -o graph.ttl --store ./kgstore\n"
             "         kg build archive/ --jobs 8            # extraction in 8 processes\n"
             "         kg build archive/ --scheduler tcp://10.0.0.5:8786   # on a Dask cluster\n"
             "         kg build articles/ --min-confidence 0.85   # only facts of rules right 85% of the time",
    "query": "example: kg query foundings\n"
             "         kg query -e 'PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
             "                      SELECT ?name WHERE { ?p a kg:Person ; kg:name ?name }' --graph graph.ttl\n"
             "         kg query about-person --param \"name=Ashton Kutcher\" --format csv",
    "export": "example: kg export -o thorn.ttl\n         kg export --format graphml -o thorn.graphml",
    "validate": "example: kg validate --graph graph.ttl",
    "info": "example: kg info --store ./kgstore",
    "remove": "example: kg remove thorn-kutcher.txt",
    "compact": "example: kg compact --store ./kgstore",
    "extract": "example: kg extract article.txt -o article.facts.json   # then correct it by hand",
    "evaluate": "example: kg evaluate tests/devset/gold tests/devset/docs",
    "serve": "example: kg serve --port 7878   # then open http://127.0.0.1:7878/ (queries at /sparql)",
}


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="LOCATION",
                        help="store folder or http(s):// SPARQL endpoint (default: $KG_STORE or "
                             "~/.local/share/kg/store)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _max_chars_option(parser: argparse.ArgumentParser) -> None:
    from .documents import DEFAULT_MAX_CHARS

    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                        help=f"refuse to extract a document longer than N characters (default: {DEFAULT_MAX_CHARS:,}; "
                             "0: no limit); a document with a curation file is not extracted")


def _federation_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-service", action="append", default=[], metavar="URL",
                        help="let SERVICE (and FROM) name this endpoint (repeatable); federation is off otherwise")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="News articles to a knowledge graph of people, organizations, testimonies and "
                               "statistics, every fact tied to the words that support it.",
        epilog="example: kg build && kg query foundings")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES[name],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    build = command("build", "read documents, extract or take curated facts, write the graph into the store")
    build.add_argument("sources", nargs="*", metavar="SOURCE",
                       help=".txt files or folders (default: the bundled corpus)")
    build.add_argument("-o", "--output", metavar="FILE", help="also write the built graph (format from extension)")
    build.add_argument("--encoding", help="decode documents with this codec instead of UTF-8 (e.g. cp1252)")
    build.add_argument("--force", action="store_true", help="rebuild documents even when unchanged")
    build.add_argument("--bulk", action="store_true",
                       help="first load of many documents through the bulk loader (faster; a crash loses the "
                            "batch in flight, which the next build redoes)")
    build.add_argument("--no-merge", action="append", default=[], metavar="NAME",
                       help="do not merge this name into another document's entity by alias (repeatable)")
    build.add_argument("--no-alias-merges", action="store_true",
                       help="merge entities across documents only when their canonical names are equal")
    build.add_argument("--replace", action="store_true",
                       help="a file named like a stored document built from another file replaces it")
    build.add_argument("--jobs", type=int, metavar="N",
                       help="extraction processes (default: one per core; one alone for a few small documents)")
    build.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="extract on the Dask cluster of this scheduler (needs kg[cluster] here and kg on "
                            "its workers); this process still writes the store")
    build.add_argument("--min-confidence", type=_probability, default=0.0, metavar="P",
                       help="keep only extracted facts whose calibrated confidence (the measured precision of the "
                            "rule that found them, 0..1) is at least P; curated facts are all kept")
    _max_chars_option(build)
    _store_option(build)

    query = command("query", "run a named query, a .rq file or inline SPARQL")
    query.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="named query (see --list) or query file")
    query.add_argument("-e", "--expression", metavar="SPARQL", help="inline SPARQL")
    query.add_argument("--graph", metavar="FILE", help="query an RDF file instead of the store")
    query.add_argument("--format", default="table", choices=["table", "json", "csv", "tsv", "xml"])
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind ?NAME to VALUE (a string; <iri>, prefix:name or a number are typed)")
    query.add_argument("--list", action="store_true", help="list the named queries and their questions")
    query.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                       help="stop the query after this many seconds (default: 60)")
    query.add_argument("--max-memory", default=None, metavar="SIZE",
                       help="memory the query may use, e.g. 2G or 512M (default: 2G)")
    _federation_option(query)
    _store_option(query)

    export = command("export", "write the whole graph")
    export.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    export.add_argument("--format", choices=["turtle", "nt", "jsonld", "trig", "xml", "graphml"],
                        help="default: from the extension, else turtle")
    _store_option(export)

    validate = command("validate", "check SHACL shapes and OWL consistency (HermiT)")
    validate.add_argument("--graph", metavar="FILE", help="validate an RDF file instead of the store")
    validate.add_argument("--no-reasoner", action="store_true", help="SHACL only, skip the OWL reasoner")
    _store_option(validate)

    info = command("info", "what is in the store, counted per class")
    _store_option(info)

    remove = command("remove", "retract the facts of documents (their space is given back once it is a quarter "
                     "of the store, or by kg compact)")
    remove.add_argument("documents", nargs="+", metavar="DOC", help="document file name, e.g. article.txt")
    remove.add_argument("--no-compact", action="store_true",
                        help="never rewrite the store now; leave the space to a later kg compact")
    _store_option(remove)

    compact = command("compact", "give back the space of removed documents (rewrites the store folder)")
    _store_option(compact)

    extract = command("extract", "extract facts from one document into a facts file to curate")
    extract.add_argument("document", metavar="DOC")
    extract.add_argument("-o", "--output", metavar="FILE", help="default: stdout")
    extract.add_argument("--encoding")
    _max_chars_option(extract)

    evaluate = command("evaluate", "precision, recall and F1 of extraction against gold facts")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR")
    evaluate.add_argument("docs_dir", metavar="DOCS_DIR")
    evaluate.add_argument("--verbose", action="store_true", help="list every miss and extra")

    serve = command("serve", "SPARQL 1.1 Protocol endpoint at /sparql, and pages to explore the graph")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7878)
    serve.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per-query time limit")
    serve.add_argument("--allow-update", action="store_true",
                       help="accept SPARQL updates (requires --token)")
    serve.add_argument("--token", help="bearer token required for updates")
    serve.add_argument("--cors", metavar="ORIGIN", help="send CORS headers for this origin")
    serve.add_argument("--workers", type=int, metavar="N", help="query processes (default: the cores, 4 to 8)")
    serve.add_argument("--max-memory", metavar="SIZE",
                       help="memory each query process may use, e.g. 2G or 512M (default: 2G)")
    serve.add_argument("--client-queries", type=int, metavar="N",
                       help="queries one client may run at once (default: fewer than half the workers)")
    _federation_option(serve)
    serve.add_argument("--base-iri", metavar="IRI",
                       help="base of the data IRIs the pages serve (default: $KG_BASE_IRI or kg's; "
                            "https://w3id.org/kg-news/id/... is served at /id/...)")
    _store_option(serve)
    return parser


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1 (e.g. 0.8)")
    return value


class _Progress:
    """A progress bar on stderr, with documents and words per second once the build has run for a second."""

    def __init__(self, report):
        self.report = report
        self.started = time.perf_counter()

    def __call__(self, index: int, total: int, name: str) -> None:
        if total < 2 or not sys.stderr.isatty():
            return
        width = 30
        done = int(width * index / total)
        elapsed = time.perf_counter() - self.started
        built = len(self.report.built)
        rates = (f" {built / elapsed:5.1f} docs/s {self.report.words / elapsed:7,.0f} words/s"
                 if elapsed >= 1 and built else "")
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {index}/{total}{rates} {name[:40]:40}")
        if index == total and not name:  # a last step ("compacting the store") is shown on the same line first
            sys.stderr.write("\n")
        sys.stderr.flush()


def _write(data: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def cmd_build(args) -> int:
    from .ingest import BuildReport, build_documents
    from .paths import sources_dir
    from .store import open_store

    if args.jobs is not None and args.jobs < 1:
        raise KgError(f"--jobs must be 1 or more, not {args.jobs}")
    sources = args.sources or [sources_dir()]
    with open_store(args.store) as store:
        started = time.perf_counter()
        report = BuildReport()
        build_documents(sources, store, encoding=args.encoding, force=args.force, progress=_Progress(report),
                        bulk=args.bulk, merge_aliases=not args.no_alias_merges, no_merge=args.no_merge,
                        replace=args.replace, jobs=args.jobs, scheduler=args.scheduler, report=report,
                        min_confidence=args.min_confidence, max_chars=args.max_chars or None)
        for warning in report.warnings:
            print(f"kg: warning: {warning}", file=sys.stderr)
        for path, message in report.failed:
            print(f"kg: error: {message}", file=sys.stderr)
        if args.output:
            from .convert import format_for_path, serialize_graph

            fmt = format_for_path(args.output)
            graph = store.rdflib_graph_of(report.graphs)
            Path(args.output).write_bytes(serialize_graph(graph, fmt))
        seconds = time.perf_counter() - started
        rates = ""
        if report.words:
            rates = (f" ({len(report.built) / seconds:.1f} documents/s, {report.words / seconds:,.0f} words/s, "
                     f"extraction in {report.engine})")
        print(f"kg: {report.summary()} in {seconds:.1f} s{rates} into {store.location}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_query(args) -> int:
    from .sparql import check_query, format_solutions, named_queries, parse_params, resolve_query

    if args.list:
        for query in named_queries().values():
            params = "".join(f" --param {param.name}=..." for param in query.params)
            print(f"{query.name:22} {query.question}{params}")
        return 0
    if args.name and args.expression:
        raise KgError("give either a query name/file or -e SPARQL, not both")
    from .isolate import DEFAULT_MAX_MEMORY, DEFAULT_QUERY_TIMEOUT, parse_memory, run_forked

    label, text = resolve_query(args.name, inline=args.expression)
    form = check_query(text, federation=args.allow_service)
    params = parse_params(args.param, text)
    max_memory = parse_memory(args.max_memory) if args.max_memory else DEFAULT_MAX_MEMORY

    def answer() -> bytes:
        if args.graph:
            from .store import file_store

            store = file_store(args.graph, federation=args.allow_service)
        else:
            from .store import open_store

            store = open_store(args.store, read_only=True, federation=args.allow_service)
        with store:
            result = store.query(text, params=params, label=label)
            if form in ("CONSTRUCT", "DESCRIBE"):
                from .store import serialize_triples

                return serialize_triples(result, "nt" if args.format in ("csv", "tsv", "table") else "turtle")
            return format_solutions(result, args.format)

    # In a process of its own, opened there: the time limit and Ctrl-C stop it (pyoxigraph cannot).
    data = run_forked(answer, timeout=args.timeout or DEFAULT_QUERY_TIMEOUT, max_memory=max_memory, what=label)
    _write(data, None)
    return 0


def cmd_export(args) -> int:
    from .convert import format_for_path, serialize_graph
    from .store import open_store

    fmt = format_for_path(args.output, args.format)
    with open_store(args.store, read_only=True) as store:
        graph = store.rdflib_graph()
    _write(serialize_graph(graph, fmt), args.output)
    return 0


def cmd_validate(args) -> int:
    from .store import file_store, open_store
    from .validate import validate

    with file_store(args.graph) if args.graph else open_store(args.store, read_only=True) as store:
        graph = store.rdflib_graph()
    result = validate(graph, reasoner=not args.no_reasoner)
    for ok, message in result.messages():
        print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if result.conforms else 1


def cmd_info(args) -> int:
    from .store import open_store

    with open_store(args.store, read_only=True) as store:
        print(f"store: {store.location}")
        docs = store.documents()
        print(f"documents: {len(docs)}")
        for doc in docs:
            print(f"  {escape_controls(doc.name)}")
        print(f"triples: {store.count()}")
        from .sparql import _short
        from .store import class_counts

        for cls, count in class_counts(store):
            print(f"  {_short(cls):28} {count}")
    return 0


def cmd_remove(args) -> int:
    from .store import REWRITE_SHARE, EmbeddedStore, open_store, remove_documents

    with open_store(args.store) as store:
        missing = remove_documents(store, args.documents, compact=not args.no_compact)
        dead = store.reclaimable_bytes() if isinstance(store, EmbeddedStore) else 0
    for name in args.documents:
        if name not in missing:
            print(f"kg: removed {name}", file=sys.stderr)
    if dead:
        print(f"kg: {dead / 1e6:.1f} MB of removed documents stays in the folder until kg compact (kg remove "
              f"rewrites the store itself once that is {REWRITE_SHARE:.0%} of it)", file=sys.stderr)
    if missing:
        raise KgError(f"not in the store: {', '.join(missing)}; kg info lists the stored documents")
    return 0


def cmd_compact(args) -> int:
    from .store import compact_store, open_store

    with open_store(args.store) as store:
        before, after = compact_store(store)
    print(f"kg: compacted {store.location}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB", file=sys.stderr)
    return 0


def _chunk_progress(document):
    from .extract import chunk_progress

    return chunk_progress(document.name, len(document.text))


def cmd_extract(args) -> int:
    from .documents import read_document
    from .extract import extract
    from .facts import dump_facts

    document = read_document(args.document, encoding=args.encoding, max_chars=args.max_chars or None)
    facts = extract(document, progress=_chunk_progress(document))
    facts.sha256 = document.sha256
    _write(dump_facts(facts).encode("utf-8"), args.output)
    return 0


def cmd_evaluate(args) -> int:
    from .evaluate import evaluate

    report = evaluate(args.gold_dir, args.docs_dir)
    print(report.format(verbose=args.verbose))
    return 0


def cmd_serve(args) -> int:
    from .isolate import parse_memory
    from .serve import serve

    serve(store=args.store, host=args.host, port=args.port, timeout=args.timeout,
          allow_update=args.allow_update, token=args.token, cors_origin=args.cors, workers=args.workers,
          max_memory=parse_memory(args.max_memory) if args.max_memory else None,
          client_queries=args.client_queries, federation=args.allow_service,
          base_iri=args.base_iri)
    return 0


def _undecodable_argument(argv: list[str]) -> str | None:
    """A message for the first argument that is not valid UTF-8 (Python keeps such bytes as surrogates)."""
    for position, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as e:
            byte = ord(arg[e.start]) - 0xDC00 if 0xDC80 <= ord(arg[e.start]) <= 0xDCFF else None
            shown = f"byte 0x{byte:02x}" if byte is not None else "a lone surrogate"
            return (f"argument {position} ({escape_controls(arg)}) is not valid UTF-8 ({shown} at character "
                    f"{e.start + 1}); give text in UTF-8")
    return None


def escape_controls(text: str) -> str:
    """``text`` with control, format and undecodable characters shown as escapes, so a name cannot spoof
    the lines or columns around it (a newline, a carriage return, a right-to-left override)."""
    import unicodedata

    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\" or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append("\\\\" if char == "\\" else (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(char)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    problem = _undecodable_argument(sys.argv[1:] if argv is None else argv)
    if problem:
        print(f"kg: error: {problem}", file=sys.stderr)
        return 2
    args = _parser().parse_args(argv)
    handler = globals()[f"cmd_{args.command}"]
    try:
        return handler(args)
    except KgError as e:
        # One line, so scripts can grep it; multi-line reports (SHACL) are printed by their command. A
        # syntax error adds the query line at fault with a caret under the column, below that line.
        print(f"kg: error: {str(e).replace(chr(10), '; ')}", file=sys.stderr)
        if getattr(e, "excerpt", ""):
            print(e.excerpt, file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
