"""Pairing two sets of specs and comparing their SDK models, package by package.

``compare(old_inputs, new_inputs, ...)`` finds the specs of each side (the rules of
:func:`gen_sdk.discovery.find_specs`), pairs them by ``product/version`` (two files named
directly are paired whatever their names: ``before.json`` and ``after.json``), builds the SDK
model of each spec whose bytes differ from its counterpart, and returns one
:class:`Comparison` per package. A spec that cannot be read or built is a failed comparison
with its diagnostics: its package is neither reported as added nor as removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, error
from ..discovery import SpecSource, find_specs
from ..files import MAX_SPEC_BYTES, read_regular_file
from ..sdk import Package
from ..sdk.diff import ApiChange, PackageDiff, diff_packages


class Status(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    #: The spec changed, its SDK did not (metadata no SDK reads).
    SAME_SDK = "same-sdk"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class Side:
    """One spec of one side: its file, the bytes' digest and, once built, its SDK model."""

    source: SpecSource
    digest: str
    package: Package | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass
class Comparison:
    key: str
    old: Side | None
    new: Side | None
    diff: PackageDiff

    @property
    def status(self) -> Status:
        if (self.old is not None and self.old.failed) or (self.new is not None and self.new.failed):
            return Status.FAILED
        if self.old is None:
            return Status.ADDED
        if self.new is None:
            return Status.REMOVED
        if self.old.digest == self.new.digest:
            return Status.UNCHANGED
        return Status.CHANGED if self.diff.changes or self.diff.docs else Status.SAME_SDK

    @property
    def errors(self) -> list[Diagnostic]:
        sides = [s for s in (self.old, self.new) if s is not None]
        return [d for s in sides for d in s.diagnostics if d.severity is Severity.ERROR]


def _digest(source: SpecSource) -> tuple[str, list[Diagnostic]]:
    try:
        return hashlib.sha256(read_regular_file(source.path, MAX_SPEC_BYTES)).hexdigest(), []
    except OSError as exc:
        return "", [
            error(f"cannot read: {exc.strerror or exc}", file=str(source.path), kind="unreadable")
        ]


def _side(source: SpecSource) -> Side:
    digest, problems = _digest(source)
    return Side(source, digest, diagnostics=problems)


def build(path: str) -> tuple[Package | None, list[Diagnostic]]:
    """The SDK model of one spec file and every diagnostic (a worker: module level)."""
    from ..ir import build_spec, has_errors
    from ..phparray import PhpSyntaxError
    from ..sdk import build_package
    from ..specfile import load_spec

    diagnostics: list[Diagnostic] = []
    try:
        value = load_spec(path, diagnostics)
    except PhpSyntaxError as exc:
        return None, [*diagnostics, exc.to_diagnostic(Severity.ERROR)]
    except OSError as exc:
        return None, [error(f"cannot read: {exc.strerror or exc}", file=path, kind="unreadable")]
    spec, ir_diagnostics = build_spec(value, source=path)
    diagnostics.extend(ir_diagnostics)
    if has_errors(ir_diagnostics):
        return None, diagnostics
    return build_package(spec, diagnostics, path), diagnostics


def _build_all(sides: list[Side], jobs: int) -> None:
    paths = [str(side.source.path) for side in sides]
    if jobs <= 1 or len(paths) <= 1:
        results = [build(path) for path in paths]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            results = list(pool.map(build, paths))
    for side, (package, diagnostics) in zip(sides, results, strict=True):
        side.package = package
        side.diagnostics.extend(diagnostics)


def _single_file(inputs: Sequence[Path]) -> bool:
    return len(inputs) == 1 and Path(inputs[0]).is_file()


def compare(
    old_inputs: Sequence[Path],
    new_inputs: Sequence[Path],
    *,
    only: Sequence[str] = (),
    jobs: int = 1,
    extra_changes: Callable[[Package, Package], list[ApiChange]] | None = None,
) -> list[Comparison]:
    """One :class:`Comparison` per package of either side, sorted by key (see the module
    docstring). ``old_inputs`` may name nothing at all (every package is then added).
    ``extra_changes``: a target's own breaks (e.g. names that moved), added to each diff."""
    new_sources = find_specs(new_inputs, only=only)
    old_sources = find_specs(old_inputs, only=only) if _has_specs(old_inputs) else []
    pair = _single_file(old_inputs) and _single_file(new_inputs) and old_sources and new_sources
    if pair:  # named by the spec's own product and version, once built (below)
        only_new = new_sources[0]
        old_sources = [SpecSource(old_sources[0].path, only_new.product, only_new.version)]
    old = {s.key: _side(s) for s in old_sources}
    new = {s.key: _side(s) for s in new_sources}
    to_build = [
        side
        for key, side in [*old.items(), *new.items()]
        if side.digest  # unreadable: nothing to build
        and not (key in old and key in new and old[key].digest == new[key].digest)
    ]
    _build_all(to_build, jobs)
    if pair:
        key = new_sources[0].key
        renamed = _spec_key(new[key]) or _spec_key(old[key])
        if renamed is not None:
            old, new = {renamed: old[key]}, {renamed: new[key]}
    comparisons = []
    for key in sorted(old.keys() | new.keys(), key=str.casefold):
        before, after = old.get(key), new.get(key)
        comparison = Comparison(key, before, after, PackageDiff(key))
        if comparison.status not in (Status.UNCHANGED, Status.FAILED):
            old_package = before.package if before is not None else None
            new_package = after.package if after is not None else None
            comparison.diff = diff_packages(old_package, new_package, key)
            if old_package is not None and new_package is not None and extra_changes:
                comparison.diff.changes.extend(extra_changes(old_package, new_package))
        comparisons.append(comparison)
    return comparisons


def _spec_key(side: Side) -> str | None:
    package = side.package
    return f"{package.product}/{package.version}" if package is not None else None


def _has_specs(inputs: Sequence[Path]) -> bool:
    """Whether the old side names anything (``--base`` of a path that did not exist yet
    gives an empty directory: every package is new)."""
    return any(Path(p).is_file() or any(Path(p).iterdir()) for p in inputs if Path(p).exists())


__all__ = ["Comparison", "Side", "Status", "build", "compare"]
