"""SHACL validation of the knowledge graph: ``shapes.ttl`` compiled to SPARQL, run on Oxigraph.

pySHACL took 99 s of CPU on the graph of 1,000 synthetic documents (142,000 triples),
evaluating each constraint node by node in Python, so the build skipped graphs above 250,000
triples. Here each shape becomes a few SPARQL queries over the whole graph (one for its value
checks, one for its count checks, one per property pair and per SPARQL constraint), which
Oxigraph answers in time linear in the graph: 1.5 s on that graph, 19 s and 0.65 GB on the
10,000-document one (1.4 million triples). The results are pySHACL's: same conformance and,
for each result, the same focus node, path, value, constraint component, severity and
messages (``tests/test_shapes.py`` runs both engines on the seed graph and on every broken
variant of it).

Supported: targets (class, subjects-of, objects-of, node, implicit class); predicate and
inverse paths; the constraints in ``_VALUE_CHECKS``, ``count_tests`` and ``pair_checks``;
SPARQL-based constraints (``sh:sparql`` with ``sh:select`` and ``sh:prefixes``). Anything else
in the shapes raises :class:`UnsupportedShape`, so a new construct is noticed, not ignored.

Like pySHACL called with ``ont_graph=vocabulary_graph(), inference="rdfs"``, the vocabulary is
mixed into the data and the RDFS entailments that can change a result are added first:
``rdfs:subPropertyOf`` (rdfs5, rdfs7), ``rdfs:subClassOf`` (rdfs9, rdfs11), ``rdfs:domain``
and ``rdfs:range`` (rdfs2, rdfs3). The other RDFS rules only type every node ``rdfs:Resource``
or ``rdf:Property`` and add reflexive axioms; shapes that mention those terms are refused.

Where Oxigraph differs from rdflib: blank nodes get new labels when loaded; numbers, booleans
and dates are kept by value, so a value is reported in canonical form (``"2.0"^^xsd:decimal``
as ``"2"``). A SPARQL constraint should read, inside each EXISTS, from nodes already bound:
Oxigraph evaluates an inner pattern such as ``?a rdf:value ?x`` over the whole graph, once per
focus node (see the conflict constraints of ``shapes.ttl``).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .errors import LuocdoError

Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")

# The entailed triples (and the vocabulary triples the data lacks) go to this graph, beside the
# data in the default graph; queries read both, and a store given by the caller is left as
# it was.
ENTAILED = ox.NamedNode("urn:x-luocdo:shacl:entailed")
_DATASET: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph(), ENTAILED]

# Terms only the RDFS rules left out (rdf1, rdfs4, 6, 8, 10, 12, 13) would add triples about.
_NOT_ENTAILED = {
    RDFS.Resource,
    RDFS.Class,
    RDFS.Literal,
    RDFS.Datatype,
    RDFS.ContainerMembershipProperty,
    RDFS.member,
    RDF.Property,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
}

# sh: predicates a shape may carry that are not constraints, or that a constraint reads.
_NOT_CONSTRAINTS = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.message, SH.severity, SH.deactivated, SH.path, SH.property, SH.name, SH.description,
    SH.order, SH.group, SH.defaultValue, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.sparql,
}  # fmt: skip

_XSD = "http://www.w3.org/2001/XMLSchema#"
# Datatypes whose lexical form is checked by casting, as rdflib checks it by parsing.
_CASTABLE = {
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
}
_NODE_KINDS = {
    SH.IRI: "isIRI({0})",
    SH.BlankNode: "isBlank({0})",
    SH.Literal: "isLiteral({0})",
    SH.BlankNodeOrIRI: "(isIRI({0}) || isBlank({0}))",
    SH.BlankNodeOrLiteral: "(isBlank({0}) || isLiteral({0}))",
    SH.IRIOrLiteral: "(isIRI({0}) || isLiteral({0}))",
}
# Counting n distinct values takes n variables and n(n-1)/2 comparisons: fine for the small
# cardinalities of shapes.ttl, refused beyond.
_MAX_COUNT = 8
# sh:lessThan compares IRIs by their text, as pySHACL does.
_ORDERED = "IF(isIRI({0}), STR({0}), {0})"


class UnsupportedShape(LuocdoError):
    """A construct of the shapes graph that this validator does not compile."""


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, as pySHACL reports it (``sh:ValidationResult``)."""

    focus: str  # the focus node in N-Triples syntax: <iri>, _:id
    path: str | None  # the result path in SPARQL syntax: <iri>, ^<iri>
    component: str  # local name: MinCountConstraintComponent
    severity: str  # local name: Violation, Warning, Info
    value: str | None  # the value node in N-Triples syntax
    messages: tuple[str, ...]
    shape: str  # the source shape, for people
    path_label: str | None  # the path with prefixes: ^vnl:mention

    def sort_key(self) -> tuple[str, ...]:
        return (self.focus, self.path or "", self.component, self.value or "", *self.messages)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    results: tuple[Result, ...]

    def lines(self) -> list[str]:
        """The report as text lines, laid out like pySHACL's."""
        out = ["Validation Report", f"Conforms: {self.conforms}"]
        if self.results:
            out.append(f"Results ({len(self.results)}):")
        for r in self.results:
            kind = "Constraint Violation" if r.severity == "Violation" else "Validation Result"
            out += [
                f"{kind} in {r.component} ({SH[r.component]}):",
                f"\tSeverity: sh:{r.severity}",
                f"\tSource Shape: {r.shape}",
                f"\tFocus Node: {r.focus}",
            ]
            if r.value is not None:
                out.append(f"\tValue Node: {r.value}")
            if r.path_label is not None:
                out.append(f"\tResult Path: {r.path_label}")
            out += [f"\tMessage: {m}" for m in r.messages]
        return out

    def as_report(self, max_lines: int = 200) -> dict[str, Any]:
        """The ``shacl`` entry of ``report.json``: conformance and the first lines of text."""
        return {"conforms": self.conforms, "report": self.lines()[:max_lines]}


