"""Write documents, agents and citations as RDF (ELI + the luocdo vocabulary), document by
document, as N-Triples lines.

Every edge is written twice: the direct triple (``<A> vnl:implements <B>``, with ``eli:cites``
and the ELI term it aligns to, so simple queries need no reasoner) and a ``vnl:Citation``
resource with the evidence: relation, cue, sentence, offsets, provisions, mention count, the
stating document, and PROV provenance. Vague references, conflicts and incoming stamps are
resources too. No blank nodes: every IRI is minted by :mod:`graph.config`.

The graph is never held whole: :func:`graph_parts` gives it one document at a time (the
document, its stamp, and the citations, vague references and conflicts that start from it),
so ten million triples stream through in constant memory. Terms are written straight as
N-Triples text (:func:`iri`, :func:`vi`, :func:`integer` …): an rdflib ``Literal`` costs
5–20 µs to make, minutes over such a graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Graph

from . import __version__, config, vocab
from .config import (
    BASE_IRI,
    agent_iri,
    citation_iri,
    conflict_iri,
    conflict_value_iri,
    mention_iri,
    stamp_iri,
    vague_iri,
)
from .ids import DocumentId
from .models import Document
from .network import stub_label, target_names
from .resolve import Citation, Conflict, Resolution, Stub, VagueReference
from .vocab import relation_concept, relation_property, system_concept, type_concept

_K = TypeVar("_K")
_V = TypeVar("_V")
Term = str  # an RDF term in N-Triples syntax: <iri>, "text"@vi, "5"^^<…#integer>


class _Terms:
    """A namespace whose terms come in N-Triples syntax: ``VNL.Citation`` is
    ``<https://w3id.org/luocdo/def#Citation>``. Each term is looked up once in the rdflib
    namespace (a closed one refuses unknown terms), then kept: rdflib checks on every lookup.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Term:
        term = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, term)
        return term


ELI, FOAF, ORG, PROV = _Terms(vocab.ELI), _Terms(vocab.FOAF), _Terms(vocab.ORG), _Terms(vocab.PROV)
RDF, RDFS, VNL = _Terms(vocab.RDF), _Terms(vocab.RDFS), _Terms(vocab.VNL)

EXTRACTOR = f"luocdo {__version__}"
VIETNAMESE = "<http://publications.europa.eu/resource/authority/language/VIE>"
SOFTWARE = f"<{BASE_IRI}software/luocdo>"
EXTRACTION = f"<{BASE_IRI}activity/extract/{__version__}>"

# Conflict properties: the name resolve.py uses → the RDF property it is about.
CONFLICT_PROPERTIES = {
    "date": vocab.ELI.date_document,
    "issuer": vocab.ELI.passed_by,
    "type": vocab.ELI.type_document,
    "title": vocab.ELI.title,
}

# "Như trên", "Lưu: VT": lines of a Nơi nhận list that name no agent.
_NOT_AGENT = re.compile(r"(?i)^(?:như\s+(?:trên|điều|khoản)|lưu\b|lưu\s*:)")


# --- terms ------------------------------------------------------------------------------------


def iri(value: str) -> Term:
    return f"<{value}>"


def _quoted(value: str) -> str:
    # N-Triples escapes, as rdflib writes them: backslash first, then line breaks and quotes
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r") + '"'


def plain(value: str) -> Term:
    """A string literal (xsd:string)."""
    return _quoted(value)


def vi(text: str) -> Term:
    """A Vietnamese text literal."""
    return _quoted(text) + "@vi"


_INTEGER, _DATE = f"^^<{vocab.XSD.integer}>", f"^^<{vocab.XSD.date}>"
_TRUE, _FALSE = (f'"{b}"^^<{vocab.XSD.boolean}>' for b in ("true", "false"))


def integer(value: int) -> Term:
    return f'"{value:d}"{_INTEGER}'


def boolean(value: bool) -> Term:
    return _TRUE if value else _FALSE


def date(value: dt.date) -> Term:
    return f'"{value.isoformat()}"{_DATE}'


