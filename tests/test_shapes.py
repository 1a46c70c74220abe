"""SHACL shapes: a correct graph of the seed's facts conforms; each kind of mistake is caught.

The checks run on the build's validator (graph/validate.py, the shapes compiled to SPARQL on
Oxigraph); pySHACL stays as the reference: on the seed and on every broken graph below, both
report the same results.

The valid graph follows DOMAIN.md §5: Công văn 9465/UBND-KSTTHC implements and transmits
Chỉ thị 33/CT-TTg (two mentions), Chỉ thị 33 cites Chỉ thị 16/CT-TTg (a stub) and states that
Kết luận 01-KL/TW implements Chỉ thị 05-CT/TW, holds a vague reference, and has a date conflict
(16/11 in its header, 26/11 in the công văn) and an incoming stamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SH, XSD
from rdflib.term import Node

from graph import config
from graph.codes import System
from graph.ids import DocumentId
from graph.relations import Relation
from graph.validate import ENTAILED, UnsupportedShape, validate
from graph.vocab import (
    ELI,
    VNL,
    Status,
    relation_concept,
    relation_property,
    shapes_graph,
    status_concept,
    system_concept,
    type_concept,
    vocabulary_graph,
)

SHAPES = shapes_graph()
VOCAB = vocabulary_graph()

CV_9465 = DocumentId.from_number("9465/UBND-KSTTHC", 2021)
CT_33 = DocumentId.from_number("33/CT-TTg", 2021)
CT_16 = DocumentId.from_number("16/CT-TTg", 2016)
KL_01 = DocumentId.from_number("01-KL/TW", 2021)
CT_05 = DocumentId.from_number("05-CT/TW", 2016)


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def s(text: str) -> Literal:
    return Literal(text)  # a plain literal is an xsd:string (RDF 1.1)


def day(year: int, month: int, d: int) -> Literal:
    return Literal(dt.date(year, month, d), datatype=XSD.date)


def doc(doc_id: DocumentId) -> URIRef:
    return URIRef(config.document_iri(doc_id))


def agent(name: str) -> URIRef:
    return URIRef(config.agent_iri(name))


@dataclass
class Seed:
    """The valid graph and the IRIs a test breaks."""

    g: Graph
    cv: URIRef
    ct33: URIRef
    ct16: URIRef
    citation: URIRef
    stated: URIRef
    mention: URIRef
    vague: URIRef
    conflict: URIRef
    stamp: URIRef
    issuer: URIRef
    signer: URIRef


def add_agent(g: Graph, name: str, kind: URIRef) -> URIRef:
    iri = agent(name)
    g.add((iri, RDF.type, VNL.Agent))
    g.add((iri, RDF.type, kind))
    g.add((iri, FOAF.name, vi(name)))
    return iri


def add_document(
    g: Graph, doc_id: DocumentId, date: Literal | None, *, stub: bool, file: str = ""
) -> URIRef:
    iri = doc(doc_id)
    g.add((iri, RDF.type, VNL.StubDocument if stub else VNL.Document))
    g.add((iri, RDFS.label, vi(doc_id.label())))
    g.add((iri, VNL.canonicalId, s(str(doc_id))))
    g.add((iri, VNL.system, system_concept(doc_id.system)))
    g.add((iri, VNL.documentType, type_concept(doc_id.doc_type)))
    g.add((iri, ELI.type_document, type_concept(doc_id.doc_type)))
    if doc_id.number is not None:
        g.add((iri, ELI.number, s(doc_id.number)))
    g.add((iri, VNL.inCorpus, Literal(not stub)))
    if date is not None:
        g.add((iri, ELI.date_document, date))
    if not stub:
        g.add((iri, VNL.sourceFile, s(file)))
        g.add((iri, VNL.sha256, s("0" * 63 + "1")))
        g.add((iri, VNL.extractorVersion, s("0.1.0")))
    return iri


def add_citation(
    g: Graph,
    source: DocumentId,
    target: DocumentId,
    relations: tuple[Relation, ...],
    mentions: list[tuple[int, int, str]],
    stated_by: DocumentId | None = None,
) -> URIRef:
    iri = URIRef(config.citation_iri(source, str(target), stated_by))
    g.add((iri, RDF.type, VNL.Citation))
    g.add((iri, VNL.citingDocument, doc(source)))
    g.add((iri, VNL.citedDocument, doc(target)))
    for relation in relations:
        g.add((iri, VNL.relation, relation_concept(relation)))
        g.add((doc(source), relation_property(relation), doc(target)))
        g.add((doc(source), ELI.cites, doc(target)))
    g.add((iri, VNL.mentionCount, Literal(len(mentions))))
    g.add((iri, VNL.resolved, Literal(True)))
    if stated_by is not None:
        g.add((iri, VNL.statedBy, doc(stated_by)))
    for start, end, text in mentions:
        m = URIRef(config.mention_iri(str(iri), start, end))
        g.add((iri, VNL.mention, m))
        g.add((m, RDF.type, VNL.Mention))
        g.add((m, VNL.text, vi(text)))
        g.add((m, VNL.start, Literal(start)))
        g.add((m, VNL.end, Literal(end)))
        g.add((m, VNL.line, Literal(3)))
        g.add((m, VNL.sentence, vi(f"… {text} …")))
        g.add((m, VNL.mentionKind, s("number")))
    return iri


def build_seed() -> Seed:
    g = Graph()
    hai_phong = add_agent(g, "Ủy ban nhân dân thành phố Hải Phòng", ORG.Organization)
    ttg = add_agent(g, "Thủ tướng Chính phủ", ORG.Organization)
    so_noi_vu = add_agent(g, "Sở Nội vụ", ORG.Organization)
    kien = add_agent(g, "Trần Huy Kiên", FOAF.Person)

    cv = add_document(g, CV_9465, day(2021, 12, 7), stub=False, file="content/seed.txt")
    g.add((cv, VNL.numberVerbatim, s("9465 /UBND-KSTTHC")))
    g.add((cv, ELI.title, vi("V/v thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021")))
    g.add((cv, ELI.passed_by, hai_phong))
    g.add((cv, VNL.place, vi("Hải Phòng")))
    g.add((cv, VNL.draftingUnit, s("KSTTHC")))
    g.add((cv, VNL.signingAuthority, vi("TL. ỦY BAN NHÂN DÂN / KT. CHÁNH VĂN PHÒNG")))
    g.add((cv, VNL.signer, kien))
    g.add((cv, VNL.signerTitle, vi("PHÓ CHÁNH VĂN PHÒNG")))
    g.add((cv, VNL.addressee, so_noi_vu))
    g.add((cv, VNL.recipient, so_noi_vu))
    g.add((cv, VNL.status, status_concept(Status.IN_FORCE)))
    g.add((cv, VNL.statusAsOf, day(2022, 1, 1)))
    g.add((cv, VNL.statusSource, vi("front matter, dòng 4")))

    ct33 = add_document(g, CT_33, day(2021, 11, 16), stub=False, file="content/seed.txt")
    g.add((ct33, ELI.passed_by, ttg))
    ct16 = add_document(g, CT_16, day(2016, 5, 16), stub=True)
    add_document(g, KL_01, day(2021, 5, 18), stub=True)
    add_document(g, CT_05, day(2016, 5, 15), stub=True)

    citation = add_citation(
        g,
        CV_9465,
        CT_33,
        (Relation.IMPLEMENTS, Relation.TRANSMITS),
        [(40, 60, "Chỉ thị số 33/CT-TTg"), (300, 318, "Chỉ thị nêu trên")],
    )
    add_citation(g, CT_33, CT_16, (Relation.CITES,), [(500, 520, "Chỉ thị số 16/CT-TTg")])
    stated = add_citation(
        g,
        KL_01,
        CT_05,
        (Relation.IMPLEMENTS,),
        [(700, 716, "Chỉ thị số 05-CT/TW")],
        stated_by=CT_33,
    )
    g.add((stated, VNL.continuation, Literal(True)))
    # The first mention repeated on the citation, for simple queries.
    g.add((citation, VNL.start, Literal(40)))
    g.add((citation, VNL.end, Literal(60)))
    g.add((citation, VNL.cue, vi("V/v thực hiện")))

    vague = URIRef(config.vague_iri(CT_33, "900:các Nghị quyết"))
    g.add((vague, RDF.type, VNL.VagueReference))
    g.add((vague, VNL.citingDocument, ct33))
    g.add((vague, VNL.text, vi("các Nghị quyết của Ban Chấp hành Trung ương Đảng")))
    g.add((vague, VNL.start, Literal(900)))
    g.add((vague, VNL.end, Literal(948)))
    g.add((vague, VNL.relation, relation_concept(Relation.IN_ACCORDANCE_WITH)))

    conflict = URIRef(config.conflict_iri(CT_33, str(ELI.date_document)))
    g.add((conflict, RDF.type, VNL.Conflict))
    g.add((conflict, VNL.conflictSubject, ct33))
    g.add((conflict, VNL.conflictProperty, ELI.date_document))
    for value, source, line, text in (
        (day(2021, 11, 16), ct33, 60, "Hà Nội, ngày 16 tháng 11 năm 2021"),
        (day(2021, 11, 26), cv, 8, "ngày 26/11/2021"),
    ):
        v = URIRef(config.conflict_value_iri(str(conflict), f"{value}|{source}"))
        g.add((conflict, VNL.value, v))
        g.add((v, RDF.type, VNL.ConflictValue))
        g.add((v, RDF.value, value))
        g.add((v, VNL.valueSource, source))
        g.add((v, VNL.sourceLine, Literal(line)))
        g.add((v, VNL.statedAs, vi(text)))

    stamp = URIRef(config.stamp_iri(CT_33))
    g.add((ct33, VNL.receivedStamp, stamp))
    g.add((stamp, RDF.type, VNL.ReceivedStamp))
    g.add((stamp, VNL.receivedNumber, s("1206")))
    g.add((stamp, VNL.receivedDate, day(2021, 11, 27)))
    g.add((stamp, VNL.receivingOffice, vi("VĂN PHÒNG UBND TP. HÀ NỘI")))
    g.add((stamp, VNL.routingRow, vi("Đ/c Chánh Văn phòng")))
    g.add((stamp, VNL.firstLine, Literal(40)))
    g.add((stamp, VNL.lastLine, Literal(52)))

    first_mention = URIRef(config.mention_iri(str(citation), 40, 60))
    return Seed(
        g,
        cv,
        ct33,
        ct16,
        citation,
        stated,
        first_mention,
        vague,
        conflict,
        stamp,
        hai_phong,
        kien,
    )


@dataclass(frozen=True)
class Result:
    """A validation result in terms both validators can be compared on: N-Triples text, every
    blank node written ``_:b`` (Oxigraph renames blank nodes when it loads them)."""

    focus: str
    path: str | None
    component: str
    severity: str
    value: str | None
    messages: tuple[str, ...]


def key(term: Node | str | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode) or str(term).startswith("_:"):
        return "_:b"
    return term.n3() if isinstance(term, Node) else term


def check(g: Graph, *, allow_warnings: bool = False) -> tuple[bool, list[Result]]:
    """The build's validator on ``g`` (with the vocabulary and its RDFS entailments)."""
    report = validate(g.serialize(format="nt", encoding="utf-8"), allow_warnings=allow_warnings)
    results = [
        Result(key(r.focus) or "", r.path, r.component, r.severity, key(r.value), r.messages)
        for r in report.results
    ]
    return report.conforms, sorted(results, key=repr)


