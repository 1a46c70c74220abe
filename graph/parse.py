"""Parse one stored document into its metadata (DOMAIN.md §4).

The parser reads the layout of a Vietnamese administrative document: the header (issuing
body on the left, the national motto on the right, "Số: …", place and date), the type line
and trích yếu, "Kính gửi", the body, "Nơi nhận" and the signature block. It copes with the
noise real texts carry: Công báo page headers and page numbers, digital-signature blocks,
flattened two-column headers ("QUỐC HỘI -------- CỘNG HÒA …"), Markdown emphasis inside
numbers, incoming stamps and routing slips.

Every value records the line it came from; a value that cannot be found stays None and is
reported as a problem, never invented.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import yaml

from . import patterns as P
from .codes import (
    ISSUER_BY_CODE,
    TYPES_BY_SLUG,
    System,
    doc_type_by_name,
)
from .ids import DocumentId, canonical_number, split_number, system_of_number, type_of_number
from .models import (
    Document,
    Field,
    Metadata,
    Origin,
    Problem,
    ReceivedStamp,
    Severity,
)
from .normalize import fold_key

HEADER_LINES = 45  # how far from the top the header may reach, in non-blank lines


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the stored text."""

    number: int  # 1-based line number in the file
    start: int  # offset of the first character
    end: int  # offset after the last character (before "\n")
    text: str
    clean: str = ""  # the line without Markdown emphasis and outer white space

    def __post_init__(self) -> None:
        if not self.clean:
            text = self.text
            if "**" in text or "__" in text:
                text = _EMPHASIS.sub("", text)
            object.__setattr__(self, "clean", text.strip())


_EMPHASIS = re.compile(r"\*\*|__")


def split_lines(text: str, start: int = 0) -> list[Line]:
    """The lines of ``text`` from offset ``start``, with their offsets and numbers."""
    lines: list[Line] = []
    number = text.count("\n", 0, start) + 1
    pos = start
    for raw in text[start:].split("\n"):
        lines.append(Line(number, pos, pos + len(raw), raw))
        pos += len(raw) + 1
        number += 1
    return lines


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of an offset."""
    return text.count("\n", 0, offset) + 1


# --- front matter ----------------------------------------------------------------------------

FRONT_MATTER_FIELDS = {
    "number",
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
    "source",
}
_LIST_FIELDS = {"addressees", "recipients", "signing_authority", "attachments"}
_DATE_FIELDS = {"date", "effective_date"}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]  # field → line in the file
    body_start: int


def read_front_matter(text: str, path: str) -> tuple[FrontMatter, list[Problem]]:
    """Split an optional YAML front matter (``---`` … ``---``) from the text."""
    empty = FrontMatter({}, {}, 0)
    if not text.startswith("---\n"):
        return empty, []
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    if close is None:
        return empty, [
            Problem(
                path,
                1,
                "front-matter-unclosed",
                "khai báo đầu tệp mở bằng '---' nhưng không đóng; đọc như văn bản",
                Severity.ERROR,
            )
        ]
    block = text[4 : 4 + close.start()]
    body_start = 4 + close.end() + 1 if 4 + close.end() < len(text) else len(text)
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        what = " ".join(str(getattr(err, "problem", None) or err).split())
        return FrontMatter({}, {}, body_start), [
            Problem(
                path,
                line,
                "front-matter-yaml",
                f"khai báo đầu tệp (YAML) sai cú pháp: {what}",
                Severity.ERROR,
            )
        ]
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        return FrontMatter({}, {}, body_start), [
            Problem(
                path,
                2,
                "front-matter-yaml",
                "khai báo đầu tệp phải là các dòng trường: giá trị",
                Severity.ERROR,
            )
        ]
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    for i, raw in enumerate(block.split("\n")):
        m = re.match(r"([A-Za-z_]+)\s*:", raw)
        if m:
            lines.setdefault(m.group(1), i + 2)
    values: dict[str, Any] = {}
    for key, value in loaded.items():
        key_s = str(key)
        line = lines.get(key_s, 1)
        if key_s not in FRONT_MATTER_FIELDS:
            problems.append(
                Problem(
                    path,
                    line,
                    "front-matter-unknown",
                    f"trường {key_s!r} không được hỗ trợ trong khai báo đầu tệp, bỏ qua",
                )
            )
            continue
        checked, problem = _check_front_value(key_s, value, path, line)
        if problem is not None:
            problems.append(problem)
        else:
            values[key_s] = checked
    return FrontMatter(values, lines, body_start), problems


def _check_front_value(key: str, value: Any, path: str, line: int) -> tuple[Any, Problem | None]:
    def bad(message: str) -> tuple[Any, Problem]:
        return None, Problem(path, line, "front-matter-type", f"{key}: {message}", Severity.ERROR)

    if value is None:
        return bad("giá trị rỗng")
    if key == "source":
        return (value, None) if isinstance(value, dict) else bad("phải là các cặp trường: giá trị")
    if key in _DATE_FIELDS:
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            parsed = parse_date_text(value)
            if parsed is not None:
                return parsed, None
            return bad(f"{value!r} không phải ngày có thật (YYYY-MM-DD hoặc DD/MM/YYYY)")
        return bad(f"cần một ngày, nhận {type(value).__name__}")
    if key in _LIST_FIELDS:
        if isinstance(value, str):
            return (value,), None
        if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
            return tuple(str(v) for v in value), None
        return bad("cần một danh sách chuỗi")
    if isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
        if key == "type" and doc_type_by_name(text) is None and text not in TYPES_BY_SLUG:
            return bad(f"loại văn bản không biết: {text!r}")
        if key == "system" and text not in {"state", "party", "Nhà nước", "Đảng"}:
            return bad("cần 'Nhà nước' hoặc 'Đảng'")
        return text, None
    return bad(f"cần chuỗi văn bản, nhận {type(value).__name__}")


# --- dates -----------------------------------------------------------------------------------


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the day does not exist (30/02/2021)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_text(text: str) -> dt.date | None:
    """Read ``2021-11-26``, ``26/11/2021``, ``26-11-2021`` or ``ngày 26 tháng 11 năm 2021``."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    m = P.DATE_LONG.search(text) or P.DATE_SHORT.search(text)
    if m:
        return make_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return None


# --- noise: page furniture, signature blocks of the portal, stamps --------------------------


def noise_lines(lines: Sequence[Line]) -> set[int]:
    """Indexes of lines that are page furniture: Công báo headers, page numbers,
    portal signature blocks ("Ký bởi:", "Cơ quan:", "Ngày ký:")."""
    return _noise_indexes([line.clean for line in lines])


def _noise_indexes(cleans: Sequence[str]) -> set[int]:
    """:func:`noise_lines` over the lines' ``clean`` texts (stripped)."""
    noise: set[int] = set()
    for i, text in enumerate(cleans):
        # Cheap tests first, each one a condition of its pattern on a stripped line: a
        # header starts with "c" and has a "/", a signature field starts with one of
        # "kncet" (or the Kelvin sign, a "k" to a case-blind pattern) and has a ":", a page
        # number has at most four characters.
        first = text[:1]
        if (
            (first in "cC" and "/" in text and P.CONG_BAO_HEADER.match(text))
            or (first in "kK\u212anNcCeEtT" and ":" in text and P.DIGITAL_SIGNATURE.match(text))
            or (len(text) <= 4 and P.PAGE_NUMBER.match(text) and _near_cong_bao(cleans, i))
        ):
            noise.add(i)
        elif first in "vV" and _SECTION_TITLE.fullmatch(text):
            noise.add(i)  # Công báo section titles
    return noise


