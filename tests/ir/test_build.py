"""Tests for ``gen_sdk.ir``: the whole corpus, the seed spec, and one small spec per diagnostic.

Corpus tests compare the IR against the raw PHP value field by field (``_assert_mirrors``), so
a key that is silently dropped or mangled fails here, not in some template later.
"""

from __future__ import annotations

import json
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.irspecs import CORPUS, SEED_JSON, SEED_SPEC, diags, query, small_spec
from support.php_rules import php_json_load

from gen_sdk.diagnostics import Diagnostic, Severity
from gen_sdk.ir import (
    BodyKind,
    Directory,
    HttpMethod,
    IrError,
    Operation,
    ParameterLocation,
    ParameterStyle,
    RequestBodyEncoding,
    Schema,
    SchemaType,
    Spec,
    Style,
    build_spec,
    has_errors,
    spec_to_json,
)

CORPUS_SPECS = sorted(CORPUS.glob("*/*/api-docs.json"))

#: Every warning the real corpus produces, by spec; anything else (or any error) is a bug in
#: the IR or a corpus change worth looking at.
EXPECTED_WARNINGS: dict[str, list[tuple[str, str]]] = {
    "cs/2015-12-15": [
        (
            "apis.DescribeClusters.responses.200.schema.properties",
            "schema of type 'array' has 'properties'",
        )
    ],
    "fc-open/2021-04-06": [
        (
            "apis.UpdateService.responses.headers",
            "response key 'headers' is not an HTTP status code; ignored",
        )
    ],
    "paifeaturestore/2023-06-21": [
        (
            "apis.GetLLMConfig.parameters[2]",
            "path parameter 'RegionId' does not appear in path "
            "'/api/v1/instances/{InstanceId}/llmconfigs/{LLMConfigId}'",
        )
    ],
}
#: Specs whose only warnings are dropped duplicate parameters: spec -> count.
EXPECTED_DUPLICATES = {"ecs/2014-05-26": 107, "sas/2018-12-03": 4}


def _spec_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}"


Built = tuple[str, Any, Spec, list[Diagnostic]]


@pytest.fixture(scope="module", params=CORPUS_SPECS, ids=[_spec_id(p) for p in CORPUS_SPECS])
def built(request: pytest.FixtureRequest) -> Built:
    """(spec id, raw value, Spec, diagnostics), once per corpus spec (module scope: pytest
    runs every test for one spec before loading the next)."""
    path: Path = request.param
    value = php_json_load(path)
    spec, diagnostics = build_spec(value, source=str(path))
    return _spec_id(path), value, spec, diagnostics


def _load_spec(spec_id: str) -> tuple[Any, Spec, list[Diagnostic]]:
    path = CORPUS / spec_id / "api-docs.json"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    value = php_json_load(path)
    spec, diagnostics = build_spec(value, source=str(path))
    return value, spec, diagnostics


def _walk(schema: Schema) -> Iterator[Schema]:
    yield schema
    for sub in schema.properties.values():
        yield from _walk(sub)
    if schema.items is not None:
        yield from _walk(schema.items)
    if isinstance(schema.additional_properties, Schema):
        yield from _walk(schema.additional_properties)


def _all_schemas(spec: Spec) -> Iterator[Schema]:
    for component in spec.schemas.values():
        yield from _walk(component)
    for operation in spec.operations.values():
        for parameter in operation.parameters:
            yield from _walk(parameter.schema)
        for response in operation.responses:
            if response.schema is not None:
                yield from _walk(response.schema)
            for header in response.headers.values():
                yield from _walk(header.schema)


def _entries(raw: Any) -> list[tuple[Any, Any]]:
    """A PHP dictionary as (key, value) pairs: lists are ``{0: v0, ...}``."""
    return list(raw.items()) if isinstance(raw, dict) else list(enumerate(raw))


_SCALAR_KEYS = {
    "format": "format",
    "title": "title",
    "description": "description",
    "required": "required",
    "default": "default",
    "example": "example",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
    "minItems": "min_items",
    "maxItems": "max_items",
    "pattern": "pattern",
    "deprecated": "deprecated",
    "readOnly": "read_only",
    "docRequired": "doc_required",
    "isFileTransferUrl": "is_file_transfer_url",
    "itemNode": "item_node",
    "itemName": "item_name",
    "parseType": "parse_type",
    "sdkPropertyName": "sdk_property_name",
    "visibility": "visibility",
    "backendName": "backend_name",
}


def _assert_mirrors(raw: Any, schema: Schema, where: str) -> None:
    """Every key of the raw schema that the IR models has the same value in the IR."""
    if raw == []:
        assert schema == Schema(), where
        return
    assert isinstance(raw, dict), where
    for key, attribute in _SCALAR_KEYS.items():
        assert getattr(schema, attribute) == raw.get(key), f"{where}.{key}"
    extend_type = raw.get("extendType")
    if isinstance(extend_type, bool):
        extend_type = "true" if extend_type else "false"
    assert schema.extend_type == extend_type, where
    assert schema.type == (SchemaType(raw["type"]) if "type" in raw else None), where
    ref = raw.get("$ref")
    assert schema.ref == (ref.removeprefix("#/components/schemas/") if ref else None), where
    assert schema.enum == (tuple(raw["enum"]) if "enum" in raw else None), where
    titles = [(str(k), v) for k, v in _entries(raw.get("enumValueTitles", []))]
    assert list(schema.enum_value_titles.items()) == titles, where
    raw_properties = _entries(raw.get("properties", []))
    assert list(schema.properties) == [str(k) for k, _ in raw_properties], where
    for name, sub in raw_properties:
        _assert_mirrors(sub, schema.properties[str(name)], f"{where}.properties.{name}")
    if "items" in raw:
        assert schema.items is not None, where
        _assert_mirrors(raw["items"], schema.items, f"{where}.items")
    else:
        assert schema.items is None, where
    if "additionalProperties" in raw:
        assert isinstance(schema.additional_properties, Schema), where
        _assert_mirrors(raw["additionalProperties"], schema.additional_properties, f"{where}.addl")
    else:
        assert schema.additional_properties is None, where


