"""Title-only references: the curated list, lookup rules and mining (graph/titles.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from graph.extract import extract_mentions
from graph.ids import canonical_number, split_number
from graph.titles import DATA_FILE, KnownTitles, TitleEntry, load_entries, mine_titles, title_key

D = dt.date


@pytest.fixture(scope="module")
def known() -> KnownTitles:
    return KnownTitles.default()


def test_data_file_rows_are_well_formed() -> None:
    entries = load_entries(DATA_FILE)
    assert len(entries) > 300
    numbers: set[str] = set()
    for e in entries:
        assert e.doc_type in {"luat", "bo-luat", "phap-lenh", "hien-phap"}, e
        assert e.source, e
        assert e.title or e.doc_type == "hien-phap", e
        assert e.title == e.title.strip(), e
        assert not e.title.lower().startswith("luật ") or e.title == "Luật sư", e
        if e.number is not None:
            assert e.number == canonical_number(e.number), e
            assert e.number not in numbers, f"duplicate number {e.number}"
            numbers.add(e.number)
            parts = split_number(e.number)
            assert parts is not None and parts.year is not None, e
            if e.date is not None:
                assert e.date.year == parts.year, e
        if e.date is not None and e.effective is not None:
            assert e.effective >= e.date, e


def test_two_laws_can_share_a_title_and_a_year(known: KnownTitles) -> None:
    """65/2025/QH15 (February) and 72/2025/QH15 (June) are both "Luật Tổ chức chính quyền
    địa phương" of 2025: the year alone does not decide, the date does."""
    by_year = known.lookup("luat", "Tổ chức chính quyền địa phương", year=2025)
    assert by_year.entry is None and by_year.rule == "ambiguous"
    by_date = known.lookup("luat", "Tổ chức chính quyền địa phương", date=D(2025, 6, 16))
    assert by_date.entry is not None and by_date.entry.number == "72/2025/QH15"


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Phòng,  chống tham nhũng", "phong, chong tham nhung"),
        ("Tổ chức chính quyền địa phương", "to chuc chinh quyen dia phuong"),
        ("TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG", "to chuc chinh quyen dia phuong"),
        ("Khí tượng thuỷ văn", "khi tuong thuy van"),  # old-style tone placement
        (
            "sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở",
            "sua doi, bo sung mot so dieu cua luat dat dai, luat nha o",
        ),
    ],
)
def test_title_key_is_insensitive(title: str, key: str) -> None:
    assert title_key(title) == key


# Laws cited by title in the seed and the development corpus, with what they resolve to.
COVERED = [
    ("luat", "tiếp cận thông tin", None, None, "104/2016/QH13"),
    ("luat", "Tổ chức chính quyền địa phương", D(2015, 6, 19), None, "77/2015/QH13"),
    ("luat", "Tổ chức Chính phủ", D(2015, 6, 19), None, "76/2015/QH13"),
    ("luat", "Tổ chức Chính phủ", D(2025, 2, 18), None, "63/2025/QH15"),
    ("luat", "Bảo hiểm xã hội", D(2024, 6, 29), None, "41/2024/QH15"),
    (
        "luat",
        "sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
        D(2014, 6, 13),
        None,
        "46/2014/QH13",
    ),
    (
        "luat",
        "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
        "quyền địa phương",
        D(2019, 11, 22),
        None,
        "47/2019/QH14",
    ),
    ("bo-luat", "Lao động", None, 2019, "45/2019/QH14"),
    ("luat", "Bảo hiểm xã hội", None, 2006, "71/2006/QH11"),
    ("luat", "Đất đai", D(2024, 1, 18), None, "31/2024/QH15"),
    ("luat", "Phòng, chống tham nhũng", None, 2018, "36/2018/QH14"),
    ("phap-lenh", "Ưu đãi người có công với cách mạng", None, None, "02/2020/UBTVQH14"),
]


@pytest.mark.parametrize(("doc_type", "title", "date", "year", "number"), COVERED)
def test_known_titles(
    known: KnownTitles,
    doc_type: str,
    title: str,
    date: dt.date | None,
    year: int | None,
    number: str,
) -> None:
    match = known.lookup(doc_type, title, date=date, year=year)
    assert match.entry is not None and match.entry.number == number, match.reason
    assert match.entry.source


