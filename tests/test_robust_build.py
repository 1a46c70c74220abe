"""Never lose the last good site: a build killed halfway, or failing, leaves the previous
output in ``--out`` as it was; the next build cleans up after it; no build writes into the
content folder.

The kill is real: ``python3 build.py build`` runs as a subprocess and gets SIGKILL once its
staging folder holds data (and again while MkDocs writes the site). Failures are raised
in-process from a monkeypatched stage.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph import export, render
from graph.pipeline import build
from graph.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
STAGING = ".staging"


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` but the staging folder and the cache (what builds keep
    for the next one, outside the output), with its SHA-256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not {STAGING, "cache"} & set(path.relative_to(root).parts)
    }


def build_command(content: Path, out: Path) -> list[str]:
    return [
        sys.executable, str(ROOT / "build.py"), "build",
        "--content", str(content), "--out", str(out), "--jobs", "1", "--no-validate",
    ]  # fmt: skip


def kill_when(content: Path, out: Path, ready: Callable[[], bool], timeout: float = 300) -> None:
    """Start a build, SIGKILL it (and Pagefind, in its process group) once ``ready()``."""
    process = subprocess.Popen(
        build_command(content, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            assert process.poll() is None, "the build ended before the kill point"
            assert time.monotonic() < deadline, "the kill point never came"
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed corpus, and a bigger one (the seed and 20 synthetic documents)."""
    root = tmp_path_factory.mktemp("corpora")
    small, big = root / "small", root / "big"
    shutil.copytree(ROOT / "content", small)
    shutil.copytree(ROOT / "content", big)
    write_corpus(20, 3, big / "synth")
    return small, big


def content_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under ``root`` with its SHA-256 (files) and mtime."""
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder",
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="module")
def previous(corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete build (site included) of the seed corpus: the last good site."""
    out = tmp_path_factory.mktemp("previous") / "out"
    build(corpora[0], out, validate=False)
    return out


def test_a_killed_build_leaves_the_previous_site(
    corpora: tuple[Path, Path], previous: Path, tmp_path: Path
) -> None:
    _small, big = corpora
    content = content_state(big)
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = tree(out)
    assert "site/index.html" in before and "data/graph.nt" in before

    staging = out / STAGING
    kill_when(big, out, lambda: (staging / "data" / "graph.nt").is_file())
    assert (staging / "data").is_dir()  # killed in the middle, after writing data
    assert tree(out) == before

    # again, while MkDocs writes the site (the first kill's leftovers are still there)
    kill_when(big, out, lambda: (staging / "site" / "assets").is_dir())
    assert tree(out) == before

    done = subprocess.run(build_command(big, out), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not staging.exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == 22
    after = tree(out)
    assert "site/index.html" in after and after != before
    assert content_state(big) == content  # no build wrote into the content folder


@pytest.mark.parametrize(
    ("stage", "module", "function"),
    [
        ("writing the graph", export, "jsonld_body"),
        ("rendering the site", render, "build_site"),
        ("running MkDocs", render, "run_mkdocs"),
    ],
)
def test_a_failing_build_leaves_the_previous_site(
    corpora: tuple[Path, Path],
    previous: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    module: object,
    function: str,
) -> None:
    small, big = corpora
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = tree(out)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"failure while {stage}")

    with monkeypatch.context() as patch:
        patch.setattr(module, function, fail)
        with pytest.raises(RuntimeError, match=stage):
            build(big, out, validate=False)
    assert tree(out) == before

    build(small, out, validate=False)  # the next build cleans up and gives the same output
    assert not (out / STAGING).exists()
    assert tree(out) == before


class Stop(BaseException):
    """Stands for SIGKILL in-process: nothing catches it, no cleanup runs."""


def _stop_at(monkeypatch: pytest.MonkeyPatch, out: Path, nth: int, error: BaseException) -> None:
    """Make the ``nth`` rename into or inside ``out`` (the swap) raise ``error`` instead."""
    renames: list[Path] = []
    original = Path.rename

    def rename(self: Path, target: str | Path) -> Path:
        if Path(target).parent == out:
            renames.append(self)
            if len(renames) == nth:
                raise error
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)


@pytest.fixture(scope="module")
def data_only(
    corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """A data-only build of the seed corpus, and the tree a data-only build of the bigger
    corpus gives."""
    small, big = corpora
    root = tmp_path_factory.mktemp("data-only")
    build(big, root / "new", validate=False, site=False)
    build(small, root / "old", validate=False, site=False)
    return root / "old", tree(root / "new")


def test_a_build_stopped_before_the_swap_leaves_the_previous_output(
    corpora: tuple[Path, Path],
    data_only: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    shutil.copytree(data_only[0], out)
    before = tree(out)
    _stop_at(monkeypatch, out, 1, Stop())
    with pytest.raises(Stop):
        build(corpora[1], out, validate=False, site=False)
    assert tree(out) == before


# The swap moves data/, docs/, mkdocs.yml, report.json and site/ one by one: out/X to
# out/.old-X, then .staging/X to out/X. Stopped (an interrupt, or a rename failing) after
# the first move, it undoes the moves done: out/ holds the old build whole.
@pytest.mark.parametrize("nth", [2, 3])  # data/ moved aside; data/ new, report.json old
@pytest.mark.parametrize("how", ["kill", "error"])
def test_a_build_stopped_during_the_swap_leaves_old_or_new_output(
    corpora: tuple[Path, Path],
    data_only: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    nth: int,
    how: str,
) -> None:
    out = tmp_path / "out"
    shutil.copytree(data_only[0], out)
    before, new = tree(out), data_only[1]
    error = Stop() if how == "kill" else OSError(16, "Device or resource busy")
    _stop_at(monkeypatch, out, nth, error)
    with pytest.raises(type(error)):
        build(corpora[1], out, validate=False, site=False)
    assert tree(out) in (before, new)


def test_an_output_folder_inside_content_is_not_read_as_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    first = build(content, content / "build", validate=False)
    again = build(content, content / "build", validate=False, site=False)
    assert again.report["inputs"] == first.report["inputs"] == 2
