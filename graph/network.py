"""The citation graph as a NetworkX ``MultiDiGraph``, and the analytics researchers ask for.

Built from the same data as the RDF graph (the parsed documents and the resolution), never
from a second extraction. Nodes are document identities (``str(DocumentId)``); there is one
edge per (citing, cited, relation), keyed by the relation id, carrying the mention count and,
for an edge stated by a third document, that document.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from .ids import DocumentId
from .models import Document, MentionKind
from .normalize import fold_key
from .relations import Relation
from .resolve import Citation, Resolution, Stub


def node_key(doc_id: object) -> str:
    return str(doc_id)


def target_names(resolution: Resolution) -> dict[DocumentId, str]:
    """How the texts name each cited document that has no number ("Hiến pháp năm 2013",
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"): its first mention."""
    names: dict[DocumentId, str] = {}
    for citation in (*resolution.all_citations(), *resolution.stated):
        for mention in citation.mentions:
            if mention.kind in {MentionKind.TITLE, MentionKind.EVENT}:
                names.setdefault(citation.target, " ".join(mention.text.split()))
    return names


def stub_label(stub: Stub, names: dict[DocumentId, str]) -> str:
    if stub.target.number is None:
        return names.get(stub.target) or (stub.titles or (stub.target.label(),))[0]
    return stub.target.label()


def build_network(documents: Sequence[Document], resolution: Resolution) -> nx.MultiDiGraph:
    """One MultiDiGraph of every corpus document, stub and citation."""
    graph = nx.MultiDiGraph()
    names = target_names(resolution)
    for doc in documents:
        if doc.doc_id is None:
            continue
        meta = doc.meta
        graph.add_node(
            node_key(doc.doc_id),
            label=doc.doc_id.label(),
            doc_type=doc.doc_id.doc_type,
            date=meta.date.value if meta.date else None,
            issuer=meta.issuer.value if meta.issuer else None,
            title=meta.title.value if meta.title else None,
            in_corpus=True,
            path=doc.path,
        )
    for stub in resolution.stubs:
        key = node_key(stub.target)
        if key in graph:
            continue
        graph.add_node(
            key,
            label=stub_label(stub, names),
            doc_type=stub.target.doc_type,
            date=min(stub.dates) if stub.dates else None,
            issuer=stub.issuers[0] if stub.issuers else None,
            title=stub.titles[0] if stub.titles else None,
            in_corpus=False,
            resolved=stub.resolved,
        )
    for citation in all_citations(resolution):
        add_citation(graph, citation)
    return graph


def all_citations(resolution: Resolution) -> Iterator[Citation]:
    for path in sorted(resolution.citations):
        yield from resolution.citations[path]
    yield from resolution.stated


def add_citation(graph: nx.MultiDiGraph, citation: Citation) -> None:
    if citation.source is None:
        return
    source, target = node_key(citation.source), node_key(citation.target)
    for node in (source, target):
        if node not in graph:
            graph.add_node(node, label=node, in_corpus=False)
    for relation in citation.relations:
        graph.add_edge(
            source,
            target,
            key=relation.value,
            relation=relation.value,
            mentions=len(citation.mentions),
            stated_by=node_key(citation.stated_by_id) if citation.stated_by_id else None,
            continuation=citation.continuation,
        )


# --- analytics --------------------------------------------------------------------------------


def cited_by_counts(graph: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """For each document, how many documents cite it, per relation."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for source, target, relation in graph.edges(keys=True):
        if source != target:
            counts[target][relation] += 1
    return dict(counts)


def most_cited(graph: nx.MultiDiGraph, limit: int = 20) -> list[tuple[str, int]]:
    """Documents by the number of distinct documents citing them (ties by key)."""
    citing: dict[str, set[str]] = defaultdict(set)
    for source, target in graph.edges():
        if source != target:
            citing[target].add(source)
    ranked = sorted(((k, len(v)) for k, v in citing.items()), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit]


def pagerank(graph: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank over the citation graph, each citing–cited pair counted once."""
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((s, t) for s, t in graph.edges() if s != t)
    if simple.number_of_nodes() == 0:
        return {}
    ranks: dict[str, float] = nx.pagerank(simple)
    return ranks


def citation_depth(graph: nx.MultiDiGraph, source: str, target: str) -> int:
    """How many times ``source``'s text names ``target`` (eyecite's depth)."""
    data = graph.get_edge_data(source, target) or {}
    return max((int(attrs.get("mentions", 0)) for attrs in data.values()), default=0)


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One node of a traced tree: the document, the relation that led to it, its children."""

    key: str
    relation: str | None
    children: tuple[TreeNode, ...]
    repeated: bool = False  # already shown higher in the tree (a cycle or a shared branch)


def _tree(
    graph: nx.MultiDiGraph,
    root: str,
    relations: Iterable[str] | None,
    incoming: bool,
    depth: int,
) -> TreeNode:
    wanted = set(relations) if relations is not None else None
    seen = {root}

    def grow(key: str, via: str | None, level: int) -> TreeNode:
        if level >= depth:
            return TreeNode(key, via, ())
        edges = graph.in_edges(key, keys=True) if incoming else graph.out_edges(key, keys=True)
        links: dict[str, set[str]] = defaultdict(set)
        for source, target, relation in edges:
            other = source if incoming else target
            if other != key and (wanted is None or relation in wanted):
                links[other].add(relation)
        children = []
        for other in sorted(links):
            via_text = ", ".join(sorted(links[other]))
            if other in seen:
                children.append(TreeNode(other, via_text, (), repeated=True))
                continue
            seen.add(other)
            children.append(grow(other, via_text, level + 1))
        return TreeNode(key, via, tuple(children))

    return grow(root, None, 0)


def implementation_tree(graph: nx.MultiDiGraph, key: str, depth: int = 10) -> TreeNode:
    """Who implements (or details) ``key``, who implements those, and so on."""
    return _tree(
        graph,
        key,
        (Relation.IMPLEMENTS.value, Relation.DETAILS.value),
        incoming=True,
        depth=depth,
    )


def legal_basis_chain(graph: nx.MultiDiGraph, key: str, depth: int = 10) -> TreeNode:
    """The chain of legal bases upward: what ``key`` is based on (căn cứ), and theirs."""
    return _tree(graph, key, (Relation.BASED_ON.value,), incoming=False, depth=depth)


def trace(
    graph: nx.MultiDiGraph,
    key: str,
    *,
    relations: Iterable[str] | None = None,
    depth: int = 2,
    incoming: bool = False,
) -> TreeNode:
    """The citation chains from ``key`` (or into it) to ``depth``, optionally by relation."""
    return _tree(graph, key, relations, incoming=incoming, depth=depth)


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[tuple[str, str | None]]:
    """The shortest chain of citations from ``source`` to ``target``, with the relations of
    each step; following citations in either direction when no directed path exists."""
    for candidate in (graph, graph.to_undirected(as_view=True)):
        try:
            path: list[str] = nx.shortest_path(candidate, source, target)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        steps: list[tuple[str, str | None]] = [(path[0], None)]
        for a, b in itertools.pairwise(path):
            forward = graph.get_edge_data(a, b) or {}
            backward = graph.get_edge_data(b, a) or {}
            if forward:
                steps.append((b, ", ".join(sorted(forward))))
            else:
                steps.append((b, "← " + ", ".join(sorted(backward))))
        return steps
    return []


def components(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Weakly connected components, largest first."""
    parts = [sorted(c) for c in nx.weakly_connected_components(graph)]
    return sorted(parts, key=lambda c: (-len(c), c[0]))


@dataclass(frozen=True, slots=True)
class ForwardEdge:
    """A citation of a document dated after the citing one."""

    source: str
    target: str
    relation: str
    source_date: dt.date
    target_date: dt.date


def forward_in_time(graph: nx.MultiDiGraph) -> list[ForwardEdge]:
    """Edges that point forward in time: the cited document is dated after the citing one.

    Stated edges (a third document's claim) are checked with their own two dates too."""
    found = []
    for source, target, relation in sorted(graph.edges(keys=True)):
        a = graph.nodes[source].get("date")
        b = graph.nodes[target].get("date")
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b > a:
            found.append(ForwardEdge(source, target, relation, a, b))
    return found


def tree_lines(graph: nx.MultiDiGraph, tree: TreeNode) -> list[str]:
    """A tree for people: one document a line, the relation before it, indented."""

    def label(key: str) -> str:
        attrs: dict[str, Any] = graph.nodes.get(key, {})
        text = str(attrs.get("label") or key)
        date = attrs.get("date")
        if isinstance(date, dt.date):
            text += f" ({date.strftime('%d/%m/%Y')})"
        if attrs and not attrs.get("in_corpus", False):
            text += " [ngoài kho]"
        return text

    lines = [label(tree.key)]

    def walk(node: TreeNode, prefix: str) -> None:
        for i, child in enumerate(node.children):
            last = i == len(node.children) - 1
            branch = "└─ " if last else "├─ "
            mark = " ↺" if child.repeated else ""
            lines.append(f"{prefix}{branch}[{child.relation}] {label(child.key)}{mark}")
            walk(child, prefix + ("   " if last else "│  "))

    walk(tree, "")
    return lines


def load_network(documents_csv: Path, edges_csv: Path) -> nx.MultiDiGraph:
    """The network from a build's CSV exports, without extracting anything again."""
    graph = nx.MultiDiGraph()
    with documents_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            date = dt.date.fromisoformat(row["date"]) if row["date"] else None
            graph.add_node(
                row["id"], label=row["label"], doc_type=row["doc_type"], date=date,
                issuer=row["issuer"] or None, title=row["title"] or None,
                in_corpus=row["in_corpus"] == "True", path=row["path"] or None,
            )
    with edges_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for relation in row["relations"].split():
                graph.add_edge(
                    row["source"], row["target"], key=relation, relation=relation,
                    mentions=int(row["mentions"] or 0), stated_by=row["stated_by"] or None,
                )
    return graph


def find_nodes(graph: nx.MultiDiGraph, query: str) -> list[str]:
    """Nodes matching a canonical id, a number ("33/CT-TTg", any case and diacritics) or a
    label; exact id first."""
    if query in graph:
        return [query]
    key = fold_key(query).replace(" ", "")
    found = []
    for node, attrs in graph.nodes(data=True):
        number = node.rsplit(":", 1)[-1]
        label = str(attrs.get("label") or "")
        if key in {fold_key(number).replace(" ", ""), fold_key(label).replace(" ", "")}:
            found.append(node)
    return sorted(found)
