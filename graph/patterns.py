"""Every regular expression of the parser, in one commented place.

Patterns run on the stored NFC text (or on a same-length match form of it, see
``normalize.match_form``), so match offsets are offsets into the content file.
"""

from __future__ import annotations

import re

# --- pieces -------------------------------------------------------------------------------

# Spaces that may stand before a separator ("116 /2002/TT-BTC"), and spaces or one hard line
# break after it ("13/2015/TT- BVHTTDL", "142/2024/\nQH15" in Công báo texts). A line break
# is never allowed *before* a separator: "…/UBND\n- Như trên;" must not join the list item.
_PRE = r"[ \t]*"
_POST = r"[ \t]*(?:\n[ \t]*)?"
_EMPH = r"(?:\*\*|__)?"  # Markdown emphasis inside a number: "Số: **9465** /UBND-KSTTHC"

# Sequence number: "33", "66.16" (dotted numbers of 2026 resolutions), "12a".
_SEQ = r"\d{1,6}(?:\.\d{1,4})?[a-z]?"
# One code: "NĐ", "CP", "TTg", "QyĐ", "BKH&ĐT", "QH13", "QHK4". Letters of either case
# (lower-cased titles write "tt-btttt"); number.py rejects lower-case codes unless the
# number follows "số" or a type word.
_CODE = r"[A-Za-zĐđ][A-Za-zĐđ&]*\d{0,2}"
_END = r"(?![\w&])"  # a code ends at a non-letter: "852/Ngày" is not a number

NUMBER = re.compile(
    rf"""
    (?<![\w/.\-])                          # not the tail of a longer token
    {_EMPH}(?P<seq>{_SEQ}){_EMPH}
    (?: {_PRE}-{_POST}(?P<party>{_CODE}) )?  # Party numbers: 23-QĐ/TW, 36-HD/VPTW
    {_PRE}/{_POST}
    (?: (?P<year>(?:19|20)\d{{2}}) {_PRE}/{_POST} )?    # normative numbers: 30/2020/NĐ-CP
    (?P<codes>{_CODE}{_END} (?: {_PRE}-{_POST}{_CODE}{_END} )* )
    """,
    re.X,
)

# "số", "Số:", "Số hiệu:", "số số" (doubled by OCR) immediately before a number.
NUMBER_PREFIX = re.compile(r"(?i)(?:\b(?:số|so)\b(?:\s+hiệu)?\s*:?\s*){1,2}$")

# --- dates --------------------------------------------------------------------------------

