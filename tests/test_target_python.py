"""The Python target: naming, literals, docstrings, type mapping, the view model, and the
behaviour of the generated models (tolerant responses, strict requests)."""

from __future__ import annotations

import ast
import difflib
import importlib
import json
import keyword
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.generate import generate, render_plan
from gen_sdk.ir import build_spec
from gen_sdk.specfile import load_spec
from gen_sdk.targets import TEMPLATES_ROOT, get_target
from gen_sdk.targets.python import (
    PythonTarget,
    Scope,
    clean_text,
    compact_docstring,
    doc_text,
    docstring,
    package_names,
    pascal,
    py_literal,
    py_str,
    snake,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_SPEC = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"


# -- naming ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("ListModelGalleryModels", "list_model_gallery_models"),
        ("VSwitchId", "v_switch_id"),
        ("Ipv6Address", "ipv6_address"),
        ("HTTPServer", "http_server"),
        ("cluster_type", "cluster_type"),
        ("x-acs-foo", "x_acs_foo"),
        ("Filter.1.Key", "filter_1_key"),
        ("1stDisk", "n1st_disk"),
        ("名称", "u540d_u79f0"),
        ("", "value"),
        ("__a__", "a"),
    ],
)
def test_snake(wire: str, expected: str) -> None:
    assert snake(wire) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ListModelGalleryModels", "ListModelGalleryModels"),
        ("cluster_type", "ClusterType"),
        ("VSwitchId", "VSwitchId"),
        ("1stDisk", "M1stDisk"),
    ],
)
def test_pascal(name: str, expected: str) -> None:
    assert pascal(name) == expected


@given(st.text(max_size=30))
def test_names_are_always_identifiers(name: str) -> None:
    assert snake(name).isidentifier() and snake(name).isascii()
    assert pascal(name).isidentifier() and pascal(name).isascii()


def test_scope_keywords_reserved_collisions_and_aliases() -> None:
    scope = Scope({"json", "str"})
    assert scope.field("class") == "class_"
    assert scope.field("Json") == "json_"
    assert scope.field("str") == "str_"
    assert scope.field("InstanceId") == "instance_id"
    assert scope.field("instanceId") == "instance_id_2"
    # A name never equals another field's wire name (pydantic would accept both).
    fields = Scope()
    assert fields.field("Key", ["Key", "key"]) == "key_"
    assert fields.field("key", ["Key", "key"]) == "key"
    classes = Scope()
    assert classes.cls("Field") == "FieldModel"
    assert classes.cls("Exception") == "ExceptionModel"
    assert classes.cls("Tag") == "Tag"
    assert classes.cls("Tag") == "Tag2"
    assert not any(keyword.iskeyword(n) for n in classes.taken)


def test_package_names() -> None:
    spec, _ = build_spec(load_spec(SEED_SPEC, []))
    assert package_names(spec) == (
        "paimodelgallery/2025-06-30",
        "paimodelgallery_20250630",
        "gen-sdk-paimodelgallery-20250630",
    )


# -- literals and docstrings -----------------------------------------------------------------


@given(st.text())
def test_py_str_round_trips(value: str) -> None:
    assert ast.literal_eval(py_str(value)) == value
    assert "\n" not in py_str(value)


def test_py_literal() -> None:
    value = {"name": "a'b", "n": 1, "ok": True, "x": None, "l": [1.5, "é"]}
    assert ast.literal_eval(py_literal(value)) == value
    assert py_str('say "hi"') == "'say \"hi\"'"


@given(st.text())
def test_docstrings_are_valid_python(text: str) -> None:
    lines = clean_text(text)
    source = f"def f() -> None:\n    {docstring(lines, 4) or 'pass'}\n"
    tree = ast.parse(source)
    if lines:
        assert isinstance(ast.get_docstring(tree.body[0], clean=False), str)  # type: ignore[arg-type]


def test_clean_text_normalises_like_black() -> None:
    assert clean_text("  a\\b  \r\n\n\n   c \u2028d\t") == ["a\\b", "", "   c", "d"]
    assert clean_text("x\n  a\n    b") == ["x", "a", "  b"]
    assert clean_text("  \n ") == []


