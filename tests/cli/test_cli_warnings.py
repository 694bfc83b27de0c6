"""What ``gen-sdk generate`` prints about warnings, as CI sees it (a subprocess, no terminal):
one summary line per spec by default, every warning with ``-v``, nothing from a cached spec
unless ``-v``, nothing with ``-q``; ``--warnings=error`` (or the config's ``warnings``) fails
a spec that has any; ``--warnings=ignore`` drops them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.paths import CORPUS, SEED_SPEC, SPECS
from support.specs import gen_sdk

#: The summary line of a spec's warnings.
SUMMARY = re.compile(
    r"^(?P<spec>.+): (?P<count>\d+) warnings?: (?P<kinds>.+?)(?P<more>; -v lists them)?$"
)


def summaries(stderr: str) -> list[re.Match[str]]:
    return [m for line in stderr.splitlines() if (m := SUMMARY.match(line))]


def total_warnings(stdout: str) -> int:
    found = re.search(r"; (\d+) warnings; ", stdout.splitlines()[-1])
    assert found, stdout
    return int(found.group(1))


@pytest.fixture(scope="module")
def ecs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ECS spec (many duplicate ``RegionId`` parameters), alone in a tree of its own."""
    spec = CORPUS / "ecs" / "2014-05-26"
    if not spec.is_dir():
        pytest.skip("the shared corpus is not available")
    tree = tmp_path_factory.mktemp("specs")
    shutil.copytree(spec, tree / "ecs" / "2014-05-26")
    return tree


def test_ecs_default_summary_then_cached_then_verbose_then_strict(
    ecs: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    spec = ecs / "ecs" / "2014-05-26" / "api-docs.php"

    cold = gen_sdk("--no-format", "--cache-dir", cache, ecs, out)
    assert cold.returncode == 0, cold.stderr
    total = total_warnings(cold.stdout)
    assert total > 50  # ECS repeats RegionId in most operations
    # One line for the whole spec, and no warning on its own.
    assert ": warning: " not in cold.stderr
    [line] = summaries(cold.stderr)
    assert line["spec"] == str(spec) and int(line["count"]) == total
    assert line["kinds"] == f"{total} duplicate parameters dropped" and line["more"]
    assert cold.stdout.splitlines()[0].startswith("[1/1] ecs/2014-05-26 -> ")

    cached = gen_sdk("--no-format", "--cache-dir", cache, ecs, out)
    assert cached.returncode == 0, cached.stderr
    assert "(cached)" in cached.stdout
    assert cached.stderr == ""  # its warnings were shown when it was generated
    assert total_warnings(cached.stdout) == total  # ... and still counted

    verbose = gen_sdk("-v", "--no-format", "--cache-dir", cache, ecs, out)
    assert verbose.returncode == 0, verbose.stderr
    listed = [line for line in verbose.stderr.splitlines() if ": warning: " in line]
    assert len(listed) == total
    assert all(f"{spec}: apis." in line and "duplicate parameter" in line for line in listed)
    [line] = summaries(verbose.stderr)
    assert line["kinds"] == f"{total} duplicate parameters dropped" and not line["more"]

    quiet = gen_sdk("-q", "--no-format", "--cache-dir", cache, ecs, out)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")

    strict = gen_sdk("--warnings=error", "--no-format", "--cache-dir", cache, ecs, tmp_path / "o2")
    assert strict.returncode == 1
    # The warnings that fail the spec are listed like errors, then why it failed.
    assert len([x for x in strict.stderr.splitlines() if ": warning: " in x]) == total
    assert (
        f"{spec}: error: {total} warnings, and --warnings=error makes any warning fail the spec"
        in strict.stderr
    )
    assert f"{spec}: not generated (1 error)" in strict.stderr
    assert not (tmp_path / "o2").exists()  # a failed spec writes nothing


def test_summary_of_the_seed_names_each_kind(tmp_path: Path) -> None:
    done = gen_sdk("--no-format", "--no-cache", SPECS, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{SPECS / 'paimodelgallery' / '2025-06-30' / 'api-docs.php'}: 2 warnings: "
        "1 cut-off head recovered, 1 unknown key ignored; -v lists them"
    ]


def test_warnings_ignore_drops_them(tmp_path: Path) -> None:
    done = gen_sdk("--warnings", "ignore", "--no-format", "--no-cache", SPECS, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and total_warnings(done.stdout) == 0


def test_warnings_error_from_the_config_and_the_option_wins(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SEED_SPEC.parent, specs / "paimodelgallery" / "2025-06-30")
    (specs / "gen-sdk.toml").write_text('warnings = "error"\n', encoding="utf-8")
    strict = gen_sdk("--no-format", "--no-cache", specs, tmp_path / "out")
    assert strict.returncode == 1
    assert "--warnings=error makes any warning fail the spec" in strict.stderr
    relaxed = gen_sdk("--warnings=default", "--no-format", "--no-cache", specs, tmp_path / "out")
    assert relaxed.returncode == 0, relaxed.stderr
    (specs / "gen-sdk.toml").write_text('warnings = "loud"\n', encoding="utf-8")
    bad = gen_sdk("--no-format", "--no-cache", specs, tmp_path / "out")
    assert bad.returncode == 2
    assert "gen-sdk.toml: warnings: expected one of default, error, ignore, found 'loud'" in (
        bad.stderr
    )


def test_an_only_glob_matching_nothing_beside_one_that_matches(tmp_path: Path) -> None:
    """The README's ``--only 'ecs' --only 'pai*/2025-*'`` on the bundled specs: generated,
    with a warning; strict, it is the usage error it is when no glob matches."""
    args = ("--only", "ecs", "--only", "pai*/2025-*", "--no-format", "--no-cache")
    done = gen_sdk(*args, SPECS, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning: --only 'ecs' matches no spec" in done.stderr.splitlines()
    assert (tmp_path / "out" / "paimodelgallery" / "2025-06-30" / "pyproject.toml").is_file()
    assert total_warnings(done.stdout) == 3  # the seed's two, and this one
    strict = gen_sdk("--warnings=error", *args, SPECS, tmp_path / "out2")
    assert strict.returncode == 2
    assert "only 'ecs': matches no spec (found: paimodelgallery/2025-06-30)" in strict.stderr
    none = gen_sdk("--only", "ecs", "--no-cache", SPECS, tmp_path / "out3")
    assert none.returncode == 2 and "only 'ecs': matches no spec" in none.stderr


def test_help_describes_the_output() -> None:
    done = gen_sdk("generate", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "--warnings [default|error|ignore]" in text
    assert "(-v lists every one)" in text and "served from the cache" in text