def reference(g: Graph, *, allow_warnings: bool = False) -> tuple[bool, list[Result]]:
    """pySHACL on ``g``, as the build called it before graph/validate.py."""
    conforms, report, _text = pyshacl_validate(
        g, shacl_graph=SHAPES, ont_graph=VOCAB, inference="rdfs", allow_warnings=allow_warnings
    )
    assert isinstance(report, Graph)

    def path(node: Node | None) -> str | None:
        inverse = report.value(node, SH.inversePath)
        return key(node) if inverse is None else "^" + inverse.n3()

    results = [
        Result(
            key(report.value(r, SH.focusNode)) or "",
            path(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceConstraintComponent)).removeprefix(str(SH)),
            str(report.value(r, SH.resultSeverity)).removeprefix(str(SH)),
            key(report.value(r, SH.value)),
            tuple(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
        )
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for r in report.objects(report_node, SH.result)  # not the nested sh:detail results
    ]
    return bool(conforms), sorted(results, key=repr)


def test_the_seed_graph_conforms() -> None:
    conforms, results = check(build_seed().g)
    assert conforms, results
    assert results == []


def test_the_seed_graph_has_no_blank_nodes() -> None:
    g = build_seed().g
    assert not any(isinstance(term, BNode) for triple in g for term in triple)


