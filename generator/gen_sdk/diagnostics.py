"""Diagnostics shared by every stage: what went wrong (or looks wrong), and where.

A diagnostic points either at a place in a source text (``file:line:column``) or at a place
in the spec's data (``apis.ListModels.parameters[3].schema``), or both. Stages collect
diagnostics instead of printing them, so the CLI decides how and when to show them.

Every diagnostic has a **kind**, set where it is made: a stable name for what happened
(``duplicate-parameter``), listed in :data:`KINDS` with the phrases a summary counts it in
(``90 duplicate parameters dropped``). ``gen-sdk generate`` prints a spec's warnings as one
such summary line (:func:`summarize`) unless ``-v``; a test checks that every diagnostic the
corpus and the tests produce has a kind listed here. The kinds, by stage:

==================  ============================================================================
stage               kinds (warnings unless said)
==================  ============================================================================
reading, parsing    ``unreadable``, ``encoding``, ``syntax`` (errors); ``duplicate-key``,
                    ``truncated-head``
the IR: errors      ``invalid-spec``, ``invalid-info``, ``unknown-style``, ``no-request-line``,
                    ``too-deep``
the IR: shapes      ``unknown-key``, ``wrong-type``, ``unknown-value``, ``untyped``
the IR: schemas     ``unresolved-ref``, ``ref-case``, ``ref-cycle``, ``schema-conflict``,
                    ``array-without-items``, ``enum-ignored``
the IR: operations  ``no-operations``, ``operation-dropped``, ``parameter-dropped``,
                    ``duplicate-parameter``, ``path-variable-without-parameter``,
                    ``path-parameter-not-in-path``, ``parameter-conflict``, ``response-example``
the IR: metadata    ``metadata-skipped``, ``directory-unknown-operation``, ``directory-malformed``,
                    ``endpoint-dropped``, ``endpoint-public-host``
SDK model, targets  ``unsupported-style``, ``unsafe-name``, ``config-name`` (errors)
the pipeline        ``internal``, ``generation-failed``, ``package-clash``, ``write-failed``,
                    ``in-the-way``, ``remove-failed``, ``warnings-as-errors`` (errors)
the command line    ``only-unmatched``, ``nonfinite-float``
==================  ============================================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, NamedTuple, get_args


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


#: What warnings do (``gen-sdk generate --warnings``, the config's ``warnings``): ``default``
#: reports them, ``error`` makes a spec with any fail (and an ``--only`` glob that matches
#: nothing a usage error), ``ignore`` drops them (neither shown nor counted).
WarningPolicy = Literal["default", "error", "ignore"]
WARNING_POLICIES: tuple[WarningPolicy, ...] = get_args(WarningPolicy)


class Kind(NamedTuple):
    """How a kind of diagnostic is counted in a summary: ``1 <one>``, ``2 <many>``."""

    severity: Severity
    one: str
    many: str


_E, _W = Severity.ERROR, Severity.WARNING

#: Every kind of diagnostic: its severity and its summary phrases. A new diagnostic takes a
#: kind from here (or adds one): nothing is summarized as "unclassified" silently.
KINDS: Mapping[str, Kind] = {
    # Reading and parsing.
    "unreadable": Kind(_E, "unreadable file", "unreadable files"),
    "encoding": Kind(_E, "file that is not UTF-8", "files that are not UTF-8"),
    "syntax": Kind(_E, "syntax error", "syntax errors"),
    "duplicate-key": Kind(_W, "repeated key overwritten", "repeated keys overwritten"),
    "truncated-head": Kind(_W, "cut-off head recovered", "cut-off heads recovered"),
    # The IR: what makes a spec unusable.
    "invalid-spec": Kind(_E, "spec that is not a mapping", "specs that are not a mapping"),
    "invalid-info": Kind(_E, "missing or invalid 'info' field", "missing or invalid 'info' fields"),
    "unknown-style": Kind(_E, "unknown API style", "unknown API styles"),
    "no-request-line": Kind(
        _E, "operation without a request line", "operations without a request line"
    ),
    "too-deep": Kind(_E, "schema nested too deeply", "schemas nested too deeply"),
    # The IR: shapes.
    "unknown-key": Kind(_W, "unknown key ignored", "unknown keys ignored"),
    "wrong-type": Kind(_W, "value of the wrong type", "values of the wrong type"),
    "unknown-value": Kind(_W, "unknown value ignored", "unknown values ignored"),
    "untyped": Kind(_W, "value left untyped", "values left untyped"),
    # The IR: schemas.
    "unresolved-ref": Kind(_W, "$ref to an unknown schema", "$refs to unknown schemas"),
    "ref-case": Kind(_W, "$ref resolved ignoring case", "$refs resolved ignoring case"),
    "ref-cycle": Kind(_W, "$ref cycle broken", "$ref cycles broken"),
    "schema-conflict": Kind(
        _W, "contradictory schema kept as given", "contradictory schemas kept as given"
    ),
    "array-without-items": Kind(_W, "array schema without items", "array schemas without items"),
    "enum-ignored": Kind(_W, "enum ignored", "enums ignored"),
    # The IR: operations.
    "no-operations": Kind(_W, "spec with no operations", "specs with no operations"),
    "operation-dropped": Kind(_W, "operation dropped", "operations dropped"),
    "parameter-dropped": Kind(_W, "parameter dropped", "parameters dropped"),
    "duplicate-parameter": Kind(_W, "duplicate parameter dropped", "duplicate parameters dropped"),
    "path-variable-without-parameter": Kind(
        _W, "path variable without a parameter", "path variables without a parameter"
    ),
    "path-parameter-not-in-path": Kind(
        _W, "path parameter not in the path", "path parameters not in the path"
    ),
    "parameter-conflict": Kind(_W, "parameter conflict resolved", "parameter conflicts resolved"),
    "response-example": Kind(_W, "unusable response example", "unusable response examples"),
    # The IR: metadata (never an error).
    "metadata-skipped": Kind(_W, "metadata entry skipped", "metadata entries skipped"),
    "directory-unknown-operation": Kind(
        _W, "directory entry naming no operation", "directory entries naming no operation"
    ),
    "directory-malformed": Kind(_W, "malformed directory entry", "malformed directory entries"),
    "endpoint-dropped": Kind(_W, "endpoint dropped", "endpoints dropped"),
    "endpoint-public-host": Kind(
        _W, "endpoint using its public host", "endpoints using their public host"
    ),
    # The SDK model and the targets.
    "unsupported-style": Kind(_E, "unsupported API style", "unsupported API styles"),
    "unsafe-name": Kind(
        _E, "product or version giving no name", "products or versions giving no name"
    ),
    "config-name": Kind(
        _E, "configured name or version unusable", "configured names or versions unusable"
    ),
    # The pipeline.
    "internal": Kind(_E, "internal error", "internal errors"),
    "generation-failed": Kind(_E, "generation failure", "generation failures"),
    "package-clash": Kind(
        _E,
        "package already generated from another spec",
        "packages already generated from another spec",
    ),
    "write-failed": Kind(_E, "write failure", "write failures"),
    "in-the-way": Kind(_E, "file in the way", "files in the way"),
    "remove-failed": Kind(
        _E, "package that could not be removed", "packages that could not be removed"
    ),
    "warnings-as-errors": Kind(
        _E, "spec failed by --warnings=error", "specs failed by --warnings=error"
    ),
    # The command line.
    "only-unmatched": Kind(
        _W, "--only pattern matching no spec", "--only patterns matching no spec"
    ),
    "nonfinite-float": Kind(
        _W, "INF or NAN written as a string", "INFs or NANs written as strings"
    ),
}


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


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 warning``, ``2 warnings``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def summarize(diagnostics: Iterable[Diagnostic]) -> str:
    """The diagnostics counted by kind, most frequent first (then in :data:`KINDS` order):
    ``90 duplicate parameters dropped, 2 path variables without a parameter``. A kind not in
    :data:`KINDS` (or none) is still counted, visibly: ``1 unclassified warning``."""
    counts: Counter[str | None] = Counter()
    severities: dict[str | None, Severity] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.kind] += 1
        severities.setdefault(diagnostic.kind, diagnostic.severity)
    order = {kind: index for index, kind in enumerate(KINDS)}
    parts: list[str] = []
    for kind, count in sorted(
        counts.items(), key=lambda item: (-item[1], order.get(item[0] or "", len(order)))
    ):
        known = KINDS.get(kind) if kind is not None else None
        if known is not None:
            parts.append(plural(count, known.one, known.many))
        else:
            what = plural(count, f"unclassified {severities[kind].value}")
            parts.append(what + (f" ({kind})" if kind else ""))
    return ", ".join(parts)


def warning(
    message: str,
    *,
    kind: str | None = None,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    path: str | None = None,
) -> Diagnostic:
    """A warning of ``kind``: a key of :data:`KINDS`, which every site passes (``None`` only
    for callers written before kinds; such a warning is summarized as unclassified)."""
    return Diagnostic(Severity.WARNING, message, file, line, column, path, kind=kind)


def error(
    message: str,
    *,
    kind: str | None = None,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    path: str | None = None,
) -> Diagnostic:
    """An error of ``kind``: a key of :data:`KINDS` (see :func:`warning`)."""
    return Diagnostic(Severity.ERROR, message, file, line, column, path, kind=kind)
