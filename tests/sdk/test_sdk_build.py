"""The SDK model as data: wire rules, types, pagination, endpoints; nothing is rendered."""

from __future__ import annotations

from typing import Any

import pytest

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.ir import build_spec
from gen_sdk.sdk import (
    AnyType,
    Auth,
    BinaryType,
    BodyPart,
    ListType,
    Location,
    MapType,
    ModelKind,
    ModelType,
    Package,
    RequestBody,
    ResponseKind,
    ScalarType,
    Side,
    WireStyle,
    build_package,
    choose_method,
)


def package(
    apis: dict[str, Any],
    *,
    style: str = "RPC",
    schemas: dict[str, Any] | None = None,
    endpoints: list[dict[str, str]] | None = None,
) -> Package:
    value = {
        "info": {"style": style, "product": "Demo", "version": "2020-01-01"},
        "apis": apis,
        "components": {"schemas": schemas or {}},
        "endpoints": endpoints or [],
    }
    spec, diagnostics = build_spec(value)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    built = build_package(spec, diagnostics)
    assert built is not None
    return built


def op(
    *params: dict[str, Any],
    methods: tuple[str, ...] = ("post",),
    path: str | None = None,
    response: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    api: dict[str, Any] = {"methods": list(methods), "parameters": list(params), **extra}
    if path is not None:
        api["path"] = path
    if response is not None:
        api["responses"] = {200: {"schema": response}}
    return api


def query(name: str, schema: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or {"type": "string"}, **extra}


def obj(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}


# -- wire rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "methods", "expected"),
    [
        (WireStyle.RPC, ["get"], "GET"),
        (WireStyle.RPC, ["post", "get"], "POST"),
        (WireStyle.RPC, ["get", "post"], "POST"),
        (WireStyle.ROA, ["patch", "post"], "POST"),
        (WireStyle.ROA, ["get", "post"], "POST"),
        (WireStyle.ROA, ["post", "delete"], "POST"),
        (WireStyle.ROA, ["patch", "post", "put"], "POST"),
        (WireStyle.ROA, ["delete"], "DELETE"),
        (WireStyle.ROA, ["put", "patch"], "PUT"),
        (WireStyle.PDS, ["get", "post"], "POST"),
    ],
)
def test_method_rule(style: WireStyle, methods: list[str], expected: str) -> None:
    assert choose_method(style, methods) == expected


def test_styles_paths_and_bodies() -> None:
    rpc = package({"A": op(query("X"), {"name": "B", "in": "body", "schema": obj(C=STRING)})})
    wire = rpc.operation("A").wire
    assert (wire.style, wire.path, wire.request_body) == (WireStyle.RPC, "/", RequestBody.JSON)
    v3 = package(
        {
            "Rpc": op(query("X")),
            "Roa": op({"name": "Id", "in": "path", "schema": STRING}, path="/things/{Id}"),
        },
        style="V3",
    )
    assert v3.wire_style is WireStyle.RPC
    assert v3.operation("Rpc").wire.style is WireStyle.RPC
    roa = v3.operation("Roa").wire
    assert (roa.style, roa.path, roa.request_body) == (
        WireStyle.ROA,
        "/things/{Id}",
        RequestBody.JSON,
    )
    form = package(
        {"F": op({"name": "X", "in": "formData", "schema": STRING}, path="/f")}, style="ROA"
    )
    assert form.operation("F").wire.request_body is RequestBody.FORM


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (obj(A=STRING), BodyPart.OBJECT),
        ({"type": "array", "items": STRING}, BodyPart.ARRAY),
        ({"type": "string", "format": "binary"}, BodyPart.BINARY),
        ({"type": "string"}, BodyPart.RAW),
        ({"type": "integer"}, None),
    ],
)
def test_body_parts(schema: dict[str, Any], expected: BodyPart | None) -> None:
    built = package({"A": op({"name": "B", "in": "body", "schema": schema}, path="/")}, style="ROA")
    [param] = built.operation("A").params
    assert param.body is expected
    assert isinstance(param.type, BinaryType) == (expected is BodyPart.BINARY)


def test_whole_path_parameter_and_unused_path_parameters() -> None:
    built = package(
        {
            "Whole": op(
                {"name": "requestPath", "in": "path", "schema": STRING},
                query("regionId"),
                path="/api/v1/providers/{provider}/products/{product}/resources/*",
            ),
            "Unused": op(
                {"name": "projectId", "in": "path", "schema": STRING},
                {"name": "groupId", "in": "path", "schema": {"type": "string", "required": True}},
                path="/group/{groupId}/dissociate",
            ),
        },
        style="V3",
    )
    whole = built.operation("Whole")
    assert whole.wire.path_param == "requestPath"
    assert [p.sent for p in whole.params] == [True, True]
    unused = built.operation("Unused")
    assert unused.wire.path_param is None
    assert [(p.wire, p.sent) for p in unused.params] == [("projectId", False), ("groupId", True)]


