"""The synthetic corpus generator: deterministic, parseable, citations found, heavy tail."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from graph.ids import canonical_number
from graph.parse import parse_document
from graph.pipeline import mentions_of
from graph.synth import generate, write_corpus

SCORED = ("based-on", "amends", "repeals", "implements")


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = write_corpus(60, 7, a)
    second = write_corpus(60, 7, b)
    assert first == second and first.files == 60 and first.citations > 0
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    other = [text for _, text, _ in generate(60, 8)]
    assert other != [(a / n).read_text(encoding="utf-8") for n in names]


def test_parser_and_extractor_recover_what_was_planted() -> None:
    right = total = found = planted = 0
    for name, text, p in generate(200, 3):
        doc = parse_document(text, name)
        meta = doc.meta
        got = (
            canonical_number(meta.number.value) if meta.number else None,
            meta.doc_type.value if meta.doc_type else None,
            meta.date.value if meta.date else None,
            meta.issuer.value.casefold() if meta.issuer else None,
            meta.signer.value if meta.signer else None,
        )
        want = (canonical_number(p.number), p.doc_type, p.date, p.issuer.casefold(), p.signer)
        right += sum(g == w for g, w in zip(got, want, strict=True))
        total += len(want)
        relations: dict[str, set[str]] = {}
        for m in mentions_of(doc):
            if m.number:
                relations.setdefault(m.number, set()).update(r.value for r in m.relations)
        for c in p.citations:
            if c.number is not None and c.relation in SCORED:
                planted += 1
                found += c.relation in relations.get(canonical_number(c.number), set())
    assert right >= 0.98 * total
    assert planted > 200 and found >= 0.95 * planted


def test_heavy_tailed_in_degree() -> None:
    citers: Counter[str] = Counter()
    n = 2000
    for _, _, p in generate(n, 11):
        for number in sorted({c.number for c in p.citations if c.number}):
            citers[number] += 1
    (_, top), *_ = citers.most_common(1)
    assert top >= 0.10 * n
    median = sorted(citers.values())[len(citers) // 2]
    assert median <= 3  # most documents are cited rarely