_SECTION_TITLE = re.compile(r"(?i)văn bản (?:quy phạm pháp luật|pháp luật khác|hợp nhất)")


def _near_cong_bao(cleans: Sequence[str], i: int) -> bool:
    window = cleans[max(0, i - 3) : i + 4]
    return any(P.CONG_BAO_HEADER.match(text) for text in window)


def _stamp_opening(cleans: Sequence[str]) -> int | None:
    """The line where :func:`find_received_stamp` finds a stamp: the first "Số: 1206....."
    or "Số đến: …" line with a "Ngày: …" line at most three lines below. ``cleans`` are
    stripped. The first two characters are tested first: the patterns are case-blind, and
    "ſ" (long s) is an "s" to them."""
    for i, text in enumerate(cleans):
        if text[:1] not in "sS\u017f" or text[1:2] not in "ốỐ":
            continue
        if (P.STAMP_NUMBER.match(text) or P.STAMP_NUMBER_BARE.match(text)) and any(
            P.STAMP_DATE.match(following) for following in cleans[i + 1 : i + 4]
        ):
            return i
    return None


def _clean_lines(text: str, start: int = 0) -> tuple[list[str], list[str]]:
    """The raw and the ``clean`` text of every line from ``start``, as :func:`split_lines`
    gives them, without building the lines. Emphasis never spans a line break, so it is
    removed from the whole text at once."""
    body = text[start:]
    raws = body.split("\n")
    if "**" in body or "__" in body:
        body = _EMPHASIS.sub("", body)
        return raws, [line.strip() for line in body.split("\n")]
    return raws, [line.strip() for line in raws]


def find_received_stamp(
    lines: Sequence[Line], parse_from: int = 0
) -> tuple[ReceivedStamp, int, int] | None:
    """Find an incoming stamp: an office line, "Số: 1206.....", "Ngày: 27/11/2021", and
    the routing slip that follows it. Returns the stamp and the line index range."""
    for i in range(parse_from, len(lines)):
        m = P.STAMP_NUMBER.match(lines[i].clean) or P.STAMP_NUMBER_BARE.match(lines[i].clean)
        if not m:
            continue
        date_line = next(
            (j for j in range(i + 1, min(i + 4, len(lines))) if P.STAMP_DATE.match(lines[j].clean)),
            None,
        )
        if date_line is None:
            continue
        dm = P.STAMP_DATE.match(lines[date_line].clean)
        assert dm is not None
        first = i
        office = None
        if i > 0 and _is_upper_line(lines[i - 1].clean):
            first = i - 1
            office = lines[i - 1].clean
            if re.fullmatch(r"(?i)đến|công văn đến", office) and i > 1:
                first, office = i - 2, lines[i - 2].clean
        last = date_line
        j = date_line + 1
        while j < len(lines) and (P.STAMP_FIELD.match(lines[j].clean) or not lines[j].clean):
            if lines[j].clean:
                last = j
            j += 1
        routing: list[str] = []
        if j < len(lines) and P.ROUTING_HEADER.match(lines[j].clean):
            routing.append(_routing_row(lines[j].text))
            last = j
            j += 1
            while j < len(lines):
                text = lines[j].clean
                if not text:
                    j += 1
                    continue
                if "\t" in lines[j].text or (
                    len(text) <= 40
                    and not text.endswith((".", ":", ";"))
                    and not _looks_like_prose(text)
                ):
                    routing.append(_routing_row(lines[j].text))
                    last = j
                    j += 1
                    continue
                break
        day, month, year = (int(x) for x in dm["date"].split("/"))
        if year < 100:
            year += 2000
        stamp = ReceivedStamp(
            office=office,
            number=m["num"],
            date=make_date(year, month, day),
            first_line=lines[first].number,
            last_line=lines[last].number,
            routing=tuple(routing),
        )
        return stamp, first, last
    return None


def _routing_row(raw: str) -> str:
    return " | ".join(cell.strip() for cell in raw.split("\t") if cell.strip())


def _looks_like_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= 6 and sum(w[:1].islower() for w in words) >= 3


# --- header ----------------------------------------------------------------------------------

_UPPER_WORD = re.compile(r"^[A-ZĐÀ-Ỹ0-9&.,()\-–/]+$")


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) >= 2


# Number line: "Số: …", "Luật số: …", "Số hiệu: …"; the number may sit on the next line.
_NUMBER_LINE = re.compile(
    r"(?P<prefix>(?:^|(?<=\s))(?:(?P<word>Luật|LUẬT|Bộ\s+luật|BỘ\s+LUẬT|Pháp\s+lệnh|Lệnh)\s+)?"
    r"(?:Số|SỐ|số)(?:\s+hiệu)?\s*:\s*|(?:^|(?<=\n))\s*\**\s*Số\s+(?=\**\s*\d))",
)


@dataclass(frozen=True, slots=True)
class NumberHit:
    raw: str  # the number as printed, cleaned of emphasis and spaces
    canonical: str
    start: int
    end: int
    line_start: int  # offset of the start of the "Số:" prefix
    type_word: str | None


# What every _NUMBER_LINE match holds: "Số"/"SỐ"/"số" (+ "hiệu") before ":", or "Số" before a
# digit. Each branch starts with a literal, so the engine skips to the next "S"/"s" at C speed
# (_NUMBER_LINE starts with a lookbehind and is tried at every position: 20 times slower).
_NUMBER_WORD = re.compile(
    r"S(?:ố(?:\s+hiệu)?\s*:|Ố(?:\s+hiệu)?\s*:|ố\s+\**\s*\d)|số(?:\s+hiệu)?\s*:"
)
_LINE_WORD_BEFORE = re.compile(r"(?:Luật|luật|LUẬT|Lệnh|lệnh)\Z")  # 4 characters each
_LINE_WORD_HEAD = re.compile(r"(?:Bộ|BỘ|Pháp)\Z")


