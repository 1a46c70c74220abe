"""Mention extraction (graph/extract.py), table-driven.

Expected spans are written inline, eyecite style: ``"Thực hiện <0>Chỉ thị số 33/CT-TTg</0>
ngày 26/11/2021"``; each case then states only the fields that matter for it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract import extract_mentions
from graph.models import SELF_INDEX, Mention, MentionKind
from graph.relations import Relation as R

_TAG = re.compile(r"<(/?)(\d+)>")


def unmark(marked: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """Text without the <n>…</n> tags, and the span of each tag in it."""
    out: list[str] = []
    opened: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    pos = 0
    length = 0
    for m in _TAG.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        if m.group(1):
            spans[int(m.group(2))] = (opened.pop(int(m.group(2))), length)
        else:
            opened[int(m.group(2))] = length
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def found(marked: str, **kwargs: Any) -> tuple[str, list[Mention], dict[int, Mention]]:
    """Extract from the unmarked text; check that the tagged spans are exactly the mentions.

    Self-references are left out of the comparison unless the case tags them.
    """
    text, spans = unmark(marked)
    mentions = list(extract_mentions(text, **kwargs))
    by_span = {(m.start, m.end): m for m in mentions}
    tagged = set(spans.values())
    got = {
        (m.start, m.end)
        for m in mentions
        if m.kind is not MentionKind.SELF or ((m.start, m.end) in tagged)
    }
    assert got == tagged, [(text[a:b], a, b) for a, b in sorted(got ^ tagged)]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return text, mentions, {i: by_span[span] for i, span in spans.items()}


def check(m: Mention, **fields: Any) -> None:
    for name, value in fields.items():
        got = getattr(m, name)
        if name == "relations":
            got = set(got)
            value = set(value)
        assert got == value, (name, got, value)


# --- numbering families (DOMAIN.md §2) -------------------------------------------------------

NUMBERS = [
    (
        "Thực hiện <0>Chỉ thị số 33/CT-TTg</0> ngày 26/11/2021 của Thủ tướng Chính phủ",
        dict(
            number="33/CT-TTg",
            doc_type="chi-thi",
            date=dt.date(2021, 11, 26),
            year=2021,
            issuer="Thủ tướng Chính phủ",
            type_word="Chỉ thị",
        ),
    ),
    (
        "Căn cứ <0>Nghị định số 30/2020/NĐ-CP</0> ngày 05 tháng 3 năm 2020 của Chính phủ về "
        "công tác văn thư;",
        dict(number="30/2020/NĐ-CP", doc_type="nghi-dinh", year=2020, title="công tác văn thư"),
    ),
    ("theo <0>Luật số 104/2016/QH13</0>.", dict(number="104/2016/QH13", doc_type="luat")),
    (
        "theo <0>Quyết định số 1811/QĐ-UBND</0> của Ủy ban nhân dân tỉnh.",
        dict(
            number="1811/QĐ-UBND", doc_type="quyet-dinh", year=None, issuer="Ủy ban nhân dân tỉnh"
        ),
    ),
    (
        "Phúc đáp <0>Công văn số 1473/BTP-CNTT</0> ngày 10/5/2023 của Bộ Tư pháp",
        dict(number="1473/BTP-CNTT", doc_type="cong-van", year=2023, issuer="Bộ Tư pháp"),
    ),
    (
        "theo <0>Văn bản hợp nhất số 16/VBHN-BTC</0>",
        dict(number="16/VBHN-BTC", doc_type="van-ban-hop-nhat"),
    ),
    (
        "theo <0>Quyết định số 23-QĐ/TW</0> ngày 30 tháng 7 năm 2021 của Bộ Chính trị",
        dict(number="23-QĐ/TW", doc_type="quyet-dinh", issuer="Bộ Chính trị"),
    ),
    (
        "theo <0>Quy định số 37-QĐ/TW</0> của Ban Chấp hành Trung ương",
        dict(number="37-QĐ/TW", doc_type="quy-dinh"),
    ),
    (
        "theo <0>Nghị quyết số 66.16/2026/NQ-CP</0>",
        dict(number="66.16/2026/NQ-CP", doc_type="nghi-quyet", year=2026),
    ),
    ("theo <0>Nghị quyết số 216-NQ/QHK4</0>", dict(number="216-NQ/QHK4")),
    ("theo <0>Lệnh số 45/LCT</0>", dict(number="45/LCT", doc_type="lenh")),
    ("theo <0>Hướng dẫn số 36-HD/VPTW</0>", dict(number="36-HD/VPTW", doc_type="huong-dan")),
    # spaces and markup inside numbers
    ("theo <0>Thông tư số 13/2015/TT- BVHTTDL</0>", dict(number="13/2015/TT-BVHTTDL")),
    ("theo <0>Thông tư số 116 /2002/TT-BTC</0>", dict(number="116/2002/TT-BTC")),
    ("theo <0>công văn số **9465** /UBND-KSTTHC</0>", dict(number="9465/UBND-KSTTHC")),
    ("theo <0>Nghị định số số 15/2020/NĐ-CP</0>", dict(number="15/2020/NĐ-CP")),
    # ASCII and OCR variants
    ("theo <0>Nghị định số 01/2021/ND-CP</0>", dict(number="01/2021/NĐ-CP")),
    ("theo <0>Quyết định số 12/QD-UBND</0>", dict(number="12/QĐ-UBND")),
    ("theo <0>Quyết định số 45/Q\u00d0-UBND</0>", dict(number="45/QĐ-UBND")),
    # lower-cased titles: lower-case codes after "số" or a type word
    (
        "triển khai <0>thông tư số 07/2022/tt-btttt</0> của bộ thông tin",
        dict(number="07/2022/TT-BTTTT", doc_type="thong-tu"),
    ),
    # a hard line break inside a number (Công báo)
    (
        "Căn cứ điểm 13 của <0>Nghị quyết số 142/2024/\nQH15</0> ngày 29 tháng 6 năm 2024",
        dict(number="142/2024/QH15", cited_provision="điểm 13"),
    ),
    ("theo <0>Quyết \nđịnh số 613/QĐ-TTg</0>", dict(number="613/QĐ-TTg", doc_type="quyet-dinh")),
    # a bare number: the type comes from the code
    (
        "tại văn bản <0>số 201/BC-BVHTTDL</0>".replace("<0>số ", "số <0>"),
        dict(number="201/BC-BVHTTDL", doc_type="bao-cao"),
    ),
    (
        "Công văn <0>1436/BXD-QLN</0> năm 2015".replace("Công văn <0>", "<0>Công văn "),
        dict(number="1436/BXD-QLN", year=2015),
    ),
]


@pytest.mark.parametrize(("marked", "fields"), NUMBERS)
def test_numbering_families(marked: str, fields: dict[str, Any]) -> None:
    _, _, ms = found(marked)
    check(ms[0], kind=MentionKind.NUMBER, **fields)


@pytest.mark.parametrize(
    "text",
    [
        "báo cáo Ủy ban nhân dân thành phố trong tháng 12/2021.",
        "Chương trình tổng thể giai đoạn 2021 - 2030",
        "sau đại dịch COVID-19; phục hồi kinh tế",
        "- Lưu: VT, QHĐP (3b).235",
        "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025\n3\n",
        "Ngày ký: 2026-06-02 08:06:58 +07:00",
        "VĂN PHÒNG UBND TP. HÀ NỘI\nSố: 1206.....\nNgày: 27/11/2021.....\nChuyển:\n"
        "Số và ký hiệu HS:\n",
        "ĐƠN VỊ\tCHỦ TRÌ\tTHAM GIA\nCT N.V.Tùng\nPCT L.K.Nam\n",
        "các Bộ căn cứ vào tình hình thực tiễn để xây dựng kế hoạch triển khai thực hiện",
        "lập hồ sơ theo Mẫu số 01/ĐK, 02/ĐK và 03/ĐK ban hành kèm theo",
        "chất lượng không khí theo QCVN 05:2013/BTNMT.",
        "xem http://vbpl.vn/x.aspx?ItemID=7847&Keyword=2031/2015/N%C4%90-CP",
        "mức chi 100.000 đồng/người/ngày; tỷ lệ 1/500",
        "quy hoạch chi tiết tỷ lệ 1/500 khu đô thị",
        "các văn bản quy phạm pháp luật có liên quan",
        "theo quy định của pháp luật Việt Nam và luật sư",
        "LUẬT\nBẢO HIỂM Y TẾ\n",
    ],
)
def test_non_documents(text: str) -> None:
    mentions = [m for m in extract_mentions(text) if m.kind is not MentionKind.SELF]
    assert mentions == [], [m.text for m in mentions]


def test_own_number_is_never_a_citation() -> None:
    text = "Số: 33/CT-TTg\nChỉ thị số 33/CT-TTg này có hiệu lực."
    ms = extract_mentions(text, own_number="33/ct-ttg", own_date=dt.date(2021, 11, 16))
    assert {m.kind for m in ms} == {MentionKind.SELF}


def test_same_number_of_another_year_is_not_self() -> None:
    text = "Chỉ thị này thay thế Chỉ thị số 33/CT-TTg ngày 20 tháng 8 năm 2016."
    ms = extract_mentions(text, own_number="33/CT-TTg", own_date=dt.date(2021, 11, 16))
    number = [m for m in ms if m.number]
    assert number[0].kind is MentionKind.NUMBER and number[0].year == 2016


# --- dates and issuers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "date"),
    [
        ("theo <0>Quyết định số 5/QĐ-UBND</0> ngày 30-7-2021", dt.date(2021, 7, 30)),
        ("theo <0>Quyết định số 5/QĐ-UBND</0> ngày 22.09.2025", dt.date(2025, 9, 22)),
        (
            "theo <0>Kết luận số 01-KL/TW</0>, ngày 18 tháng 5 năm 2021 của Bộ Chính trị",
            dt.date(2021, 5, 18),
        ),
        ("theo <0>Chỉ thị số 16/CT-TTg</0> ngày\n16 tháng 5 năm 2016", dt.date(2016, 5, 16)),
        ("theo <0>Quyết định số 12/QĐ-UBND</0> ngày … tháng … năm …", None),
        ("theo <0>Quyết định số 12/QĐ-UBND</0> ngày 31/02/2021", None),
    ],
)
def test_dates(marked: str, date: dt.date | None) -> None:
    _, _, ms = found(marked)
    assert ms[0].date == date


@pytest.mark.parametrize(
    ("marked", "issuer"),
    [
        (
            "theo <0>Kết luận số 114-KL/TW</0> ngày 14 tháng 7 năm 2015 của Ban Bí thư Trung ương "
            "Đảng về nâng cao hiệu quả",
            "Ban Bí thư Trung ương Đảng",
        ),
        (
            "theo <0>Thông tư số 3/2017/TT-BLĐTBXH</0> của Bộ trưởng Bộ Lao động - Thương binh và "
            "Xã hội quy định về",
            "Bộ trưởng Bộ Lao động - Thương binh và Xã hội",
        ),
        (
            "theo <0>Nghị định số 42/2023/NĐ-CP</0> ngày 29/6/2023 của Chính phủ điều chỉnh lương",
            "Chính phủ",
        ),
        (
            "theo <0>Quyết định số 1/QĐ-BVHTTDL</0> của Bộ Văn hóa, Thể thao và Du lịch; và",
            "Bộ Văn hóa, Thể thao và Du lịch",
        ),
    ],
)
def test_issuers(marked: str, issuer: str) -> None:
    _, _, ms = found(marked)
    assert ms[0].issuer == issuer


# --- titles, events, vague references -------------------------------------------------------

TITLES = [
    (
        "6. Tổ chức thực hiện tốt <0>Luật tiếp cận thông tin</0> nhằm bảo đảm quyền",
        [
            dict(
                kind=MentionKind.TITLE,
                doc_type="luat",
                title="tiếp cận thông tin",
                relations={R.IMPLEMENTS},
            )
        ],
    ),
    ("theo quy định của <0>Bộ luật Lao động</0>;", [dict(doc_type="bo-luat", title="Lao động")]),
    (
        "theo tinh thần <0>Hiến pháp năm 2013</0>;",
        [dict(doc_type="hien-phap", year=2013, relations={R.IN_ACCORDANCE_WITH})],
    ),
    (
        "Căn cứ <0>Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam</0>;",
        [dict(doc_type="hien-phap", year=None, relations={R.BASED_ON})],
    ),
    (
        "Căn cứ <0>Luật Tổ chức chính quyền địa phương</0> ngày 19 tháng 6 năm 2015;",
        [
            dict(
                title="Tổ chức chính quyền địa phương",
                date=dt.date(2015, 6, 19),
                relations={R.BASED_ON},
            )
        ],
    ),
    (
        "Căn cứ <0>Luật sửa đổi, bổ sung một số điều của <1>Luật Bảo hiểm y tế</1></0> ngày 13 "
        "tháng 6 năm 2014;",
        [
            dict(
                title="sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
                date=dt.date(2014, 6, 13),
            ),
            dict(title="Bảo hiểm y tế", date=None, nested_in=0, relations={R.CITES}),
        ],
    ),
    (
        "Căn cứ <0>Luật Tổ chức Chính phủ số 76/2015/QH13</0>;",
        [
            dict(
                kind=MentionKind.NUMBER,
                number="76/2015/QH13",
                title="Tổ chức Chính phủ",
                doc_type="luat",
            )
        ],
    ),
    (
        "theo <0>Luật Đất đai</0> quy định; <1>Luật Giá</1> thì không",
        [dict(title="Đất đai"), dict(title="Giá")],
    ),
    (
        "theo <0>Luật Bảo hiểm xã hội</0>, <1>Luật Việc làm</1> và <2>Luật An toàn, vệ sinh lao "
        "động</2>;",
        [
            dict(title="Bảo hiểm xã hội"),
            dict(title="Việc làm"),
            dict(title="An toàn, vệ sinh lao động"),
        ],
    ),
    ("theo <0>Luật Phòng, chống tham nhũng</0> năm", [dict(title="Phòng, chống tham nhũng")]),
    ("của <0>Bộ luật Lao động 2019</0>.", [dict(year=2019)]),
    # an unknown title ends before a lower-case phrase that this text confirms elsewhere
    (
        "Căn cứ <0>Luật Quy tắc Mới</0> ngày 1 tháng 1 năm 2020; điểm a khoản 1 Điều 2 của "
        "<1>Luật Quy tắc Mới</1> tham gia bảo hiểm",
        [dict(title="Quy tắc Mới"), dict(title="Quy tắc Mới")],
    ),
]


@pytest.mark.parametrize(("marked", "expected"), TITLES)
def test_title_references(marked: str, expected: list[dict[str, Any]]) -> None:
    _, _, ms = found(marked)
    for i, fields in enumerate(expected):
        fields = dict(fields)
        fields.setdefault("kind", MentionKind.TITLE)
        check(ms[i], **fields)


def test_title_with_number_is_one_mention() -> None:
    _, mentions, _ = found("Căn cứ <0>Luật Tổ chức Chính phủ số 76/2015/QH13</0>;")
    assert len(mentions) == 1


@pytest.mark.parametrize(
    ("marked", "name", "year"),
    [
        (
            "theo <0>Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng</0>;",
            "Đại hội đại biểu toàn quốc lần thứ XIII",
            2021,
        ),
        (
            "quán triệt <0>Nghị quyết Đại hội XII của Đảng</0>",
            "Đại hội đại biểu toàn quốc lần thứ XII",
            2016,
        ),
        (
            "thực hiện <0>Nghị quyết Hội nghị Trung ương 5 khóa XII</0>",
            "Hội nghị Trung ương 5 khóa XII",
            None,
        ),
        (
            "thực hiện <0>Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa "
            "XII</0>",
            "Hội nghị Trung ương 5 khóa XII",
            None,
        ),
    ],
)
def test_event_references(marked: str, name: str, year: int | None) -> None:
    _, _, ms = found(marked)
    check(ms[0], kind=MentionKind.EVENT, name=name, year=year, doc_type="nghi-quyet")


@pytest.mark.parametrize(
    "marked",
    [
        "theo Nghị quyết; <0>các Nghị quyết của Ban Chấp hành Trung ương Đảng về công tác dân "
        "vận</0>; tổ chức",
        "Luật Giá và <0>các văn bản hướng dẫn thi hành</0>.".replace("Luật Giá", "<1>Luật Giá</1>"),
        "theo <0>các Nghị định quy định về điều kiện đầu tư kinh doanh</0>.",
        "quán triệt <0>Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI</0>.",
    ],
)
def test_vague_references(marked: str) -> None:
    _, _, ms = found(marked)
    assert ms[0].kind is MentionKind.VAGUE


@pytest.mark.parametrize(
    "text",
    [
        "các văn bản quy phạm pháp luật có liên quan",
        "các quyết định sau đây",
        "các văn bản của cơ quan nhà nước cấp trên",
        "văn bản quy phạm pháp luật",
    ],
)
def test_generic_phrases_are_not_vague_references(text: str) -> None:
    assert [m for m in extract_mentions(text) if m.kind is MentionKind.VAGUE] == []


# --- coordination, anaphora, self ----------------------------------------------------------


def test_coordinated_references_share_date_issuer_and_quoted_titles() -> None:
    _, _, ms = found(
        "theo <0>Quyết định số 217-QĐ/TW</0> và <1>Quyết định số 218-QĐ/TW</1> ngày 12 tháng "
        "12 năm 2013 của Bộ Chính trị ban hành “Quy chế giám sát”; “Quy định về góp ý”."
    )
    for m in ms.values():
        check(
            m,
            date=dt.date(2013, 12, 12),
            issuer="Bộ Chính trị",
            relations={R.IN_ACCORDANCE_WITH},
            title_quoted=True,
        )
    assert ms[0].title == "Quy chế giám sát" and ms[1].title == "Quy định về góp ý"
    assert "date" in ms[0].shared and not ms[1].shared


def test_coordinated_number_without_type_word() -> None:
    _, _, ms = found("theo <0>Nghị định số 01/2021/NĐ-CP</0> và <1>02/2021/NĐ-CP</1>")
    check(ms[1], doc_type="nghi-dinh", number="02/2021/NĐ-CP")


def test_a_date_of_another_year_is_not_shared() -> None:
    _, _, ms = found(
        "<0>Nghị định số 01/2020/NĐ-CP</0> và <1>Nghị định số 02/2021/NĐ-CP</1> "
        "ngày 5 tháng 1 năm 2021"
    )
    assert ms[0].date is None and ms[1].date == dt.date(2021, 1, 5)


def test_lists_of_laws() -> None:
    _, _, ms = found(
        "bởi <0>Luật số 32/2013/QH13</0>, <1>Luật số 46/2014/QH13</1> và "
        "<2>Luật số 51/2024/QH15</2>;"
    )
    assert [m.number for m in ms.values()] == ["32/2013/QH13", "46/2014/QH13", "51/2024/QH15"]


def test_anaphora_points_to_the_previous_citation() -> None:
    _, mentions, ms = found(
        "Ban hành kèm theo <0>Nghị định số 15/2020/NĐ-CP</0>. Thực hiện <1>Nghị định nêu "
        "trên</1>, các sở báo cáo."
    )
    check(ms[1], kind=MentionKind.ANAPHORA, relations={R.IMPLEMENTS})
    assert mentions[ms[1].refers_to or 0] is ms[0]


def test_number_with_neu_tren_is_a_number_mention() -> None:
    _, _, ms = found(
        "tham mưu thực hiện <0>Chỉ thị số 33/CT-TTg</0> ngày 26/11/2021 của Thủ "
        "tướng Chính phủ nêu trên; báo cáo"
    )
    check(ms[0], kind=MentionKind.NUMBER, relations={R.IMPLEMENTS})


@pytest.mark.parametrize("phrase", ["Chỉ thị này", "Luật này", "Nghị định này", "Thông tư này"])
def test_self_references(phrase: str) -> None:
    ms = extract_mentions(f"chịu trách nhiệm thực hiện {phrase}./.")
    assert [m.kind for m in ms] == [MentionKind.SELF]
    assert ms[0].relations == ()


def test_this_law_in_an_official_letter_is_the_law_it_named() -> None:
    """S-V-O: "Luật này thay thế [VB]" in a công văn is stated by the công văn about the law."""
    _, mentions, ms = found(
        "<0>Luật Hải quan</0> có hiệu lực từ ngày 01/01/2015. <1>Luật này</1> thay thế "
        "<2>Luật Hải quan số 29/2001/QH10</2>.",
        own_type="cong-van",
    )
    check(ms[1], kind=MentionKind.ANAPHORA)
    assert mentions[ms[1].refers_to or 0] is ms[0]
    link = ms[2].links[0]
    assert mentions[link.other] is ms[1] and link.relations == (R.REPLACES,)
    assert not link.outgoing and set(ms[2].relations) == {R.CITES}


# --- nested and stated citations ------------------------------------------------------------


def test_citation_nested_in_a_title_states_an_edge() -> None:
    _, mentions, ms = found(
        "3. Tiếp tục thực hiện tốt phong trào gắn với việc thực hiện <0>Kết luận số "
        "01-KL/TW</0>, ngày 18 tháng 5 năm 2021 của Bộ Chính trị về tiếp tục thực hiện <1>Chỉ "
        "thị số 05-CT/TW</1>, ngày 15 tháng 5 năm 2016 của Bộ Chính trị “về đẩy mạnh học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”."
    )
    check(ms[0], relations={R.IMPLEMENTS}, date=dt.date(2021, 5, 18), issuer="Bộ Chính trị")
    check(
        ms[1],
        relations={R.CITES},
        date=dt.date(2016, 5, 15),
        issuer="Bộ Chính trị",
        context_date=dt.date(2021, 5, 18),
    )
    assert mentions[ms[1].nested_in or 0] is ms[0]
    (link,) = ms[1].links
    assert mentions[link.other] is ms[0] and not link.outgoing
    assert link.relations == (R.IMPLEMENTS,) and link.continuation


VBHN = """LUẬT
BẢO HIỂM Y TẾ

