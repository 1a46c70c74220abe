"""Tests for graph.encoding: reading Unicode and legacy Vietnamese text files."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.encoding import (
    VIETNAMESE_LETTERS,
    decode_bytes,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    encoding_label,
)
from graph.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "encodings"

SENTENCE = (
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Ủy ban nhân dân thành phố "
    "Hải Phòng; Chỉ thị số 33/CT-TTg về tiếp tục tăng cường và đổi mới công tác dân vận; "
    "Đồng Tháp, Quảng Ngãi, Thừa Thiên Huế"
)

TRIED = "tried UTF-8, UTF-16, Windows-1258, TCVN3, VNI"

# TCVN3 has upper-case code points only for these; other capitals with tones read lower case.
TCVN3_CAPITALS = frozenset("ĂÂÊÔƠƯĐ")


def tcvn3_fold(text: str) -> str:
    return "".join(
        char.lower()
        if not char.isascii() and char.isupper() and char not in TCVN3_CAPITALS
        else char
        for char in text
    )


def same(text: str) -> str:
    return text


def lines(text: str) -> str:
    return text.replace("\r\n", "\n")


LOWER_LETTERS = [letter for letter in VIETNAMESE_LETTERS if letter.islower()]
UPPER_LETTERS = [letter for letter in VIETNAMESE_LETTERS if letter.isupper()]

# (encoding name, encoder, what decoding must give back, letters the encoding holds exactly)
LEGACY: list[tuple[str, Callable[[str], bytes], Callable[[str], str], list[str]]] = [
    ("cp1258", encode_cp1258, same, LOWER_LETTERS + UPPER_LETTERS),
    ("tcvn3", encode_tcvn3, tcvn3_fold, LOWER_LETTERS + sorted(TCVN3_CAPITALS)),
    ("vni", encode_vni, same, LOWER_LETTERS + UPPER_LETTERS),
]


def test_vietnamese_letters_are_the_134_non_ascii_letters() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    assert len(set(VIETNAMESE_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", letter) for letter in VIETNAMESE_LETTERS)
    assert "đ" in VIETNAMESE_LETTERS
    assert "Đ" in VIETNAMESE_LETTERS
    assert "ự" in VIETNAMESE_LETTERS
    assert "Ỹ" in VIETNAMESE_LETTERS


# --- Unicode files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(SENTENCE.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + SENTENCE.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + SENTENCE.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(SENTENCE.encode("utf-16"), "utf-16-le", id="utf-16-native-bom"),
        pytest.param(
            b"\xff\xfe\x00\x00" + SENTENCE.encode("utf-32-le"), "utf-32-le", id="utf-32-le-bom"
        ),
        pytest.param(
            b"\x00\x00\xfe\xff" + SENTENCE.encode("utf-32-be"), "utf-32-be", id="utf-32-be-bom"
        ),
        pytest.param(SENTENCE.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
        pytest.param(SENTENCE.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
        pytest.param(SENTENCE.encode("utf-32-le"), "utf-32-le", id="utf-32-le-no-bom"),
        pytest.param(SENTENCE.encode("utf-32-be"), "utf-32-be", id="utf-32-be-no-bom"),
        pytest.param(b"Quyet dinh so 12/QD-UBND\r\n", "utf-8", id="ascii"),
    ],
)
def test_unicode_text_is_decoded(data: bytes, encoding: str) -> None:
    text, name = decode_bytes(data, "vb.txt")
    assert name == encoding
    assert text.lstrip("\ufeff") == text
    assert text in (SENTENCE, "Quyet dinh so 12/QD-UBND\r\n")


def test_empty_file_is_empty_utf8_text() -> None:
    assert decode_bytes(b"", "empty.txt") == ("", "utf-8")


def test_utf8_is_returned_as_written() -> None:
    decomposed = unicodedata.normalize("NFD", SENTENCE)
    assert decode_bytes(decomposed.encode("utf-8"), "vb.txt") == (decomposed, "utf-8")


def test_broken_utf16_after_bom_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(b"\xff\xfe" + "Việt".encode("utf-16-le") + b"\x00\xd8", "vb.txt")
    assert caught.value.file == "vb.txt"
    assert "UTF-16 LE" in caught.value.message


# --- legacy encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "reference", "encoding", "expected"),
    [
        ("legal.utf8.txt", "legal.utf8.txt", "utf-8", same),
        ("legal.cp1258.txt", "legal.utf8.txt", "cp1258", same),
        ("legal.tcvn3.txt", "legal.utf8.txt", "tcvn3", tcvn3_fold),
        ("legal.vni.txt", "legal.utf8.txt", "vni", same),
        ("mixed.utf8-tcvn3.txt", "legal.utf8.txt", "mixed:utf-8+tcvn3", same),
        ("letters.cp1258.txt", "letters.utf8.txt", "cp1258", same),
        ("letters.tcvn3.txt", "letters.utf8.txt", "tcvn3", tcvn3_fold),
        ("letters.vni.txt", "letters.utf8.txt", "vni", same),
    ],
)
def test_fixture_files(
    fixture: str, reference: str, encoding: str, expected: Callable[[str], str]
) -> None:
    # The legacy fixtures were written from published conversion tables (TCVN3: hdbd789/clinic
    # Converter.cs; VNI: duydev/vietnamese-conversion charsets.ts; Windows-1258: Python's codec
    # with every tone as a combining mark), not from graph.encoding, so they check its tables.
    # letters.* hold all 134 letters, one per word.
    wanted = (FIXTURES / reference).read_text(encoding="utf-8")
    text, name = decode_bytes((FIXTURES / fixture).read_bytes(), fixture)
    assert name == encoding
    assert lines(text) == expected(wanted)


# Byte literals written by hand from the well-known mojibake of these headings as seen in a
# non-Vietnamese Windows font, independently of the module's tables.
HAND_WRITTEN = [
    pytest.param(
        # Céng hßa x· héi chñ nghÜa ViÖt Nam
        b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "tcvn3",
        id="tcvn3-cong-hoa",
    ),
    pytest.param(
        b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c",  # §éc lËp - Tù do - H¹nh phóc
        "Độc lập - Tự do - Hạnh phúc",
        "tcvn3",
        id="tcvn3-doc-lap",
    ),
    pytest.param(b"Vi\xd6t Nam", "Việt Nam", "tcvn3", id="tcvn3-viet-nam"),  # ViÖt Nam
    pytest.param(
        b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam",  # Coäng hoøa xaõ ...
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "vni",
        id="vni-cong-hoa",
    ),
    pytest.param(
        b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c",  # Ñoäc laäp - Töï do - ...
        "Độc lập - Tự do - Hạnh phúc",
        "vni",
        id="vni-doc-lap",
    ),
    pytest.param(
        b"CO\xc4NG HO\xd8A XA\xd5 HO\xc4I CHU\xdb NGH\xd3A VIE\xc4T NAM",  # COÄNG HOØA ...
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "vni",
        id="vni-capitals",
    ),
    pytest.param(b"Vie\xe4t Nam", "Việt Nam", "vni", id="vni-viet-nam"),  # Vieät Nam
    pytest.param(
        b"\xf1\xf6\xf4\xefc ba\xf8i th\xf6\xf4\xf8ng",  # ñöôïc baøi thöôøng
        "được bài thường",
        "vni",
        id="vni-horns",
    ),
    # ê = 0xEA, combining dot below = 0xF2, combining acute = 0xEC in Windows-1258.
    pytest.param(b"Vi\xea\xf2t Nam", "Việt Nam", "cp1258", id="cp1258-viet-nam"),
    pytest.param(
        b"\xd0i\xea\xccu 5. V\xe3n ba\xd2n", "Điều 5. Văn bản", "cp1258", id="cp1258-dieu"
    ),
]


@pytest.mark.parametrize(("data", "expected", "encoding"), HAND_WRITTEN)
def test_hand_written_legacy_bytes(data: bytes, expected: str, encoding: str) -> None:
    assert decode_bytes(data, "vb.txt") == (expected, encoding)
    if encoding == "tcvn3":
        assert decode_tcvn3(data) == expected
    if encoding == "vni":
        assert decode_vni(data) == expected


@pytest.mark.parametrize(("encoding", "encode", "expected", "letters"), LEGACY)
def test_legal_sentence_round_trip(
    encoding: str,
    encode: Callable[[str], bytes],
    expected: Callable[[str], str],
    letters: list[str],
) -> None:
    assert decode_bytes(encode(SENTENCE), "vb.txt") == (expected(SENTENCE), encoding)


@pytest.mark.parametrize(("encoding", "encode", "expected", "letters"), LEGACY)
def test_all_letters_round_trip(
    encoding: str,
    encode: Callable[[str], bytes],
    expected: Callable[[str], str],
    letters: list[str],
) -> None:
    text = " ".join(VIETNAMESE_LETTERS)
    assert decode_bytes(encode(text), "letters.txt") == (expected(text), encoding)


LETTER_CASES = [
    pytest.param(encoding, encode, letter, id=f"{encoding}-{letter}")
    for encoding, encode, _, letters in LEGACY
    for letter in letters
]


@pytest.mark.parametrize(("encoding", "encode", "letter"), LETTER_CASES)
def test_every_letter_round_trips(
    encoding: str, encode: Callable[[str], bytes], letter: str
) -> None:
    text = f"Điều {letter} của văn bản: chữ {letter}."
    assert decode_bytes(encode(text), "vb.txt") == (text, encoding)


def test_tcvn3_capitals_with_tones_read_as_lower_case() -> None:
    capitals = [letter for letter in UPPER_LETTERS if letter not in TCVN3_CAPITALS]
    assert len(capitals) == 60
    for capital in capitals:
        assert encode_tcvn3(capital) == encode_tcvn3(capital.lower())
        assert decode_tcvn3(encode_tcvn3(capital)) == capital.lower()


@pytest.mark.parametrize(
    ("encode", "text"),
    [
        (encode_tcvn3, "Müller"),  # Ü is TCVN3's ĩ
        (encode_vni, "Gaëtan"),  # "a" + ë is VNI's ặ
        (encode_cp1258, "北京"),
        (encode_vni, "北京"),
    ],
)
def test_encoders_refuse_what_they_cannot_write(encode: Callable[[str], bytes], text: str) -> None:
    with pytest.raises(ValueError, match="cannot"):
        encode(text)


VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from([*VIETNAMESE_LETTERS, *"abcdeghiklmnopqrstuvxyABDGHNQTV .,;:-()"]),
    max_size=60,
)


@given(VIETNAMESE_TEXT)
def test_tcvn3_table_round_trip(text: str) -> None:
    assert decode_tcvn3(encode_tcvn3(text)) == tcvn3_fold(text)


@given(VIETNAMESE_TEXT)
def test_vni_table_round_trip(text: str) -> None:
    assert decode_vni(encode_vni(text)) == text


@given(VIETNAMESE_TEXT)
def test_cp1258_round_trip(text: str) -> None:
    decoded = encode_cp1258(text).decode("cp1258")
    assert unicodedata.normalize("NFC", decoded) == text


def test_mixed_lines_keep_each_encoding() -> None:
    data = (
        "Điều 1. Phạm vi điều chỉnh\n".encode()
        + encode_tcvn3("Văn bản này quy định về quản lý nhà nước\r\n")
        + encode_vni("Điều 2. Đối tượng áp dụng\n")
        + b"Ghi chu: khong dau\n"
    )
    text, name = decode_bytes(data, "vb.txt")
    assert name == "mixed:utf-8+tcvn3+vni"
    assert text == (
        "Điều 1. Phạm vi điều chỉnh\n"
        "Văn bản này quy định về quản lý nhà nước\r\n"
        "Điều 2. Đối tượng áp dụng\n"
        "Ghi chu: khong dau\n"
    )


def test_one_utf8_line_in_a_long_tcvn3_file_is_found() -> None:
    body = "Điều 3. Văn bản này có hiệu lực thi hành kể từ ngày ký.\n" * 50
    data = encode_tcvn3(body) + "Nơi nhận: Ủy ban nhân dân tỉnh\n".encode()
    text, name = decode_bytes(data, "vb.txt")
    assert name == "mixed:utf-8+tcvn3"
    assert text == body + "Nơi nhận: Ủy ban nhân dân tỉnh\n"


def test_windows_quotes_in_a_utf8_file() -> None:
    data = "Điều 1. Phạm vi\n".encode() + b"Trich dan \x93Luat Dat dai\x94\n"
    assert decode_bytes(data, "vb.txt") == (
        "Điều 1. Phạm vi\nTrich dan “Luat Dat dai”\n",
        "mixed:utf-8+cp1258",
    )


def test_mixed_file_with_an_unreadable_line_names_the_line() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.choice(range(0xA0, 0x100)) for _ in range(40))
    data = (
        "Điều 1. Phạm vi điều chỉnh\n".encode()
        + encode_tcvn3("Văn bản này quy định về quản lý nhà nước\n")
        + garbage
        + b" \xe0\xe8\xf2 xyz\n"
    )
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "vb.txt")
    assert caught.value.line == 3
    assert TRIED in caught.value.message


def test_windows_quotes_in_ascii_text_are_windows_1258() -> None:
    data = b"Quyet dinh \x93ve viec ban hanh\x94 \x96 so 12"
    assert decode_bytes(data, "vb.txt") == ("Quyet dinh “ve viec ban hanh” – so 12", "cp1258")


# --- refusals ---------------------------------------------------------------------------------


def _random_bytes(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param((FIXTURES / "scan.png").read_bytes(), "PNG image", id="png-fixture"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + _random_bytes(1, 200), "PNG image", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _random_bytes(2, 200), "PDF", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00" + _random_bytes(3, 200), "ZIP", id="zip-docx"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random_bytes(4, 200), "Office", id="doc"
        ),
        pytest.param(_random_bytes(5, 500), "NUL", id="random-bytes"),
        pytest.param(b"abc\x00def\x00\x00\x00ghi", "NUL", id="nul-bytes"),
        pytest.param(b"Vi\xd6t Nam\x01\x02\x03\x04\x05\x06", "control", id="control-chars"),
        pytest.param(b"text\x01\x02\x03\x04\x05\x06\x07\x08", "control", id="utf8-control"),
    ],
)
def test_binary_input_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "scan.png")
    assert caught.value.file == "scan.png"
    assert caught.value.message.startswith("binary file, not text")
    assert reason in caught.value.message
    assert str(caught.value).startswith("scan.png: ")


def _random_latin1_text(seed: int) -> bytes:
    rng = random.Random(seed)
    alphabet = [*range(0x20, 0x7F), *range(0xA0, 0x100)]
    return bytes(rng.choice(alphabet) for _ in range(400))


@pytest.mark.parametrize(
    "data",
    [
        *(pytest.param(_random_latin1_text(seed), id=f"latin1-{seed}") for seed in range(5)),
        pytest.param("Правительство Российской Федерации".encode("cp1251"), id="cp1251"),
        pytest.param("Café, résumé, Müller, Straße, naïve".encode("latin-1"), id="latin1"),
        pytest.param("日本語のテキストです".encode("shift_jis"), id="shift-jis"),
        pytest.param("中华人民共和国国务院".encode("gb2312"), id="gb2312"),
    ],
)
def test_unknown_encoding_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "vb.txt")
    assert caught.value.file == "vb.txt"
    assert caught.value.line is None
    assert caught.value.message == f"cannot recognise the text encoding ({TRIED})"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-16-le", "UTF-16 LE"),
        ("cp1258", "Windows-1258"),
        ("tcvn3", "TCVN3 (ABC)"),
        ("vni", "VNI-Windows"),
        ("mixed:utf-8+tcvn3", "mixed UTF-8 + TCVN3 (ABC)"),
    ],
)
def test_encoding_label(name: str, label: str) -> None:
    assert encoding_label(name) == label
