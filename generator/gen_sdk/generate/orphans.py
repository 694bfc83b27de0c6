"""Which packages in ``OUT`` a run removes: only those whose manifest records a spec under
this run's inputs that is gone (or now makes another package), or any with ``prune``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Diagnostic, error
from ..discovery import SpecSource
from ..output import PackagePlan, apply_plan, find_packages, manifest_spec, plan_package
from .results import SpecResult


def remove_empty_parents(package: Path, out_dir: Path) -> None:
    """The directories a removed package leaves empty (``out/ecs`` of ``out/ecs/2014-05-26``),
    up to ``out_dir``; one holding anything else stays."""
    for parent in package.parents:
        if parent == out_dir or out_dir not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:
            return


def spec_record(spec: Path, package_dir: Path) -> str:
    """Where the package's spec is, relative to the package (recorded in its manifest, so a
    later run can tell whether the spec is gone): lexical, so the same checkout layout gives
    the same manifest wherever it is."""
    return Path(os.path.relpath(os.path.abspath(spec), os.path.abspath(package_dir))).as_posix()


def recorded_spec(package: Path) -> Path | None:
    recorded = manifest_spec(package)
    if recorded is None:
        return None
    return Path(os.path.normpath(os.path.join(os.path.abspath(package), recorded)))


def within(path: Path, inputs: Sequence[Path]) -> bool:
    """Whether ``path`` is one of the input files or lies under an input directory."""
    for given in inputs:
        top = Path(os.path.abspath(given))
        if path == top or (given.is_dir() and top in path.parents):
            return True
    return False


def find_orphans(
    out_dir: Path,
    inputs: Sequence[Path],
    sources: Sequence[SpecSource],
    results: Sequence[SpecResult],
    *,
    only: bool,
    prune: bool,
    write: bool,
    fsync: bool,
) -> tuple[list[PackagePlan], list[Path], list[Diagnostic]]:
    """The packages in ``out_dir`` this run did not produce: (removed, or without ``write``
    would be; left alone; problems removing them).

    One is removed when its manifest records a spec under one of this run's inputs and that
    spec is gone (or now makes another package), or with ``prune``. Nothing is removed when
    ``only`` narrowed the run or a spec failed (its package may be the one that looks gone).
    """
    if only or not all(r.ok for r in results) or not out_dir.is_dir():
        return [], [], []
    made = {
        Path(os.path.normcase(os.path.abspath(r.package_dir)))
        for r in results
        if r.package_dir is not None
    }
    generated = {Path(os.path.abspath(s.path)) for s in sources}
    orphans: list[PackagePlan] = []
    kept: list[Path] = []
    problems: list[Diagnostic] = []
    for package in find_packages(out_dir):
        if Path(os.path.normcase(os.path.abspath(package))) in made:
            continue
        spec = recorded_spec(package)
        gone = (
            spec is not None
            and within(spec, inputs)
            and (spec in generated or not os.path.lexists(spec))
        )
        if not (gone or prune):
            kept.append(package)
            continue
        try:
            plan = plan_package(package, {})
            if write and not plan.up_to_date:
                apply_plan(plan, fsync=fsync)
                remove_empty_parents(package, out_dir)
        except OSError as exc:
            message = f"cannot remove the package: {exc.strerror or exc}"
            problems.append(error(message, kind="remove-failed", file=str(package)))
            continue
        orphans.append(plan)
    return orphans, kept, problems


__all__ = ["find_orphans", "spec_record"]
