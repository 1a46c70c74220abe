"""Property tests (Hypothesis) for the parser and the citation extractor, on any text.

The properties are those of the fuzz run (``benchmarks/fuzz.py``, ≥ 1,000,000 inputs): the
parser and the extractor never raise; every mention lies inside the text and its ``text`` is
the slice; lines are lines of the text; identities read back; a document's mentions do not
depend on the documents around it. Here they run on Hypothesis' inputs, a few hundred a test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks import fuzz
from graph import pipeline
from graph.codes import TYPES_BY_SLUG, System
from graph.extract import SENTENCE_LIMIT, extract_mentions
from graph.ids import DocumentId
from graph.models import Document, Mention
from graph.parse import parse_document
from graph.pipeline import mentions_of

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_pieces = st.one_of(
    st.sampled_from(fuzz.PHRASES),
    st.sampled_from(fuzz.NUMBERS),
    st.sampled_from(fuzz.ODD),
    st.text(fuzz.LETTERS + fuzz.LETTERS.upper() + "0123456789/-.,:;()“” \n", max_size=12),
    st.text(max_size=6),  # any code point but a lone surrogate, which no decoding yields
    st.integers(0, 99_999).map(str),
)
_soup = st.lists(
    st.tuples(_pieces, st.sampled_from(fuzz.SEPARATORS)).map("".join), max_size=40
).map("".join)
_long_line = st.tuples(_pieces, st.sampled_from(["", " ", "/", "-"]), st.integers(50, 800)).map(
    lambda t: (t[0] + t[1]) * t[2]
)
_front_matter = st.tuples(
    st.lists(st.tuples(st.sampled_from(fuzz.PHRASES), _pieces), max_size=4), st.booleans(), _soup
).map(
    lambda t: "---\n" + "".join(f"{k}: {v}\n" for k, v in t[0]) + ("---\n" if t[1] else "") + t[2]
)
_letterhead = st.tuples(_soup, _soup).map(
    lambda t: (
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nSố: {t[0]}\nHà Nội, ngày 16 tháng 11 năm 2021\n"
        f"CHỈ THỊ\n{t[1]}\nNơi nhận:\n- Như trên;\nTHỦ TƯỚNG\n\nPhạm Minh Chính\n"
    )
)
texts = st.one_of(_soup, _soup, st.text(), _long_line, _front_matter, _letterhead)

# A cite, then more than 2 × SENTENCE_LIMIT characters without a space: the sentence is
# clamped, and the clamp falls inside the mention.
CLAMPED = "Theo Luật Đất đai" + "…" * (2 * SENTENCE_LIMIT)


@FAST
@given(texts)
@example("Số: 33/CT-TTg\r\nHà Nội, ngày 16 tháng 11 năm 2021\x00\u2028CHỈ THỊ\n")
@example("---\ndate: [oops\n---\n")
@example("")
def test_parse_never_raises_and_its_lines_are_lines_of_the_text(text: str) -> None:
    doc = parse_document(text, "x.txt")
    assert fuzz.document_violations(doc, text, "x.txt") == []


@FAST
@given(texts)
@example("Căn cứ Nghị định số 12/2021/NĐ-CP ngày 26/11/2021 của Chính phủ; Luật này")
@example("Theo Chỉ thị số 33/CT-TTg " + "…" * 1400)
def test_every_mention_is_the_slice_of_its_span(text: str) -> None:
    # below the clamp the sentence holds the whole mention; above it, see the xfail below
    whole = len(text) <= 2 * SENTENCE_LIMIT
    doc = parse_document(text, "x.txt")
    assert fuzz.mention_violations(mentions_of(doc), text, whole_sentence=whole) == []
    assert fuzz.mention_violations(extract_mentions(text), text, whole_sentence=whole) == []


def test_a_clamped_sentence_still_holds_its_mention() -> None:
    (mention,) = extract_mentions(CLAMPED)
    assert mention.text == "Luật Đất đai"
    assert mention.sentence_start <= mention.start and mention.end <= mention.sentence_end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=2, max_size=6))
def test_a_documents_mentions_do_not_depend_on_the_others(corpus: list[str]) -> None:
    docs = [parse_document(text, f"{i}.txt") for i, text in enumerate(corpus)]
    assert fuzz.corpus_violations(docs) == []


def test_the_checks_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    a = parse_document("Thực hiện Chỉ thị số 33/CT-TTg.", "a.txt")
    b = parse_document("Căn cứ Luật số 1/2020/QH14.", "b.txt")
    assert fuzz.corpus_violations([a, b]) == []
    assert fuzz.mention_violations(mentions_of(a), a.text) == []
    assert fuzz.mention_violations(mentions_of(a), "y" + a.text) != []
    calls: list[str] = []

    def forgetful(doc: Document) -> tuple[Mention, ...]:
        calls.append(doc.path)
        return () if len(calls) == 1 else mentions_of(doc)

    monkeypatch.setattr(pipeline, "mentions_of", forgetful)
    assert fuzz.corpus_violations([a, b]) == ["a.txt: mentions differ in a corpus and alone"]


# DocumentId.parse(str(x)) == x: tests/test_ids.py checks ids from well-formed numbers; here
# from any text read as a number, and from any name.

_number_text = st.text(st.sampled_from(list("0123456789/-.aAđĐQĐCTTgUBNDH ~:*_?\u00d0\u00a0İ")))
_years = st.one_of(st.none(), st.integers(1000, 9999))
_types = st.one_of(st.none(), st.sampled_from(sorted(TYPES_BY_SLUG)))


@FAST
@given(st.one_of(_number_text, st.text(max_size=20), st.sampled_from(fuzz.NUMBERS)), _years, _types)
def test_an_id_from_any_number_reads_back(raw: str, year: int | None, slug: str | None) -> None:
    try:
        doc_id = DocumentId.from_number(raw, year, slug)
    except ValueError:
        return  # not a number's shape: refused, never a malformed id
    assert DocumentId.parse(str(doc_id)) == doc_id


@FAST
@given(st.sampled_from(list(System)), st.sampled_from(sorted(TYPES_BY_SLUG)), _years, st.text())
def test_an_id_from_any_name_reads_back(
    system: System, slug: str, year: int | None, name: str
) -> None:
    doc_id = DocumentId.named(system, slug, year, name)
    assert DocumentId.parse(str(doc_id)) == doc_id
