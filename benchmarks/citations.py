"""Benchmark: citation extraction and resolution on the development corpus.

Scores the recall of the amendment relations that consolidated texts (VBHN) state in their
preamble ("… được sửa đổi, bổ sung bởi: 1. …; 2. …"), using the silver labels of
``congbao-8chude/vbhn_amendment_histories.dev.jsonl``. For each VBHN of ``dev.jsonl.gz``:

* the base document must come out as a direct citation VBHN → base with ``consolidates``;
* each amending document as a stated citation amending → base with ``amends``, stated by the
  VBHN (and as a direct citation of the VBHN).

It also prints per-document counts (mentions by kind, targets, vague references, unresolved
titles, self-references) for inspection, and the extraction speed. Results go to
``benchmarks/results/citations.json``.

Usage::

    python benchmarks/citations.py [--corpus DIR] [--out FILE] [--limit N]

Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.codes import TYPES_BY_NAME  # noqa: E402
from graph.extract import extract_mentions  # noqa: E402
from graph.ids import DocumentId, canonical_number  # noqa: E402
from graph.models import Mention, MentionKind  # noqa: E402
from graph.normalize import fold_key, normalize_input  # noqa: E402
from graph.relations import Relation  # noqa: E402
from graph.resolve import CitingDoc, Resolution, resolve  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus")
TEXT_SETS = ("congbao-8chude/dev.jsonl.gz", "tvpl-johnpa02/dev.jsonl.gz")


def number_key(number: str) -> str:
    """Numbers compare after folding diacritics and case (corpus README)."""
    return fold_key(canonical_number(number)).upper()


def load_records(corpus: Path, limit: int | None) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for name in TEXT_SETS:
        path = corpus / name
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    return records
    return records


# "Hà Nội, ngày 25 tháng 6 năm 2025": the place-and-date line under the header.
HEADER_DATE = re.compile(
    r"(?i)[^\W\d_]{2,}[^\n,]{0,30},\s*ngày\s*\**\s*(\d{1,2})\s*\**\s+tháng\s*\**\s*(\d{1,2})"
    r"\s*\**\s+năm\s*\**\s*((?:19|20)\d{2})"
)


def header_date(text: str) -> dt.date | None:
    """The document's own date from its header, when the record gives none."""
    m = HEADER_DATE.search(text, 0, 4000)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def own_identity(record: dict[str, Any]) -> tuple[str | None, str | None, dt.date | None]:
    number = record.get("so_hieu") or record.get("so_hieu_ascii")
    doc_type = None
    if record.get("loai"):
        found = TYPES_BY_NAME.get(fold_key(record["loai"]))
        doc_type = found.slug if found else None
    date = None
    if record.get("ngay_ban_hanh"):
        try:
            date = dt.date.fromisoformat(record["ngay_ban_hanh"][:10])
        except ValueError:
            date = None
    if date is None:
        date = header_date(normalize_input(record.get("text") or ""))
    return (canonical_number(number) if number else None), doc_type, date


def citing_doc(record: dict[str, Any], mentions: tuple[Mention, ...]) -> CitingDoc:
    number, doc_type, date = own_identity(record)
    doc_id = None
    if number:
        try:
            year = record.get("nam") or (date.year if date else None)
            doc_id = DocumentId.from_number(number, year, doc_type)
        except ValueError:
            doc_id = None
    return CitingDoc(
        doc_id,
        record["id"],
        date,
        record.get("co_quan"),
        record.get("title") or record.get("tvpl_title"),
        doc_type,
        mentions,
    )