def _remove(g: Graph, subject: URIRef, predicate: URIRef) -> None:
    g.remove((subject, predicate, None))


def _citation_without_relation(x: Seed) -> URIRef:
    _remove(x.g, x.citation, VNL.relation)
    return x.citation


def _relation_outside_the_scheme(x: Seed) -> URIRef:
    x.g.add((x.citation, VNL.relation, type_concept("chi-thi")))
    return x.citation


def _made_up_relation(x: Seed) -> URIRef:
    x.g.add((x.citation, VNL.relation, URIRef(config.CONCEPT_NS + "relation/amend")))
    return x.citation


def _two_dates(x: Seed) -> URIRef:
    x.g.add((x.ct33, ELI.date_document, day(2021, 11, 26)))
    return x.ct33


def _date_as_string(x: Seed) -> URIRef:
    _remove(x.g, x.cv, ELI.date_document)
    x.g.add((x.cv, ELI.date_document, s("07/12/2021")))
    return x.cv


def _conflict_with_one_value(x: Seed) -> URIRef:
    values = list(x.g.objects(x.conflict, VNL.value))
    x.g.remove((x.conflict, VNL.value, values[0]))
    x.g.remove((values[0], None, None))
    return x.conflict


def _conflict_that_agrees(x: Seed) -> URIRef:
    for v in x.g.objects(x.conflict, VNL.value):
        x.g.set((v, RDF.value, day(2021, 11, 16)))
    return x.conflict