def _flatten(children: Any) -> list[str]:
    names: list[str] = []
    for child in children:
        if isinstance(child, str):
            names.append(child)
        elif isinstance(child, Directory):
            names.extend(_flatten(child.children))
        else:
            names.extend(_flatten(child.get("children", [])))
    return names


# --- the corpus -----------------------------------------------------------------------------


def test_corpus_is_present() -> None:
    assert len(CORPUS_SPECS) >= 30, f"expected the 30 corpus specs under {CORPUS}"


def test_corpus_spec_has_no_errors_and_only_known_warnings(built: Built) -> None:
    spec_id, _, _, diagnostics = built
    assert not has_errors(diagnostics), [str(d) for d in diagnostics if d.severity.value == "error"]
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    duplicates = [d for d in warnings if d.message.startswith("duplicate parameter ")]
    others = [(d.path, d.message) for d in warnings if d not in duplicates]
    assert others == EXPECTED_WARNINGS.get(spec_id, [])
    assert len(duplicates) == EXPECTED_DUPLICATES.get(spec_id, 0)
    for d in diagnostics:
        assert d.file is not None and d.file.endswith("api-docs.json")


def test_corpus_top_level(built: Built) -> None:
    _, value, spec, _ = built
    assert spec.product == value["info"]["product"]
    assert spec.version == value["info"]["version"]
    assert spec.style is Style(value["info"]["style"])
    assert spec.format_version == value["version"]
    assert [(e.region_id, e.endpoint) for e in spec.endpoints] == [
        (e["regionId"], e["endpoint"]) for e in value["endpoints"]
    ]
    assert _flatten(spec.directories) == _flatten(value["directories"])
    raw_schemas = _entries(value["components"].get("schemas", []) if value["components"] else [])
    assert list(spec.schemas) == [str(name) for name, _ in raw_schemas]
    for name, raw in raw_schemas:
        _assert_mirrors(raw, spec.schemas[str(name)], f"components.schemas.{name}")


def test_corpus_operations_mirror_the_spec(built: Built) -> None:
    _, value, spec, diagnostics = built
    # Spec order, nothing lost.
    assert list(spec.operations) == [str(name) for name in value["apis"]]
    assert len(spec.operations) == len(value["apis"])
    dropped = {d.path for d in diagnostics if d.message.startswith("duplicate parameter ")}
    for name, raw in value["apis"].items():
        operation = spec.operations[name]
        where = f"apis.{name}"
        assert operation.name == name
        assert [m.value for m in operation.methods] == raw["methods"]
        assert operation.path == raw.get("path")
        assert operation.deprecated is raw.get("deprecated", False)
        assert operation.summary == raw.get("summary")
        assert operation.title == raw.get("title")
        assert operation.description == raw.get("description")
        assert list(operation.consumes) == raw.get("consumes", [])
        assert list(operation.produces) == raw.get("produces", [])
        assert list(operation.schemes) == raw.get("schemes", [])
        assert [
            {scheme: list(scopes) for scheme, scopes in requirement.items()}
            for requirement in operation.security
        ] == [dict(r) if r else {} for r in raw.get("security", [])]
        kept = [
            (index, p)
            for index, p in enumerate(raw["parameters"])
            if f"{where}.parameters[{index}]" not in dropped
        ]
        assert len(operation.parameters) == len(kept)
        for parameter, (index, raw_parameter) in zip(operation.parameters, kept, strict=True):
            assert parameter.name == raw_parameter["name"]
            assert parameter.location is ParameterLocation(raw_parameter["in"])
            raw_style = raw_parameter.get("style")
            assert parameter.style == (ParameterStyle(raw_style) if raw_style else None)
            assert parameter.required is bool(raw_parameter["schema"].get("required"))
            _assert_mirrors(raw_parameter["schema"], parameter.schema, f"{where}.p[{index}]")
        raw_responses = [
            (code, r)
            for code, r in _entries(raw.get("responses", []))
            if isinstance(code, int) or re.fullmatch(r"[1-5]XX|[1-5]xx|default", code)
        ]
        assert [r.status for r in operation.responses] == [code for code, _ in raw_responses]
        for response, (code, raw_response) in zip(operation.responses, raw_responses, strict=True):
            if raw_response and "schema" in raw_response:
                assert response.schema is not None
                _assert_mirrors(raw_response["schema"], response.schema, f"{where}.r.{code}")
            else:
                assert response.schema is None
                assert response.body_kind is BodyKind.NONE
        raw_errors = [
            (status, e["errorCode"], e.get("errorMessage"), e.get("description"))
            for status, entries in _entries(raw.get("errorCodes", []))
            for e in entries
        ]
        assert [
            (e.http_status, e.code, e.message, e.description) for e in operation.error_codes
        ] == raw_errors
        demo = json.loads(raw["responseDemo"]) if raw.get("responseDemo") else []
        assert [(x.type, x.example, x.error_example) for x in operation.response_examples] == [
            (d["type"], d["example"], d["errorExample"]) for d in demo
        ]


def test_corpus_refs_resolve(built: Built) -> None:
    _, _, spec, _ = built
    for schema in _all_schemas(spec):
        if schema.ref is not None:
            target = spec.resolve(schema)
            assert target.ref is None
            assert target is spec.schemas[schema.ref] or spec.schemas[schema.ref].ref is not None


