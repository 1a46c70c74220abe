"""The project's RDF vocabulary as a closed namespace, and the namespaces it builds on.

``graph/data/vnl.ttl`` defines the terms; :class:`VNL` declares the same terms for Python,
closed like rdflib's own ``DCTERMS``: ``VNL.Documnet`` raises ``AttributeError`` instead of
minting a new IRI. ``tests/test_vocab.py`` checks that the two agree both ways.

Concepts (document types, relation types, systems, statuses) live under
``https://w3id.org/luocdo/def/`` (see :mod:`graph.config`); the helpers below mint their IRIs
from the enums of :mod:`graph.codes` and :mod:`graph.relations`, and refuse anything else.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace

from .codes import TYPES_BY_SLUG, System
from .config import CONCEPT_NS, SHAPES_NS, VNL_NS
from .relations import Relation

ELI = Namespace("http://data.europa.eu/eli/ontology#")  # rdflib has no ELI namespace
SCHEMA = SDO  # schema.org, https://schema.org/
VNLSH = Namespace(SHAPES_NS)

__all__ = [
    "ELI",
    "FOAF",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VNL",
    "VNLSH",
    "XSD",
    "Status",
    "bind_prefixes",
    "relation_concept",
    "relation_from_concept",
    "relation_property",
    "shapes_graph",
    "status_concept",
    "system_concept",
    "type_concept",
    "vocabulary_graph",
]


class VNL(DefinedNamespace):
    """The luocdo vocabulary, ``https://w3id.org/luocdo/def#`` (prefix ``vnl:``)."""

    _NS = Namespace(VNL_NS)
    _fail = True

    # classes
    Document: URIRef  # a document (eli:LegalResource)
    StubDocument: URIRef  # a cited document that is not in the corpus
    Citation: URIRef  # the evidence of an edge
    Mention: URIRef  # one place in a text that names the cited document
    VagueReference: URIRef  # a reference with no single target
    Conflict: URIRef  # sources disagree on one property of one subject
    ConflictValue: URIRef  # one value of a conflict, from one source
    ReceivedStamp: URIRef  # số đến / ngày đến on a received copy
    Agent: URIRef  # an issuer, signer, addressee or recipient
    TemporalAnomaly: URIRef  # a citation of a document dated after the citing one

    # concept schemes and their annotations
    DocumentTypes: URIRef
    RelationTypes: URIRef
    Systems: URIRef
    Statuses: URIRef
    inverseLabel: URIRef
    relationProperty: URIRef
    normative: URIRef

    # relation properties, one per graph.relations.Relation
    basedOn: URIRef
    implements: URIRef
    transmits: URIRef
    inAccordanceWith: URIRef
    institutionalizes: URIRef
    details: URIRef
    amends: URIRef
    replaces: URIRef
    repeals: URIRef
    terminates: URIRef
    suspends: URIRef
    corrects: URIRef
    consolidates: URIRef
    interprets: URIRef
    annexOf: URIRef
    considers: URIRef
    cites: URIRef

    # documents
    canonicalId: URIRef
    numberVerbatim: URIRef
    system: URIRef
    documentType: URIRef
    place: URIRef
    draftingUnit: URIRef
    signingAuthority: URIRef
    signer: URIRef
    signerTitle: URIRef
    addressee: URIRef
    recipient: URIRef
    attachment: URIRef
    receivedStamp: URIRef
    inCorpus: URIRef
    sourceFile: URIRef
    sha256: URIRef
    extractorVersion: URIRef
    status: URIRef
    statusAsOf: URIRef
    statusSource: URIRef

    # citations
    citingDocument: URIRef
    citedDocument: URIRef
    relation: URIRef
    mention: URIRef
    mentionCount: URIRef
    statedBy: URIRef
    continuation: URIRef
    amendKind: URIRef
    resolved: URIRef
    resolutionNote: URIRef

    # mentions and vague references
    text: URIRef
    start: URIRef
    end: URIRef
    line: URIRef
    sentence: URIRef
    cue: URIRef
    citedProvision: URIRef
    citingProvision: URIRef
    mentionKind: URIRef

    # conflicts (the value itself: rdf:value)
    conflictSubject: URIRef
    conflictProperty: URIRef
    value: URIRef
    valueSource: URIRef
    sourceLine: URIRef
    statedAs: URIRef

    # incoming stamps
    receivedNumber: URIRef
    receivedDate: URIRef
    receivingOffice: URIRef
    routingRow: URIRef
    firstLine: URIRef
    lastLine: URIRef


