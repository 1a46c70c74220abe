"""Search of the static site: Pagefind over the built pages, and the keys each page adds.

Why Pagefind
------------
The site must search 300,000 documents offline. Pagefind indexes the built HTML and the
browser loads the index in chunks: measured 16–240 ms per query at 20,000 pages. lunr (what
mkdocs-material's ``search`` plugin builds) made a 123 MB index at 20,000 pages, first query
35 s. So ``mkdocs.yml`` must NOT enable Material's ``search`` plugin (MkDocs enables it when
``plugins`` is absent: write ``plugins: []`` or list the plugins without ``search``).

What the renderer puts where
----------------------------
* ``data-pagefind-body`` on the element holding a document page's content (its ``h1``, the
  metadata and the text): document pages and stub pages only. Once any page has it, Pagefind
  indexes no page without it, so lists, indexes, the SPARQL page … stay out of the results.
  The first ``h1`` inside it is the result's title.
* :func:`search_keys_html` inside that element, best at its end (a result's excerpt may show
  its words, and Pagefind prefers the earlier text when both match).
* ``data-pagefind-ignore`` on anything inside it that is not worth finding (the relationship
  view already carries ``data-pagefind-ignore="all"``).

Folding
-------
Pagefind 1.6 folds case and diacritics, "đ" included ("dong thap" finds "Đồng Tháp", checked
in a browser). The hidden block still adds ASCII-folded copies (our own :func:`fold_key`, which
any version of the engine matches) and the spellings of the number that its tokenizer does
not produce by itself ("33 ct ttg", "ct 33", "chi thi so 33").

Scale
-----
Indexing takes ~440 KB of memory per page. :func:`index_search` can therefore shard: one
Pagefind run per set of pages, each bundle beside the main one, and the search page merges
them with Pagefind's ``mergeIndex`` (see ``pagefind/luocdo-shards.json``). Above
``SHARD_PAGES`` pages, :func:`page_shards` puts each page in one of ceil(N / SHARD_PAGES)
shards by a hash of its path, not by its rank in sorted order: adding or removing a page
changes its own shard's set of pages and no other (in sorted order every later page
moved). A shard so holds N / count pages give or take a few percent (standard deviation
under √(N / count), ~70 at 5,000: near a multiple of SHARD_PAGES a shard may pass it by as
much, so SHARD_PAGES keeps a margin below the memory at hand). When the count changes (N
crosses a multiple of SHARD_PAGES) nearly every page moves and every shard is indexed
again, once; a consistent hash would move fewer pages but still change every shard's set,
so it would save nothing.

Pagefind has no incremental mode; a rebuild reuses whole bundles instead. Each build
records, beside its site folder (``SEARCH_MANIFEST``, not published), the digest of each
bundle's inputs: Pagefind's packages and options, and the path and bytes of every HTML file
the run reads (a shard's pages, or every HTML file of the site for a run over the whole
site). A bundle whose digest is the one recorded by the previous build is hard-linked from
there; any other is indexed again. A changed, added or removed page so costs one run, of
its shard (the pages whose HTML it changes, e.g. the documents it cites, may be in others).

Serving: Pagefind fetches its index, which browsers refuse from ``file://``: serve the built
site over http (``python -m http.server -d build/site``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import urls
from .codes import TYPES_BY_NAME, TYPES_BY_SLUG
from .errors import LuocdoError
from .files import link_tree, remove
from .ids import split_number
from .normalize import fold_key

ROOT = Path(__file__).resolve().parent.parent
SHARDS_MANIFEST = "luocdo-shards.json"  # in the main bundle: the other bundles to merge
EXCLUDED = ".headerlink"  # never indexed: MkDocs' "¶" permalinks of the headings


def _type_name(doc_type: str | None) -> str | None:
    """A type's Vietnamese name from its slug ("chi-thi") or its name ("Chỉ thị")."""
    if not doc_type:
        return None
    if doc_type in TYPES_BY_SLUG:
        return TYPES_BY_SLUG[doc_type].name
    known = TYPES_BY_NAME.get(fold_key(doc_type))
    return known.name if known else doc_type


def _unique(values: list[str]) -> list[str]:
    """Non-empty values, first occurrence kept."""
    return list(dict.fromkeys(v for v in values if v))


def syllable_pairs(text: str) -> list[str]:
    """Each two adjacent folded syllables joined: "công tác dân vận" → "congtac", "tacdan",
    "danvan". The search page looks these up for a query of several words (phrase matches
    first); search.js builds them the same way (lower case, ASCII letters and digits)."""
    words = re.findall(r"[a-z0-9]+", fold_key(text))
    return _unique([a + b for a, b in itertools.pairwise(words)])


