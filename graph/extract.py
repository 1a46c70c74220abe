"""Find the references to other documents in one document's text.

:func:`extract_mentions` is a pure function of the text: no corpus state, no I/O. It runs
in stages over the stored text, every stage a single regex pass plus work per hit:

1. *scan forms*: the text with skipped ranges (front matter, the document's own number line,
   received stamps, page furniture) blanked, same length, so offsets stay valid; and its
   match form (lower case, new-style tones) for keyword patterns.
2. *anchors*: numbers (``patterns.NUMBER``) with the type word or law title before them,
   law titles ("Luật Tổ chức Chính phủ"), Party events ("Nghị quyết Đại hội … XIII"),
   collective references, "nêu trên" anaphora and "[loại] này" self-references.
3. *tails*: what is stated after a reference: date, "của" issuer, title (quoted or "về …");
   coordinated references share them ("Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW
   ngày 12 tháng 12 năm 2013 của Bộ Chính trị").
4. *nesting*: a reference inside another one's stated title states an edge between two other
   documents ("Kết luận số 01-KL/TW … về tiếp tục thực hiện Chỉ thị số 05-CT/TW").
5. *relations*: cue phrases (``relations.CUES``) by position: the preamble's "Căn cứ" lines,
   the nearest cue before a reference, frame cues of the clause, trailing "(gửi kèm theo)",
   passive "được sửa đổi, bổ sung bởi" and lists under a cue that ends with a colon.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from . import patterns as P
from .codes import ISSUER_BY_CODE, TYPES_BY_NAME
from .ids import canonical_number, split_number, type_of_number
from .models import SELF_INDEX, Mention, MentionKind, StatedLink
from .normalize import fold_key, unify_tones
from .relations import (
    CUE_RE_BY_WORD,
    CUES_BY_NAME,
    TYPE_OR_CUE_TRIGGER,
    Cue,
    CueScope,
    Relation,
    passive_relation,
    sort_relations,
)
from .titles import KnownTitles

__all__ = ["extract_mentions"]

_NOT_CODE_LETTER = re.compile(r"[^A-Za-zĐđ]")
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")

# A text cites the same numbers again and again: the pure number functions are cached.
_canonical_number = functools.lru_cache(maxsize=16384)(canonical_number)
_split_number = functools.lru_cache(maxsize=16384)(split_number)
_type_of_number = functools.lru_cache(maxsize=16384)(type_of_number)

_DD_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})

# How far (in characters of the match form, after removing earlier references and cited
# provisions) a NEAREST cue may stand before the reference it decides.
GAP_LIMIT = 40
TITLE_LIMIT = 400  # longest stated title read after a reference
SENTENCE_LIMIT = 700  # a sentence string is clamped to this many characters each side

_TITLED = frozenset({"luat", "bo-luat", "phap-lenh", "hien-phap"})
_TYPE_TRIGGER_WORDS = frozenset(P.TYPE_FIRST_WORDS)
_CORE_TYPES = frozenset(
    {
        "luat",
        "bo-luat",
        "phap-lenh",
        "hien-phap",
        "nghi-dinh",
        "thong-tu",
        "thong-tu-lien-tich",
        "nghi-quyet",
        "nghi-quyet-lien-tich",
        "quyet-dinh",
        "chi-thi",
        "ket-luan",
        "cong-van",
        "van-ban",
        "van-ban-hop-nhat",
        "thong-bao",
        "quy-dinh",
        "huong-dan",
        "ke-hoach",
        "chuong-trinh",
        "to-trinh",
        "cong-dien",
        "thong-tri",
        "quy-che",
        "lenh",
        "sac-lenh",
    }
)
# Vietnamese ordinal words in "Hội nghị lần thứ năm Ban Chấp hành Trung ương".
_ORDINAL_WORDS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "mười ba": 13,
    "mười bốn": 14,
    "mười lăm": 15,
    "mười sáu": 16,
}
# Year of each national Party congress (Đại hội đại biểu toàn quốc).
CONGRESS_YEARS = {
    "VI": 1986,
    "VII": 1991,
    "VIII": 1996,
    "IX": 2001,
    "X": 2006,
    "XI": 2011,
    "XII": 2016,
    "XIII": 2021,
    "XIV": 2026,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman_value(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


# --- the working record ---------------------------------------------------------------------


@dataclass(slots=True)
class _Ref:
    """A reference while it is being built; becomes a frozen :class:`Mention`."""

    kind: MentionKind
    start: int
    end: int
    number: str | None = None
    doc_type: str | None = None
    type_word: str | None = None
    type_from_word: bool = False
    has_so: bool = False
    title: str | None = None
    title_quoted: bool = False
    quoted_titles: list[str] = field(default_factory=list)
    title_start: int | None = None  # span of the stated title: other references inside it
    title_end: int | None = None  # are nested in this one
    amending: bool = False  # "Luật sửa đổi, bổ sung … của Luật X": core contains X
    date: dt.date | None = None
    date_text: str | None = None
    year: int | None = None
    issuer: str | None = None
    name: str | None = None
    phrase_end: int = 0
    own_tail: bool = False
    shared: list[str] = field(default_factory=list)
    relations: set[Relation] = field(default_factory=set)
    cue: str | None = None
    continuation: bool = False
    amend_kind: str | None = None
    refers_to: int | None = None
    container: int | None = None  # index of the reference whose title contains this one
    links: list[StatedLink] = field(default_factory=list)
    passive_agent: bool = False
    index: int = -1
    self_formula: bool = False  # "Quốc hội ban hành Luật …": the document itself
    alias_of: _Ref | None = None  # a defined short form: the reference it stands for
    confirmed: int = 3  # how sure a law title's end is: 3 known, 2 hard stop, 1 stop word, 0


@dataclass(slots=True)
class _CueHit:
    start: int
    end: int
    cue: Cue
    match: re.Match[str]
    owner: int | None = None  # index of the reference whose title holds the cue


# --- the extractor --------------------------------------------------------------------------


def extract_mentions(
    text: str,
    *,
    body_start: int = 0,
    skip: Sequence[tuple[int, int]] = (),
    own_number: str | None = None,
    own_type: str | None = None,
    own_date: dt.date | None = None,
    known_titles: KnownTitles | None = None,
) -> tuple[Mention, ...]:
    """Every reference to a document in ``text``, in text order.

    Args:
        text: the whole stored file; the offsets of every mention index it and
            ``text[m.start:m.end] == m.text`` always holds.
        body_start: where the text after the YAML front matter starts; nothing before it
            is read.
        skip: offset ranges to ignore: the document's own number line, received stamps,
            page headers. Page furniture of Công báo texts (page headers, page numbers,
            digital-signature lines) is skipped anyway.
        own_number: the document's own số hiệu: never emitted as a citation (it comes back
            with kind ``self``).
        own_type: the document's type slug; "van-ban-hop-nhat" makes the "được sửa đổi, bổ
            sung bởi:" preamble a consolidation.
        own_date: the document's date, to tell its own yearless number from an older
            document with the same number.
        known_titles: titles that bound a law title ("Luật Phòng, chống tham nhũng");
            defaults to the curated list.

    Returns:
        The mentions, sorted by offset. Indices in ``refers_to``, ``nested_in`` and
        ``links`` point into this tuple.
    """
    return _Extractor(
        text,
        body_start,
        skip,
        own_number,
        own_type,
        own_date,
        known_titles if known_titles is not None else KnownTitles.default(),
    ).run()


class _Extractor:
    def __init__(
        self,
        text: str,
        body_start: int,
        skip: Sequence[tuple[int, int]],
        own_number: str | None,
        own_type: str | None,
        own_date: dt.date | None,
        known: KnownTitles,
    ) -> None:
        self.text = text
        self.n = len(text)
        self.body_start = max(0, min(body_start, self.n))
        self.skip = skip
        self.own_number = _seq_key(_canonical_number(own_number)) if own_number else None
        self.own_type = own_type
        self.own_date = own_date
        self.known = known
        self.refs: list[_Ref] = []
        self.vbhn_base: int | None = None  # the document a VBHN consolidates

    # -- stage 1: scan forms --------------------------------------------------------------

    def _prepare(self) -> None:
        chars = self.text
        ranges = [(0, self.body_start), *self.skip]
        # line patterns run on the text with a "\n" in front: match offsets are one more
        lined = "\n" + chars
        ranges += [
            (m.start(), m.end() - 1) for m in P.PAGE_FURNITURE.finditer(lined, self.body_start)
        ]
        if ranges:
            ranges.sort()
            parts: list[str] = []
            pos = 0
            for a, b in ranges:
                a, b = max(a, pos), min(max(b, 0), self.n)
                if b <= a:
                    continue
                parts.append(chars[pos:a])
                parts.append(_blank(chars[a:b]))
                pos = b
            parts.append(chars[pos:])
            chars = "".join(parts)
        if "\u00d0" in chars or "\u00f0" in chars or "\u0189" in chars:
            chars = chars.translate(_DD_LOOKALIKES)
        self.orig = chars
        lower = self.orig.lower()
        if len(lower) != self.n:  # a character whose lower case is longer (İ): keep it
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.orig)
        self.low = unify_tones(lower)

    # -- stage 2: anchors -----------------------------------------------------------------

    def _type_words(self) -> None:
        """Type words (stage 2) and cue phrases (for stage 5) from one scan of first words."""
        self.tw_starts: list[int] = []
        self.tw_ends: list[int] = []
        self.tw_slugs: list[str] = []
        self.cue_hits: list[_CueHit] = []
        low = self.low
        type_match = P.TYPE_WORD.match
        type_words = _TYPE_TRIGGER_WORDS
        cue_by_word = CUE_RE_BY_WORD
        type_end = -1  # a trigger inside the previous type word or cue is not tried again
        cue_end = self.body_start
        for trigger in TYPE_OR_CUE_TRIGGER.finditer(low, self.body_start):
            start = trigger.start()
            word = trigger.group()
            if start >= type_end and word in type_words:
                m = type_match(low, start)
                slug = _type_slug(m.group(0)) if m is not None else None
                if m is not None and slug is not None:
                    type_end = m.end()
                    self.tw_starts.append(start)
                    self.tw_ends.append(type_end)
                    self.tw_slugs.append(slug)
            cue = cue_by_word.get(word)
            if cue is not None and start >= cue_end:
                m = cue.match(low, start)
                name = m.lastgroup if m is not None else None
                if m is not None and name is not None and name in CUES_BY_NAME:
                    self.cue_hits.append(_CueHit(start, m.end(), CUES_BY_NAME[name], m))
                    cue_end = m.end()

    def _numbers(self) -> list[_Ref]:
        out: list[_Ref] = []
        prev_end = -1  # end of the previous number (accepted or rejected) and its verdict
        prev_ok = False
        prev_form = False
        for m in _number_matches(self.orig, self.body_start):
            s, e = m.span()
            if self._in_url(s) or P.STANDARD_BEFORE.search(self.low, max(0, s - 24), s):
                prev_end, prev_ok, prev_form = e, False, False
                continue
            canonical = _canonical_number(m.group(0))
            parts = _split_number(canonical)
            if parts is None:
                prev_end, prev_ok, prev_form = e, False, False
                continue
            # "số", "Số:", "số số" before the number
            p0 = s
            so = P.SO_BEFORE.search(self.low, max(0, s - 24), s)
            if so is not None:
                p0 = so.start()
            has_so = so is not None
            # the type word (and a law title) before "số"
            tw_slug, tw_start, title = self._type_before(p0, has_so)
            if so is not None and title is not None and self.low.count("số", so.start(), s) == 2:
                # "Luật Dân số số 113/2025/QH15": the first "số" ends the title
                second = self.low.find("số", so.start() + 2, s)
                longer = self._type_before(second, True)
                if longer[2] is not None and self.known.has_title(longer[0] or "", longer[2][0]):
                    tw_slug, tw_start, title = longer
            joined = prev_end >= 0 and P.CONNECTOR_GAP.fullmatch(self.low, prev_end, s) is not None
            if tw_slug is None:
                if joined and prev_form:
                    prev_end = e
                    continue
                if P.FORM_BEFORE.search(self.low, max(0, s - 30), s):
                    prev_end, prev_ok, prev_form = e, False, True
                    continue
            codes = (m.group("party") or "") + m.group("codes")
            letters = _NOT_CODE_LETTER.sub("", codes)
            named = tw_slug is not None or has_so
            if not any(c.isupper() for c in codes) and not named and not (joined and prev_ok):
                prev_end, prev_ok, prev_form = e, False, False
                continue
            if (
                not named
                and not (joined and prev_ok)
                and (len(letters) < 2 or _ROMAN_NUMERAL.fullmatch(letters))
            ):
                prev_end, prev_ok, prev_form = e, False, False
                continue
            start = tw_start if tw_start is not None else s
            ref = _Ref(MentionKind.NUMBER, start, e, number=canonical, has_so=has_so)
            ref.year = parts.year
            if tw_slug is not None and tw_start is not None:
                ref.type_word = " ".join(self.orig[tw_start : self.tw_end_at(tw_start)].split())
                ref.doc_type = self._type_with_code(tw_slug, canonical)
                ref.type_from_word = ref.doc_type == tw_slug
            else:
                ref.doc_type = _type_of_number(canonical)
            if title is not None:
                ref.title, ref.title_start, ref.title_end = title
            out.append(ref)
            prev_end, prev_ok, prev_form = e, True, False
        out.extend(self._legacy_numbers())
        out.sort(key=lambda r: r.start)
        return out

    def _legacy_numbers(self) -> list[_Ref]:
        """Numbers of the 1970s-80s, "Quyết định số 169-CP", only right after a type word."""
        out: list[_Ref] = []
        for te in self.tw_ends:
            m = P.LEGACY_AFTER_TYPE.match(self.orig, te)
            if m is None:
                continue
            s, e = m.span("num")
            so = P.SO_BEFORE.search(self.low, max(0, s - 24), s)
            p0 = so.start() if so is not None else s
            tw_slug, tw_start, _ = self._type_before(p0, so is not None)
            if tw_slug is None or tw_start is None:
                continue
            number = re.sub(r"\s+", "", m.group("num"))
            ref = _Ref(MentionKind.NUMBER, tw_start, e, number=number, has_so=so is not None)
            ref.doc_type = tw_slug
            ref.type_from_word = True
            ref.type_word = " ".join(self.orig[tw_start : self.tw_end_at(tw_start)].split())
            out.append(ref)
        return out

    def tw_end_at(self, start: int) -> int:
        i = bisect_left(self.tw_starts, start)
        return self.tw_ends[i] if i < len(self.tw_starts) and self.tw_starts[i] == start else start

    def _in_url(self, s: int) -> bool:
        if s == 0:
            return False
        if self.orig[s - 1] in "%=&#?@_":
            return True
        token_start = max(
            self.orig.rfind(" ", max(0, s - 200), s), self.orig.rfind("\n", max(0, s - 200), s)
        )
        token = self.low[token_start + 1 : s]
        return "http" in token or "www." in token or ".asp" in token or "%" in token

    def _type_before(
        self, p0: int, has_so: bool
    ) -> tuple[str | None, int | None, tuple[str, int, int] | None]:
        """The type word before offset ``p0`` (and a law title between it and "số")."""
        i = bisect_right(self.tw_ends, p0) - 1
        if i < 0:
            return None, None, None
        ts, te, slug = self.tw_starts[i], self.tw_ends[i], self.tw_slugs[i]
        if p0 - te > 200:
            return None, None, None
        gap = self.orig[te:p0]
        if not gap.strip(" \t\n*:"):
            if slug == "van-ban":
                return None, None, None
            return slug, ts, None
        if gap.count("\n") > 1 or self.orig[ts:te].isupper():
            return None, None, None  # "PHÁP LUẬT\n\nCHÍNH PHỦ\n\nSố: …": header lines
        if not has_so or slug not in _TITLED:
            return None, None, None
        if P.TITLE_GAP.fullmatch(gap) is None or "\n\n" in gap:
            return None, None, None
        stripped = gap.strip(" \t\n*")
        if (
            not stripped[:1].isupper()
            and not self.known.has_title(slug, stripped)
            and (slug not in {"luat", "bo-luat"})
        ):
            # "luật bảo hiểm xã hội số 71/2006/QH11": lower case only with a law number
            return None, None, None
        t0 = te + (len(gap) - len(gap.lstrip(" \t\n*")))
        t1 = te + len(gap.rstrip(" \t\n*"))
        return slug, ts, (" ".join(stripped.split()), t0, t1)

    def _type_with_code(self, slug: str, number: str) -> str:
        """The type word decides, unless it contradicts the number's own type code."""
        implied = _type_of_number(number)
        if implied is None or slug == implied:
            return slug
        parts = _split_number(number)
        if parts is not None and parts.party and parts.type_code in {"QĐ", "QĐi", "QyĐ"}:
            return slug  # Party QĐ: Quyết định or Quy định, the type word says which
        if implied == "thong-tu" and slug == "thong-tri":
            return slug
        if (
            slug in {"nghi-quyet", "phap-lenh"}
            and parts is not None
            and (parts.issuer_code == "UBTVQH" or (parts.issuer_code or "").startswith("UBTVQH"))
        ):
            return slug
        if slug in {"cong-van", "van-ban"}:
            return implied
        return slug  # the type word is what the text says; resolve records a conflict

    def _law_titles(self) -> list[_Ref]:
        out: list[_Ref] = []
        for s, e, slug in zip(self.tw_starts, self.tw_ends, self.tw_slugs, strict=True):
            if slug not in _TITLED:
                continue
            word = self.orig[s:e]
            if word.isupper() and len(word) > 1:
                continue  # "LUẬT BẢO HIỂM Y TẾ": a heading, not a reference
            if slug == "luat" and P.PHAP_BEFORE.search(self.low, max(0, s - 8), s):
                continue  # "pháp luật hải quan": the law in general
            ref = self._scan_law_title(s, e, slug)
            if ref is not None:
                out.append(ref)
        self._cut_to_confirmed(out)
        return out

    def _cut_to_confirmed(self, refs: list[_Ref]) -> None:
        """Cut an unconfirmed title to the longest title this text confirms elsewhere.

        "Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024" confirms "Bảo hiểm xã hội"; a
        later "Luật Bảo hiểm xã hội tham gia bảo hiểm …" is then cut after "xã hội".
        """
        confirmed: set[tuple[str, str]] = set()
        for ref in refs:
            if ref.confirmed >= 2 and ref.title and not ref.amending:
                confirmed.add((ref.doc_type or "", _title_words_key(ref.title)))
        if not confirmed:
            return
        for ref in refs:
            if ref.confirmed >= 2 or not ref.title or ref.title_start is None:
                continue
            words = list(re.finditer(r"[^\W\d_]+", self.orig[ref.title_start : ref.title_end]))
            for k in range(len(words) - 1, 0, -1):
                key = _title_words_key(" ".join(w.group(0) for w in words[:k]))
                if (ref.doc_type or "", key) in confirmed:
                    end = ref.title_start + words[k - 1].end()
                    ref.title = " ".join(self.orig[ref.title_start : end].split())
                    ref.end = ref.title_end = end
                    ref.year = None
                    year = P.YEAR_AFTER.match(self.low, end)
                    if year:
                        ref.year = int(year.group("year"))
                        ref.end = year.end()
                    break

    def _scan_law_title(self, s: int, e: int, slug: str, depth: int = 0) -> _Ref | None:
        """A law title after the type word at ``s:e``; None if no title follows."""
        low = self.low
        if slug == "hien-phap":
            if not self.orig[s].isupper():
                return None
            ref = _Ref(MentionKind.TITLE, s, e, doc_type=slug, type_word=self.orig[s:e])
            country = P.COUNTRY.match(low, e)
            if country:
                ref.end = country.end()
            year = P.YEAR_AFTER.match(low, ref.end)
            if year:
                ref.year = int(year.group("year"))
                ref.end = year.end()
            ref.name = f"Hiến pháp năm {ref.year}" if ref.year else None
            ref.title_start, ref.title_end = e, ref.end
            return ref
        after = P.AFTER_TYPE_WORD.match(low, e)
        if after is not None:
            return None  # "Luật số …" (a number follows), "Luật này", "luật sư"
        words = list(self._words(e))
        if not words:
            return None
        first_start = words[0][0]
        amend = P.AMEND_TITLE.match(low, first_start)
        if amend is not None:
            return self._scan_amending_title(s, e, slug, amend.end(), depth)
        known_end = self._known_prefix(slug, words)
        confirmed = 3
        if known_end is not None:
            end = known_end
        else:
            if not self.orig[first_start].isupper() or not self.orig[s].isupper():
                return None  # "pháp luật Việt Nam", "luật về …": no title without a capital
            heuristic, confirmed = self._heuristic_title_end(words)
            if heuristic is None:
                return None
            end = heuristic
        ref = _Ref(MentionKind.TITLE, s, end, doc_type=slug, type_word=self.orig[s:e])
        ref.confirmed = confirmed
        ref.title = " ".join(self.orig[first_start:end].split())
        ref.title_start, ref.title_end = first_start, end
        year = P.YEAR_AFTER.match(low, end)
        if year:
            ref.year = int(year.group("year"))
            ref.end = year.end()
        return ref

    def _scan_amending_title(self, s: int, e: int, slug: str, pos: int, depth: int) -> _Ref:
        """ "Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y": the title holds X, Y."""
        low = self.low
        end = pos
        obj = P.AMEND_OBJECT.match(low, pos)
        if obj is not None:
            end = obj.end()
        cursor = end
        found_law = False
        while depth < 3:
            law = P.LAW_TYPE.match(low, cursor)
            if law is None:
                break
            inner_slug = _type_slug(law.group(0))
            if inner_slug is None:
                break
            inner = self._scan_law_title(law.start(), law.end(), inner_slug, depth + 1)
            if inner is None:
                number = P.SO_NUMBER.match(low, law.end())
                if number is None:
                    break
                inner_end = number.end()
            else:
                inner_end = inner.end
                number = P.SO_NUMBER.match(low, inner_end)
                if number is not None:
                    inner_end = number.end()
            found_law = True
            end = inner_end
            more = P.LAW_LIST_SEP.match(low, end)
            if more is None:
                break
            cursor = more.end()
        if not found_law:
            rest = P.AMEND_REST.match(low, end)
            if rest is not None:
                end = rest.end()
        end = len(self.orig[:end].rstrip(" \t\n,"))
        first = s + len(self.orig[s:e])
        while first < end and self.orig[first] in " \t\n":
            first += 1
        ref = _Ref(MentionKind.TITLE, s, end, doc_type=slug, type_word=self.orig[s:e])
        ref.title = " ".join(self.orig[first:end].split())
        ref.title_start, ref.title_end = first, end
        ref.amending = True
        return ref

    def _words(self, pos: int) -> list[tuple[int, int, str]]:
        """Up to 24 word and comma tokens of a title from ``pos``."""
        out: list[tuple[int, int, str]] = []
        for _ in range(24):
            m = P.TITLE_TOKEN.match(self.orig, pos)
            if m is None:
                break
            if "\n" in m.group("ws") and P.LIST_MARKER.match(self.orig, m.start("tok")):
                break
            out.append((m.start("tok"), m.end(), m.group("tok")))
            pos = m.end()
        return out

    def _known_prefix(self, slug: str, words: list[tuple[int, int, str]]) -> int | None:
        """End offset of the longest known title at the start of ``words``."""
        first = words[0][2]
        limit = self.known.max_words(slug, first)
        if not limit:
            return None
        start = words[0][0]
        word_tokens = [w for w in words if w[2] not in {",", "-", "–"}]
        for k in range(min(limit, len(word_tokens)), 0, -1):
            end = word_tokens[k - 1][1]
            if self.known.has_title(slug, self.orig[start:end]):
                return end
        return None

    def _heuristic_title_end(self, words: list[tuple[int, int, str]]) -> tuple[int | None, int]:
        """Where an unknown law title ends: before a stop word, a comma or a type word.

        Returns the end and how sure it is: 2 for a hard delimiter (punctuation, a comma,
        "số", "ngày", "năm", another type word), 1 for another stop word, 0 for a guess.
        """
        end = None
        for i, (tok_start, tok_end, tok) in enumerate(words):
            low = tok.lower()
            if tok in {",", "-", "–"}:
                return end, 1  # "Luật Phòng, chống …": a comma may be inside a title
            if i > 0 and "\n" in self.orig[words[i - 1][1] : tok_start] and tok[0].isupper():
                return end, 0  # a new line that starts with a capital: a new phrase
            if i > 0 and tok[0].isupper() and _is_type_start(words, i):
                return end, 2
            if i > 0 and low in _TITLE_STOP_WORDS:
                return end, 2 if low in _HARD_STOPS else 1
            end = tok_end
            if i >= 9:
                return end, 0
        # the words ran up to punctuation: sure for a short title, a guess for a long one
        return end, 2 if len(words) <= 4 else (1 if len(words) < 24 else 0)

    def _events(self) -> list[_Ref]:
        out: list[_Ref] = []
        for s, slug in zip(self.tw_starts, self.tw_slugs, strict=True):
            if slug != "nghi-quyet":
                continue
            m = P.EVENT.match(self.low, s)
            if m is None:
                continue
            ordinal = m.group("congress")
            if ordinal is not None:
                roman = ordinal.upper()
                if _roman_value(roman) is None:
                    continue
                ref = _Ref(MentionKind.EVENT, m.start(), m.end(), doc_type="nghi-quyet")
                ref.name = f"Đại hội đại biểu toàn quốc lần thứ {roman}"
                ref.year = CONGRESS_YEARS.get(roman)
            else:
                term = (m.group("term") or "").upper()
                plenum = m.group("plenum") or m.group("plenum_word") or ""
                number = (
                    int(plenum)
                    if plenum.isdigit()
                    else _ORDINAL_WORDS.get(" ".join(plenum.split()))
                )
                if not term or _roman_value(term) is None or number is None:
                    continue
                ref = _Ref(MentionKind.EVENT, m.start(), m.end(), doc_type="nghi-quyet")
                ref.name = f"Hội nghị Trung ương {number} khóa {term}"
            ref.type_word = "Nghị quyết"
            ref.title = " ".join(self.orig[m.start() : m.end()].split())
            out.append(ref)
        return out

    def _vague(self) -> list[_Ref]:
        out: list[_Ref] = []
        for s, slug in zip(self.tw_starts, self.tw_slugs, strict=True):
            if slug == "nghi-quyet":
                local = P.VAGUE_LOCAL.match(self.low, s)
                if local is not None:
                    word = self.orig[local.start("head") : local.end("head")]
                    end = self._title_end(local.end("qual"), local.end("qual") + 200)
                    out.append(self._vague_ref(local, word, max(end, local.end())))
                    continue
            cac = P.CAC_BEFORE.search(self.low, max(0, s - 8), s)
            if cac is None:
                continue
            m = P.VAGUE.match(self.low, cac.start())
            if m is None:
                continue
            head = m.start("head")
            word = self.orig[head : m.end("head")]
            if not (word[:1].isupper() or "văn bản" in m.group("head")):
                continue  # "các quyết định …" in lower case: decisions in general
            end = self._title_end(m.end("qual"), m.end("qual") + 200)
            end = max(end, m.end())
            if "văn bản" in m.group("head") or m.group("qual").startswith("của"):
                following = _next_word(self.orig, m.end("qual"))
                if m.group("qual").startswith("của") and not following[:1].isupper():
                    continue  # "các văn bản của cơ quan nhà nước cấp trên"
            out.append(self._vague_ref(m, word, end))
        return out

    def _vague_ref(self, m: re.Match[str], word: str, end: int) -> _Ref:
        ref = _Ref(MentionKind.VAGUE, m.start(), end)
        ref.doc_type = _type_slug(" ".join(m.group("head").split()[:2]))
        ref.type_word = " ".join(word.split())
        ref.title = " ".join(self.orig[m.start() : end].split())
        return ref

    def _self_and_anaphora(self) -> list[_Ref]:
        out: list[_Ref] = []
        low = self.low
        for s, e, slug in zip(self.tw_starts, self.tw_ends, self.tw_slugs, strict=True):
            if slug not in _CORE_TYPES:
                continue
            m = P.SELF_TAIL.match(low, e)
            if m is None or P.PLURAL_BEFORE.search(low, max(0, s - 8), s):
                continue
            word = self.orig[s:e]
            if slug in {"quy-dinh", "huong-dan", "ke-hoach", "chuong-trinh", "lenh"} and not (
                word[:1].isupper()
            ):
                continue  # "quy định này", "hướng dẫn trên": not a document
            kind = MentionKind.SELF if m.group("self") else MentionKind.ANAPHORA
            ref = _Ref(kind, s, m.end(), doc_type=slug, type_word=" ".join(word.split()))
            out.append(ref)
        return out

    # -- stage 3: tails -------------------------------------------------------------------

    def _tail(self, ref: _Ref, *, with_title: bool) -> None:
        low, orig = self.low, self.orig
        pos = ref.end
        year = P.NAM_YEAR_AFTER.match(low, pos)
        if year is not None and ref.kind is MentionKind.NUMBER:
            if ref.year is None:
                ref.year = int(year.group("year"))
            pos = year.end()
            ref.own_tail = True
        date_m = P.DATE_AFTER.match(orig, pos)
        issuer_first = False
        if date_m is None:
            issuer_m = P.ISSUER_START.match(low, pos)
            if issuer_m is not None:
                issuer_end = self._issuer(ref, issuer_m.end())
                if issuer_end is not None:
                    pos = issuer_end
                    issuer_first = True
                    date_m = P.DATE_AFTER.match(orig, pos)
        if date_m is not None:
            date = _date_of(date_m)
            blank = date_m.group("blank") is not None
            if date is not None or blank:
                pos = date_m.end()
                ref.own_tail = True
                if date is not None:
                    ref.date = date
                    ref.date_text = " ".join(orig[date_m.start("date") : date_m.end()].split())
                    if ref.year is None:
                        ref.year = date.year
        if not issuer_first:
            issuer_m = P.ISSUER_START.match(low, pos)
            if issuer_m is not None:
                issuer_end = self._issuer(ref, issuer_m.end())
                if issuer_end is not None:
                    pos = issuer_end
        ref.phrase_end = pos
        if with_title:
            start = P.TITLE_START.match(low, pos)
            if start is not None:
                t0 = start.start("t")
                t1 = self._title_end(t0, t0 + TITLE_LIMIT)
                if t1 > t0:
                    self._set_title(ref, t0, t1)
                    ref.phrase_end = t1
                    ref.own_tail = True

    def _issuer(self, ref: _Ref, pos: int) -> int | None:
        """Read "của <issuer>" from ``pos`` (after "của "); the end offset, or None."""
        m = P.ISSUER.match(self.orig, pos)
        if m is None:
            return None
        words: list[str] = []
        end = pos
        for w in P.ISSUER_WORD.finditer(m.group(0)):
            token = w.group("w")
            low = token.lower()
            if (
                words
                and token == low
                and (
                    low in _ISSUER_STOP
                    or (
                        low in _ISSUER_STOP_PAIRS
                        and _next_word(m.group(0), w.end()) in _ISSUER_STOP_PAIRS[low]
                    )
                )
            ):
                break
            if (
                words
                and token == low
                and low not in {"và", "-", "–", ","}
                and (_complete_issuer(words))
            ):
                break  # "của Chính phủ điều chỉnh lương hưu": the name ended
            if low == ",":
                following = _next_word(m.group(0), w.end())
                if not P.ISSUER_HEAD_WORD.fullmatch(following) and following != "Thể":
                    break
            if low == "và":
                following = _next_word(m.group(0), w.end())
                if (
                    not following[:1].isupper()
                    or fold_key(following) in _TYPE_FIRST_WORDS
                    or not (_is_ministry(" ".join(words)) or "," in words)
                ):
                    break
            words.append(token)
            end = pos + w.end()
            if len(words) >= 40:
                break
        if not words or not words[0][:1].isupper():
            return None
        while words and words[-1].lower() in {"và", "-", "–"}:
            words.pop()
        text = " ".join(words)
        text = re.sub(r"\s+,", ",", text)
        ref.issuer = text
        ref.own_tail = True
        return end

    def _title_end(self, pos: int, limit: int) -> int:
        """End of a title starting at ``pos``: quotes are read whole, then the first stop.

        A title that opens with a quote (or "ban hành “…”") ends at its closing quote, unless
        another quoted title follows ("“A”; “B”"). ", Luật Y" continues an amending title
        ("sửa đổi, bổ sung một số điều của Luật X, Luật Y").
        """
        orig = self.orig
        limit = min(limit, self.n)
        cursor = pos
        head = P.QUOTED_HEAD.match(self.low, pos)
        while cursor < limit:
            stop = P.TITLE_STOP.search(orig, cursor, limit)
            quote = orig.find("“", cursor, stop.start() if stop else limit)
            if quote >= 0:
                close = orig.find("”", quote + 1, min(self.n, quote + 1 + TITLE_LIMIT))
                if close < 0:
                    return _rstrip_end(orig, pos, stop.start() if stop else limit)
                cursor = close + 1
                more = P.QUOTE_LIST.match(orig, cursor)
                if more is not None:
                    cursor = more.end()  # at the next opening quote
                elif head is not None:
                    return cursor
                continue
            if stop is None:
                return _rstrip_end(orig, pos, limit)
            if (
                stop.group("cap") is not None
                and P.LAW_TYPE.match(self.low, stop.start("cap"))
                and P.AMENDS_LAWS.search(self.low, pos, stop.start())
            ):
                cursor = stop.end()
                continue
            if stop.group("and") is not None and P.ACTS_ON_DOCUMENTS.search(
                self.low, pos, stop.start()
            ):
                cursor = stop.end()
                continue
            return _rstrip_end(orig, pos, stop.start())
        return _rstrip_end(orig, pos, min(cursor, limit))

    def _set_title(self, ref: _Ref, t0: int, t1: int) -> None:
        raw = self.orig[t0:t1]
        quoted = re.findall(r"“([^”]*)”", raw)
        outside = re.sub(r"“[^”]*”", "", raw)
        if quoted and not re.sub(
            r"(?i)(?<![\w])(?:ban\s+hành|về\s+việc|về|v/v|và)(?![\w])"
            r"|[\W\d_]",
            "",
            outside,
        ):
            ref.quoted_titles = [" ".join(q.split()) for q in quoted]
            ref.title = ref.quoted_titles[-1] if len(quoted) == 1 else "; ".join(ref.quoted_titles)
            ref.title_quoted = True
        else:
            title = " ".join(raw.split())
            title = re.sub(r"(?i)^(?:về\s+việc|về|v/v)\s*:?\s*", "", title)
            ref.title = title or None
        ref.title_start, ref.title_end = t0, t1

    # -- stage 3b: coordination -------------------------------------------------------------

    def _coordinate(self, refs: list[_Ref]) -> None:
        """Share the tail of the last reference of "A và B ngày … của …" with A."""
        group: list[_Ref] = []
        for ref in refs:
            if ref.kind is not MentionKind.NUMBER:
                self._flush_group(group)
                group = []
                continue
            if (
                group
                and not group[-1].own_tail
                and P.CONNECTOR_GAP.fullmatch(self.low, group[-1].end, ref.start)
            ):
                group.append(ref)
            else:
                self._flush_group(group)
                group = [ref]
        self._flush_group(group)

    def _flush_group(self, group: list[_Ref]) -> None:
        if len(group) < 2:
            return
        last = group[-1]
        lead = group[0]
        for ref in group[:-1]:
            if (
                last.date is not None
                and ref.date is None
                and (ref.year is None or ref.year == last.date.year)
            ):
                ref.date, ref.date_text = last.date, last.date_text
                ref.year = ref.year or last.date.year
                ref.shared.append("date")
            if last.issuer is not None and ref.issuer is None:
                ref.issuer = last.issuer
                ref.shared.append("issuer")
        for ref in group[1:]:
            if (
                not ref.type_from_word
                and lead.type_from_word
                and lead.doc_type
                and (ref.doc_type in {None, lead.doc_type, "van-ban", "cong-van"})
            ):
                implied = _type_of_number(ref.number or "")
                if implied is None or implied == lead.doc_type:
                    ref.doc_type = lead.doc_type
                    ref.type_word = lead.type_word
                    ref.shared.append("type")
        if last.quoted_titles and len(last.quoted_titles) == len(group):
            for ref, title in zip(group, last.quoted_titles, strict=True):
                ref.title, ref.title_quoted = title, True
                if ref is not last:
                    ref.shared.append("title")

    # -- the run --------------------------------------------------------------------------

    def run(self) -> tuple[Mention, ...]:
        if self.body_start >= self.n:
            return ()
        self._prepare()
        self._type_words()
        numbers = self._numbers()
        refs = self._merge(
            numbers, self._law_titles(), self._events(), self._vague(), self._self_and_anaphora()
        )
        for ref in refs:
            if ref.kind is MentionKind.NUMBER:
                self._tail(ref, with_title=True)
            elif ref.kind is MentionKind.TITLE:
                self._tail(ref, with_title=False)
            else:
                ref.phrase_end = ref.end
        self._amending_numbers(refs)
        refs = self._aliases(refs)
        self._coordinate(refs)
        for i, ref in enumerate(refs):
            ref.index = i
        self._nest(refs)
        self._inner_title_tails(refs)
        self._selves(refs)
        self.refs = refs
        self.ref_starts = [r.start for r in refs]
        self.members: dict[int | None, list[_Ref]] = {}
        for ref in refs:
            self.members.setdefault(self._owner_of(ref), []).append(ref)
        self.member_starts = {k: [r.start for r in v] for k, v in self.members.items()}
        self._boundaries()
        self._cues()
        self._classify()
        self._anaphora()
        return self._build()

    def _merge(self, *groups: list[_Ref]) -> list[_Ref]:
        """All anchors in text order; an anchor inside a number's span gives way to it."""
        numbers = groups[0]
        starts = [r.start for r in numbers]
        out = list(numbers)
        taken: list[tuple[int, int]] = []
        for group in groups[1:]:
            for ref in group:
                i = bisect_right(starts, ref.end) - 1
                clash = False
                while i >= 0 and numbers[i].end > ref.start:
                    num = numbers[i]
                    if num.start < ref.end and not (
                        ref.amending and ref.start < num.start and num.end <= ref.end
                    ):
                        clash = True
                        break
                    i -= 1
                if not clash:
                    for a, b in taken:
                        if a < ref.end and ref.start < b and not (a <= ref.start and ref.end <= b):
                            clash = True
                            break
                if clash:
                    continue
                out.append(ref)
                if ref.kind in {MentionKind.VAGUE, MentionKind.EVENT}:
                    taken.append((ref.start, ref.end))
        out.sort(key=lambda r: (r.start, -r.end))
        # identical spans (a title found twice by the amending scan) collapse
        dedup: list[_Ref] = []
        for ref in out:
            if dedup and dedup[-1].start == ref.start and dedup[-1].end == ref.end:
                continue
            dedup.append(ref)
        return dedup

    def _amending_numbers(self, refs: list[_Ref]) -> None:
        """Whose is the number in "Luật sửa đổi … của Luật A, Luật B số 90/2025/QH15"?

        After a list of laws it is the amending law's own number; after a single law it is
        that law's ("… của Luật Thuế thu nhập doanh nghiệp số 14/2008/QH12"), unless the
        known-titles list says that law has other numbers only and this one is later.
        """
        for outer in refs:
            if not outer.amending or outer.kind is not MentionKind.TITLE:
                continue
            inner = [r for r in refs if outer.start < r.start and r.end <= outer.end]
            last = inner[-1] if inner else None
            if last is None or last.kind is not MentionKind.NUMBER or last.end != outer.end:
                continue
            laws = [r for r in inner if r.kind in {MentionKind.NUMBER, MentionKind.TITLE}]
            outer_owns = len(laws) > 1
            known = self.known.candidates(last.doc_type or "", last.title or "")
            if known:
                numbers = {e.number for e in known}
                latest = max((e.year or 0) for e in known)
                outer_owns = last.number not in numbers and (last.year or 0) >= latest
            if not outer_owns and len(laws) > 1 and (last.date is not None or last.issuer):
                # "… và Luật Các tổ chức tín dụng số 32/2024/QH15 ngày 29 tháng 6 năm 2024":
                # after a list, the date and issuer are the amending law's
                outer.date, outer.date_text, outer.issuer = last.date, last.date_text, last.issuer
                outer.phrase_end = max(outer.phrase_end, last.phrase_end)
                if (
                    last.date is not None
                    and last.year == last.date.year
                    and last.number
                    and (_split_number(last.number) is None)
                ):
                    last.year = None
                last.date = last.date_text = last.issuer = None
                last.phrase_end = last.end
                continue
            if not outer_owns or last.title_end is None:
                continue
            # the number is the amending law's: the inner law keeps only its title
            outer.kind, outer.number, outer.year = MentionKind.NUMBER, last.number, last.year
            last.kind, last.number, last.year = MentionKind.TITLE, None, None
            last.end = last.phrase_end = last.title_end

    def _aliases(self, refs: list[_Ref]) -> list[_Ref]:
        """ "(sau đây viết tắt là Thông tư liên tịch số 01/2017)": later uses of the alias.

        An alias that is itself a full reference is extracted anyway; one that starts with a
        type word but has no complete number ("Thông tư liên tịch số 01/2017", "Luật Thuế
        thu nhập doanh nghiệp") makes each later occurrence an anaphora of the defining
        reference (it replaces a title reading of the same words).
        """
        added: list[_Ref] = []
        candidates = [r for r in refs if r.kind in {MentionKind.NUMBER, MentionKind.TITLE}]
        ends = [r.end for r in candidates]
        for m in P.ALIAS_DEF.finditer(self.low, self.body_start):
            alias = " ".join(self.low[m.start("alias") : m.end("alias")].split())
            head = P.TYPE_WORD.match(alias)
            if head is None or P.NUMBER.search(alias):
                continue
            slug = _type_slug(head.group(0))
            # the nearest reference of the alias's type, in the same clause
            i = bisect_right(ends, m.start()) - 1
            while i >= 0 and candidates[i].doc_type != slug and m.start() - candidates[i].end < 800:
                i -= 1
            if i < 0 or candidates[i].doc_type != slug:
                continue
            ref = candidates[i]
            between = self.low[ref.end : m.start()]
            if m.start() - ref.end > 800 or ";" in between or ". " in between:
                continue
            words = alias.split()
            if len(words) < 2:
                continue
            pattern = re.compile(
                r"(?<![\w])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w/])"
            )
            for use in pattern.finditer(self.low, m.end()):
                alias_ref = _Ref(MentionKind.ANAPHORA, use.start(), use.end())
                alias_ref.doc_type = ref.doc_type
                alias_ref.type_word = ref.type_word
                alias_ref.phrase_end = use.end()
                alias_ref.alias_of = ref
                added.append(alias_ref)
                if len(added) > 5000:
                    break
        if not added:
            return refs
        added.sort(key=lambda r: r.start)
        starts = [r.start for r in added]
        kept = []
        for ref in refs:
            i = bisect_right(starts, ref.start) - 1
            overlaps = i >= 0 and added[i].end > ref.start
            j = i + 1
            overlaps = overlaps or (j < len(added) and added[j].start < ref.end)
            if overlaps and ref.kind is not MentionKind.NUMBER:
                continue  # the alias reading wins over a title or "[loại] này" reading
            if overlaps:
                continue
            kept.append(ref)
        kept_spans = [(r.start, r.end) for r in kept if r.kind is MentionKind.NUMBER]
        for alias_ref in added:
            if any(a < alias_ref.end and alias_ref.start < b for a, b in kept_spans):
                continue
            kept.append(alias_ref)
        kept.sort(key=lambda r: (r.start, -r.end))
        return kept

    # -- stage 4: nesting -----------------------------------------------------------------

    def _nest(self, refs: list[_Ref]) -> None:
        stack: list[_Ref] = []
        for ref in refs:
            while stack and (stack[-1].title_end or 0) <= ref.start:
                stack.pop()
            if stack:
                container = stack[-1]
                if container.title_start is not None and container.title_start <= ref.start:
                    ref.container = container.index
            if (
                ref.title_start is not None
                and ref.title_end is not None
                and (ref.kind in {MentionKind.NUMBER, MentionKind.TITLE})
            ):
                stack.append(ref)

    def _inner_title_tails(self, refs: list[_Ref]) -> None:
        """A law title at the very end of an amending title leaves the date to the outer law."""
        for ref in refs:
            if ref.container is None or ref.kind is not MentionKind.TITLE:
                continue
            outer = refs[ref.container]
            if outer.amending and outer.title_end is not None and ref.end >= outer.title_end:
                if ref.date is not None and ref.year == ref.date.year:
                    ref.year = None  # the year came with the outer law's date
                ref.date = ref.date_text = None
                ref.issuer = None
                ref.phrase_end = ref.end

    def _selves(self, refs: list[_Ref]) -> None:
        last_of_type: dict[str, _Ref] = {}
        for ref in refs:
            if (
                ref.kind is MentionKind.SELF
                and ref.number is None
                and not ref.self_formula
                and (
                    self.own_type not in {None, "van-ban-hop-nhat"}
                    and ref.doc_type in _THIS_TYPES
                    and ref.doc_type != self.own_type
                )
            ):
                # "Luật này" in a công văn is the law it just named, not the công văn
                antecedent = last_of_type.get(ref.doc_type or "")
                if antecedent is not None and ref.start - antecedent.phrase_end < 1500:
                    ref.kind = MentionKind.ANAPHORA
            if ref.kind in {MentionKind.NUMBER, MentionKind.TITLE} and ref.doc_type:
                last_of_type[ref.doc_type] = ref
            if (
                ref.kind is MentionKind.NUMBER
                and self.own_number is not None
                and _seq_key(ref.number or "") == self.own_number
            ):
                if ref.year is None or self.own_date is None or ref.year == self.own_date.year:
                    ref.kind = MentionKind.SELF
            elif (
                ref.kind is MentionKind.TITLE
                and ref.doc_type != "hien-phap"
                and (
                    P.ENACTING_BEFORE.search(self.low, max(0, ref.start - 12), ref.start)
                    and self.own_type != "van-ban-hop-nhat"
                    and (self.own_type is None or self.own_type == ref.doc_type)
                )
            ):
                ref.kind = MentionKind.SELF
                ref.self_formula = True

    # -- stage 5: sentences, clauses, cues ------------------------------------------------

    def _boundaries(self) -> None:
        marks = [m.end() for m in P.SENTENCE_BREAK.finditer(self.orig, self.body_start)]
        # a boundary inside a reference (a quoted title list "“A”; “B”") does not count
        merged: list[list[int]] = []
        for r in self.refs:
            if r.container is not None:
                continue
            if merged and r.start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], r.phrase_end)
            else:
                merged.append([r.start, max(r.end, r.phrase_end)])
        kept: list[int] = []
        done = 0  # marks before this index are decided
        for a, b in merged:  # disjoint and sorted: drop the marks strictly inside each
            inside = bisect_right(marks, a, done)
            kept += marks[done:inside]
            done = max(inside, bisect_left(marks, b, inside))
        kept += marks[done:]
        self.bounds = kept
        # line patterns run on the text with a "\n" in front: a match starts at the "\n"
        # before its line, whose offset there is the line's offset in the text
        lined = "\n" + self.orig
        self.articles = [
            (m.start(), m.group("num")) for m in P.ARTICLE_LINE.finditer(lined, self.body_start)
        ]
        self.article_starts = [a for a, _ in self.articles]
        self.clauses = [
            (m.start(), m.group("num")) for m in P.CLAUSE_LINE.finditer(lined, self.body_start)
        ]
        self.clause_starts = [a for a, _ in self.clauses]
        self.first_article = self.article_starts[0] if self.articles else self.n

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.bounds, pos)
        start = self.bounds[i - 1] if i > 0 else self.body_start
        end = self.bounds[i] if i < len(self.bounds) else self.n
        return start, end

    def _cues(self) -> None:
        hits = self.cue_hits  # found with the type words
        # owner: the innermost reference whose stated title holds the cue
        containers = [r for r in self.refs if r.title_start is not None and r.title_end]
        containers.sort(key=lambda r: (r.title_start or 0, -(r.title_end or 0)))
        stack: list[_Ref] = []
        ci = 0
        spans = sorted((r.start, r.end) for r in self.refs)
        span_starts = [a for a, _ in spans]
        kept: list[_CueHit] = []
        for hit in hits:
            while ci < len(containers) and (containers[ci].title_start or 0) <= hit.start:
                while stack and (stack[-1].title_end or 0) <= (containers[ci].title_start or 0):
                    stack.pop()
                stack.append(containers[ci])
                ci += 1
            while stack and (stack[-1].title_end or 0) <= hit.start:
                stack.pop()
            hit.owner = stack[-1].index if stack else None
            # a cue inside a reference's own span ("Luật sửa đổi, bổ sung …" as a title is
            # held by its title span; "Thông tư hướng dẫn" is never a core) is kept; one that
            # overlaps a number core is not.
            k = bisect_right(span_starts, hit.start) - 1
            if k >= 0 and spans[k][0] <= hit.start < spans[k][1] and hit.owner is None:
                continue
            kept.append(hit)
        self.cues = kept
        self.cues_by_owner: dict[int | None, list[_CueHit]] = {}
        for hit in kept:
            self.cues_by_owner.setdefault(hit.owner, []).append(hit)
        self.cue_starts: dict[int | None, list[int]] = {
            k: [h.start for h in v] for k, v in self.cues_by_owner.items()
        }

    def _preamble_frames(self) -> list[tuple[int, int, _CueHit]]:
        frames: list[tuple[int, int, _CueHit]] = []
        for hit in self.cues_by_owner.get(None, []):
            if hit.cue.name != "can_cu":
                continue
            if not self._at_line_start(hit.start) or not self.orig[hit.start].isupper():
                continue
            stop = P.PREAMBLE_END.search(self.low, hit.end, min(self.n, hit.end + 3000))
            end = stop.start() if stop else min(self.n, hit.end + 3000)
            frames.append((hit.start, end, hit))
        return frames

    def _at_line_start(self, pos: int) -> bool:
        line_start = self.orig.rfind("\n", 0, pos) + 1
        return P.LINE_LEAD.fullmatch(self.orig, line_start, pos) is not None

    # -- stage 5b: classification -----------------------------------------------------------

    def _classify(self) -> None:
        refs = self.refs
        frames = self._preamble_frames()
        frame_starts = [f[0] for f in frames]
        self._passives()
        self._list_frames()
        for ref in refs:
            if ref.kind in {MentionKind.SELF}:
                continue
            container = refs[ref.container] if ref.container is not None else None
            if container is not None and container.kind is not MentionKind.SELF:
                self._classify_nested(ref, container)
                ref.relations.add(Relation.CITES)
                continue
            owner = container.index if container is not None else None
            i = bisect_right(frame_starts, ref.start) - 1
            in_frame = i >= 0 and frames[i][1] > ref.start and owner is None
            if in_frame:
                ref.relations.add(Relation.BASED_ON)
                ref.cue = ref.cue or _clean(self.orig[frames[i][2].start : frames[i][2].end])
            elif not ref.passive_agent and not ref.relations:
                self._nearest(ref, owner)
            if not in_frame:
                self._frame_cues(ref, owner)
            self._trailing(ref)
            if not ref.relations:
                ref.relations.add(Relation.CITES)

    def _clause_start(self, ref: _Ref, owner: int | None) -> int:
        if owner is not None:
            return self.refs[owner].title_start or 0
        return self.sentence_of(ref.start)[0]

    def _nearest(self, ref: _Ref, owner: int | None) -> None:
        hits = self.cues_by_owner.get(owner, [])
        starts = self.cue_starts.get(owner, [])
        lo = self._clause_start(ref, owner)
        i = bisect_left(starts, ref.start) - 1
        while i >= 0 and hits[i].start >= lo:
            hit = hits[i]
            scope = hit.cue.scope
            if hit.end > ref.start:
                i -= 1
                continue
            if scope is CueScope.NEAREST or (scope is CueScope.PREAMBLE and owner is None):
                if self._gap_ok(hit.end, ref.start, owner):
                    subject = self._cue_subject(hit, owner)
                    if subject is not None and set(hit.cue.relations) & _SUBJECT_RELATIONS:
                        # "Luật này thay thế Luật Hải quan số 29/2001/QH10" in a công văn:
                        # the cited law replaces the other one; the công văn only cites it
                        probe = _Ref(MentionKind.NUMBER, ref.start, ref.end)
                        self._apply_cue(probe, hit)
                        if probe.relations:
                            ref.links.append(
                                StatedLink(
                                    subject.index,
                                    _ordered(probe.relations),
                                    outgoing=False,
                                    cue=probe.cue,
                                    amend_kind=probe.amend_kind,
                                )
                            )
                            ref.relations.add(Relation.CITES)
                        return
                    self._apply_cue(ref, hit)
                return
            i -= 1

    def _cue_subject(self, hit: _CueHit, owner: int | None) -> _Ref | None:
        """A cited document that is the grammatical subject of a verb cue, if any."""
        members = self.members.get(owner, [])
        starts = self.member_starts.get(owner, [])
        i = bisect_left(starts, hit.start) - 1
        while i >= 0 and members[i].kind is MentionKind.VAGUE:
            i -= 1
        if i < 0:
            return None
        cand = members[i]
        if cand.kind not in {MentionKind.NUMBER, MentionKind.TITLE, MentionKind.ANAPHORA}:
            return None
        if cand.phrase_end > hit.start or not P.SUBJECT_GAP.fullmatch(
            self.low, cand.phrase_end, hit.start
        ):
            return None
        return cand

    def _apply_cue(self, ref: _Ref, hit: _CueHit) -> None:
        cue = hit.cue
        text = _clean(self.orig[hit.start : hit.end])
        if cue.name == "thuc_hien" and not hit.match.group(0).startswith("tổ"):
            before = self.low[max(0, hit.start - 12) : hit.start]
            if P.NOMINAL_IMPLEMENT.search(before):
                return  # "việc thực hiện Chỉ thị số 16": a report, not an act
        if cue.name == "kem_theo" and not (
            ref.start < self.first_article
            and (P.ANNEX_HEADER.search(self.low, max(0, hit.start - 3), hit.start))
        ):
            return  # "Mẫu số 01 ban hành kèm theo Thông tư số …": a plain cite
        if cue.name == "can_cu":
            ref.relations.add(Relation.IN_ACCORDANCE_WITH)
        else:
            ref.relations.update(cue.relations)
        ref.cue = text
        ref.continuation = ref.continuation or cue.continuation
        if cue.amend_kind:
            ref.amend_kind = cue.amend_kind

    def _gap_ok(self, a: int, b: int, owner: int | None) -> bool:
        """Is the text between a cue (ending at ``a``) and a reference (at ``b``) filler?"""
        if b - a > 600:
            return False
        pieces = []
        pos = a
        k = bisect_left(self.ref_starts, a)
        for other in self.refs[k:]:
            if other.start >= b:
                break
            if other.phrase_end <= a:
                continue
            if (
                other.container is not None
                and self.refs[other.container].kind is not (MentionKind.SELF)
                and owner is None
            ):
                continue
            pieces.append(self.low[pos : other.start])
            pos = max(pos, other.phrase_end)
        pieces.append(self.low[pos:b])
        raw = "".join(pieces)
        if "(" in raw or ")" in raw:
            return False  # "(sau đây viết tắt là Nghị định số …)": a definition, no cue
        gap = P.GAP_FILLER.sub("", raw)
        return len(gap) <= GAP_LIMIT and ";" not in gap

    def _frame_cues(self, ref: _Ref, owner: int | None) -> None:
        hits = self.cues_by_owner.get(owner, [])
        starts = self.cue_starts.get(owner, [])
        lo = self._clause_start(ref, owner)
        i = bisect_left(starts, ref.start) - 1
        while i >= 0 and hits[i].start >= lo:
            hit = hits[i]
            if hit.cue.scope is CueScope.FRAME and hit.end <= ref.start:
                ref.relations.update(hit.cue.relations)
                if ref.cue is None:
                    ref.cue = _clean(self.orig[hit.start : hit.end])
            i -= 1

    def _trailing(self, ref: _Ref) -> None:
        m = P.TRAILING_CUE.match(self.low, ref.phrase_end)
        if m is None:
            return
        if m.group("attach"):
            ref.relations.add(Relation.TRANSMITS)
            ref.cue = (ref.cue + "; " if ref.cue else "") + _clean(
                self.orig[m.start("attach") : m.end("attach")]
            )
        elif m.group("expire"):
            ref.relations.add(Relation.TERMINATES)
            ref.cue = (ref.cue + "; " if ref.cue else "") + _clean(
                self.orig[m.start("expire") : m.end("expire")]
            )

    def _classify_nested(self, ref: _Ref, container: _Ref) -> None:
        """A reference in another one's title: the edge container → ref is stated."""
        hits = self.cues_by_owner.get(container.index, [])
        starts = self.cue_starts.get(container.index, [])
        i = bisect_left(starts, ref.start) - 1
        lo = container.title_start or 0
        relations: tuple[Relation, ...] = (Relation.CITES,)
        cue_text = None
        continuation = False
        amend_kind = None
        while i >= 0 and hits[i].start >= lo:
            hit = hits[i]
            if hit.cue.scope is CueScope.NEAREST and hit.end <= ref.start:
                if self._gap_ok(hit.end, ref.start, container.index):
                    probe = _Ref(MentionKind.NUMBER, ref.start, ref.end)
                    self._apply_cue(probe, hit)
                    if probe.relations:
                        relations = tuple(sorted(probe.relations))
                        cue_text = probe.cue
                        continuation = probe.continuation
                        amend_kind = probe.amend_kind
                break
            i -= 1
        if container.amending and relations == (Relation.CITES,):
            relations = (Relation.AMENDS,)
            cue_text = container.title.split(" của ")[0] if container.title else None
            amend_kind = _amend_kind_of(container.title or "")
        ref.links.append(
            StatedLink(
                container.index,
                relations,
                outgoing=False,
                cue=cue_text,
                continuation=continuation,
                amend_kind=amend_kind,
            )
        )

    def _passives(self) -> None:
        """ "[VB] (đã) được sửa đổi, bổ sung bởi [VB2]": VB2 → VB stated, per cue."""
        refs = self.refs
        for owner, hits in self.cues_by_owner.items():
            members = self.members.get(owner, [])
            starts = self.member_starts.get(owner, [])
            for hit in hits:
                if hit.cue.scope is not CueScope.PASSIVE:
                    continue
                relation, kind = passive_relation(" ".join(hit.match.group("pverb").split()))
                colon = hit.match.group("pcolon") is not None
                subject = self._passive_subject(hit, members, starts, colon)
                if subject is None:
                    continue
                agents = self._passive_agents(hit, members, starts, colon)
                cue_text = _clean(self.orig[hit.start : hit.end])
                consolidates = (
                    colon
                    and self.own_type in {None, "van-ban-hop-nhat"}
                    and (owner is None and subject != SELF_INDEX and hit.start < self.first_article)
                )
                if consolidates and subject != SELF_INDEX:
                    self.vbhn_base = subject
                if subject == SELF_INDEX and self.vbhn_base is not None:
                    # "Khoản này được sửa đổi … bởi …" in a VBHN: the consolidated base law
                    subject = self.vbhn_base
                for agent in agents:
                    agent.passive_agent = True
                    agent.links.append(
                        StatedLink(
                            subject, (relation,), outgoing=True, cue=cue_text, amend_kind=kind
                        )
                    )
                    if consolidates:
                        agent.relations.add(Relation.CONSOLIDATES)
                        agent.cue = agent.cue or cue_text
                if consolidates and agents and subject != SELF_INDEX:
                    refs[subject].relations.add(Relation.CONSOLIDATES)
                    refs[subject].cue = refs[subject].cue or cue_text

    @staticmethod
    def _owner_of(ref: _Ref) -> int | None:
        return ref.container

    def _passive_subject(
        self, hit: _CueHit, members: list[_Ref], starts: list[int], colon: bool
    ) -> int | None:
        """The document a passive cue is about: the reference just before it.

        A VBHN list header ("X …, có hiệu lực …, được sửa đổi, bổ sung bởi:") may put a long
        title between X and the cue; elsewhere only a short gap is allowed.
        """
        i = bisect_left(starts, hit.start) - 1
        sent_start = self.sentence_of(hit.start)[0]
        # "Được thay thế bởi …" opening a line: a status column of a table or an annotation,
        # about the document named earlier in the row
        row = self.orig[hit.start].isupper() and self._at_line_start(hit.start)
        while i >= 0:
            cand = members[i]
            if cand.kind in {MentionKind.VAGUE}:
                i -= 1
                continue
            if row and cand.kind is not MentionKind.SELF and hit.start - cand.phrase_end < 800:
                return cand.index
            if cand.start < sent_start or cand.phrase_end > hit.start:
                break
            gap = self.low[cand.phrase_end : hit.start]
            if P.PASSIVE_SUBJECT_GAP.fullmatch(gap) or (colon and ";" not in gap):
                return cand.index
            break
        if P.SELF_PROVISION.search(self.low, max(0, hit.start - 30), hit.start):
            return SELF_INDEX
        return None

    def _passive_agents(
        self, hit: _CueHit, members: list[_Ref], starts: list[int], colon: bool
    ) -> list[_Ref]:
        i = bisect_left(starts, hit.end)
        agents: list[_Ref] = []
        if not colon:
            if (
                i < len(members)
                and members[i].kind in {MentionKind.NUMBER, MentionKind.TITLE}
                and P.AGENT_GAP.fullmatch(self.low, hit.end, members[i].start)
            ):
                agents.append(members[i])
                agents += self._followers(members, i)
            return agents
        end_m = P.LIST_END.search(self.low, hit.end, min(self.n, hit.end + 20000))
        end = end_m.start() + 1 if end_m else min(self.n, hit.end + 20000)
        item_marks = [hit.end] + [m.end() for m in P.LIST_ITEM.finditer(self.low, hit.end, end)]
        item_marks.append(end)
        for a, b in itertools.pairwise(item_marks):
            j = bisect_left(starts, a)
            if (
                j < len(members)
                and members[j].start < b
                and members[j].kind in {MentionKind.NUMBER, MentionKind.TITLE}
            ):
                agents.append(members[j])
                agents += [f for f in self._followers(members, j) if f.start < b]
        return agents

    def _followers(self, members: list[_Ref], i: int) -> list[_Ref]:
        """Coordinated references after ``members[i]``: "Luật số A, Luật số B và Luật số C"."""
        out = []
        prev = members[i]
        for cand in members[i + 1 :]:
            gap = self.low[prev.phrase_end : cand.start]
            if cand.kind is not MentionKind.NUMBER or not P.CONNECTOR_GAP.fullmatch(gap):
                break
            if cand.title is not None and "và" not in gap:
                break
            out.append(cand)
            prev = cand
        return out

    def _list_frames(self) -> None:
        """ "Bãi bỏ các văn bản sau:\\n a) …; b) …": the header's cue reaches every item."""
        hits = self.cues_by_owner.get(None, [])
        if not hits:
            return
        top = [r for r in self.refs if r.container is None]
        starts = [r.start for r in top]
        for hit in hits:
            if hit.cue.scope not in {CueScope.NEAREST, CueScope.TRAILING}:
                continue
            if not set(hit.cue.relations) & _LIST_RELATIONS:
                continue
            colon = P.HEADER_COLON.match(self.low, hit.end)
            if colon is None:
                continue
            end_m = P.LIST_END.search(self.low, colon.end(), min(self.n, colon.end() + 20000))
            end = end_m.start() + 1 if end_m else min(self.n, colon.end() + 20000)
            marks = [colon.end()] + [
                m.end() for m in P.LIST_ITEM.finditer(self.low, colon.end(), end)
            ]
            marks.append(end)
            for a, b in itertools.pairwise(marks):
                j = bisect_left(starts, a)
                while j < len(top) and top[j].start < b:
                    ref = top[j]
                    if ref.kind in {MentionKind.NUMBER, MentionKind.TITLE} and not ref.relations:
                        self._apply_cue(ref, hit)
                    j += 1

    # -- stage 6: anaphora and output ------------------------------------------------------

    def _anaphora(self) -> None:
        refs = self.refs
        for ref in refs:
            if ref.kind is not MentionKind.ANAPHORA:
                continue
            if ref.alias_of is not None:
                target = ref.alias_of
                ref.refers_to = (
                    target.refers_to if target.kind is MentionKind.ANAPHORA else (target.index)
                )
                continue
            for back in range(ref.index - 1, max(-1, ref.index - 400), -1):
                cand = refs[back]
                if cand.kind not in {
                    MentionKind.NUMBER,
                    MentionKind.TITLE,
                    MentionKind.EVENT,
                    MentionKind.ANAPHORA,
                }:
                    continue
                if cand.kind is MentionKind.ANAPHORA and cand.refers_to is None:
                    continue
                if ref.doc_type not in {"van-ban", None} and cand.doc_type != ref.doc_type:
                    continue
                ref.refers_to = cand.refers_to if cand.kind is MentionKind.ANAPHORA else back
                break

    def _provision_before(self, ref: _Ref) -> str | None:
        lo = max(self.body_start, ref.start - 160)
        m = self._provision_match(lo, ref.start)
        if m is None:
            return None
        text = _clean(self.orig[m.start() : m.end()])
        text = re.sub(r"(?i)\s*(?:của|tại)$", "", text).strip(" ,")
        return text or None

    def _provision_match(self, lo: int, end: int) -> re.Match[str] | None:
        """``P.PROVISION_BEFORE.search(self.low, lo, end)``, tried only where it can start.

        A match starts at a provision word ("điểm", "khoản" …) or at a "các" before one; the
        candidates are tried from the left, so the first that matches is the search's match.
        """
        low = self.low
        for word in P.PROVISION_WORD.finditer(low, lo, end):
            start = word.start()
            space = start
            while space > lo and low[space - 1].isspace():
                space -= 1
            if space < start and space - 3 >= lo and low.startswith("các", space - 3):
                m = P.PROVISION_BEFORE.match(low, space - 3, end)
                if m is not None:
                    return m
            m = P.PROVISION_BEFORE.match(low, start, end)
            if m is not None:
                return m
        return None

    def _citing_provision(self, pos: int) -> str | None:
        i = bisect_right(self.article_starts, pos) - 1
        article = self.articles[i][1] if i >= 0 else None
        lo = self.article_starts[i] if i >= 0 else self.body_start
        j = bisect_right(self.clause_starts, pos) - 1
        clause = self.clauses[j][1] if j >= 0 and self.clause_starts[j] >= lo else None
        if article is not None:
            return f"khoản {clause} Điều {article}" if clause else f"Điều {article}"
        return f"mục {clause}" if clause else None

    def _sentence(self, start: int, end: int) -> tuple[str, int, int]:
        """The sentence around the reference at ``start:end``, clamped to SENTENCE_LIMIT
        characters before it and twice that after its start, never inside it."""
        s, e = self.sentence_of(start)
        if start - s > SENTENCE_LIMIT:
            s = self.text.find(" ", start - SENTENCE_LIMIT, start) + 1 or start - SENTENCE_LIMIT
        limit = max(end, start + SENTENCE_LIMIT * 2)
        if e > limit:
            cut = self.text.rfind(" ", end, limit)
            e = cut if cut >= end else limit
        cached = self.sentences.get((s, e))
        if cached is not None:  # references in one sentence share it
            return cached
        raw = self.orig[s:e]
        sentence = " ".join(raw.replace("**", "").split())
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        self.sentences[(s, e)] = sentence, s + lead, e - trail
        return self.sentences[(s, e)]

    def _build(self) -> tuple[Mention, ...]:
        out = []
        self.sentences: dict[tuple[int, int], tuple[str, int, int]] = {}
        line, counted = 1, 0  # the line of offset ``counted``: references come in text order
        for ref in self.refs:
            if ref.start < counted:
                line, counted = 1, 0
            line += self.text.count("\n", counted, ref.start)
            counted = ref.start
            sentence, ss, se = self._sentence(ref.start, ref.end)
            context = None
            if ref.container is not None:
                outer = self.refs[ref.container]
                context = outer.date
            relations: tuple[Relation, ...] = ()
            if ref.kind is not MentionKind.SELF:
                relations = _ordered(ref.relations)
            container = ref.container
            if container is not None and self.refs[container].kind is MentionKind.SELF:
                container = None
            out.append(
                Mention(
                    kind=ref.kind,
                    text=self.text[ref.start : ref.end],
                    start=ref.start,
                    end=ref.end,
                    line=line,
                    number=ref.number,
                    doc_type=ref.doc_type,
                    type_word=ref.type_word,
                    title=ref.title,
                    title_quoted=ref.title_quoted,
                    date=ref.date,
                    date_text=ref.date_text,
                    year=ref.year,
                    issuer=ref.issuer,
                    name=ref.name,
                    cited_provision=self._provision_before(ref),
                    citing_provision=self._citing_provision(ref.start),
                    relations=relations,
                    cue=ref.cue,
                    continuation=ref.continuation,
                    amend_kind=ref.amend_kind,
                    sentence=sentence,
                    sentence_start=ss,
                    sentence_end=max(ss, se),
                    phrase_end=max(ref.end, ref.phrase_end),
                    refers_to=ref.refers_to,
                    nested_in=container,
                    links=tuple(ref.links),
                    context_date=context,
                    shared=tuple(ref.shared),
                )
            )
        return tuple(out)