@pytest.mark.parametrize(
    ("response", "produces", "expected"),
    [
        (obj(A=STRING), [], ResponseKind.JSON),
        ({"type": "array", "items": STRING}, [], ResponseKind.ARRAY),
        ({"type": "string"}, [], ResponseKind.STRING),
        ({"type": "string", "format": "binary"}, [], ResponseKind.BINARY),
        ({"type": "string", "format": "byte"}, [], ResponseKind.BYTE),
        (None, [], ResponseKind.NONE),
        (obj(A=STRING), ["text/event-stream"], ResponseKind.SSE),
    ],
)
def test_response_kinds(
    response: dict[str, Any] | None, produces: list[str], expected: ResponseKind
) -> None:
    built = package({"A": op(response=response, produces=produces)})
    assert built.operation("A").wire.response is expected


def test_sse_scheme_offers_an_event_stream_with_a_typed_response() -> None:
    built = package(
        {
            "Chat": op(response=obj(Content=STRING), schemes=["https", "sse"]),
            "Stream": op(
                response=obj(Content=STRING),
                schemes=["https", "sse"],
                produces=["text/event-stream"],
            ),
            "Plain": op(response=obj(Content=STRING), schemes=["https"]),
        }
    )
    assert [o.sse for o in built.operations] == [True, True, False]
    # The events' data is the declared body: the response model has its fields.
    stream = built.operation("Stream")
    assert stream.wire.response is ResponseKind.SSE
    assert [f.wire for f in built.models[stream.response].fields] == ["Content"]


@pytest.mark.parametrize(
    ("security", "expected"),
    [
        ([], Auth.AK),
        ([{"AK": []}, {"Anonymous": []}], Auth.AK),
        ([{"Anonymous": []}], Auth.ANONYMOUS),
        ([{"BearerToken": []}], Auth.BEARER),
        ([{"APP": []}], Auth.AK),
    ],
)
def test_auth(security: list[dict[str, list[str]]], expected: Auth) -> None:
    assert package({"A": op(security=security)}).operation("A").wire.auth is expected


def test_idempotence_and_declared_codes() -> None:
    built = package(
        {
            "Read": op(operationType="read", response=obj(Code=STRING, Message=STRING)),
            "Write": op(operationType="write", response=obj(Data=STRING)),
        }
    )
    read, write = built.operation("Read").wire, built.operation("Write").wire
    assert (read.idempotent, read.body_declares_code) == (True, True)
    assert (write.idempotent, write.body_declares_code) == (False, False)


# -- types and models --------------------------------------------------------------------------


def test_type_tree_and_nested_models() -> None:
    built = package(
        {
            "A": op(
                query("Mode", {"type": "string", "enum": ["a", "b"]}),
                query("Tags", {"type": "array", "items": obj(Key=STRING)}),
                query("Labels", {"type": "object", "additionalProperties": INTEGER}),
                query("Free", {"type": "object"}),
                query("Thing", {"$ref": "#/components/schemas/Thing"}),
                query("Whatever", {"description": "anything"}),
                response=obj(Data=obj(Id=STRING)),
            )
        },
        schemas={"Thing": obj(Name=STRING)},
    )
    operation = built.operation("A")
    types = {p.wire: p.type for p in operation.params}
    assert types["Mode"] == ScalarType("string", ("a", "b"))
    assert types["Tags"] == ListType(ModelType("O:A:request/Tags"))
    assert types["Labels"] == MapType(ScalarType("integer"))
    assert types["Free"] == MapType(AnyType())
    assert types["Thing"] == ModelType("C:Thing")
    assert types["Whatever"] == AnyType()
    nested = built.models["O:A:request/Tags"]
    assert (nested.kind, nested.side, nested.owner) == (
        ModelKind.NESTED,
        Side.REQUEST,
        "O:A:request",
    )
    # Claim order: components, then per operation request, response, nested depth first.
    assert list(built.models) == [
        "C:Thing",
        "O:A:request",
        "O:A:response",
        "O:A:request/Tags",
        "O:A:response/Data",
    ]
    assert built.models["O:A:response/Data"].side is Side.RESPONSE


def test_a_declared_object_that_is_a_list() -> None:
    built = package(
        {
            "A": op(
                response=obj(
                    Models={**obj(Name=STRING), "description": "模型列表"},
                    Example={**obj(Id=STRING), "example": '[{"Id": "1"}]'},
                    Wrapper={**obj(Items={"type": "array", "items": STRING}), "title": "list"},
                )
            )
        }
    )
    fields = {f.wire: f.type for f in built.models["O:A:response"].fields}
    assert fields["Models"] == ListType(ModelType("O:A:response/Models"))
    assert fields["Example"] == ListType(ModelType("O:A:response/Example"))
    assert fields["Wrapper"] == ModelType("O:A:response/Wrapper")  # holds the list itself


def test_non_object_bodies_are_body_models() -> None:
    built = package(
        {
            "Text": op(response={"type": "string"}),
            "List": op(response={"type": "array", "items": obj(Id=STRING)}),
            "Blob": op(response={"type": "string", "format": "binary"}),
        }
    )
    text, listing, blob = (built.models[o.response] for o in built.operations)
    assert (text.kind, text.body) == (ModelKind.BODY, ScalarType("string"))
    assert listing.body == ListType(ModelType("O:List:response/Body"))
    assert blob.body == BinaryType()


