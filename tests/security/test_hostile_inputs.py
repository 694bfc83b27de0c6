"""Inputs that hung, blew up or gave tracebacks or wrong values: every one is now a clean
``file[:line:col]: error: ...`` (exit 1, or 2 for usage errors) or PHP's own result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.specs import gen_sdk, tiny_spec, write_spec

from gen_sdk.cache import OutputCache
from gen_sdk.files import MAX_SPEC_BYTES
from gen_sdk.phparray import PhpSyntaxError, loads
from gen_sdk.specfile import php_json_dumps, php_json_loads

# -- files that are not files --------------------------------------------------------------


def test_a_fifo_spec_is_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.php"
    os.mkfifo(fifo)
    for args in (["parse", fifo], ["ir", fifo], [fifo, tmp_path / "out"]):
        done = gen_sdk(*args, timeout=30)
        assert done.returncode == 1
        assert f"{fifo}: error: cannot read: not a regular file" in done.stderr


def test_a_device_or_a_symlink_to_one_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.php"
    link.symlink_to("/dev/zero")
    done = gen_sdk(link, tmp_path / "out", timeout=30)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr
    # In a tree too: named like a spec, so reported, not skipped.
    tree = tmp_path / "tree" / "x" / "1"
    tree.mkdir(parents=True)
    (tree / "api-docs.php").symlink_to("/dev/zero")
    done = gen_sdk(tmp_path / "tree", tmp_path / "out", timeout=30)
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_a_spec_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.php"
    with big.open("wb") as stream:  # sparse: no disk is used
        stream.truncate(MAX_SPEC_BYTES + 1)
    done = gen_sdk("parse", big, timeout=30)
    assert done.returncode == 1
    assert f"larger than {MAX_SPEC_BYTES} bytes" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "garbage"])
def test_cache_entries_that_are_not_entries_are_misses(tmp_path: Path, kind: str) -> None:
    spec = write_spec(tmp_path / "x.json")
    cache = tmp_path / "cache"
    assert gen_sdk(spec, tmp_path / "out", "--cache-dir", cache).returncode == 0
    for entry in cache.glob("*.gsc"):
        entry.unlink()
        if kind == "fifo":
            os.mkfifo(entry)
        elif kind == "zero":
            entry.symlink_to("/dev/zero")
        else:
            entry.write_bytes(b"GSDKC" + b"\x00" * 100)
    done = gen_sdk(spec, tmp_path / "out2", "--cache-dir", cache, timeout=60)
    assert done.returncode == 0, done.stderr
    assert OutputCache(cache).size() > 0  # replaced by good entries


# -- the parser --------------------------------------------------------------------------------


def test_duplicate_keys_are_linear(tmp_path: Path) -> None:
    """100,000 duplicates hung CI (each one rescanned its stretch); now one warning per key
    up to ten, then a count. The bound is a hang guard, not a benchmark."""
    spec = tmp_path / "dups.php"
    spec.write_text("<?php return [" + "'a' => 1, " * 100_000 + "];", encoding="utf-8")
    done = gen_sdk("parse", "--compact", spec, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == '{"a": 1}'
    warnings = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 11
    assert warnings[0].startswith(f"{spec}:1:25: warning: duplicate key 'a'")
    assert "99989 more duplicate keys in this array" in warnings[-1]


def test_huge_integers_become_floats_as_in_php() -> None:
    value = loads(
        "<?php return [" + "9" * 5000 + ", 0x" + "f" * 300 + ", -" + "1" * 4400 + ", 0b1];"
    )
    assert value == [float("inf"), float("inf"), float("-inf"), 1]
    assert loads("<?php return [9223372036854775808];") == [9.223372036854776e18]


def test_deep_nesting_parses_and_prints(tmp_path: Path) -> None:
    spec = tmp_path / "deep.php"
    spec.write_text("<?php return " + "[" * 10_000 + "]" * 10_000 + ";", encoding="utf-8")
    done = gen_sdk("parse", "--compact", spec)
    assert done.returncode == 0
    assert done.stdout.strip() == "[" * 10_000 + "]" * 10_000
    done = gen_sdk("parse", spec)
    assert done.returncode == 0
    opening = ["  " * depth + "[" for depth in range(9_999)]
    closing = ["  " * depth + "]" for depth in reversed(range(9_999))]
    assert done.stdout.splitlines() == [*opening, "  " * 9_999 + "[]", *closing]


def test_a_deep_schema_is_an_error_at_its_path(tmp_path: Path) -> None:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(200):
        schema = {"type": "array", "items": schema}
    spec = tiny_spec()
    spec["apis"]["DoIt"]["parameters"][0]["schema"] = schema  # type: ignore[index]
    path = write_spec(tmp_path / "deep.json", spec)
    for args in (["ir", path], [path, tmp_path / "out"]):
        done = gen_sdk(*args)
        assert done.returncode == 1
        assert "apis.DoIt.parameters[0].schema.items" in done.stderr
        assert "error: schema nested more than 64 levels deep" in done.stderr


def test_loads_refuses_text_that_is_not_unicode() -> None:
    with pytest.raises(PhpSyntaxError, match="lone surrogate U\\+DCFF") as caught:
        loads("<?php return ['a\udcff'];", filename="x.php")
    assert (caught.value.line, caught.value.column) == (1, 17)


# -- JSON as json_decode reads it, and JSON out ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ('{"a": NaN}', "NaN is not a JSON value", 7),
        ("[1, Infinity]", "Infinity is not a JSON value", 5),
        ("[-Infinity]", "-Infinity is not a JSON value", 2),
        ('["\\ud800"]', "half of a UTF-16 surrogate pair", 3),
        ('["ok", "\\udc00\\ud800"]', "half of a UTF-16 surrogate pair", 9),
        ("[" * 513 + "]" * 513, "nested more than 512 deep", 513),
    ],
)
def test_json_follows_json_decode(text: str, message: str, column: int) -> None:
    with pytest.raises(PhpSyntaxError, match=message) as caught:
        php_json_loads(text, filename="x.json")
    assert (caught.value.line, caught.value.column) == (1, column)


def test_json_values_json_decode_accepts() -> None:
    assert php_json_loads("[" * 512 + "]" * 512) is not None
    assert php_json_loads('["\\ud83d\\ude00", "\\\\ud800"]') == ["😀", "\\ud800"]
    assert php_json_loads("[" + "9" * 5000 + ", 9223372036854775808, 5]") == [
        float("inf"),
        9.223372036854776e18,
        5,
    ]
    assert php_json_loads('{"' + "1" * 30 + '": 1}') == {"1" * 30: 1}


def test_parse_prints_valid_json_for_inf_and_nan(tmp_path: Path) -> None:
    spec = tmp_path / "x.php"
    spec.write_text("<?php return [INF, -INF, NAN, 1.5];", encoding="utf-8")
    done = gen_sdk("parse", "--compact", spec)
    assert done.returncode == 0
    assert json.loads(done.stdout) == ["INF", "-INF", "NAN", 1.5]
    assert "3 floats are INF or NAN" in done.stderr
    assert php_json_dumps({"a": [1, {}]}, indent=None) == ('{"a": [1, {}]}', 0)
