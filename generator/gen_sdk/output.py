"""Writing one generated package: incrementally, atomically, never over someone else's file.

Public API::

    plan_package(package_dir, files, *, force=False, generator_version=...) -> PackagePlan
    apply_plan(plan, *, fsync=True) -> None          # OutputConflictError if plan.conflicts
    PackagePlan       # .added/.changed/.unchanged/.removed/.conflicts, .up_to_date,
                      # .summary() (one line), .details() (one line per file), .notes
    FileChange, FileStatus
    read_manifest(package_dir) -> (files, note), find_packages(out_dir) -> list[Path]
    UnsafePathError, OutputConflictError, MANIFEST_NAME

``--check`` is ``plan_package`` alone (nothing is written; report ``summary()`` and
``details()``, fail unless ``up_to_date``); generation is ``plan_package`` then
``apply_plan`` (right away: ``apply_plan`` trusts the plan and does not look again).

**Ownership.** The package directory holds a manifest, ``.gen-sdk-manifest.json``::

    {"files": {"pkg/__init__.py": "<sha256 hex>", ...}, "generator": "gen-sdk",
     "version": "<gen-sdk version>"}

(JSON, keys sorted, two-space indent, ASCII, newline-terminated: byte-deterministic). The
files it lists are the generator's: they are overwritten, and removed once the output no
longer has them. Any other file is the user's and is never touched: when the output has a
file of the same path with different content that is a *conflict* (``force=True``
overwrites it instead); with identical content it is adopted silently. A missing,
unreadable or corrupt manifest counts as empty (and ``notes`` says so). Files the output
does not mention (``__pycache__``, notes, a ``.venv``) are left alone; so are the
directories holding them.

**Paths** are POSIX and relative: absolute paths, ``..``, ``.``, empty parts, backslashes,
NUL, a file that is also a directory, or two paths differing only in case (they collide on
macOS and Windows) raise :class:`UnsafePathError`. Writes never go through a symlinked
directory inside the package (a conflict).

**Atomicity.** Each file is written to a temporary file in its own directory (``.<name>.
<random>.gen-sdk-tmp``), fsynced, given mode 0o644 and renamed over the target with
``os.replace``: a target path holds the old content or the new one, never a part. Order:
(1) when the run writes paths the old manifest does not list, a provisional manifest (old
entries plus the new ones) claims them first, so that files left by an interrupted run are
recognized as ours by the next run even if the output has changed meanwhile; (2) temporary
files left by an interrupted run are deleted; (3) stale files are removed, then the empty
directories they leave; (4) new and changed files are written; (5) the final manifest is
written last, atomically. Rerunning after a crash at any point converges. An empty
``files`` removes the whole package: its files, the manifest, then the emptied directories.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from . import __version__
from .discovery import MANIFEST_NAME
from .files import read_regular_file
from .paths import is_reserved

GENERATOR = "gen-sdk"
#: The longest file name (in UTF-8 bytes) that file systems accept.
MAX_NAME_BYTES = 255
FILE_MODE = 0o644
TEMP_SUFFIX = ".gen-sdk-tmp"
_TEMP_NAME = re.compile(r"\..+" + re.escape(TEMP_SUFFIX))
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UnsafePathError(ValueError):
    """An output path that could escape the package directory or is ambiguous."""


class OutputConflictError(RuntimeError):
    """``apply_plan`` on a plan with conflicts (nothing was written)."""

    def __init__(self, plan: PackagePlan) -> None:
        self.plan = plan
        super().__init__("\n".join([plan.summary(), *plan.details(only_conflicts=True)]))


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


# --------------------------------------------------------------------------------------------
# Paths and the manifest
# --------------------------------------------------------------------------------------------


def check_path(path: str) -> str:
    """``path`` if it is a clean POSIX relative path, else :class:`UnsafePathError`."""
    if not isinstance(path, str) or not path:
        raise UnsafePathError(f"invalid output path {path!r}")
    if "\\" in path or "\0" in path or re.match(r"[A-Za-z]:", path):
        raise UnsafePathError(f"output path {path!r} is not a POSIX path")
    if path.startswith("/"):
        raise UnsafePathError(f"output path {path!r} is absolute")
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePathError(f"output path {path!r} is not normalized (empty, '.' or '..')")
    for part in parts:
        if is_reserved(part):
            raise UnsafePathError(f"output path {path!r}: {part!r} is a device name on Windows")
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise UnsafePathError(f"output path {path[:40]!r}...: a name is over 255 bytes")
    return path


def _check_paths(files: Mapping[str, bytes]) -> None:
    folded: dict[str, str] = {}
    for path in files:
        check_path(path)
        if path == MANIFEST_NAME or _TEMP_NAME.fullmatch(path.rsplit("/", 1)[-1]):
            raise UnsafePathError(f"output path {path!r} is reserved for gen-sdk")
        other = folded.setdefault(path.casefold(), path)
        if other != path:
            raise UnsafePathError(f"output paths {other!r} and {path!r} differ only in case")
    for path in files:
        for parent in PurePosixPath(path).parents:
            if str(parent) in files:
                raise UnsafePathError(f"output path {str(parent)!r} is both a file and a directory")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(
    files: Mapping[str, str], generator_version: str = __version__, spec: str | None = None
) -> bytes:
    """The manifest for ``files`` (path -> sha256), byte-deterministic. ``spec``: the spec
    the package is generated from, as a POSIX path relative to the package directory."""
    document: dict[str, object] = {"files": dict(sorted(files.items())), "generator": GENERATOR}
    if spec is not None:
        document["spec"] = spec
    document["version"] = generator_version
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("ascii")


def read_manifest(package_dir: Path) -> tuple[dict[str, str], str | None]:
    """The files the manifest lists (path -> sha256) and, when it could not be used, why."""
    files, _, note = _read_manifest(Path(package_dir))
    return files, note


def manifest_spec(package_dir: Path) -> str | None:
    """The spec a package's manifest records (relative to the package directory), if any."""
    return _read_manifest(Path(package_dir))[1]


