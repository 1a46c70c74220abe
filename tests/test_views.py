"""Relationship views, search keys, the views' pages and the front-end assets (graph/views.py,
graph/search.py, site_templates/assets/, site_templates/pages/{sparql,tim-kiem,luoc-do}).

No browser here: the JSON, the HTML and the files are checked as data. Tests that need the
npm packages (install_assets, Pagefind, the JS syntax check) skip without ``npm ci``.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx
import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from graph import search, urls, views
from graph.config import BASE_IRI
from graph.errors import LuocdoError
from graph.ids import DocumentId
from graph.network import build_network
from graph.pipeline import extract_corpus, read_corpus
from graph.query import PREFIXES
from graph.relations import Relation

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "site_templates" / "assets"
PAGES = ROOT / "site_templates" / "pages"
OWN_PAGES = ("sparql", "tim-kiem", "luoc-do")
NODE_MODULES = views.node_modules_dir()
HAVE_NPM = (NODE_MODULES / "vis-network").is_dir() and (NODE_MODULES / "oxigraph").is_dir()
needs_npm = pytest.mark.skipif(not HAVE_NPM, reason="front-end packages not installed: run `npm ci`")

CT33 = "state:chi-thi:2021:33/CT-TTg"
CV9465 = "state:cong-van:2021:9465/UBND-KSTTHC"
KL01 = "party:ket-luan:2021:01-KL/TW"
CT05 = "party:chi-thi:2016:05-CT/TW"
CT33_TARGETS = {
    "state:chi-thi:2016:16/CT-TTg",
    "party:nghi-quyet:2021:~dai-hoi-dai-bieu-toan-quoc-lan-thu-xiii",
    "party:quyet-dinh:2021:23-QĐ/TW",
    "party:ket-luan:2015:114-KL/TW",
    KL01,
    CT05,
    "state:nghi-quyet:2021:76/NQ-CP",
    "state:hien-phap:2013:~hien-phap-nam-2013",
    "state:luat:2016:104/2016/QH13",
    "party:quyet-dinh:2013:217-QĐ/TW",
    "party:quyet-dinh:2013:218-QĐ/TW",
}


def page_of(key: str) -> str | None:
    try:
        return urls.document_page(DocumentId.parse(key))
    except ValueError:
        return None


@pytest.fixture(scope="module")
def net() -> nx.MultiDiGraph:
    extraction = extract_corpus(read_corpus([CONTENT]))
    return build_network(extraction.corpus.documents, extraction.resolution)


@pytest.fixture(scope="module")
def ct33_views(net: nx.MultiDiGraph) -> tuple[dict[str, object], dict[str, object]]:
    return views.view_payloads(net, CT33, page_of)


# --- one document's view -------------------------------------------------------------------------


def test_ct33_view_has_the_citing_letter_and_every_target(
    ct33_views: tuple[dict, dict],
) -> None:
    first, _second = ct33_views
    ids = {n["id"] for n in first["nodes"]}
    assert CV9465 in ids
    # The seed's 12 targets of CT 33 (DOMAIN.md §5; 217 and 218 are two, the vague
    # reference is no node): 11 documents with numbers or names.
    assert ids >= CT33_TARGETS
    assert ids == CT33_TARGETS | {CT33, CV9465}
    assert first["center"] == CT33 and first["depth"] == 1
    centre = next(n for n in first["nodes"] if n["id"] == CT33)
    assert centre["center"] is True and centre["in_corpus"] is True
    assert first["hidden"] == 0 and first["note"] is None


def test_edges_are_coloured_by_relation_with_vietnamese_labels(
    ct33_views: tuple[dict, dict],
) -> None:
    first, _ = ct33_views
    relations = set()
    for edge in first["edges"]:
        relation = Relation(edge["relation"])
        relations.add(relation)
        assert edge["color"] == views.RELATION_COLOURS[relation]
        assert edge["label_vi"] == relation.label_vi
        assert "arrows" not in edge  # the view's options draw every arrow
    assert {Relation.IMPLEMENTS, Relation.TRANSMITS, Relation.CITES} <= relations
    legend = {r["id"]: r for r in first["legend"]["relations"]}
    assert legend["implements"]["label"] == "thực hiện"
    assert legend["transmits"]["inverse"] == "được gửi kèm"
    assert set(legend) == {r.value for r in relations}
    assert len(set(views.RELATION_COLOURS.values())) == len(Relation)  # one colour each


def test_stated_edge_is_dashed_and_names_the_stating_document(
    ct33_views: tuple[dict, dict],
) -> None:
    first, _ = ct33_views
    stated = [e for e in first["edges"] if e["from"] == KL01 and e["to"] == CT05]
    assert len(stated) == 1
    assert stated[0]["dashes"] is True and stated[0]["stated_by"] == CT33
    own = [e for e in first["edges"] if e["from"] == CT33]
    assert own and all(e["dashes"] is False and "stated_by" not in e for e in own)


def test_every_node_links_to_its_page(ct33_views: tuple[dict, dict]) -> None:
    for payload in ct33_views:
        for node in payload["nodes"]:
            assert node["url"] == urls.document_page(DocumentId.parse(node["id"]))
    ct33 = next(n for n in ct33_views[0]["nodes"] if n["id"] == CT33)
    assert ct33["url"] == "van-ban/state/chi-thi/2021/33-ct-ttg/"


def test_node_without_a_page_has_no_url(net: nx.MultiDiGraph) -> None:
    first, _ = views.view_payloads(net, CT33, lambda key: None if key == CV9465 else page_of(key))
    letter = next(n for n in first["nodes"] if n["id"] == CV9465)
    assert "url" not in letter


def test_depth_two_reaches_the_neighbours_of_neighbours(net: nx.MultiDiGraph) -> None:
    first, second = views.view_payloads(net, CV9465, page_of)
    assert {n["id"] for n in first["nodes"]} == {CV9465, CT33}
    ids = {n["id"] for n in second["nodes"]}
    assert ids == CT33_TARGETS | {CT33, CV9465}
    assert second["depth"] == 2 and second["hidden"] == 0 and second["hidden_exact"] is True


def test_write_views_writes_both_depths_for_every_document(
    net: nx.MultiDiGraph, tmp_path: Path
) -> None:
    views.write_views(net, tmp_path, page_of)
    for key in net.nodes:
        doc_id = DocumentId.parse(key)
        for depth in (1, 2):
            data = json.loads((tmp_path / urls.view_data(doc_id, depth)).read_text("utf-8"))
            assert data["center"] == key and data["depth"] == depth
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json"))
    assert len(written) == 2 * net.number_of_nodes()
    assert all(p.startswith(urls.VIEWS) for p in written)


def test_view_json_is_deterministic_and_compact(net: nx.MultiDiGraph, tmp_path: Path) -> None:
    views.write_views(net, tmp_path / "a", page_of)
    # A graph built in another order gives the same bytes.
    shuffled = nx.MultiDiGraph()
    nodes = list(net.nodes(data=True))
    random.Random(7).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    edges = list(net.edges(keys=True, data=True))
    random.Random(8).shuffle(edges)
    shuffled.add_edges_from(edges)
    views.write_views(shuffled, tmp_path / "b", page_of)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.json"))
    assert files
    for rel in files:
        a = (tmp_path / "a" / rel).read_bytes()
        assert a == (tmp_path / "b" / rel).read_bytes(), rel
    text = (tmp_path / "a" / urls.view_data(DocumentId.parse(CT33), 1)).read_text("utf-8")
    assert "Chỉ thị 33/CT-TTg" in text  # ensure_ascii=False
    assert '", "' not in text and '": ' not in text  # compact separators
    assert text == views.dumps(json.loads(text))


def test_edges_a_document_states_between_others_are_in_its_view() -> None:
    graph = nx.MultiDiGraph()
    x, a, b = ("state:chi-thi:2021:1/CT-TTg", "party:ket-luan:2021:2-KL/TW",
               "party:chi-thi:2016:3-CT/TW")
    for key in (x, a, b):
        graph.add_node(key, label=key, doc_type=DocumentId.parse(key).doc_type, in_corpus=key == x)
    graph.add_edge(a, b, key="implements", relation="implements", mentions=1, stated_by=x)
    first, _ = views.view_payloads(graph, x, page_of)
    assert {n["id"] for n in first["nodes"]} == {x, a, b}
    assert [(e["from"], e["to"], e["dashes"]) for e in first["edges"]] == [(a, b, True)]
    assert first["hidden"] == 0


def test_empty_network_gives_an_empty_global_view(tmp_path: Path) -> None:
    views.write_global_view(nx.MultiDiGraph(), tmp_path, page_of)
    data = json.loads((tmp_path / urls.GLOBAL_VIEW).read_text("utf-8"))
    assert data["nodes"] == [] and data["edges"] == [] and data["years"] is None
    assert data["note"] is None


# --- caps ----------------------------------------------------------------------------------------


def star(leaves: int, relation: str = "based-on") -> nx.MultiDiGraph:
    """A law cited by ``leaves`` decisions."""
    graph = nx.MultiDiGraph()
    hub = "state:luat:2015:76/2015/QH13"
    graph.add_node(hub, label="Luật 76/2015/QH13", doc_type="luat", in_corpus=False)
    for i in range(leaves):
        key = f"state:quyet-dinh:2020:{i + 1}/QĐ-UBND"
        graph.add_node(key, label=f"Quyết định {i + 1}/QĐ-UBND", doc_type="quyet-dinh",
                       in_corpus=True)
        graph.add_edge(key, hub, key=relation, relation=relation, mentions=1, stated_by=None)
    return graph


def test_cap_keeps_150_documents_and_says_how_many_are_hidden() -> None:
    graph = star(999)
    amending = "state:quyet-dinh:2020:999/QĐ-UBND"
    graph.add_edge(amending, "state:luat:2015:76/2015/QH13", key="amends", relation="amends",
                   mentions=1, stated_by=None)
    first, second = views.view_payloads(graph, "state:luat:2015:76/2015/QH13", page_of)
    assert first["shown"] == len(first["nodes"]) == views.MAX_VIEW_NODES
    assert first["hidden"] == 1000 - views.MAX_VIEW_NODES
    assert first["hidden_exact"] is True
    assert first["note"].startswith(f"Đã ẩn {1000 - views.MAX_VIEW_NODES} văn bản")
    # What changes the law is never the part left out.
    assert amending in {n["id"] for n in first["nodes"]}
    assert second["shown"] == views.MAX_VIEW_NODES


def test_cap_of_a_leaf_at_depth_two_counts_the_other_leaves() -> None:
    graph = star(1000)
    leaf = "state:quyet-dinh:2020:1/QĐ-UBND"
    first, second = views.view_payloads(graph, leaf, page_of)
    assert first["shown"] == 2 and first["hidden"] == 0
    # Depth 2 adds at most MAX_RING_NODES documents to the depth-1 view.
    assert second["shown"] == 2 + views.MAX_RING_NODES
    assert second["hidden"] == 999 - views.MAX_RING_NODES
    assert second["hidden_exact"] is True
    assert f"Đã ẩn {999 - views.MAX_RING_NODES} văn bản" in second["note"]
    ring = [n for n in second["nodes"] if n["id"] not in (leaf, "state:luat:2015:76/2015/QH13")]
    assert all("\n" not in n["title"] for n in ring)  # a short tooltip: label only


def test_edge_cap_keeps_the_centre_edges() -> None:
    graph = star(30)
    leaves = [k for k in graph.nodes if "quyet-dinh" in k]
    for a, b in itertools.pairwise(leaves):
        graph.add_edge(a, b, key="cites", relation="cites", mentions=1, stated_by=None)
    hub = "state:luat:2015:76/2015/QH13"
    first, _ = views.view_payloads(graph, hub, page_of, edge_limit=35)
    assert len(first["edges"]) == 35 and first["hidden_edges"] == 30 + 29 - 35
    assert sum(1 for e in first["edges"] if hub in (e["from"], e["to"])) == 30
    assert "quan hệ" in first["note"]


def test_large_depth_two_count_is_a_lower_bound() -> None:
    graph = star(300)
    hub = "state:luat:2015:76/2015/QH13"
    for i in range(300):  # every leaf also cites a second law, itself cited by everyone
        key = f"state:quyet-dinh:2020:{i + 1}/QĐ-UBND"
        graph.add_edge(key, "state:luat:2013:1/2013/QH13", key="based-on",
                       relation="based-on", mentions=1, stated_by=None)
    graph.add_node("state:luat:2013:1/2013/QH13", label="Luật 1/2013/QH13", doc_type="luat",
                   in_corpus=False)
    _first, second = views.view_payloads(graph, hub, page_of)
    assert second["hidden"] >= 1 and second["hidden_exact"] is False
    assert "ít nhất" in second["note"]


# --- the corpus-wide view ------------------------------------------------------------------------


def test_global_view_of_the_seed_shows_everything(net: nx.MultiDiGraph, tmp_path: Path) -> None:
    views.write_global_view(net, tmp_path, page_of)
    data = json.loads((tmp_path / urls.GLOBAL_VIEW).read_text("utf-8"))
    assert data["totals"]["nodes"] == net.number_of_nodes() == data["shown"]["nodes"]
    assert data["totals"]["edges"] == net.number_of_edges() == data["shown"]["edges"]
    assert data["hidden"]["nodes"] == 0 and data["note"] is None
    assert data["totals"]["by_type"]["chi-thi"] == 3
    assert data["years"] == [2013, 2021]
    assert all(isinstance(n["year"], int) and n["type"] and n["url"] for n in data["nodes"])
    assert {e["relation"] for e in data["edges"]} == set(data["totals"]["by_relation"])


def test_global_view_caps_and_says_what_it_left_out() -> None:
    graph = star(1200)
    data = views.global_view_payload(graph, page_of)
    assert data["shown"]["nodes"] == views.MAX_GLOBAL_NODES
    assert data["hidden"]["nodes"] == 1201 - views.MAX_GLOBAL_NODES
    assert data["totals"]["by_type"] == {"luat": 1, "quyet-dinh": 1200}
    assert "state:luat:2015:76/2015/QH13" in {n["id"] for n in data["nodes"]}  # top PageRank
    assert f"đã ẩn {1201 - views.MAX_GLOBAL_NODES:,}".replace(",", ".") in data["note"]


# --- the page blocks -----------------------------------------------------------------------------


def test_view_html_points_at_both_depths_and_escapes() -> None:
    doc_id = DocumentId.parse(CT33)
    block = views.view_html(doc_id, "../../../../../")
    assert 'data-d1="../../../../../assets/views/state/chi-thi/2021/33-ct-ttg.d1.json"' in block
    assert 'data-d2="../../../../../assets/views/state/chi-thi/2021/33-ct-ttg.d2.json"' in block
    assert 'class="luocdo-view"' in block and 'data-pagefind-ignore="all"' in block
    assert "Mở rộng 2 bậc" in block and "<noscript>" in block
    assert "\n" not in block  # one raw-HTML line for Markdown
    hostile = views.view_html(doc_id, '"><script>alert(1)</script>')
    assert "<script>" not in hostile and "&quot;&gt;&lt;script&gt;" in hostile


def test_search_keys_of_ct33() -> None:
    block = views.search_keys_html(
        number="33/CT-TTg",
        title="Về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà "
        "nước, chính quyền các cấp trong tình hình mới",
        issuer="Thủ tướng Chính phủ",
        doc_type="chi-thi",
        label="Chỉ thị 33/CT-TTg",
    )
    for key in ("chi thi", "33/ct-ttg", "ct 33", "33 ct ttg", "dan van", "33/CT-TTg",
                "thu tuong chinh phu", "danvan"):
        assert key in block, key
    assert '<span data-pagefind-meta="number[data-value]" data-value="33/CT-TTg">' in block
    assert '<span data-pagefind-filter="loai[data-value]" data-value="Chỉ thị">' in block
    assert 'data-pagefind-meta="trich_yeu[data-value]" data-value="Về tiếp tục' in block
    assert block.startswith('<div class="luocdo-search-keys" hidden')
    assert "\n" not in block
    # Its text (what Pagefind indexes) is ASCII only: the search page relies on it.
    text = html.unescape(re.sub(r"<[^>]*>", " ", block))
    assert text.isascii()


def test_search_keys_fold_d_and_escape() -> None:
    block = search.search_keys_html(
        number=None, title="<b>Đảng</b> & đoàn thể", issuer="Ủy ban nhân dân thành phố Hải Phòng",
        doc_type=None, label="Nghị quyết Đại hội",
    )
    assert "<b>" not in block and "&lt;b&gt;dang&lt;/b&gt; &amp; doan the" in block
    assert 'data-value="&lt;b&gt;Đảng&lt;/b&gt; &amp; đoàn thể"' in block
    assert "uy ban nhan dan thanh pho hai phong" in block
    assert "nghi quyet dai hoi" in block


@pytest.mark.parametrize(
    ("number", "doc_type", "expected"),
    [
        ("33/CT-TTg", "chi-thi", {"33/ct-ttg", "33 ct ttg", "ct 33", "chi thi so 33"}),
        ("30/2020/NĐ-CP", "nghi-dinh", {"30/2020/nd-cp", "30/2020/nđ-cp", "nd 30", "nd 30/2020",
                                        "30/2020", "nghi dinh 30"}),
        ("23-QĐ/TW", "quyet-dinh", {"23-qd/tw", "23 qd tw", "qd 23", "quyet dinh 23"}),
        ("9465/UBND-KSTTHC", "cong-van", {"9465/ubnd-kstthc", "cong van 9465", "cv 9465"}),
    ],
)
def test_number_spellings(number: str, doc_type: str, expected: set[str]) -> None:
    assert expected <= set(search.number_spellings(number, doc_type))


def test_syllable_pairs_match_the_search_page() -> None:
    assert search.syllable_pairs("công tác Dân Vận") == ["congtac", "tacdan", "danvan"]
    script = (ASSETS / "search.js").read_text("utf-8")
    assert "[a-z0-9]+" in script  # the same tokens as graph/search.py


# --- the views' pages ----------------------------------------------------------------------------


def render_page(name: str, **extra: object) -> str:
    """A page as the renderer renders it: autoescape, blocks trimmed, strict undefined."""
    env = Environment(
        loader=FileSystemLoader(str(PAGES)), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    context: dict[str, object] = {
        "base": "../",
        "example_queries": [
            ("cites.rq", ["Trích dẫn <b>gì</b>?", "What it cites."],
             'SELECT * WHERE {\n\n  ?s ?p "</div><script>x</script>" .\n}\n'),
            ("most-cited.rq", "Được trích dẫn nhiều nhất", "SELECT ?x WHERE { ?x ?p ?o }"),
        ],
        "prefixes": dict(PREFIXES),
    }
    context.update(extra)
    return env.get_template(f"{name}.md.j2").render(**context)


def html_block(text: str) -> str:
    start = text.index("<div class=")
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    return text[start:end]


@pytest.mark.parametrize("name", OWN_PAGES)
def test_pages_render_one_html_block_without_blank_lines(name: str) -> None:
    text = render_page(name)
    assert text.startswith("# ")
    block = html_block(text)
    assert block.rstrip().endswith("</div>")
    assert "<script" not in text  # scripts come from mkdocs extra_javascript only


def test_sparql_page_carries_examples_prefixes_and_the_dump() -> None:
    text = render_page("sparql")
    assert f'data-graph="../{urls.DATA}graph-core.ttl"' in text
    examples = re.search(r'data-examples="([^"]*)"', text)
    prefixes = re.search(r'data-prefixes="([^"]*)"', text)
    assert examples and prefixes
    parsed = json.loads(html.unescape(examples.group(1)))
    assert parsed[0][0] == "cites.rq" and parsed[0][2].startswith("SELECT * WHERE {\n\n")
    assert json.loads(html.unescape(prefixes.group(1))) == PREFIXES
    assert "<b>" not in text and "&lt;b&gt;gì&lt;/b&gt;" in text
    assert "<script>x" not in text
    assert 'data-name="cites.rq"' in text and 'data-name="most-cited.rq"' in text


def test_search_and_global_pages_use_the_site_paths() -> None:
    assert 'data-base="../"' in render_page("tim-kiem")
    for path in (urls.TYPES, urls.YEARS, urls.AGENTS):
        assert f'href="../{path}"' in render_page("tim-kiem")
    assert f'data-src="../{urls.GLOBAL_VIEW}"' in render_page("luoc-do")


def test_page_scripts_know_the_site_layout() -> None:
    luocdo = (ASSETS / "luocdo.js").read_text("utf-8")
    assert "../vendor/vis-network/vis-network.min.js" in luocdo
    assert urls.VENDOR == "assets/vendor/" and urls.SITE_ASSETS == "assets/luocdo/"
    sparql = (ASSETS / "sparql.js").read_text("utf-8")
    assert 'from "../vendor/oxigraph/web.js"' in sparql
    searching = (ASSETS / "search.js").read_text("utf-8")
    assert f'"{urls.SEARCH_INDEX}"' in searching and search.SHARDS_MANIFEST in searching
    config = views.site_config()
    assert config["doc_iri"] == BASE_IRI + "id/" and config["doc_pages"] == urls.DOCUMENTS
    assert config["graph"] == urls.DATA + "graph-core.ttl"


def test_page_scripts_never_write_html_from_data() -> None:
    for script in ASSETS.glob("*.js"):
        text = script.read_text("utf-8")
        assert "innerHTML" not in text.replace("never through innerHTML", ""), script.name
        assert "insertAdjacentHTML" not in text and "document.write" not in text


# --- offline: no CDN -----------------------------------------------------------------------------

CDN_HOSTS = ("cdnjs", "jsdelivr", "unpkg", "googleapis", "gstatic", "bootstrapcdn", "cloudflare",
             "jquery.com", "esm.sh", "skypack", "cdn.")
URL_RE = re.compile(r"https?://[^\s\"'<>)\\]+")
# A URL the browser would load: src/href attributes, imports, fetch, CSS url().
LOADING_RE = re.compile(
    r"""(?:\bsrc\s*=\s*|\bhref\s*=\s*|\bimport\s*\(\s*|\bfrom\s+|\bfetch\s*\(\s*|url\(\s*)["']?https?://""",
    re.I,
)


def offline_problems(text: str) -> list[str]:
    problems = [f"loads {m.group(0)}" for m in LOADING_RE.finditer(text)]
    for url in URL_RE.findall(text):
        host = urlparse(url).hostname or ""
        if any(cdn in host for cdn in CDN_HOSTS):
            problems.append(f"CDN {url}")
    return problems


def shipped_files(extra: Path | None = None) -> list[Path]:
    files = sorted(p for p in ASSETS.rglob("*") if p.is_file())
    files += [PAGES / f"{name}.md.j2" for name in OWN_PAGES]
    if extra is not None:
        files += sorted(p for p in extra.rglob("*") if p.is_file() and p.suffix != ".wasm")
    return files


def test_offline_scan_catches_a_cdn() -> None:
    assert offline_problems('<script src="https://cdnjs.cloudflare.com/x.js"></script>')
    assert offline_problems("import x from 'https://esm.sh/x'")
    assert offline_problems("fetch('https://example.org/data.json')")
    assert not offline_problems('PREFIX eli: <http://data.europa.eu/eli/ontology#>')


def test_templates_and_own_assets_load_nothing_from_another_host() -> None:
    for file in shipped_files():
        assert offline_problems(file.read_text("utf-8")) == [], file
    for name in OWN_PAGES:
        assert offline_problems(render_page(name)) == [], name


@needs_npm
def test_installed_assets_load_nothing_from_another_host(tmp_path: Path) -> None:
    views.install_assets(tmp_path)
    for file in shipped_files(tmp_path):
        assert offline_problems(file.read_text("utf-8", errors="replace")) == [], file


# --- assets ----------------------------------------------------------------------------------------


@needs_npm
def test_install_assets_copies_the_bundles_and_returns_their_paths(tmp_path: Path) -> None:
    assets = views.install_assets(tmp_path)
    assert assets.javascript == ("assets/luocdo/luocdo.js",)
    assert assets.css == ("assets/luocdo/luocdo.css",)
    for path in (*assets.javascript, *assets.css, *assets.files):
        assert (tmp_path / path).is_file(), path
    expected = {
        "assets/vendor/vis-network/vis-network.min.js",
        "assets/vendor/oxigraph/web.js",
        "assets/vendor/oxigraph/web_bg.wasm",
        "assets/luocdo/search.js",
        "assets/luocdo/sparql.js",
        "assets/luocdo/config.json",
    }
    assert expected <= set(assets.files)
    assert (tmp_path / "assets/vendor/oxigraph/web_bg.wasm").read_bytes()[:4] == b"\0asm"
    config = json.loads((tmp_path / "assets/luocdo/config.json").read_text("utf-8"))
    assert config["doc_iri"] == BASE_IRI + "id/" and config["prefixes"] == PREFIXES
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    for package, version in config["vendor"].items():
        assert lock["packages"][f"node_modules/{package}"]["version"] == version


def test_install_assets_without_node_modules_says_run_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(LuocdoError, match="npm ci"):
        views.install_assets(tmp_path / "docs", node_modules=tmp_path / "nothing")


def test_package_versions_are_pinned() -> None:
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["packages"][""]["dependencies"] == package["dependencies"]


@needs_npm
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_page_scripts_parse(tmp_path: Path) -> None:
    for script in sorted(ASSETS.glob("*.js")):
        # luocdo.js is a classic script; search.js and sparql.js are ES modules.
        suffix = ".cjs" if script.name == "luocdo.js" else ".mjs"
        copy = tmp_path / (script.stem + suffix)
        copy.write_text(script.read_text("utf-8"), encoding="utf-8")
        done = subprocess.run(["node", "--check", str(copy)], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr


# --- Pagefind --------------------------------------------------------------------------------------


def tiny_site(root: Path, body: bool) -> Path:
    site = root / "site"
    attr = " data-pagefind-body" if body else ""
    pages = {
        "van-ban/a/index.html": f"<main{attr}><h1>Chỉ thị 33/CT-TTg</h1><p>công tác dân vận</p>"
        + search.search_keys_html(number="33/CT-TTg", title="công tác dân vận", issuer=None,
                                  doc_type="chi-thi", label="Chỉ thị 33/CT-TTg")
        + "</main>",
        "tim-kiem/index.html": "<main><h1>Tìm kiếm</h1></main>",
    }
    for rel, body_html in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True)
        path.write_text(f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x'
                        f"</title></head><body>{body_html}</body></html>", encoding="utf-8")
    return site


@needs_npm
def test_index_search_writes_the_bundle(tmp_path: Path) -> None:
    site = tiny_site(tmp_path, body=True)
    search.index_search(site)
    bundle = site / urls.SEARCH_INDEX
    assert (bundle / "pagefind.js").is_file()
    assert json.loads((bundle / search.SHARDS_MANIFEST).read_text("utf-8")) == []
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 1


@needs_npm
def test_index_search_shards_and_lists_them(tmp_path: Path) -> None:
    site = tiny_site(tmp_path, body=True)
    search.index_search(site, shards=(search.Shard("a", "van-ban/**/*.html"),
                                      search.Shard("b", "van-ban/a/*.html")))
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind-b" / "pagefind.js").is_file()
    manifest = json.loads((site / "pagefind" / search.SHARDS_MANIFEST).read_text("utf-8"))
    assert manifest == ["pagefind-b/"]


@needs_npm
def test_index_search_reuses_a_whole_site_bundle_only_while_no_html_changes(
    tmp_path: Path,
) -> None:
    first = tiny_site(tmp_path / "first", body=True)
    assert search.index_search(first).reused == 0
    second = tiny_site(tmp_path / "second", body=True)
    assert search.index_search(second, previous=first).reused == 1
    old, new = first / urls.SEARCH_INDEX, second / urls.SEARCH_INDEX
    assert (new / "pagefind-entry.json").samefile(old / "pagefind-entry.json")  # linked
    # the list of shards is a file of this build's, never written through a link
    assert not (new / search.SHARDS_MANIFEST).samefile(old / search.SHARDS_MANIFEST)
    assert json.loads((new / search.SHARDS_MANIFEST).read_text("utf-8")) == []
    # a run over the whole site reads every HTML file: a page without a body changes it too
    third = tiny_site(tmp_path / "third", body=True)
    (third / "tim-kiem" / "index.html").write_text("<main><h1>Tìm</h1></main>", encoding="utf-8")
    assert search.index_search(third, previous=second).reused == 0
    # a previous manifest that cannot be read is no manifest
    (tmp_path / "third" / search.SEARCH_MANIFEST).write_text("{", encoding="utf-8")
    fourth = tiny_site(tmp_path / "fourth", body=True)
    (fourth / "tim-kiem" / "index.html").write_text("<main><h1>Tìm</h1></main>", encoding="utf-8")
    assert search.index_search(fourth, previous=third).reused == 0


@needs_npm
def test_index_search_refuses_a_site_without_document_bodies(tmp_path: Path) -> None:
    with pytest.raises(LuocdoError, match="data-pagefind-body"):
        search.index_search(tiny_site(tmp_path, body=False))


# --- speed -----------------------------------------------------------------------------------------


def corpus_like(documents: int, seed: int = 1) -> nx.MultiDiGraph:
    """``documents`` decisions, each citing 3–8 earlier ones, a few laws cited by most."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    relations = [r.value for r in Relation]
    laws = [f"state:luat:20{10 + i}:{i + 1}/20{10 + i}/QH13" for i in range(5)]
    for key in laws:
        graph.add_node(key, label=key, doc_type="luat", in_corpus=False)
    keys: list[str] = []
    for i in range(documents):
        key = f"state:quyet-dinh:2020:{i + 1}/QĐ-UBND"
        graph.add_node(key, label=f"Quyết định {i + 1}/QĐ-UBND", doc_type="quyet-dinh",
                       in_corpus=True, title="Về việc thực hiện", issuer="UBND")
        targets = [*rng.sample(keys, min(len(keys), rng.randint(2, 7))), rng.choice(laws)]
        for target in targets:
            relation = rng.choice(relations)
            graph.add_edge(key, target, key=relation, relation=relation,
                           mentions=rng.randint(1, 3), stated_by=None)
        keys.append(key)
    return graph


def test_thousand_views_quick_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = corpus_like(1000)
    url_of: Callable[[str], str | None] = page_of
    started = time.perf_counter()
    views.write_views(graph, tmp_path, url_of)
    elapsed = time.perf_counter() - started
    files = list(tmp_path.rglob("*.json"))
    assert len(files) == 2 * graph.number_of_nodes()
    with capsys.disabled():
        size = sum(f.stat().st_size for f in files) / len(files)
        print(f"\n{graph.number_of_nodes()} documents: {len(files)} view files in "
              f"{elapsed:.2f} s, {size / 1024:.1f} KB each on average")


def _doc_site(root: Path, texts: dict[str, str]) -> Path:
    """A site of document pages (site path → text), each with a data-pagefind-body."""
    site = root / "site"
    for page, text in texts.items():
        (site / page).mkdir(parents=True)
        (site / page / "index.html").write_text(
            f"<html><body><main data-pagefind-body><h1>Văn bản {page}</h1>"
            f"<p>{text}</p></main></body></html>",
            encoding="utf-8",
        )
    return site


@needs_npm
def test_search_shards_by_page_lists_find_every_page(tmp_path: Path) -> None:
    """Pages cut into shards of a bounded size (bounded Pagefind memory) are all found: each
    shard's bundle is listed for the search page to merge."""
    pages = [f"van-ban/a/{i}/" for i in range(5)]
    site = _doc_site(tmp_path, {p: f"nội dung thứ {p}" for p in pages})
    shards = search.page_shards(pages, size=2)
    assert sorted(p for s in shards for p in s.pages) == sorted(pages)
    assert 1 < len(shards) <= 3
    assert search.page_shards(pages, size=5) == []
    result = search.index_search(site, shards=shards)
    listed = json.loads((site / "pagefind" / search.SHARDS_MANIFEST).read_text(encoding="utf-8"))
    assert listed == [f"pagefind-{s.name}/" for s in shards[1:]]
    assert [b.path for b in result.bundles] == ["pagefind/", *listed]
    for bundle in ("pagefind", *(name.rstrip("/") for name in listed)):
        assert (site / bundle / "pagefind-entry.json").is_file()
    assert not list(tmp_path.glob(".pagefind-*"))  # the shards' page trees are gone
    recorded = json.loads((tmp_path / search.SEARCH_MANIFEST).read_text(encoding="utf-8"))
    assert sorted(recorded["bundles"]) == sorted(["pagefind/", *listed])
    assert sum(b["pages"] for b in recorded["bundles"].values()) == len(pages)


def _shard_names(shards: list[search.Shard]) -> dict[str, str]:
    return {page: shard.name for shard in shards for page in shard.pages}


@pytest.mark.parametrize(
    ("before", "after", "size"),
    [
        (range(12), range(14), 5),  # added at the end of the sorted order
        (range(2, 14), range(14), 5),  # added at its start
        (range(14), [*range(3), *range(5, 14)], 5),  # removed in the middle
        (range(6000), [*range(3000), *range(3001, 9000)], 5000),  # 2 shards
        (range(10_001), range(500, 14_000), 5000),  # 3 shards
    ],
)
def test_shard_assignment_is_stable(before: range | list[int], after: range | list[int],
                                    size: int) -> None:
    """A page keeps its shard when other pages are added or removed (while the count of
    shards holds): a shard whose pages were neither added nor removed is unchanged."""
    def pages(numbers: range | list[int]) -> list[str]:
        return [f"van-ban/quyet-dinh/{n:05d}-qd-ubnd/" for n in numbers]

    old, new = search.page_shards(pages(before), size), search.page_shards(pages(after), size)
    assert len(old) == len(new) == -(-len(after) // size)
    old_of, new_of = _shard_names(old), _shard_names(new)
    assert sorted(new_of) == sorted(pages(after))  # each page in exactly one shard
    assert sum(len(s.pages) for s in new) == len(new_of)
    kept = set(old_of) & set(new_of)
    assert kept and all(old_of[p] == new_of[p] for p in kept)
    touched = {old_of[p] for p in set(old_of) - kept} | {new_of[p] for p in set(new_of) - kept}
    untouched = {s.name: s.pages for s in new if s.name not in touched}
    assert untouched == {s.name: s.pages for s in old if s.name not in touched}
    assert len(untouched) < len(new)
    # the order the pages come in does not matter
    assert search.page_shards(pages(after)[::-1], size) == new
    if size >= 1000:  # balanced: N / count pages each, give or take a few percent
        mean = len(new_of) / len(new)
        assert all(abs(len(s.pages) - mean) < 0.05 * mean for s in new)


def test_a_small_site_has_one_bundle() -> None:
    pages = [f"van-ban/a/{i}/" for i in range(search.SHARD_PAGES)]
    assert search.page_shards(pages) == []
    assert len(search.page_shards([*pages, "van-ban/b/"])) == 2


def _bundles(root: Path) -> dict[str, bytes]:
    """The search bundles of a site and the manifest beside it."""
    files = {search.SEARCH_MANIFEST: (root / search.SEARCH_MANIFEST).read_bytes()}
    for path in sorted((root / "site").glob("pagefind*/**/*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _edit(texts: dict[str, str], page: str) -> None:
    texts[page] += " Văn bản này thực hiện Nghị định số 12/2019/NĐ-CP."


def _add(texts: dict[str, str], page: str) -> None:
    texts["van-ban/b/moi/"] = "một văn bản mới"


def _remove(texts: dict[str, str], page: str) -> None:
    del texts[page]


@needs_npm
@pytest.mark.parametrize("change", [_edit, _add, _remove], ids=["edit", "add", "remove"])
def test_index_search_reindexes_only_the_changed_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, str], str], None]
) -> None:
    """A second build reuses the bundles whose pages are unchanged: one Pagefind run, for
    the shard of the page edited, added or removed, and the same bundles as a clean run."""
    original = [f"van-ban/a/{i}/" for i in range(8)]
    texts = {page: f"nội dung số {i}" for i, page in enumerate(original)}
    size = 3
    first = _doc_site(tmp_path / "first", texts)
    search.index_search(first, shards=search.page_shards(original, size))
    before = _bundles(tmp_path / "first")

    target = original[2]
    change(texts, target)
    shards = search.page_shards(list(texts), size)
    old_names = _shard_names(search.page_shards(original, size))
    new_names = _shard_names(shards)
    assert len(shards) == len(set(old_names.values())) == 3  # the count of shards holds
    changed = {target} if change is _edit else set(texts) ^ set(original)
    expected = {new_names.get(p) or old_names[p] for p in changed}
    bundle = {s.name: f"pagefind-{s.name}/" if i else "pagefind/" for i, s in enumerate(shards)}

    runs: list[str] = []
    real = search._run_pagefind

    def counting(command: list[str], cwd: Path) -> str:
        runs.append(command[command.index("--output-path") + 1])
        return real(command, cwd)

    monkeypatch.setattr(search, "_run_pagefind", counting)
    second = _doc_site(tmp_path / "second", texts)
    result = search.index_search(second, shards=shards, previous=first)
    assert [Path(r).name for r in runs] == [b.path.rstrip("/") for b in result.bundles
                                            if not b.reused]
    assert len(runs) == 1 and result.reused == len(shards) - 1
    assert {b.path for b in result.bundles if not b.reused} == {bundle[n] for n in expected}

    monkeypatch.setattr(search, "_run_pagefind", real)
    clean = _doc_site(tmp_path / "clean", texts)
    search.index_search(clean, shards=shards)
    assert _bundles(tmp_path / "second") == _bundles(tmp_path / "clean")
    assert _bundles(tmp_path / "first") == before  # the previous build is left as it was

    # nothing changed: nothing indexed
    runs.clear()
    monkeypatch.setattr(search, "_run_pagefind", counting)
    third = _doc_site(tmp_path / "third", texts)
    assert search.index_search(third, shards=shards, previous=second).reused == len(shards)
    assert runs == []
    assert _bundles(tmp_path / "third") == _bundles(tmp_path / "clean")


# --- reusing view digests across builds -----------------------------------------------------------

_RELATIONS = ("cites", "based_on", "implements", "amends", "repeals")


def _random_net(rng: random.Random, size: int) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    keys = [f"state:thong-tu:2020:{n}/2020/TT-BTC" for n in range(1, size + 1)]
    for key in keys:
        net.add_node(key, label=key, in_corpus=rng.random() < 0.8, doc_type="thong-tu")
    for _ in range(size * 2):
        _random_edge(rng, net, keys)
    return net


def _random_edge(rng: random.Random, net: nx.MultiDiGraph, keys: list[str]) -> None:
    # a few hubs, as in real corpora: most edges point at the first keys
    source = rng.choice(keys)
    target = keys[min(int(rng.paretovariate(1.2)) - 1, len(keys) - 1)]
    if source == target:
        return
    relation = rng.choice(_RELATIONS)
    stated_by = rng.choice(keys) if rng.random() < 0.1 else None
    net.add_edge(source, target, key=relation, relation=relation,
                 mentions=rng.randint(1, 3), stated_by=stated_by)


def _edit_net(rng: random.Random, net: nx.MultiDiGraph) -> None:
    """One change a rebuild may meet: an edge added or removed, a stated edge, a node's facts."""
    keys = sorted(net.nodes)
    kind = rng.randrange(4)
    if kind == 0:
        _random_edge(rng, net, keys)
    elif kind == 1 and net.number_of_edges():
        u, v, k = sorted(net.edges(keys=True))[rng.randrange(net.number_of_edges())]
        net.remove_edge(u, v, k)
    elif kind == 2 and net.number_of_edges():
        u, v, k = sorted(net.edges(keys=True))[rng.randrange(net.number_of_edges())]
        net.edges[u, v, k]["stated_by"] = rng.choice([None, *keys])
    else:
        key = rng.choice(keys)
        net.nodes[key]["label"] = f"{key} ({rng.randrange(100)})"


@pytest.mark.parametrize("seed", range(12))
def test_view_digests_kept_by_a_rebuild_are_the_ones_it_would_compute(seed: int) -> None:
    """A rebuild keeps a view's digest unless a node within two links changed
    (ViewWriter.affected); for any edit, what it keeps equals what it would compute."""
    rng = random.Random(seed)
    before = _random_net(rng, 60)
    old_writer = views.ViewWriter(before, Path("."), page_of, limit=8)
    old = {k: (old_writer.facts(k), old_writer.digest(k)) for k in sorted(before.nodes)}
    after = before.copy()
    for _ in range(rng.randint(1, 3)):
        _edit_net(rng, after)
    writer = views.ViewWriter(after, Path("."), page_of, limit=8)
    changed = [k for k in sorted(after.nodes) if writer.facts(k) != old[k][0]]
    redo = writer.affected(changed)
    kept = [k for k in sorted(after.nodes) if k not in redo]
    fresh = views.ViewWriter(after, Path("."), page_of, limit=8)
    assert [old[k][1] for k in kept] == [fresh.digest(k) for k in kept]
    assert len(kept) < len(after.nodes) or not changed


@pytest.mark.parametrize(
    ("sets", "minus"),
    [
        ([], []),
        ([{"a", "b"}], []),
        ([{"a", "b"}, {"b", "c"}], ["a"]),
        ([{"a"}, {"a", "b", "c", "d"}, {"d", "e"}], ["e", "x"]),
        ([{"a", "b"}, {"a", "b"}], ["a", "a", "b"]),
    ],
)
def test_union_size_counts_the_union_without_the_excluded(
    sets: list[set[str]], minus: list[str]
) -> None:
    frozen = [frozenset(s) for s in sets]
    expected = len(set().union(*sets) - set(minus))
    assert views._union_size(frozen, minus) == expected
