"""A rebuild after a change reuses what did not change (parsed documents, corpus pages,
views, themed HTML) and gives byte for byte the output of a clean build."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.pipeline import build
from graph.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "cache" not in p.relative_to(folder).parts
    }


def _corpus(tmp_path: Path) -> Path:
    """24 synthetic documents and the seed's two."""
    content = tmp_path / "content"
    write_corpus(24, 11, content)
    for file in CONTENT.glob("*.txt"):
        shutil.copy(file, content / file.name)
    return content


def _append_citation(content: Path) -> None:
    first = sorted(content.glob("0*.txt"))[0]
    with first.open("a", encoding="utf-8") as f:
        f.write("\nCăn cứ Chỉ thị số 33/CT-TTg ngày 16 tháng 11 năm 2021 của Thủ tướng Chính phủ.\n")


def _change_date(content: Path) -> None:
    ct33 = next(content.glob("chi-thi-33*"))
    text = ct33.read_text(encoding="utf-8")
    ct33.write_text(text.replace("ngày 16 tháng 11 năm 2021", "ngày 17 tháng 11 năm 2021", 1),
                    encoding="utf-8")


def _delete_one(content: Path) -> None:
    sorted(content.glob("0*.txt"))[1].unlink()


@pytest.mark.parametrize(
    "change", [_append_citation, _change_date, _delete_one], ids=["citation", "date", "delete"]
)
def test_rebuild_after_a_change_equals_a_clean_build(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    content = _corpus(tmp_path)
    out = tmp_path / "out"
    build(content, out, validate=False, jobs=2)
    first_inputs = json.loads((out / "inputs.json").read_text(encoding="utf-8"))

    change(content)
    build(content, out, validate=False, jobs=2)
    clean = tmp_path / "clean"
    build(content, clean, validate=False, jobs=1)

    rebuilt, fresh = _files(out), _files(clean)
    assert sorted(rebuilt) == sorted(fresh)
    for name in fresh:
        assert rebuilt[name] == fresh[name], name
    # items were reused, and not all: the change reached its neighbourhood only
    inputs = json.loads((out / "inputs.json").read_text(encoding="utf-8"))
    same = sum(inputs.get(k, [None])[0] == v[0] for k, v in first_inputs.items())
    assert 0 < same < len(inputs)


def test_rebuild_reindexes_only_the_changed_search_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With shards forced small, a rebuild runs Pagefind only for the shards holding a page
    whose HTML changed or was added or removed (what each run read is recorded), and gives
    byte for byte the output of a clean build."""
    from graph import search

    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    runs: list[tuple[str, dict[str, bytes]]] = []
    run_pagefind = search._run_pagefind

    def recording(command: list[str], cwd: Path) -> str:
        read = Path(command[command.index("--site") + 1])
        bundle = Path(command[command.index("--output-path") + 1]).name
        pages = {p.relative_to(read).as_posix(): p.read_bytes() for p in read.rglob("*.html")}
        runs.append((bundle, pages))
        return run_pagefind(command, cwd)

    monkeypatch.setattr(search, "_run_pagefind", recording)
    content = _corpus(tmp_path)
    out = tmp_path / "out"
    build(content, out, validate=False, jobs=2)
    first = dict(runs)
    runs.clear()

    _append_citation(content)
    build(content, out, validate=False, jobs=2)
    rerun = sorted(bundle for bundle, _ in runs)
    runs.clear()
    clean = tmp_path / "clean"
    build(content, clean, validate=False, jobs=1)
    fresh = dict(runs)

    assert sorted(first) == sorted(fresh) and len(fresh) > 5  # the shards held
    changed = sorted(bundle for bundle, pages in fresh.items() if first[bundle] != pages)
    assert rerun == changed
    assert 0 < len(changed) < len(fresh)
    rebuilt, expected = _files(out), _files(clean)
    assert sorted(rebuilt) == sorted(expected)
    for name in expected:
        assert rebuilt[name] == expected[name], name
