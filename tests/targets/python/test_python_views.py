"""The Python target's views of small specs and of real ones: what the templates emit."""

from __future__ import annotations

import difflib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.generate import render_plan
from gen_sdk.ir import build_spec
from gen_sdk.sdk import Package, build_package
from gen_sdk.specfile import load_spec
from gen_sdk.targets import TEMPLATES_ROOT, get_target
from gen_sdk.targets.python import PythonTarget

ROOT = Path(__file__).resolve().parents[3]
SEED_SPEC = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"


def _package_of(value: Any) -> Package:
    spec, diagnostics = build_spec(value)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    package = build_package(spec, diagnostics)
    assert package is not None, diagnostics
    return package


def _spec(
    apis: dict[str, Any], schemas: dict[str, Any] | None = None, style: str = "RPC"
) -> Package:
    return _package_of(
        {
            "info": {"style": style, "product": "Demo", "version": "2020-01-01"},
            "apis": apis,
            "components": {"schemas": schemas or {}},
            "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"}],
        }
    )


def _render(package: Package) -> dict[str, str]:
    target = PythonTarget()
    diagnostics: list[Diagnostic] = []
    plan = target.plan(package, diagnostics)
    return {k: v.decode() for k, v in render_plan(plan, target, TEMPLATES_ROOT).items()}


DEMO_APIS: dict[str, Any] = {
    "ListThings": {
        "methods": ["get"],
        "parameters": [
            {
                "name": "RegionId",
                "in": "query",
                "schema": {"type": "string", "required": True},
            },
            {"name": "PageNumber", "in": "query", "schema": {"type": "integer"}},
            {"name": "PageSize", "in": "query", "schema": {"type": "integer"}},
            {
                "name": "Mode",
                "in": "query",
                "schema": {
                    "type": "string",
                    "enum": ["a", "b"],
                    "description": "模式。",
                },
            },
            {
                "name": "Level",
                "in": "query",
                "schema": {"type": "integer", "enum": ["1", "2"]},
            },
            {"name": "class", "in": "query", "schema": {"type": "string"}},
            {"name": "request", "in": "query", "schema": {"type": "string"}},
            {
                "name": "Filter",
                "in": "query",
                "style": "json",
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"Key": {"type": "string"}},
                    },
                },
            },
        ],
        "responses": {
            200: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "RequestId": {"type": "string"},
                        "TotalCount": {"type": "integer"},
                        "Things": {
                            "type": "object",
                            "properties": {
                                "Thing": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Thing"},
                                }
                            },
                        },
                        "Meta": {
                            "type": "object",
                            "properties": {"A": {"type": "string"}},
                        },
                        "Labels": {
                            "type": "object",
                            "additionalProperties": {"type": "integer"},
                        },
                    },
                }
            }
        },
    },
    "GetBlob": {
        "methods": ["get"],
        "path": "/blob",
        "parameters": [],
        "responses": {200: {"schema": {"type": "string", "format": "binary"}}},
    },
}
DEMO_SCHEMAS = {
    "Thing": {
        "type": "object",
        "properties": {
            "Name": {"type": "string", "enumValueTitles": {"x": "The X"}},
            "Size": {"type": "integer"},
            "Parts": {"type": "array", "items": {"type": "string"}},
        },
    }
}


