"""SHACL validation part by part: in bounded memory, and again only where something changed.

The dump comes in parts (:func:`graph.rdf.graph_parts`: each document's triples, then those no
document owns). Parts that share a subject form a *group* (two files with one identity write
one IRI from two parts); a group is validated with its own triples and its *context*, the
triples of other groups that its checks read (:func:`reads` derives which from the shapes).
Groups are packed into Oxigraph stores of about ``chunk_triples`` triples, each dropped before
the next is filled, so memory is that of one store plus a little per document. A group's
results are cached under a digest of its triples, its context, the shapes, the vocabulary
and the code: a rebuild validates again only the groups whose inputs changed.

Why the results are those of :func:`graph.validate.validate` on the whole graph:

1. A result has a focus node and comes from a query that, for that focus node, reads its own
   triples (those whose subject it is) and what :func:`reads` lists: for each *hop* (a
   predicate from the focus node, or into it through an inverse path), the hop's triples,
   and on each node one hop away, its triples with the predicates the checks read there (its
   types for ``sh:class``, ``skos:inScheme`` for the concept shapes, the dates, numbers and
   values the SPARQL constraints compare; all of them where a query reads ``?s ?p ?o``).
   :func:`reads` refuses a shape that reads further (a class check two hops away, a target
   other than a class or the subjects of a predicate, a property path, a sub-query).
2. RDFS entailment of those triples is local: a node's sub-properties, domains and classes
   follow from its own triples and the vocabulary, which every store holds. A range would
   type a node from another node's triples: a vocabulary with ``rdfs:range``, or a graph
   with schema triples the vocabulary lacks, is validated in one piece.
3. A store holding a group's triples and its context therefore holds every triple, asserted
   or entailed, that the queries read for a focus node of the group, and only triples of the
   graph, so each query has the same solutions for that focus node as on the whole graph.
   The store keeps the results whose focus node is a subject of the group's own triples: a
   focus node is typed or targeted by a triple of its own, so every result is kept once (the
   vocabulary is one more part, so that its nodes too have a group).
4. The results are sorted as :func:`graph.validate.validate` sorts them, stably: results with
   one sort key share a focus node, hence a store, where the checks run in the same order.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np
import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import BNode, Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from .cache import Cache
from .cache import key as cache_key
from .validate import (
    Result,
    ValidationReport,
    _Compiler,
    ancestors,
    compile_shapes,
    package_text,
    report_of,
    run_checks,
)

log = logging.getLogger(__name__)

# Lines loaded into one store. On the 10,000-document graph (1.45 M triples) a process that
# only validates peaks at 180 MB with 50,000 (91 MB before validating), 305 MB with 200,000,
# 656 MB for the whole graph in one store; smaller stores took less CPU, not more.
CHUNK_TRIPLES = 50_000

ANY = b"*"  # in a hop's predicates: every predicate of the node reached
_THIS = Variable("this")
_TYPE = b"<" + str(RDF.type).encode() + b">"
_SCHEMA = {
    b"<" + str(p).encode() + b">"
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
}
# Which group owns a subject: a quad in a graph the checks do not read, but join their targets
# with, so that a store checks only the focus nodes its groups own.
_OWNED = "urn:x-luocdo:shacl:owned"
_GROUP = b"<urn:x-luocdo:shacl:group>"
_FOCUS = f"GRAPH <{_OWNED}> {{ ?this {_GROUP.decode()} [] }}"


# --- what the checks read ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hop:
    """A step from a focus node: to its values through ``predicate``, or (``inverse``) to the
    nodes whose ``predicate`` it is. ``predicate`` None: through any predicate."""

    predicate: bytes | None  # an IRI in N-Triples syntax
    inverse: bool = False


@dataclass(frozen=True, slots=True)
class Reads:
    """What the checks read beyond a focus node's own triples: each hop, with the predicates
    read on the node it reaches (:data:`ANY`: all). An inverse hop's triples are read too."""

    hops: tuple[tuple[Hop, frozenset[bytes]], ...]


class NotLocal(Exception):
    """The shapes read further than one hop from a focus node: no part-by-part validation."""


