"""Title-only references: "Luật tiếp cận thông tin" is Luật số 104/2016/QH13.

Laws, codes, ordinances and constitutions are usually cited by title. Two sources give the
number behind a title:

* a curated list, ``graph/data/known_titles.tsv``, one law a row with the source of each
  entry (Công báo, vbpl.vn) and its passing and effective dates;
* :func:`mine_titles`: texts that state a title and a number together ("Căn cứ Luật Tổ chức
  Chính phủ số 76/2015/QH13 …"), learned from the corpus being built.

Two laws can share a title ("Luật Tổ chức Chính phủ" of 2015 = 76/2015/QH13 and of 2025 =
63/2025/QH15). :meth:`KnownTitles.lookup` picks one by the date stated with the mention,
else by the year, else the one in force at the citing document's date when that is
unambiguous, else it leaves the title unresolved and says why.

Matching ignores diacritics, case and tone placement (``normalize.fold_key``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .ids import canonical_number, split_number
from .models import Mention, MentionKind
from .normalize import fold_key

DATA_FILE = Path(__file__).with_name("data") / "known_titles.tsv"

# Types that are cited by title (the type word is not part of the title key).
TITLED_TYPES = frozenset({"luat", "bo-luat", "phap-lenh", "hien-phap"})


# A number inside a title ("… của Luật Đất đai số 31/2024/QH15, …") does not count.
_NUMBER_IN_TITLE = re.compile(r"\s*\bso\s*:?\s*\d[\w.]*(?:\s*[/-]\s*[\w&]+)+")
_LIST_PUNCTUATION = re.compile(r"\s*([,;])\s*")
_DASH = re.compile(r"\s*[-–]\s*")


@functools.lru_cache(maxsize=65536)  # extraction asks for the same few titles again and again
def title_key(title: str) -> str:
    """The comparison key of a title: folded, commas and white space normalised.

    >>> title_key("Phòng,  chống tham nhũng")
    'phong, chong tham nhung'
    """
    key = fold_key(title)
    key = _NUMBER_IN_TITLE.sub("", key)
    key = _LIST_PUNCTUATION.sub(r"\1 ", key)
    key = _DASH.sub(" - ", key)
    return " ".join(key.split()).strip(" ,;")


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """One law (or code, ordinance, constitution) known by title."""

    doc_type: str  # type slug: "luat", "bo-luat", "phap-lenh", "hien-phap"
    title: str  # without the type word: "Tổ chức Chính phủ"; "" for a constitution
    number: str | None  # canonical số hiệu, None where the document has none (Hiến pháp)
    date: dt.date | None  # ngày thông qua / ban hành
    effective: dt.date | None  # ngày có hiệu lực, where known
    source: str  # where the entry comes from: "Công báo; vbpl.vn", "mined: 12 texts"

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_type, title_key(self.title))

    @property
    def year(self) -> int | None:
        """The year of the number ("76/2015/QH13"), else of the date."""
        if self.number is not None:
            parts = split_number(self.number)
            if parts is not None and parts.year is not None:
                return parts.year
        return self.date.year if self.date else None

    def start(self) -> dt.date | None:
        """The date from which the entry is (or was) in force; passing date as a fallback."""
        return self.effective or self.date


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """The result of a title lookup: the entry, or why there is none."""

    entry: TitleEntry | None
    rule: str  # "date", "year", "single", "in-force", "ambiguous", "unknown", "not-yet"
    reason: str  # a sentence for people
    candidates: tuple[TitleEntry, ...] = ()


class KnownTitles:
    """An index of titled laws by (type, title key)."""

    def __init__(self, entries: Iterable[TitleEntry]) -> None:
        by_key: dict[tuple[str, str], list[TitleEntry]] = defaultdict(list)
        seen: set[tuple[str, str, str | None, dt.date | None]] = set()
        for entry in entries:
            ident = (*entry.key, entry.number, entry.date)
            if ident in seen:
                continue
            seen.add(ident)
            by_key[entry.key].append(entry)
        for group in by_key.values():
            group.sort(key=lambda e: (e.start() or dt.date.min, e.number or ""))
        self._by_key: dict[tuple[str, str], tuple[TitleEntry, ...]] = {
            k: tuple(v) for k, v in by_key.items()
        }
        # First folded word of each title → the longest title (in words) starting with it,
        # so extraction can try only prefixes that can match.
        self._max_words: dict[tuple[str, str], int] = {}
        for doc_type, key in self._by_key:
            words = key.split()
            if not words:
                continue
            first = (doc_type, words[0])
            self._max_words[first] = max(self._max_words.get(first, 0), len(words))

    @classmethod
    @functools.cache
    def default(cls) -> KnownTitles:
        """The curated list shipped with the package (cached)."""
        return cls(load_entries(DATA_FILE))

    @property
    def entries(self) -> tuple[TitleEntry, ...]:
        return tuple(e for group in self._by_key.values() for e in group)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def merged(self, extra: Iterable[TitleEntry]) -> KnownTitles:
        """A new index with ``extra`` entries added.

        An extra entry is dropped when this index already knows its title (the curated list
        is authoritative for the titles it has: a mined "54/2013/QH13" for "Hải quan" is a
        typo of "54/2014/QH13") or its number.
        """
        have = {e.key for e in self.entries}
        numbers = {e.number for e in self.entries if e.number}
        added = [e for e in extra if e.key not in have and e.number not in numbers]
        return KnownTitles([*self.entries, *added])

    def candidates(self, doc_type: str, title: str) -> tuple[TitleEntry, ...]:
        return self._by_key.get((doc_type, title_key(title)), ())

    def has_title(self, doc_type: str, title: str) -> bool:
        return (doc_type, title_key(title)) in self._by_key

    def max_words(self, doc_type: str, first_word: str) -> int:
        """How many words the longest known title of this type starting with the word has."""
        return self._max_words.get((doc_type, fold_key(first_word)), 0)

    def lookup(
        self,
        doc_type: str,
        title: str,
        *,
        date: dt.date | None = None,
        year: int | None = None,
        at: dt.date | None = None,
    ) -> TitleMatch:
        """The law a title names.

        Args:
            doc_type: type slug of the type word ("luat").
            title: the title as cited, without the type word.
            date: a date stated with the mention ("ngày 19 tháng 6 năm 2015").
            year: a year stated with the mention ("năm 2013").
            at: the date at which the citing text speaks (its own date, or for a title
                nested in another citation, the date of that citation).
        """
        found = self.candidates(doc_type, title)
        label = f"{doc_type} “{title}”" if title else doc_type
        if not found:
            return TitleMatch(None, "unknown", f"{label}: title not in the known-titles list")
        if date is not None:
            exact = [e for e in found if e.date == date]
            if len(exact) == 1:
                return TitleMatch(
                    exact[0],
                    "date",
                    f"{label}: matched by the stated date {date.isoformat()}",
                    found,
                )
            year = year or date.year
        if year is not None:
            same_year = [e for e in found if e.year == year]
            if len(same_year) == 1:
                return TitleMatch(
                    same_year[0], "year", f"{label}: matched by the stated year {year}", found
                )
            return TitleMatch(
                None,
                "ambiguous" if same_year else "unknown",
                f"{label}: {len(same_year)} known entries of {year}"
                + (f" (stated date {date.isoformat()})" if date else ""),
                found,
            )
        if at is not None:
            return _in_force(found, label, at)
        if len(found) == 1:
            return TitleMatch(found[0], "single", f"{label}: the only known entry", found)
        return TitleMatch(
            None,
            "ambiguous",
            f"{label}: {len(found)} entries share the title and no date is stated",
            found,
        )


# A law whose effective date is unknown is taken to be in force this long after it was
# passed (Vietnamese laws take effect 6 to 18 months after passing).
ASSUMED_DELAY = dt.timedelta(days=730)


def _in_force(found: tuple[TitleEntry, ...], label: str, at: dt.date) -> TitleMatch:
    """The entry in force on ``at``, or why that is not decidable."""
    when = at.isoformat()

    def start(e: TitleEntry) -> dt.date | None:
        if e.effective is not None:
            return e.effective
        return e.date + ASSUMED_DELAY if e.date is not None else None

    if len(found) == 1:
        only = found[0]
        if only.date is not None and only.date > at:
            return TitleMatch(
                None,
                "not-yet",
                f"{label}: the only known entry ({only.number}) was passed after {when}",
                found,
            )
        return TitleMatch(only, "single", f"{label}: the only known entry", found)
    dated = sorted((e for e in found if start(e) is not None), key=lambda e: start(e))  # type: ignore[arg-type,return-value]
    in_force = [e for e in dated if start(e) <= at]  # type: ignore[operator]
    # an entry of unknown date matters only if its year allows it to be in force already
    undated = [e for e in found if start(e) is None and (e.year is None or e.year <= at.year)]
    if undated:
        return TitleMatch(
            None,
            "ambiguous",
            f"{label}: {len(found)} entries, the date of {undated[0].number} is unknown",
            found,
        )
    if not in_force:
        return TitleMatch(None, "not-yet", f"{label}: no known entry was in force on {when}", found)
    latest = in_force[-1]
    passed = [e for e in dated if e not in in_force and e.date is not None and e.date <= at]
    if passed:
        return TitleMatch(
            None,
            "ambiguous",
            f"{label}: {_name(latest)} was in force on {when} "
            f"but {_name(passed[0])} was already passed",
            found,
        )
    if latest.effective is None:
        return TitleMatch(
            latest,
            "in-force",
            f"{label}: the entry in force on {when} "
            f"(effective date assumed {ASSUMED_DELAY.days} days after passing)",
            found,
        )
    return TitleMatch(latest, "in-force", f"{label}: the entry in force on {when}", found)


def _name(entry: TitleEntry) -> str:
    return entry.number or (str(entry.year) if entry.year else "?")


def load_entries(path: Path) -> list[TitleEntry]:
    """Read a known-titles TSV: type, title, number, date, effective, source (with header)."""
    entries: list[TitleEntry] = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(
            (line for line in handle if line.strip() and not line.startswith("#")),
            delimiter="\t",
        )
        for row in rows:
            entries.append(
                TitleEntry(
                    doc_type=row["type"].strip(),
                    title=row["title"].strip(),
                    number=canonical_number(row["number"]) if row["number"].strip() else None,
                    date=_date(row["date"]),
                    effective=_date(row.get("effective") or ""),
                    source=row["source"].strip(),
                )
            )
    return entries


def _date(text: str) -> dt.date | None:
    text = text.strip()
    return dt.date.fromisoformat(text) if text else None


class HasMentions(Protocol):
    """Anything that carries the mentions of one document (``resolve.CitingDoc``)."""

    @property
    def mentions(self) -> tuple[Mention, ...]: ...


def mine_titles(
    documents: Iterable[HasMentions | Sequence[Mention]], *, min_count: int = 1
) -> tuple[TitleEntry, ...]:
    """Learn title → number pairs from texts that state both.

    "Căn cứ Luật Tổ chức Chính phủ số 76/2015/QH13" is extracted as one mention of the
    number with the law title attached; every such mention votes for (type, title) → number.
    For each number the most frequent title wins (typos in either are outvoted), and the
    most frequent stated date of that number is kept.

    Args:
        documents: extraction results, one per document.
        min_count: minimum number of mentions stating the pair.
    """
    votes: Counter[tuple[str, str, str]] = Counter()
    spelled: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    dates: dict[str, Counter[dt.date]] = defaultdict(Counter)
    for doc in documents:
        mentions = doc if isinstance(doc, Sequence) else doc.mentions
        for m in mentions:
            if m.kind is not MentionKind.NUMBER or m.number is None or not m.title:
                continue
            if m.doc_type not in TITLED_TYPES or m.title_quoted:
                continue
            parts = split_number(m.number)
            if parts is None or parts.year is None:
                continue
            if not (parts.issuer_code or "").startswith(("QH", "UBTVQH", "PL")) and (
                parts.type_code != "PL"
            ):
                continue  # only laws, codes and ordinances are cited by title
            key = title_key(m.title)
            votes[(m.doc_type, key, m.number)] += 1
            spelled[(m.doc_type, key)][m.title] += 1
            if m.date is not None and m.date.year == parts.year:
                dates[m.number][m.date] += 1
    best_for_number: dict[str, tuple[int, str, str]] = {}
    for (doc_type, key, number), count in votes.items():
        current = best_for_number.get(number)
        if current is None or count > current[0]:
            best_for_number[number] = (count, doc_type, key)
    # one law per title and year: the most cited number wins ("97/2015/QH14" is a typo)
    best_for_title: dict[tuple[str, str, int | None], tuple[int, str]] = {}
    for number, (count, doc_type, key) in best_for_number.items():
        parts = split_number(number)
        ident = (doc_type, key, parts.year if parts else None)
        current_title = best_for_title.get(ident)
        if current_title is None or count > current_title[0]:
            best_for_title[ident] = (count, number)
    keep = {number for _, number in best_for_title.values()}
    entries = []
    for number, (count, doc_type, key) in sorted(best_for_number.items()):
        if count < min_count or number not in keep:
            continue
        title = spelled[(doc_type, key)].most_common(1)[0][0]
        date = dates[number].most_common(1)[0][0] if dates[number] else None
        entries.append(
            TitleEntry(doc_type, title, number, date, None, f"mined: {count} mention(s)")
        )
    return tuple(entries)