def validate(
    data: Path | bytes | ox.Store,
    *,
    allow_warnings: bool = False,
    shapes: str | None = None,
    vocabulary: str | None = None,
    jobs: int | None = None,
) -> ValidationReport:
    """Validate N-Triples (a file or bytes) or an Oxigraph store against the SHACL shapes.

    ``shapes`` and ``vocabulary`` are Turtle texts, by default ``graph/data/shapes.ttl`` and
    ``graph/data/vnl.ttl``. A graph conforms when it has no result other than warnings
    (``allow_warnings``). A given store gets its entailments in a named graph, removed after.
    The queries run on ``jobs`` threads (Oxigraph releases the GIL), by default one per CPU.
    """
    checks = compile_shapes(shapes if shapes is not None else package_text("shapes.ttl"))
    vocab = vocabulary if vocabulary is not None else package_text("vnl.ttl")
    jobs = jobs or min(4, os.cpu_count() or 1)
    if isinstance(data, ox.Store):
        return _run(data, checks, vocab, allow_warnings, jobs)
    # In memory: twice as fast as an on-disk store here, in less memory than RocksDB's caches.
    store = ox.Store()
    if isinstance(data, bytes):
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    return _run(store, checks, vocab, allow_warnings, jobs)


def package_text(name: str) -> str:
    """A data file of the package: ``shapes.ttl``, ``vnl.ttl``."""
    return (resources.files("graph") / "data" / name).read_text(encoding="utf-8")


def _run(
    store: ox.Store, checks: tuple[Check, ...], vocab: str, allow_warnings: bool, jobs: int
) -> ValidationReport:
    return report_of(run_checks(store, checks, vocab, jobs), allow_warnings)


def run_checks(store: ox.Store, checks: Sequence[Check], vocab: str, jobs: int) -> list[Result]:
    """Every check's results on ``store`` and its entailments, check after check (unsorted)."""
    try:
        _entail(store, vocab)
        with ThreadPoolExecutor(jobs) as pool:
            found = pool.map(lambda check: list(check.run(store)), checks)
            return [r for rs in found for r in rs]
    finally:
        store.remove_graph(ENTAILED)


def report_of(results: Iterable[Result], allow_warnings: bool) -> ValidationReport:
    """The report of these results, sorted: the sort is stable, so results with one sort key
    keep the order of their checks."""
    ordered = sorted(results, key=Result.sort_key)
    allowed = {"Warning"} if allow_warnings else set()
    conforms = all(r.severity in allowed for r in ordered)
    return ValidationReport(conforms, tuple(ordered))


