"""gen_sdk.output: incremental, atomic, ownership-respecting writes of one package."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from gen_sdk.output import (
    MANIFEST_NAME,
    FileStatus,
    OutputConflictError,
    UnsafePathError,
    apply_plan,
    find_packages,
    plan_package,
    read_manifest,
)

V1 = {
    "README.md": b"v1 readme\n",
    "pkg/__init__.py": b"v1 init\n",
    "pkg/models/a.py": b"v1 a\n",
    "pkg/models/b.py": b"v1 b\n",
}
V2 = {
    "README.md": b"v1 readme\n",
    "pkg/__init__.py": b"v2 init\n",
    "pkg/models/a.py": b"v1 a\n",
    "pkg/client.py": b"v2 client\n",
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generate(package: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    apply_plan(plan_package(package, files, force=force), fsync=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (manifest included)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def manifest_files(package: Path) -> dict[str, str]:
    return dict(json.loads((package / MANIFEST_NAME).read_text())["files"])


def test_first_run_adds_everything_with_a_sorted_manifest(tmp_path: Path) -> None:
    package = tmp_path / "out" / "ecs"
    plan = plan_package(package, V1)
    assert plan.added == tuple(sorted(V1))
    assert not (plan.changed or plan.removed or plan.conflicts or plan.up_to_date)
    assert plan.summary() == f"{package}: 4 added"
    apply_plan(plan)
    assert tree(package) == {**V1, MANIFEST_NAME: (package / MANIFEST_NAME).read_bytes()}
    manifest = (package / MANIFEST_NAME).read_text()
    assert json.loads(manifest) == {
        "files": {path: sha(content) for path, content in V1.items()},
        "generator": "gen-sdk",
        "version": plan.generator_version,
    }
    assert manifest.startswith('{\n  "files": {\n    "README.md": ')
    assert manifest.endswith("}\n")
    for path in [*V1, MANIFEST_NAME]:
        assert stat.S_IMODE((package / path).stat().st_mode) == 0o644


def test_a_rerun_is_up_to_date_and_writes_nothing(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    before = {p: (tmp_path / p).stat().st_mtime_ns for p in [*V1, MANIFEST_NAME]}
    inodes = {p: (tmp_path / p).stat().st_ino for p in [*V1, MANIFEST_NAME]}
    plan = plan_package(tmp_path, V1)
    assert plan.up_to_date
    assert plan.unchanged == tuple(sorted(V1))
    assert plan.summary() == f"{tmp_path}: up to date"
    assert plan.details() == []
    apply_plan(plan)
    assert {p: (tmp_path / p).stat().st_mtime_ns for p in before} == before
    assert {p: (tmp_path / p).stat().st_ino for p in inodes} == inodes


def test_changes_and_manifest_driven_removal(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    (tmp_path / "pkg/models/notes.txt").write_text("mine")  # beside a stale file
    (tmp_path / "pkg/models/__pycache__").mkdir()
    plan = plan_package(tmp_path, V2)
    assert plan.added == ("pkg/client.py",)
    assert plan.changed == ("pkg/__init__.py",)
    assert plan.removed == ("pkg/models/b.py",)
    assert plan.unchanged == ("README.md", "pkg/models/a.py")
    assert plan.summary() == f"{tmp_path}: 1 added, 1 changed, 1 removed"
    assert plan.details() == ["  ~ pkg/__init__.py", "  + pkg/client.py", "  - pkg/models/b.py"]
    apply_plan(plan, fsync=False)
    assert tree(tmp_path) == {
        **V2,
        "pkg/models/notes.txt": b"mine",
        MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_bytes(),
    }
    assert manifest_files(tmp_path) == {p: sha(c) for p, c in V2.items()}


def test_directories_emptied_by_removal_go_and_others_stay(tmp_path: Path) -> None:
    generate(tmp_path, {"a/b/c/x.py": b"x", "a/keep.py": b"k", "d/y.py": b"y"})
    (tmp_path / "d/mine.txt").write_text("mine")
    generate(tmp_path, {"a/keep.py": b"k"})
    assert not (tmp_path / "a/b").exists()
    assert (tmp_path / "a/keep.py").exists()
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["mine.txt"]


def test_a_hand_written_file_is_a_conflict_and_is_left_alone(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    (tmp_path / "pkg/extra.py").write_text("hand-written\n")
    files = {**V1, "pkg/extra.py": b"generated\n"}
    plan = plan_package(tmp_path, files)
    [conflict] = plan.conflicts
    assert (conflict.path, conflict.status) == ("pkg/extra.py", FileStatus.CONFLICT)
    assert conflict.reason == "exists and was not written by gen-sdk (--force overwrites it)"
    assert plan.summary() == f"{tmp_path}: 1 conflict"
    assert plan.details() == [
        "  ! pkg/extra.py: exists and was not written by gen-sdk (--force overwrites it)"
    ]
    assert not plan.up_to_date
    before = tree(tmp_path)
    with pytest.raises(OutputConflictError, match="1 conflict"):
        apply_plan(plan)
    assert tree(tmp_path) == before  # nothing at all was written

    forced = plan_package(tmp_path, files, force=True)
    assert (forced.changed, forced.conflicts) == (("pkg/extra.py",), ())
    apply_plan(forced, fsync=False)
    assert (tmp_path / "pkg/extra.py").read_bytes() == b"generated\n"
    assert "pkg/extra.py" in manifest_files(tmp_path)


def test_files_outside_the_manifest_are_never_removed(tmp_path: Path) -> None:
    generate(tmp_path, V1)
    (tmp_path / "CHANGELOG.md").write_text("mine")
    generate(tmp_path, {"README.md": b"only\n"})
    assert sorted(tree(tmp_path)) == [MANIFEST_NAME, "CHANGELOG.md", "README.md"]


def test_identical_content_is_adopted_silently(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_bytes(V1["pkg/__init__.py"])
    plan = plan_package(tmp_path, V1)
    assert "pkg/__init__.py" in plan.unchanged
    assert not plan.conflicts
    assert plan.manifest_changed
    apply_plan(plan, fsync=False)
    assert "pkg/__init__.py" in manifest_files(tmp_path)
    # Now ours: removed when the output drops it.
    generate(tmp_path, {"README.md": b"x"})
    assert not (tmp_path / "pkg").exists()


@pytest.mark.parametrize(
    "manifest",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"generator": "other", "files": {}}',
        b'{"generator": "gen-sdk", "files": {"README.md": "nothex"}}',
        b'{"generator": "gen-sdk", "files": {"../outside.txt": "' + b"0" * 64 + b'"}}',
    ],
)
def test_a_corrupt_manifest_counts_as_empty(tmp_path: Path, manifest: bytes) -> None:
    package = tmp_path / "pkg"
    generate(package, V1)
    (tmp_path / "outside.txt").write_text("precious")
    (package / MANIFEST_NAME).write_bytes(manifest)
    assert read_manifest(package)[0] == {}
    changed = {**V2, "README.md": b"different\n"}
    plan = plan_package(package, changed)
    assert plan.notes == (f"{package / MANIFEST_NAME}: not a gen-sdk manifest: treated as empty",)
    # Identical files are adopted; different ones are not ours any more; none removed.
    assert plan.unchanged == ("pkg/models/a.py",)
    assert plan.added == ("pkg/client.py",)
    assert [c.path for c in plan.conflicts] == ["README.md", "pkg/__init__.py"]
    assert plan.removed == ()
    assert plan.details()[-1].startswith("  note: ")
    generate(package, changed, force=True)
    assert (package / "pkg/models/b.py").exists()  # unknown, so kept
    assert (tmp_path / "outside.txt").read_text() == "precious"


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/./b", "", "a\\b", "C:/x", "a\0b", "a/"],
)
def test_unsafe_paths_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePathError):
        plan_package(tmp_path, {path: b"x"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "files",
    [
        {"a": b"", "a/b": b""},  # a file and a directory
        {"Client.py": b"", "client.py": b""},  # the same file on macOS and Windows
        {MANIFEST_NAME: b"{}"},
        {"pkg/.x.py.abc123.gen-sdk-tmp": b""},
    ],
)
def test_ambiguous_or_reserved_paths_are_refused(tmp_path: Path, files: dict[str, bytes]) -> None:
    with pytest.raises(UnsafePathError):
        plan_package(tmp_path, files)


def test_a_symlinked_directory_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "sub").symlink_to(outside)
    plan = plan_package(package, {"sub/x.py": b"x"})
    [conflict] = plan.conflicts
    assert conflict.reason == "sub is a symlink not written by gen-sdk"
    assert list(outside.iterdir()) == []


def test_a_hand_written_file_where_a_directory_should_be(tmp_path: Path) -> None:
    (tmp_path / "pkg").write_text("mine")
    [conflict] = plan_package(tmp_path, {"pkg/x.py": b"x"}).conflicts
    assert conflict.reason == "pkg is a file not written by gen-sdk"


def test_a_stale_file_may_become_a_directory_and_back(tmp_path: Path) -> None:
    generate(tmp_path, {"api": b"a file\n"})
    generate(tmp_path, {"api/__init__.py": b"now a package\n"})
    assert (tmp_path / "api/__init__.py").read_bytes() == b"now a package\n"
    generate(tmp_path, {"api": b"a file again\n"})
    assert (tmp_path / "api").read_bytes() == b"a file again\n"
    (tmp_path / "api").unlink()
    (tmp_path / "api").mkdir()
    (tmp_path / "api/mine.py").write_text("mine")
    [conflict] = plan_package(tmp_path, {"api": b"x"}).conflicts
    assert conflict.reason == "a directory is in the way (holding api/mine.py)"


def test_an_empty_output_removes_the_package(tmp_path: Path) -> None:
    package = tmp_path / "out" / "ecs"
    generate(package, V1)
    plan = plan_package(package, {})
    assert plan.removed == tuple(sorted(V1))
    apply_plan(plan, fsync=False)
    assert not package.exists()
    assert (tmp_path / "out").is_dir()
    # With a file of the user's inside, only ours go.
    generate(package, V1)
    (package / "mine.txt").write_text("mine")
    generate(package, {})
    assert tree(package) == {"mine.txt": b"mine"}


def test_find_packages(tmp_path: Path) -> None:
    generate(tmp_path / "ecs" / "2014-05-26", {"a": b""})
    generate(tmp_path / "cs" / "2015-12-15", {"a": b""})
    (tmp_path / "cs" / "2015-12-15" / "nested").mkdir()
    (tmp_path / "other").mkdir()
    assert find_packages(tmp_path) == [tmp_path / "cs/2015-12-15", tmp_path / "ecs/2014-05-26"]


# --------------------------------------------------------------------------------------------
# Crashes
# --------------------------------------------------------------------------------------------


class Crash(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


def crash_on_replace(monkeypatch: pytest.MonkeyPatch, at: int) -> None:
    real = os.replace
    calls = 0

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal calls
        calls += 1
        if calls == at:
            raise Crash(f"replace #{at}")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def count_replaces(
    monkeypatch: pytest.MonkeyPatch, package: Path, old: dict[str, bytes], new: dict[str, bytes]
) -> int:
    """How many renames a clean apply from ``old`` to ``new`` does."""
    generate(package, old)
    calls = 0
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal calls
        calls += 1
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    generate(package, new)
    monkeypatch.undo()
    return calls


def assert_consistent(package: Path, *versions: dict[str, bytes]) -> None:
    """Every file is whole: one of the versions' contents, never a part; no temp files."""
    for path, content in tree(package).items():
        if path == MANIFEST_NAME:
            json.loads(content)  # whole JSON
            continue
        assert any(v.get(path) == content for v in versions), (path, content)
    assert not [p for p in package.rglob("*") if p.name.endswith(".gen-sdk-tmp")]


