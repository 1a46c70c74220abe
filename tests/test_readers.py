"""Tests for graph.readers: every input format, read into normalised source texts.

The fixtures are made in each test (python-docx writes the .docx files, a small PDF writer
below or fpdf2 writes the PDFs), so nothing binary is stored in the repository.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from graph.errors import InputError
from graph.models import Severity
from graph.readers import SUPPORTED_SUFFIXES, ReadResult, iter_input_files, read_source

CORPUS_DEV = Path("/work/shared/corpus/tvpl-johnpa02/dev.jsonl.gz")
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


def only_text(result: ReadResult) -> str:
    assert len(result.texts) == 1
    assert result.problems == ()
    return result.texts[0].text


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_source(path)
    assert path.name in str(info.value)
    assert info.value.file == path.name
    return info.value


# --- PDF makers -------------------------------------------------------------------------


def simple_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a real text layer: ASCII lines in Helvetica, one list of lines per page."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(source: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    # RC4 needs no crypto library; AES would need the cryptography package.
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def vietnamese_font() -> Path:
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip("no TTF font with Vietnamese glyphs on this machine")


# --- choosing and refusing files --------------------------------------------------------


def test_supported_suffixes_are_lower_case_and_dotted() -> None:
    assert {".txt", ".md", ".docx", ".pdf", ".jsonl", ".jsonl.gz", ".json"} <= set(
        SUPPORTED_SUFFIXES
    )
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("name", ["cv.doc", "bang.xlsx", "thu.rtf", "QD.DOC", "x.tar.gz"])
def test_unsupported_format_asks_for_conversion(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not read")
    error = read_error(path)
    assert "unsupported format" in error.message
    assert "convert it to .docx, PDF or text" in error.message
    assert Path(name.lower()).suffix in error.message


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.docx", "a.pdf", "a.jsonl", "a"])
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n "])
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_error(path).message == "empty file"


def test_empty_gzip_content(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n\n"))
    assert read_error(path).message == "empty file"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in read_error(tmp_path / "missing.txt").message
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "cannot read file" in read_error(folder).message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Điều 1.", encoding="utf-8")
    path.chmod(0)
    try:
        assert read_error(path).message == "cannot read file: permission denied"
    finally:
        path.chmod(0o644)


def test_permission_denied_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same check where the tests run as root: the OS refusal is simulated."""
    path = tmp_path / "secret.pdf"
    path.write_bytes(b"x")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_error(path).message == "cannot read file: permission denied"


def test_iter_input_files(tmp_path: Path) -> None:
    for name in [
        "b/2.docx",
        "b/1.PDF",
        "b/c/3.jsonl.gz",
        "a.txt",
        "notes",
        "z.md",
        "old.doc",
        "data.xlsx",
        ".hidden.txt",
        "~$lock.docx",
        ".git/x.txt",
        "b/.cache/y.txt",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    explicit = tmp_path / "elsewhere" / "given.doc"
    explicit.parent.mkdir()
    explicit.write_bytes(b"x")

    found = iter_input_files([tmp_path / "b", tmp_path, explicit])

    assert found == sorted(found)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt",
        "b/1.PDF",
        "b/2.docx",
        "b/c/3.jsonl.gz",
        "elsewhere/given.doc",  # given by name: kept, so that reading it reports the format
        "notes",
        "z.md",
    ]
    assert iter_input_files([]) == []


# --- text -------------------------------------------------------------------------------


def test_text_file_is_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Thủ tướng Chính phủ")
    raw = f"\ufeffTHỦ TƯỚNG\r\n{decomposed}\r\nÐiều 1. Quy định\r\n"
    path = tmp_path / "33-ct-ttg.txt"
    path.write_bytes(raw.encode("utf-8"))

    result = read_source(path)

    (source,) = result.texts
    assert result.problems == ()
    assert source.origin == "33-ct-ttg.txt"
    assert source.text == "THỦ TƯỚNG\nThủ tướng Chính phủ\nĐiều 1. Quy định\n"
    assert unicodedata.is_normalized("NFC", source.text)
    encoding = str(source.meta["encoding"]).lower().replace("_", "-")
    assert encoding in {"utf-8", "utf-8-sig", "utf8"}


