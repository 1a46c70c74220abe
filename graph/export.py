"""Write the graph's downloads: Turtle, N-Triples, JSON-LD, one Turtle file per document,
GraphML for Gephi and CSV tables. Every file is deterministic: two builds of the same input
give the same bytes (sorted triples, sorted JSON, no blank nodes, no timestamps)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from .query import PREFIXES
from .vocab import VNL, bind_prefixes

TURTLE_PREFIXES = ("vnl", "eli", "rdf", "rdfs", "xsd", "skos", "foaf", "org", "prov", "schema",
                   "owl", "type", "relation")  # fmt: skip

CONTEXT = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "vnl": str(VNL._NS),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + ("\n" if lines else "")


def turtle(graph: Graph) -> str:
    """Turtle with the project's prefixes, written by Oxigraph from the sorted triples.

    rdflib's Turtle writer looks up every IRI's namespace in a list that grows with each new
    namespace it meets (one per citation here), which made large graphs quadratic: a document
    citing 2,000 others took 42 s. Oxigraph writes the triples in the sorted order given;
    its prefix lines come in no fixed order, so they are sorted too.
    """
    triples = [q.triple for q in ox.parse(ntriples(graph), format=ox.RdfFormat.N_TRIPLES)]
    used = {name: iri for name, iri in PREFIXES.items() if name in TURTLE_PREFIXES}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
    text = data.decode("utf-8")
    lines = text.splitlines()
    header = sorted(line for line in lines if line.startswith("@prefix "))
    body = [line for line in lines if not line.startswith("@prefix ")]
    return "\n".join([*header, *body]) + "\n"


def jsonld(graph: Graph) -> str:
    """JSON-LD with a compact context; nodes sorted by ``@id``, keys sorted."""
    raw = graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    data = json.loads(raw)
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(
                    value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)
                )
    doc = {"@context": data.get("@context", CONTEXT), "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def document_graphs(graph: Graph, documents: Iterable[URIRef]) -> dict[URIRef, Graph]:
    """For each document, the triples that describe it: its own, its stamp's, and the
    citations, mentions, vague references and conflicts that start from it."""
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for triple in graph:
        by_subject[triple[0]].append(triple)
    owned: dict[Node, list[Node]] = defaultdict(list)
    for prop in (VNL.citingDocument, VNL.conflictSubject):
        for resource, doc in graph.subject_objects(prop):
            owned[doc].append(resource)
    out: dict[URIRef, Graph] = {}
    for doc in documents:
        sub = bind_prefixes(Graph())
        queue: list[Node] = [doc, *owned.get(doc, [])]
        seen: set[Node] = set()
        while queue:
            node = queue.pop()
            if node in seen:
                continue
            seen.add(node)
            for s, p, o in by_subject.get(node, []):
                sub.add((s, p, o))
                if p in (VNL.receivedStamp, VNL.mention, VNL.value):
                    queue.append(o)
        out[doc] = sub
    return out


def graphml(network: nx.MultiDiGraph) -> str:
    """GraphML for Gephi: attributes as strings or numbers, dates in ISO form."""

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in sorted(attrs.items()):
            if value is None:
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif not isinstance(value, str | int | float | bool):
                value = str(value)
            out[key] = value
        return out

    copy = nx.MultiDiGraph()
    for node in sorted(network.nodes):
        copy.add_node(node, **clean(network.nodes[node]))
    for s, t, k, attrs in sorted(network.edges(keys=True, data=True), key=lambda e: e[:3]):
        copy.add_edge(s, t, key=k, **clean(attrs))
    buffer = io.BytesIO()
    nx.write_graphml(copy, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def csv_text(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return buffer.getvalue()


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