def test_the_crash_points_are_all_covered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # provisional manifest + 2 files + final manifest: the crash tests below hit each one
    assert count_replaces(monkeypatch, tmp_path, V1, V2) == 4


@pytest.mark.parametrize("at", [1, 2, 3, 4])
def test_a_crash_mid_apply_leaves_whole_files_and_a_rerun_converges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    clean = tmp_path / "clean"
    generate(clean, V1)
    generate(clean, V2)
    package = tmp_path / "crashed"
    generate(package, V1)
    crash_on_replace(monkeypatch, at)
    with pytest.raises(Crash):
        generate(package, V2)
    monkeypatch.undo()
    assert_consistent(package, V1, V2)
    assert not plan_package(package, V2).conflicts
    generate(package, V2)
    assert tree(package) == tree(clean)
    assert plan_package(package, V2).up_to_date


@pytest.mark.parametrize("at", [2, 3, 4])
def test_files_of_an_interrupted_run_stay_ours_when_the_output_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    generate(tmp_path, V1)
    crash_on_replace(monkeypatch, at)
    with pytest.raises(Crash):
        generate(tmp_path, V2)  # may have written pkg/client.py before dying
    monkeypatch.undo()
    v3 = {**V2, "pkg/client.py": b"v3 client\n"}
    plan = plan_package(tmp_path, v3)
    assert plan.conflicts == ()
    apply_plan(plan, fsync=False)
    assert {p: c for p, c in tree(tmp_path).items() if p != MANIFEST_NAME} == v3


