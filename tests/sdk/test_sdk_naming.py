"""The naming step: one claim order, one collision rule; a toy policy shows that cases,
reserved words, suffixes and role types all come from the policy."""

from __future__ import annotations

from typing import Any

from test_sdk_build import STRING, obj, op, package, query

from gen_sdk.sdk import NamingPolicy, ScopeRules, assign_names


def upper_snake(text: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in text).lstrip("_")


def title(text: str) -> str:
    return text[:1].upper() + text[1:]


def escape(name: str, reserved: frozenset[str]) -> str:
    while name in reserved:
        name += "X"
    return name


TOY = NamingPolicy(
    types=ScopeRules(
        case=title, reserved=frozenset({"Thing"}), escape=escape, suffix=lambda b, n: f"{b}{n}"
    ),
    fields=ScopeRules(case=upper_snake, reserved=frozenset({"id"}), escape=escape),
    params=ScopeRules(case=upper_snake, escape=escape),
    methods=ScopeRules(case=upper_snake, reserved=frozenset({"close"}), escape=escape),
    modules=ScopeRules(case=upper_snake, escape=escape),
    operation_types=(("request", "Req"), ("response", "Resp"), ("params", "Args")),
    nested_type=lambda owner, prop: f"{owner}_{prop}",
    page_method=lambda method: f"{method}_pages",
    sse_method=lambda method: f"{method}_events",
)

APIS: dict[str, Any] = {
    "Close": op(
        query("PageNumber", {"type": "integer"}),
        query("PageSize", {"type": "integer"}),
        query("Tag", obj(Key=STRING)),
        response=obj(
            TotalCount={"type": "integer"},
            Items={"type": "array", "items": obj(Id=STRING, id=STRING)},
        ),
        schemes=["sse"],
    ),
    "close_": op(query("instanceId"), query("InstanceId")),
}


def test_claim_order_roles_nested_and_collisions() -> None:
    built = package(APIS, schemas={"Thing": obj(A=STRING), "CloseReq": obj(B=STRING)})
    names = assign_names(built, TOY)
    # Components first (a reserved name escaped), so the operation's role type collides.
    assert names.types["C:Thing"] == "ThingX"
    assert names.types["C:CloseReq"] == "CloseReq"
    assert names.types["O:Close:request"] == "CloseReq2"
    assert names.roles[("Close", "response")] == "CloseResp"
    assert names.roles[("Close", "params")] == "CloseArgs"
    # Nested models after the roles, named after their owner, request side first.
    assert names.types["O:Close:request/Tag"] == "CloseReq2_Tag"
    assert names.types["O:Close:response/Items"] == "CloseResp_Items"
    # Fields: reserved words escaped, collisions suffixed.
    assert names.fields["O:Close:response/Items"] == ("idX", "idX_2")
    assert names.params["close_"] == ("instance_id", "instance_id_2")
    assert names.fields["O:close_:request"] == names.params["close_"]
    # Methods: reserved escaped, variants claimed after every operation's method.
    assert names.methods == {"Close": "closeX", "close_": "close_"}
    assert names.page_methods == {"Close": "closeX_pages"}
    assert names.sse_methods == {"Close": "closeX_events"}


def test_names_depend_only_on_the_spec() -> None:
    first = assign_names(package(APIS), TOY)
    second = assign_names(package(APIS), TOY)
    assert first == second
