"""Reading files that may not be files: every byte the generator reads from a path it was
given (a spec, a cache entry, a manifest) goes through :func:`read_regular_file`."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    Opened without blocking and checked with ``fstat`` before a byte is read, so a FIFO or
    a device (``/dev/zero``, or a symlink to it) is refused instead of hanging or growing
    without bound; ``OSError`` (``FileNotFoundError``, or one saying why) otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while being read
                raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


#: The largest spec file read (the largest real spec, SAS, is under 10 MB).
MAX_SPEC_BYTES = 64 * 1024 * 1024


__all__ = ["MAX_SPEC_BYTES", "read_regular_file"]
