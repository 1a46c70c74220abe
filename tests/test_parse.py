"""Metadata parsing: the seed golden test (DOMAIN.md §5) and table tests of §2 and §4."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.codes import System
from graph.models import Origin
from graph.parse import find_signatures, parse_date_text, parse_document, person_name, split_lines

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def load(name: str):  # type: ignore[no-untyped-def]
    path = CONTENT / name
    return parse_document(path.read_text(encoding="utf-8"), name)


def test_seed_cong_van_9465() -> None:
    doc = load("cong-van-9465-ubnd-kstthc-2021.txt")
    m = doc.meta
    assert str(doc.doc_id) == "state:cong-van:2021:9465/UBND-KSTTHC"
    assert m.number and m.number.value == "9465/UBND-KSTTHC"
    assert m.system and m.system.value is System.STATE
    assert m.doc_type and m.doc_type.value == "cong-van"
    assert m.issuer and m.issuer.value == "Ủy ban nhân dân thành phố Hải Phòng"
    assert m.drafting_unit and m.drafting_unit.value == "KSTTHC"
    assert m.place and m.place.value == "Hải Phòng"
    assert m.date and m.date.value == dt.date(2021, 12, 7)
    assert m.title and m.title.value == (
        "V/v thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ"
    )
    assert m.addressees and m.addressees.value == ("Sở Nội vụ",)
    assert m.recipients and m.recipients.value == (
        "Như trên",
        "CT, PCT UBND TP Lê Khắc Nam",
        "Ban Dân vận TU",
        "Các Sở, ban ngành thuộc UBND TP",
        "UBND các quận, huyện",
        "CVP, PCVP Trần Huy Kiên",
        "Phòng: KSTTHC, NC&KTGS",
        "CV: KSTTHC",
        "Lưu: VT",
    )
    assert m.signing_authority and m.signing_authority.value == (
        "TL. ỦY BAN NHÂN DÂN",
        "KT. CHÁNH VĂN PHÒNG",
    )
    assert m.signer_title and m.signer_title.value == "PHÓ CHÁNH VĂN PHÒNG"
    assert m.signer and m.signer.value == "Trần Huy Kiên"
    assert m.attachments and m.attachments.value == ("Chỉ thị số 33/CT-TTg",)
    assert m.received is None
    assert m.effective_date is None
    assert doc.problems == ()


def test_seed_chi_thi_33() -> None:
    doc = load("chi-thi-33-ct-ttg-2021.txt")
    m = doc.meta
    assert str(doc.doc_id) == "state:chi-thi:2021:33/CT-TTg"
    assert m.number and m.number.value == "33/CT-TTg"
    assert m.doc_type and m.doc_type.value == "chi-thi"
    # The header lacks the issuer block: the issuer is derived from the code TTg, and says so.
    assert m.issuer and m.issuer.value == "Thủ tướng Chính phủ"
    assert m.issuer.origin is Origin.DERIVED
    assert m.place and m.place.value == "Hà Nội"
    assert m.date and m.date.value == dt.date(2021, 11, 16)  # as its own header prints it
    assert m.title and m.title.value == (
        "Về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, "
        "chính quyền các cấp trong tình hình mới"
    )
    assert m.signing_authority and m.signing_authority.value == ("KT. THỦ TƯỚNG",)
    assert m.signer_title and m.signer_title.value == "PHÓ THỦ TƯỚNG"
    assert m.signer and m.signer.value == "Phạm Bình Minh"
    assert m.recipients and m.recipients.value[0] == "Ban Bí thư Trung ương Đảng"
    assert len(m.recipients.value) == 17
    stamp = m.received
    assert stamp is not None
    assert (stamp.office, stamp.number, stamp.date) == (
        "VĂN PHÒNG UBND TP. HÀ NỘI",
        "1206",
        dt.date(2021, 11, 27),
    )
    assert stamp.routing[0] == "ĐƠN VỊ | CHỦ TRÌ | THAM GIA"
    assert stamp.routing[-1] == "TTHN & NKTP"
    assert doc.problems == ()


def test_every_field_points_at_its_line() -> None:
    doc = load("cong-van-9465-ubnd-kstthc-2021.txt")
    lines = doc.text.split("\n")
    m = doc.meta
    for field, needle in [
        (m.number, "9465"),
        (m.date, "07"),
        (m.signer, "Trần Huy Kiên"),
        (m.title, "V/v"),
        (m.addressees, "Kính gửi"),
        (m.place, "Hải Phòng"),
    ]:
        assert field is not None and field.line is not None
        assert needle in lines[field.line - 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 16 tháng 5 năm 2016", dt.date(2016, 5, 16)),
        ("ngày **07** tháng **12** năm 2021", dt.date(2021, 12, 7)),
        ("ngày 26/11/2021", dt.date(2021, 11, 26)),
        ("ngày 30-7-2021", dt.date(2021, 7, 30)),
        ("22.09.2025", dt.date(2025, 9, 22)),
        ("2021-11-26", dt.date(2021, 11, 26)),
        ("ngày 30 tháng 02 năm 2021", None),  # does not exist
        ("ngày … tháng … năm …", None),  # blank template
        ("tháng 12/2021", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Trần Huy Kiên", "Trần Huy Kiên"),
        ("**Phạm Bình Minh**", "Phạm Bình Minh"),
        ("Thượng tướng Vũ Hải Sản", "Vũ Hải Sản"),
        ("NGUYỄN XUÂN PHÚC", "Nguyễn Xuân Phúc"),
        ("PHÓ THỦ TƯỚNG", None),
        ("VĂN PHÒNG", None),
        ("Hà Nội", None),
        ("Nơi nhận:", None),
    ],
)
def test_person_names(line: str, name: str | None) -> None:
    assert person_name(line) == name


SIGNATURES = [
    (
        "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\n\nPhạm Thị Thanh Trà",
        ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG"),
        "PHÓ THỦ TƯỚNG",
        "Phạm Thị Thanh Trà",
    ),
    (
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\n(Đã ký)\n\nLê Văn Thanh",
        ("KT. BỘ TRƯỞNG",),
        "THỨ TRƯỞNG",
        "Lê Văn Thanh",
    ),
    ("CHỦ TỊCH QUỐC HỘI\n\nTrần Thanh Mẫn", (), "CHỦ TỊCH QUỐC HỘI", "Trần Thanh Mẫn"),
    ("CHỦ TỊCH QUỐC HỘI Nguyễn Thị Kim Ngân", (), "CHỦ TỊCH QUỐC HỘI", "Nguyễn Thị Kim Ngân"),
    (
        "K/T THỦ TƯỚNG CHÍNH PHỦ PHÓ THỦ TƯỚNG Tố Hữu",
        ("K/T THỦ TƯỚNG CHÍNH PHỦ",),
        "PHÓ THỦ TƯỚNG",
        "Tố Hữu",
    ),
    (
        "T/M BAN CHẤP HÀNH TRUNG ƯƠNG\nTỔNG BÍ THƯ\n\nNguyễn Phú Trọng",
        ("T/M BAN CHẤP HÀNH TRUNG ƯƠNG",),
        "TỔNG BÍ THƯ",
        "Nguyễn Phú Trọng",
    ),
]


@pytest.mark.parametrize(("block", "authority", "title", "name"), SIGNATURES)
def test_signature_blocks(block: str, authority: tuple[str, ...], title: str, name: str) -> None:
    found = find_signatures(split_lines(block), set())
    assert found, block
    sig = found[-1][1]
    assert (sig.authority, sig.title, sig.name) == (authority, title, name)


CONG_BAO = """CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025
3

