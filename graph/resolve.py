"""Corpus-level resolution: mentions become citations between document identities.

:func:`resolve` reads the mentions of every document (extraction is per text, see
``graph.extract``) and, in passes that each touch every mention once (dict indexes, never a
loop over pairs of documents):

1. indexes the corpus documents by (number, year), by name, and the years known for each
   number;
2. identifies each mention's target: a number with the year it states; a yearless number
   merges with the only candidate year when there is exactly one and says so (DOMAIN.md §2:
   a number without a year never merges across years); a title through the known-titles list
   (curated and mined), first by the date stated with it, else by another dated mention of the
   same title in the same text, else by the law in force at the citing date when that is
   unambiguous; an unresolved title stays a title target (``resolved=False``) with the reason;
3. merges the mentions of one target in one citing document into one :class:`Citation`,
   and the relations two other documents have according to a text into stated citations;
4. collects stub targets (cited, not in the corpus), vague references, conflicts between what
   texts state about a document (date, issuer, type, title) and warnings (a citation of a
   document dated after the citing one).

Each rule that decides an identity is a keyword argument, so a caller can replace it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .codes import TYPES_BY_SLUG, System
from .ids import (
    DocumentId,
    canonical_number,
    split_number,
    system_of_number,
    type_of_number,
)
from .models import SELF_INDEX, Document, Mention, MentionKind, Problem
from .normalize import fold_key, slugify
from .relations import Relation, sort_relations
from .titles import KnownTitles, TitleMatch, mine_titles, title_key

__all__ = [
    "Citation",
    "CitingDoc",
    "Conflict",
    "ConflictValue",
    "Resolution",
    "Source",
    "Stub",
    "VagueReference",
    "only_candidate",
    "resolve",
    "title_in_context",
]


# --- inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitingDoc:
    """One corpus document as resolution sees it: its identity, metadata and mentions.

    ``meta_lines`` gives the line of the content file where each metadata value was read
    ("date" → 9), for the sources of conflicts.
    """

    doc_id: DocumentId | None
    path: str
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    doc_type: str | None = None
    mentions: tuple[Mention, ...] = ()
    meta_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_document(cls, doc: Document, mentions: Sequence[Mention]) -> CitingDoc:
        """Build from a parsed :class:`~graph.models.Document` and its extracted mentions."""
        meta = doc.meta
        lines: dict[str, int] = {}
        for name in ("date", "issuer", "title", "doc_type", "number"):
            value = getattr(meta, name)
            if value is not None and value.line is not None:
                lines["type" if name == "doc_type" else name] = value.line
        return cls(
            doc_id=doc.doc_id,
            path=doc.path,
            date=meta.date.value if meta.date else None,
            issuer=meta.issuer.value if meta.issuer else None,
            title=meta.title.value if meta.title else None,
            doc_type=meta.doc_type.value if meta.doc_type else None,
            mentions=tuple(mentions),
            meta_lines=lines,
        )


# --- outputs --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was stated: which file, which line, and how."""

    path: str
    doc_id: DocumentId | None
    line: int | None
    start: int | None  # offset of the mention; None for the document's own metadata
    how: str  # "văn bản (tiêu đề, số, ngày)" for own metadata, else the citing phrase

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where} ({self.how})"


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One of the disagreeing values, with every place that states it."""

    value: str  # ISO date, issuer, type slug or title, as first stated
    sources: tuple[Source, ...]

    @property
    def count(self) -> int:
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Texts disagree about a property of one document: flagged, never resolved."""

    target: DocumentId
    property: str  # "date", "issuer", "type", "title"
    values: tuple[ConflictValue, ...]

    def __str__(self) -> str:
        vals = "; ".join(f"{v.value} ×{v.count}" for v in self.values)
        return f"{self.target} {self.property}: {vals}"


