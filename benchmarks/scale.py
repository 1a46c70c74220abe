"""How the build scales: time, memory, site and index size, search and SPARQL latency against
the number of documents, projected to 300,000 documents (issue 6 §2).

    python -m benchmarks.scale [--sizes 1000,10000] [--out DIR] [--json FILE] [--skip-browser]
                               [--jobs N] [--seed S] [--corpus DIR] [--queries NAME,...]
                               [--incremental-at N]

Every measurement is a whole process run from here (``python3 build.py …``, ``grep``,
``mkdocs``): wall time from start to exit, and peak memory as the largest sum of the PSS of
the process and all its descendants, sampled every 0.1 s with psutil (the build forks worker
processes that share the main process's pages: PSS counts a shared page once in all, where
a sum of RSS counts it once per process; RSS where the system has no PSS), and the largest
single process's sampled RSS. (The kernel's ru_maxrss is no use here: a child forked from
this process starts with this process's RSS as its maximum.)
Measured side by side in one run, at each size (synthetic corpora from ``build.py synth``,
cached in ``--out`` by size and seed):

* extraction throughput of ``build.py extract`` (output to /dev/null) against a ``grep -E``
  scan of the same bytes for document numbers, the floor; also on ``../shared/corpus``;
* the full build (``build.py build``): wall time, peak memory, per-stage times when the build
  has ``--timings``, site size, document page HTML (median and max, and the same minus the
  document's own text: the target is 30 KB beyond the text), the Pagefind index, and the bytes
  a first search fetches in Chromium after the search page has loaded;
* plain MkDocs-Material building the same generated Markdown (``out/docs``) with a minimal
  config (no plugins, the project's nav and Markdown extensions), and our build / MkDocs;
* ``build.py query`` for each example query: the first call (it builds the store cache) and
  the median of 3 more;
* the SPARQL page in Chromium at the largest size up to 10,000: time until Oxigraph and the
  graph are loaded, then time to answer one example query;
* an incremental rebuild after one document of the 10,000 corpus gains a citation;
* a power law t = a·N^b fitted (least squares in log-log) to each measure over the sizes, its
  exponent, and its value at 300,000 documents.

Sizes are in bytes, KB = 1,000 bytes, MB = 10^6 bytes. The timings are as noisy as the machine
is shared: the load average is recorded with the results. Nothing here asserts a timing.
Prints the tables and writes them as JSON (default ``benchmarks/results/scale.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psutil
import yaml

from graph import urls
from graph.ids import DocumentId

ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = str(ROOT / "build.py")
PYTHON = sys.executable
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

DEFAULT_SIZES = (1_000, 10_000)
PROJECT_TO = 300_000
INCREMENTAL_AT = 10_000
BROWSER_SPARQL_MAX = 10_000  # the SPARQL page is measured at the largest size up to this
SAMPLE_S = 0.1
WARM_RUNS = 3
PAGE_TARGET_BEYOND_TEXT = 30_000
KB, MB = 1_000, 1_000_000

# Document numbers as a grep -E floor: "33/CT-TTg", "15/2016/TT-BTNMT", "9465/UBND-KSTTHC".
DOC_NUMBER = "[0-9]+(/[0-9]{4})?/[A-ZĐ][A-ZĐ0-9-]*"
SEARCH_QUERY = "nghị định"
BROWSER_QUERY = "most-cited.rq"  # a whole-graph GROUP BY: the heaviest example
BROWSER_TIMEOUT_MS = 600_000

# The browser tests' launch options (tests/browser_util.py): Debian's Chromium, closed network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def log(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


# --- running a whole process ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One process run: wall time, peak memory of its process tree (sampled sum of PSS) and
    of its largest single process (sampled), exit status, end of stderr."""

    command: tuple[str, ...]
    wall_s: float
    peak_mb: float
    process_peak_mb: float
    returncode: int
    stderr: str

    def check(self) -> Run:
        if self.returncode != 0:
            raise RuntimeError(
                f"{shlex.join(self.command)} exited {self.returncode}:\n{self.stderr}"
            )
        return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall_s, 3),
            "peak_mb": round(self.peak_mb, 1),
            "process_peak_mb": round(self.process_peak_mb, 1),
        }


def tree_memory(root: psutil.Process) -> tuple[int, int]:
    """Memory of ``root`` and all its descendants, in bytes: the sum of their PSS (RSS where
    the system has none) and the largest RSS (0 once it has exited)."""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    total, largest = 0, 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue  # exited between the listing and the reading
        total += getattr(info, "pss", info.rss)
        largest = max(largest, info.rss)
    return total, largest