def score_vbhn(corpus: Path, resolution: Resolution, ids: set[str]) -> dict[str, Any]:
    path = corpus / "congbao-8chude/vbhn_amendment_histories.dev.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [r for r in rows if r["vbhn_id"] in ids]
    expected = found = 0
    base_hits = amend_hits = base_total = amend_total = 0
    misses: list[dict[str, str]] = []
    for row in rows:
        vbhn = row["vbhn_id"]
        base = number_key(row["base"]["so_hieu"])
        direct = {
            number_key(c.target.number): c
            for c in resolution.citations.get(vbhn, ())
            if c.target.number
        }
        stated = {
            (number_key(c.source.number), number_key(c.target.number)): c
            for c in resolution.stated
            if c.stated_by == vbhn and c.source is not None and c.source.number and c.target.number
        }
        expected += 1
        base_total += 1
        cite = direct.get(base)
        if cite is not None and Relation.CONSOLIDATES in cite.relations:
            found += 1
            base_hits += 1
        else:
            misses.append(
                {
                    "vbhn": vbhn,
                    "kind": "consolidates",
                    "number": row["base"]["so_hieu"],
                    "got": ",".join(r.value for r in cite.relations) if cite else "-",
                }
            )
        for amended in row["amended_by"]:
            number = number_key(amended["so_hieu"])
            expected += 1
            amend_total += 1
            edge = stated.get((number, base))
            if edge is not None and Relation.AMENDS in edge.relations:
                found += 1
                amend_hits += 1
            else:
                misses.append(
                    {
                        "vbhn": vbhn,
                        "kind": "amends",
                        "number": amended["so_hieu"],
                        "got": "cited" if number in direct else "-",
                    }
                )
    return {
        "vbhn_documents": len(rows),
        "relations_expected": expected,
        "relations_found": found,
        "recall": round(found / expected, 4) if expected else None,
        "consolidates_recall": round(base_hits / base_total, 4) if base_total else None,
        "amends_recall": round(amend_hits / amend_total, 4) if amend_total else None,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/citations.json")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="no per-document table")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: benchmark skipped")
        return 0
    records = load_records(args.corpus, args.limit)
    if not records:
        print(f"no text sets under {args.corpus}: benchmark skipped")
        return 0

    inputs = []
    for record in records:
        text = normalize_input(record.get("text") or "")
        inputs.append((record, text, *own_identity(record)))
    chars = sum(len(item[1]) for item in inputs)
    docs: list[CitingDoc] = []
    extract_seconds = 0.0
    for record, text, number, doc_type, date in inputs:
        started = time.perf_counter()
        mentions = extract_mentions(text, own_number=number, own_type=doc_type, own_date=date)
        extract_seconds += time.perf_counter() - started
        docs.append(citing_doc(record, mentions))
    started = time.perf_counter()
    resolution = resolve(docs)
    resolve_seconds = time.perf_counter() - started

    rows = []
    totals: Counter[str] = Counter()
    unresolved_by_doc = Counter(c.source_path for c in resolution.all_citations() if not c.resolved)
    vague_by_doc = Counter(v.path for v in resolution.vague)
    for doc in docs:
        kinds = Counter(m.kind.value for m in doc.mentions)
        row = {
            "id": doc.path,
            "so_hieu": doc.doc_id.number if doc.doc_id else None,
            "mentions": len(doc.mentions),
            **{k.value: kinds.get(k.value, 0) for k in MentionKind},
            "targets": len(resolution.citations.get(doc.path, ())),
            "vague_refs": vague_by_doc.get(doc.path, 0),
            "unresolved": unresolved_by_doc.get(doc.path, 0),
        }
        rows.append(row)
        for key in (
            "mentions",
            "targets",
            "vague_refs",
            "unresolved",
            *(k.value for k in MentionKind),
        ):
            totals[key] += int(row[key] or 0)

    vbhn = score_vbhn(args.corpus, resolution, {r["id"] for r in records})
    relation_counts = Counter(r.value for c in resolution.all_citations() for r in c.relations)
    result = {
        "corpus": str(args.corpus),
        "documents": len(docs),
        "characters": chars,
        "extract_seconds": round(extract_seconds, 2),
        "extract_mb_per_s": round(chars / extract_seconds / 1e6, 2) if extract_seconds else None,
        "resolve_seconds": round(resolve_seconds, 2),
        "totals": dict(totals),
        "stated_edges": len(resolution.stated),
        "stubs": len(resolution.stubs),
        "conflicts": len(resolution.conflicts),
        "warnings": len(resolution.warnings),
        "relations": dict(relation_counts.most_common()),
        "vbhn": vbhn,
        "documents_table": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    if not args.quiet:
        header = (
            f"{'id':24} {'number':26} {'ment':>5} {'num':>5} {'title':>5} {'event':>5} "
            f"{'vague':>5} {'ana':>4} {'self':>5} {'tgt':>5} {'unres':>5}"
        )
        print(header)
        for row in rows:
            print(
                f"{row['id'][:24]:24} {str(row['so_hieu'])[:26]:26} {row['mentions']:5} "
                f"{row[MentionKind.NUMBER.value]:5} {row[MentionKind.TITLE.value]:5} "
                f"{row[MentionKind.EVENT.value]:5} {row['vague_refs']:5} "
                f"{row[MentionKind.ANAPHORA.value]:4} {row[MentionKind.SELF.value]:5} "
                f"{row['targets']:5} {row['unresolved']:5}"
            )
    print()
    print(
        f"documents {len(docs)}, {chars / 1e6:.1f} M characters; extraction "
        f"{extract_seconds:.1f} s ({result['extract_mb_per_s']} M chars/s, one core), "
        f"resolution {resolve_seconds:.1f} s"
    )
    print("totals:", dict(totals))
    print(
        f"stated edges {len(resolution.stated)}, stubs {len(resolution.stubs)}, "
        f"conflicts {len(resolution.conflicts)}, warnings {len(resolution.warnings)}"
    )
    print("relations:", dict(relation_counts.most_common()))
    print(
        f"VBHN: {vbhn['vbhn_documents']} texts, {vbhn['relations_found']}/"
        f"{vbhn['relations_expected']} relations, recall {vbhn['recall']} "
        f"(consolidates {vbhn['consolidates_recall']}, amends {vbhn['amends_recall']})"
    )
    for miss in vbhn["misses"][:40]:
        print("  miss:", miss)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
