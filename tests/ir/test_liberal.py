"""Liberal input, strict output: what stays an error, and every warning with its fallback.

The rules are listed in ``gen_sdk.ir.build``'s docstring; each test here builds a small spec
that breaks one of them and checks the exact diagnostics and the IR that comes out.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from support.irspecs import diags, query, small_spec

from gen_sdk.ir import (
    BodyKind,
    Directory,
    Endpoint,
    HttpMethod,
    ParameterLocation,
    Schema,
    SchemaType,
    StaticInfo,
    build_spec,
    has_errors,
)

# --- directories ----------------------------------------------------------------------------


def test_directory_problems_are_never_errors() -> None:
    value = small_spec(
        directories=[
            {"id": 59190, "title": None, "type": "directory", "children": ["Op"]},
            {"id": 59198, "type": "directory", "children": ["Op"]},
            3,
            ["Op"],
            {"title": 7, "children": "Op"},
            {"id": "x", "title": "T", "children": [{"title": "Inner"}, None, "Op"]},
        ]
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "directories[0]", "directory has no 'title'; titled ''"),
        ("warning", "directories[1]", "directory has no 'title'; titled ''"),
        (
            "warning",
            "directories[2]",
            "a directory entry (mapping or operation name) must be a mapping, got an integer; "
            "skipped",
        ),
        (
            "warning",
            "directories[3]",
            "a directory entry (mapping or operation name) must be a mapping, got a list; skipped",
        ),
        ("warning", "directories[4].title", "'title' must be a string, got an integer; titled ''"),
        (
            "warning",
            "directories[4].children",
            "directory children must be a list, got a string; ignored",
        ),
        (
            "warning",
            "directories[5].children[1]",
            "a directory entry (mapping or operation name) must be a mapping, got null; skipped",
        ),
        ("warning", "directories[5].id", "'id' must be an integer, got a string; ignored"),
    ]
    assert spec.directories == (
        Directory(id=59190, title="", children=("Op",)),
        Directory(id=59198, title="", children=("Op",)),
        Directory(id=None, title="", children=()),
        Directory(
            id=None, title="T", children=(Directory(id=None, title="Inner", children=()), "Op")
        ),
    )
    assert list(spec.operations) == ["Op"]


def test_directories_of_the_wrong_shape_are_ignored() -> None:
    spec, diagnostics = build_spec(small_spec(directories="Op"))
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "directories", "directory children must be a list, got a string; ignored")
    ]
    assert spec.directories == ()


# --- integers written as floats -------------------------------------------------------------


def test_integral_floats_are_integers() -> None:
    value = small_spec(
        {
            "parameters": [
                query("S", {"type": "string", "minLength": 1.0, "maxLength": 64.0}),
                query("L", {"type": "array", "items": {}, "minItems": 0.0, "maxItems": 10.0}),
            ],
            "staticInfo": {"callbackInterval": 60000.0, "maxCallbackTimes": 10.0},
        },
        directories=[{"id": 355738.0, "title": "T", "children": ["Op"]}],
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    s, array = (p.schema for p in spec.operations["Op"].parameters)
    assert (s.min_length, s.max_length, array.min_items, array.max_items) == (1, 64, 0, 10)
    assert spec.operations["Op"].static_info == StaticInfo(
        callback_interval=60000, max_callback_times=10
    )
    assert spec.directories == (Directory(id=355738, title="T", children=("Op",)),)
    ints = [s.min_length, s.max_length, array.min_items, array.max_items]
    info = spec.operations["Op"].static_info
    assert info is not None
    ints += [info.callback_interval, info.max_callback_times]
    directory = spec.directories[0]
    assert isinstance(directory, Directory)
    assert all(type(n) is int for n in [*ints, directory.id])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(64.5, "a float (64.5)"), (math.inf, "a float"), (math.nan, "a float"), ("64", "a string")],
)
def test_other_numbers_where_an_integer_is_expected_are_ignored(raw: Any, shown: str) -> None:
    value = small_spec(
        {
            "parameters": [query("S", {"type": "string", "maxLength": raw})],
            "staticInfo": {"callbackInterval": raw},
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema.maxLength",
            f"'maxLength' must be an integer, got {shown}; ignored",
        ),
        (
            "warning",
            "apis.Op.staticInfo.callbackInterval",
            f"'callbackInterval' must be an integer, got {shown}; ignored",
        ),
    ]
    operation = spec.operations["Op"]
    assert operation.parameters[0].schema == Schema(type=SchemaType.STRING)
    assert operation.static_info == StaticInfo()


def test_scsp_style_max_length_no_longer_fails() -> None:
    """scsp/2020-07-02 writes ``maxLength: 64.0`` (hence a float after json_decode)."""
    value = small_spec(
        {"parameters": [query("EntityId", {"type": "string", "maxLength": 64.0})]}, style="RPC"
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    assert spec.operations["Op"].parameters[0].schema.max_length == 64


# --- $ref -----------------------------------------------------------------------------------


def test_ref_resolves_case_insensitively_to_the_only_match() -> None:
    value = small_spec(
        {"responses": {200: {"schema": {"$ref": "#/components/schemas/vpcconfig"}}}},
        schemas={
            "Holder": {
                "type": "object",
                "properties": {"vpcConfig": {"$ref": "#/components/schemas/VpcConfig"}},
            },
            "VPCConfig": {"type": "object", "properties": {"VpcId": {"type": "string"}}},
        },
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "components.schemas.Holder.properties.vpcConfig.$ref",
            "$ref to unknown schema 'VpcConfig' (not in components.schemas); using 'VPCConfig', "
            "the component whose name differs only in case",
        ),
        (
            "warning",
            "apis.Op.responses.200.schema.$ref",
            "$ref to unknown schema 'vpcconfig' (not in components.schemas); using 'VPCConfig', "
            "the component whose name differs only in case",
        ),
    ]
    holder = spec.schemas["Holder"].properties["vpcConfig"]
    assert holder == Schema(ref="VPCConfig")
    assert spec.resolve(holder) is spec.schemas["VPCConfig"]
    operation = spec.operations["Op"]
    assert operation.responses[0].schema == Schema(ref="VPCConfig")
    assert operation.response_body_kind is BodyKind.OBJECT


def test_ref_that_is_missing_or_ambiguous_makes_an_untyped_node_with_its_siblings() -> None:
    value = small_spec(
        {
            "parameters": [
                query(
                    "A",
                    {"$ref": "#/components/schemas/thing", "description": "d", "required": True},
                ),
                query("B", {"$ref": "#/components/schemas/Gone", "title": "t"}),
                query("C", {"$ref": 5, "description": "c"}),
            ],
            "responses": {200: {"schema": {"$ref": "#/components/schemas/Gone"}}},
        },
        schemas={"Thing": {"type": "object"}, "THING": {"type": "string"}},
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema.$ref",
            "$ref to unknown schema 'thing' (not in components.schemas; 'Thing', 'THING' differ "
            "from it only in case); the schema is untyped",
        ),
        (
            "warning",
            "apis.Op.parameters[1].schema.$ref",
            "$ref to unknown schema 'Gone' (not in components.schemas); the schema is untyped",
        ),
        (
            "warning",
            "apis.Op.parameters[2].schema.$ref",
            "'$ref' must be a string, got an integer; the schema is untyped",
        ),
        (
            "warning",
            "apis.Op.responses.200.schema.$ref",
            "$ref to unknown schema 'Gone' (not in components.schemas); the schema is untyped",
        ),
    ]
    operation = spec.operations["Op"]
    a, b, c = operation.parameters
    assert a.schema == Schema(description="d", required=True)
    assert a.required is True
    assert b.schema == Schema(title="t")
    assert c.schema == Schema(description="c")
    assert operation.responses[0].schema == Schema()
    assert operation.response_body_kind is BodyKind.ANY
    assert not has_errors(build_spec(value)[1])


def test_self_referencing_component_is_untyped() -> None:
    spec, diagnostics = build_spec(
        small_spec(schemas={"Loop": {"$ref": "#/components/schemas/Loop", "title": "L"}})
    )
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "components.schemas.Loop.$ref", "$ref cycle: Loop -> Loop; 'Loop' is untyped")
    ]
    assert spec.schemas["Loop"] == Schema(title="L")


def test_components_of_the_wrong_shape_are_ignored() -> None:
    value = small_spec({"parameters": [query("A", {"$ref": "#/components/schemas/T"})]})
    value["components"] = "schemas"
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "components", "'components' must be a mapping, got a string; ignored"),
        (
            "warning",
            "apis.Op.parameters[0].schema.$ref",
            "$ref to unknown schema 'T' (not in components.schemas); the schema is untyped",
        ),
    ]
    assert spec.schemas == {}
    value["components"] = {"schemas": 3}
    assert diags(value)[0] == (
        "warning",
        "components.schemas",
        "'components.schemas' must be a mapping, got an integer; ignored",
    )


# --- the spec and its operations ------------------------------------------------------------


def test_spec_without_usable_apis_is_a_warning() -> None:
    value = small_spec()
    del value["apis"]
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", None, "the spec has no 'apis'; it has no operations")
    ]
    assert spec.operations == {}
    value["apis"] = "ListThings"
    assert diags(value) == [
        ("warning", "apis", "'apis' must be a mapping, got a string; the spec has no operations")
    ]
    value["apis"] = []
    assert diags(value) == [("warning", "apis", "the spec defines no operations")]


@pytest.mark.parametrize("style", ["RPC", "V3"])
def test_action_style_operation_without_a_usable_method_is_dropped(style: str) -> None:
    value = small_spec(style=style)
    value["apis"] = {
        "NoMethods": {"parameters": []},
        "Empty": {"methods": []},
        "Unknown": {"methods": ["fetch", 5]},
        "Fine": {"methods": ["POST", "teleport", "get"]},
        "NotAMapping": ["post"],
    }
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "apis.NoMethods", "operation has no 'methods'; operation dropped"),
        (
            "warning",
            "apis.Empty.methods",
            "operation has no usable HTTP method; operation dropped",
        ),
        ("warning", "apis.Unknown.methods[0]", "unknown HTTP method 'fetch'; ignored"),
        ("warning", "apis.Unknown.methods[1]", "unknown HTTP method 5; ignored"),
        (
            "warning",
            "apis.Unknown.methods",
            "operation has no usable HTTP method; operation dropped",
        ),
        ("warning", "apis.Fine.methods[1]", "unknown HTTP method 'teleport'; ignored"),
        (
            "warning",
            "apis.NotAMapping",
            "an operation must be a mapping, got a list; operation dropped",
        ),
    ]
    assert list(spec.operations) == ["Fine"]
    assert spec.operations["Fine"].methods == (HttpMethod.POST, HttpMethod.GET)


def test_path_style_request_line_problems_stay_errors() -> None:
    value = small_spec(style="FC")
    value["apis"] = {
        "BadPath": {"methods": ["get"], "path": ["/x"]},
        "Unknown": {"methods": ["fetch"], "path": "/y"},
    }
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("error", "apis.BadPath.path", "'path' must be a string, got a list"),
        ("warning", "apis.Unknown.methods[0]", "unknown HTTP method 'fetch'; ignored"),
        (
            "error",
            "apis.Unknown.methods",
            "operation has no usable HTTP method (a FC-style API needs one)",
        ),
    ]
    assert has_errors(diagnostics)
    assert list(spec.operations) == ["BadPath", "Unknown"]  # kept, flagged
    assert spec.operations["Unknown"].methods == ()
    # An RPC operation's path is optional: a bad one is ignored.
    assert diags(small_spec({"path": 5}, style="RPC")) == [
        ("warning", "apis.Op.path", "'path' must be a string, got an integer; ignored")
    ]


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("RPC", [("error", "info", "'info' must be a mapping, got a string")]),
        (
            {"style": "RPC", "product": 5, "version": "1"},
            [("error", "info.product", "'product' must be a string, got an integer")],
        ),
        (
            {"style": "SOAP", "product": "P", "version": "1", "title": 5},
            [
                (
                    "error",
                    "info.style",
                    "unknown API style 'SOAP' (known: RPC, ROA, V3, FC, OSS, PDS, AliGenie)",
                ),
                ("warning", "info.title", "'title' must be a string, got an integer; ignored"),
            ],
        ),
        ({"style": "RPC", "product": "P"}, [("error", "info", "'info' has no 'version'")]),
    ],
)
def test_spec_identity_problems_stay_errors(info: Any, expected: list[Any]) -> None:
    value = small_spec(style="RPC")
    value["info"] = info
    assert diags(value) == expected


# --- parameters -----------------------------------------------------------------------------


def test_a_parameter_that_cannot_be_sent_is_dropped_or_drops_its_operation() -> None:
    value = small_spec(style="RPC")
    value["apis"] = {
        "Optional": {
            "methods": ["post"],
            "parameters": [
                {"name": "A", "in": "cookie", "schema": {"type": "string"}},
                {"name": 7, "in": "query", "schema": {"type": "string"}},
                {"name": "C", "in": "query", "style": ["flat"], "schema": {"type": "array"}},
                query("D", {"type": "string"}),
            ],
        },
        "Required": {
            "methods": ["post"],
            "parameters": [
                query("D", {"type": "string"}),
                {"name": "A", "in": "cookie", "schema": {"type": "string", "required": True}},
                {"name": "B", "in": "query", "style": "csv", "schema": {}, "required": True},
                {"in": "query", "schema": {"type": "string", "required": True}},
            ],
        },
    }
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Optional.parameters[0].in",
            "unknown parameter location 'cookie' (known: query, path, body, formData, header, "
            "host); parameter dropped",
        ),
        (
            "warning",
            "apis.Optional.parameters[1].name",
            "'name' must be a string, got an integer; parameter dropped",
        ),
        ("warning", "apis.Optional.parameters[2].schema", "array schema has no 'items'"),
        (
            "warning",
            "apis.Optional.parameters[2].style",
            "'style' must be a string, got a list; parameter dropped",
        ),
        (
            "warning",
            "apis.Required.parameters[1].in",
            "unknown parameter location 'cookie' (known: query, path, body, formData, header, "
            "host); operation dropped (the parameter is required)",
        ),
    ]
    assert list(spec.operations) == ["Optional"]
    [kept] = spec.operations["Optional"].parameters
    assert (kept.name, kept.location) == ("D", ParameterLocation.QUERY)


def test_parameter_and_header_without_schema_are_untyped() -> None:
    value = small_spec(
        {
            "parameters": [{"name": "A", "in": "query", "required": True}],
            "responses": {200: {"headers": {"x-id": {"style": "csv"}}}},
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "apis.Op.parameters[0]", "parameter has no 'schema'; its value is untyped"),
        (
            "warning",
            "apis.Op.responses.200.headers.x-id.style",
            "unknown header style 'csv'; ignored",
        ),
        (
            "warning",
            "apis.Op.responses.200.headers.x-id",
            "response header has no 'schema'; its value is untyped",
        ),
    ]
    operation = spec.operations["Op"]
    assert operation.parameters[0].schema == Schema()
    assert operation.parameters[0].required is True
    header = operation.responses[0].headers["x-id"]
    assert header.schema == Schema() and header.style is None


# --- schemas --------------------------------------------------------------------------------


def test_schema_problems_fall_back_to_less_typing() -> None:
    value = small_spec(
        {
            "parameters": [
                query("A", {"type": "text", "description": "a"}),
                query("B", {"type": "string", "enum": ["x", ["y"], "z"]}),
                query("C", {"type": "string", "enum": "x"}),
                query("D", {"type": "string", "enum": {"first": "x"}, "enumValueTitles": {"x": 1}}),
            ]
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.parameters[0].schema.type",
            "unknown schema type 'text' (known: string, integer, number, boolean, object, array, "
            "any); the schema is untyped",
        ),
        (
            "warning",
            "apis.Op.parameters[1].schema.enum[1]",
            "enum member must be a scalar, got a list; the enum is ignored",
        ),
        (
            "warning",
            "apis.Op.parameters[2].schema.enum",
            "'enum' must be a list, got a string; ignored",
        ),
        (
            "warning",
            "apis.Op.parameters[3].schema.enum",
            "'enum' must be a list, got a mapping; its values are read in order",
        ),
        (
            "warning",
            "apis.Op.parameters[3].schema.enumValueTitles.x",
            "enum value title must be a string, got an integer; ignored",
        ),
    ]
    a, b, c, d = (p.schema for p in spec.operations["Op"].parameters)
    assert a == Schema(description="a")
    assert b == Schema(type=SchemaType.STRING)
    assert c == Schema(type=SchemaType.STRING)
    assert d == Schema(type=SchemaType.STRING, enum=("x",))


# --- endpoints and the rest -----------------------------------------------------------------


def test_endpoint_problems_drop_the_endpoint_or_use_its_public_host() -> None:
    value = small_spec(
        endpoints=[
            {"regionId": "ap-northeast-1", "public": "demo.ap-northeast-1.aliyuncs.com"},
            {"endpoint": "demo.aliyuncs.com"},
            {"regionId": "cn-beijing", "endpoint": 5},
            "demo.cn-hangzhou.aliyuncs.com",
            {"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com", "vpc": 1},
        ]
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "endpoints[0]", "endpoint has no 'endpoint'; its 'public' host is used"),
        ("warning", "endpoints[1]", "endpoint has no 'regionId'; endpoint dropped"),
        (
            "warning",
            "endpoints[2].endpoint",
            "'endpoint' must be a string, got an integer; endpoint dropped",
        ),
        ("warning", "endpoints[3]", "an endpoint must be a mapping, got a string; skipped"),
        ("warning", "endpoints[4].vpc", "'vpc' must be a string, got an integer; ignored"),
    ]
    assert spec.endpoints == (
        Endpoint(
            region_id="ap-northeast-1",
            endpoint="demo.ap-northeast-1.aliyuncs.com",
            public="demo.ap-northeast-1.aliyuncs.com",
        ),
        Endpoint(region_id="cn-hangzhou", endpoint="demo.cn-hangzhou.aliyuncs.com"),
    )


def test_security_and_lists_of_the_wrong_shape() -> None:
    value = small_spec(
        {"security": [{"AK": [5]}, "AK"], "consumes": "application/json", "schemes": ["https", 1]}
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "apis.Op.consumes", "'consumes' must be a list, got a string; ignored"),
        ("warning", "apis.Op.schemes[1]", "must be a string, got an integer; ignored"),
        ("warning", "apis.Op.security[0].AK[0]", "must be a string, got an integer; ignored"),
        (
            "warning",
            "apis.Op.security[1]",
            "a security requirement must be a mapping, got a string; ignored",
        ),
    ]
    operation = spec.operations["Op"]
    assert operation.security == ({"AK": ()},)
    assert operation.consumes == () and operation.schemes == ("https",)


def test_response_problems_ignore_the_response() -> None:
    value = small_spec(
        {
            "responses": {200: "ok", 400: {"schema": {"type": "object"}}},
            "responseDemo": '{"example": 1}',
        }
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        ("warning", "apis.Op.responses.200", "a response must be a mapping, got a string; ignored"),
        (
            "warning",
            "apis.Op.responseDemo",
            "responseDemo must be a JSON list, got a mapping; examples dropped",
        ),
    ]
    operation = spec.operations["Op"]
    assert [r.status for r in operation.responses] == [400]
    assert operation.response_body_kind is BodyKind.NONE
    assert operation.response_examples == ()


def test_every_warning_says_what_was_done() -> None:
    """A warning's message ends with its fallback (or is one of the contradictions that are
    kept as given, which say nothing more)."""
    value = small_spec(
        {
            "methods": ["get", "x"],
            "deprecated": 1,
            "parameters": [7, query("A", {"type": 5, "maxLength": 1.5}), {"name": "B"}],
            "responses": {"x": [], 200: 5},
            "errorCodes": {"x": [], 400: [{}]},
            "ramActions": [{}],
        },
        endpoints=[{}],
        directories=[{}],
    )
    spec, diagnostics = build_spec(value)
    assert not has_errors(diagnostics)
    fallbacks = ("ignored", "dropped", "skipped", "untyped", "titled ''", "used")
    assert diagnostics
    for d in diagnostics:
        assert d.message.endswith(fallbacks), d.message
    assert [p.name for p in spec.operations["Op"].parameters] == ["A"]
