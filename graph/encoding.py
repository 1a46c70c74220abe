"""Turn the bytes of an input text file into a str.

Unicode files (UTF-8, UTF-16, UTF-32) are recognised first; otherwise the bytes are tried as
the legacy Vietnamese encodings still found in archives (Windows-1258, TCVN3 and VNI) and the
reading that looks most like Vietnamese wins.
"""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final

from graph.errors import InputError

__all__ = [
    "TCVN3_TABLE",
    "VIETNAMESE_LETTERS",
    "VNI_TABLE",
    "decode_bytes",
    "decode_tcvn3",
    "decode_vni",
    "encode_cp1258",
    "encode_tcvn3",
    "encode_vni",
    "encoding_label",
]

# TCVN 5712:1993, character set VN3 (the "ABC" fonts .VnTime, .VnArial, ...): the lower-case
# letters with tones plus the seven letters Ă Â Ê Ô Ơ Ư Đ. Upper-case letters with tones have no
# code point: they were typed with the same bytes in the upper-case fonts (.VnTimeH), so they
# decode to lower case. Written from the VN3 layout of the ABC fonts; checked against the
# TCVN3/Unicode table in github.com/hdbd789/clinic (Helpers/Converter.cs) and the mojibake of
# well-known headings ("Céng hßa x· héi chñ nghÜa ViÖt Nam").
TCVN3_TABLE: Final[dict[str, int]] = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
    "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}  # fmt: skip

