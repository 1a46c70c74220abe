"""Write the build's data folder (``out/data``): the graph's dumps, one Turtle and one JSON-LD
file per document, GraphML and the CSV and JSON Lines tables.

The graph is never held whole. :func:`graph.rdf.graph_parts` gives it one document at a
time; each part goes straight into ``graph.nt`` and ``graph-core.ttl`` and, serialised once,
into its own ``doc/<slug>.ttl`` and ``doc/<slug>.jsonld`` and into ``graph.ttl`` and
``graph.jsonld``. So the dumps run document by document (lines sorted within each document;
the agents, the provenance and the vocabulary last), and memory stays that of one document.
With ``jobs`` > 1 worker processes serialise the documents while the main one makes them.

A document whose triples hash as in the previous build (``previous``, the old data folder,
and its manifest :data:`MANIFEST`) keeps its files: they are hard-linked, not written again.

``graph-core.ttl`` is the lighter dump for the in-browser SPARQL page: everything but the
per-mention evidence (one ``vnl:Mention`` per citing sentence, the bulk of a large graph;
an edge stated by a third text keeps its mentions, whose sentence states it), in Turtle.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

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
BATCH_LINES = 20_000  # triples sent to a worker process at once
WINDOW = 4  # batches in flight per worker
PARALLEL_FROM = 2_000  # documents: below, worker processes cost more than they save


@dataclass(frozen=True, slots=True)
class DataResult:
    """What the rest of the build needs from the data folder."""

    nt: Path  # graph.nt: the whole graph with the vocabulary
    triples: int  # lines of graph.nt
    net: nx.MultiDiGraph  # the citation network (report, site, GraphML)
    written: int  # documents whose files were written
    reused: int  # documents whose files were linked from the previous build

    def shacl_input(self, limit: int) -> Graph | Sized:
        """What pipeline._validate takes today: graph.nt in an rdflib Graph, or, beyond
        ``limit`` triples, only its size (the validation is then skipped, and a graph of
        millions of triples is not loaded into rdflib to be told so)."""
        if self.triples > limit:
            return _Size(self.triples)
        return Graph().parse(self.nt, format="nt")


@dataclass(frozen=True, slots=True)
class _Size:
    triples: int

    def __len__(self) -> int:
        return self.triples


def write_data(
    documents: Sequence[Document],
    resolution: Resolution,
    data_dir: Path,
    *,
    previous: Path | None = None,
    jobs: int = 1,
) -> DataResult:
    """Write every file of ``data_dir`` (which must be new and empty); reuse the per-document
    files of ``previous`` where a document's triples have not changed. With ``jobs`` > 1 the
    per-document files are serialised in that many processes; the bytes are the same."""
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

    counts = _write_graph(documents, resolution, data_dir, previous, jobs)

    net = network.build_network(documents, resolution)
    export.write_text(data_dir / "graph.graphml", export.graphml(net))
    export.write_text(
        data_dir / "documents.csv", export.csv_text(DOCUMENT_COLUMNS, _document_rows(net))
    )
    export.write_text(data_dir / "edges.csv", export.csv_text(EDGE_COLUMNS, _edge_rows(resolution)))
    return DataResult(data_dir / NTRIPLES, counts.triples, net, counts.written, counts.reused)


# --- the graph --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    """One document's part, to serialise (or reuse) into its own files."""

    slug: str
    ntriples: str
    reuse: bool  # the previous build has files for the same triples


Bodies = tuple[str, str]  # a part's Turtle and JSON-LD, without header


@dataclass(frozen=True, slots=True)
class _Counts:
    triples: int
    written: int
    reused: int


