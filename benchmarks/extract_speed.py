"""Benchmark: speed of parsing and citation extraction, per core and over several processes.

    python -m benchmarks.extract_speed [--corpus ../shared/corpus] [--synth DIR] [--jobs 2]

For the text sets of the development corpus (the ones ``benchmarks.citations`` reads) and,
with ``--synth``, a folder written by ``build.py synth``, it measures:

* parsing (``parse.parse_document``) and extraction (``pipeline.mentions_of``: skip ranges
  plus ``extract.extract_mentions``, what ``build.py extract`` runs per document) in CPU
  seconds of this process, so the figure is per core and less disturbed by other load;
* extraction over ``--jobs`` worker processes, wall-clock (and the workers' CPU seconds);
* the floor: ``grep -E -c`` for numbers over the same bytes (CPU seconds of grep).

Throughput is in MB/s of UTF-8 text (Vietnamese letters take 2–3 bytes) and in M
characters/s. Writes ``benchmarks/results/extract_speed.json``. On a shared machine the
figures move by ±20 %: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citations import DEFAULT_CORPUS, load_records  # noqa: E402
from graph.models import Document  # noqa: E402
from graph.normalize import normalize_input  # noqa: E402
from graph.parse import parse_document  # noqa: E402
from graph.pipeline import _extract, content_files, extract_args, read_document  # noqa: E402

# The floor: a single grep for document numbers, the cheapest scan that finds citations.
GREP_PATTERN = "[0-9]+/[0-9]{4}/[A-ZĐ-]+|[0-9]+/[A-ZĐ-]+"


def dev_texts(corpus: Path) -> list[tuple[str, str]]:
    out = []
    for record in load_records(corpus, None):
        text = normalize_input(record.get("text") or "")
        if text.strip():
            out.append((str(record["id"]), text))
    return out


def synth_texts(folder: Path) -> list[tuple[str, str]]:
    return [(name, read_document(file, name).text) for file, name in content_files([folder])]


def rate(size: float, seconds: float) -> float | None:
    return round(size / seconds / 1e6, 2) if seconds > 0 else None


def measure(texts: list[tuple[str, str]], jobs: int, repeat: int) -> dict[str, Any]:
    chars = sum(len(t) for _, t in texts)
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    parse_cpu = float("inf")
    docs: list[Document] = []
    for _ in range(repeat):
        started = time.process_time()
        docs = [parse_document(text, name) for name, text in texts]
        parse_cpu = min(parse_cpu, time.process_time() - started)
    extract_cpu = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            _extract(extract_args(doc))
        extract_cpu = min(extract_cpu, time.process_time() - started)
    args = [extract_args(doc) for doc in docs]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunksize = max(1, min(64, len(args) // (jobs * 8) or 1))
        list(pool.map(_extract, args, chunksize=chunksize))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    grep_cpu, grep_wall = grep_floor(texts)
    return {
        "documents": len(texts),
        "characters": chars,
        "bytes": size,
        "parse_cpu_s": round(parse_cpu, 2),
        "parse_mb_s": rate(size, parse_cpu),
        "parse_mchars_s": rate(chars, parse_cpu),
        "extract_cpu_s": round(extract_cpu, 2),
        "extract_mb_s": rate(size, extract_cpu),
        "extract_mchars_s": rate(chars, extract_cpu),
        "jobs": jobs,
        "extract_parallel_wall_s": round(wall, 2),
        "extract_parallel_mb_s": rate(size, wall),
        "extract_parallel_workers_cpu_s": round(workers_cpu, 2),
        "grep_cpu_s": round(grep_cpu, 3),
        "grep_wall_s": round(grep_wall, 3),
        "grep_mb_s": rate(size, grep_cpu),
        "extract_over_grep": round(extract_cpu / grep_cpu, 1) if grep_cpu > 0 else None,
    }


def grep_floor(texts: list[tuple[str, str]]) -> tuple[float, float]:
    """CPU and wall seconds of ``grep -E -c`` for numbers over the same text."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for _, text in texts:
            f.write(text)
            f.write("\n")
        path = f.name
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        # output to a pipe: with stdout on /dev/null GNU grep stops at the first match
        subprocess.run(
            ["grep", "-E", "-c", GREP_PATTERN, path],
            check=False,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(path)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--synth", type=Path, default=None, help="a build.py synth folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="best of N single-core runs")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/extract_speed.json")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    if args.corpus.is_dir():
        texts = dev_texts(args.corpus)
        if texts:
            result["dev"] = measure(texts, args.jobs, args.repeat)
    if args.synth is not None and args.synth.is_dir():
        result["synth"] = measure(synth_texts(args.synth), args.jobs, args.repeat)
    if not result:
        print(f"no corpus at {args.corpus} and no --synth folder: benchmark skipped")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for name, r in result.items():
        print(
            f"{name}: {r['documents']} documents, {r['bytes'] / 1e6:.1f} MB "
            f"({r['characters'] / 1e6:.1f} M chars)\n"
            f"  parse    {r['parse_cpu_s']:6.2f} s CPU  {r['parse_mb_s']} MB/s per core\n"
            f"  extract  {r['extract_cpu_s']:6.2f} s CPU  {r['extract_mb_s']} MB/s per core "
            f"({r['extract_mchars_s']} M chars/s)\n"
            f"  extract, {r['jobs']} processes: {r['extract_parallel_wall_s']} s wall, "
            f"{r['extract_parallel_mb_s']} MB/s (workers {r['extract_parallel_workers_cpu_s']} "
            f"s CPU)\n"
            f"  grep -E floor: {r['grep_cpu_s']} s CPU, {r['grep_mb_s']} MB/s; extraction "
            f"is {r['extract_over_grep']}x slower"
        )
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