def test_corpus_json_is_deterministic(built: Built) -> None:
    _, value, spec, _ = built
    text = spec_to_json(spec)
    again, _ = build_spec(value)
    assert spec_to_json(again) == text
    parsed = json.loads(text)
    assert list(parsed["operations"]) == list(spec.operations)
    assert parsed["style"] == spec.style


def test_corpus_enums_cover_every_value() -> None:
    """Every ``in``, ``style``, schema ``type`` and method in the corpus is an enum member."""
    seen_locations: set[str] = set()
    seen_styles: set[str] = set()
    for path in CORPUS_SPECS:
        spec, _ = build_spec(php_json_load(path))
        for operation in spec.operations.values():
            for parameter in operation.parameters:
                seen_locations.add(parameter.location.value)
                if parameter.style is not None:
                    seen_styles.add(parameter.style.value)
    assert seen_locations == {loc.value for loc in ParameterLocation}
    assert seen_styles == {s.value for s in ParameterStyle}


# --- known facts ----------------------------------------------------------------------------


def test_ecs_facts() -> None:
    value, spec, _ = _load_spec("ecs/2014-05-26")
    assert spec.style is Style.RPC
    assert spec.product == "Ecs"
    run = spec.operations["RunInstances"]
    assert run.methods == (HttpMethod.POST, HttpMethod.GET)
    assert run.path is None
    assert run.request_body_encoding is RequestBodyEncoding.NONE
    assert run.response_body_kind is BodyKind.OBJECT
    # RegionId is listed twice in the spec; the IR keeps the first one.
    assert len(value["apis"]["RunInstances"]["parameters"]) == len(run.parameters) + 1
    assert [p.name for p in run.parameters].count("RegionId") == 1
    assert run.parameters[0].required is True
    security_groups = run.parameter("SecurityGroupIds")
    assert security_groups is not None
    assert security_groups.style is ParameterStyle.REPEAT_LIST
    assert spec.operations["CreateInstance"].security == ({"AK": ()}, {"APP": ()})
    assert spec.endpoint_for("cn-hangzhou") == "ecs.cn-hangzhou.aliyuncs.com"
    async_info = spec.operations["ModifyInstanceMetadataOptions"].static_info
    assert async_info is not None
    assert async_info.return_type == "asynchronous"
    assert async_info.callback == "Ecs::2014-05-26::DescribeInstances"
    assert async_info.callback_interval == 10000


def test_oss_facts() -> None:
    _, spec, _ = _load_spec("oss/2019-05-17")
    assert spec.style is Style.OSS
    put = spec.operations["PutObject"]
    assert put.methods == (HttpMethod.PUT,)
    assert put.path == "/{key}"
    assert put.request_body_encoding is RequestBodyEncoding.BINARY
    bucket = put.parameters[0]
    assert (bucket.name, bucket.location, bucket.required) == (
        "bucket",
        ParameterLocation.HOST,
        True,
    )
    assert spec.operations["GetObject"].response_body_kind is BodyKind.BINARY
    # A component that is only a $ref to another component.
    assert spec.schemas["Grant"].ref == "ObjectACL"
    assert spec.resolve(spec.schemas["Grant"]) is spec.schemas["ObjectACL"]
    xml_bodies = [o for o in spec.operations.values() if o.request_body_encoding.value == "xml"]
    assert len(xml_bodies) == 48


def test_fc_facts() -> None:
    _, spec, _ = _load_spec("fc/2023-03-30")
    assert spec.style is Style.FC
    invoke = spec.operations["InvokeFunction"]
    assert invoke.request_body_encoding is RequestBodyEncoding.BINARY
    assert invoke.response_body_kind is BodyKind.BINARY
    assert [r.status for r in invoke.responses] == [200, 500]
    error_response = invoke.responses[1]
    assert error_response.schema is not None and error_response.schema.ref == "Error"
    assert error_response.body_kind is BodyKind.OBJECT
    # A recursive component stays a reference to itself instead of being inlined.
    item = spec.schemas["InstanceEventItem"]
    assert any(s.ref == "InstanceEventItem" for s in _walk(item))


def test_dianjin_enum_titles_given_as_php_list() -> None:
    """``{"0": "客户", "1": "坐席"}`` reaches us as a list; the IR restores the keys."""
    _, spec, _ = _load_spec("dianjin/2024-06-28")
    body = spec.operations["CreateDialogAnalysisTask"].parameters[1].schema
    conversation = body.properties["conversationList"].items
    assert conversation is not None
    dialogue = conversation.properties["dialogueList"].items
    assert dialogue is not None
    assert dialogue.properties["role"].enum_value_titles == {"0": "客户", "1": "坐席"}


def test_other_styles_and_security() -> None:
    _, sts, _ = _load_spec("sts/2015-04-01")
    assert sts.operations["AssumeRoleWithSAML"].security == ({"Anonymous": ()},)
    _, aligenie, _ = _load_spec("aligenie/ssp_1.0")
    assert aligenie.style is Style.ALIGENIE
    assert all(o.path for o in aligenie.operations.values())
    _, pds, _ = _load_spec("pds/2022-03-01")
    assert pds.style is Style.PDS
    assert sum(o.request_body_encoding is RequestBodyEncoding.JSON for o in pds.operations.values())
    _, cs, _ = _load_spec("cs/2015-12-15")
    # Bare operation names at the top of the directory tree.
    assert "OpenAckService" in [d for d in cs.directories if isinstance(d, str)]