@dataclass(frozen=True, slots=True)
class Citation:
    """An edge: ``source`` does ``relations`` to ``target``, with its evidence.

    A direct citation has ``source_path`` (the citing file) and ``stated_by`` None. A stated
    citation is an edge between two *other* documents that a text asserts ("Kết luận số
    01-KL/TW … về tiếp tục thực hiện Chỉ thị số 05-CT/TW"): ``stated_by`` is that text.
    """

    source: DocumentId | None
    target: DocumentId
    relations: tuple[Relation, ...]
    mentions: tuple[Mention, ...]
    resolved: bool  # False for a title that no rule could identify
    in_corpus: bool  # the target is a document of the corpus
    source_path: str | None = None
    stated_by: str | None = None  # path of the text that states a stated citation
    stated_by_id: DocumentId | None = None
    notes: tuple[str, ...] = ()  # how the target was identified, rule by rule
    continuation: bool = False
    amend_kind: str | None = None
    cues: tuple[str, ...] = ()
    cited_provisions: tuple[str, ...] = ()
    citing_provisions: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """Citation depth: how many times the text names the target."""
        return len(self.mentions)

    @property
    def stated(self) -> bool:
        return self.stated_by is not None


@dataclass(frozen=True, slots=True)
class Stub:
    """A document cited but not in the corpus, with everything the citations say about it."""

    target: DocumentId
    resolved: bool
    numbers: tuple[str, ...]  # as written
    types: tuple[str, ...]
    dates: tuple[dt.date, ...]
    issuers: tuple[str, ...]
    titles: tuple[str, ...]
    cited_by: tuple[str, ...]  # paths of the citing (or stating) documents
    mention_count: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VagueReference:
    """A collective or unresolvable reference, kept visible ("các Nghị quyết của …")."""

    path: str
    doc_id: DocumentId | None
    mention: Mention
    reason: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """Everything :func:`resolve` found, in deterministic order."""

    citations: Mapping[str, tuple[Citation, ...]]  # citing path → direct citations
    stated: tuple[Citation, ...]
    stubs: tuple[Stub, ...]
    vague: tuple[VagueReference, ...]
    conflicts: tuple[Conflict, ...]
    warnings: tuple[Problem, ...]
    self_mentions: Mapping[str, int]  # citing path → number of self-references
    by_target: Mapping[DocumentId, tuple[Citation, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )  # target → direct and stated citations of it ("cited by"), built once

    def all_citations(self) -> tuple[Citation, ...]:
        return tuple(c for cs in self.citations.values() for c in cs)

    def cited_by(self, target: DocumentId) -> tuple[Citation, ...]:
        """Direct and stated citations whose target is ``target`` (an index lookup)."""
        return tuple(self.by_target.get(target, ()))


# --- rules ----------------------------------------------------------------------------------

YearRule = Callable[[str, Collection[int]], int | None]
TitleRule = Callable[[KnownTitles, Mention, "dt.date | None"], TitleMatch]


def only_candidate(number: str, years: Collection[int]) -> int | None:
    """A yearless number takes a year only when exactly one candidate year is known."""
    return next(iter(years)) if len(years) == 1 else None


def title_in_context(known: KnownTitles, mention: Mention, at: dt.date | None) -> TitleMatch:
    """Look a title up by its stated date, stated year, then the date it is read at."""
    title = mention.title or ""
    stated_year = mention.year if mention.date is None else None
    return known.lookup(
        mention.doc_type or "luat",
        title,
        date=mention.date,
        year=stated_year,
        at=mention.context_date or at,
    )


# --- internal keys --------------------------------------------------------------------------

# A target key: ("n", number, year) for numbered documents, ("x", system, type, name, year)
# for named ones, ("t", type, title key, year) for unresolved titles.
Key = tuple[str | int | None, ...]
EdgeKey = tuple[str, Key | None, Key, bool]  # citing path, source (None: itself), target, stated


@dataclass(slots=True)
class _Target:
    key: Key
    resolved: bool = True
    notes: list[str] = field(default_factory=list)
    type_votes: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)  # "09/1998/NĐ-CP", "9/1998/…"
    named: DocumentId | None = None


@dataclass(slots=True)
class _Edge:
    source_key: Key | None  # None: the citing document itself
    target_key: Key
    citing: CitingDoc
    stated: bool
    relations: set[Relation] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    continuation: bool = False
    amend_kind: str | None = None
    cues: list[str] = field(default_factory=list)


def resolve(
    documents: Sequence[CitingDoc],
    *,
    known_titles: KnownTitles | None = None,
    mine: bool = True,
    year_rule: YearRule = only_candidate,
    title_rule: TitleRule = title_in_context,
    flag_later_citations: bool = True,
) -> Resolution:
    """Resolve the mentions of a corpus into citations, stubs, conflicts and warnings.

    Args:
        documents: every corpus document with its mentions.
        known_titles: titles → numbers; defaults to the curated list.
        mine: also learn titles from texts that state a title with its number.
        year_rule: picks the year of a yearless number from the candidate years.
        title_rule: identifies a title mention (curated and mined titles, date, context).
        flag_later_citations: warn when a document cites one dated after it.
    """
    return _Resolver(
        documents, known_titles, mine, year_rule, title_rule, flag_later_citations
    ).run()


