"""Read an input file of any supported format into normalised source texts.

:func:`read_source` turns one file into :class:`~graph.models.SourceText` objects (one per
document: a text, Word or PDF file holds one, a JSON Lines file one per record) and the
problems met on the way. Whole-file failures (unreadable, empty, unsupported, corrupt, a
scanned PDF without a text layer) raise :class:`~graph.errors.InputError` naming the file;
a bad record in a JSON Lines file is reported as a :class:`~graph.models.Problem` and the
other records are still read.

Formats, chosen by the file name's suffix (case-insensitive):

* ``.txt``, ``.md``, ``.markdown`` and no suffix: text, decoded by
  :func:`graph.encoding.decode_bytes`; Markdown is kept as it is.
* ``.docx``: body paragraphs and tables in document order; headers and footers are skipped.
* ``.pdf``: the text layer of each page; luocdo does not do OCR.
* ``.jsonl``, ``.jsonl.gz``, ``.json``: one document per record with a ``text`` string.

Every text is passed through :func:`graph.normalize.normalize_input`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from .errors import InputError
from .models import Problem, Severity, SourceText
from .normalize import normalize_input

__all__ = ["SUPPORTED_SUFFIXES", "ReadResult", "iter_input_files", "read_source"]

# File name suffixes read by read_source, lower case. A file without a suffix is read as text.
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".md",
    ".markdown",
    ".docx",
    ".pdf",
    ".jsonl",
    ".jsonl.gz",
    ".json",
)

_TEXT, _DOCX, _PDF, _JSONL = "text", "docx", "pdf", "jsonl"
_FORMATS = {
    ".txt": _TEXT,
    ".md": _TEXT,
    ".markdown": _TEXT,
    ".docx": _DOCX,
    ".pdf": _PDF,
    ".jsonl": _JSONL,
    ".json": _JSONL,
}

# Below this many non-space characters per page on average, a PDF is taken as a scan.
_MIN_PDF_CHARS_PER_PAGE = 20
_OCR_MESSAGE = "PDF has no text layer: it needs OCR first (e.g. ocrmypdf), luocdo does not do OCR"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The texts read from one input file, and the problems met (bad JSON Lines records)."""

    texts: tuple[SourceText, ...]
    problems: tuple[Problem, ...] = ()


# --- choosing files ---------------------------------------------------------------------


def _format_of(name: str) -> str | None:
    """The reader for a file name, or None when its suffix is not supported."""
    lower = name.lower()
    if lower.endswith(".jsonl.gz"):
        return _JSONL
    suffix = PurePath(lower).suffix
    if not suffix:
        return _TEXT
    return _FORMATS.get(suffix)


def _suffix_of(name: str) -> str:
    path = PurePath(name.lower())
    if path.suffix == ".gz" and len(path.suffixes) > 1:
        return "".join(path.suffixes[-2:])
    return path.suffix


def _is_hidden(name: str) -> bool:
    # "~$name.docx" is the lock file Word leaves beside an open document.
    return name.startswith((".", "~$"))


def _folder_error(error: OSError) -> None:
    raise InputError(
        str(error.filename), f"cannot read folder: {error.strerror or error}"
    ) from error


