"""SHACL part by part (graph/validate_parts.py): the report is the whole graph's, byte for
byte, however the graph is cut into parts and however small the stores; shapes that read
further than one hop are validated whole; a rebuild validates again only the parts whose
inputs changed."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph
from test_shapes import BROKEN, CT_33, MORE, build_seed, doc  # tests/test_shapes.py

from graph.cache import Cache
from graph.dataset import DataResult, write_data
from graph.pipeline import build, extract_corpus, read_corpus
from graph.synth import write_corpus
from graph.validate import ValidationReport, package_text, validate
from graph.validate_parts import (
    ANY,
    DumpParts,
    Hop,
    MemoryParts,
    NotLocal,
    PartSource,
    reads,
    validate_parts,
)

ROOT = Path(__file__).resolve().parent.parent
VNL = "https://w3id.org/luocdo/def#"
ELI = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
IN_SCHEME = b"<http://www.w3.org/2004/02/skos/core#inScheme>"


def iri(text: str) -> bytes:
    return f"<{text}>".encode()


def comparable(report: ValidationReport) -> object:
    """The whole report; with blank nodes, whose labels Oxigraph draws anew at each load
    (and by which it sorts), its lines renamed and sorted."""
    lines = report.as_report(max_lines=10**6)["report"]
    if not any("_:" in line for line in lines):
        return report.as_report(max_lines=10**6)
    return sorted(re.sub(r"_:\w+", "_:b", line) for line in lines)


# --- ways to cut a graph into parts ------------------------------------------------------------

Lines = list[str]


def _subjects(lines: Lines) -> dict[str, Lines]:
    by: dict[str, Lines] = {}
    for line in lines:
        if line.strip():
            by.setdefault(line.split(" ", 1)[0], []).append(line)
    return dict(sorted(by.items()))


def by_subject(lines: Lines) -> list[Lines]:
    """Each subject in a part of its own: every neighbour is another part's."""
    return list(_subjects(lines).values())


def halves(lines: Lines) -> list[Lines]:
    """Each subject's triples in two parts: the parts must be joined again by subject."""
    return [half for same in _subjects(lines).values() for half in (same[::2], same[1::2]) if half]


def graph_lines(g: Graph) -> Lines:
    return g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines(keepends=True)


# --- what the shapes read ----------------------------------------------------------------------

