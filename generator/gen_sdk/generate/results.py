"""What a run returns: a :class:`SpecResult` per spec, and the :class:`GenerateResult`;
and what warnings do to a spec (:func:`apply_warning_policy`, ``--warnings``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import WARNING_POLICIES, Diagnostic, Severity, WarningPolicy, error, plural
from ..discovery import SpecSource
from ..output import PackagePlan


@dataclass
class SpecResult:
    source: SpecSource
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The package directory (``None`` when the spec failed before planning).
    package_dir: Path | None = None
    #: Path (relative to ``package_dir``) -> content, for every file of the package.
    files: dict[str, bytes] = field(default_factory=dict)
    #: What writing the files does (or, with ``check``/``dry_run``, would do).
    plan: PackagePlan | None = None
    operations: int = 0
    #: Whether the files came from the cache.
    cached: bool = False
    #: Seconds spent in each stage (``load``, ``ir``, ``plan``, ``render``, ``format``,
    #: ``write``); summed over the workers for a spec formatted in chunks.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def spec(self) -> Path:
        return self.source.path

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def changed(self) -> list[str]:
        """Files added, changed or removed (or that would be), relative to the package."""
        return [] if self.plan is None else self.plan.differing

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def apply_warning_policy(result: SpecResult, policy: WarningPolicy) -> None:
    """Before a spec's package is written (a cached one too): ``ignore`` drops its warnings;
    ``error`` fails a spec that has any, with one error saying why, and writes nothing."""
    if policy == "ignore":
        result.diagnostics = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    elif policy == "error" and result.ok and result.warnings:
        count = plural(len(result.warnings), "warning")
        message = f"{count}, and --warnings=error makes any warning fail the spec"
        result.diagnostics.append(error(message, kind="warnings-as-errors", file=str(result.spec)))
        result.package_dir, result.files, result.operations = None, {}, 0


@dataclass
class GenerateResult:
    results: list[SpecResult]
    #: Packages in ``out`` whose spec is gone (or, with ``prune``, any this run did not
    #: produce): removed (or, with check, would be).
    orphans: list[PackagePlan] = field(default_factory=list)
    seconds: float = 0.0
    check: bool = False
    dry_run: bool = False
    #: Packages in ``out`` this run did not produce and left alone: their specs are not
    #: under this run's inputs (or their manifests do not say).
    kept: list[Path] = field(default_factory=list)
    #: Errors of the run itself (removing a package failed).
    problems: list[Diagnostic] = field(default_factory=list)
    #: Warnings of the run itself (an ``--only`` glob that matched no spec).
    notes: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and not self.problems

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.diagnostics]

    @property
    def plans(self) -> list[PackagePlan]:
        return [r.plan for r in self.results if r.plan is not None] + self.orphans

    @property
    def changed(self) -> list[Path]:
        """Every file added, changed or removed (or that would be), as a path under ``out``."""
        return [plan.package_dir / path for plan in self.plans for path in plan.differing]

    @property
    def up_to_date(self) -> bool:
        return all(plan.up_to_date for plan in self.plans)

    @property
    def operations(self) -> int:
        return sum(r.operations for r in self.results)

    @property
    def warnings(self) -> int:
        """The specs' warnings and the run's own."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics) + len(self.notes)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    def count(self, what: str) -> int:
        """Files ``added``, ``changed``, ``unchanged`` or ``removed`` over all packages."""
        return sum(len(getattr(plan, what)) for plan in self.plans)

    def summary(self) -> str:
        """The closing line: specs, operations, files, warnings, time."""
        written = self.count("added") + self.count("changed")
        verb = "would be " if self.check or self.dry_run else ""
        failed = sum(not r.ok for r in self.results)
        cached = sum(r.cached for r in self.results)
        parts = [
            f"{len(self.results)} specs" + (f" ({failed} failed)" if failed else ""),
            f"{self.operations} operations",
            f"files: {written} {verb}written, {self.count('unchanged')} unchanged, "
            f"{self.count('removed')} {verb}removed",
        ]
        removed = sum(not plan.up_to_date for plan in self.orphans)
        if removed:
            parts.append(f"{removed} packages {verb}removed")
        if self.kept:
            parts.append(f"{len(self.kept)} other packages left alone")
        parts += [
            f"{self.warnings} warnings",
            f"{cached} from cache",
            f"{self.seconds:.1f} s",
        ]
        return "; ".join(parts)


#: Called once per spec, in the specs' order, with (result, position from 1, total).
Progress = Callable[[SpecResult, int, int], None]


__all__ = [
    "WARNING_POLICIES",
    "GenerateResult",
    "Progress",
    "SpecResult",
    "WarningPolicy",
    "apply_warning_policy",
]