def iter_input_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read: folders expanded recursively to supported files, sorted by path.

    Hidden files and folders (name starting with ``.``) and Word lock files (``~$…``) are
    skipped inside folders. A path given as a file is kept whatever its suffix, so that
    :func:`read_source` reports an unsupported or missing file instead of dropping it.
    Raises :class:`InputError` for a folder that cannot be listed.
    """
    found: set[Path] = set()
    for path in paths:
        if not path.is_dir():
            found.add(path)
            continue
        for root, dirs, files in os.walk(path, onerror=_folder_error):
            dirs[:] = [d for d in dirs if not _is_hidden(d)]
            for name in files:
                if not _is_hidden(name) and _format_of(name) is not None:
                    found.add(Path(root, name))
    return sorted(found)


# --- reading ----------------------------------------------------------------------------


def read_source(path: Path) -> ReadResult:
    """Read one input file into normalised texts (see the module docstring for formats).

    ``origin`` of each text is the file name, or ``name#record-id`` (``name#line``) for a
    JSON Lines record. Raises :class:`InputError` naming the file when the file as a whole
    cannot be read as documents.
    """
    origin = path.name
    kind = _format_of(path.name)
    if kind is None:
        suffix = _suffix_of(path.name)
        raise InputError(origin, f"unsupported format {suffix}: convert it to .docx, PDF or text")
    data = _read_bytes(path, origin)
    if not data.strip():
        raise InputError(origin, "empty file")
    if kind == _TEXT:
        return _read_text(data, origin)
    if kind == _DOCX:
        return ReadResult((SourceText(origin, _read_docx(data, origin), {}),))
    if kind == _PDF:
        return _read_pdf(data, origin)
    if path.name.lower().endswith(".gz"):
        data = _gunzip(data, origin)
    return _read_records(data, origin, whole_json=path.suffix.lower() == ".json")


def _read_bytes(path: Path, origin: str) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError(origin, "cannot read file: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(origin, "cannot read file: it is a folder") from exc
    except FileNotFoundError as exc:
        raise InputError(origin, "cannot read file: no such file") from exc
    except OSError as exc:
        raise InputError(origin, f"cannot read file: {exc.strerror or exc}") from exc


# --- text -------------------------------------------------------------------------------


def _read_text(data: bytes, origin: str) -> ReadResult:
    from .encoding import decode_bytes  # imported here: only text files need it

    text, encoding = decode_bytes(data, origin)
    text = normalize_input(text)
    if not text.strip():
        raise InputError(origin, "empty file")
    return ReadResult((SourceText(origin, text, {"encoding": encoding}),))


def _tidy(lines: Iterable[str]) -> str:
    """Lines joined as a text file: no blank lines at either end, one final newline."""
    text = normalize_input("\n".join(lines)).strip("\n")
    return text + "\n" if text.strip() else ""


# --- Word -------------------------------------------------------------------------------

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_R, _W_T, _W_TAB, _W_BR, _W_CR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_W_TXBX_CONTENT, _W_TC_PR, _W_V_MERGE, _W_VAL = (
    qn("w:txbxContent"),
    qn("w:tcPr"),
    qn("w:vMerge"),
    qn("w:val"),
)
_RUN_CHARS = {_W_TAB: "\t", _W_BR: "\n", _W_CR: "\n", _W_NO_BREAK_HYPHEN: "-"}


def _read_docx(data: bytes, origin: str) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(origin, f"corrupt .docx: not a readable zip archive ({exc})") from exc
    except PackageNotFoundError as exc:
        raise InputError(origin, f"corrupt .docx: not a Word package ({exc})") from exc
    except KeyError as exc:
        missing = exc.args[0] if exc.args else exc
        raise InputError(origin, f"corrupt .docx: {missing}") from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(origin, f"corrupt .docx: invalid XML ({exc})") from exc
    except ValueError as exc:  # a package of another kind, e.g. a renamed .xlsx
        raise InputError(origin, f"corrupt .docx: not a Word document ({exc})") from exc
    text = _tidy(_block_lines(document.element.body))
    if not text:
        raise InputError(origin, "no text in the document body (headers and footers are not read)")
    return text


def _block_lines(container: Any) -> Iterator[str]:
    """The lines of a body or table cell: one per paragraph, one per table row."""
    for child in container.iterchildren():
        if child.tag == _W_P:
            yield _paragraph_text(child)
        elif child.tag == _W_TBL:
            yield from _table_lines(child)
        elif child.tag == _W_SDT:  # a content control around paragraphs or tables
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)
        elif child.tag == _W_CUSTOM_XML:
            yield from _block_lines(child)


def _paragraph_text(paragraph: Any) -> str:
    """The text of a ``w:p``, tracked insertions and fields included, text boxes left out."""
    parts: list[str] = []
    for element in paragraph.iter(_W_T, *_RUN_CHARS):
        parent = element.getparent()
        if parent is None or parent.tag != _W_R:  # e.g. the tab stops in w:pPr/w:tabs
            continue
        if next(element.iterancestors(_W_TXBX_CONTENT), None) is not None:
            continue
        parts.append((element.text or "") if element.tag == _W_T else _RUN_CHARS[element.tag])
    return "".join(parts)


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, cells joined by a tab; a merged cell's text is given once."""
    for row in table.iterchildren(_W_TR):
        cells = [_cell_text(cell) for cell in row.iterchildren(_W_TC)]
        if any(cells):
            yield "\t".join(cells).rstrip("\t")


