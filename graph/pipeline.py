"""The pipeline: read all documents, then extract, then resolve, then write.

Reading and parsing are per document; resolution needs the whole corpus (cited-by,
conflicts), so it runs after every document is read, as in Pelican.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Cache
from .cache import key as cache_key
from .codes import TYPES_BY_SLUG, System
from .encoding import decode_bytes
from .errors import InputError
from .extract import extract_mentions
from .files import remove
from .ids import DocumentId
from .models import Document, Field, Mention, Problem, Severity
from .normalize import normalize_input
from .parse import iter_skip_ranges, parse_document
from .resolve import Citation, CitingDoc, Resolution, VagueReference, resolve
from .timing import Timings

if TYPE_CHECKING:
    from .dataset import DataResult

CONTENT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every document read from a content folder, and every file that could not be read."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]  # files refused as a whole
    files: tuple[str, ...]  # every input file, read or not
    keys: tuple[str, ...] = ()  # each document's cache key: its bytes, name and the code


def content_files(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """(file, name relative to its folder) for every content file under ``paths``, sorted;
    hidden files and folders, and the ``exclude`` folders (a build's output), are skipped."""
    found: list[tuple[Path, str]] = []
    skip = [e.resolve() for e in exclude]
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path)
                if (
                    file.is_file()
                    and file.suffix.lower() in CONTENT_SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                    and not any((root / rel).is_relative_to(e) for e in skip)
                ):
                    found.append((file, rel.as_posix()))
        else:
            found.append((path, path.name))
    return found


def read_document(file: Path, name: str) -> Document:
    """Read and parse one content file; raises :class:`InputError` if it cannot be read."""
    return parse_bytes(_read_bytes(file, name), name)


def _read_bytes(file: Path, name: str) -> bytes:
    try:
        return file.read_bytes()
    except OSError as err:
        raise InputError(name, f"cannot read file: {err.strerror or err}") from err


def parse_bytes(data: bytes, name: str) -> Document:
    """Decode, normalise and parse one file's bytes; raises :class:`InputError`."""
    text, _encoding = decode_bytes(data, name)
    text = normalize_input(text)
    if not text.strip():
        raise InputError(name, "empty file")
    return parse_document(text, name)


def _parse_one(item: tuple[bytes, str]) -> Document | Problem:
    data, name = item
    try:
        return parse_bytes(data, name)
    except InputError as err:
        return Problem(err.file, err.line, "unreadable", err.message, Severity.ERROR)


def read_corpus(
    paths: Iterable[Path],
    progress: bool = False,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    exclude: Iterable[Path] = (),
) -> Corpus:
    """Read every content file; a file that cannot be read is reported, the rest go on.

    Files are parsed ``jobs`` at a time; a file whose bytes (and name, and the code) are
    those of a cached one is not parsed again. ``exclude``: folders not to read (the
    build's output, when it lies inside the content folder).
    """
    files = content_files(paths, exclude)
    store = cache or Cache(None)
    results: list[Document | Problem | None] = []
    todo: list[tuple[int, bytes, str]] = []
    keys: list[str | None] = []
    for file, name in files:
        try:
            data = _read_bytes(file, name)
        except InputError as err:
            results.append(Problem(err.file, err.line, "unreadable", err.message, Severity.ERROR))
            keys.append(None)
            continue
        keys.append(cache_key("document", name.encode("utf-8"), data))
        results.append(None)
        todo.append((len(results) - 1, data, name))
    found = store.get_many(k for k in keys if k is not None)
    missing = []
    for i, data, name in todo:
        hit = found.get(keys[i] or "")
        if hit is not None:
            results[i] = hit
        else:
            missing.append((i, data, name))
    parsed = _map(_parse_one, [(data, name) for _, data, name in missing], jobs, progress)
    fresh = []
    for (i, _, _), result in zip(missing, parsed, strict=True):
        results[i] = result
        key = keys[i]
        if isinstance(result, Document) and key is not None:
            fresh.append((key, result))
    store.put_many(fresh)
    documents = tuple(r for r in results if isinstance(r, Document))
    problems = tuple(r for r in results if isinstance(r, Problem))
    used = tuple(k or "" for k, r in zip(keys, results, strict=True) if isinstance(r, Document))
    return Corpus(documents, problems, tuple(name for _, name in files), used)


