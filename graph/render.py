"""Render the static site: Markdown pages from ``site_templates/``, then MkDocs-Material.

:func:`build_site` runs after the graph is built (``pipeline.build``), in the staging folder
that the build swaps in at the end:

    docs/          the generated Markdown (one page per document, stub, agent, index, report)
    docs/data/     the graph's downloads, linked from the pages (``urls.DATA``)
    mkdocs.yml     a config that INHERITs the top-level mkdocs.yml (so ``--out`` works)
    site/          the HTML MkDocs writes, then indexed by Pagefind (``graph.views``)

Pages are rendered one at a time from indexes built once over the resolution (never a scan
of all citations per page). The output is deterministic: lists are sorted, nothing carries
the time of the build (the Atom feed's ``updated`` and MkDocs' build date are the newest
document's date).

**Escaping.** Document text and metadata are data. Every value a template prints goes
through :func:`escape_md`, which HTML-escapes it *and* turns the characters Markdown or its
extensions would act on (``* _ [ ] { } | \\ ` ~``, a heading or list marker at the start)
into character references, so ``<script>``, ``[x](javascript:…)``, ``**bold**`` or
``{: onclick=…}`` render as the text they are. Only :class:`~markupsafe.Markup` built here
from escaped parts (links, highlighted sentences, the annotated text) passes unchanged.
Templates must not join data with ``~`` to Markup or use Jinja's HTML-only filters on
data; ``join``, ``e`` and ``replace`` are replaced by Markdown-safe versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib
import json
import logging
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.plugins import BasePlugin

from . import urls
from .cache import code_digest
from .codes import TYPES_BY_SLUG, System
from .config import BASE_IRI, document_iri
from .files import link_tree
from .ids import DocumentId
from .models import Document, Field, Mention, MentionKind, Origin, Problem, Severity
from .network import most_cited, target_names
from .pipeline import Extraction
from .rdf import _NOT_AGENT as NOT_AGENT  # the graph's rule: Nơi nhận lines naming no agent
from .relations import RELATION_ORDER, Relation
from .resolve import Citation, Conflict, Source, Stub, VagueReference
from .timing import Timings

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "site_templates"
ROOT_CONFIG = ROOT / "mkdocs.yml"
QUERIES = ROOT / "queries"

# A document page stays small whatever the number of citations (≤ 30 KB beyond its text):
SENTENCE_WINDOW = 110  # characters of a citing sentence kept on each side of the mention
OWN_WINDOW = 50  # the same for a sentence of the page's own text (shown in full below it)
EVIDENCE_SHOWN = 2  # mentions quoted per edge (one on a busy page); the others by line
PAGE_EDGES = 15  # edges on a document page, over all its groups; all on its "trich-dan/" page
PAGE_ITEMS = 6  # stated relations, vague references, stub facts on a document page
LINES_SHOWN = 5  # other mentions of an edge, linked by line; the rest are counted
SOURCES_SHOWN = 5  # sources of one conflicting value on a document page (20 on the report)
NOTE_SOURCES = 3  # sources of a value named in a conflict note under a citation
NEWEST_SHOWN = 10
MOST_CITED_SHOWN = 10

# --- escaping ---------------------------------------------------------------------------------

# Characters with a meaning in Markdown inline syntax or in the enabled extensions
# (attr_list braces, tables' pipes); each becomes a numeric character reference.
_MD_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]|~"})
# At the start of a line these open a block (heading, quote, list, setext underline).
_MD_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")
_SAFE_URL = re.compile(r"[A-Za-z0-9._~/#?=&%:+-]*")


def escape_md(value: object, *, keep_newlines: bool = False) -> Markup:
    """``value`` as text that Markdown and HTML both show verbatim."""
    text = str(value)
    if not keep_newlines:
        text = " ".join(text.splitlines())
    out = html.escape(text, quote=True)
    out = out.translate(_MD_INLINE)
    if keep_newlines:
        out = "\n".join(_MD_LINE_START.sub(_line_start, line) for line in out.split("\n"))
    else:
        out = _MD_LINE_START.sub(_line_start, out)
    return Markup(out)


def _line_start(match: re.Match[str]) -> str:
    first = match.group(0)
    return f"&#{ord(first[0])};{first[1:]}"


def _finalize(value: object) -> object:
    """Jinja's output hook: Markup passes, None prints nothing, anything else is escaped."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return escape_md(value)


def _join(values: Iterable[object], sep: str = ", ") -> Markup:
    return Markup(escape_md(sep)).join(v if isinstance(v, Markup) else escape_md(v) for v in values)


def safe_url(url: str) -> Markup:
    """A URL built here from slugs; anything unexpected is escaped instead."""
    if _SAFE_URL.fullmatch(url) and not url.lower().startswith("javascript:"):
        return Markup(url)
    return escape_md(url)


def fmt_date(value: dt.date | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def fmt_size(size: int) -> str:
    """A file size for people, with a decimal comma."""
    if size < 1024:
        return f"{size} B"
    for unit in ("KB", "MB", "GB"):
        size_f = size / 1024
        if size_f < 1024 or unit == "GB":
            return f"{size_f:.1f} {unit}".replace(".", ",")
        size = int(size_f)
    return f"{size} B"


# --- what pages show ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """A document as the pages show it: a corpus document or a cited-only one (stub)."""

    key: str  # str(DocumentId); the content path for a document without identity
    label: str
    page: str  # site-relative page path
    doc_id: DocumentId | None
    in_corpus: bool
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    resolved: bool = True
    path: str | None = None  # content file of a corpus document

    @property
    def type_name(self) -> str:
        return self.doc_id.type_name if self.doc_id else "Văn bản"

    @property
    def sort_date(self) -> dt.date:
        return self.date or dt.date.min


@dataclass(slots=True)
class Agent:
    """An issuer, signer, addressee or recipient, and the documents that name it."""

    slug: str
    name: str
    page: str
    issued: set[str] = field(default_factory=set)
    signed: set[str] = field(default_factory=set)
    addressed: set[str] = field(default_factory=set)
    distributed: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.issued | self.signed | self.addressed | self.distributed)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One mention quoted under an edge: the sentence with the mention highlighted."""

    sentence: Markup
    cue: str | None
    line: int
    href: str  # the mention in the citing text
    provision: str | None
    citing_provision: str | None


@dataclass(frozen=True, slots=True)
class EdgeView:
    """One edge in a Lược đồ group, seen from the page's document."""

    other: Node
    relations: tuple[Relation, ...]
    count: int
    evidence: tuple[Evidence, ...]
    more: tuple[tuple[int, str], ...]  # (line, href) of mentions not quoted
    more_hidden: int  # mentions beyond those
    stated_by: Node | None
    notes: tuple[str, ...]
    conflicts: tuple[Markup, ...]  # notes on conflicts this citation takes part in
    resolved: bool
    quoted_in: str | None = None  # the group that quotes this edge's sentences already


@dataclass(frozen=True, slots=True)
class Group:
    """A relation group of the Lược đồ: "Thực hiện (5)", "Được thực hiện (1)"."""

    relation: Relation
    label: str
    anchor: str  # heading id: "di-implements", "den-implements"
    edges: tuple[EdgeView, ...]
    hidden: int  # edges beyond the page's limit, listed on the document's "trich-dan/" page

    @property
    def count(self) -> int:
        return len(self.edges) + self.hidden


@dataclass(frozen=True, slots=True)
class SourceView:
    """Where a conflicting value is stated."""

    who: Markup  # a link to the stating document, or "văn bản này"
    line: int | None
    href: str | None
    quote: str | None


@dataclass(frozen=True, slots=True)
class ConflictColumn:
    value: str
    count: int
    sources: tuple[SourceView, ...]  # the first ones; ``count`` says how many there are
    own: bool  # the document's own metadata states this value

    @property
    def hidden(self) -> int:
        return self.count - len(self.sources)


@dataclass(frozen=True, slots=True)
class ConflictBox:
    property: str
    label: str
    columns: tuple[ConflictColumn, ...]


@dataclass(frozen=True, slots=True)
class PropRow:
    """One row of the Thuộc tính panel."""

    label: str
    values: tuple[Markup, ...]
    source: str | None
    href: str | None  # the line the value was read from
    conflict: ConflictBox | None = None


