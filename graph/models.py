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
            return "khai báo đầu tệp" + (f", dòng {self.line}" if self.line else "")
        if self.origin is Origin.DERIVED:
            return f"suy ra: {self.note}" if self.note else "suy ra"
        return f"văn bản, dòng {self.line}" if self.line else "văn bản"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning or error about one input file, with the line where there is one."""

    file: str
    line: int | None
    code: str  # stable machine key, e.g. "missing-date"
    message: str  # Vietnamese or English message for people
    severity: Severity = Severity.WARNING

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """File, then line (a problem of the whole file first), code, message."""
        return (self.file, self.line or 0, self.code, self.message, self.severity.value)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

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


# --- citations (issue 3): mentions found by graph.extract -------------------------------------
# Glossary: căn cứ → based-on; trích dẫn → mention; văn bản được dẫn chiếu → target;
# điều, khoản, điểm → provision; "nêu trên" → anaphora; "[loại] này" → self-reference.

from .relations import Relation  # noqa: E402  (kept inside this section on purpose)


class MentionKind(StrEnum):
    """How a mention names its target."""

    NUMBER = "number"  # by số hiệu: "Chỉ thị số 33/CT-TTg"
    TITLE = "title"  # by title only: "Luật tiếp cận thông tin", "Hiến pháp năm 2013"
    EVENT = "event"  # by a Party event: "Nghị quyết Đại hội … lần thứ XIII của Đảng"
    VAGUE = "vague"  # a collective reference with no single target
    ANAPHORA = "anaphora"  # "Nghị định nêu trên": the previous citation of that type
    SELF = "self"  # "Chỉ thị này", the document's own number: counted, never an edge


SELF_INDEX = -1  # StatedLink.other for "the citing document itself" ("Điều này được … bởi")


@dataclass(frozen=True, slots=True)
class StatedLink:
    """A relation the citing text states between this mention's target and another one.

    ``other`` is the index of the other mention in the same extraction result, or
    ``SELF_INDEX`` for the citing document. ``outgoing`` is True when this mention's target is
    the subject ("[this] amends [other]", from "[other] được sửa đổi, bổ sung bởi [this]"),
    False when it is the object ("[other] về tiếp tục thực hiện [this]").
    """

    other: int
    relations: tuple[Relation, ...]
    outgoing: bool
    cue: str | None = None
    continuation: bool = False
    amend_kind: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One reference to a document in one text, as written, before resolution.

    Offsets index the text given to ``extract_mentions``: ``text[start:end] == self.text``.
    """

    kind: MentionKind
    text: str  # exactly as written: "Chỉ thị số 33/CT-TTg", "Luật tiếp cận thông tin"
    start: int
    end: int
    line: int  # 1-based line of ``start``
    number: str | None = None  # canonical số hiệu: "33/CT-TTg"
    doc_type: str | None = None  # type slug: from the type word, else from the number
    type_word: str | None = None  # the type word as printed: "Chỉ thị", "Quy định"
    title: str | None = None  # stated title (quoted, "về …", or the law title of a title ref)
    title_quoted: bool = False
    date: dt.date | None = None  # date stated with the mention
    date_text: str | None = None  # as printed: "ngày 26/11/2021"
    year: int | None = None  # the target's year: number, stated date, "năm 2013", congress
    issuer: str | None = None  # "Thủ tướng Chính phủ", from "của …"
    name: str | None = None  # key of a named target (events, Hiến pháp): "Đại hội … XIII"
    cited_provision: str | None = None  # "điểm a khoản 4 Điều 20"
    citing_provision: str | None = None  # where the mention sits: "khoản 2 Điều 3"
    relations: tuple[Relation, ...] = ()  # what the citing document does to the target
    cue: str | None = None  # the cue text that decided the relation, as printed
    continuation: bool = False  # "tiếp tục thực hiện"
    amend_kind: str | None = None  # "sửa đổi", "bổ sung", "sửa đổi, bổ sung"
    sentence: str = ""  # the enclosing sentence, line breaks joined
    sentence_start: int = 0
    sentence_end: int = 0
    phrase_end: int = 0  # end of the whole reference: number, date, issuer and title
    refers_to: int | None = None  # anaphora: index of the antecedent mention
    nested_in: int | None = None  # index of the mention whose stated title names this one
    links: tuple[StatedLink, ...] = ()  # relations stated between two other documents
    context_date: dt.date | None = None  # date at which to read a bare title (the container's)
    shared: tuple[str, ...] = ()  # fields taken from a coordinated reference: "date", "issuer"
