"""gen_sdk.cache: keys, entries that survive anything, LRU pruning, tree fingerprints."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gen_sdk.cache import (
    MAGIC,
    OutputCache,
    cache_key,
    decode_entry,
    default_cache_dir,
    encode_entry,
    fingerprint_tree,
)

FILES = {
    "pkg/__init__.py": b"from .client import Client\n",
    "pkg/models/a.py": bytes(range(256)) * 3,  # any bytes, not only text
    "README.md": "übersicht\n".encode(),
    "empty": b"",
}


def entry_path(cache: OutputCache, key: str) -> Path:
    [path] = cache.directory.glob(f"{key}.*")
    return path


def test_cache_key_frames_its_parts() -> None:
    key = cache_key("gen-sdk", b"spec")
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == cache_key("gen-sdk", b"spec")
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a") != cache_key(b"a")
    assert cache_key("a", "") != cache_key("a")
    assert cache_key() != cache_key("")


def test_a_byte_identical_round_trip(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path / "cache")
    key = cache_key("x")
    assert cache.get(key) is None
    assert cache.put(key, FILES)
    assert cache.get(key) == FILES
    assert OutputCache(tmp_path / "cache").get(key) == FILES  # another process, same disk
    assert stat.S_IMODE(entry_path(cache, key).stat().st_mode) == 0o644
    assert cache.put(key, {})  # an entry may be empty, and replaces the old one
    assert cache.get(key) == {}


def test_entries_are_deterministic_bytes() -> None:
    assert encode_entry(FILES) == encode_entry(dict(reversed(FILES.items())))
    data = encode_entry({"a": b"xy"})
    assert data.startswith(MAGIC)
    assert data[len(MAGIC) :][:4] == b"\x00\x00\x00\x01"
    assert decode_entry(data) == {"a": b"xy"}


def corruptions(data: bytes) -> list[bytes]:
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    return [
        b"",
        data[:10],
        data[:-1],  # truncated by one byte
        data[: len(data) // 2],
        bytes(flipped),
        b"XXXXXXXX" + data[8:],
        data + b"\x00",
        b"garbage" * 100,
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_corrupt_entry_is_a_miss_and_is_deleted(tmp_path: Path, index: int) -> None:
    cache = OutputCache(tmp_path)
    key = cache_key("k")
    cache.put(key, FILES)
    path = entry_path(cache, key)
    path.write_bytes(corruptions(path.read_bytes())[index])
    assert cache.get(key) is None
    assert not path.exists()
    assert cache.put(key, FILES) and cache.get(key) == FILES


def test_a_well_formed_entry_with_a_bad_path_is_a_miss(tmp_path: Path) -> None:
    import hashlib
    import struct

    name = b"../escape"
    body = MAGIC + struct.pack(">I", 1) + struct.pack(">I", len(name)) + name
    body += struct.pack(">Q", 1) + b"x"
    data = body + hashlib.sha256(body).digest()  # a valid checksum over a hostile entry
    assert decode_entry(data) is None
    cache = OutputCache(tmp_path)
    key = cache_key("hostile")
    (tmp_path / f"{key}.gsc").write_bytes(data)
    assert cache.get(key) is None


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    key = cache_key("dir")
    (tmp_path / f"{key}.gsc").mkdir()  # reading it fails with IsADirectoryError
    assert cache.get(key) is None


def test_a_cache_that_cannot_be_written_does_not_raise(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    cache = OutputCache(tmp_path / "file" / "cache")
    assert cache.put(cache_key("k"), FILES) is False
    assert cache.get(cache_key("k")) is None


def test_a_failed_write_leaves_the_old_entry_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = OutputCache(tmp_path)
    key = cache_key("k")
    cache.put(key, FILES)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert cache.put(key, {"other": b""}) is False
    monkeypatch.undo()
    assert cache.get(key) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key}.gsc"]


def test_keys_must_be_digests(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    for key in ["../x", "abc", "A" * 64, "g" * 64]:
        with pytest.raises(ValueError, match="invalid cache key"):
            cache.get(key)
    with pytest.raises(ValueError):
        cache.put(cache_key("k"), {"../x": b""})


def test_prune_removes_the_least_recently_used(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    keys = [cache_key(str(i)) for i in range(4)]
    for age, key in enumerate(keys):
        cache.put(key, {"f": b"x" * 1000})
        os.utime(entry_path(cache, key), (1_000_000 + age, 1_000_000 + age))
    size = entry_path(cache, keys[0]).stat().st_size
    assert cache.size() == 4 * size
    assert cache.get(keys[0]) is not None  # a hit makes keys[0] the most recent
    assert cache.prune(2 * size) == 2
    assert [cache.get(k) is not None for k in keys] == [True, False, False, True]
    assert cache.prune(2 * size) == 0
    assert cache.prune(0) == 2
    assert cache.size() == 0


def test_prune_deletes_old_temp_files_only(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    old = tmp_path / ".abc.x.gsc-tmp"
    new = tmp_path / ".abc.y.gsc-tmp"
    old.write_bytes(b"partial")
    new.write_bytes(b"being written")
    os.utime(old, (1_000_000, 1_000_000))
    cache.prune(10**9)
    assert (old.exists(), new.exists()) == (False, True)


def test_prune_on_a_missing_directory(tmp_path: Path) -> None:
    assert OutputCache(tmp_path / "none").prune(0) == 0


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GEN_SDK_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.setenv("GEN_SDK_CACHE_DIR", "")
    assert default_cache_dir() == tmp_path / "xdg" / "gen-sdk"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "gen-sdk"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("GEN_SDK_CACHE_DIR")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "gen-sdk"


def make_tree(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)
    return root


def test_fingerprint_tree_sees_names_and_contents_only(tmp_path: Path) -> None:
    base = {"a.jinja": b"A", "sub/b.jinja": b"B", "static/.keep": b""}
    first = fingerprint_tree(make_tree(tmp_path / "one", base))
    assert first == fingerprint_tree(make_tree(tmp_path / "two", dict(reversed(base.items()))))
    variants = [
        {**base, "a.jinja": b"A2"},
        {**base, "c.jinja": b""},  # an empty file counts
        {"a.jinja": b"A", "sub/b2.jinja": b"B", "static/.keep": b""},  # a rename
        {"a.jinja": b"A", "sub/b.jinja": b"B"},
        {"a.jinjasub/b.jinja": b"AB", "static/.keep": b""},  # no ambiguity by concatenation
    ]
    prints = {first}
    for index, files in enumerate(variants):
        prints.add(fingerprint_tree(make_tree(tmp_path / f"v{index}", files)))
    assert len(prints) == len(variants) + 1
    # Bytecode written by Python beside static files is not part of the template set.
    make_tree(tmp_path / "one", {"static/__pycache__/x.cpython-311.pyc": b"junk"})
    assert fingerprint_tree(tmp_path / "one") == first


def test_fingerprint_of_a_file_and_of_nothing(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x")
    assert fingerprint_tree(tmp_path / "f") != fingerprint_tree(make_tree(tmp_path / "d", {}))
    with pytest.raises(FileNotFoundError):
        fingerprint_tree(tmp_path / "missing")