class _Sampler(threading.Thread):
    """Samples the process tree of ``pid`` every SAMPLE_S until stopped; keeps the peaks of
    the sum and of the largest process."""

    def __init__(self, pid: int) -> None:
        super().__init__(name=f"rss {pid}", daemon=True)
        self.root = psutil.Process(pid)
        self.done = threading.Event()
        self.peak = self.process_peak = 0

    def run(self) -> None:
        while not self.done.is_set():
            total, largest = tree_memory(self.root)
            self.peak = max(self.peak, total)
            self.process_peak = max(self.process_peak, largest)
            self.done.wait(SAMPLE_S)

    def stop(self) -> tuple[int, int]:
        self.done.set()
        self.join()
        return self.peak, self.process_peak


def run(
    command: Sequence[object],
    *,
    stdout: IO[bytes] | int = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``command`` from the project root; its output goes to ``stdout`` (default
    /dev/null)."""
    argv = tuple(str(c) for c in command)
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, stdout=stdout, stderr=err, env=env)
        sampler = _Sampler(process.pid)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        peak, process_peak = sampler.stop()
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    return Run(argv, wall, peak / MB, process_peak / MB, returncode, tail)


def call(command: Sequence[object]) -> str:
    """An unmeasured helper command; returns its stdout."""
    done = subprocess.run(
        [str(c) for c in command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(map(str, command))}: {done.stderr[-2000:]}")
    return done.stdout


# --- inputs -----------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def synth_corpus(cache: Path, docs: int, seed: int) -> Path:
    """``build.py synth --docs N --seed S``, kept in ``cache`` between runs: the stamp beside
    the folder names the generator's source digest, so a changed generator regenerates."""
    folder = cache / "synth" / f"{docs}-seed{seed}"
    stamp = folder.with_name(folder.name + ".done")
    expected = _digest(ROOT / "graph" / "synth.py")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == expected and folder.is_dir():
        return folder
    stamp.unlink(missing_ok=True)
    if folder.exists():
        shutil.rmtree(folder)
    log(f"synth {docs} documents (seed {seed})")
    call([PYTHON, BUILD_PY, "-q", "synth", "--docs", docs, "--seed", seed, "--into", folder])
    stamp.write_text(expected, encoding="utf-8")
    return folder


def corpus_texts(corpus: Path, cache: Path) -> Path | None:
    """The texts of the development corpus (as benchmarks/citations.py reads them), one
    ``.txt`` per record, for ``build.py extract``; None when the corpus is absent."""
    if not corpus.is_dir():
        return None
    from benchmarks.citations import TEXT_SETS, load_records

    folder = cache / "corpus-texts"
    stamp = folder.with_name(folder.name + ".done")
    sources = [corpus / name for name in TEXT_SETS if (corpus / name).is_file()]
    signature = json.dumps([[str(p), p.stat().st_size] for p in sources])
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == signature:
        return folder
    records = load_records(corpus, None)
    if not records:
        return None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i, record in enumerate(records):
        name = re.sub(r"[^\w.-]+", "_", str(record["id"]))[:80]
        (folder / f"{i:05d}-{name}.txt").write_text(record.get("text") or "", encoding="utf-8")
    stamp.write_text(signature, encoding="utf-8")
    return folder


def tree_bytes(path: Path) -> int:
    """Apparent size of a folder, each file once (like ``du -sb``)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(folder, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def count_files(path: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(path))


# --- measurements -----------------------------------------------------------------------------


def extraction(content: Path, jobs: int) -> dict[str, Any]:
    """``build.py extract`` against ``grep -E`` for document numbers over the same files."""
    size = tree_bytes(content)
    extract = run([PYTHON, BUILD_PY, "-q", "extract", "--jobs", jobs, content]).check()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    scan = f"grep -rhoE {shlex.quote(DOC_NUMBER)} {shlex.quote(str(content))} | wc -l"
    with tempfile.TemporaryFile() as out:
        grep = run(["bash", "-c", scan], stdout=out, env=env).check()
        out.seek(0)
        matches = int(out.read().decode().strip() or 0)
    return {
        "files": count_files(content),
        "bytes": size,
        "extract": extract.as_dict(),
        "extract_mb_s": round(size / MB / extract.wall_s, 2),
        "grep": grep.as_dict(),
        "grep_mb_s": round(size / MB / grep.wall_s, 2),
        "grep_matches": matches,
        "extract_over_grep": round(extract.wall_s / grep.wall_s, 1),
    }


def build_has_timings() -> bool:
    return "--timings" in call([PYTHON, BUILD_PY, "build", "-h"])


def timed_build(
    content: Path, out: Path, jobs: int, timings: Path | None
) -> tuple[Run, dict[str, float]]:
    """``build.py build`` and its stage times (empty when the build has no ``--timings``)."""
    command = [PYTHON, BUILD_PY, "-q", "build", "--content", content, "--out", out, "--jobs", jobs]
    if timings is not None:
        timings.unlink(missing_ok=True)
        command += ["--timings", timings]
    result = run(command).check()
    if timings is None or not timings.is_file():
        return result, {}
    loaded = json.loads(timings.read_text(encoding="utf-8"))
    return result, {k: float(v) for k, v in loaded.items() if isinstance(v, int | float)}


def full_build(content: Path, out: Path, jobs: int, timings: Path | None) -> dict[str, Any]:
    """A fresh ``build.py build`` of ``content`` into ``out``."""
    if out.exists():
        shutil.rmtree(out)
    result, stages = timed_build(content, out, jobs, timings)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    nt = out / "data" / "graph.nt"
    with nt.open("rb") as handle:
        triples = sum(1 for line in handle if line.strip() and not line.startswith(b"#"))
    shacl = report.get("shacl") or {}
    return {
        **result.as_dict(),
        "documents": report["documents"],
        "citations": report["citations"],
        "stubs": report["stubs"],
        "pages": (report.get("site") or {}).get("pages"),
        "triples": triples,
        "graph_nt_bytes": nt.stat().st_size,
        "shacl_conforms": shacl.get("conforms"),
        "stages": stages,
    }


def site_metrics(out: Path, content: Path) -> dict[str, Any]:
    """Site and search index size; each corpus document page's HTML, and the same minus the
    document's own text (its content file's bytes)."""
    site = out / "site"
    pages: dict[Path, tuple[int, int, str]] = {}
    for line in (out / "data" / "documents.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        if not record.get("id"):
            continue
        page = site / urls.document_page(DocumentId.parse(record["id"])) / "index.html"
        source = content / record["file"]
        if page.is_file() and source.is_file():
            html = page.stat().st_size
            pages[page] = (html, html - source.stat().st_size, record["file"])
    html_sizes = [p[0] for p in pages.values()]
    beyond = [p[1] for p in pages.values()]
    widest = max(pages.values(), key=lambda p: p[1], default=None)
    return {
        "site_bytes": tree_bytes(site),
        "search_index_bytes": tree_bytes(site / urls.SEARCH_INDEX),
        "document_pages": len(pages),
        "page_html_median": int(statistics.median(html_sizes)) if html_sizes else None,
        "page_html_max": max(html_sizes, default=None),
        "page_beyond_text_median": int(statistics.median(beyond)) if beyond else None,
        "page_beyond_text_max": max(beyond, default=None),
        "page_beyond_text_max_file": widest[2] if widest else None,
        "pages_over_target": sum(1 for b in beyond if b > PAGE_TARGET_BEYOND_TEXT),
    }


def plain_mkdocs(out: Path, work: Path) -> dict[str, Any]:
    """MkDocs-Material alone over the Markdown our build wrote (``out/docs``): no plugins,
    no overrides, the project's nav and Markdown extensions."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    site = work / "plain-site"
    config = {
        "site_name": "luocdo (plain MkDocs)",
        "docs_dir": str((out / "docs").resolve()),
        "site_dir": str(site.resolve()),
        "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": [],
        "markdown_extensions": project["markdown_extensions"],
        "nav": project["nav"],
    }
    path = work / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", path]).check()
    site_size = tree_bytes(site)
    shutil.rmtree(site, ignore_errors=True)
    return {**result.as_dict(), "site_bytes": site_size}


