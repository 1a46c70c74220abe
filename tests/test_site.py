"""The static site: built from the seed (and from the seed plus a hostile document) into a
temporary folder, then read as HTML. No browser: links, escaping, structured data and
determinism are checked on the files."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from graph import urls
from graph.ids import DocumentId
from graph.pipeline import BuildResult, build
from graph.render import escape_md, script_json

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

CT33 = DocumentId.parse("state:chi-thi:2021:33/CT-TTg")
CV9465 = DocumentId.parse("state:cong-van:2021:9465/UBND-KSTTHC")
KL01 = DocumentId.parse("party:ket-luan:2021:01-KL/TW")
CT05 = DocumentId.parse("party:chi-thi:2016:05-CT/TW")

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ jinja }}",
    "{% raw %}",
)
HOSTILE = """---
title: "<script>alert(1)</script> [x](javascript:alert(1)) {{ jinja }} {% raw %} **đậm** {: onclick=alert(1) }"
signer: "<img src=x onerror=alert(1)>"
issuer: "Ủy ban <script>alert(1)</script> {{ jinja }}"
recipients:
  - "<script>alert(1)</script>"
  - "[x](javascript:alert(1))"
  - "{% raw %}"
---
ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 77/UBND-VP

Thử Nghiệm, ngày 10 tháng 12 năm 2021

V/v thử <script>alert(1)</script>

Kính gửi: <img src=x onerror=alert(1)>

Thực hiện Chỉ thị số 33/CT-TTg ngày 16/11/2021 của Thủ tướng Chính phủ <script>alert(1)</script> [x](javascript:alert(1)) {{ jinja }} {% raw %} <img src=x onerror=alert(1)> **đậm** _nghiêng_ `mã` # không phải tiêu đề.

# Không phải tiêu đề
- không phải danh sách {: onclick=alert(1) }

Nơi nhận:
- <script>alert(1)</script>;
- Lưu: VT.

CHỦ TỊCH