@dataclass(frozen=True, slots=True)
class StubFact:
    """What one citing mention says about a document that is not in the corpus."""

    who: Node
    href: str
    line: int
    text: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class StatedView:
    """An edge between two other documents that the page's document states."""

    source: Node
    target: Node
    relations: tuple[Relation, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class VagueView:
    citing: Node
    text: str
    reason: str
    line: int
    href: str
    sentence: Markup


# --- the indexes, built once --------------------------------------------------------------------


def _source_key(citation: Citation) -> str:
    if citation.source is not None:
        return str(citation.source)
    return citation.source_path or ""


class SiteIndex:
    """Everything pages look up, indexed once from the extraction and the network."""

    def __init__(self, extraction: Extraction, net: nx.MultiDiGraph) -> None:
        self.extraction = extraction
        self.net = net
        corpus, resolution = extraction.corpus, extraction.resolution
        self.documents: dict[str, Document] = {d.path: d for d in corpus.documents}
        self.nodes: dict[str, Node] = {}
        self.node_of_path: dict[str, Node] = {}
        names = target_names(resolution)
        self.stubs: dict[str, Stub] = {}
        for doc in corpus.documents:
            node = self._corpus_node(doc, duplicate=str(doc.doc_id) in self.nodes)
            self.node_of_path[doc.path] = node
            self.nodes[node.key] = node
        for stub in resolution.stubs:
            key = str(stub.target)
            if key in self.nodes:
                continue
            self.stubs[key] = stub
            label = stub.target.label()
            if stub.target.number is None:
                label = names.get(stub.target) or (stub.titles or (label,))[0]
            self.nodes[key] = Node(
                key=key,
                label=label,
                page=urls.document_page(stub.target),
                doc_id=stub.target,
                in_corpus=False,
                date=stub.dates[0] if len(set(stub.dates)) == 1 else None,
                issuer=stub.issuers[0] if stub.issuers else None,
                title=stub.titles[0] if stub.titles else None,
                resolved=stub.resolved,
            )
        self.outgoing: dict[str, list[Citation]] = defaultdict(list)
        self.incoming: dict[str, list[Citation]] = defaultdict(list)
        self.stated_in: dict[str, list[Citation]] = defaultdict(list)
        for path in sorted(resolution.citations):
            for citation in resolution.citations[path]:
                self._add_edge(citation)
        for citation in resolution.stated:
            self._add_edge(citation)
            if citation.stated_by is not None:
                self.stated_in[citation.stated_by].append(citation)
        self.conflicts_of: dict[str, list[Conflict]] = defaultdict(list)
        self.conflict_notes: dict[tuple[str, str], list[Conflict]] = defaultdict(list)
        for conflict in resolution.conflicts:
            target = str(conflict.target)
            self.conflicts_of[target].append(conflict)
            for value in conflict.values:
                for source in value.sources:
                    if source.start is not None:
                        notes = self.conflict_notes[(source.path, target)]
                        if conflict not in notes:
                            notes.append(conflict)
        self.vague_of: dict[str, list[VagueReference]] = defaultdict(list)
        for ref in resolution.vague:
            self.vague_of[ref.path].append(ref)
        self.problems_of: dict[str, list[Problem]] = defaultdict(list)
        for problem in self.problems():
            self.problems_of[problem.file].append(problem)
        self.agents = self._agents()

    def _corpus_node(self, doc: Document, duplicate: bool) -> Node:
        """A corpus document's node; one without identity, or whose identity an earlier file
        already has (a duplicate-document warning), gets a page named by its file."""
        meta = doc.meta
        if doc.doc_id is not None and not duplicate:
            key, page, label = str(doc.doc_id), urls.document_page(doc.doc_id), doc.doc_id.label()
        else:
            key, page = doc.path, urls.unidentified_page(doc.path)
            label = (
                f"{doc.doc_id.label()} (bản trùng: {doc.path})"
                if doc.doc_id is not None
                else f"Văn bản chưa xác định ({doc.path})"
            )
        return Node(
            key=key,
            label=label,
            page=page,
            doc_id=doc.doc_id,
            in_corpus=True,
            date=meta.date.value if meta.date else None,
            issuer=meta.issuer.value if meta.issuer else None,
            title=meta.title.value if meta.title else None,
            path=doc.path,
        )

    def _add_edge(self, citation: Citation) -> None:
        source, target = _source_key(citation), str(citation.target)
        if source == target or target not in self.nodes:
            return
        self.outgoing[source].append(citation)
        self.incoming[target].append(citation)

    def _agents(self) -> dict[str, Agent]:
        agents: dict[str, Agent] = {}

        def add(name: str, role: str, node: Node) -> None:
            name = " ".join(name.split())
            if not name or NOT_AGENT.match(name):
                return
            page = urls.agent_page(name)
            slug = page.removeprefix(urls.AGENTS).rstrip("/")
            agent = agents.get(slug)
            if agent is None:
                agent = agents[slug] = Agent(slug, name, page)
            getattr(agent, role).add(node.key)

        for doc in self.extraction.corpus.documents:
            node = self.node_of_path[doc.path]
            meta = doc.meta
            if meta.issuer:
                add(meta.issuer.value, "issued", node)
            if meta.signer:
                add(meta.signer.value, "signed", node)
            for name in meta.addressees.value if meta.addressees else ():
                add(name, "addressed", node)
            for name in meta.recipients.value if meta.recipients else ():
                add(name, "distributed", node)
        for key, stub in sorted(self.stubs.items()):
            for issuer in stub.issuers:
                add(issuer, "issued", self.nodes[key])
        return dict(sorted(agents.items()))

    def problems(self) -> list[Problem]:
        """Every problem of the build: refused files, document warnings, resolution warnings."""
        corpus, resolution = self.extraction.corpus, self.extraction.resolution
        found = [
            *corpus.problems,
            *(p for doc in corpus.documents for p in doc.problems),
            *resolution.warnings,
        ]
        return sorted(set(found), key=lambda p: (p.file, p.line or 0, p.code, p.message))

    def node(self, key: str) -> Node | None:
        return self.nodes.get(key)

    def corpus_nodes(self) -> list[Node]:
        return sorted(self.node_of_path.values(), key=_by_date_desc)

    def all_nodes(self) -> list[Node]:
        return sorted(self.nodes.values(), key=_by_date_desc)


def _by_date_desc(node: Node) -> tuple[int, str]:
    return (-node.sort_date.toordinal(), node.key)


# --- one page's view models ----------------------------------------------------------------------


class PageMaker:
    """Builds the view models of one page, with links relative to that page."""

    def __init__(self, index: SiteIndex, here: str) -> None:
        self.index = index
        self.here = here

    def url(self, to: str) -> str:
        return urls.relative(self.here, to)

    def link(self, node: Node, label: str | None = None) -> Markup:
        return link_html(self.here, node, label)

    def agent_link(self, name: str) -> Markup:
        return agent_link_html(self.here, name)

    def mention_href(self, path: str | None, mention: Mention) -> str:
        node = self.index.node_of_path.get(path or "")
        if node is None:
            return ""
        anchor = f"#m-{mention.start}"
        return anchor if node.page == self.here else self.url(node.page) + anchor

    def line_href(self, path: str, line: int | None) -> str | None:
        node = self.index.node_of_path.get(path)
        doc = self.index.documents.get(path)
        if node is None or doc is None or line is None or line < body_line(doc):
            return None
        anchor = f"#L{line}"
        return anchor if node.page == self.here else self.url(node.page) + anchor

    # -- Lược đồ ---------------------------------------------------------------------------------

    def evidence(
        self, citation: Citation, limit: int = EVIDENCE_SHOWN
    ) -> tuple[tuple[Evidence, ...], tuple[tuple[int, str], ...]]:
        path = citation.stated_by or citation.source_path
        shown: list[Evidence] = []
        more: list[tuple[int, str]] = []
        seen: set[int] = set()
        for m in sorted(citation.mentions, key=lambda m: m.start):
            if m.start in seen:
                continue
            seen.add(m.start)
            href = self.mention_href(path, m)
            own = href.startswith("#")
            if len(shown) < (1 if own else limit):
                shown.append(
                    Evidence(
                        highlight(m, OWN_WINDOW if own else SENTENCE_WINDOW),
                        m.cue,
                        m.line,
                        href,
                        m.cited_provision,
                        m.citing_provision,
                    )
                )
            else:
                more.append((m.line, href))
        return tuple(shown), tuple(more)

    def edge(
        self, citation: Citation, other_key: str, incoming: bool, evidence_limit: int
    ) -> EdgeView | None:
        other = self.index.node(other_key)
        if other is None:
            return None
        evidence, more = self.evidence(citation, evidence_limit)
        more_hidden = max(0, len(more) - LINES_SHOWN)
        stated_by = self.index.node_of_path.get(citation.stated_by) if citation.stated_by else None
        notes: list[Markup] = []
        citing_path = citation.source_path if not citation.stated else None
        # on the conflicting document's own page the Thuộc tính panel shows the conflict
        if citing_path is not None and not incoming:
            for conflict in self.index.conflict_notes.get((citing_path, str(citation.target)), ()):
                notes.append(self.conflict_note(conflict, citing_path, incoming))
        return EdgeView(
            other=other,
            relations=citation.relations,
            count=citation.count,
            evidence=evidence,
            more=more[:LINES_SHOWN],
            more_hidden=more_hidden,
            stated_by=stated_by,
            notes=citation.notes,
            conflicts=tuple(notes),
            resolved=citation.resolved,
        )

    def groups(
        self,
        key: str,
        incoming: bool,
        limit: int | None = None,
        evidence_limit: int = EVIDENCE_SHOWN,
    ) -> list[Group]:
        """The relation groups of one direction. An edge with several relations is listed in
        each group, its sentences quoted in the first only."""
        citations = (self.index.incoming if incoming else self.index.outgoing).get(key, [])
        by_relation: dict[Relation, list[tuple[tuple[Any, ...], int, EdgeView]]] = defaultdict(list)
        for n, citation in enumerate(citations):
            other = _source_key(citation) if incoming else str(citation.target)
            view = self.edge(citation, other, incoming, evidence_limit)
            if view is None:
                continue
            first = min((m.start for m in citation.mentions), default=0)
            order: tuple[Any, ...] = (
                (-view.other.sort_date.toordinal(), view.other.key, first)
                if incoming
                else (view.stated_by is not None, first, view.other.key)
            )
            for relation in citation.relations:
                by_relation[relation].append((order, n, view))
        prefix = "den" if incoming else "di"
        quoted: dict[int, str] = {}
        out = []
        for relation in sorted(by_relation, key=RELATION_ORDER.__getitem__):
            ranked = sorted(by_relation[relation], key=lambda p: p[0])
            shown = ranked if limit is None else ranked[:limit]
            anchor = f"{prefix}-{relation.value}"
            edges = []
            for _, n, view in shown:
                if n in quoted:
                    view = replace(view, evidence=(), more=(), conflicts=(), quoted_in=quoted[n])
                else:
                    quoted[n] = anchor
                edges.append(view)
            label = relation.inverse_vi if incoming else relation.label_vi
            out.append(
                Group(
                    relation,
                    label[:1].upper() + label[1:],
                    anchor,
                    tuple(edges),
                    len(ranked) - len(shown),
                )
            )
        return out

    def stated_here(self, path: str) -> list[StatedView]:
        out = []
        for citation in self.index.stated_in.get(path, []):
            source = self.index.node(_source_key(citation))
            target = self.index.node(str(citation.target))
            if source is None or target is None:
                continue
            evidence, _ = self.evidence(citation)
            out.append(StatedView(source, target, citation.relations, evidence))
        return out

    def vague(self, path: str) -> list[VagueView]:
        node = self.index.node_of_path.get(path)
        if node is None:
            return []
        return [
            VagueView(
                node,
                " ".join(ref.mention.text.split()),
                ref.reason,
                ref.mention.line,
                self.mention_href(path, ref.mention),
                highlight(ref.mention),
            )
            for ref in sorted(self.index.vague_of.get(path, []), key=lambda r: r.mention.start)
        ]

    # -- conflicts -------------------------------------------------------------------------------

    def source_view(self, source: Source, own_path: str | None) -> SourceView:
        """A conflicting value's source: the document and line, linked to the place."""
        label = self.source_label(source)
        quote = source.how.rsplit(": ", 1)[-1].strip("“”") if source.start is not None else None
        return SourceView(label, source.line, None, quote)

    def conflict_box(
        self, conflict: Conflict, own_path: str | None, limit: int = SOURCES_SHOWN
    ) -> ConflictBox:
        columns = []
        for value in conflict.values:
            own = any(s.start is None and s.path == own_path for s in value.sources)
            columns.append(
                ConflictColumn(
                    value=conflict_value(conflict.property, value.value),
                    count=value.count,
                    sources=tuple(self.source_view(s, own_path) for s in value.sources[:limit]),
                    own=own,
                )
            )
        columns.sort(key=lambda c: not c.own)
        return ConflictBox(
            conflict.property,
            CONFLICT_LABELS.get(conflict.property, conflict.property),
            tuple(columns),
        )

    def conflict_note(self, conflict: Conflict, citing_path: str, incoming: bool) -> Markup:
        """A sentence on a citation: what the citing text says against what others say."""
        target = self.index.node(str(conflict.target))
        prop = CONFLICT_LABELS.get(conflict.property, conflict.property).lower()
        about = target.label if target is not None else str(conflict.target)
        citing = self.index.node_of_path.get(citing_path)
        parts: list[Markup] = []
        for value in conflict.values:
            shown = escape_md(conflict_value(conflict.property, value.value))
            if any(s.path == citing_path and s.start is not None for s in value.sources):
                who = "văn bản này" if not incoming else (citing.label if citing else citing_path)
                parts.insert(0, Markup("{} ghi <strong>{}</strong>").format(escape_md(who), shown))
            else:
                where = _join(self.source_label(s) for s in value.sources[:NOTE_SOURCES])
                hidden = len(value.sources) - NOTE_SOURCES
                if hidden > 0 and target is not None:
                    more = self.url(target.page) + "#thuoc-tinh"
                    where = Markup('{} và <a href="{}">{} nguồn khác</a>').format(
                        where, safe_url(more), hidden
                    )
                parts.append(Markup("{} ghi <strong>{}</strong>").format(where, shown))
        return Markup("Mâu thuẫn về {} của {}: {}.").format(
            escape_md(prop), escape_md(about), _join(parts, "; ")
        )

    def source_label(self, source: Source) -> Markup:
        """Who states a value, linked to the place: "Chỉ thị 33/CT-TTg (tự ghi, dòng 10)"."""
        node = self.index.node_of_path.get(source.path)
        if node is None:
            return escape_md(f"{source.path}:{source.line}" if source.line else source.path)
        own = node.page == self.here
        label = "văn bản này" if own else node.label
        if source.start is None:
            href = self.line_href(source.path, source.line)
            where = f"{label} (tự ghi, dòng {source.line})" if source.line else f"{label} (tự ghi)"
        else:
            anchor = f"#m-{source.start}"
            href = anchor if own else self.url(node.page) + anchor
            where = f"{label}, dòng {source.line}" if source.line else label
        if href is None:
            return escape_md(where)
        return Markup('<a href="{}">{}</a>').format(safe_url(href), escape_md(where))


def link_html(here: str, node: Node, label: str | None = None) -> Markup:
    if node.in_corpus:
        return Markup('<a href="{}">{}</a>').format(
            safe_url(urls.relative(here, node.page)), escape_md(label or node.label)
        )
    return Markup('<a class="lc-stub" href="{}">{}</a>').format(
        safe_url(urls.relative(here, node.page)), escape_md(label or node.label)
    )


def agent_link_html(here: str, name: str) -> Markup:
    name = " ".join(name.split())
    if NOT_AGENT.match(name):
        return escape_md(name)
    return Markup('<a href="{}">{}</a>').format(
        safe_url(urls.relative(here, urls.agent_page(name))), escape_md(name)
    )


CONFLICT_LABELS = {
    "date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "type": "Loại văn bản",
    "title": "Trích yếu",
}


# The resolver's notes and reasons (graph/resolve.py, English) as the pages say them.
_NOTES_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), vi)
    for pattern, vi in (
        (r"^collective reference$", "tham chiếu chung đến nhiều văn bản"),
        (r"^anaphora without an antecedent$", "“nêu trên” không chỉ được văn bản nào trước đó"),
        (r"^anaphora: the previous citation$", "“nêu trên”: văn bản được trích dẫn ngay trước"),
        (
            r"^same title as a dated mention in this text$",
            "cùng tên với một trích dẫn có ghi ngày trong văn bản này",
        ),
        (
            r"^year (\d+) from another mention in this text$",
            r"năm \1 lấy từ một trích dẫn khác trong văn bản này",
        ),
        (
            r"^year unknown; merged with the only candidate \((\d+)\)$",
            r"không rõ năm; gộp với văn bản duy nhất phù hợp (năm \1)",
        ),
        (
            r"^year unknown; (\d+) candidates \((.*)\): not merged$",
            r"không rõ năm; \1 văn bản có thể phù hợp (\2): không gộp",
        ),
        (r"^year unknown; no candidate$", "không rõ năm; không có văn bản nào phù hợp"),
        (r"^identified by title: (.*)$", r"xác định qua tên gọi: \1"),
        (r"^unresolved title: (.*)$", r"chưa xác định được qua tên gọi: \1"),
    )
)