def test_text_file_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Điều 1. Hà Nội\r\n".encode("utf-16"))
    source = read_source(path).texts[0]
    assert source.text == "Điều 1. Hà Nội\n"
    assert "16" in str(source.meta["encoding"])


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "renamed.txt"
    path.write_bytes(simple_pdf([["Dieu 1."]]) + b"\x00\x01\x02")
    read_error(path)


@pytest.mark.parametrize("name", ["CV 12.md", "ghi-chu.MARKDOWN", "README", "vb.TXT"])
def test_markdown_and_no_suffix_are_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("**ỦY BAN NHÂN DÂN**\n\nSố: 12/UBND-VP\n", encoding="utf-8")
    source = read_source(path).texts[0]
    assert source.origin == name
    assert source.text == "**ỦY BAN NHÂN DÂN**\n\nSố: 12/UBND-VP\n"


# --- Word -------------------------------------------------------------------------------


def make_docx(path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "ĐẦU TRANG không phải nội dung"
    section.footer.paragraphs[0].text = "Trang 1 / 1"
    document.add_paragraph("BỘ TÀI CHÍNH")
    document.add_paragraph("Số: 12/2020/TT-BTC")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["Số TT", "Tên đơn vị", "Địa chỉ"], ["1", "Sở Tài chính", "Hà Nội"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")
    paragraph = document.add_paragraph("Điều 1. ")
    paragraph.add_run("Phạm vi").bold = True
    paragraph.add_run(" điều chỉnh")
    run = document.add_paragraph("Nơi nhận:").add_run()
    run.add_break()
    run.add_text("- Như Điều 3;")
    document.save(str(path))


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    path = tmp_path / "12-tt-btc.docx"
    make_docx(path)

    source = only_text(read_source(path))

    assert source == (
        "BỘ TÀI CHÍNH\n"
        "Số: 12/2020/TT-BTC\n"
        "Số TT\tTên đơn vị\tĐịa chỉ\n"
        "1\tSở Tài chính\tHà Nội\n"
        "\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "Nơi nhận:\n- Như Điều 3;\n"
    )
    assert "ĐẦU TRANG" not in source
    assert "Trang 1" not in source


def test_docx_merged_cells_are_not_repeated(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Bảng")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Cơ quan ban hành"
    table.cell(0, 2).text = "Ghi chú"
    table.cell(1, 0).text = "Bộ Tư pháp"
    table.cell(1, 1).text = "Hà Nội"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "gộp dọc"
    table.cell(2, 0).text = "Bộ Y tế"
    cell = table.cell(2, 1)
    cell.text = "dòng một"
    cell.add_paragraph("dòng hai")
    path = tmp_path / "bang.docx"
    document.save(str(path))

    text = only_text(read_source(path))

    assert text == (
        "Bảng\nCơ quan ban hành\tGhi chú\nBộ Tư pháp\tHà Nội\tgộp dọc\nBộ Y tế\tdòng một dòng hai\n"
    )
    assert text.count("Cơ quan ban hành") == 1
    assert text.count("gộp dọc") == 1


def test_docx_text_is_normalised(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(unicodedata.normalize("NFD", "ÐỒNG THÁP, ngày 5 tháng 6"))
    path = tmp_path / "nfd.docx"
    document.save(str(path))
    assert only_text(read_source(path)) == "ĐỒNG THÁP, ngày 5 tháng 6\n"


def test_docx_with_only_a_header_has_no_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Chỉ có đầu trang"
    path = tmp_path / "header-only.docx"
    document.save(str(path))
    assert "no text" in read_error(path).message


def rewritten_docx(tmp_path: Path, drop: str | None = None, replace: bytes | None = None) -> bytes:
    source = tmp_path / "source.docx"
    docx.Document().save(str(source))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            if item.filename == drop:
                continue
            data = old.read(item)
            if replace is not None and item.filename == "word/document.xml":
                data = replace
            new.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["random", "truncated", "no-document", "bad-xml", "xlsx"])
def test_corrupt_docx(tmp_path: Path, kind: str) -> None:
    if kind == "random":
        data = os.urandom(2048)
    elif kind == "truncated":
        data = rewritten_docx(tmp_path)[:700]
    elif kind == "no-document":
        data = rewritten_docx(tmp_path, drop="word/document.xml")
    elif kind == "bad-xml":
        data = rewritten_docx(tmp_path, replace=b"<w:document><w:body>")
    else:  # a zip of another kind, named .docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        data = out.getvalue()
    path = tmp_path / "x.docx"
    path.write_bytes(data)

    error = read_error(path)

    assert error.message.startswith("corrupt .docx: ")
    assert str(error).startswith("x.docx: corrupt .docx")
    if kind == "no-document":
        assert "word/document.xml" in error.message


# --- PDF --------------------------------------------------------------------------------


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(
        simple_pdf(
            [
                ["UY BAN NHAN DAN", "So: 125/UBND-VP", "Ha Noi, ngay 05 thang 6 nam 2023"],
                ["Dieu 1. Pham vi dieu chinh (Article 1)", "Noi nhan:"],
            ]
        )
    )

    result = read_source(path)

    (source,) = result.texts
    assert result.problems == ()
    assert source.origin == "cong-van.pdf"
    assert source.meta == {"pages": 2}
    assert source.text == (
        "UY BAN NHAN DAN\nSo: 125/UBND-VP\nHa Noi, ngay 05 thang 6 nam 2023\n"
        "Dieu 1. Pham vi dieu chinh (Article 1)\nNoi nhan:\n"
    )


def test_pdf_vietnamese_text_layer(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    font = vietnamese_font()
    pages = [
        ["BỘ TÀI CHÍNH", "Số: 12/2020/TT-BTC", "Hà Nội, ngày 01 tháng 02 năm 2020", "THÔNG TƯ"],
        ["Điều 1. Phạm vi điều chỉnh", "Đồng Tháp, Thừa Thiên Huế, Quảng Ngãi"],
    ]
    pdf = fpdf.FPDF()
    pdf.add_font("Viet", fname=str(font))
    pdf.set_font("Viet", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "12-tt-btc.pdf"
    path.write_bytes(bytes(pdf.output()))

    text = only_text(read_source(path))

    assert text == "\n".join(line for lines in pages for line in lines) + "\n"
    assert unicodedata.is_normalized("NFC", text)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf(pages=3))
    error = read_error(path)
    assert error.message == (
        "PDF has no text layer: it needs OCR first (e.g. ocrmypdf), luocdo does not do OCR"
    )


def test_pdf_with_only_page_numbers_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan-numbered.pdf"
    path.write_bytes(simple_pdf([["1"], ["2"], ["- 3 -"]]))
    assert "needs OCR" in read_error(path).message


def test_pdf_image_only_needs_ocr(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    image = pytest.importorskip("PIL.Image")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(image.new("RGB", (200, 280), "white"), x=10, y=10, w=180)
    path = tmp_path / "anh-chup.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert "needs OCR" in read_error(path).message


def test_pdf_with_a_scanned_page_warns(tmp_path: Path) -> None:
    text_page = ["Dieu 1. Van ban nay quy dinh ve viec quan ly tai san cong tai co quan."]
    reader = PdfReader(io.BytesIO(simple_pdf([text_page, text_page])))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.add_blank_page(width=612, height=792)
    writer.add_page(reader.pages[1])
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(out.getvalue())

    result = read_source(path)

    assert result.texts[0].text.count("Dieu 1.") == 2
    (problem,) = result.problems
    assert problem.file == "mixed.pdf"
    assert problem.code == "pdf-page-without-text"
    assert "page 2" in problem.message


def test_pdf_with_password(tmp_path: Path) -> None:
    path = tmp_path / "mat.pdf"
    path.write_bytes(
        encrypted_pdf(simple_pdf([["Dieu 1. Bi mat nha nuoc, khong duoc sao chep"]]), "s3")
    )
    assert "password" in read_error(path).message


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    line = "Dieu 1. Ban in co han che quyen sao chep nhung mo duoc"
    path = tmp_path / "han-che.pdf"
    path.write_bytes(encrypted_pdf(simple_pdf([[line]]), ""))
    assert only_text(read_source(path)) == line + "\n"


@pytest.mark.parametrize("kind", ["random", "truncated", "header-only"])
def test_corrupt_pdf(tmp_path: Path, kind: str) -> None:
    good = simple_pdf([["Dieu 1. Noi dung du dai de co lop van ban"]])
    data = {
        "random": os.urandom(1500),
        "truncated": good[: len(good) // 3],
        "header-only": b"%PDF-1.7\n",
    }[kind]
    path = tmp_path / "hong.pdf"
    path.write_bytes(data)
    assert "PDF" in read_error(path).message


# --- JSON Lines -------------------------------------------------------------------------

RECORDS = [
    json.dumps({"id": "vb-1", "text": "Điều 1.\r\nÐồng ý", "so_hieu": "1/QĐ", "nam": 2020}),
    json.dumps({"text": "Điều 2. Không có id", "loai": "Thông tư"}, ensure_ascii=False),
    '{"id": "vb-3", "text": "thiếu ngoặc"',
    json.dumps({"id": "vb-4", "title": "no text field"}),
    "",
]


def check_records(result: ReadResult, name: str) -> None:
    assert [t.origin for t in result.texts] == [f"{name}#vb-1", f"{name}#2"]
    first, second = result.texts
    assert first.text == "Điều 1.\nĐồng ý"
    assert first.meta == {"id": "vb-1", "so_hieu": "1/QĐ", "nam": 2020}
    assert second.text == "Điều 2. Không có id"
    assert second.meta == {"loai": "Thông tư"}
    assert [(p.file, p.line) for p in result.problems] == [(name, 3), (name, 4)]
    bad_json, no_text = result.problems
    assert bad_json.code == "record-bad-json"
    assert bad_json.severity is Severity.ERROR
    assert "line 3" in bad_json.message
    assert no_text.code == "record-without-text"


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(RECORDS), encoding="utf-8")
    check_records(read_source(path), "records.jsonl")


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "records.JSONL.GZ"
    path.write_bytes(gzip.compress("\r\n".join(RECORDS).encode("utf-8")))
    check_records(read_source(path), "records.JSONL.GZ")


def test_json_lines_named_json(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text("\n".join(RECORDS), encoding="utf-8")
    check_records(read_source(path), "records.json")


def test_json_document(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    records = [{"id": 7, "text": "Điều 7."}, {"text": "Điều 8."}, {"text": ""}, "không phải"]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")

    result = read_source(path)

    assert [t.origin for t in result.texts] == ["array.json#7", "array.json#2"]
    assert [(p.line, p.code) for p in result.problems] == [
        (None, "record-without-text"),
        (None, "record-not-object"),
    ]
    assert "record 3" in result.problems[0].message

    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "a", "text": "Điều 1."}, indent=2), encoding="utf-8")
    assert [t.origin for t in read_source(single).texts] == ["one.json#a"]


def test_jsonl_duplicate_id_and_bad_bytes(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x", "text": "một"}).encode(),
        json.dumps({"id": "x", "text": "hai"}).encode(),
        b'{"id": "y", "text": "\xff\xfe"}',
        json.dumps([1, 2]).encode(),
    ]
    path = tmp_path / "dup.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")

    result = read_source(path)

    assert [t.origin for t in result.texts] == ["dup.jsonl#x", "dup.jsonl#2"]
    assert [(p.line, p.code) for p in result.problems] == [
        (2, "duplicate-record-id"),
        (3, "record-not-utf8"),
        (4, "record-not-object"),
    ]


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "hong.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n' * 50)[:30])
    assert "gzip" in read_error(path).message


@pytest.mark.skipif(not CORPUS_DEV.is_file(), reason=f"{CORPUS_DEV} is not on this machine")
def test_real_corpus_dev_split() -> None:
    result = read_source(CORPUS_DEV)
    assert len(result.texts) == 215
    assert result.problems == ()
    origins = [t.origin for t in result.texts]
    assert len(set(origins)) == len(origins)
    assert all(o.startswith("dev.jsonl.gz#") for o in origins)
    assert all(unicodedata.is_normalized("NFC", t.text) for t in result.texts)
    assert all("text" not in t.meta and "id" in t.meta for t in result.texts)