def number_spellings(number: str, doc_type: str | None = None) -> list[str]:
    """The ways people type a document number, folded: for "33/CT-TTg" of a Chỉ thị,
    "33/ct-ttg", "33 ct ttg", "ct 33", "chi thi 33", "chi thi so 33"; for "30/2020/NĐ-CP"
    also "nd 30/2020" and "30/2020"; for "23-QĐ/TW" "qd 23"; a công văn "cv 9465"."""
    folded = fold_key(number)
    spellings = [number, number.lower(), folded]
    spaced = " ".join(re.sub(r"[^a-z0-9.]+", " ", folded).split())
    spellings.append(spaced)
    parts = split_number(number)
    name = _type_name(doc_type)
    if parts is not None:
        seq = parts.seq
        if parts.type_code:
            code = fold_key(parts.type_code)
            spellings += [f"{code} {seq}", f"{code}{seq}"]
            if parts.year:
                spellings += [f"{code} {seq}/{parts.year}", f"{seq}/{parts.year}"]
        elif parts.year:
            spellings.append(f"{seq}/{parts.year}")
        if name:
            type_words = fold_key(name)
            spellings += [f"{type_words} {seq}", f"{type_words} so {seq}"]
            if name == "Công văn":
                spellings.append(f"cv {seq}")
    return _unique(spellings)


def search_keys_html(
    *,
    number: str | None = None,
    title: str | None = None,
    issuer: str | None = None,
    doc_type: str | None = None,
    label: str,
) -> str:
    """A hidden block of search keys for one document page (inside ``data-pagefind-body``).

    It holds the ASCII-folded label, title and issuer ("chi thi 33/ct-ttg", "ve tiep tuc …
    dan van …", "thu tuong chinh phu"), the number in several spellings (see
    :func:`number_spellings`), adjacent syllables joined (:func:`syllable_pairs`), and, in
    attributes, Pagefind metadata for the result list (``title`` = ``label``, ``number``,
    ``type``, ``issuer``, ``trich_yeu`` = ``title``) and a ``loai`` filter (the type's
    Vietnamese name). Its text is ASCII only, so the search page can tell an excerpt of it
    from one of the document's text. One line of HTML: put it at the start of a line with
    blank lines around it.

    ``doc_type`` is a type slug ("chi-thi") or name ("Chỉ thị").
    """
    name = _type_name(doc_type)
    # Weighted like a heading, so a query matching the document's own number, label or title
    # ranks it above pages that only mention those words (Vietnamese syllables such as "dan"
    # and "van" recur everywhere once folded).
    spellings = [n for n in number_spellings(number, doc_type) if n.isascii()] if number else []
    strong = _unique([fold_key(label), *spellings])
    medium = _unique([fold_key(title)] if title else [])
    weak = _unique([fold_key(text) for text in (name, issuer) if text])
    # Adjacent syllables joined ("cong tac dan van" → "congtac tacdan danvan"): the search
    # page turns a query into the same pairs to rank phrase matches first.
    pairs = _unique([p for text in (label, title, issuer) if text for p in syllable_pairs(text)])
    # Metadata and the type filter are read from attributes, so the block's text (what
    # Pagefind indexes, and may show in an excerpt) is only the folded keys.
    values = {"number": number, "type": name, "issuer": issuer, "title": label,
              "trich_yeu": title}
    parts = [
        f'<span data-pagefind-meta="{key}[data-value]" data-value="{escape(value)}"></span>'
        for key, value in values.items() if value
    ]
    if name:
        parts.append(f'<span data-pagefind-filter="loai[data-value]" data-value="{escape(name)}">'
                     "</span>")
    for weight, words in (("7", strong), ("5", medium), ("", weak), ("", [" ".join(pairs)])):
        if words:
            attr = f' data-pagefind-weight="{weight}"' if weight else ""
            parts.append(f"<span{attr}>{escape(', '.join(words))}</span>")
    return (
        '<div class="luocdo-search-keys" hidden aria-hidden="true">'
        f'{"".join(parts)}</div>'
    )


def search_box_html(base: str) -> str:
    """A small search form for any page: it opens the search page (``urls.SEARCH``), which
    runs the query given as ``?q=``. ``base`` is the page's relative prefix to the root."""
    action = escape(base + urls.SEARCH, quote=True)
    return (
        f'<form class="luocdo-searchbox" role="search" action="{action}" method="get">'
        '<input type="search" name="q" aria-label="Tìm văn bản" '
        'placeholder="Số hiệu, trích yếu, cơ quan… (có dấu hoặc không)">'
        '<button type="submit">Tìm</button></form>'
    )


@dataclass(frozen=True, slots=True)
class Shard:
    """One Pagefind index over part of the site: the pages matching ``glob`` (relative to
    the site folder) or, when ``pages`` is given, those pages (``van-ban/…/``)."""

    name: str  # ASCII: the bundle goes to "pagefind-<name>/" (the first shard: "pagefind/")
    glob: str  # e.g. "van-ban/state/**/*.html"
    pages: tuple[str, ...] = ()