def test_seed_spec_list_model_gallery_models() -> None:
    value = php_json_load(SEED_JSON)
    spec, diagnostics = build_spec(value, source=str(SEED_JSON))
    assert diagnostics == []
    assert (spec.product, spec.version, spec.style) == (
        "PAIModelGallery",
        "2025-06-30",
        Style.ROA,
    )
    assert list(spec.operations) == ["ListModelGalleryModels"]
    operation = spec.operations["ListModelGalleryModels"]
    assert operation.methods == (HttpMethod.GET,)
    assert operation.path == "/api/v1/modelgallery/models"
    assert operation.request_body_encoding is RequestBodyEncoding.NONE
    assert operation.response_body_kind is BodyKind.OBJECT
    assert operation.security == ({"AK": ()},)
    assert [p.name for p in operation.parameters][:4] == [
        "PageNumber",
        "PageSize",
        "Order",
        "SortBy",
    ]
    assert all(p.location is ParameterLocation.QUERY for p in operation.parameters)
    page_size = operation.parameter("PageSize")
    assert page_size is not None
    assert page_size.schema.type is SchemaType.INTEGER and page_size.schema.format == "int32"
    assert page_size.schema.example == "10"
    success = operation.success_response()
    assert success is not None and success.status == 200 and success.schema is not None
    models = success.schema.properties["Models"]
    assert models.ref == "ModelGalleryModel"
    assert spec.resolve(models).properties["ModelName"].type is SchemaType.STRING
    assert spec.endpoint_for("cn-hangzhou") == "paimodelgallery.cn-hangzhou.aliyuncs.com"
    assert spec.directories == (
        Directory(id=355738, title="ModelGallery模型", children=("ListModelGalleryModels",)),
    )


def test_seed_spec_through_the_php_parser_matches_the_fixture() -> None:
    """The real pipeline (``gen_sdk.phparray``, written separately) gives the same IR."""
    phparray = pytest.importorskip("gen_sdk.phparray")
    with warnings.catch_warnings():
        # The seed file's missing head makes the parser warn; that is its business, not ours.
        warnings.simplefilter("ignore")
        value = phparray.load(SEED_SPEC)
    spec, diagnostics = build_spec(value, source=str(SEED_SPEC))
    assert not has_errors(diagnostics)
    # Only top-level leftovers of the missing head may be reported (e.g. key ``0`` = '1.0').
    assert all(d.path is not None and "." not in d.path for d in diagnostics), diagnostics
    expected, _ = build_spec(php_json_load(SEED_JSON))
    for attribute in ("product", "version", "style", "endpoints", "directories"):
        assert getattr(spec, attribute) == getattr(expected, attribute), attribute
    assert spec.operations == expected.operations
    assert spec.schemas == expected.schemas


# --- small specs: one behaviour each --------------------------------------------------------


def test_clean_small_spec_has_no_diagnostics() -> None:
    spec, diagnostics = build_spec(small_spec({"parameters": [query("A", {"type": "string"})]}))
    assert diagnostics == []
    assert spec.operations["Op"].parameters[0].schema.type is SchemaType.STRING


def test_unknown_keys_are_warnings_with_their_path() -> None:
    value = small_spec(
        {
            "bogusOp": 1,
            "parameters": [query("A", {"type": "string", "bogus": True})],
            "responses": {200: {"schema": {"type": "object"}, "links": []}},
        },
        extra=1,
    )
    assert diags(value) == [
        ("warning", "extra", "unknown key 'extra' in the spec; ignored"),
        ("warning", "apis.Op.bogusOp", "unknown key 'bogusOp' in operation; ignored"),
        (
            "warning",
            "apis.Op.parameters[0].schema.bogus",
            "unknown key 'bogus' in schema; ignored",
        ),
        ("warning", "apis.Op.responses.200.links", "unknown key 'links' in response; ignored"),
    ]


def test_known_but_ignored_keys_are_silent() -> None:
    value = small_spec(
        {
            "systemTags": {"riskType": "high"},
            "eventInfo": {"enable": False, "eventNames": []},
            "parameters": [query("A", {"type": "string", "index": 200})],
        }
    )
    assert diags(value) == []


def test_keys_that_are_not_words_are_quoted_in_paths() -> None:
    value = small_spec(
        {"responses": {200: {"headers": {"x-oss-meta-*": {"schema": {"type": "string"}, "x": 1}}}}}
    )
    assert diags(value) == [
        (
            "warning",
            'apis.Op.responses.200.headers["x-oss-meta-*"].x',
            "unknown key 'x' in response header; ignored",
        )
    ]


def test_bad_types_are_warnings_at_the_value_and_ignored() -> None:
    """Was ``test_bad_types_are_errors_at_the_value``: a mistyped value is now a warning and
    the key is ignored (nothing in an SDK depends on these alone)."""
    value = small_spec(
        {
            "parameters": [
                query("A", {"type": "string", "maxLength": "10", "required": "yes"}),
                query("B", {"type": 5}),
            ],
            "deprecated": "no",
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema.maxLength",
            "'maxLength' must be an integer, got a string; ignored",
        ),
        (
            "warning",
            "apis.Op.parameters[0].schema.required",
            "'required' must be a boolean, got a string; ignored",
        ),
        (
            "warning",
            "apis.Op.parameters[1].schema.type",
            "'type' must be a string, got an integer; the schema is untyped",
        ),
        ("warning", "apis.Op.deprecated", "'deprecated' must be a boolean, got a string; ignored"),
    ]
    a, b = spec.operations["Op"].parameters
    assert a.schema == Schema(type=SchemaType.STRING)
    assert a.required is False
    assert b.schema == Schema()
    assert spec.operations["Op"].deprecated is False


def test_wrong_container_shapes_are_warnings() -> None:
    """Was ``test_wrong_container_shapes_are_errors``: now warnings with their fallback."""
    spec, diagnostics = build_spec(small_spec({"parameters": {"first": query("A", {})}}))
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters",
            "'parameters' must be a list, got a mapping; its values are read in order",
        )
    ]
    assert [p.name for p in spec.operations["Op"].parameters] == ["A"]
    spec, diagnostics = build_spec(small_spec({"parameters": ["A"]}))
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0]",
            "a parameter must be a mapping, got a string; parameter dropped",
        )
    ]
    assert spec.operations["Op"].parameters == ()
    spec, diagnostics = build_spec(small_spec({"parameters": [query("A", ["x"])]}))
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema",
            "a schema must be a mapping, got a list; the schema is untyped",
        )
    ]
    assert spec.operations["Op"].parameters[0].schema == Schema()


