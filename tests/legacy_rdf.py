"""The RDF writer as it was before the graph was streamed (graph/rdf.py at commit fd04582,
with ``document_graphs`` from graph/export.py), unchanged but for its imports:
tests/test_dataset.py builds a graph with it, in one rdflib Graph, and checks that the
streamed dumps and per-document files hold the same triples. When the graph changes on
purpose, change this copy the same way (or retire the test).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph import __version__
from graph.config import (
    BASE_IRI,
    agent_iri,
    citation_iri,
    conflict_iri,
    conflict_value_iri,
    document_iri,
    mention_iri,
    stamp_iri,
    vague_iri,
)
from graph.ids import DocumentId
from graph.models import Document
from graph.network import stub_label, target_names
from graph.resolve import Citation, Conflict, Resolution, Stub, VagueReference
from graph.vocab import (
    ELI,
    FOAF,
    ORG,
    PROV,
    RDF,
    RDFS,
    VNL,
    XSD,
    bind_prefixes,
    relation_concept,
    relation_property,
    system_concept,
    type_concept,
)

EXTRACTOR = f"luocdo {__version__}"
VIETNAMESE = URIRef("http://publications.europa.eu/resource/authority/language/VIE")
SOFTWARE = URIRef(f"{BASE_IRI}software/luocdo")
EXTRACTION = URIRef(f"{BASE_IRI}activity/extract/{__version__}")

# Conflict properties: the name resolve.py uses → the RDF property it is about.
CONFLICT_PROPERTIES = {
    "date": ELI.date_document,
    "issuer": ELI.passed_by,
    "type": ELI.type_document,
    "title": ELI.title,
}

# "Như trên", "Lưu: VT": lines of a Nơi nhận list that name no agent.
_NOT_AGENT = re.compile(r"(?i)^(?:như\s+(?:trên|điều|khoản)|lưu\b|lưu\s*:)")


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


class RdfWriter:
    """Accumulates the graph; one writer per build."""

    def __init__(self) -> None:
        self.graph = bind_prefixes(Graph())
        self.dates: dict[DocumentId, dt.date] = {}
        add = self.graph.add
        add((SOFTWARE, RDF.type, PROV.SoftwareAgent))
        add((SOFTWARE, RDFS.label, Literal(EXTRACTOR)))
        add((EXTRACTION, RDF.type, PROV.Activity))
        add((EXTRACTION, PROV.wasAssociatedWith, SOFTWARE))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    # --- agents -------------------------------------------------------------------------------

    def agent(self, name: str, person: bool = False) -> URIRef:
        iri = URIRef(agent_iri(name))
        self.add(iri, RDF.type, VNL.Agent)
        self.add(iri, RDF.type, FOAF.Person if person else ORG.Organization)
        if (iri, FOAF.name, None) not in self.graph:
            self.add(iri, FOAF.name, vi(name))
        return iri

    # --- documents ----------------------------------------------------------------------------

    def _identity(
        self, iri: URIRef, doc_id: DocumentId, in_corpus: bool, name: str | None = None
    ) -> None:
        self.add(iri, RDF.type, ELI.LegalResource)
        self.add(iri, RDF.type, VNL.Document if in_corpus else VNL.StubDocument)
        self.add(iri, VNL.canonicalId, Literal(str(doc_id)))
        label = name if doc_id.number is None and name else doc_id.label()
        self.add(iri, RDFS.label, vi(label))
        self.add(iri, VNL.system, system_concept(doc_id.system))
        self.add(iri, VNL.documentType, type_concept(doc_id.doc_type))
        self.add(iri, ELI.type_document, type_concept(doc_id.doc_type))
        self.add(iri, VNL.inCorpus, Literal(in_corpus))
        if doc_id.number:
            self.add(iri, ELI.number, Literal(doc_id.number))

    def document(self, doc: Document) -> URIRef | None:
        """A corpus document with its metadata, agents and stamp; None without an identity."""
        if doc.doc_id is None:
            return None
        iri = URIRef(document_iri(doc.doc_id))
        self._identity(iri, doc.doc_id, in_corpus=True)
        meta = doc.meta
        self.add(iri, VNL.sourceFile, Literal(doc.path))
        self.add(iri, VNL.sha256, Literal(doc.sha256))
        self.add(iri, VNL.extractorVersion, Literal(EXTRACTOR))
        self.add(iri, ELI.language, VIETNAMESE)
        self.add(iri, PROV.wasGeneratedBy, EXTRACTION)
        if meta.number:
            self.add(iri, VNL.numberVerbatim, Literal(meta.number.value))
        if meta.date:
            self.add(iri, ELI.date_document, Literal(meta.date.value, datatype=XSD.date))
            self.dates[doc.doc_id] = meta.date.value
        if meta.title:
            self.add(iri, ELI.title, vi(meta.title.value))
        if meta.issuer:
            self.add(iri, ELI.passed_by, self.agent(meta.issuer.value))
        if meta.place:
            self.add(iri, VNL.place, vi(meta.place.value))
        if meta.drafting_unit:
            self.add(iri, VNL.draftingUnit, Literal(meta.drafting_unit.value))
        if meta.signing_authority:
            self.add(iri, VNL.signingAuthority, vi(" / ".join(meta.signing_authority.value)))
        if meta.signer:
            self.add(iri, VNL.signer, self.agent(meta.signer.value, person=True))
        if meta.signer_title:
            self.add(iri, VNL.signerTitle, vi(meta.signer_title.value))
        for field, prop in ((meta.addressees, VNL.addressee), (meta.recipients, VNL.recipient)):
            for name in field.value if field else ():
                if not _NOT_AGENT.match(name):
                    self.add(iri, prop, self.agent(name))
        for attached in meta.attachments.value if meta.attachments else ():
            self.add(iri, VNL.attachment, vi(attached))
        if meta.effective_date:
            self.add(
                iri,
                ELI.first_date_entry_in_force,
                Literal(meta.effective_date.value, datatype=XSD.date),
            )
        stamp = meta.received
        if stamp is not None:
            s = URIRef(stamp_iri(doc.doc_id))
            self.add(iri, VNL.receivedStamp, s)
            self.add(s, RDF.type, VNL.ReceivedStamp)
            if stamp.number:
                self.add(s, VNL.receivedNumber, Literal(stamp.number))
            if stamp.date:
                self.add(s, VNL.receivedDate, Literal(stamp.date, datatype=XSD.date))
            if stamp.office:
                self.add(s, VNL.receivingOffice, vi(stamp.office))
            for row in stamp.routing:
                self.add(s, VNL.routingRow, vi(row))
            self.add(s, VNL.firstLine, Literal(stamp.first_line))
            self.add(s, VNL.lastLine, Literal(stamp.last_line))
        return iri

    def stub(self, stub: Stub, name: str | None = None) -> URIRef:
        """A cited document not in the corpus: what the citations say about it. ``name`` is
        how the texts name a document that has no number ("Hiến pháp năm 2013")."""
        iri = URIRef(document_iri(stub.target))
        self._identity(iri, stub.target, in_corpus=False, name=name or (stub.titles or ("",))[0])
        if len(set(stub.dates)) == 1:
            self.add(iri, ELI.date_document, Literal(stub.dates[0], datatype=XSD.date))
            self.dates[stub.target] = stub.dates[0]
        if len(set(stub.titles)) == 1:
            self.add(iri, ELI.title, vi(stub.titles[0]))
        if len(set(stub.issuers)) == 1:
            self.add(iri, ELI.passed_by, self.agent(stub.issuers[0]))
        self.add(iri, VNL.resolved, Literal(stub.resolved))
        for note in stub.notes:
            self.add(iri, VNL.resolutionNote, vi(note))
        return iri

    # --- citations ----------------------------------------------------------------------------

    def citation(self, citation: Citation) -> URIRef | None:
        if citation.source is None or citation.source == citation.target:
            return None
        source = URIRef(document_iri(citation.source))
        target = URIRef(document_iri(citation.target))
        iri = URIRef(citation_iri(citation.source, str(citation.target), citation.stated_by_id))
        for relation in citation.relations:
            self.add(source, relation_property(relation), target)
            self.add(source, URIRef(relation.eli), target)
        self.add(source, ELI.cites, target)
        self.add(iri, RDF.type, VNL.Citation)
        self.add(iri, VNL.citingDocument, source)
        self.add(iri, VNL.citedDocument, target)
        for relation in citation.relations:
            self.add(iri, VNL.relation, relation_concept(relation))
        self.add(iri, VNL.mentionCount, Literal(len(citation.mentions)))
        self.add(iri, VNL.resolved, Literal(citation.resolved))
        for note in citation.notes:
            self.add(iri, VNL.resolutionNote, vi(note))
        if citation.stated_by_id is not None:
            self.add(iri, VNL.statedBy, URIRef(document_iri(citation.stated_by_id)))
        if citation.continuation:
            self.add(iri, VNL.continuation, Literal(True))
        if citation.amend_kind:
            self.add(iri, VNL.amendKind, Literal(citation.amend_kind))
        for provision in citation.cited_provisions:
            self.add(iri, VNL.citedProvision, vi(provision))
        for provision in citation.citing_provisions:
            self.add(iri, VNL.citingProvision, vi(provision))
        stating = citation.stated_by_id or citation.source
        self.add(iri, PROV.wasDerivedFrom, URIRef(document_iri(stating)))
        self.add(iri, PROV.wasGeneratedBy, EXTRACTION)
        for mention in citation.mentions:
            m = URIRef(mention_iri(str(iri), mention.start, mention.end))
            self.add(iri, VNL.mention, m)
            self.add(m, RDF.type, VNL.Mention)
            self.add(m, VNL.text, vi(mention.text))
            self.add(m, VNL.start, Literal(mention.start))
            self.add(m, VNL.end, Literal(mention.end))
            self.add(m, VNL.line, Literal(mention.line))
            self.add(m, VNL.mentionKind, Literal(mention.kind.value))
            if mention.sentence:
                self.add(m, VNL.sentence, vi(mention.sentence))
            if mention.cue:
                self.add(m, VNL.cue, vi(mention.cue))
            if mention.cited_provision:
                self.add(m, VNL.citedProvision, vi(mention.cited_provision))
            if mention.citing_provision:
                self.add(m, VNL.citingProvision, vi(mention.citing_provision))
        a, b = self.dates.get(citation.source), self.dates.get(citation.target)
        if a is not None and b is not None and b > a:
            self.add(iri, RDF.type, VNL.TemporalAnomaly)
        return iri

    def vague(self, ref: VagueReference) -> URIRef | None:
        if ref.doc_id is None:
            return None
        m = ref.mention
        iri = URIRef(vague_iri(ref.doc_id, f"{m.start}:{m.text}"))
        self.add(iri, RDF.type, VNL.VagueReference)
        self.add(iri, VNL.citingDocument, URIRef(document_iri(ref.doc_id)))
        self.add(iri, VNL.text, vi(m.text))
        self.add(iri, VNL.start, Literal(m.start))
        self.add(iri, VNL.end, Literal(m.end))
        self.add(iri, VNL.line, Literal(m.line))
        if m.sentence:
            self.add(iri, VNL.sentence, vi(m.sentence))
        if m.cue:
            self.add(iri, VNL.cue, vi(m.cue))
        self.add(iri, VNL.resolutionNote, vi(ref.reason))
        return iri

    def conflict(self, conflict: Conflict) -> URIRef | None:
        prop = CONFLICT_PROPERTIES.get(conflict.property)
        if prop is None:
            return None
        subject = URIRef(document_iri(conflict.target))
        iri = URIRef(conflict_iri(conflict.target, str(prop)))
        self.add(iri, RDF.type, VNL.Conflict)
        self.add(iri, VNL.conflictSubject, subject)
        self.add(iri, VNL.conflictProperty, prop)
        for value in conflict.values:
            literal = _conflict_literal(conflict.property, value.value)
            for source in value.sources:
                if source.doc_id is None:
                    continue
                v = URIRef(
                    conflict_value_iri(
                        str(iri), f"{value.value}|{source.doc_id}|{source.line}|{source.start}"
                    )
                )
                self.add(iri, VNL.value, v)
                self.add(v, RDF.type, VNL.ConflictValue)
                self.add(v, RDF.value, literal)
                self.add(v, VNL.valueSource, URIRef(document_iri(source.doc_id)))
                if source.line is not None:
                    self.add(v, VNL.sourceLine, Literal(source.line))
                self.add(v, VNL.statedAs, vi(source.how))
        return iri


def _conflict_literal(prop: str, value: str) -> Literal:
    if prop == "date":
        try:
            return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
        except ValueError:
            return Literal(value)
    return vi(value) if prop in {"title", "issuer"} else Literal(value)


def build_rdf(documents: Sequence[Document], resolution: Resolution) -> Graph:
    """The whole graph: documents, stubs, citations (direct and stated), vague references
    and conflicts. Stubs and documents come first, so citations can check dates."""
    writer = RdfWriter()
    for doc in documents:
        writer.document(doc)
    names = target_names(resolution)
    for stub in resolution.stubs:
        writer.stub(stub, stub_label(stub, names))
    for citations in (resolution.citations[p] for p in sorted(resolution.citations)):
        for citation in citations:
            writer.citation(citation)
    for citation in resolution.stated:
        writer.citation(citation)
    for ref in resolution.vague:
        writer.vague(ref)
    for conflict in resolution.conflicts:
        writer.conflict(conflict)
    return writer.graph


def document_graphs(graph: Graph, documents: Iterable[URIRef]) -> dict[URIRef, Graph]:
    """For each document, the triples that describe it: its own, its stamp's, and the
    citations, mentions, vague references and conflicts that start from it."""
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for triple in graph:
        by_subject[triple[0]].append(triple)
    owned: dict[Node, list[Node]] = defaultdict(list)
    for prop in (VNL.citingDocument, VNL.conflictSubject):
        for resource, doc in graph.subject_objects(prop):
            owned[doc].append(resource)
    out: dict[URIRef, Graph] = {}
    for doc in documents:
        sub = bind_prefixes(Graph())
        queue: list[Node] = [doc, *owned.get(doc, [])]
        seen: set[Node] = set()
        while queue:
            node = queue.pop()
            if node in seen:
                continue
            seen.add(node)
            for s, p, o in by_subject.get(node, []):
                sub.add((s, p, o))
                if p in (VNL.receivedStamp, VNL.mention, VNL.value):
                    queue.append(o)
        out[doc] = sub
    return out