def _map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int, progress: bool) -> list[Any]:
    """``func`` over ``items`` in order, in ``jobs`` processes when there is enough to do."""
    if jobs > 1 and len(items) > 1:
        from concurrent.futures import ProcessPoolExecutor

        chunksize = max(1, min(64, len(items) // (jobs * 8) or 1))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(func, items, chunksize=chunksize))
    return [func(item) for item in _progress(items, progress, "đọc văn bản")]


def _progress(items: Sequence[Any], enabled: bool, label: str) -> Iterable[Any]:
    if not enabled:
        return items
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(items, desc=label, unit=" tệp", disable=None)
    return bar


# --- extraction and resolution ----------------------------------------------------------------


# What extraction needs of one document: text, body_start, skip, own number, type and date.
ExtractArgs = tuple[str, int, list[tuple[int, int]], str | None, str | None, dt.date | None]


def extract_args(doc: Document) -> ExtractArgs:
    """The small, picklable input of :func:`extract_mentions` for one document."""
    meta = doc.meta
    own_line = _own_number_range(doc)
    skip = [*iter_skip_ranges(doc.text, doc.body_start), *own_line]
    return (
        doc.text,
        doc.body_start,
        sorted(skip),
        meta.number.value if meta.number else None,
        meta.doc_type.value if meta.doc_type else None,
        meta.date.value if meta.date else None,
    )


def _extract(args: ExtractArgs) -> tuple[Mention, ...]:
    text, body_start, skip, own_number, own_type, own_date = args
    return extract_mentions(
        text,
        body_start=body_start,
        skip=skip,
        own_number=own_number,
        own_type=own_type,
        own_date=own_date,
    )


def mentions_of(doc: Document) -> tuple[Mention, ...]:
    """The citations in one document's text (a pure function of the document)."""
    return _extract(extract_args(doc))


def _mentions_parallel(documents: Sequence[Document], jobs: int) -> list[tuple[Mention, ...]]:
    """Every document's mentions, in input order, over ``jobs`` worker processes (each
    works out its documents' extraction input too)."""
    return _map(mentions_of, documents, jobs, progress=False)


def _own_number_range(doc: Document) -> list[tuple[int, int]]:
    """The line holding the document's own "Số: …", which is no citation."""
    number = doc.meta.number
    if number is None or number.line is None:
        return []
    lines = doc.text.split("\n")
    start = sum(len(line) + 1 for line in lines[: number.line - 1])
    return [(start, start + len(lines[number.line - 1]))]


@dataclass(frozen=True, slots=True)
class Extraction:
    """The corpus with every document's mentions, and their resolution."""

    corpus: Corpus
    mentions: dict[str, tuple[Mention, ...]]
    resolution: Resolution


def extract_corpus(
    corpus: Corpus,
    progress: bool = False,
    jobs: int = 1,
    *,
    cache: Cache | None = None,
    dask: str | None = None,
) -> Extraction:
    """Extract every document's mentions, then resolve them over the whole corpus.

    With ``jobs`` > 1 extraction (a pure function of each document) runs in that many
    processes; with ``dask`` (a scheduler address, or "local") on a Dask cluster
    (graph.distributed). The result is identical to ``jobs=1``. A document whose
    extraction input is cached is not extracted again.
    """
    store = cache or Cache(None)
    docs = corpus.documents
    if len(corpus.keys) == len(docs):
        keys = [cache_key("mentions", k) for k in corpus.keys]
    else:  # a corpus not read by read_corpus: key on the extraction input itself
        import pickle

        keys = [cache_key("mentions", pickle.dumps(extract_args(d), protocol=4)) for d in docs]
    found = store.get_many(keys)
    todo = [docs[i] for i, k in enumerate(keys) if k not in found]
    if dask is not None and todo:
        from .distributed import map_documents

        fresh = list(map_documents(mentions_of, todo, address=dask, workers=jobs))
    elif jobs > 1 and len(todo) > 1:
        fresh = _mentions_parallel(todo, jobs)
    else:
        fresh = [mentions_of(doc) for doc in _progress(todo, progress, "trích dẫn")]
    todo_keys = [k for k in keys if k not in found]
    store.put_many(zip(todo_keys, fresh, strict=True))
    found.update(zip(todo_keys, fresh, strict=True))
    mentions = {doc.path: found[k] for doc, k in zip(docs, keys, strict=True)}
    resolution = resolve(
        [CitingDoc.from_document(doc, mentions[doc.path]) for doc in corpus.documents]
    )
    if cache is not None:
        cache.prune([*corpus.keys, *keys])
    return Extraction(corpus, mentions, resolution)


# --- records for the extract command --------------------------------------------------------


def _value(field: Field[Any] | None) -> Any:
    if field is None:
        return None
    value = field.value
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, System):
        return value.label_vi
    return value


def _source(field: Field[Any] | None) -> dict[str, Any] | None:
    if field is None:
        return None
    out: dict[str, Any] = {"origin": field.origin.value, "line": field.line}
    if field.note:
        out["note"] = field.note
    return out


FIELD_ORDER = (
    ("number", "number"),
    ("system", "system"),
    ("type", "doc_type"),
    ("issuer", "issuer"),
    ("drafting_unit", "drafting_unit"),
    ("place", "place"),
    ("date", "date"),
    ("title", "title"),
    ("addressees", "addressees"),
    ("recipients", "recipients"),
    ("signing_authority", "signing_authority"),
    ("signer_title", "signer_title"),
    ("signer", "signer"),
    ("attachments", "attachments"),
    ("effective_date", "effective_date"),
)


def _mention_record(m: Mention) -> dict[str, Any]:
    return {
        "start": m.start,
        "end": m.end,
        "line": m.line,
        "text": m.text,
        "kind": m.kind.value,
        "sentence": m.sentence,
        "cue": m.cue,
        "provision": m.cited_provision,
        "citing_provision": m.citing_provision,
    }


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def citation_record(citation: Citation, stated_by: DocumentId | None = None) -> dict[str, Any]:
    """One distinct target of a document, in the extract contract's shape."""
    mentions = citation.mentions
    target = citation.target
    date = _first(m.date for m in mentions)
    return {
        "number": target.number or _first(m.number for m in mentions),
        "title": _first(m.title for m in mentions),
        "type": TYPES_BY_SLUG[target.doc_type].name,
        "date": date.isoformat() if date else None,
        "issuer": _first(m.issuer for m in mentions),
        "id": str(target) if citation.resolved else None,
        "relations": [r.value for r in citation.relations],
        "mentions": [_mention_record(m) for m in mentions],
        "stated_by": str(stated_by) if stated_by is not None else None,
        "source": str(citation.source) if stated_by is not None and citation.source else None,
        "resolved": citation.resolved,
        "in_corpus": citation.in_corpus,
        "vague": False,
        "notes": list(citation.notes),
    }


def vague_record(ref: VagueReference) -> dict[str, Any]:
    m = ref.mention
    return {
        "number": None,
        "title": m.title or m.text,
        "type": (TYPES_BY_SLUG[m.doc_type].name if m.doc_type in TYPES_BY_SLUG else None),
        "date": None,
        "issuer": m.issuer,
        "id": None,
        "relations": [r.value for r in m.relations],
        "mentions": [_mention_record(m)],
        "stated_by": None,
        "source": None,
        "resolved": False,
        "in_corpus": False,
        "vague": True,
        "notes": [ref.reason],
    }


def citations_by_document(resolution: Resolution) -> dict[str, list[dict[str, Any]]]:
    """The extract contract's ``citations`` list of every document, by path."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path, citations in resolution.citations.items():
        out.setdefault(path, []).extend(citation_record(c) for c in citations)
    for citation in resolution.stated:
        if citation.stated_by is not None:
            out.setdefault(citation.stated_by, []).append(
                citation_record(citation, stated_by=citation.stated_by_id)
            )
    for ref in resolution.vague:
        out.setdefault(ref.path, []).append(vague_record(ref))
    return out


def document_record(doc: Document, citations: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The extract command's JSON object for one document (the documented contract)."""
    meta = doc.meta
    record: dict[str, Any] = {"file": doc.path}
    for key, attr in FIELD_ORDER:
        value = _value(getattr(meta, attr))
        if key == "type" and value is not None:
            value = TYPES_BY_SLUG[value].name
        record[key] = value
    record["id"] = str(doc.doc_id) if doc.doc_id is not None else None
    stamp = meta.received
    record["received"] = (
        None
        if stamp is None
        else {
            "office": stamp.office,
            "number": stamp.number,
            "date": stamp.date.isoformat() if stamp.date else None,
            "lines": [stamp.first_line, stamp.last_line],
            "routing": list(stamp.routing),
        }
    )
    record["citations"] = list(citations)
    record["warnings"] = [str(p) for p in doc.problems]
    record["sources"] = {
        key: _source(getattr(meta, attr))
        for key, attr in FIELD_ORDER
        if getattr(meta, attr) is not None
    }
    record["sha256"] = doc.sha256
    return record


DOCUMENT_CSV_COLUMNS = (
    "file", "number", "id", "type", "system", "issuer", "drafting_unit", "place", "date",
    "title", "addressees", "recipients", "signing_authority", "signer_title", "signer",
    "attachments", "effective_date", "received_number", "received_date", "received_office",
    "warnings",
)  # fmt: skip
CITATION_CSV_COLUMNS = (
    "cited_number", "cited_title", "cited_type", "cited_date", "cited_issuer", "cited_id",
    "relations", "resolved", "vague", "stated_by", "edge_source", "mention_text",
    "mention_start", "mention_end", "mention_line", "cue", "provision", "citing_provision",
    "sentence",
)  # fmt: skip
CSV_COLUMNS = DOCUMENT_CSV_COLUMNS + CITATION_CSV_COLUMNS


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def csv_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """Flatten extract records for a spreadsheet: one row per citation mention, with the
    citing document's columns repeated; a document without citations has one row."""
    for rec in records:
        stamp = rec.get("received") or {}
        doc = {c: _cell(rec.get(c)) for c in DOCUMENT_CSV_COLUMNS}
        for key in ("number", "date", "office"):
            doc[f"received_{key}"] = _cell(stamp.get(key))
        rows = 0
        for cit in rec.get("citations") or []:
            for m in cit["mentions"]:
                yield {
                    **doc,
                    "cited_number": _cell(cit["number"]), "cited_title": _cell(cit["title"]),
                    "cited_type": _cell(cit["type"]), "cited_date": _cell(cit["date"]),
                    "cited_issuer": _cell(cit["issuer"]), "cited_id": _cell(cit["id"]),
                    "relations": _cell(cit["relations"]), "resolved": _cell(cit["resolved"]),
                    "vague": _cell(cit["vague"]), "stated_by": _cell(cit["stated_by"]),
                    "edge_source": _cell(cit["source"]), "mention_text": _cell(m["text"]),
                    "mention_start": _cell(m["start"]), "mention_end": _cell(m["end"]),
                    "mention_line": _cell(m["line"]), "cue": _cell(m["cue"]),
                    "provision": _cell(m["provision"]),
                    "citing_provision": _cell(m["citing_provision"]),
                    "sentence": _cell(m["sentence"]),
                }  # fmt: skip
                rows += 1
        if not rows:
            yield {**doc, **dict.fromkeys(CITATION_CSV_COLUMNS, "")}


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False)