@functools.cache
def reads(shapes_ttl: str) -> Reads:
    """What the checks compiled from ``shapes_ttl`` read around a focus node; raises
    :class:`NotLocal` if that is not bounded as :class:`Reads` says."""
    return _ReadsOf(Graph().parse(data=shapes_ttl, format="turtle")).run()


def _iri(term: Node | str) -> bytes:
    return b"<" + str(term).encode() + b">"


class _ReadsOf:
    """Walks the shapes as the compiler does, noting at which distance each check reads what.

    Distance 0 is the focus node, whose own triples are always at hand; distance 1 a node one
    hop away, of which only the listed predicates are read. Anything at distance 2 refuses.
    """

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.c = _Compiler(g)
        self.hops: dict[Hop, set[bytes]] = {}

    def run(self) -> Reads:
        g, c = self.g, self.c
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        targeted = {s for p in targets for s in g.subjects(p, None)}
        targeted |= {s for s in g.subjects(RDF.type, RDFS.Class) if c.is_shape(s)}
        for shape in sorted(targeted, key=str):
            if c.deactivated(shape):
                continue
            if any((shape, p, None) in g for p in (SH.targetNode, SH.targetObjectsOf)):
                raise NotLocal(f"{c.name(shape)}: a focus node need not have triples of its own")
            if (shape, SH.path, None) in g:
                self.property(shape, 0, None)
            else:
                self.values(shape, 0, None)
            for prop in g.objects(shape, SH.property):
                if not c.deactivated(prop):
                    self.property(prop, 0, None)
            for constraint in g.objects(shape, SH.sparql):
                if not c.deactivated(constraint):
                    self.sparql(constraint)
        return Reads(tuple(sorted(((h, frozenset(p)) for h, p in self.hops.items()), key=repr)))

    def read(self, distance: int, hop: Hop | None, predicate: bytes) -> None:
        if distance == 0:
            return
        if distance > 1 or hop is None:
            raise NotLocal("a check reads a node two hops from its focus node")
        self.hops.setdefault(hop, set()).add(predicate)

    def values(self, shape: Node, distance: int, hop: Hop | None) -> None:
        """The reads of ``shape``'s value checks on a node at ``distance``."""
        g = self.g
        for _cls in g.objects(shape, SH["class"]):
            self.read(distance, hop, _TYPE)
        for other in g.objects(shape, SH.node):
            self.conforms(other, distance, hop)
        for members in g.objects(shape, SH["or"]):
            for member in Collection(g, members):
                self.conforms(member, distance, hop)

    def conforms(self, shape: Node, distance: int, hop: Hop | None) -> None:
        self.values(shape, distance, hop)
        for prop in self.g.objects(shape, SH.property):
            self.property(prop, distance, hop)

    def property(self, prop: Node, distance: int, hop: Hop | None) -> None:
        """A property shape on a node at ``distance``: its values are one hop further."""
        path = self.c.path(self.c.one(prop, SH.path))
        inverse = path.startswith("^")
        predicate = path.removeprefix("^").encode()
        step: Hop | None = None
        if distance == 0:
            step = Hop(predicate, inverse)
            self.hops.setdefault(step, set())
        elif inverse:
            raise NotLocal("an inverse path on a node one hop from the focus node")
        else:
            self.read(distance, hop, predicate)
        self.values(prop, distance + 1, step)
        for qualified in self.g.objects(prop, SH.qualifiedValueShape):
            self.conforms(qualified, distance + 1, step)

    def sparql(self, constraint: Node) -> None:
        """A SPARQL constraint's triple patterns: each reads the triples of its subject, which
        must be ``$this`` or a node one hop from it through the patterns in scope."""
        c, g = self.c, self.g
        declared = sorted(
            f"PREFIX {c.one(d, SH.prefix)}: <{c.one(d, SH.namespace)}>"
            for source in g.objects(constraint, SH.prefixes)
            for d in g.objects(source, SH.declare)
        )
        tree = parseQuery("\n".join([*declared, str(c.one(constraint, SH.select))]))
        prologue = algebra.translatePrologue(tree[0], None)
        body = algebra.traverse(
            tree[1], visitPost=functools.partial(algebra.translatePName, prologue=prologue)
        )
        body = algebra.traverse(body, visitPost=algebra.translatePath)
        if any(key in body for key in ("groupby", "having", "limitoffset")):
            raise NotLocal("a SPARQL constraint whose solutions are grouped, cut or counted")
        scopes: list[_Scope] = []
        _scopes(body, None, "join", scopes)
        for index, scope in enumerate(scopes):
            self.patterns(scope.patterns, *_restricted(index, scopes))

    def patterns(self, patterns: list[Pattern], scope: list[Pattern], bound: bool) -> None:
        """Patterns whose variables are bound by those of ``scope``, and ``$this`` by the
        target if ``bound``."""
        distance = _distances(scope) if bound else {}
        for s, p, o in patterns:
            if not isinstance(p, URIRef | Variable):
                raise NotLocal("a property path in a SPARQL constraint")
            predicate = _iri(p) if isinstance(p, URIRef) else None
            if s == _THIS and bound:
                if _is_var(o):
                    self.hops.setdefault(Hop(predicate), set())
                continue
            if distance.get(s) != 1:
                raise NotLocal("a SPARQL constraint reads a node not next to $this")
            if o == _THIS:  # bound, since s is next to it
                if predicate is None:
                    raise NotLocal("a SPARQL constraint reads $this through any predicate")
                self.hops.setdefault(Hop(predicate, True), set())
            for a, q, b in scope:
                if _THIS in (a, b) and s in (a, b):
                    inverse = b == _THIS
                    via = _iri(q) if isinstance(q, URIRef) else None
                    if inverse and via is None:
                        raise NotLocal("a SPARQL constraint reads $this through any predicate")
                    self.hops.setdefault(Hop(via, inverse), set()).add(predicate or ANY)