def test_unresolved_ref_is_a_warning_at_the_ref() -> None:
    """Was ``test_unresolved_ref_is_an_error_at_the_ref``: the node is now untyped, siblings
    kept (more cases in ``test_liberal.py``)."""
    value = small_spec(
        {"parameters": [query("A", {"$ref": "#/components/schemas/Missing", "required": True})]},
        schemas={"Thing": {"type": "object", "properties": {"other": {"$ref": "#/x/Other"}}}},
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "components.schemas.Thing.properties.other.$ref",
            "unsupported $ref '#/x/Other' (expected '#/components/schemas/<Name>'); "
            "the schema is untyped",
        ),
        (
            "warning",
            "apis.Op.parameters[0].schema.$ref",
            "$ref to unknown schema 'Missing' (not in components.schemas); the schema is untyped",
        ),
    ]
    assert spec.schemas["Thing"].properties["other"] == Schema()
    parameter = spec.operations["Op"].parameters[0]
    assert parameter.schema == Schema(required=True)
    assert parameter.required is True


def test_ref_cycle_of_pure_refs_is_a_warning_and_broken() -> None:
    """Was ``test_ref_cycle_of_pure_refs_is_an_error_and_resolve_raises``: the first component
    of the cycle becomes untyped, so every component resolves."""
    value = small_spec(
        schemas={
            "A": {"$ref": "#/components/schemas/B", "description": "a"},
            "B": {"$ref": "#/components/schemas/A"},
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "components.schemas.A.$ref", "$ref cycle: A -> B -> A; 'A' is untyped"),
    ]
    assert spec.schemas["A"] == Schema(description="a")
    assert spec.schemas["B"] == Schema(ref="A")
    assert spec.resolve(spec.schemas["B"]) is spec.schemas["A"]
    with pytest.raises(IrError, match="unknown schema 'Nope'"):
        spec.resolve(Schema(ref="Nope"))
    # ``Spec.resolve`` still refuses a cycle in a hand-made Spec.
    looped = Spec(
        product="P",
        version="V",
        style=Style.RPC,
        operations={},
        schemas={"A": Schema(ref="B"), "B": Schema(ref="A")},
    )
    with pytest.raises(IrError, match="cycle"):
        looped.resolve(looped.schemas["A"])


def test_recursive_schema_stays_a_reference() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    value = small_spec(
        {"responses": {200: {"schema": {"$ref": "#/components/schemas/Node"}}}},
        schemas={"Node": node},
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    items = spec.schemas["Node"].properties["children"].items
    assert items == Schema(ref="Node")
    assert spec.resolve(items) is spec.schemas["Node"]
    operation = spec.operations["Op"]
    assert operation.response_body_kind is BodyKind.OBJECT
    assert '"ref": "Node"' in spec_to_json(spec)


def test_empty_array_is_an_empty_mapping_everywhere() -> None:
    value = small_spec(
        {
            "parameters": [
                query(
                    "A",
                    {"type": "object", "properties": [], "additionalProperties": []},
                    examples=[],
                ),
                query("B", []),
            ],
            "responses": {200: [], 400: {"headers": [], "schema": {"enumValueTitles": []}}},
            "errorCodes": [],
            "staticInfo": [],
            "systemTags": [],
            "security": [{"AK": []}, []],
        },
        directories=[],
        endpoints=[],
    )
    value["components"] = []
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    operation = spec.operations["Op"]
    a, b = operation.parameters
    assert a.schema.properties == {} and a.schema.additional_properties == Schema()
    assert b.schema == Schema()
    assert [r.status for r in operation.responses] == [200, 400]
    assert operation.responses[0].schema is None
    assert operation.responses[0].body_kind is BodyKind.NONE
    assert operation.response_body_kind is BodyKind.NONE
    assert operation.static_info is None
    assert operation.security == ({"AK": ()}, {})


def test_top_level_empty_array_reports_missing_parts() -> None:
    """A missing ``apis`` is now a warning (was an error); a missing ``info`` stays an error."""
    spec, diagnostics = build_spec([])
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("error", None, "the spec has no 'info'"),
        ("warning", None, "the spec has no 'apis'; it has no operations"),
    ]
    assert spec.operations == {}


def test_top_level_not_a_mapping() -> None:
    spec, diagnostics = build_spec("<?php", source="x.php")
    assert [(d.severity, d.file, d.path, d.message) for d in diagnostics] == [
        (Severity.ERROR, "x.php", None, "the spec (top level) must be a mapping, got a string")
    ]
    assert spec.operations == {} and spec.style is None


def test_missing_info_fields_and_unknown_style() -> None:
    value = small_spec()
    value["info"] = {"style": "SOAP", "version": "1"}
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("error", "info", "'info' has no 'product'"),
        (
            "error",
            "info.style",
            "unknown API style 'SOAP' (known: RPC, ROA, V3, FC, OSS, PDS, AliGenie)",
        ),
    ]
    assert spec.style is None
    assert list(spec.operations) == ["Op"]  # the rest is still built


def test_response_keys_int_and_ranges() -> None:
    value = small_spec(
        {
            "responses": {
                200: {"schema": {"type": "array", "items": {"type": "string"}}},
                "4XX": {"schema": {"type": "object"}},
                "default": {"schema": {"type": "object"}},
                "headers": [],
                99: [],
            }
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.responses.headers",
            "response key 'headers' is not an HTTP status code; ignored",
        ),
        ("warning", "apis.Op.responses.99", "response key 99 is not an HTTP status code; ignored"),
    ]
    operation = spec.operations["Op"]
    assert [r.status for r in operation.responses] == [200, "4XX", "default"]
    assert operation.response_body_kind is BodyKind.ARRAY