# --- helpers --------------------------------------------------------------------------------


def _number_matches(text: str, pos: int) -> Iterator[re.Match[str]]:
    """The matches of ``P.NUMBER.finditer(text, pos)``, with the regex run only near a "/".

    Every number holds a "/". A match starts at most one line above its first "/" (a line
    break may follow the "-" of a Party number: "23-\\nQĐ/TW"), and it goes on to the next
    line only after a "/" or "-" at a line's end ("142/2024/\\nQH15"). So the window from the
    line above a "/" to the first line that does not end with a separator holds every match
    with that "/", and the regex gives the same matches there as over the whole text: its
    lookbehind sees the text before the window, and a window ends at a line break, where
    the lookahead after a code succeeds either way. Overlapping windows are joined. The
    whole-text scan tries the pattern at every position; "/" is on one line in fourteen.
    """
    n = len(text)
    windows: list[list[int]] = []
    slash = text.find("/", pos)
    while slash >= 0:
        line_start = text.rfind("\n", 0, slash) + 1
        start = text.rfind("\n", 0, line_start - 1) + 1 if line_start > 0 else 0
        end = text.find("\n", slash)
        while end >= 0:  # a line ending with a separator goes on below
            last = end
            while last > 0 and text[last - 1] in " \t":
                last -= 1
            if last == 0 or text[last - 1] not in "/-":
                break
            end = text.find("\n", end + 1)
        if end < 0:
            end = n
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([max(start, pos), end])
        slash = text.find("/", end)
    for a, b in windows:
        yield from P.NUMBER.finditer(text, a, b)


