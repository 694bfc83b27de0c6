"""``gen-sdk parse`` and ``gen-sdk ir``: output, exit codes and error messages for people."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from gen_sdk import __version__
from gen_sdk.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"
CORPUS = ROOT.parent / "shared" / "corpus"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and __version__ in out
    code, out, _ = invoke("--help")
    assert code == 0 and "parse" in out and "ir" in out


def test_parse_prints_the_value_as_json(tmp_path: Path) -> None:
    spec = tmp_path / "a.php"
    spec.write_text("<?php return ['b' => [1, 2.5, true, null], '7' => 'x'];", encoding="utf-8")
    code, out, err = invoke("parse", str(spec))
    assert code == 0, err
    assert json.loads(out) == {"b": [1, 2.5, True, None], "7": "x"}
    assert err == ""


def test_parse_seed_warns_about_the_missing_head() -> None:
    code, out, err = invoke("parse", "--compact", str(SEED))
    assert code == 0
    assert json.loads(out)["info"]["product"] == "PAIModelGallery"
    assert f"{SEED}:1:1: warning: the document starts inside an array" in err
    assert err.count("warning") == 1


def test_parse_error_is_file_line_column_with_caret(tmp_path: Path) -> None:
    spec = tmp_path / "bad.php"
    spec.write_text("<?php return [\n  'a' => 'b',\n  'c' => ,\n];\n", encoding="utf-8")
    code, out, err = invoke("parse", str(spec))
    assert code == 1
    assert out == ""
    assert f"{spec}:3:10: error: expected a value, found ','" in err
    source_line, caret_line = err.rstrip("\n").split("\n")[-2:]
    assert source_line.endswith("'c' => ,")
    assert caret_line.index("^") == source_line.index(",")
    assert "Traceback" not in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke("parse", str(tmp_path / "missing.php"))
    assert code == 2 and "does not exist" in err
    code, _, _ = invoke("no-such-command")
    assert code == 2


def test_ir_of_the_seed() -> None:
    code, out, err = invoke("ir", str(SEED))
    assert code == 0, err
    ir = json.loads(out)
    assert ir["product"] == "PAIModelGallery" and ir["style"] == "ROA"
    assert "ListModelGalleryModels" in ir["operations"]


def test_ir_accepts_json_specs() -> None:
    json_spec = CORPUS / "sts" / "2015-04-01" / "api-docs.json"
    php_spec = json_spec.with_suffix(".php")
    if not json_spec.exists():
        return
    code_json, out_json, _ = invoke("ir", str(json_spec))
    code_php, out_php, _ = invoke("ir", str(php_spec))
    assert code_json == code_php == 0
    assert json.loads(out_json) == json.loads(out_php)


def test_ir_reports_spec_errors_with_their_path(tmp_path: Path) -> None:
    spec = tmp_path / "api-docs.php"
    spec.write_text(
        "<?php return ['info' => ['style' => 'ROA', 'product' => 'X', 'version' => '1'],"
        " 'apis' => ['Op' => ['path' => '/x', 'methods' => ['fetch']]]];",
        encoding="utf-8",
    )
    code, out, err = invoke("ir", str(spec))
    assert code == 1
    assert out == ""
    # An SDK could not send it: the one kind of problem that is still an error.
    assert "apis.Op.methods: error: operation has no usable HTTP method" in err


def test_cli_as_a_subprocess_never_shows_a_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "garbage.php"
    spec.write_bytes(b"\x00\xff\xfe garbage")
    result = subprocess.run(
        [sys.executable, "-m", "gen_sdk.cli", "parse", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{spec}:1:" in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
