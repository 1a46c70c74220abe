"""The command line as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_help_lists_commands() -> None:
    out = run("--help").stdout
    for command in ("build", "import", "extract"):
        assert command in out


def test_extract_prints_both_seed_documents() -> None:
    result = run("extract", str(ROOT / "content"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_number = {r["number"]: r for r in records}
    assert set(by_number) == {"33/CT-TTg", "9465/UBND-KSTTHC"}
    ct = by_number["33/CT-TTg"]
    assert ct["type"] == "Chỉ thị" and ct["issuer"] == "Thủ tướng Chính phủ"
    assert ct["signer"] == "Phạm Bình Minh" and ct["date"] == "2021-11-16"
    assert ct["received"]["number"] == "1206" and ct["received"]["date"] == "2021-11-27"
    cv = by_number["9465/UBND-KSTTHC"]
    assert cv["type"] == "Công văn" and cv["place"] == "Hải Phòng"
    required = {
        "file",
        "number",
        "id",
        "type",
        "system",
        "issuer",
        "place",
        "date",
        "title",
        "signer",
        "signer_title",
        "signing_authority",
        "addressees",
        "recipients",
        "received",
        "citations",
        "warnings",
    }
    assert all(required <= set(r) for r in records)


def test_extract_csv_has_a_row_per_citation_mention() -> None:
    result = run("extract", str(ROOT / "content"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["number"] for r in rows} == {"33/CT-TTg", "9465/UBND-KSTTHC"}
    cv = [r for r in rows if r["number"] == "9465/UBND-KSTTHC"]
    assert len(cv) == 3  # the subject line, "Thực hiện …", and "… nêu trên"
    assert {r["cited_number"] for r in cv} == {"33/CT-TTg"}
    assert all(r["issuer"] == "Ủy ban nhân dân thành phố Hải Phòng" for r in cv)
    vague = [r for r in rows if r["vague"] == "True"]
    assert [r["mention_text"] for r in vague] == [
        "các Nghị quyết của Ban Chấp hành Trung ương Đảng về công tác dân vận"
    ]


def test_build_accounts_for_every_input(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("chi-thi-33-ct-ttg-2021.txt", "cong-van-9465-ubnd-kstthc-2021.txt"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "empty.txt").write_text("")
    (content / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = run("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["inputs"] == 4 and report["documents"] == 2
    assert report["files"]["empty.txt"]["status"] == "refused"
    assert report["files"]["binary.txt"]["status"] == "refused"
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    strict = run("build", "--content", str(content), "--out", str(out), "--strict")
    assert strict.returncode == 1
    assert not (content / "report.json").exists()  # the build never writes into content/
