"""The pipeline: read all documents, then extract, then resolve, then write.

Reading and parsing are per document; resolution needs the whole corpus (cited-by,
conflicts), so it runs after every document is read, as in Pelican.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codes import TYPES_BY_SLUG, System
from .encoding import decode_bytes
from .errors import InputError
from .models import Document, Field, Problem, Severity
from .normalize import normalize_input
from .parse import parse_document

CONTENT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every document read from a content folder, and every file that could not be read."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]  # files refused as a whole
    files: tuple[str, ...]  # every input file, read or not


def content_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, name relative to its folder) for every content file under ``paths``, sorted."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path)
                if (
                    file.is_file()
                    and file.suffix.lower() in CONTENT_SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                ):
                    found.append((file, rel.as_posix()))
        else:
            found.append((path, path.name))
    return found


def read_document(file: Path, name: str) -> Document:
    """Read and parse one content file; raises :class:`InputError` if it cannot be read."""
    try:
        data = file.read_bytes()
    except OSError as err:
        raise InputError(name, f"cannot read file: {err.strerror or err}") from err
    text, _encoding = decode_bytes(data, name)
    text = normalize_input(text)
    if not text.strip():
        raise InputError(name, "empty file")
    return parse_document(text, name)


def read_corpus(paths: Iterable[Path], progress: bool = False) -> Corpus:
    """Read every content file; a file that cannot be read is reported, the rest go on."""
    files = content_files(paths)
    documents: list[Document] = []
    problems: list[Problem] = []
    for file, name in _progress(files, progress, "đọc văn bản"):
        try:
            documents.append(read_document(file, name))
        except InputError as err:
            problems.append(Problem(err.file, err.line, "unreadable", err.message, Severity.ERROR))
    return Corpus(tuple(documents), tuple(problems), tuple(name for _, name in files))


def _progress(items: Sequence[Any], enabled: bool, label: str) -> Iterable[Any]:
    if not enabled:
        return items
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(items, desc=label, unit=" tệp", disable=None)
    return bar


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


CSV_COLUMNS = (
    "file",
    "number",
    "id",
    "type",
    "system",
    "issuer",
    "drafting_unit",
    "place",
    "date",
    "title",
    "addressees",
    "recipients",
    "signing_authority",
    "signer_title",
    "signer",
    "attachments",
    "effective_date",
    "received_number",
    "received_date",
    "received_office",
    "citations",
    "warnings",
)


def csv_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """Flatten extract records into one spreadsheet row per document."""
    for rec in records:
        row: dict[str, str] = {}
        for column in CSV_COLUMNS:
            if column.startswith("received_"):
                stamp = rec.get("received") or {}
                value: Any = stamp.get(column.removeprefix("received_"))
            elif column == "citations":
                value = len(rec.get("citations") or [])
            else:
                value = rec.get(column)
            if isinstance(value, list):
                value = "; ".join(str(v) for v in value)
            row[column] = "" if value is None else str(value)
        yield row


def write_csv(rows: Iterable[dict[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False)
