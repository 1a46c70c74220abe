"""The static site in a real browser (Debian's Chromium under Playwright): what a reader does
on the home, search, document, relationship-view and SPARQL pages of the seed corpus; then a
hostile document whose fields carry script payloads, which must show as text and never run.

Each site is served by a local server on 127.0.0.1; a test fails when a page asks any other
host for anything, logs a console error, throws, or opens a dialog. Screenshots of the main
pages go to build/screenshots/ for people to look at (nothing compares them).

Needs /usr/bin/chromium, the playwright package (never `playwright install`: the browser is
Debian's) and the front-end packages (`npm ci`); the module skips without them.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser_util import CHROMIUM, Server, Watch, launch, serve

from graph import search, urls
from graph.ids import DocumentId
from graph.pipeline import build

try:
    from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
except ImportError:  # the module skips below
    sync_playwright = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCREENSHOTS = ROOT / "build" / "screenshots"

CT33 = DocumentId.parse("state:chi-thi:2021:33/CT-TTg")
CV9465 = DocumentId.parse("state:cong-van:2021:9465/UBND-KSTTHC")
CT33_PAGE = urls.document_page(CT33)  # van-ban/state/chi-thi/2021/33-ct-ttg/
CV9465_PAGE = urls.document_page(CV9465)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 20_000


def _missing() -> str | None:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)"
    modules = search.node_modules_dir()
    needed = ("vis-network", "oxigraph", "pagefind")
    if not all((modules / name / "package.json").is_file() for name in needed):
        return f"front-end packages missing in {modules}: run `npm ci`"
    if shutil.which("node") is None:
        return "node is not on PATH: Pagefind indexes the site through Node.js"
    return None


if (_reason := _missing()) is not None:
    pytest.skip(_reason, allow_module_level=True)


# --- fixtures: one browser, one build and one server per site ----------------------------------


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    out = tmp_path_factory.mktemp("browser-seed")
    build(CONTENT, out, validate=False)
    with serve(out / "site") as server:
        yield server


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seed site with its search index cut into shards (a few pages each)."""
    out = tmp_path_factory.mktemp("browser-sharded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 4)
        build(CONTENT, out, validate=False)
    listed = out / "site" / urls.SEARCH_INDEX / search.SHARDS_MANIFEST
    assert len(json.loads(listed.read_text(encoding="utf-8"))) >= 2
    with serve(out / "site") as server:
        yield server


@dataclass
class Tab:
    """A page in a fresh browser context, watched; paths are relative to the site root."""

    page: Page
    watch: Watch
    server: Server

    def open(self, path: str = "") -> None:
        self.page.goto(self.server.url(path))

    def url(self, path: str) -> str:
        return self.server.url(path)

    def shot(self, name: str, *, full_page: bool = False) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def _tab(browser: Browser, server: Server, viewport: dict[str, int]) -> Iterator[Tab]:
    context = browser.new_context(viewport=viewport, locale="vi-VN")  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch(server.origin)
    watch.attach(page)
    try:
        yield Tab(page, watch, server)
    finally:
        context.close()
    problems = watch.problems()
    if problems:
        pytest.fail("the page misbehaved:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def tab(browser: Browser, seed: Server) -> Iterator[Tab]:
    yield from _tab(browser, seed, DESKTOP)


@pytest.fixture
def phone(browser: Browser, seed: Server) -> Iterator[Tab]:
    yield from _tab(browser, seed, PHONE)


# --- the relationship views, through vis-network's API ------------------------------------------

VIEW = ".luocdo-view"
GLOBAL = ".luocdo-global"

_SETTLED = """async (selector) => {
  const net = document.querySelector(selector).luocdoNetwork;
  let before = JSON.stringify(net.getPositions());
  for (let i = 0; i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = JSON.stringify(net.getPositions());
    if (now === before) return true;
    before = now;
  }
  return false;
}"""

# A node to click: not the centre, with a page, drawn inside the canvas, and the node that a
# click at its centre selects (no other node or label on top of it). The preferred one first.
_CLICKABLE = """([selector, preferred]) => {
  const root = document.querySelector(selector);
  const net = root.luocdoNetwork;
  const canvas = root.querySelector("canvas");
  canvas.scrollIntoView({ block: "center" });
  const box = canvas.getBoundingClientRect();
  const nodes = net.body.data.nodes;
  const ids = nodes.getIds();
  for (const id of [preferred, ...ids.filter((i) => i !== preferred)]) {
    const node = nodes.get(id);
    if (!node || node.center || !node.url) continue;
    const at = net.canvasToDOM(net.getPositions([id])[id]);
    if (at.x < 8 || at.y < 8 || at.x > box.width - 8 || at.y > box.height - 8) continue;
    if (net.getNodeAt(at) !== id) continue;
    return { id, url: node.url, x: box.left + at.x, y: box.top + at.y };
  }
  return null;
}"""


def _wait_network(page: Page, selector: str) -> int:
    """Wait for the view's network to be drawn and settled; the number of nodes shown."""
    page.wait_for_function(
        "(s) => { const r = document.querySelector(s); return r && r.luocdoNetwork"
        " && r.querySelector('canvas'); }",
        arg=selector,
    )
    assert page.evaluate(_SETTLED, selector), "the layout never settled"
    return _node_count(page, selector)


def _node_count(page: Page, selector: str) -> int:
    count: int = page.evaluate(
        "(s) => document.querySelector(s).luocdoNetwork.body.data.nodes.length", selector
    )
    return count


def _counts(text: str) -> tuple[int, int]:
    """(documents, relations) from a view's status line ("13 văn bản, 15 quan hệ")."""
    found = re.search(r"([\d.]+) văn bản\D+([\d.]+) quan hệ", text)
    assert found, text
    return int(found.group(1).replace(".", "")), int(found.group(2).replace(".", ""))


def _status(page: Page, selector: str) -> tuple[int, int]:
    return _counts(page.locator(selector).inner_text())


def _label_count(label: Any) -> int:
    """The count a filter's label shows: "theo (5)" → 5."""
    found = re.search(r"\((\d+)\)", label.inner_text())
    assert found, label.inner_text()
    return int(found.group(1))


def _click_node(tab: Tab, selector: str, preferred: str) -> str:
    """Click a node of the view (``preferred`` if it can be clicked); its page's path."""
    target: dict[str, Any] | None = tab.page.evaluate(_CLICKABLE, [selector, preferred])
    assert target is not None, "no node of the view can be clicked"
    tab.page.mouse.click(target["x"], target["y"])
    tab.page.wait_for_url(tab.url(target["url"]))
    return str(target["url"])


# --- 1. the home page -----------------------------------------------------------------------------


def test_home_shows_counts_and_links(tab: Tab) -> None:
    tab.open()
    page = tab.page
    expect(page.locator("h1")).to_have_text("Lược đồ văn bản")
    intro = page.locator("article p").first.inner_text()
    assert re.search(r"Kho gồm 2 văn bản \(đọc từ 2 tệp\)", intro), intro
    assert re.search(r"thêm \d+ văn bản ngoài kho qua \d+ quan hệ", intro), intro
    # the review table links to its reports, with a count each
    review = page.locator("#can-xem-lai + table, #can-xem-lai ~ div table").first
    expect(review).to_contain_text("Mâu thuẫn giữa các nguồn")
    assert review.locator("a", has_text="Xem báo cáo").count() == 5
    # the navigation (nine entries) and the newest documents
    nav = page.locator("nav.md-nav--primary > ul > li > a")
    assert nav.count() == 9, nav.all_inner_texts()
    newest = page.locator("#moi-nhat ~ ul").first
    expect(newest.get_by_role("link", name="Công văn 9465/UBND-KSTTHC")).to_be_visible()
    tab.shot("home", full_page=True)
    newest.get_by_role("link", name="Chỉ thị 33/CT-TTg").click()
    page.wait_for_url(tab.url(CT33_PAGE))
    expect(page.locator("h1")).to_have_text("Chỉ thị 33/CT-TTg")


# --- 2. search -------------------------------------------------------------------------------------


def _results(tab: Tab) -> list[str]:
    page = tab.page
    expect(page.locator(".luocdo-search__status")).to_have_text(re.compile(r"văn bản \(\d+ ms\)"))
    titles = page.locator(".luocdo-search__hit .luocdo-search__title")
    expect(titles.first).to_be_visible()
    return titles.all_inner_texts()


@pytest.mark.parametrize("query", ["dan van", "33/ct-ttg", "DÂN VẬN", "ct 33"])
def test_search_finds_ct33_and_opens_it(tab: Tab, query: str) -> None:
    tab.open(urls.SEARCH)
    box = tab.page.get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    found = _results(tab)
    assert "Chỉ thị 33/CT-TTg" in found, found
    if "33" in query:
        assert found[0] == "Chỉ thị 33/CT-TTg", found
    assert "q=" in tab.page.url  # the address keeps the query
    # excerpts show the document's words, never its hidden ASCII search keys
    excerpts = tab.page.locator(".luocdo-search__excerpt").all_inner_texts()
    assert not [e for e in excerpts if re.search(r"\b(cong van|chi thi) \d", e)], excerpts
    if query == "dan van":
        tab.shot("search", full_page=True)
    tab.page.locator(".luocdo-search__title", has_text="Chỉ thị 33/CT-TTg").click()
    tab.page.wait_for_url(re.compile(re.escape(CT33_PAGE) + "$"))


def test_search_from_the_home_page(tab: Tab) -> None:
    tab.open()
    box = tab.page.locator(".luocdo-searchbox input[type=search]")
    box.fill("DÂN VẬN")
    box.press("Enter")
    tab.page.wait_for_url(re.compile(re.escape(tab.url(urls.SEARCH)) + r"\?q="))
    expect(tab.page.get_by_role("searchbox")).to_have_value("DÂN VẬN")
    assert "Chỉ thị 33/CT-TTg" in _results(tab)


def test_search_from_the_address_and_the_type_filter(tab: Tab) -> None:
    tab.open(urls.SEARCH + "?q=dan%20van")
    assert "Chỉ thị 33/CT-TTg" in _results(tab)
    expect(tab.page.get_by_role("searchbox")).to_have_value("dan van")
    types = tab.page.locator(".luocdo-search__type")
    expect(types.locator("option", has_text="Công văn")).to_have_count(1)
    types.select_option("Công văn")
    expect(tab.page.locator(".luocdo-search__hit")).to_have_count(1)
    assert _results(tab) == ["Công văn 9465/UBND-KSTTHC"]


def test_search_finding_nothing_says_so(tab: Tab) -> None:
    tab.open(urls.SEARCH + "?q=xyzzyqwv")
    expect(tab.page.locator(".luocdo-search__status")).to_have_text(
        re.compile(r"Không tìm thấy văn bản nào")
    )
    expect(tab.page.locator(".luocdo-search__hit")).to_have_count(0)


@pytest.mark.parametrize(
    "query", ["dan van", "nghị", "33/ct-ttg", "quyết định", "giam sat", "trach nhiem", "minh bach"]
)
def test_search_merges_every_shard(
    browser: Browser, seed: Server, sharded: Server, query: str
) -> None:
    """The search page of a sharded index finds what the one bundle finds: every shard is
    merged, with the main bundle's options (exact diacritics), and a query found only with
    diacritics folded ("giam sat": "giám sát" is in the texts, not in the folded search keys)
    is run again over every shard too. Not for every query of several
    words: when no page of a shard has them all, Pagefind loosens that shard's search to
    some of them ("nghị định" then finds pages with "định" alone), as one index does only
    when no page of the site has them all."""
    answers = []
    for server in (seed, sharded):
        for tab in _tab(browser, server, DESKTOP):
            tab.open(urls.SEARCH + "?q=" + quote(query))
            found = _results(tab)
            status = tab.page.locator(".luocdo-search__status").inner_text()
            count = re.match(r"([\d.]+) văn bản", status)
            assert count, status
            answers.append((int(count.group(1).replace(".", "")), sorted(found)))
    (one, one_found), (merged, merged_found) = answers
    assert merged == one > 0
    if one <= len(one_found):  # every result on the first page: the same documents
        assert merged_found == one_found


# --- 3. Chỉ thị 33/CT-TTg -------------------------------------------------------------------------


def test_ct33_lists_cv9465_as_implementing_it_with_the_sentence(tab: Tab) -> None:
    tab.open(CT33_PAGE)
    group = tab.page.locator("#den-implements + ul.lc-edges")
    expect(tab.page.locator("#den-implements")).to_have_text("Được thực hiện (1)")
    link = group.get_by_role("link", name="Công văn 9465/UBND-KSTTHC")
    expect(link).to_be_visible()
    sentence = group.locator("q").first
    expect(sentence).to_contain_text("V/v thực hiện Chỉ thị số 33/CT-TTg")
    expect(sentence.locator("mark")).to_have_text("Chỉ thị số 33/CT-TTg")
    # resolver notes are in Vietnamese, not the resolver's English
    notes = " ".join(tab.page.locator(".lc-stated").all_inner_texts())
    assert not re.search(r"\b(the|matched|entry|entries|known)\b", notes), notes
    link.click()
    tab.page.wait_for_url(tab.url(CV9465_PAGE))


def test_ct33_shows_the_date_conflict_with_both_sources(tab: Tab) -> None:
    tab.open(CT33_PAGE)
    page = tab.page
    expect(page.locator(".lc-badge--warn")).to_have_text("1 mâu thuẫn giữa các nguồn")
    box = page.locator(".lc-conflict")
    expect(box).to_be_visible()
    expect(box.locator(".lc-conflict-title")).to_contain_text("Mâu thuẫn về ngày ban hành")
    own, other = box.locator(".lc-conflict-col").all()
    expect(own.locator(".lc-conflict-value")).to_have_text("16/11/2021")
    expect(own).to_contain_text("văn bản này (tự ghi, dòng 10)")
    expect(other.locator(".lc-conflict-value")).to_have_text("26/11/2021")
    for line in (18, 23, 27):
        expect(other).to_contain_text(f"Công văn 9465/UBND-KSTTHC, dòng {line}")
    # side by side on a desktop screen
    a, b = own.bounding_box(), other.bounding_box()
    assert a and b and a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 2


def test_ct33_relationship_view(tab: Tab) -> None:
    tab.open(CT33_PAGE)
    page = tab.page
    nodes = _wait_network(page, VIEW)
    assert nodes >= 10, nodes
    status = f"{VIEW} .luocdo-view__status"
    assert _status(page, status)[0] == nodes
    # the legend (types, "ngoài kho") and the relation filter
    legend = page.locator(f"{VIEW} .luocdo-view__types")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Chỉ thị")
    expect(legend).to_contain_text("ngoài kho")
    relations = page.locator(f"{VIEW} .luocdo-view__relations")
    expect(relations).to_be_visible()
    expect(relations.locator("legend")).to_have_text("Quan hệ")
    assert relations.locator("input[type=checkbox]").count() >= 3
    tab.shot("ct33", full_page=True)
    # switching a relation off hides its edges (and documents left without one), and back
    _, edges = _status(page, status)
    theo = relations.locator("label", has_text="theo").locator("input")
    theo.uncheck()
    fewer = _status(page, status)
    assert fewer[1] < edges and fewer[0] < nodes, fewer
    theo.check()
    assert _status(page, status) == (nodes, edges)
    # two steps out: more documents or the same, never an error
    page.locator(f"{VIEW} .luocdo-view__depth").check()
    expect(page.locator(status)).to_contain_text("(2 bậc)")
    deeper = _wait_network(page, VIEW)
    assert deeper >= nodes
    page.locator(f"{VIEW} .luocdo-view__depth").uncheck()
    expect(page.locator(status)).not_to_contain_text("(2 bậc)")
    assert _wait_network(page, VIEW) == nodes
    # a click on a document opens its page
    opened = _click_node(tab, VIEW, str(CV9465))
    assert opened.startswith(urls.DOCUMENTS) and opened != CT33_PAGE
    expect(page.locator("h1")).not_to_have_text("Chỉ thị 33/CT-TTg")


def test_cv9465_page(tab: Tab) -> None:
    tab.open(CV9465_PAGE)
    page = tab.page
    expect(page.locator("h1")).to_have_text("Công văn 9465/UBND-KSTTHC")
    outgoing = page.locator("#di-implements + ul.lc-edges")
    expect(outgoing.get_by_role("link", name="Chỉ thị 33/CT-TTg", exact=True)).to_be_visible()
    expect(outgoing.locator(".lc-note")).to_contain_text("văn bản này ghi 26/11/2021")
    # the citation in the text links to the cited document
    cited = page.locator(".lc-text a", has_text="Chỉ thị số 33/CT-TTg").first
    expect(cited).to_have_attribute("href", re.compile(re.escape(CT33_PAGE) + "$"))
    assert _wait_network(page, VIEW) == 2
    tab.shot("cv9465", full_page=True)


def test_ct33_on_a_phone(phone: Tab) -> None:
    phone.open(CT33_PAGE)
    page = phone.page
    _wait_network(page, VIEW)
    # nothing wider than the screen: no sideways scrolling
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    # the property table keeps its values readable (not squeezed into a narrow column)
    value = page.locator("table.lc-props tbody tr", has_text="Trích yếu").locator("td").first
    box = value.bounding_box()
    assert box and box["width"] >= PHONE["width"] * 0.6, box
    phone.shot("ct33-phone", full_page=True)


# --- 4. SPARQL --------------------------------------------------------------------------------------


def _sparql_rows(tab: Tab) -> list[str]:
    rows = tab.page.locator(".luocdo-sparql__results table tbody tr")
    expect(rows.first).to_be_visible()
    return rows.all_inner_texts()


def test_sparql_example_from_the_address(tab: Tab) -> None:
    tab.open(urls.SPARQL + "?q=cited-by.rq")
    page = tab.page
    rows = _sparql_rows(tab)
    assert any("Công văn 9465/UBND-KSTTHC" in row for row in rows), rows
    expect(page.locator(".luocdo-sparql__status")).to_contain_text("Sẵn sàng")
    expect(page.locator(".luocdo-sparql__time")).to_contain_text("dòng")
    expect(page.locator(".luocdo-sparql__error")).to_be_hidden()
    tab.shot("sparql", full_page=True)
    link = page.locator(".luocdo-sparql__results a", has_text="9465-ubnd-kstthc").first
    link.click()
    page.wait_for_url(tab.url(CV9465_PAGE))


def test_sparql_example_button_and_an_invalid_query(tab: Tab) -> None:
    tab.open(urls.SPARQL)
    page = tab.page
    expect(page.locator(".luocdo-sparql__status")).to_contain_text("Sẵn sàng")
    page.locator(".luocdo-sparql__examples button[data-name='cited-by.rq']").click()
    assert any("Công văn 9465/UBND-KSTTHC" in row for row in _sparql_rows(tab))
    assert page.url.endswith("?q=cited-by.rq")
    page.locator(".luocdo-sparql__query").fill("SELECT ?x WHERE { ?x vnl:title ")
    page.get_by_role("button", name="Chạy truy vấn").click()
    error = page.locator(".luocdo-sparql__error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Lỗi truy vấn")
    expect(page.locator(".luocdo-sparql__results table")).to_have_count(0)
    # and it recovers: Ctrl+Enter runs the next query
    query = page.locator(".luocdo-sparql__query")
    query.fill(
        'SELECT ?n WHERE { ?d vnl:canonicalId "state:chi-thi:2021:33/CT-TTg" ; eli:number ?n }'
    )
    query.press("Control+Enter")
    assert _sparql_rows(tab) == ["33/CT-TTg"]
    expect(error).to_be_hidden()


# --- 5. the corpus-wide view -----------------------------------------------------------------------


def test_global_view_draws_and_filters(tab: Tab) -> None:
    tab.open(urls.GRAPH)
    page = tab.page
    nodes = _wait_network(page, GLOBAL)
    assert nodes >= 10, nodes
    status = f"{GLOBAL} .luocdo-global__status"
    assert _status(page, status)[0] == nodes
    _, edges = _status(page, status)
    tab.shot("global", full_page=True)
    relations = page.locator(f"{GLOBAL} .luocdo-global__relations")
    # a relation off: fewer relations, the same documents
    theo = relations.locator("label", has_text="theo")
    theo.locator("input").uncheck()
    assert _status(page, status) == (nodes, edges - _label_count(theo))
    theo.locator("input").check()
    assert _status(page, status) == (nodes, edges)
    # a type off: its documents and their relations go
    decisions = page.locator(f"{GLOBAL} .luocdo-global__types label", has_text="Quyết định")
    decisions.locator("input").uncheck()
    shown, linked = _status(page, status)
    assert shown == nodes - _label_count(decisions) and linked < edges
    decisions.locator("input").check()
    # years: from 2021 on, then back
    start = page.locator(f"{GLOBAL} .luocdo-global__from")
    first_year = start.input_value()
    assert first_year == "2013"
    start.fill("2021")
    start.press("Tab")
    assert 0 < _status(page, status)[0] < nodes
    start.fill(first_year)
    start.press("Tab")
    assert _status(page, status) == (nodes, edges)
    assert _wait_network(page, GLOBAL) == nodes  # and the layout at rest again
    opened = _click_node(tab, GLOBAL, str(CT33))
    assert opened.startswith(urls.DOCUMENTS)


# --- 6. nothing leaves the machine ------------------------------------------------------------------


def test_pages_fetch_only_from_the_local_server(tab: Tab) -> None:
    """Every page of the site's navigation, plus a document and a stub; the watch fails the
    test on any request to another host and on any console error (every test has it)."""
    for path in (
        "",
        urls.DOCUMENTS,
        urls.TIMELINE,
        urls.REPORTS,
        urls.REPORT_CONFLICTS,
        urls.DOWNLOADS,
        urls.RESEARCH,
        urls.document_page(DocumentId.parse("party:chi-thi:2016:05-CT/TW")),
        "404.html",
    ):
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    assert len(tab.watch.requests) > 20
    assert not tab.watch.foreign


# --- 8. a hostile document ---------------------------------------------------------------------------

PWN = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload=window.__pwned=3>',
    "[x](javascript:window.__pwned=4)",
)
ALL = " ".join(PWN)


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


RECIPIENTS = "\n".join(f"  - {_yaml(p)}" for p in PWN)
HOSTILE = f"""---
title: {_yaml(ALL)}
signer: {_yaml(PWN[1] + " " + PWN[2])}
issuer: {_yaml("Ủy ban " + PWN[0])}
recipients:
{RECIPIENTS}
source:
  file: {_yaml(PWN[2] + " " + PWN[3])}
  url: 'javascript:window.__pwned=5'
---
ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 77/UBND-VP

Thử Nghiệm, ngày 10 tháng 12 năm 2021

V/v thử {ALL}

Kính gửi: {PWN[2]}

Thực hiện Chỉ thị số 33/CT-TTg ngày 16/11/2021 của Thủ tướng Chính phủ {ALL}.

Nơi nhận:
- {PWN[0]};
- {PWN[3]};
- Lưu: VT.

CHỦ TỊCH

{PWN[1]} {PWN[2]}
"""
HOSTILE_ID = DocumentId.parse("state:cong-van:2021:77/UBND-VP")

# What a payload that ran or became markup would leave in the page.
_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) || "";
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}=${value}`);
      if (/^\\s*javascript:/i.test(value)) found.push(`${el.tagName} ${name}=${value}`);
    }
  }
  for (const el of document.querySelectorAll("script")) {
    if (el.type !== "application/ld+json" && el.textContent.includes("__pwned")) {
      found.push("script: " + el.textContent.slice(0, 80));
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], svg')) {
    if (el.outerHTML.includes("__pwned") || el.getAttribute("src") === "x") {
      found.push(el.outerHTML.slice(0, 80));
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    content = tmp_path_factory.mktemp("browser-hostile-content")
    for file in CONTENT.iterdir():
        shutil.copy(file, content / file.name)
    (content / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path_factory.mktemp("browser-hostile")
    build(content, out, validate=False)
    with serve(out / "site") as server:
        yield server


@pytest.fixture
def hostile_tab(browser: Browser, hostile: Server) -> Iterator[Tab]:
    yield from _tab(browser, hostile, DESKTOP)


def _harmless(tab: Tab, where: str) -> None:
    page = tab.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)  # onload/onerror handlers of injected elements would have run
    assert page.evaluate("typeof window.__pwned") == "undefined", where
    assert page.evaluate(_INJECTED) == [], where
    assert not tab.watch.dialogs, where


def _shows(tab: Tab, *texts: str) -> None:
    body = tab.page.locator("body").inner_text()
    for text in texts:
        assert text in body, text


def test_hostile_document_page(hostile_tab: Tab) -> None:
    tab = hostile_tab
    tab.open(urls.document_page(HOSTILE_ID))
    _wait_network(tab.page, VIEW)
    _harmless(tab, "its page")
    _shows(tab, *PWN)
    expect(tab.page.locator("h1")).to_have_text("Công văn 77/UBND-VP")
    tab.shot("hostile", full_page=True)
    lede = tab.page.locator(".lc-lede")
    expect(lede).to_contain_text(PWN[0])
    expect(lede).to_contain_text(PWN[3])
    signer = tab.page.locator("table.lc-props tr", has_text="Người ký").locator("td").first
    expect(signer).to_contain_text(PWN[2])
    # the view's tooltip of the document itself is plain text too
    centre = tab.page.evaluate(
        """(s) => { const root = document.querySelector(s); const net = root.luocdoNetwork;
        const id = net.body.data.nodes.getIds().find((i) => net.body.data.nodes.get(i).center);
        const canvas = root.querySelector("canvas");
        canvas.scrollIntoView({ block: "center" });
        const box = canvas.getBoundingClientRect();
        const at = net.canvasToDOM(net.getPositions([id])[id]);
        return { x: box.left + at.x, y: box.top + at.y }; }""",
        VIEW,
    )
    tab.page.mouse.move(centre["x"] - 40, centre["y"] - 40)
    tab.page.mouse.move(centre["x"], centre["y"], steps=5)
    tooltip = tab.page.locator(".vis-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(PWN[1])
    _harmless(tab, "its page, tooltip shown")


@pytest.mark.parametrize(
    "path",
    [
        "",
        urls.REPORTS,
        urls.REPORT_FILES,
        urls.REPORT_WARNINGS,
        urls.REPORT_CONFLICTS,
        urls.REPORT_UNRESOLVED,
        urls.DOCUMENTS,
        urls.TIMELINE,
        CT33_PAGE,
        urls.agent_page("Ủy ban " + PWN[0]),
    ],
)
def test_hostile_payload_never_runs_on(hostile_tab: Tab, path: str) -> None:
    hostile_tab.open(path)
    if path == CT33_PAGE:
        _wait_network(hostile_tab.page, VIEW)
        _shows(hostile_tab, PWN[0])  # the hostile sentence, quoted as text
    _harmless(hostile_tab, path or "home")


def test_hostile_title_in_search_and_sparql(hostile_tab: Tab) -> None:
    tab = hostile_tab
    tab.open(urls.SEARCH + "?q=77/UBND-VP")
    assert _results(tab)[0] == "Công văn 77/UBND-VP"
    expect(tab.page.locator(".luocdo-search__summary").first).to_contain_text(PWN[1])
    _harmless(tab, "search")
    tab.open(urls.SPARQL)
    expect(tab.page.locator(".luocdo-sparql__status")).to_contain_text("Sẵn sàng")
    query = tab.page.locator(".luocdo-sparql__query")
    query.fill(f'SELECT ?title WHERE {{ ?d vnl:canonicalId "{HOSTILE_ID}" ; eli:title ?title }}')
    query.press("Control+Enter")
    rows = _sparql_rows(tab)
    assert len(rows) == 1 and all(p in rows[0] for p in PWN), rows
    _harmless(tab, "sparql")