# VNI-Windows (VNI Software's 8-bit fonts "VNI-Times", ...): a letter is the ASCII base letter
# followed by one modifier byte, which combines vowel mark and tone (e.g. "e" + 0xE4 = "ệ");
# đ, ơ, ư, the toned i and ỵ have bytes of their own, and ơ/ư take a tone byte after them.
# Upper-case letters use the upper-case modifiers. Written from the VNI keyboard/font layout;
# checked against src/charsets.ts of github.com/duydev/vietnamese-conversion and the mojibake
# of well-known headings ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").
VNI_TABLE: Final[dict[str, bytes]] = {
    "à": b"a\xf8", "á": b"a\xf9", "ả": b"a\xfb", "ã": b"a\xf5", "ạ": b"a\xef",
    "ă": b"a\xea", "ằ": b"a\xe8", "ắ": b"a\xe9", "ẳ": b"a\xfa", "ẵ": b"a\xfc", "ặ": b"a\xeb",
    "â": b"a\xe2", "ầ": b"a\xe0", "ấ": b"a\xe1", "ẩ": b"a\xe5", "ẫ": b"a\xe3", "ậ": b"a\xe4",
    "è": b"e\xf8", "é": b"e\xf9", "ẻ": b"e\xfb", "ẽ": b"e\xf5", "ẹ": b"e\xef",
    "ê": b"e\xe2", "ề": b"e\xe0", "ế": b"e\xe1", "ể": b"e\xe5", "ễ": b"e\xe3", "ệ": b"e\xe4",
    "ì": b"\xec", "í": b"\xed", "ỉ": b"\xe6", "ĩ": b"\xf3", "ị": b"\xf2",
    "ò": b"o\xf8", "ó": b"o\xf9", "ỏ": b"o\xfb", "õ": b"o\xf5", "ọ": b"o\xef",
    "ô": b"o\xe2", "ồ": b"o\xe0", "ố": b"o\xe1", "ổ": b"o\xe5", "ỗ": b"o\xe3", "ộ": b"o\xe4",
    "ơ": b"\xf4", "ờ": b"\xf4\xf8", "ớ": b"\xf4\xf9", "ở": b"\xf4\xfb", "ỡ": b"\xf4\xf5",
    "ợ": b"\xf4\xef",
    "ù": b"u\xf8", "ú": b"u\xf9", "ủ": b"u\xfb", "ũ": b"u\xf5", "ụ": b"u\xef",
    "ư": b"\xf6", "ừ": b"\xf6\xf8", "ứ": b"\xf6\xf9", "ử": b"\xf6\xfb", "ữ": b"\xf6\xf5",
    "ự": b"\xf6\xef",
    "ỳ": b"y\xf8", "ý": b"y\xf9", "ỷ": b"y\xfb", "ỹ": b"y\xf5", "ỵ": b"\xee",
    "đ": b"\xf1",
    "À": b"A\xd8", "Á": b"A\xd9", "Ả": b"A\xdb", "Ã": b"A\xd5", "Ạ": b"A\xcf",
    "Ă": b"A\xca", "Ằ": b"A\xc8", "Ắ": b"A\xc9", "Ẳ": b"A\xda", "Ẵ": b"A\xdc", "Ặ": b"A\xcb",
    "Â": b"A\xc2", "Ầ": b"A\xc0", "Ấ": b"A\xc1", "Ẩ": b"A\xc5", "Ẫ": b"A\xc3", "Ậ": b"A\xc4",
    "È": b"E\xd8", "É": b"E\xd9", "Ẻ": b"E\xdb", "Ẽ": b"E\xd5", "Ẹ": b"E\xcf",
    "Ê": b"E\xc2", "Ề": b"E\xc0", "Ế": b"E\xc1", "Ể": b"E\xc5", "Ễ": b"E\xc3", "Ệ": b"E\xc4",
    "Ì": b"\xcc", "Í": b"\xcd", "Ỉ": b"\xc6", "Ĩ": b"\xd3", "Ị": b"\xd2",
    "Ò": b"O\xd8", "Ó": b"O\xd9", "Ỏ": b"O\xdb", "Õ": b"O\xd5", "Ọ": b"O\xcf",
    "Ô": b"O\xc2", "Ồ": b"O\xc0", "Ố": b"O\xc1", "Ổ": b"O\xc5", "Ỗ": b"O\xc3", "Ộ": b"O\xc4",
    "Ơ": b"\xd4", "Ờ": b"\xd4\xd8", "Ớ": b"\xd4\xd9", "Ở": b"\xd4\xdb", "Ỡ": b"\xd4\xd5",
    "Ợ": b"\xd4\xcf",
    "Ù": b"U\xd8", "Ú": b"U\xd9", "Ủ": b"U\xdb", "Ũ": b"U\xd5", "Ụ": b"U\xcf",
    "Ư": b"\xd6", "Ừ": b"\xd6\xd8", "Ứ": b"\xd6\xd9", "Ử": b"\xd6\xdb", "Ữ": b"\xd6\xd5",
    "Ự": b"\xd6\xcf",
    "Ỳ": b"Y\xd8", "Ý": b"Y\xd9", "Ỷ": b"Y\xdb", "Ỹ": b"Y\xd5", "Ỵ": b"\xce",
    "Đ": b"\xd1",
}  # fmt: skip

_TONE_MARKS: Final = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_BASE_VOWELS: Final = "aăâeêioôơuưy"

# Every Vietnamese letter that is not plain ASCII: 12 vowels x 6 tones less the 6 ASCII vowels,
# plus đ, in both cases (134 letters).
VIETNAMESE_LETTERS: Final[str] = "".join(
    letter
    for lower in [
        *(
            unicodedata.normalize("NFC", vowel + tone)
            for vowel in _BASE_VOWELS
            for tone in ("", *_TONE_MARKS)
        ),
        "đ",
    ]
    if not lower.isascii()
    for letter in (lower, lower.upper())
)

_UTF8_BOM: Final = codecs.BOM_UTF8
# Longer marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC_NUMBERS: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

_TRIED: Final = "tried UTF-8, UTF-16, Windows-1258, TCVN3, VNI"
_UNRECOGNISED: Final = f"cannot recognise the text encoding ({_TRIED})"

# Tab, line feed, vertical tab, form feed, carriage return and the DOS end-of-file mark are
# normal in text files; other C0 controls and DEL are signs of binary data.
_CONTROL: Final = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_MAX_CONTROL_FRACTION: Final = 0.02

