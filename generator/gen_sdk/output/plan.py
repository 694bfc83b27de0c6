"""Planning one package's write: what is added, changed, removed or in conflict.

:func:`plan_package` reads the package directory and its manifest and writes nothing; see
:mod:`gen_sdk.output` for the ownership rules it applies.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from .. import __version__
from ..discovery import MANIFEST_NAME
from ..files import read_regular_file
from .manifest import (
    MAX_MANIFEST_BYTES,
    TEMP_NAME,
    UnsafePathError,
    check_paths,
    manifest_bytes,
    read_manifest,
    sha256,
)


class FileStatus(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    CONFLICT = "conflict"


_MARKS = {
    FileStatus.ADDED: "+",
    FileStatus.CHANGED: "~",
    FileStatus.REMOVED: "-",
    FileStatus.CONFLICT: "!",
    FileStatus.UNCHANGED: " ",
}


@dataclass(frozen=True, slots=True)
class FileChange:
    #: POSIX path relative to the package directory.
    path: str
    status: FileStatus
    #: Why, for a conflict.
    reason: str | None = None


@dataclass(frozen=True)
class PackagePlan:
    """What writing ``files`` into ``package_dir`` would do; see :func:`plan_package`."""

    package_dir: Path
    #: The new output (path -> content).
    files: Mapping[str, bytes]
    #: One entry per output file and per stale file, sorted by path.
    changes: tuple[FileChange, ...]
    #: The manifest on disk (empty when missing or corrupt).
    old_manifest: Mapping[str, str]
    #: The files the manifest will list after ``apply_plan`` (path -> sha256).
    new_manifest: Mapping[str, str]
    generator_version: str = __version__
    #: Whether the manifest file must be (re)written (or deleted, for an empty output).
    manifest_changed: bool = False
    #: Temporary files of an interrupted run, to delete (relative paths).
    leftovers: tuple[str, ...] = ()
    #: Directories in the way of new files whose content is all stale (relative paths).
    obstacles: tuple[str, ...] = ()
    #: Things worth telling the user (a corrupt manifest, a stale entry now a directory).
    notes: tuple[str, ...] = ()
    force: bool = False
    #: The spec the manifest records (relative to ``package_dir``), if any.
    spec: str | None = None
    #: A symlink on the way from the output directory to the package (at most one: what is
    #: below it is not looked at), replaced by a directory (``force``); else every file is a
    #: conflict.
    symlinks: tuple[Path, ...] = ()
    _by_status: Mapping[FileStatus, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[FileStatus, list[str]] = {status: [] for status in FileStatus}
        for change in self.changes:
            grouped[change.status].append(change.path)
        by_status = {status: tuple(paths) for status, paths in grouped.items()}
        object.__setattr__(self, "_by_status", MappingProxyType(by_status))

    @property
    def added(self) -> tuple[str, ...]:
        return self._by_status[FileStatus.ADDED]

    @property
    def changed(self) -> tuple[str, ...]:
        return self._by_status[FileStatus.CHANGED]

    @property
    def unchanged(self) -> tuple[str, ...]:
        return self._by_status[FileStatus.UNCHANGED]

    @property
    def removed(self) -> tuple[str, ...]:
        return self._by_status[FileStatus.REMOVED]

    @property
    def differing(self) -> list[str]:
        """Files added, changed or removed (or that would be), sorted."""
        return sorted([*self.added, *self.changed, *self.removed])

    @property
    def conflicts(self) -> tuple[FileChange, ...]:
        return tuple(c for c in self.changes if c.status is FileStatus.CONFLICT)

    @property
    def up_to_date(self) -> bool:
        """Nothing to write, remove or report: what ``--check`` passes on."""
        return not (
            self.added
            or self.changed
            or self.removed
            or self.conflicts
            or self.manifest_changed
            or self.leftovers
        )

    def summary(self) -> str:
        """One line: ``out/ecs/2014-05-26: 2 added, 1 changed, 1 removed, 1 conflict``."""
        counts = [
            (len(self.added), "added"),
            (len(self.changed), "changed"),
            (len(self.removed), "removed"),
            (len(self.conflicts), "conflict" if len(self.conflicts) == 1 else "conflicts"),
        ]
        parts = [f"{n} {label}" for n, label in counts if n]
        if not parts and (self.manifest_changed or self.leftovers):
            parts.append("manifest updated")
        return f"{self.package_dir}: {', '.join(parts) or 'up to date'}"

    def details(self, *, only_conflicts: bool = False) -> list[str]:
        """One line per file that changes: ``+ added``, ``~ changed``, ``- removed``,
        ``! conflict: why``; then the notes."""
        lines: list[str] = []
        for change in self.changes:
            if change.status is FileStatus.UNCHANGED:
                continue
            if only_conflicts and change.status is not FileStatus.CONFLICT:
                continue
            reason = f": {change.reason}" if change.reason else ""
            lines.append(f"  {_MARKS[change.status]} {change.path}{reason}")
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:  # a parent is a file: handled by the parent checks
        return None


def _read(path: Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _tree_entries(directory: Path) -> Iterator[Path]:
    """Every non-directory under ``directory`` (symlinks not followed)."""
    for root, dirnames, filenames in os.walk(directory):
        base = Path(root)
        for name in filenames:
            yield base / name
        for name in dirnames:
            if (base / name).is_symlink():
                yield base / name


def _lstat_str(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # as _lstat
        return None


def _obstacle(
    root: Path,
    path: str,
    stale: set[str],
    seen: dict[str, os.stat_result | None] | None = None,
) -> str | None:
    """Why ``path`` cannot be written, looking at its parents; ``None`` if it can.
    ``seen``: the parents looked at already for this package (most files share them)."""
    seen = {} if seen is None else seen
    parents = path.split("/")[:-1]
    for depth in range(1, len(parents) + 1):
        relative = "/".join(parents[:depth])
        if relative not in seen:
            seen[relative] = _lstat_str(os.path.join(root, relative))
        info = seen[relative]
        if info is None:
            return None  # the rest is created
        if stat.S_ISDIR(info.st_mode):
            continue
        if relative in stale:
            return None  # a stale file of ours, removed first
        kind = "a symlink" if stat.S_ISLNK(info.st_mode) else "a file"
        return f"{relative} is {kind} not written by gen-sdk"
    return None


def _leftovers(root: Path, paths: Iterable[str]) -> list[str]:
    """Temporary files of an interrupted run: only where we write (beside ``paths`` and the
    manifest), so a big ``.venv`` in the package is never walked."""
    directories = {p.rpartition("/")[0] or "." for p in paths} | {"."}
    found = []
    for directory in directories:
        with suppress(OSError):
            for entry in os.scandir(root / directory):
                if TEMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append(PurePosixPath(directory, entry.name).as_posix())
    return sorted(found)


def _symlinks(out_dir: Path, package_dir: Path) -> list[Path]:
    """The first symlink on the way from ``out_dir`` (itself the user's choice: not
    checked) down to ``package_dir`` included; ``UnsafePathError`` if the package is not
    below ``out_dir``."""
    try:
        relative = package_dir.relative_to(out_dir)
    except ValueError:
        raise UnsafePathError(f"{package_dir} is not inside {out_dir}") from None
    if not relative.parts or any(part in (".", "..") for part in relative.parts):
        raise UnsafePathError(f"{package_dir} is not inside {out_dir}")
    current = out_dir
    for part in relative.parts:
        current = current / part
        info = _lstat(current)
        if info is None:
            break
        if stat.S_ISLNK(info.st_mode):
            return [current]  # what lies below is the link's target: not looked at
    return []


def plan_package(
    package_dir: Path,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    generator_version: str = __version__,
    out_dir: Path | None = None,
    spec: str | None = None,
) -> PackagePlan:
    """Compare ``files`` (POSIX path -> content) with ``package_dir`` and its manifest.

    ``force``: overwrite files the manifest does not list (conflicts otherwise), and replace
    symlinks on the way to the package with directories. ``out_dir``: the output directory
    the package must be inside (checked, and the path below it checked for symlinks: a
    write never goes through one). ``spec``: recorded in the manifest.
    """
    root = Path(package_dir)
    check_paths(files)
    links = _symlinks(Path(out_dir), root) if out_dir is not None else []
    if links:
        # What is behind the link is someone else's: neither read nor written.
        return _through_symlink(root, files, links, force, generator_version, spec)
    old, problem = read_manifest(root)
    notes = [problem] if problem else []
    stale = {path for path in old if path not in files}
    changes: list[FileChange] = []
    owned: dict[str, str] = {}
    obstacles: list[str] = []

    def conflict(path: str, reason: str) -> None:
        changes.append(FileChange(path, FileStatus.CONFLICT, reason))

    parents: dict[str, os.stat_result | None] = {}
    for path in sorted(files):
        content = files[path]
        target = root / path
        reason = _obstacle(root, path, stale, parents)
        if reason is not None:
            conflict(path, reason)
            continue
        info = _lstat_str(os.path.join(root, path))
        if info is None:
            status = FileStatus.ADDED
        elif stat.S_ISDIR(info.st_mode):
            blocking = [
                p.relative_to(root).as_posix()
                for p in _tree_entries(target)
                if p.relative_to(root).as_posix() not in stale
            ]
            if blocking:
                conflict(path, f"a directory is in the way (holding {min(blocking)})")
                continue
            obstacles.append(path)
            status = FileStatus.ADDED
        elif stat.S_ISLNK(info.st_mode):
            if path not in old and not force:
                conflict(path, "a symlink not written by gen-sdk (--force replaces it)")
                continue
            status = FileStatus.CHANGED  # replaced by a regular file
        elif not stat.S_ISREG(info.st_mode):
            if not force:
                conflict(path, "not a regular file (a FIFO, socket or device; --force replaces it)")
                continue
            status = FileStatus.CHANGED
        else:
            try:
                # A file of another size differs: not read (it may be huge).
                same = info.st_size == len(content) and _read(target) == content
            except OSError as exc:
                conflict(path, f"cannot read: {exc.strerror or exc}")
                continue
            if same:
                status = FileStatus.UNCHANGED  # adopted if the manifest lacked it
            elif path in old or force:
                status = FileStatus.CHANGED
            else:
                conflict(path, "exists and was not written by gen-sdk (--force overwrites it)")
                continue
        changes.append(FileChange(path, status))
        owned[path] = sha256(content)

    for path in sorted(stale):
        info = _lstat(root / path)
        if info is None:
            continue  # already gone: only the manifest forgets it
        if stat.S_ISDIR(info.st_mode):
            notes.append(f"{path}: listed in the manifest but now a directory: left alone")
            continue
        changes.append(FileChange(path, FileStatus.REMOVED))

    changes.sort(key=lambda c: c.path)
    manifest_path = root / MANIFEST_NAME
    try:
        on_disk: bytes | None = read_regular_file(manifest_path, MAX_MANIFEST_BYTES)
    except OSError:
        on_disk = None
    if files:
        manifest_changed = on_disk != manifest_bytes(owned, generator_version, spec)
    else:
        manifest_changed = on_disk is not None or manifest_path.is_symlink()
    return PackagePlan(
        package_dir=root,
        files=MappingProxyType(dict(files)),
        changes=tuple(changes),
        old_manifest=MappingProxyType(old),
        new_manifest=MappingProxyType(owned),
        generator_version=generator_version,
        manifest_changed=manifest_changed,
        leftovers=tuple(_leftovers(root, [*files, *old])),
        obstacles=tuple(obstacles),
        notes=tuple(notes),
        force=force,
        spec=spec,
    )


def _through_symlink(
    root: Path,
    files: Mapping[str, bytes],
    links: list[Path],
    force: bool,
    generator_version: str,
    spec: str | None,
) -> PackagePlan:
    """The plan for a package whose path goes through a symlink: every file a conflict, or
    (``force``) every file added after the link is replaced by a directory."""
    if force:
        changes = [FileChange(path, FileStatus.ADDED) for path in sorted(files)]
    else:
        reason = (
            f"{links[0]} is a symlink: gen-sdk does not write through symlinks "
            "(--force replaces it with a directory)"
        )
        changes = [FileChange(path, FileStatus.CONFLICT, reason) for path in sorted(files)]
    return PackagePlan(
        package_dir=root,
        files=MappingProxyType(dict(files)),
        changes=tuple(changes),
        old_manifest=MappingProxyType({}),
        new_manifest=MappingProxyType({path: sha256(files[path]) for path in files}),
        generator_version=generator_version,
        manifest_changed=bool(files),
        force=force,
        spec=spec,
        symlinks=tuple(links),
    )


__all__ = ["FileChange", "FileStatus", "PackagePlan", "plan_package"]
