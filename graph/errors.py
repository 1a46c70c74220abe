"""Errors raised by the pipeline. Each names the file, and the line where there is one."""

from __future__ import annotations


class LuocdoError(Exception):
    """Base class of every error the pipeline raises on purpose."""


class InputError(LuocdoError):
    """An input file that cannot be read as a document (encoding, format, corruption)."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