# A reading is accepted when at least this share of its non-ASCII words are Vietnamese
# syllables (plus the small bonus for very common words).
_ACCEPT_SCORE: Final = 0.8
_COMMON_WORD_BONUS: Final = 0.25


# --- legacy encoders and decoders -------------------------------------------------------------


def _cp1252_char(byte: int) -> str:
    """The character a byte shows in Windows fonts: cp1252, else the Latin-1 control."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _build_tcvn3_decoding() -> dict[int, str]:
    table = {byte: _cp1252_char(byte) for byte in range(0x80, 0x100)}
    table.update({byte: letter for letter, byte in TCVN3_TABLE.items()})
    return table


# Keyed by the Latin-1 reading of each byte, for str.translate.
_TCVN3_DECODING: Final[dict[int, str]] = _build_tcvn3_decoding()


def _build_vni_decoding() -> tuple[dict[str, str], dict[str, str]]:
    """Latin-1 reading of VNI base + modifier pairs -> letter, and of single bytes -> char."""
    pairs: dict[str, str] = {}
    singles = {chr(byte): _cp1252_char(byte) for byte in range(0x80, 0xA0)}
    for letter, seq in VNI_TABLE.items():
        if len(seq) == 1:
            singles[seq.decode("latin-1")] = letter
            continue
        pairs[seq.decode("latin-1")] = letter
    for letter, seq in VNI_TABLE.items():
        if len(seq) == 2:
            # An upper-case modifier is the lower-case one minus 0x20. Hand-made files sometimes
            # put "A" before a lower-case modifier or "a" before an upper-case one; the base
            # letter decides the case.
            pairs.setdefault((seq[:1] + bytes([seq[1] ^ 0x20])).decode("latin-1"), letter)
    return pairs, singles


_VNI_PAIRS, _VNI_SINGLES = _build_vni_decoding()
# Modifier bytes are never base letters nor letters of their own, so a base followed by a
# modifier that is not a pair (e.g. "e" + breve) simply keeps both characters.
_VNI_SEQUENCE: Final = re.compile(
    "[{}][{}]|[{}]".format(
        re.escape("".join(sorted({pair[0] for pair in _VNI_PAIRS}))),
        re.escape("".join(sorted({pair[1] for pair in _VNI_PAIRS}))),
        re.escape("".join(sorted(_VNI_SINGLES))),
    )
)


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes; bytes outside the table read as in Windows-1252."""
    return data.decode("latin-1").translate(_TCVN3_DECODING)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes; bytes outside the table read as in Windows-1252."""

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        if len(found) == 1:
            return _VNI_SINGLES[found]
        return _VNI_PAIRS.get(found) or _VNI_SINGLES.get(found[0], found[0]) + found[1]

    return _VNI_SEQUENCE.sub(replace, data.decode("latin-1"))


def _encode_with(text: str, table: Callable[[str], bytes | None], name: str) -> bytes:
    out = bytearray()
    for position, char in enumerate(unicodedata.normalize("NFC", text)):
        encoded = table(char)
        if encoded is None:
            try:
                encoded = char.encode("cp1252")
            except UnicodeEncodeError as error:
                raise ValueError(
                    f"{char!r} at position {position} cannot be written in {name}"
                ) from error
        out += encoded
    return bytes(out)


def _tcvn3_bytes(char: str) -> bytes | None:
    byte = TCVN3_TABLE.get(char, TCVN3_TABLE.get(char.lower()))
    return None if byte is None else bytes([byte])


def encode_tcvn3(text: str) -> bytes:
    """Encode text as TCVN3 (ABC). Upper-case letters with tones become lower-case code points.

    Raises ValueError for a character TCVN3 cannot hold.
    """
    encoded = _encode_with(text, _tcvn3_bytes, "TCVN3")
    if decode_tcvn3(encoded) != _tcvn3_fold(unicodedata.normalize("NFC", text)):
        # A Latin-1 letter such as "Ö" would come back as a Vietnamese one.
        raise ValueError("text holds characters that TCVN3 cannot tell from Vietnamese letters")
    return encoded


def _tcvn3_fold(text: str) -> str:
    """What TCVN3 keeps of a text: upper-case letters with tones turn lower case."""
    return "".join(
        char.lower() if char not in TCVN3_TABLE and char.lower() in TCVN3_TABLE else char
        for char in text
    )


def encode_vni(text: str) -> bytes:
    """Encode text as VNI-Windows. Raises ValueError for a character VNI cannot hold."""
    encoded = _encode_with(text, VNI_TABLE.get, "VNI")
    if decode_vni(encoded) != unicodedata.normalize("NFC", text):
        raise ValueError("text holds characters that VNI cannot tell from Vietnamese letters")
    return encoded


def encode_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 the way Windows does: precomposed where the code page has
    the letter, otherwise the letter without its tone followed by the combining tone mark.

    Raises ValueError for a character Windows-1258 cannot hold.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
        base = unicodedata.normalize(
            "NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS)
        )
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError as error:
            raise ValueError(f"{char!r} cannot be written in Windows-1258") from error
    return bytes(out)


# --- how Vietnamese a reading looks -----------------------------------------------------------

_INITIALS: Final = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx]"
_FINALS: Final = "ch|ng|nh|[cmnpt]"
# Vowel clusters (without tone) by what may follow them: a final consonant or not, or either.
_FREE_NUCLEI: Final = "a e ê i o ô ơ u ư y oa oe uê uy"
_NUCLEI_NEEDING_FINAL: Final = "ă â iê yê uô ươ uyê oă uâ"
_NUCLEI_WITHOUT_FINAL: Final = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu iêu yêu oai oay oao oeo uây uôi "
    "ươi ươu uya uyu uêu"
)


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE: Final = re.compile(
    f"(?:{_INITIALS})?"
    f"(?:(?:{_alternatives(_FREE_NUCLEI)})(?:{_FINALS})?"
    f"|(?:{_alternatives(_NUCLEI_NEEDING_FINAL)})(?:{_FINALS})"
    f"|(?:{_alternatives(_NUCLEI_WITHOUT_FINAL)})"
    "|oo(?:ng|c))"  # loanwords: xoong, boong, moóc
)
_SINGLE_LETTERS: Final = frozenset(VIETNAMESE_LETTERS.lower())
# Abbreviations such as "NĐ-CP", "QĐ-UBND", "HĐND" and the list item "đ)".
_ABBREVIATION: Final = re.compile("[bcdđghklmnpqrstvxfjwz]*đ[bcdđghklmnpqrstvxfjwz]*")

_SEPARATORS: Final = re.compile(
    "[\\s\\d" + re.escape(string.punctuation) + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
    "\u2022\u00ab\u00bb]+"
)

# Frequent syllables of legal and administrative text; they break ties between readings.
_COMMON_WORDS_TEXT: Final = """
    của và các ngày tháng năm số điều được theo định văn bản này có không người trong đã về
    với một những tại để là quyết nghị chính phủ thông tư hành tỉnh thành phố nhân dân ủy
    khoản chương mục quản lý việc cơ nước cộng hòa hội chủ nghĩa việt độc lập tự hạnh phúc
    căn cứ luật bộ trưởng đổi bổ hướng dẫn thực hiện trường hợp đối nơi nhận lưu phó thủ tướng
    tổ chức cá hộ đình sử dụng đất quyền vụ nhà phạm điều chỉnh áp kể từ ký hiệu lực đề sở kế
    hoạch đầu tác cấp giấy phép đăng trách nhiệm kiểm xử hoặc trên dưới đây như mức tiền đồng
    phí lệ thời hạn trước ngoài giữa cùng nếu thì mà phải đến cũng đó nào gồm thuộc trực tiếp
    liên cần thiết sửa bãi bỏ thế kèm phụ lục biểu mẫu báo cáo gửi mới tục tăng cường thị xã
    huyện phường quận ấp thôn xóm tổng cục viện tòa án sát điện tử dữ liệu hồ sơ thủ giải
    khiếu nại tố bảo đảm môi tài nguyên giao vận tải tế giáo dục đào tạo khoa học lao động
    thương xã ngoại pháp ngân hàng nông phát triển xây dựng hóa thể du lịch quốc phòng
    ninh biên giới hải quan thuế kho bạc đảng trung ương hiến vực nội dung đơn vị
