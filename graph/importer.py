"""Import input files into ``content/``: one UTF-8 file per document.

A text file may hold several documents (a công văn and the chỉ thị it forwards, printed one
after the other). :func:`split_documents` cuts it where a new header begins after a
signature block. An incoming stamp and routing slip printed on the forwarded document stay
in that document's text, where the parser reads them as its received-stamp record.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import patterns as P
from .errors import InputError
from .models import Problem, Severity, SourceText
from .normalize import slugify
from .parse import (
    Line,
    find_number_lines,
    find_received_stamp,
    find_signatures,
    line_index,
    noise_lines,
    parse_document,
    split_lines,
)
from .readers import iter_input_files, read_source


@dataclass(frozen=True, slots=True)
class Segment:
    """One document's part of a source text: an offset range and its line numbers."""

    start: int
    end: int
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class Imported:
    """One content file written (or found unchanged) by an import."""

    path: Path
    status: str  # "written", "updated" or "unchanged"
    origin: str
    part: int
    parts: int
    label: str  # how the document was recognised, e.g. "Chỉ thị 33/CT-TTg"


@dataclass(frozen=True, slots=True)
class ImportReport:
    imported: tuple[Imported, ...]
    problems: tuple[Problem, ...]


def split_documents(text: str) -> list[Segment]:
    """Cut a text holding several documents into one segment per document.

    A new document starts at a "Số: …" line that follows a signature block of the previous
    document and is itself followed by a place-and-date line or preceded by a header. The
    cut goes before the header lines (issuer, motto) that stand above the new number.
    """
    lines = split_lines(text)
    skip = noise_lines(lines)
    stamp = find_received_stamp(lines)
    while stamp is not None:
        skip.update(range(stamp[1], stamp[2] + 1))
        stamp = find_received_stamp(lines, stamp[2] + 1)
    starts = [line.start for line in lines]
    hits = [h for h in find_number_lines(text, lines, skip) if _opens_line(text, h.line_start)]
    signature_lines = sorted(i for i, _ in find_signatures(lines, skip))
    cuts = [0]
    previous = line_index(starts, hits[0].line_start) if hits else 0
    for hit in hits[1:]:
        index = line_index(starts, hit.line_start)
        signed = [s for s in signature_lines if previous < s < index]
        if not signed or not _looks_like_header(lines, index):
            continue
        cut = index
        while cut - 1 > signed[-1] and _header_furniture(lines[cut - 1]):
            cut -= 1
        cuts.append(cut)
        previous = index
    segments = []
    bounds = [*cuts, len(lines)]
    for first, stop in itertools.pairwise(bounds):
        body = [i for i in range(first, stop) if lines[i].text.strip()]
        if not body:
            continue
        segments.append(
            Segment(
                lines[body[0]].start,
                lines[body[-1]].end,
                lines[body[0]].number,
                lines[body[-1]].number,
            )
        )
    return segments


def _opens_line(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip(" \t*_")


def _looks_like_header(lines: Sequence[Line], index: int) -> bool:
    window = " ".join(line.clean for line in lines[max(0, index - 6) : index + 8])
    return bool(
        re.search(r"[^\W\d_]+\s*,\s*ngày\s*\**\s*\d", window)
        or P.STATE_MOTTO.search(window)
        or P.PARTY_MOTTO.search(window)
    )


def _header_furniture(line: Line) -> bool:
    text = line.clean
    if not text or P.SEPARATOR.match(text):
        return True
    if P.STATE_MOTTO.search(text) or P.INDEPENDENCE.search(text) or P.PARTY_MOTTO.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(text) <= 90


def document_texts(source: SourceText) -> list[tuple[str, Segment | None]]:
    """The documents of one source text: split for text files, whole for records."""
    if "#" in source.origin:
        return [(source.text.strip("\n") + "\n", None)]
    return [(source.text[seg.start : seg.end] + "\n", seg) for seg in split_documents(source.text)]


def content_text(body: str, front: dict[str, object]) -> str:
    """A content file: YAML front matter (sorted keys, deterministic) and the text."""
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, default_flow_style=False)
    return f"---\n{dumped}---\n{body}"


def file_name(body: str, fallback: str) -> tuple[str, str]:
    """A content file name from the document's identity, and a label for messages."""
    doc = parse_document(body, fallback)
    if doc.doc_id is not None:
        year = doc.doc_id.year if doc.doc_id.year is not None else "unknown"
        name = slugify(f"{doc.doc_id.doc_type} {doc.doc_id.number} {year}")
        return name, doc.doc_id.label()
    return slugify(fallback), fallback


def import_files(paths: Iterable[Path], into: Path) -> ImportReport:
    """Read each input (file or folder), split it into documents and write content files.

    A file that cannot be read is reported and the others go on. Importing the same file
    twice writes the same bytes; a different document that would take an existing name
    gets a numbered name instead of overwriting it.
    """
    into.mkdir(parents=True, exist_ok=True)
    imported: list[Imported] = []
    problems: list[Problem] = []
    taken: set[Path] = set()
    for path in iter_input_files(paths):
        try:
            result = read_source(path)
        except InputError as err:
            problems.append(Problem(err.file, err.line, "unreadable", err.message, Severity.ERROR))
            continue
        problems.extend(result.problems)
        raw_sha = hashlib.sha256(path.read_bytes()).hexdigest()
        for source in result.texts:
            documents = document_texts(source)
            for part, (body, segment) in enumerate(documents, start=1):
                front: dict[str, object] = {
                    "source": _source_record(source, raw_sha, part, len(documents), segment)
                }
                file, _, record = source.origin.partition("#")
                stem = f"{Path(file).stem}-{record or part}"
                name, label = file_name(body, stem)
                text = content_text(body, front)
                target = _free_name(into, name, text, taken)
                taken.add(target)
                status = "written"
                if target.exists():
                    status = (
                        "unchanged" if target.read_text(encoding="utf-8") == text else "updated"
                    )
                if status != "unchanged":
                    target.write_text(text, encoding="utf-8", newline="\n")
                imported.append(
                    Imported(target, status, source.origin, part, len(documents), label)
                )
    return ImportReport(tuple(imported), tuple(problems))


def _source_record(
    source: SourceText, sha: str, part: int, parts: int, segment: Segment | None
) -> dict[str, object]:
    file, _, record_id = source.origin.partition("#")
    record: dict[str, object] = {"file": file, "sha256": sha}
    if record_id:
        record["record"] = record_id
    if parts > 1:
        record["part"] = f"{part}/{parts}"
    if segment is not None and parts > 1:
        record["lines"] = f"{segment.first_line}-{segment.last_line}"
    return record


def _free_name(into: Path, name: str, text: str, taken: set[Path]) -> Path:
    """``name.txt`` unless this import already used it or it holds another document."""
    source_line = text.split("\n", 4)[:4]
    for n in range(1, 10_000):
        candidate = into / (f"{name}.txt" if n == 1 else f"{name}-{n}.txt")
        if candidate in taken:
            continue
        if not candidate.exists():
            return candidate
        existing = candidate.read_text(encoding="utf-8", errors="replace")
        if existing == text or existing.split("\n", 4)[:4] == source_line:
            return candidate  # the same document, or a newer import of the same source part
    raise InputError(name, "too many documents share this name")