def _number_line_matches(text: str, pos: int) -> Iterator[re.Match[str]]:
    """``_NUMBER_LINE.finditer(text, pos)``, trying the pattern only where it can start.

    A match holds a :data:`_NUMBER_WORD` at some ``q`` and starts at ``q`` itself, at the type
    word before it ("Luật số:", "Bộ luật số:") or at a line start in the run of white space
    and "*" before it. Those candidates are tried in order, as ``finditer`` would try every
    position; positions in between cannot start a match.
    """
    candidates: set[int] = set()
    for word in _NUMBER_WORD.finditer(text, pos):
        q = word.start()
        candidates.add(q)
        run = q  # the run of white space and "*" before q: line starts there (alt. 2)
        while run > 0 and (text[run - 1].isspace() or text[run - 1] == "*"):
            run -= 1
        line = text.find("\n", run, q)
        while line >= 0:
            candidates.add(line + 1)
            line = text.find("\n", line + 1, q)
        if run == 0:
            candidates.add(0)
        ws = q  # "Luật", "Bộ luật", "Pháp lệnh", "Lệnh" + white space before q (alt. 1)
        while ws > 0 and text[ws - 1].isspace():
            ws -= 1
        if ws == q:
            continue
        second = _LINE_WORD_BEFORE.search(text, max(0, ws - 4), ws)
        if second is None:
            continue
        candidates.add(second.start())
        head = second.start()
        while head > 0 and text[head - 1].isspace():
            head -= 1
        first = _LINE_WORD_HEAD.search(text, max(0, head - 4), head)
        if first is not None and head < second.start():
            candidates.add(first.start())
    end = pos
    for start in sorted(candidates):
        if start < end or start < pos:
            continue
        m = _NUMBER_LINE.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def find_number_lines(text: str, lines: Sequence[Line], skip: set[int]) -> list[NumberHit]:
    """Every "Số: <number>" in the text outside the skipped lines, in order."""
    hits: list[NumberHit] = []
    starts = [line.start for line in lines]
    for m in _number_line_matches(text, lines[0].start if lines else 0):
        index = line_index(starts, m.start())
        if index in skip:
            continue
        after = text[m.end() : m.end() + 80]
        nm = P.NUMBER.match(after.lstrip(" \t\n*"))
        if not nm:
            continue
        lead = len(after) - len(after.lstrip(" \t\n*"))
        start = m.end() + lead + nm.start()
        end = m.end() + lead + nm.end()
        raw = re.sub(r"[\s*_]+", "", text[start:end])
        hits.append(NumberHit(raw, canonical_number(raw), start, end, m.start(), m["word"]))
    return hits