def test_view_model_of_a_small_spec() -> None:
    files = _render(_spec(DEMO_APIS, DEMO_SCHEMAS))
    model = files["src/demo_20200101/models/list_things.py"]
    assert '"idempotent"' not in model  # no operationType given
    assert '        {"name": "Filter", "location": "query", "style": "json"},' in model
    assert '{"style": "page_number", "items": "Things.Thing"},' in model
    assert 'mode: Literal["a", "b"] | None = Field(default=None, alias="Mode")' in model
    assert "level: Literal[1, 2] | None" in model
    assert 'class_: str | None = Field(default=None, alias="class")' in model
    assert "class ListThingsRequestFilter(RequestModel):" in model
    assert 'meta_: ListThingsResponseMeta | None = Field(default=None, alias="Meta")' in model
    assert 'labels: dict[str, int] | None = Field(default=None, alias="Labels")' in model
    assert 'region_id: str = Field(alias="RegionId")' in model  # required in the request
    # The keyword arguments: one TypedDict per API, shared by the four methods.
    assert "class ListThingsParams(Options[ListThingsRequest], total=False):" in model
    assert "    request_: str | None\n" in model
    client = files["src/demo_20200101/client.py"]
    assert "def list_things(self, **kwargs: Unpack[ListThingsParams]) -> ListThingsResponse:" in (
        client
    )
    assert "return self._call(models.list_things._API, kwargs)" in client
    assert "def iter_list_things(self, **kwargs: Unpack[ListThingsParams]) -> Iterator[Thing]:" in (
        client
    )
    assert "-> AsyncIterator[Thing]:" in client
    components = files["src/demo_20200101/models/_components.py"]
    assert "Values:\n    - ``x``: The X" in components
    blob = files["src/demo_20200101/models/get_blob.py"]
    assert "class GetBlobResponse(BodyResponse):" in blob and "body: bytes | None" in blob


def test_operations_json_is_the_operation_tables(tmp_path: Path) -> None:
    """operations.json, the plain-data table for other tools, says what each API module's
    OPERATION says (the runtime sends from the latter), plus endpoints and pagination."""
    files = _render(_spec(DEMO_APIS, DEMO_SCHEMAS))
    document = json.loads(files["src/demo_20200101/operations.json"])
    assert document["product"] == "Demo" and document["style"] == "RPC"
    assert document["endpoints"] == {"cn-hangzhou": "demo.cn-hangzhou.aliyuncs.com"}
    assert sorted(document["operations"]) == sorted(DEMO_APIS)
    src = tmp_path / "src"
    for relative, text in files.items():
        if relative.startswith("src/"):
            (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / relative).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(src))
    try:
        for name, table in document["operations"].items():
            module = importlib.import_module(f"demo_20200101.models.{table['method_name']}")
            expected = dict(module.OPERATION)
            assert {k: v for k, v in table.items() if k not in ("method_name", "pagination")} == (
                json.loads(json.dumps(expected))
            ), name
        assert document["operations"]["ListThings"]["pagination"]["style"] == "page_number"
    finally:
        sys.path.remove(str(src))
        for module_name in [m for m in sys.modules if m.startswith("demo_20200101")]:
            del sys.modules[module_name]


@pytest.mark.parametrize(
    "spec_path",
    [SEED_SPEC, ROOT.parent / "shared" / "corpus" / "cs" / "2015-12-15" / "api-docs.json"],
    ids=["seed", "cs"],
)
def test_templates_emit_black_style(spec_path: Path) -> None:
    """Black barely changes what the templates write (seed: not at all)."""
    if not spec_path.is_file():
        pytest.skip("corpus not available")
    package = _package_of(load_spec(spec_path, []))

    class Raw(PythonTarget):
        def format(self, output: str, text: str) -> str:
            return text

    target = PythonTarget()
    plan = target.plan(package, [])
    raw = render_plan(plan, Raw(), TEMPLATES_ROOT)
    formatted = render_plan(plan, target, TEMPLATES_ROOT)
    changed = total = 0
    for name, content in formatted.items():
        if not name.endswith(".py") or "/_runtime/" in name:
            continue
        before, after = raw[name].decode().splitlines(), content.decode().splitlines()
        total += len(after)
        changed += sum(
            1
            for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        )
    limit = 0 if spec_path == SEED_SPEC else total // 100
    assert changed <= limit, (changed, total)


def test_registry() -> None:
    assert isinstance(get_target("python"), PythonTarget)
    with pytest.raises(ValueError, match="unknown target"):
        get_target("cobol")
