"""Spec text never becomes code: every field a spec controls, filled with payloads that would
end a docstring, a string, a comment or a Markdown/TOML value and run code, generates a
package that imports, type-checks as code and runs nothing of it.

The structural defence is tested too: a template that prints a raw field does not render.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support.black_check import assert_black_clean

from gen_sdk.generate import generate
from gen_sdk.targets.code import (
    Code,
    TemplateOutputError,
    checked_output,
    markdown_code,
    markdown_text,
    toml_string,
)

MARKER_NAME = "PWNED"


def payload(marker: Path) -> str:
    """Text that runs code if pasted raw into a docstring, a string or a comment."""
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    return f'"""\n{code}\n"""\'\'\'\n{code}\n\'\'\'\\N{{BOM}} # \n{code}\n`*[x](y)<b>&"\r\x00'


def hostile_spec(text: str) -> dict[str, Any]:
    """A spec whose every piece of text is ``text`` (or ends with it), covering every view
    the Python target has: pagination, SSE, body and form parameters, components, enums,
    endpoints, error codes."""
    obj = {
        "type": "object",
        "description": text,
        "properties": {
            "Id" + text: {"type": "string", "description": text, "example": text},
        },
    }
    return {
        "version": "1.0",
        "info": {
            "style": "RPC",
            "product": "Evil" + text,
            "version": "2020-01-01" + text,
            "title": text,
            "description": text,
        },
        "components": {"schemas": {"Thing" + text: obj}},
        "apis": {
            "ListThings" + text: {
                "methods": ["post"],
                "summary": text,
                "title": text,
                "description": text,
                "parameters": [
                    {"name": "PageNumber", "in": "query", "schema": {"type": "integer"}},
                    {"name": "PageSize", "in": "query", "schema": {"type": "integer"}},
                    {
                        "name": "Mode" + text,
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "description": text,
                            "example": text,
                            "enum": [text, "plain"],
                            "enumValueTitles": {text: text},
                        },
                    },
                    {
                        "name": "Ref",
                        "in": "query",
                        "schema": {"$ref": f"#/components/schemas/Thing{text}"},
                    },
                ],
                "responses": {
                    "200": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "TotalCount": {"type": "integer"},
                                "Items" + text: {"type": "array", "items": obj},
                            },
                        }
                    }
                },
                "errorCodes": {"400": [{"errorCode": text, "errorMessage": text}]},
            },
            "Stream" + text: {
                "methods": ["post"],
                "summary": text,
                "produces": ["text/event-stream"],
                "parameters": [{"name": "Body", "in": "body", "style": "json", "schema": obj}],
                "responses": {"200": {"schema": {"type": "string"}}},
            },
        },
        "endpoints": [{"regionId": "cn-hangzhou" + text, "endpoint": "evil.example.com" + text}],
    }


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    marker = root / MARKER_NAME
    text = payload(marker)
    spec = root / "specs" / "evil.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(hostile_spec(text)), encoding="utf-8")
    result = generate([spec], root / "out", use_cache=False, jobs=1)
    assert result.ok, [str(d) for d in result.diagnostics]
    [package] = [r.package_dir for r in result.results]
    assert package is not None
    return package, marker, text


def test_generation_succeeds_and_every_file_parses(hostile_package: tuple[Path, Path, str]) -> None:
    package, marker, _ = hostile_package
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 10
    for source in sources:
        ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    json.loads(next(package.rglob("operations.json")).read_text(encoding="utf-8"))
    assert not marker.exists()


def test_hostile_package_is_black_clean(hostile_package: tuple[Path, Path, str]) -> None:
    """Escaped spec text in every context still leaves files black does not change."""
    package, _, _ = hostile_package
    assert_black_clean(package)


def test_importing_and_calling_runs_nothing_of_the_spec(
    hostile_package: tuple[Path, Path, str],
) -> None:
    """Import every module and call the paginated and SSE methods against a server that
    answers with nothing useful: the payload's code never runs."""
    package, marker, _ = hostile_package
    [src] = (package / "src").iterdir()
    script = f"""
import importlib, pkgutil, sys
sys.path.insert(0, {str(package / "src")!r})
pkg = importlib.import_module({src.name!r})
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
import httpx
client_mod = importlib.import_module({src.name!r} + ".client")
def handler(request):
    return httpx.Response(200, json={{"TotalCount": 0}})
client = client_mod.Client(
    region_id="r", access_key_id="a", access_key_secret="s", endpoint="127.0.0.1",
    transport=httpx.MockTransport(handler),
)
called = 0
for name in dir(client):
    if name.startswith("iter_"):
        list(getattr(client, name)())
        called += 1
print("ok", called)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok 1"  # the paginated method was called
    assert not marker.exists()


def test_the_text_arrives_as_text(hostile_package: tuple[Path, Path, str]) -> None:
    """Escaped, not dropped: the module docstring holds the title as the spec wrote it
    (on one line)."""
    package, _, text = hostile_package
    [src] = (package / "src").iterdir()
    tree = ast.parse((src / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree, clean=False)
    assert doc is not None
    one_line = " ".join(text.replace("\x00", " ").split())
    assert doc.startswith(one_line + ": Python SDK for Evil")


def test_a_template_printing_a_raw_field_fails_to_render(tmp_path: Path) -> None:
    """The structural defence: an override template that prints spec text without a
    filter makes generation fail, naming the problem, instead of emitting it."""
    overrides = tmp_path / "templates" / "package"
    overrides.mkdir(parents=True)
    (overrides / "_operations.py.jinja").write_text('"""{{ product }}"""\n', encoding="utf-8")
    spec = tmp_path / "demo.json"
    spec.write_text(json.dumps(hostile_spec("x")), encoding="utf-8")
    result = generate(
        [spec], tmp_path / "out", templates=tmp_path / "templates", use_cache=False, jobs=1
    )
    assert not result.ok
    [message] = [d.message for d in result.diagnostics if d.severity.value == "error"]
    assert "TemplateOutputError" in message and "escaping filter" in message
    assert not (tmp_path / "out").exists()


def test_the_output_check_lets_through_code_and_integers_only() -> None:
    assert checked_output(Code("x")) == "x"
    assert checked_output(3) == 3
    for value in ("raw", None, 1.5, True, ["x"], Code("x").upper()):
        with pytest.raises(TemplateOutputError):
            checked_output(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a*b_[c](d)", "a\\*b\\_\\[c\\](d)"),
        ("<script>&", "\\<script\\>&amp;"),
        ("x | y\n# z", "x \\| y \\# z"),
    ],
)
def test_markdown_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


def test_markdown_code_spans_outgrow_their_content() -> None:
    assert markdown_code("a") == "`a`"
    assert markdown_code("a``b") == "```a``b```"
    assert markdown_code("`x") == "`` `x ``"


def test_toml_strings_hold_anything() -> None:
    for text in ('"', "\\", '"""\nname = "x"', "\x00\x7f", "é"):
        assert tomllib.loads(f"key = {toml_string(text)}")["key"] == text
