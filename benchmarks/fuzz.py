"""Fuzz run: generated inputs through the parser and the citation extractor.

Every input is a text built from a seeded generator (fragment soup of Vietnamese legal
phrases and document numbers, windows of real and synthetic documents mutated by insertions,
deletions and odd characters, random code points, very long lines). Each goes through
:func:`graph.parse.parse_document` and the extractor exactly as the pipeline calls it
(:func:`graph.pipeline.mentions_of`), and through :func:`graph.extract.extract_mentions` on
the raw text; :func:`violations` checks what must hold for any text:

* nothing raises;
* every mention lies inside the text, its ``text`` equals the slice, its line is the line of
  its start, its sentence and phrase lie inside the text and around it, its indices
  (``refers_to``, ``nested_in``, ``links``) point into the result, mentions are in text order;
* every field's line, every problem's line and the received stamp's lines are lines of the
  text; ``body_start`` is inside the text;
* ``DocumentId.parse(str(x)) == x`` for the document's identity and every identity minted
  from a mention's number.

Every 8th batch of inputs is also extracted as one corpus (:func:`graph.pipeline.extract_corpus`,
which resolves it too): each document's mentions must equal its mentions extracted alone.

Input ``i`` depends only on ``(seed, i)``, so a failure is replayed with ``--replay i``.
Failing inputs are saved to ``benchmarks/results/fuzz-failures/<i>.txt``; the summary goes to
``benchmarks/results/fuzz.json``.

Usage::

    python3 -m benchmarks.fuzz --inputs 1000000 --jobs 2 [--seed 0]
    python3 -m benchmarks.fuzz --replay 123456
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ids import DocumentId  # noqa: E402
from graph.models import SELF_INDEX, Document, Field, Mention  # noqa: E402
from graph.parse import parse_document  # noqa: E402
from graph.pipeline import Corpus, extract_corpus, mentions_of  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

# --- the generator ------------------------------------------------------------------------------

# fmt: off
NUMBERS = (
    "12/2021/NĐ-CP", "33/CT-TTg", "9465/UBND-KSTTHC", "23-QĐ/TW", "104/2016/QH13",
    "16/VBHN-BTC", "66.16/2026/NQ-CP", "169-CP", "10-HĐBT", "1a/QĐ-UBND", "05-CT/TW",
    "19/2012/TTLT-BTC-BKH&ĐT-BTTTT", "17/2022/UBTVQH15", "13/2015/TT- BVHTTDL",
    "116 /2002/TT-BTC", "**9465** /UBND-KSTTHC", "30/2020/ND-CP", "12/QÐ-TTg",
    "07/2022/tt-btttt", "216-NQ/QHK4", "36-HD/VPTW", "0/0000/NĐ-CP", "99999999/9999/QĐ-",
    "1/2021/", "/2021/NĐ-CP", "1//NĐ-CP", "1/-/", "-/", "12/2021/NĐ-CP/", "01/2026/TT-BNV",
    "5/QyĐ-UBND", "37-QĐi/TW", "12/CTr-UBND", "559/TTr-STP", "45/LCT", "1/0999/NĐ-CP",
)
PHRASES = (
    "Căn cứ", "căn cứ", "Luật", "Bộ luật", "Hiến pháp năm 2013", "Hiến pháp", "Nghị định",
    "Nghị định số", "Thông tư", "Thông tư liên tịch", "Chỉ thị", "Quyết định", "Nghị quyết",
    "Pháp lệnh", "Công văn", "Văn bản hợp nhất", "Quy định", "Kết luận", "Hướng dẫn",
    "Kế hoạch", "Luật Tổ chức Chính phủ", "Luật Ban hành văn bản quy phạm pháp luật",
    "Luật sửa đổi, bổ sung một số điều của", "Luật Đấu thầu", "Bộ luật Dân sự",
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Đại hội XII", "số", "Số:",
    "Số", "ngày", "tháng", "năm", "ngày 26 tháng 11 năm 2021", "26/11/2021", "ngày 30/02/2021",
    "ngày 31 tháng 13 năm 0000", "năm 2013", "của Thủ tướng Chính phủ", "của Chính phủ",
    "của Bộ trưởng Bộ Tài chính", "của Ban Chấp hành Trung ương", "về việc", "về",
    "quy định chi tiết", "hướng dẫn thi hành", "sửa đổi, bổ sung", "được sửa đổi, bổ sung bởi:",
    "thay thế", "bãi bỏ", "hết hiệu lực", "thực hiện", "Thực hiện", "tiếp tục thực hiện",
    "theo", "nêu trên", "này", "Chỉ thị này", "Luật này", "các văn bản có liên quan", "Điều 5",
    "Điều", "khoản 2", "điểm a", "Chương II", "Mục 1", "(sau đây viết tắt là",
    "(sau đây gọi là", ")", "(", "“", "”", '"', "'", ";", ",", ".", ":", "…", "-", "/", "**",
    "_", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "Kính gửi:", "TM.", "KT.", "TL.", "TUQ.",
    "Q.", "CHỦ TỊCH", "THỦ TƯỚNG", "PHÓ CHỦ TỊCH", "Phạm Minh Chính", "Nguyễn Văn A",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THỦ TƯỚNG CHÍNH PHỦ",
    "ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "BỘ TÀI CHÍNH", "CHỈ THỊ", "NGHỊ ĐỊNH",
    "QUYẾT ĐỊNH:", "Hà Nội,", "Hải Phòng,", "ĐẾN", "Số đến:", "Ngày đến:", "Chuyển:",
    "CÔNG BÁO/Số 1 + 2/Ngày 01-01-2020", "Người ký: X", "Ký bởi: Y", "Email: a@b.vn",
    "http://vanban.chinhphu.vn/1/2021/NĐ-CP", "www.x.vn/33/CT-TTg", "Có hiệu lực từ ngày",
    "VĂN BẢN HỢP NHẤT", "Văn bản này được hợp nhất từ", "---", "date: 2021-11-26",
    "issuer: Thủ tướng Chính phủ", "number: 33/CT-TTg", "title: [", "recipients: {a: 1}",
)
LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
ODD = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x7f", "\x85", "\xa0",
    "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d", "\u202e", "\ufffd", "\u00d0", "\u00f0",
    "\u0189", "İ", "ẞ", "ﬁ", "\u0301", "\u0323", "\u0300", "\u0309", "\u0303", "Ｓố", "１２", "С",
    "О", "Т", "\U0001f600", "\U0010ffff", "\r", "\r\n", "\t", "\n\n", " ", "  ", "0", "9",
)
SEPARATORS = (" ", " ", " ", "\n", ", ", ". ", "; ", " số ", "\n\n", "")
# fmt: on


def _load_texts() -> tuple[str, ...]:
    """Real and synthetic documents to cut windows from (deterministic)."""
    from graph.synth import generate

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("*.txt"))]
    texts += [text for _name, text, _planted in generate(40, 11)]
    return tuple(texts)


_TEXTS: tuple[str, ...] = ()


def _texts() -> tuple[str, ...]:
    global _TEXTS
    if not _TEXTS:
        _TEXTS = _load_texts()
    return _TEXTS


def _piece(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(PHRASES)
    if roll < 0.65:
        return rng.choice(NUMBERS)
    if roll < 0.8:
        return "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 8)))
    if roll < 0.9:
        return rng.choice(ODD)
    return str(rng.randint(0, 10 ** rng.randint(1, 5)))


def _soup(rng: random.Random) -> str:
    return "".join(_piece(rng) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 24)))


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(text))
        op = rng.random()
        if op < 0.35:
            text = text[:pos] + _piece(rng) + rng.choice(SEPARATORS) + text[pos:]
        elif op < 0.55:
            text = text[:pos] + text[pos + rng.randint(1, 40) :]
        elif op < 0.7:
            text = text[:pos] + rng.choice(ODD) + text[pos + 1 :]
        elif op < 0.8:
            end = min(len(text), pos + rng.randint(1, 80))
            text = text[:pos] + text[pos:end] * rng.randint(2, 4) + text[end:]
        elif op < 0.9:
            end = min(len(text), pos + rng.randint(1, 80))
            text = text[:pos] + text[pos:end].upper() + text[end:]
        else:
            import unicodedata

            end = min(len(text), pos + rng.randint(1, 200))
            text = text[:pos] + unicodedata.normalize("NFD", text[pos:end]) + text[end:]
    return text


def _window(rng: random.Random) -> str:
    source = rng.choice(_texts())
    # the header holds most of the metadata: start there more often than anywhere else
    start = 0 if rng.random() < 0.4 else rng.randint(0, len(source))
    return _mutate(rng, source[start : start + rng.randint(20, 500)])


def _random_code_points(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 200)):
        cp = rng.randint(0, 0x10FFFF) if rng.random() < 0.5 else rng.randint(0, 0x2FF)
        if 0xD800 <= cp <= 0xDFFF:  # a lone surrogate is no text (nothing decodes to it)
            cp = 0x0A
        out.append(chr(cp))
    return "".join(out)


def _long_line(rng: random.Random) -> str:
    unit = _piece(rng) + rng.choice((" ", "", ", ", "/", "-"))
    line = unit * rng.randint(50, 2000 // max(1, len(unit)) + 50)
    return _mutate(rng, line) if rng.random() < 0.5 else line


def _front(rng: random.Random, body: str) -> str:
    lines = [rng.choice(PHRASES) + ": " + _piece(rng) for _ in range(rng.randint(0, 4))]
    closing = "---\n" if rng.random() < 0.8 else ""
    return "---\n" + "".join(line + "\n" for line in lines) + closing + body


def generate_input(seed: int, index: int) -> str:
    """Input ``index`` of the run with ``seed``: a pure function of both."""
    rng = random.Random(f"{seed}:{index}")  # a str seed hashes with SHA-512: no PYTHONHASHSEED
    roll = rng.random()
    if roll < 0.42:
        text = _soup(rng)
    elif roll < 0.84:
        text = _window(rng)
    elif roll < 0.96:
        text = _random_code_points(rng)
    else:
        text = _long_line(rng)
    if rng.random() < 0.05:
        text = _front(rng, text)
    return text


# --- the properties -----------------------------------------------------------------------------


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def _round_trip(doc_id: DocumentId, what: str) -> list[str]:
    try:
        back = DocumentId.parse(str(doc_id))
    except ValueError as err:
        return [f"{what}: DocumentId.parse({str(doc_id)!r}) raised {err}"]
    return [] if back == doc_id else [f"{what}: {doc_id!r} reads back as {back!r}"]


def document_violations(doc: Document, text: str, name: str) -> list[str]:
    """What must hold of the parse of any text."""
    out: list[str] = []
    lines = _line_count(text)
    if doc.text != text or doc.path != name:
        out.append("document text or path differs from the input")
    if not 0 <= doc.body_start <= len(text):
        out.append(f"body_start {doc.body_start} outside the text (length {len(text)})")
    for meta_field in dataclasses.fields(doc.meta):
        value = getattr(doc.meta, meta_field.name)
        if isinstance(value, Field) and value.line is not None and not 1 <= value.line <= lines:
            out.append(f"{meta_field.name}: line {value.line} outside 1..{lines}")
    stamp = doc.meta.received
    if stamp is not None and not 1 <= stamp.first_line <= stamp.last_line <= lines:
        out.append(f"received stamp: lines {stamp.first_line}..{stamp.last_line} of {lines}")
    for problem in doc.problems:
        if problem.file != name:
            out.append(f"problem names file {problem.file!r}")
        if problem.line is not None and not 1 <= problem.line <= lines:
            out.append(f"problem {problem.code}: line {problem.line} outside 1..{lines}")
    if doc.doc_id is not None:
        out += _round_trip(doc.doc_id, "document id")
    return out


def mention_violations(
    mentions: Sequence[Mention], text: str, *, whole_sentence: bool = True
) -> list[str]:
    """What must hold of the mentions found in any text.

    ``whole_sentence=False`` skips the check that the sentence ends after the mention (which
    fails for a sentence clamped inside the mention: tests/test_robust_properties.py).
    """
    out: list[str] = []
    n = len(mentions)
    previous = -1
    for i, m in enumerate(mentions):
        where = f"mention {i} ({m.kind.value}, {m.start}:{m.end})"
        if not 0 <= m.start < m.end <= len(text):
            out.append(f"{where}: span outside the text (length {len(text)})")
            continue
        if text[m.start : m.end] != m.text:
            out.append(f"{where}: text {m.text!r} != slice {text[m.start : m.end]!r}")
        line = text.count("\n", 0, m.start) + 1
        if m.line != line:
            out.append(f"{where}: line {m.line}, starts on line {line}")
        if m.start < previous:
            out.append(f"{where}: before the previous mention")
        previous = m.start
        ends_after = m.end <= m.sentence_end or not whole_sentence
        if not (0 <= m.sentence_start <= m.start <= m.sentence_end <= len(text) and ends_after):
            out.append(f"{where}: sentence {m.sentence_start}:{m.sentence_end} not around it")
        if not m.end <= m.phrase_end <= len(text):
            out.append(f"{where}: phrase_end {m.phrase_end}")
        for label, index in (("refers_to", m.refers_to), ("nested_in", m.nested_in)):
            if index is not None and not 0 <= index < n:
                out.append(f"{where}: {label} {index} outside 0..{n - 1}")
        for link in m.links:
            if link.other != SELF_INDEX and not 0 <= link.other < n:
                out.append(f"{where}: link to {link.other} outside 0..{n - 1}")
        if m.number is not None:
            try:
                minted = DocumentId.from_number(m.number, m.year, m.doc_type)
            except ValueError:
                continue  # a legacy number ("169-CP") has no canonical shape: resolve keeps it
            out += _round_trip(minted, f"{where}: id of {m.number!r}")
    return out


def violations(text: str, name: str = "fuzz.txt") -> tuple[list[str], Document | None]:
    """Every property that fails for ``text`` (empty: all hold), and its parse."""
    from graph.extract import extract_mentions

    try:
        doc = parse_document(text, name)
    except Exception:  # noqa: BLE001  (any exception is the finding)
        return [f"parse_document raised:\n{traceback.format_exc()}"], None
    out = document_violations(doc, text, name)
    try:
        out += mention_violations(mentions_of(doc), text)
    except Exception:  # noqa: BLE001
        out.append(f"extraction (as the pipeline calls it) raised:\n{traceback.format_exc()}")
    try:
        out += mention_violations(extract_mentions(text), text)
    except Exception:  # noqa: BLE001
        out.append(f"extract_mentions(text) raised:\n{traceback.format_exc()}")
    return out, doc


def corpus_violations(docs: Sequence[Document]) -> list[str]:
    """Each document's mentions extracted in a corpus equal its mentions extracted alone."""
    unique = list({doc.path: doc for doc in docs}.values())
    try:
        together = extract_corpus(Corpus(tuple(unique), (), tuple(d.path for d in unique)))
    except Exception:  # noqa: BLE001
        return [f"extract_corpus raised:\n{traceback.format_exc()}"]
    out = []
    for doc in unique:
        alone = extract_corpus(Corpus((doc,), (), (doc.path,))).mentions[doc.path]
        if together.mentions[doc.path] != alone:
            out.append(f"{doc.path}: mentions differ in a corpus and alone")
    return out


