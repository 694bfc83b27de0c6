"""Errors and warnings that point at the source: ``file:line:column``, the line, a caret."""

from __future__ import annotations

import warnings

from ..diagnostics import Diagnostic, Severity


def line_and_column(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``source``."""
    offset = max(0, min(offset, len(source)))
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def excerpt(source: str, line: int, column: int, width: int = 100) -> str:
    """The source line (clipped around the column for one-line specs) and a caret under it."""
    lines = source.split("\n", line)
    text = lines[line - 1].rstrip("\r") if line - 1 < len(lines) else ""
    start = 0
    if len(text) > width:
        start = max(0, min(column - 1 - width // 2, len(text) - width))
        text = text[start : start + width]
        more = start + width < len(lines[line - 1])
        text = ("..." if start else "") + text + ("..." if more else "")
        start -= 3 if start else 0
    text = "".join(ch if ch.isprintable() or ch == "\t" else "\ufffd" for ch in text)
    caret = " " * (column - 1 - start) + "^"
    return f"    {text}\n    {caret}"


class _Located:
    """Shared by the error and the warning: message plus where it happened, and its kind
    (see :data:`gen_sdk.diagnostics.KINDS`)."""

    message: str
    filename: str | None
    line: int
    column: int
    source_excerpt: str
    kind: str

    def _locate(self, message: str, source: str, offset: int, filename: str | None) -> None:
        self.message = message
        self.filename = filename
        self.line, self.column = line_and_column(source, offset)
        self.source_excerpt = excerpt(source, self.line, self.column) if source else ""

    def _format(self, label: str) -> str:
        where = f"{self.filename or '<string>'}:{self.line}:{self.column}"
        text = f"{where}: {label}: {self.message}"
        if self.source_excerpt:
            text += "\n" + self.source_excerpt
        return text

    def to_diagnostic(self, severity: Severity, kind: str | None = None) -> Diagnostic:
        """The diagnostic, of this error's or warning's own kind unless ``kind`` is given."""
        return Diagnostic(
            severity,
            self.message,
            self.filename,
            self.line,
            self.column,
            excerpt=self.source_excerpt or None,
            kind=kind or self.kind,
        )


class PhpSyntaxError(_Located, ValueError):
    """The text is not a PHP literal we can evaluate. ``str()`` is ready to show a person."""

    def __init__(
        self,
        message: str,
        *,
        filename: str | None,
        line: int,
        column: int,
        source_excerpt: str = "",
        kind: str = "syntax",
    ) -> None:
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.source_excerpt = source_excerpt
        #: ``syntax``, or ``encoding`` for bytes that are not UTF-8.
        self.kind = kind
        super().__init__(self._format("error"))

    @classmethod
    def at(
        cls,
        message: str,
        source: str,
        offset: int,
        filename: str | None,
        *,
        kind: str = "syntax",
    ) -> PhpSyntaxError:
        line, column = line_and_column(source, offset)
        return cls(
            message,
            filename=filename,
            line=line,
            column=column,
            source_excerpt=excerpt(source, line, column) if source else "",
            kind=kind,
        )

    def __str__(self) -> str:
        return self._format("error")


class PhpArrayWarning(_Located, UserWarning):
    """Something PHP accepts but that is probably not meant (a repeated key, a cut head)."""

    @classmethod
    def at(
        cls, message: str, source: str, offset: int, filename: str | None, *, kind: str
    ) -> PhpArrayWarning:
        warning = cls(message)
        warning._locate(message, source, offset, filename)
        warning.kind = kind
        return warning

    def __str__(self) -> str:
        return self._format("warning")


class WarningSink:
    """Where warnings go: a caller's list of diagnostics, else Python's ``warnings``."""

    def __init__(self, diagnostics: list[Diagnostic] | None) -> None:
        self._diagnostics = diagnostics

    def warn(self, warning: PhpArrayWarning) -> None:
        if self._diagnostics is not None:
            self._diagnostics.append(warning.to_diagnostic(Severity.WARNING))
        else:
            warnings.warn(warning, stacklevel=4)
