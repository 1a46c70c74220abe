"""Parallel extraction gives exactly what serial extraction gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.pipeline import (
    build,
    citations_by_document,
    document_record,
    dumps,
    extract_corpus,
    read_corpus,
)
from graph.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _records(content: Path, jobs: int) -> list[str]:
    corpus = read_corpus([content])
    cites = citations_by_document(extract_corpus(corpus, jobs=jobs).resolution)
    return [dumps(document_record(d, cites.get(d.path, ()))) for d in corpus.documents]


def test_jobs_give_identical_output(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_corpus(300, 5, content / "synth")
    assert _records(content, 1) == _records(content, 2)
    one = build(content, tmp_path / "one", validate=False, site=False, jobs=1)
    two = build(content, tmp_path / "two", validate=False, site=False, jobs=2)
    assert one.report == two.report
    nt = Path("data") / "graph.nt"
    assert (tmp_path / "one" / nt).read_bytes() == (tmp_path / "two" / nt).read_bytes()
