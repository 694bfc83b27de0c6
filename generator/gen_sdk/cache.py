"""A content-keyed cache of generated packages: same inputs, same files, no rendering.

Public API::

    cache_key(*parts) -> str                 # sha256 hex of length-prefixed str/bytes parts
    fingerprint_tree(path) -> str            # sha256 hex of a directory's names and contents
    default_cache_dir() -> Path
    OutputCache(directory)
        .get(key) -> dict[str, bytes] | None # never raises on a bad entry: deletes it
        .put(key, files) -> bool             # atomic; False when the disk refused (no raise)
        .prune(max_bytes) -> int             # least recently used out first; count removed
        .size() -> int                       # bytes held

**Keys.** The caller puts into the key everything the output depends on, e.g.::

    key = cache_key(GENERATOR_FORMAT, gen_sdk.__version__, target.name,
                    fingerprint_tree(templates_root / target.name),
                    json.dumps(spec_config_as_dict, sort_keys=True), spec_bytes)

Parts are framed (a type tag, an 8-byte length, the bytes; ``str`` as UTF-8), so
``("ab", "c")`` and ``("a", "bc")`` differ, and so do ``"a"`` and ``b"a"``.

**Entries.** One file per key, ``<directory>/<key>.gsc``::

    b"GSDKC\\x00\\x00\\x01"                     magic and format version (8 bytes)
    count                                    u32, big-endian
    count times: path length (u32), path (UTF-8, POSIX, relative), size (u64), content
    sha256 of everything above              32 bytes

written to a temporary file in the same directory and renamed into place (concurrent
writers of one key both write the same content; the last rename wins). A reader checks
the magic, the checksum, every length and every path (clean POSIX relative paths, no
duplicates); a truncated, corrupt or unreadable entry is deleted and reads as a miss.
A hit refreshes the entry's mtime, which :meth:`OutputCache.prune` uses as last use.

**Where.** :func:`default_cache_dir`: ``$GEN_SDK_CACHE_DIR``, else
``$XDG_CACHE_HOME/gen-sdk`` (only an absolute ``XDG_CACHE_HOME`` counts, as the XDG spec
says), else ``~/.cache/gen-sdk``.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from .files import read_regular_file
from .output import UnsafePathError, check_path

MAGIC = b"GSDKC\x00\x00\x01"
#: An entry holds one package (ECS, the largest real one, is about 15 MB); anything bigger,
#: or not a regular file (a FIFO, /dev/zero), is discarded as corrupt.
MAX_ENTRY_BYTES = 512 * 1024 * 1024
SUFFIX = ".gsc"
TEMP_SUFFIX = ".gsc-tmp"
#: Temporary files older than this are an interrupted writer's, and ``prune`` deletes them.
STALE_TEMP_SECONDS = 3600.0

_KEY = re.compile(r"[0-9a-f]{16,128}")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_DIGEST_SIZE = 32


def _frame(tag: bytes, data: bytes) -> bytes:
    return tag + _U64.pack(len(data)) + data


def cache_key(*parts: bytes | str) -> str:
    """A sha256 hex digest of ``parts`` (each framed with its type and length)."""
    digest = hashlib.sha256(b"gen-sdk cache key\x00")
    for part in parts:
        if isinstance(part, str):
            digest.update(_frame(b"s", part.encode("utf-8")))
        else:
            digest.update(_frame(b"b", bytes(part)))
    return digest.hexdigest()


def fingerprint_tree(path: Path) -> str:
    """A sha256 hex digest of every file under ``path``: POSIX relative names and contents,
    in sorted order (a file alone: its content). ``__pycache__`` directories are skipped
    (Python writes them there on its own); symlinked directories are not followed, file
    symlinks are read. ``FileNotFoundError`` if ``path`` does not exist."""
    root = Path(path)
    digest = hashlib.sha256(b"gen-sdk tree\x00")
    if root.is_file():
        digest.update(_frame(b"f", root.read_bytes()))
        return digest.hexdigest()
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such file or directory")
    entries: list[tuple[str, Path]] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        base = Path(directory)
        for name in filenames:
            file = base / name
            if file.is_file():
                entries.append((file.relative_to(root).as_posix(), file))
    for relative, file in sorted(entries):
        digest.update(_frame(b"n", relative.encode("utf-8")))
        digest.update(_frame(b"c", file.read_bytes()))
    return digest.hexdigest()


def default_cache_dir() -> Path:
    explicit = os.environ.get("GEN_SDK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "gen-sdk"
    return Path.home() / ".cache" / "gen-sdk"


def encode_entry(files: Mapping[str, bytes]) -> bytes:
    """The bytes of an entry holding ``files`` (in sorted path order: deterministic)."""
    chunks = [MAGIC, _U32.pack(len(files))]
    for path in sorted(files):
        name = check_path(path).encode("utf-8")
        content = bytes(files[path])
        chunks += [_U32.pack(len(name)), name, _U64.pack(len(content)), content]
    body = b"".join(chunks)
    return body + hashlib.sha256(body).digest()


def decode_entry(data: bytes) -> dict[str, bytes] | None:
    """The files of an entry; ``None`` if it is not a complete, intact entry."""
    if len(data) < len(MAGIC) + _U32.size + _DIGEST_SIZE or not data.startswith(MAGIC):
        return None
    body, digest = data[:-_DIGEST_SIZE], data[-_DIGEST_SIZE:]
    if hashlib.sha256(body).digest() != digest:
        return None
    view = memoryview(body)
    offset = len(MAGIC)
    (count,) = _U32.unpack_from(view, offset)
    offset += _U32.size
    files: dict[str, bytes] = {}
    try:
        for _ in range(count):
            (name_size,) = _U32.unpack_from(view, offset)
            offset += _U32.size
            if offset + name_size > len(body):
                return None
            name = bytes(view[offset : offset + name_size]).decode("utf-8")
            offset += name_size
            (size,) = _U64.unpack_from(view, offset)
            offset += _U64.size
            if offset + size > len(body) or name in files:
                return None
            files[check_path(name)] = bytes(view[offset : offset + size])
            offset += size
    except (struct.error, UnicodeDecodeError, UnsafePathError):
        return None
    return files if offset == len(body) else None


class OutputCache:
    """Generated files by key, one file per entry under ``directory`` (created on demand)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):  # keys become file names: no separators, no dots
            raise ValueError(f"invalid cache key {key!r} (expected a cache_key() digest)")
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files stored under ``key``, or ``None`` (a miss, or a bad entry: deleted)."""
        path = self._path(key)
        try:
            data = read_regular_file(path, MAX_ENTRY_BYTES)
        except FileNotFoundError:
            return None
        except OSError:
            self._discard(path)
            return None
        files = decode_entry(data)
        if files is None:
            self._discard(path)
            return None
        with suppress(OSError):
            os.utime(path)  # last use, for prune()
        return files

    def put(self, key: str, files: Mapping[str, bytes]) -> bool:
        """Store ``files`` under ``key``; ``False`` if the file system refused (a cache that
        cannot be written must not fail a generation)."""
        path = self._path(key)
        data = encode_entry(files)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=f".{key}.", suffix=TEMP_SUFFIX)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except OSError:
            with suppress(OSError):
                os.unlink(temp)
            return False
        return True

    def _discard(self, path: Path) -> None:
        with suppress(OSError):
            path.unlink()

    def _entries(self) -> list[tuple[float, str, int, Path]]:
        entries = []
        try:
            scan = list(os.scandir(self.directory))
        except OSError:
            return []
        now = time.time()
        for entry in scan:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.endswith(SUFFIX) and entry.is_file(follow_symlinks=False):
                entries.append((info.st_mtime, entry.name, info.st_size, Path(entry.path)))
            elif entry.name.endswith(TEMP_SUFFIX) and now - info.st_mtime > STALE_TEMP_SECONDS:
                self._discard(Path(entry.path))
        return entries

    def size(self) -> int:
        """Bytes held by the entries."""
        return sum(size for _, _, size, _ in self._entries())

    def prune(self, max_bytes: int) -> int:
        """Delete least recently used entries (by mtime) until at most ``max_bytes`` remain;
        also old temporary files of interrupted writers. Returns how many entries went."""
        entries = sorted(self._entries())
        total = sum(size for _, _, size, _ in entries)
        removed = 0
        for _, _, size, path in entries:
            if total <= max_bytes:
                break
            self._discard(path)
            total -= size
            removed += 1
        return removed


__all__ = [
    "MAGIC",
    "OutputCache",
    "cache_key",
    "decode_entry",
    "default_cache_dir",
    "encode_entry",
    "fingerprint_tree",
]