def _seq_key(number: str) -> str:
    """A number without leading zeros in its sequence: "07/2026/TT-BNV" is "7/2026/TT-BNV"."""
    return _LEADING_ZEROS.sub("", number)


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (word lists read better that way)."""
    return frozenset(words.split())


_LIST_RELATIONS = frozenset(
    {
        Relation.REPEALS,
        Relation.REPLACES,
        Relation.TERMINATES,
        Relation.AMENDS,
        Relation.SUSPENDS,
        Relation.CORRECTS,
        Relation.CONSOLIDATES,
    }
)

# Words that end an unknown law title ("Luật Đất đai quy định …", "Luật Giá thì …").
_TITLE_STOP_WORDS = _word_set(
    "số ngày năm và thì nhằm để được đã có của theo tại về trong với cho khi là do này gồm "
    "như điều khoản điểm mà hoặc các những đối trên nêu nói phải sẽ đang không chưa cũng vẫn "
    "hiện tháng từ đến sau trước thuộc bị nay kể chương mục phần hết hướng ban sửa bổ quy "
    "thay bãi áp"
)
_TYPE_FIRST_WORDS = frozenset(
    fold_key(w)
    for w in _word_set(
        "Luật Bộ Nghị Thông Quyết Chỉ Kết Pháp Hiến Công Văn Quy Hướng Chương Kế Tờ Lệnh"
    )
)
_ISSUER_STOP = _word_set(
    "về đã được tại theo để nhằm cho thì là trong khi mà hoặc gửi số ngày này đến từ trên sau "
    "bị không đối do với kèm như nay dẫn thực triển"
)
_ISSUER_STOP_PAIRS: dict[str, frozenset[str]] = {
    "ban": frozenset({"hành"}),
    "quy": frozenset({"định", "chế"}),
    "hướng": frozenset({"dẫn"}),
    "sửa": frozenset({"đổi"}),
    "bổ": frozenset({"sung"}),
    "phê": frozenset({"duyệt"}),
    "nêu": frozenset({"trên", "tại"}),
    "nói": frozenset({"trên"}),
    "có": frozenset({"hiệu", "liên"}),
    "thay": frozenset({"thế"}),
    "bãi": frozenset({"bỏ"}),
    "thành": frozenset({"lập"}),
    "giao": frozenset({"nhiệm", "chỉ"}),
}


# Stop words after which a law title surely ended ("Luật Giá ngày …", "Luật Giá số …").
_HARD_STOPS = frozenset({"số", "ngày", "năm"})
# Types whose "[loại] này" may point back to a cited document in a text of another type.
_THIS_TYPES = frozenset(
    {
        "luat",
        "bo-luat",
        "phap-lenh",
        "nghi-dinh",
        "thong-tu",
        "thong-tu-lien-tich",
        "nghi-quyet",
        "quyet-dinh",
        "chi-thi",
    }
)
# Relations a cited subject can state about another document: "[VB1] thay thế [VB2]".
_SUBJECT_RELATIONS = frozenset(
    {
        Relation.AMENDS,
        Relation.REPLACES,
        Relation.REPEALS,
        Relation.SUSPENDS,
        Relation.CORRECTS,
        Relation.DETAILS,
        Relation.INTERPRETS,
        Relation.TERMINATES,
    }
)


def _title_words_key(title: str) -> str:
    return " ".join(fold_key(w) for w in re.findall(r"[^\W\d_]+", title))


def _is_type_start(words: list[tuple[int, int, str]], i: int) -> bool:
    pair = " ".join(w[2] for w in words[i : i + 2]).lower()
    single = words[i][2].lower()
    return _type_slug(pair) is not None or single in {"luật", "hiến"}


# Issuer names that are complete by themselves: a lower-case word after them starts the title.
# Local bodies ("Ủy ban nhân dân" + "tỉnh …") are not complete.
_COMPLETE_ISSUERS = frozenset(
    fold_key(name) for code, name in ISSUER_BY_CODE.items() if code not in {"UBND", "HĐND", "BCĐ"}
) | frozenset(
    fold_key(n)
    for n in (
        "Bộ Chính trị",
        "Ban Bí thư",
        "Ban Bí thư Trung ương Đảng",
        "Ban Chấp hành Trung ương",
        "Ban Chấp hành Trung ương Đảng",
        "Bộ Lao động - Thương binh và Xã hội",
    )
)


def _complete_issuer(words: list[str]) -> bool:
    key = " ".join(_fold_word(w) for w in words[-12:])
    return any(key == name or key.endswith(" " + name) for name in _COMPLETE_ISSUERS)


@functools.lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold_key(word)


def _is_ministry(issuer: str) -> bool:
    """ "Bộ Giáo dục và Đào tạo": "và" continues a ministry's name, not "Bộ Chính trị và"."""
    last = issuer.rsplit("Bộ ", 1)
    return len(last) == 2 and not last[1].startswith(("Chính trị", "trưởng")) and bool(last[1])


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([^\W\d_]+|\S)", text[pos : pos + 40])
    return m.group(1) if m else ""


@functools.lru_cache(maxsize=4096)
def _type_slug(word: str) -> str | None:
    key = fold_key(word)
    doc_type = TYPES_BY_NAME.get(key)
    return doc_type.slug if doc_type is not None else None


def _date_of(m: re.Match[str]) -> dt.date | None:
    if m.group("blank") is not None:
        return None
    day = m.group("d1") or m.group("d2")
    month = m.group("m1") or m.group("m2")
    year = m.group("y1") or m.group("y2")
    if not (day and month and year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _blank(segment: str) -> str:
    """Spaces in place of every character but line breaks: same length, same lines."""
    if "\n" not in segment:
        return " " * len(segment)
    return "\n".join(" " * len(piece) for piece in segment.split("\n"))


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n,*-–":
        end -= 1
    return end


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _amend_kind_of(title: str) -> str | None:
    low = fold_key(title)
    if low.startswith("sua doi") and "bo sung" in low[:20]:
        return "sửa đổi, bổ sung"
    if low.startswith("sua doi"):
        return "sửa đổi"
    if low.startswith("bo sung"):
        return "bổ sung"
    return None


def _ordered(relations: set[Relation]) -> tuple[Relation, ...]:
    return sort_relations(relations)
