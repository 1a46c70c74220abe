"""Write the build's data folder (``out/data``): the graph's dumps, one Turtle and one JSON-LD
file per document, GraphML and the CSV and JSON Lines tables.

The graph is never held whole. :func:`graph.rdf.graph_parts` gives it one document at a
time; each part goes straight into ``graph.nt`` and ``graph-core.ttl`` and, serialised once,
into its own ``doc/<slug>.ttl`` and ``doc/<slug>.jsonld`` and into ``graph.ttl`` and
``graph.jsonld``. So the dumps run document by document (lines sorted within each document;
the agents, the provenance and the vocabulary last), and memory stays that of one document.

A document whose triples hash as in the previous build (``previous``, the old data folder,
and its manifest :data:`MANIFEST`) keeps its files: they are hard-linked, not written again.

``graph-core.ttl`` is the lighter dump for the in-browser SPARQL page: everything but the
per-mention evidence (one ``vnl:Mention`` per citing sentence, the bulk of a large graph;
an edge stated by a third text keeps its mentions, whose sentence states it), in Turtle.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import networkx as nx
import pyoxigraph as ox

from . import export, network
from .models import Document
from .rdf import Part, graph_parts
from .resolve import Resolution

log = logging.getLogger(__name__)

# Bump when the per-document files change for the same triples (their layout, the prefixes,
# the JSON-LD context): the files of the previous build are then written again.
FORMAT = f"luocdo-doc-files 1, pyoxigraph {ox.__version__}"
MANIFEST = ".doc-hashes.json"  # slug → hash of the document's triples; a dotfile, not published
NTRIPLES, CORE = "graph.nt", "graph-core.ttl"


@dataclass(frozen=True, slots=True)
class DataResult:
    """What the rest of the build needs from the data folder."""

    nt: Path  # graph.nt: the whole graph with the vocabulary
    triples: int  # lines of graph.nt
    parts: tuple[int, ...]  # lines of each part of graph.nt, in order (graph.validate_parts)
    net: nx.MultiDiGraph  # the citation network (report, site, GraphML)
    written: int  # documents whose files were written
    reused: int  # documents whose files were linked from the previous build


def write_data(
    documents: Sequence[Document],
    resolution: Resolution,
    data_dir: Path,
    *,
    previous: Path | None = None,
) -> DataResult:
    """Write every file of ``data_dir`` (which must be new and empty); reuse the per-document
    files of ``previous`` where a document's triples have not changed."""
    from .pipeline import (
        DOCUMENT_COLUMNS,
        EDGE_COLUMNS,
        _document_rows,
        _edge_rows,
        citations_by_document,
        document_record,
        dumps,
    )

    data_dir.mkdir(parents=True, exist_ok=True)
    cites = citations_by_document(resolution)
    with _open(data_dir / "documents.jsonl") as out:
        for doc in documents:
            out.write(dumps(document_record(doc, cites.get(doc.path, ()))) + "\n")
    del cites

    counts = _write_graph(documents, resolution, data_dir, previous)

    net = network.build_network(documents, resolution)
    export.write_text(data_dir / "graph.graphml", export.graphml(net))
    export.write_text(
        data_dir / "documents.csv", export.csv_text(DOCUMENT_COLUMNS, _document_rows(net))
    )
    export.write_text(data_dir / "edges.csv", export.csv_text(EDGE_COLUMNS, _edge_rows(resolution)))
    return DataResult(
        data_dir / NTRIPLES, counts.triples, counts.parts, net, counts.written, counts.reused
    )


# --- the graph --------------------------------------------------------------------------------


Bodies = tuple[str, str]  # a part's Turtle and JSON-LD, without their header


@dataclass(frozen=True, slots=True)
class _Counts:
    triples: int
    parts: tuple[int, ...]
    written: int
    reused: int


class _Dumps:
    """The whole-graph files, written part after part; ``graph-core.ttl`` goes through a
    hidden N-Triples file and becomes Turtle when :meth:`close` is called."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.core_nt = data_dir / f".{CORE}.nt"
        self.nt, self.core = _open(data_dir / NTRIPLES), _open(self.core_nt)
        self.ttl, self.jsonld = _open(data_dir / "graph.ttl"), _open(data_dir / "graph.jsonld")
        self.ttl.write(export.TURTLE_HEADER)
        self.jsonld.write(export.JSONLD_HEAD)
        self.triples = 0
        self.parts: list[int] = []
        self._first = True

    def lines(self, part: Part) -> str:
        """Write a part's N-Triples into graph.nt and the core dump; the text of its lines."""
        text = "".join(part.lines)
        self.nt.write(text)
        self.core.write("".join(part.core))
        self.triples += len(part.lines)
        self.parts.append(len(part.lines))
        return text

    def bodies(self, bodies: Bodies) -> None:
        ttl_body, jsonld_body = bodies
        self.ttl.write(ttl_body)
        if jsonld_body:
            self.jsonld.write(jsonld_body if self._first else export.JSONLD_SEPARATOR + jsonld_body)
            self._first = False

    def close(self) -> None:
        self.jsonld.write(export.JSONLD_TAIL)
        for file in (self.nt, self.core, self.ttl, self.jsonld):
            file.close()
        export.turtle_file(self.core_nt, self.data_dir / CORE)
        self.core_nt.unlink()