class Status(StrEnum):
    """Tình trạng hiệu lực: whether a document is in force, as stated by a source."""

    IN_FORCE = "in-force"  # còn hiệu lực
    PARTIALLY_IN_FORCE = "partially-in-force"  # hết hiệu lực một phần
    NO_LONGER_IN_FORCE = "no-longer-in-force"  # hết hiệu lực
    NOT_YET_IN_FORCE = "not-yet-in-force"  # chưa có hiệu lực
    UNKNOWN = "unknown"  # không xác định


_TYPE_NS = Namespace(CONCEPT_NS + "type/")
_RELATION_NS = Namespace(CONCEPT_NS + "relation/")
_SYSTEM_NS = Namespace(CONCEPT_NS + "system/")
_STATUS_NS = Namespace(CONCEPT_NS + "status/")


def _camel(relation_id: str) -> str:
    head, *rest = relation_id.split("-")
    return head + "".join(part.capitalize() for part in rest)


_RELATION_PROPERTIES: dict[Relation, URIRef] = {r: VNL[_camel(r.value)] for r in Relation}
_RELATIONS_BY_CONCEPT: dict[URIRef, Relation] = {_RELATION_NS[r.value]: r for r in Relation}


def type_concept(slug: str) -> URIRef:
    """The concept of a document type: ``chi-thi`` → ``…/def/type/chi-thi``.

    Raises:
        ValueError: ``slug`` is not a type of ``graph.codes.DOC_TYPES``.
    """
    if slug not in TYPES_BY_SLUG:
        raise ValueError(f"unknown document type {slug!r}")
    return _TYPE_NS[slug]


def relation_concept(relation: Relation) -> URIRef:
    """The concept of a relation type: ``Relation.BASED_ON`` → ``…/def/relation/based-on``."""
    return _RELATION_NS[Relation(relation).value]


def relation_from_concept(concept: URIRef) -> Relation:
    """The relation a concept IRI names; ``KeyError`` for any other IRI."""
    return _RELATIONS_BY_CONCEPT[concept]


def relation_property(relation: Relation) -> URIRef:
    """The property of a relation type: ``Relation.BASED_ON`` → ``vnl:basedOn``."""
    return _RELATION_PROPERTIES[Relation(relation)]


def system_concept(system: System) -> URIRef:
    """The concept of a system: ``System.STATE`` → ``…/def/system/state``."""
    return _SYSTEM_NS[System(system).value]


def status_concept(status: Status) -> URIRef:
    """The concept of a validity status: ``Status.IN_FORCE`` → ``…/def/status/in-force``."""
    return _STATUS_NS[Status(status).value]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (vnl, eli, skos, foaf, org, prov, schema…) on ``graph``."""
    for prefix, namespace in (
        ("vnl", Namespace(VNL_NS)),
        ("eli", ELI),
        ("skos", SKOS),
        ("foaf", FOAF),
        ("org", ORG),
        ("prov", PROV),
        ("schema", SCHEMA),
        ("xsd", XSD),
        ("rdfs", RDFS),
        ("owl", OWL),
        ("sh", SH),
        ("type", _TYPE_NS),  # the same concept prefixes as graph.query.PREFIXES
        ("relation", _RELATION_NS),
        ("system", _SYSTEM_NS),
        ("status", _STATUS_NS),
    ):
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


@cache
def _data_text(name: str) -> str:
    return (resources.files("graph") / "data" / name).read_text(encoding="utf-8")


def vocabulary_graph() -> Graph:
    """A new graph holding the vocabulary (``graph/data/vnl.ttl``), read as package data."""
    return Graph().parse(data=_data_text("vnl.ttl"), format="turtle")


def shapes_graph() -> Graph:
    """A new graph holding the SHACL shapes (``graph/data/shapes.ttl``).

    Validate with the vocabulary mixed in and RDFS inference, e.g. ``pyshacl.validate(data,
    shacl_graph=shapes_graph(), ont_graph=vocabulary_graph(), inference="rdfs")``: the shapes
    read concept schemes and ``vnl:relationProperty`` from the vocabulary.
    """
    return Graph().parse(data=_data_text("shapes.ttl"), format="turtle")
