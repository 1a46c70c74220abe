"""The streamed data folder (graph/dataset.py): the same graph as the rdflib writer made,
the same bytes for the same input (built afresh or reusing the previous build's per-document
files), and a lighter dump that answers the examples."""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
from pathlib import Path

import legacy_rdf  # tests/legacy_rdf.py, beside this file
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph import dataset, export, pipeline, rdf
from graph.config import document_iri
from graph.dataset import DataResult
from graph.pipeline import Extraction, build, extract_corpus, read_corpus
from graph.query import run
from graph.synth import write_corpus
from graph.validate import validate
from graph.vocab import vocabulary_graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (stamps, stated edges, vague references) and 40 synthetic documents
    (conflicts, stubs, many citations)."""
    folder = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "content", folder, dirs_exist_ok=True)
    write_corpus(40, 3, folder / "synth")
    return folder


@pytest.fixture(scope="module")
def extraction(content: Path) -> Extraction:
    return extract_corpus(read_corpus([content]))


@pytest.fixture(scope="module")
def written(extraction: Extraction, tmp_path_factory: pytest.TempPathFactory) -> DataResult:
    folder = tmp_path_factory.mktemp("out") / "data"
    return dataset.write_data(extraction.corpus.documents, extraction.resolution, folder)


@pytest.fixture(scope="module")
def data(written: DataResult) -> Path:
    return written.nt.parent


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_streamed_dumps_hold_the_graph_of_the_rdflib_writer(
    extraction: Extraction, data: Path
) -> None:
    old = legacy_rdf.build_rdf(extraction.corpus.documents, extraction.resolution)
    assert isomorphic(old, rdf.build_rdf(extraction.corpus.documents, extraction.resolution))
    whole = old + vocabulary_graph()
    # the same lines as rdflib writes them, now grouped by document
    lines = (data / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    assert sorted(lines) == export.ntriples(whole).splitlines(keepends=True)
    assert len(lines) == len(set(lines))
    for name, fmt in [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")]:
        assert isomorphic(whole, Graph().parse(data / name, format=fmt)), name
    assert len(whole) > 5_000


def test_each_document_file_holds_what_it_held_before(extraction: Extraction, data: Path) -> None:
    documents, resolution = extraction.corpus.documents, extraction.resolution
    old = legacy_rdf.build_rdf(documents, resolution)
    slugs = {URIRef(document_iri(d.doc_id)): d.doc_id.slug for d in documents if d.doc_id}
    slugs.update({URIRef(document_iri(s.target)): s.target.slug for s in resolution.stubs})
    expected = legacy_rdf.document_graphs(old, slugs)
    assert len(expected) > 50
    written = {p.relative_to(data / "doc").as_posix() for p in (data / "doc").rglob("*.*")}
    assert written == {f"{slug}.{ext}" for slug in slugs.values() for ext in ("ttl", "jsonld")}
    for iri, graph in expected.items():
        base = data / "doc" / slugs[iri]
        for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
            got = Graph().parse(base.with_name(base.name + suffix), format=fmt)
            assert isomorphic(graph, got), f"{slugs[iri]}{suffix}"


def test_jsonld_keeps_every_kind_of_literal(tmp_path: Path) -> None:
    s, p = rdf.iri("https://example.org/s"), "<https://example.org/p>"
    objects = [
        rdf.plain('a "quoted" back\\slash\nnew line\r\tand tab'),
        rdf.vi("Chỉ thị số 33/CT-TTg"),
        rdf.integer(-12),
        rdf.boolean(False),
        rdf.date(dt.date(2021, 11, 16)),
        rdf.iri("https://w3id.org/luocdo/def#Citation"),
        '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"x"@en',
    ]
    lines = sorted(f"{s} {p} {o} .\n" for o in objects)
    text = export.JSONLD_HEAD + export.jsonld_body(lines) + export.JSONLD_TAIL
    expected = Graph().parse(data="".join(lines), format="nt")
    assert isomorphic(expected, Graph().parse(data=text, format="json-ld"))
    from_oxigraph = [str(q.object) for q in ox.parse(text, format=ox.RdfFormat.JSON_LD)]
    assert len(from_oxigraph) == len(objects)


def test_the_core_dump_answers_every_example_query(data: Path) -> None:
    full, core = ox.Store(), ox.Store()
    full.bulk_load(path=data / "graph.nt", format=ox.RdfFormat.N_TRIPLES)
    core.bulk_load(path=data / dataset.CORE, format=ox.RdfFormat.TURTLE)
    assert len(core) < len(full) * 0.8
    queries = sorted((ROOT / "queries").glob("*.rq"))
    assert len(queries) >= 9
    answered = 0
    for path in queries:
        query = path.read_text(encoding="utf-8")
        expected = run(full, query)
        assert run(core, query) == expected, path.name
        answered += bool(getattr(expected, "rows", None))
    assert answered >= 7  # the examples return rows on this corpus: the comparison means something
    # the mentions left out are exactly those of the edges the citing text states itself
    kept = "ASK { ?c vnl:mention ?m . FILTER NOT EXISTS { ?c vnl:statedBy ?s } }"
    assert run(core, kept) is False and run(full, kept) is True
    stated = "ASK { ?c vnl:statedBy ?s ; vnl:mention ?m . ?m vnl:sentence ?x }"
    assert run(core, stated) is True
    dropped = "SELECT (COUNT(*) AS ?n) WHERE { ?m a vnl:Mention }"
    assert run(core, dropped) != run(full, dropped)


def test_the_same_input_gives_the_same_bytes(
    extraction: Extraction, data: Path, tmp_path: Path
) -> None:
    again = tmp_path / "data"
    result = dataset.write_data(extraction.corpus.documents, extraction.resolution, again)
    assert result.written > 50 and result.reused == 0
    assert result.triples == len((again / "graph.nt").read_bytes().splitlines())
    assert _files(again) == _files(data)
    assert set(_files(again)) >= {"graph.nt", dataset.CORE, "graph.ttl", dataset.MANIFEST}


def test_a_changed_document_rebuilds_alone_and_as_a_clean_build_would(
    content: Path, tmp_path: Path
) -> None:
    work = tmp_path / "content"
    shutil.copytree(content, work)
    out = tmp_path / "out"
    build(work, out, validate=False, site=False)
    before = {p: os.stat(out / "data" / p).st_ino for p in _files(out / "data")}

    changed, title = next(
        (path, line)
        for path in sorted((work / "synth").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Về ")
    )
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace(title, "Về việc sửa một văn bản để thử", 1), encoding="utf-8")

    build(work, out, validate=False, site=False)  # reuses out/data
    clean = tmp_path / "clean"
    build(work, clean, validate=False, site=False)
    comparison = filecmp.dircmp(out / "data", clean / "data")
    assert _files(out / "data") == _files(clean / "data"), comparison.diff_files

    after = {p: os.stat(out / "data" / p).st_ino for p in _files(out / "data")}
    doc_files = [p for p in after if p.startswith("doc/")]
    linked = [p for p in doc_files if before.get(p) == after[p]]
    rewritten = sorted(set(doc_files) - set(linked))
    assert len(rewritten) == 2, rewritten  # the changed document's .ttl and .jsonld
    assert all(p.endswith((".ttl", ".jsonld")) for p in rewritten)
    assert before["graph.nt"] != after["graph.nt"]  # the dumps are written anew


def test_the_build_validates_the_dump_part_by_part(written: DataResult, tmp_path: Path) -> None:
    whole = validate(written.nt, allow_warnings=True).as_report()
    assert sum(written.parts) == written.triples
    assert pipeline._validate(written) == whole
    cache = tmp_path / "shacl.sqlite"
    assert pipeline._validate(written, cache) == whole  # fills the cache
    assert pipeline._validate(written, cache) == whole  # reads it
