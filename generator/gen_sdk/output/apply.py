"""Applying a plan: atomic writes, removals, and the manifest last (see :mod:`gen_sdk.output`)."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from ..discovery import MANIFEST_NAME
from .manifest import TEMP_SUFFIX, manifest_bytes
from .plan import PackagePlan

FILE_MODE = 0o644


class OutputConflictError(RuntimeError):
    """``apply_plan`` on a plan with conflicts (nothing was written)."""

    def __init__(self, plan: PackagePlan) -> None:
        self.plan = plan
        super().__init__("\n".join([plan.summary(), *plan.details(only_conflicts=True)]))


def _write_atomic(path: Path, data: bytes, *, fsync: bool) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if fsync:
                os.fsync(stream.fileno())
        os.chmod(temp, FILE_MODE)  # mkstemp creates 0o600
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def _fsync_dir(directory: Path) -> None:
    # Makes the renames themselves durable; not possible everywhere (Windows), so best effort.
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _prune_empty(directory: Path, root: Path) -> None:
    """Remove ``directory`` and its parents up to (not including) ``root`` while empty."""
    while directory != root and root in directory.parents:
        try:
            directory.rmdir()
        except OSError:  # not empty (or already gone): stop climbing
            if directory.exists():
                return
        directory = directory.parent


def _remove_empty_tree(directory: Path) -> None:
    for current, dirnames, _ in os.walk(directory, topdown=False):
        for name in dirnames:
            with suppress(OSError):
                (Path(current) / name).rmdir()
    directory.rmdir()


def apply_plan(plan: PackagePlan, *, fsync: bool = True) -> None:
    """Make the package directory what ``plan`` says (see the module docstring).

    Raises :class:`OutputConflictError` (writing nothing) when the plan has conflicts, and
    ``OSError`` when the file system fails; a rerun after either converges.
    """
    if plan.conflicts:
        raise OutputConflictError(plan)
    root = plan.package_dir
    manifest = root / MANIFEST_NAME
    for link in plan.symlinks:  # force: the link goes, never what it points to
        link.unlink()
    writes = [*plan.added, *plan.changed]
    claims = [path for path in writes if path not in plan.old_manifest]
    if writes:
        root.mkdir(parents=True, exist_ok=True)
    if claims:
        provisional = {**plan.old_manifest, **{p: plan.new_manifest[p] for p in claims}}
        data = manifest_bytes(provisional, plan.generator_version, plan.spec)
        _write_atomic(manifest, data, fsync=fsync)

    for relative in plan.leftovers:
        with suppress(FileNotFoundError):
            (root / relative).unlink()
    touched: set[Path] = set()
    for relative in plan.removed:
        target = root / relative
        with suppress(FileNotFoundError):
            target.unlink()
        touched.add(target.parent)
    for relative in plan.obstacles:
        _remove_empty_tree(root / relative)
    for directory in sorted(touched, key=lambda d: len(d.parts), reverse=True):
        _prune_empty(directory, root)

    for relative in writes:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(target, plan.files[relative], fsync=fsync)
        touched.add(target.parent)

    if plan.files:
        if plan.manifest_changed or claims:
            _write_atomic(
                manifest,
                manifest_bytes(plan.new_manifest, plan.generator_version, plan.spec),
                fsync=fsync,
            )
            touched.add(root)
    else:
        with suppress(FileNotFoundError):
            manifest.unlink()
        if root.is_dir():
            with suppress(OSError):
                root.rmdir()  # only if nothing of the user's is left
    if fsync:
        for directory in sorted(touched):
            if directory.is_dir():
                _fsync_dir(directory)


__all__ = ["FILE_MODE", "OutputConflictError", "apply_plan"]