Pattern = tuple[Any, Any, Any]


@dataclass(frozen=True, slots=True)
class _Scope:
    """A group ``{ … }`` of a query: its enclosing group, how it is evaluated (``top``: the
    query's, where the target binds ``$this``; ``exists``: with the enclosing group's values
    substituted; ``join``: on its own, then joined), and its triple patterns."""

    parent: int | None
    kind: str
    patterns: list[Pattern]


def _scopes(node: Any, parent: int | None, kind: str, scopes: list[_Scope]) -> None:
    """Collect the groups of a parsed query and their triple patterns."""
    if isinstance(node, CompValue):
        if node.name in {"SubSelect", "GraphGraphPattern", "ServiceGraphPattern"}:
            raise NotLocal(f"a SPARQL constraint with {node.name}")
        if node.name.startswith("Aggregate_"):
            raise NotLocal("a SPARQL constraint with an aggregate")
        if node.name == "GroupGraphPatternSub":
            if parent is None and kind == "exists":
                raise NotLocal("a SPARQL constraint with EXISTS outside its WHERE clause")
            scopes.append(_Scope(parent, "top" if parent is None else kind, []))
            parent, kind = len(scopes) - 1, "join"
        elif node.name == "TriplesBlock" and parent is not None:
            scopes[parent].patterns.extend(algebra.triples(node.triples))
        elif node.name in {"Builtin_EXISTS", "Builtin_NOTEXISTS"}:
            kind = "exists"
        for value in node.values():
            _scopes(value, parent, kind, scopes)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            _scopes(value, parent, kind, scopes)


def _restricted(index: int, scopes: list[_Scope]) -> tuple[list[Pattern], bool]:
    """The patterns whose solutions, agreeing with the focus node's, are the only ones of the
    group ``index`` that count; and whether ``$this`` is the focus node there.

    The query's group has the target's ``$this``. A joined group (``{ … }``, a UNION branch,
    OPTIONAL, MINUS) is evaluated on its own, then joined with its enclosing group: its
    solutions that count agree with that group's. An EXISTS group is evaluated with the
    values of one solution of the group it filters substituted (:func:`_solutions`)."""
    scope = scopes[index]
    if scope.parent is None:
        return list(scope.patterns), True
    if scope.kind == "join":
        around, bound = _restricted(scope.parent, scopes)
    else:
        around, bound = _solutions(scope.parent, scopes)
    return scope.patterns + around, bound


