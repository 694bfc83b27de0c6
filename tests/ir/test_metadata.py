"""The catalog's metadata in the IR: RAM, change sets, flow control, events, system tags,
product-wide error codes, endpoint details and the newer schema keys.

The small specs copy the shapes of the real catalog (actiontrail/2020-07-06, dbs/2019-03-06,
sls/2020-12-30, cloudcontrol/2022-08-30, config/2020-09-07, cas/2020-06-30). Set
``GEN_SDK_IR_CATALOG`` to a directory of ``<product>/<version>/api-docs.json`` (or ``.php``)
to also check that a whole catalog builds without errors or unknown keys.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from support.irspecs import diags, query, small_spec

from gen_sdk.diagnostics import Severity
from gen_sdk.ir import (
    ChangeRecord,
    Endpoint,
    ErrorCode,
    EventInfo,
    FlowControl,
    RamAction,
    RamCondition,
    RamInfo,
    RamResource,
    Schema,
    SchemaType,
    StaticInfo,
    SystemTags,
    build_spec,
    spec_to_json,
)
from gen_sdk.ir import build as build_module
from gen_sdk.specfile import load_spec

#: As the catalog writes it, with full-width parentheses.
TOKYO = "日本（东京）"  # noqa: RUF001
ACTIONTRAIL_RESOURCE = {
    "validationType": "always",
    "product": "ActionTrail",
    "resourceType": "全部资源",
    "arn": "*",
}
RESOURCE = RamResource(
    validation_type="always", product="ActionTrail", resource_type="全部资源", arn="*"
)


def _operation_metadata() -> dict[str, Any]:
    """An operation's metadata keys as actiontrail/dbs write them."""
    return {
        "operationType": "readAndWrite",
        "systemTags": {
            "operationType": "create",
            "riskType": "none",
            "chargeType": "free",
            "abilityTreeCode": "10768",
            "abilityTreeNodes": ["FEATUREactiontrailDEDB14"],
            "tenantRelevance": "publicInformation",
            "autoTest": True,
            "notSupportAutoTestReason": "needs a database",
        },
        "changeSet": [
            {"createdAt": "2022-07-28T07:13:06.000Z", "description": "请求参数发生变更"},
        ],
        "flowControl": {
            "flowControlList": [
                {"threshold": "5", "countWindow": 1, "regionId": "*", "api": "Op"},
                {"threshold": "-1", "countWindow": 60, "regionId": "cn-hangzhou"},
            ]
        },
        "ramActions": [
            {
                "operationType": "create",
                "ramAction": {
                    "action": "actiontrail:CreateTrail",
                    "authLevel": "operate",
                    "actionConditions": [
                        {"conditionKey": "odps:Encryption", "validationType": "always"},
                        {"conditionKey": "acs:ResourceGroupId"},
                    ],
                    "resources": [ACTIONTRAIL_RESOURCE],
                },
                "additionalActions": [],
            }
        ],
        "eventInfo": {"enable": True, "eventNames": ["ecs:Instance:ChargeTypeChanged"]},
        "errorCodes": {
            400: [
                {
                    "errorCode": "InvalidPrefixException",
                    "errorMessage": "The specified OSS bucket prefix is invalid.",
                    "description": "指定的OSS前缀无效。",
                }
            ]
        },
        "staticInfo": {
            "returnType": "asynchronous",
            "callback": "Demo::2020-01-01::GetTask",
            "callbackInterval": 60000,
            "maxCallbackTimes": 10,
        },
    }


