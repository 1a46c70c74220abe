"""graph.files.remove: what a build deletes when it swaps its output in."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.files import remove


def tree(root: Path, depth: int, width: int) -> int:
    """Folders ``width`` wide and ``depth`` deep with a file in each; returns the file count."""
    root.mkdir(parents=True)
    (root / "page.html").write_text("x", encoding="utf-8")
    if depth == 0:
        return 1
    return 1 + sum(tree(root / f"d{i}", depth - 1, width) for i in range(width))


@pytest.mark.parametrize("depth", [0, 1, 2, 4])
def test_remove_deletes_a_tree_of_any_depth(tmp_path: Path, depth: int) -> None:
    files = tree(tmp_path / "site", depth, 3)
    assert sum(1 for p in (tmp_path / "site").rglob("*") if p.is_file()) == files
    remove([tmp_path / "site"], workers=4)
    assert list(tmp_path.iterdir()) == []


def test_remove_files_links_and_missing_paths(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    tree(kept, 2, 2)
    before = sorted(p.relative_to(kept) for p in kept.rglob("*"))
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(kept, target_is_directory=True)
    remove([tmp_path / "file.txt", tmp_path / "link", tmp_path / "missing"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]
    assert sorted(p.relative_to(kept) for p in kept.rglob("*")) == before  # not followed


def test_remove_keeps_the_other_links_of_a_hard_linked_file(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    tree(tmp_path / "old", 1, 2)
    (tmp_path / "new" / "page.html").hardlink_to(tmp_path / "old" / "d0" / "page.html")
    remove([tmp_path / "old"])
    assert (tmp_path / "new" / "page.html").read_text(encoding="utf-8") == "x"