def test_same_title_laws_differ_by_date(known: KnownTitles) -> None:
    old = known.lookup("luat", "Tổ chức Chính phủ", date=D(2015, 6, 19))
    new = known.lookup("luat", "Tổ chức Chính phủ", date=D(2025, 2, 18))
    assert (old.rule, new.rule) == ("date", "date")
    assert old.entry and new.entry and old.entry.number != new.entry.number


def test_constitution_by_year_and_in_force(known: KnownTitles) -> None:
    assert (
        known.lookup("hien-phap", "", year=2013).entry or TitleEntry("x", "", None, None, None, "")
    ).date == D(2013, 11, 28)
    in_force = known.lookup("hien-phap", "", at=D(2020, 1, 1))
    assert in_force.rule == "in-force" and in_force.entry and in_force.entry.year == 2013
    older = known.lookup("hien-phap", "", at=D(2005, 1, 1))
    assert older.entry and older.entry.year == 1992


def test_in_force_rule_only_when_unambiguous(known: KnownTitles) -> None:
    # 2018: 76/2015/QH13 in force, nothing newer passed yet
    match = known.lookup("luat", "Tổ chức Chính phủ", at=D(2018, 5, 1))
    assert match.rule == "in-force" and match.entry and match.entry.number == "76/2015/QH13"
    # 2025-02-25: 63/2025 passed on 18 February, in force on 1 March: undecided
    match = known.lookup("luat", "Tổ chức Chính phủ", at=D(2025, 2, 25))
    assert match.entry is None and match.rule == "ambiguous" and "63/2025/QH15" in match.reason


def test_no_date_and_several_laws_is_ambiguous(known: KnownTitles) -> None:
    match = known.lookup("luat", "Đất đai")
    assert match.entry is None and match.rule == "ambiguous"


def test_title_not_yet_passed(known: KnownTitles) -> None:
    match = known.lookup("luat", "Tiếp cận thông tin", at=D(2010, 1, 1))
    assert match.entry is None and match.rule == "not-yet"


def test_unknown_title(known: KnownTitles) -> None:
    match = known.lookup("luat", "Không có thật")
    assert match.entry is None and match.rule == "unknown" and "not in" in match.reason


def test_matching_ignores_diacritics_and_case(known: KnownTitles) -> None:
    match = known.lookup("luat", "TIEP CAN THONG TIN")
    assert match.entry is not None and match.entry.number == "104/2016/QH13"


def test_seed_and_corpus_titles_are_covered(known: KnownTitles) -> None:
    for doc_type, title in [
        ("luat", "Tiếp cận thông tin"),
        ("luat", "Bảo hiểm y tế"),
        ("luat", "Việc làm"),
        ("luat", "Viên chức"),
        ("luat", "Hải quan"),
        ("luat", "Ban hành văn bản quy phạm pháp luật"),
        ("bo-luat", "Dân sự"),
        ("bo-luat", "Hình sự"),
        ("luat", "Doanh nghiệp"),
        ("luat", "Đầu tư công"),
        ("luat", "Thuế thu nhập cá nhân"),
        ("luat", "Quản lý thuế"),
    ]:
        assert known.has_title(doc_type, title), title


def test_mine_titles_from_texts_that_state_both() -> None:
    texts = [
        "Căn cứ Luật Tổ chức Chính phủ số 76/2015/QH13 ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Tổ chức Chính phủ số 76/2015/QH13;\nCăn cứ Luật Bảo hiểm y tế số "
        "25/2008/QH12 được sửa đổi, bổ sung bởi Luật số 32/2013/QH13;",
        "theo Luật Tổ chức Chính phủ số 76/2015/QH14;",  # a typo, outvoted
        "Căn cứ Luật Thí điểm Mới số 99/2030/QH16 ngày 1 tháng 2 năm 2030;",
    ]
    mined = {e.number: e for e in mine_titles([extract_mentions(t) for t in texts])}
    assert mined["76/2015/QH13"].title == "Tổ chức Chính phủ"
    assert mined["76/2015/QH13"].date == D(2015, 6, 19)
    assert mined["25/2008/QH12"].title == "Bảo hiểm y tế"
    assert "76/2015/QH14" not in mined
    assert "32/2013/QH13" not in mined  # no title stated with it
    assert re.match(r"mined: \d+", mined["99/2030/QH16"].source)
    known = KnownTitles.default().merged(mined.values())
    assert known.lookup("luat", "Thí điểm Mới").entry is not None
    # the curated list wins for titles it knows
    assert (
        known.lookup("luat", "Tổ chức Chính phủ", year=2015).entry.source != "mined: 1 mention(s)"
    )  # type: ignore[union-attr]
