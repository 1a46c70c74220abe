"""Identifiers: the one place where the graph's IRIs are decided.

Two kinds of IRI live under ``https://w3id.org/luocdo/``:

* **Vocabulary IRIs** are fixed. The vocabulary namespace :data:`VNL_NS`
  (``https://w3id.org/luocdo/def#``: classes and properties), the concept namespace
  :data:`CONCEPT_NS` (``https://w3id.org/luocdo/def/type/chi-thi``,
  ``…/def/relation/based-on``, ``…/def/system/state``, ``…/def/status/in-force``) and the
  shapes namespace :data:`SHAPES_NS` are written into ``graph/data/vnl.ttl`` and
  ``graph/data/shapes.ttl`` and never follow the environment: a vocabulary must mean the
  same thing wherever the data is published.
* **Data IRIs** (documents, agents, citations, mentions, vague references, conflicts,
  stamps) start with :data:`BASE_IRI`, ``https://w3id.org/luocdo/`` unless the environment
  variable ``LUOCDO_BASE_IRI`` says otherwise. It is read once, when this module is
  imported; a value without a trailing ``/`` gets one.

Every data IRI is minted from a canonical identity (a :class:`~graph.ids.DocumentId`, an
agent's name, the key of a citation's target), never from a website's id, so a rebuild
gives the same IRIs. Nothing is a blank node. The shapes:

==================  ===============================================================
document            ``{BASE}id/state/chi-thi/2021/33-ct-ttg`` (``DocumentId.slug``)
agent               ``{BASE}agent/thu-tuong-chinh-phu`` (slug of the name)
citation            ``{BASE}citation/state/cong-van/2021/9465-ubnd-kstthc/1a2b3c4d5e6f``
mention             ``{citation IRI}/120-145`` (start and end offsets)
vague reference     ``{BASE}vague/state/chi-thi/2021/33-ct-ttg/0f1e2d3c4b5a``
conflict            ``{BASE}conflict/state/chi-thi/2021/33-ct-ttg/9a8b7c6d5e4f``
conflict value      ``{conflict IRI}/5e4f3a2b1c0d``
received stamp      ``{BASE}stamp/state/cong-van/2021/9465-ubnd-kstthc``
==================  ===============================================================

The last segment of citation, vague-reference, conflict and conflict-value IRIs is
:func:`key_hash` of a key: the first 12 hex digits of the SHA-1 of its UTF-8 bytes.
"""

from __future__ import annotations

import hashlib
import os
import re

from .ids import DocumentId
from .normalize import slugify

DEFAULT_BASE_IRI = "https://w3id.org/luocdo/"

# Fixed namespaces: not configurable (see the module docstring).
VNL_NS = DEFAULT_BASE_IRI + "def#"
CONCEPT_NS = DEFAULT_BASE_IRI + "def/"
SHAPES_NS = DEFAULT_BASE_IRI + "def/shapes#"
ONTOLOGY_IRI = DEFAULT_BASE_IRI + "def"

_IRI_BASE_RE = re.compile(r"https?://[A-Za-z0-9._~:/@!$&'()*+,;=%-]+/")


def _base_iri(value: str | None) -> str:
    """The data base IRI from the environment's value; ``ValueError`` if it is not one."""
    if value is None or not value.strip():
        return DEFAULT_BASE_IRI
    base = value.strip()
    if not base.endswith("/"):
        base += "/"
    if not _IRI_BASE_RE.fullmatch(base):
        raise ValueError(
            f"LUOCDO_BASE_IRI must be an http(s) IRI in ASCII, without '#' or '?', got {value!r}"
        )
    return base


BASE_IRI = _base_iri(os.environ.get("LUOCDO_BASE_IRI"))


def key_hash(key: str) -> str:
    """A short stable hash of a key: the first 12 hex digits of its UTF-8 SHA-1."""
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def _path(source: DocumentId | str) -> str:
    """The IRI path of a document or of another stable key.

    A :class:`DocumentId`, or a string in its printed form (``state:chi-thi:2021:33/CT-TTg``),
    gives its ``slug``; any other string (a content path for a document without an id)
    gives the slug of each of its ``/``-separated segments.
    """
    if isinstance(source, DocumentId):
        return source.slug
    try:
        return DocumentId.parse(source).slug
    except ValueError:
        segments = [slugify(s) for s in source.split("/") if s.strip()]
    if not segments:
        raise ValueError(f"empty key {source!r}")
    return "/".join(segments)


def document_iri(doc_id: DocumentId) -> str:
    """The IRI of a document, in the corpus or cited only: ``{BASE}id/{slug}``."""
    return f"{BASE_IRI}id/{doc_id.slug}"


def agent_iri(name: str) -> str:
    """The IRI of an agent (organisation or person), from its name as printed.

    The slug folds case and diacritics, so "Thủ tướng Chính phủ" and "THỦ TƯỚNG CHÍNH PHỦ"
    are one agent.
    """
    if not name.strip():
        raise ValueError("an agent needs a name")
    return f"{BASE_IRI}agent/{slugify(name)}"


def citation_iri(
    source: DocumentId | str, target_key: str, stated_by: DocumentId | str | None = None
) -> str:
    """The IRI of the evidence of an edge: one per citing document, target and stating text.

    Args:
        source: the citing document (the subject of the edge).
        target_key: what identifies the target: ``str(target_id)``, or a title key for a
            target that no id was found for.
        stated_by: the document whose text states the edge, when it is not ``source``
            (DOMAIN.md §5: CT 33 states "KL 01 implements CT 05"). Such an edge is a
            citation of its own, so the citing text's own evidence is never mixed in.
    """
    key = target_key if stated_by is None else f"{target_key} stated-by {stated_by}"
    return f"{BASE_IRI}citation/{_path(source)}/{key_hash(key)}"


def mention_iri(parent_iri: str, start: int, end: int) -> str:
    """The IRI of one place in a text: the citation's IRI and the mention's offsets."""
    if not 0 <= start < end:
        raise ValueError(f"bad offsets {start}-{end}")
    return f"{parent_iri}/{start}-{end}"


def vague_iri(source: DocumentId | str, key: str) -> str:
    """The IRI of a vague reference in ``source``; ``key`` identifies it within that text.

    Use the reference's start offset and text (``f"{start}:{text}"``): stable as long as the
    text is.
    """
    return f"{BASE_IRI}vague/{_path(source)}/{key_hash(key)}"


def conflict_iri(subject_key: DocumentId | str, property_iri: str) -> str:
    """The IRI of a conflict: the values ``subject_key`` has for ``property_iri`` disagree.

    ``subject_key`` is a document, or the IRI path of another subject (a stamp: give
    ``f"stamp/{doc_id.slug}"``).
    """
    return f"{BASE_IRI}conflict/{_path(subject_key)}/{key_hash(property_iri)}"


def conflict_value_iri(conflict: str, value_key: str) -> str:
    """The IRI of one value of a conflict, as stated by one source.

    ``value_key`` should name the value and its source: ``f"{value}|{source_id}"``.
    """
    return f"{conflict}/{key_hash(value_key)}"


def stamp_iri(doc_id: DocumentId) -> str:
    """The IRI of the incoming stamp (số đến, ngày đến) printed on a document's copy."""
    return f"{BASE_IRI}stamp/{doc_id.slug}"
