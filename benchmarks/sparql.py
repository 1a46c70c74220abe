"""Compare SPARQL engines (rdflib, pyoxigraph) on a synthetic graph shaped like luocdo's.

    python -m benchmarks.sparql [--docs N] [--out DIR] [--seed S] [--timeout SEC]
                                [--turtle full|sample|skip]

Generates a deterministic N-Triples graph of documents and citations (about 1.2 M triples at
the default size) with the project's IRIs and vocabulary, then measures each engine in its
own subprocess, so that peak RSS is per engine and whole-process: load time, peak memory and
four queries (a 2-hop join, a whole-graph GROUP BY, an ``eli:cites+`` property path, the
top-20 most cited documents), each the median of 3 runs after a warm-up (one run only when
it takes over 30 s). pyoxigraph is also bulk-loaded into an on-disk store through
``graph.query.open_store``, and that store is reopened in a fresh process. Row counts and a
digest of the rows are compared between engines: that is the correctness check.

Prints a table and writes ``benchmarks/results/sparql.json``. The graph goes to a temporary
folder, removed at the end, unless ``--out`` names one (then it is kept).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from graph.codes import ISSUER_BY_CODE, System
from graph.config import CONCEPT_NS, VNL_NS, agent_iri, citation_iri, document_iri
from graph.ids import DocumentId
from graph.query import PREFIXES, with_prefixes
from graph.relations import Relation

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DOCS = 16_000  # about 1.2 M triples
DEFAULT_SEED = 20261129
SLOW_RUN_S = 30.0  # a warm-up slower than this is the only run
SAMPLE_SHARE = 0.2  # share of the documents in the Turtle sample (--turtle sample)

RDF_TYPE = PREFIXES["rdf"] + "type"
ELI = PREFIXES["eli"]
XSD = PREFIXES["xsd"]
FOAF = PREFIXES["foaf"]


# --- the synthetic graph ---------------------------------------------------------------------


def camel(relation: Relation) -> str:
    """The vocabulary local name of a relation id: ``in-accordance-with`` → ``inAccordanceWith``."""
    head, *rest = relation.value.split("-")
    return head + "".join(word.capitalize() for word in rest)


# How often each relation is stated, and the cue phrase that states it.
RELATION_MIX: dict[Relation, tuple[float, str]] = {
    Relation.BASED_ON: (30, "Căn cứ"),
    Relation.IMPLEMENTS: (18, "Thực hiện"),
    Relation.IN_ACCORDANCE_WITH: (14, "theo"),
    Relation.CITES: (10, "tại"),
    Relation.DETAILS: (6, "quy định chi tiết"),
    Relation.AMENDS: (5, "sửa đổi, bổ sung"),
    Relation.TRANSMITS: (3, "gửi kèm theo"),
    Relation.REPLACES: (3, "thay thế"),
    Relation.CONSIDERS: (3, "Xét"),
    Relation.REPEALS: (2, "bãi bỏ"),
    Relation.INSTITUTIONALIZES: (2, "thể chế hóa"),
    Relation.ANNEX_OF: (1, "ban hành kèm theo"),
    Relation.TERMINATES: (1, "hết hiệu lực"),
    Relation.SUSPENDS: (0.5, "đình chỉ"),
    Relation.CORRECTS: (0.5, "đính chính"),
    Relation.CONSOLIDATES: (0.5, "hợp nhất"),
    Relation.INTERPRETS: (0.5, "giải thích"),
}

PROVINCES = (
    "Hải Phòng", "Hà Nội", "Nghệ An", "Thanh Hóa", "Đà Nẵng", "Cần Thơ", "Quảng Ninh",
    "Bắc Ninh", "Lâm Đồng", "Đắk Lắk", "Khánh Hòa", "An Giang", "Hà Tĩnh", "Thái Nguyên",
    "Lào Cai", "Bình Định", "Huế", "Tây Ninh", "Đồng Nai", "Cà Mau",
)
MINISTRIES = ("BTC", "BNV", "BTP", "BCT", "BYT", "BXD", "BGDĐT", "BTTTT", "BLĐTBXH", "NHNN")
UNITS = ("KSTTHC", "KT", "VX", "NC", "TH", "NV", "XD")
TOPICS = (
    "tăng cường công tác phòng, chống dịch COVID-19",
    "đẩy mạnh cải cách thủ tục hành chính",
    "quản lý, sử dụng đất đai",
    "phát triển kinh tế tập thể, hợp tác xã",
    "thực hiện chính sách bảo hiểm xã hội, bảo hiểm y tế",
    "quản lý ngân sách nhà nước",
    "phòng, chống tham nhũng, tiêu cực",
    "xây dựng nông thôn mới",
    "chuyển đổi số quốc gia",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "quản lý đầu tư công",
    "công tác văn thư, lưu trữ",
    "tổ chức bộ máy các cơ quan chuyên môn",
    "bảo đảm trật tự, an toàn giao thông",
    "phát triển giáo dục mầm non",
    "quản lý chất lượng công trình xây dựng",
    "thi đua, khen thưởng",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
)
TITLE_HEADS = (
    "Về việc", "Quy định chi tiết một số điều về", "Ban hành Kế hoạch", "Hướng dẫn",
    "Sửa đổi, bổ sung một số điều về", "Phê duyệt Đề án", "Triển khai",
)
FILLERS = (
    "các sở, ban, ngành và Ủy ban nhân dân các huyện tổ chức triển khai thực hiện",
    "bảo đảm đúng tiến độ, chất lượng và hiệu quả",
    "báo cáo kết quả thực hiện trước ngày 15 tháng 12",
    "phù hợp với tình hình thực tế của địa phương",
)


@dataclass(frozen=True, slots=True)
class Template:
    """A kind of document: how its number is written, who passes it, how often it occurs."""

    key: str
    share: float
    weight: float  # how strongly it attracts citations (laws and decrees are cited most)
    max_seq: int


TEMPLATES: tuple[Template, ...] = (
    Template("luat", 1, 40, 80),
    Template("nghi-dinh", 6, 10, 180),
    Template("thong-tu", 8, 4, 90),
    Template("nq-cp", 3, 4, 200),
    Template("qd-ttg", 10, 3, 2500),
    Template("ct-ttg", 3, 4, 40),
    Template("party", 3, 8, 120),
    Template("qd-ubnd", 25, 1, 4000),
    Template("kh-ubnd", 8, 0.5, 400),
    Template("ct-ubnd", 4, 1, 40),
    Template("nq-hdnd", 4, 1, 120),
    Template("tb-vpcp", 3, 0.3, 600),
    Template("cong-van", 22, 0.2, 9999),
)
PARTY_FORMS = (("CT", "TW"), ("NQ", "TW"), ("KL", "TW"), ("QĐ", "TW"), ("KH", "TU"))


def legislature(year: int) -> int:
    """The Quốc hội term a law of ``year`` is numbered with (QH13 for 2011–2016)."""
    return max(10, min(15, 13 + (year - 2011) // 5))


def number_and_agent(template: Template, seq: int, year: int, rng: random.Random) -> tuple[
    str, str
]:
    """A realistic number for a document of ``template`` and the agent that passes it."""
    province = rng.choice(PROVINCES)
    match template.key:
        case "luat":
            return f"{seq}/{year}/QH{legislature(year)}", ISSUER_BY_CODE["QH"]
        case "nghi-dinh":
            return f"{seq}/{year}/NĐ-CP", ISSUER_BY_CODE["CP"]
        case "thong-tu":
            ministry = rng.choice(MINISTRIES)
            return f"{seq}/{year}/TT-{ministry}", ISSUER_BY_CODE[ministry]
        case "nq-cp":
            return f"{seq}/NQ-CP", ISSUER_BY_CODE["CP"]
        case "qd-ttg":
            return f"{seq}/QĐ-TTg", ISSUER_BY_CODE["TTg"]
        case "ct-ttg":
            return f"{seq}/CT-TTg", ISSUER_BY_CODE["TTg"]
        case "party":
            kind, org = rng.choice(PARTY_FORMS)
            agent = "Ban Chấp hành Trung ương Đảng" if org == "TW" else f"Tỉnh ủy {province}"
            return f"{seq}-{kind}/{org}", agent
        case "qd-ubnd":
            return f"{seq}/QĐ-UBND", f"Ủy ban nhân dân tỉnh {province}"
        case "kh-ubnd":
            return f"{seq}/KH-UBND", f"Ủy ban nhân dân tỉnh {province}"
        case "ct-ubnd":
            return f"{seq}/CT-UBND", f"Ủy ban nhân dân tỉnh {province}"
        case "nq-hdnd":
            return f"{seq}/{year}/NQ-HĐND", f"Hội đồng nhân dân tỉnh {province}"
        case "tb-vpcp":
            return f"{seq}/TB-VPCP", ISSUER_BY_CODE["VPCP"]
        case _:
            return f"{seq}/UBND-{rng.choice(UNITS)}", f"Ủy ban nhân dân tỉnh {province}"


@dataclass(slots=True)
class Doc:
    doc_id: DocumentId
    iri: str
    date: dt.date
    agent: str
    title: str
    weight: float
    cited: list[tuple[int, Relation]] = field(default_factory=list)  # (target index, relation)


def make_documents(count: int, rng: random.Random) -> list[Doc]:
    """``count`` documents with distinct ids, oldest first, plus the 2013 Constitution."""
    start = dt.date(2000, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    shares = [t.share for t in TEMPLATES]
    seen: set[DocumentId] = set()
    docs: list[Doc] = []
    constitution = DocumentId.named(System.STATE, "hien-phap", 2013, "Hiến pháp năm 2013")
    docs.append(
        Doc(constitution, document_iri(constitution), dt.date(2013, 11, 28), ISSUER_BY_CODE["QH"],
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", 400.0)
    )
    seen.add(constitution)
    while len(docs) < count:
        template = rng.choices(TEMPLATES, weights=shares)[0]
        date = dt.date.fromordinal(start + rng.randrange(span))
        number, agent = number_and_agent(template, rng.randint(1, template.max_seq), date.year, rng)
        doc_id = DocumentId.from_number(number, year=date.year)
        if doc_id in seen:
            continue
        seen.add(doc_id)
        head, topic = rng.choice(TITLE_HEADS), rng.choice(TOPICS)
        where = f" trên địa bàn tỉnh {agent.rsplit('tỉnh ', 1)[1]}" if "tỉnh " in agent else ""
        # Pareto popularity: most documents are rarely cited, a few laws by thousands.
        weight = template.weight * rng.paretovariate(1.3)
        docs.append(Doc(doc_id, document_iri(doc_id), date, agent, f"{head} {topic}{where}",
                        weight))
    docs.sort(key=lambda d: (d.date, d.iri))
    return docs


def add_citations(docs: list[Doc], rng: random.Random) -> int:
    """Each document cites earlier ones, chosen in proportion to their popularity."""
    relations = list(RELATION_MIX)
    mix = [RELATION_MIX[r][0] for r in relations]
    cumulative = list(itertools.accumulate(d.weight for d in docs))
    edges = 0
    for i, doc in enumerate(docs):
        if i == 0:
            continue
        wanted = min(i, 1 + int(rng.expovariate(1 / 5.5)), 60)
        targets: set[int] = set()
        for _ in range(wanted * 3):
            if len(targets) == wanted:
                break
            targets.add(bisect.bisect_left(cumulative, rng.random() * cumulative[i - 1]))
        for target in sorted(targets):
            doc.cited.append((target, rng.choices(relations, weights=mix)[0]))
        edges += len(targets)
    return edges


def nt_literal(text: str, suffix: str = "") -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"{suffix}'


def sentence(cue: str, target: Doc, rng: random.Random) -> str:
    """A citing sentence of about 150 characters that names the target."""
    d = target.date
    text = (
        f"{cue} {target.doc_id.label()} ngày {d.day:02d} tháng {d.month:02d} năm {d.year} "
        f"của {target.agent} {target.title[0].lower()}{target.title[1:]}"
    )
    while len(text) < 140:
        text += f", {rng.choice(FILLERS)}"
    text = text[:170].rsplit(" ", 1)[0].rstrip(",")
    return text[0].upper() + text[1:] + "."


@dataclass(frozen=True, slots=True)
class GraphInfo:
    """What was written, and the parameters of the queries."""

    docs: int
    citations: int
    agents: int
    triples: int
    nt: Path
    ttl: Path
    ttl_sample: Path | None
    ttl_sample_triples: int
    hub: str  # the document with most vnl:implements citations: the 2-hop query's X
    hub_label: str
    hub_implemented_by: int
    source: str  # a recent document citing many: the path query's start
    source_label: str
    top: str  # the most cited document: the reverse path query's end
    top_label: str
    max_in_degree: int
    top_in_degrees: list[int]


Triple = tuple[str, str, str]  # subject IRI, predicate IRI, object in N-Triples syntax


def document_triples(doc: Doc, docs: list[Doc], rng: random.Random) -> Iterator[Triple]:
    """The triples the project writes for a document and for each of its citations.

    As ``graph/rdf.py`` writes them, less provenance, and with the mention's cue, sentence and
    offsets on the citation itself.
    """
    s = doc.iri
    yield s, RDF_TYPE, f"<{ELI}LegalResource>"
    yield s, RDF_TYPE, f"<{VNL_NS}Document>"
    yield s, ELI + "number", nt_literal(doc.doc_id.number or doc.doc_id.label())
    yield s, ELI + "date_document", nt_literal(doc.date.isoformat(), f"^^<{XSD}date>")
    yield s, ELI + "title", nt_literal(doc.title, "@vi")
    yield s, ELI + "passed_by", f"<{agent_iri(doc.agent)}>"
    yield s, ELI + "type_document", f"<{CONCEPT_NS}type/{doc.doc_id.doc_type}>"
    yield s, VNL_NS + "canonicalId", nt_literal(str(doc.doc_id))
    integer = f"^^<{XSD}integer>"
    for target_index, relation in doc.cited:
        target = docs[target_index]
        cue = RELATION_MIX[relation][1]
        yield s, VNL_NS + camel(relation), f"<{target.iri}>"
        if relation.eli != ELI + "cites":  # the ELI property it refines (eli:based_on …)
            yield s, relation.eli, f"<{target.iri}>"
        yield s, ELI + "cites", f"<{target.iri}>"
        c = citation_iri(doc.doc_id, str(target.doc_id))
        start = rng.randint(200, 30_000)
        yield c, RDF_TYPE, f"<{VNL_NS}Citation>"
        yield c, VNL_NS + "citingDocument", f"<{s}>"
        yield c, VNL_NS + "citedDocument", f"<{target.iri}>"
        yield c, VNL_NS + "relation", f"<{CONCEPT_NS}relation/{relation.value}>"
        yield c, VNL_NS + "cue", nt_literal(cue)
        yield c, VNL_NS + "sentence", nt_literal(sentence(cue, target, rng), "@vi")
        yield c, VNL_NS + "mentionCount", nt_literal(str(rng.choice((1, 1, 1, 2, 3))), integer)
        yield c, VNL_NS + "start", nt_literal(str(start), integer)
        yield c, VNL_NS + "end", nt_literal(str(start + len(target.doc_id.label())), integer)


def agent_triples(name: str) -> Iterator[Triple]:
    iri = agent_iri(name)
    yield iri, RDF_TYPE, f"<{VNL_NS}Agent>"
    yield iri, RDF_TYPE, f"<{PREFIXES['org']}Organization>"
    yield iri, FOAF + "name", nt_literal(name, "@vi")


TURTLE_PREFIXES = {k: PREFIXES[k] for k in ("rdf", "xsd", "eli", "vnl", "foaf", "org")}


def turtle_term(term: str) -> str:
    """A predicate or object in Turtle: a prefixed name where the vocabulary allows one."""
    if term.startswith("<"):
        iri = term[1:-1]
        if iri == RDF_TYPE:
            return "a"
        for name, ns in TURTLE_PREFIXES.items():
            local = iri[len(ns):]
            if iri.startswith(ns) and local.replace("_", "").isalnum():
                return f"{name}:{local}"
        return term
    if term.endswith(f"^^<{XSD}date>"):
        return term.replace(f"<{XSD}date>", "xsd:date")
    if term.endswith(f"^^<{XSD}integer>"):
        return term.split("^^", 1)[0][1:-1]  # a bare integer is xsd:integer in Turtle
    return term


def write_turtle(out: TextIO, triples: list[Triple]) -> None:
    """Triples grouped by subject (in order of first appearance), with ';' and ','."""
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    for s, properties in by_subject.items():
        body = " ;\n    ".join(
            f"{turtle_term(f'<{p}>')} {', '.join(turtle_term(o) for o in objects)}"
            for p, objects in properties.items()
        )
        out.write(f"<{s}> {body} .\n")


def write_graph(docs: list[Doc], folder: Path, seed: int, sample: bool) -> GraphInfo:
    """Write ``graph.nt`` and ``graph.ttl`` (and a Turtle sample); deterministic for a seed."""
    rng = random.Random(seed + 1)
    nt, ttl = folder / "graph.nt", folder / "graph.ttl"
    ttl_sample = folder / "graph-sample.ttl" if sample else None
    sample_docs = int(len(docs) * SAMPLE_SHARE)
    triples = sample_triples = 0
    agents = sorted({d.agent for d in docs})
    with (
        nt.open("w", encoding="utf-8") as nt_out,
        ttl.open("w", encoding="utf-8") as ttl_out,
        (ttl_sample or Path(os.devnull)).open("w", encoding="utf-8") as sample_out,
    ):
        for out in (ttl_out, sample_out):
            out.writelines(f"@prefix {k}: <{v}> .\n" for k, v in TURTLE_PREFIXES.items())
        groups = itertools.chain(
            (list(agent_triples(a)) for a in agents),
            (list(document_triples(d, docs, rng)) for d in docs),
        )
        for index, group in enumerate(groups):
            nt_out.writelines(f"<{s}> <{p}> {o} .\n" for s, p, o in group)
            write_turtle(ttl_out, group)
            triples += len(group)
            if index < len(agents) + sample_docs:
                write_turtle(sample_out, group)
                sample_triples += len(group)
    citations = sum(len(d.cited) for d in docs)
    implemented = Counter(t for d in docs for t, r in d.cited if r is Relation.IMPLEMENTS)
    in_degree = Counter(t for d in docs for t, _ in d.cited)
    hub = implemented.most_common(1)[0][0]
    recent = docs[int(len(docs) * 0.9):]
    source = max(recent, key=lambda d: (len(d.cited), d.iri))
    top = in_degree.most_common(1)[0][0]
    return GraphInfo(
        docs=len(docs), citations=citations, agents=len(agents), triples=triples, nt=nt,
        ttl=ttl, ttl_sample=ttl_sample, ttl_sample_triples=sample_triples,
        hub=docs[hub].iri, hub_label=docs[hub].doc_id.label(),
        hub_implemented_by=implemented[hub], source=source.iri,
        source_label=source.doc_id.label(), top=docs[top].iri, top_label=docs[top].doc_id.label(),
        max_in_degree=in_degree[top],
        top_in_degrees=[n for _, n in in_degree.most_common(10)],
    )


# --- queries ---------------------------------------------------------------------------------

QUERIES: dict[str, tuple[str, str]] = {
    "two_hop": (
        "2-hop",
        "SELECT DISTINCT ?a WHERE {{ ?b vnl:implements <{hub}> . ?a eli:cites ?b . }}",
    ),
    "aggregate": (
        "group by",
        "SELECT ?relation (COUNT(?c) AS ?n) WHERE {{ ?c a vnl:Citation ; vnl:relation ?relation "
        ". }} GROUP BY ?relation",
    ),
    "path": ("cites+ from", "SELECT DISTINCT ?x WHERE {{ <{source}> eli:cites+ ?x . }}"),
    # The same path from the other end ("what ultimately rests on the most cited document"):
    # it reaches most of the graph.
    "path_in": ("cites+ to", "SELECT DISTINCT ?x WHERE {{ ?x eli:cites+ <{top}> . }}"),
    "top20": (
        "top-20",
        "SELECT ?target (COUNT(?source) AS ?n) WHERE {{ ?source eli:cites ?target . }} "
        "GROUP BY ?target ORDER BY DESC(?n) ?target LIMIT 20",
    ),
}


def query_texts(meta: dict[str, Any]) -> dict[str, str]:
    return {
        key: with_prefixes(text.format(hub=meta["hub"], source=meta["source"], top=meta["top"]))
        for key, (_, text) in QUERIES.items()
    }


def digest(rows: list[tuple[str, ...]]) -> str:
    """A short fingerprint of a result, independent of row order."""
    text = "\n".join("\t".join(row) for row in sorted(rows))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# --- workers (one subprocess each) -----------------------------------------------------------


class QueryTimeout(Exception):
    """A query ran past the worker's time limit."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise QueryTimeout


