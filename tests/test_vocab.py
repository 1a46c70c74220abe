"""The vocabulary: Turtle and Python agree, every relation and type has its terms, IRIs are stable."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import owlrl  # type: ignore[import-untyped]
import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graph import config
from graph.codes import DOC_TYPES, TYPES_BY_SLUG, DocType, System
from graph.ids import DocumentId
from graph.relations import Relation
from graph.vocab import (
    ELI,
    VNL,
    Status,
    bind_prefixes,
    relation_concept,
    relation_from_concept,
    relation_property,
    shapes_graph,
    status_concept,
    system_concept,
    type_concept,
    vocabulary_graph,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
G = vocabulary_graph()
TERMS: set[URIRef] = {URIRef(term) for term in dir(VNL)}

# The ELI terms this project uses, each checked against the ELI ontology by hand: a typo in
# the Turtle files (eli:date_documnet) would silently mint a new IRI.
ELI_TERMS = {
    ELI[t]
    for t in [
        "LegalResource", "cites", "based_on", "amends", "repeals", "changes", "corrects",
        "consolidates", "is_annex_of", "id_local", "type_document", "number", "title",
        "date_document", "passed_by", "language", "first_date_entry_in_force",
        "date_no_longer_in_force", "in_force", "InForce-inForce", "InForce-notInForce",
        "InForce-partiallyInForce",
    ]
}  # fmt: skip


def labels(graph: Graph, subject: Node, predicate: URIRef = RDFS.label) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for label in graph.objects(subject, predicate):
        assert isinstance(label, Literal)
        assert label.language not in out, f"two {predicate} @{label.language} on {subject}"
        out[label.language] = str(label)
    return out


# --- the closed namespace and the Turtle agree --------------------------------------------------


def test_every_declared_term_is_defined_with_both_labels() -> None:
    assert len(TERMS) > 80
    for term in sorted(TERMS):
        assert (term, RDF.type, None) in G, f"{term} is not defined in vnl.ttl"
        found = labels(G, term)
        assert set(found) == {"vi", "en"}, f"{term}: labels {found}"
        assert all(found.values())
        assert (term, RDFS.comment, None) in G, f"{term} has no rdfs:comment"


def test_every_vnl_subject_of_the_turtle_is_declared() -> None:
    subjects = {s for s in G.subjects() if isinstance(s, URIRef) and s.startswith(config.VNL_NS)}
    assert subjects == TERMS


def test_every_vnl_term_used_anywhere_is_declared() -> None:
    for graph in (G, shapes_graph()):
        used = {t for triple in graph for t in triple if isinstance(t, URIRef)}
        assert {t for t in used if t.startswith(config.VNL_NS)} <= TERMS
        assert {t for t in used if t.startswith(str(ELI))} <= ELI_TERMS


def test_the_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = VNL.notATerm
    with pytest.raises(AttributeError):
        _ = VNL.Documnet
    assert VNL.Document == URIRef("https://w3id.org/luocdo/def#Document")


def test_classes_and_properties_are_typed_and_defined_by_the_ontology() -> None:
    ontology = URIRef(config.ONTOLOGY_IRI)
    assert (ontology, RDF.type, OWL.Ontology) in G
    kinds = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        SKOS.ConceptScheme,
    }
    for term in TERMS:
        assert set(G.objects(term, RDF.type)) & kinds, term
        assert (term, RDFS.isDefinedBy, ontology) in G, term
        # No domains or ranges: an RDFS reasoner would type resources and hide mistakes.
        assert (term, RDFS.domain, None) not in G
        assert (term, RDFS.range, None) not in G


def test_class_hierarchy_follows_eli_and_foaf() -> None:
    assert (VNL.Document, RDFS.subClassOf, ELI.LegalResource) in G
    assert (VNL.StubDocument, RDFS.subClassOf, VNL.Document) in G
    assert (VNL.TemporalAnomaly, RDFS.subClassOf, VNL.Citation) in G
    assert (VNL.Agent, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Agent")) in G


def test_the_vocabulary_has_no_blank_nodes() -> None:
    assert not any(isinstance(t, BNode) for triple in G for t in triple)


def test_vocabulary_graph_returns_a_fresh_graph() -> None:
    first = vocabulary_graph()
    first.remove((None, None, None))
    assert len(vocabulary_graph()) == len(G) > 0


# --- relations -----------------------------------------------------------------------------------


def _super_properties(prop: URIRef) -> set[URIRef]:
    """Every property ``prop`` is a sub-property of, through rdfs:subPropertyOf and
    owl:equivalentProperty (both directions), ``prop`` included."""
    seen = {prop}
    todo = [prop]
    while todo:
        p = todo.pop()
        nxt = set(G.objects(p, RDFS.subPropertyOf)) | set(G.objects(p, OWL.equivalentProperty))
        nxt |= set(G.subjects(OWL.equivalentProperty, p))
        for q in nxt:
            assert isinstance(q, URIRef)
            if q not in seen:
                seen.add(q)
                todo.append(q)
    return seen


@pytest.mark.parametrize("relation", list(Relation), ids=str)
def test_every_relation_has_a_property_aligned_to_eli(relation: Relation) -> None:
    prop = relation_property(relation)
    assert prop in TERMS
    assert (prop, RDF.type, OWL.ObjectProperty) in G
    assert labels(G, prop) == {"vi": relation.label_vi, "en": relation.label_en}
    assert labels(G, prop, VNL.inverseLabel) == {
        "vi": relation.inverse_vi,
        "en": relation.inverse_en,
    }
    supers = _super_properties(prop)
    assert URIRef(relation.eli) in supers
    assert ELI.cites in supers  # DOMAIN.md §3: every edge is a citation in the text
    # Directly a sub-property of its ELI alignment, so plain RDFS entails it.
    assert (prop, RDFS.subPropertyOf, URIRef(relation.eli)) in G


@pytest.mark.parametrize("relation", list(Relation), ids=str)
def test_every_relation_has_a_concept(relation: Relation) -> None:
    concept = relation_concept(relation)
    assert concept == URIRef(f"https://w3id.org/luocdo/def/relation/{relation.value}")
    assert (concept, RDF.type, SKOS.Concept) in G
    assert (concept, SKOS.inScheme, VNL.RelationTypes) in G
    assert (concept, SKOS.notation, Literal(relation.value)) in G
    assert labels(G, concept, SKOS.prefLabel) == {"vi": relation.label_vi, "en": relation.label_en}
    assert labels(G, concept, VNL.inverseLabel) == {
        "vi": relation.inverse_vi,
        "en": relation.inverse_en,
    }
    assert G.value(concept, VNL.relationProperty) == relation_property(relation)
    match = SKOS.exactMatch if relation.eli_exact else SKOS.broadMatch
    assert (concept, match, URIRef(relation.eli)) in G
    assert relation_from_concept(concept) is relation


def test_the_relation_scheme_has_exactly_the_relations() -> None:
    assert set(G.subjects(SKOS.inScheme, VNL.RelationTypes)) == {
        relation_concept(r) for r in Relation
    }


def test_an_rdfs_reasoner_entails_eli_cites_for_every_relation() -> None:
    data = vocabulary_graph()
    edges = []
    for i, relation in enumerate(Relation):
        a, b = URIRef(f"urn:test:a{i}"), URIRef(f"urn:test:b{i}")
        data.add((a, relation_property(relation), b))
        edges.append((a, b, relation))
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(data)
    for a, b, relation in edges:
        assert (a, ELI.cites, b) in data, relation
        assert (a, URIRef(relation.eli), b) in data, relation
        assert (a, VNL.cites, b) in data, relation


# --- document types, systems, statuses ------------------------------------------------------------


@pytest.mark.parametrize("doc_type", DOC_TYPES, ids=lambda t: t.slug)
def test_every_document_type_has_a_concept(doc_type: DocType) -> None:
    slug = doc_type.slug
    t = TYPES_BY_SLUG[slug]
    assert t is doc_type
    concept = type_concept(slug)
    assert concept == URIRef(f"https://w3id.org/luocdo/def/type/{slug}")
    assert (concept, SKOS.inScheme, VNL.DocumentTypes) in G
    assert (concept, SKOS.notation, Literal(slug)) in G
    assert labels(G, concept, SKOS.prefLabel) == {"vi": t.name, "en": t.english}
    assert G.value(concept, VNL.normative) == Literal(t.normative)


def test_the_type_scheme_has_exactly_the_types() -> None:
    assert set(G.subjects(SKOS.inScheme, VNL.DocumentTypes)) == {
        type_concept(t.slug) for t in DOC_TYPES
    }
    with pytest.raises(ValueError):
        type_concept("chi-thị")


def test_systems_and_statuses_have_concepts() -> None:
    assert set(G.subjects(SKOS.inScheme, VNL.Systems)) == {system_concept(s) for s in System}
    for system in System:
        assert labels(G, system_concept(system), SKOS.prefLabel)["vi"] == system.label_vi
    assert set(G.subjects(SKOS.inScheme, VNL.Statuses)) == {status_concept(s) for s in Status}
    for status in Status:
        assert set(labels(G, status_concept(status), SKOS.prefLabel)) == {"vi", "en"}
    assert labels(G, status_concept(Status.IN_FORCE), SKOS.prefLabel)["vi"] == "Còn hiệu lực"
    assert (status_concept(Status.IN_FORCE), SKOS.exactMatch, ELI["InForce-inForce"]) in G


def test_every_concept_is_a_named_individual() -> None:
    # pyshacl copies only OWL/RDFS axioms of ont_graph into the data graph; named
    # individuals are copied whole, so the shapes can read skos:inScheme.
    for concept in G.subjects(RDF.type, SKOS.Concept):
        assert (concept, RDF.type, OWL.NamedIndividual) in G


# --- the Turtle files parse the same in rdflib and in Oxigraph ------------------------------------


def _from_oxigraph(path: Path) -> Graph:
    def term(t: object) -> Node:
        if isinstance(t, pyoxigraph.NamedNode):
            return URIRef(t.value)
        if isinstance(t, pyoxigraph.BlankNode):
            return BNode(t.value)
        assert isinstance(t, pyoxigraph.Literal)
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = URIRef(t.datatype.value)
        # rdflib keeps a plain "x" without datatype; RDF 1.1 and Oxigraph say xsd:string.
        return Literal(t.value, datatype=None if datatype == XSD.string else datatype)

    g = Graph()
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        g.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return g


@pytest.mark.parametrize("name", ["vnl.ttl", "shapes.ttl"])
def test_turtle_parses_the_same_in_rdflib_and_oxigraph(name: str) -> None:
    ours = Graph().parse(DATA / name, format="turtle")
    theirs = _from_oxigraph(DATA / name)
    assert len(ours) == len(theirs) > 100
    assert isomorphic(ours, theirs)


# --- IRIs from graph.config -----------------------------------------------------------------------

CT_33 = DocumentId.from_number("33/CT-TTg", 2021)
CV_9465 = DocumentId.from_number("9465/UBND-KSTTHC", 2021)


def test_iri_examples() -> None:
    base = "https://w3id.org/luocdo/"  # the test run does not set LUOCDO_BASE_IRI
    assert base == config.BASE_IRI
    assert config.document_iri(CT_33) == base + "id/state/chi-thi/2021/33-ct-ttg"
    assert config.document_iri(DocumentId.parse("party:quyet-dinh:2021:23-QĐ/TW")) == (
        base + "id/party/quyet-dinh/2021/23-qd-tw"
    )
    assert config.agent_iri("Thủ tướng Chính phủ") == base + "agent/thu-tuong-chinh-phu"
    assert config.agent_iri("THỦ TƯỚNG  CHÍNH PHỦ") == config.agent_iri("Thủ tướng Chính phủ")
    digest = hashlib.sha1(str(CT_33).encode()).hexdigest()[:12]
    assert config.citation_iri(CV_9465, str(CT_33)) == (
        f"{base}citation/state/cong-van/2021/9465-ubnd-kstthc/{digest}"
    )
    # The printed form of an id is as good as the id.
    assert config.citation_iri(str(CV_9465), str(CT_33)) == config.citation_iri(CV_9465, str(CT_33))
    assert config.stamp_iri(CT_33) == base + "stamp/state/chi-thi/2021/33-ct-ttg"
    assert config.vague_iri(CT_33, "900:các Nghị quyết").startswith(
        base + "vague/state/chi-thi/2021/33-ct-ttg/"
    )
    conflict = config.conflict_iri(CT_33, str(ELI.date_document))
    assert conflict.startswith(base + "conflict/state/chi-thi/2021/33-ct-ttg/")
    assert config.conflict_value_iri(conflict, "2021-11-16|x").startswith(conflict + "/")
    assert config.mention_iri("urn:c", 40, 60) == "urn:c/40-60"


def test_a_stated_edge_is_a_citation_of_its_own() -> None:
    kl_01 = DocumentId.from_number("01-KL/TW", 2021)
    ct_05 = str(DocumentId.from_number("05-CT/TW", 2016))
    own = config.citation_iri(kl_01, ct_05)
    stated = config.citation_iri(kl_01, ct_05, stated_by=CT_33)
    assert own != stated
    assert stated == config.citation_iri(kl_01, ct_05, stated_by=str(CT_33))


def test_bad_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        config.agent_iri("  ")
    with pytest.raises(ValueError):
        config.mention_iri("urn:c", 60, 60)
    with pytest.raises(ValueError):
        config.citation_iri(" / ", "x")


def test_different_documents_have_different_iris() -> None:
    ids = [
        CT_33,
        CT_33.with_year(2020),
        CT_33.with_year(None),
        DocumentId.from_number("33-CT/TW"),
        DocumentId.from_number("33/CT-UBND", 2021),
        DocumentId.from_number("33/QĐ-TTg", 2021),
        DocumentId.from_number("37-QĐi/TW", 2018),
        DocumentId.from_number("37-QĐ/TW", 2018),
        DocumentId.named(System.STATE, "hien-phap", 2013, "Hiến pháp năm 2013"),
        DocumentId.named(System.STATE, "hien-phap", 1992, "Hiến pháp năm 1992"),
    ]
    iris = [config.document_iri(i) for i in ids]
    assert len(set(iris)) == len(ids)


_numbers = st.builds(
    lambda seq, code, issuer, year: (
        f"{seq}/{year}/{code}-{issuer}" if year else f"{seq}/{code}-{issuer}"
    ),
    st.integers(min_value=1, max_value=99999),
    st.sampled_from(["NĐ", "QĐ", "CT", "TTr", "QyĐ", "TT", "NQ"]),
    st.sampled_from(["CP", "TTg", "UBND", "BKH&ĐT", "HĐND"]),
    st.one_of(st.none(), st.integers(min_value=1945, max_value=2030)),
)


def _is_clean_iri(iri: str) -> bool:
    return iri.isascii() and not any(c.isspace() for c in iri) and "<" not in iri and '"' not in iri


@given(_numbers, st.one_of(st.none(), st.integers(min_value=1945, max_value=2030)), st.text())
def test_iris_are_deterministic_ascii_without_spaces(
    number: str, year: int | None, key: str
) -> None:
    doc_id = DocumentId.from_number(number, year)
    minted = [
        config.document_iri(doc_id),
        config.citation_iri(doc_id, key),
        config.vague_iri(doc_id, key),
        config.conflict_iri(doc_id, key),
        config.stamp_iri(doc_id),
    ]
    if key.strip():
        minted.append(config.agent_iri(key))
    for iri in minted:
        assert _is_clean_iri(iri), iri
        assert iri.startswith(config.BASE_IRI)
    again = DocumentId.parse(str(doc_id))
    assert config.document_iri(again) == minted[0]
    assert config.citation_iri(again, key) == minted[1]


def _config_in_subprocess(base: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOCDO_BASE_IRI": base}
    code = (
        "from graph import config; from graph.ids import DocumentId\n"
        "print(config.BASE_IRI); print(config.VNL_NS)\n"
        "print(config.document_iri(DocumentId.parse('state:chi-thi:2021:33/CT-TTg')))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_base_iri_follows_the_environment_but_the_vocabulary_does_not() -> None:
    result = _config_in_subprocess("http://example.org/vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "http://example.org/vn/",
        "https://w3id.org/luocdo/def#",
        "http://example.org/vn/id/state/chi-thi/2021/33-ct-ttg",
    ]
    bad = _config_in_subprocess("not an iri")
    assert bad.returncode != 0
    assert "LUOCDO_BASE_IRI" in bad.stderr


def test_bind_prefixes() -> None:
    g = bind_prefixes(Graph())
    prefixes = {prefix: str(ns) for prefix, ns in g.namespaces()}
    assert prefixes["vnl"] == config.VNL_NS
    assert prefixes["eli"] == str(ELI)
    assert prefixes["type"] == config.CONCEPT_NS + "type/"
    assert prefixes["relation"] == config.CONCEPT_NS + "relation/"