# --- the run ------------------------------------------------------------------------------------

CHUNK = 2_000  # inputs per task
BATCH = 16  # documents extracted together for the independence check
Failure = tuple[int, list[str]]


def run_chunk(task: tuple[int, int, int]) -> tuple[int, int, list[Failure], int]:
    """Inputs ``start``..``stop`` of run ``seed``: (inputs, characters, failures, corpus checks)."""
    seed, start, stop = task
    failures: list[Failure] = []
    chars = 0
    batch: list[tuple[int, Document]] = []
    batches = 0
    for index in range(start, stop):
        text = generate_input(seed, index)
        chars += len(text)
        problems, doc = violations(text, f"{index}.txt")
        if problems:
            failures.append((index, problems))
        if doc is not None:
            batch.append((index, doc))
        if len(batch) == BATCH or (index == stop - 1 and batch):
            if (index // BATCH) % 8 == 0:
                batches += 1
                for message in corpus_violations([d for _, d in batch]):
                    failures.append((batch[0][0], [f"corpus of {batch[0][0]}..: {message}"]))
            batch = []
    return stop - start, chars, failures, batches


def _tasks(seed: int, inputs: int) -> Iterator[tuple[int, int, int]]:
    for start in range(0, inputs, CHUNK):
        yield seed, start, min(inputs, start + CHUNK)


SAVE_PER_CLASS = 20  # failing inputs saved per class of failure


def failure_class(message: str) -> str:
    """A failure message without its numbers and quoted text: what kind of failure."""
    lines = message.strip().splitlines()
    if "raised" in lines[0]:
        return f"{lines[0]} {lines[-1].split(':')[0]}"
    head = re.sub(r"'[^']*'|\"[^\"]*\"", "…", lines[0])
    return re.sub(r"\d+", "N", head)


def save_failure(folder: Path, seed: int, index: int, problems: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{seed}-{index}.txt"
    path.write_text(generate_input(seed, index), encoding="utf-8", newline="")
    path.with_suffix(".problems").write_text("\n".join(problems) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS / "fuzz.json")
    parser.add_argument("--failures", type=Path, default=RESULTS / "fuzz-failures")
    parser.add_argument("--replay", type=int, help="check one input and print it")
    args = parser.parse_args(argv)

    if args.replay is not None:
        text = generate_input(args.seed, args.replay)
        problems, _doc = violations(text, f"{args.replay}.txt")
        print(repr(text))
        print("\n".join(problems) or "all properties hold")
        return 1 if problems else 0

    started = time.monotonic()
    done = chars = batches = 0
    failures: list[Failure] = []
    classes: dict[str, int] = {}
    last_report = started
    context = get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(args.jobs) as pool:
        for count, n_chars, found, n_batches in pool.imap_unordered(
            run_chunk, _tasks(args.seed, args.inputs)
        ):
            done += count
            chars += n_chars
            batches += n_batches
            for index, problems in found:
                failures.append((index, problems))
                kinds = sorted({failure_class(p) for p in problems})
                for kind in kinds:
                    classes[kind] = classes.get(kind, 0) + 1
                if any(classes[kind] <= SAVE_PER_CLASS for kind in kinds):
                    path = save_failure(args.failures, args.seed, index, problems)
                    print(f"FAIL input {index}: {'; '.join(kinds)} → {path}", flush=True)
            now = time.monotonic()
            if now - last_report >= 30 or done == args.inputs:
                last_report = now
                rate = done / (now - started)
                print(
                    f"{done:,}/{args.inputs:,} inputs, {len(failures)} failing, "
                    f"{rate:,.0f} inputs/s",
                    flush=True,
                )
    elapsed = time.monotonic() - started
    summary: dict[str, Any] = {
        "inputs": done,
        "seed": args.seed,
        "jobs": args.jobs,
        "characters": chars,
        "corpus_checks": batches,
        "failing_inputs": len({index for index, _ in failures}),
        "failure_classes": dict(sorted(classes.items())),
        "first_failing": sorted({index for index, _ in failures})[:100],
        "seconds": round(elapsed, 1),
        "inputs_per_second": round(done / elapsed) if elapsed else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(
        f"{done:,} inputs ({chars:,} characters, {batches:,} corpus checks of {BATCH}) in "
        f"{elapsed:,.1f} s ({summary['inputs_per_second']:,} inputs/s, {args.jobs} processes): "
        f"{summary['failing_inputs']:,} failing"
    )
    for kind, count in sorted(classes.items()):
        print(f"  {count:>9,}  {kind}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