class _Dumps:
    """The whole-graph files, written part after part; ``graph-core.nt`` goes through a
    hidden N-Triples file and becomes Turtle when :meth:`close` is called."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.core_nt = data_dir / f".{CORE}.nt"
        self.nt, self.core = _open(data_dir / NTRIPLES), _open(self.core_nt)
        self.ttl, self.jsonld = _open(data_dir / "graph.ttl"), _open(data_dir / "graph.jsonld")
        self.ttl.write(export.TURTLE_HEADER)
        self.jsonld.write(export.JSONLD_HEAD)
        self.triples = 0
        self._first = True

    def lines(self, part: Part) -> str:
        """Write a part's N-Triples into graph.nt and the core dump; the text of its lines."""
        text = "".join(part.lines)
        self.nt.write(text)
        self.core.write("".join(part.core))
        self.triples += len(part.lines)
        return text

    def bodies(self, batch: Iterable[Bodies]) -> None:
        for ttl_body, jsonld_body in batch:
            self.ttl.write(ttl_body)
            if jsonld_body:
                separator = "" if self._first else export.JSONLD_SEPARATOR
                self.jsonld.write(separator + jsonld_body)
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
    jobs: int,
) -> _Counts:
    old = _read_manifest(previous)
    manifest: dict[str, str] = {}
    rest: list[Part] = []
    dumps = _Dumps(data_dir)

    def jobs_of(parts: Iterator[Part]) -> Iterator[_Job]:
        for part in parts:
            if part.doc_id is None:  # what no document owns goes last, with the vocabulary
                rest.append(part)
                continue
            text = dumps.lines(part)
            slug = part.doc_id.slug
            manifest[slug] = digest = _digest(text)
            yield _Job(slug, text, reuse=previous is not None and old.get(slug) == digest)

    reused = 0

    def done(result: tuple[list[Bodies], int]) -> None:
        nonlocal reused
        dumps.bodies(result[0])
        reused += result[1]

    folders = (data_dir, previous)
    batches = _batches(jobs_of(graph_parts(documents, resolution)))
    if jobs > 1 and len(documents) >= PARALLEL_FROM:
        # Forked workers share the parent's memory until they write to it; frozen, the corpus
        # is out of their garbage collector's reach, which would otherwise copy it page by
        # page (gc.freeze's documented use).
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                pending: deque[Future[tuple[list[Bodies], int]]] = deque()
                for batch in batches:
                    pending.append(pool.submit(_serialise, batch, folders))
                    while len(pending) > WINDOW * jobs:
                        done(pending.popleft().result())
                while pending:
                    done(pending.popleft().result())
        finally:
            gc.unfreeze()
    else:
        for batch in batches:
            done(_serialise(batch, folders))

    # What no document owns (agents, provenance), with the vocabulary so that the dumps
    # answer questions about labels on their own.
    from .vocab import vocabulary_graph

    vocabulary = export.ntriples(vocabulary_graph()).splitlines(keepends=True)
    lines = tuple(sorted({*vocabulary, *(line for part in rest for line in part.lines)}))
    core = tuple(sorted({*vocabulary, *(line for part in rest for line in part.core)}))
    text = dumps.lines(Part(None, lines, core))
    dumps.bodies([(export.turtle_body(text), export.jsonld_body(lines))])
    dumps.close()

    text = json.dumps({"format": FORMAT, "documents": manifest}, indent=0, sort_keys=True)
    export.write_text(data_dir / MANIFEST, text + "\n")
    log.info("dữ liệu: %d bộ ba; %d văn bản viết lại, %d dùng lại tệp của lần dựng trước",
             dumps.triples, len(manifest) - reused, reused)  # fmt: skip
    return _Counts(dumps.triples, len(manifest) - reused, reused)


def _batches(jobs: Iterator[_Job]) -> Iterator[list[_Job]]:
    batch: list[_Job] = []
    size = 0
    for job in jobs:
        batch.append(job)
        size += job.ntriples.count("\n")
        if size >= BATCH_LINES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _serialise(batch: list[_Job], folders: tuple[Path, Path | None]) -> tuple[list[Bodies], int]:
    """Each job's Turtle and JSON-LD bodies, its files written into ``folders[0]/doc`` or
    linked from the previous build's ``folders[1]/doc`` (how many: the second value). Runs
    in a worker process when the build has several."""
    data_dir, previous = folders
    out: list[Bodies] = []
    reused = len(batch)
    folders_made: set[Path] = set()
    for job in batch:
        target = data_dir / "doc" / job.slug
        if target.parent not in folders_made:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders_made.add(target.parent)
        kept = _reuse(previous / "doc" / job.slug, target) if job.reuse and previous else None
        if kept is None:
            reused -= 1
            lines = job.ntriples.splitlines(keepends=True)
            kept = export.turtle_body(job.ntriples), export.jsonld_body(lines)
            _write(target.with_name(target.name + ".ttl"), export.TURTLE_HEADER + kept[0])
            jsonld = export.JSONLD_HEAD + kept[1] + export.JSONLD_TAIL
            _write(target.with_name(target.name + ".jsonld"), jsonld)
        out.append(kept)
    return out, reused


def _reuse(old: Path, new: Path) -> Bodies | None:
    """The bodies of the previous build's files for one document, linked into the new
    folder; None if they are missing or not in the current layout."""
    ttl, jsonld = old.with_name(old.name + ".ttl"), old.with_name(old.name + ".jsonld")
    try:
        ttl_text = ttl.read_text(encoding="utf-8")
        jsonld_text = jsonld.read_text(encoding="utf-8")
    except OSError:
        return None
    head, tail = export.JSONLD_HEAD, export.JSONLD_TAIL
    if not (
        ttl_text.startswith(export.TURTLE_HEADER)
        and jsonld_text.startswith(head)
        and jsonld_text.endswith(tail)
    ):
        return None
    for src in (ttl, jsonld):
        _link(src, new.with_name(new.name + src.suffix))
    return ttl_text[len(export.TURTLE_HEADER) :], jsonld_text[len(head) : -len(tail)]


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