[x](javascript:alert(1))
"""
HOSTILE_ID = DocumentId.parse("state:cong-van:2021:77/UBND-VP")


# --- reading the built site ---------------------------------------------------------------------


@dataclass
class Page(HTMLParser):
    """What a test needs of one HTML page: its links, ids, scripts and text."""

    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # tag, url, attrs
    ids: set[str] = field(default_factory=set)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    attrs_seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _script: dict[str, str] | None = None
    _script_text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.attrs_seen.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if key in a:
                self.links.append((tag, a[key], a))
        if tag == "script":
            self._script, self._script_text = a, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@dataclass
class Built:
    out: Path
    result: BuildResult

    @property
    def site(self) -> Path:
        return self.out / "site"

    def page_file(self, doc_id: DocumentId) -> Path:
        return self.site / urls.document_page(doc_id) / "index.html"

    def html(self, doc_id: DocumentId) -> str:
        return self.page_file(doc_id).read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


def _build(content: Path, out: Path) -> Built:
    return Built(out, build(content, out, validate=False))


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(CONTENT, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    content = tmp_path_factory.mktemp("hostile-content")
    for file in CONTENT.iterdir():
        shutil.copy(file, content / file.name)
    (content / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    # a second file with an identity already taken, and a text with no number at all
    shutil.copy(CONTENT / "cong-van-9465-ubnd-kstthc-2021.txt", content / "z-ban-sao.txt")
    (content / "ghi-chu.txt").write_text(
        "Ghi chú nội bộ, không có số hiệu.\n\nNội dung.\n", encoding="utf-8"
    )
    return _build(content, tmp_path_factory.mktemp("hostile"))


def section(page_html: str, start_id: str, end_marker: str = "<h2") -> str:
    """The HTML from the element with ``id=start_id`` to the next ``end_marker``."""
    i = page_html.index(f'id="{start_id}"')
    j = page_html.find(end_marker, i + 1)
    return page_html[i : j if j > 0 else len(page_html)]


def text_of(fragment: str) -> str:
    page = Page()
    page.feed(fragment)
    return page.plain


# --- the build ----------------------------------------------------------------------------------


def test_mkdocs_has_no_warnings(seed: Built) -> None:
    assert seed.result.report["site"]["warnings"] == []
    assert seed.result.report["site"]["pages"] > 20
    strict = seed.out / "strict-site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(seed.out / "mkdocs.yml"),
            "-d",
            str(strict),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    shutil.rmtree(strict)


def test_navigation_stays_small(seed: Built) -> None:
    page = parse(seed.page_file(CT33))
    nav = [
        url
        for tag, url, a in page.links
        if tag == "a" and "md-nav__link" in a.get("class", "") and not url.startswith("#")
    ]
    assert len(nav) == 9  # the nine top entries, never the documents (the rest is the TOC)


def test_every_input_file_is_reported(seed: Built) -> None:
    page = parse(seed.site / urls.REPORT_FILES / "index.html").plain
    for file in CONTENT.iterdir():
        assert file.name in page
    assert "đã dựng" in page


# --- the document page --------------------------------------------------------------------------


def test_thuoc_tinh_shows_every_field_with_its_source(seed: Built) -> None:
    props = section(seed.html(CT33), "thuoc-tinh")
    text = text_of(props)
    for label in (
        "Số hiệu",
        "Loại văn bản",
        "Hệ thống",
        "Cơ quan ban hành",
        "Đơn vị soạn thảo",
        "Nơi ban hành",
        "Ngày ban hành",
        "Trích yếu",
        "Kính gửi",
        "Nơi nhận",
        "Thẩm quyền ký",
        "Chức danh",
        "Người ký",
        "Văn bản gửi kèm",
        "Số đến, ngày đến",
        "Ngày hiệu lực",
        "Mã định danh",
    ):
        assert label in text, label
    assert "33/CT-TTg văn bản, dòng 8" in text
    assert "Thủ tướng Chính phủ suy ra: mã cơ quan ban hành TTg trong số hiệu" in text
    assert "Phạm Bình Minh văn bản, dòng 98" in text
    assert "số đến 1206, ngày đến 27/11/2021" in text
    assert "state:chi-thi:2021:33/CT-TTg" in text


def test_date_conflict_is_shown_side_by_side_on_ct33(seed: Built) -> None:
    props = section(seed.html(CT33), "thuoc-tinh")
    box = props[props.index('class="lc-conflict"') :]
    text = text_of(box)
    assert "Mâu thuẫn về ngày ban hành" in text
    own, other = text.index("16/11/2021"), text.index("26/11/2021")
    assert own < other
    assert "văn bản này (tự ghi, dòng 10)" in text
    for line in (18, 23, 27):
        assert f"Công văn 9465/UBND-KSTTHC, dòng {line}" in text
    assert len(re.findall(r'class="lc-conflict-col[ "]', box)) == 2


def test_conflict_is_a_note_on_the_citation_in_cv9465(seed: Built) -> None:
    outgoing = section(seed.html(CV9465), "di", "<h3")
    note = text_of(outgoing[outgoing.index('class="lc-note"') :])
    assert "Mâu thuẫn về ngày ban hành của Chỉ thị 33/CT-TTg" in note
    assert "văn bản này ghi 26/11/2021" in note
    assert "Chỉ thị 33/CT-TTg (tự ghi, dòng 10) ghi 16/11/2021" in note


def test_incoming_group_lists_cv9465_with_its_sentence(seed: Built) -> None:
    page = seed.html(CT33)
    group = section(page, "den-implements", "<h4")
    assert "Được thực hiện (1)" in page
    href = urls.relative(urls.document_page(CT33), urls.document_page(CV9465))
    assert f'href="{href}"' in group
    assert "<mark>Chỉ thị số 33/CT-TTg</mark>" in group
    assert "V/v thực hiện" in text_of(group)


def test_stated_edge_is_shown_as_stated_by_ct33(seed: Built) -> None:
    stated = text_of(section(seed.html(CT33), "quan-he-duoc-neu", "<h3"))
    assert "Kết luận 01-KL/TW thực hiện Chỉ thị 05-CT/TW" in stated
    assert "theo Chỉ thị 33/CT-TTg" in stated
    kl01 = text_of(section(seed.html(KL01), "di", "<h3"))
    assert "Chỉ thị 05-CT/TW" in kl01
    assert "do văn bản thứ ba nêu: theo Chỉ thị 33/CT-TTg" in kl01


def test_cv9465_text_links_ct33_in_place(seed: Built) -> None:
    page = seed.html(CV9465)
    text = page[page.index('class="lc-text"') :]
    href = urls.relative(urls.document_page(CV9465), urls.document_page(CT33))
    assert re.search(rf'<a id="m-\d+" href="{re.escape(href)}"[^>]*>Chỉ thị số 33/CT-TTg</a>', text)
    # Markdown in the text is data: shown as written, never interpreted
    assert "<strong>" not in text and "&#42;&#42;" in text


def test_stub_page_says_it_is_not_in_the_corpus(seed: Built) -> None:
    text = parse(seed.page_file(CT05)).plain
    assert "Văn bản không có trong kho" in text
    assert "Chỉ thị 33/CT-TTg, dòng 56" in text  # who says what about it


def test_downloads_of_each_document(seed: Built) -> None:
    for path in (urls.document_turtle(CT33), urls.document_jsonld(CT33)):
        assert (seed.site / path).is_file()
    json.loads((seed.site / urls.document_jsonld(CT33)).read_text(encoding="utf-8"))
    downloads = parse(seed.site / urls.DOWNLOADS / "index.html").plain
    for name in (
        "graph.ttl",
        "graph.nt",
        "graph.jsonld",
        "graph.graphml",
        "documents.csv",
        "edges.csv",
        "documents.jsonl",
    ):
        assert name in downloads
        assert (seed.site / urls.DATA / name).is_file()


def test_legislation_jsonld_in_the_head(seed: Built) -> None:
    page = parse(seed.page_file(CT33))
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "33/CT-TTg"
    assert data["legislationDate"] == "2021-11-16"
    assert data["legislationPassedBy"]["name"] == "Thủ tướng Chính phủ"
    assert data["inLanguage"] == "vi"


def test_page_stays_small(seed: Built) -> None:
    """At most 30 KB beyond the document's own text, not counting the views' blocks (the
    relationship view and the search keys, budgeted by graph/views.py)."""
    page = seed.html(CT33)
    text = (CONTENT / "chi-thi-33-ct-ttg-2021.txt").read_bytes()
    views = sum(
        len(m.group(0).encode())
        for m in re.finditer(
            r'<div class="(?:luocdo-view|luocdo-search-keys)".*?</div>\n', page, re.S
        )
    )
    beyond = len(page.encode()) - len(text) - views
    assert beyond <= 30 * 1024, beyond


# --- every page ---------------------------------------------------------------------------------


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, parts.fragment
    base = posixpath.dirname(page.relative_to(site).as_posix())
    if parts.path.startswith("/"):  # 404.html links from the root, wherever it is served
        base = ""
    rel = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    target = site / rel
    if url.split("#")[0].split("?")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_resolves(seed: Built) -> None:
    assert not _broken_links(seed)


def _broken_links(built: Built) -> list[str]:
    site = built.site
    parsed: dict[Path, Page] = {}
    broken = []
    for page in built.pages():
        if page.is_relative_to(site / "pagefind"):
            continue
        doc = parsed.setdefault(page, parse(page))
        for _tag, url, _attrs in doc.links:
            if url.startswith(("mailto:", "data:")):
                continue
            target, fragment = _target(site, page, url)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, parse(target)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {url} (no anchor)")
    return broken[:20]


def test_long_lists_are_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists (by type, by year, the timeline, the agents, an agent's documents) are cut
    into pages of LIST_ROWS rows; every document is on exactly one page of each list and
    the pager's links resolve."""
    from graph import render
    from graph.synth import write_corpus

    monkeypatch.setattr(render, "LIST_ROWS", 4)
    content = tmp_path / "content"
    write_corpus(30, 2, content)
    built = _build(content, tmp_path / "out")
    site = built.site
    timeline = sorted(
        p for p in site.joinpath(urls.TIMELINE).rglob("index.html")
    )
    assert len(timeline) == 8  # 30 documents, 4 a page
    seen = []
    for page in timeline:
        for _tag, href, _attrs in parse(page).links:
            target, _fragment = _target(site, page, href)
            parts = target.relative_to(site).parts if target is not None else ()
            if len(parts) == 6 and parts[0] == "van-ban":  # van-ban/system/type/year/number/
                seen.append("/".join(parts))
    assert len(seen) == len(set(seen)) == 30, seen
    second = (site / urls.paged(urls.TIMELINE, 2) / "index.html").read_text(encoding="utf-8")
    assert "Trang 2/8" in second and "Dòng thời gian — trang 2" in second
    agents = list(site.joinpath(urls.AGENTS).glob("trang-*/index.html"))
    assert agents
    assert not _broken_links(built)


