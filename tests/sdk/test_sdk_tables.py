"""The runtime's tables made from the SDK model: operation, pagination, operations.json."""

from __future__ import annotations

import json

from test_sdk_build import INTEGER, STRING, obj, op, package, query

from gen_sdk.sdk import operation_table, operations_document, pagination_table


def test_operation_table() -> None:
    built = package(
        {
            "Get": op(
                {"name": "Id", "in": "path", "schema": {"type": "string", "required": True}},
                {"name": "Unused", "in": "path", "schema": STRING},
                query("Filter", {"type": "array", "items": STRING}, style="json"),
                query("Odd", STRING, style="struct"),
                {"name": "Body", "in": "body", "schema": obj(A=STRING)},
                methods=("get",),
                path="/things/{Id}",
                operationType="read",
                response=obj(Code=STRING),
            )
        },
        style="ROA",
    )
    assert operation_table(built, built.operation("Get")) == {
        "product": "Demo",
        "version": "2020-01-01",
        "action": "Get",
        "style": "ROA",
        "method": "GET",
        "path": "/things/{Id}",
        "auth": "AK",
        "req_body_type": "json",
        "resp_body_type": "json",
        "idempotent": True,
        "body_declares_code": True,
        "params": [
            {"name": "Id", "location": "path", "required": True},
            # "Unused" is not on the wire; a style the runtime has no rule for is dropped
            {"name": "Filter", "location": "query", "style": "json"},
            {"name": "Odd", "location": "query"},
            {"name": "Body", "location": "body", "kind": "object"},
        ],
    }


def test_pagination_table_leaves_out_defaults() -> None:
    built = package(
        {
            "A": op(
                query("PageNumber", INTEGER),
                query("PageSize", INTEGER),
                response=obj(TotalCount=INTEGER, L={"type": "array", "items": STRING}),
            ),
            "B": op(
                query("pageNo", INTEGER),
                query("pageSize", INTEGER),
                response=obj(total=INTEGER, L={"type": "array", "items": STRING}),
            ),
        }
    )
    first, second = (o.pagination for o in built.operations)
    assert first is not None and second is not None
    assert pagination_table(first) == {"style": "page_number", "items": "L"}
    assert pagination_table(second) == {
        "style": "page_number",
        "items": "L",
        "page_number": "pageNo",
        "page_size": "pageSize",
        "total": "total",
    }


def test_operations_document() -> None:
    built = package(
        {"A": op(query("X")), "B": op(methods=("get",))},
        endpoints=[{"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"}],
    )
    text = operations_document(built, {"A": {"method_name": "a"}})
    document = json.loads(text)
    assert document["endpoints"] == {"cn-hangzhou": "demo.cn-hangzhou.aliyuncs.com"}
    assert document["endpoint_rule"] == "regional" and document["style"] == "RPC"
    assert document["operations"]["A"]["method_name"] == "a"
    assert document["operations"]["B"]["method"] == "GET"
    assert len(text.splitlines()) == 11  # one line per entry: diffs stay readable