<0>Luật Bảo hiểm y tế số 25/2008/QH12</0> ngày 14 tháng 11 năm 2008 của Quốc
hội, có hiệu lực kể từ ngày 01 tháng 7 năm 2009, được sửa đổi, bổ sung bởi:
1. <1>Luật số 32/2013/QH13</1> ngày 19 tháng 6 năm 2013 của Quốc hội sửa đổi, bổ
sung một số điều của <2>Luật Thuế thu nhập doanh nghiệp</2>, có hiệu lực kể từ ngày 01
tháng 01 năm 2014;
2. <3>Luật số 46/2014/QH13</3> ngày 13 tháng 6 năm 2014 của Quốc hội sửa đổi, bổ sung
một số điều của <4>Luật Bảo hiểm y tế</4>, có hiệu lực kể từ ngày 01 tháng 01 năm 2015.
Căn cứ <5>Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992</5> đã
được sửa đổi, bổ sung theo <6>Nghị quyết số 51/2001/QH10</6>;
"""


def test_vbhn_preamble() -> None:
    _, mentions, ms = found(VBHN, own_type="van-ban-hop-nhat")
    check(ms[0], relations={R.CONSOLIDATES}, number="25/2008/QH12")
    for agent in (ms[1], ms[3]):
        assert R.CONSOLIDATES in agent.relations
        (link,) = agent.links
        assert mentions[link.other] is ms[0] and link.outgoing and link.relations == (R.AMENDS,)
    # the amending law's title names the law it amends: a stated amends edge
    (link,) = ms[2].links
    assert mentions[link.other] is ms[1] and link.relations == (R.AMENDS,)
    check(ms[5], relations={R.BASED_ON}, year=1992)
    (link,) = ms[6].links
    assert mentions[link.other] is ms[5] and link.outgoing and link.relations == (R.AMENDS,)
    check(ms[6], relations={R.BASED_ON})


def test_amended_law_inside_a_can_cu_line() -> None:
    """Decision: the legal basis is the law as amended, so every law named is based-on, and
    the amendments are stated edges (thuvienphapluat lists them all as văn bản căn cứ)."""
    _, mentions, ms = found(
        "Căn cứ <0>Luật Bảo hiểm y tế số 25/2008/QH12</0> được sửa đổi, bổ sung bởi <1>Luật "
        "số 32/2013/QH13</1>, <2>Luật số 46/2014/QH13</2> và <3>Luật số 97/2015/QH13</3>;\n"
        "Chính phủ ban hành Nghị định."
    )
    for i in range(4):
        assert set(ms[i].relations) == {R.BASED_ON}
    for i in (1, 2, 3):
        (link,) = ms[i].links
        assert mentions[link.other] is ms[0] and link.outgoing and link.relations == (R.AMENDS,)


def test_annotation_about_the_citing_document() -> None:
    _, _, ms = found(
        "Điều 5. Chi phí\n[Điều này được hướng dẫn bởi <0>Công văn 784/TCT-CS</0> năm 2008]"
    )
    (link,) = ms[0].links
    assert link.other == SELF_INDEX and link.outgoing and link.relations == (R.DETAILS,)
    assert ms[0].year == 2008


# --- relation classification ------------------------------------------------------------------

RELATIONS = [
    ("Căn cứ <0>Nghị định số 1/2020/NĐ-CP</0> ngày 1/1/2020;", {R.BASED_ON}),
    ("Xét <0>Tờ trình số 559/TTr-STP</0> ngày 5/3/2021 của Sở Tư pháp;", {R.CONSIDERS}),
    ("Theo đề nghị của Giám đốc Sở Tư pháp tại <0>Tờ trình số 559/TTr-STP</0>;", {R.CONSIDERS}),
    ("V/v thực hiện <0>Chỉ thị số 33/CT-TTg</0> ngày 26/11/2021", {R.IMPLEMENTS}),
    (
        "Thực hiện <0>Chỉ thị số 33/CT-TTg</0> ngày 26/11/2021 của Thủ tướng Chính phủ về việc "
        "tiếp tục tăng cường (gửi kèm theo),",
        {R.IMPLEMENTS, R.TRANSMITS},
    ),
    ("Văn phòng sao gửi <0>Quyết định số 1/QĐ-UBND</0> đến các sở.", {R.TRANSMITS}),
    (
        "triển khai theo <0>Nghị quyết số 76/NQ-CP</0> ngày 15 tháng 7 năm 2021",
        {R.IN_ACCORDANCE_WITH},
    ),
    (
        "kịp thời thể chế hóa chủ trương của Đảng theo <0>Nghị quyết số 18-NQ/TW</0>;",
        {R.INSTITUTIONALIZES, R.IN_ACCORDANCE_WITH},
    ),
    ("Tổ chức quán triệt <0>Nghị quyết số 18-NQ/TW</0>", {R.INSTITUTIONALIZES}),
    ("Nghị định này quy định chi tiết một số điều của <0>Luật Đất đai</0>.", {R.DETAILS}),
    ("Thông tư này hướng dẫn thi hành <0>Nghị định số 12/2022/NĐ-CP</0>.", {R.DETAILS}),
    ("Sửa đổi, bổ sung một số điều của <0>Nghị định số 15/2020/NĐ-CP</0> như sau:", {R.AMENDS}),
    ("Nghị định này thay thế <0>Nghị định số 15/2020/NĐ-CP</0>.", {R.REPLACES}),
    ("2. Bãi bỏ <0>Quyết định số 45/2019/QĐ-UBND</0> ngày 1/2/2019.", {R.REPEALS}),
    (
        "<0>Thông tư số 15/2019/TT-BTC</0> hết hiệu lực kể từ ngày Thông tư này có hiệu lực.",
        {R.TERMINATES},
    ),
    ("Đình chỉ thi hành <0>Quyết định số 12/QĐ-UBND</0> của Ủy ban nhân dân huyện.", {R.SUSPENDS}),
    ("Đính chính <0>Thông tư số 5/2021/TT-BYT</0> như sau:", {R.CORRECTS}),
    (
        "Ủy ban thường vụ Quốc hội giải thích <0>Nghị quyết số 1/2016/NQ-UBTVQH14</0>.",
        {R.INTERPRETS},
    ),
    (
        "(Ban hành kèm theo <0>Quyết định số 12/2021/QĐ-UBND</0> ngày 5/3/2021)\nĐiều 1. X",
        {R.ANNEX_OF},
    ),
    (
        "Mẫu số 01 ban hành kèm theo <0>Thông tư số 80/2021/TT-BTC</0>.\nĐiều 1. X".replace(
            "\nĐiều 1. X", ""
        ),
        {R.CITES},
    ),
    (
        "đặc biệt là việc thực hiện hiệu quả <0>Chỉ thị số 16/CT-TTg</0> ngày 16 tháng 5 năm 2016 "
        "đã góp phần",
        {R.CITES},
    ),
    ("tiếp tục thực hiện <0>Chỉ thị số 05-CT/TW</0>", {R.IMPLEMENTS}),
    ("công tác dân vận có nơi <0>Chỉ thị số 05-CT/TW</0> nêu", {R.CITES}),
]


@pytest.mark.parametrize(("marked", "relations"), RELATIONS)
def test_relations(marked: str, relations: set[R]) -> None:
    _, _, ms = found(marked)
    assert set(ms[0].relations) == relations
    assert ms[0].cue is not None or relations == {R.CITES}


def test_continuation_and_amendment_kind() -> None:
    _, _, ms = found("tiếp tục thực hiện <0>Chỉ thị số 05-CT/TW</0>")
    assert ms[0].continuation
    _, _, ms = found("Sửa đổi, bổ sung một số điều của <0>Nghị định số 15/2020/NĐ-CP</0>")
    assert ms[0].amend_kind == "sửa đổi, bổ sung"


def test_cue_is_local_to_the_clause() -> None:
    """A cue does not cross ";" nor reach over a long gap."""
    _, _, ms = found("Thực hiện nhiệm vụ; theo dõi <0>Quyết định số 1/QĐ-UBND</0>")
    assert set(ms[0].relations) == {R.CITES}


def test_list_under_a_cue_with_a_colon() -> None:
    _, _, ms = found(
        "Điều 3. Hiệu lực\n1. Bãi bỏ các văn bản sau:\na) <0>Quyết định số "
        "1/2010/QĐ-UBND</0>;\nb) <1>Quyết định số 2/2011/QĐ-UBND</1>.\n"
    )
    assert set(ms[0].relations) == set(ms[1].relations) == {R.REPEALS}


# --- provisions and sentences ----------------------------------------------------------------


def test_cited_and_citing_provisions() -> None:
    _, _, ms = found(
        "Điều 3. Hiệu lực thi hành\n1. Quyết định này có hiệu lực.\n2. Áp dụng theo quy định "
        "tại điểm a khoản 4 Điều 20 <0>Thông tư số 22/2019/TT-NHNN</0>."
    )
    check(ms[0], cited_provision="điểm a khoản 4 Điều 20", citing_provision="khoản 2 Điều 3")


def test_sentence_joins_hard_line_breaks_and_keeps_offsets() -> None:
    text, _, ms = found(
        "Căn cứ <1>Luật Giá</1>;\nCăn cứ <0>Nghị định số 14/2017/NĐ-CP</0> ngày 17 tháng 02 năm 2017 của "
        "Chính phủ \nquy định chức năng, nhiệm vụ;\nTheo đề nghị của Vụ trưởng;"
    )
    m = ms[0]
    assert m.sentence == (
        "Căn cứ Nghị định số 14/2017/NĐ-CP ngày 17 tháng 02 năm 2017 của "
        "Chính phủ quy định chức năng, nhiệm vụ;"
    )
    assert " ".join(text[m.sentence_start : m.sentence_end].split()) == m.sentence
    assert m.sentence_start <= m.start < m.end <= m.sentence_end


def test_body_start_and_skip_ranges() -> None:
    text = "---\nnumber: 1/QĐ-X\n---\nTheo Quyết định số 2/QĐ-UBND và Quyết định số 3/QĐ-UBND."
    body = text.index("Theo")
    skip_from = text.index("và")
    ms = extract_mentions(text, body_start=body, skip=[(skip_from, len(text))])
    assert [m.number for m in ms] == ["2/QĐ-UBND"]


def test_page_furniture_inside_a_title_is_skipped() -> None:
    text = (
        "theo Luật Bảo hiểm xã hội \n \nCÔNG BÁO/Số 851 + 852/Ngày 01-7-2025 \n4 \n"
        "và Nghị định số 5/2020/NĐ-CP."
    )
    ms = extract_mentions(text)
    assert [m.title or m.number for m in ms] == ["Bảo hiểm xã hội", "5/2020/NĐ-CP"]


# --- robustness ------------------------------------------------------------------------------

_LEGALISH = st.lists(
    st.sampled_from(
        [
            "Căn cứ",
            "Luật",
            "Bộ luật",
            "Hiến pháp",
            "Nghị định",
            "số",
            "33/CT-TTg",
            "45/2019/QH14",
            "23-QĐ/TW",
            "ngày",
            "26/11/2021",
            "16 tháng 5 năm 2016",
            "của",
            "Chính phủ",
            "về",
            "“",
            "”",
            ";",
            ",",
            ".",
            ":",
            "\n",
            "\n\n",
            "1.",
            "a)",
            "và",
            "các",
            "này",
            "nêu trên",
            "được sửa đổi, bổ sung bởi:",
            "thực hiện",
            "theo",
            "(gửi kèm theo)",
            "Điều 5.",
            "khoản 2",
            "năm 2013",
            "Đảng",
            "Đại hội",
            "XIII",
            "khóa",
            "**",
            "Ð",
            "ND-CP",
            " ",
            "/",
            "Bảo hiểm xã hội",
            "sửa đổi",
            "Tổ chức Chính phủ",
            "VBHN",
            "Nghị quyết",
            "Trung ương",
        ]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), _LEGALISH))
def test_never_raises_and_spans_are_exact(text: str) -> None:
    mentions = extract_mentions(text)
    for i, m in enumerate(mentions):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.sentence_end
        assert m.refers_to is None or 0 <= m.refers_to < len(mentions)
        assert m.nested_in is None or 0 <= m.nested_in < len(mentions)
        for link in m.links:
            assert link.other == SELF_INDEX or 0 <= link.other < len(mentions)
        if i:
            assert mentions[i - 1].start <= m.start
    assert extract_mentions(text) == mentions  # deterministic


@settings(max_examples=100, deadline=None)
@given(_LEGALISH, st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=50))
def test_body_start_and_skip_never_break_offsets(text: str, a: int, b: int) -> None:
    mentions = extract_mentions(text, body_start=a, skip=[(b, b + 7), (len(text), len(text) + 3)])
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.start >= min(a, len(text))


def test_large_inputs_finish() -> None:
    """Not a timing assertion: these would take hours with catastrophic backtracking."""
    assert extract_mentions(" " * 1_000_000) == ()
    assert extract_mentions("\n" * 200_000 + " \n" * 200_000) == ()
    line = " ".join(
        f"Nghị định số {i}/2020/NĐ-CP ngày 01/01/2020 của Chính phủ," for i in range(10_000)
    )
    assert len(extract_mentions(line)) == 10_000
    lines = "\n".join(
        f"Căn cứ Thông tư số {i}/2020/TT-BTC ngày 01 tháng 01 năm 2020 về x;" for i in range(10_000)
    )
    ms = extract_mentions(lines)
    assert len(ms) == 10_000 and all(m.relations == (R.BASED_ON,) for m in ms)


def test_date_after_a_list_of_amended_laws_is_the_amending_laws() -> None:
    _, _, ms = found(
        "Căn cứ <0>Luật sửa đổi, bổ sung một số điều của <1>Luật Đất đai số 31/2024/QH15</1>, "
        "<2>Luật Nhà ở số 27/2023/QH15</2> và <3>Luật Các tổ chức tín dụng số 32/2024/QH15</3>"
        "</0> ngày 29 tháng 6 năm 2024;"
    )
    check(ms[0], kind=MentionKind.TITLE, date=dt.date(2024, 6, 29), relations={R.BASED_ON})
    for i in (1, 2, 3):
        check(ms[i], date=None, nested_in=0)
        assert ms[i].links[0].relations == (R.AMENDS,)


def test_number_after_a_list_of_amended_laws_is_the_amending_laws() -> None:
    _, _, ms = found(
        "theo <0>Luật sửa đổi, bổ sung một số điều của <1>Luật Đấu thầu</1>, <2>Luật Hải "
        "quan</2>, <3>Luật Quản lý, sử dụng tài sản công</3> số 90/2025/QH15</0>."
    )
    check(ms[0], kind=MentionKind.NUMBER, number="90/2025/QH15")
    check(ms[3], kind=MentionKind.TITLE, number=None, title="Quản lý, sử dụng tài sản công")


def test_number_after_a_single_amended_law_is_that_laws() -> None:
    _, _, ms = found(
        "theo <0>Luật sửa đổi, bổ sung một số điều của <1>Luật Thuế thu nhập doanh nghiệp số "
        "14/2008/QH12</1></0>."
    )
    check(ms[0], kind=MentionKind.TITLE)
    check(ms[1], kind=MentionKind.NUMBER, number="14/2008/QH12")


def test_defined_short_forms_refer_back() -> None:
    _, mentions, ms = found(
        "theo <0>Thông tư liên tịch số 06/2018/TTLT-VKSNDTC-TANDTC</0> ngày 21/12/2018 của Viện "
        "kiểm sát nhân dân tối cao, Tòa án nhân dân tối cao về phối hợp (sau đây viết tắt là "
        "Thông tư liên tịch số 06/2018).\nĐiều 5. Thực hiện theo Điều 6 <1>Thông tư liên tịch số "
        "06/2018</1>."
    )
    check(ms[0], issuer="Viện kiểm sát nhân dân tối cao, Tòa án nhân dân tối cao", title="phối hợp")
    check(ms[1], kind=MentionKind.ANAPHORA, relations={R.IN_ACCORDANCE_WITH})
    assert mentions[ms[1].refers_to or 0] is ms[0]


def test_legacy_numbers_after_a_type_word() -> None:
    _, _, ms = found(
        "Hội đồng Chính phủ đã ra <0>Quyết định số 169-CP</0> về công tác; theo "
        "tinh thần <1>Nghị định 404-CP</1> ngày 09/11/1979."
    )
    check(ms[0], number="169-CP", doc_type="quyet-dinh")
    check(ms[1], number="404-CP", year=1979, relations={R.IN_ACCORDANCE_WITH})
    assert extract_mentions("mã hàng 169-CP và 404-CP") == ()


def test_own_number_with_leading_zeros() -> None:
    ms = extract_mentions("Số: 07/2026/TT-BNV\n", own_number="7/2026/TT-BNV")
    assert [m.kind for m in ms] == [MentionKind.SELF]


# --- fast scans give the plain regexes' matches ------------------------------------------------

_PIECES = [
    "1", "23", "2020", "/", "/ ", "-", "- ", "\n", "\n ", " ", "\t", "QĐ", "TW", "NĐ-CP", "**",
    "__", ".", "x", "&", "-\n", "/\n", "các ", "điểm ", "khoản ", "Điều ", "a", ", ", "và ",
    "của ", "thông", "tư", "luật", "quy", "định", "(", "theo", "xthông", "kết", "kế",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.integers(min_value=0, max_value=80))
def test_number_windows_find_every_number(pieces: list[str], pos: int) -> None:
    from graph import patterns as P
    from graph.extract import _number_matches

    text = "".join(pieces)
    pos = min(pos, len(text))
    plain = [(m.span(), m.groupdict()) for m in P.NUMBER.finditer(text, pos)]
    assert [(m.span(), m.groupdict()) for m in _number_matches(text, pos)] == plain


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_word_trigger_is_a_whole_word_alternation(pieces: list[str]) -> None:
    from graph import patterns as P

    text = "".join(pieces).lower()
    words = [*P.TYPE_FIRST_WORDS, "kế"]
    plain = re.compile(r"(?<![\w])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w])|\(")
    fast = re.compile(P.word_trigger(words, extra=[r"\("]))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.integers(0, 60), st.integers(0, 60))
def test_provision_search_from_provision_words(pieces: list[str], lo: int, size: int) -> None:
    from graph import patterns as P
    from graph.extract import _Extractor
    from graph.titles import KnownTitles

    text = "".join(pieces).lower()
    lo = min(lo, len(text))
    end = min(len(text), lo + size)
    extractor = _Extractor(text, 0, (), None, None, None, KnownTitles.default())
    extractor.low = text
    plain = P.PROVISION_BEFORE.search(text, lo, end)
    fast = extractor._provision_match(lo, end)
    assert (fast and fast.span()) == (plain and plain.span())