def test_success_response_prefers_lowest_2xx_then_3xx() -> None:
    value = small_spec(
        {
            "responses": {
                500: {"schema": {"type": "object"}},
                204: [],
                202: {"schema": {"type": "string", "format": "byte"}},
            }
        }
    )
    spec, _ = build_spec(value)
    operation = spec.operations["Op"]
    success = operation.success_response()
    assert success is not None and success.status == 202
    assert operation.response_body_kind is BodyKind.BINARY
    redirect, _ = build_spec(
        small_spec({"responses": {302: [], 400: {"schema": {"type": "object"}}}})
    )
    assert redirect.operations["Op"].response_body_kind is BodyKind.NONE
    assert redirect.operations["Op"].responses[0].status == 302


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"type": "object", "properties": {"A": {"type": "string"}}}, BodyKind.OBJECT),
        ({"properties": {"A": {"type": "string"}}}, BodyKind.OBJECT),
        ({"type": "array", "items": {"type": "string"}}, BodyKind.ARRAY),
        ({"type": "string"}, BodyKind.STRING),
        ({"type": "string", "format": "binary"}, BodyKind.BINARY),
        ({"type": "integer"}, BodyKind.SCALAR),
        ({"type": "any"}, BodyKind.ANY),
        ({"$ref": "#/components/schemas/Thing"}, BodyKind.OBJECT),
    ],
)
def test_response_body_kind(schema: dict[str, Any], kind: BodyKind) -> None:
    value = small_spec(
        {"responses": {200: {"schema": schema}}}, schemas={"Thing": {"type": "object"}}
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    assert spec.operations["Op"].response_body_kind is kind


@pytest.mark.parametrize(
    ("parameters", "consumes", "encoding"),
    [
        ([], [], RequestBodyEncoding.NONE),
        ([query("A", {"type": "string"})], ["application/json"], RequestBodyEncoding.NONE),
        ([{"name": "A", "in": "formData", "schema": {"type": "string"}}], [], "form"),
        (
            [{"name": "A", "in": "formData", "schema": {"type": "string"}}],
            ["multipart/form-data"],
            "multipart",
        ),
        ([{"name": "b", "in": "body", "style": "json", "schema": {"type": "object"}}], [], "json"),
        ([{"name": "b", "in": "body", "schema": {"type": "array", "items": {}}}], [], "json"),
        ([{"name": "b", "in": "body", "style": "xml", "schema": {"type": "object"}}], [], "xml"),
        (
            [{"name": "b", "in": "body", "schema": {"type": "string", "format": "binary"}}],
            [],
            "binary",
        ),
        (
            [{"name": "b", "in": "body", "schema": {"type": "string"}}],
            ["application/octet-stream"],
            "binary",
        ),
        ([{"name": "b", "in": "body", "schema": {"type": "string"}}], ["application/json"], "text"),
    ],
)
def test_request_body_encoding(
    parameters: list[dict[str, Any]], consumes: list[str], encoding: str
) -> None:
    spec, diagnostics = build_spec(small_spec({"parameters": parameters, "consumes": consumes}))
    assert diagnostics == []
    assert spec.operations["Op"].request_body_encoding is RequestBodyEncoding(encoding)


def test_contradictory_schemas_are_warnings_and_kept() -> None:
    value = small_spec(
        {
            "parameters": [
                query("A", {"type": "array", "properties": {"x": {"type": "string"}}}),
                query("B", {"type": "string", "items": {"type": "string"}}),
                query("C", {"type": "string", "minLength": 5, "maxLength": 2}),
                query("D", {"$ref": "#/components/schemas/T", "type": "string"}),
                query("E", {"type": "integer", "minimum": "ten"}),
            ]
        },
        schemas={"T": {"type": "string"}},
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema.properties",
            "schema of type 'array' has 'properties'",
        ),
        ("warning", "apis.Op.parameters[0].schema", "array schema has no 'items'"),
        ("warning", "apis.Op.parameters[1].schema.items", "schema of type 'string' has 'items'"),
        ("warning", "apis.Op.parameters[2].schema", "minLength 5 is greater than maxLength 2"),
        (
            "warning",
            "apis.Op.parameters[3].schema",
            "schema has both '$ref' and 'type'; templates see the referenced component "
            "through Spec.resolve",
        ),
        (
            "warning",
            "apis.Op.parameters[4].schema.minimum",
            "'minimum' must be a number, got a string; ignored",
        ),
    ]
    first = spec.operations["Op"].parameters[0].schema
    assert list(first.properties) == ["x"]  # kept as given


def test_contradictory_parameters() -> None:
    value = small_spec(
        {
            "path": "/things/{Id}/{Other}",
            "parameters": [
                {"name": "Id", "in": "path", "schema": {"type": "string", "required": True}},
                {"name": "Nope", "in": "path", "schema": {"type": "string"}},
                query("Id", {"type": "string"}),
                query("Id", {"type": "integer"}),
                {"name": "b", "in": "body", "schema": {"type": "object"}},
                {"name": "f", "in": "formData", "schema": {"type": "string"}},
                query("R", {"type": "string", "required": False}, required=True),
            ],
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[1]",
            "path parameter 'Nope' does not appear in path '/things/{Id}/{Other}'",
        ),
        (
            "warning",
            "apis.Op.parameters[3]",
            "duplicate parameter 'Id' in query (differs from parameters[2]); dropped",
        ),
        (
            "warning",
            "apis.Op.parameters[6].required",
            "parameter says required=True but its schema says required=False; "
            "using the parameter's",
        ),
        ("warning", "apis.Op.path", "path variable {Other} has no parameter with in=path"),
        (
            "warning",
            "apis.Op.parameters",
            "operation has both a body parameter ('b') and formData parameters ('f', ...); "
            "the body parameter wins",
        ),
    ]
    operation = spec.operations["Op"]
    assert [(p.name, p.location.value) for p in operation.parameters] == [
        ("Id", "path"),
        ("Nope", "path"),
        ("Id", "query"),
        ("b", "body"),
        ("f", "formData"),
        ("R", "query"),
    ]
    assert operation.parameters[0].required is True
    assert operation.parameters[-1].required is True
    assert operation.request_body_encoding is RequestBodyEncoding.JSON