# --- RDFS entailment --------------------------------------------------------------------------


def _entail(store: ox.Store, vocab: str) -> None:
    """Add the vocabulary triples the data lacks and the RDFS entailments, to ENTAILED."""
    store.remove_graph(ENTAILED)
    for quad in ox.parse(vocab.encode("utf-8"), ox.RdfFormat.TURTLE):
        if quad not in store:
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object, ENTAILED))
    sub_properties = _closure(store, RDFS.subPropertyOf)
    for prop, supers in sorted(sub_properties.items()):
        for sup in sorted(supers - {prop}):
            _insert(store, "?s <{sup}> ?o", "?s <{sub}> ?o", sub=prop, sup=sup)
    for kind, pattern in (("domain", "?x ?p ?o"), ("range", "?s ?p ?x")):
        for prop, classes in sorted(_pairs(store, RDFS[kind]).items()):
            for cls in sorted(classes):
                body = pattern.replace("?p", f"<{prop}>")
                _insert(store, "?x a <{sup}>", body, sub=prop, sup=cls)
    for cls, supers in sorted(_closure(store, RDFS.subClassOf).items()):
        for sup in sorted(supers - {cls}):
            _insert(store, "?s a <{sup}>", "?s a <{sub}>", sub=cls, sup=sup)


def _insert(store: ox.Store, head: str, body: str, *, sub: str, sup: str) -> None:
    head, body = head.format(sup=sup), body.format(sub=sub)
    store.update(
        f"INSERT {{ GRAPH <{ENTAILED.value}> {{ {head} }} }} WHERE {{"
        f" {{ {body} }} UNION {{ GRAPH <{ENTAILED.value}> {{ {body} }} }}"
        f" FILTER NOT EXISTS {{ {head} }}"
        f" FILTER NOT EXISTS {{ GRAPH <{ENTAILED.value}> {{ {head} }} }} }}"
    )


def _pairs(store: ox.Store, predicate: URIRef) -> dict[str, set[str]]:
    pairs: dict[str, set[str]] = {}
    query = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{predicate}> ?b FILTER(isIRI(?a) && isIRI(?b)) }}"
    solutions = store.query(query, default_graph=_DATASET)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        pairs.setdefault(str(row["a"].value), set()).add(str(row["b"].value))
    return pairs


def _closure(store: ox.Store, predicate: URIRef) -> dict[str, set[str]]:
    """Each term's ancestors through ``predicate``, itself included."""
    return ancestors(_pairs(store, predicate))


def ancestors(parents: Mapping[T, Iterable[T]]) -> dict[T, set[T]]:
    """For each term with parents, itself and every ancestor (the transitive closure)."""
    closure: dict[T, set[T]] = {}
    for start in parents:
        seen, todo = {start}, [start]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[start] = seen
    return closure


# --- checks: the compiled queries and how their solutions become results ---------------------