VĂN BẢN QUY PHẠM PHÁP LUẬT

CHÍNH PHỦ

CHÍNH PHỦ


Số: 158/2025/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 25 tháng 6 năm 2025

 NGHỊ ĐỊNH
Quy định chi tiết và hướng dẫn thi hành một số điều
của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ
Cơ quan: VĂN PHÒNG CHÍNH PHỦ
Thời gian ký: 22.09.2025 10:57:
Điều 1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG


Đào Ngọc Dung
"""

FLATTENED = """QUỐC HỘI -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Luật số:
81/2015/QH13
Hà Nội, ngày 24 tháng 06 năm 2015 LUẬT KIỂM TOÁN NHÀ NƯỚC
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Kiểm toán nhà nước.
Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 9 thông qua ngày 24 tháng 6 năm 2015.
CHỦ TỊCH QUỐC HỘI Nguyễn Sinh Hùng
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            CONG_BAO,
            {
                "number": "158/2025/NĐ-CP",
                "doc_type": "nghi-dinh",
                "issuer": "Chính phủ",
                "date": dt.date(2025, 6, 25),
                "signer": "Đào Ngọc Dung",
                "effective_date": dt.date(2025, 7, 1),
                "title": "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo "
                "hiểm xã hội về bảo hiểm xã hội bắt buộc",
            },
        ),
        (
            FLATTENED,
            {
                "number": "81/2015/QH13",
                "doc_type": "luat",
                "issuer": "Quốc hội",
                "date": dt.date(2015, 6, 24),
                "signer": "Nguyễn Sinh Hùng",
                "title": "Luật Kiểm toán nhà nước",
                "place": "Hà Nội",
            },
        ),
    ],
)
def test_noisy_layouts(text: str, expected: dict[str, object]) -> None:
    meta = parse_document(text, "x.txt").meta
    for name, value in expected.items():
        field = getattr(meta, name)
        assert field is not None, name
        assert field.value == value, name