class _Resolver:
    def __init__(
        self,
        documents: Sequence[CitingDoc],
        known: KnownTitles | None,
        mine: bool,
        year_rule: YearRule,
        title_rule: TitleRule,
        flag_later: bool,
    ) -> None:
        self.docs = documents
        base = known if known is not None else KnownTitles.default()
        self.known = base.merged(mine_titles(documents)) if mine else base
        self.year_rule = year_rule
        self.title_rule = title_rule
        self.flag_later = flag_later
        self.targets: dict[Key, _Target] = {}
        self.warnings: list[Problem] = []
        self.vague: list[VagueReference] = []
        self.self_counts: dict[str, int] = {}

    # -- pass 1: the corpus index ---------------------------------------------------------

    def _index(self) -> None:
        self.by_key: dict[Key, CitingDoc] = {}
        self.years_of: dict[str, set[int]] = defaultdict(set)
        for doc in self.docs:
            if doc.doc_id is None:
                continue
            key = _id_key(doc.doc_id)
            if key in self.by_key:
                self.warnings.append(
                    Problem(
                        doc.path,
                        None,
                        "duplicate-document",
                        f"same identity as {self.by_key[key].path}: {doc.doc_id}",
                    )
                )
                continue
            self.by_key[key] = doc
            if doc.doc_id.number is not None and doc.doc_id.year is not None:
                self.years_of[_number_key(doc.doc_id.number)].add(doc.doc_id.year)
        for doc in self.docs:
            for m in doc.mentions:
                if m.kind is MentionKind.NUMBER and m.number and m.year is not None:
                    self.years_of[_number_key(m.number)].add(m.year)

    # -- pass 2: a key per mention ----------------------------------------------------------

    def _keys(self, doc: CitingDoc) -> list[tuple[Key, list[str], bool] | None]:
        """The target key of each mention of ``doc`` (None: no target), notes, resolved."""
        mentions = doc.mentions
        out: list[tuple[Key, list[str], bool] | None] = [None] * len(mentions)
        local_years: dict[str, set[int]] = defaultdict(set)
        for m in mentions:
            if m.kind is MentionKind.NUMBER and m.number and m.year is not None:
                local_years[_number_key(m.number)].add(m.year)
        # titles: dated ones first, so undated ones can follow them within the text
        title_hits: dict[tuple[str, str], set[Key]] = defaultdict(set)
        pending_titles: list[int] = []
        for i, m in enumerate(mentions):
            if m.kind is MentionKind.NUMBER and m.number:
                out[i] = self._number_key(m, local_years)
            elif m.kind is MentionKind.EVENT and m.name:
                key: Key = (
                    "x",
                    System.PARTY.value,
                    m.doc_type or "nghi-quyet",
                    slugify(m.name),
                    m.year,
                )
                out[i] = (key, [], True)
            elif m.kind is MentionKind.TITLE:
                if m.date is not None or m.year is not None:
                    res = self._title_key(m, doc)
                    out[i] = res
                    if res[2]:
                        title_hits[(m.doc_type or "", title_key(m.title or ""))].add(res[0])
                else:
                    pending_titles.append(i)
        for i in pending_titles:
            m = mentions[i]
            same = title_hits.get((m.doc_type or "", title_key(m.title or "")), set())
            if len(same) == 1:
                key = next(iter(same))
                out[i] = (key, ["same title as a dated mention in this text"], True)
            else:
                out[i] = self._title_key(m, doc)
        for i, m in enumerate(mentions):
            if m.kind is MentionKind.ANAPHORA:
                ref = m.refers_to
                if ref is not None and 0 <= ref < len(mentions) and out[ref] is not None:
                    key_notes = out[ref]
                    assert key_notes is not None
                    out[i] = (key_notes[0], ["anaphora: the previous citation"], key_notes[2])
        return out

    def _number_key(
        self, m: Mention, local_years: Mapping[str, set[int]]
    ) -> tuple[Key, list[str], bool]:
        number = _number_key(m.number or "")
        if m.year is not None:
            return ("n", number, m.year), [], True
        local = local_years.get(number, set())
        if len(local) == 1:
            same = next(iter(local))
            return ("n", number, same), [f"year {same} from another mention in this text"], True
        candidates = self.years_of.get(number, set())
        chosen = self.year_rule(number, candidates)
        if chosen is not None:
            return (
                ("n", number, chosen),
                [f"year unknown; merged with the only candidate ({chosen})"],
                True,
            )
        note = (
            f"year unknown; {len(candidates)} candidates "
            f"({', '.join(map(str, sorted(candidates)))}): not merged"
            if candidates
            else "year unknown; no candidate"
        )
        return ("n", number, None), [note], True

    def _title_key(self, m: Mention, doc: CitingDoc) -> tuple[Key, list[str], bool]:
        match = self.title_rule(self.known, m, doc.date)
        entry = match.entry
        if entry is not None:
            note = f"identified by title: {match.reason} [{entry.source}]"
            if entry.number is not None:
                return ("n", _number_key(entry.number), entry.year), [note], True
            name = (TYPES_BY_SLUG[entry.doc_type].name + " " + entry.title).strip()
            if entry.year is not None and not entry.title:
                name += f" năm {entry.year}"
            return (
                ("x", System.STATE.value, entry.doc_type, slugify(name), entry.year),
                [note],
                True,
            )
        year = m.year
        return (
            ("t", m.doc_type or "luat", title_key(m.title or ""), year),
            [f"unresolved title: {match.reason}"],
            False,
        )

    # -- pass 3: edges --------------------------------------------------------------------

    def run(self) -> Resolution:
        self._index()
        edges: dict[EdgeKey, _Edge] = {}
        order: list[EdgeKey] = []
        titles_of: dict[Key, Mention] = {}
        for doc in self.docs:
            keys = self._keys(doc)
            own_key = _id_key(doc.doc_id) if doc.doc_id is not None else None
            selves = 0
            for i, m in enumerate(doc.mentions):
                if m.kind is MentionKind.SELF:
                    selves += 1
                    continue
                if m.kind is MentionKind.VAGUE:
                    self.vague.append(
                        VagueReference(doc.path, doc.doc_id, m, "collective reference")
                    )
                    continue
                found = keys[i]
                if found is None:
                    if m.kind is MentionKind.ANAPHORA:
                        self.vague.append(
                            VagueReference(
                                doc.path, doc.doc_id, m, "anaphora without an antecedent"
                            )
                        )
                    continue
                key, notes, resolved = found
                self._target(key, resolved, m)
                if m.kind is MentionKind.TITLE and key[0] == "t":
                    titles_of.setdefault(key, m)
                if own_key is not None and key == own_key:
                    selves += 1
                    continue
                ek: EdgeKey = (doc.path, None, key, False)
                edge = edges.get(ek)
                if edge is None:
                    edge = edges[ek] = _Edge(None, key, doc, stated=False)
                    order.append(ek)
                _add(edge, m, m.relations, notes, m.continuation, m.amend_kind, m.cue)
                for link in m.links:
                    if link.other == SELF_INDEX:
                        other: Key | None = own_key
                        if other is None:
                            continue
                    elif 0 <= link.other < len(keys) and keys[link.other] is not None:
                        other_found = keys[link.other]
                        assert other_found is not None
                        other = other_found[0]
                    else:
                        continue
                    src, dst = (key, other) if link.outgoing else (other, key)
                    if src == dst:
                        continue
                    sk: EdgeKey = (doc.path, src, dst, True)
                    stated_edge = edges.get(sk)
                    if stated_edge is None:
                        stated_edge = edges[sk] = _Edge(src, dst, doc, stated=True)
                        order.append(sk)
                    _add(
                        stated_edge,
                        m,
                        link.relations,
                        [],
                        link.continuation,
                        link.amend_kind,
                        link.cue,
                    )
            if selves:
                self.self_counts[doc.path] = selves
        ids = self._ids(titles_of)
        citations: dict[str, list[Citation]] = defaultdict(list)
        stated: list[Citation] = []
        for ek in order:
            edge = edges[ek]
            citation = self._citation(edge, ids)
            if edge.stated:
                stated.append(citation)
            else:
                citations[edge.citing.path].append(citation)
                self._check_time(edge, citation, ids)
        all_edges = [edges[k] for k in order]
        by_target: dict[DocumentId, list[Citation]] = defaultdict(list)
        for citation in (*(c for cs in citations.values() for c in cs), *stated):
            by_target[citation.target].append(citation)
        return Resolution(
            citations={p: tuple(cs) for p, cs in citations.items()},
            stated=tuple(stated),
            stubs=self._stubs(all_edges, ids),
            vague=tuple(self.vague),
            conflicts=self._conflicts(all_edges, ids),
            warnings=tuple(sorted(self.warnings)),
            self_mentions=dict(self.self_counts),
            by_target={t: tuple(cs) for t, cs in by_target.items()},
        )

    def _target(self, key: Key, resolved: bool, m: Mention) -> _Target:
        target = self.targets.get(key)
        if target is None:
            target = self.targets[key] = _Target(key, resolved)
        if m.type_word and m.doc_type and m.kind is MentionKind.NUMBER:
            target.type_votes[m.doc_type] += 1
        if m.kind is MentionKind.NUMBER and m.number:
            target.spellings[m.number] += 1
        return target

    def _ids(self, titles_of: Mapping[Key, Mention]) -> dict[Key, DocumentId]:
        """A DocumentId for every target key: the corpus document's, else minted."""
        ids: dict[Key, DocumentId] = {}
        for key, target in self.targets.items():
            corpus = self.by_key.get(key)
            if corpus is not None and corpus.doc_id is not None:
                ids[key] = corpus.doc_id
                continue
            ids[key] = _mint(key, target, titles_of.get(key))
        for key, doc in self.by_key.items():
            if doc.doc_id is not None:
                ids.setdefault(key, doc.doc_id)
        return ids

    def _citation(self, edge: _Edge, ids: Mapping[Key, DocumentId]) -> Citation:
        target = self.targets.get(edge.target_key)
        notes = list(dict.fromkeys([*edge.notes, *(target.notes if target else [])]))
        source_id = ids[edge.source_key] if edge.source_key is not None else edge.citing.doc_id
        source_path = None
        if edge.stated:
            src_doc = self.by_key.get(edge.source_key) if edge.source_key else None
            source_path = src_doc.path if src_doc else None
        else:
            source_path = edge.citing.path
        return Citation(
            source=source_id,
            target=ids[edge.target_key],
            relations=sort_relations(edge.relations) or (Relation.CITES,),
            mentions=tuple(edge.mentions),
            resolved=target.resolved if target else True,
            in_corpus=edge.target_key in self.by_key,
            source_path=source_path,
            stated_by=edge.citing.path if edge.stated else None,
            stated_by_id=edge.citing.doc_id if edge.stated else None,
            notes=tuple(notes),
            continuation=edge.continuation,
            amend_kind=edge.amend_kind,
            cues=tuple(dict.fromkeys(edge.cues)),
            cited_provisions=tuple(
                dict.fromkeys(m.cited_provision for m in edge.mentions if m.cited_provision)
            ),
            citing_provisions=tuple(
                dict.fromkeys(m.citing_provision for m in edge.mentions if m.citing_provision)
            ),
        )

    # -- pass 4: stubs, conflicts, warnings -----------------------------------------------

    def _stubs(self, edges: Iterable[_Edge], ids: Mapping[Key, DocumentId]) -> tuple[Stub, ...]:
        about: dict[Key, list[Mention]] = defaultdict(list)
        cited_by: dict[Key, dict[str, None]] = defaultdict(dict)
        for edge in edges:
            if edge.target_key not in self.by_key:
                if not edge.stated:
                    about[edge.target_key].extend(edge.mentions)
                cited_by[edge.target_key][edge.citing.path] = None
            if edge.stated and edge.source_key is not None and (edge.source_key not in self.by_key):
                cited_by.setdefault(edge.source_key, {})
        out = []
        for key, paths in cited_by.items():
            mentions = about.get(key, [])
            target = self.targets.get(key)
            out.append(
                Stub(
                    target=ids[key],
                    resolved=target.resolved if target else True,
                    numbers=tuple(
                        dict.fromkeys(
                            " ".join(m.text.split())
                            for m in mentions
                            if m.kind is MentionKind.NUMBER
                        )
                    ),
                    types=tuple(dict.fromkeys(m.doc_type for m in mentions if m.doc_type)),
                    dates=tuple(sorted({m.date for m in mentions if m.date})),
                    issuers=tuple(dict.fromkeys(m.issuer for m in mentions if m.issuer)),
                    titles=tuple(
                        dict.fromkeys(
                            m.title for m in mentions if m.title and m.kind is MentionKind.NUMBER
                        )
                    ),
                    cited_by=tuple(paths),
                    mention_count=len(mentions),
                    notes=tuple(target.notes) if target else (),
                )
            )
        out.sort(key=lambda s: str(s.target))
        return tuple(out)

    def _conflicts(
        self, edges: Iterable[_Edge], ids: Mapping[Key, DocumentId]
    ) -> tuple[Conflict, ...]:
        observed: dict[Key, dict[str, list[tuple[str, Source]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for key, doc in self.by_key.items():
            own = observed[key]
            for prop, value in (
                ("date", doc.date.isoformat() if doc.date else None),
                ("issuer", doc.issuer),
                ("type", doc.doc_type),
                ("title", doc.title),
            ):
                if value:
                    own[prop].append(
                        (
                            value,
                            Source(
                                doc.path,
                                doc.doc_id,
                                doc.meta_lines.get(prop),
                                None,
                                "văn bản: thông tin của chính văn bản",
                            ),
                        )
                    )
        for edge in edges:
            if edge.stated:
                continue
            obs = observed[edge.target_key]
            for m in edge.mentions:
                if m.kind is not MentionKind.NUMBER:
                    continue
                how = "trích dẫn: " + " ".join(
                    edge.citing.doc_id.label().split() if edge.citing.doc_id else [edge.citing.path]
                )
                src = Source(
                    edge.citing.path, edge.citing.doc_id, m.line, m.start, f"{how}: “{_phrase(m)}”"
                )
                if m.date is not None:
                    obs["date"].append((m.date.isoformat(), src))
                if m.issuer:
                    obs["issuer"].append((m.issuer, src))
                if m.type_word and m.doc_type and "type" not in m.shared:
                    obs["type"].append((m.doc_type, src))
                if m.title and "title" not in m.shared:
                    obs["title"].append((m.title, src))
        out = []
        for key, props in observed.items():
            for prop, values in props.items():
                groups = _group_values(prop, values)
                if len(groups) > 1:
                    out.append(
                        Conflict(
                            ids[key] if key in ids else _mint(key, None, None), prop, tuple(groups)
                        )
                    )
        out.sort(key=lambda c: (str(c.target), c.property))
        return tuple(out)

    def _check_time(self, edge: _Edge, citation: Citation, ids: Mapping[Key, DocumentId]) -> None:
        if not self.flag_later or edge.citing.date is None:
            return
        citing_date = edge.citing.date
        corpus = self.by_key.get(edge.target_key)
        target_date = corpus.date if corpus is not None else None
        if target_date is None:
            stated = Counter(m.date for m in edge.mentions if m.date)
            target_date = stated.most_common(1)[0][0] if stated else None
        first = edge.mentions[0]
        if target_date is not None and target_date > citing_date:
            self.warnings.append(
                Problem(
                    edge.citing.path,
                    first.line,
                    "cites-later-document",
                    f"{citation.target} is dated {target_date.isoformat()}, after the citing "
                    f"document ({citing_date.isoformat()})",
                )
            )
        elif (
            target_date is None
            and citation.target.year is not None
            and (citation.target.year > citing_date.year)
        ):
            self.warnings.append(
                Problem(
                    edge.citing.path,
                    first.line,
                    "cites-later-document",
                    f"{citation.target} is of {citation.target.year}, after the citing document "
                    f"({citing_date.isoformat()})",
                )
            )


# --- helpers --------------------------------------------------------------------------------


def _add(
    edge: _Edge,
    m: Mention,
    relations: Iterable[Relation],
    notes: Iterable[str],
    continuation: bool,
    amend_kind: str | None,
    cue: str | None,
) -> None:
    edge.mentions.append(m)
    edge.relations.update(relations)
    edge.notes.extend(n for n in notes if n not in edge.notes)
    edge.continuation = edge.continuation or continuation
    edge.amend_kind = edge.amend_kind or amend_kind
    if cue:
        edge.cues.append(cue)


def _number_key(number: str) -> str:
    """The matching form of a number: canonical, no leading zeros ("09/1998" = "9/1998")."""
    return re.sub(r"^0+(?=\d)", "", canonical_number(number))


def _id_key(doc_id: DocumentId) -> Key:
    if doc_id.number is not None:
        return ("n", _number_key(doc_id.number), doc_id.year)
    return ("x", doc_id.system.value, doc_id.doc_type, doc_id.name or "", doc_id.year)


def _mint(key: Key, target: _Target | None, title_mention: Mention | None) -> DocumentId:
    """A DocumentId for a target outside the corpus."""
    if key[0] == "n":
        number = str(key[1])
        if target is not None and target.spellings:
            number = target.spellings.most_common(1)[0][0]  # as most texts print it
        year = key[2] if isinstance(key[2], int) else None
        doc_type = None
        if target is not None and target.type_votes:
            doc_type = target.type_votes.most_common(1)[0][0]
        doc_type = doc_type or type_of_number(number) or "van-ban"
        if split_number(number) is None:  # a legacy number: "169-CP"
            return DocumentId(system_of_number(number), doc_type, year, number)
        return DocumentId.from_number(number, year, doc_type)
    if key[0] == "x":
        named_year = key[4] if isinstance(key[4], int) else None
        return DocumentId(System(str(key[1])), str(key[2]), named_year, None, str(key[3]))
    doc_type = str(key[1])
    year = key[3] if len(key) > 3 and isinstance(key[3], int) else None
    title = title_mention.title if title_mention and title_mention.title else str(key[2])
    name = (
        (TYPES_BY_SLUG[doc_type].name + " " + title).strip() if doc_type in TYPES_BY_SLUG else title
    )
    return DocumentId.named(
        System.STATE, doc_type if doc_type in TYPES_BY_SLUG else "van-ban", year, name or "x"
    )


def _phrase(m: Mention) -> str:
    parts = [" ".join(m.text.split())]
    if m.date_text:
        parts.append(m.date_text)
    if m.issuer:
        parts.append("của " + m.issuer)
    return " ".join(parts)


_ISSUER_PREFIX = re.compile(
    r"^(?:bo truong|thu truong|chu tich|thong doc|tong giam doc|tong kiem toan|chanh an"
    r"|vien truong|tong thanh tra)\s+"
)
_TITLE_PREFIX = re.compile(r"^(?:ve viec|ve|v/v)\s+")


def _norm(prop: str, value: str) -> str:
    key = fold_key(value)
    if prop == "issuer":
        key = _ISSUER_PREFIX.sub("", key)
        key = key.replace("uy ban nhan dan", "ubnd").replace("hoi dong nhan dan", "hdnd")
    elif prop == "title":
        key = re.sub(r"[“”\"'.,;:()]", " ", key)
        key = " ".join(key.split())
        key = _TITLE_PREFIX.sub("", key)
    return key


def _compatible(prop: str, a: str, b: str) -> bool:
    if a == b:
        return True
    if prop in {"issuer", "title"} and (a in b or b in a):
        return True
    if prop == "title":
        wa, wb = set(a.split()), set(b.split())
        if wa and wb and len(wa & wb) / len(wa | wb) >= 0.6:
            return True
    return False


def _group_values(prop: str, values: Sequence[tuple[str, Source]]) -> list[ConflictValue]:
    """Group the observed values of one property into mutually compatible clusters."""
    clusters: list[tuple[str, str, list[Source]]] = []  # (norm, display, sources)
    for value, source in values:
        norm = _norm(prop, value)
        for i, (cn, _display, sources) in enumerate(clusters):
            if _compatible(prop, norm, cn):
                sources.append(source)
                if len(norm) > len(cn) and prop in {"issuer", "title"}:
                    clusters[i] = (norm, value, sources)
                break
        else:
            clusters.append((norm, value, [source]))
    if len(clusters) > 1 and prop in {"issuer", "title"}:
        # a value compatible with two clusters joins them (containment is not transitive)
        merged = True
        while merged and len(clusters) > 1:
            merged = False
            for i in range(len(clusters)):
                for j in range(i + 1, len(clusters)):
                    if _compatible(prop, clusters[i][0], clusters[j][0]):
                        keep = (
                            clusters[i]
                            if len(clusters[i][0]) >= len(clusters[j][0])
                            else clusters[j]
                        )
                        clusters[i] = (keep[0], keep[1], clusters[i][2] + clusters[j][2])
                        del clusters[j]
                        merged = True
                        break
                if merged:
                    break
    return [ConflictValue(display, tuple(sources)) for _, display, sources in clusters]