@dataclass(frozen=True, slots=True)
class ShapeInfo:
    """What every result of a shape carries."""

    name: str
    path: str | None
    path_label: str | None
    severity: str
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Check:
    """A SELECT query whose solutions are results of one shape.

    Every solution binds ``?this``, and ``?value`` when the result has a value. A query that
    tests several constraints at once binds one boolean per constraint (``flags``: variable
    and constraint component). A SPARQL constraint's solutions may bind ``?path``, and its
    messages (``templates``) take the solution's values for ``{?var}``.
    """

    shape: ShapeInfo
    query: str
    prefixes: tuple[tuple[str, str], ...]
    component: str = ""
    flags: tuple[tuple[str, str], ...] = ()
    generic: tuple[tuple[str, str], ...] = ()  # component → message when the shape has none
    value_is_focus: bool = False  # a node shape's results take the focus node as value
    templates: tuple[str, ...] | None = None  # a SPARQL constraint's messages

    def run(self, store: ox.Store) -> Iterator[Result]:
        solutions = store.query(self.query, default_graph=_DATASET)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen: set[tuple[Term | None, ...]] = set()
        for row in solutions:
            bound = {name: row[name] for name in names}
            if self.templates is not None:
                # pySHACL reports a SPARQL constraint's equal solutions once.
                values = tuple(bound.values())
                if values in seen:
                    continue
                seen.add(values)
            focus = row["this"]
            value = bound.get("value")
            if value is None and self.value_is_focus:
                value = focus
            components = [c for var, c in self.flags if _true(bound[var])] or [self.component]
            for component in components:
                yield self._result(component, focus, value, bound)

    def _result(
        self, component: str, focus: Term, value: Term | None, bound: dict[str, Term | None]
    ) -> Result:
        shape = self.shape
        path, path_label = shape.path, shape.path_label
        if self.templates is not None:
            if isinstance(bound.get("path"), ox.NamedNode):
                path, path_label = str(bound["path"]), _shorten(str(bound["path"]), self.prefixes)
            fill = {**bound, "this": focus, "value": value}
            messages = sorted({*shape.messages, *(_fill(t, fill) for t in self.templates)})
        else:
            messages = list(shape.messages)
        if not messages:
            text = dict(self.generic).get(component, component)
            messages = [text.replace("{this}", str(focus)).replace("{value}", str(value))]
        return Result(
            focus=str(focus),
            path=path,
            component=component,
            severity=shape.severity,
            value=None if value is None else str(value),
            messages=tuple(messages),
            shape=shape.name,
            path_label=path_label,
        )