def line_index(starts: Sequence[int], offset: int) -> int:
    """The index of the line holding ``offset``, given the lines' start offsets."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


_ADMIN_UNIT = re.compile(
    r"(?i)\b(tỉnh|thành phố|tp\.|quận|huyện|thị xã|xã(?!\s+hội)|phường|thị trấn|đặc khu)\s+(.+)$"
)
_AGENCY_HEADS = (
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ban chấp hành trung ương",
    "bộ chính trị",
    "ban bí thư",
    "văn phòng",
    "ban chỉ đạo",
    "sở",
    "bộ",
    "tổng cục",
    "cục",
    "vụ",
    "ban",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "đảng ủy",
    "quốc hội",
    "chính phủ",
    "thủ tướng chính phủ",
    "chủ tịch nước",
    "ngân hàng nhà nước",
    "kiểm toán nhà nước",
    "tòa án nhân dân",
    "viện kiểm sát nhân dân",
    "bảo hiểm xã hội",
    "thanh tra",
    "ủy ban thường vụ quốc hội",
    "hội đồng",
    "ủy ban",
    "trung ương",
)


def agency_name(printed: str) -> str:
    """Sentence-case an issuer printed in capitals, keeping proper nouns capitalised.

    "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" → "Ủy ban nhân dân thành phố Hải Phòng";
    "BỘ TÀI CHÍNH" → "Bộ Tài chính"; names in the code table keep their official spelling.
    """
    text = " ".join(re.sub(r"\*\*|__", "", printed).split())
    parts = text.split(" - ")
    if len(parts) > 1 and all(fold_key(p).startswith(_JOINT_HEADS) for p in parts):
        return " - ".join(agency_name(p) for p in parts)  # joint issuers of a TTLT
    key = fold_key(text)
    for name in ISSUER_BY_CODE.values():
        if fold_key(name) == key:
            return name
    if not _is_upper_line(text):
        return text
    lower = text.lower()
    m = _ADMIN_UNIT.search(lower)
    if m:
        head = lower[: m.start()].strip()
        unit = "TP." if m.group(1) == "tp." else m.group(1)
        place = " ".join(w.capitalize() for w in m.group(2).split())
        return _capitalize_first(f"{head} {unit} {place}".strip())
    for head in sorted(_AGENCY_HEADS, key=len, reverse=True):
        if lower.startswith(head + " ") and head in {"bộ", "sở", "tổng cục", "cục", "vụ", "ban"}:
            rest = lower[len(head) + 1 :]
            return _capitalize_first(head) + " " + _capitalize_first(rest)
    return _capitalize_first(lower)


_JOINT_HEADS = ("bo ", "toa an", "vien kiem sat", "ngan hang", "uy ban", "kiem toan", "thanh tra")


def _capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- signature block -------------------------------------------------------------------------

_SURNAMES = frozenset(
    fold_key(s)
    for s in (  # noqa: SIM905 (a word list reads best as one string)
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lương "
        "Trương Mai Đào Tô Hà Tạ Lâm Cao Chu Thái Trịnh Lại Triệu Kiều Hứa Quách Đoàn Vương "
        "Nông Lò Tăng Thân Khúc Giang Châu Lưu La Từ Phùng Tống Diệp Âu Mạc Doãn Đàm Lục Ninh "
        "Bế Hầu Nghiêm Bạch Kim Cù Đồng Thạch Ông Lã Tôn Tiêu Khổng Viên Lữ Mã Quan Ma Sầm Vi "
        "Lạc Trà Chử Lư Phí Đậu Đường Hàn Khuất Khương Liêu Mạnh Nghiêm Quang Sơn Thiều Tiết "
        "Ứng Yên Y Cấn Đới Hoa Kha Giáp Bàn Lầu Thào Vàng Sùng Giàng Mùa Hờ Lỳ Điểu "
    ).split()
)
# Place names that read like personal names ("Hà Nội": Hà is also a surname).
_PLACES = frozenset(
    {
        "ha noi",
        "ha tinh",
        "ha giang",
        "ha nam",
        "cao bang",
        "lam dong",
        "dong nai",
        "dong thap",
        "kien giang",
        "tien giang",
        "hau giang",
        "ho chi minh",
        "tp ho chi minh",
        "lao cai",
        "thai nguyen",
        "thai binh",
        "quang ninh",
        "quang nam",
        "quang ngai",
        "quang tri",
        "quang binh",
        "phu tho",
        "phu yen",
        "ninh binh",
        "ninh thuan",
        "tay ninh",
        "lang son",
        "vinh phuc",
        "yen bai",
        "bac ninh",
        "bac giang",
        "bac kan",
        "tra vinh",
        "ca mau",
        "dien bien",
        "lai chau",
        "son la",
        "hoa binh",
        "gia lai",
        "kon tum",
        "dak lak",
    }
)
_AGENCY_WORDS = frozenset(
    {
        "van",
        "phong",
        "bo",
        "so",
        "ban",
        "uy",
        "nhan",
        "dan",
        "chinh",
        "phu",
        "quoc",
        "hoi",
        "truong",
        "tuong",
        "cuc",
        "vu",
        "tinh",
        "thanh",
        "pho",
        "huyen",
        "xa",
        "dang",
    }
)
_RANKS = re.compile(
    r"(?i)^(?:(?:thượng|đại|trung|thiếu)\s+tướng|(?:đại|thượng|trung|thiếu)\s+tá|"
    r"(?:đại|thượng|trung|thiếu)\s+úy|gs\.?\s*ts\.?|pgs\.?\s*ts\.?|ts\.?|ths\.?|"
    r"bác sĩ|bs\.?)\s+"
)


_LETTERS = re.compile(r"[^\W\d_]+")


def person_name(text: str) -> str | None:
    """The personal name on a line ("Trần Huy Kiên", "Thượng tướng Vũ Hải Sản"), or None."""
    if len(text) > 60 or (not text[:1].isalpha() and not text.startswith(("*", " "))):
        return None
    text = _EMPHASIS.sub("", text).strip().rstrip(".")
    text = _RANKS.sub("", text)
    words = text.split()
    if not 2 <= len(words) <= 6:
        return None
    if not all(w[:1].isupper() and (w[1:].islower() or w.isupper() or not w[1:]) for w in words):
        return None
    if fold_key(words[0]) not in _SURNAMES or fold_key(text) in _PLACES:
        return None
    if any(not _LETTERS.fullmatch(w) for w in words):
        return None
    if text.isupper():
        if _TITLE_WORDS.search(text) or any(fold_key(w) in _AGENCY_WORDS for w in words):
            return None
        return " ".join(w.capitalize() for w in words)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Signature:
    authority: tuple[str, ...]
    title: str | None
    name: str
    first_line: int  # 1-based
    name_line: int  # 1-based
    title_line: int | None = None


def find_signatures(lines: Sequence[Line], skip: set[int]) -> list[tuple[int, Signature]]:
    """Every signature block: authority lines (TL./KT./TM.), title lines in capitals, then a
    personal name within a few lines. Returns (index of the name line, signature)."""
    found: list[tuple[int, Signature]] = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        text = line.clean
        name = person_name(text)
        trailing_title: str | None = None
        if name is None:
            # Flattened "CHỦ TỊCH QUỐC HỘI Nguyễn Thị Kim Ngân" on one line.
            flat = _flat_signature(text, lines[i - 1].clean if i else "")
            if flat is None:
                continue
            authority_text, trailing_title, name = flat
            if authority_text:
                found.append(
                    (
                        i,
                        Signature(
                            (authority_text,), trailing_title, name, line.number, line.number
                        ),
                    )
                )
                continue
        block: list[str] = []
        j = i - 1
        gap = 0
        while j >= 0 and len(block) < 6:
            prev = lines[j].clean
            if not prev or P.SIGNATURE_PLACEHOLDER.match(prev) or j in skip:
                if block:
                    gap += 1
                    if gap > 1 and not prev:
                        # blank lines between title lines end the block
                        pass
                j -= 1
                if not block and i - j > 8:
                    break
                continue
            if (_is_upper_line(prev) and len(prev) <= 80) or P.AUTHORITY.match(prev):
                block.insert(0, prev)
                j -= 1
                continue
            break
        if trailing_title:
            block.append(trailing_title)
        if not block:
            continue
        authority = tuple(b for b in block if P.AUTHORITY.match(b))
        titles = [b for b in block if not P.AUTHORITY.match(b)]
        if not authority and not titles:
            continue
        if not authority and not _plausible_title(titles[-1]):
            continue
        title = titles[-1] if titles else None
        title_line = next(
            (ln.number for ln in lines[j + 1 : i + 1] if title and title in ln.clean), None
        )
        first = lines[j + 1].number if j + 1 < len(lines) else line.number
        found.append((i, Signature(authority, title, name, first, line.number, title_line)))
    return found


_TITLE_WORDS = re.compile(
    r"(?i)(?<!\w)(?:phó\s+|phó\s+thường\s+trực\s+|q\.\s*)?(?:chủ\s+tịch|thủ\s+tướng|"
    r"bộ\s+trưởng|thứ\s+trưởng|chánh\s+văn\s+phòng|chánh\s+án|chánh\s+thanh\s+tra|"
    r"tổng\s+giám\s+đốc|giám\s+đốc|tổng\s+cục\s+trưởng|cục\s+trưởng|vụ\s+trưởng|"
    r"trưởng\s+ban|tổng\s+bí\s+thư|bí\s+thư|thống\s+đốc|tổng\s+kiểm\s+toán|viện\s+trưởng|"
    r"tổng\s+thư\s+ký|chủ\s+nhiệm|trưởng\s+phòng|chủ\s+tọa|ủy\s+viên|trưởng|phó)(?!\w)"
)


# A signature block flattened onto one line, maybe followed by an annex heading in capitals:
# "TM. CHÍNH PHỦ THỦ TƯỚNG Nguyễn Xuân Phúc PHỤ LỤC …". The name is 2–5 capitalised words
# and ends before a word in capitals or at the end of the line.
_FLAT_SIGNATURE = re.compile(
    r"^(?P<head>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ\s.,/\-]*?)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,4})"
    r"\s*\.?(?=\s+[A-ZĐÀ-Ỹ]{2,}|\s*$)"
)


def _flat_signature(text: str, previous: str = "") -> tuple[str | None, str, str] | None:
    """A signature block flattened onto one line: "K/T THỦ TƯỚNG CHÍNH PHỦ PHÓ THỦ TƯỚNG
    Tố Hữu" → ("K/T THỦ TƯỚNG CHÍNH PHỦ", "PHÓ THỦ TƯỚNG", "Tố Hữu"). ``previous`` is the line
    before, which may hold the authority alone ("KT.")."""
    m = _FLAT_SIGNATURE.match(text)
    if not m or not _is_upper_line(m["head"]):
        return None
    titles = list(_TITLE_WORDS.finditer(m["head"]))
    if not titles:
        return None
    last = titles[-1]
    title = m["head"][last.start() :].strip()
    authority = m["head"][: last.start()].strip() or None
    alone = P.AUTHORITY_ALONE.match(previous)
    if alone and (authority is None or not P.AUTHORITY.match(authority)):
        authority = f"{alone['kind']} {authority}" if authority else None
    if authority is not None and not P.AUTHORITY.match(authority):
        title = m["head"].strip()
        authority = None
    return authority, title, m["name"]


def _plausible_title(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text))


# --- the parser ------------------------------------------------------------------------------


def parse_document(text: str, path: str) -> Document:
    """Parse the stored text of one content file.

    Args:
        text: the whole file as stored (NFC), front matter included.
        path: the file's path relative to the content folder, for messages.
    """
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    front, problems = read_front_matter(text, path)
    parser = _Parser(text, path, front.body_start)
    meta = parser.parse()
    problems.extend(parser.problems)
    meta = _apply_front_matter(meta, front)
    meta, control = _without_controls(meta, text, path)
    problems.extend(control)
    doc_id = _document_id(meta)
    if doc_id is None and meta.number is not None:
        problems.append(
            Problem(
                path,
                meta.number.line,
                "invalid-number",
                f"số hiệu {meta.number.value!r} không đọc được thành định danh văn bản",
            )
        )
    if meta.number is None:
        problems.extend(_confusable_number(text, front.body_start, path))
    problems.extend(_report_missing(meta, path))
    ordered = sorted(set(problems), key=lambda p: (p.line or 0, p.code, p.message))
    return Document(path, text, front.body_start, sha, meta, doc_id, tuple(ordered))


# C0 control characters other than tab and line ends: XML (GraphML, RDF/XML, the site)
# cannot hold them, so a field value gets a space in their place.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL_CHARS.sub(" ", value)
    if isinstance(value, tuple):
        return tuple(_clean_value(item) for item in value)
    return value


def _without_controls(meta: Metadata, text: str, path: str) -> tuple[Metadata, list[Problem]]:
    """The metadata with control characters in its values replaced by spaces, and a warning
    at the first control character of the text."""
    found = _CONTROL_CHARS.search(text)
    if found is None:
        return meta, []
    changes: dict[str, Any] = {}
    for name in Metadata.__dataclass_fields__:
        field = getattr(meta, name)
        if isinstance(field, Field):
            cleaned = _clean_value(field.value)
            if cleaned != field.value:
                changes[name] = replace(field, value=cleaned)
    problem = Problem(
        path,
        line_of(text, found.start()),
        "control-characters",
        f"ký tự điều khiển U+{ord(found.group()):04X} trong văn bản (thay bằng dấu cách)",
    )
    return replace(meta, **changes), [problem]


# Greek and Cyrillic letters that look like Latin ones ("33/СТ-TTg" with Cyrillic С, Т).
_CONFUSABLE = re.compile("[\u0370-\u03ff\u0400-\u04ff]")


def _confusable_number(text: str, body_start: int, path: str) -> list[Problem]:
    """A warning for a "Số: …" line that is no number because it holds Greek or Cyrillic
    letters: the number is not read (never merged with the Latin one), but the user is told
    why."""
    for m in _NUMBER_LINE.finditer(text, body_start):
        end = text.find("\n", m.end())
        rest = text[m.end() : end if end >= 0 else len(text)].strip()
        found = _CONFUSABLE.search(rest)
        if found is not None and rest[:1].isdigit():
            return [
                Problem(
                    path,
                    line_of(text, m.start()),
                    "confusable-number",
                    f"số hiệu {rest!r} có chữ U+{ord(found.group()):04X} "
                    f"({unicodedata.name(found.group(), '?')}) trông như chữ Latinh: "
                    "không đọc thành số hiệu",
                )
            ]
    return []


def _document_id(meta: Metadata) -> DocumentId | None:
    if meta.number is None:
        return None
    canonical = canonical_number(meta.number.value)
    if split_number(canonical) is None:
        return None
    year = meta.date.value.year if meta.date else None
    slug = meta.doc_type.value if meta.doc_type else None
    return DocumentId.from_number(canonical, year, slug)


_REQUIRED = ("number", "doc_type", "issuer", "date", "title", "signer")
_FIELD_LABELS = {
    "number": "số hiệu",
    "doc_type": "loại văn bản",
    "issuer": "cơ quan ban hành",
    "date": "ngày ban hành",
    "title": "trích yếu",
    "signer": "người ký",
}


def _report_missing(meta: Metadata, path: str) -> list[Problem]:
    return [
        Problem(
            path,
            None,
            f"missing-{name.replace('_', '-')}",
            f"không tìm thấy {_FIELD_LABELS[name]} ({name})",
        )
        for name in _REQUIRED
        if getattr(meta, name) is None
    ]


def _apply_front_matter(meta: Metadata, front: FrontMatter) -> Metadata:
    values = front.values
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "source":
            continue
        line = front.lines.get(key)
        name = "doc_type" if key == "type" else key
        if key == "type":
            found = doc_type_by_name(value)
            value = found.slug if found is not None else value
        if key == "system":
            value = System.PARTY if value in {"party", "Đảng"} else System.STATE
        changes[name] = Field(value, Origin.GIVEN, line)
    return replace(meta, **changes)


class _Parser:
    def __init__(self, text: str, path: str, body_start: int) -> None:
        self.text = text
        self.path = path
        self.lines = split_lines(text, body_start)
        self.skip = noise_lines(self.lines)
        self.problems: list[Problem] = []
        self.received: ReceivedStamp | None = None
        stamp = find_received_stamp(self.lines)
        if stamp is not None:
            self.received, first, last = stamp
            self.skip.update(range(first, last + 1))
        self.content = [i for i, line in enumerate(self.lines) if line.clean and i not in self.skip]

    # helpers
    def field(self, value: Any, offset: int, note: str | None = None) -> Field[Any]:
        return Field(value, Origin.EXTRACTED, line_of(self.text, offset), note)

    def header_indexes(self) -> list[int]:
        return self.content[:HEADER_LINES]

    def parse(self) -> Metadata:
        hits = find_number_lines(self.text, self.lines, self.skip)
        header_end = self.lines[self.header_indexes()[-1]].end if self.content else 0
        header_hits = [h for h in hits if h.start <= header_end]
        vbhn_hits = [h for h in hits if "VBHN" in h.canonical]
        hit = header_hits[0] if header_hits else (vbhn_hits[0] if vbhn_hits else None)
        certified = [h for h in vbhn_hits if _CERTIFIED.search(self.text, h.end, h.end + 120)]
        if certified:
            # A consolidated text opens with the header of the document it consolidates;
            # its own number stands over "XÁC THỰC VĂN BẢN HỢP NHẤT" at the end.
            hit = certified[0]
        if hit is None:
            hit = self._continuation_number()
        meta = Metadata(received=self.received)
        number = drafting = None
        if hit is not None:
            number = self.field(hit.raw, hit.start)
            parts = split_number(hit.canonical)
            if parts is not None and parts.unit_code:
                drafting = self.field(
                    parts.unit_code, hit.start, "mã đơn vị soạn thảo trong số hiệu"
                )
        anchor = (
            hit.line_start
            if hit is not None
            else (self.lines[self.content[0]].start if self.content else 0)
        )
        system = self._system(hit)
        place, date = self._place_date(anchor, hit)
        type_field, title = self._type_and_title(hit, date)
        if hit is not None and type_of_number(hit.canonical) == "van-ban-hop-nhat":
            # A consolidated text repeats the heading of the document it consolidates.
            type_field = Field(
                "van-ban-hop-nhat",
                Origin.EXTRACTED,
                line_of(self.text, hit.start),
                "mã VBHN trong số hiệu",
            )
        issuer = self._issuer(anchor, hit)
        addressees = self._addressees()
        recipients = self._recipients()
        authority = signer_title = signer = None
        signature = self._signature()
        if signature is not None:
            sig = signature[1]
            signer = Field(sig.name, Origin.EXTRACTED, sig.name_line)
            if sig.title:
                signer_title = Field(sig.title, Origin.EXTRACTED, sig.title_line or sig.name_line)
            if sig.authority:
                authority = Field(sig.authority, Origin.EXTRACTED, sig.first_line)
        attachments = self._attachments()
        effective = self._effective(date)
        return replace(
            meta,
            number=number,
            system=system,
            doc_type=type_field,
            issuer=issuer,
            drafting_unit=drafting,
            place=place,
            date=date,
            title=title,
            addressees=addressees,
            recipients=recipients,
            signing_authority=authority,
            signer_title=signer_title,
            signer=signer,
            attachments=attachments,
            effective_date=effective,
        )

    def _continuation_number(self) -> NumberHit | None:
        """A continued Công báo instalment has no "Số:" line but opens with the document's
        own reference: "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018"."""
        for i in self.content[:15]:
            line = self.lines[i]
            m = _OWN_REFERENCE.match(line.clean)
            if m and "tiếp theo" in self.text[line.end : line.end + 400].lower():
                raw = re.sub(r"[\s*_]+", "", m["number"])
                start = line.start + line.text.find(m["number"])
                return NumberHit(
                    raw,
                    canonical_number(raw),
                    start,
                    start + len(m["number"]),
                    line.start,
                    m["type"],
                )
        return None

    def _header_text(self, limit: int = 4000) -> tuple[int, str]:
        start = self.lines[self.content[0]].start if self.content else 0
        return start, self.text[start : start + limit]

    def _system(self, hit: NumberHit | None) -> Field[System] | None:
        start, head = self._header_text(2500)
        party = P.PARTY_MOTTO.search(head)
        state = P.STATE_MOTTO.search(head)
        if party and (not state or party.start() < state.start()):
            return self.field(System.PARTY, start + party.start())
        if state:
            return self.field(System.STATE, start + state.start())
        if hit is not None:
            return Field(
                system_of_number(hit.canonical),
                Origin.DERIVED,
                line_of(self.text, hit.start),
                "dạng số hiệu",
            )
        return None

    def _place_date(
        self, anchor: int, hit: NumberHit | None
    ) -> tuple[Field[str] | None, Field[dt.date] | None]:
        """The "Place, ngày … tháng … năm …" line near the number, else the first in the header,
        else the adoption date of a law ("thông qua ngày …")."""
        windows = []
        if hit is not None:
            windows.append((max(0, anchor - 600), anchor + 900))
        start = self.lines[self.content[0]].start if self.content else 0
        windows.append((start, start + 3000))
        for lo, hi in windows:
            for m in _PLACE_DATE_RE.finditer(self.text, lo, hi):
                if self._in_skip(m.start()):
                    continue
                date = make_date(int(m["year"]), int(m["month"]), int(m["day"]))
                if date is None:
                    self.problems.append(
                        Problem(
                            self.path,
                            line_of(self.text, m.start()),
                            "invalid-date",
                            f"ngày không tồn tại: {m.group(0)!r}",
                        )
                    )
                    continue
                place = " ".join(m["place"].split())
                return self.field(place, m.start("place")), self.field(date, m.start("day"))
        adopted = _ADOPTED_RE.search(self.text)
        if adopted:
            date = make_date(int(adopted["year"]), int(adopted["month"]), int(adopted["day"]))
            if date is not None:
                return None, self.field(date, adopted.start("day"), "ngày thông qua")
        return None, None

    def _in_skip(self, offset: int) -> bool:
        starts = [line.start for line in self.lines]
        return line_index(starts, offset) in self.skip

    def _type_and_title(
        self, hit: NumberHit | None, date: Field[dt.date] | None
    ) -> tuple[Field[str] | None, Field[str] | None]:
        content = self.header_indexes()
        # 1. A type line in capitals ("CHỈ THỊ", "NGHỊ ĐỊNH", "LUẬT DOANH NGHIỆP").
        for i in content:
            line = self.lines[i]
            for m in _TYPE_HEADING.finditer(line.clean):
                found = doc_type_by_name(m["type"])
                opens = m.start() == 0 or re.search(
                    r"(?:năm\s+\d{4}|\d/\S+)\s*$", line.clean[: m.start()]
                )
                if found is None or not opens:
                    continue
                title = self._title_after(i, line, m)
                type_field = self.field(found.slug, line.start + line.text.find(m["type"]))
                return type_field, title
        # 2. "V/v …": a công văn.
        for i in content:
            line = self.lines[i]
            sm = _SUBJECT_RE.search(line.text)
            if sm and (hit is None or line.end >= hit.start - 200):
                title_text = self._collect_title(i, line.text[sm.end() - line.start :].strip())
                title = self.field(title_text, line.start + sm.end()) if title_text else None
                return self.field("cong-van", line.start + sm.start()), title
        # 3. The type word of the number line, or the number's type code.
        if hit is not None:
            if hit.type_word:
                found = doc_type_by_name(hit.type_word)
                if found is not None:
                    return self.field(found.slug, hit.line_start), None
            slug = type_of_number(hit.canonical)
            if slug is not None:
                return Field(
                    slug,
                    Origin.DERIVED,
                    line_of(self.text, hit.start),
                    "mã loại văn bản trong số hiệu",
                ), None
        return None, None

    def _title_after(self, index: int, line: Line, m: re.Match[str]) -> Field[str] | None:
        rest = _EDITORIAL.sub("", line.clean[m.end() :]).strip(" :-")
        type_name = m["type"]
        nxt = next((j for j in self.content if j > index), None)
        following = self.lines[nxt].clean if nxt is not None else ""
        if type_name in _LAW_TYPES and (rest or _is_upper_line(following)):
            # "LUẬT DOANH NGHIỆP": the title is the heading; the enacting formula spells it
            # in proper case ("Quốc hội ban hành Luật Doanh nghiệp.").
            formula = re.search(
                rf"(?i)ban hành\s+({re.escape(type_name)}\s+[^.;\n\[]{{2,200}}?)\s*(?:\[\d+\])?"
                r"\d?\s*[.;\n]",
                self.text,
            )
            heading = _upper_run(rest) or (following if _is_upper_line(following) else "")
            if formula or heading:
                value = " ".join(formula.group(1).split()) if formula else ""
                value = value or agency_title(type_name, heading)
                at = line.start if rest or nxt is None else self.lines[nxt].start
                return self.field(value, at)
        if rest:
            start = line.start + max(0, line.text.find(rest[:20]))
            return self.field(self._collect_title(index, rest), start)
        if nxt is None:
            return None
        text = self._collect_title(nxt, following)
        return self.field(text, self.lines[nxt].start) if text else None

    def _collect_title(self, index: int, first: str) -> str:
        """Join title lines from line ``index`` (whose title text is ``first``) until a
        blank line or a new section; drop editorial notes; stop where capitals end."""
        parts = [first]
        j = index + 1
        while j < len(self.lines) and len(parts) < 8:
            text = self.lines[j].clean
            if j in self.skip:
                j += 1
                continue
            if (
                not text
                or _TITLE_STOP.match(text)
                or _is_upper_line(text)
                or P.SEPARATOR.match(text)
            ):
                break
            parts.append(text)
            j += 1
        title = " ".join(_EDITORIAL.sub("", " ".join(parts)).split())
        title = _upper_run(title) or title
        title = _TITLE_TAIL.split(title)[0].strip(" .;:-_")
        return _ENACTING_TAIL.sub("", title)

    def _issuer(self, anchor: int, hit: NumberHit | None) -> Field[str] | None:
        """The issuing body: the capitals block at the top left of the header (or, for a
        consolidated text, above its certified number)."""
        block = self._issuer_block(anchor, hit)
        if block:
            names = [_strip_separators(b.clean) for b in block]
            names = [n for k, n in enumerate(names) if n and n not in names[:k]]
            printed = _undouble(" ".join(names))
            if len(names) > 1 and _is_parent_child(names) and printed == " ".join(names):
                printed = names[-1]
            return self.field(agency_name(printed), block[0].start)
        if hit is not None:
            parts = split_number(hit.canonical)
            if parts is not None and parts.issuer_code in ISSUER_BY_CODE:
                return Field(
                    ISSUER_BY_CODE[parts.issuer_code],
                    Origin.DERIVED,
                    line_of(self.text, hit.start),
                    f"mã cơ quan ban hành {parts.issuer_code} trong số hiệu",
                )
        return None

    def _issuer_block(self, anchor: int, hit: NumberHit | None) -> list[Line]:
        content = self.header_indexes()[:20]
        if hit is not None and content and hit.start > self.lines[content[-1]].end:
            # The certified number of a consolidated text, far below the header.
            at = next(k for k, i in enumerate(self.content) if self.lines[i].end >= hit.start)
            content = self.content[max(0, at - 4) : at]
            anchor = hit.line_start
        motto_at = next(
            (
                self.lines[i].start
                for i in content
                if P.STATE_MOTTO.search(self.lines[i].clean)
                or P.PARTY_MOTTO.search(self.lines[i].clean)
            ),
            anchor,
        )
        limit = max(anchor, motto_at)
        block: list[Line] = []
        for i in content:
            line = self.lines[i]
            if line.start > limit or (line.start >= anchor and block):
                break
            text = line.clean
            motto = P.STATE_MOTTO.search(text) or P.PARTY_MOTTO.search(text)
            if motto:
                head = _strip_separators(text[: motto.start()])
                if head and _is_upper_line(head):
                    return [Line(line.number, line.start, line.start + len(head), head, head)]
                if block:
                    break
                continue
            if P.SEPARATOR.match(text) or P.INDEPENDENCE.search(text):
                continue
            if _TYPE_HEADING.match(text) or P.AUTHORITY.match(text) or P.NUMBER.search(text):
                break
            text = _SECTION_PREFIX.sub("", text)
            if text and _is_upper_line(text) and len(text) <= 90:
                if block and block[-1].clean == text:
                    continue  # Công báo prints the issuer twice
                block.append(Line(line.number, line.start, line.end, line.text, text))
            elif block:
                break
        return block

    def _addressees(self) -> Field[tuple[str, ...]] | None:
        for i in self.content[: HEADER_LINES + 20]:
            line = self.lines[i]
            m = P.ADDRESSEE_LINE.match(line.clean)
            if not m:
                km = re.search(r"(?i)\bkính\s+gửi\s*:\s*", line.clean)
                if not km:
                    continue
                rest = line.clean[km.end() :]
            else:
                rest = line.clean[m.end() :]
            items = _split_list_items(rest) if rest else []
            j = i + 1
            while j < len(self.lines) and len(items) < 40:
                text = self.lines[j].clean
                if text.startswith(("-", "+", "•")):
                    items.extend(_split_list_items(text))
                    j += 1
                    continue
                break
            if not items:
                continue
            items = [_first_clause(x) for x in items]
            return self.field(tuple(x for x in items if x), line.start)
        return None

    def _recipients(self) -> Field[tuple[str, ...]] | None:
        for i in self.content:
            line = self.lines[i]
            m = P.RECIPIENTS_LINE.match(line.text)
            if not m:
                continue
            items: list[str] = []
            rest = line.clean[len(re.sub(r"\*\*|__", "", m.group(0)).strip()) :].strip()
            if rest:
                items.extend(_split_list_items(rest))
            j = i + 1
            while j < len(self.lines) and len(items) < 80:
                text = self.lines[j].clean
                if j in self.skip or not text:
                    j += 1
                    if j < len(self.lines) and not self.lines[j].clean.startswith(("-", "+", "•")):
                        break
                    continue
                if text.startswith(("-", "+", "•")):
                    items.extend(_split_list_items(text))
                    j += 1
                    continue
                break
            return self.field(tuple(items), line.start) if items else None
        return None

    def _signature(self) -> tuple[int, Signature] | None:
        found = find_signatures(self.lines, self.skip)
        if not found:
            return None
        anchors = []
        for i in self.content:
            text = self.lines[i].clean
            if P.RECIPIENTS_LINE.match(self.lines[i].text) or re.search(r"\./\.\s*$", text):
                anchors.append(i)
        if anchors:
            first_anchor = anchors[0]
            near = [f for f in found if f[0] >= first_anchor - 12]
            if near:
                return min(near, key=lambda f: abs(f[0] - first_anchor))
        return found[0]

    def _attachments(self) -> Field[tuple[str, ...]] | None:
        items: list[str] = []
        first: int | None = None
        for m in _ATTACHED_RE.finditer(self.text, self.lines[0].start if self.lines else 0):
            before = self.text[max(0, m.start() - 400) : m.start()]
            refs = list(_TYPED_NUMBER.finditer(before))
            if not refs:
                continue
            ref = refs[-1]
            value = " ".join(ref.group(0).split())
            value = re.sub(r"\s*/\s*", "/", value)
            if value not in items:
                items.append(value)
                first = first if first is not None else m.start()
        if not items or first is None:
            return None
        return self.field(tuple(items), first)

    def _effective(self, date: Field[dt.date] | None) -> Field[dt.date] | None:
        m = None
        for cue in _EFFECTIVE_CUE.finditer(self.text, self.lines[0].start if self.lines else 0):
            m = _EFFECTIVE_RE.match(self.text, max(0, cue.start() - 30), cue.end() + 120)
            m = m or _EFFECTIVE_RE.search(self.text, max(0, cue.start() - 30), cue.end() + 120)
            if m:
                break
        if not m:
            return None
        when = m["when"]
        if re.match(r"(?i)ngày\s+(?:ký|ban hành)", when):
            if date is None:
                return None
            return Field(
                date.value,
                Origin.DERIVED,
                line_of(self.text, m.start()),
                f"“{' '.join(m.group(0).split())}”",
            )
        parsed = parse_date_text(when)
        return self.field(parsed, m.start("when")) if parsed else None


def agency_title(type_name: str, rest: str) -> str:
    """ "LUẬT" + "DOANH NGHIỆP" → "Luật Doanh nghiệp" when no better spelling is in the text."""
    words = rest.lower().split()
    return f"{type_name.capitalize()} {' '.join(words)[:1].upper()}{' '.join(words)[1:]}"


_LAW_TYPES = frozenset({"LUẬT", "BỘ LUẬT", "PHÁP LỆNH", "HIẾN PHÁP"})
# Notes a publisher inserts in brackets: "[Xử phạt … được hướng dẫn bởi Nghị định 45/2022/NĐ-CP
# có hiệu lực từ …]". They are not the document's words.
_EDITORIAL = re.compile(
    r"\[[^\[\]\n]{0,600}?(?:được|bị|nay được)\s+(?:hướng dẫn|sửa đổi|bổ sung|thay thế|bãi bỏ|"
    r"đính chính|hợp nhất|quy định|hết hiệu lực)[^\[\]\n]{0,600}?\]"
    r"|\[[^\[\]\n]{0,600}?(?:có hiệu lực|hết hiệu lực|phân định thẩm quyền)[^\[\]\n]{0,600}?\]"
)


def _upper_run(text: str) -> str:
    """The leading run of capitalised words of a flattened line, when mixed-case text
    follows it: "VỀ CÔNG TÁC ĐO ĐẠC Ngày 24 tháng 6 …" → "VỀ CÔNG TÁC ĐO ĐẠC"."""
    words = text.split()
    k = 0
    while k < len(words) and (
        _is_upper_line(words[k]) or not any(c.isalpha() for c in words[k])
    ):
        k += 1
    if k >= 2 and k < len(words):
        return " ".join(words[:k]).rstrip(" ,;:-")
    return ""


_SECTION_PREFIX = re.compile(r"(?i)^văn\s+bản\s+hợp\s+nhất\s*-\s*")


def _strip_separators(text: str) -> str:
    """"QUỐC HỘI --------" → "QUỐC HỘI"; the first part before a run of - _ = *."""
    parts = [p.strip() for p in re.split(r"\s*[-_=*]{3,}\s*", text)]
    return next((p for p in parts if p), "")


def _undouble(text: str) -> str:
    """A Công báo header prints the issuer twice, once wrapped: "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ
    XÃ HỘI BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → once."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _is_parent_child(names: Sequence[str]) -> bool:
    """ "BỘ TÀI CHÍNH" over "TỔNG CỤC THUẾ": the issuer is the lower body."""
    last = fold_key(names[-1])
    return last.startswith(
        (
            "tong cuc ",
            "cuc ",
            "vu ",
            "so ",
            "ban ",
            "van phong ",
            "chi cuc ",
            "trung tam ",
            "vien ",
            "truong ",
        )
    )