def test_unknown_enumerated_values_are_warnings() -> None:
    """Was ``test_unknown_enumerated_values_are_errors``: an unknown method is ignored, a
    parameter that cannot be sent is dropped (parameter B used to be kept without a style)."""
    value = small_spec(
        {
            "methods": ["get", "fetch"],
            "parameters": [
                {"name": "A", "in": "cookie", "schema": {"type": "string"}},
                {"name": "B", "in": "query", "style": "csv", "schema": {"type": "string"}},
                {"in": "query", "schema": {"type": "string"}},
                query("D", {"type": "string"}),
            ],
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "apis.Op.methods[1]", "unknown HTTP method 'fetch'; ignored"),
        (
            "warning",
            "apis.Op.parameters[0].in",
            "unknown parameter location 'cookie' (known: query, path, body, formData, header, "
            "host); parameter dropped",
        ),
        (
            "warning",
            "apis.Op.parameters[1].style",
            "unknown parameter style 'csv' (known: json, flat, repeatList, simple, xml, struct); "
            "parameter dropped",
        ),
        ("warning", "apis.Op.parameters[2]", "parameter has no 'name'; parameter dropped"),
    ]
    operation = spec.operations["Op"]
    assert operation.methods == (HttpMethod.GET,)
    assert [p.name for p in operation.parameters] == ["D"]


def test_operation_shape_problems() -> None:
    """A path-style operation without a usable method or a path stays an error; one that is
    not a mapping is now dropped with a warning (was an error)."""
    value = small_spec()
    value["apis"] = {
        "NoMethods": {"path": "/a"},
        "NoPath": {"methods": ["get"]},
        "NotAMapping": "GET /x",
        "EmptyMethods": {"methods": [], "path": "/b"},
    }
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("error", "apis.NoMethods", "operation has no 'methods' (a ROA-style API needs one)"),
        ("error", "apis.NoPath", "operation of a ROA-style API has no 'path'"),
        (
            "warning",
            "apis.NotAMapping",
            "an operation must be a mapping, got a string; operation dropped",
        ),
        (
            "error",
            "apis.EmptyMethods.methods",
            "operation has no usable HTTP method (a ROA-style API needs one)",
        ),
    ]
    assert list(spec.operations) == ["NoMethods", "NoPath", "EmptyMethods"]
    # RPC operations need no path.
    assert diags(small_spec({"path": None}, style="RPC")) == []


def test_enum_value_titles_keys_come_back_as_strings() -> None:
    value = small_spec(
        {
            "parameters": [
                query("A", {"type": "string", "enumValueTitles": ["zero", "one"]}),
                query(
                    "B",
                    {
                        "type": "string",
                        "enum": ["1", "x"],
                        "enumValueTitles": {1: "one", "x": "ex"},
                    },
                ),
            ]
        }
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    a, b = spec.operations["Op"].parameters
    assert a.schema.enum_value_titles == {"0": "zero", "1": "one"}
    assert b.schema.enum == ("1", "x")
    assert b.schema.enum_value_titles == {"1": "one", "x": "ex"}


def test_error_codes_static_info_and_response_demo() -> None:
    demo = json.dumps([{"type": "json", "example": '{"A": 1}', "errorExample": ""}])
    value = small_spec(
        {
            "errorCodes": {
                400: [{"errorCode": "Bad", "errorMessage": "bad"}, {"errorCode": "Worse"}],
                "x": [],
            },
            "staticInfo": {"returnType": "synchronous", "substitutions": ["P::V::Op2"]},
            "responseDemo": demo,
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.errorCodes.x",
            "errorCodes key 'x' is not an HTTP status code; ignored",
        ),
    ]
    operation = spec.operations["Op"]
    assert [(e.http_status, e.code, e.message) for e in operation.error_codes] == [
        (400, "Bad", "bad"),
        (400, "Worse", None),
    ]
    assert operation.static_info is not None
    assert operation.static_info.substitutions == ("P::V::Op2",)
    assert [(x.type, x.example) for x in operation.response_examples] == [("json", '{"A": 1}')]
    assert diags(small_spec({"responseDemo": "[{"})) == [
        (
            "warning",
            "apis.Op.responseDemo",
            "responseDemo is not valid JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 3 (char 2)); examples dropped",
        )
    ]
    assert diags(small_spec({"responseDemo": ""})) == []


def test_directories_and_endpoints() -> None:
    value = small_spec(
        directories=[
            {"id": 1, "title": "Top", "type": "directory", "children": ["Op", "Ghost"]},
            "Op",
            {"title": "Nested", "children": [{"id": 2, "title": "Inner", "children": ["Op"]}]},
        ],
        endpoints=[
            {"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"},
            {"regionId": "cn-beijing"},
            {"regionId": "cn-shanghai", "endpoint": "demo.cn-shanghai.aliyuncs.com", "type": "x"},
        ],
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "directories[0].children[1]", "directory lists unknown operation 'Ghost'"),
        ("warning", "endpoints[1]", "endpoint has no 'endpoint'; endpoint dropped"),
        ("warning", "endpoints[2].type", "unknown key 'type' in endpoint; ignored"),
    ]
    assert spec.directories == (
        Directory(id=1, title="Top", children=("Op", "Ghost")),
        "Op",
        Directory(
            id=None, title="Nested", children=(Directory(id=2, title="Inner", children=("Op",)),)
        ),
    )
    assert [e.region_id for e in spec.endpoints] == ["cn-hangzhou", "cn-shanghai"]
    assert spec.endpoint_for("cn-shanghai") == "demo.cn-shanghai.aliyuncs.com"
    assert spec.endpoint_for("cn-beijing") is None


