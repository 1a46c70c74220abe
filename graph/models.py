"""The data model shared by every stage of the pipeline.

Glossary (Vietnamese term → field):
    số hiệu → ``number``; loại văn bản → ``doc_type``; cơ quan ban hành → ``issuer``;
    đơn vị soạn thảo → ``drafting_unit``; địa danh → ``place``; ngày ban hành → ``date``;
    trích yếu → ``title``; kính gửi → ``addressees``; nơi nhận → ``recipients``;
    thẩm quyền ký (TM./KT./TL./TUQ./Q.) → ``signing_authority``; chức danh → ``signer_title``;
    người ký → ``signer``; văn bản gửi kèm → ``attachments``; số đến / ngày đến → ``received``;
    ngày hiệu lực → ``effective_date``.

Every metadata value is a :class:`Field`: the value, where it came from (the text, the
front matter, or a rule applied to another field) and the line of the content file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from .codes import System
from .ids import DocumentId

T = TypeVar("T")


class Origin(StrEnum):
    """Where a metadata value comes from."""

    EXTRACTED = "extracted"  # read from the document's text
    GIVEN = "given"  # given in the YAML front matter
    DERIVED = "derived"  # inferred by a stated rule from another field (e.g. issuer code)


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """A metadata value with its provenance."""

    value: T
    origin: Origin
    line: int | None = None  # 1-based line in the content file
    note: str | None = None  # the rule, for derived values

    def source(self) -> str:
        """A short Vietnamese description of the value's source."""
        if self.origin is Origin.GIVEN:
            return "front matter" + (f", dòng {self.line}" if self.line else "")
        if self.origin is Origin.DERIVED:
            return f"suy ra: {self.note}" if self.note else "suy ra"
        return f"văn bản, dòng {self.line}" if self.line else "văn bản"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A warning or error about one input file, with the line where there is one."""

    file: str
    line: int | None
    code: str  # stable machine key, e.g. "missing-date"
    message: str  # Vietnamese or English message for people
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class ReceivedStamp:
    """An incoming stamp (dấu đến) and routing slip printed on a received copy."""

    office: str | None  # the receiving office as printed
    number: str | None  # số đến: never the document's own number
    date: dt.date | None  # ngày đến
    first_line: int
    last_line: int
    routing: tuple[str, ...] = ()  # routing-slip rows, as printed


@dataclass(frozen=True, slots=True)
class Metadata:
    """The metadata fields of one document (DOMAIN.md §4). None: not found."""

    number: Field[str] | None = None  # as printed, with diacritics ("33/CT-TTg")
    system: Field[System] | None = None
    doc_type: Field[str] | None = None  # type slug ("chi-thi")
    issuer: Field[str] | None = None
    drafting_unit: Field[str] | None = None
    place: Field[str] | None = None
    date: Field[dt.date] | None = None
    title: Field[str] | None = None
    addressees: Field[tuple[str, ...]] | None = None
    recipients: Field[tuple[str, ...]] | None = None
    signing_authority: Field[tuple[str, ...]] | None = None
    signer_title: Field[str] | None = None
    signer: Field[str] | None = None
    attachments: Field[tuple[str, ...]] | None = None
    effective_date: Field[dt.date] | None = None
    received: ReceivedStamp | None = None


@dataclass(frozen=True, slots=True)
class SourceText:
    """Text read from an input file, before parsing: one document or several."""

    origin: str  # file name (and record id for JSON Lines)
    text: str  # normalised (NFC) text
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed document from ``content/``."""

    path: str  # relative path of the content file
    text: str  # the whole file as stored (front matter included); offsets index this
    body_start: int  # offset where the text after the front matter begins
    sha256: str
    meta: Metadata
    doc_id: DocumentId | None
    problems: tuple[Problem, ...] = ()
