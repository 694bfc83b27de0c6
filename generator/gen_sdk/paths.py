"""File and directory names made from spec text: the file-name context's escaping.

A spec names its own package directory (``info.product``, ``info.version``) and, through its
API names, some of the package's files. :func:`safe_segment` turns such text into one path
segment that is safe on every platform; :func:`check_segment` is the test every segment of
an output path must pass (the output and the cache apply it again before anything is
written, so a target bug or a forged cache entry cannot leave ``OUT`` either).

A safe segment:

* uses only ASCII letters, digits, ``.``, ``_`` and ``-`` (no separator, NUL, space,
  non-ASCII text or character that Windows refuses);
* neither starts nor ends with ``.`` or ``-`` (so never ``.``, ``..``, a hidden name, or a
  name Windows would strip);
* is not a name Windows reserves for devices (``CON``, ``NUL``, ``COM1``, ``aux.py``...);
* is at most :data:`MAX_SEGMENT` characters long.

:func:`safe_segment` maps predictably: runs of other characters become one ``-``, a reserved
device name gets a ``_`` after its stem (``con`` -> ``con_``, ``aux.py`` -> ``aux_.py``), a
name longer than :data:`MAX_SEGMENT` is cut and ends with 8 hex digits of its text's sha256.
It raises :class:`UnsafeNameError` when nothing usable is left (``..``, ``/``, ``""``).
"""

from __future__ import annotations

import hashlib
import re

#: The longest segment we write (file systems allow 255 bytes; a package path has several).
MAX_SEGMENT = 64

#: Device names Windows reserves, with any extension (``nul.txt`` too), in any case.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"com{n}" for n in "123456789¹²³"}
    | {f"lpt{n}" for n in "123456789¹²³"}
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SAFE = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?")


class UnsafeNameError(ValueError):
    """Spec text that gives no usable file or directory name."""


def is_reserved(segment: str) -> bool:
    """Whether Windows reserves ``segment`` (its part before the first dot) for a device."""
    return segment.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


def check_segment(segment: str) -> str:
    """``segment`` if it is safe (see the module docstring), else :class:`UnsafeNameError`."""
    if not _SAFE.fullmatch(segment):
        raise UnsafeNameError(f"{segment!r} is not a safe file name")
    if is_reserved(segment):
        raise UnsafeNameError(f"{segment!r} is a device name on Windows")
    if len(segment) > MAX_SEGMENT:
        raise UnsafeNameError(f"{segment[:20]!r}... is longer than {MAX_SEGMENT} characters")
    return segment


def safe_segment(text: str, *, what: str = "name") -> str:
    """One safe path segment made from ``text`` (see the module docstring)."""
    name = _UNSAFE.sub("-", text).strip(".-")
    if not name:
        raise UnsafeNameError(f"{what} {text!r} gives no usable file name")
    if len(name) > MAX_SEGMENT:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = name[: MAX_SEGMENT - 9].rstrip(".-") + "-" + digest
    if is_reserved(name):
        stem, dot, rest = name.partition(".")
        name = f"{stem}_{dot}{rest}"
    return check_segment(name)


def package_directory(product: str, version: str) -> str:
    """``<product>/<version>``, the package directory every target writes below ``OUT``
    (the product in lower case); :class:`UnsafeNameError` when either gives no name."""
    product_dir = safe_segment(product.lower(), what="info.product")
    return f"{product_dir}/{safe_segment(version, what='info.version')}"


def check_relative_dir(path: str) -> str:
    """A POSIX relative directory path (``ecs/2014-05-26``) whose every segment is safe."""
    if not isinstance(path, str) or not path:
        raise UnsafeNameError(f"invalid directory {path!r}")
    for segment in path.split("/"):
        check_segment(segment)
    return path


__all__ = [
    "MAX_SEGMENT",
    "WINDOWS_RESERVED",
    "UnsafeNameError",
    "check_relative_dir",
    "check_segment",
    "is_reserved",
    "package_directory",
    "safe_segment",
]
