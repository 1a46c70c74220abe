"""Where each page of the site lives: one place, shared by the renderer and the views.

Paths are relative to the site root, end with "/", and use only ASCII (slugs of canonical
identities), so a document's page address is as stable as its identity:

    van-ban/state/chi-thi/2021/33-ct-ttg/      a document (in the corpus or cited only)
    co-quan/uy-ban-nhan-dan-thanh-pho-hai-phong/   an agent (issuer, signer, recipient)
    loai/chi-thi/  nam/2021/  co-quan/           indexes by type, year and agent
"""

from __future__ import annotations

from .ids import DocumentId
from .normalize import slugify

DOCUMENTS = "van-ban/"
AGENTS = "co-quan/"
TYPES = "loai/"
YEARS = "nam/"
TIMELINE = "dong-thoi-gian/"
REPORTS = "bao-cao/"
DOWNLOADS = "tai-ve/"
SEARCH = "tim-kiem/"
SPARQL = "sparql/"
GRAPH = "luoc-do/"  # the global relationship view
RESEARCH = "nghien-cuu/"  # data model and example queries, for researchers
DATA = "data/"  # graph dumps and per-document files, served as downloads
VIEWS = "assets/views/"  # per-page JSON of the relationship views
HOME = ""
DOCUMENTS_UNIDENTIFIED = f"{DOCUMENTS}khong-ro/"  # documents whose identity was not found
REPORT_CONFLICTS = f"{REPORTS}mau-thuan/"
REPORT_UNRESOLVED = f"{REPORTS}chua-xac-dinh/"  # unresolved and vague references
REPORT_WARNINGS = f"{REPORTS}canh-bao/"
REPORT_FILES = f"{REPORTS}tep/"  # every input file and its status
FEED = "feed.xml"  # Atom feed of the documents, newest first
GLOBAL_VIEW = VIEWS + "global.json"  # the corpus-wide view (urls.GRAPH page); slugs never clash
SITE_ASSETS = "assets/luocdo/"  # the project's own JS/CSS and config.json (graph/views.py)
VENDOR = "assets/vendor/"  # vis-network, Oxigraph (WebAssembly), copied from node_modules
SEARCH_INDEX = "pagefind/"  # the Pagefind bundle, written into the built site by index_search


def document_page(doc_id: DocumentId) -> str:
    return f"{DOCUMENTS}{doc_id.slug}/"


def citations_page(page: str) -> str:
    """Every relation of the document whose page is ``page``, when that page shows only
    part of them."""
    return f"{page}trich-dan/"


def document_source(doc_id: DocumentId) -> str:
    """The Markdown source of a document's page, relative to the docs folder."""
    return f"{DOCUMENTS}{doc_id.slug}/index.md"


def unidentified_page(path: str) -> str:
    """The page of a corpus document whose identity was not found, by its content path."""
    return f"{DOCUMENTS_UNIDENTIFIED}{slugify(path)}/"


def agent_page(name: str) -> str:
    return f"{AGENTS}{slugify(name)}/"


def type_page(type_slug: str) -> str:
    return f"{TYPES}{type_slug}/"


def year_page(year: int | None) -> str:
    return f"{YEARS}{year if year is not None else 'khong-ro'}/"


def paged(page: str, number: int) -> str:
    """Page ``number`` (from 1) of a list whose first page is ``page``."""
    return page if number <= 1 else f"{page}trang-{number}/"


def view_data(doc_id: DocumentId, depth: int = 1) -> str:
    """The JSON of a document's relationship view at ``depth``."""
    return f"{VIEWS}{doc_id.slug}.d{depth}.json"


def document_turtle(doc_id: DocumentId) -> str:
    return f"{DATA}doc/{doc_id.slug}.ttl"


def document_jsonld(doc_id: DocumentId) -> str:
    return f"{DATA}doc/{doc_id.slug}.jsonld"


def relative(from_page: str, to_path: str) -> str:
    """A link from the page at ``from_page`` (a directory URL like "van-ban/a/b/") to
    ``to_path`` (site-relative), so the site works from any folder and from file://."""
    depth = from_page.count("/") if from_page else 0
    return "../" * depth + to_path