# --- the build --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: dict[str, Any]
    problems: tuple[Problem, ...]  # every warning and error, for the console
    failed: bool  # something was refused or warned about (what --strict turns into exit 1)


def build(
    content: Path,
    out: Path,
    *,
    progress: bool = False,
    validate: bool = True,
    site: bool = True,
    jobs: int = 1,
    timings: Timings | None = None,
    dask: str | None = None,
) -> BuildResult:
    """Read ``content``, extract, resolve, write the graph and its exports into ``out/data``
    and, with ``site``, the static site into ``out/docs`` and ``out/site`` (graph.render).

    The new output is written next to the old one and swapped in at the end, so a build
    that fails or is killed leaves the previous output intact. Nothing is written into
    ``content``. ``timings`` receives the seconds each stage took.
    """
    from . import export
    from .dataset import write_data

    clock = timings if timings is not None else Timings()
    cache = Cache(out / "cache" / "documents.sqlite")
    try:
        corpus = read_corpus(
            [content], progress=progress, jobs=jobs, cache=cache, exclude=[out]
        )
        clock.lap("read")
        extraction = extract_corpus(
            corpus, progress=progress, jobs=jobs, cache=cache, dask=dask
        )
        clock.lap("extract")
    finally:
        cache.close()
    resolution = extraction.resolution
    staging = out / ".staging"
    _recover(out)
    data = staging / "data"
    data.mkdir(parents=True)

    old_data = out / "data"
    written = write_data(
        corpus.documents, resolution, data, previous=old_data if old_data.is_dir() else None
    )
    net = written.net

    clock.lap("graph")
    shacl = _validate(written, out / "cache" / "shacl.sqlite") if validate else None
    clock.lap("validate")
    report = _report(extraction, shacl, net)
    if site:
        from .render import build_site

        previous = out if (out / "site").is_dir() else None
        site_result = build_site(
            extraction, net, report, staging, jobs=jobs, previous=previous, timings=clock
        )
        report["site"] = site_result.as_report()
        clock.lap("site")
    export.write_text(
        staging / "report.json",
        json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    )
    _swap_in(staging, out)
    clock.lap("write")
    problems = (
        *corpus.problems,
        *(p for doc in corpus.documents for p in doc.problems),
        *resolution.warnings,
    )
    failed = bool(
        corpus.problems
        or problems
        or (shacl is not None and shacl["conforms"] is False)
        or (site and report["site"]["warnings"])
    )
    return BuildResult(report, tuple(problems), failed)


