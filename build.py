#!/usr/bin/env python3
"""luocdo command line: import documents, extract metadata and citations, build.

    python build.py                      build everything from content/ into build/
    python build.py build --content DIR --out DIR
    python build.py import FILE... [--into content/]
    python build.py extract PATH... [--format jsonl|csv]

Run ``python build.py COMMAND --help`` for each command's options.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

from graph.importer import import_files
from graph.pipeline import (
    CSV_COLUMNS,
    csv_rows,
    document_record,
    dumps,
    read_corpus,
    write_csv,
)

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
    failed = any(p.severity == "error" for p in report.problems)
    return 1 if failed and args.strict else (2 if not report.imported and report.problems else 0)


def extract_records(paths: list[Path], progress: bool) -> tuple[list[dict[str, object]], int]:
    corpus = read_corpus(paths, progress=progress)
    for problem in corpus.problems:
        log.error("%s", problem)
    records = [document_record(doc) for doc in corpus.documents]
    return records, len(corpus.problems)


def cmd_extract(args: argparse.Namespace) -> int:
    records, errors = extract_records(args.paths, progress=False)
    out = sys.stdout
    if args.format == "csv":
        out.write(write_csv(csv_rows(records), CSV_COLUMNS))
    else:
        for record in records:
            out.write(dumps(record) + "\n")
    return 1 if errors and args.strict else 0


def cmd_build(args: argparse.Namespace) -> int:
    content: Path = args.content
    out: Path = args.out
    if not content.is_dir():
        log.error("%s: content folder not found", content)
        return 2
    corpus = read_corpus([content], progress=True)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    records = [document_record(doc) for doc in corpus.documents]
    with (data / "documents.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(dumps(record) + "\n")
    warnings = [p for doc in corpus.documents for p in doc.problems]
    status = Counter("built with warnings" if doc.problems else "built" for doc in corpus.documents)
    report = {
        "inputs": len(corpus.files),
        "documents": len(corpus.documents),
        "refused": [
            {"file": p.file, "line": p.line, "message": p.message} for p in corpus.problems
        ],
        "status": dict(sorted(status.items())),
        "files": {
            **{
                doc.path: {
                    "status": "built with warnings" if doc.problems else "built",
                    "id": str(doc.doc_id) if doc.doc_id else None,
                    "warnings": [str(p) for p in doc.problems],
                }
                for doc in corpus.documents
            },
            **{p.file: {"status": "refused", "warnings": [str(p)]} for p in corpus.problems},
        },
    }
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    for problem in [*corpus.problems, *warnings]:
        log.warning("%s", problem)
    log.info(
        "%d tệp đầu vào: %d văn bản, %d có cảnh báo, %d bị từ chối → %s",
        len(corpus.files),
        len(corpus.documents),
        status.get("built with warnings", 0),
        len(corpus.problems),
        out,
    )
    if args.strict and (corpus.problems or warnings):
        return 1
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
    build.set_defaults(func=cmd_build)

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
        help="jsonl (default): one object per document; csv: a flat table",
    )
    ext.add_argument("--strict", action="store_true", help="exit 1 if any file was refused")
    ext.set_defaults(func=cmd_extract)
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
    if args.command is None:
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "build"])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