def _conflict_value_without_source(x: Seed) -> URIRef:
    value = next(iter(x.g.objects(x.conflict, VNL.value)))
    assert isinstance(value, URIRef)
    _remove(x.g, value, VNL.valueSource)
    return value


def _conflict_missing_the_asserted_value(x: Seed) -> URIRef:
    x.g.set((x.ct33, ELI.date_document, day(2021, 11, 17)))
    return x.conflict


def _agent_without_name(x: Seed) -> URIRef:
    _remove(x.g, x.issuer, FOAF.name)
    return x.issuer


def _agent_of_no_kind(x: Seed) -> URIRef:
    x.g.remove((x.issuer, RDF.type, ORG.Organization))
    return x.issuer


def _signer_not_a_person(x: Seed) -> URIRef:
    x.g.add((x.cv, VNL.signer, x.issuer))
    return x.cv


def _document_without_id(x: Seed) -> URIRef:
    _remove(x.g, x.ct16, VNL.canonicalId)
    return x.ct16


def _document_type_outside_the_scheme(x: Seed) -> URIRef:
    x.g.set((x.cv, VNL.documentType, relation_concept(Relation.CITES)))
    return x.cv


def _corpus_document_without_hash(x: Seed) -> URIRef:
    _remove(x.g, x.cv, VNL.sha256)
    return x.cv


def _stub_with_a_source_file(x: Seed) -> URIRef:
    x.g.add((x.ct16, VNL.sourceFile, s("content/x.txt")))
    return x.ct16


def _status_without_source(x: Seed) -> URIRef:
    _remove(x.g, x.cv, VNL.statusSource)
    return x.cv


def _no_plain_triple(x: Seed) -> URIRef:
    x.g.remove((x.cv, VNL.transmits, x.ct33))
    return x.citation


def _self_citation(x: Seed) -> URIRef:
    x.g.set((x.citation, VNL.citedDocument, x.cv))
    x.g.add((x.cv, VNL.implements, x.cv))
    x.g.add((x.cv, VNL.transmits, x.cv))
    return x.citation


