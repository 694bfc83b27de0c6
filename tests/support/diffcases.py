"""Synthetic spec updates, one or more per rule of ``gen_sdk.sdk.diff.RULES``: the cases the
five real weeks of ``../shared/updates`` do not exercise.

Each :class:`Case` is one operation (or component, or the endpoint table) before and after,
and the kinds of change the diff must report for it. :func:`spec_pair` merges every case into
one old and one new spec (operations are named after their case), so one generated SDK per
side serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
NUMBER: dict[str, Any] = {"type": "number"}
#: A schema without a type: any value.
UNTYPED: dict[str, Any] = {"description": "Anything."}


def q(name: str, schema: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A query parameter."""
    return {"name": name, "in": "query", "schema": schema or STRING, **extra}


def obj(required: tuple[str, ...] = (), **properties: dict[str, Any]) -> dict[str, Any]:
    props = {
        name: {**schema, "required": True} if name in required else schema
        for name, schema in properties.items()
    }
    return {"type": "object", "properties": props}


def api(
    *params: dict[str, Any], response: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    body = response if response is not None else obj(Result=STRING)
    return {
        "methods": ["post"],
        "summary": "A synthetic operation.",
        "parameters": list(params),
        "responses": {200: {"schema": body}},
        **extra,
    }


def paged(
    *extra_params: dict[str, Any],
    item: dict[str, Any] = STRING,
    total: bool = True,
    token: bool = False,
) -> dict[str, Any]:
    params = [q("PageNumber", INTEGER), q("PageSize", INTEGER), *extra_params]
    fields: dict[str, Any] = {"Items": {"type": "array", "items": item}}
    if total:
        fields["TotalCount"] = INTEGER
    if token:
        params += [q("NextToken"), q("MaxResults", INTEGER)]
        fields["NextToken"] = STRING
    return api(*params, response=obj(**fields))


def nested(*required: str, **properties: dict[str, Any]) -> dict[str, Any]:
    """An operation whose parameter ``Spec`` is an inline object (a nested request model)."""
    return api(q("Spec", obj(required, **properties), style="json"))


@dataclass(frozen=True)
class Case:
    name: str
    #: The kinds the diff reports for the case, exactly.
    kinds: frozenset[str]
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    #: For component cases: ``{schema name: schema}`` on each side.
    old_schemas: dict[str, Any] = field(default_factory=dict)
    new_schemas: dict[str, Any] = field(default_factory=dict)


def case(
    name: str, kinds: str, old: dict[str, Any] | None, new: dict[str, Any] | None, **extra: Any
) -> Case:
    return Case(name, frozenset(kinds.split()), old, new, **extra)


ENUM_ABC = {"type": "string", "enum": ["A", "B", "C"]}
ENUM_AB = {"type": "string", "enum": ["A", "B"]}
SSE = ["https", "sse"]

CASES = [
    case("OperationGone", "operation-removed", api(), None),
    case("OperationNew", "operation-added", None, api()),
    case("Deprecating", "operation-deprecated", api(), api(deprecated=True)),
    case("SentAsGet", "operation-wire-changed", api(), {**api(), "methods": ["get"]}),
    case(
        "ListBecomes", "response-retyped", api(), api(response={"type": "array", "items": STRING})
    ),
    case(
        "PagingNew",
        "pagination-added parameter-added",
        api(
            q("PageNumber", INTEGER),
            response=obj(Items={"type": "array", "items": STRING}, TotalCount=INTEGER),
        ),
        paged(),
    ),
    case("PagingGone", "pagination-removed field-removed", paged(), paged(total=False)),
    case(
        "PagingByToken",
        "pagination-changed parameter-added field-added",
        paged(),
        paged(token=True),
    ),
    case("PagingItems", "pagination-retyped field-retyped", paged(), paged(item=INTEGER)),
    case("EventsNew", "events-added", api(), api(schemes=SSE)),
    case("EventsGone", "events-removed", api(schemes=SSE), api()),
    case("ParamNew", "parameter-added", api(q("A")), api(q("A"), q("B"))),
    case(
        "ParamNewRequired",
        "parameter-added-required",
        api(q("A")),
        api(q("A"), q("B", required=True)),
    ),
    case("ParamGone", "parameter-removed", api(q("A"), q("B")), api(q("A"))),
    case(
        "ParamRequired",
        "parameter-required",
        api(q("A"), q("B")),
        api(q("A"), q("B", required=True)),
    ),
    case("ParamOptional", "parameter-optional", api(q("A", required=True)), api(q("A"))),
    case("ParamRetyped", "parameter-retyped", api(q("A")), api(q("A", INTEGER))),
    case("ParamAnyTyped", "parameter-retyped", api(q("A", UNTYPED)), api(q("A"))),
    case("ParamWidened", "parameter-widened", api(q("A", INTEGER)), api(q("A", NUMBER))),
    case("ParamUntyped", "parameter-widened", api(q("A")), api(q("A", UNTYPED))),
    case("ParamValueGone", "parameter-values-removed", api(q("A", ENUM_ABC)), api(q("A", ENUM_AB))),
    case("ParamRestricted", "parameter-values-removed", api(q("A")), api(q("A", ENUM_AB))),
    case("ParamValueNew", "parameter-values-added", api(q("A", ENUM_AB)), api(q("A", ENUM_ABC))),
    case("ParamUnrestricted", "parameter-values-added", api(q("A", ENUM_AB)), api(q("A"))),
    case(
        "ParamRestyled",
        "parameter-wire-changed",
        api(q("A", {"type": "array", "items": STRING}, style="repeatList")),
        api(q("A", {"type": "array", "items": STRING}, style="json")),
    ),
    case("FieldNew", "field-added", api(), api(response=obj(Result=STRING, More=STRING))),
    case("FieldGone", "field-removed", api(response=obj(Result=STRING, Less=STRING)), api()),
    case(
        "FieldRetyped",
        "field-retyped",
        api(response=obj(Result=STRING)),
        api(response=obj(Result=INTEGER)),
    ),
    case(
        "FieldToNumber",
        "field-retyped",
        api(response=obj(Result=INTEGER)),
        api(response=obj(Result=NUMBER)),
    ),
    case(
        "FieldToInteger",
        "field-widened",
        api(response=obj(Result=NUMBER)),
        api(response=obj(Result=INTEGER)),
    ),
    case(
        "FieldUntyped",
        "field-widened",
        api(response=obj(Result=STRING)),
        api(response=obj(Result=UNTYPED)),
    ),
    case(
        "FieldDeep",
        "field-removed",
        api(response=obj(Data=obj(Name=STRING, Size=INTEGER))),
        api(response=obj(Data=obj(Name=STRING))),
    ),
    case("NestedNew", "field-added", nested(Name=STRING), nested(Name=STRING, Size=INTEGER)),
    case(
        "NestedNewRequired",
        "field-added-required",
        nested(Name=STRING),
        nested("Size", Name=STRING, Size=INTEGER),
    ),
    case("NestedGone", "field-removed", nested(Name=STRING, Size=INTEGER), nested(Name=STRING)),
    case("NestedRequired", "field-required", nested(Name=STRING), nested("Name", Name=STRING)),
    case("NestedOptional", "field-optional", nested("Name", Name=STRING), nested(Name=STRING)),
    case("NestedRetyped", "field-retyped", nested(Name=STRING), nested(Name=INTEGER)),
    case("NestedValueGone", "field-values-removed", nested(Kind=ENUM_ABC), nested(Kind=ENUM_AB)),
    case("NestedValueNew", "field-values-added", nested(Kind=ENUM_AB), nested(Kind=ENUM_ABC)),
    case(
        "DocsOnly",
        "",
        api(q("A", {**STRING, "description": "Before."})),
        api(q("A", {**STRING, "description": "After."})),
    ),
    case("ModelGone", "model-removed", None, None, old_schemas={"Gone": obj(Name=STRING)}),
    case("ModelNew", "model-added", None, None, new_schemas={"Fresh": obj(Name=STRING)}),
    case(
        "ShapeLess",
        "field-removed",
        None,
        None,
        old_schemas={"Shape": obj(Name=STRING, Size=INTEGER)},
        new_schemas={"Shape": obj(Name=STRING)},
    ),
    case(
        "ShapeRetyped",
        "field-retyped",
        None,
        None,
        old_schemas={"Form": obj(Name=STRING)},
        new_schemas={"Form": obj(Name=INTEGER)},
    ),
    # A parameter name claimed by a new parameter: ``region_id`` is now the integer Region_Id.
    case(
        "NameClash",
        "name-moved parameter-added",
        api(q("RegionId")),
        api(q("Region_Id", INTEGER), q("RegionId")),
    ),
    # A method name claimed by a new operation (listed first) that needs a parameter.
    case("ListThings", "name-moved", api(), api()),
]
#: Operations only the new spec has, listed before the rest (they claim names).
NEW_FIRST = {"List_Things": api(q("Filter", required=True))}
#: The endpoint table before and after: a region added, one removed, one moved; and since no
#: host names its region any more, the rule for other regions changes.
OLD_ENDPOINTS = [
    {"regionId": "cn-hangzhou", "endpoint": "demo.cn-hangzhou.aliyuncs.com"},
    {"regionId": "cn-beijing", "endpoint": "demo.cn-beijing.aliyuncs.com"},
]
NEW_ENDPOINTS = [
    {"regionId": "cn-hangzhou", "endpoint": "demo.aliyuncs.com"},
    {"regionId": "cn-shanghai", "endpoint": "demo.aliyuncs.com"},
]
ENDPOINT_KINDS = {
    "region-added": "cn-shanghai",
    "region-removed": "cn-beijing",
    "region-moved": "cn-hangzhou",
    "endpoint-rule-changed": "endpoints",
}
#: Covered by the command-line tests (a whole package appears or disappears).
TREE_KINDS = {"package-added", "package-removed"}


def spec_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    """The old and new specs holding every case."""
    sides: list[dict[str, Any]] = []
    for new_side in (False, True):
        apis: dict[str, Any] = dict(NEW_FIRST) if new_side else {}
        schemas: dict[str, Any] = {}
        for item in CASES:
            operation = item.new if new_side else item.old
            if operation is not None:
                apis[item.name] = operation
            schemas.update(item.new_schemas if new_side else item.old_schemas)
        # Components are kept in use (an unused component is still a public class).
        sides.append(
            {
                "version": "1.0",
                "info": {"style": "RPC", "product": "Demo", "version": "2020-01-01"},
                "components": {"schemas": schemas},
                "apis": apis,
                "endpoints": NEW_ENDPOINTS if new_side else OLD_ENDPOINTS,
            }
        )
    return sides[0], sides[1]


__all__ = ["CASES", "ENDPOINT_KINDS", "TREE_KINDS", "Case", "spec_pair"]