FETCHING_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
}


def test_nothing_is_fetched_from_another_host(seed: Built) -> None:
    offending = []
    for page in seed.pages():
        for tag, url, attrs in parse(page).links:
            remote = url.startswith(("http://", "https://", "//"))
            fetched = tag != "a" and (
                tag != "link" or FETCHING_RELS.intersection(attrs.get("rel", "").split())
            )
            if remote and fetched:
                offending.append(f"{page.relative_to(seed.site)}: <{tag}> {url}")
    for css in seed.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if re.search(r"""(?:url\(\s*['"]?|@import\s+['"]?)(?:https?:)?//""", text):
            offending.append(str(css.relative_to(seed.site)))
    for js in seed.site.rglob("*.js"):
        if js.parent == seed.site / "assets" / "javascripts":
            continue  # Material's bundle: it loads mermaid from unpkg for mermaid diagrams only
        text = js.read_text(encoding="utf-8", errors="replace")
        for host in ("fonts.googleapis", "fonts.gstatic", "cdnjs", "jsdelivr", "unpkg.com"):
            if host in text:
                offending.append(f"{js.relative_to(seed.site)}: {host}")
    assert not offending, offending
    assert not any('class="mermaid"' in p.read_text(encoding="utf-8") for p in seed.pages())


def test_two_builds_are_identical(seed: Built, tmp_path: Path) -> None:
    again = _build(CONTENT, tmp_path / "again")

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    first, second = tree(seed.site), tree(again.site)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ[:10]