def _solutions(index: int, scopes: list[_Scope]) -> tuple[list[Pattern], bool]:
    """What binds a solution of the group ``index`` when its filters run: a joined group's
    own patterns only (the join comes after), with ``$this`` the focus node if they bind it
    and the join keeps only the focus node's solutions."""
    scope = scopes[index]
    if scope.kind != "join" or scope.parent is None:
        return _restricted(index, scopes)
    own = any(_THIS in (s, o) for s, _, o in scope.patterns)
    return list(scope.patterns), own and _restricted(scope.parent, scopes)[1]


def _is_var(term: Any) -> bool:
    return isinstance(term, Variable | BNode)


def _distances(patterns: list[Pattern]) -> dict[Any, int]:
    """Each variable's distance from ``$this`` through the patterns, either way."""
    distance = {_THIS: 0}
    frontier = [_THIS]
    while frontier:
        reached = []
        for node in frontier:
            for s, _p, o in patterns:
                for a, b in ((s, o), (o, s)):
                    if a == node and _is_var(b) and b not in distance:
                        distance[b] = distance[node] + 1
                        reached.append(b)
        frontier = reached
    return distance


# --- the vocabulary's RDFS ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Schema:
    """The vocabulary's schema triples: which predicates a predicate entails, and why a graph
    must be validated whole (``whole``: a range in the vocabulary, or a vocabulary that
    extends RDFS itself)."""

    supers: dict[bytes, frozenset[bytes]]  # sub-property → every super-property, itself too
    domains: frozenset[bytes]  # properties with an rdfs:domain
    triples: frozenset[tuple[bytes, bytes, bytes]]  # IRI–IRI schema triples
    whole: str | None

    def entailed(self, predicate: bytes) -> frozenset[bytes]:
        """The predicates a triple with ``predicate`` is read through: its super-properties,
        and rdf:type if one of them has a domain (the triple types its subject)."""
        ups = self.supers.get(predicate, frozenset((predicate,)))
        return ups | {_TYPE} if not ups.isdisjoint(self.domains) else ups


@functools.cache
def _schema(vocabulary: str) -> _Schema:
    triples = set()
    for quad in ox.parse(vocabulary.encode("utf-8"), ox.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate, quad.object
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
            triples.add((_iri(s.value), _iri(p.value), _iri(o.value)))
    sub_of = _iri(RDFS.subPropertyOf)
    parents: dict[bytes, set[bytes]] = {}
    for s, p, o in triples:
        if p == sub_of:
            parents.setdefault(s, set()).add(o)
    supers = {p: frozenset(ups) for p, ups in ancestors(parents).items()}
    whole = None
    if any(p == _iri(RDFS.range) for _, p, _ in triples):
        whole = "the vocabulary gives a property an rdfs:range"
    if any(not ups.isdisjoint(_SCHEMA) for p, ups in supers.items() if p not in _SCHEMA):
        whole = "the vocabulary extends RDFS"
    domains = frozenset(s for s, p, _ in triples if p == _iri(RDFS.domain))
    schema = frozenset(t for t in triples if t[1] in _SCHEMA)
    return _Schema(supers, domains, schema, whole)


# --- parts --------------------------------------------------------------------------------------


class PartSource(Protocol):
    """The graph's N-Triples lines, part after part (each line ending with a newline)."""

    def parts(self) -> Iterator[Sequence[bytes]]: ...

    def select(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[bytes]]]:
        """The parts of these indices (ascending), with their index."""
        ...


@dataclass(frozen=True, slots=True)
class MemoryParts:
    """Parts held in memory (tests, small graphs)."""

    items: tuple[tuple[bytes, ...], ...]

    @classmethod
    def of(cls, parts: Iterable[Iterable[str]]) -> MemoryParts:
        return cls(tuple(tuple(_line(line) for line in part) for part in parts))

    def parts(self) -> Iterator[Sequence[bytes]]:
        return iter(self.items)

    def select(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[bytes]]]:
        return ((i, self.items[i]) for i in indices)


def _line(text: str) -> bytes:
    line = text.encode("utf-8")
    return line if line.endswith(b"\n") else line + b"\n"