# -- pagination --------------------------------------------------------------------------------


def test_page_number_pagination_through_a_wrapper() -> None:
    built = package(
        {
            "List": op(
                query("PageNumber", INTEGER),
                query("PageSize", INTEGER),
                response=obj(
                    TotalCount=INTEGER,
                    Things=obj(Thing={"type": "array", "items": obj(Id=STRING)}),
                ),
            )
        }
    )
    pagination = built.operation("List").pagination
    assert pagination is not None
    assert (pagination.style, pagination.items) == ("page_number", ("Things", "Thing"))
    assert (pagination.page_number, pagination.page_size, pagination.total) == (
        "PageNumber",
        "PageSize",
        "TotalCount",
    )
    assert pagination.item == ModelType("O:List:response/Things/Thing")


def test_next_token_pagination_wins_and_spellings_are_found() -> None:
    built = package(
        {
            "List": op(
                query("nextToken"),
                query("maxResults", INTEGER),
                query("pageNo", INTEGER),
                query("pageSize", INTEGER),
                response=obj(
                    nextToken=STRING,
                    total=INTEGER,
                    items={"type": "array", "items": STRING},
                ),
            )
        }
    )
    pagination = built.operation("List").pagination
    assert pagination is not None
    assert (pagination.style, pagination.items, pagination.item) == (
        "next_token",
        ("items",),
        ScalarType("string"),
    )
    assert (pagination.token, pagination.page_size, pagination.next_token) == (
        "nextToken",
        "maxResults",
        "nextToken",
    )


@pytest.mark.parametrize(
    "response",
    [
        obj(TotalCount=INTEGER),  # no list
        obj(  # two lists
            TotalCount=INTEGER,
            A={"type": "array", "items": STRING},
            B={"type": "array", "items": STRING},
        ),
        obj(  # a list of lists is no list of items
            TotalCount=INTEGER,
            A={"type": "array", "items": {"type": "array", "items": STRING}},
        ),
    ],
)
def test_no_pagination_without_one_list_of_items(response: dict[str, Any]) -> None:
    built = package(
        {"List": op(query("PageNumber", INTEGER), query("PageSize", INTEGER), response=response)}
    )
    assert built.operation("List").pagination is None


# -- the package -------------------------------------------------------------------------------


def test_endpoints_and_their_rule() -> None:
    regional = package(
        {"A": op()},
        endpoints=[{"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"}],
    )
    assert regional.endpoints.rule == "regional"
    assert regional.endpoints.default_region == "cn-hangzhou"
    assert [(r.region_id, r.host) for r in regional.endpoints.regions] == [
        ("cn-hangzhou", "demo.cn-hangzhou.aliyuncs.com")
    ]
    central = package(
        {"A": op()}, endpoints=[{"regionId": "cn-hangzhou", "endpoint": "demo.aliyuncs.com"}]
    )
    assert central.endpoints.rule == "central"
    assert package({"A": op()}).endpoints.default_region == "cn-hangzhou"
    # What a region the table lacks is sent to, as the runtime's endpoint_from_rule gives it.
    assert regional.endpoints.fallback_host == "demo.<region>.aliyuncs.com"
    assert central.endpoints.fallback_host == "demo.aliyuncs.com"


def test_refused_style_and_no_operations() -> None:
    spec, _ = build_spec({"info": {"style": "OSS", "product": "Oss", "version": "1"}, "apis": {}})
    diagnostics: list[Diagnostic] = []
    assert build_package(spec, diagnostics) is None
    assert "style OSS is not supported" in diagnostics[0].message
    spec, _ = build_spec({"info": {"style": "RPC", "product": "X", "version": "1"}, "apis": {}})
    diagnostics = []
    assert build_package(spec, diagnostics) is None and diagnostics == []


def test_operation_metadata() -> None:
    built = package(
        {
            "Old": op(
                deprecated=True,
                staticInfo={"substitutions": ["demo::2020-01-01::New"]},
                errorCodes={400: [{"errorCode": "Bad", "errorMessage": "bad"}]},
            ),
            "Slow": op(
                staticInfo={
                    "returnType": "asynchronous",
                    "callback": "demo::2020-01-01::Status",
                    "callbackInterval": 60000,
                    "maxCallbackTimes": 10,
                }
            ),
        }
    )
    old, slow = built.operations
    assert old.deprecated and old.replacements == ("demo::2020-01-01::New",)
    assert [(e.http_status, e.code, e.message) for e in old.errors] == [(400, "Bad", "bad")]
    assert slow.async_call is not None
    assert (slow.async_call.status_api, slow.async_call.interval_ms) == (
        "demo::2020-01-01::Status",
        60000,
    )
    assert slow.async_call.max_polls == 10


def test_locations() -> None:
    built = package(
        {"A": op({"name": "H", "in": "header", "schema": STRING}, path="/")}, style="ROA"
    )
    assert built.operation("A").params[0].location is Location.HEADER
