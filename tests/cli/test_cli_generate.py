"""``gen-sdk SPECS... OUT`` as CI runs it: in-process (click's CliRunner) and as a subprocess.

Tiny PHP/JSON specs written here keep every run short; the bundled seed spec is used where
a real one matters (the ``generated/`` drift gate).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import gen_sdk.generate as pipeline
import gen_sdk.generate.worker as worker
from gen_sdk.cli import main as cli_main
from gen_sdk.discovery import MANIFEST_NAME
from gen_sdk.generate import generate

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
GEN_SDK = Path(sys.executable).parent / "gen-sdk"


# -- tiny specs ------------------------------------------------------------------------------


def _operation(name: str, summary: str) -> str:
    return f"""
        '{name}' => [
            'methods' => ['get'],
            'summary' => '{summary}',
            'parameters' => [
                ['name' => 'RegionId', 'in' => 'query',
                 'schema' => ['type' => 'string', 'required' => true]],
                ['name' => 'Name', 'in' => 'query', 'schema' => ['type' => 'string']],
            ],
            'responses' => [
                200 => ['schema' => ['type' => 'object', 'properties' => [
                    'RequestId' => ['type' => 'string'],
                    'Count' => ['type' => 'integer'],
                ]]],
            ],
        ],"""


def php_spec(product: str, version: str, operations: list[str], summary: str = "Do it.") -> str:
    apis = "".join(_operation(name, summary) for name in operations)
    host = f"{product.lower()}.cn-hangzhou.aliyuncs.com"
    return f"""<?php
