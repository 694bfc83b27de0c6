"""The package manifest and output paths: what a package directory's generated files are.

``.gen-sdk-manifest.json`` lists the files gen-sdk wrote (path -> sha256) and the spec the
package comes from; see :mod:`gen_sdk.output` for what the manifest decides. Every output path
is checked here (:func:`check_path`) before anything is read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from .. import __version__
from ..discovery import MANIFEST_NAME
from ..files import read_regular_file
from ..paths import is_reserved

GENERATOR = "gen-sdk"
#: The longest file name (in UTF-8 bytes) that file systems accept.
MAX_NAME_BYTES = 255
TEMP_SUFFIX = ".gen-sdk-tmp"
#: A temporary file of ours (``.<name>.<random>.gen-sdk-tmp``).
TEMP_NAME = re.compile(r"\..+" + re.escape(TEMP_SUFFIX))
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UnsafePathError(ValueError):
    """An output path that could escape the package directory or is ambiguous."""


def check_path(path: str) -> str:
    """``path`` if it is a clean POSIX relative path, else :class:`UnsafePathError`."""
    if type(path) is str and path in _CHECKED:
        return path
    _check_path(path)
    if type(path) is str and len(_CHECKED) < _MAX_CHECKED:
        _CHECKED.add(path)  # a run checks each path several times (cache, plan, manifest)
    return path


#: Paths found clean (a path's check depends on nothing but the path).
_CHECKED: set[str] = set()
_MAX_CHECKED = 1 << 17


def _check_path(path: str) -> str:
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


def check_paths(files: Mapping[str, bytes]) -> None:
    folded: dict[str, str] = {}
    for path in files:
        check_path(path)
        if path == MANIFEST_NAME or TEMP_NAME.fullmatch(path.rsplit("/", 1)[-1]):
            raise UnsafePathError(f"output path {path!r} is reserved for gen-sdk")
        other = folded.setdefault(path.casefold(), path)
        if other != path:
            raise UnsafePathError(f"output paths {other!r} and {path!r} differ only in case")
    for path in files:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in files:
                raise UnsafePathError(f"output path {parent!r} is both a file and a directory")


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


__all__ = [
    "GENERATOR",
    "MANIFEST_NAME",
    "MAX_MANIFEST_BYTES",
    "TEMP_NAME",
    "TEMP_SUFFIX",
    "UnsafePathError",
    "check_path",
    "check_paths",
    "find_packages",
    "manifest_bytes",
    "manifest_spec",
    "read_manifest",
    "sha256",
]