"""
_COMMON_WORDS: Final = frozenset(_COMMON_WORDS_TEXT.split())


@lru_cache(maxsize=65536)
def _word_value(word: str) -> float:
    """How Vietnamese a lower-case NFC word looks: 0 for not at all, 1 for a well-formed
    syllable, more for a very common one."""
    if len(word) == 1:
        return 1.0 if word in _SINGLE_LETTERS else 0.0
    if _ABBREVIATION.fullmatch(word):
        return 1.0
    decomposed = unicodedata.normalize("NFD", word)
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return 0.0
    toneless = unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if char not in _TONE_MARKS)
    )
    if _SYLLABLE.fullmatch(toneless) is None:
        return 0.0
    return 1.0 + _COMMON_WORD_BONUS if word in _COMMON_WORDS else 1.0


def _score(text: str) -> float | None:
    """Mean _word_value of the words holding a non-ASCII letter (ASCII words read the same in
    every encoding); None when there is none."""
    words = [
        word
        for word in _SEPARATORS.split(unicodedata.normalize("NFC", text).lower())
        if not word.isascii()
    ]
    if not words:
        return None
    return sum(map(_word_value, words)) / len(words)


# --- detection --------------------------------------------------------------------------------


def _decode_cp1258(data: bytes) -> str | None:
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# In order of preference when two readings score the same.
_LEGACY: Final[tuple[tuple[str, Callable[[bytes], str | None]], ...]] = (
    ("cp1258", _decode_cp1258),
    ("tcvn3", decode_tcvn3),
    ("vni", decode_vni),
)

_LABELS: Final[dict[str, str]] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI-Windows",
}


def encoding_label(name: str) -> str:
    """A readable name for an encoding name returned by decode_bytes."""
    if name.startswith("mixed:"):
        return "mixed " + " + ".join(encoding_label(part) for part in name[6:].split("+"))
    return _LABELS.get(name, name)


def _too_many_controls(text: str) -> bool:
    if _CONTROL.search(text) is None:
        return False
    return "\x00" in text or len(_CONTROL.findall(text)) > _MAX_CONTROL_FRACTION * len(text)


def _binary(origin: str, what: str) -> InputError:
    return InputError(origin, f"binary file, not text ({what})")


def _unicode_without_bom(data: bytes) -> str | None:
    """The encoding when NUL bytes fall as in UTF-16 or UTF-32 text of mostly ASCII letters
    (every other byte, or three bytes in four); None otherwise."""
    if len(data) % 4 == 0:
        quarter = len(data) // 4
        columns = [data[offset::4].count(0) for offset in range(4)]
        if columns[2] == columns[3] == quarter and columns[0] <= 0.02 * quarter:
            return "utf-32-le"
        if columns[0] == columns[1] == quarter and columns[3] <= 0.02 * quarter:
            return "utf-32-be"
    if len(data) % 2 == 0:
        half = len(data) // 2
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd >= 0.3 * half and even <= 0.02 * half:
            return "utf-16-le"
        if even >= 0.3 * half and odd <= 0.02 * half:
            return "utf-16-be"
    return None


def _decode_unicode(data: bytes, name: str, origin: str) -> tuple[str, str]:
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise InputError(
            origin, f"not valid {encoding_label(name)} text (byte {error.start})"
        ) from error
    if _too_many_controls(text):
        raise _binary(origin, "control characters")
    return text, name


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Return (text, encoding_name). Raises graph.errors.InputError(origin, message) when the
    bytes cannot be recognised.

    UTF-8 (with or without BOM) and UTF-16/UTF-32 (with BOM, or recognised by where the NUL
    bytes fall) are returned as decoded; Windows-1258, TCVN3 and VNI text is returned
    NFC-normalised. A file of UTF-8 lines and legacy lines gets a name such as
    "mixed:utf-8+tcvn3".
    """
    if not data:
        return "", "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], name, origin)
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    for magic, what in _MAGIC_NUMBERS:
        if body.startswith(magic):
            raise _binary(origin, what)
    if b"\x00" in body:
        unicode = _unicode_without_bom(body)
        if unicode is None:
            raise _binary(origin, "NUL bytes")
        return _decode_unicode(body, unicode, origin)
    text = _decode_utf8(body)
    if text is not None:
        if _too_many_controls(text):
            raise _binary(origin, "control characters")
        return text, "utf-8-sig" if body is not data else "utf-8"
    if len(_CONTROL.findall(body.decode("latin-1"))) > _MAX_CONTROL_FRACTION * len(body):
        raise _binary(origin, "control characters")
    return _decode_legacy(body, origin)


