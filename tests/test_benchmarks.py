"""benchmarks/scale.py: the power-law fit, the process-tree memory, and one tiny whole run
(a 20-document synthetic corpus, no browser) whose results must describe that corpus. No
timing is asserted."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("psutil")

from benchmarks import scale
from graph.search import node_modules_dir

ROOT = Path(__file__).resolve().parent.parent


def test_power_law_fit_recovers_the_exponent() -> None:
    points = [(n, 0.003 * n**1.4) for n in (1_000, 10_000, 50_000)]
    fit = scale.fit_power_law(points)
    assert fit is not None
    assert math.isclose(fit.b, 1.4, rel_tol=1e-9)
    assert math.isclose(fit.at(300_000), 0.003 * 300_000**1.4, rel_tol=1e-9)
    assert scale.fit_power_law([(1_000, 5.0)]) is None
    assert scale.fit_power_law([(1_000, 5.0), (1_000, 6.0)]) is None


def test_peak_memory_sums_the_process_tree() -> None:
    # a parent and its child each hold ~150 MB for a second: the tree's peak holds both,
    # the largest single process one
    hold = "import time; x = b'x' * 150_000_000; time.sleep(1.5)"
    parent = (
        "import subprocess, sys, time; "
        f"child = subprocess.Popen([sys.executable, '-c', {hold!r}]); "
        f"{hold}; child.wait()"
    )
    result = scale.run([sys.executable, "-c", parent]).check()
    assert result.peak_mb > 290, result
    assert 140 < result.process_peak_mb < 250, result
    assert result.wall_s >= 1.5


def test_a_failed_command_says_why() -> None:
    result = scale.run([sys.executable, "-c", "import sys; sys.exit('no such corpus')"])
    assert result.returncode == 1
    with pytest.raises(RuntimeError, match="no such corpus"):
        result.check()


def _site_tools_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH: Pagefind indexes the site through Node.js"
    if not (node_modules_dir() / "pagefind" / "package.json").is_file():
        return "front-end packages missing: run `npm ci`"
    return None


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def test_a_tiny_whole_run(tmp_path: Path) -> None:
    if (reason := _site_tools_missing()) is not None:
        pytest.skip(reason)
    out, results = tmp_path / "bench", tmp_path / "scale.json"
    command = [
        sys.executable, "-m", "benchmarks.scale", "--sizes", "20", "--skip-browser",
        "--out", str(out), "--json", str(results), "--corpus", str(tmp_path / "no-corpus"),
        "--queries", "most-cited", "--incremental-at", "20",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Full build" in done.stdout
    assert "no projection: it needs at least two sizes" in done.stdout

    data = json.loads(results.read_text(encoding="utf-8"))
    run = data["sizes"]["20"]
    assert data["corpus_extraction"] is None
    extraction = run["extraction"]
    corpus = out / "synth" / "20-seed0"
    assert extraction["files"] == 20 and extraction["bytes"] == scale.tree_bytes(corpus)
    assert extraction["grep_matches"] > 20  # each synthetic document cites others by number
    build = run["build"]
    assert build["documents"] == 20 and build["triples"] > 0 and build["peak_mb"] > 0
    site = run["site"]
    assert site["document_pages"] == 20
    assert 0 < site["page_beyond_text_median"] < site["page_html_median"]
    assert 0 < site["search_index_bytes"] < site["site_bytes"]
    assert run["mkdocs"]["site_bytes"] > 0
    assert run["sparql_cli"]["most-cited.rq"]["rows"] > 0
    # the rebuild saw the new citation, and the cached corpus is as synth writes it again
    incremental = run["incremental"]
    assert incremental["citations_after"] == incremental["citations_before"] + 1
    fresh = tmp_path / "fresh"
    scale.call([sys.executable, "build.py", "-q", "synth", "--docs", 20, "--into", fresh])
    assert _digest(corpus) == _digest(fresh)
    assert (out / "synth" / "20-seed0.done").is_file()


def test_timings_steps_fall_inside_their_stage() -> None:
    import time

    from graph.timing import Timings

    clock = Timings()
    time.sleep(0.01)
    clock.lap("read")
    time.sleep(0.01)
    clock.step("site.pages")
    time.sleep(0.01)
    clock.step("site.search")
    time.sleep(0.01)
    clock.lap("site")
    s = clock.seconds
    assert list(s) == ["read", "site.pages", "site.search", "site"]
    assert min(s.values()) >= 0.01
    assert s["site"] >= s["site.pages"] + s["site.search"] + 0.01


def test_projection_names_the_dominant_stage_and_its_dominant_step() -> None:
    def sized(n: int) -> dict[str, object]:
        stages = {"read": n / 1000, "site.pages": n / 500, "site.search": n / 250,
                  "site": n / 100, "write": 1.0}  # fmt: skip
        return {"build": {"wall_s": n / 80, "stages": stages}}

    proj = scale.projection({"1000": sized(1000), "10000": sized(10000)})
    verdict = proj["verdict"]
    assert "the stage site dominates" in verdict
    # steps are not counted as stages: site is 3,000 s of 3,300 s at 300,000 (91%)
    assert "91% of the stages" in verdict
    assert verdict.endswith("within it site.search: 20.0 min (exponent 1.0)")
