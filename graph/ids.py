"""Document identity: the canonical key of a Vietnamese legal document.

A number without a year is not an identity ("33/CT-TTg" recurs in other years), so the key
is (system, type, year, number). Documents without a number ("Hiến pháp năm 2013", "Nghị
quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng") carry a name key instead.

The printed form is ``system:type:year:number`` (``?`` for an unknown year; ``~name`` in
place of a number), and :meth:`DocumentId.parse` is its exact inverse::

    >>> str(DocumentId.parse("state:chi-thi:2021:33/CT-TTg"))
    'state:chi-thi:2021:33/CT-TTg'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .codes import (
    ISSUER_BY_CODE,
    PARTY_ORG_CODES,
    TYPE_BY_CODE,
    TYPES_BY_SLUG,
    System,
    canonical_code,
)
from .normalize import slugify

_ID_RE = re.compile(
    r"""^
    (?P<system>state|party) :
    (?P<type>[a-z][a-z-]*) :
    (?P<year>\d{4}|\?) :
    (?: ~(?P<name>[a-z0-9][a-z0-9.-]*) | (?P<number>\S+) )
    $""",
    re.X,
)

# A canonical number, as :func:`canonical_number` prints it. Groups:
#   seq    the sequence number: "33", "66.16", "1a"
#   party  the Party form "23-QĐ/TW": type code after a hyphen, organisation after the slash
#   year   the year inside a normative number: "30/2020/NĐ-CP"
#   codes  the codes after the last slash: "NĐ-CP", "UBND-KSTTHC", "QH13"
_CANONICAL_RE = re.compile(
    r"""^
    (?P<seq>\d+(?:\.\d+)*[a-z]?)
    (?: -(?P<party>[^/\s]+) )?
    (?: /(?P<year>\d{4}) )?
    /(?P<codes>[^/\s]+)
    $""",
    re.X,
)

NAME_MAX = 80  # longest name key of a number-less document

_LEGISLATURE_RE = re.compile(r"^(?P<body>QH|UBTVQH|QHK)(?P<term>\d+)$")


@dataclass(frozen=True, slots=True, order=True)
class NumberParts:
    """The parts of a canonical document number."""

    seq: str
    year: int | None
    type_code: str | None  # "NĐ", "CT", "QĐ"; None for công văn and laws
    issuer_code: str | None  # "CP", "TTg", "UBND", "TW", "QH"
    unit_code: str | None  # drafting unit after the issuer: "KSTTHC" in "9465/UBND-KSTTHC"
    party: bool


_NUMBER_NOISE = re.compile(r"[\s*_]+")  # spaces and Markdown emphasis inside a number
_NUMBER_SEPARATOR = re.compile(r"([/-])")
_NUMBER_DIGITS = re.compile(r"\d+(?:\.\d+)*[A-Za-z]?")


@lru_cache(maxsize=1 << 16)
def canonical_number(raw: str) -> str:
    """Canonical spelling of a document number as printed (memoised: resolution asks for
    the same numbers again and again).

    Spaces and Markdown emphasis inside the number are removed, code segments take their
    canonical case (``tt-btttt`` → ``TT-BTTTT``, ``ttg`` → ``TTg``), ``ND`` becomes ``NĐ``.

    >>> canonical_number("Số: **9465** /UBND-KSTTHC".split(": ")[1])
    '9465/UBND-KSTTHC'
    """
    compact = _NUMBER_NOISE.sub("", raw).replace("\u00d0", "\u0110")
    out = []
    for piece in _NUMBER_SEPARATOR.split(compact):
        if piece in {"/", "-", ""}:
            out.append(piece)
        elif _NUMBER_DIGITS.fullmatch(piece):
            out.append(piece.lower())
        else:
            out.append(canonical_code(piece))
    return "".join(out)


def split_number(number: str) -> NumberParts | None:
    """Split a canonical number into its parts; None if it does not have a number's shape."""
    m = _CANONICAL_RE.match(number)
    if not m:
        return None
    codes = m["codes"].split("-")
    year = int(m["year"]) if m["year"] else None
    if m["party"] is not None:
        return NumberParts(m["seq"], year, m["party"], codes[0], "-".join(codes[1:]) or None, True)
    if _LEGISLATURE_RE.match(codes[0]):
        legislature = _LEGISLATURE_RE.match(codes[0])
        assert legislature is not None
        return NumberParts(m["seq"], year, None, legislature["body"], None, False)
    if codes[0] in TYPE_BY_CODE and len(codes) > 1:
        return NumberParts(m["seq"], year, codes[0], codes[1], "-".join(codes[2:]) or None, False)
    if codes[0] == "VBHN" and len(codes) > 1:
        return NumberParts(m["seq"], year, "VBHN", codes[1], None, False)
    if len(codes) == 1 and codes[0] in TYPE_BY_CODE and codes[0] not in ISSUER_BY_CODE:
        # Legacy numbers with a single code ("45/LCT") keep it as the type code's place.
        return NumberParts(m["seq"], year, None, codes[0], None, False)
    # Công văn: "9465/UBND-KSTTHC", issuer then drafting unit, no type code.
    return NumberParts(m["seq"], year, None, codes[0], "-".join(codes[1:]) or None, False)