def test_docstrings_escape_what_they_emit() -> None:
    assert docstring(["a\\b", "c"], 0) == '"""a\\\\b\nc\n"""'
    assert docstring(clean_text('"quoted"'), 4) == '""" "quoted" """'
    assert docstring(['x"""y'], 0) == '"""x\\"\\"\\"y"""'
    assert compact_docstring(["\\N{x} \\" + '"'], 4) == '"""\\\\N{x} \\\\" """'
    # A fragment inside a template's own docstring: one line, every quote escaped.
    assert doc_text('a"""\n\\N{b}"') == 'a\\"\\"\\" \\\\N{b}\\"'


# -- the view model of small specs -----------------------------------------------------------


def _spec(apis: dict[str, Any], schemas: dict[str, Any] | None = None, style: str = "RPC") -> Any:
    value = {
        "info": {"style": style, "product": "Demo", "version": "2020-01-01"},
        "apis": apis,
        "components": {"schemas": schemas or {}},
        "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"}],
    }
    spec, diagnostics = build_spec(value)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    return spec


def _render(spec: Any) -> dict[str, str]:
    target = PythonTarget()
    diagnostics: list[Diagnostic] = []
    plan = target.plan(spec, diagnostics)
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
    assert 'mode: Literal["a", "b"] | None = Field(None, alias="Mode")' in model
    assert "level: Literal[1, 2] | None" in model
    assert 'class_: str | None = Field(None, alias="class")' in model
    assert "class ListThingsRequestFilter(RequestModel):" in model
    assert 'meta_: ListThingsResponseMeta | None = Field(None, alias="Meta")' in model
    assert 'labels: dict[str, int] | None = Field(None, alias="Labels")' in model
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
    spec, _ = build_spec(load_spec(spec_path, []))

    class Raw(PythonTarget):
        def format(self, output: str, text: str) -> str:
            return text

    target = PythonTarget()
    plan = target.plan(spec, [])
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


# -- the generated seed models ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("seed")
    assert generate([SEED_SPEC], out).ok
    src = str(out / "paimodelgallery" / "2025-06-30" / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module("paimodelgallery_20250630.models")
    finally:
        sys.path.remove(src)
        for name in [m for m in sys.modules if m.startswith("paimodelgallery_20250630")]:
            del sys.modules[name]


def test_response_models_tolerate_real_servers(seed_models: Any) -> None:
    response_type = seed_models.ListModelGalleryModelsResponse
    as_list = response_type.model_validate(
        {
            "RequestId": "r",
            "TotalCount": 15,  # declared a string
            "Models": [
                {
                    "ModelName": "a",
                    "OrderNumber": "3",
                    "NewField": {"x": 1},
                    "Tags": [],
                },
                {
                    "ModelName": "b",
                    "Tags": [{"Key": "k", "Value": "v"}],
                    "ExtraInfo": [],
                },
            ],
        }
    )
    assert as_list.total_count == "15"
    first, second = as_list.models
    assert first.order_number == 3 and first.model_extra == {"NewField": {"x": 1}}
    assert first.tags is not None and first.tags.key is None  # [] for an empty object
    assert second.tags.key == "k"  # a one-item list for an object
    assert second.extra_info == {}  # [] for an empty map
    as_object = response_type.model_validate({"Models": {"ModelName": "x", "OrderNumber": ""}})
    assert [m.model_name for m in as_object.models] == ["x"]
    assert as_object.models[0].order_number is None
    assert response_type.model_validate({}).models is None  # every field may be missing
    assert response_type.model_validate({"request_id": "by-name"}).request_id == "by-name"


def test_request_models_are_strict_and_dump_wire_names(seed_models: Any) -> None:
    request_type = seed_models.ListModelGalleryModelsRequest
    tag = seed_models.ListModelGalleryModelsRequestTag
    request = request_type(page_size=5, Tag=[tag(key="k", Value="v")])
    assert request.model_dump(by_alias=True, exclude_none=True) == {
        "PageSize": 5,
        "Tag": [{"Key": "k", "Value": "v"}],
    }
    with pytest.raises(ValueError):
        request_type(PageSise=5)
    assert list(tag.model_fields) == ["key", "value"]  # sorted like the official models


def test_models_package_is_lazy(seed_models: Any) -> None:
    assert "ModelGalleryModel" in dir(seed_models)
    with pytest.raises(AttributeError):
        seed_models.NoSuchModel  # noqa: B018
