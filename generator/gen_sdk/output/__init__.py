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

from .apply import FILE_MODE, OutputConflictError, apply_plan
from .manifest import (
    MANIFEST_NAME,
    UnsafePathError,
    check_path,
    find_packages,
    manifest_bytes,
    manifest_spec,
    read_manifest,
    sha256,
)
from .plan import FileChange, FileStatus, PackagePlan, plan_package

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
    "manifest_spec",
    "plan_package",
    "read_manifest",
    "sha256",
]