# hop from a focus node → the predicates read on the node it reaches
READS: list[tuple[Hop, frozenset[bytes]]] = [
    (Hop(iri(VNL + "citedDocument")), frozenset({RDF_TYPE, iri(ELI + "date_document")})),
    # the plain-triple constraint reads `?s ?p ?o` on the citing document
    (
        Hop(iri(VNL + "citingDocument")),
        frozenset({ANY, RDF_TYPE, iri(ELI + "date_document")}),
    ),
    (Hop(iri(VNL + "conflictSubject")), frozenset({ANY})),
    (Hop(iri(VNL + "mention"), inverse=True), frozenset()),
    (Hop(iri(VNL + "value"), inverse=True), frozenset()),
    (
        Hop(iri(VNL + "value")),
        frozenset({RDF_TYPE, iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")}),
    ),
    (
        Hop(iri(VNL + "receivedStamp"), inverse=True),
        frozenset(
            {RDF_TYPE, iri(ELI + "number"), iri(VNL + "numberVerbatim"), iri(VNL + "receivedStamp")}
        ),
    ),
    (Hop(iri(VNL + "relation")), frozenset({IN_SCHEME, iri(VNL + "relationProperty")})),
    (Hop(iri(VNL + "system")), frozenset({IN_SCHEME})),
    (Hop(iri(VNL + "signer")), frozenset({RDF_TYPE})),
    (Hop(iri(VNL + "mentionCount")), frozenset()),
]


@pytest.mark.parametrize(("hop", "predicates"), READS, ids=lambda x: repr(x)[:60])
def test_what_the_shapes_read_next_to_a_focus_node(hop: Hop, predicates: frozenset[bytes]) -> None:
    assert dict(reads(package_text("shapes.ttl")).hops)[hop] == predicates


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "urn:ex:" ] .
"""


def _sparql(select: str) -> str:
    return (
        "ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:sparql [ a sh:SPARQLConstraint ;"
        f' sh:prefixes ex:prefixes ; sh:message "m" ; sh:select """{select}""" ] .'
    )


# Shapes that read a node two hops from the focus node, or a node that need not be near it.
FURTHER = {
    "class two hops away": "ex:S a sh:NodeShape ; sh:targetClass ex:A ;"
    " sh:property [ sh:path ex:p ; sh:node ex:T ] ."
    " ex:T a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:class ex:C ] .",
    "inverse path one hop away": "ex:S a sh:NodeShape ; sh:targetClass ex:A ;"
    " sh:property [ sh:path ex:p ; sh:node ex:T ] ."
    " ex:T a sh:NodeShape ; sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] .",
    "target node": "ex:S a sh:NodeShape ; sh:targetNode ex:c ;"
    " sh:property [ sh:path ex:r ; sh:minCount 1 ] .",
    "target objects": "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:q ;"
    " sh:property [ sh:path ex:r ; sh:minCount 1 ] .",
    "SPARQL two hops away": _sparql(
        "SELECT $this WHERE { $this ex:p ?x . ?x ex:q ?y . FILTER NOT EXISTS { ?y a ex:C } }"
    ),
    "SPARQL on any node": _sparql("SELECT $this WHERE { FILTER NOT EXISTS { ?y a ex:C } }"),
    "SPARQL on a constant": _sparql("SELECT $this WHERE { FILTER NOT EXISTS { ex:c a ex:C } }"),
    # ?x of the second EXISTS is not the first one's: it is any node
    "SPARQL variable of another group": _sparql(
        "SELECT $this WHERE { FILTER EXISTS { $this ex:p ?x }"
        " FILTER NOT EXISTS { ?x ex:q ?y . ?y a ex:C } }"
    ),
    "SPARQL sub-query": _sparql(
        "SELECT $this WHERE { { SELECT ?x WHERE { ?x ex:q ?y } } $this ex:p ?x }"
    ),
    "SPARQL path": _sparql("SELECT $this WHERE { $this ex:p/ex:q ?y }"),
    # a nested group is evaluated before the join: its filter sees no ?x, so any node's ex:r
    "SPARQL filter in a nested group": _sparql(
        "SELECT $this WHERE { $this ex:p ?x . { FILTER NOT EXISTS { ?x ex:r ?y } } }"
    ),
    "SPARQL group in an EXISTS of a nested group": _sparql(
        "SELECT $this WHERE { $this ex:p ?x . { FILTER EXISTS { { ?x ex:q ?y } } } }"
    ),
    "SPARQL EXISTS in the projection": _sparql(
        "SELECT $this (EXISTS { ?x ex:q ?y } AS ?e) WHERE { $this ex:p ?x }"
    ),
    "SPARQL limit": _sparql("SELECT $this WHERE { $this ex:p ?x } LIMIT 1"),
}
NEARBY = {
    "class one hop away": "ex:S a sh:NodeShape ; sh:targetClass ex:A ;"
    " sh:property [ sh:path ex:p ; sh:class ex:B ] .",
    # a result only if ex:b's triple is at hand
    "SPARQL one hop away": _sparql(
        "SELECT $this WHERE { $this ex:p ?x . FILTER EXISTS { ?x ex:q ?y } }"
    ),
    "SPARQL union": _sparql(
        "SELECT $this WHERE { $this ex:p ?x . { ?x ex:q ?y } UNION { ?x ex:r ?y } }"
    ),
    "SPARQL EXISTS in EXISTS": _sparql(
        "SELECT $this WHERE { $this ex:p ?x ."
        " FILTER EXISTS { ?x ex:q ?y . FILTER NOT EXISTS { $this ex:s ?z } } }"
    ),
    "SPARQL EXISTS in a group that binds $this": _sparql(
        "SELECT $this WHERE { { $this ex:p ?x . FILTER EXISTS { ?x ex:q ?y } } }"
    ),
}
# ex:a → ex:b → ex:c, each in its own part: what ex:c is decides ex:a's results.
CHAIN = """
<urn:ex:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:ex:A> .
<urn:ex:a> <urn:ex:p> <urn:ex:b> .
<urn:ex:b> <urn:ex:q> <urn:ex:c> .
<urn:ex:c> <urn:ex:s> "c" .
"""


@pytest.mark.parametrize("name", sorted(FURTHER))
def test_shapes_that_read_further_are_validated_whole(name: str) -> None:
    shapes = SHAPES_HEAD + FURTHER[name]
    with pytest.raises(NotLocal):
        reads(shapes)
    lines = CHAIN.strip().splitlines(keepends=True)
    whole = validate(CHAIN.encode(), shapes=shapes)
    assert not whole.conforms  # each case has a result that reads ex:c
    checked = validate_parts(MemoryParts.of(by_subject(lines)), chunk_triples=1, shapes=shapes)
    assert checked.stats.whole is not None and checked.stats.groups == 1
    assert checked.report == whole


@pytest.mark.parametrize("name", sorted(NEARBY))
def test_shapes_that_read_next_to_the_focus_node_are_validated_by_parts(name: str) -> None:
    shapes = SHAPES_HEAD + NEARBY[name]
    reads(shapes)
    lines = CHAIN.strip().splitlines(keepends=True)
    checked = validate_parts(MemoryParts.of(by_subject(lines)), chunk_triples=1, shapes=shapes)
    assert checked.stats.whole is None and checked.stats.chunks == 4  # and the vocabulary
    assert checked.report == validate(CHAIN.encode(), shapes=shapes)
    assert not checked.report.conforms


RANGE = f"\n<{VNL}citedDocument> <http://www.w3.org/2000/01/rdf-schema#range> <{VNL}Agent> .\n"
SUBCLASS = f"<{VNL}Stamp> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{VNL}Document> .\n"


@pytest.mark.parametrize(
    ("vocabulary", "extra", "why"),
    [
        (package_text("vnl.ttl") + RANGE, "", "rdfs:range"),
        (None, SUBCLASS, "schema triple"),
    ],
    ids=["range in the vocabulary", "schema triple in the graph"],
)
def test_a_graph_whose_types_come_from_other_nodes_is_validated_whole(
    vocabulary: str | None, extra: str, why: str
) -> None:
    seed = build_seed()
    lines = [*graph_lines(seed.g), extra]
    checked = validate_parts(
        MemoryParts.of(by_subject(lines)), chunk_triples=50, vocabulary=vocabulary
    )
    assert checked.stats.whole is not None and why in checked.stats.whole
    assert checked.report == validate("".join(lines).encode(), vocabulary=vocabulary)


# --- the seed graph and its broken variants ----------------------------------------------------


def _unchanged(_seed: object) -> None:
    pass


@pytest.mark.parametrize(
    "breaker", [_unchanged, *(b for b, _ in BROKEN), *MORE], ids=lambda b: b.__name__
)
def test_parts_of_a_broken_graph_give_the_whole_graphs_report(
    breaker: Callable[[object], object],
) -> None:
    seed = build_seed()
    breaker(seed)
    lines = graph_lines(seed.g)
    whole = validate("".join(lines).encode())
    checked = validate_parts(MemoryParts.of(by_subject(lines)), chunk_triples=40)
    assert checked.stats.chunks > 1 and checked.stats.whole is None
    assert comparable(checked.report) == comparable(whole)


@pytest.mark.parametrize(("cut", "size"), [(by_subject, 1), (halves, 1), (halves, 10**6)])
def test_any_cut_of_the_seed_graph_gives_its_report(
    cut: Callable[[Lines], list[Lines]], size: int
) -> None:
    seed = build_seed()
    seed.g.remove((seed.citation, None, None))  # results on the citation's mentions
    lines = graph_lines(seed.g)
    whole = validate("".join(lines).encode())
    assert not whole.conforms
    checked = validate_parts(MemoryParts.of(cut(lines)), chunk_triples=size)
    assert checked.report == whole


# --- built corpora ------------------------------------------------------------------------------


def _written(content: Path, folder: Path) -> DataResult:
    extraction = extract_corpus(read_corpus([content]))
    return write_data(extraction.corpus.documents, extraction.resolution, folder)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DataResult]:
    """The seed, and 300 synthetic documents (``build.py synth --docs 300 --seed 1``: some
    share an identity, which gives one IRI two dates, titles, mention counts …)."""
    root = tmp_path_factory.mktemp("corpora")
    write_corpus(300, 1, root / "synth")
    return {
        "seed": _written(ROOT / "content", root / "seed-data"),
        "synth": _written(root / "synth", root / "synth-data"),
    }


def _dump_lines(written: DataResult) -> Lines:
    return written.nt.read_text(encoding="utf-8").splitlines(keepends=True)


CORPUS_CASES = [
    ("seed", "dump", 1),
    ("seed", "dump", 10**6),
    ("seed", "subjects", 200),
    ("synth", "dump", 1),
    ("synth", "dump", 3_000),
    ("synth", "halves", 5_000),
]


@pytest.mark.parametrize(("name", "cut", "size"), CORPUS_CASES)
def test_parts_of_a_built_graph_give_its_report(
    corpora: dict[str, DataResult], name: str, cut: str, size: int
) -> None:
    written = corpora[name]
    whole = validate(written.nt, allow_warnings=True)
    source: PartSource = DumpParts(written.nt, written.parts)
    if cut == "subjects":
        source = MemoryParts.of(by_subject(_dump_lines(written)))
    elif cut == "halves":
        source = MemoryParts.of(halves(_dump_lines(written)))
    checked = validate_parts(source, chunk_triples=size, allow_warnings=True)
    assert checked.report.as_report() == whole.as_report()
    assert checked.report == whole
    stats = checked.stats
    assert stats.whole is None and stats.validated == stats.groups
    if size == 1:
        assert stats.chunks == stats.groups
    if cut == "halves":
        assert stats.groups < stats.parts  # the halves were joined again


def test_the_synthetic_corpus_has_one_identity_from_two_files(
    corpora: dict[str, DataResult],
) -> None:
    results = validate(corpora["synth"].nt, allow_warnings=True).results
    counted = {(r.component, r.path_label) for r in results}
    assert ("MaxCountConstraintComponent", "vnl:mentionCount") in counted
    assert ("MaxCountConstraintComponent", "eli:date_document") in counted


# --- a rebuild ----------------------------------------------------------------------------------


def _append_citation(content: Path) -> None:
    first = sorted(content.glob("0*.txt"))[0]
    with first.open("a", encoding="utf-8") as f:
        f.write(
            "\nCăn cứ Chỉ thị số 33/CT-TTg ngày 16 tháng 11 năm 2021 của Thủ tướng Chính phủ.\n"
        )


def _change_date(content: Path) -> None:
    ct33 = next(content.glob("chi-thi-33*"))
    text = ct33.read_text(encoding="utf-8")
    ct33.write_text(
        text.replace("ngày 16 tháng 11 năm 2021", "ngày 17 tháng 11 năm 2021", 1), encoding="utf-8"
    )


def _delete_one(content: Path) -> None:
    sorted(content.glob("0*.txt"))[1].unlink()


@dataclass(frozen=True)
class Parts:
    texts: list[str]

    @classmethod
    def of(cls, written: DataResult) -> Parts:
        lines, texts = _dump_lines(written), []
        for size in written.parts:
            texts.append("".join(lines[:size]))
            lines = lines[size:]
        return cls(texts)

    def subjects(self, i: int) -> set[str]:
        return {line.split(" ", 1)[0] for line in self.texts[i].splitlines()}

    def objects(self, i: int, predicate: str = r"\S+") -> set[str]:
        return set(re.findall(rf"^\S+ {predicate} (<[^>]*>) \.$", self.texts[i], re.M))


@pytest.mark.parametrize(
    "change", [_append_citation, _change_date, _delete_one], ids=["citation", "date", "delete"]
)
def test_a_rebuild_validates_again_only_the_parts_whose_inputs_changed(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    content = tmp_path / "content"
    write_corpus(24, 11, content)
    for file in (ROOT / "content").glob("*.txt"):
        shutil.copy(file, content / file.name)
    cache = Cache(tmp_path / "shacl.sqlite")
    before = _written(content, tmp_path / "before")
    first = validate_parts(DumpParts(before.nt, before.parts), cache=cache, allow_warnings=True)
    assert first.stats.validated == first.stats.groups

    change(content)
    after = _written(content, tmp_path / "after")
    again = validate_parts(DumpParts(after.nt, after.parts), cache=cache, allow_warnings=True)
    clean = validate_parts(DumpParts(after.nt, after.parts), allow_warnings=True)
    assert again.report == clean.report == validate(after.nt, allow_warnings=True)

    old, new = Parts.of(before), Parts.of(after)
    changed = {i for i, text in enumerate(new.texts) if text not in old.texts}
    touched = set().union(*(new.subjects(i) for i in changed))
    pointed = set().union(*(new.objects(i) for i in changed))
    near = {
        i for i in range(len(new.texts)) if new.objects(i) & touched or new.subjects(i) & pointed
    }
    fresh = set(again.stats.fresh)
    # every changed part, and only parts next to a changed one (delete: the 4 changed and
    # the 10 that cite the deleted document, now a stub: 14 of 39)
    assert changed <= fresh <= changed | near
    assert 0 < len(fresh) < again.stats.groups / 2
    if change is _change_date:
        # a citation of the redated document reads its date (a warning may come or go)
        ct33 = f"<{doc(CT_33)}>"
        citing = {
            i for i, _ in enumerate(new.texts) if ct33 in new.objects(i, f"<{VNL}citedDocument>")
        }
        assert citing - changed and citing <= fresh


def test_a_rebuild_reports_what_a_clean_build_reports(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_corpus(12, 5, content)
    for file in (ROOT / "content").glob("*.txt"):
        shutil.copy(file, content / file.name)
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(content, out, site=False)
    assert (out / "cache" / "shacl.sqlite").is_file()
    _change_date(content)
    build(content, out, site=False)
    build(content, clean, site=False)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["shacl"]["report"][:2] == [
        "Validation Report",
        f"Conforms: {report['shacl']['conforms']}",
    ]
    assert (out / "report.json").read_bytes() == (clean / "report.json").read_bytes()