def test_operation_metadata_is_read_exactly() -> None:
    spec, diagnostics = build_spec(small_spec(_operation_metadata(), style="RPC"))
    assert diagnostics == []
    operation = spec.operations["Op"]
    assert operation.operation_type == "readAndWrite"
    assert operation.system_tags == SystemTags(
        operation_type="create",
        risk_type="none",
        charge_type="free",
        tenant_relevance="publicInformation",
    )
    assert operation.change_set == (
        ChangeRecord(created_at="2022-07-28T07:13:06.000Z", description="请求参数发生变更"),
    )
    assert operation.flow_control == (
        FlowControl(threshold=5, count_window=1, region_id="*", api="Op"),
        FlowControl(threshold=-1, count_window=60, region_id="cn-hangzhou"),
    )
    assert operation.ram_actions == (
        RamAction(
            action="actiontrail:CreateTrail",
            auth_level="operate",
            operation_type="create",
            conditions=("odps:Encryption", "acs:ResourceGroupId"),
            resources=(RESOURCE,),
        ),
    )
    assert operation.event_info == EventInfo(
        enabled=True, event_names=("ecs:Instance:ChargeTypeChanged",)
    )
    assert operation.error_codes == (
        ErrorCode(
            http_status=400,
            code="InvalidPrefixException",
            message="The specified OSS bucket prefix is invalid.",
            description="指定的OSS前缀无效。",
        ),
    )
    assert operation.static_info == StaticInfo(
        return_type="asynchronous",
        callback="Demo::2020-01-01::GetTask",
        callback_interval=60000,
        max_callback_times=10,
    )


