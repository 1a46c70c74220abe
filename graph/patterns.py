"""Every regular expression of the parser, in one commented place.

Patterns run on the stored NFC text (or on a same-length match form of it, see
``normalize.match_form``), so match offsets are offsets into the content file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- building blocks -------------------------------------------------------------------------

_Trie = dict[str, "_Trie"]  # a trie of words: one level per character, "" marks a word's end


def word_trigger(words: Iterable[str], extra: Iterable[str] = ()) -> str:
    """A regex for any of ``words`` as a whole word, plus the ``extra`` alternatives as given.

    Equivalent to ``(?<![\\w])(?:w1|w2|…)(?![\\w])|extra…``, written as a trie whose top
    branches each start with a literal letter. The regex engine then skips to the next
    possible first letter at C speed; a pattern that starts with a lookbehind or a group is
    tried at every position of the text, three times slower over a whole document. "No word
    character before" becomes a two-character lookbehind after the first letter.
    """
    tree: _Trie = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    branches = [
        re.escape(char) + r"(?<![\w].)" + _trie_rest(tree[char]) + r"(?![\w])"
        for char in sorted(tree)
    ]
    return "|".join([*branches, *extra])


def _trie_rest(node: _Trie) -> str:
    """The regex for the rest of the words below one trie node (longer words first)."""
    branches = [re.escape(c) + _trie_rest(node[c]) for c in sorted(node) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body

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

# "Có hiệu lực (thi hành) (kể) từ ngày …": the effective date stated by the text.
EFFECTIVE = re.compile(
    r"(?i)(?:có\s+hiệu\s+lực|hiệu\s+lực\s+thi\s+hành)(?:\s+thi\s+hành)?\s+(?:kể\s+)?"
    r"(?:từ\s+)?(?P<when>ngày\s+ký|ngày\s+ban\s+hành|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|ngày\s+\d{1,2}/\d{1,2}/\d{4})"
)

# "(gửi kèm theo)", "gửi kèm", "kèm theo công văn này": attachments.
ATTACHMENT = re.compile(r"(?i)\(?\s*(?:gửi|sao\s+gửi)\s+kèm(?:\s+theo)?\s*\)?")

# --- citations -------------------------------------------------------------------------------
# Patterns of graph.extract (issue 3). "match form" = normalize.match_form (lower case, new
# style tones, same length); "stored" = the NFC text with Ð read as Đ. Patterns named *_BEFORE
# end in \Z and are used as ``search(text, lo, hi)`` over a short window ending at ``hi``.

_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_WS = r"[ \t]*(?:\n[ \t]*)?"  # spaces, or one hard line break
_NL = r"(?:\n[ \t]*)?"  # at most one hard line break

# Type words in the match form, longest first ("thông tư liên tịch" before "thông tư").
_TYPE_WORDS = (
    r"(?:thông\s+tư\s+liên\s+tịch|nghị\s+quyết\s+liên\s+tịch|văn\s+bản\s+hợp\s+nhất"
    r"|hiến\s+pháp|bộ\s+luật|pháp\s+lệnh|sắc\s+lệnh|nghị\s+định|thông\s+tư|nghị\s+quyết"
    r"|quyết\s+định|quy\s+định|chỉ\s+thị|kết\s+luận|quy\s+chế|thông\s+cáo|thông\s+báo"
    r"|thông\s+tri|hướng\s+dẫn|chương\s+trình|kế\s+hoạch|phương\s+án|đề\s+án|báo\s+cáo"
    r"|tờ\s+trình|công\s+điện|công\s+văn|văn\s+bản|luật|lệnh)"
)
TYPE_WORD = re.compile(rf"(?<![\w]){_TYPE_WORDS}(?![\w])")
# The first word of every type word, as plain literals: where TYPE_WORD can match.
TYPE_FIRST_WORDS = (
    "thông", "nghị", "văn", "hiến", "bộ", "pháp", "sắc", "quyết", "quy", "chỉ", "kết",
    "hướng", "chương", "kế", "phương", "đề", "báo", "tờ", "công", "luật", "lệnh",
)  # fmt: skip
TYPE_TRIGGER = re.compile(word_trigger(TYPE_FIRST_WORDS))

# Page furniture of Công báo texts, one whole line each (stored text): page headers
# "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025", bare page numbers, digital-signature fields.
# Line patterns (PAGE_FURNITURE, ARTICLE_LINE, CLAUSE_LINE) start with the line break
# before the line instead of a multi-line "^", and run on the text with a line break put
# in front (in extract.py): the regex engine finds a literal first character
# at C speed, where "^" is tested at every position. A match starts one character early.
PAGE_FURNITURE = re.compile(
    r"""(?imx)\n[ \t]*(?:
        công[ \t]+báo[ \t]*/[ \t]*số[ \t]+[\d \t+]+/[ \t]*ngày[ \t]+[\d\-/.]+
      | \d{1,4}
      | (?:người[ \t]+ký|ký[ \t]+bởi|email|cơ[ \t]+quan|thời[ \t]+gian[ \t]+ký|ngày[ \t]+ký)
        [ \t]*:[^\n]*
    )[ \t]*$"""
)

# Numbers of the 1970s-80s (sequence, hyphen, one code, no slash: "169-CP", "10-HĐBT"),
# accepted only right after a type word: "Quyết định số 169-CP" (stored text).
LEGACY_AFTER_TYPE = re.compile(
    r"[ \t]*(?:\n[ \t]*)?(?:(?i:số)[ \t]*:?[ \t]*)?"
    r"(?P<num>\d{1,5}[ \t]*-[ \t]*[A-ZĐ][A-ZĐa-z]{1,7})"
    r"(?![\w&]|[ \t]*[/-])"
)
# "số", "Số:", "số số", "Số hiệu:" just before a number (match form).
SO_BEFORE = re.compile(r"(?:(?<![\w])số(?:\s+hiệu)?[\s*:]*){1,2}\Z")
# Technical standards are not documents: "QCVN 05:2013/BTNMT", "TCVN 1234:…".
STANDARD_BEFORE = re.compile(r"(?:qcvn|tcvn|iso)[\s\d.:\-]*\Z")
# Forms and annex rows are not documents: "Mẫu số 01/ĐK", "Biểu 01/TKKK", "tờ khai 01/TCKT".
FORM_BEFORE = re.compile(
    r"(?<![\w])(?:mẫu|biểu|tờ\s+khai|bản\s+kê|ký\s+hiệu|mã)(?:\s+(?:số|biểu|mẫu))?[\s:]*\Z"
)
# Between two coordinated references: ", ", " và ", " hoặc ", ", và các " (match form).
CONNECTOR_GAP = re.compile(r"[\s,*]*(?:(?:và|hoặc)[\s,*]+)?(?:các\s+)?")
# A law title between the type word and "số" ("Luật Tổ chức Chính phủ số 76/2015/QH13"):
# words, commas and hyphens only, none of the words that start a new phrase (stored text).
TITLE_GAP = re.compile(
    r"(?is)(?!.*(?<![\w])(?:được|đã|thì|tại|ngày|năm|quy\s+định|này|của|hoặc)(?![\w]))"
    r"[\s*]*[^\W\d_](?:[^\W\d_]|[ \t\n,\-–])*[\s*]*"
)

# Types cited by title (match form): "Luật …", "Bộ luật …", "Pháp lệnh …", "Hiến pháp …".
LAW_TYPE = re.compile(r"(?<![\w])(?:bộ\s+luật|luật|pháp\s+lệnh|hiến\s+pháp)(?![\w])")
# What after a law type word means "no title here" (match form): a number, "này" (the
# document itself), "luật sư", "luật pháp", "luật định", generic "luật khác"/"có liên quan".
AFTER_TYPE_WORD = re.compile(
    r"\s*(?:(?:số|này|sư|pháp|lệ|định|gia|khác|được|đã|hiện\s+hành|tương\s+ứng|chuyên\s+ngành"
    r"|có\s+liên\s+quan|liên\s+quan|nêu|nói|trên|và|hoặc|mới|cũ)(?![\w])|[,;.:(])"
)
# "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam" (match form).
COUNTRY = re.compile(r"\s+nước\s+cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam(?![\w])")
# A year after a title: "Hiến pháp năm 2013", "Bộ luật Lao động 2019" (match form).
YEAR_AFTER = re.compile(rf"{_WS}(?:năm[ \t]+)?(?P<year>(?:19|20)\d{{2}})(?![\d/\w]|\s*-\s*\d)")
# A year after a yearless number: "Công văn 1436/BXD-QLN năm 2015" (match form).
NAM_YEAR_AFTER = re.compile(rf"{_WS}năm[ \t]+(?P<year>(?:19|20)\d{{2}})(?![\d/\w])")
# One token of a law title (stored text): a word, a comma or a hyphen.
TITLE_TOKEN = re.compile(r"(?P<ws>[ \t]*(?:\n[ \t]*)?)(?P<tok>[^\W\d_]+|[,\-–])")
# A list item or a new provision at the start of a line (stored text).
LIST_MARKER = re.compile(r"(?:[-+•]|\d{1,3}[.)]|[a-zđ]\)|Điều\s+\d|Chương\s)")
# Amending-law titles (match form): "Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y".
AMEND_TITLE = re.compile(r"(?:sửa\s+đổi\s*(?:,\s*)?bổ\s+sung|sửa\s+đổi|bổ\s+sung)(?![\w])")
AMEND_OBJECT = re.compile(
    r"(?:(?:\s*,)?\s+(?:một\s+số\s+điều(?:\s+và\s+phụ\s+lục)?|các\s+điều|điều\s+\d+\w*))?"
    r"\s+(?:(?:của|tại)\s+)?(?:các\s+)?"
)
LAW_LIST_SEP = re.compile(r"\s*(?:,\s*và|,|và)\s*(?=(?:bộ\s+luật|luật|pháp\s+lệnh)(?![\w]))")
# The rest of an amending title that names no law: "… của 37 luật có liên quan đến quy hoạch".
AMEND_REST = re.compile(
    r"(?:[ \t]*(?:\n[ \t]*)?(?!(?:ngày|số|được|đã|thì)(?![\w])|có\s+hiệu)"
    r"(?:[^\W_]+|,(?!\s*(?:có\s+hiệu|được|đã|ngày))|-)){1,16}"
)
# "số 76/2015/QH13" right after a title (match form), built on NUMBER.
SO_NUMBER = re.compile(r"[ \t]*(?:\n[ \t]*)?số[ \t]*:?[ \t]*(?:" + NUMBER.pattern + ")", re.X)

# Party events named instead of numbered (match form): "Nghị quyết Đại hội đại biểu toàn quốc
# lần thứ XIII của Đảng", "Nghị quyết Hội nghị Trung ương 5 khóa XII", "Nghị quyết Hội nghị
# lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII". Local congresses ("Đại hội Đảng bộ
# tỉnh") are collective references, see VAGUE_LOCAL.
EVENT = re.compile(
    r"""nghị\s+quyết\s+(?:của\s+)?
    (?: đại\s+hội\s+(?:đại\s+biểu\s+)?(?:đảng\s+)?(?:toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?
        (?P<congress>[ivxlc]+)(?![\w])
        (?:\s+của\s+đảng(?:\s+cộng\s+sản\s+việt\s+nam)?(?![\w]))?
      | (?:hội\s+nghị\s+)?(?:lần\s+thứ\s+(?P<plenum_word>mười\s+[^\W\d_]+|[^\W\d_]+)\s+)?
        (?:ban\s+chấp\s+hành\s+)?trung\s+ương\s+(?:đảng\s+)?(?P<plenum>\d{1,2})?\s*(?:,\s*)?
        (?:\(\s*)?khóa\s+(?P<term>[ivxlc]+)(?![\w])\)?
    )""",
    re.X,
)
# Collective references (match form): "các Nghị quyết của Ban Chấp hành Trung ương Đảng về
# …", "các văn bản hướng dẫn", "các Nghị định quy định chi tiết …". The extractor keeps
# only upper-case type words (lower-case "các quyết định" are decisions in general).
_VAGUE_HEAD = (
    r"(?:nghị\s+quyết|nghị\s+định|thông\s+tư\s+liên\s+tịch|thông\s+tư|quyết\s+định|chỉ\s+thị"
    r"|kết\s+luận|bộ\s+luật|luật|pháp\s+lệnh|quy\s+định)"
)
VAGUE = re.compile(
    rf"""(?<![\w])các\s+
    (?P<head>(?:{_VAGUE_HEAD}(?:\s*(?:,|và|hoặc)\s*{_VAGUE_HEAD})*
             |văn\s+bản(?:\s+quy\s+phạm\s+pháp\s+luật)?(?=\s+(?:quy\s+định\s+chi|hướng))))
    \s+(?P<qual>của\s+(?=\S)|về\s|quy\s+định\s+(?:chi\s+tiết|về)|hướng\s+dẫn
       |(?:có\s+)?liên\s+quan\s+(?:đến|tới)|có\s+quy\s+định\s+liên\s+quan|do\s+(?=\S))""",
    re.X,
)
VAGUE_LOCAL = re.compile(
    r"(?P<head>nghị\s+quyết)\s+(?:của\s+)?(?P<qual>đại\s+hội\s+(?:đại\s+biểu\s+)?đảng\s+bộ)"
)
# "các " just before a type word: a collective reference may start there (match form).
CAC_BEFORE = re.compile(r"(?<![\w])các\s+\Z")
PLURAL_BEFORE = re.compile(r"(?<![\w])(?:các|những)\s+\Z")
# After a type word: "này" (the document itself), "nêu trên"/"nói trên"/"trên" (anaphora).
SELF_TAIL = re.compile(
    r"""\s+(?:(?P<self>này)
      |(?P<ana>(?:nêu|nói)\s+trên|trên(?!\s+(?:địa|đây|cơ|mạng|thực|nền|các|cùng|phạm|toàn
                                                |giấy|hệ|trang|cổng|website))))
    (?![\w])""",
    re.X,
)
# A short form defined after a reference (match form): "(sau đây viết tắt là Thông tư liên
# tịch số 01/2017)", "(sau đây gọi là Luật Thuế thu nhập doanh nghiệp)".
ALIAS_DEF = re.compile(
    r"\(\s*sau\s+đây\s+(?:được\s+)?(?:gọi|viết)\s+(?:tắt\s+)?(?:chung\s+)?là\s+"
    r"(?P<alias>(?:[^()\n]|\n(?![ \t]*\n)){3,80}?)\s*\)"
)

# A date stated after a reference (stored text): "ngày 16 tháng 5 năm 2016", ", ngày
# 18 tháng 5 năm 2021", "ngày 26/11/2021", "ngày\n26/11/2021"; blank templates are read
# and give no date.
DATE_AFTER = re.compile(
    rf"""[ \t]*(?:,[ \t]*)?{_NL}(?P<date>
        (?i:ngày)[\s*]*(?P<d1>\d{{1,2}})[\s*]+(?i:tháng)[\s*]*(?P<m1>\d{{1,2}})[\s*]+
        (?i:năm)[\s*]*(?P<y1>(?:19|20)\d{{2}})(?!\d)
      | (?:(?i:ngày)\s*)?(?P<d2>\d{{1,2}})(?P<sep>[/.\-])(?P<m2>\d{{1,2}})(?P=sep)
        (?P<y2>(?:19|20)\d{{2}})(?!\d)
      | (?P<blank>(?i:ngày)\s*[.…_ ]+\s*(?i:tháng)\s*[.…_ ]+(?:\s*(?i:năm)\s*[.…_ \d]*)?)
    )""",
    re.X,
)
# "của <issuer>": the start (match form), then up to 20 words of the stored text.
ISSUER_START = re.compile(r"[ \t]*(?:,[ \t]*)?(?:\n[ \t]*)?của[ \t]+(?:\n[ \t]*)?")
# Joint documents list several issuers: "của Viện kiểm sát nhân dân tối cao, Tòa án nhân dân
# tối cao, Bộ Công an …"; a comma continues the list only before another issuer's head word.
_ISSUER_HEAD = r"(?:Bộ|Tòa|Viện|Ủy|Uỷ|Ban|Chính|Quốc|Thủ|Văn|Kiểm|Thanh|Ngân|Hội|Liên|Tổng|Sở|Cục)"
ISSUER = re.compile(
    r"(?:[^\W\d_]+|[-–&])(?:[ \t]*(?:\n[ \t]*)?(?:[^\W\d_]+|[-–&]"
    rf"|,(?=[ \t]*(?:\n[ \t]*)?(?:Thể[ \t]+thao|{_ISSUER_HEAD}[ \t]))))"
    r"{0,40}"
)
ISSUER_WORD = re.compile(r"(?P<w>[^\W\d_]+|[-–&,])")
ISSUER_HEAD_WORD = re.compile(_ISSUER_HEAD)
# Where a stated title starts after a reference (match form): "về …", "“…”", "ban hành …",
# "quy định …" (not "quy định tại"), "sửa đổi, bổ sung …".
TITLE_START = re.compile(
    rf"""[ \t]*(?:,[ \t]*)?{_NL}
      (?P<t>về(?![\w])|v/v|“|"|ban\s+hành|quy\s+định(?!\s+(?:tại|của|này|trên))
      |hướng\s+dẫn(?!\s+(?:tại|của))|sửa\s+đổi|bổ\s+sung|phê\s+duyệt|bãi\s+bỏ|thay\s+thế
      |thành\s+lập|công\s+bố|điều\s+chỉnh)""",
    re.X,
)
# Where a title stops (stored text): clause punctuation, a parenthesis, ", có hiệu lực",
# ", <Capital>" (the next reference or the main clause), "nêu trên", "thì", "nhằm", "để",
# "(đã) được sửa đổi", "và Nghị định …", a line that starts a list item or provision.
TITLE_STOP = re.compile(
    rf"""[;:!?\[\]{{}}()]
    | \.(?=\s|$|["”]) | \.{{3}} | …
    | ,(?=\s*(?i:có\s+hiệu\s+lực|được\s|đã\s|trừ\s|kể\s+từ|gồm|bao\s+gồm|thì\s|nay\s
              |đồng\s+thời|tại\s|theo\s|sau\s+đây))
    | ,(?=\s*(?P<cap>[{_UPPER}]))
    | (?<=\s)(?i:(?:nêu|nói)\s+trên|trên\s+đây|có\s+hiệu\s+lực|hết\s+hiệu\s+lực|thì
         |sau\s+đây|(?:đã\s+)?được\s+(?:sửa|bổ|thay|bãi|hướng|quy|thực|áp|ban|ký))(?![\w])
    | (?<=\s)(?P<and>(?i:và\s+(?:các\s+)?(?:văn\s+bản|luật|nghị\s+định|nghị\s+quyết|thông\s+tư
         |quyết\s+định|chỉ\s+thị|kết\s+luận|pháp\s+lệnh|bộ\s+luật|hiến\s+pháp|công\s+văn)))
         (?=\s)
    | \n(?=[ \t]*(?:[-+•]\s|\d{{1,3}}[.)]\s|[a-zđ]\)\s|(?i:điều\s+\d|chương\s|căn\s+cứ
                  |theo\s+đề\s+nghị|xét\s)))
    | \n[ \t]*\n(?=[ \t]*\d{{1,2}}[ \t]+[{_UPPER}])""",
    re.X,
)
# A title that is only quoted: "“…”", "ban hành “…”", "về “…”" (match form).
QUOTED_HEAD = re.compile(r"(?:(?:ban\s+hành|về)\s+)?[“\"]")
# "… một số điều của Luật X": a title that goes on naming laws after a comma (match form).
AMENDS_LAWS = re.compile(r"(?:sửa\s+đổi|bổ\s+sung|của|các)\s+(?:bộ\s+)?luật(?![\w])")
# "sửa đổi, bổ sung một số điều của Nghị định A … và Nghị định B": a title whose verb takes
# several documents goes on after "và <type word>" (match form).
ACTS_ON_DOCUMENTS = re.compile(
    r"(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|đính\s+chính|hướng\s+dẫn|quy\s+định\s+chi"
    r"\s+tiết)(?:[^;:]{0,80}?\s(?:của|các))?\s+(?:luật|bộ\s+luật|pháp\s+lệnh|nghị\s+định"
    r"|nghị\s+quyết|thông\s+tư|quyết\s+định|chỉ\s+thị)(?![\w])"
)
# After a closing quote, another quoted title follows: "“A”; “B”", "“A” và “B”".
QUOTE_LIST = re.compile(r"\s*(?:[;,]\s*)?(?:và\s+)?(?=“)")
# "ban hành Luật …" just before a title: the enacting formula names the document itself.
ENACTING_BEFORE = re.compile(r"ban\s+hành\s*\Z")

# Sentence boundaries (stored text); a sentence starts at each match's end: ". X", ";",
# punctuation at a line end, a line starting a list item, an article, "Căn cứ", or a heading
# after a blank line. A bare line break is not a boundary (hard-wrapped Công báo lines).
# Every boundary starts with one of ".!?…:;" or a line break: the pattern consumes that
# character first, and each branch checks it with a one-character lookbehind. A pattern
# that starts with one character class lets the regex engine skip to the next such
# character at C speed; one that starts with a choice of classes is tried at every position.
SENTENCE_BREAK = re.compile(
    rf"""[.!?…:;\n]
    (?: (?<=[.!?…])["”’)\]]*[ \t]+(?=["“(]?[{_UPPER}0-9])
      | (?<=[.:!?])["”’)\]]*[ \t]*\n
      | (?<=;)[ \t]*
      | (?<=\n)(?=[ \t]*(?:[-+•*]\s|\d{{1,3}}[.)]\s|[a-zđ]\)\s|\(\d+\)|Điều\s+\d|Chương\s
                  |Căn\s+cứ\s|Theo\s+đề\s+nghị|Xét\s|Nơi\s+nhận|Kính\s+gửi|V/v))
      | (?<=\n)[ \t]*\n(?=[ \t]*\d{{1,2}}[ \t]+[{_UPPER}])  # a footnote after a blank line
      | (?<=\n)[ \t]*\n(?:[ \t]*\n){{0,8}}[ \t]*(?=[{_UPPER}“"(])
    )""",
    re.X,
)
# The end of a "Căn cứ" preamble frame (match form): ";" at a line end unless the next line
# continues with another law ("…2015;\nLuật sửa đổi …"), the next preamble line, an article.
PREAMBLE_END = re.compile(
    r""";[ \t]*\n(?![ \t]*(?:luật|bộ\s+luật|pháp\s+lệnh|nghị\s+định|nghị\s+quyết|thông\s+tư
                           |quyết\s+định|hiến\s+pháp)(?![\w]))
    | \n[ \t]*(?:căn\s+cứ|theo\s+đề\s+nghị|xét(?![\w])|thực\s+hiện|điều\s+\d|chương\s)
    | ;\s*(?=căn\s+cứ|theo\s+đề\s+nghị|xét(?![\w]))
    | [.:][ \t]*(?:\n|\Z)""",
    re.X,
)
# What may precede a preamble "Căn cứ" on its line (stored text).
LINE_LEAD = re.compile(r"[ \t*“\"]*(?:[-+•][ \t]*)?")
# "việc / kết quả / tình hình thực hiện [VB]": a report on implementation (match form).
NOMINAL_IMPLEMENT = re.compile(
    r"(?<![\w])(?:việc|kết\s+quả|tình\s+hình|quá\s+trình|tổng\s+kết|sơ\s+kết|đánh\s+giá"
    r"|báo\s+cáo)\s+\Z"
)
# "(Ban hành kèm theo Quyết định số …)" opening an annex's own header (match form).
ANNEX_HEADER = re.compile(r"\(\s*\Z")
# Words that may stand between a cue and its reference (match form): cited provisions,
# earlier coordinated references (removed by the extractor), "các", "của", "có hiệu quả" …
GAP_FILLER = re.compile(
    r"""(?:các\s+)?(?:điểm|khoản|điều|mục|tiết|chương|phần|phụ\s+lục)\s+[\w.]+
        (?:\s*(?:,|và|hoặc)\s*[\w.]+)*
    | (?<![\w])(?:các|những|của|tại|và|hoặc|quy\s+định|nội\s+dung|tinh\s+thần|có\s+hiệu\s+quả
        |tốt|nghiêm(?:\s+túc)?|đầy\s+đủ|kịp\s+thời|hiệu\s+quả|một\s+số\s+điều|số|đúng
        |văn\s+bản|việc|sau\s+đây)(?![\w])
    | [\s,.\-–:*“”"()]+""",
    re.X,
)
# Cues that follow the reference (match form): "(gửi kèm theo)", "… hết hiệu lực".
TRAILING_CUE = re.compile(
    r"""[ \t]*(?:,[ \t]*)?(?:\n[ \t]*)?
    (?:(?P<attach>\(\s*(?:gửi\s+|sao\s+gửi\s+)?kèm(?:\s+theo)?\s*\))
      |(?:(?:đã|sẽ|đều|cũng)\s+)?(?:(?:chính\s+thức|bị)\s+)?(?P<expire>hết\s+hiệu\s+lực))""",
    re.X,
)
# Between a passive cue's subject and the cue (match form): ", có hiệu lực kể từ ngày …,".
PASSIVE_SUBJECT_GAP = re.compile(
    r"[\s,(]*(?:\(\s*sau\s+đây[^)]{0,80}\)[\s,]*)?(?:có\s+hiệu\s+lực[^;:.()]{0,60}?[\s,]*)?"
)
# Between a cited subject and its verb cue (match form): "[VB] (đã / sẽ / đồng thời) thay thế".
SUBJECT_GAP = re.compile(r"[ \t\n,]*(?:(?:đã|sẽ|cũng|đồng\s+thời|chính\s+thức|còn)\s+)*")
# "Điều này / Khoản này được hướng dẫn bởi …": the citing document is the subject.
SELF_PROVISION = re.compile(
    r"(?:điều|khoản|điểm|mục|chương|phần|phụ\s+lục)(?:\s+(?:này|[\w.]+(?:\s+này)?))[\s,]*\Z"
)
# "pháp luật hải quan": law in general, not "Luật Hải quan" (match form).
PHAP_BEFORE = re.compile(r"(?<![\w])pháp\s+\Z")
# Between a passive cue and its first agent (match form): provisions of the agent.
AGENT_GAP = re.compile(
    r"[\s:,]*(?:(?:các\s+)?quy\s+định\s+(?:tại|của)\s+)?(?:các\s+)?"
    r"(?:(?:điểm|khoản|điều|mục|chương)\s+[\w.]+(?:\s+(?:của|tại))?\s*){0,4}"
)
# The end of a list introduced by a colon (match form), and the item boundaries inside it.
# A list item may end with "." when the next line starts another item or document.
LIST_END = re.compile(
    r"""\.[ \t]*(?:\n(?![ \t]*(?:\d{1,3}[.)]|[-+•]|[a-zđ]\)|(?:luật|bộ\s+luật|pháp\s+lệnh
                                    |nghị\s+định|nghị\s+quyết|thông\s+tư|quyết\s+định|chỉ\s+thị
                                    |văn\s+bản|thông\s+báo|quy\s+định)\s))|\Z)
    | \n[ \t]*(?:căn\s+cứ|điều\s+\d|chương\s|theo\s+đề\s+nghị)""",
    re.X,
)
LIST_ITEM = re.compile(r";|\.[ \t]*\n|\n[ \t]*(?:[-+•]|\d{1,3}[.)]|[a-zđ]\))[ \t]")
# A cue's clause that ends with a colon and a line break: a list header (match form).
HEADER_COLON = re.compile(r"[^.;:\n]{0,200}:[ \t]*\n")
# Article headings and clause starts of the citing text (stored text; line patterns, see
# PAGE_FURNITURE). Only [ \t] before the heading: a \s* there would backtrack quadratically
# over long runs of blank lines.
ARTICLE_LINE = re.compile(r"\n[ \t]*(?:\*+[ \t]*)?(?:Điều|ĐIỀU)[ \t]+(?P<num>\d+[a-z]?)[ \t]*[.:]")
CLAUSE_LINE = re.compile(r"\n[ \t]*(?P<num>\d{1,2})\.[ \t]+\S")
# Cited provisions just before a reference (match form): "điểm a khoản 4 Điều 20",
# "các điểm a, b và c khoản 1 Điều 2 của", "điểm 13 của".
# Its first words: a search for them rules out most windows at C speed.
PROVISION_WORD = re.compile(r"điểm|khoản|điều|mục|tiết|chương|phần|phụ\s+lục")
PROVISION_BEFORE = re.compile(
    r"""(?:(?:các\s+)?(?:điểm|khoản|điều|mục|tiết|chương|phần|phụ\s+lục)\s+
        (?:\d+[a-zđ]?(?:\.\d+)*|[a-zđ]|[ivxlc]+)(?![\w])
        (?:\s*(?:,|và|hoặc)\s*(?:\d+[a-zđ]?(?:\.\d+)*|[a-zđ])(?![\w]))*
        [\s,]*(?:(?:của|tại)\s+)?)+\Z""",
    re.X,
)
