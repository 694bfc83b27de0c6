"""Diagnostics shared by every stage: what went wrong (or looks wrong), and where.

A diagnostic points either at a place in a source text (``file:line:column``) or at a place
in the spec's data (``apis.ListModels.parameters[3].schema``), or both. Stages collect
diagnostics instead of printing them, so the CLI decides how and when to show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    #: Location inside the spec data, e.g. ``apis.ListModels.parameters[3].schema``.
    path: str | None = None
    #: The source line and a caret under the column, for a place in a source text.
    excerpt: str | None = None
    #: What kind of problem, for summaries (``duplicate-parameter``); see :data:`KINDS`.
    kind: str | None = None

    def location(self) -> str:
        """``file:line:column`` and/or the data path, whichever is known."""
        parts: list[str] = []
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        prefix = f"{where}: " if where else ""
        text = f"{prefix}{self.severity.value}: {self.message}"
        return f"{text}\n{self.excerpt}" if self.excerpt else text


def warning(
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    path: str | None = None,
    kind: str | None = None,
) -> Diagnostic:
    return Diagnostic(Severity.WARNING, message, file, line, column, path, kind=kind)


def error(
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    path: str | None = None,
    kind: str | None = None,
) -> Diagnostic:
    return Diagnostic(Severity.ERROR, message, file, line, column, path, kind=kind)