class DumpParts:
    """The parts of an N-Triples dump (``graph.nt``) from the number of lines of each."""

    def __init__(self, path: Path, sizes: Sequence[int]) -> None:
        self.path, self.sizes = path, tuple(sizes)
        self._offsets: list[int] = []

    def parts(self) -> Iterator[Sequence[bytes]]:
        offsets, offset = [], 0
        with self.path.open("rb") as lines:
            for size in self.sizes:
                offsets.append(offset)
                part = _read(lines, size)
                offset += sum(map(len, part))
                yield part
            if lines.readline():
                raise ValueError(f"{self.path}: more lines than its parts")
        self._offsets = offsets

    def select(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[bytes]]]:
        if not self._offsets:
            for _ in self.parts():
                pass
        with self.path.open("rb") as lines:
            at = 0
            for i in indices:
                if at != self._offsets[i]:
                    lines.seek(self._offsets[i])
                part = _read(lines, self.sizes[i])
                at = self._offsets[i] + sum(map(len, part))
                yield i, part


def _read(lines: IO[bytes], count: int) -> list[bytes]:
    part = list(itertools.islice(lines, count))
    if len(part) < count:
        raise ValueError(f"{count - len(part)} lines missing at the end of the dump")
    if part and not part[-1].endswith(b"\n"):  # the file's last line
        part[-1] += b"\n"
    return part


class _Appended:
    """A source, then one more part."""

    def __init__(self, source: PartSource, last: Sequence[bytes]) -> None:
        self.source, self.last = source, last
        self.count = -1  # the source's parts, once read

    def parts(self) -> Iterator[Sequence[bytes]]:
        count = 0
        for part in self.source.parts():
            count += 1
            yield part
        self.count = count
        yield self.last

    def select(self, indices: Sequence[int]) -> Iterator[tuple[int, Sequence[bytes]]]:
        yield from self.source.select([i for i in indices if i < self.count])
        if self.count in indices:
            yield self.count, self.last


@functools.cache
def _vocabulary_lines(vocabulary: str) -> tuple[bytes, ...]:
    quads = ox.parse(vocabulary.encode("utf-8"), ox.RdfFormat.TURTLE)
    text = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
    return tuple(text.splitlines(keepends=True)) if text else ()


def _terms(line: bytes) -> tuple[bytes, bytes, int] | None:
    """A line's subject and predicate, and where its object starts; None for no triple."""
    i = line.find(b" ")
    j = line.find(b" ", i + 1)
    if i <= 0 or j < 0 or line.startswith(b"#"):
        return None
    return line[:i], line[i + 1 : j], j + 1


def _node(line: bytes, start: int) -> bytes | None:
    """The object of a triple if it is an IRI or a blank node."""
    if line[start : start + 1] not in (b"<", b"_"):
        return None
    return line[start:].rstrip().removesuffix(b".").rstrip()


# --- the validation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartsStats:
    parts: int  # of the source (the vocabulary is one more)
    groups: int  # parts that share a subject are one group
    validated: int  # groups validated in this run; the others' results came from the cache
    fresh: tuple[int, ...]  # the source's parts in those groups
    chunks: int  # stores filled
    largest: int  # lines loaded into the largest store
    whole: str | None  # why the graph was validated in one piece, if it was


@dataclass(frozen=True, slots=True)
class PartsValidation:
    report: ValidationReport
    stats: PartsStats


@dataclass(frozen=True, slots=True)
class _Kind:
    """What a predicate's triples are: hops from their subject, into their object, schema."""

    forward: tuple[int, ...]
    inverse: tuple[int, ...]
    schema: bool