def peak_rss_mb() -> float:
    """This process's peak resident set, in MiB.

    VmHWM belongs to the address space made by exec, whereas ru_maxrss keeps the high-water
    mark of the parent at fork time: the generator's memory would count against the engine.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Recorder:
    """The worker's results, rewritten to a file after every step.

    The parent reads the file even when it had to kill the worker, so the steps done before
    a hang or a crash are kept, and ``current`` names the step that did not finish.
    """

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.data: dict[str, Any] = {"kind": kind, "current": None, "queries": {}}
        self.save()

    def save(self) -> None:
        self.data["peak_rss_mb"] = round(peak_rss_mb(), 1)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)

    def step(self, name: str) -> None:
        self.data["current"] = name
        self.save()

    def set(self, **values: Any) -> None:
        self.data.update(values)
        self.data["current"] = None
        self.save()

    def timed(self, name: str, action: Callable[[], object]) -> float:
        self.step(name)
        start = time.perf_counter()
        action()
        return time.perf_counter() - start


def run_limited(execute: Callable[[], list[tuple[str, ...]]], limit: float) -> tuple[
    float, list[tuple[str, ...]]
]:
    """Run once under a wall-clock limit (SIGALRM); the time and the rows."""
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        start = time.perf_counter()
        rows = execute()
        return time.perf_counter() - start, rows
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def measure(execute: Callable[[], list[tuple[str, ...]]], limit: float) -> dict[str, Any]:
    """One warm-up, then the median of 3 runs; the warm-up alone when it took over 30 s."""
    try:
        first, rows = run_limited(execute, limit)
        times = [first]
        if first <= SLOW_RUN_S:
            times = [run_limited(execute, limit)[0] for _ in range(3)]
    except QueryTimeout:
        return {"status": f"timeout (> {limit:g} s)"}
    except (RecursionError, MemoryError) as err:
        return {"status": f"error: {type(err).__name__}: {str(err)[:120]}"}
    return {
        "status": "ok", "time_s": round(statistics.median(times), 4), "runs": len(times),
        "rows": len(rows), "digest": digest(rows), "sample": [list(r) for r in rows[:3]],
    }


def run_queries(rec: Recorder, execute: Callable[[str], list[tuple[str, ...]]],
                texts: dict[str, str], limit: float) -> None:
    for key, text in texts.items():
        rec.step(f"query {key}")
        rec.data["queries"][key] = measure(functools.partial(execute, text), limit)
        rec.set()


def work_rdflib(rec: Recorder, meta: dict[str, Any], fmt: str, limit: float) -> None:
    import rdflib

    rec.set(baseline_rss_mb=round(peak_rss_mb(), 1))
    g = rdflib.Graph()
    if fmt == "nt":
        rec.set(load_s=round(rec.timed("load", lambda: g.parse(meta["nt"], format="nt")), 3))
    else:
        path = meta["ttl_sample"] if fmt == "ttl-sample" else meta["ttl"]
        rec.set(load_s=round(rec.timed("load", lambda: g.parse(path, format="turtle")), 3))
    rec.set(triples=len(g), load_rss_mb=round(peak_rss_mb(), 1))
    if fmt != "nt":
        return

    def execute(query: str) -> list[tuple[str, ...]]:
        rows = []
        for row in g.query(query):
            assert isinstance(row, tuple)  # a SELECT gives ResultRows
            rows.append(tuple("" if t is None else str(t) for t in row))
        return rows

    run_queries(rec, execute, query_texts(meta), limit)


def work_oxigraph(rec: Recorder, meta: dict[str, Any], mode: str, limit: float) -> None:
    import pyoxigraph as ox

    from graph.query import Table, open_store, run

    rec.set(baseline_rss_mb=round(peak_rss_mb(), 1))
    nt, cache = Path(meta["nt"]), Path(meta["store"])
    if mode in ("memory", "ttl"):
        store = ox.Store()
        path, fmt = (nt, ox.RdfFormat.N_TRIPLES) if mode == "memory" else (
            Path(meta["ttl"]), ox.RdfFormat.TURTLE)
        load = rec.timed("load", lambda: store.load(path=path, format=fmt))
        rec.set(load_s=round(load, 3), triples=len(store), load_rss_mb=round(peak_rss_mb(), 1))
        if mode == "ttl":
            return
    elif mode == "bulk":
        if cache.exists():
            shutil.rmtree(cache)
        rec.step("bulk load")
        start = time.perf_counter()
        store = open_store(nt, cache)  # no cache yet: bulk_load, flush, stamp
        load = time.perf_counter() - start
        size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
        rec.set(load_s=round(load, 3), triples=len(store), store_mb=round(size / 2**20, 1),
                load_rss_mb=round(peak_rss_mb(), 1))
        return
    else:  # reopen the saved store, in a fresh process: the stamp matches, Store.read_only
        rec.step("reopen")
        start = time.perf_counter()
        store = open_store(nt, cache)
        rec.set(reopen_s=round(time.perf_counter() - start, 4))
        aggregate = query_texts(meta)["aggregate"]
        cold = rec.timed("cold aggregate", lambda: run(store, aggregate))
        rec.set(cold_aggregate_s=round(cold, 4), triples=len(store),
                load_rss_mb=round(peak_rss_mb(), 1))

    def execute(query: str) -> list[tuple[str, ...]]:
        table = run(store, query)
        assert isinstance(table, Table)
        return [tuple("" if t is None else getattr(t, "value", str(t)) for t in row)
                for row in table.rows]

    run_queries(rec, execute, query_texts(meta), limit)


def worker(kind: str, work: Path, limit: float) -> None:
    meta = json.loads((work / "meta.json").read_text(encoding="utf-8"))
    signal.signal(signal.SIGALRM, _alarm)
    rec = Recorder(work / f"result-{kind}.json", kind)
    if kind.startswith("rdflib-"):
        work_rdflib(rec, meta, kind.removeprefix("rdflib-"), limit)
    else:
        work_oxigraph(rec, meta, kind.removeprefix("oxigraph-"), limit)
    rec.set(peak_rss_mb=round(peak_rss_mb(), 1))


# --- the parent: generate, run the workers, compare, report -----------------------------------


def run_worker(kind: str, work: Path, limit: float, budget: float) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; its results, with any crash or kill recorded."""
    print(f"  {kind} …", end="", flush=True)
    command = [sys.executable, "-m", "benchmarks.sparql", "--worker", kind, "--work", str(work),
               "--timeout", str(limit)]
    result_path = work / f"result-{kind}.json"
    result_path.unlink(missing_ok=True)  # a crash before the first write leaves no stale file
    start = time.perf_counter()
    failure: str | None = None
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=budget,
                              check=False)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or [""])[-1]
            failure = f"crashed (exit {done.returncode}): {last[:200]}"
    except subprocess.TimeoutExpired:
        failure = f"killed after {budget:.0f} s"
    result: dict[str, Any] = (
        json.loads(result_path.read_text(encoding="utf-8")) if result_path.exists()
        else {"kind": kind, "current": "start", "queries": {}}
    )
    result["wall_s"] = round(time.perf_counter() - start, 1)
    if failure:
        current = str(result.get("current") or "after the last step")
        result["failure"] = f"{current}: {failure}"
        if current.startswith("query "):
            result["queries"][current.removeprefix("query ")] = {"status": failure}
    print(f" {result['wall_s']} s" + (f"  [{result['failure']}]" if failure else ""))
    return result