def _swap_in(staging: Path, out: Path) -> None:
    """Move each item of ``staging`` over its counterpart in ``out``, then drop the old.

    Stopped halfway (an error, or an interrupt), the moves done are undone, so ``out``
    holds the previous build whole; a build killed outright in that instant leaves
    ``out/.old-X`` items, which :func:`_recover` puts back before the next build.
    """
    done: list[tuple[Path, Path, Path | None]] = []  # (staged item, target, old) moved
    try:
        for item in sorted(staging.iterdir()):
            target = out / item.name
            old = out / f".old-{item.name}"
            remove([old])
            moved_old = None
            if target.exists():
                target.rename(old)
                moved_old = old
            done.append((item, target, moved_old))
            item.rename(target)
    except BaseException:
        for item, target, moved_old in reversed(done):
            if target.exists() and not item.exists():
                target.rename(item)
            if moved_old is not None and moved_old.exists():
                moved_old.rename(target)
        raise
    staging.rmdir()
    remove([old for _, _, old in done if old is not None])


def _recover(out: Path) -> None:
    """Undo a swap that was killed halfway: an ``.old-X`` whose ``X`` is missing goes back;
    the other leftovers (a staging folder, ``.old-X`` beside its ``X``) are removed."""
    if not out.is_dir():
        return
    for old in sorted(out.glob(".old-*")):
        target = out / old.name.removeprefix(".old-")
        if not target.exists():
            old.rename(target)
    remove([*out.glob(".old-*"), out / ".staging"])


