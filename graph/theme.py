"""Put the corpus's pages into MkDocs-Material's templates in parallel, reusing unchanged ones.

MkDocs builds a site in one process: it converts each page's Markdown, then renders it
through the theme (``main.html``). Plain MkDocs-Material costs ~4 ms a page that way, and our
document pages, a few tens of KB of HTML each, several times that, most of it in Python-
Markdown's HTML parser. The pages that grow with the corpus (one per document, stub and
agent, and the full citation lists) are therefore written by graph.render as HTML inside a
Markdown file (front matter, then HTML blocks, which Markdown passes through untouched),
so ``out/docs`` stays a complete MkDocs project. :class:`CorpusPages`, a MkDocs plugin that
graph.render adds to the build:

- takes those pages out of MkDocs' own loop (``on_files``), with the large static files
  (the graph downloads and the views' JSON), which it hard-links instead of copying;
- once MkDocs has built the rest, puts each of those pages into the theme with MkDocs' own
  page builder, ``jobs`` processes at a time (``on_post_build``). The workers are forked,
  so they share MkDocs' configuration, navigation and template environment as they are;
- reuses a page from the previous build, by hard link, when its source and the theme around
  it (the shell: navigation, assets, configuration) are unchanged: ``out/pages.json`` keeps
  the digest each page was built from.

Every page, MkDocs' own and these, passes through :func:`compact_shell`.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

log = logging.getLogger(__name__)

MANIFEST = "pages.json"
USE_SHELLS = True  # False: every corpus page rendered in full (a test compares the two)
CHUNK = 64  # pages a worker takes at a time

# Headings of the corpus pages' HTML (written by site_templates/*.html.j2 with an id, on
# one line): h2 and h3 make the table of contents, as Markdown's toc_depth 3 does for the
# other pages.
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')
_TAG = re.compile(r"<[^>]+>")

# Theme indentation and blank lines between tags (see compact_shell).
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def compact_shell(page: str) -> str:
    """Drop the theme's indentation and blank lines around a page's ``<article>`` (a third
    of a small page's bytes). The article, where ``pre`` and pre-wrapped text keep their
    white space, is left as it is; elsewhere a run of white space holding a line break
    renders as one space, like the single line break that replaces it."""
    start, end = page.find("<article"), page.rfind("</article>")
    if start < 0 or end < start:
        return _INDENT.sub("\n", page)
    return _INDENT.sub("\n", page[:start]) + page[start:end] + _INDENT.sub("\n", page[end:])


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """The table of contents of an HTML body: its h2 headings, each with its h3s."""
    tokens: list[dict[str, Any]] = []
    for match in _HEADING.finditer(body):
        level, anchor, inner = int(match.group(1)), match.group(2), match.group(3)
        name = html.unescape(_TAG.sub("", inner)).strip()
        token = {"level": level, "id": html.unescape(anchor), "name": name, "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@dataclass
class _Built:
    """What MkDocs hands the plugin during its build. ``pages``: the documentation pages,
    listed once (MkDocs' get_context would list them anew for every page it is given)."""

    config: MkDocsConfig
    pages: list[File]
    nav: Navigation
    env: Any


class CorpusPages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """The MkDocs plugin described in the module docstring.

    ``sources``: the docs-relative Markdown files (``van-ban/…/index.md``) it builds;
    ``linked``: folders of static files (relative to docs) hard-linked, not copied;
    ``previous``: the previous build's output folder (``out``), for reuse.
    After the build, ``digests`` maps each of its pages to the digest it was built from
    and ``reused`` counts the pages taken from the previous build.
    """

    def __init__(
        self,
        sources: Sequence[str],
        *,
        linked: Sequence[str] = (),
        jobs: int = 1,
        previous: Path | None = None,
    ) -> None:
        super().__init__()
        self.sources = frozenset(sources)
        self.linked = tuple(p.rstrip("/") + "/" for p in linked)
        self.jobs = jobs
        self.previous = previous
        self.digests: dict[str, str] = {}
        self.reused = 0
        self._built: _Built | None = None
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._deferred: list[File] = []

    # --- MkDocs events --------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in list(files):
            if file.src_uri in self.sources:
                _Deferred(None, file, config)  # MkDocs' loop then only reads its front matter
                self._deferred.append(file)
            elif self.linked and file.src_uri.startswith(self.linked):
                files.remove(file)
                files.append(
                    _Linked(file.src_uri, file.src_dir, file.dest_dir, config.use_directory_urls)
                )
        self._files = files
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The other pages are read (their links to the corpus pages checked): MkDocs may
        now build them, without the corpus pages, which this plugin builds."""
        assert self._nav is not None
        for file in self._deferred:
            files.remove(file)
        self._built = _Built(config, list(files.documentation_pages()), self._nav, env)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return compact_shell(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.digests = self._build_pages(config)
        self._write_sitemap(config)

    # --- the corpus pages -----------------------------------------------------------------

    def _build_pages(self, config: MkDocsConfig) -> dict[str, str]:
        old: dict[str, str] = {}
        if self.previous is not None and (self.previous / MANIFEST).is_file():
            old = json.loads((self.previous / MANIFEST).read_text(encoding="utf-8"))
        sources = sorted(self.sources)
        chunks = [sources[i : i + CHUNK] for i in range(0, len(sources), CHUNK)]
        global _WORK
        _WORK = _Work(self, old)
        digests: dict[str, str] = {}
        reused = 0
        try:
            if self.jobs > 1 and len(chunks) > 1:
                import multiprocessing

                with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
                    for result, count in pool.imap(_build_chunk, chunks):
                        digests.update(result)
                        reused += count
            else:
                for chunk in chunks:
                    result, count = _build_chunk(chunk)
                    digests.update(result)
                    reused += count
        finally:
            _WORK = None
        self.reused = reused
        return dict(sorted(digests.items()))

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        """sitemap.xml (and .gz) over every page, when the site has a URL."""
        if not config.site_url or self._files is None:
            return
        urls = {f.page.canonical_url for f in self._files.documentation_pages() if f.page}
        base = config.site_url
        urls.update(base + _page_path(src) for src in self.sources)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
        locations = sorted(u for u in urls if u)
        lines.extend(f"<url><loc>{html.escape(u)}</loc></url>" for u in locations)
        lines.append("</urlset>")
        text = ("\n".join(lines) + "\n").encode("utf-8")
        site = Path(config.site_dir)
        (site / "sitemap.xml").write_bytes(text)
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        with (
            open(site / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile("sitemap.xml", "wb", fileobj=raw, mtime=epoch) as gz,
        ):
            gz.write(text)


class _Deferred(Page):
    """A corpus page in MkDocs' own loop, where it only stands for its file: links to it
    are checked as to any page; :class:`CorpusPages` builds it."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""


class _Linked(File):
    """A large static file (a graph download, a view's JSON): hard-linked into the site."""

    def copy_file(self, dirty: bool = False) -> None:
        assert self.abs_src_path is not None
        target = Path(self.abs_dest_path)
        if target.exists():
            target.unlink()
        _link_or_copy(Path(self.abs_src_path), target)


def _page_path(src: str) -> str:
    """``van-ban/x/index.md`` → ``van-ban/x/``."""
    return src.removesuffix("index.md")


# The values a corpus page puts into the theme unchanged: Material prints page.meta.title,
# page.meta.description, page.content and page.canonical_url as they are, and our
# overrides/main.html page.meta.jsonld. A page is its shell (the theme's output for a page
# with these placeholders, private-use characters, in their place) with its values put in:
# one real render per shell, not per page. A shell is kept per folder depth and top folder
# (MkDocs shortens a link to the navigation's "bao-cao/" on a page under bao-cao/), table
# of contents and set of other front-matter values, everything else the theme reads of a
# page (and whether the content has its own h1, which Material's content partial checks).
_SLOTS = ("title", "description", "jsonld", "content", "canonical")
_SLOT = re.compile("\ue000(" + "|".join(_SLOTS) + ")\ue001")


def _slot(name: str) -> str:
    return f"\ue000{name}\ue001"


@dataclass(frozen=True, slots=True)
class _Shell:
    parts: tuple[str, ...]  # text, slot name, text, slot name, …, text

    def fill(self, values: dict[str, str]) -> str:
        return "".join(p if i % 2 == 0 else values[p] for i, p in enumerate(self.parts))


@dataclass
class _Work:
    """What a worker needs: the plugin (with MkDocs' state) and the previous digests."""

    plugin: CorpusPages
    old: dict[str, str]
    shells: dict[Any, _Shell] = field(default_factory=dict)
    frames: dict[int, bytes] = field(default_factory=dict)  # page depth → frame digest

    @property
    def built(self) -> _Built:
        assert self.plugin._built is not None
        return self.plugin._built

    def page(
        self, src: str, title: str, meta: dict[str, Any], body: str, toc: list[dict[str, Any]]
    ) -> Page:
        config = self.built.config
        file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(title, file, config)
        page.meta = meta
        page.markdown = ""
        page.content = body
        page.toc = get_toc(toc)  # type: ignore[arg-type]
        return page

    def render(self, page: Page) -> str:
        """The page through the theme, as MkDocs' own page builder does it."""
        from mkdocs.commands.build import get_context

        built = self.built
        config = built.config
        config._current_page = page
        page.active = True
        try:
            context = get_context(built.nav, built.pages, config, page)
            template = built.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=built.nav
            )
            output: str = template.render(context)
            result: str = config.plugins.on_post_page(output, page=page, config=config)
            return result
        finally:
            page.active = False
            config._current_page = None

    def html(self, src: str, meta: dict[str, Any], body: str) -> str:
        """A corpus page's HTML: its shell filled in, or a full render where a value holds a
        line break (compact_shell would have changed it)."""
        title = str(meta.get("title", ""))
        toc = toc_tokens(body)
        values = {
            "title": title,
            "description": str(meta.get("description", "")),
            "jsonld": str(meta.get("jsonld", "")),
            "content": body,
            "canonical": self._canonical(src),
        }
        if not USE_SHELLS or any("\n" in v for k, v in values.items() if k != "content"):
            return self.render(self.page(src, title, meta, body, toc))
        own_h1 = "<h1" in body
        key = (
            src.count("/"),
            src.split("/", 1)[0],  # links to a section's index shorten inside the section
            json.dumps(toc, sort_keys=True),
            json.dumps(
                {k: v for k, v in meta.items() if k not in _SLOTS}, sort_keys=True, default=str
            ),
            tuple(k in meta for k in ("title", "description", "jsonld")),
            own_h1,
        )
        shell = self.shells.get(key)
        if shell is None:
            probe_meta = dict(meta)
            for name in ("title", "description", "jsonld"):
                if name in probe_meta:
                    probe_meta[name] = _slot(name)
            content = _slot("content") + ("<h1" if own_h1 else "")
            probe = self.page(src, _slot("title"), probe_meta, content, toc)
            if probe.canonical_url:
                probe.canonical_url = _slot("canonical")
            text = self.render(probe).replace(_slot("content") + "<h1", _slot("content"))
            shell = self.shells[key] = _Shell(tuple(_SLOT.split(text)))
        return shell.fill(values)

    def _canonical(self, src: str) -> str:
        site_url = self.built.config.site_url
        return site_url + _page_path(src) if site_url else ""

    def frame(self, depth: int) -> bytes:
        """The digest of everything around a page's content at this folder depth: the
        theme's output for an empty page there."""
        if depth not in self.frames:
            src = "".join(f"x{i}/" for i in range(depth)) + "index.md"
            probe = self.render(self.page(src, "", {}, "", []))
            self.frames[depth] = hashlib.sha256(probe.encode("utf-8")).digest()
        return self.frames[depth]


_WORK: _Work | None = None


def _build_chunk(sources: Sequence[str]) -> tuple[dict[str, str], int]:
    """Build these pages (in a worker, or in the main process); their digests, and how many
    were reused from the previous build."""
    work = _WORK
    assert work is not None
    config = work.built.config
    docs, site = Path(config.docs_dir), Path(config.site_dir)
    previous = work.plugin.previous
    digests: dict[str, str] = {}
    reused = 0
    for src in sources:
        raw = (docs / src).read_bytes()
        digest = _digest(work.frame(src.count("/")), raw)
        path = _page_path(src)
        digests[path] = digest
        target = site / path / "index.html"
        if previous is not None and work.old.get(path) == digest:
            old = previous / "site" / path / "index.html"
            if old.is_file():
                _link_or_copy(old, target)
                reused += 1
                continue
        body, meta = get_data(raw.decode("utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        html_text = work.html(src, meta, body)
        target.write_bytes(html_text.encode("utf-8", errors="xmlcharrefreplace"))
    return digests, reused


__all__ = ["MANIFEST", "CorpusPages", "compact_shell", "toc_tokens"]