def _mention_count_zero(x: Seed) -> URIRef:
    x.g.set((x.citation, VNL.mentionCount, Literal(0)))
    return x.citation


def _mention_backwards(x: Seed) -> URIRef:
    x.g.set((x.mention, VNL.end, Literal(10)))
    return x.mention


def _citation_offsets_backwards(x: Seed) -> URIRef:
    x.g.set((x.citation, VNL.end, Literal(40)))
    return x.citation


def _mention_offset_as_string(x: Seed) -> URIRef:
    x.g.set((x.mention, VNL.start, s("40")))
    return x.mention


def _mention_text_without_language(x: Seed) -> URIRef:
    x.g.set((x.mention, VNL.text, s("Chỉ thị số 33/CT-TTg")))
    return x.mention


def _vague_reference_with_a_target(x: Seed) -> URIRef:
    x.g.add((x.vague, VNL.citedDocument, x.ct16))
    return x.vague


def _stamp_number_is_the_document_number(x: Seed) -> URIRef:
    x.g.set((x.stamp, VNL.receivedNumber, s("33/CT-TTg")))
    return x.stamp


def _stamp_on_no_document(x: Seed) -> URIRef:
    x.g.remove((x.ct33, VNL.receivedStamp, x.stamp))
    return x.stamp


def _flagged_anomaly_that_is_not(x: Seed) -> URIRef:
    x.g.add((x.citation, RDF.type, VNL.TemporalAnomaly))
    return x.citation


def _blank_node_citation(x: Seed) -> BNode:
    b = BNode()
    for p, o in list(x.g.predicate_objects(x.stated)):
        if p != VNL.mention:
            x.g.add((b, p, o))
    return b


BROKEN: list[tuple[Callable[[Seed], URIRef | BNode], URIRef | None]] = [
    (_citation_without_relation, VNL.relation),
    (_relation_outside_the_scheme, VNL.relation),
    (_made_up_relation, VNL.relation),
    (_two_dates, ELI.date_document),
    (_date_as_string, ELI.date_document),
    (_conflict_with_one_value, VNL.value),
    (_conflict_that_agrees, VNL.value),
    (_conflict_value_without_source, VNL.valueSource),
    (_conflict_missing_the_asserted_value, VNL.value),
    (_agent_without_name, FOAF.name),
    (_agent_of_no_kind, None),
    (_signer_not_a_person, VNL.signer),
    (_document_without_id, VNL.canonicalId),
    (_document_type_outside_the_scheme, VNL.documentType),
    (_corpus_document_without_hash, None),
    (_stub_with_a_source_file, VNL.sourceFile),
    (_status_without_source, VNL.statusSource),
    (_no_plain_triple, VNL.relation),
    (_self_citation, VNL.citingDocument),
    (_mention_count_zero, VNL.mentionCount),
    (_mention_backwards, VNL.start),
    (_citation_offsets_backwards, VNL.start),
    (_mention_offset_as_string, VNL.start),
    (_mention_text_without_language, VNL.text),
    (_vague_reference_with_a_target, VNL.citedDocument),
    (_stamp_number_is_the_document_number, VNL.receivedNumber),
    (_stamp_on_no_document, None),
    (_flagged_anomaly_that_is_not, VNL.citedDocument),
    (_blank_node_citation, None),
]


@pytest.mark.parametrize(("breaker", "path"), BROKEN, ids=lambda x: getattr(x, "__name__", ""))
def test_a_broken_graph_fails_on_the_expected_node(
    breaker: Callable[[Seed], URIRef | BNode], path: URIRef | None
) -> None:
    seed = build_seed()
    focus = breaker(seed)
    conforms, results = check(seed.g)
    assert not conforms
    violations = [r for r in results if r.severity == "Violation"]
    assert violations, results
    on_focus = [r for r in violations if r.focus == key(focus)]
    assert on_focus, violations
    if path is not None:
        assert any(r.path == key(path) for r in on_focus), on_focus
    # A mistake is reported where it is, not as a cascade over the graph.
    assert {r.focus for r in violations} == {key(focus)}, violations