def _validate(written: DataResult, cache: Path | None = None) -> dict[str, Any]:
    """The ``shacl`` entry of report.json: the dump validated part by part, in bounded memory
    (graph.validate_parts), with each part's results kept in the SQLite file ``cache``."""
    from .validate_parts import DumpParts, validate_parts

    store = Cache(cache)
    try:
        checked = validate_parts(
            DumpParts(written.nt, written.parts), cache=store, allow_warnings=True
        )
    finally:
        store.close()
    return checked.report.as_report()


DOCUMENT_COLUMNS = [
    "id",
    "label",
    "doc_type",
    "date",
    "issuer",
    "title",
    "in_corpus",
    "path",
    "cited_by",
]
EDGE_COLUMNS = [
    "source",
    "target",
    "relations",
    "mentions",
    "stated_by",
    "resolved",
    "in_corpus",
    "cue",
    "sentence",
    "source_file",
]


def _document_rows(net: Any) -> Iterator[dict[str, Any]]:
    from .network import cited_by_counts

    counts = cited_by_counts(net)
    for key in sorted(net.nodes):
        attrs = net.nodes[key]
        date = attrs.get("date")
        yield {
            "id": key,
            "label": attrs.get("label"),
            "doc_type": attrs.get("doc_type"),
            "date": date.isoformat() if date else None,
            "issuer": attrs.get("issuer"),
            "title": attrs.get("title"),
            "in_corpus": attrs.get("in_corpus"),
            "path": attrs.get("path"),
            "cited_by": sum(counts.get(key, {}).values()),
        }