def test_empty_metadata_blocks_as_the_catalog_writes_them() -> None:
    """Most operations carry empty blocks: ``[]`` lists, ``{"flowControlList": []}``, a
    disabled ``eventInfo``. Empty mappings give ``None``, a given ``eventInfo`` is kept."""
    value = small_spec(
        {
            "changeSet": [],
            "flowControl": {"flowControlList": []},
            "ramActions": [],
            "eventInfo": {"enable": False, "eventNames": []},
            "systemTags": [],
            "errorCodes": [],
            "staticInfo": [],
        }
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    operation = spec.operations["Op"]
    assert (operation.change_set, operation.flow_control, operation.ram_actions) == ((), (), ())
    assert operation.event_info == EventInfo(enabled=False, event_names=())
    assert operation.system_tags is None
    assert operation.static_info is None
    assert operation.error_codes == ()
    parsed = json.loads(spec_to_json(spec))["operations"]["Op"]
    assert parsed["event_info"] == {}  # given, all defaults
    for absent in ("change_set", "flow_control", "ram_actions", "system_tags", "static_info"):
        assert absent not in parsed


def _top_level_metadata() -> dict[str, Any]:
    """The top-level keys as actiontrail/sls/cas write them."""
    return {
        "endpoints": [
            {
                "regionId": "ap-northeast-1",
                "regionName": TOKYO,
                "areaId": "asiaPacific",
                "areaName": "亚太",
                "public": "actiontrail.ap-northeast-1.aliyuncs.com",
                "endpoint": "actiontrail.ap-northeast-1.aliyuncs.com",
                "vpc": "actiontrail-vpc.ap-northeast-1.aliyuncs.com",
            },
            {"regionId": "cn-hangzhou", "endpoint": "actiontrail.cn-hangzhou.aliyuncs.com"},
        ],
        "errorCodes": [
            {
                "code": "BucketDoesNotExistException",
                "message": "The specified OSS Bucket does not exist.",
                "http_code": 404,
                "description": "指定的OSS Bucket不存在。",
            }
        ],
        "changeSet": [
            {
                "apis": [
                    {"api": "DescribeBackupPlanList", "description": "响应参数发生变更"},
                    {"api": "Op", "description": "请求参数发生变更"},
                ],
                "createdAt": "2023-03-28T07:34:58.000Z",
                "description": "",
            }
        ],
        "flowControl": {
            "flowControlList": [
                {"threshold": "5", "countWindow": 1, "regionId": "*", "api": "StopLogging"}
            ]
        },
        "ram": {
            "productCode": "ActionTrail",
            "productName": "操作审计",
            "ramCodes": ["actiontrail"],
            "ramLevel": "操作级",
            "ramConditions": [
                {
                    "name": "acs:ResourceGroupId",
                    "schema": {"type": "String", "description": "资源组权限"},
                },
                {
                    "name": "cas:TLSVersion",
                    "schema": {"type": "String", "description": "TLS", "enums": ["TLSv1", "TLSv2"]},
                },
            ],
            "ramActions": [
                {
                    "apiName": "GetAccessKeyLastUsedEvents",
                    "description": "查询指定AccessKey的最后使用的事件记录",
                    "operationType": "list",
                    "ramAction": {
                        "action": "actiontrail:GetAccessKeyLastUsedEvents",
                        "authLevel": "operate",
                        "actionConditions": [],
                        "resources": [ACTIONTRAIL_RESOURCE],
                    },
                    "additionalActions": [],
                },
                {
                    "apiName": "Op",
                    "description": "",
                    "operationType": "get",
                    "ramAction": {
                        "action": "actiontrail:Op",
                        "authLevel": "resource",
                        "actionConditions": [],
                        "resources": [],
                    },
                },
            ],
            "resourceTypes": [
                {
                    "validationType": "always",
                    "resourceType": "HistoryDeliveryJob",
                    "arn": "acs:actiontrail:{#regionId}:{#accountId}:historydeliveryjob/{#Id}",
                }
            ],
        },
    }


def test_top_level_metadata_is_read_exactly() -> None:
    spec, diagnostics = build_spec(small_spec(**_top_level_metadata()))
    assert diagnostics == []
    assert spec.endpoints == (
        Endpoint(
            region_id="ap-northeast-1",
            endpoint="actiontrail.ap-northeast-1.aliyuncs.com",
            public="actiontrail.ap-northeast-1.aliyuncs.com",
            vpc="actiontrail-vpc.ap-northeast-1.aliyuncs.com",
            region_name=TOKYO,
            area_id="asiaPacific",
            area_name="亚太",
        ),
        Endpoint(region_id="cn-hangzhou", endpoint="actiontrail.cn-hangzhou.aliyuncs.com"),
    )
    assert spec.error_codes == (
        ErrorCode(
            http_status=404,
            code="BucketDoesNotExistException",
            message="The specified OSS Bucket does not exist.",
            description="指定的OSS Bucket不存在。",
        ),
    )
    assert spec.change_set == (
        ChangeRecord(
            created_at="2023-03-28T07:34:58.000Z",
            description="",
            apis=(("DescribeBackupPlanList", "响应参数发生变更"), ("Op", "请求参数发生变更")),
        ),
    )
    assert spec.flow_control == (
        FlowControl(threshold=5, count_window=1, region_id="*", api="StopLogging"),
    )
    assert spec.ram == RamInfo(
        product_code="ActionTrail",
        product_name="操作审计",
        ram_codes=("actiontrail",),
        ram_level="操作级",
        conditions=(
            RamCondition(name="acs:ResourceGroupId", type="String", description="资源组权限"),
            RamCondition(
                name="cas:TLSVersion", type="String", description="TLS", enums=("TLSv1", "TLSv2")
            ),
        ),
        actions={
            "GetAccessKeyLastUsedEvents": RamAction(
                action="actiontrail:GetAccessKeyLastUsedEvents",
                auth_level="operate",
                operation_type="list",
                description="查询指定AccessKey的最后使用的事件记录",
                resources=(RESOURCE,),
            ),
            "Op": RamAction(
                action="actiontrail:Op",
                auth_level="resource",
                operation_type="get",
                description="",
            ),
        },
    )
    assert list(spec.ram.actions) == ["GetAccessKeyLastUsedEvents", "Op"]  # spec order


def test_schema_metadata_keys() -> None:
    value = small_spec(
        {
            "parameters": [
                query(
                    "A",
                    {
                        "type": "string",
                        "visibility": "Public",
                        "extendType": "true",
                        "backendName": "retry-timeout",
                        "checkBlank": True,
                        "index": 200,
                    },
                ),
                query("B", {"type": "string", "extendType": True, "visibility": "Private"}),
                query("C", {"type": "string", "extendType": False}),
            ]
        }
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    a, b, c = (p.schema for p in spec.operations["Op"].parameters)
    assert a == Schema(
        type=SchemaType.STRING,
        visibility="Public",
        extend_type="true",
        backend_name="retry-timeout",
    )
    assert b == Schema(type=SchemaType.STRING, extend_type="true", visibility="Private")
    assert c == Schema(type=SchemaType.STRING, extend_type="false")
    assert diags(small_spec({"parameters": [query("A", {"extendType": 1})]})) == [
        (
            "warning",
            "apis.Op.parameters[0].schema.extendType",
            "'extendType' must be a string or boolean, got an integer; ignored",
        )
    ]


def test_metadata_that_varies_gives_warnings_never_errors() -> None:
    """A new or mistyped sub-key inside a metadata block warns (with its fallback); nothing
    in these blocks can make the spec fail."""
    operation = {
        "ramActions": [
            {"operationType": "get", "ramAction": {"action": "x:A", "newField": 1}},
            {"operationType": "get", "ramAction": {"authLevel": "operate"}},
            {"operationType": "get"},
            "x:B",
            {
                "ramAction": {
                    "action": "x:C",
                    "actionConditions": [{"validationType": "always"}, 5],
                    "resources": {"first": ACTIONTRAIL_RESOURCE},
                }
            },
        ],
        "flowControl": {
            "flowControlList": [
                {"threshold": "many", "countWindow": 1.5, "regionId": 1, "api": "Op"},
                {"threshold": 100, "countWindow": "60"},
            ],
            "burst": 3,
        },
        "changeSet": [{"createdAt": 20220728, "description": "x"}],
        "eventInfo": {"enable": "yes", "eventNames": "e"},
        "systemTags": {"riskType": 3, "newTag": "x"},
    }
    top = {
        "errorCodes": [
            {"code": "Unauthorized", "message": "m", "http_code": None, "description": "d"},
            {"message": "m", "http_code": 400},
            {"code": "Throttled", "http_code": 429.0},
            {"code": "Text", "http_code": "400"},
            {"code": "Odd", "http_code": "4xx"},
        ],
        "changeSet": [{"apis": [{"description": "x"}, {"api": "Op"}], "createdAt": "t"}],
        "ram": {
            "ramActions": [
                {"description": "no apiName", "ramAction": {"action": "x:A"}},
                {"apiName": "Op", "ramAction": {"action": "x:Op"}},
                {"apiName": "Op", "ramAction": {"action": "x:Again"}},
            ],
            "ramConditions": [{"schema": {"type": "String"}}, {"name": "k", "schema": "text"}],
            "ramCodes": "x",
        },
    }
    spec, diagnostics = build_spec(small_spec(operation, style="RPC", **top))
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert [(d.path, d.message) for d in diagnostics] == [
        (
            "apis.Op.ramActions[0].ramAction.newField",
            "unknown key 'newField' in 'ramAction'; ignored",
        ),
        ("apis.Op.ramActions[1].ramAction", "'ramAction' has no 'action'; skipped"),
        ("apis.Op.ramActions[2]", "RAM action entry has no 'ramAction'; skipped"),
        (
            "apis.Op.ramActions[3]",
            "a RAM action entry must be a mapping, got a string; skipped",
        ),
        (
            "apis.Op.ramActions[4].ramAction.actionConditions[0]",
            "action condition has no 'conditionKey'; skipped",
        ),
        (
            "apis.Op.ramActions[4].ramAction.actionConditions[1]",
            "an action condition must be a mapping, got an integer; skipped",
        ),
        (
            "apis.Op.ramActions[4].ramAction.resources",
            "'resources' must be a list, got a mapping; its values are read in order",
        ),
        ("apis.Op.changeSet[0].createdAt", "'createdAt' must be a string, got an integer; ignored"),
        ("apis.Op.flowControl.burst", "unknown key 'burst' in 'flowControl'; ignored"),
        (
            "apis.Op.flowControl.flowControlList[0].threshold",
            "'threshold' must be an integer (or its text), got a string; ignored",
        ),
        (
            "apis.Op.flowControl.flowControlList[0].countWindow",
            "'countWindow' must be an integer (or its text), got a float (1.5); ignored",
        ),
        (
            "apis.Op.flowControl.flowControlList[0].regionId",
            "'regionId' must be a string, got an integer; ignored",
        ),
        ("apis.Op.eventInfo.enable", "'enable' must be a boolean, got a string; ignored"),
        ("apis.Op.eventInfo.eventNames", "'eventNames' must be a list, got a string; ignored"),
        ("apis.Op.systemTags.newTag", "unknown key 'newTag' in 'systemTags'; ignored"),
        ("apis.Op.systemTags.riskType", "'riskType' must be a string, got an integer; ignored"),
        ("errorCodes[0]", "error code has no 'http_code'; skipped"),
        ("errorCodes[1]", "error code has no 'code'; skipped"),
        ("errorCodes[4].http_code", "'http_code' must be an integer, got a string; skipped"),
        ("changeSet[0].apis[0]", "changed API has no 'api'; skipped"),
        ("ram.ramConditions[0]", "RAM condition has no 'name'; skipped"),
        ("ram.ramConditions[1].schema", "'schema' must be a mapping, got a string; ignored"),
        ("ram.ramActions[0]", "RAM action entry has no 'apiName'; skipped"),
        (
            "ram.ramActions[2].apiName",
            "a second RAM action entry for 'Op'; skipped (the first is kept)",
        ),
        ("ram.ramCodes", "'ramCodes' must be a list, got a string; ignored"),
    ]
    operation_ir = spec.operations["Op"]
    assert operation_ir.ram_actions == (
        RamAction(action="x:A", operation_type="get"),
        RamAction(action="x:C", resources=(RESOURCE,)),
    )
    assert operation_ir.flow_control == (
        FlowControl(api="Op"),
        FlowControl(threshold=100, count_window=60),
    )
    assert operation_ir.change_set == (ChangeRecord(description="x"),)
    assert operation_ir.event_info == EventInfo()
    assert operation_ir.system_tags == SystemTags()
    assert spec.error_codes == (
        ErrorCode(http_status=429, code="Throttled"),
        ErrorCode(http_status=400, code="Text"),
    )
    assert all(type(e.http_status) is int for e in spec.error_codes)
    assert spec.change_set == (ChangeRecord(created_at="t", apis=(("Op", ""),)),)
    assert spec.ram == RamInfo(
        conditions=(RamCondition(name="k"),), actions={"Op": RamAction(action="x:Op")}
    )


def test_metadata_blocks_of_the_wrong_shape_are_ignored() -> None:
    value = small_spec(
        {"ramActions": "x", "flowControl": ["x"], "eventInfo": 1, "systemTags": "t"},
        ram=["x"],
        flowControl={"flowControlList": "x"},
        errorCodes={"code": "x"},
    )
    spec, diagnostics = build_spec(value)
    assert [(d.severity.value, d.path, d.message) for d in diagnostics] == [
        (
            "warning",
            "apis.Op.ramActions",
            "'ramActions' must be a list, got a string; ignored",
        ),
        ("warning", "apis.Op.flowControl", "'flowControl' must be a mapping, got a list; ignored"),
        ("warning", "apis.Op.eventInfo", "'eventInfo' must be a mapping, got an integer; ignored"),
        ("warning", "apis.Op.systemTags", "'systemTags' must be a mapping, got a string; ignored"),
        (
            "warning",
            "errorCodes",
            "'errorCodes' must be a list, got a mapping; its values are read in order",
        ),
        (
            "warning",
            "errorCodes[0]",
            "an error code must be a mapping, got a string; skipped",
        ),
        ("warning", "ram", "'ram' must be a mapping, got a list; ignored"),
        (
            "warning",
            "flowControl.flowControlList",
            "'flowControlList' must be a list, got a string; ignored",
        ),
    ]
    operation = spec.operations["Op"]
    assert operation.ram_actions == () and operation.flow_control == ()
    assert operation.event_info is None and operation.system_tags is None
    assert spec.ram is None and spec.flow_control == () and spec.error_codes == ()


def test_flow_control_thresholds() -> None:
    entries = [
        {"threshold": "100", "countWindow": 1},
        {"threshold": " -1 ", "countWindow": "1"},
        {"threshold": 50, "countWindow": 60.0},
        {"threshold": 5.0},
        {"threshold": "1.5"},
        {"threshold": True},
    ]
    spec, diagnostics = build_spec(small_spec(flowControl={"flowControlList": entries}))
    assert [(d.path, d.message) for d in diagnostics] == [
        (
            "flowControl.flowControlList[4].threshold",
            "'threshold' must be an integer (or its text), got a string; ignored",
        ),
        (
            "flowControl.flowControlList[5].threshold",
            "'threshold' must be an integer (or its text), got a boolean; ignored",
        ),
    ]
    assert [(f.threshold, f.count_window) for f in spec.flow_control] == [
        (100, 1),
        (-1, 1),
        (50, 60),
        (5, None),
        (None, None),
        (None, None),
    ]
    assert all(type(f.threshold) is int for f in spec.flow_control[:4])


def test_metadata_in_the_json_output() -> None:
    value = small_spec(_operation_metadata(), style="RPC", **_top_level_metadata())
    spec, _ = build_spec(value)
    parsed = json.loads(spec_to_json(spec))
    assert parsed["change_set"] == [
        {
            "created_at": "2023-03-28T07:34:58.000Z",
            "description": "",
            "apis": [["DescribeBackupPlanList", "响应参数发生变更"], ["Op", "请求参数发生变更"]],
        }
    ]
    assert parsed["ram"]["actions"]["Op"] == {
        "action": "actiontrail:Op",
        "auth_level": "resource",
        "operation_type": "get",
        "description": "",
    }
    assert parsed["ram"]["conditions"][0] == {
        "name": "acs:ResourceGroupId",
        "type": "String",
        "description": "资源组权限",
    }
    assert parsed["endpoints"][1] == {
        "region_id": "cn-hangzhou",
        "endpoint": "actiontrail.cn-hangzhou.aliyuncs.com",
    }
    assert parsed["error_codes"][0]["http_status"] == 404
    assert parsed["flow_control"] == [
        {"threshold": 5, "count_window": 1, "region_id": "*", "api": "StopLogging"}
    ]
    operation = parsed["operations"]["Op"]
    assert operation["flow_control"][1] == {
        "threshold": -1,
        "count_window": 60,
        "region_id": "cn-hangzhou",
    }
    assert operation["event_info"] == {
        "enabled": True,
        "event_names": ["ecs:Instance:ChargeTypeChanged"],
    }
    assert operation["system_tags"] == {
        "operation_type": "create",
        "risk_type": "none",
        "charge_type": "free",
        "tenant_relevance": "publicInformation",
    }
    assert operation["ram_actions"][0]["conditions"] == ["odps:Encryption", "acs:ResourceGroupId"]
    assert operation["error_codes"][0]["description"] == "指定的OSS前缀无效。"


def test_every_ignored_key_is_documented_and_silent() -> None:
    """``IGNORED_KEYS`` and the list in the module docstring are the same keys."""
    doc = build_module.__doc__ or ""
    documented = doc[doc.index("Keys the IR knowingly does not model") :]
    for keys in build_module.IGNORED_KEYS.values():
        for key in keys:
            assert re.search(rf"``([\w.*\[\]]+\.)?{key}``", documented), key
    value = small_spec(
        {
            "parameters": [query("A", {"type": "string", "index": 200, "checkBlank": True})],
            "systemTags": {
                "abilityTreeCode": "1",
                "abilityTreeNodes": ["N"],
                "autoTest": True,
                "notSupportAutoTestReason": "r",
            },
            "ramActions": [
                {
                    "ramAction": {
                        "action": "x:Op",
                        "actionConditions": [{"conditionKey": "k", "validationType": "always"}],
                    },
                    "additionalActions": [],
                }
            ],
        },
        ram={"resourceTypes": [{"resourceType": "T", "arn": "*"}], "ramActions": []},
    )
    spec, diagnostics = build_spec(value)
    assert diagnostics == []
    assert spec.operations["Op"].system_tags == SystemTags()
    assert spec.ram == RamInfo()


# --- a whole catalog, on demand --------------------------------------------------------------

_CATALOG = os.environ.get("GEN_SDK_IR_CATALOG", "")
_CATALOG_SPECS = (
    sorted([*Path(_CATALOG).glob("*/*/api-docs.json"), *Path(_CATALOG).glob("*/*/api-docs.php")])
    if _CATALOG
    else []
)


@pytest.mark.skipif(not _CATALOG, reason="set GEN_SDK_IR_CATALOG to a catalog directory")
@pytest.mark.parametrize(
    "path", _CATALOG_SPECS, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in _CATALOG_SPECS]
)
def test_catalog_spec_has_no_errors_and_no_unknown_keys(path: Path) -> None:
    spec, diagnostics = build_spec(load_spec(path, []), source=str(path))
    assert not [str(d) for d in diagnostics if d.severity is Severity.ERROR]
    assert not [str(d) for d in diagnostics if re.match(r"unknown key ", d.message)]
    assert spec.style is not None