def test_an_unflagged_citation_of_a_later_document_is_a_warning() -> None:
    seed = build_seed()
    seed.g.set((seed.ct16, ELI.date_document, day(2022, 1, 1)))
    conforms, results = check(seed.g)
    assert not conforms
    assert [(r.focus, r.severity) for r in results] == [
        (key(URIRef(config.citation_iri(CT_33, str(CT_16)))), "Warning")
    ]
    conforms, _ = check(seed.g, allow_warnings=True)
    assert conforms
    # Flagged, it conforms outright.
    seed.g.add((URIRef(config.citation_iri(CT_33, str(CT_16))), RDF.type, VNL.TemporalAnomaly))
    conforms, results = check(seed.g)
    assert conforms, results


def test_a_named_document_without_number_conforms() -> None:
    seed = build_seed()
    hien_phap = DocumentId.named(System.STATE, "hien-phap", 2013, "Hiến pháp năm 2013")
    add_document(seed.g, hien_phap, None, stub=True)
    add_citation(
        seed.g,
        CT_33,
        hien_phap,
        (Relation.IN_ACCORDANCE_WITH,),
        [(1000, 1018, "Hiến pháp năm 2013")],
    )
    conforms, results = check(seed.g)
    assert conforms, results


# --- the build's validator gives pySHACL's results ----------------------------------------------


def _label_twice_in_vi(x: Seed) -> None:
    x.g.add((x.cv, RDFS.label, vi("Công văn 9465")))


def _label_only_in_english(x: Seed) -> None:
    x.g.set((x.cv, RDFS.label, Literal("Official letter 9465", lang="en")))


def _label_in_french(x: Seed) -> None:
    x.g.add((x.cv, RDFS.label, Literal("Lettre 9465", lang="fr")))


def _in_force_outside_the_table(x: Seed) -> None:
    x.g.add((x.cv, ELI.in_force, ELI["InForce-unknown"]))


def _stub_in_the_corpus(x: Seed) -> None:
    x.g.set((x.ct16, VNL.inCorpus, Literal(True)))


def _language_as_text(x: Seed) -> None:
    x.g.add((x.cv, ELI.language, s("VIE")))


def _malformed_canonical_id(x: Seed) -> None:
    x.g.set((x.cv, VNL.canonicalId, s("9465/UBND-KSTTHC")))


def _number_with_a_final_newline(x: Seed) -> None:
    # Python's $ (pySHACL) also matches before a final newline; Oxigraph's does not.
    x.g.set((x.ct33, ELI.number, s("33/CT-TTg\n")))


def _stamp_lines_backwards(x: Seed) -> None:
    x.g.set((x.stamp, VNL.firstLine, Literal(60)))


def _title_in_english(x: Seed) -> None:
    x.g.set((x.cv, ELI.title, Literal("On Directive 33", lang="en")))


def _issuer_as_text(x: Seed) -> None:
    x.g.add((x.cv, ELI.passed_by, vi("Ủy ban nhân dân thành phố Hải Phòng")))


def _ill_typed_line(x: Seed) -> None:
    x.g.set((x.mention, VNL.line, Literal("ba", datatype=XSD.integer)))


def _boolean_written_as_one(x: Seed) -> None:
    x.g.set((x.citation, VNL.resolved, Literal("1", datatype=XSD.boolean)))


def _status_as_text(x: Seed) -> None:
    x.g.set((x.cv, VNL.status, vi("còn hiệu lực")))


def _value_of_two_conflicts(x: Seed) -> None:
    other = URIRef(str(x.conflict) + "-copy")
    for p, o in list(x.g.predicate_objects(x.conflict)):
        x.g.add((other, p, o))


def _agent_with_two_names(x: Seed) -> None:
    x.g.add((x.signer, FOAF.name, vi("Kiên")))


def _date_time_for_a_date(x: Seed) -> None:
    x.g.set((x.cv, ELI.date_document, Literal(dt.datetime(2021, 12, 7, 8, 0))))