def _edge_rows(resolution: Resolution) -> Iterator[dict[str, Any]]:
    every = [c for p in sorted(resolution.citations) for c in resolution.citations[p]]
    for c in [*every, *resolution.stated]:
        first = c.mentions[0] if c.mentions else None
        yield {
            "source": str(c.source) if c.source else None,
            "target": str(c.target),
            "relations": " ".join(r.value for r in c.relations),
            "mentions": len(c.mentions),
            "stated_by": str(c.stated_by_id) if c.stated_by_id else None,
            "resolved": c.resolved,
            "in_corpus": c.in_corpus,
            "cue": first.cue if first else None,
            "sentence": first.sentence if first else None,
            "source_file": c.stated_by or c.source_path,
        }


def _report(extraction: Extraction, shacl: dict[str, Any] | None, net: Any) -> dict[str, Any]:
    corpus, resolution = extraction.corpus, extraction.resolution
    later: dict[str, list[Problem]] = {}
    for warning in resolution.warnings:  # duplicate identities, citations of later documents
        later.setdefault(warning.file, []).append(warning)
    files: dict[str, Any] = {}
    for doc in corpus.documents:
        cites = resolution.citations.get(doc.path, ())
        problems = [*doc.problems, *later.get(doc.path, ())]
        files[doc.path] = {
            "status": "built with warnings" if problems else "built",
            "id": str(doc.doc_id) if doc.doc_id else None,
            "citations": len(cites),
            "warnings": [str(p) for p in problems],
        }
    for problem in corpus.problems:
        files[problem.file] = {"status": "refused", "warnings": [str(problem)]}
    status = Counter(f["status"] for f in files.values())
    return {
        "inputs": len(corpus.files),
        "documents": len(corpus.documents),
        "status": dict(sorted(status.items())),
        "files": files,
        "citations": sum(len(v) for v in resolution.citations.values()),
        "stated_citations": len(resolution.stated),
        "stubs": len(resolution.stubs),
        "unresolved": [str(s.target) for s in resolution.stubs if not s.resolved],
        "vague": [
            {"file": v.path, "line": v.mention.line, "text": v.mention.text, "reason": v.reason}
            for v in resolution.vague
        ],
        "conflicts": [str(c) for c in resolution.conflicts],
        "warnings": [str(w) for w in resolution.warnings],
        "graph": {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()},
        "shacl": shacl,
    }