return [
    'version' => '1.0',
    'info' => ['style' => 'RPC', 'product' => '{product}', 'version' => '{version}'],
    'endpoints' => [['regionId' => 'cn-hangzhou', 'endpoint' => '{host}']],
    'components' => ['schemas' => []],
    'apis' => [{apis}
    ],
];
"""


def json_spec(product: str, version: str, operations: list[str]) -> str:
    op = {
        "methods": ["get"],
        "summary": "Do it.",
        "parameters": [
            {"name": "RegionId", "in": "query", "schema": {"type": "string", "required": True}}
        ],
        "responses": {"200": {"schema": {"type": "object", "properties": {}}}},
    }
    return json.dumps(
        {
            "version": "1.0",
            "info": {"style": "RPC", "product": product, "version": version},
            "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "x.aliyuncs.com"}],
            "apis": {name: op for name in operations},
        }
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_tree(root: Path) -> Path:
    """``<product>/<version>/api-docs.php`` for two products."""
    write(root / "alpha" / "2020-01-01" / "api-docs.php", php_spec("Alpha", "2020-01-01", ["A1"]))
    write(root / "beta" / "2021-02-03" / "api-docs.php", php_spec("Beta", "2021-02-03", ["B1"]))
    return root


def tree_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes); nothing else may differ."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def invoke(*args: str | Path, cache: Path | None = None) -> Result:
    argv = [str(a) for a in args]
    argv += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    return CliRunner().invoke(cli_main, argv, catch_exceptions=False)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Any run that does not name a cache gets a private one.
    monkeypatch.setenv("GEN_SDK_CACHE_DIR", str(tmp_path / "default-cache"))


# -- in-process runs -------------------------------------------------------------------------


def test_tree_single_file_json_and_only(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    out = tmp_path / "out"
    result = invoke(specs, out)
    assert result.exit_code == 0, result.output
    for package, module in (
        ("alpha/2020-01-01", "alpha_20200101"),
        ("beta/2021-02-03", "beta_20210203"),
    ):
        assert (out / package / "src" / module / "client.py").is_file()
        manifest = json.loads((out / package / MANIFEST_NAME).read_text())
        assert manifest["generator"] == "gen-sdk"
        assert set(manifest["files"]) == set(tree_files(out / package)) - {MANIFEST_NAME}
    assert "[1/2] alpha/2020-01-01" in result.output and "[2/2] beta/2021-02-03" in result.output
    assert re.search(r"2 specs; 2 operations; files: \d+ written, 0 unchanged", result.output)

    # A single file, and JSON, each alone.
    single = invoke(specs / "beta" / "2021-02-03" / "api-docs.php", tmp_path / "single")
    assert single.exit_code == 0, single.output
    assert tree_files(tmp_path / "single" / "beta") == tree_files(out / "beta")
    as_json = write(
        tmp_path / "json" / "gamma" / "1.0" / "api-docs.json", json_spec("Gamma", "1.0", ["G1"])
    )
    done = invoke(as_json, tmp_path / "json-out")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "json-out" / "gamma" / "1.0" / "src" / "gamma_10" / "client.py").is_file()

    # --only: a product glob; a glob matching nothing is a usage error.
    only = invoke("--only", "b*", specs, tmp_path / "only")
    assert only.exit_code == 0, only.output
    assert sorted(p.name for p in (tmp_path / "only").iterdir()) == ["beta"]
    assert invoke("--only", "nope", specs, tmp_path / "only").exit_code == 2
    # A narrowed run leaves the other packages in OUT alone.
    assert invoke("--only", "alpha/2020-*", specs, out).exit_code == 0
    assert (out / "beta" / "2021-02-03" / MANIFEST_NAME).is_file()


def test_php_beside_json_prefers_php_and_bad_inputs_are_usage_errors(tmp_path: Path) -> None:
    folder = tmp_path / "specs" / "delta" / "2022-01-01"
    write(folder / "api-docs.php", php_spec("Delta", "2022-01-01", ["FromPhp"]))
    write(folder / "api-docs.json", json_spec("Delta", "2022-01-01", ["FromJson"]))
    result = invoke(tmp_path / "specs", tmp_path / "out")
    assert result.exit_code == 0, result.output
    models = tmp_path / "out" / "delta" / "2022-01-01" / "src" / "delta_20220101" / "models"
    assert (models / "from_php.py").is_file() and not (models / "from_json.py").exists()
    assert invoke(tmp_path / "missing", tmp_path / "out").exit_code == 2
    assert invoke(tmp_path / "specs").exit_code == 2
    (tmp_path / "file").write_text("x")
    assert invoke(tmp_path / "specs", tmp_path / "file").exit_code == 2


def test_check_and_dry_run_on_clean_and_drifted_tree(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    out = tmp_path / "out"
    assert invoke(specs, out).exit_code == 0
    clean = invoke("--check", specs, out)
    assert clean.exit_code == 0, clean.output
    assert "up to date" in clean.output

    client = out / "alpha" / "2020-01-01" / "src" / "alpha_20200101" / "client.py"
    client.write_text("edited\n")
    (out / "beta" / "2021-02-03" / "README.md").unlink()
    write(specs / "alpha" / "2020-01-01" / "api-docs.php", php_spec("Alpha", "2020-01-01", ["A2"]))
    before = tree_files(out)
    drift = invoke("--check", specs, out)
    assert drift.exit_code == 1, drift.output
    assert "~ src/alpha_20200101/client.py" in drift.output
    assert "+ src/alpha_20200101/models/a2.py" in drift.output
    assert "- src/alpha_20200101/models/a1.py" in drift.output
    assert "+ README.md" in drift.output
    assert "out of date" in drift.output
    dry = invoke("--dry-run", specs, out)
    assert dry.exit_code == 0 and "+ src/alpha_20200101/models/a2.py" in dry.output
    assert tree_files(out) == before  # neither wrote anything

    assert invoke(specs, out).exit_code == 0
    assert invoke("--check", specs, out).exit_code == 0


def test_stale_files_removed_hand_written_files_left_alone(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "specs" / "alpha" / "1" / "api-docs.php", php_spec("Alpha", "1", ["A1", "A2"])
    )
    out = tmp_path / "out"
    assert invoke(tmp_path / "specs", out).exit_code == 0
    package = out / "alpha" / "1"
    models = package / "src" / "alpha_1" / "models"
    mine = write(models / "custom.py", "# mine\n")
    notes = write(out / "README.md", "hand-written\n")
    assert (models / "a2.py").is_file()

    write(spec, php_spec("Alpha", "1", ["A1"]))
    result = invoke("-v", tmp_path / "specs", out)
    assert result.exit_code == 0, result.output
    assert "- src/alpha_1/models/a2.py" in result.output  # --verbose lists the files
    assert not (models / "a2.py").exists() and (models / "a1.py").is_file()
    assert mine.read_text() == "# mine\n" and notes.read_text() == "hand-written\n"
    assert "models/custom.py" not in json.loads((package / MANIFEST_NAME).read_text())["files"]

    # A file of the user's where the generator wants to write: an error, untouched;
    # --force takes it over.
    write(spec, php_spec("Alpha", "1", ["A1", "Custom"]))
    blocked = invoke(tmp_path / "specs", out)
    assert blocked.exit_code == 1 and "not written by gen-sdk" in blocked.output
    assert mine.read_text() == "# mine\n"
    assert invoke("--force", tmp_path / "specs", out).exit_code == 0
    assert "class CustomRequest" in mine.read_text()

    # A package whose spec is gone is removed; the hand-written README stays.
    spec.unlink()
    write(tmp_path / "specs" / "beta" / "1" / "api-docs.php", php_spec("Beta", "1", ["B1"]))
    assert invoke(tmp_path / "specs", out).exit_code == 0
    assert not package.exists() and notes.is_file() and (out / "beta" / "1").is_dir()


def test_broken_spec_among_good_ones(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    broken = write(
        specs / "broken" / "1" / "api-docs.php", "<?php\nreturn [\n  'a' => [1, 2,\n];\n"
    )
    result = invoke(specs, tmp_path / "out", cache=tmp_path / "cache")
    assert result.exit_code == 1
    error_line = re.search(rf"{re.escape(str(broken))}:\d+:\d+: error: .*", result.output)
    assert error_line, result.output
    assert f"{broken}: not generated" in result.output
    assert (tmp_path / "out" / "alpha" / "2020-01-01" / MANIFEST_NAME).is_file()
    assert (tmp_path / "out" / "beta" / "2021-02-03" / MANIFEST_NAME).is_file()
    assert "(1 failed)" in result.output and "0 from cache" in result.output

    # The failure is cached too (not parsed again), and told with the path it has now.
    moved = tmp_path / "moved"
    specs.rename(moved)
    again = invoke(moved, tmp_path / "out", cache=tmp_path / "cache")
    assert again.exit_code == 1 and "3 from cache" in again.output
    moved_line = error_line[0].replace(str(specs), str(moved))
    assert moved_line in again.output and str(specs) + "/" not in again.output


def test_template_override(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    plain = tmp_path / "plain"
    assert invoke(specs, plain, cache=tmp_path / "cache").exit_code == 0
    overrides = tmp_path / "overrides"
    write(overrides / "README.md.jinja", "# {{ distribution }} (house style)\n")
    write(overrides / "static" / "_runtime" / "house.py", '"""Ours."""\n')
    out = tmp_path / "out"
    result = invoke("--templates", overrides, specs, out, cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    package = out / "alpha" / "2020-01-01"
    assert (package / "README.md").read_text() == "# gen-sdk-alpha-20200101 (house style)\n"
    runtime = package / "src" / "alpha_20200101" / "_runtime"
    assert (runtime / "house.py").read_text() == '"""Ours."""\n'
    # Everything else falls back to the built-in set, and the cache told the sets apart.
    expected = tree_files(plain)
    got = tree_files(out)
    changed = {p for p in expected if got.get(p) != expected[p]}
    assert {p.split("/", 2)[2] for p in changed} == {"README.md", MANIFEST_NAME}
    assert set(got) - set(expected) == {
        "alpha/2020-01-01/src/alpha_20200101/_runtime/house.py",
        "beta/2021-02-03/src/beta_20210203/_runtime/house.py",
    }


def test_config_file_names_versions_and_overrides(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    write(
        specs / "gen-sdk.toml",
        """