class _Plan:
    """The hops of :class:`Reads`, numbered, and which ones a triple's predicate takes."""

    def __init__(self, reads: Reads, schema: _Schema) -> None:
        self.schema = schema
        self.hops = [hop for hop, _ in reads.hops]
        self.wants = [predicates for _, predicates in reads.hops]
        self._kinds: dict[bytes, _Kind | None] = {}
        self._entailed: dict[bytes, frozenset[bytes]] = {}
        self._matches: dict[tuple[bytes, frozenset[bytes]], bool] = {}

    def kind(self, predicate: bytes) -> _Kind | None:
        try:
            return self._kinds[predicate]
        except KeyError:
            ups = self.entailed(predicate)
            forward = tuple(
                i
                for i, h in enumerate(self.hops)
                if not h.inverse and (h.predicate is None or h.predicate in ups) and self.wants[i]
            )
            inverse = tuple(i for i, h in enumerate(self.hops) if h.inverse and h.predicate in ups)
            schema = not ups.isdisjoint(_SCHEMA)
            kind = _Kind(forward, inverse, schema) if forward or inverse or schema else None
            self._kinds[predicate] = kind
            return kind

    def entailed(self, predicate: bytes) -> frozenset[bytes]:
        known = self._entailed.get(predicate)
        if known is None:
            known = self._entailed[predicate] = self.schema.entailed(predicate)
        return known

    def matches(self, predicate: bytes, wanted: frozenset[bytes]) -> bool:
        known = self._matches.get((predicate, wanted))
        if known is None:
            known = ANY in wanted or not self.entailed(predicate).isdisjoint(wanted)
            self._matches[predicate, wanted] = known
        return known


class _Scan:
    """The first pass: each part's digest, subjects and the nodes of other parts it needs."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.sizes: list[int] = []
        self.digests: list[bytes] = []
        self.subjects: array[int] = array("q")  # hash of each subject of each part …
        self.owners: array[int] = array("q")  # … and that part
        self.needs: list[set[int]] = []  # node number × hops + hop, per part
        self.pending: list[tuple[bytes, bytes, bytes, int]] = []  # object, line, subject, hop
        self.nodes: dict[bytes, int] = {}
        self.names: list[bytes] = []
        self.foreign: bytes | None = None  # a schema triple that the vocabulary lacks

    def node(self, name: bytes) -> int:
        number = self.nodes.get(name)
        if number is None:
            number = self.nodes[name] = len(self.names)
            self.names.append(name)
        return number

    def add(self, lines: Sequence[bytes]) -> None:
        index = len(self.sizes)
        plan, width = self.plan, len(self.plan.hops)
        parsed = []
        for line in lines:
            i = line.find(b" ")
            j = line.find(b" ", i + 1)
            if i > 0 and j > 0 and line[0] != 0x23:  # not a comment
                parsed.append((line, line[:i], line[i + 1 : j], j + 1))
        subjects = {s for _, s, _, _ in parsed}
        needs: set[int] = set()
        for line, s, p, start in parsed:
            kind = plan.kind(p)
            if kind is None:
                continue
            o = _node(line, start)
            # Entailment reads the schema triples between two IRIs (graph.validate._pairs).
            if (
                kind.schema
                and self.foreign is None
                and s.startswith(b"<")
                and o is not None
                and o.startswith(b"<")
                and (s, p, o) not in plan.schema.triples
            ):
                self.foreign = line
            if o is None or o in subjects:
                continue
            for hop in kind.forward:
                needs.add(self.node(o) * width + hop)
            for hop in kind.inverse:
                self.pending.append((o, line, s, hop))
        for s in subjects:
            self.subjects.append(hash(s))
            self.owners.append(index)
        self.needs.append(needs)
        self.sizes.append(len(parsed))
        self.digests.append(hashlib.sha256(b"".join(lines)).digest())


class _Groups:
    """Parts joined by shared subjects (union–find), numbered in the order of their first
    part; with each group's needs (hops to other groups' nodes) and inverse-hop triples."""

    def __init__(self, scan: _Scan, whole: bool) -> None:
        count = len(scan.sizes)
        parent = list(range(count))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        hashes = np.frombuffer(scan.subjects, dtype=np.int64)
        owners = np.frombuffer(scan.owners, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._owners = hashes[order], owners[order]
        if whole:
            for i in range(1, count):
                parent[find(i)] = find(0)
        else:
            # Equal hashes: the same subject in two parts (or, rarely, two subjects whose
            # hashes collide, which only joins two groups that could stay apart).
            same = np.flatnonzero(self._hashes[1:] == self._hashes[:-1])
            for k in same.tolist():
                a, b = find(int(self._owners[k])), find(int(self._owners[k + 1]))
                parent[max(a, b)] = min(a, b)
        numbers: dict[int, int] = {}
        self.of_part = [numbers.setdefault(find(i), len(numbers)) for i in range(count)]
        self.parts: list[list[int]] = [[] for _ in numbers]
        for i, group in enumerate(self.of_part):
            self.parts[group].append(i)
        self.digests = [
            hashlib.sha256(b"".join(scan.digests[i] for i in parts)).digest()
            for parts in self.parts
        ]
        self.needs: list[set[int]] = [set() for _ in numbers]
        self.pending: list[list[bytes]] = [[] for _ in numbers]
        if whole:
            return
        for i, needs in enumerate(scan.needs):
            self.needs[self.of_part[i]] |= needs
        width = len(scan.plan.hops)
        for o, line, s, hop in scan.pending:
            owner = self.owner(o)
            if owner is not None:
                self.pending[owner].append(line)
                if scan.plan.wants[hop]:
                    self.needs[owner].add(scan.node(s) * width + hop)

    def owner(self, subject: bytes) -> int | None:
        """The group of a subject; None if no part has triples about it."""
        h = hash(subject)
        k = int(np.searchsorted(self._hashes, h))
        if k < len(self._hashes) and int(self._hashes[k]) == h:
            return self.of_part[int(self._owners[k])]
        return None


def _contexts(source: PartSource, scan: _Scan, groups: _Groups) -> list[list[bytes]]:
    """The second pass: each group's context (sorted lines)."""
    plan, width = scan.plan, len(scan.plan.hops)
    wanted: dict[bytes, frozenset[bytes]] = {}
    for needs in groups.needs:
        for need in needs:
            node, hop = divmod(need, width)
            name = scan.names[node]
            wanted[name] = wanted.get(name, frozenset()) | plan.wants[hop]
    found: dict[bytes, list[tuple[bytes, bytes]]] = {}  # node → (predicate, line)
    if wanted:
        for lines in source.parts():
            for line in lines:
                predicates = wanted.get(line[: line.find(b" ")])
                if predicates is None:
                    continue
                terms = _terms(line)
                if terms is not None and plan.matches(terms[1], predicates):
                    found.setdefault(terms[0], []).append((terms[1], line))
    contexts = []
    for needs, pending in zip(groups.needs, groups.pending, strict=True):
        context = set(pending)
        for need in needs:
            node, hop = divmod(need, width)
            wants = plan.wants[hop]
            for predicate, line in found.get(scan.names[node], ()):
                if plan.matches(predicate, wants):
                    context.add(line)
        contexts.append(sorted(context))
    return contexts