_ISO = r"(\d{4})-(\d\d)-(\d\d)"  # a date in a reason, written back as \3/\2/\1 (dd/mm/yyyy)

# The title rule's reasons (graph/titles.py), inside "identified by title: …" and "unresolved
# title: …": '<type slug> “<title>”: <reason>', then ' [<source>]' when identified.
_TITLE_REASONS_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern.replace("ISO", _ISO)), vi)
    for pattern, vi in (
        (r"^title not in the known-titles list$", "tên không có trong danh mục tên đã biết"),
        (r"^matched by the stated date ISO$", r"khớp với ngày ghi kèm trích dẫn \3/\2/\1"),
        (r"^matched by the stated year (\d+)$", r"khớp với năm ghi kèm trích dẫn \1"),
        (
            r"^(\d+) known entries of (\d+) \(stated date ISO\)$",
            r"\1 văn bản đã biết cùng tên trong năm \2 (ngày ghi kèm \5/\4/\3)",
        ),
        (r"^(\d+) known entries of (\d+)$", r"\1 văn bản đã biết cùng tên trong năm \2"),
        (
            r"^the only known entry \((.+)\) was passed after ISO$",
            r"văn bản duy nhất đã biết có tên này (\1) được thông qua sau \4/\3/\2",
        ),
        (r"^the only known entry$", "văn bản duy nhất đã biết có tên này"),
        (
            r"^(\d+) entries share the title and no date is stated$",
            r"\1 văn bản cùng tên, trích dẫn không ghi ngày",
        ),
        (
            r"^(\d+) entries, the date of (.+) is unknown$",
            r"\1 văn bản cùng tên, không rõ ngày của \2",
        ),
        (
            r"^no known entry was in force on ISO$",
            r"không văn bản nào đã biết có hiệu lực ngày \3/\2/\1",
        ),
        (
            r"^(.+) was in force on ISO but (.+) was already passed$",
            r"\1 có hiệu lực ngày \4/\3/\2 nhưng \5 đã được thông qua",
        ),
        (
            r"^the entry in force on ISO \(effective date assumed (\d+) days after passing\)$",
            r"văn bản có hiệu lực ngày \3/\2/\1 (giả định hiệu lực \4 ngày sau khi thông qua)",
        ),
        (r"^the entry in force on ISO$", r"văn bản có hiệu lực ngày \3/\2/\1"),
    )
)
_TITLE_NOTE = re.compile(r"^(identified by title|unresolved title): (.*)$")
_TITLE_REASON = re.compile(
    r"^(?P<slug>[a-z0-9-]+)(?P<title> “[^”]*”)?: (?P<reason>.*?)(?: \[(?P<source>[^\]]*)\])?$"
)


def _title_reason_vi(text: str) -> str:
    """'luat “tiếp cận thông tin”: the only known entry [Công báo]' → 'Luật “tiếp cận thông
    tin”: văn bản duy nhất đã biết có tên này (nguồn: Công báo)'; as written if unknown."""
    parts = _TITLE_REASON.match(text)
    if parts is None:
        return text
    reason = parts["reason"]
    for pattern, vi in _TITLE_REASONS_VI:
        if pattern.match(reason):
            reason = pattern.sub(vi, reason)
            break
    else:
        return text
    slug = parts["slug"]
    label = (TYPES_BY_SLUG[slug].name if slug in TYPES_BY_SLUG else slug) + (parts["title"] or "")
    source = f" (nguồn: {parts['source']})" if parts["source"] else ""
    return f"{label}: {reason}{source}"


def note_vi(note: str) -> str:
    """A resolver note in Vietnamese where its form is known; otherwise as written."""
    title = _TITLE_NOTE.match(note)
    if title is not None:
        found = title[1] == "identified by title"
        lead = "xác định qua tên gọi" if found else "chưa xác định được qua tên gọi"
        return f"{lead}: {_title_reason_vi(title[2])}"
    for pattern, vi in _NOTES_VI:
        if pattern.match(note):
            return pattern.sub(vi, note)
    return note


def conflict_value(prop: str, value: str) -> str:
    if prop == "date":
        return fmt_date(value)
    if prop == "type" and value in TYPES_BY_SLUG:
        return TYPES_BY_SLUG[value].name
    return value


def body_line(doc: Document) -> int:
    """The line of the content file where the text after the front matter begins."""
    return doc.text.count("\n", 0, doc.body_start) + 1


def highlight(m: Mention, window: int = SENTENCE_WINDOW) -> Markup:
    """The mention's sentence with the mention marked, cut to ``window`` characters around it."""
    sentence = m.sentence or m.text
    i, j = m.start - m.sentence_start, m.end - m.sentence_start
    if not (0 <= i < j <= len(sentence)) or sentence[i:j] != m.text:
        i = sentence.find(m.text)
        j = i + len(m.text)
    if i < 0:
        return escape_md(_clip_right(sentence, 2 * window))
    before, mid, after = sentence[:i], sentence[i:j], sentence[j:]
    if len(before) > window:
        cut = before.find(" ", len(before) - window)
        before = "…" + before[cut if cut >= 0 else len(before) - window :]
    after = _clip_right(after, window)
    return Markup("{}<mark>{}</mark>{}").format(escape_md(before), escape_md(mid), escape_md(after))


