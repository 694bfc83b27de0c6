"""Reading the old side of ``gen-sdk diff --base REV`` from git.

:func:`export_revision` copies the files under the given paths, as they are at ``REV``, into
a directory, keeping their paths relative to the repository root, and returns where each
path landed. Only regular files are copied (a symlink or submodule in the tree is skipped:
a revision's content must not reach outside the directory; so is a name with ``..``),
through ``git cat-file
--batch``: one process for all blobs.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path, PurePosixPath


class GitError(RuntimeError):
    """git is missing, a path is not in a repository, or the revision is unknown."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("--base needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def repository_root(path: Path) -> Path:
    start = path if path.is_dir() else path.parent
    top = _git(start.resolve(), "rev-parse", "--show-toplevel").decode().strip()
    return Path(top)


def export_revision(revision: str, paths: Sequence[Path], destination: Path) -> list[Path]:
    """Copy ``paths`` as of ``revision`` below ``destination``; the copies' paths, one per
    input (a path that did not exist at ``revision`` gives an empty directory)."""
    if revision.startswith("-"):
        raise GitError(f"not a revision: {revision!r}")
    exported: list[Path] = []
    for given in paths:
        root = repository_root(Path(given))
        relative = PurePosixPath(Path(given).resolve().relative_to(root).as_posix())
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", revision, "--", str(relative))
        blobs: list[tuple[str, PurePosixPath]] = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, raw_name = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            if kind == "blob" and mode in ("100644", "100755"):
                blobs.append((sha, PurePosixPath(raw_name.decode("utf-8", "surrogateescape"))))
        contents = _cat_blobs(root, [sha for sha, _ in blobs])
        for (_, name), data in zip(blobs, contents, strict=True):
            if any(part in ("", ".", "..") or "\\" in part for part in name.parts):
                continue  # git refuses such names; a crafted tree must not leave destination
            target = destination.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        landed = destination.joinpath(*relative.parts) if relative.parts else destination
        if not landed.exists():
            landed.mkdir(parents=True)
        exported.append(landed)
    return exported


def _cat_blobs(root: Path, shas: list[str]) -> list[bytes]:
    if not shas:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents: list[bytes] = []
    position = 0
    for _ in shas:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1  # the content is followed by a newline
    return contents


__all__ = ["GitError", "export_revision", "repository_root"]