def _decode_legacy(data: bytes, origin: str) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as a whole.

    Lines that are valid UTF-8 are taken as UTF-8: in legacy text every high byte would have
    to fall into a well-formed multi-byte sequence, which Vietnamese text does not do. The
    other lines choose one legacy encoding together; only when that fails is each line given
    its own.
    """
    lines = data.splitlines(keepends=True)
    utf8_lines: dict[int, str] = {}
    for index, line in enumerate(lines):
        if not line.isascii():
            reading = _decode_utf8(line)
            if reading is not None:
                utf8_lines[index] = reading
    legacy = b"".join(line for index, line in enumerate(lines) if index not in utf8_lines)

    readings = {name: decode(legacy) for name, decode in _LEGACY}
    scores = {name: _score(text) for name, text in readings.items() if text is not None}
    judged = {name: score for name, score in scores.items() if score is not None}
    if not judged:
        # Not one word with a non-ASCII letter: typographic quotes and dashes at most, which
        # Windows-1258 shares with Windows-1252.
        if readings["cp1258"] is None:
            raise InputError(origin, _UNRECOGNISED)
        best = "cp1258"
    else:
        order = [name for name, _ in _LEGACY]
        best = max(judged, key=lambda name: (judged[name], -order.index(name)))
        if not utf8_lines and judged[best] >= _ACCEPT_SCORE:
            return unicodedata.normalize("NFC", readings[best] or ""), best

    parts: list[str] = []
    used: list[str] = []
    first_bad_line: int | None = None
    for index, line in enumerate(lines):
        if index in utf8_lines:
            name, reading = "utf-8", utf8_lines[index]
        elif line.isascii():
            parts.append(line.decode("ascii"))
            continue
        else:
            name, found = _read_legacy_line(line, best)
            if found is None:
                first_bad_line = first_bad_line or index + 1
                continue
            reading = found
        parts.append(reading)
        if name not in used:
            used.append(name)
    if first_bad_line is not None:
        # Point at the line only when other lines could be read.
        raise InputError(origin, _UNRECOGNISED, line=first_bad_line if used else None)
    text = unicodedata.normalize("NFC", "".join(parts))
    if used == [best]:
        return text, best
    ordered = [name for name in ("utf-8", *(name for name, _ in _LEGACY)) if name in used]
    return text, "mixed:" + "+".join(ordered)


def _read_legacy_line(line: bytes, preferred: str) -> tuple[str, str | None]:
    """The encoding and reading of one line: the preferred encoding unless it reads badly and
    another reads well. The reading is None when no encoding reads the line well."""
    best: tuple[float, int, str, str] | None = None
    for rank, (name, decode) in enumerate(_LEGACY):
        reading = decode(line)
        if reading is None:
            continue
        score = _score(reading)
        if name == preferred and (score is None or score >= _ACCEPT_SCORE):
            return name, reading
        if score is not None and score >= _ACCEPT_SCORE:
            candidate = (score, -rank, name, reading)
            best = candidate if best is None else max(best, candidate)
    if best is None:
        return preferred, None
    return best[2], best[3]
