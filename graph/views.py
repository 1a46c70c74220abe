"""The relationship views ("Lược đồ") of the static site, and the front-end assets they need.

What the renderer calls (see each function):

* :func:`install_assets` copies vis-network, Oxigraph's WebAssembly build and the project's own
  JS/CSS into ``docs/assets/…`` and says which files to declare in ``mkdocs.yml``.
* :func:`write_views` writes, for every document, the JSON of its view at depth 1 and 2
  (``urls.view_data``); :func:`write_global_view` the corpus-wide view (``urls.GLOBAL_VIEW``).
* :func:`view_html` is the block a document page shows the view in.
* :func:`search_keys_html` and :func:`index_search` (from :mod:`graph.search`) are the search.

Offline by construction
-----------------------
Each view is built as a :class:`pyvis.network.Network` (pyvis' node, edge and options model)
and serialised with the project's own format instead of pyvis' stock HTML template: a small
JSON file per view, drawn by ``assets/luocdo/luocdo.js`` with ONE shared local copy of
vis-network. pyvis 0.3.2 is never offline-safe: ``cdn_resources="remote"`` and ``"local"``
load vis-network from cdnjs and Bootstrap from jsdelivr, ``"in_line"`` inlines ~690 KB into
every page and still loads Bootstrap from jsdelivr (WestHealth/pyvis#228, #229). pyvis'
``write_html``/``generate_html`` are therefore never called.

pyvis pitfalls this module steers around: ``add_node`` drops ``color`` when ``group`` is
given (so nodes carry ``type`` and an explicit ``color``, never ``group``); an undirected
``Network`` merges edges in both directions (views are ``directed=True``); ``add_node`` and
``add_edge`` check membership in lists (quadratic), harmless at the view cap below.

Serving
-------
The views, the search (Pagefind) and the SPARQL page (Oxigraph WebAssembly) fetch files, which
browsers refuse to do for pages opened from ``file://``. Serve the built site over http, on
this machine and offline: ``python -m http.server -d build/site``. The
rest of the site reads fine from ``file://``; the views then say how to open them.

Caps
----
A view shows at most :data:`MAX_VIEW_NODES` documents and :data:`MAX_VIEW_EDGES` relations
(a law cited by 5,000 documents): the centre, the documents whose edges the centre's text
states, then the neighbours by the most significant relation to the centre (amendment and
replacement first, plain citation last), mentions, and degree. The JSON says how many were
left out (``hidden``, ``note``: "Đã ẩn K văn bản"). Depth 2 keeps the depth-1 documents and
adds at most :data:`MAX_RING_NODES` more (within the cap), those linked to the most of them
through documents with few links (Adamic–Adar), with a short tooltip; the edges of the
centre and of depth-1 documents come first. Each node's ranked neighbours are computed once
and reused, so a depth-2 view never walks a hub's whole neighbourhood: the count of hidden
documents is then a lower bound (``hidden_exact``: false, "ít nhất K").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx

from . import urls
from .codes import TYPES_BY_SLUG
from .config import BASE_IRI
from .errors import LuocdoError
from .ids import DocumentId
from .query import PREFIXES
from .relations import Relation
from .search import (
    index_search,
    node_modules_dir,
    page_shards,
    search_box_html,
    search_keys_html,
)

__all__ = [
    "MAX_GLOBAL_EDGES",
    "MAX_GLOBAL_NODES",
    "MAX_VIEW_EDGES",
    "MAX_VIEW_NODES",
    "RELATION_COLOURS",
    "Assets",
    "ViewWriter",
    "global_view_payload",
    "index_search",
    "install_assets",
    "node_modules_dir",
    "page_shards",
    "relation_colour",
    "search_box_html",
    "search_keys_html",
    "type_colour",
    "view_html",
    "view_payloads",
    "write_global_view",
    "write_views",
]

MAX_VIEW_NODES = 150  # documents in one document's view, the centre included
MAX_RING_NODES = 50  # documents the depth-2 view adds to the depth-1 one, at most
MAX_VIEW_EDGES = 300  # relations drawn in one document's view
MAX_GLOBAL_NODES = 500  # documents in the corpus-wide view (top by PageRank)
MAX_GLOBAL_EDGES = 2000  # relations among them
_MEMO_DEGREE = 64  # neighbour sets kept for reuse from this size up
_EXACT_SCAN = 50_000  # adjacency entries walked at most to count a depth-2 neighbourhood exactly
_LABEL_CHARS = 36  # a node's label on the canvas; the tooltip has it in full
_VIEW_FORMAT = 1  # "version" of the JSON written here; bump when the shape changes

ROOT = Path(__file__).resolve().parent.parent
ASSET_SOURCES = ROOT / "site_templates" / "assets"

# --- colours and ranking ----------------------------------------------------------------------

# One colour per relation (the legend shows the relations present in each view).
RELATION_COLOURS: dict[Relation, str] = {
    Relation.BASED_ON: "#1f77b4",
    Relation.IMPLEMENTS: "#2ca02c",
    Relation.TRANSMITS: "#17becf",
    Relation.IN_ACCORDANCE_WITH: "#8c564b",
    Relation.INSTITUTIONALIZES: "#9467bd",
    Relation.DETAILS: "#b8a000",
    Relation.AMENDS: "#ff7f0e",
    Relation.REPLACES: "#d62728",
    Relation.REPEALS: "#7f0000",
    Relation.TERMINATES: "#e377c2",
    Relation.SUSPENDS: "#c51b7d",
    Relation.CORRECTS: "#f2a65a",
    Relation.CONSOLIDATES: "#393b79",
    Relation.INTERPRETS: "#637939",
    Relation.ANNEX_OF: "#6b6ecf",
    Relation.CONSIDERS: "#7fa7d9",
    Relation.CITES: "#7f7f7f",
}
_UNKNOWN_COLOUR = "#9e9e9e"

# What a view keeps first when it must leave documents out: what changes the law first.
SIGNIFICANCE: tuple[Relation, ...] = (
    Relation.AMENDS,
    Relation.REPLACES,
    Relation.REPEALS,
    Relation.TERMINATES,
    Relation.SUSPENDS,
    Relation.CORRECTS,
    Relation.CONSOLIDATES,
    Relation.DETAILS,
    Relation.ANNEX_OF,
    Relation.INTERPRETS,
    Relation.BASED_ON,
    Relation.IMPLEMENTS,
    Relation.INSTITUTIONALIZES,
    Relation.IN_ACCORDANCE_WITH,
    Relation.TRANSMITS,
    Relation.CONSIDERS,
    Relation.CITES,
)
_RANK: dict[str, int] = {r.value: i for i, r in enumerate(SIGNIFICANCE)}
_LAST = len(SIGNIFICANCE)

# Node colours by family of document types; every type of graph/codes.py has one.
_TYPE_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("#b71c1c", ("hien-phap", "bo-luat", "luat", "phap-lenh", "lenh", "sac-lenh")),
    ("#e65100", ("nghi-dinh", "thong-tu", "thong-tu-lien-tich", "nghi-quyet-lien-tich",
                 "van-ban-hop-nhat")),
    ("#6a1b9a", ("nghi-quyet",)),
    ("#1565c0", ("quyet-dinh", "quy-dinh", "quy-che")),
    ("#2e7d32", ("chi-thi",)),
    ("#00838f", ("ket-luan", "thong-bao", "thong-cao", "thong-tri", "huong-dan")),
    ("#5d4037", ("chuong-trinh", "ke-hoach", "phuong-an", "de-an", "du-an", "bao-cao",
                 "bien-ban", "to-trinh")),
    ("#455a64", ("cong-van", "cong-dien")),
)
_TYPE_COLOURS: dict[str, str] = {
    slug: colour for colour, slugs in _TYPE_FAMILIES for slug in slugs
}


_COLOURS_BY_ID: dict[str, str] = {r.value: c for r, c in RELATION_COLOURS.items()}
_ORDER_BY_ID: dict[str, int] = {r.value: i for i, r in enumerate(Relation)}


def relation_colour(relation: str) -> str:
    """The colour of a relation id ("implements"); grey for an id outside the vocabulary."""
    return _COLOURS_BY_ID.get(relation, _UNKNOWN_COLOUR)


def type_colour(doc_type: str) -> str:
    """The colour of a document type slug ("chi-thi")."""
    return _TYPE_COLOURS.get(doc_type, "#757575")


_LABELS: dict[str, tuple[str, str]] = {r.value: (r.label_vi, r.inverse_vi) for r in Relation}


def _relation_labels(relation: str) -> tuple[str, str]:
    """Vietnamese labels of a relation id, for the citing and the cited side."""
    return _LABELS.get(relation, (relation, relation))


def _relation_order(relation: str) -> tuple[int, str]:
    return _ORDER_BY_ID.get(relation, len(_ORDER_BY_ID)), relation


def _number(n: int) -> str:
    """Vietnamese thousands separator: 4851 → "4.851"."""
    return f"{n:,}".replace(",", ".")


# --- nodes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    label: str
    doc_type: str
    type_vi: str
    date: str | None  # ISO
    year: int | None
    in_corpus: bool
    url: str | None  # site-relative page, from url_of
    issuer: str | None
    title: str | None


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _year_of(key: str, date: object) -> int | None:
    year = getattr(date, "year", None)
    if isinstance(year, int):
        return year
    try:
        return DocumentId.parse(key).year
    except ValueError:
        return None


class _Graph:
    """The network with what every view needs computed once: node facts, degrees, ranked
    neighbours (memoised, truncated to the cap) and the edges each document states."""

    def __init__(
        self,
        net: nx.MultiDiGraph,
        url_of: Callable[[str], str | None],
        limit: int = MAX_VIEW_NODES,
        edge_limit: int = MAX_VIEW_EDGES,
        ring: int = MAX_RING_NODES,
    ) -> None:
        self.net = net
        self.url_of = url_of
        self.limit = max(1, limit)
        self.edge_limit = max(0, edge_limit)
        self.ring = max(0, ring)
        self._node_data: dict[tuple[str, bool], dict[str, Any]] = {}
        self.degree: dict[str, int] = dict(net.degree())
        self._nodes: dict[str, _Node] = {}
        self._ranked: dict[str, tuple[tuple[tuple[str, int, int], ...], int]] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        self.stated: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for source, target, stated_by in net.edges(data="stated_by"):
            if stated_by:
                self.stated[str(stated_by)].add((source, target))

    def node(self, key: str) -> _Node:
        found = self._nodes.get(key)
        if found is None:
            attrs: dict[str, Any] = self.net.nodes[key]
            doc_type = str(attrs.get("doc_type") or "van-ban")
            date = attrs.get("date")
            known = TYPES_BY_SLUG.get(doc_type)
            found = _Node(
                key=key,
                label=str(attrs.get("label") or key),
                doc_type=doc_type,
                type_vi=known.name if known else doc_type,
                date=date.isoformat() if isinstance(date, dt.date) else None,
                year=_year_of(key, date),
                in_corpus=bool(attrs.get("in_corpus", False)),
                url=self.url_of(key),
                issuer=str(attrs["issuer"]) if attrs.get("issuer") else None,
                title=str(attrs["title"]) if attrs.get("title") else None,
            )
            self._nodes[key] = found
        return found

    def links(self, key: str) -> dict[str, tuple[int, int]]:
        """Each neighbour (either direction): its most significant relation's rank and the
        mentions of all its edges with ``key``."""
        found: dict[str, tuple[int, int]] = {}
        # networkx's own adjacency dicts: its read-only views cost more than the work here.
        for adjacency in (self.net._succ[key], self.net._pred[key]):
            for other, keyed in adjacency.items():
                if other == key:
                    continue
                best, mentions = found.get(other, (_LAST, 0))
                for relation, attrs in keyed.items():
                    best = min(best, _RANK.get(relation, _LAST))
                    mentions += max(1, int(attrs.get("mentions") or 0))
                found[other] = (best, mentions)
        return found

    def ranked(self, key: str) -> tuple[tuple[tuple[str, int, int], ...], int]:
        """The neighbours worth showing first, at most the cap, and how many there are."""
        cached = self._ranked.get(key)
        if cached is None:
            links = self.links(key)
            order = heapq.nsmallest(
                self.limit - 1,
                links.items(),
                key=lambda kv: (kv[1][0], -kv[1][1], -self.degree.get(kv[0], 0), kv[0]),
            )
            cached = (tuple((k, best, m) for k, (best, m) in order), len(links))
            self._ranked[key] = cached
        return cached

    def neighbours(self, key: str) -> frozenset[str]:
        found = self._neighbours.get(key)
        if found is None:
            found = frozenset((self.net._succ[key].keys() | self.net._pred[key].keys()) - {key})
            if len(found) >= _MEMO_DEGREE:  # a hub is a depth-1 node of thousands of views
                self._neighbours[key] = found
        return found


@dataclass(frozen=True, slots=True)
class _Selection:
    nodes: tuple[str, ...]  # the centre first
    hidden: int  # documents left out
    exact: bool  # ``hidden`` is exact (else a lower bound)


def _depth1(g: _Graph, centre: str) -> _Selection:
    ranked, total = g.ranked(centre)
    kept = [centre]
    seen = {centre}
    stated_nodes = {n for edge in g.stated.get(centre, ()) for n in edge} - {centre}
    stated_only = {n for n in stated_nodes if n not in g.net.succ[centre]
                   and n not in g.net.pred[centre]}
    for node in sorted(stated_nodes):  # the edges its text states, between other documents
        if len(kept) >= g.limit:
            break
        kept.append(node)
        seen.add(node)
    for node, _best, _mentions in ranked:
        if len(kept) >= g.limit:
            break
        if node not in seen:
            kept.append(node)
            seen.add(node)
    candidates = total + len(stated_only)
    return _Selection(tuple(kept), candidates - (len(kept) - 1), True)


def _depth2(g: _Graph, centre: str, first: _Selection) -> _Selection:
    kept = list(first.nodes)
    seen = set(kept)
    if first.hidden:  # neighbours left out at depth 1 are not at distance 2
        seen |= g.neighbours(centre)
    # A document linked to many depth-1 documents, through documents with few links, is
    # worth more than one of the thousands citing the same law (the Adamic–Adar score).
    scores: dict[str, list[float]] = {}  # node → [score, best rank, mentions]
    for node in first.nodes[1:]:
        ranked, _total = g.ranked(node)
        weight = 1.0 / math.log(2 + g.degree.get(node, 0))
        for other, best, mentions in ranked:
            if other in seen:
                continue
            score = scores.setdefault(other, [0.0, _LAST, 0])
            score[0] += weight
            score[1] = min(score[1], best)
            score[2] += mentions
    budget = max(0, min(g.limit - len(kept), g.ring))
    chosen = heapq.nsmallest(
        budget,
        scores.items(),
        key=lambda kv: (-kv[1][0], kv[1][1], -kv[1][2], -g.degree.get(kv[0], 0), kv[0]),
    )
    kept.extend(k for k, _ in chosen)
    # How many documents lie at distance 2: exact when it is cheap to count, else the
    # candidates seen (a lower bound).
    ring: int | None = None
    if first.hidden == 0 and sum(g.degree.get(n, 0) for n in first.nodes[1:]) <= _EXACT_SCAN:
        ring = _union_size([g.neighbours(n) for n in first.nodes[1:]], first.nodes)
    distance2 = ring if ring is not None else len(scores)
    exact = first.exact and ring is not None
    hidden = first.hidden + distance2 - len(chosen)
    return _Selection(tuple(kept), hidden, exact)


def _union_size(sets: list[frozenset[str]], minus: Iterable[str]) -> int:
    """``len(union(sets) - set(minus))``, walking all but the largest set: next to a
    document cited by thousands, the union is mostly that one set."""
    if not sets:
        return 0
    largest = max(sets, key=len)
    extra: set[str] = set()
    for other in sets:
        if other is not largest:
            extra |= other - largest
    return len(largest) + len(extra) - sum(1 for x in set(minus) if x in largest or x in extra)


_Edge = tuple[str, str, str, dict[str, Any]]


def _edges_among(
    g: _Graph,
    nodes: Iterable[str],
    centre: str | None,
    limit: int,
    inner: frozenset[str] = frozenset(),
) -> tuple[list[_Edge], int]:
    """Every edge between ``nodes`` (from each node's out-edges: a text cites few documents),
    capped at ``limit``: edges of the centre first, then edges of the ``inner`` (depth-1)
    documents, then by significance and mentions."""
    kept = set(nodes)
    found: list[_Edge] = []
    for source in kept:
        for target, keyed in g.net._succ[source].items():
            if target != source and target in kept:
                for relation, attrs in keyed.items():
                    found.append((source, target, str(relation), attrs))
    hidden = max(0, len(found) - limit)
    if hidden:
        found = heapq.nsmallest(
            limit,
            found,
            key=lambda e: (
                0 if centre in (e[0], e[1]) else 1 if (e[0] in inner or e[1] in inner) else 2,
                _RANK.get(e[2], _LAST),
                -int(e[3].get("mentions") or 0),
                e[0], e[1], e[2],
            ),
        )
    found.sort(key=lambda e: (e[0], e[1], e[2]))
    return found, hidden


# --- pyvis model and serialisation ------------------------------------------------------------


def _tooltip(node: _Node, brief: bool = False) -> str:
    """A node's tooltip, plain text: label, date and issuer, title (not when ``brief``)."""
    lines = [node.label]
    facts = []
    if node.date:
        y, m, d = node.date.split("-")
        facts.append(f"{d}/{m}/{y}")
    if node.issuer and not brief:
        facts.append(node.issuer)
    if facts:
        lines.append(" · ".join(facts))
    if node.title and node.title != node.label and not brief:
        lines.append(_short(node.title, 110))
    if not node.in_corpus:
        lines.append("(ngoài kho: chỉ được trích dẫn)")
    return "\n".join(lines)


def _node_options(node: _Node, *, brief: bool = False) -> dict[str, Any]:
    """A node's data: vis-network options plus the facts the page script filters on.

    Only what differs between nodes is written (shape, size and border are in the view's
    options); the page script draws a document cited only (``in_corpus`` false) hollow with a
    dashed border, and the centre larger. ``brief``: a short tooltip (the depth-2 ring)."""
    options: dict[str, Any] = {
        "label": _short(node.label, _LABEL_CHARS),
        "title": _tooltip(node, brief),
        "type": node.doc_type,
        "color": type_colour(node.doc_type),
        "in_corpus": node.in_corpus,
    }
    optional = {"url": node.url, "date": node.date, "year": node.year}
    options.update({k: v for k, v in optional.items() if v is not None})
    return options


def _edge_options(g: _Graph, edge: _Edge, bend: int) -> dict[str, Any]:
    """An edge's data: relation, Vietnamese label, colour, dashed when a third document
    states it (``stated_by``), mentions; the page script writes the tooltip."""
    _source, _target, relation, attrs = edge
    stated_by = attrs.get("stated_by")
    mentions = int(attrs.get("mentions") or 0)
    options: dict[str, Any] = {
        "relation": relation,
        "label_vi": _relation_labels(relation)[0],
        "color": relation_colour(relation),
        "dashes": bool(stated_by),
        "mentions": mentions,
    }
    if stated_by:
        options["stated_by"] = str(stated_by)
    if mentions > 1:
        options["width"] = round(1 + min(mentions, 6) * 0.5, 1)
    if bend:  # parallel edges of one pair of documents: curve them apart
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * bend}
    return options