def test_atom_feed(seed: Built) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(seed.site / urls.FEED).getroot()
    assert feed.tag == f"{atom}feed"
    entries = feed.findall(f"{atom}entry")
    updated = [e.findtext(f"{atom}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{atom}updated") == "2021-12-07T00:00:00Z"  # the newest document
    assert entries[0].findtext(f"{atom}title", "").startswith("Công văn 9465/UBND-KSTTHC")
    assert all(e.find(f"{atom}id") is not None for e in entries)
    head = parse(seed.site / "index.html")
    assert any(a.get("type") == "application/atom+xml" for tag, _, a in head.links)


def test_no_sitemap_without_a_site_url(seed: Built) -> None:
    # without a base URL the locations would be root-relative, which a sitemap may not hold
    assert not (seed.site / "sitemap.xml").exists()


# --- hostile input ------------------------------------------------------------------------------


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}


def test_hostile_document_renders_as_text(hostile: Built) -> None:
    for page in hostile.pages():
        raw = page.read_text(encoding="utf-8")
        where = page.relative_to(hostile.site)
        assert "<script>alert(1)</script>" not in raw, where
        assert "<img src=x onerror" not in raw, where
        # the Markdown payload may be shown as written (text, JSON): it must never become a
        # link or markup, i.e. an attribute (checked below)
        doc = parse(page)
        for tag, url, _attrs in doc.links:
            assert not url.strip().lower().startswith("javascript:"), (where, tag, url)
        for tag, attrs in doc.attrs_seen:
            assert not any(k.startswith("on") for k in attrs), (where, tag, attrs)
            urls_in = [v for k, v in attrs.items() if k in URL_ATTRIBUTES]
            assert not any("javascript:" in v.lower() for v in urls_in), (where, tag)
        for attrs, text in doc.scripts:
            assert "alert(1)" not in text or attrs.get("type") == "application/ld+json", where
    page = parse(hostile.page_file(HOSTILE_ID))
    for payload in PAYLOADS:
        assert payload in page.plain, payload  # shown, as written
    assert "**đậm**" in page.plain and "# Không phải tiêu đề" in page.plain
    blocks = [t for a, t in page.scripts if a.get("type") == "application/ld+json"]
    data = json.loads(blocks[0])
    assert data["@type"] == "Legislation"
    assert "<script>alert(1)</script>" in data["name"]
    # the hostile sentence quoted on the cited document's page is text too
    ct33 = parse(hostile.page_file(CT33))
    assert "<script>alert(1)</script>" in ct33.plain


