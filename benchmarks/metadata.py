"""Score metadata extraction against the labels of the development corpus.

    python -m benchmarks.metadata [--corpus ../shared/corpus] [--show-failures 20]

Numbers are compared after folding diacritics and case (the Công báo labels are
ASCII-folded). Prints accuracy per field and source and the documents that fail; writes
``benchmarks/results/metadata.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.codes import ISSUER_BY_CODE, TYPES_BY_SLUG
from graph.ids import canonical_number, split_number
from graph.normalize import fold_key, normalize_input
from graph.parse import parse_document

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"

# Công báo labels name VBHN "Văn bản hợp nhất"; thuvienphapluat titles call drafts "Dự thảo".
TARGETS = {
    "congbao-8chude": {"number": 0.98, "type": 0.98, "issuer": 0.95, "date": 0.95, "signer": 0.95},
    # "issuer=": issuer correct where the number's code names a central body (no target set)
    "tvpl-johnpa02": {"number": 0.95},
}


def records(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def number_key(text: str) -> str:
    """Folded, upper-cased, without dots and leading zeros: the Công báo labels come from
    URL slugs ("6617/2026/NQ-CP" for 66.17/2026/NQ-CP, "7/2026/…" for 07/2026/…)."""
    key = fold_key(text).replace(" ", "").replace(".", "").upper()
    return key.lstrip("0")


GENERIC_ISSUERS = {"UBND", "HĐND", "TW", "QH", "VPQH"}  # the place or body needs the header


def expected_issuer(rec: dict[str, Any], label: str | None) -> str | None:
    """The issuer a label implies: the source's own ``co_quan``, else the issuer code of a
    central body in the number ("…/NĐ-CP" → Chính phủ). None where neither tells."""
    if rec.get("co_quan"):
        return str(rec["co_quan"])
    if not label or "VBHN" in label.upper():
        return None
    parts = split_number(canonical_number(label))
    if parts is None or parts.issuer_code in GENERIC_ISSUERS:
        return None
    return ISSUER_BY_CODE.get(parts.issuer_code or "")


def score(corpus: Path) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for source, relpath in (
        ("congbao-8chude", "congbao-8chude/dev.jsonl.gz"),
        ("tvpl-johnpa02", "tvpl-johnpa02/dev.jsonl.gz"),
    ):
        path = corpus / relpath
        if not path.exists():
            continue
        counts: dict[str, list[int]] = {
            f: [0, 0] for f in ("number", "type", "issuer", "issuer=", "date", "signer", "title")
        }
        failures: list[dict[str, Any]] = []
        started = time.perf_counter()
        chars = 0
        for rec in records(path):
            if rec.get("text_layer_missing"):
                continue
            text = normalize_input(rec["text"])
            chars += len(text)
            doc = parse_document(text, rec["id"])
            meta = doc.meta
            got_number = meta.number.value if meta.number else None
            label = rec.get("so_hieu_ascii") or rec.get("so_hieu")
            fails = []
            if label:
                ok = got_number is not None and number_key(got_number) == number_key(label)
                counts["number"][0] += ok
                counts["number"][1] += 1
                if not ok:
                    fails.append(f"number {got_number!r} ≠ {label!r}")
            loai = rec.get("loai")
            if loai and loai != "Dự thảo":
                got_type = TYPES_BY_SLUG[meta.doc_type.value].name if meta.doc_type else None
                ok = got_type is not None and fold_key(got_type) == fold_key(loai)
                counts["type"][0] += ok
                counts["type"][1] += 1
                if not ok:
                    fails.append(f"type {got_type!r} ≠ {loai!r}")
            expected = expected_issuer(rec, label)
            if expected is not None:
                got_issuer = meta.issuer.value if meta.issuer else None
                ok = got_issuer is not None and fold_key(expected) == fold_key(got_issuer)
                counts["issuer="][0] += ok
                counts["issuer="][1] += 1
                if not ok:
                    fails.append(f"issuer {got_issuer!r} ≠ {expected!r}")
            for name in ("issuer", "date", "signer", "title"):
                found = getattr(meta, name) is not None
                counts[name][0] += found
                counts[name][1] += 1
                if not found and name != "title":
                    fails.append(f"{name} not found")
            if fails:
                failures.append({"id": rec["id"], "label": label, "problems": fails})
        seconds = time.perf_counter() - started
        report[source] = {
            "fields": {
                f: {"ok": ok, "total": total, "rate": round(ok / total, 4) if total else None}
                for f, (ok, total) in counts.items()
            },
            "failures": failures,
            "seconds": round(seconds, 2),
            "mb_per_s": round(chars / 1e6 / seconds, 2) if seconds else None,
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show-failures", type=int, default=15)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}: nothing to measure")
        return 0
    report = score(args.corpus)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "metadata.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    print(f"{'source':16} {'field':8} {'found/correct':>14} {'rate':>7} {'target':>7}")
    for source, data in report.items():
        for field, row in data["fields"].items():
            target = TARGETS.get(source, {}).get(field)
            rate = f"{row['rate']:.1%}" if row["rate"] is not None else "-"
            print(
                f"{source:16} {field:8} {row['ok']:>6}/{row['total']:<7} {rate:>7} "
                f"{(f'{target:.0%}' if target else ''):>7}"
            )
        print(
            f"{source:16} {len(data['failures'])} documents with a failure; "
            f"{data['mb_per_s']} MB/s parse"
        )
        for fail in data["failures"][: args.show_failures]:
            print(f"   {fail['id']:28} {fail['label']!s:28} {'; '.join(fail['problems'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
