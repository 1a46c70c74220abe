"""luocdo: a knowledge graph of Vietnamese legal references.

The pipeline reads every document, then extracts, then resolves, then writes the graph:

    >>> from graph import parse_document
    >>> doc = parse_document(open("content/chi-thi-33-ct-ttg-2021.txt").read(), "x.txt")

Public API: :func:`parse_document` (metadata), :class:`DocumentId` (identity),
:func:`import_files` (input → ``content/``).
"""

from .ids import DocumentId
from .importer import import_files, split_documents
from .parse import parse_document

__all__ = ["DocumentId", "import_files", "parse_document", "split_documents"]
__version__ = "0.1.0"