def _decimal_mention_count(x: Seed) -> None:
    # In canonical form: Oxigraph keeps numbers by value, and would report "2.0" as "2".
    x.g.set((x.citation, VNL.mentionCount, Literal("2.5", datatype=XSD.decimal)))


def _citation_of_a_later_document(x: Seed) -> None:
    x.g.set((x.ct16, ELI.date_document, day(2022, 1, 1)))


def _flagged_anomaly_citing_two_dates(x: Seed) -> None:
    # Two solutions of the SPARQL constraint with the same focus, path and value: one result.
    x.g.add((x.citation, RDF.type, VNL.TemporalAnomaly))
    x.g.add((x.ct33, ELI.date_document, day(2021, 11, 20)))


def _blank_node_mention(x: Seed) -> None:
    b = BNode()
    x.g.add((x.citation, VNL.mention, b))
    for p, o in list(x.g.predicate_objects(x.mention)):
        x.g.add((b, p, o))


# Each breaks a constraint the cases above leave untested, or one where the engines could
# differ (regex anchors, ill-typed literals, lexical forms, blank nodes, warnings).
MORE: list[Callable[[Seed], object]] = [
    _label_twice_in_vi,
    _label_only_in_english,
    _label_in_french,
    _in_force_outside_the_table,
    _stub_in_the_corpus,
    _language_as_text,
    _malformed_canonical_id,
    _number_with_a_final_newline,
    _stamp_lines_backwards,
    _title_in_english,
    _issuer_as_text,
    _ill_typed_line,
    _boolean_written_as_one,
    _status_as_text,
    _value_of_two_conflicts,
    _agent_with_two_names,
    _date_time_for_a_date,
    _decimal_mention_count,
    _citation_of_a_later_document,
    _flagged_anomaly_citing_two_dates,
    _blank_node_mention,
]


def _unchanged(x: Seed) -> None:
    pass


@pytest.mark.parametrize(
    "breaker",
    [_unchanged, *(b for b, _ in BROKEN), *MORE],
    ids=lambda b: b.__name__,
)
def test_the_validator_reports_what_pyshacl_reports(breaker: Callable[[Seed], object]) -> None:
    seed = build_seed()
    breaker(seed)
    expected = reference(seed.g)
    assert check(seed.g) == expected
    if any(r.severity == "Warning" for r in expected[1]):
        assert check(seed.g, allow_warnings=True) == reference(seed.g, allow_warnings=True)


@pytest.mark.parametrize("breaker", MORE, ids=lambda b: b.__name__)
def test_each_extra_case_breaks_a_shape(breaker: Callable[[Seed], object]) -> None:
    seed = build_seed()
    breaker(seed)
    conforms, results = reference(seed.g)
    if breaker in (_number_with_a_final_newline, _boolean_written_as_one):
        assert conforms, results  # valid for pySHACL: the validator must agree
    else:
        assert not conforms and results


def test_the_report_reads_like_pyshacls(tmp_path: Path) -> None:
    seed = build_seed()
    _citation_without_relation(seed)
    dump = tmp_path / "graph.nt"
    dump.write_bytes(seed.g.serialize(format="nt", encoding="utf-8"))
    report = validate(dump)
    assert not report.conforms
    lines = report.lines()
    assert lines[:3] == ["Validation Report", "Conforms: False", "Results (1):"]
    assert lines[3].startswith("Constraint Violation in MinCountConstraintComponent")
    assert "\tResult Path: vnl:relation" in lines
    assert report.as_report(max_lines=2) == {
        "conforms": False,
        "report": ["Validation Report", "Conforms: False"],
    }


def test_a_store_is_validated_in_place_and_left_as_it_was() -> None:
    seed = build_seed()
    _no_plain_triple(seed)
    store = ox.Store()
    store.load(seed.g.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    before = len(store)
    report = validate(store)
    assert [r.component for r in report.results] == ["SPARQLConstraintComponent"]
    assert len(store) == before
    assert ENTAILED not in set(store.named_graphs())


def test_a_construct_the_validator_does_not_compile_is_refused() -> None:
    shapes = """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .
    """
    with pytest.raises(UnsupportedShape, match="sh:closed"):
        validate(b"", shapes=shapes)
