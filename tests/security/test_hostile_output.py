"""Output never leaves OUT and a run deletes only what it was asked about: names made from
spec text, symlinks inside OUT, forged cache entries, packages of other specs."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.specs import gen_sdk, tiny_spec, tree, write_spec

from gen_sdk.cache import OutputCache
from gen_sdk.cli import main as cli_main
from gen_sdk.generate.cachekeys import META
from gen_sdk.output import UnsafePathError, check_path, manifest_spec
from gen_sdk.paths import MAX_SEGMENT, UnsafeNameError, check_segment, safe_segment

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "generated" / "paimodelgallery" / "2025-06-30"


# -- names from spec text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("product", "version"),
    [("..", ".."), (".", "."), ("", "2020-01-01"), ("/", "/"), ("ok", "\x00")],
)
def test_names_that_give_no_directory_are_errors(
    tmp_path: Path, product: str, version: str
) -> None:
    """`..`/`..` wrote 29 files to OUT/../..; `.`/`.` wrote into OUT's root."""
    spec = write_spec(tmp_path / "work" / "specs" / "x.json", tiny_spec(product, version))
    out = tmp_path / "work" / "out"
    before = tree(tmp_path)
    done = gen_sdk(spec, out)
    assert done.returncode == 1
    assert "error: cannot name the package" in done.stderr
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    ("product", "version", "directory"),
    [
        ("a/b\\c", "2020/01", "a-b-c/2020-01"),
        ("CON", "aux", "con_/aux_"),
        ("Ecs", "2014-05-26..", "ecs/2014-05-26"),
        ("产品", "v1", None),  # nothing ASCII left: an error, checked below
    ],
)
def test_names_are_mapped_to_safe_segments(
    tmp_path: Path, product: str, version: str, directory: str | None
) -> None:
    spec = write_spec(tmp_path / "x.json", tiny_spec(product, version))
    done = gen_sdk(spec, tmp_path / "out")
    if directory is None:
        assert done.returncode == 1 and "gives no usable file name" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / directory / ".gen-sdk-manifest.json").is_file()


def test_an_over_long_name_is_cut_predictably(tmp_path: Path) -> None:
    """A 300-character product failed with ENAMETOOLONG."""
    product = "P" * 300
    spec = write_spec(tmp_path / "x.json", tiny_spec(product))
    done = gen_sdk(spec, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    [package] = (tmp_path / "out").iterdir()
    assert package.name == safe_segment(product.lower())
    assert len(package.name) == MAX_SEGMENT
    [src] = (package / "2020-01-01" / "src").iterdir()
    assert len(src.name) <= MAX_SEGMENT and src.name.isidentifier()


def test_segment_rules() -> None:
    for bad in ("", ".", "..", ".hidden", "a/b", "a\\b", "x\x00", "nul.txt", "COM1", "a" * 65):
        with pytest.raises(UnsafeNameError):
            check_segment(bad)
    assert safe_segment("  My Product!! ") == "My-Product"
    assert safe_segment("lpt1.json") == "lpt1_.json"
    assert safe_segment("x" * 100) == safe_segment("x" * 100)  # deterministic
    assert safe_segment("x" * 100) != safe_segment("x" * 101)


@pytest.mark.parametrize("path", ["models/aux.py", "con", "a/" + "é" * 130 + ".py"])
def test_file_paths_with_device_or_over_long_names_are_refused(path: str) -> None:
    with pytest.raises(UnsafePathError):
        check_path(path)


# -- symlinks inside OUT -----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["demo", "demo/2020-01-01"])
def test_a_symlink_in_out_is_not_written_through(tmp_path: Path, where: str) -> None:
    spec = write_spec(tmp_path / "x.json")
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    link = out / where
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere, target_is_directory=True)

    done = gen_sdk(spec, out)
    assert done.returncode == 1
    assert f"{where} is a symlink: gen-sdk does not write through symlinks" in done.stderr
    assert tree(elsewhere) == {"keep.txt": b"mine"}

    done = gen_sdk(spec, out, "--force")
    assert done.returncode == 0, done.stderr
    assert not link.is_symlink() and link.is_dir()
    assert tree(elsewhere) == {"keep.txt": b"mine"}  # the link went, not its target
    assert (out / "demo" / "2020-01-01" / ".gen-sdk-manifest.json").is_file()


def test_out_as_a_symlink_loop_is_a_usage_error(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "x.json")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    done = gen_sdk(spec, loop)
    assert done.returncode == 2
    assert "OUT" in done.stderr and "symbolic links" in done.stderr