# Pages of one Pagefind run: indexing takes ~440 KB of memory a page (5,000 pages ~2.2 GB).
SHARD_PAGES = 5000
# Beside the site folder (not published): what each bundle of the last build indexed.
SEARCH_MANIFEST = "search.json"


def shard_of(page: str, count: int) -> int:
    """Which of ``count`` shards holds ``page`` (a site path): a hash of the path alone, so
    a page stays in its shard whatever other pages come and go while ``count`` holds."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def page_shards(pages: Sequence[str], size: int | None = None) -> list[Shard]:
    """``pages`` (site paths) cut into ceil(N / ``size``) shards (default ``SHARD_PAGES``)
    by :func:`shard_of`, named "000", "001", … (an empty one left out); none when one run
    indexes them all. A shard holds N / count pages give or take a few percent."""
    limit = SHARD_PAGES if size is None else size
    unique = sorted(set(pages))
    if len(unique) <= limit:
        return []
    count = -(-len(unique) // limit)
    buckets: list[list[str]] = [[] for _ in range(count)]
    for page in unique:
        buckets[shard_of(page, count)].append(page)
    return [Shard(f"{n:03d}", "", tuple(b)) for n, b in enumerate(buckets) if b]


@dataclass(frozen=True, slots=True)
class Bundle:
    """One Pagefind bundle of a build and what it indexed."""

    path: str  # in the site: "pagefind/", "pagefind-001/", …
    pages: int  # HTML files Pagefind read
    page_list: str  # digest of their paths
    inputs: str  # digest of Pagefind's version and options and of those files' bytes
    reused: bool  # linked from the previous build: same inputs, Pagefind not run

    def as_manifest(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "page_list": self.page_list, "pages": self.pages}


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """What :func:`index_search` did: the bundles, the first one the main bundle."""

    bundles: tuple[Bundle, ...]

    @property
    def reused(self) -> int:
        return sum(b.reused for b in self.bundles)

    def manifest_json(self) -> str:
        bundles = {b.path: b.as_manifest() for b in self.bundles}
        return json.dumps({"bundles": bundles}, indent=1, sort_keys=True) + "\n"


def node_modules_dir() -> Path:
    """Where ``npm ci`` installed the front-end packages: ``$LUOCDO_NODE_MODULES`` or the
    project's ``node_modules``."""
    configured = os.environ.get("LUOCDO_NODE_MODULES")
    return Path(configured) if configured else ROOT / "node_modules"


def _pagefind_command(modules: Path) -> list[str]:
    runner = modules / "pagefind" / "lib" / "runner" / "bin.cjs"
    node = shutil.which("node")
    if not runner.is_file():
        raise LuocdoError(f"{runner}: Pagefind is not installed: run `npm ci` first")
    if node is None:
        raise LuocdoError("node is not on PATH: Pagefind runs through Node.js (npm ci)")
    return [node, str(runner)]


def _run_pagefind(command: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            command, capture_output=True, encoding="utf-8", errors="replace", check=False,
            cwd=cwd,
        )
    except OSError as err:
        raise LuocdoError(f"cannot run Pagefind: {err}") from err
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
        raise LuocdoError("Pagefind failed:\n" + "\n".join(tail))
    return done.stdout


def _page_tree(site_dir: Path, pages: Sequence[str], tree: Path) -> Path:
    """A folder holding just these pages at their paths (hard links), for one shard."""
    remove([tree])
    for page in pages:
        source = site_dir / page / "index.html"
        target = tree / page / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return tree


def _setup_digest(modules: Path, options: Sequence[str]) -> bytes:
    """What Pagefind's output depends on besides the pages: its packages' versions, the
    options and any ``PAGEFIND_*`` variable (it runs in a folder of ours, where no
    ``pagefind.yml`` can be)."""
    h = hashlib.sha256()
    for package in [modules / "pagefind" / "package.json",
                    *sorted(modules.glob("@pagefind/*/package.json"))]:
        h.update(package.relative_to(modules).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(package.read_bytes()).digest())
    settings = {k: v for k, v in os.environ.items() if k.upper().startswith("PAGEFIND")}
    h.update(json.dumps([list(options), sorted(settings.items())]).encode("utf-8"))
    return h.digest()