def system_of_number(number: str) -> System:
    parts = split_number(number)
    if parts is not None and parts.party:
        return System.PARTY
    if parts is not None and parts.issuer_code in PARTY_ORG_CODES and parts.type_code:
        return System.PARTY
    return System.STATE


def type_of_number(number: str) -> str | None:
    """The type slug a number implies, or None when the number does not say."""
    parts = split_number(number)
    if parts is None:
        return None
    if parts.type_code is None:
        if parts.issuer_code == "QH":
            return "luat"
        if parts.issuer_code == "UBTVQH":
            return None  # Pháp lệnh or Nghị quyết: the type word decides
        return "cong-van" if parts.unit_code is not None or parts.year is None else None
    if parts.party and parts.type_code == "TT":
        return "thong-tri"
    return TYPE_BY_CODE.get(parts.type_code)


@dataclass(frozen=True, slots=True, order=True)
class DocumentId:
    """The identity of a document: system, type, year and number (or name).

    Two ids are the same document exactly when every field is equal; an unknown year
    (``None``) is not equal to any year, so such ids merge only through resolution rules.
    """

    system: System
    doc_type: str
    year: int | None
    number: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if (self.number is None) == (self.name is None):
            raise ValueError("a DocumentId has exactly one of number and name")
        if self.doc_type not in TYPES_BY_SLUG:
            raise ValueError(f"unknown document type {self.doc_type!r}")
        if self.number is not None and (not self.number or re.search(r"\s", self.number)):
            raise ValueError(f"malformed number {self.number!r}")
        if self.name is not None and not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", self.name):
            raise ValueError(f"malformed name key {self.name!r}")
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, text: str) -> DocumentId:
        """Parse the printed form; raises ``ValueError`` on anything else."""
        m = _ID_RE.match(text)
        if not m:
            raise ValueError(f"not a document id: {text!r}")
        year = None if m["year"] == "?" else int(m["year"])
        return cls(System(m["system"]), m["type"], year, m["number"], m["name"])

    @classmethod
    def from_number(
        cls, number: str, year: int | None = None, doc_type: str | None = None
    ) -> DocumentId:
        """The id of a numbered document; type and year default to what the number says."""
        canonical = canonical_number(number)
        parts = split_number(canonical)
        if parts is None:
            raise ValueError(f"not a document number: {number!r}")
        slug = doc_type or type_of_number(canonical) or "van-ban"
        return cls(system_of_number(canonical), slug, parts.year or year, canonical)

    @classmethod
    def named(cls, system: System, doc_type: str, year: int | None, name: str) -> DocumentId:
        """The id of a document known by name only (a constitution, a Party congress).

        A long name keeps its first words and a hash of the whole, so the key (a file and
        IRI path segment) stays under ``NAME_MAX`` characters and still tells names apart.
        """
        key = slugify(name)
        if len(key) > NAME_MAX:
            digest = hashlib.sha1(key.encode("ascii")).hexdigest()[:10]
            key = f"{key[: NAME_MAX - 11].rstrip('-.')}-{digest}"
        return cls(system, doc_type, year, None, key)

    def __str__(self) -> str:
        year = "?" if self.year is None else f"{self.year:04d}"
        key = f"~{self.name}" if self.name is not None else self.number
        return f"{self.system.value}:{self.doc_type}:{year}:{key}"

    @property
    def parts(self) -> NumberParts | None:
        return split_number(self.number) if self.number is not None else None

    @property
    def issuer_code(self) -> str | None:
        parts = self.parts
        return parts.issuer_code if parts is not None else None

    @property
    def type_name(self) -> str:
        return TYPES_BY_SLUG[self.doc_type].name

    @property
    def slug(self) -> str:
        """A path for files and IRIs: ``state/chi-thi/2021/33-ct-ttg``."""
        year = "unknown" if self.year is None else str(self.year)
        key = self.name if self.name is not None else slugify(self.number or "")
        return f"{self.system.value}/{self.doc_type}/{year}/{key}"

    def label(self) -> str:
        """How a Vietnamese reader names it: ``Chỉ thị 33/CT-TTg``."""
        if self.number is None:
            return self.type_name + (f" năm {self.year}" if self.year else "")
        return f"{self.type_name} {self.number}"

    def with_year(self, year: int | None) -> DocumentId:
        return replace(self, year=year)