def test_documents_without_their_own_identity_get_a_page(hostile: Built) -> None:
    index = parse(hostile.site / urls.DOCUMENTS / "index.html")
    for name in ("z-ban-sao.txt", "ghi-chu.txt"):
        page = urls.unidentified_page(name)
        assert (hostile.site / page / "index.html").is_file(), name
        assert any(url.endswith(page.removeprefix(urls.DOCUMENTS)) for _, url, _ in index.links)
    copy = parse(hostile.site / urls.unidentified_page("z-ban-sao.txt") / "index.html").plain
    assert "bản trùng: z-ban-sao.txt" in copy and "Kính gửi: Sở Nội vụ" in copy


@pytest.mark.parametrize(
    "payload",
    [
        *PAYLOADS,
        "**x**",
        "_x_",
        "`x`",
        "a | b",
        "{: #x }",
        "# h",
        "- l",
        "1. n",
        "> q",
        "\\*",
        "a\n# b",
    ],
)
def test_escape_md_is_shown_verbatim(payload: str) -> None:
    import markdown

    rendered = markdown.markdown(
        f"x {escape_md(payload)}", extensions=["attr_list", "tables", "toc", "admonition"]
    )
    assert html.unescape(text_of(rendered)) == " ".join(f"x {payload}".split())
    assert "<" not in rendered.removeprefix("<p>").removesuffix("</p>")


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"name": "</script><script>alert(1)</script> & 'x'"})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & 'x'"


def test_sitemap_with_a_site_url(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "LUOCDO_SITE_URL": "https://example.org/luocdo/"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-q", "build", "--out", str(tmp_path),
         "--no-validate"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    tree = ET.parse(tmp_path / "site" / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().iterfind("s:url/s:loc", ns)]
    assert "https://example.org/luocdo/van-ban/state/chi-thi/2021/33-ct-ttg/" in locs
    assert all(loc and loc.startswith("https://example.org/luocdo/") for loc in locs)


def test_corpus_pages_from_shells_equal_full_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """graph.theme fills one theme render per kind of page with each page's values: the
    site must be byte for byte what rendering every page through the theme gives, with
    hostile text, a site URL (canonical links) and two processes."""
    from graph import theme

    content = tmp_path / "content"
    content.mkdir()
    for file in CONTENT.iterdir():
        shutil.copy(file, content / file.name)
    (content / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.setenv("LUOCDO_SITE_URL", "https://example.org/luocdo/")
    build(content, tmp_path / "shells", validate=False, jobs=2)
    monkeypatch.setattr(theme, "USE_SHELLS", False)
    build(content, tmp_path / "full", validate=False, jobs=1)
    shells, full = tmp_path / "shells" / "site", tmp_path / "full" / "site"
    names = sorted(p.relative_to(full) for p in full.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(shells) for p in shells.rglob("*") if p.is_file())
    pages = [n for n in names if n.suffix == ".html"]
    assert len(pages) > 40
    for name in names:
        assert (shells / name).read_bytes() == (full / name).read_bytes(), name