# --- the writer -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """The triples one document owns, or (``doc_id`` None) those no document owns: agents,
    the software and its activity. ``lines`` are N-Triples lines, sorted and distinct;
    ``core`` is the same without the per-mention evidence (the browser's lighter dump)."""

    doc_id: DocumentId | None
    lines: tuple[str, ...]
    core: tuple[str, ...]


class RdfWriter:
    """Writes the triples of one document after another into a buffer that :meth:`take`
    empties.

    ``dates`` (:func:`known_dates`) lets a citation say it cites a later document. Agents are
    shared by many documents: :meth:`agent` remembers them and :meth:`shared` writes them
    once, each under the name its first mention in corpus order gives (``rank``: the
    position of the document being written, stubs after every document).
    """

    def __init__(self, dates: dict[DocumentId, dt.date]) -> None:
        self.dates = dates
        self.rank = 0
        self._core: list[str] = []
        self._detail: list[str] = []
        self._agent_names: dict[Term, tuple[int, str]] = {}
        self._agent_types: dict[Term, set[Term]] = {}
        self._agent_iris: dict[str, Term] = {}  # name → IRI: minting one folds the name
        self._document_iris: dict[DocumentId, Term] = {}  # the same: one slug each

    def add(self, s: Term, p: Term, o: Term) -> None:
        self._core.append(f"{s} {p} {o} .\n")

    def add_detail(self, s: Term, p: Term, o: Term) -> None:
        """A triple of the per-mention evidence, left out of the lighter dump."""
        self._detail.append(f"{s} {p} {o} .\n")

    def take(self, doc_id: DocumentId | None) -> Part:
        """The triples written since the last call, as ``doc_id``'s part."""
        core = set(self._core)
        lines = sorted(core.union(self._detail))
        self._core, self._detail = [], []
        return Part(doc_id, tuple(lines), tuple(sorted(core)))

    def document_iri(self, doc_id: DocumentId) -> Term:
        known = self._document_iris.get(doc_id)
        if known is None:
            known = self._document_iris[doc_id] = iri(config.document_iri(doc_id))
        return known

    # --- agents -------------------------------------------------------------------------------

    def agent(self, name: str, person: bool = False) -> Term:
        agent = self._agent_iris.get(name)
        if agent is None:
            agent = self._agent_iris[name] = iri(agent_iri(name))
        known = self._agent_names.get(agent)
        if known is None or self.rank < known[0]:
            self._agent_names[agent] = (self.rank, name)
        kind = FOAF.Person if person else ORG.Organization
        self._agent_types.setdefault(agent, set()).add(kind)
        return agent

    def shared(self) -> None:
        """The software, its extraction activity, and every agent met so far."""
        self.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
        self.add(SOFTWARE, RDFS.label, plain(EXTRACTOR))
        self.add(EXTRACTION, RDF.type, PROV.Activity)
        self.add(EXTRACTION, PROV.wasAssociatedWith, SOFTWARE)
        for agent, (_rank, name) in self._agent_names.items():
            self.add(agent, RDF.type, VNL.Agent)
            for kind in self._agent_types[agent]:
                self.add(agent, RDF.type, kind)
            self.add(agent, FOAF.name, vi(name))

    # --- documents ----------------------------------------------------------------------------

    def _identity(
        self, doc: Term, doc_id: DocumentId, in_corpus: bool, name: str | None = None
    ) -> None:
        self.add(doc, RDF.type, ELI.LegalResource)
        self.add(doc, RDF.type, VNL.Document if in_corpus else VNL.StubDocument)
        self.add(doc, VNL.canonicalId, plain(str(doc_id)))
        label = name if doc_id.number is None and name else doc_id.label()
        self.add(doc, RDFS.label, vi(label))
        self.add(doc, VNL.system, iri(system_concept(doc_id.system)))
        self.add(doc, VNL.documentType, iri(type_concept(doc_id.doc_type)))
        self.add(doc, ELI.type_document, iri(type_concept(doc_id.doc_type)))
        self.add(doc, VNL.inCorpus, boolean(in_corpus))
        if doc_id.number:
            self.add(doc, ELI.number, plain(doc_id.number))

    def document(self, doc: Document) -> Term | None:
        """A corpus document with its metadata, agents and stamp; None without an identity."""
        if doc.doc_id is None:
            return None
        s = self.document_iri(doc.doc_id)
        self._identity(s, doc.doc_id, in_corpus=True)
        meta = doc.meta
        self.add(s, VNL.sourceFile, plain(doc.path))
        self.add(s, VNL.sha256, plain(doc.sha256))
        self.add(s, VNL.extractorVersion, plain(EXTRACTOR))
        self.add(s, ELI.language, VIETNAMESE)
        self.add(s, PROV.wasGeneratedBy, EXTRACTION)
        if meta.number:
            self.add(s, VNL.numberVerbatim, plain(meta.number.value))
        if meta.date:
            self.add(s, ELI.date_document, date(meta.date.value))
        if meta.title:
            self.add(s, ELI.title, vi(meta.title.value))
        if meta.issuer:
            self.add(s, ELI.passed_by, self.agent(meta.issuer.value))
        if meta.place:
            self.add(s, VNL.place, vi(meta.place.value))
        if meta.drafting_unit:
            self.add(s, VNL.draftingUnit, plain(meta.drafting_unit.value))
        if meta.signing_authority:
            self.add(s, VNL.signingAuthority, vi(" / ".join(meta.signing_authority.value)))
        if meta.signer:
            self.add(s, VNL.signer, self.agent(meta.signer.value, person=True))
        if meta.signer_title:
            self.add(s, VNL.signerTitle, vi(meta.signer_title.value))
        for field, prop in ((meta.addressees, VNL.addressee), (meta.recipients, VNL.recipient)):
            for name in field.value if field else ():
                if not _NOT_AGENT.match(name):
                    self.add(s, prop, self.agent(name))
        for attached in meta.attachments.value if meta.attachments else ():
            self.add(s, VNL.attachment, vi(attached))
        if meta.effective_date:
            self.add(s, ELI.first_date_entry_in_force, date(meta.effective_date.value))
        stamp = meta.received
        if stamp is not None:
            st = iri(stamp_iri(doc.doc_id))
            self.add(s, VNL.receivedStamp, st)
            self.add(st, RDF.type, VNL.ReceivedStamp)
            if stamp.number:
                self.add(st, VNL.receivedNumber, plain(stamp.number))
            if stamp.date:
                self.add(st, VNL.receivedDate, date(stamp.date))
            if stamp.office:
                self.add(st, VNL.receivingOffice, vi(stamp.office))
            for row in stamp.routing:
                self.add(st, VNL.routingRow, vi(row))
            self.add(st, VNL.firstLine, integer(stamp.first_line))
            self.add(st, VNL.lastLine, integer(stamp.last_line))
        return s

    def stub(self, stub: Stub, name: str | None = None) -> Term:
        """A cited document not in the corpus: what the citations say about it. ``name`` is
        how the texts name a document that has no number ("Hiến pháp năm 2013")."""
        s = self.document_iri(stub.target)
        self._identity(s, stub.target, in_corpus=False, name=name or (stub.titles or ("",))[0])
        if (when := stub_date(stub)) is not None:
            self.add(s, ELI.date_document, date(when))
        if len(set(stub.titles)) == 1:
            self.add(s, ELI.title, vi(stub.titles[0]))
        if len(set(stub.issuers)) == 1:
            self.add(s, ELI.passed_by, self.agent(stub.issuers[0]))
        self.add(s, VNL.resolved, boolean(stub.resolved))
        for note in stub.notes:
            self.add(s, VNL.resolutionNote, vi(note))
        return s

    # --- citations ----------------------------------------------------------------------------

    def citation(self, citation: Citation) -> Term | None:
        if citation.source is None or citation.source == citation.target:
            return None
        source = self.document_iri(citation.source)
        target = self.document_iri(citation.target)
        c_iri = citation_iri(citation.source, str(citation.target), citation.stated_by_id)
        c = iri(c_iri)
        for relation in citation.relations:
            self.add(source, iri(relation_property(relation)), target)
            self.add(source, iri(relation.eli), target)
        self.add(source, ELI.cites, target)
        self.add(c, RDF.type, VNL.Citation)
        self.add(c, VNL.citingDocument, source)
        self.add(c, VNL.citedDocument, target)
        for relation in citation.relations:
            self.add(c, VNL.relation, iri(relation_concept(relation)))
        self.add(c, VNL.mentionCount, integer(len(citation.mentions)))
        self.add(c, VNL.resolved, boolean(citation.resolved))
        for note in citation.notes:
            self.add(c, VNL.resolutionNote, vi(note))
        if citation.stated_by_id is not None:
            self.add(c, VNL.statedBy, self.document_iri(citation.stated_by_id))
        if citation.continuation:
            self.add(c, VNL.continuation, boolean(True))
        if citation.amend_kind:
            self.add(c, VNL.amendKind, plain(citation.amend_kind))  # a code: xsd:string
        for provision in citation.cited_provisions:
            self.add(c, VNL.citedProvision, vi(provision))
        for provision in citation.citing_provisions:
            self.add(c, VNL.citingProvision, vi(provision))
        stating = citation.stated_by_id or citation.source
        self.add(c, PROV.wasDerivedFrom, self.document_iri(stating))
        self.add(c, PROV.wasGeneratedBy, EXTRACTION)
        # One resource per citing sentence: most of a large graph, so the lighter dump leaves
        # them out, except for an edge stated by a third text, which its sentence states.
        add = self.add if citation.stated_by_id is not None else self.add_detail
        for mention in citation.mentions:
            m = iri(mention_iri(c_iri, mention.start, mention.end))
            add(c, VNL.mention, m)
            add(m, RDF.type, VNL.Mention)
            add(m, VNL.text, vi(mention.text))
            add(m, VNL.start, integer(mention.start))
            add(m, VNL.end, integer(mention.end))
            add(m, VNL.line, integer(mention.line))
            add(m, VNL.mentionKind, plain(mention.kind.value))
            if mention.sentence:
                add(m, VNL.sentence, vi(mention.sentence))
            if mention.cue:
                add(m, VNL.cue, vi(mention.cue))
            if mention.cited_provision:
                add(m, VNL.citedProvision, vi(mention.cited_provision))
            if mention.citing_provision:
                add(m, VNL.citingProvision, vi(mention.citing_provision))
        a, b = self.dates.get(citation.source), self.dates.get(citation.target)
        if a is not None and b is not None and b > a:
            self.add(c, RDF.type, VNL.TemporalAnomaly)
        return c

    def vague(self, ref: VagueReference) -> Term | None:
        if ref.doc_id is None:
            return None
        m = ref.mention
        v = iri(vague_iri(ref.doc_id, f"{m.start}:{m.text}"))
        self.add(v, RDF.type, VNL.VagueReference)
        self.add(v, VNL.citingDocument, self.document_iri(ref.doc_id))
        self.add(v, VNL.text, vi(m.text))
        self.add(v, VNL.start, integer(m.start))
        self.add(v, VNL.end, integer(m.end))
        self.add(v, VNL.line, integer(m.line))
        if m.sentence:
            self.add(v, VNL.sentence, vi(m.sentence))
        if m.cue:
            self.add(v, VNL.cue, vi(m.cue))
        self.add(v, VNL.resolutionNote, vi(ref.reason))
        return v

    def conflict(self, conflict: Conflict) -> Term | None:
        prop = CONFLICT_PROPERTIES.get(conflict.property)
        if prop is None:
            return None
        subject = self.document_iri(conflict.target)
        c_iri = conflict_iri(conflict.target, str(prop))
        c = iri(c_iri)
        self.add(c, RDF.type, VNL.Conflict)
        self.add(c, VNL.conflictSubject, subject)
        self.add(c, VNL.conflictProperty, iri(prop))
        for value in conflict.values:
            literal = _conflict_literal(conflict.property, value.value)
            for source in value.sources:
                if source.doc_id is None:
                    continue
                key = f"{value.value}|{source.doc_id}|{source.line}|{source.start}"
                v = iri(conflict_value_iri(c_iri, key))
                self.add(c, VNL.value, v)
                self.add(v, RDF.type, VNL.ConflictValue)
                self.add(v, RDF.value, literal)
                self.add(v, VNL.valueSource, self.document_iri(source.doc_id))
                if source.line is not None:
                    self.add(v, VNL.sourceLine, integer(source.line))
                self.add(v, VNL.statedAs, vi(source.how))
        return c


def _conflict_literal(prop: str, value: str) -> Term:
    if prop == "date":
        try:
            return date(dt.date.fromisoformat(value))
        except ValueError:
            return plain(value)
    return vi(value) if prop in {"title", "issuer"} else plain(value)


def stub_date(stub: Stub) -> dt.date | None:
    """The date of a cited document, when every citation that gives one agrees."""
    return stub.dates[0] if len(set(stub.dates)) == 1 else None


def known_dates(documents: Iterable[Document], stubs: Iterable[Stub]) -> dict[DocumentId, dt.date]:
    """The date of every document and stub that has one (a citation of a later one is a
    vnl:TemporalAnomaly)."""
    dates: dict[DocumentId, dt.date] = {}
    for doc in documents:
        if doc.doc_id is not None and doc.meta.date:
            dates[doc.doc_id] = doc.meta.date.value
    for stub in stubs:
        if (when := stub_date(stub)) is not None:
            dates[stub.target] = when
    return dates


def graph_parts(documents: Sequence[Document], resolution: Resolution) -> Iterator[Part]:
    """The whole graph, one document at a time: each corpus document in corpus order
    (documents sharing an identity together), each stub in resolution order, then the part
    no document owns (agents, provenance, and anything about a document with no part)."""
    writer = RdfWriter(known_dates(documents, resolution.stubs))
    every = [c for path in sorted(resolution.citations) for c in resolution.citations[path]]
    citations = _by_key((c.source, c) for c in [*every, *resolution.stated])
    vague = _by_key((ref.doc_id, ref) for ref in resolution.vague)
    conflicts = _by_key((c.target, c) for c in resolution.conflicts)

    def owned(doc_id: DocumentId) -> Part:
        for citation in citations.pop(doc_id, ()):
            writer.citation(citation)
        for ref in vague.pop(doc_id, ()):
            writer.vague(ref)
        for conflict in conflicts.pop(doc_id, ()):
            writer.conflict(conflict)
        return writer.take(doc_id)

    ranked: dict[DocumentId, list[tuple[int, Document]]] = {}
    for rank, doc in enumerate(documents):
        if doc.doc_id is not None:
            ranked.setdefault(doc.doc_id, []).append((rank, doc))
    for doc_id, same in ranked.items():
        for rank, doc in same:
            writer.rank = rank
            writer.document(doc)
        yield owned(doc_id)
    names = target_names(resolution)
    for rank, stub in enumerate(resolution.stubs, start=len(documents)):
        writer.rank = rank
        writer.stub(stub, stub_label(stub, names))
        yield owned(stub.target)
    writer.shared()
    for citation in (c for rest in citations.values() for c in rest):
        writer.citation(citation)
    for ref in (r for rest in vague.values() for r in rest):
        writer.vague(ref)
    for conflict in (c for rest in conflicts.values() for c in rest):
        writer.conflict(conflict)
    yield writer.take(None)


def _by_key(pairs: Iterable[tuple[_K | None, _V]]) -> dict[_K, list[_V]]:
    out: dict[_K, list[_V]] = {}
    for key, value in pairs:
        if key is not None:
            out.setdefault(key, []).append(value)
    return out


def build_rdf(documents: Sequence[Document], resolution: Resolution) -> Graph:
    """The whole graph (without the vocabulary) in one rdflib Graph: for small corpora and
    tests; builds stream :func:`graph_parts` instead."""
    text = "".join(line for part in graph_parts(documents, resolution) for line in part.lines)
    return vocab.bind_prefixes(Graph()).parse(data=text, format="nt")