def _cell_text(cell: Any) -> str:
    properties = cell.find(_W_TC_PR)
    merge = properties.find(_W_V_MERGE) if properties is not None else None
    if merge is not None and merge.get(_W_VAL, "continue") == "continue":
        return ""  # continues the cell above, whose text is already given
    lines = (line.replace("\t", " ").strip() for line in _block_lines(cell))
    return " ".join(line for line in lines if line).replace("\n", " ")


# --- PDF --------------------------------------------------------------------------------


def _read_pdf(data: bytes, origin: str) -> ReadResult:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise InputError(
                origin, "PDF is protected by a password: remove it first (e.g. qpdf --decrypt)"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DependencyError as exc:
        raise InputError(origin, f"cannot decrypt PDF: {exc}") from exc
    except PyPdfError as exc:
        raise InputError(origin, f"corrupt or unreadable PDF: {exc}") from exc
    if not pages:
        raise InputError(origin, "PDF has no pages")
    counts = [sum(1 for c in page if not c.isspace()) for page in pages]
    if sum(counts) < _MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise InputError(origin, _OCR_MESSAGE)
    problems = tuple(
        Problem(
            origin,
            None,
            "pdf-page-without-text",
            f"page {number} has no text layer (a scanned page?): its text is missing",
        )
        for number, count in enumerate(counts, start=1)
        if count == 0
    )
    text = _tidy(page.rstrip() for page in pages)
    return ReadResult((SourceText(origin, text, {"pages": len(pages)}),), problems)


# --- JSON Lines -------------------------------------------------------------------------


def _gunzip(data: bytes, origin: str) -> bytes:
    try:
        data = gzip.decompress(data)
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise InputError(origin, f"corrupt gzip file: {exc}") from exc
    if not data.strip():
        raise InputError(origin, "empty file")
    return data


def _normalize_value(value: object) -> object:
    if isinstance(value, str):
        return normalize_input(value)
    if isinstance(value, list):
        return [_normalize_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalize_value(v) for k, v in value.items()}
    return value


def _record_id(record: dict[str, object]) -> str | None:
    value = record.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = normalize_input(str(value)).strip()
    return text or None


class _Records:
    """Collects the texts and problems of one JSON Lines file."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.texts: list[SourceText] = []
        self.problems: list[Problem] = []
        self.seen: set[str] = set()

    def problem(
        self, line: int | None, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(self.origin, line, code, message, severity))

    def add(self, record: object, number: int, line: int | None) -> None:
        """Add the record at ``line`` (``number``: line or position, for its origin)."""
        where = f"line {line}" if line else f"record {number}"
        if not isinstance(record, dict):
            self.problem(line, "record-not-object", f"{where}: a record must be a JSON object")
            return
        text = record.get("text")
        if not isinstance(text, str) or not normalize_input(text).strip():
            what = "an empty" if isinstance(text, str) else "no"
            self.problem(
                line, "record-without-text", f"{where}: {what} 'text' string", Severity.WARNING
            )
            return
        key = _record_id(record)
        if key is not None and key in self.seen:
            self.problem(
                line,
                "duplicate-record-id",
                f"{where}: id {key!r} was used before; named by its {where} instead",
                Severity.WARNING,
            )
            key = None
        key = key or str(number)
        self.seen.add(key)
        meta = {k: _normalize_value(v) for k, v in record.items() if k != "text"}
        self.texts.append(SourceText(f"{self.origin}#{key}", normalize_input(text), meta))

    def result(self) -> ReadResult:
        return ReadResult(tuple(self.texts), tuple(self.problems))


def _read_records(data: bytes, origin: str, *, whole_json: bool) -> ReadResult:
    records = _Records(origin)
    if whole_json:
        # A .json file may hold one JSON document (an object or an array of objects).
        try:
            document = json.loads(data)
        except (ValueError, RecursionError):
            pass  # not one document: read it as JSON Lines
        else:
            if isinstance(document, list):
                for number, item in enumerate(document, start=1):
                    records.add(item, number, None)
            else:  # one object: on line 1 unless pretty-printed over several lines
                records.add(document, 1, None if b"\n" in data.strip() else 1)
            return records.result()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            records.problem(number, "record-not-utf8", f"line {number}: not UTF-8 ({exc.reason})")
            continue
        except json.JSONDecodeError as exc:
            message = f"line {number}: not valid JSON: {exc.msg} (column {exc.colno})"
            records.problem(number, "record-bad-json", message)
            continue
        except RecursionError:
            records.problem(number, "record-bad-json", f"line {number}: JSON nested too deeply")
            continue
        records.add(record, number, number)
    return records.result()