def _write_graph(
    documents: Sequence[Document],
    resolution: Resolution,
    data_dir: Path,
    previous: Path | None,
) -> _Counts:
    old = _read_manifest(previous)
    manifest: dict[str, str] = {}
    dumps = _Dumps(data_dir)
    files = _DocumentFiles(data_dir / "doc", previous / "doc" if previous else None)
    rest: list[Part] = []
    reused = 0
    for part in graph_parts(documents, resolution):
        if part.doc_id is None:  # what no document owns goes last, with the vocabulary
            rest.append(part)
            continue
        text = dumps.lines(part)
        slug = part.doc_id.slug
        manifest[slug] = digest = _digest(text)
        kept = files.reuse(slug) if old.get(slug) == digest else None
        reused += kept is not None
        dumps.bodies(kept or files.write(slug, text))

    # What no document owns (agents, provenance), with the vocabulary so that the dumps
    # answer questions about labels on their own.
    from .vocab import vocabulary_graph

    vocabulary = export.ntriples(vocabulary_graph()).splitlines(keepends=True)
    lines = tuple(sorted({*vocabulary, *(line for part in rest for line in part.lines)}))
    core = tuple(sorted({*vocabulary, *(line for part in rest for line in part.core)}))
    text = dumps.lines(Part(None, lines, core))
    dumps.bodies((export.turtle_body(text), export.jsonld_body(lines)))
    dumps.close()

    text = json.dumps({"format": FORMAT, "documents": manifest}, indent=0, sort_keys=True)
    export.write_text(data_dir / MANIFEST, text + "\n")
    log.info("dữ liệu: %d bộ ba; %d văn bản viết lại, %d dùng lại tệp của lần dựng trước",
             dumps.triples, len(manifest) - reused, reused)  # fmt: skip
    return _Counts(dumps.triples, tuple(dumps.parts), len(manifest) - reused, reused)


class _DocumentFiles:
    """Each document's ``doc/<slug>.ttl`` and ``.jsonld``: written from its part, or linked
    from the previous build's folder ``old``."""

    def __init__(self, new: Path, old: Path | None) -> None:
        self.new, self.old = new, old
        self._folders: set[Path] = set()

    def _paths(self, folder: Path, slug: str) -> tuple[Path, Path]:
        return folder / f"{slug}.ttl", folder / f"{slug}.jsonld"

    def _made(self, slug: str) -> tuple[Path, Path]:
        ttl, jsonld = self._paths(self.new, slug)
        if ttl.parent not in self._folders:
            ttl.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(ttl.parent)
        return ttl, jsonld

    def write(self, slug: str, ntriples: str) -> Bodies:
        body = export.turtle_body(ntriples), export.jsonld_body(ntriples.splitlines(True))
        ttl, jsonld = self._made(slug)
        _write(ttl, export.TURTLE_HEADER + body[0])
        _write(jsonld, export.JSONLD_HEAD + body[1] + export.JSONLD_TAIL)
        return body

    def reuse(self, slug: str) -> Bodies | None:
        """The bodies of the previous build's files, linked into the new folder; None if
        they are missing or not in the current layout."""
        if self.old is None:
            return None
        old_ttl, old_jsonld = self._paths(self.old, slug)
        try:
            ttl_text = old_ttl.read_text(encoding="utf-8")
            jsonld_text = old_jsonld.read_text(encoding="utf-8")
        except OSError:
            return None
        head, tail = export.JSONLD_HEAD, export.JSONLD_TAIL
        header = export.TURTLE_HEADER
        if not (ttl_text.startswith(header) and jsonld_text.startswith(head)):
            return None
        if not jsonld_text.endswith(tail):
            return None
        ttl, jsonld = self._made(slug)
        _link(old_ttl, ttl)
        _link(old_jsonld, jsonld)
        return ttl_text[len(header) :], jsonld_text[len(head) : -len(tail)]


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _digest(ntriples: str) -> str:
    return hashlib.sha256(f"{FORMAT}\n{ntriples}".encode()).hexdigest()


def _read_manifest(previous: Path | None) -> dict[str, str]:
    if previous is None:
        return {}
    try:
        data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    documents = data.get("documents")
    return {str(k): str(v) for k, v in documents.items()} if isinstance(documents, dict) else {}


def _open(path: Path) -> IO[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8", newline="\n")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