# "ngày 16 tháng 5 năm 2016", "ngày **07** tháng **12** năm 2021", line breaks anywhere.
DATE_LONG = re.compile(
    rf"""(?i)ngày\s*{_EMPH}\s*(?P<day>\d{{1,2}})\s*{_EMPH}\s+tháng\s*{_EMPH}\s*
    (?P<month>\d{{1,2}})\s*{_EMPH}\s+năm\s*{_EMPH}\s*(?P<year>(?:19|20)\d{{2}})""",
    re.X,
)
# "ngày 26/11/2021", "ngày 30-7-2021", "ngày 22.09.2025".
DATE_SHORT = re.compile(
    r"(?i)(?:ngày\s*)?(?<!\d)(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
# A blank template date: "ngày … tháng … năm …", "ngày..... tháng......".
DATE_BLANK = re.compile(r"(?i)ngày\s*[.…_ ]+\s*tháng\s*[.…_ ]+")

# The place-and-date line under the header: "Hải Phòng, ngày 07 tháng 12 năm 2021".
PLACE_DATE = re.compile(
    r"""(?ix)^\s*(?P<place>[^\W\d_][^\d,;:()]{1,40}?)\s*,\s*
    (?=ngày\s*\**\s*\d)""",
)

# --- header and layout ---------------------------------------------------------------------

STATE_MOTTO = re.compile(  # "HÒA" and the old spelling "HOÀ"
    r"(?i)c[ộo]ng\s+h(?:òa|oà|oa)\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam"
)
INDEPENDENCE = re.compile(r"(?i)độc\s+lập\s*-\s*tự\s+do\s*-\s*hạnh\s+phúc")
PARTY_MOTTO = re.compile(r"(?i)đảng\s+cộng\s+sản\s+việt\s+nam")
SEPARATOR = re.compile(r"^[\s\-_=*~.·—–]{3,}$")  # "--------", "_______", "***"

# The number line: "Số: 33/CT-TTg", "Luật số: 58/2014/QH13", "Số hiệu: …".
NUMBER_LINE = re.compile(
    r"(?i)^\s*(?:\**\s*)?(?:(?:[^\W\d_]+\s+){0,3})?(?:số|so)(?:\s+hiệu)?\s*:?\s*(?=\**\s*\d)"
)

# Lines that are page furniture, never content: Công báo page headers and page numbers.
CONG_BAO_HEADER = re.compile(r"(?i)^\s*công\s+báo\s*/\s*số\s+[\d\s+]+/\s*ngày\s+[\d\-/.]+\s*$")
PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# Digital-signature blocks added by the publishing portal, one field a line.
DIGITAL_SIGNATURE = re.compile(
    r"(?i)^\s*(?:ký\s+bởi|người\s+ký|cơ\s+quan|email|thời\s+gian\s+ký|ngày\s+ký|"
    r"chức\s+vụ|tổ\s+chức)\s*:"
)

# "V/v thực hiện …": the subject line of a công văn, under its number.
SUBJECT_LINE = re.compile(r"(?i)^\s*(?:v/v|về\s+việc)\s*[:.]?\s*")
ADDRESSEE_LINE = re.compile(r"(?i)^\s*kính\s+gửi\s*:?\s*")
RECIPIENTS_LINE = re.compile(r"(?i)^\s*\**\s*nơi\s+nhận\s*:?\s*\**\s*")

# Signing authority prefixes (thẩm quyền ký): state "TM.", "KT.", "TL.", "TUQ.", "Q.";
# Party "T/M", "K/T", "T/L". "Q." (quyền) is also written "Q ".
AUTHORITY = re.compile(
    r"^\s*\**\s*(?P<kind>(?:TM|KT|TL|TUQ|Q)\s*[./]|(?:T/M|K/T|T/L)\.?)\s*(?=\S)"
)

AUTHORITY_ALONE = re.compile(r"^\s*(?P<kind>(?:TM|KT|TL|TUQ|Q)\.|T/M|K/T|T/L)\s*$")

# A line of a personal name: 2–6 capitalised words, nothing else ("Trần Huy Kiên").
PERSON_NAME = re.compile(
    r"^\s*\**\s*(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]*|[A-ZĐÀ-Ỹ]\.)(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*){1,5})\s*\**\s*$"
)
PERSON_NAME_UPPER = re.compile(r"^\s*\**\s*(?P<name>[A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+){1,5})\s*\**\s*$")

# Placeholders for a signature image: "(Handwritten signature)", "(Đã ký)", "(Ký, đóng dấu)".
SIGNATURE_PLACEHOLDER = re.compile(
    r"(?i)^\s*\(?\s*(?:handwritten\s+signature|signature|đã\s+ký|ký\s+tên|"
    r"ký,?\s+(?:ghi\s+rõ\s+họ\s+tên|đóng\s+dấu)[^)]*|chữ\s+ký[^)]*)\s*\)?\s*$"
)

# Incoming stamp (dấu đến): an office line, then "Số: 1206....." and "Ngày: 27/11/2021".
STAMP_NUMBER = re.compile(r"(?i)^\s*(?:số\s*(?:đến)?)\s*:?\s*(?P<num>\d{1,6})\s*[.…]{2,}\s*$")
STAMP_NUMBER_BARE = re.compile(r"(?i)^\s*số\s+đến\s*:?\s*(?P<num>\d{1,6})")
STAMP_DATE = re.compile(r"(?i)^\s*ngày(?:\s+đến)?\s*:\s*(?P<date>\d{1,2}/\d{1,2}/\d{2,4})[\s.…]*$")
STAMP_FIELD = re.compile(r"(?i)^\s*(?:chuyển|số\s+và\s+ký\s+hiệu\s+hs|lưu\s+hồ\s+sơ\s+số)\s*:?")
ROUTING_HEADER = re.compile(r"(?i)^\s*đơn\s+vị\s+chủ\s+trì\b")

# Where the body ends and the closing begins: "./.", "/.", "Nơi nhận:".
BODY_END = re.compile(r"\./\.\s*$|(?<!\w)/\.\s*$")

# Articles and clauses, for the citing provision of a citation.
ARTICLE_HEADING = re.compile(r"(?im)^\s*\**\s*Điều\s+(?P<num>\d+[a-z]?)\s*[.:]")
CLAUSE_START = re.compile(r"(?m)^\s*(?P<num>\d{1,2})\.\s+\S")
CHAPTER_HEADING = re.compile(r"(?m)^\s*Chương\s+(?P<num>[IVXLC]+|\d+)\b")

# "Có hiệu lực (thi hành) (kể) từ ngày …": the effective date stated by the text.
EFFECTIVE = re.compile(
    r"(?i)(?:có\s+hiệu\s+lực|hiệu\s+lực\s+thi\s+hành)(?:\s+thi\s+hành)?\s+(?:kể\s+)?"
    r"(?:từ\s+)?(?P<when>ngày\s+ký|ngày\s+ban\s+hành|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|ngày\s+\d{1,2}/\d{1,2}/\d{4})"
)

# "(gửi kèm theo)", "gửi kèm", "kèm theo công văn này": attachments.
ATTACHMENT = re.compile(r"(?i)\(?\s*(?:gửi|sao\s+gửi)\s+kèm(?:\s+theo)?\s*\)?")
