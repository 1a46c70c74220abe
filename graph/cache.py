"""What one build computed per document, kept for the next: the parsed document and its
mentions, keyed by a digest of their input and of the code that computed them.

Reading and extraction are pure functions of one file, so a rebuild after one file changed
parses and extracts that file only. The cache is one SQLite file (``out/cache/documents.sqlite``),
outside the build's output, which stays byte-identical with or without it. A change to any
module or data file of the package starts it afresh (the code digest is part of every key).
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


@cache
def code_digest() -> bytes:
    """A digest of every source and data file of the package."""
    h = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in {".py", ".tsv", ".ttl", ".json", ".txt"}:
            h.update(file.relative_to(PACKAGE).as_posix().encode("utf-8"))
            h.update(file.read_bytes())
    return h.digest()


def key(kind: str, *parts: bytes | str) -> str:
    """The cache key of ``kind`` ("document", "mentions") computed from ``parts``."""
    h = hashlib.sha256(code_digest())
    h.update(kind.encode("utf-8"))
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """A key → picklable value store; ``Cache(None)`` keeps nothing."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB)")

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        if self._db is None:
            return {}
        found: dict[str, Any] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT key, value FROM entry WHERE key IN ({marks})", batch)
            for k, value in rows:
                found[k] = pickle.loads(value)
        return found

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        if self._db is None:
            return
        rows: Iterator[tuple[str, bytes]] = (
            (k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items
        )
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?)", rows)

    def prune(self, keep: Iterable[str]) -> None:
        """Drop every entry but ``keep`` (the ones this build used)."""
        if self._db is None:
            return
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keep))
            self._db.execute("DELETE FROM entry WHERE key NOT IN (SELECT key FROM used)")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


__all__ = ["Cache", "code_digest", "key"]
