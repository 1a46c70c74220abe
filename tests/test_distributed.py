"""Extraction on a Dask cluster gives exactly what local extraction gives (issue 6 §4)."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")  # the `distributed` extra, which the `test` extra includes

import psutil  # a dependency of distributed

from graph.distributed import DistributedError, batches, map_documents, map_ordered
from graph.pipeline import read_corpus

ROOT = Path(__file__).resolve().parent.parent


def _children() -> set[int]:
    """This process's descendants, less multiprocessing's resource tracker (which lives as
    long as this process, whoever started it)."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                found.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a cluster of two worker processes on 127.0.0.1, no dashboard; its
    processes are gone when the module's tests are done."""
    from distributed import LocalCluster

    before = _children()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.CRITICAL,
    )
    try:
        assert len(_children() - before) >= 2  # the workers are processes of their own
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()
    deadline = time.monotonic() + 30
    while _children() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _children() - before, "the cluster left processes behind"


@pytest.mark.parametrize(
    ("sizes", "limit", "max_items", "expected"),
    [
        ([], 5, 10, []),
        ([1, 1, 1], 5, 10, [(0, 3)]),
        ([3, 3, 3], 5, 10, [(0, 1), (1, 2), (2, 3)]),
        ([2, 3, 1], 5, 10, [(0, 2), (2, 3)]),
        ([9, 1, 1], 5, 10, [(0, 1), (1, 3)]),  # an item over the limit is a batch alone
        ([1, 9], 5, 10, [(0, 1), (1, 2)]),
        ([1] * 7, 100, 3, [(0, 3), (3, 6), (6, 7)]),  # at most max_items each
    ],
)
def test_batches(
    sizes: list[int], limit: int, max_items: int, expected: list[tuple[int, int]]
) -> None:
    got = [(r.start, r.stop) for r in batches(sizes, limit, max_items)]
    assert got == expected


def test_results_come_back_in_input_order(scheduler: str) -> None:
    items = [f"{i}:" + "x" * (i * 7 % 13) for i in range(400)]
    # Small batches and a window of 3: many tasks, finishing out of order, few out at once.
    got = list(
        map_ordered(str.upper, items, address=scheduler, size=len, batch_size=40, window=3)
    )
    assert got == [item.upper() for item in items]


def test_a_failing_item_is_named(scheduler: str) -> None:
    items = ["1", "2", "x", "4"]
    with pytest.raises(DistributedError, match=r"item 2: ValueError: invalid literal"):
        list(map_ordered(int, items, address=scheduler, batch_size=1))
    with pytest.raises(DistributedError, match=r": 'x': ValueError: invalid literal"):
        list(map_ordered(int, items, address=scheduler, label=lambda i: repr(items[i])))


def test_a_failing_document_is_named_by_its_file(scheduler: str) -> None:
    docs = read_corpus([ROOT / "content"]).documents  # each fails: the first back is named
    files = "|".join(re.escape(doc.path) for doc in docs)
    with pytest.raises(DistributedError, match=rf"({files}): TypeError: int\(\) argument"):
        map_documents(int, docs, address=scheduler, workers=1)  # type: ignore[arg-type]


def test_an_unreachable_scheduler_is_an_error() -> None:
    with socket.socket() as sock:  # a port of 127.0.0.1 that is bound but not listening
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
        with pytest.raises(DistributedError, match="Dask scheduler"):
            list(map_ordered(int, ["1"], address=address, timeout=2))


def _cli(*args: str) -> bytes:
    result = subprocess.run(
        [sys.executable, "build.py", "-q", *args],
        cwd=ROOT, capture_output=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed content/ and 60 synthetic documents."""
    content = tmp_path_factory.mktemp("dask") / "content"
    shutil.copytree(ROOT / "content", content)
    _cli("synth", "--docs", "60", "--seed", "5", "--into", str(content / "synth"))
    return content


def test_extract_on_a_cluster_is_identical(scheduler: str, corpus: Path) -> None:
    local = _cli("extract", "--jobs", "1", str(corpus))
    assert local.count(b"\n") == len(list(corpus.rglob("*.txt")))
    assert _cli("extract", "--dask", scheduler, str(corpus)) == local


def test_build_on_a_local_cluster_is_identical(corpus: Path, tmp_path: Path) -> None:
    common = ["build", "--content", str(corpus), "--no-site", "--no-validate"]
    _cli(*common, "--out", str(tmp_path / "local"), "--jobs", "1")
    _cli(*common, "--out", str(tmp_path / "dask"), "--jobs", "2", "--dask", "local")
    for name in ("report.json", "data/graph.nt"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