#: A manifest is a small JSON file; a bigger one is not ours (or not a file worth reading).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def _read_manifest(package_dir: Path) -> tuple[dict[str, str], str | None, str | None]:
    """(files, recorded spec, why the manifest could not be used)."""
    manifest = package_dir / MANIFEST_NAME
    try:
        raw = read_regular_file(manifest, MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        return {}, None, None
    except OSError as exc:
        return {}, None, f"{manifest}: cannot read ({exc.strerror or exc}): treated as empty"
    corrupt = f"{manifest}: not a gen-sdk manifest: treated as empty"
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return {}, None, corrupt
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict) or document.get("generator") != GENERATOR:
        return {}, None, corrupt
    try:
        for path, digest in files.items():
            check_path(path)
            if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
                return {}, None, corrupt
    except UnsafePathError:
        # A manifest naming ../x must not make us delete ../x.
        return {}, None, corrupt
    spec = document.get("spec")
    return dict(files), spec if isinstance(spec, str) else None, None


def find_packages(out_dir: Path) -> list[Path]:
    """Directories under ``out_dir`` holding a manifest (generated packages), sorted; for
    finding packages whose spec is gone (``plan_package(dir, {})`` removes one)."""
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(out_dir):
        if MANIFEST_NAME in filenames:
            found.append(Path(directory))
            dirnames[:] = []
        else:
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    return sorted(found)


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:  # a parent is a file: handled by the parent checks
        return None


def _tree_entries(directory: Path) -> Iterator[Path]:
    """Every non-directory under ``directory`` (symlinks not followed)."""
    for root, dirnames, filenames in os.walk(directory):
        base = Path(root)
        for name in filenames:
            yield base / name
        for name in dirnames:
            if (base / name).is_symlink():
                yield base / name


def _obstacle(root: Path, path: str, stale: set[str]) -> str | None:
    """Why ``path`` cannot be written, looking at its parents; ``None`` if it can."""
    for parent in reversed(PurePosixPath(path).parents[:-1]):
        relative = str(parent)
        info = _lstat(root / relative)
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
    directories = {str(PurePosixPath(p).parent) for p in paths} | {"."}
    found = []
    for directory in directories:
        with suppress(OSError):
            for entry in os.scandir(root / directory):
                if _TEMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
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
    _check_paths(files)
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

    for path in sorted(files):
        content = files[path]
        target = root / path
        reason = _obstacle(root, path, stale)
        if reason is not None:
            conflict(path, reason)
            continue
        info = _lstat(target)
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
                same = info.st_size == len(content) and target.read_bytes() == content
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


# --------------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------------


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


__all__ = [
    "FILE_MODE",
    "MANIFEST_NAME",
    "FileChange",
    "FileStatus",
    "OutputConflictError",
    "PackagePlan",
    "UnsafePathError",
    "apply_plan",
    "check_path",
    "find_packages",
    "manifest_bytes",
    "plan_package",
    "read_manifest",
    "sha256",
]