package-name = "acme_{product_compact}_{version_compact}"
distribution-name = "acme-{product}-{version_compact}"
package-version = "{spec_version_dotted}.post1"
[overrides."beta"]
package-name = "acme_beta"
""",
    )
    result = invoke(specs, tmp_path / "out")
    assert result.exit_code == 0, result.output
    alpha = tmp_path / "out" / "alpha" / "2020-01-01"
    assert (alpha / "src" / "acme_alpha_20200101" / "client.py").is_file()
    pyproject = (alpha / "pyproject.toml").read_text()
    assert 'name = "acme-alpha-20200101"' in pyproject and 'version = "2020.1.1.post1"' in pyproject
    assert (tmp_path / "out" / "beta" / "2021-02-03" / "src" / "acme_beta").is_dir()
    write(specs / "gen-sdk.toml", 'package-name = "{nope}"\n')
    bad = invoke(specs, tmp_path / "out")
    assert bad.exit_code == 2 and "unknown placeholder {nope}" in bad.output


def test_cache_hit_equals_cold_run_and_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    cache = tmp_path / "cache"
    cold = generate([specs], tmp_path / "cold", use_cache=False)
    filled = generate([specs], tmp_path / "filled", cache_dir=cache)
    hit = generate([specs], tmp_path / "hit", cache_dir=cache)
    assert cold.ok and not any(r.cached for r in filled.results)
    assert all(r.cached for r in hit.results)
    assert tree_files(tmp_path / "cold") == tree_files(tmp_path / "filled")
    assert tree_files(tmp_path / "cold") == tree_files(tmp_path / "hit")
    assert [str(d) for d in hit.diagnostics] == [str(d) for d in cold.diagnostics]
    assert hit.operations == cold.operations == 2
    # The options are part of the key: unformatted output is another entry.
    raw = generate([specs], tmp_path / "raw", cache_dir=cache, format=False)
    assert raw.ok and not any(r.cached for r in raw.results)
    assert all(
        r.cached
        for r in generate([specs], tmp_path / "raw2", cache_dir=cache, format=False).results
    )

    # 4 packages (and the formatted files' memo when a file needed black: here none does).
    entries = sorted(cache.glob("*.gsc"))
    assert len(entries) >= 4
    for number, entry in enumerate(entries):  # damaged inside, or truncated to nothing
        entry.write_bytes(entry.read_bytes()[:-40] + b"garbage" if number % 2 else b"")
    again = generate([specs], tmp_path / "again", cache_dir=cache)
    assert again.ok and not any(r.cached for r in again.results)
    assert tree_files(tmp_path / "again") == tree_files(tmp_path / "cold")
    unwritable = tmp_path / "not-a-dir"
    unwritable.write_text("")
    assert generate([specs], tmp_path / "nocache", cache_dir=unwritable).ok


def _normalized(result: Result) -> str:
    return re.sub(r"\d+\.\d s$", "T s", result.output.strip())


def test_jobs_1_and_2_give_identical_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small enough specs would run in-process: make them go through the pool, formatted
    # in many chunks, to compare the parallel path with the serial one.
    monkeypatch.setattr(pipeline, "POOL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr(worker, "FORMAT_CHUNK_BYTES", 1)
    specs = make_tree(tmp_path / "specs")
    write(specs / "broken" / "1" / "api-docs.php", "<?php return [1,")
    for n in range(3):
        ops = [f"Op{n}x{i}" for i in range(4)]
        write(specs / f"p{n}" / "1" / "api-docs.php", php_spec(f"P{n}", "1", ops))
    one = invoke("--jobs", "1", specs, tmp_path / "one")
    two = invoke("--jobs", "2", specs, tmp_path / "two")
    assert one.exit_code == two.exit_code == 1
    assert tree_files(tmp_path / "one") == tree_files(tmp_path / "two")
    assert _normalized(one).replace("/one/", "/X/") == _normalized(two).replace("/two/", "/X/")


# -- subprocesses ----------------------------------------------------------------------------


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GEN_SDK), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_subprocess_end_to_end_plain_lines_in_ci(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    out = tmp_path / "out"
    env = {"GEN_SDK_CACHE_DIR": str(tmp_path / "cache")}
    first = run(specs, out, env=env)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("[1/2] alpha/2020-01-01 -> ") and "added" in lines[0]
    assert lines[-1].startswith("2 specs; 2 operations; files: ")
    assert "\r" not in first.stdout + first.stderr  # no progress bar without a terminal
    again = run("--check", specs, out, env=env)
    assert again.returncode == 0 and "(cached)" in again.stdout, again.stdout
    (out / "beta" / "2021-02-03" / "pyproject.toml").write_text("")
    drift = run("--check", "-q", specs, out, env=env)
    assert drift.returncode == 1, drift.stdout
    assert drift.stdout.splitlines() == [
        f"{out / 'beta' / '2021-02-03'}: 1 changed",
        "  ~ pyproject.toml",
    ]


def test_cache_hit_imports_neither_parser_jinja_nor_black(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    cache = tmp_path / "cache"
    assert generate([specs], tmp_path / "out", cache_dir=cache).ok
    code = (
        "import sys\n"
        "from gen_sdk.cli import main\n"
        "try:\n"
        f"    main([{str(specs)!r}, {str(tmp_path / 'out')!r}, '--cache-dir', {str(cache)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('black', 'jinja2', 'lark', 'concurrent.futures.process')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]", done.stdout
    assert "2 from cache" in done.stdout


def test_interrupted_run_converges(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    for n in range(6):
        ops = [f"Operation{n}x{i}" for i in range(12)]
        write(specs / f"p{n}" / "1" / "api-docs.php", php_spec(f"P{n}", "1", ops))
    out = tmp_path / "out"
    command = [str(GEN_SDK), str(specs), str(out), "--no-cache", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.glob(f"*/*/{MANIFEST_NAME}")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)  # no chance to clean up
    process.wait()
    assert list(out.glob(f"*/*/{MANIFEST_NAME}")), "the run never started writing"
    rerun = run(specs, out, "--no-cache")
    assert rerun.returncode == 0, rerun.stderr
    fresh = run(specs, tmp_path / "fresh", "--no-cache")
    assert fresh.returncode == 0, fresh.stderr
    assert tree_files(out) == tree_files(tmp_path / "fresh")
    assert not [p for p in out.rglob("*") if p.name.endswith(".gen-sdk-tmp")]


def test_generated_dir_passes_the_ci_check(tmp_path: Path) -> None:
    """`gen-sdk --check specs/ generated/`, as CI runs it (a cold cache: a real check)."""
    done = run("--check", SPECS, GENERATED, env={"GEN_SDK_CACHE_DIR": str(tmp_path / "c")})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout
    assert (GENERATED / "README.md").is_file()  # hand-written, not the generator's


def test_template_producing_invalid_code_is_an_error_naming_the_file(tmp_path: Path) -> None:
    specs = make_tree(tmp_path / "specs")
    overrides = tmp_path / "overrides"
    write(overrides / "package" / "_base.py.jinja", "def broken(:\n")
    result = invoke("--templates", overrides, "--only", "alpha", specs, tmp_path / "out")
    assert result.exit_code == 1
    assert "error: generation failed: cannot format src/alpha_20200101/_base.py" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    specs = make_tree(tmp_path / "specs")
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [str(GEN_SDK), str(specs), str(tmp_path / "out"), "--no-cache"],
            stdout=subprocess.PIPE,
            stderr=secondary,
            text=True,
            check=False,
            env={**os.environ, "TERM": "xterm"},
        )
    finally:
        os.close(secondary)
    screen = b""
    try:
        while chunk := os.read(primary, 65536):
            screen += chunk
    except OSError:  # EIO: the terminal's other end is closed
        pass
    finally:
        os.close(primary)
    assert done.returncode == 0
    assert "\r[###############---------------] 1/2 alpha/2020-01-01" in screen.decode()
    assert done.stdout.startswith("2 specs; 2 operations; ")  # the bar replaces the lines


def test_a_template_change_reformats_only_the_files_it_changes(tmp_path: Path) -> None:
    from gen_sdk.targets import TEMPLATES_ROOT

    specs = make_tree(tmp_path / "specs")
    cache = tmp_path / "cache"
    # With overrides every file is formatted (gen-sdk vouches for the layout of its own
    # templates only), and the formatted files are kept by their rendered text.
    overrides = tmp_path / "overrides"
    client = (TEMPLATES_ROOT / "python" / "package" / "client.py.jinja").read_text()
    write(overrides / "package" / "client.py.jinja", client)
    assert generate([specs], tmp_path / "a", cache_dir=cache, templates=overrides).ok
    before = set(cache.glob("*.gsc"))
    write(overrides / "package" / "client.py.jinja", client + "\n# house rule\n")
    changed = generate([specs], tmp_path / "b", cache_dir=cache, templates=overrides)
    assert changed.ok and not any(r.cached for r in changed.results)
    # Two new package entries (and their pointers, for the next run's parts), and the two
    # client.py formatted anew: every other file's rendered text was formatted before.
    assert len(set(cache.glob("*.gsc")) - before) == 6
    cold = generate([specs], tmp_path / "c", use_cache=False, templates=overrides)
    assert cold.ok and tree_files(tmp_path / "b") == tree_files(tmp_path / "c")
    assert (
        "# house rule"
        in (tmp_path / "c" / "beta" / "2021-02-03" / "src")
        .joinpath("beta_20210203", "client.py")
        .read_text()
    )


def test_cache_location_argument_then_variable_then_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_tree(tmp_path / "specs")
    write(specs / "gen-sdk.toml", 'cache-dir = "cfg-cache"\n')
    assert generate([specs], tmp_path / "a", cache_dir=tmp_path / "arg").ok
    assert list((tmp_path / "arg").glob("*.gsc"))
    assert generate([specs], tmp_path / "b").ok  # $GEN_SDK_CACHE_DIR, set by the fixture
    assert list((tmp_path / "default-cache").glob("*.gsc"))
    assert not (specs / "cfg-cache").exists()
    monkeypatch.delenv("GEN_SDK_CACHE_DIR")
    assert generate([specs], tmp_path / "c").ok
    assert list((specs / "cfg-cache").glob("*.gsc"))
