"""Every error path prints its location once (``file:line:column: error: ...``, never
``file: error: file:line:column: ...``), with a caret excerpt where there is a source
position; through ``generate`` as through ``parse`` and ``ir``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support.specs import gen_sdk, tiny_spec

from gen_sdk.diagnostics import plural

#: A writer of a broken spec under a tree: returns the spec's path.
Writer = Callable[[Path], Path]


def _text(name: str, content: str | bytes) -> Writer:
    def write(root: Path) -> Path:
        path = root / "demo" / "2020-01-01" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write


def _too_large(root: Path) -> Path:
    path = _text("api-docs.php", "")(root)
    os.truncate(path, 64 * 1024 * 1024 + 1)  # sparse: refused before a byte is read
    return path


def _fifo(root: Path) -> Path:
    path = root / "demo" / "2020-01-01" / "api-docs.php"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    return path


def _json(value: object) -> Writer:
    return _text("api-docs.json", json.dumps(value))


#: name -> (the spec, what the error says, whether it has a source excerpt, whether
#: ``parse`` and ``ir`` see it: the SDK model's errors are generate's alone).
CASES: dict[str, tuple[Writer, str, bool, bool]] = {
    "php syntax": (
        _text("api-docs.php", "<?php return ['a' => [1, 2, 'b' => 3];"),
        ":1:38: error: expected ',' or ']', found ';'",
        True,
        True,
    ),
    "php unclosed": (
        _text("api-docs.php", "<?php return [\n  'a' => [1, 2,\n"),
        ":2:10: error: this array is not closed: expected ']'",
        True,
        True,
    ),
    "json syntax": (
        _text("api-docs.json", '{"a": [1, 2}'),
        ":1:12: error: invalid JSON: Expecting ',' delimiter",
        True,
        True,
    ),
    "php not utf-8": (
        _text("api-docs.php", b"<?php return ['a' => '\xff'];"),
        ":1:23: error: expected UTF-8 text, found byte 0xff",
        True,
        True,
    ),
    "json not utf-8": (
        _text("api-docs.json", b'{"a":\n "x\xff"}'),
        ":2:4: error: expected UTF-8 text, found byte 0xff",
        True,
        True,
    ),
    "too large": (_too_large, ": error: cannot read: larger than 67108864 bytes", False, True),
    "not a file": (_fifo, ": error: cannot read: not a regular file", False, True),
    "ir php": (
        _text("api-docs.php", "<?php return ['info' => ['product' => 'x']];"),
        ": info: error: 'info' has no 'version'",
        False,
        True,
    ),
    "ir json": (
        _json({"info": {"style": "Nope", "product": "x", "version": "1"}}),
        ": info.style: error: unknown API style 'Nope'",
        False,
        True,
    ),
    "sdk style": (
        _json(
            {
                "info": {"style": "OSS", "product": "x", "version": "1"},
                "apis": {"Get": {"methods": ["get"], "path": "/"}},
            }
        ),
        ": error: x 1: style OSS is not supported",
        False,
        False,
    ),
    "sdk name": (
        _json(tiny_spec(product="..")),
        ": error: cannot name the package",
        False,
        False,
    ),
}


def _check(stderr: str, spec: Path, says: str, excerpt: bool) -> None:
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert errors, stderr
    for line in errors:
        assert line.startswith(f"{spec}:") and line.count(str(spec)) == 1, line
    assert f"{spec}{says}" in stderr, stderr
    if excerpt:  # the source line, then a caret under the column
        lines = stderr.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{spec}{says}"))
        assert lines[at + 2].strip() == "^", stderr


@pytest.mark.parametrize("case", list(CASES))
def test_generate_prints_the_location_once(case: str, tmp_path: Path) -> None:
    write, says, excerpt, _ = CASES[case]
    if write is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    spec = write(tmp_path / "specs")
    done = gen_sdk("--no-cache", tmp_path / "specs", tmp_path / "out")
    assert done.returncode == 1, done.stderr
    _check(done.stderr, spec, says, excerpt)
    errors = sum(": error: " in line for line in done.stderr.splitlines())
    assert f"{spec}: not generated ({plural(errors, 'error')})" in done.stderr


@pytest.mark.parametrize("case", [name for name, (_, _, _, read) in CASES.items() if read])
@pytest.mark.parametrize("command", ["parse", "ir"])
def test_parse_and_ir_print_the_location_once(command: str, case: str, tmp_path: Path) -> None:
    write, says, excerpt, _ = CASES[case]
    if write is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    spec = write(tmp_path / "specs")
    if command == "parse" and case.startswith("ir "):
        return  # a well-formed value: parse has nothing to say
    done = gen_sdk(command, spec)
    assert done.returncode == 1, done.stderr
    _check(done.stderr, spec, says, excerpt)


def test_config_errors_print_the_location_once(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    _json(tiny_spec())(specs)
    config = specs / "gen-sdk.toml"
    for text, says in [
        ("jobs = 0\n", f"{config}: jobs: expected an integer >= 1, found 0"),
        ("jobs = = 1\n", f"{config}:1:8: invalid TOML:"),
        ("colour = 1\n", f"{config}: colour: unknown option"),
    ]:
        config.write_text(text, encoding="utf-8")
        done = gen_sdk("--no-cache", specs, tmp_path / "out")
        assert done.returncode == 2, done.stderr
        [line] = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
        assert line.startswith(f"Error: {says}") and line.count(str(config)) == 1, line


def test_an_unusable_configured_name_is_an_error_of_the_spec(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    spec = _json(tiny_spec())(specs)
    (specs / "gen-sdk.toml").write_text('package-name = "{product}-x"\n', encoding="utf-8")
    done = gen_sdk("--no-cache", specs, tmp_path / "out")
    assert done.returncode == 1
    says = ": error: package-name gives 'demo-x': not a Python identifier"
    _check(done.stderr, spec, says, False)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_spec_prints_the_location_once(tmp_path: Path) -> None:
    spec = _text("api-docs.php", "<?php return [];")(tmp_path / "specs")
    spec.chmod(0)
    try:
        done = gen_sdk("--no-cache", tmp_path / "specs", tmp_path / "out")
    finally:
        spec.chmod(0o644)
    assert done.returncode == 1
    _check(done.stderr, spec, ": error: cannot read: Permission denied", False)