def _shard_files(site_dir: Path, shard: Shard) -> list[str]:
    """The HTML files (site paths) a shard's run reads: its pages, or the whole site for a
    glob (a superset of what the glob matches)."""
    if shard.pages:
        return sorted((Path(page) / "index.html").as_posix() for page in shard.pages)
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def _inputs(setup: bytes, site_dir: Path, files: Sequence[str]) -> tuple[str, str]:
    """The digests of a run's page list and of everything it reads."""
    names = hashlib.sha256("\n".join(files).encode("utf-8")).hexdigest()
    h = hashlib.sha256(setup)
    for rel in files:
        h.update(rel.encode("utf-8") + b"\0")
        h.update(hashlib.sha256((site_dir / rel).read_bytes()).digest())
    return names, h.hexdigest()


def _previous_bundles(previous: Path | None, site_dir: Path) -> dict[str, Any]:
    """The previous build's manifest (bundle path → what it indexed); empty when there is
    none to trust."""
    if previous is None or previous.resolve() == site_dir.resolve():
        return {}
    try:
        data = json.loads((previous.parent / SEARCH_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    bundles = data.get("bundles") if isinstance(data, dict) else None
    return bundles if isinstance(bundles, dict) else {}


def index_search(
    site_dir: Path,
    *,
    shards: Sequence[Shard] = (),
    node_modules: Path | None = None,
    language: str = "vi",
    previous: Path | None = None,
) -> SearchIndex:
    """Index the built site with Pagefind, into ``site_dir / "pagefind"``.

    Run after ``mkdocs build``. Only pages with a ``data-pagefind-body`` element are indexed;
    raises :class:`LuocdoError` if no page has one (the whole site would be indexed, menus
    and lists included), if Pagefind is missing ("run `npm ci` first") or if it fails.

    With ``shards``, each shard is indexed on its own (bounded memory, see the module
    docstring): the first into ``pagefind/``, the others into ``pagefind-<name>/``, listed in
    ``pagefind/luocdo-shards.json`` for the search page to merge.

    ``previous``: the previous build's site folder. A bundle whose inputs (Pagefind's
    version and options, the paths and bytes of every HTML file it reads) are those the
    previous build recorded for it is linked from there instead of indexed again. Each
    build records them in ``SEARCH_MANIFEST`` beside its site folder.
    """
    if not site_dir.is_dir():
        raise LuocdoError(f"{site_dir}: no built site to index")
    site_dir = site_dir.absolute()
    previous = previous.absolute() if previous is not None else None
    modules = node_modules or node_modules_dir()
    base = _pagefind_command(modules)
    runs = list(shards) or [Shard("", "")]
    old = _previous_bundles(previous, site_dir)
    bundles: list[Bundle] = []
    for i, shard in enumerate(runs):
        if i and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", shard.name):
            raise LuocdoError(f"shard name {shard.name!r}: use lower-case ASCII and '-'")
        subdir = urls.SEARCH_INDEX.rstrip("/") + (f"-{shard.name}" if i else "")
        target = site_dir / subdir
        if target.exists():
            shutil.rmtree(target)
        options = ["--force-language", language, "--exclude-selectors", EXCLUDED]
        if shard.glob:
            options += ["--glob", shard.glob]
        files = _shard_files(site_dir, shard)
        page_list, inputs = _inputs(_setup_digest(modules, options), site_dir, files)
        recorded = old.get(subdir + "/")
        reuse = (
            previous is not None
            and isinstance(recorded, dict)
            and recorded.get("inputs") == inputs
            and (previous / subdir / "pagefind-entry.json").is_file()
        )
        if reuse:
            assert previous is not None
            link_tree(previous / subdir, target)
        else:
            _index(site_dir, shard, base, target, options)
        bundles.append(Bundle(subdir + "/", len(files), page_list, inputs, reuse))
    result = SearchIndex(tuple(bundles))
    # Always written (an empty list without shards), so the search page never asks for a
    # missing file.
    listed = site_dir / urls.SEARCH_INDEX / SHARDS_MANIFEST
    _write_new(listed, json.dumps([b.path for b in bundles[1:]]) + "\n")
    _write_new(site_dir.parent / SEARCH_MANIFEST, result.manifest_json())
    return result


def _write_new(path: Path, text: str) -> None:
    """A new file, never written through a hard link (to the previous build's file)."""
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _index(
    site_dir: Path, shard: Shard, base: list[str], target: Path, options: list[str]
) -> None:
    """One Pagefind run into ``target``: the whole site, or a tree of the shard's pages."""
    tree = site_dir.parent / f".pagefind-{shard.name or 'main'}"
    source = _page_tree(site_dir, shard.pages, tree) if shard.pages else site_dir
    command = [*base, "--site", str(source), "--output-path", str(target), *options]
    try:
        log = _run_pagefind(command, site_dir.parent)
    finally:
        if shard.pages:
            remove([tree])
    if "Found a data-pagefind-body element" not in log:
        raise LuocdoError(
            f"{site_dir}: no page has a data-pagefind-body element; Pagefind would index "
            "every page (see graph/search.py)"
        )
