"""Import: splitting, content files, and the committed seed as the golden output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.importer import import_files, split_documents

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_7ac869d01ae35452.txt"
SEED_FILES = ["chi-thi-33-ct-ttg-2021.txt", "cong-van-9465-ubnd-kstthc-2021.txt"]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_import_reproduces_committed_content(tmp_path: Path) -> None:
    report = import_files([SEED], tmp_path)
    assert report.problems == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == SEED_FILES
    for name in SEED_FILES:
        assert (tmp_path / name).read_bytes() == (ROOT / "content" / name).read_bytes(), name
    labels = [item.label for item in report.imported]
    assert labels == ["Công văn 9465/UBND-KSTTHC", "Chỉ thị 33/CT-TTg"]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_import_twice_is_idempotent(tmp_path: Path) -> None:
    import_files([SEED], tmp_path)
    second = import_files([SEED], tmp_path)
    assert [item.status for item in second.imported] == ["unchanged", "unchanged"]
    assert len(list(tmp_path.iterdir())) == 2


def test_stamp_stays_with_the_forwarded_document() -> None:
    text = (ROOT / "content" / "chi-thi-33-ct-ttg-2021.txt").read_text(encoding="utf-8")
    assert "Số: 1206....." in text and "TTHN & NKTP" in text
    assert "Ủy ban nhân dân thành phố có ý kiến" not in text


def test_split_two_documents_with_headers() -> None:
    first = (
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BTC-NSNN\n"
        "Hà Nội, ngày 02 tháng 3 năm 2022\nKính gửi: Sở Tài chính.\nNội dung.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nVõ Thành Hưng\n"
    )
    second = (
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/CT-TTg\n"
        "Hà Nội, ngày 01 tháng 3 năm 2022\nCHỈ THỊ\nVề việc A\nNội dung.\n"
        "THỦ TƯỚNG\n\nPhạm Minh Chính\n"
    )
    text = first + "\n\n" + second
    segments = split_documents(text)
    assert [text[s.start : s.end] + "\n" for s in segments] == [first, second]


def test_body_references_do_not_split() -> None:
    text = (
        "Số: 12/BTC-NSNN\nHà Nội, ngày 02 tháng 3 năm 2022\n"
        "Thực hiện Công văn số 5/UBND-KT ngày 01/3/2022.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n"
        "Võ Thành Hưng\n"
    )
    assert len(split_documents(text)) == 1


def test_jsonl_records_become_one_file_each(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = [
        {
            "id": "a1",
            "text": "Số: 1/QĐ-UBND\nBình Dương, ngày 02 tháng 3 năm 2022\nQUYẾT ĐỊNH\nVề A\n",
        },
        {
            "id": "a2",
            "text": "Số: 2/QĐ-UBND\nBình Dương, ngày 03 tháng 3 năm 2022\nQUYẾT ĐỊNH\nVề B\n",
        },
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    report = import_files([src], tmp_path / "content")
    names = sorted(p.name for p in (tmp_path / "content").iterdir())
    assert names == ["quyet-dinh-1-qd-ubnd-2022.txt", "quyet-dinh-2-qd-ubnd-2022.txt"]
    assert all("record:" in (tmp_path / "content" / n).read_text() for n in names)
    assert report.problems == ()


def test_unreadable_input_is_reported_and_others_go_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Số: 1/QĐ-UBND\nBình Dương, ngày 02 tháng 3 năm 2022\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    report = import_files([bad, good], tmp_path / "content")
    assert len(report.imported) == 1
    assert [p.file for p in report.problems] == ["bad.txt"]


def test_number_with_path_characters_stays_in_folder(tmp_path: Path) -> None:
    src = tmp_path / "evil.txt"
    src.write_text("Số: 1/../../x\nSố: ../../etc\nnội dung\n", encoding="utf-8")
    import_files([src], tmp_path / "content")
    written = list((tmp_path / "content").rglob("*"))
    assert written and all(p.parent == tmp_path / "content" for p in written)


def test_nfd_and_eth_are_normalised_at_the_boundary(tmp_path: Path) -> None:
    import unicodedata

    text = "Số: 12/QÐ-UBND\nĐồng Tháp, ngày 02 tháng 3 năm 2022\nQUYẾT ĐỊNH\nVề việc hoà giải\n"
    src = tmp_path / "nfd.txt"
    src.write_text(unicodedata.normalize("NFD", text).replace("Đ", "\u00d0", 1), encoding="utf-8")
    import_files([src], tmp_path / "content")
    (written,) = (tmp_path / "content").iterdir()
    stored = written.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", stored)
    assert "12/QĐ-UBND" in stored and "\u00d0" not in stored
    assert "hoà giải" in stored  # the document's own tone placement is kept
    assert written.name == "quyet-dinh-12-qd-ubnd-2022.txt"