def test_global_security_and_diagnostic_file() -> None:
    value = small_spec(security=[{"BearerToken": []}], bogus=[])
    spec, diagnostics = build_spec(value, source="demo.php")
    assert spec.security == ({"BearerToken": ()},)
    assert [(d.file, d.path) for d in diagnostics] == [("demo.php", "bogus")]
    assert (
        str(diagnostics[0]) == "demo.php: bogus: warning: unknown key 'bogus' in the spec; ignored"
    )


def test_top_level_element_without_key_is_named_and_explained() -> None:
    """The seed's truncated head leaves '1.0' under key 0: the path reads as an index."""
    value = {0: "1.0", **small_spec()}
    _, diagnostics = build_spec(value, source="seed.php")
    assert [d.path for d in diagnostics] == ["[0]"]
    assert str(diagnostics[0]).startswith(
        "seed.php: [0]: warning: unknown key 0 in the spec; ignored (an element without a key"
    )


def test_json_output_omits_defaults_but_keeps_falsy_values() -> None:
    value = small_spec(
        {
            "deprecated": False,
            "parameters": [
                query("A", {"type": "integer", "example": 0, "default": False, "required": False})
            ],
        }
    )
    spec, _ = build_spec(value)
    parsed = json.loads(spec_to_json(spec))
    operation = parsed["operations"]["Op"]
    assert "deprecated" not in operation  # False is the default
    assert operation["parameters"][0] == {
        "name": "A",
        "location": "query",
        "required": False,
        "schema": {"type": "integer", "required": False, "default": False, "example": 0},
    }
    assert operation["methods"] == ["get"]
    assert spec_to_json(spec).endswith("}\n")


def test_operations_keep_spec_order() -> None:
    value = small_spec()
    value["apis"] = {name: {"methods": ["post"], "path": f"/{name}"} for name in "zyxabc"}
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    assert list(spec.operations) == list("zyxabc")
    assert all(isinstance(op, Operation) for op in spec.operations.values())


def test_ir_is_immutable() -> None:
    spec, _ = build_spec(small_spec())
    with pytest.raises(AttributeError):
        spec.product = "Other"  # type: ignore[misc]


def test_deep_nesting_is_an_error_at_its_path_not_a_crash() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(5000):
        schema = {"type": "array", "items": schema}
    _, diagnostics = build_spec(small_spec({"parameters": [query("A", schema)]}))
    [diagnostic] = diagnostics
    assert (diagnostic.severity.value, diagnostic.message) == (
        "error",
        "schema nested more than 64 levels deep",
    )
    assert diagnostic.path == "apis.Op.parameters[0].schema" + ".items" * 64


def test_big_specs_build_quickly() -> None:
    """ECS (358 operations) and SAS (921) take ~0.3 s each; 3 s leaves room for slow CI."""
    for spec_id in ("ecs/2014-05-26", "sas/2018-12-03"):
        path = CORPUS / spec_id / "api-docs.json"
        if not path.is_file():
            pytest.skip(f"{path} is not in the corpus")
        value = php_json_load(path)
        start = time.perf_counter()
        build_spec(value)
        assert time.perf_counter() - start < 3.0, spec_id


# Arbitrary PHP values (what a broken parser or a hand-edited spec could hand over), with keys
# biased towards the ones the builder looks at so the fuzzing reaches deep into it.
_KEYS = (
    st.sampled_from(
        [
            "info",
            "apis",
            "components",
            "schemas",
            "directories",
            "endpoints",
            "style",
            "product",
            "version",
            "methods",
            "path",
            "parameters",
            "responses",
            "name",
            "in",
            "schema",
            "type",
            "properties",
            "items",
            "additionalProperties",
            "$ref",
            "enum",
            "enumValueTitles",
            "required",
            "security",
            "errorCodes",
            "staticInfo",
            "headers",
            "children",
            "regionId",
            "endpoint",
            "responseDemo",
            "minimum",
            "maxLength",
            "title",
            "id",
            "ramActions",
            "ramAction",
            "action",
            "resources",
            "ram",
            "apiName",
            "changeSet",
            "flowControl",
            "flowControlList",
            "threshold",
            "eventInfo",
            "systemTags",
            "code",
            "http_code",
        ]
    )
    | st.integers(min_value=-2, max_value=600)
    | st.text(max_size=5)
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(["get", "query", "object", "array", "ROA", "#/components/schemas/A", ""])
    | st.text(max_size=8)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(whole=_VALUES, operation=_VALUES, schema=_VALUES, parameters=_VALUES)
def test_any_value_gives_diagnostics_never_an_exception(
    whole: object, operation: object, schema: object, parameters: object
) -> None:
    for value in (
        whole,
        small_spec({"parameters": parameters}),
        small_spec({"parameters": [query("A", schema)], "responses": {200: {"schema": schema}}}),
        {**small_spec(), "apis": {"Op": operation}},
        small_spec(schemas={"A": schema}),
        small_spec(
            {"ramActions": operation, "flowControl": operation, "systemTags": operation},
            ram=whole,
            flowControl=whole,
            changeSet=whole,
            errorCodes=whole,
            endpoints=parameters,
            directories=parameters,
        ),
    ):
        spec, diagnostics = build_spec(value)
        assert all(isinstance(d, Diagnostic) for d in diagnostics)
        json.loads(spec_to_json(spec))