def test_page_header_and_portal_signature_are_not_metadata() -> None:
    meta = parse_document(CONG_BAO, "x.txt").meta
    assert meta.signer and meta.signer.value != "Cổng Thông Tin"
    assert meta.number and meta.number.value != "851"


def test_front_matter_overrides_and_is_marked_given() -> None:
    text = "---\ndate: 2021-11-26\nissuer: Thủ tướng Chính phủ\n---\nSố: 33/CT-TTg\n\nHà Nội, ngày 16 tháng 11 năm 2021\n"
    doc = parse_document(text, "ct.txt")
    assert doc.meta.date and doc.meta.date.value == dt.date(2021, 11, 26)
    assert doc.meta.date.origin is Origin.GIVEN and doc.meta.date.line == 2
    assert doc.body_start == text.index("Số:")


@pytest.mark.parametrize(
    ("front", "code", "line"),
    [
        ("date: [oops\n", "front-matter-yaml", 2),
        ("date: 30/02/2021\n", "front-matter-type", 2),
        ("title: Tiêu đề\nrecipients: {a: 1}\n", "front-matter-type", 3),
        ("colour: red\n", "front-matter-unknown", 2),
    ],
)
def test_bad_front_matter_is_reported_with_line(front: str, code: str, line: int) -> None:
    doc = parse_document(f"---\n{front}---\nSố: 1/QĐ-UBND\n", "bad.txt")
    problems = [p for p in doc.problems if p.code == code]
    assert problems and problems[0].line == line and problems[0].file == "bad.txt"


def test_missing_fields_are_reported_not_invented() -> None:
    doc = parse_document("Một đoạn văn bản không có tiêu đề.\n", "none.txt")
    assert doc.meta.number is None and doc.meta.date is None and doc.doc_id is None
    codes = {p.code for p in doc.problems}
    assert {"missing-number", "missing-date", "missing-signer"} <= codes


# --- fast scans give the plain regexes' results ----------------------------------------------

_LINE_PIECES = [
    "Số", "SỐ", "số", "ſố", " hiệu", ":", " ", "\n", "*", "**", "__", "1", "12.....", "Luật",
    "LUẬT", "Bộ", "BỘ", "luật", "Pháp", "lệnh", "Lệnh", "x", "\t", " đến", "Ngày: 27/11/2021",
    "CÔNG BÁO/Số 1/Ngày 1-1-2020", "Ký bởi: a", "\u212aý bởi: b", "văn bản hợp nhất", "123",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=14), st.integers(0, 60))
def test_number_line_candidates_find_every_match(pieces: list[str], pos: int) -> None:
    from graph.parse import _NUMBER_LINE, _number_line_matches

    text = "".join(pieces)
    pos = min(pos, len(text))
    plain = [m.span() for m in _NUMBER_LINE.finditer(text, pos)]
    assert [m.span() for m in _number_line_matches(text, pos)] == plain


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=24))
def test_noise_lines_and_stamp_with_cheap_tests(pieces: list[str]) -> None:
    from graph import patterns as P
    from graph.parse import _near_cong_bao, _stamp_opening, noise_lines, split_lines

    lines = split_lines("".join(pieces))
    cleans = [line.clean for line in lines]
    plain = {
        i
        for i, text in enumerate(cleans)
        if P.CONG_BAO_HEADER.match(text)
        or P.DIGITAL_SIGNATURE.match(text)
        or (P.PAGE_NUMBER.match(text) and _near_cong_bao(cleans, i))
        or re.fullmatch(r"(?i)văn bản (?:quy phạm pháp luật|pháp luật khác|hợp nhất)", text)
    }
    assert noise_lines(lines) == plain
    opening = next(
        (
            i
            for i, text in enumerate(cleans)
            if (P.STAMP_NUMBER.match(text) or P.STAMP_NUMBER_BARE.match(text))
            and any(P.STAMP_DATE.match(t) for t in cleans[i + 1 : i + 4])
        ),
        None,
    )
    assert _stamp_opening(cleans) == opening