def agreement(results: dict[str, dict[str, Any]], triples: int) -> tuple[dict[str, Any],
                                                                         list[str]]:
    """Per query, each engine's row count and digest; warnings where they differ."""
    report: dict[str, Any] = {}
    warnings: list[str] = []
    for key in QUERIES:
        answers = {
            kind: (q["rows"], q["digest"])
            for kind, r in results.items()
            if (q := r.get("queries", {}).get(key)) and q.get("status") == "ok"
        }
        agree = len(set(answers.values())) <= 1
        report[key] = {"rows": {k: v[0] for k, v in answers.items()},
                       "digests": {k: v[1] for k, v in answers.items()}, "agree": agree}
        if not agree:
            warnings.append(f"engines disagree on {key}: {answers}")
    for kind, r in results.items():
        if "triples" in r and r["triples"] != triples and not kind.endswith("ttl-sample"):
            warnings.append(f"{kind} holds {r['triples']} triples, {triples} were written")
    return report, warnings


def machine() -> dict[str, Any]:
    import pyoxigraph
    import rdflib

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in
                   Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
                   if line.startswith("MemTotal")), "0")
    return {
        "nproc": len(os.sched_getaffinity(0)), "cpu": cpu,
        "memory_gb": round(int(memory) / 2**20, 1), "python": platform.python_version(),
        "platform": platform.platform(), "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
    }