def _true(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"


def _fill(template: str, values: dict[str, Term | None]) -> str:
    """pySHACL's message templates: ``{?name}`` or ``{$name}`` is the bound term's text."""
    for name, term in values.items():
        if term is not None:
            template = re.sub(r"\{[?$]" + name + r"\}", _Text(term.value), template)
    return template


class _Text:
    """A replacement for re.sub taken as it is, backslashes included."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, _match: re.Match[str]) -> str:
        return self.text


def _shorten(text: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    """IRIs in ``<...>`` as prefixed names where a prefix fits: ``^vnl:mention``."""

    def short(match: re.Match[str]) -> str:
        iri = match.group(1)
        for prefix, namespace in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[\w-]*", local):
                return f"{prefix}:{local}"
        return match.group(0)

    return re.sub(r"<([^>]*)>", short, text)


# --- compiling the shapes ---------------------------------------------------------------------

# A constraint compiled for one value or focus node: its component, an expression true when
# the node fails it, and pySHACL's message for a shape without sh:message.
Test = tuple[str, str, str]


@cache
def compile_shapes(shapes_ttl: str, focus: str = "") -> tuple[Check, ...]:
    """The checks of every shape that has targets, with its property shapes. ``focus``, a
    group graph pattern on ``?this``, restricts every target (graph.validate_parts)."""
    return tuple(_Compiler(Graph().parse(data=shapes_ttl, format="turtle"), focus).compile())


class _Compiler:
    def __init__(self, g: Graph, focus: str = "") -> None:
        self.g = g
        self.focus = focus
        self.prefixes = tuple(
            sorted(((p, str(ns)) for p, ns in g.namespaces() if p), key=lambda x: -len(x[1]))
        )
        self._counter = itertools.count()
        for term in _NOT_ENTAILED:
            if (None, None, term) in g or (None, term, None) in g:
                raise UnsupportedShape(f"the shapes use {self.name(term)}, which RDFS entails")

    def compile(self) -> list[Check]:
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        targeted = {s for p in targets for s in self.g.subjects(p, None)}
        targeted |= {s for s in self.g.subjects(RDF.type, RDFS.Class) if self.is_shape(s)}
        checks: list[Check] = []
        for shape in sorted(targeted, key=str):
            if self.deactivated(shape):
                continue
            target = self.target(shape)
            checks += self.shape_checks(shape, target)
            for prop in sorted(self.g.objects(shape, SH.property), key=str):
                if not self.deactivated(prop):
                    checks += self.shape_checks(prop, target)
        return checks

    # reading the shapes graph

    def name(self, node: Node) -> str:
        """A term as pySHACL prints it in messages: ``sh:IRI``, ``vnl:Agent``."""
        if isinstance(node, URIRef):
            return self.g.namespace_manager.normalizeUri(node)
        return node.n3() if isinstance(node, Literal) else "[]"

    def var(self) -> str:
        return f"?v{next(self._counter)}"

    def is_shape(self, node: Node) -> bool:
        return any((node, RDF.type, t) in self.g for t in (SH.NodeShape, SH.PropertyShape))

    def deactivated(self, node: Node) -> bool:
        return (node, SH.deactivated, Literal(True)) in self.g

    def one(self, node: Node, predicate: URIRef) -> Node:
        values = list(self.g.objects(node, predicate))
        if len(values) != 1:
            raise UnsupportedShape(f"{self.name(node)}: expected one {self.name(predicate)}")
        return values[0]

    def ints(self, node: Node, predicate: URIRef) -> list[int]:
        return [int(str(n)) for n in self.g.objects(node, predicate)]

    def refuse_unknown(self, shape: Node) -> None:
        known = {*_VALUE_CHECKS, *_COUNT_PARAMETERS, *_PAIR_PARAMETERS, *_NOT_CONSTRAINTS}
        for predicate in self.g.predicates(shape, None):
            if str(predicate).startswith(str(SH)) and predicate not in known:
                raise UnsupportedShape(f"{self.name(shape)}: {self.name(predicate)}")
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise UnsupportedShape(f"{self.name(shape)}: sh:qualifiedValueShapesDisjoint")
        if (shape, SH.path, None) in self.g and (shape, SH.property, None) in self.g:
            raise UnsupportedShape(f"{self.name(shape)}: a property shape with sh:property")

    # targets and paths

    def target(self, shape: Node) -> str:
        """A group pattern binding ``?this`` to each focus node of ``shape``, once."""
        g = self.g
        classes = [*g.objects(shape, SH.targetClass)]
        if (shape, RDF.type, RDFS.Class) in g:
            classes.append(shape)
        parts = [f"?this a {c.n3()} ." for c in classes]
        parts += [f"?this {p.n3()} [] ." for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"[] {p.n3()} ?this ." for p in g.objects(shape, SH.targetObjectsOf)]
        parts += [f"VALUES ?this {{ {n.n3()} }}" for n in g.objects(shape, SH.targetNode)]
        focus = f" {self.focus}" if self.focus else ""
        if len(parts) == 1 and len(classes) == 1:
            return parts[0] + focus
        union = " UNION ".join(f"{{ {p} }}" for p in sorted(parts))
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}{focus}"

    def path(self, node: Node) -> str:
        """A SHACL path as a SPARQL property path: a predicate, or its inverse.

        Longer paths are refused: inside EXISTS, Oxigraph evaluates a sequence over the whole
        graph for each focus node.
        """
        inverse = self.g.value(node, SH.inversePath)
        if isinstance(node, URIRef):
            return node.n3()
        if isinstance(inverse, URIRef):
            return "^" + inverse.n3()
        raise UnsupportedShape(f"a path other than a predicate or its inverse: {node}")

    def info(self, shape: Node) -> ShapeInfo:
        path_node = self.g.value(shape, SH.path)
        path = None if path_node is None else self.path(path_node)
        label = None if path is None else _shorten(path, self.prefixes)
        if isinstance(shape, URIRef):
            name = self.name(shape)
        else:
            name = "[ sh:path " + label + " ]" if label else "[ ]"
        severity = self.g.value(shape, SH.severity) or SH.Violation
        return ShapeInfo(
            name=name,
            path=path,
            path_label=label,
            severity=str(severity).removeprefix(str(SH)),
            messages=tuple(sorted(str(m) for m in self.g.objects(shape, SH.message))),
        )

    # the checks of a shape

    def shape_checks(self, shape: Node, target: str) -> list[Check]:
        """The queries that find the results of ``shape``'s own constraints."""
        self.refuse_unknown(shape)
        info = self.info(shape)
        checks = []
        if info.path is None:
            head = f"{target} BIND(?this AS ?value)"
            checks.append(self.flag_check(info, head, self.value_tests(shape, "?value"), True))
        else:
            head = f"{target} ?this {info.path} ?value ."
            checks.append(self.flag_check(info, head, self.value_tests(shape, "?value")))
            counts = self.count_tests(shape, "?this", info.path)
            checks.append(self.flag_check(info, target, counts))
            checks += self.pair_checks(shape, info, target)
        checks += self.sparql_checks(shape, info, target)
        return [c for c in checks if c.query]

    def flag_check(
        self, info: ShapeInfo, head: str, tests: list[Test], value_is_focus: bool = False
    ) -> Check:
        """One query for several tests: a boolean per test, a solution where any is true."""
        if not tests:
            return Check(info, "", self.prefixes)
        flags = tuple((f"c{i}", component) for i, (component, _, _) in enumerate(tests))
        binds = " ".join(f"BIND({expr} AS ?c{i})" for i, (_, expr, _) in enumerate(tests))
        columns = " ".join(f"?{var}" for var, _ in flags)
        any_flag = " || ".join(f"?{var}" for var, _ in flags)
        return Check(
            info,
            f"SELECT DISTINCT ?this ?value {columns} WHERE {{ {head} {binds} FILTER({any_flag}) }}",
            self.prefixes,
            flags=flags,
            generic=tuple((component, message) for component, _, message in tests),
            value_is_focus=value_is_focus,
        )

    def value_tests(self, shape: Node, v: str) -> list[Test]:
        """The constraints of ``shape`` that test one value node ``v`` at a time."""
        tests = [
            build(self, shape, parameter, v)
            for predicate, build in _VALUE_CHECKS.items()
            for parameter in sorted(self.g.objects(shape, predicate), key=str)
        ]
        if (shape, SH.path, None) not in self.g:
            tests += [
                ("HasValueConstraintComponent", f"!sameTerm({v}, {x.n3()})", "")
                for x in self.g.objects(shape, SH.hasValue)
            ]
        return tests

    def count_tests(self, shape: Node, f: str, path: str) -> list[Test]:
        """The constraints of a property shape on the values of focus node ``f`` together."""
        label = _shorten(path, self.prefixes)
        tests: list[Test] = []
        for n in self.ints(shape, SH.minCount):
            tests.append(
                (
                    "MinCountConstraintComponent",
                    f"!{self.has(f, path, n)}",
                    f"Less than {n} values on {{this}}->{label}",
                )
            )
        for n in self.ints(shape, SH.maxCount):
            tests.append(
                (
                    "MaxCountConstraintComponent",
                    self.has(f, path, n + 1),
                    f"More than {n} values on {{this}}->{label}",
                )
            )
        for x in self.g.objects(shape, SH.hasValue):
            tests.append(
                (
                    "HasValueConstraintComponent",
                    f"NOT EXISTS {{ {f} {path} {x.n3()} }}",
                    f"Node {{this}}->{label} does not contain a value in the set: {x}",
                )
            )
        for qualified in self.g.objects(shape, SH.qualifiedValueShape):

            def conforming(x: str, q: Node = qualified) -> str:
                return self.conforms(q, x)

            for n in self.ints(shape, SH.qualifiedMinCount):
                tests.append(
                    (
                        "QualifiedMinCountConstraintComponent",
                        f"!{self.has(f, path, n, conforming)}",
                        "",
                    )
                )
            for n in self.ints(shape, SH.qualifiedMaxCount):
                tests.append(
                    (
                        "QualifiedMaxCountConstraintComponent",
                        self.has(f, path, n + 1, conforming),
                        "",
                    )
                )
        return tests

    def has(self, f: str, path: str, n: int, condition: Any = None) -> str:
        """An expression true when ``f`` has at least ``n`` distinct values (meeting
        ``condition``, a function of a variable) through ``path``."""
        if n <= 0:
            return "true"
        if n > _MAX_COUNT:
            raise UnsupportedShape(f"a count above {_MAX_COUNT}")
        names = [self.var() for _ in range(n)]
        triples = " ".join(f"{f} {path} {x} ." for x in names)
        tests = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        if condition is not None:
            tests += [condition(x) for x in names]
        return f"EXISTS {{ {triples} FILTER({' && '.join(tests) or 'true'}) }}"

    def pair_checks(self, shape: Node, info: ShapeInfo, target: str) -> list[Check]:
        """Constraints between two values of a focus node: one result per pair, as pySHACL."""
        g, path, checks = self.g, info.path, []
        for other in g.objects(shape, SH.disjoint):
            body = f"?this {path} ?value . ?this {other.n3()} ?value ."
            checks.append(("DisjointConstraintComponent", body, "==", other))
        for predicate, component, op, fails in (
            (SH.lessThan, "LessThanConstraintComponent", "<", "<="),
            (SH.lessThanOrEquals, "LessThanOrEqualsConstraintComponent", "<=", "<"),
        ):
            for other in g.objects(shape, predicate):
                a, b = _ORDERED.format("?value"), _ORDERED.format("?other")
                body = (
                    f"?this {path} ?value . ?this {other.n3()} ?other ."
                    f" FILTER(!COALESCE({a} {op} {b}, false))"
                )
                checks.append((component, body, fails, other))
        results = [
            Check(
                info,
                f"SELECT DISTINCT ?this ?value ?other WHERE {{ {target} {body} }}",
                self.prefixes,
                component=component,
                generic=((component, f"Value of {{this}}->{self.name(other)} {op} {{value}}"),),
            )
            for component, body, op, other in checks
        ]
        if g.value(shape, SH.uniqueLang) == Literal(True):
            # One result per focus node and language used twice, without a value.
            body = (
                f"?this {path} ?a, ?b . FILTER(isLiteral(?a) && lang(?a) != ''"
                " && !sameTerm(?a, ?b) && LCASE(lang(?a)) = LCASE(lang(?b)))"
                " BIND(LCASE(lang(?a)) AS ?lang)"
            )
            component = "UniqueLangConstraintComponent"
            results.append(
                Check(
                    info,
                    f"SELECT DISTINCT ?this ?lang WHERE {{ {target} {body} }}",
                    self.prefixes,
                    component=component,
                    generic=((component, "More than one String shares the same Language"),),
                )
            )
        return results

    def sparql_checks(self, shape: Node, info: ShapeInfo, target: str) -> list[Check]:
        """SPARQL-based constraints. The target pattern opens the query's WHERE, so that
        ``$this`` is bound wherever the query reads it, as pySHACL's pre-binding does."""
        checks = []
        for constraint in sorted(self.g.objects(shape, SH.sparql), key=str):
            if self.deactivated(constraint):
                continue
            text = str(self.one(constraint, SH.select))
            if re.search(r"[?$](shapesGraph|currentShape|PATH)\b", text):
                raise UnsupportedShape(f"{info.name}: a query with a special variable")
            where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
            if where is None or info.path is not None:
                raise UnsupportedShape(f"{info.name}: a SPARQL constraint of this form")
            declarations = sorted(
                f"PREFIX {self.one(d, SH.prefix)}: <{self.one(d, SH.namespace)}>"
                for source in self.g.objects(constraint, SH.prefixes)
                for d in self.g.objects(source, SH.declare)
            )
            query = f"{text[: where.end()]} {target} {text[where.end() :]}"
            component = "SPARQLConstraintComponent"
            checks.append(
                Check(
                    info,
                    "\n".join([*declarations, query]),
                    self.prefixes,
                    component=component,
                    value_is_focus=True,
                    templates=tuple(str(m) for m in self.g.objects(constraint, SH.message)),
                )
            )
        return checks

    def conforms(self, shape: Node, x: str) -> str:
        """An expression true when node ``x`` conforms to ``shape`` (sh:node, sh:or, ...)."""
        self.refuse_unknown(shape)
        if (shape, SH.sparql, None) in self.g:
            raise UnsupportedShape(f"{self.name(shape)}: a SPARQL constraint in a nested shape")
        fails = [expr for _, expr, _ in self.value_tests(shape, x)]
        for prop in self.g.objects(shape, SH.property):
            self.refuse_unknown(prop)
            if any((prop, p, None) in self.g for p in _PAIR_PARAMETERS):
                raise UnsupportedShape(f"{self.name(shape)}: a property pair in a nested shape")
            path = self.path(self.one(prop, SH.path))
            for _, expr, _ in self.value_tests(prop, v := self.var()):
                fails.append(f"EXISTS {{ {x} {path} {v} . FILTER({expr}) }}")
            fails += [expr for _, expr, _ in self.count_tests(prop, x, path)]
        return "!(" + " || ".join(fails) + ")" if fails else "true"


def _class(c: _Compiler, shape: Node, cls: Node, v: str) -> Test:
    return (
        "ClassConstraintComponent",
        f"NOT EXISTS {{ {v} a {cls.n3()} }}",
        f"Value does not have class {c.name(cls)}",
    )


def _datatype(c: _Compiler, shape: Node, dt: Node, v: str) -> Test:
    if dt == RDF.langString:
        ok = f"lang({v}) != ''"
    elif str(dt) in _CASTABLE:
        ok = f"datatype({v}) = {dt.n3()} && isLiteral({dt.n3()}({v}))"
    else:
        ok = f"datatype({v}) = {dt.n3()}"
    return (
        "DatatypeConstraintComponent",
        f"!COALESCE(isLiteral({v}) && {ok}, false)",
        f"Value is not Literal with datatype {c.name(dt)}",
    )


def _node_kind(c: _Compiler, shape: Node, kind: Node, v: str) -> Test:
    if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
        raise UnsupportedShape(f"{c.name(shape)}: node kind {kind}")
    return (
        "NodeKindConstraintComponent",
        "!" + _NODE_KINDS[kind].format(v),
        f"Value is not of Node Kind {c.name(kind)}",
    )


def _pattern(c: _Compiler, shape: Node, pattern: Node, v: str) -> Test:
    # pySHACL matches with Python's re, whose final $ also matches before a final newline.
    regex = re.sub(r"(?<!\\)\$$", r"\\n?$", str(pattern))
    flags = c.g.value(shape, SH.flags)
    args = Literal(regex).n3() + ("" if flags is None else ", " + Literal(str(flags)).n3())
    return (
        "PatternConstraintComponent",
        f"!COALESCE(!isBlank({v}) && REGEX(STR({v}), {args}), false)",
        f"Value does not match pattern '{pattern}'",
    )


def _language_in(c: _Compiler, shape: Node, languages: Node, v: str) -> Test:
    tags = [str(t) for t in Collection(c.g, languages)]
    ok = " || ".join(f"langMatches(lang({v}), {Literal(t).n3()})" for t in tags) or "false"
    return (
        "LanguageInConstraintComponent",
        f"!COALESCE(isLiteral({v}) && ({ok}), false)",
        f"String language is not in {tags}",
    )


def _in(c: _Compiler, shape: Node, members: Node, v: str) -> Test:
    terms = list(Collection(c.g, members))
    ok = " || ".join(f"sameTerm({v}, {t.n3()})" for t in terms) or "false"
    return ("InConstraintComponent", f"!({ok})", f"Value {{value}} not in list {terms}")


def _range(component: str, op: str) -> Any:
    def build(c: _Compiler, shape: Node, limit: Node, v: str) -> Test:
        return (
            component,
            f"!COALESCE(isLiteral({v}) && {v} {op} {limit.n3()}, false)",
            f"Value is not {op} {c.name(limit)}",
        )

    return build


def _node(c: _Compiler, shape: Node, other: Node, v: str) -> Test:
    return (
        "NodeConstraintComponent",
        "!" + c.conforms(other, v),
        f"Value does not conform to Shape {c.name(other)}.",
    )


def _or(c: _Compiler, shape: Node, members: Node, v: str) -> Test:
    options = " || ".join(c.conforms(s, v) for s in Collection(c.g, members)) or "false"
    return (
        "OrConstraintComponent",
        f"!({options})",
        "Node {value} must conform to one or more shapes",
    )


# Constraints on one value node at a time: parameter → builder of its test.
_VALUE_CHECKS = {
    SH["class"]: _class,
    SH.datatype: _datatype,
    SH.nodeKind: _node_kind,
    SH.pattern: _pattern,
    SH.languageIn: _language_in,
    SH["in"]: _in,
    SH.minInclusive: _range("MinInclusiveConstraintComponent", ">="),
    SH.maxInclusive: _range("MaxInclusiveConstraintComponent", "<="),
    SH.minExclusive: _range("MinExclusiveConstraintComponent", ">"),
    SH.maxExclusive: _range("MaxExclusiveConstraintComponent", "<"),
    SH.node: _node,
    SH["or"]: _or,
}
_COUNT_PARAMETERS = {SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape}
_PAIR_PARAMETERS = {SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang}
