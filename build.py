#!/usr/bin/env python3
"""luocdo command line: import documents, extract metadata and citations, build.

    python build.py                      build everything from content/ into build/
    python build.py build --content DIR --out DIR [--no-site]
    python build.py serve [--port 8000]  build, then preview build/site in a browser
    python build.py import FILE... [--into content/]
    python build.py extract PATH... [--format jsonl|csv]

Run ``python build.py COMMAND --help`` for each command's options.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from graph.distributed import DistributedError
from graph.export import csv_text
from graph.importer import import_files
from graph.pipeline import (
    CSV_COLUMNS,
    build,
    citations_by_document,
    csv_rows,
    document_record,
    dumps,
    extract_corpus,
    read_corpus,
)
from graph.timing import Timings

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("luocdo")


def cmd_import(args: argparse.Namespace) -> int:
    report = import_files(args.files, args.into)
    for item in report.imported:
        part = f" (phần {item.part}/{item.parts})" if item.parts > 1 else ""
        log.info("%s: %s%s → %s [%s]", item.origin, item.label, part, item.path, item.status)
    for problem in report.problems:
        log.error("%s", problem)
    log.info("%d văn bản nhập, %d lỗi", len(report.imported), len(report.problems))
    if not report.imported and report.problems:
        return 2
    return 1 if report.problems and args.strict else 0


def cmd_extract(args: argparse.Namespace) -> int:
    corpus = read_corpus(args.paths)
    for problem in corpus.problems:
        log.error("%s", problem)
    extraction = extract_corpus(corpus, jobs=args.jobs, dask=args.dask)
    citations = citations_by_document(extraction.resolution)
    records = [document_record(doc, citations.get(doc.path, ())) for doc in corpus.documents]
    if args.format == "csv":
        sys.stdout.write(csv_text(list(CSV_COLUMNS), csv_rows(records)))
    else:
        for record in records:
            sys.stdout.write(dumps(record) + "\n")
    return 1 if corpus.problems and args.strict else 0


def cmd_build(args: argparse.Namespace) -> int:
    content: Path = args.content
    out: Path = args.out
    if not content.is_dir():
        log.error("%s: content folder not found", content)
        return 2
    timings = Timings()
    result = build(
        content,
        out,
        progress=not args.quiet,
        validate=not args.no_validate,
        site=not args.no_site,
        jobs=getattr(args, "jobs", 1),
        timings=timings,
        dask=getattr(args, "dask", None),
    )
    if getattr(args, "timings", None) is not None:
        args.timings.write_text(json.dumps(timings.seconds, indent=1) + "\n", encoding="utf-8")
    for problem in result.problems:
        log.warning("%s", problem)
    report = result.report
    shacl = report["shacl"]
    if shacl is not None and shacl["conforms"] is not True:
        for line in shacl["report"][:40]:
            log.warning("SHACL: %s", line)
    log.info(
        "%d tệp đầu vào: %d văn bản, %d trích dẫn (+%d do văn bản khác nêu), %d văn bản ngoài "
        "kho, %d tham chiếu chung chung, %d mâu thuẫn; SHACL: %s → %s",
        report["inputs"],
        report["documents"],
        report["citations"],
        report["stated_citations"],
        report["stubs"],
        len(report["vague"]),
        len(report["conflicts"]),
        "bỏ qua"
        if shacl is None or shacl["conforms"] is None
        else ("hợp lệ" if shacl["conforms"] else "VI PHẠM"),
        out,
    )
    site = report.get("site")
    if site is not None:
        log.info("trang web: %d trang, %d cảnh báo MkDocs → %s", site["pages"],
                 len(site["warnings"]), out / "site")
    return 1 if args.strict and result.failed else 0


def cmd_synth(args: argparse.Namespace) -> int:
    from graph.synth import write_corpus

    summary = write_corpus(args.docs, args.seed, args.into)
    log.info(
        "%d tệp, %d byte, %d trích dẫn → %s",
        summary.files, summary.bytes, summary.citations, args.into,
    )  # fmt: skip
    counts = {"files": summary.files, "bytes": summary.bytes, "citations": summary.citations}
    sys.stdout.write(json.dumps(counts) + "\n")
    return 0


def _jobs(value: str) -> int:
    jobs = int(value)
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


DASK_HELP = (
    "run extraction on a Dask cluster: 'local' starts one of --jobs worker processes on this "
    "machine for the run; or the address of a running scheduler, e.g. tcp://host:8786 (its "
    "workers need this version of luocdo installed). Needs `pip install luocdo[distributed]`"
)


def cmd_serve(args: argparse.Namespace) -> int:
    import functools
    import http.server

    if not args.no_build:
        status = cmd_build(args)
        if status == 2:
            return status
    site = args.out / "site"
    if not (site / "index.html").is_file():
        log.error("%s: no built site; run `python build.py` first", site)
        return 2
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        log.info("xem trang tại http://%s:%d/ (Ctrl+C để dừng)", args.bind, args.port)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log.info("đã dừng")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from graph.query import QueryError, format_result, open_store, run

    text = args.query
    path = Path(text)
    if path.suffix == ".rq" or (len(text) < 4096 and "\n" not in text and path.is_file()):
        if not path.is_file():
            log.error("%s: query file not found", path)
            return 2
        text = path.read_text(encoding="utf-8")
    data = args.out / "data"
    try:
        store = open_store(data / "graph.nt", args.out / "cache" / "oxigraph")
        result = run(store, text)
    except QueryError as err:
        log.error("%s", err)
        return 2
    sys.stdout.write(format_result(result, args.format))
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from graph import network

    data = args.out / "data"
    if not (data / "edges.csv").exists():
        log.error("%s: no build found; run `python build.py` first", data)
        return 2
    graph = network.load_network(data / "documents.csv", data / "edges.csv")
    keys = []
    for name in [args.source, *([args.target] if args.target else [])]:
        found = network.find_nodes(graph, name)
        if len(found) != 1:
            what = "không tìm thấy" if not found else "nhiều văn bản khớp: " + ", ".join(found)
            log.error("%s: %s", name, what)
            return 2
        keys.append(found[0])
    if len(keys) == 2:
        steps = network.shortest_path(graph, keys[0], keys[1])
        if not steps:
            sys.stdout.write("Không có chuỗi trích dẫn nào nối hai văn bản.\n")
            return 1
        label = network.tree_lines
        tree = network.TreeNode(steps[0][0], None, ())
        lines = label(graph, tree)
        for i, (node, via) in enumerate(steps[1:], start=1):
            child = network.tree_lines(graph, network.TreeNode(node, via, ()))[0]
            lines.append(f"{'   ' * (i - 1)}└─ [{via}] {child}")
        sys.stdout.write("\n".join(lines) + "\n")
        return 0
    tree = network.trace(
        graph, keys[0], relations=args.relation or None, depth=args.depth, incoming=args.incoming
    )
    sys.stdout.write("\n".join(network.tree_lines(graph, tree)) + "\n")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="luocdo: knowledge graph of Vietnamese legal references.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Without a command, builds content/ into build/.",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only print errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="read content/, extract, resolve and write build/")
    build.add_argument(
        "--content",
        type=Path,
        default=ROOT / "content",
        help="folder of content files (default: content/)",
    )
    build.add_argument(
        "--out", type=Path, default=ROOT / "build", help="output folder (default: build/)"
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 if any file was refused or warned about",
    )
    build.add_argument(
        "--no-validate", action="store_true", help="skip the SHACL validation of the graph"
    )
    build.add_argument(
        "--no-site", action="store_true", help="write the graph and its exports only, no site"
    )
    build.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="processes for extraction and the corpus pages "
                       "(default: the number of CPUs)")
    build.add_argument("--timings", type=Path, metavar="FILE",
                       help="write the seconds each stage took (JSON) to FILE")
    build.add_argument("--dask", metavar="ADDRESS", help=DASK_HELP)
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser(
        "serve",
        help="build, then preview the site (build/site) on a local web server",
        description="Build content/ into build/ (as `build`), then serve build/site with "
        "Python's http.server: exactly the files that would be published, search included. "
        "To edit templates with live reload instead, run "
        "`mkdocs serve -f build/mkdocs.yml` after a build.",
    )
    serve.add_argument("--content", type=Path, default=ROOT / "content",
                       help="folder of content files (default: content/)")
    serve.add_argument("--out", type=Path, default=ROOT / "build",
                       help="output folder (default: build/)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--bind", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--no-build", action="store_true",
                       help="serve the existing build/site without building")
    serve.add_argument("--no-validate", action="store_true",
                       help="skip the SHACL validation of the graph")
    serve.set_defaults(func=cmd_serve, strict=False, no_site=False)

    imp = sub.add_parser(
        "import",
        help="import .txt/.md/.docx/.pdf/.jsonl files into content/, one file per document",
        description="Read input files (text in UTF-8, UTF-16, Windows-1258, TCVN3 or VNI; "
        "Markdown; .docx; PDF with a text layer; JSON Lines with a 'text' field), split files "
        "that hold several documents, and write one UTF-8 content file per document.",
    )
    imp.add_argument("files", nargs="+", type=Path, help="input files or folders")
    imp.add_argument(
        "--into",
        type=Path,
        default=ROOT / "content",
        help="content folder to write into (default: content/)",
    )
    imp.add_argument("--strict", action="store_true", help="exit 1 if any file was refused")
    imp.set_defaults(func=cmd_import)

    ext = sub.add_parser(
        "extract",
        help="print each document's metadata and citations as JSON Lines (or CSV)",
        description="Parse content files (or folders of them) and print one JSON object per "
        "document: file, number, id, type, system, issuer, place, date, title, signer, "
        "signer_title, signing_authority, addressees, recipients, received, citations, "
        "warnings, and the source line of every field.",
    )
    ext.add_argument("paths", nargs="+", type=Path, help="content files or folders")
    ext.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl (default): one object per document; csv: a flat table, one row per "
        "citation mention (a document without citations has one row)",
    )
    ext.add_argument("--strict", action="store_true", help="exit 1 if any file was refused")
    ext.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                     help="extraction processes (default: the number of CPUs)")
    ext.add_argument("--dask", metavar="ADDRESS", help=DASK_HELP)
    ext.set_defaults(func=cmd_extract)

    synth = sub.add_parser(
        "synth",
        help="write a synthetic corpus of realistic documents (for scale tests)",
        description="Write N synthetic Vietnamese legal documents (UTF-8 .txt), deterministic "
        "for a seed, citing earlier ones with a heavy-tailed in-degree; print a summary.",
    )
    synth.add_argument("--docs", type=int, required=True, metavar="N", help="documents")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    synth.add_argument("--into", type=Path, required=True, help="folder to write into")
    synth.set_defaults(func=cmd_synth)

    query = sub.add_parser(
        "query",
        help="run SPARQL over the built graph, offline (Oxigraph)",
        description="Run a SPARQL query (text or a .rq file) over build/data/graph.nt. The "
        "prefixes vnl:, eli:, skos:, rdfs:, xsd:, foaf:, org:, prov:, schema: are predeclared.",
    )
    query.add_argument("query", help="a SPARQL query, or a file such as queries/cited-by.rq")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument("--out", type=Path, default=ROOT / "build",
                       help="the build folder holding data/graph.nt (default: build/)")
    query.set_defaults(func=cmd_query)

    trace = sub.add_parser(
        "trace",
        help="print the citation chains from a document (or the path between two) as a tree",
        description="Trace citations from document A as a tree (what A cites, what those cite, "
        "…), or into A with --incoming (who cites A, who cites those), or the shortest chain "
        "from A to B. A and B are canonical ids, numbers ('33/CT-TTg') or labels.",
    )
    trace.add_argument("source", help="document A")
    trace.add_argument("target", nargs="?", help="document B (optional)")
    trace.add_argument("--depth", type=int, default=2, help="levels to follow (default: 2)")
    trace.add_argument("--relation", action="append", metavar="R",
                       help="follow only this relation (repeatable), e.g. implements, based-on")
    trace.add_argument("--incoming", action="store_true",
                       help="follow citations into the document instead of out of it")
    trace.add_argument("--out", type=Path, default=ROOT / "build",
                       help="the build folder (default: build/)")
    trace.set_defaults(func=cmd_trace)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # no INFO lines from --dask
    if args.command is None:
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "build"])
    try:
        return int(args.func(args))
    except DistributedError as err:
        log.error("%s", err)
        return 2


if __name__ == "__main__":
    sys.exit(main())