# -- the cache ----------------------------------------------------------------------------------


def test_a_forged_cache_entry_cannot_write_outside_out(tmp_path: Path) -> None:
    """An entry with a valid checksum whose package_dir is ../../x is a miss."""
    spec = write_spec(tmp_path / "x.json")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert gen_sdk(spec, out, "--cache-dir", cache).returncode == 0
    store = OutputCache(cache)
    entries = {p.stem: store.get(p.stem) for p in cache.glob("*.gsc")}
    [(key, files)] = [(k, f) for k, f in entries.items() if f and META in f]
    meta = json.loads(files[META])
    meta["package_dir"] = "../../x"
    files[META] = json.dumps(meta).encode()
    files["evil.py"] = b"print('x')\n"
    assert store.put(key, files)

    done = gen_sdk(spec, out, "--cache-dir", cache, "-v")
    assert done.returncode == 0, done.stderr
    assert "(cached)" not in done.stdout  # a miss: generated again
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()
    assert not list(tmp_path.rglob("evil.py"))


# -- what a run deletes -------------------------------------------------------------------------


def _generated_tree(tmp_path: Path) -> tuple[Path, Path]:
    """specs/ with two specs, generated into out/."""
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_spec(specs / "one" / "2020-01-01" / "api-docs.json", tiny_spec("One"))
    write_spec(specs / "two" / "2020-01-01" / "api-docs.json", tiny_spec("Two"))
    assert gen_sdk(specs, out).returncode == 0
    return specs, out


def test_generating_one_file_leaves_other_packages_alone(tmp_path: Path) -> None:
    """`gen-sdk sts.php generated/` deleted the seed package."""
    _, out = _generated_tree(tmp_path)
    before = tree(out)
    extra = write_spec(tmp_path / "sts.json", tiny_spec("Sts"))
    done = gen_sdk(extra, out)
    assert done.returncode == 0, done.stderr
    assert "left alone: 2 packages in OUT not made from these SPECS" in done.stdout
    assert "--prune removes them" in done.stdout
    after = tree(out)
    assert {k: v for k, v in after.items() if not k.startswith("sts/")} == before


def test_a_package_whose_spec_is_gone_is_removed_and_counted(tmp_path: Path) -> None:
    specs, out = _generated_tree(tmp_path)
    assert (
        manifest_spec(out / "two" / "2020-01-01") == "../../../specs/two/2020-01-01/api-docs.json"
    )
    (specs / "two" / "2020-01-01" / "api-docs.json").unlink()
    done = gen_sdk(specs, out)
    assert done.returncode == 0, done.stderr
    assert "out/two/2020-01-01" in done.stdout and "(its spec is gone)" in done.stdout
    assert "1 packages removed" in done.stdout
    assert not (out / "two").exists()
    assert (out / "one" / "2020-01-01").is_dir()


def test_prune_removes_what_the_run_did_not_produce(tmp_path: Path) -> None:
    _, out = _generated_tree(tmp_path)
    extra = write_spec(tmp_path / "sts.json", tiny_spec("Sts"))
    done = gen_sdk(extra, out, "--prune")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["sts"]
    done = gen_sdk(extra, out, "--prune", "--only", "sts")
    assert done.returncode == 2 and "not with --only" in done.stderr


def test_a_removal_that_fails_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing an orphan from a read-only OUT raised PermissionError (root ignores file
    modes, so the refusal is injected)."""
    specs, out = _generated_tree(tmp_path)
    (specs / "two" / "2020-01-01" / "api-docs.json").unlink()

    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if out in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    monkeypatch.setenv("GEN_SDK_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli_main, [str(specs), str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot remove the package: Permission denied" in result.output


def test_the_seed_manifest_records_its_spec() -> None:
    recorded = manifest_spec(SEED)
    assert recorded is not None
    assert (
        SEED / recorded
    ).resolve() == ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"


def test_files_in_the_way_that_are_not_regular_are_conflicts(tmp_path: Path) -> None:
    """A FIFO where a generated file goes is never opened (it would block the run)."""
    spec = write_spec(tmp_path / "x.json")
    out = tmp_path / "out"
    readme = out / "demo" / "2020-01-01" / "README.md"
    readme.parent.mkdir(parents=True)
    os.mkfifo(readme)
    done = gen_sdk(spec, out, timeout=60)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr
    assert stat.S_ISFIFO(readme.lstat().st_mode)