def _split_list_items(text: str) -> list[str]:
    items = []
    for part in re.split(r"(?:^|\s)[-+•]\s+|;\s*(?=[-+•]?\s*\S)", text):
        item = part.strip().strip(";").strip()
        item = re.sub(r"\s*\.?/\.?\s*$", "", item) if item.endswith(("/", "./.", "/.")) else item
        item = item.rstrip(".;,").strip()
        if item:
            items.append(item)
    return items


def _first_clause(text: str) -> str:
    return text.strip().rstrip(".;,")


_TYPE_NAMES = sorted(
    {t.name for t in TYPES_BY_SLUG.values() if t.slug not in {"cong-van", "van-ban"}},
    key=len,
    reverse=True,
)
_TYPE_HEADING = re.compile(
    r"(?<![^\s\-])(?P<type>" + "|".join(re.escape(n.upper()) for n in _TYPE_NAMES) + r")(?=\s|$|:)"
)
_CERTIFIED = re.compile(r"(?i)xác\s+thực\s+văn\s+bản\s+hợp\s+nhất")
_OWN_REFERENCE = re.compile(
    r"(?P<type>" + "|".join(re.escape(n) for n in _TYPE_NAMES) + r")\s+số\s+"
    r"(?P<number>\d[\w.]*/\d{4}/[\wĐđ&\-]+)\s+ngày\b"
)
_SUBJECT_RE = re.compile(r"(?i)(?:^|\s)(?:V/v|Về\s+việc)\s*[:.]?\s*")
_TITLE_STOP = re.compile(
    r"(?i)^(?:căn cứ|kính gửi|xét|theo đề nghị|thực hiện|điều \d|chương [ivx\d]|phần|"
    r"trong những năm|hà nội|[^\W\d_]+(?: [^\W\d_]+)?, ngày)"
)
_TITLE_TAIL = re.compile(r"\s+(?:Căn cứ|Kính gửi|Hà Nội, ngày)\b")
# The enacting authority printed after a flattened title: "… CỦA CHÍNH PHỦ QUY ĐỊNH … CHÍNH PHỦ"
_ENACTING_TAIL = re.compile(
    r"(?<!CỦA)(?<!VÀ)\s+(?:THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|"
    r"HỘI ĐỒNG THẨM PHÁN[A-ZĐÀ-Ỹ\s]*|(?:BỘ TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|THỐNG ĐỐC)[A-ZĐÀ-Ỹ\s]*)$"
)
_PLACE_DATE_RE = re.compile(
    r"""(?P<place>(?:TP\.\s?|Thành\s+phố\s+)?[A-ZĐÀ-Ỹ][^\W\d_]*(?:[ \t]+[A-ZĐÀ-Ỹ][^\W\d_]*){0,4})
    [ \t]*,[ \t]*ngày[ \t]*(?:\*\*|__)?[ \t]*(?P<day>\d{1,2})[ \t]*(?:\*\*|__)?\s+tháng[ \t]*
    (?:\*\*|__)?[ \t]*(?P<month>\d{1,2})[ \t]*(?:\*\*|__)?\s+năm[ \t]*(?:\*\*|__)?[ \t]*
    (?P<year>(?:19|20)\d{2})""",
    re.X,
)
_ADOPTED_RE = re.compile(
    r"(?i)thông\s+qua\s+ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
)
_ATTACHED_RE = re.compile(r"(?i)\(\s*(?:gửi|sao\s+gửi)\s+kèm(?:\s+theo)?\s*\)")
_TYPED_NUMBER = re.compile(
    r"(?i)(?:" + "|".join(re.escape(n) for n in [*_TYPE_NAMES, "Công văn"]) + r")\s+(?:số\s+)?"
    r"\d[\w.]*(?:\s*-\s*[\wĐđ]+)?\s*/\s*[\wĐđ&/\-]+"
)
_EFFECTIVE_CUE = re.compile(r"này\s+có\s+hiệu\s+lực")
_EFFECTIVE_RE = re.compile(
    r"(?i)(?:" + "|".join(re.escape(n) for n in _TYPE_NAMES) + r")\s+này\s+có\s+hiệu\s+lực"
    r"(?:\s+thi\s+hành)?\s+(?:kể\s+)?(?:từ\s+)?(?P<when>ngày\s+ký|ngày\s+ban\s+hành|"
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4})"
)


def iter_skip_ranges(doc_text: str, body_start: int) -> Iterator[tuple[int, int]]:
    """Offset ranges a citation extractor must ignore: page furniture and stamps."""
    raws, cleans = _clean_lines(doc_text, body_start)
    skip = _noise_indexes(cleans)
    opening = _stamp_opening(cleans)
    if opening is not None:  # the lines are built only for a text with a stamp
        stamp = find_received_stamp(split_lines(doc_text, body_start), opening)
        if stamp is not None:
            skip.update(range(stamp[1], stamp[2] + 1))
    ends = list(itertools.accumulate(len(raw) + 1 for raw in raws))  # after each line's "\n"
    ranges = [(body_start + ends[i] - len(raws[i]) - 1, body_start + ends[i] - 1) for i in skip]
    ranges += [m.span() for m in _EDITORIAL.finditer(doc_text, body_start)]
    yield from sorted(ranges)
