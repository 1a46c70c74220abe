"""The knowledge graph of the seed: SHACL, example queries, exports, analytics, tracing."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic

from graph import network
from graph.pipeline import build, extract_corpus, read_corpus
from graph.query import Table, open_store, run, short
from graph.vocab import VNL

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CT33 = "state:chi-thi:2021:33/CT-TTg"
CV9465 = "state:cong-van:2021:9465/UBND-KSTTHC"
CT05 = "party:chi-thi:2016:05-CT/TW"
KL01 = "party:ket-luan:2021:01-KL/TW"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = build(CONTENT, out)
    assert result.report["shacl"]["conforms"], result.report["shacl"]["report"]
    return out


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    return open_store(built / "data" / "graph.nt", built / "cache" / "oxigraph")


def rows(store: ox.Store, name: str) -> list[tuple[str, ...]]:
    result = run(store, (ROOT / "queries" / name).read_text(encoding="utf-8"))
    assert isinstance(result, Table)
    return [tuple(short(t) for t in row) for row in result.rows]


def test_seed_graph_validates(built: Path) -> None:
    import json

    report = json.loads((built / "report.json").read_text())
    assert report["shacl"]["conforms"] is True
    assert report["documents"] == 2


EXPECTED = {
    "cited-by.rq": [
        ("id:state/cong-van/2021/9465-ubnd-kstthc", "Công văn 9465/UBND-KSTTHC", "implements", "3"),
        ("id:state/cong-van/2021/9465-ubnd-kstthc", "Công văn 9465/UBND-KSTTHC", "transmits", "3"),
    ],
    "cites.rq": [
        ("Chỉ thị 05-CT/TW", "cites", "1", "false"),
        ("Chỉ thị 16/CT-TTg", "cites", "1", "false"),
        ("Hiến pháp năm 2013", "in-accordance-with", "1", "false"),
        ("Kết luận 01-KL/TW", "implements", "1", "false"),
        ("Kết luận 114-KL/TW", "implements", "1", "false"),
        ("Luật 104/2016/QH13", "implements", "1", "false"),
        ("Nghị quyết 76/NQ-CP", "in-accordance-with", "1", "false"),
        ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "in-accordance-with", "2", "false"),
        ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "institutionalizes", "2", "false"),
        ("Quyết định 217-QĐ/TW", "in-accordance-with", "1", "false"),
        ("Quyết định 218-QĐ/TW", "in-accordance-with", "1", "false"),
        ("Quyết định 23-QĐ/TW", "implements", "1", "false"),
    ],
    "basis-chain.rq": [],  # the seed has no "Căn cứ" preamble: see test_basis_chain
    "implemented-by.rq": [
        ("id:state/chi-thi/2021/33-ct-ttg", "Chỉ thị 33/CT-TTg"),
        ("id:state/cong-van/2021/9465-ubnd-kstthc", "Công văn 9465/UBND-KSTTHC"),
        ("id:party/ket-luan/2021/01-kl-tw", "Kết luận 01-KL/TW"),
    ],
    "by-issuer-year.rq": [
        ("Thủ tướng Chính phủ", "2021", "1"),
        ("Ủy ban nhân dân thành phố Hải Phòng", "2021", "1"),
    ],
    "conflicts.rq": [
        ("Chỉ thị 33/CT-TTg", "eli:date_document", "2021-11-16", "Chỉ thị 33/CT-TTg"),
        ("Chỉ thị 33/CT-TTg", "eli:date_document", "2021-11-26", "Công văn 9465/UBND-KSTTHC"),
        ("Chỉ thị 33/CT-TTg", "eli:date_document", "2021-11-26", "Công văn 9465/UBND-KSTTHC"),
        ("Chỉ thị 33/CT-TTg", "eli:date_document", "2021-11-26", "Công văn 9465/UBND-KSTTHC"),
    ],
    "unresolved.rq": [
        ("vague", "Chỉ thị 33/CT-TTg",
         "các Nghị quyết của Ban Chấp hành Trung ương Đảng về công tác dân vận"),
    ],
    "stated-edges.rq": [
        ("Kết luận 01-KL/TW", "implements", "Chỉ thị 05-CT/TW", "Chỉ thị 33/CT-TTg"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_queries_on_the_seed(store: ox.Store, name: str) -> None:
    got = rows(store, name)
    expected = EXPECTED[name]
    width = len(expected[0]) if expected else 0
    assert [row[:width] for row in got] == expected


def test_every_example_query_is_tested() -> None:
    shipped = {p.name for p in (ROOT / "queries").glob("*.rq")} - {"most-cited.rq"}
    assert shipped == set(EXPECTED)
    for path in (ROOT / "queries").glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("#"), f"{path.name} needs a comment"


def test_most_cited(store: ox.Store) -> None:
    got = rows(store, "most-cited.rq")
    assert got[0][:3] == ("id:party/chi-thi/2016/05-ct-tw", "Chỉ thị 05-CT/TW", "2")
    assert len(got) == 12


def test_direct_triples_entail_eli_cites(store: ox.Store) -> None:
    result = run(store, "SELECT ?b WHERE { ?a vnl:canonicalId 'state:cong-van:2021:9465/UBND-KSTTHC' ;"
                        " eli:cites ?b ; vnl:implements ?b ; vnl:transmits ?b }")
    assert isinstance(result, Table) and len(result.rows) == 1


def test_dumps_parse_in_both_engines_and_agree(built: Path) -> None:
    data = built / "data"
    for name, fmt, ox_fmt in [
        ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("graph.ttl", "turtle", ox.RdfFormat.TURTLE),
        ("graph.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ]:
        ours = Graph().parse(data / name, format=fmt)
        theirs = Graph()
        for quad in ox.parse(path=str(data / name), format=ox_fmt):
            theirs.parse(data=f"{quad.subject} {quad.predicate} {quad.object} .", format="nt")
        assert len(ours) > 500
        assert isomorphic(ours, theirs), name
    reference = Graph().parse(data / "graph.nt", format="nt")
    assert isomorphic(reference, Graph().parse(data / "graph.ttl", format="turtle"))
    assert isomorphic(reference, Graph().parse(data / "graph.jsonld", format="json-ld"))
    assert not any(isinstance(t, BNode) for t in reference.all_nodes())


def test_per_document_turtle(built: Path) -> None:
    doc = built / "data" / "doc" / "state" / "chi-thi" / "2021" / "33-ct-ttg.ttl"
    g = Graph().parse(doc, format="turtle")
    ids = {str(o) for o in g.objects(None, VNL.canonicalId)}
    assert ids == {CT33}  # only this document's own description, not its neighbours'
    assert Literal("1206") in set(g.objects(None, VNL.receivedNumber))
    assert len(list(g.subjects(None, VNL.Conflict))) == 1  # the date conflict travels with it
    assert len(list(g.subjects(VNL.citingDocument, None))) == 12


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(CONTENT, again)
    comparison = filecmp.dircmp(built / "data", again / "data")
    differing: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        differing.extend(prefix + n for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison, "")
    assert differing == []
    assert (built / "report.json").read_bytes() == (again / "report.json").read_bytes()


@pytest.fixture(scope="module")
def net() -> network.nx.MultiDiGraph:
    extraction = extract_corpus(read_corpus([CONTENT]))
    return network.build_network(extraction.corpus.documents, extraction.resolution)


def test_network_analytics(net: network.nx.MultiDiGraph) -> None:
    assert network.cited_by_counts(net)[CT33] == {"implements": 1, "transmits": 1}
    assert network.most_cited(net, 1) == [(CT05, 2)]
    assert network.citation_depth(net, CV9465, CT33) == 3
    ranks = network.pagerank(net)
    assert max(ranks, key=lambda k: ranks[k]) == CT05
    tree = network.implementation_tree(net, CT05)
    assert [c.key for c in tree.children] == [KL01]
    assert [c.key for c in tree.children[0].children] == [CT33]
    assert [c.key for c in tree.children[0].children[0].children] == [CV9465]
    path = network.shortest_path(net, CV9465, CT05)
    assert [step[0] for step in path] == [CV9465, CT33, CT05]
    assert len(network.components(net)) == 1
    assert network.forward_in_time(net) == []


def test_forward_in_time_and_basis_chain(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text(
        "BỘ TÀI CHÍNH\nSố: 10/2020/TT-BTC\nHà Nội, ngày 02 tháng 3 năm 2020\nTHÔNG TƯ\nVề A\n"
        "Căn cứ Nghị định số 5/2019/NĐ-CP ngày 01 tháng 01 năm 2019 của Chính phủ;\n"
        "Căn cứ Nghị định số 9/2022/NĐ-CP ngày 01 tháng 01 năm 2022 của Chính phủ;\n"
        "Bộ trưởng Bộ Tài chính ban hành Thông tư.\nĐiều 1. Nội dung.\n", encoding="utf-8")
    (content / "b.txt").write_text(
        "CHÍNH PHỦ\nSố: 5/2019/NĐ-CP\nHà Nội, ngày 01 tháng 01 năm 2019\nNGHỊ ĐỊNH\nVề B\n"
        "Căn cứ Luật số 76/2015/QH13 ngày 19 tháng 6 năm 2015 của Quốc hội;\n"
        "Chính phủ ban hành Nghị định.\nĐiều 1. Nội dung.\n", encoding="utf-8")
    extraction = extract_corpus(read_corpus([content]))
    net = network.build_network(extraction.corpus.documents, extraction.resolution)
    a, b = "state:thong-tu:2020:10/2020/TT-BTC", "state:nghi-dinh:2019:5/2019/NĐ-CP"
    chain = network.legal_basis_chain(net, a)
    assert b in [c.key for c in chain.children]
    below = next(c for c in chain.children if c.key == b)
    assert [c.key for c in below.children] == ["state:luat:2015:76/2015/QH13"]
    forward = network.forward_in_time(net)
    assert [(f.source, f.target) for f in forward] == [(a, "state:nghi-dinh:2022:9/2022/NĐ-CP")]


def test_trace_command(built: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "trace", "05-CT/TW", "--incoming", "--depth", "3",
         "--out", str(built)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Chỉ thị 05-CT/TW")
    assert any("[implements] Kết luận 01-KL/TW" in line for line in lines)
    assert any("[implements, transmits] Công văn 9465/UBND-KSTTHC" in line for line in lines)


def test_query_command_formats(built: Path) -> None:
    for fmt, needle in [("table", "9465"), ("csv", "citing,citingLabel"), ("json", '"bindings"')]:
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "query", str(ROOT / "queries" / "cited-by.rq"),
             "--format", fmt, "--out", str(built)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert needle in result.stdout
    bad = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "query", "SELECT WHERE {", "--out", str(built)],
        capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "SPARQL" in bad.stderr