def _clip_right(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"


# --- the annotated text ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class TextLink:
    """A span of a document's text that names another document."""

    start: int
    end: int
    href: str | None
    title: str
    css: str


def text_links(maker: PageMaker, doc: Document) -> list[TextLink]:
    """Every mention in ``doc``'s text, linked to its target's page (vague ones marked)."""
    index = maker.index
    found: dict[int, TextLink] = {}
    direct = index.extraction.resolution.citations.get(doc.path, ())
    for citation in (*direct, *index.stated_in.get(doc.path, ())):
        target = index.node(str(citation.target))
        for m in citation.mentions:
            if m.start in found or target is None:
                continue
            title = ", ".join(r.label_vi for r in citation.relations)
            if m.kind is not MentionKind.NUMBER:  # named by title: say which document it is
                title += f": {target.label}"
            css = "" if target.in_corpus else "lc-stub"
            href = "" if target.page == maker.here else maker.url(target.page)
            found[m.start] = TextLink(m.start, m.end, href or "#", title, css)
    for ref in index.vague_of.get(doc.path, ()):
        m = ref.mention
        found.setdefault(
            m.start,
            TextLink(m.start, m.end, None, f"tham chiếu không xác định: {ref.reason}", "lc-vague"),
        )
    out: list[TextLink] = []
    last = -1
    for link in sorted(found.values()):
        if link.start >= last and 0 <= link.start < link.end <= len(doc.text):
            out.append(link)
            last = link.end
    return out


def annotated_text(doc: Document, links: Sequence[TextLink], lines: Iterable[int]) -> Markup:
    """The document's text after its front matter: escaped, line breaks kept, each mention a
    link (id ``m-<offset>``), and an anchor (``L<line>``) on each line a source points to."""
    text = doc.text
    first = body_line(doc)
    starts: dict[int, int] = {}
    wanted = sorted({n for n in lines if n >= first})
    if wanted:
        offset, line = 0, 1
        for n in wanted:
            while line < n:
                nl = text.find("\n", offset)
                if nl < 0:
                    break
                offset, line = nl + 1, line + 1
            if line == n:
                starts[offset] = n
    events: list[tuple[int, int, Markup]] = []
    for offset, n in starts.items():
        events.append((offset, 0, Markup('<span id="L{}"></span>').format(n)))
    for link in links:
        if link.start < doc.body_start:
            continue
        css = Markup(' class="{}"').format(link.css) if link.css else Markup("")
        if link.href is None:
            tag = Markup('<mark{} id="m-{}" title="{}">').format(
                css, link.start, escape_md(link.title)
            )
            close = Markup("</mark>")
        else:
            tag = Markup('<a{} id="m-{}" href="{}" title="{}">').format(
                css, link.start, safe_url(link.href), escape_md(link.title)
            )
            close = Markup("</a>")
        events.append((link.start, 1, tag))
        events.append((link.end, -1, close))
    events.sort(key=lambda e: (e[0], e[1]))
    parts: list[str] = []
    pos = doc.body_start
    while pos < len(text) and text[pos] == "\n":
        pos += 1
    for offset, _, tag in events:
        offset = max(offset, pos)
        parts.append(escape_md(text[pos:offset], keep_newlines=True))
        parts.append(tag)
        pos = offset
    parts.append(escape_md(text[pos:].rstrip(), keep_newlines=True))
    return Markup("".join(parts))


# --- the Thuộc tính panel ------------------------------------------------------------------------

# (attribute of Metadata, label); "received" and "identifier" are built apart.
PROPERTY_ROWS: tuple[tuple[str, str], ...] = (
    ("number", "Số hiệu"),
    ("doc_type", "Loại văn bản"),
    ("system", "Hệ thống"),
    ("issuer", "Cơ quan ban hành"),
    ("drafting_unit", "Đơn vị soạn thảo"),
    ("place", "Nơi ban hành"),
    ("date", "Ngày ban hành"),
    ("title", "Trích yếu"),
    ("addressees", "Kính gửi"),
    ("recipients", "Nơi nhận"),
    ("signing_authority", "Thẩm quyền ký"),
    ("signer_title", "Chức danh"),
    ("signer", "Người ký"),
    ("attachments", "Văn bản gửi kèm"),
    ("received", "Số đến, ngày đến"),
    ("effective_date", "Ngày hiệu lực"),
    ("identifier", "Mã định danh"),
)
AGENT_FIELDS = frozenset({"issuer", "signer", "addressees", "recipients"})
CONFLICT_FIELD = {"date": "date", "issuer": "issuer", "doc_type": "type", "title": "title"}


def property_rows(maker: PageMaker, doc: Document, node: Node) -> list[PropRow]:
    meta = doc.meta
    conflicts = {c.property: c for c in maker.index.conflicts_of.get(node.key, ())}
    rows: list[PropRow] = []
    for attr, label in PROPERTY_ROWS:
        if attr == "received":
            rows.append(_received_row(maker, doc, label))
            continue
        if attr == "identifier":
            rows.append(_identifier_row(doc, label))
            continue
        value: Field[Any] | None = getattr(meta, attr)
        conflict = conflicts.get(CONFLICT_FIELD.get(attr, ""))
        box = maker.conflict_box(conflict, doc.path) if conflict is not None else None
        if value is None:
            rows.append(PropRow(label, (), None, None, box))
            continue
        rows.append(
            PropRow(
                label,
                _field_values(maker, attr, value.value),
                _source_vi(value),
                maker.line_href(doc.path, value.line) if value.origin is Origin.EXTRACTED else None,
                box,
            )
        )
    return rows


def _source_vi(value: Field[Any]) -> str:
    """Where a value comes from, as the page says it: a value given in the YAML front matter
    is "khai báo đầu tệp" (Field.source says "front matter", the README's term)."""
    if value.origin is Origin.GIVEN:
        return "khai báo đầu tệp" + (f", dòng {value.line}" if value.line else "")
    return value.source()


def _field_values(maker: PageMaker, attr: str, value: object) -> tuple[Markup, ...]:
    items = list(value) if isinstance(value, tuple) else [value]
    out = []
    for item in items:
        if isinstance(item, System):
            out.append(escape_md(item.label_vi))
        elif isinstance(item, dt.date):
            out.append(escape_md(fmt_date(item)))
        elif attr == "doc_type" and isinstance(item, str) and item in TYPES_BY_SLUG:
            out.append(
                Markup('<a href="{}">{}</a>').format(
                    safe_url(maker.url(urls.type_page(item))), TYPES_BY_SLUG[item].name
                )
            )
        elif attr in AGENT_FIELDS:
            out.append(maker.agent_link(str(item)))
        else:
            out.append(escape_md(item))
    return tuple(out)


def _received_row(maker: PageMaker, doc: Document, label: str) -> PropRow:
    stamp = doc.meta.received
    if stamp is None:
        return PropRow(label, (), None, None)
    parts = []
    if stamp.number:
        parts.append(f"số đến {stamp.number}")
    if stamp.date:
        parts.append(f"ngày đến {fmt_date(stamp.date)}")
    if stamp.office:
        parts.append(stamp.office)
    if stamp.routing:
        parts.append(f"phiếu chuyển {len(stamp.routing)} dòng")
    values = (escape_md(", ".join(parts) or "dấu đến"),)
    where = (
        f"văn bản, dòng {stamp.first_line}–{stamp.last_line} (dấu đến trên bản nhận, "
        "không phải số hiệu của văn bản)"
    )
    return PropRow(label, values, where, maker.line_href(doc.path, stamp.first_line))


def _identifier_row(doc: Document, label: str) -> PropRow:
    if doc.doc_id is None:
        return PropRow(label, (), "không xác định được: thiếu số hiệu hoặc loại văn bản", None)
    values = (
        Markup("<code>{}</code>").format(escape_md(str(doc.doc_id))),
        Markup("<code>{}</code>").format(escape_md(document_iri(doc.doc_id))),
    )
    return PropRow(label, values, "suy ra: hệ thống, loại văn bản, năm, số hiệu", None)


def stub_facts(maker: PageMaker, key: str) -> list[StubFact]:
    """Per citing mention, what it says of a cited document (number, type, date, …)."""
    out = []
    for citation in maker.index.incoming.get(key, []):
        if citation.stated:
            continue
        who = maker.index.node_of_path.get(citation.source_path or "")
        if who is None:
            continue
        for m in sorted(citation.mentions, key=lambda m: m.start):
            doc_type = TYPES_BY_SLUG[m.doc_type].name if m.doc_type in TYPES_BY_SLUG else None
            out.append(
                StubFact(
                    who=who,
                    href=maker.mention_href(citation.source_path, m),
                    line=m.line,
                    text=" ".join(m.text.split()),
                    doc_type=m.type_word or doc_type,
                    date=fmt_date(m.date) if m.date else (str(m.year) if m.year else None),
                    issuer=m.issuer,
                    title=m.title if m.title and m.kind.value == "number" else None,
                )
            )
    return out


# --- structured data -----------------------------------------------------------------------------

# schema.org's legislationChanges covers amendment, replacement, correction and repeal.
CHANGES = frozenset(
    {
        Relation.AMENDS,
        Relation.REPLACES,
        Relation.REPEALS,
        Relation.CORRECTS,
        Relation.TERMINATES,
        Relation.SUSPENDS,
    }
)


def legislation_jsonld(index: SiteIndex, node: Node, site_url: str | None) -> dict[str, Any]:
    """schema.org ``Legislation`` for a document's page head."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Legislation"}
    if node.doc_id is not None:
        data["@id"] = document_iri(node.doc_id)
        if node.doc_id.number:
            data["legislationIdentifier"] = node.doc_id.number
        data["legislationType"] = node.doc_id.type_name
    data["name"] = node.label + (f": {node.title}" if node.title else "")
    if node.date:
        data["legislationDate"] = node.date.isoformat()
    if node.issuer:
        data["legislationPassedBy"] = {"@type": "Organization", "name": node.issuer}
    data["inLanguage"] = "vi"
    if site_url:
        data["url"] = site_url + node.page
    changes: dict[str, str] = {}
    consolidates: dict[str, str] = {}
    for citation in index.outgoing.get(node.key, []):
        target = index.node(str(citation.target))
        if target is None or target.doc_id is None:
            continue
        if CHANGES.intersection(citation.relations):
            changes[document_iri(target.doc_id)] = target.label
        if Relation.CONSOLIDATES in citation.relations:
            consolidates[document_iri(target.doc_id)] = target.label
    if changes:
        data["legislationChanges"] = [{"@id": k, "name": v} for k, v in sorted(changes.items())]
    if consolidates:
        data["legislationConsolidates"] = [
            {"@id": k, "name": v} for k, v in sorted(consolidates.items())
        ]
    return data


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def script_json(data: object) -> str:
    """JSON to print inside a ``<script>`` element: ``<``, ``>``, ``&`` and ``'`` are
    written as ``\\u003c`` …, so no value can close the element (as Jinja's ``tojson``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(c, c) for c in text)


def page_meta(title: str, description: str | None = None, **extra: Any) -> dict[str, Any]:
    """A page's front matter. Material prints ``title`` and ``description`` into the page
    unescaped, so they are escaped here (as text in HTML, and inert in Markdown)."""
    meta: dict[str, Any] = {"title": str(escape_md(title))}
    if description:
        meta["description"] = str(escape_md(" ".join(description.split())[:300]))
    meta.update(extra)
    return meta


def yaml_front_matter(meta: Mapping[str, Any]) -> str:
    dumped = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{dumped}---\n"


def front_matter(title: str, description: str | None = None, **extra: Any) -> str:
    """:func:`page_meta` as YAML front matter."""
    return yaml_front_matter(page_meta(title, description, **extra))


# --- the Atom feed -------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(index: SiteIndex, site_url: str | None) -> str:
    """Atom 1.0 of the corpus documents that have a date, newest first. ``updated`` is the
    newest document's date, never the time of the build; entry ids are document IRIs."""
    ET.register_namespace("", ATOM)
    dated = [n for n in index.corpus_nodes() if n.date is not None]

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    def stamp(day: dt.date | None) -> str:
        return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    sub(feed, "id", BASE_IRI)
    sub(feed, "title", "luocdo — văn bản mới")
    sub(feed, "subtitle", "Các văn bản trong kho, mới nhất trước")
    sub(feed, "updated", stamp(dated[0].date if dated else None))
    author = sub(feed, "author")
    sub(author, "name", "luocdo")
    base = site_url or ""
    sub(feed, "link", rel="self", href=base + urls.FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=base or "./")
    for node in dated:
        entry = sub(feed, "entry")
        sub(entry, "id", document_iri(node.doc_id) if node.doc_id else base + node.page)
        sub(entry, "title", node.label + (f": {node.title}" if node.title else ""))
        sub(entry, "updated", stamp(node.date))
        sub(entry, "link", rel="alternate", type="text/html", href=base + node.page)
        summary = ", ".join(x for x in (node.issuer, fmt_date(node.date)) if x)
        sub(entry, "summary", summary or node.label)
        if node.issuer:
            sub(sub(entry, "author"), "name", node.issuer)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


# --- the views engineer's module (graph/views.py) -----------------------------------------------


def load_views() -> ModuleType | None:
    """``graph.views`` when it is there; the site is built without views and search if not."""
    try:
        return importlib.import_module(f"{__package__}.views")
    except ModuleNotFoundError as err:
        if err.name != f"{__package__}.views":
            raise
        log.warning(
            "graph/views.py not found: building the site without relationship views and search"
        )
        return None


@dataclass(frozen=True, slots=True)
class Assets:
    javascript: tuple[str, ...] = ()
    css: tuple[str, ...] = ()


def install_assets(views: ModuleType | None, docs: Path) -> Assets:
    if views is None:
        return Assets()
    found = views.install_assets(docs)
    js = getattr(found, "javascript", None) or getattr(found, "js", None)
    css = getattr(found, "css", None) or getattr(found, "stylesheets", None)
    if js is not None or css is not None:
        return Assets(tuple(str(p) for p in js or ()), tuple(str(p) for p in css or ()))
    paths = [str(p) for p in found]
    return Assets(
        tuple(p for p in paths if not p.endswith(".css")),
        tuple(p for p in paths if p.endswith(".css")),
    )


# --- rendering ------------------------------------------------------------------------------------


def _environment(loader: Any, finalize: Callable[[object], object]) -> Environment:
    """What both environments share: strict, compiled once, the shared filters."""
    env = Environment(
        loader=loader,
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        auto_reload=False,  # one build: each template is compiled once
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=fmt_date,
        size=fmt_size,
        href=safe_url,
        note_vi=note_vi,
        file_status=lambda status: FILE_STATUS.get(str(status), status),
        replace=_no_filter("replace"),
        urlize=_no_filter("urlize"),
    )
    env.globals.update(url=_url, link=_link, agent_link=_agent_link)
    return env


def make_env(templates: Path) -> Environment:
    """The Jinja environment of the Markdown pages: every printed value is escaped for
    Markdown and HTML (see the module docstring)."""
    env = _environment(FileSystemLoader(str(templates)), _finalize)
    env.filters.update(
        join=_join,
        e=escape_md,
        escape=escape_md,
        keep_lines=lambda text: escape_md(text, keep_newlines=True),
        curie=_curie,
        query_id=lambda name: str(name).removesuffix(".rq"),
        type_name=lambda slug: TYPES_BY_SLUG[slug].name if slug in TYPES_BY_SLUG else slug,
    )
    env.globals.update(md_link=_md_link)
    return env


def make_html_env(loader: Any) -> Environment:
    """The Jinja environment of the corpus pages (``*.html.j2``), whose output is HTML that
    Markdown never reads: values are escaped for HTML only."""
    return _environment(loader, _finalize_html)


def _finalize_html(value: object) -> object:
    return "" if value is None else value


def _curie(iri: str) -> str:
    for prefix, namespace in (("eli:", "http://data.europa.eu/eli/ontology#"),):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def _no_filter(name: str) -> Callable[..., Any]:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise TypeError(f"the '{name}' filter is not Markdown-safe; build the value in Python")

    return refuse


@pass_context
def _url(ctx: Context, to: str) -> Markup:
    """A link from the page being rendered (``here``) to a site path."""
    return safe_url(urls.relative(str(ctx["here"]), to))


@pass_context
def _link(ctx: Context, node: Node, label: str | None = None) -> Markup:
    """An HTML link to a document's page, from the page being rendered."""
    return link_html(str(ctx["here"]), node, label)


@pass_context
def _agent_link(ctx: Context, name: str) -> Markup:
    return agent_link_html(str(ctx["here"]), name)


@pass_context
def _md_link(ctx: Context, label: object, to: str, anchor: str = "") -> Markup:
    """A Markdown link to a page, checked by MkDocs (``to`` is a page path or a file)."""
    target = urls.relative(str(ctx["here"]), to)
    if target.endswith("/") or not target:
        target += "index.md"
    return Markup("[{}]({}{})").format(escape_md(label), safe_url(target), safe_url(anchor))


@dataclass(slots=True)
class Writer:
    """Renders templates into the docs folder and counts the pages.

    ``*.md.j2`` templates give Markdown pages, which MkDocs builds; ``*.html.j2`` templates
    give the corpus pages: front matter, then an HTML body, which graph.theme builds
    (their paths are collected in ``corpus``)."""

    env: Environment
    docs: Path
    html_env: Environment | None = None
    pages: int = 0
    corpus: list[str] = field(default_factory=list)

    def write(self, template: str, page: str, **context: Any) -> None:
        source = page + "index.md" if page.endswith("/") or not page else page
        text = self.env.get_template(template).render(here=page, **context)
        self._save(source, text)

    def write_html(self, template: str, page: str, meta: Mapping[str, Any], **context: Any) -> None:
        if self.html_env is None:
            self.html_env = make_html_env(self.env.loader)
        env = self.html_env
        source = page + "index.md"
        body = env.get_template(template).render(here=page, **context)
        self._save(source, yaml_front_matter(meta) + body)
        self.corpus.append(source)

    def _save(self, source: str, text: str) -> None:
        target = self.docs / source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        self.pages += 1


@dataclass(frozen=True, slots=True)
class SiteResult:
    """What the site build did: pages written and MkDocs' warnings (empty when clean)."""

    pages: int
    warnings: tuple[str, ...]
    views: bool  # relationship views and search were built

    def as_report(self) -> dict[str, Any]:
        return {"pages": self.pages, "warnings": list(self.warnings), "views": self.views}


def build_site(
    extraction: Extraction,
    net: nx.MultiDiGraph,
    report: Mapping[str, Any],
    out: Path,
    *,
    templates: Path = TEMPLATES,
    root_config: Path = ROOT_CONFIG,
    site_url: str | None = None,
    jobs: int = 1,
    previous: Path | None = None,
    timings: Timings | None = None,
) -> SiteResult:
    """Render ``out/docs`` and build ``out/site`` with MkDocs and graph.theme.

    ``out/data`` must hold the graph's downloads already; they are linked into the docs.
    ``site_url`` (default: the ``LUOCDO_SITE_URL`` environment variable) makes the feed,
    the sitemap and the JSON-LD use absolute URLs. ``jobs``: processes for the corpus
    pages. ``previous``: the last build's output folder, whose unchanged pages and search
    bundles are reused (``out/search.json`` records what each bundle indexed).
    ``timings`` gets the seconds of each step (``site.pages``, ``site.mkdocs``, ...).
    """
    from .theme import MANIFEST, CorpusPages

    clock = timings if timings is not None else Timings()
    site_url = site_url if site_url is not None else os.environ.get("LUOCDO_SITE_URL") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    docs, site = out / "docs", out / "site"
    for folder in (docs, site):
        if folder.exists():
            shutil.rmtree(folder)
    docs.mkdir(parents=True)
    if (out / "data").is_dir():
        link_tree(out / "data", docs / "data")

    index = SiteIndex(extraction, net)
    views = load_views()
    assets = install_assets(views, docs)
    env = make_env(templates)
    writer = Writer(env, docs, make_html_env(env.loader))
    clock.step("site.index")
    render_pages(writer, index, report, docs, views, site_url, templates, jobs, previous)
    clock.step("site.pages")
    (docs / urls.FEED).write_text(atom_feed(index, site_url), encoding="utf-8", newline="\n")
    log.info("trang web: %d trang Markdown trong %s", writer.pages, docs)
    if views is not None:
        views.write_global_view(net, docs, _url_of(index))
    clock.step("site.global-view")

    config = write_config(out, root_config, templates, assets, site_url)
    newest = max((n.date for n in index.corpus_nodes() if n.date), default=None)
    plugin = CorpusPages(
        writer.corpus,
        linked=(urls.DATA, urls.VIEWS),
        jobs=jobs,
        previous=previous,
    )
    warnings = run_mkdocs(config, newest, plugin)
    for warning in warnings:
        log.warning("MkDocs: %s", warning)
    manifest = json.dumps(plugin.digests, indent=0, sort_keys=True) + "\n"
    (out / MANIFEST).write_text(manifest, encoding="utf-8", newline="\n")
    log.info(
        "trang web: %d trang văn bản, %d dùng lại từ lần dựng trước",
        len(plugin.digests),
        plugin.reused,
    )
    clock.step("site.mkdocs")
    if views is not None:
        log.info("trang web: lập chỉ mục tìm kiếm (Pagefind)")
        pages = [n.page for n in index.nodes.values()]
        searched = views.index_search(
            site,
            shards=views.page_shards(pages),
            previous=previous / "site" if previous is not None else None,
        )
        log.info(
            "tìm kiếm: %d chỉ mục, %d dùng lại từ lần dựng trước",
            len(searched.bundles),
            searched.reused,
        )
        clock.step("site.search")
    return SiteResult(writer.pages, tuple(warnings), views is not None)


def _url_of(index: SiteIndex) -> Callable[[str], str | None]:
    pages = {key: node.page for key, node in index.nodes.items()}
    return pages.get


def render_pages(
    writer: Writer,
    index: SiteIndex,
    report: Mapping[str, Any],
    docs: Path,
    views: ModuleType | None,
    site_url: str | None,
    templates: Path,
    jobs: int = 1,
    previous: Path | None = None,
) -> None:
    """Every page of the site: the corpus pages ``jobs`` at a time (reusing the ``previous``
    build's where their inputs are unchanged), then the others."""
    stats = site_stats(index, report)
    inputs = corpus_pages(writer, index, views, site_url, jobs, previous)
    text = json.dumps(inputs, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    (docs.parent / INPUTS).write_text(text, encoding="utf-8", newline="\n")
    index_pages(writer, index, stats)
    report_pages(writer, index, report, stats)
    generic_pages(writer, index, report, stats, docs, views, templates)
    writer.write(
        "home.md.j2",
        urls.HOME,
        stats=stats,
        index=index,
        newest=[n for n in index.corpus_nodes()][:NEWEST_SHOWN],
        most_cited=_most_cited(index),
        views=views is not None,
        # the header has no search (Material's plugin is off): a box that opens tim-kiem/?q=…
        search_box=Markup(views.search_box_html("")) if views is not None else "",
    )


# Corpus pages (and their views) a worker renders at a time.
CORPUS_CHUNK = 64
# out/INPUTS: for each corpus item ("node KEY", "agent SLUG"), the digest of what its pages
# and views are made of, and the docs files it wrote; the next build links those files
# instead of rendering an item whose digest is unchanged.
INPUTS = "inputs.json"
# out/VIEW_INPUTS: each node's facts digest and each view's digest (ViewWriter), so that a
# rebuild works out again only the views within reach of a node whose facts changed.
VIEW_INPUTS = "view-inputs.json"
AGENT_ROLES = ("issued", "signed", "addressed", "distributed")


@dataclass(frozen=True, slots=True)
class _CorpusWork:
    writer: Writer
    index: SiteIndex
    views: ModuleType | None
    site_url: str | None
    view_writer: Any
    inputs: PageInputs  # item → digest of its inputs (pages only)
    previous: Mapping[str, tuple[str, list[str]]]  # item → (digest, files), last build
    previous_docs: Path | None
    view_digests: Mapping[str, str]  # node → its views' digest, where the last build's holds
    folders: set[Path] = field(default_factory=set)  # made in docs/ by this process


_CORPUS: _CorpusWork | None = None


def corpus_pages(
    writer: Writer,
    index: SiteIndex,
    views: ModuleType | None,
    site_url: str | None,
    jobs: int,
    previous: Path | None = None,
) -> dict[str, tuple[str, list[str]]]:
    """A page per document, stub and agent (and a full citation list where a page shows
    part of it), with each document's views: in ``jobs`` forked processes, which share the
    site index as it is. Their sources are added to ``writer.corpus``. An item whose inputs
    are those of the ``previous`` build (its output folder) has its files linked from it.
    Returns what goes into ``out/inputs.json``."""
    global _CORPUS
    items = [f"node {key}" for key in sorted(index.nodes)]
    items += [f"agent {key}" for key in sorted(index.agents)]
    chunks = [items[i : i + CORPUS_CHUNK] for i in range(0, len(items), CORPUS_CHUNK)]
    view_writer = None
    facts: dict[str, str] = {}
    known: dict[str, str] = {}
    if views is not None:
        view_writer = views.ViewWriter(index.net, writer.docs, _url_of(index))
        facts, known = _known_view_digests(view_writer, index, previous)
    old: dict[str, tuple[str, list[str]]] = {}
    if previous is not None and (previous / INPUTS).is_file():
        raw = json.loads((previous / INPUTS).read_text(encoding="utf-8"))
        old = {item: (entry[0], entry[1]) for item, entry in raw.items()}
    _CORPUS = _CorpusWork(
        writer,
        index,
        views,
        site_url,
        view_writer,
        PageInputs(index, writer.docs, site_url),
        old,
        previous / "docs" if previous is not None else None,
        known,
    )
    try:
        if jobs > 1 and len(chunks) > 1:
            import gc
            import multiprocessing

            gc.collect()
            gc.freeze()  # the workers' garbage collector leaves the shared objects alone
            try:
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    results = list(pool.imap(_corpus_chunk, chunks))
            finally:
                gc.unfreeze()
        else:
            results = [_corpus_chunk(chunk) for chunk in chunks]
    finally:
        _CORPUS = None
    manifest: dict[str, tuple[str, list[str]]] = {}
    view_digests: dict[str, str] = {}
    for sources, pages, done, digests in results:
        writer.corpus.extend(sources)
        writer.pages += pages
        manifest.update(done)
        for key, (fact, view) in digests.items():
            facts[key] = fact
            view_digests[key] = view
    if view_writer is not None:
        state = {
            "code": code_digest().hex(),
            "nodes": {k: [f, view_digests.get(k, "")] for k, f in sorted(facts.items())},
        }
        text = json.dumps(state, indent=0, sort_keys=True) + "\n"
        (writer.docs.parent / VIEW_INPUTS).write_text(text, encoding="utf-8", newline="\n")
    return dict(sorted(manifest.items()))


def _known_view_digests(
    view_writer: Any, index: SiteIndex, previous: Path | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Every node's facts digest, and the view digests of the ``previous`` build that still
    hold: those of the nodes out of reach of every node whose facts changed (a node of the
    network with no page has no recorded facts, so it counts as changed). Nothing without
    a usable previous build."""
    file = previous / VIEW_INPUTS if previous is not None else None
    if file is None or not file.is_file():
        return {}, {}  # the workers work out the facts
    state = json.loads(file.read_text(encoding="utf-8"))
    if state.get("code") != code_digest().hex():
        return {}, {}
    old: dict[str, list[str]] = state["nodes"]
    facts = {key: view_writer.facts(key) for key in sorted(index.nodes) if key in index.net}
    changed = [key for key, digest in facts.items() if old.get(key, [None])[0] != digest]
    changed += [key for key in index.net if key not in facts]
    redo = view_writer.affected(changed)
    known = {
        key: entry[1]
        for key, entry in old.items()
        if key in facts and key not in redo and entry[1]
    }
    return facts, known


def _corpus_chunk(
    items: Sequence[str],
) -> tuple[list[str], int, dict[str, tuple[str, list[str]]], dict[str, tuple[str, str]]]:
    work = _CORPUS
    assert work is not None
    base = work.writer
    writer = Writer(base.env, base.docs, base.html_env)
    index = work.index
    done: dict[str, tuple[str, list[str]]] = {}
    views: dict[str, tuple[str, str]] = {}  # node → its facts' digest and its views'
    for item in items:
        kind, key = item.split(" ", 1)
        digest = work.inputs.digest(item)
        if kind == "node" and work.view_writer is not None:
            view = work.view_digests.get(key)
            if view is None:
                view = work.view_writer.digest(key)
            if key in index.net:
                views[key] = (work.view_writer.facts(key), view)
            digest = _hash(digest, view)
        before = len(writer.corpus)
        if _reuse(work, writer, item, digest):
            done[item] = (digest, work.previous[item][1])
            continue
        if kind == "agent":
            agent_page(writer, index, index.agents[key])
            files = writer.corpus[before:]
        else:
            document_page(writer, index, index.nodes[key], work.views, work.site_url)
            files = writer.corpus[before:]
            if work.view_writer is not None:
                work.view_writer.write(key)
                files = [*files, *work.view_writer.files(key)]
        done[item] = (digest, list(files))
    return writer.corpus, writer.pages, done, views


def _reuse(work: _CorpusWork, writer: Writer, item: str, digest: str) -> bool:
    """Link an unchanged item's files from the previous build's docs folder."""
    old = work.previous.get(item)
    if old is None or old[0] != digest or work.previous_docs is None:
        return False
    sources = [work.previous_docs / f for f in old[1]]
    if not all(f.is_file() for f in sources):
        return False
    for rel, source in zip(old[1], sources, strict=True):
        target = writer.docs / rel
        if target.parent not in work.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            work.folders.add(target.parent)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        if rel.endswith("index.md"):
            writer.corpus.append(rel)
            writer.pages += 1
    return True


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class PageInputs:
    """For each corpus item, a digest of everything its pages show: the node (or agent),
    its document's text and fields, its relations with their quoted sentences, the nodes
    at their other ends and the conflicts about them, what it states about others, its
    warnings and vague references, the sizes of its downloads; and, for all, the code,
    the templates and the site URL. Worked out by the workers, item by item."""

    def __init__(self, index: SiteIndex, docs: Path, site_url: str | None) -> None:
        common = hashlib.sha256(code_digest())
        for file in sorted(TEMPLATES.rglob("*")):
            if file.is_file():
                common.update(file.relative_to(TEMPLATES).as_posix().encode("utf-8"))
                common.update(file.read_bytes())
        common.update(repr(site_url).encode("utf-8"))
        self.base = common.hexdigest()
        self.index = index
        self.docs = docs
        self._near: dict[str, str] = {}

    def _near_digest(self, key: str) -> str:
        """What a page shows of a node at the other end of a relation (once per node: a
        document cited by thousands is at the end of thousands of relations)."""
        found = self._near.get(key)
        if found is None:
            index = self.index
            found = self._near[key] = hashlib.sha256(
                repr((index.nodes.get(key), index.conflicts_of.get(key, ()))).encode("utf-8")
            ).hexdigest()
        return found

    def digest(self, item: str) -> str:
        """The digest of ``item`` ("node KEY", "agent SLUG")."""
        kind, key = item.split(" ", 1)
        index, near = self.index, self._near_digest
        if kind == "agent":
            agent = index.agents[key]
            roles = [sorted(getattr(agent, role)) for role in AGENT_ROLES]
            shown = [near(k) for keys in roles for k in keys]
            return _hash(self.base, repr((agent.name, agent.page, roles, shown)))
        node = index.nodes[key]
        h = hashlib.sha256(self.base.encode("utf-8"))
        parts: list[object] = [node, index.stubs.get(key), index.conflicts_of.get(key, ())]
        doc = index.documents.get(node.path or "")
        if doc is not None:
            h.update(doc.text.encode("utf-8"))
            parts += [
                doc.meta,
                doc.problems,
                index.problems_of.get(doc.path, ()),
                index.vague_of.get(doc.path, ()),
                index.extraction.resolution.self_mentions.get(doc.path, 0),
            ]
            for citation in index.stated_in.get(doc.path, ()):
                parts += [citation, near(_source_key(citation)), near(str(citation.target))]
        for citation in (*index.outgoing.get(key, ()), *index.incoming.get(key, ())):
            parts += [citation, near(_source_key(citation)), near(str(citation.target))]
        if node.doc_id is not None:
            for path in (urls.document_turtle(node.doc_id), urls.document_jsonld(node.doc_id)):
                file = self.docs / path
                parts.append(file.stat().st_size if file.is_file() else None)
        h.update(repr(parts).encode("utf-8"))
        return h.hexdigest()


def _most_cited(index: SiteIndex) -> list[tuple[Node, int]]:
    out = []
    for key, count in most_cited(index.net, MOST_CITED_SHOWN):
        node = index.node(key)
        if node is not None:
            out.append((node, count))
    return out


def document_page(
    writer: Writer, index: SiteIndex, node: Node, views: ModuleType | None, site_url: str | None
) -> None:
    """A corpus document's page, or a cited document's stub page."""
    maker = PageMaker(index, node.page)
    doc = index.documents.get(node.path or "")
    base = urls.relative(node.page, "")
    view = search = None
    if views is not None and node.doc_id is not None:
        view = Markup(views.view_html(node.doc_id, base))
        search = Markup(views.search_keys_html(**_search_fields(node)))
    downloads = []
    if node.doc_id is not None:
        for label, path in (
            ("Turtle", urls.document_turtle(node.doc_id)),
            ("JSON-LD", urls.document_jsonld(node.doc_id)),
        ):
            file = writer.docs / path
            if file.exists():
                downloads.append((label, path, file.stat().st_size))
    outgoing, incoming = fit_groups(
        maker.groups(node.key, incoming=False), maker.groups(node.key, incoming=True)
    )
    stated = maker.stated_here(doc.path) if doc is not None else []
    vague = maker.vague(doc.path) if doc is not None else []
    facts = stub_facts(maker, node.key) if doc is None else []
    full_list = None
    if any(g.hidden for g in (*outgoing, *incoming)) or (
        max(len(stated), len(vague), len(facts)) > PAGE_ITEMS
    ):
        full_list = urls.citations_page(node.page)
        every = PageMaker(index, full_list)
        writer.write_html(
            "citations.html.j2",
            full_list,
            page_meta(f"{node.label}: mọi quan hệ"),
            node=node,
            full_list=None,
            outgoing=every.groups(node.key, False, evidence_limit=1),
            incoming=every.groups(node.key, True, evidence_limit=1),
            stated=every.stated_here(doc.path) if doc is not None else [],
            vague=every.vague(doc.path) if doc is not None else [],
            facts=stub_facts(every, node.key) if doc is None else [],
        )
    context: dict[str, Any] = {
        "node": node,
        "base": base,
        "full_list": full_list,
        "page_items": PAGE_ITEMS,
        "outgoing": outgoing,
        "incoming": incoming,
        "stated": stated,
        "vague": vague,
        "view": view,
        "search": search,
        "downloads": downloads,
        "conflicts": [
            maker.conflict_box(c, node.path) for c in index.conflicts_of.get(node.key, ())
        ],
    }
    meta = page_meta(
        node.label,
        node.title or node.label,
        search=True,
        jsonld=script_json(legislation_jsonld(index, node, site_url)),
    )
    if doc is not None:
        links = text_links(maker, doc)
        lines = {f.line for f in _fields(doc) if f.line}
        if doc.meta.received:
            lines.add(doc.meta.received.first_line)
        lines.update(
            s.line
            for c in index.conflicts_of.get(node.key, ())
            for v in c.values
            for s in v.sources
            if s.line and s.path == doc.path
        )
        context.update(
            doc=doc,
            props=property_rows(maker, doc, node),
            text=annotated_text(doc, links, lines),
            problems=index.problems_of.get(doc.path, []),
            self_mentions=index.extraction.resolution.self_mentions.get(doc.path, 0),
        )
        writer.write_html("document.html.j2", node.page, meta, **context)
    else:
        stub = index.stubs.get(node.key)
        context.update(stub=stub, facts=facts)
        writer.write_html("stub.html.j2", node.page, meta, **context)


def fit_groups(outgoing: list[Group], incoming: list[Group]) -> tuple[list[Group], list[Group]]:
    """The groups as a document page shows them: at most PAGE_EDGES edges in all, shared
    out one by one between the groups, each quoting one sentence when the page is busy."""
    groups = [*outgoing, *incoming]
    sizes = [len(g.edges) for g in groups]
    if sum(sizes) <= PAGE_EDGES:
        return outgoing, incoming
    quotas = [0] * len(sizes)
    budget = PAGE_EDGES
    while budget:
        for i, size in enumerate(sizes):
            if budget and quotas[i] < size:
                quotas[i] += 1
                budget -= 1
    fitted = [
        replace(
            g, edges=tuple(_one_quote(e) for e in g.edges[:q]), hidden=g.hidden + len(g.edges) - q
        )
        for g, q in zip(groups, quotas, strict=True)
    ]
    return fitted[: len(outgoing)], fitted[len(outgoing) :]


def _one_quote(edge: EdgeView) -> EdgeView:
    more = (*((e.line, e.href) for e in edge.evidence[1:]), *edge.more)
    hidden = edge.more_hidden + max(0, len(more) - LINES_SHOWN)
    return replace(edge, evidence=edge.evidence[:1], more=more[:LINES_SHOWN], more_hidden=hidden)


def _fields(doc: Document) -> Iterator[Field[Any]]:
    for attr, _ in PROPERTY_ROWS:
        value = getattr(doc.meta, attr, None)
        if isinstance(value, Field):
            yield value


def _search_fields(node: Node) -> dict[str, Any]:
    return {
        "label": node.label,
        "number": node.doc_id.number if node.doc_id else None,
        "title": node.title,
        "issuer": node.issuer,
        "doc_type": node.doc_id.doc_type if node.doc_id else None,
    }


def agent_page(writer: Writer, index: SiteIndex, agent: Agent) -> None:
    """An agent's page: the documents of each role, the first LIST_ROWS of each; a role
    with more has its own list pages (``co-quan/<slug>/<role>/``)."""

    def nodes(keys: set[str]) -> list[Node]:
        return sorted((index.nodes[k] for k in keys if k in index.nodes), key=_by_date_desc)

    sections = []
    for anchor, heading, role in AGENT_SECTIONS:
        found = nodes(getattr(agent, role))
        more = None
        if len(found) > LIST_ROWS:
            more = f"{agent.page}{anchor}/"
            write_paged(
                writer,
                "list.html.j2",
                more,
                found,
                f"{agent.name}: {heading.lower()}",
                heading=f"{agent.name}: {heading.lower()} ({len(found)})",
                intro=f"{len(found)} văn bản, mới nhất trước.",
            )
        sections.append((anchor, heading, found[:LIST_ROWS], len(found), more))
    writer.write_html(
        "agent.html.j2", agent.page, page_meta(agent.name), agent=agent, sections=sections
    )


AGENT_SECTIONS = (
    ("ban-hanh", "Văn bản ban hành", "issued"),
    ("ky", "Văn bản đã ký", "signed"),
    ("kinh-gui", "Văn bản gửi đến (Kính gửi)", "addressed"),
    ("noi-nhan", "Văn bản nhận để biết, thực hiện (Nơi nhận)", "distributed"),
)

# Rows of one list page (documents by type, by year, by agent role; the timeline; agents):
# a list of the whole national corpus stays a few hundred KB a page.
LIST_ROWS = 200
CONFLICT_ROWS = 50  # conflicts of one page of the report (each quotes up to 20 sources a value)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a list page is among its pages: links to the first, the last and the nearby
    pages, ``None`` for a gap."""

    number: int
    count: int
    links: tuple[tuple[int | None, str], ...]


def pager(first: str, number: int, count: int) -> Pager:
    here = urls.paged(first, number)
    shown = sorted({1, count, *range(max(1, number - 3), min(count, number + 3) + 1)})
    links: list[tuple[int | None, str]] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            links.append((None, ""))
        links.append((n, urls.relative(here, urls.paged(first, n))))
        previous = n
    return Pager(number, count, tuple(links))


def write_paged(
    writer: Writer,
    template: str,
    first: str,
    items: Sequence[Any],
    title: str,
    *,
    key: str = "nodes",
    group: Callable[[Sequence[Any], str], dict[str, Any]] | None = None,
    rows: int = 0,
    **context: Any,
) -> None:
    """``items`` over pages of ``rows`` (default LIST_ROWS), the first at ``first``; each
    page gets its slice as ``key`` (or what ``group`` makes of it and of the page's path)
    and a ``pager``."""
    size = rows or LIST_ROWS
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        page = urls.paged(first, number)
        suffix = f" — trang {number}" if number > 1 else ""
        values = group(chunk, page) if group is not None else {key: chunk}
        writer.write_html(
            template,
            page,
            page_meta(title + suffix),
            pager=pager(first, number, len(chunks)),
            **values,
            **context,
        )


def _timeline_groups(nodes: Sequence[Node], _page: str) -> dict[str, Any]:
    months: dict[tuple[int, int], list[Node]] = {}
    undated = []
    for node in nodes:
        if node.date is None:
            undated.append(node)
        else:
            months.setdefault((node.date.year, node.date.month), []).append(node)
    return {"months": list(months.items()), "undated": undated}


def index_pages(writer: Writer, index: SiteIndex, stats: Mapping[str, Any]) -> None:
    """Văn bản (by type, year, issuer), the type and year pages, agents, the timeline."""
    by_type: dict[str, list[Node]] = defaultdict(list)
    by_year: dict[int | None, list[Node]] = defaultdict(list)
    for node in index.all_nodes():
        by_type[node.doc_id.doc_type if node.doc_id else "van-ban"].append(node)
        year = node.date.year if node.date else (node.doc_id.year if node.doc_id else None)
        by_year[year].append(node)
    types = sorted(by_type, key=lambda t: TYPES_BY_SLUG[t].name if t in TYPES_BY_SLUG else t)
    years = sorted(by_year, key=lambda y: -(y or 0))
    for slug in types:
        name = TYPES_BY_SLUG[slug].name if slug in TYPES_BY_SLUG else slug
        nodes = by_type[slug]
        write_paged(
            writer,
            "list.html.j2",
            urls.type_page(slug),
            nodes,
            f"{name} — theo loại",
            heading=name,
            intro=_list_intro(nodes),
        )
    for year in years:
        heading = f"Năm {year}" if year else "Không rõ năm"
        nodes = by_year[year]
        write_paged(
            writer,
            "list.html.j2",
            urls.year_page(year),
            nodes,
            heading,
            heading=heading,
            intro=_list_intro(nodes),
        )
    type_rows = [
        (
            slug,
            TYPES_BY_SLUG[slug].name if slug in TYPES_BY_SLUG else slug,
            sum(n.in_corpus for n in by_type[slug]),
            sum(not n.in_corpus for n in by_type[slug]),
        )
        for slug in types
    ]
    year_rows = [
        (year, sum(n.in_corpus for n in by_year[year]), sum(not n.in_corpus for n in by_year[year]))
        for year in years
    ]
    agents = sorted(index.agents.values(), key=lambda a: (-a.total, a.slug))
    writer.write("types.md.j2", urls.TYPES, rows=type_rows)
    writer.write("years.md.j2", urls.YEARS, rows=year_rows)
    write_paged(
        writer, "agents.html.j2", urls.AGENTS, agents, "Cơ quan, tổ chức, người ký", key="agents"
    )
    writer.write(
        "documents.md.j2",
        urls.DOCUMENTS,
        types=type_rows,
        years=year_rows,
        agents=[a for a in agents if a.issued][:30],
        stats=stats,
        unidentified=[
            n for n in index.corpus_nodes() if n.page.startswith(urls.DOCUMENTS_UNIDENTIFIED)
        ],
    )
    write_paged(
        writer,
        "timeline.html.j2",
        urls.TIMELINE,
        index.corpus_nodes(),
        "Dòng thời gian",
        group=_timeline_groups,
    )


def _list_intro(nodes: Sequence[Node]) -> str:
    inside = sum(n.in_corpus for n in nodes)
    return (
        f"{inside} văn bản trong kho, {len(nodes) - inside} văn bản ngoài kho "
        "(chỉ được trích dẫn). Mới nhất trước."
    )


def report_pages(
    writer: Writer, index: SiteIndex, report: Mapping[str, Any], stats: Mapping[str, Any]
) -> None:
    resolution = index.extraction.resolution
    def boxes(chunk: Sequence[tuple[int, Conflict]], page: str) -> dict[str, Any]:
        maker = PageMaker(index, page)
        return {
            "conflicts": [
                (n, index.node(str(c.target)), maker.conflict_box(c, _own_path(index, c), 20))
                for n, c in chunk
            ]
        }

    write_paged(
        writer,
        "reports/conflicts.html.j2",
        urls.REPORT_CONFLICTS,
        list(enumerate(resolution.conflicts, start=1)),
        "Mâu thuẫn giữa các nguồn",
        group=boxes,
        rows=CONFLICT_ROWS,
    )

    maker = PageMaker(index, urls.REPORT_UNRESOLVED)
    unresolved = []
    for key, stub in sorted(index.stubs.items()):
        if not stub.resolved:
            node = index.nodes[key]
            cites = [
                (index.node_of_path.get(c.source_path or ""), c)
                for c in index.incoming.get(key, [])
                if not c.stated
            ]
            unresolved.append(
                (node, stub, [(who, maker.evidence(c)[0]) for who, c in cites if who is not None])
            )
    vague = [v for path in sorted(index.vague_of) for v in maker.vague(path)]
    writer.write(
        "reports/unresolved.md.j2", urls.REPORT_UNRESOLVED, unresolved=unresolved, vague=vague
    )

    maker = PageMaker(index, urls.REPORT_WARNINGS)
    problems = [
        (p, index.node_of_path.get(p.file), maker.line_href(p.file, p.line))
        for p in index.problems()
    ]
    writer.write(
        "reports/warnings.md.j2",
        urls.REPORT_WARNINGS,
        problems=problems,
        shacl=report.get("shacl"),
        Severity=Severity,
    )

    files = []
    for path in sorted(report.get("files", {})):
        entry = report["files"][path]
        files.append((path, entry, index.node_of_path.get(path)))
    write_paged(
        writer, "reports/files.html.j2", urls.REPORT_FILES, files, "Tệp đầu vào", key="files"
    )
    writer.write("reports/index.md.j2", urls.REPORTS, stats=stats, report=report)


def _own_path(index: SiteIndex, conflict: Conflict) -> str | None:
    node = index.node(str(conflict.target))
    return node.path if node is not None else None


FILE_STATUS = {
    "built": "đã dựng",
    "built with warnings": "đã dựng, có cảnh báo",
    "refused": "bị từ chối",
}


def site_stats(index: SiteIndex, report: Mapping[str, Any]) -> dict[str, Any]:
    """The counts the home, index and generic pages show."""
    corpus = index.corpus_nodes()
    resolution = index.extraction.resolution
    types = Counter(n.doc_id.doc_type if n.doc_id else "van-ban" for n in corpus)
    systems = Counter(n.doc_id.system.label_vi if n.doc_id else "Không rõ" for n in corpus)
    years = Counter(n.date.year if n.date else None for n in corpus)
    return {
        "inputs": report.get("inputs", len(index.extraction.corpus.files)),
        "documents": len(corpus),
        "refused": len(index.extraction.corpus.problems),
        "stubs": len(index.stubs),
        "citations": sum(len(v) for v in resolution.citations.values()),
        "stated": len(resolution.stated),
        "unresolved": sum(not s.resolved for s in index.stubs.values()),
        "vague": len(resolution.vague),
        "conflicts": len(resolution.conflicts),
        "warnings": len(index.problems()),
        "agents": len(index.agents),
        "by_type": sorted(
            ((TYPES_BY_SLUG[t].name if t in TYPES_BY_SLUG else t, t, c) for t, c in types.items()),
            key=lambda r: (-r[2], r[0]),
        ),
        "by_system": sorted(systems.items(), key=lambda r: (-r[1], r[0])),
        "by_year": sorted(years.items(), key=lambda r: -(r[0] or 0)),
        "status": {FILE_STATUS.get(k, k): v for k, v in report.get("status", {}).items()},
    }


# --- pages from site_templates/pages/ (generic, shared with the views) -------------------------


def vietnamese_lines(lines: Sequence[str]) -> list[str]:
    """The Vietnamese lines of a bilingual comment (the example queries say what they answer
    in Vietnamese, then in English): those where at least a third of the words carry a
    letter outside ASCII. Every line when none does."""

    def vietnamese(line: str) -> bool:
        words = line.split()
        return bool(words) and 3 * sum(not w.isascii() for w in words) >= len(words)

    return [line for line in lines if vietnamese(line)] or list(lines)


def example_queries(folder: Path = QUERIES) -> list[tuple[str, list[str], str]]:
    """Every ``queries/*.rq``: (file name, its leading comment lines, the whole text)."""
    out = []
    for file in sorted(folder.glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        out.append((file.name, comments, text))
    return out


def downloads(docs: Path) -> list[tuple[str, str, int, str]]:
    """(name, site path, size, description) of every graph-wide download."""
    described = {
        "graph.ttl": "Toàn bộ đồ thị tri thức, Turtle (RDF)",
        "graph.nt": "Toàn bộ đồ thị, N-Triples (mỗi dòng một bộ ba)",
        "graph-core.ttl": "Đồ thị rút gọn (không có từng câu trích dẫn), Turtle: trang SPARQL "
        "nạp tệp này",
        "graph.jsonld": "Toàn bộ đồ thị, JSON-LD",
        "graph.graphml": "Mạng trích dẫn cho Gephi, yEd, NetworkX (GraphML)",
        "documents.csv": "Bảng văn bản: mỗi văn bản (trong kho hoặc được trích dẫn) một dòng",
        "edges.csv": "Bảng quan hệ: mỗi cạnh một dòng, với câu trích dẫn đầu tiên",
        "documents.jsonl": "Thuộc tính và trích dẫn của từng văn bản (JSON Lines, như lệnh "
        "extract)",
    }
    out = []
    for name, description in described.items():
        file = docs / urls.DATA / name
        if file.exists():
            out.append((name, urls.DATA + name, file.stat().st_size, description))
    return out


def vocabulary_terms() -> dict[str, list[tuple[str, str, str, str]]]:
    """Classes and properties of the vnl: vocabulary: (term, Vietnamese label, comment,
    alignment), from graph/data/vnl.ttl."""
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import OWL

    from .vocab import vocabulary_graph

    graph = vocabulary_graph()
    prefixes = {
        "https://w3id.org/luocdo/def#": "vnl:",
        "http://data.europa.eu/eli/ontology#": "eli:",
        "http://www.w3.org/ns/prov#": "prov:",
        "http://xmlns.com/foaf/0.1/": "foaf:",
        "http://www.w3.org/ns/org#": "org:",
    }

    def short(iri: object) -> str:
        text = str(iri)
        for long, prefix in prefixes.items():
            if text.startswith(long):
                return prefix + text[len(long) :]
        return text

    def literal(term: URIRef, prop: URIRef, lang: str) -> str:
        for value in graph.objects(term, prop):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
        return ""

    kinds = {
        "classes": (OWL.Class,),
        "properties": (OWL.ObjectProperty, OWL.DatatypeProperty),
    }
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for kind, types in kinds.items():
        rows = []
        for rdf_type in types:
            for term in graph.subjects(RDF.type, rdf_type):
                if not isinstance(term, URIRef) or not short(term).startswith("vnl:"):
                    continue
                parents = sorted(
                    short(p)
                    for p in (
                        *graph.objects(term, RDFS.subClassOf),
                        *graph.objects(term, RDFS.subPropertyOf),
                    )
                )
                rows.append(
                    (
                        short(term),
                        literal(term, RDFS.label, "vi"),
                        literal(term, RDFS.comment, "en"),
                        ", ".join(parents),
                    )
                )
        out[kind] = sorted(set(rows))
    return out


def generic_pages(
    writer: Writer,
    index: SiteIndex,
    report: Mapping[str, Any],
    stats: Mapping[str, Any],
    docs: Path,
    views: ModuleType | None,
    templates: Path,
) -> None:
    """Every ``site_templates/pages/NAME.md.j2`` becomes ``docs/NAME/index.md``.

    Context: ``base`` (the relative path to the site root), ``example_queries``, ``prefixes``
    (graph.query.PREFIXES), ``stats``, ``downloads``, ``relations``, ``vocabulary``,
    ``views`` (whether graph.views is there). The views' pages (sparql, tim-kiem, luoc-do)
    fall back to a short notice when their template is missing.
    """
    from . import query

    doc_files = sorted((docs / urls.DATA / "doc").rglob("*")) if (docs / "data").exists() else []
    per_doc = [f for f in doc_files if f.is_file()]
    context: dict[str, Any] = {
        # the pages say what each query answers in Vietnamese only (the files say it twice)
        "example_queries": [(n, vietnamese_lines(c), t) for n, c, t in example_queries()],
        "prefixes": dict(query.PREFIXES),
        "stats": stats,
        "downloads": downloads(docs),
        "per_document": (len(per_doc), sum(f.stat().st_size for f in per_doc)),
        "relations": sorted(Relation, key=RELATION_ORDER.__getitem__),
        "vocabulary": vocabulary_terms(),
        "views": views is not None,
        "base_iri": BASE_IRI,
        "sample": _sample_iris(index, docs),
    }
    pages = sorted((templates / "pages").glob("*.md.j2"))
    found = {p.name.removesuffix(".md.j2"): p for p in pages}
    fallbacks = {
        urls.SPARQL.rstrip("/"): "SPARQL",
        urls.SEARCH.rstrip("/"): "Tìm kiếm",
        urls.GRAPH.rstrip("/"): "Lược đồ",
    }
    for name in sorted(set(found) | set(fallbacks)):
        page = f"{name}/"
        base = urls.relative(page, "")
        if name in found:
            writer.write(f"pages/{name}.md.j2", page, base=base, **context)
        else:
            writer.write("fallback.md.j2", page, heading=fallbacks[name], base=base, **context)


def _sample_iris(index: SiteIndex, docs: Path) -> dict[str, str | None]:
    from .config import agent_iri

    node = next((n for n in index.corpus_nodes() if n.doc_id is not None), None)
    agent = next(iter(index.agents.values()), None)
    sample_id = (
        node.doc_id if node and node.doc_id else DocumentId.parse("state:chi-thi:2021:33/CT-TTg")
    )
    turtle = urls.document_turtle(sample_id)
    return {
        "id": str(sample_id),
        "document": document_iri(sample_id),
        "agent": agent_iri(agent.name if agent else "Thủ tướng Chính phủ"),
        "page": urls.document_page(sample_id),
        "turtle": turtle if (docs / turtle).is_file() else None,
    }


# --- MkDocs --------------------------------------------------------------------------------------


def write_config(
    out: Path, root_config: Path, templates: Path, assets: Assets, site_url: str | None
) -> Path:
    """``out/mkdocs.yml``: the top-level config with this build's folders and assets, so that
    ``mkdocs build|serve -f out/mkdocs.yml`` works for any ``--out``."""
    config: dict[str, Any] = {
        "INHERIT": str(root_config.resolve()),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"custom_dir": str((templates / "overrides").resolve())},
    }
    if assets.javascript:
        config["extra_javascript"] = list(assets.javascript)
    if assets.css:
        config["extra_css"] = list(assets.css)
    if site_url:
        config["site_url"] = site_url
    path = out / "mkdocs.yml"
    header = "# Generated by `python build.py`; edit the top-level mkdocs.yml instead.\n"
    path.write_text(
        header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(
    config_file: Path, newest: dt.date | None, plugin: BasePlugin[Any] | None = None
) -> list[str]:
    """Build the site with MkDocs; returns its warnings instead of printing them (the build
    goes on, like ``mkdocs build`` without ``--strict``; ``build.py --strict`` and the tests
    treat any warning as a failure).

    MkDocs' only date (sitemap ``lastmod``, the gzip header) follows ``SOURCE_DATE_EPOCH``,
    set to the newest document's date so that two builds of one corpus are identical.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # the caller logs the warnings it gets back
    epoch = dt.datetime.combine(newest or dt.date(1970, 1, 1), dt.time(), dt.UTC)
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    try:
        config = load_config(config_file=str(config_file))
        if plugin is not None:
            config.plugins["luocdo"] = plugin  # registers its events
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(collect)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    return collect.messages


__all__ = [
    "SiteIndex",
    "SiteResult",
    "atom_feed",
    "build_site",
    "escape_md",
    "highlight",
    "legislation_jsonld",
    "run_mkdocs",
]
