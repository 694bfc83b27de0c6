"""Targets: what one output language adds to the SDK model (naming, type mapping, views,
file layout).

A target turns a :class:`gen_sdk.sdk.Package` into a :class:`Plan`: the files to render (a
template of the target's template set, the output path and a plain *view model* the template
reads) and the static files to copy. Templates contain no logic beyond loops and
conditionals; everything language-specific is decided in the target module, and nothing
about the wire (that is the SDK model's). A new language is a new template set under
``templates/<name>/`` plus a small module implementing :class:`Target`, registered in
:data:`TARGETS`; the parser, the IR and the SDK model do not change.

``gen_sdk.generate`` runs a plan: it renders every job, formats it with the target's
formatter, and writes the files deterministically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..diagnostics import Diagnostic
from ..sdk import Names, Operation, Package

if TYPE_CHECKING:
    from ..config import SpecConfig


def _templates_root() -> Path:
    # A checkout (an editable install) uses the repository's templates/, so that edits
    # show at once; a wheel carries a copy as gen_sdk/_templates.
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if (checkout / "python").is_dir() and (checkout.parent / "generator").is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "_templates"


#: The directory holding the template sets (``<root>/<target>/``).
TEMPLATES_ROOT = _templates_root()


@dataclass(frozen=True)
class RenderJob:
    """Render ``template`` (relative to the target's template set) with ``context`` into
    ``output`` (a POSIX path relative to the package directory)."""

    template: str
    output: str
    context: Mapping[str, Any]
    #: Whether the target's formatter runs on the result.
    format: bool = True


@dataclass(frozen=True)
class StaticCopy:
    """Copy every file under ``source`` (relative to the template set) to ``output``."""

    source: str
    output: str


@dataclass(frozen=True)
class Plan:
    #: Where the package goes, relative to the output directory (POSIX path).
    package_dir: str
    jobs: Sequence[RenderJob]
    static: Sequence[StaticCopy] = ()
    #: Facts for reports (package name, counts...).
    info: Mapping[str, Any] = field(default_factory=dict)


class Target(Protocol):
    #: Registry name, also the template set directory (``templates/<name>``).
    name: str

    def plan(
        self,
        package: Package,
        diagnostics: list[Diagnostic],
        source: str | None = None,
        config: SpecConfig | None = None,
    ) -> Plan:
        """The files for ``package``; problems go to ``diagnostics`` (errors stop the spec).

        ``config``: the spec's options (``package-name``, ``distribution-name``,
        ``package-version``; ``None`` fields and ``config=None`` mean the target's defaults).
        A name or version the target cannot use is an error diagnostic, not an exception.
        """
        ...

    def names(self, package: Package) -> Names:
        """The names ``package``'s public API has in this language (what ``gen-sdk diff``
        compares between versions: a name that moved breaks callers)."""
        ...

    def check_layout(self, output: str, text: str) -> tuple[str, bool]:
        """A rendered file without the target's layout marks, and whether it must go
        through the formatter (``False``: the target emitted it in the formatter's layout
        already, and the text is final)."""
        ...

    def format(self, output: str, text: str) -> str:
        """Format one rendered file (``output`` is its path, for choosing a formatter)."""
        ...

    def filters(self) -> Mapping[str, Callable[..., Any]]:
        """Jinja filters the template set uses (formatting of literals, docstrings)."""
        ...


@dataclass(frozen=True)
class OperationPart:
    """A target's share of one operation: the jobs of the files that are that operation's
    alone, and what the package-wide files read of it."""

    jobs: Sequence[RenderJob]
    #: What :meth:`PackagePlanner.finish` reads of the operation: plain, picklable data
    #: (the pipeline keeps it with the files, to plan the package again without rebuilding
    #: an operation that did not change).
    summary: Any


class PackagePlanner(Protocol):
    """Plans one package a part at a time: set up with the package and its names, then one
    :class:`OperationPart` per operation, then the package-wide files. A part (its jobs'
    output and its summary) must depend only on the operation, the names it reads (the
    pipeline records which) and the package's own data (product, version, components,
    options), never on the other operations: so a part kept from an earlier run stays right
    while those do not change."""

    def operation(self, operation: Operation) -> OperationPart: ...

    def finish(self, summaries: Sequence[Any]) -> Plan:
        """The package-wide jobs (and the static copies), from every operation's summary in
        the package's order; they must depend on nothing else of the operations (a run
        whose summaries, names read and package data are the last run's keeps its files)."""
        ...


@runtime_checkable
class PartsTarget(Protocol):
    """A target that plans a package in parts (:class:`PackagePlanner`): ``generate`` then
    re-plans only the operations a spec update changed. ``plan`` is then the planner run
    over every operation."""

    #: The dataclasses an :attr:`OperationPart.summary` is made of (with plain data and
    #: :class:`~gen_sdk.targets.code.Code`): what a kept summary may be rebuilt as.
    summary_types: Sequence[type]

    def naming(self, package: Package) -> Names:
        """The names the planner is given: a function of the naming step's inputs only (the
        operations' and models' names, wire names, ids, kinds and owners)."""
        ...

    def planner(
        self,
        package: Package,
        names: Names,
        diagnostics: list[Diagnostic],
        source: str | None = None,
        config: SpecConfig | None = None,
    ) -> PackagePlanner: ...


def _python() -> Target:
    from .python import PythonTarget

    return PythonTarget()


#: Target name -> factory.
TARGETS: dict[str, Callable[[], Target]] = {"python": _python}
#: Target name -> the distribution of the formatter its ``format`` runs: its version is part
#: of the output cache's key (read from metadata, so a cache hit imports no formatter).
FORMATTERS: dict[str, str] = {"python": "black"}


def check_target(name: str) -> None:
    """A ``ValueError`` naming the known targets unless ``name`` is one."""
    if name not in TARGETS:
        raise ValueError(f"unknown target {name!r} (known: {', '.join(sorted(TARGETS))})")


def get_target(name: str) -> Target:
    check_target(name)
    return TARGETS[name]()


__all__ = [
    "FORMATTERS",
    "TARGETS",
    "TEMPLATES_ROOT",
    "OperationPart",
    "PackagePlanner",
    "PartsTarget",
    "Plan",
    "RenderJob",
    "StaticCopy",
    "Target",
    "check_target",
    "get_target",
]