def sparql_cli(out: Path, queries: Sequence[Path]) -> dict[str, Any]:
    """``build.py query`` for each query: a first call without the store cache, which builds
    it, then the median of WARM_RUNS calls."""
    cache = out / "cache" / "oxigraph"
    results: dict[str, Any] = {}
    for query in queries:
        shutil.rmtree(cache, ignore_errors=True)
        command = [PYTHON, BUILD_PY, "-q", "query", query, "--out", out, "--format", "csv"]
        with tempfile.TemporaryFile() as rows:
            cold = run(command, stdout=rows).check()
            rows.seek(0)
            count = max(0, len(rows.read().splitlines()) - 1)
        warm = [run(command).check().wall_s for _ in range(WARM_RUNS)]
        results[query.name] = {
            "cold_s": round(cold.wall_s, 3),
            "cold_peak_mb": round(cold.peak_mb, 1),
            "warm_median_s": round(statistics.median(warm), 3),
            "warm_s": [round(w, 3) for w in warm],
            "rows": count,
        }
    return results


def incremental(content: Path, out: Path, jobs: int, timings: Path | None) -> dict[str, Any]:
    """Append a sentence citing another corpus document, one it did not cite yet, to the
    middle file; rebuild into the same ``out``; restore the file. The synth cache's stamp is
    dropped while the file differs."""
    files = sorted(p for p in content.iterdir() if p.is_file())
    changed = files[len(files) // 2]
    lines = (out / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    records = sorted((json.loads(line) for line in lines), key=lambda r: str(r["file"]))
    own = next(r for r in records if r["file"] == changed.name)
    cited = {own["id"], *(c.get("id") for c in own["citations"])}
    target = next(r for r in records if r.get("number") and r.get("id") not in cited)
    date = dt.date.fromisoformat(target["date"]).strftime("%d/%m/%Y") if target["date"] else ""
    sentence = (
        f"\nVăn bản này thực hiện {target['type'] or 'văn bản'} số {target['number']}"
        f"{' ngày ' + date if date else ''} của {target['issuer'] or 'cơ quan ban hành'}.\n"
    )
    before = json.loads((out / "report.json").read_text(encoding="utf-8"))["citations"]
    original = changed.read_bytes()
    stamp = content.with_name(content.name + ".done")
    stamp_text = stamp.read_text(encoding="utf-8") if stamp.is_file() else None
    stamp.unlink(missing_ok=True)
    try:
        changed.write_bytes(original + sentence.encode("utf-8"))
        result, stages = timed_build(content, out, jobs, timings)
    finally:
        changed.write_bytes(original)
        if stamp_text is not None:
            stamp.write_text(stamp_text, encoding="utf-8")
    after = json.loads((out / "report.json").read_text(encoding="utf-8"))["citations"]
    return {
        **result.as_dict(),
        "changed_file": changed.name,
        "cites": target["number"],
        "citations_before": before,
        "citations_after": after,
        "stages": stages,
    }


# --- in the browser ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(out: Path) -> Iterator[str]:
    """``build.py serve --no-build`` for ``out/site`` on a free local port; yields its origin."""
    port = _free_port()
    command = [
        PYTHON,
        BUILD_PY,
        "-q",
        "serve",
        "--no-build",
        "--out",
        str(out),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(origin + "/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{shlex.join(command)} did not start") from None
                time.sleep(0.2)
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class _Traffic:
    """The requests of a page: how many are in flight, and the finished ones in order."""

    inflight: int = 0
    finished: list[Any] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", self._started)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _started(self, request: Any) -> None:
        self.inflight += 1

    def _finished(self, request: Any) -> None:
        self.inflight -= 1
        self.finished.append(request)

    def _failed(self, request: Any) -> None:
        self.inflight -= 1

    def settle(self, page: Any, quiet_ms: int = 500) -> None:
        """Wait until no request has been in flight for ``quiet_ms``."""
        quiet = 0
        while quiet < quiet_ms:
            page.wait_for_timeout(100)
            quiet = quiet + 100 if self.inflight <= 0 else 0

    def bytes_since(self, start: int) -> int:
        """Bytes received (headers and bodies) by the requests finished after ``start``."""
        total = 0
        for request in self.finished[start:]:
            sizes = request.sizes()
            # the bytes on the wire: for a response from the cache, Playwright gives the body
            # as minus the headers, so the sum is 0
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total


def _vi_number(text: str) -> int:
    return int(text.replace(".", ""))


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A page of Debian's Chromium under Playwright, in a fresh context; a browser failure or
    a wait that timed out is raised as RuntimeError."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="vi-VN").new_page()
            page.set_default_timeout(BROWSER_TIMEOUT_MS)
            yield page
        except (Error, AssertionError) as exc:
            raise RuntimeError(f"Chromium: {exc}") from exc
        finally:
            browser.close()


def browser_search(origin: str) -> dict[str, Any]:
    """The search page: bytes of its load, then what a first query fetches and its time."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        traffic = _Traffic()
        traffic.attach(page)
        page.goto(f"{origin}/{urls.SEARCH}", wait_until="networkidle")
        traffic.settle(page)
        load_bytes, mark = traffic.bytes_since(0), len(traffic.finished)
        started = time.perf_counter()
        box = page.get_by_role("searchbox")
        box.fill(SEARCH_QUERY)
        box.press("Enter")
        status = page.locator(".luocdo-search__status")
        expect(status).to_have_text(re.compile(r"\(\d+ ms\)"), timeout=BROWSER_TIMEOUT_MS)
        answered = time.perf_counter() - started
        traffic.settle(page)  # the first results' fragments
        text = status.inner_text()
        found = re.match(r"([\d.]+) văn bản", text)
        return {
            "query": SEARCH_QUERY,
            "page_load_bytes": load_bytes,
            "page_load_requests": mark,
            "first_query_bytes": traffic.bytes_since(mark),
            "first_query_requests": len(traffic.finished) - mark,
            "first_query_s": round(answered, 3),
            "results": _vi_number(found.group(1)) if found else 0,
            "status": text,
        }


# The SPARQL page's status and timing lines (site_templates/assets/sparql.js), vi-VN numbers.
READY = re.compile(
    r"Sẵn sàng: ([\d.]+) bộ ba .*Bộ máy ([\d.]+) ms, tải ([\d.]+) ms, nạp ([\d.]+) ms"
)
ANSWER = re.compile(r"([\d.]+) dòng · ([\d.]+) ms")


def browser_sparql(origin: str) -> dict[str, Any]:
    """The SPARQL page: time until the engine and the graph are loaded (its status says
    "Sẵn sàng"), then time until one example query's rows are shown."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        started = time.perf_counter()
        page.goto(f"{origin}/{urls.SPARQL}")
        status = page.locator(".luocdo-sparql__status")
        expect(status).to_have_text(
            re.compile("Sẵn sàng|Không tải được"), timeout=BROWSER_TIMEOUT_MS
        )
        ready_s = time.perf_counter() - started
        ready = READY.search(status.inner_text())
        if ready is None:
            raise RuntimeError(f"SPARQL page: {status.inner_text()}")
        started = time.perf_counter()
        page.locator(f".luocdo-sparql__examples button[data-name='{BROWSER_QUERY}']").click()
        timing = page.locator(".luocdo-sparql__time")
        expect(timing).to_contain_text("dòng", timeout=BROWSER_TIMEOUT_MS)
        answer_s = time.perf_counter() - started
        answer = ANSWER.search(timing.inner_text())
        return {
            "ready_s": round(ready_s, 3),
            "triples": _vi_number(ready.group(1)),
            "engine_ms": _vi_number(ready.group(2)),
            "fetch_ms": _vi_number(ready.group(3)),
            "load_ms": _vi_number(ready.group(4)),
            "query": BROWSER_QUERY,
            "query_s": round(answer_s, 3),
            "query_rows": _vi_number(answer.group(1)) if answer else None,
            "query_ms_in_page": _vi_number(answer.group(2)) if answer else None,
        }


# --- projection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerLaw:
    """t = a·N^b, fitted by least squares on log t against log N."""

    a: float
    b: float

    def at(self, n: float) -> float:
        return float(self.a * n**self.b)


def fit_power_law(points: Sequence[tuple[float, float]]) -> PowerLaw | None:
    """None without two distinct sizes with positive values."""
    usable = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len({x for x, _ in usable}) < 2:
        return None
    mx = statistics.fmean(x for x, _ in usable)
    my = statistics.fmean(y for _, y in usable)
    b = sum((x - mx) * (y - my) for x, y in usable) / sum((x - mx) ** 2 for x, _ in usable)
    return PowerLaw(math.exp(my - b * mx), b)


def series(sizes: dict[str, dict[str, Any]]) -> dict[str, list[tuple[float, float]]]:
    """The measures projected: name → (N, value) over the measured sizes."""
    out: dict[str, list[tuple[float, float]]] = {}

    def add(name: str, n: int, value: float | None) -> None:
        if value is not None:
            out.setdefault(name, []).append((n, value))

    for key, result in sizes.items():
        n = int(key)
        build = result.get("build") or {}
        for stage, seconds in (build.get("stages") or {}).items():
            add(f"stage {stage} (s)", n, seconds)
        add("build total (s)", n, build.get("wall_s"))
        add("build peak memory (MB)", n, build.get("peak_mb"))
        add("extraction (s)", n, (result.get("extraction") or {}).get("extract", {}).get("wall_s"))
        add("plain MkDocs (s)", n, (result.get("mkdocs") or {}).get("wall_s"))
        site = result.get("site") or {}
        if site:
            add("site size (MB)", n, site["site_bytes"] / MB)
            add("search index (MB)", n, site["search_index_bytes"] / MB)
    return out


def projection(sizes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    fits: dict[str, Any] = {}
    for name, points in series(sizes).items():
        fit = fit_power_law(points)
        if fit is not None:
            fits[name] = {"exponent": round(fit.b, 3), "at": round(fit.at(PROJECT_TO), 1)}
    # stages ("stage site (s)") and the steps within one ("stage site.search (s)")
    stages = {k: v for k, v in fits.items() if k.startswith("stage ") and "." not in k}
    steps = {k: v for k, v in fits.items() if k.startswith("stage ") and "." in k}
    total = fits.get("build total (s)")
    if total is None:
        verdict = "no projection: it needs at least two sizes"
    elif not stages:
        verdict = (
            f"at {PROJECT_TO:,} documents the build would take {hours(total['at'])} "
            f"(exponent {total['exponent']}); no stage timings (build.py build has no --timings)"
        )
    else:
        name, top = max(stages.items(), key=lambda kv: kv[1]["at"])
        share = top["at"] / sum(s["at"] for s in stages.values())
        verdict = (
            f"at {PROJECT_TO:,} documents the build would take {hours(total['at'])} "
            f"(exponent {total['exponent']}); the {name.removesuffix(' (s)')} dominates: "
            f"{hours(top['at'])}, {share:.0%} of the stages "
            f"(exponent {top['exponent']})"
        )
        stage = name.removeprefix("stage ").removesuffix(" (s)")
        inner = {k: v for k, v in steps.items() if k.startswith(f"stage {stage}.")}
        if inner:
            step, most = max(inner.items(), key=lambda kv: kv[1]["at"])
            verdict += (
                f"; within it {step.removeprefix('stage ').removesuffix(' (s)')}: "
                f"{hours(most['at'])} (exponent {most['exponent']})"
            )
    return {"documents": PROJECT_TO, "fits": fits, "verdict": verdict}


# --- tables -----------------------------------------------------------------------------------


def hours(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.1f} min"
    return f"{seconds:.1f} s"


def num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def kb(value: float | None) -> str:
    return num(None if value is None else value / KB)


def mb(value: float | None) -> str:
    return num(None if value is None else value / MB)


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or not b else f"{a / b:.1f}×"


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A titled text table: the first column left-aligned, the others right-aligned."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([cells[0].ljust(widths[0]), *rest])

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(headers), rule, *(line(r) for r in rows), ""])


def extraction_table(results: dict[str, Any]) -> str:
    named = [("shared corpus", results.get("corpus_extraction"))]
    named += [(f"synth {k}", v.get("extraction")) for k, v in results["sizes"].items()]
    rows = []
    for name, e in named:
        if not e or "error" in e:
            rows.append([name, "absent" if not e else "failed", *["—"] * 8])
            continue
        x, g = e["extract"], e["grep"]
        rows.append([
            name, f"{e['files']:,}", mb(e["bytes"]), num(x["wall_s"]), num(e["extract_mb_s"], 2),
            num(x["peak_mb"], 0), num(g["wall_s"], 2), num(e["grep_mb_s"]),
            f"{e['grep_matches']:,}", f"{e['extract_over_grep']:,.0f}×",
        ])  # fmt: skip
    headers = ["corpus", "files", "MB", "extract s", "MB/s", "peak MB", "grep s", "grep MB/s",
               "numbers", "extract÷grep"]  # fmt: skip
    title = f"Extraction (build.py extract --jobs {results['jobs']} > /dev/null) against grep -E"
    return table(title, headers, rows)


def build_table(sizes: dict[str, dict[str, Any]]) -> str:
    rows = []
    for key, r in sizes.items():
        b, s, m = (r.get(k) or {} for k in ("build", "site", "mkdocs"))
        rows.append([
            f"{int(key):,}", f"{b.get('documents', 0):,}", f"{b.get('citations', 0):,}",
            f"{b.get('triples', 0):,}", num(b.get("wall_s")), num(b.get("peak_mb"), 0),
            mb(s.get("site_bytes")), mb(s.get("search_index_bytes")),
            f"{kb(s.get('page_html_median'))} / {kb(s.get('page_html_max'))}",
            f"{kb(s.get('page_beyond_text_median'))} / {kb(s.get('page_beyond_text_max'))}",
            str(s.get("pages_over_target", "—")), num(m.get("wall_s")), num(m.get("peak_mb"), 0),
            ratio(b.get("wall_s"), m.get("wall_s")), ratio(b.get("peak_mb"), m.get("peak_mb")),
        ])  # fmt: skip
    target = f"> {PAGE_TARGET_BEYOND_TEXT // KB} KB"
    headers = ["N", "docs", "citations", "triples", "build s", "peak MB", "site MB", "index MB",
               "page KB med/max", "beyond text KB med/max", target, "MkDocs s", "MkDocs MB",
               "÷ s", "÷ MB"]  # fmt: skip
    return table("Full build (build.py build), and plain MkDocs over its Markdown", headers, rows)


def stages_table(sizes: dict[str, dict[str, Any]]) -> str:
    names: list[str] = []
    for r in sizes.values():
        names.extend(s for s in (r.get("build") or {}).get("stages") or {} if s not in names)
    if not names:
        return "Build stages: build.py build has no --timings option here\n"
    rows = []
    for key, r in sizes.items():
        for label, run in ((f"{int(key):,}", r.get("build")), ("  rebuild", r.get("incremental"))):
            if run and run.get("stages"):
                rows.append([label, *(num(run["stages"].get(s), 2) for s in names)])
    return table("Build stages (s, build.py build --timings)", ["N", *names], rows)


def query_table(sizes: dict[str, dict[str, Any]]) -> str:
    names: list[str] = []
    for r in sizes.values():
        names.extend(q for q in r.get("sparql_cli") or {} if q not in names and q != "error")
    rows = []
    for name in names:
        cells = [name]
        for r in sizes.values():
            got = (r.get("sparql_cli") or {}).get(name)
            cold_warm = f"{got['cold_s']:.2f} / {got['warm_median_s']:.2f}" if got else "—"
            cells.append(f"{cold_warm} ({got['rows']:,})" if got else cold_warm)
        rows.append(cells)
    title = f"build.py query, s: first call (builds the store) / warm median of {WARM_RUNS} (rows)"
    return table(title, ["query", *(f"N = {int(k):,}" for k in sizes)], rows)


def browser_table(sizes: dict[str, dict[str, Any]]) -> str:
    rows = []
    for key, r in sizes.items():
        f, q = r.get("search") or {}, r.get("sparql_browser") or {}
        if f or q:
            rows.append([
                f"{int(key):,}", kb(f.get("page_load_bytes")), kb(f.get("first_query_bytes")),
                str(f.get("first_query_requests", "—")), num(f.get("first_query_s"), 2),
                num(q.get("ready_s"), 1), f"{q['triples']:,}" if "triples" in q else "—",
                num(q.get("query_s"), 2),
            ])  # fmt: skip
    if not rows:
        return ""
    headers = ["N", "page load KB", "query KB", "requests", "query s", "SPARQL ready s",
               "triples", "SPARQL query s"]  # fmt: skip
    title = f'Chromium: search page, first query "{SEARCH_QUERY}"; SPARQL page, {BROWSER_QUERY}'
    return table(title, headers, rows)


def incremental_lines(sizes: dict[str, dict[str, Any]]) -> str:
    lines = []
    for key, r in sizes.items():
        inc = r.get("incremental")
        if inc and "error" not in inc:
            lines.append(
                f"Incremental rebuild at N = {int(key):,} ({inc['changed_file']} now cites "
                f"{inc['cites']}): {inc['wall_s']:.1f} s, peak {inc['peak_mb']:,.0f} MB, against "
                f"{num((r.get('build') or {}).get('wall_s'))} s for the full build; citations "
                f"{inc['citations_before']:,} → {inc['citations_after']:,}\n"
            )
    return "".join(lines)


def projection_table(proj: dict[str, Any]) -> str:
    if not proj["fits"]:
        return f"{proj['verdict']}\n"
    rows = []
    for name, fit in proj["fits"].items():
        shape = " super-linear" if fit["exponent"] > 1.1 else ""
        value = hours(fit["at"]) if name.endswith("(s)") else f"{fit['at']:,.0f}"
        rows.append([name, f"{fit['exponent']:.2f}{shape}", value])
    title = f"Projection to {PROJECT_TO:,} documents (t = a·N^b, least squares over the sizes)"
    headers = ["measure", "exponent b", f"at {PROJECT_TO:,}"]
    return f"{table(title, headers, rows)}{proj['verdict']}\n"


def render(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    parts = [
        extraction_table(results),
        build_table(sizes),
        stages_table(sizes),
        query_table(sizes),
        browser_table(sizes),
        incremental_lines(sizes),
        projection_table(results["projection"]) if results.get("projection") else "",
    ]
    return "\n".join(p for p in parts if p)


# --- the run ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_mb": round(psutil.virtual_memory().total / MB),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": head or None,
    }


def browser_ready() -> str | None:
    """Why the browser measurements cannot run, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[bench]')"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


def measure_size(
    n: int, args: argparse.Namespace, timings: bool, browser_sparql_at: int | None
) -> dict[str, Any]:
    """Every measurement at one size; one that fails is recorded as its error, and those
    that need the build are skipped when the build fails."""
    content = synth_corpus(args.out, n, args.seed)
    out = args.out / "out" / str(n)
    result: dict[str, Any] = {}

    def attempt(key: str, action: Callable[[], dict[str, Any]]) -> bool:
        log(f"N = {n}: {key}")
        try:
            result[key] = action()
        except RuntimeError as exc:
            log(f"N = {n}: {key} failed: {exc}")
            result[key] = {"error": str(exc)[-2000:]}
            return False
        return True

    attempt("extraction", lambda: extraction(content, args.jobs))
    timing_file = args.out / f"timings-{n}.json" if timings else None
    if not attempt("build", lambda: full_build(content, out, args.jobs, timing_file)):
        return result
    attempt("site", lambda: site_metrics(out, content))
    attempt("mkdocs", lambda: plain_mkdocs(out, args.out))
    attempt("sparql_cli", lambda: sparql_cli(out, args.queries))
    if not args.skip_browser:
        with served(out) as origin:
            attempt("search", lambda: browser_search(origin))
            if n == browser_sparql_at:
                attempt("sparql_browser", lambda: browser_sparql(origin))
    if n == args.incremental_at:
        attempt("incremental", lambda: incremental(content, out, args.jobs, timing_file))
    return result


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive numbers of documents: 1000,10000")
    return sizes


def parse_queries(text: str) -> list[Path]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    found = [ROOT / "queries" / (n if n.endswith(".rq") else n + ".rq") for n in names]
    missing = [str(p) for p in found if not p.is_file()]
    if missing:
        raise argparse.ArgumentTypeError(f"no such query: {', '.join(missing)}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="numbers of synthetic documents (default: 1000,10000)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "build" / "bench",
        help="work folder: cached corpora and the builds (default: build/bench)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=RESULTS / "scale.json",
        help="results file (default: benchmarks/results/scale.json)",
    )
    parser.add_argument(
        "--skip-browser",
        action="store_true",
        help="no Chromium measurements (search bytes, SPARQL page)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="extraction processes of extract and build (default: all CPUs)",
    )
    parser.add_argument("--seed", type=int, default=0, help="synth seed (default: 0)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="development corpus for extraction (skipped when absent)",
    )
    parser.add_argument(
        "--queries",
        type=parse_queries,
        default=sorted((ROOT / "queries").glob("*.rq")),
        help="example queries to time, by name (default: all of queries/)",
    )
    parser.add_argument(
        "--incremental-at",
        type=int,
        default=INCREMENTAL_AT,
        help="size of the incremental rebuild, if among --sizes (default 10000)",
    )
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.skip_browser and (reason := browser_ready()) is not None:
        log(f"browser measurements skipped: {reason}")
        args.skip_browser = True
    timings = build_has_timings()
    small = [n for n in args.sizes if n <= BROWSER_SPARQL_MAX]
    results: dict[str, Any] = {
        "machine": machine(),
        "jobs": args.jobs,
        "seed": args.seed,
        "build_timings": timings,
        "corpus_extraction": None,
        "sizes": {},
    }
    texts = corpus_texts(args.corpus, args.out)
    if texts is not None:
        log(f"extraction on {args.corpus}")
        results["corpus_extraction"] = extraction(texts, args.jobs)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        results["sizes"][str(n)] = measure_size(n, args, timings, max(small, default=None))
        results["projection"] = projection(results["sizes"])
        results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        args.json.write_text(
            json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(render(results))
    print(f"→ {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