class _Chunks:
    """Groups gathered into one store until it holds ``budget`` lines, then validated; each
    result goes to the group that owns its focus node."""

    def __init__(self, checks: Sequence[Any], vocab: str, jobs: int, budget: int) -> None:
        self.checks, self.vocab, self.jobs, self.budget = checks, vocab, jobs, budget
        self.whole = False  # one group, every result its own: no owners to look up
        self.results: dict[int, list[Result]] = {}
        self.count = self.largest = 0
        self._groups: list[int] = []
        self._data: dict[bytes, None] = {}  # the store's lines, each once, in order

    def add(self, group: int, own: list[bytes], context: list[bytes]) -> None:
        subjects = dict.fromkeys(line[: line.find(b" ")] for line in own if line[:1] in b"<_")
        owned = b' "%d" <%s> .\n' % (group, _OWNED.encode())
        self._data.update(dict.fromkeys(own))
        self._data.update(dict.fromkeys(context))
        self._data.update(dict.fromkeys(s + b" " + _GROUP + owned for s in subjects))
        self._groups.append(group)
        if len(self._data) >= self.budget:
            self.flush()

    def flush(self) -> None:
        if not self._groups:
            return
        groups, data = self._groups, b"".join(self._data)
        self.count += 1
        self.largest = max(self.largest, len(self._data))
        self._groups, self._data = [], {}
        store = ox.Store()
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
        del data
        for group in groups:
            self.results[group] = []
        owners: dict[str, int | None] = {}
        for result in run_checks(store, self.checks, self.vocab, self.jobs):
            if self.whole:
                self.results[groups[0]].append(result)
                continue
            if result.focus not in owners:
                owners[result.focus] = _owner(store, result.focus)
            owner = owners[result.focus]
            if owner is not None:
                self.results[owner].append(result)