def _vis_options(count: int) -> dict[str, Any]:
    """vis-network options of a view of ``count`` nodes (lighter physics for big ones)."""
    big = count > 80
    return {
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "smooth": False if big else {"type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 120},
        "layout": {"improvedLayout": not big},
        "nodes": {"borderWidth": 2, "font": {"size": 13}, "shape": "dot", "size": 14},
        # avoidOverlap: documents drawn on top of one another could not be told apart or
        # clicked (seen in the browser tests' screenshots); springLength leaves room for labels
        "physics": {"solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"avoidOverlap": 0.6, "springLength": 120},
                    "stabilization": {"iterations": 120 if big else 200}},
    }


def _network(
    g: _Graph,
    nodes: Iterable[str],
    edges: list[_Edge],
    centre: str | None,
    sizes: dict[str, float] | None = None,
    brief: frozenset[str] = frozenset(),
) -> Any:
    """The view as a pyvis ``Network`` (nodes sorted by id, edges by from, to, relation).

    ``brief``: nodes shown with a short tooltip (the depth-2 ring)."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython (~0.25 s)

    ordered = sorted(nodes)
    network = Network(directed=True, cdn_resources="local")  # its HTML is never written
    for key in ordered:
        short = key in brief
        cached = g._node_data.get((key, short))
        if cached is None:
            cached = g._node_data[(key, short)] = _node_options(g.node(key), brief=short)
        options = dict(cached)
        label = options.pop("label")
        colour = options.pop("color")
        if key == centre:
            options["center"] = True
        if sizes and key in sizes:
            options["size"] = sizes[key]
        network.add_node(key, label=label, shape="dot", color=colour, **options)
    pairs: Counter[frozenset[str]] = Counter()
    for edge in edges:
        pair = frozenset(edge[:2])
        network.add_edge(edge[0], edge[1], **_edge_options(g, edge, pairs[pair]))
        pairs[pair] += 1
    network.options = _vis_options(len(ordered))
    return network


def _legend(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    relations = sorted({str(e["relation"]) for e in edges}, key=_relation_order)
    types = sorted({str(n["type"]) for n in nodes})
    return {
        "relations": [
            {"id": r, "label": _relation_labels(r)[0], "inverse": _relation_labels(r)[1],
             "color": relation_colour(r)}
            for r in relations
        ],
        "types": [
            {"id": t, "label": TYPES_BY_SLUG[t].name if t in TYPES_BY_SLUG else t,
             "color": type_colour(t)}
            for t in types
        ],
    }


def _network_data(network: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Nodes, edges and options of a pyvis ``Network``; the per-item ``shape`` and ``arrows``
    pyvis adds are dropped (the options set them once for the view)."""
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    nodes = [{k: v for k, v in n.items() if k != "shape"} for n in nodes]
    edges = [{k: v for k, v in e.items() if k != "arrows"} for e in edges]
    return nodes, edges, json.loads(options) if isinstance(options, str) else options


def _note(hidden: int, exact: bool, hidden_edges: int) -> str | None:
    parts = []
    if hidden > 0:
        parts.append(f"Đã ẩn {'' if exact else 'ít nhất '}{_number(hidden)} văn bản")
    if hidden_edges > 0:
        parts.append(f"{_number(hidden_edges)} quan hệ")
    if not parts:
        return None
    return ", ".join(parts) + " ít liên quan hơn để lược đồ dễ đọc."


def _view_payload(
    g: _Graph, centre: str, depth: int, selection: _Selection, inner: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The JSON of one view; ``inner``: the depth-1 documents of a depth-2 view."""
    edges, hidden_edges = _edges_among(g, selection.nodes, centre, g.edge_limit, inner)
    ring = frozenset(selection.nodes) - inner if inner else frozenset()
    network = _network(g, selection.nodes, edges, centre, brief=ring)
    nodes, vis_edges, options = _network_data(network)
    return {
        "version": _VIEW_FORMAT,
        "center": centre,
        "depth": depth,
        "nodes": nodes,
        "edges": vis_edges,
        "options": options,
        "legend": _legend(nodes, vis_edges),
        "shown": len(nodes),
        "hidden": selection.hidden,
        "hidden_exact": selection.exact,
        "hidden_edges": hidden_edges,
        "note": _note(selection.hidden, selection.exact, hidden_edges),
    }


def dumps(payload: object) -> str:
    """Deterministic compact JSON: sorted keys, no spaces, UTF-8 text as is."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def view_payloads(
    net: nx.MultiDiGraph,
    key: str,
    url_of: Callable[[str], str | None],
    *,
    limit: int = MAX_VIEW_NODES,
    edge_limit: int = MAX_VIEW_EDGES,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The depth-1 and depth-2 views of one document (what :func:`write_views` writes)."""
    views = ViewWriter(net, Path(), url_of, limit=limit, edge_limit=edge_limit)
    return views.payloads(key)


class _Writer:
    """Writes text files, creating each folder once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: set[Path] = set()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        path.write_text(text, encoding="utf-8", newline="\n")


def write_views(
    net: nx.MultiDiGraph,
    docs_dir: Path,
    url_of: Callable[[str], str | None],
    *,
    limit: int = MAX_VIEW_NODES,
    edge_limit: int = MAX_VIEW_EDGES,
) -> None:
    """Write the view JSON of every document node, at depth 1 and 2, under ``docs_dir``.

    Paths are ``urls.view_data(doc_id, depth)`` (``assets/views/<slug>.d1.json``). A node whose
    key is not a :class:`DocumentId` has no page and gets no view. ``url_of(key)`` gives the
    site-relative page of a node (``van-ban/…/``) or None when it has none; the page script
    resolves it against the page's ``base``.

    Each file is compact, deterministic JSON (sorted keys; nodes by id, edges by from, to,
    relation)::

        {"version": 1, "center": "<key>", "depth": 1,
         "nodes": [{"id", "label" (cut to 36 characters), "title" (tooltip, plain text),
                    "type" (slug), "color" (by type), "shape", "in_corpus",
                    "url"?, "date"?, "year"?, "center"?}],
         "edges": [{"from", "to", "relation", "label_vi", "color" (by relation),
                    "dashes" (true when stated by a third document), "stated_by"?,
                    "mentions", "arrows", "width"?, "smooth"? (parallel edges)}],
         "options": {vis-network options},
         "legend": {"relations": [{"id", "label", "inverse", "color"}],
                    "types": [{"id", "label", "color"}]},
         "shown": n, "hidden": k, "hidden_exact": true, "hidden_edges": e,
         "note": "Đã ẩn k văn bản …" or null}

    Memory: each node's ranked neighbours (at most ``limit``) are kept for the run.
    """
    views = ViewWriter(net, docs_dir, url_of, limit=limit, edge_limit=edge_limit)
    for key in sorted(net.nodes):
        views.write(key)


class ViewWriter:
    """Writes the views of one document at a time (what :func:`write_views` does for all),
    so that the site's workers can write each document's views with its page.

    :meth:`digest` says what a document's views are made of (the documents they show,
    with each one's facts and every relation it has), so that a build can keep the views
    of the previous one when it has not changed."""

    def __init__(
        self,
        net: nx.MultiDiGraph,
        docs_dir: Path,
        url_of: Callable[[str], str | None],
        *,
        limit: int = MAX_VIEW_NODES,
        edge_limit: int = MAX_VIEW_EDGES,
    ) -> None:
        self._graph = _Graph(net, url_of, limit, edge_limit)
        self._out = _Writer(docs_dir)
        self._selected: dict[str, tuple[_Selection, _Selection]] = {}
        self._node_digest: dict[str, bytes] = {}

    def files(self, key: str) -> list[str]:
        """The docs-relative files :meth:`write` writes for ``key``."""
        try:
            doc_id = DocumentId.parse(key)
        except ValueError:
            return []
        return [urls.view_data(doc_id, 1), urls.view_data(doc_id, 2)]

    def _select(self, key: str) -> tuple[_Selection, _Selection]:
        found = self._selected.pop(key, None)
        if found is None:
            first = _depth1(self._graph, key)
            found = (first, _depth2(self._graph, key, first))
        return found

    def digest(self, key: str) -> str:
        """What the views of ``key`` are made of, as a digest; :meth:`write` reuses the work.
        A node without views (no identity, so no page of its own) has an empty digest."""
        if not self.files(key) or key not in self._graph.net:
            return ""
        first, second = self._select(key)
        self._selected[key] = (first, second)
        h = hashlib.sha256(repr((first, second)).encode("utf-8"))
        for node in second.nodes:
            h.update(self._facts(node))
        return h.hexdigest()

    def _facts(self, key: str) -> bytes:
        found = self._node_digest.get(key)
        if found is None:
            net = self._graph.net
            edges = sorted(
                repr((u, v, k, sorted(a.items())))
                for u, v, k, a in (
                    *net.out_edges(key, keys=True, data=True),
                    *net.in_edges(key, keys=True, data=True),
                )
            )
            stated = sorted(self._graph.stated.get(key, ()))
            node = repr((self._graph.node(key), sorted(net.nodes[key].items()), edges, stated))
            found = self._node_digest[key] = hashlib.sha256(node.encode("utf-8")).digest()
        return found

    def facts(self, key: str) -> str:
        """A digest of all a view can read of node ``key``: its facts, every relation it has,
        and the relations its text states between other documents."""
        return self._facts(key).hex()

    def affected(self, changed: Iterable[str]) -> set[str]:
        """The nodes whose views may differ when the facts of ``changed`` did: those within two
        links of one, a link being a relation either way or a relation that one of the two
        states. A view reads the facts of its centre, of the centre's neighbours and of theirs
        (:func:`_depth1`, :func:`_depth2`), so every other node keeps its digest; a link that
        went away changed the facts of both its ends, which are then in ``changed``."""
        g = self._graph
        stated_by: dict[str, set[str]] = defaultdict(set)
        for stater, edges in g.stated.items():
            for edge in edges:
                for node in edge:
                    stated_by[node].add(stater)

        def links(key: str) -> set[str]:
            if key not in g.net:
                return set()
            found = set(g.net._succ[key]) | set(g.net._pred[key]) | stated_by.get(key, set())
            found.update(node for edge in g.stated.get(key, ()) for node in edge)
            return found

        reached = {key for key in changed if key in g.net}
        frontier = set(reached)
        for _ in range(2):
            frontier = {n for key in frontier for n in links(key)} - reached
            reached |= frontier
        return reached

    def write(self, key: str) -> None:
        """Both views of the node ``key``; nothing for a node that has no page."""
        try:
            doc_id = DocumentId.parse(key)
        except ValueError:
            return
        if key not in self._graph.net:
            return
        first, second = self.payloads(key)
        self._out.write(urls.view_data(doc_id, 1), dumps(first))
        self._out.write(urls.view_data(doc_id, 2), dumps(second))

    def payloads(self, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The depth-1 and depth-2 views of ``key``."""
        g = self._graph
        first, second = self._select(key)
        return (
            _view_payload(g, key, 1, first),
            _view_payload(g, key, 2, second, frozenset(first.nodes)),
        )


# --- the corpus-wide view -----------------------------------------------------------------------


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def global_view_payload(
    net: nx.MultiDiGraph,
    url_of: Callable[[str], str | None],
    *,
    limit: int = MAX_GLOBAL_NODES,
    edge_limit: int = MAX_GLOBAL_EDGES,
) -> dict[str, Any]:
    """The corpus-wide view: the ``limit`` documents of highest PageRank (ties: degree, id),
    the relations among them, and the counts of everything, shown or not, by type, year and
    relation, so the page can say what it left out."""
    from .network import pagerank

    g = _Graph(net, url_of, limit, edge_limit)
    ranks = pagerank(net)
    order = heapq.nsmallest(
        limit, net.nodes, key=lambda k: (-ranks.get(k, 0.0), -g.degree.get(k, 0), k)
    )
    top = max((ranks.get(k, 0.0) for k in order), default=0.0) or 1.0
    sizes = {k: round(8 + 22 * math.sqrt(ranks.get(k, 0.0) / top), 1) for k in order}
    edges, hidden_edges = _edges_among(g, order, None, edge_limit)
    nodes, vis_edges, options = _network_data(
        _network(g, order, edges, None, sizes, brief=frozenset(order))
    )
    options["physics"]["stabilization"]["iterations"] = 150

    def year_key(key: str) -> str:
        year = g.node(key).year
        return str(year) if year is not None else "?"

    all_edges = [str(rel) for _s, _t, rel in net.edges(keys=True)]
    totals: dict[str, Any] = {
        "nodes": net.number_of_nodes(),
        "edges": len(all_edges),
        "by_type": _counts(g.node(k).doc_type for k in net.nodes),
        "by_year": _counts(year_key(k) for k in net.nodes),
        "by_relation": _counts(all_edges),
    }
    shown: dict[str, Any] = {
        "nodes": len(nodes),
        "edges": len(vis_edges),
        "by_type": _counts(str(n["type"]) for n in nodes),
        "by_year": _counts(year_key(str(n["id"])) for n in nodes),
        "by_relation": _counts(str(e["relation"]) for e in vis_edges),
    }
    hidden_nodes = totals["nodes"] - shown["nodes"]
    note = None
    if hidden_nodes or totals["edges"] - shown["edges"]:
        note = (
            f"Hiển thị {_number(shown['nodes'])} trong {_number(totals['nodes'])} văn bản "
            f"(xếp theo PageRank) và {_number(shown['edges'])} trong {_number(totals['edges'])} "
            f"quan hệ; đã ẩn {_number(hidden_nodes)} văn bản và "
            f"{_number(totals['edges'] - shown['edges'])} quan hệ."
        )
    years = [n["year"] for n in nodes if isinstance(n.get("year"), int)]
    return {
        "version": _VIEW_FORMAT,
        "nodes": nodes,
        "edges": vis_edges,
        "options": options,
        "legend": _legend(nodes, vis_edges),
        "totals": totals,
        "shown": shown,
        "hidden": {"nodes": hidden_nodes, "edges": totals["edges"] - shown["edges"],
                   "edges_among_shown": hidden_edges},
        "years": [min(years), max(years)] if years else None,
        "note": note,
    }


def write_global_view(
    net: nx.MultiDiGraph, docs_dir: Path, url_of: Callable[[str], str | None]
) -> None:
    """Write the corpus-wide view to ``docs_dir / urls.GLOBAL_VIEW`` (read by the page
    ``urls.GRAPH``, template ``site_templates/pages/luoc-do.md.j2``); filters by type, year
    and relation run in the browser."""
    _Writer(docs_dir).write(urls.GLOBAL_VIEW, dumps(global_view_payload(net, url_of)))


# --- the page block -----------------------------------------------------------------------------


def _attr(value: str) -> str:
    return escape(value, quote=True)


def view_html(doc_id: DocumentId, base: str) -> str:
    """The block of a document page that shows its relationship view.

    ``base`` is the page's relative prefix to the site root ("../../../../../"). The block is
    one line of HTML: put it in the Markdown at the start of a line with a blank line before
    and after, inside the page's ``data-pagefind-body`` element or not (it carries
    ``data-pagefind-ignore="all"``, so its words never reach the search index). The script
    ``assets/luocdo/luocdo.js`` (see :func:`install_assets`) fills the legend (colours and
    Vietnamese labels of the relations present), the relation filters and the canvas;
    "Mở rộng 2 bậc" loads the depth-2 JSON on request; clicking a node opens its page.
    """
    d1 = base + urls.view_data(doc_id, 1)
    d2 = base + urls.view_data(doc_id, 2)
    label = doc_id.label()
    return (
        f'<div class="luocdo-view" data-pagefind-ignore="all" data-base="{_attr(base)}" '
        f'data-d1="{_attr(d1)}" data-d2="{_attr(d2)}" data-center="{_attr(str(doc_id))}">'
        '<div class="luocdo-view__bar">'
        '<label class="luocdo-view__toggle"><input type="checkbox" class="luocdo-view__depth">'
        " Mở rộng 2 bậc</label>"
        '<span class="luocdo-view__status" role="status" aria-live="polite"></span>'
        "</div>"
        '<fieldset class="luocdo-view__relations" hidden><legend>Quan hệ</legend></fieldset>'
        '<div class="luocdo-view__types" hidden></div>'
        '<p class="luocdo-view__note" hidden></p>'
        f'<div class="luocdo-view__canvas" role="img" '
        f'aria-label="Lược đồ quan hệ của {_attr(label)}"></div>'
        '<p class="luocdo-view__help">Nét liền: văn bản tự nêu; nét đứt: quan hệ do văn bản '
        "khác nêu. Chấm đặc: văn bản trong kho; chấm rỗng: văn bản chỉ được trích dẫn. "
        "Bấm vào một văn bản để mở trang của nó.</p>"
        '<noscript><p class="luocdo-view__noscript">Lược đồ cần JavaScript. Dữ liệu của '
        f'lược đồ: <a href="{_attr(d1)}">JSON</a>.</p></noscript>'
        "</div>"
    )


# --- assets -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assets:
    """What :func:`install_assets` installed, as site-relative paths.

    ``javascript`` and ``css`` go into ``mkdocs.yml`` ``extra_javascript`` / ``extra_css``
    (in this order). The vendor bundles are loaded on demand by ``luocdo.js`` (vis-network only
    on pages with a view, Oxigraph only on the SPARQL page), so they are listed in ``files``
    only.
    """

    javascript: tuple[str, ...]
    css: tuple[str, ...]
    files: tuple[str, ...] = ()


# (package, file inside the package, destination under urls.VENDOR)
VENDOR_FILES: tuple[tuple[str, str, str], ...] = (
    ("vis-network", "standalone/umd/vis-network.min.js", "vis-network/vis-network.min.js"),
    ("vis-network", "LICENSE-MIT", "vis-network/LICENSE-MIT"),
    ("oxigraph", "web.js", "oxigraph/web.js"),
    ("oxigraph", "web_bg.wasm", "oxigraph/web_bg.wasm"),
)


def _package_version(modules: Path, package: str) -> str:
    data = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))
    return str(data.get("version", "?"))


def site_config() -> dict[str, Any]:
    """What the page scripts need to know about the site (``assets/luocdo/config.json``)."""
    return {
        "doc_iri": BASE_IRI + "id/",
        "doc_pages": urls.DOCUMENTS,
        "graph": urls.DATA + "graph-core.ttl",
        "global_view": urls.GLOBAL_VIEW,
        "prefixes": PREFIXES,
        "search_index": urls.SEARCH_INDEX,
    }


def install_assets(docs_dir: Path, node_modules: Path | None = None) -> Assets:
    """Copy the vendor bundles and the project's own JS/CSS into ``docs_dir``.

    Vendor (from ``node_modules``, installed by ``npm ci`` from package-lock.json) into
    ``assets/vendor/``: vis-network's standalone build (it injects its own CSS) and Oxigraph's
    WebAssembly web build (``web.js`` + ``web_bg.wasm``). The project's files
    (``site_templates/assets/``) into ``assets/luocdo/``, with ``config.json`` (document IRI
    prefix, SPARQL prefixes, data paths). Pagefind's bundle is not copied: :func:`index_search`
    writes it into the built site.

    Raises :class:`LuocdoError` when a vendor file is missing ("run `npm ci` first").
    """
    modules = node_modules or node_modules_dir()
    installed: list[str] = []
    sources = [(modules / package / inside, urls.VENDOR + dest) for package, inside, dest in
               VENDOR_FILES]
    missing = [str(src) for src, _ in sources if not src.is_file()]
    if missing:
        raise LuocdoError(
            f"front-end packages missing ({', '.join(missing)}): run `npm ci` first"
        )
    for src, dest in sources:
        target = docs_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        installed.append(dest)
    own = sorted(p for p in ASSET_SOURCES.rglob("*") if p.is_file())
    for src in own:
        dest = urls.SITE_ASSETS + src.relative_to(ASSET_SOURCES).as_posix()
        target = docs_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        installed.append(dest)
    config = site_config()
    config["vendor"] = {p: _package_version(modules, p) for p in sorted({v[0] for v in
                                                                         VENDOR_FILES})}
    _Writer(docs_dir).write(urls.SITE_ASSETS + "config.json",
                            json.dumps(config, ensure_ascii=False, sort_keys=True, indent=1)
                            + "\n")
    installed.append(urls.SITE_ASSETS + "config.json")
    return Assets(
        javascript=(urls.SITE_ASSETS + "luocdo.js",),
        css=(urls.SITE_ASSETS + "luocdo.css",),
        files=tuple(sorted(installed)),
    )
