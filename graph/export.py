"""Write the graph's downloads: Turtle and JSON-LD from N-Triples lines (a whole graph or one
document's part, graph/dataset.py puts them together), GraphML for Gephi and CSV tables.
Every file is deterministic: two builds of the same input give the same bytes (triples in a
fixed order, sorted JSON keys, no blank nodes, no timestamps)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from .query import PREFIXES
from .vocab import VNL

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
    """N-Triples of an rdflib graph (the vocabulary), one triple a line, lines sorted."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + ("\n" if lines else "")


# --- Turtle -----------------------------------------------------------------------------------

TURTLE_HEADER = "".join(
    f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(TURTLE_PREFIXES)
)


def turtle_body(ntriples_text: str) -> str:
    """Turtle for N-Triples lines, without the prefix lines (:data:`TURTLE_HEADER` goes
    first): bodies of different parts of a graph concatenate into one Turtle file.

    Oxigraph writes the triples in the order given, grouping a subject's consecutive triples
    (rdflib's writer was quadratic in namespaces, one per citation here).
    """
    data = ox.serialize(
        ox.parse(ntriples_text, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes={name: PREFIXES[name] for name in TURTLE_PREFIXES},
    )
    text = (data or b"").decode("utf-8")
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and lines[skip].startswith("@prefix "):
        skip += 1
    return "".join(lines[skip:])


def turtle_file(source: Path, target: Path) -> None:
    """Turtle for an N-Triples file, streamed (Oxigraph), with :data:`TURTLE_HEADER`."""
    draft = target.with_name(f".{target.name}.draft")
    ox.serialize(
        ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES),
        draft,
        format=ox.RdfFormat.TURTLE,
        prefixes={name: PREFIXES[name] for name in TURTLE_PREFIXES},
    )
    with draft.open("rb") as src, target.open("wb") as out:
        out.write(TURTLE_HEADER.encode("utf-8"))
        for line in src:
            if not line.startswith(b"@prefix "):
                out.write(line)
                break
        shutil.copyfileobj(src, out)
    draft.unlink()


# --- JSON-LD ----------------------------------------------------------------------------------

JSONLD_HEAD = (
    '{\n "@context": '
    + json.dumps(CONTEXT, ensure_ascii=False, sort_keys=True)
    + ',\n "@graph": [\n'
)
JSONLD_TAIL = "\n ]\n}\n"
JSONLD_SEPARATOR = ",\n"  # between the bodies of two parts

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PREFIX_OF = {iri: name for name, iri in CONTEXT.items()}
# an IRI in a namespace of the context, with a local name that needs no escaping
_COMPACTABLE = re.compile(
    "(" + "|".join(re.escape(iri) for iri in sorted(_PREFIX_OF, key=len, reverse=True)) + ")"
    r"([A-Za-z_][\w.-]*)"
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


_quote: Callable[[str], str] = json.encoder.encode_basestring  # a JSON string, non-ASCII kept


def _compact(value: str) -> str:
    """``vnl:Citation`` for an IRI in a namespace of the context, the IRI itself otherwise."""
    match = _COMPACTABLE.fullmatch(value)
    return f"{_PREFIX_OF[match[1]]}:{match[2]}" if match else value


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR[match.group(3)]


def _json_value(term: str) -> str:
    """The JSON text of the compact JSON-LD value of an N-Triples object."""
    if term[0] == "<":
        return '{"@id": ' + _quote(_compact(term[1:-1])) + "}"
    end = term.rindex('"')
    lexical = term[1:end]
    if "\\" in lexical:
        lexical = _ESCAPE.sub(_unescape, lexical)
    suffix = term[end + 1 :]
    if not suffix:
        return _quote(lexical)
    if suffix[0] == "@":
        return '{"@language": ' + _quote(suffix[1:]) + ', "@value": ' + _quote(lexical) + "}"
    datatype = suffix[3:-1]
    if datatype == _XSD + "integer" and _CANONICAL_INTEGER.fullmatch(lexical):
        return lexical  # a JSON number
    if datatype == _XSD + "boolean" and lexical in {"true", "false"}:
        return lexical
    if datatype == _XSD + "string":
        return _quote(lexical)
    return '{"@type": ' + _quote(_compact(datatype)) + ', "@value": ' + _quote(lexical) + "}"


def jsonld_body(lines: Iterable[str]) -> str:
    """JSON-LD node objects for sorted N-Triples lines, one node a line, keys sorted, in the
    context of :data:`JSONLD_HEAD`: bodies of different parts join with
    :data:`JSONLD_SEPARATOR` into one ``@graph``.

    Written here rather than by rdflib (which needs the graph in memory) or Oxigraph (which
    writes expanded JSON-LD only). The JSON text is put together directly, as ``json.dumps``
    with sorted keys would write it: this runs once per triple.
    """
    nodes: list[str] = []
    subject = ""
    values: dict[str, list[str]] = {}
    keys: dict[str, str] = {_RDF_TYPE: "@type"}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if s != subject:
            if values:
                nodes.append(_node_text(subject, values))
            subject, values = s, {}
        o = rest[: rest.rindex(" .")]
        key = keys.get(p)
        if key is None:
            key = keys[p] = _compact(p[1:-1])
        value = _quote(_compact(o[1:-1])) if key == "@type" else _json_value(o)
        known = values.get(key)
        if known is None:
            values[key] = [value]
        else:
            known.append(value)
    if values:
        nodes.append(_node_text(subject, values))
    return JSONLD_SEPARATOR.join(nodes)


def _node_text(subject: str, values: dict[str, list[str]]) -> str:
    fields = ['"@id": ' + _quote(_compact(subject[1:-1]))]
    for key in sorted(values):
        items = values[key]
        value = items[0] if len(items) == 1 else "[" + ", ".join(items) + "]"
        fields.append(_quote(key) + ": " + value)
    return "  {" + ", ".join(fields) + "}"


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