def _owner(store: ox.Store, focus: str) -> int | None:
    term = ox.BlankNode(focus[2:]) if focus.startswith("_:") else ox.NamedNode(focus[1:-1])
    for quad in store.quads_for_pattern(
        term, ox.NamedNode(_GROUP[1:-1].decode()), None, ox.NamedNode(_OWNED)
    ):
        if isinstance(quad.object, ox.Literal):
            return int(quad.object.value)
    return None


def validate_parts(
    source: PartSource,
    *,
    cache: Cache | None = None,
    chunk_triples: int = CHUNK_TRIPLES,
    allow_warnings: bool = False,
    shapes: str | None = None,
    vocabulary: str | None = None,
    jobs: int | None = None,
) -> PartsValidation:
    """Validate the graph given part by part: the report is :func:`graph.validate.validate`'s
    on the whole graph. ``source`` is read two or three times, one part at a time.

    ``cache`` keeps each group's results for the next run (pruned to this run's); a store
    holds about ``chunk_triples`` triples (a larger group gets a store of its own). The
    queries of a store run on ``jobs`` threads, by default one per CPU.
    """
    shapes_ttl = shapes if shapes is not None else package_text("shapes.ttl")
    vocab = vocabulary if vocabulary is not None else package_text("vnl.ttl")
    jobs = jobs or min(4, os.cpu_count() or 1)
    schema = _schema(vocab)
    whole = schema.whole
    try:
        plan = _Plan(reads(shapes_ttl), schema)
    except NotLocal as err:
        plan, whole = _Plan(Reads(()), schema), whole or str(err)

    source = _Appended(source, _vocabulary_lines(vocab))
    scan = _Scan(plan)
    for lines in source.parts():
        scan.add(lines)
    if scan.foreign is not None and whole is None:
        whole = "a schema triple of the graph is not the vocabulary's: " + scan.foreign.decode()
    groups = _Groups(scan, whole is not None)
    contexts = _contexts(source, scan, groups)
    parts = len(scan.sizes) - 1  # the source's, the vocabulary last
    del scan

    inputs = hashlib.sha256(f"{len(shapes_ttl)}\n{shapes_ttl}{vocab}".encode()).digest()
    keys = [
        cache_key("shacl", inputs, digest, b"".join(context))
        for digest, context in zip(groups.digests, contexts, strict=True)
    ]
    store = cache or Cache(None)
    found = store.get_many(keys)
    dirty = [g for g, k in enumerate(keys) if k not in found]
    # Whole, a focus node need not be a subject: the targets are not restricted to owners.
    checks = compile_shapes(shapes_ttl, "" if whole else _FOCUS)
    chunks = _Chunks(checks, vocab, jobs, chunk_triples)
    chunks.whole = whole is not None
    remaining = {g: len(groups.parts[g]) for g in dirty}
    buffers: dict[int, list[bytes]] = {}
    fresh = tuple(sorted(i for g in dirty for i in groups.parts[g]))
    for i, lines in source.select(fresh):
        group = groups.of_part[i]
        buffers.setdefault(group, []).extend(lines)
        remaining[group] -= 1
        if not remaining[group]:
            chunks.add(group, buffers.pop(group), contexts[group])
    chunks.flush()
    store.put_many((keys[g], tuple(chunks.results[g])) for g in dirty)
    store.prune(keys)

    results = [r for g, k in enumerate(keys) for r in found.get(k, chunks.results.get(g, ()))]
    fresh = tuple(i for i in fresh if i < parts)
    stats = PartsStats(parts, len(keys), len(dirty), fresh, chunks.count, chunks.largest, whole)
    log.info("SHACL: %d phần, %d nhóm, kiểm lại %d trong %d kho (lớn nhất %d dòng)%s",
             stats.parts, stats.groups, stats.validated, stats.chunks, stats.largest,
             f"; kiểm cả đồ thị một lần vì {whole}" if whole else "")  # fmt: skip
    return PartsValidation(report_of(results, allow_warnings), stats)


__all__ = [
    "ANY",
    "CHUNK_TRIPLES",
    "DumpParts",
    "Hop",
    "MemoryParts",
    "NotLocal",
    "PartSource",
    "PartsStats",
    "PartsValidation",
    "Reads",
    "reads",
    "validate_parts",
]
