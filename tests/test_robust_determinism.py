"""Determinism: the same input gives the same bytes in every file of ``--out`` (site, exports,
report), whatever the order and times of the content files, the locale, the time zone and
the hash seed.

Each build is ``python3 build.py build`` in its own process with its own environment; the
corpus is the seed (``content/``) and 20 synthetic documents (``build.py synth --docs 20
--seed 3``). The variants run side by side against one reference build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent

# The reference: UTF-8 locale, UTC.
BASE_ENV = {"LC_ALL": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "1"}

# name → (content folder, environment); each differs from the reference in one respect (and
# in the hash seed, which every process draws anew anyway).
VARIANTS = {
    "reverse-order-and-mtimes": ("reversed", {**BASE_ENV, "PYTHONHASHSEED": "2"}),
    # No locale at all, as on a bare container; Python reads it as UTF-8 (PEP 538, PEP 540).
    "posix-locale": ("content", {"LC_ALL": "POSIX", "TZ": "UTC", "PYTHONHASHSEED": "3"}),
    "tz-ho-chi-minh": ("content", {**BASE_ENV, "TZ": "Asia/Ho_Chi_Minh", "PYTHONHASHSEED": "4"}),
    "tz-los-angeles": ("content", {**BASE_ENV, "TZ": "America/Los_Angeles", "PYTHONHASHSEED": "5"}),
}

# An ASCII locale that Python does not coerce to UTF-8: what a machine whose locale is not
# UTF-8 looks like (Windows code pages behave the same way).
ASCII_LOCALE = {
    "LC_ALL": "POSIX",
    "PYTHONCOERCECLOCALE": "0",
    "PYTHONUTF8": "0",
    "TZ": "America/Los_Angeles",
    "PYTHONHASHSEED": "6",
}


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def copy_reversed(source: Path, target: Path) -> None:
    """The same files under the same names, created in reverse order with other times."""
    paths = sorted(p for p in source.rglob("*") if p.is_file())
    for age, path in enumerate(reversed(paths)):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        stamp = 1_000_000_000 + 86_400 * 397 * age  # 2001 onwards, a year and a month apart
        os.utime(copy, (stamp, stamp))


def start_build(content: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    for name in ("SOURCE_DATE_EPOCH", "PYTHONUTF8", "PYTHONCOERCECLOCALE"):
        environment.pop(name, None)
    environment.update(env)
    command = [
        sys.executable, str(ROOT / "build.py"), "build",
        "--content", str(content), "--out", str(out), "--jobs", "1",
    ]  # fmt: skip
    return subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    _out, err = process.communicate(timeout=900)
    assert process.returncode == 0, err.decode("utf-8", "replace")[-3000:]


def differences(reference: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    names = sorted(set(reference) | set(other))
    return [name for name in names if reference.get(name) != other.get(name)]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("determinism")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    write_corpus(20, 3, content / "synth")
    copy_reversed(content, root / "reversed")
    running = {"reference": start_build(content, root / "reference", BASE_ENV)}
    for name, (folder, env) in VARIANTS.items():
        running[name] = start_build(root / folder, root / name, env)
    for process in running.values():
        finish(process)
    return {name: files(root / name) for name in running}


def test_the_reference_build_is_complete(builds: dict[str, dict[str, bytes]]) -> None:
    reference = builds["reference"]
    for name in ("site/index.html", "data/graph.nt", "data/graph.jsonld", "report.json"):
        assert name in reference
    assert sum(name.startswith("site/") for name in reference) > 100


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_builds_are_byte_identical(builds: dict[str, dict[str, bytes]], variant: str) -> None:
    assert differences(builds["reference"], builds[variant]) == []


def test_a_build_under_an_ascii_locale_is_identical(
    builds: dict[str, dict[str, bytes]], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_corpus(20, 3, content / "synth")
    finish(start_build(content, tmp_path / "out", ASCII_LOCALE))
    assert differences(builds["reference"], files(tmp_path / "out")) == []


def test_differences_are_found(builds: dict[str, dict[str, bytes]]) -> None:
    reference = builds["reference"]
    changed = {**reference, "report.json": reference["report.json"] + b" "}
    del changed["site/index.html"]
    assert differences(reference, changed) == ["report.json", "site/index.html"]