def cell(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def query_cell(result: dict[str, Any], key: str) -> str:
    q = result.get("queries", {}).get(key)
    if q is None:
        return "—"
    if q["status"] != "ok":
        return "timeout" if q["status"].startswith(("timeout", "killed")) else "error"
    return f"{q['time_s']:.3f}" + ("¹" if q["runs"] == 1 else "")


def print_table(results: dict[str, dict[str, Any]], turtle: str) -> list[list[str]]:
    ttl_kind = {"full": "rdflib-ttl", "sample": "rdflib-ttl-sample"}.get(turtle)
    ttl = results.get(ttl_kind or "", {})
    ttl_cell = cell(ttl.get("load_s"), 1)
    if turtle == "sample" and ttl.get("load_s") is not None:
        ttl_cell += "²"
    rows_spec = (
        ("rdflib", results.get("rdflib-nt", {}), ttl_cell, None),
        ("pyoxigraph (memory)", results.get("oxigraph-memory", {}),
         cell(results.get("oxigraph-ttl", {}).get("load_s"), 1), None),
        ("pyoxigraph (disk)", results.get("oxigraph-reopen", {}), "—",
         results.get("oxigraph-bulk", {}).get("load_s")),
    )
    header = ["engine", "load nt s", "load ttl s", "peak RSS MB",
              *[f"{label} s" for label, _ in QUERIES.values()], "reopen s"]
    rows = [header]
    for name, r, ttl_text, bulk in rows_spec:
        load = cell(bulk if bulk is not None else r.get("load_s"), 1)
        reopen = "—"
        if "reopen_s" in r:
            reopen = f"{r['reopen_s']:.3f} (+{r['cold_aggregate_s']:.2f} agg)"
        rows.append([name, load + (" bulk" if bulk is not None else ""), ttl_text,
                     cell(r.get("peak_rss_mb"), 0), *[query_cell(r, k) for k in QUERIES], reopen])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return rows


def ratio(a: float | None, b: float | None) -> str:
    return "?" if not a or not b else f"{a / b:.0f}×" if a / b >= 10 else f"{a / b:.1f}×"


def verdict(results: dict[str, dict[str, Any]]) -> str:
    rd, ox = results.get("rdflib-nt", {}), results.get("oxigraph-memory", {})
    reopen = results.get("oxigraph-reopen", {})

    def qtime(r: dict[str, Any], key: str) -> float | None:
        q = r.get("queries", {}).get(key, {})
        return q.get("time_s") if q.get("status") == "ok" else None

    def rd_path(key: str) -> str:
        status = str(rd.get("queries", {}).get(key, {}).get("status", "not run"))
        return f"{qtime(rd, key):.2f} s" if status == "ok" else status

    return (
        f"pyoxigraph loads N-Triples {ratio(rd.get('load_s'), ox.get('load_s'))} faster than "
        f"rdflib in {ratio(rd.get('peak_rss_mb'), ox.get('peak_rss_mb'))} less memory; "
        f"GROUP BY {ratio(qtime(rd, 'aggregate'), qtime(ox, 'aggregate'))} and top-20 "
        f"{ratio(qtime(rd, 'top20'), qtime(ox, 'top20'))} faster; rdflib on cites+ "
        f"{rd_path('path')} from one document, {rd_path('path_in')} to one; "
        f"a saved store reopens in {cell(reopen.get('reopen_s'), 3)} s."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS,
                        help=f"documents to generate (default {DEFAULT_DOCS}: ~1.2 M triples)")
    parser.add_argument("--out", type=Path, help="folder for the generated graph (kept)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds before one query run is abandoned (default 120)")
    parser.add_argument("--turtle", choices=("full", "sample", "skip"), default="full",
                        help="rdflib Turtle parse: whole graph, a 20%% sample, or none")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.work, args.timeout)
        return 0

    info = machine()
    print(f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gb']} GB; "
          f"Python {info['python']}, rdflib {info['rdflib']}, pyoxigraph {info['pyoxigraph']}")
    work = args.out or Path(tempfile.mkdtemp(prefix="luocdo-sparql-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        rng = random.Random(args.seed)
        docs = make_documents(args.docs, rng)
        add_citations(docs, rng)
        graph = write_graph(docs, work, args.seed, sample=args.turtle == "sample")
        generated = time.perf_counter() - start
        nt_mb, ttl_mb = graph.nt.stat().st_size / 2**20, graph.ttl.stat().st_size / 2**20
        print(f"graph: {graph.triples:,} triples ({graph.docs:,} documents, "
              f"{graph.citations:,} citations, {graph.agents} agents), "
              f"N-Triples {nt_mb:.0f} MB, Turtle {ttl_mb:.0f} MB, generated in {generated:.1f} s")
        print(f"in-degree: top 10 {graph.top_in_degrees}; 2-hop X = {graph.hub_label} "
              f"(implemented by {graph.hub_implemented_by}); cites+ from {graph.source_label}; "
              f"+cites to {graph.top_label}")
        meta = {"nt": str(graph.nt), "ttl": str(graph.ttl), "store": str(work / "store"),
                "ttl_sample": str(graph.ttl_sample) if graph.ttl_sample else None,
                "hub": graph.hub, "source": graph.source, "top": graph.top}
        (work / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

        kinds = ["rdflib-nt"]
        if args.turtle != "skip":
            kinds.append("rdflib-ttl" if args.turtle == "full" else "rdflib-ttl-sample")
        kinds += ["oxigraph-memory", "oxigraph-ttl", "oxigraph-bulk", "oxigraph-reopen"]
        budget = 6 * args.timeout + 600  # a safety net: queries have their own limit
        results = {kind: run_worker(kind, work, args.timeout, budget) for kind in kinds}
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)

    checks, warnings = agreement(
        {k: v for k, v in results.items() if k in ("rdflib-nt", "oxigraph-memory",
                                                   "oxigraph-reopen")},
        graph.triples,
    )
    for kind in ("rdflib-ttl", "oxigraph-ttl", "oxigraph-bulk"):
        if kind in results and results[kind].get("triples") not in (None, graph.triples):
            warnings.append(f"{kind} holds {results[kind]['triples']} triples, "
                            f"{graph.triples} were written")
    print()
    table = print_table(results, args.turtle)
    print("query times: median of 3 runs after a warm-up (¹ one run: the warm-up took over "
          "30 s); disk row: bulk_load through graph.query.open_store, then peak RSS, reopen "
          "time, first (cold) aggregate and queries of the saved store in a fresh process")
    if args.turtle == "sample":
        sample = results.get("rdflib-ttl-sample", {})
        print(f"² rdflib parsed a {SAMPLE_SHARE:.0%} Turtle sample ({graph.ttl_sample_triples:,}"
              f" triples) in {cell(sample.get('load_s'), 1)} s")
    elif args.turtle == "skip":
        print("rdflib Turtle parse skipped (--turtle skip)")
    ttl_rss = results.get("rdflib-ttl", results.get("rdflib-ttl-sample", {})).get("peak_rss_mb")
    print(f"peak RSS: rdflib Turtle parse {cell(ttl_rss, 0)} MB; pyoxigraph Turtle load "
          f"{cell(results.get('oxigraph-ttl', {}).get('peak_rss_mb'), 0)} MB; bulk load "
          f"{cell(results.get('oxigraph-bulk', {}).get('peak_rss_mb'), 0)} MB "
          f"(store {cell(results.get('oxigraph-bulk', {}).get('store_mb'), 0)} MB on disk)")
    def counts(check: dict[str, Any]) -> str:
        rows: dict[str, int] = check["rows"]
        if not rows:
            return "no engine answered"
        if check["agree"]:
            return f"{next(iter(rows.values()))} ({len(rows)} engines agree)"
        return "DISAGREE " + ", ".join(f"{kind} {n}" for kind, n in rows.items())

    print("rows: " + "; ".join(f"{key} {counts(c)}" for key, c in checks.items()))
    for r in results.values():
        if "failure" in r:
            print(f"note: {r['kind']}: {r['failure']}")
        for key, q in r.get("queries", {}).items():
            if q.get("status") != "ok":
                print(f"note: {r['kind']} {key}: {q['status']}")
    for warning in warnings:
        print(f"WARNING: {warning}")
    line = verdict(results)
    print(f"verdict: {line}")

    RESULTS.mkdir(exist_ok=True)
    report = {
        "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "graph": {
            "docs": graph.docs, "citations": graph.citations, "agents": graph.agents,
            "triples": graph.triples, "seed": args.seed,
            "nt_mb": round(nt_mb, 1), "ttl_mb": round(ttl_mb, 1),
            "turtle": args.turtle, "ttl_sample_triples": graph.ttl_sample_triples,
            "two_hop_x": graph.hub, "path_start": graph.source, "path_in_end": graph.top,
            "max_in_degree": graph.max_in_degree, "top_in_degrees": graph.top_in_degrees,
            "generate_s": round(generated, 1),
        },
        "queries": {k: text for k, (_, text) in QUERIES.items()},
        "engines": results,
        "agreement": checks,
        "warnings": warnings,
        "table": table,
        "verdict": line,
    }
    out = RESULTS / "sparql.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