def test_temp_files_of_a_killed_run_are_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, V1)
    crash_on_replace(monkeypatch, 3)
    # A killed process cleans nothing up: neither does this one.
    monkeypatch.setattr(os, "unlink", lambda *args, **kwargs: None)
    with pytest.raises(Crash):
        generate(tmp_path, V2)
    monkeypatch.undo()
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".gen-sdk-tmp")]
    assert len(leftovers) == 1
    plan = plan_package(tmp_path, V2)
    assert plan.leftovers == (leftovers[0].relative_to(tmp_path).as_posix(),)
    apply_plan(plan, fsync=False)
    assert_consistent(tmp_path, V2)
    assert plan_package(tmp_path, V2).up_to_date


def test_an_error_writing_a_file_propagates_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, V1)
    real: Callable[[str, int], None] = os.chmod

    def chmod(path: str, mode: int) -> None:
        if "client.py" in str(path):
            raise PermissionError(13, "Permission denied")
        real(path, mode)

    monkeypatch.setattr(os, "chmod", chmod)
    with pytest.raises(PermissionError):
        generate(tmp_path, V2)
    monkeypatch.undo()
    assert_consistent(tmp_path, V1, V2)
    generate(tmp_path, V2)
    assert plan_package(tmp_path, V2).up_to_date
