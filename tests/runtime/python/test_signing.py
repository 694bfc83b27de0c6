"""ACS3-HMAC-SHA256: the captured official vectors of the protocol notes (section 4)."""

from __future__ import annotations

from typing import Any

from _runtime import signing
from _runtime.credentials import Credential
from _runtime.operation import Operation
from _runtime.request import encode, prepare
from support.capture import AK_ID, AK_SECRET, FIXED_DATE

OFFICIAL_UA = "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"
STATIC_AK = Credential(AK_ID, AK_SECRET, provider_name="static_ak")


def _sign(op: Operation, args: dict[str, Any], nonce: str) -> dict[str, str]:
    prepared = prepare(
        op,
        encode(op, args),
        endpoint="127.0.0.1:18080",
        credential=STATIC_AK,
        user_agent=OFFICIAL_UA,
        nonce=nonce,
        date=FIXED_DATE,
    )
    return prepared.headers


def _op(action: str, version: str, style: str, method: str, path: str, **kw: Any) -> Operation:
    return {
        "product": "x",
        "version": version,
        "action": action,
        "style": style,  # type: ignore[typeddict-item]
        "method": method,
        "path": path,
        "auth": "AK",
        "req_body_type": kw.get("req_body_type", "json"),
        "resp_body_type": "json",
        "params": kw["params"],
    }


def test_vector_a_roa_get_with_json_query() -> None:
    op = _op(
        "ListJobPlans",
        "2025-06-30",
        "ROA",
        "GET",
        "/api/v1/jobplans",
        params=[
            {"name": "HasTemplate", "location": "query"},
            {"name": "JobPlanName", "location": "query"},
            {"name": "PageNumber", "location": "query"},
            {"name": "PageSize", "location": "query"},
            {"name": "Tag", "location": "query", "style": "json"},
            {"name": "WorkspaceId", "location": "query"},
        ],
    )
    args = {
        "HasTemplate": True,
        "JobPlanName": "my plan 测试*~",
        "PageNumber": 1,
        "PageSize": 10,
        "Tag": [{"Key": "k1", "Value": "v 1"}],
        "WorkspaceId": "123",
    }
    prepared = prepare(
        op,
        encode(op, args),
        endpoint="127.0.0.1:18080",
        credential=STATIC_AK,
        user_agent=OFFICIAL_UA,
        nonce="nonce-A-0001",
        date=FIXED_DATE,
    )
    assert prepared.raw_path() == (
        "/api/v1/jobplans?HasTemplate=True&JobPlanName=my+plan+%E6%B5%8B%E8%AF%95%2A~"
        "&PageNumber=1&PageSize=10&Tag=%5B%7B%22Key%22%3A%22k1%22%2C%22Value%22%3A%22v+1"
        "%22%7D%5D&WorkspaceId=123"
    )
    unsigned = {k: v for k, v in prepared.headers.items() if k != "authorization"}
    canonical, _ = signing.canonical_request(
        "GET", prepared.path, prepared.query, unsigned, signing.EMPTY_SHA256
    )
    assert signing.string_to_sign(canonical) == (
        "ACS3-HMAC-SHA256\nc86ab92f36fa07d893f4ea89124a1c8fa630512b968016838e459b3b3e1679e0"
    )
    assert prepared.headers["authorization"] == (
        "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=accept;host;user-agent;"
        "x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;"
        "x-acs-signature-nonce;x-acs-version,"
        "Signature=70130d4296e76cb83ddbb168aea52a9353bcbf3f79b62ed5eb5797d1499cf970"
    )
    assert prepared.body is None


def test_vector_b_rpc_form_body() -> None:
    op = _op(
        "DescribeBackupClients",
        "2017-09-08",
        "RPC",
        "POST",
        "/",
        req_body_type="formData",
        params=[
            {"name": "ClientType", "location": "query"},
            {"name": "PageNumber", "location": "query"},
            {"name": "PageSize", "location": "query"},
            {"name": "Filters", "location": "query", "style": "repeatList"},
            {"name": "ClientIds", "location": "formData", "style": "json"},
            {"name": "Tag", "location": "formData", "style": "repeatList"},
        ],
    )
    args = {
        "ClientType": "ECS_CLIENT",
        "PageNumber": 1,
        "PageSize": 10,
        "Filters": [{"Key": "InstanceId", "Values": ["i-1", "i-2"]}],
        "ClientIds": ["c-1", "c-2"],
        "Tag": [{"Key": "env", "Value": "prod test"}],
    }
    prepared = prepare(
        op,
        encode(op, args),
        endpoint="127.0.0.1:18080",
        credential=STATIC_AK,
        user_agent=OFFICIAL_UA,
        nonce="nonce-B-0002",
        date=FIXED_DATE,
    )
    assert prepared.body == (
        b"ClientIds=%5B%22c-1%22%2C%22c-2%22%5D&Tag.1.Key=env&Tag.1.Value=prod+test"
    )
    assert prepared.raw_path() == (
        "/?ClientType=ECS_CLIENT&PageNumber=1&PageSize=10&Filters.1.Key=InstanceId"
        "&Filters.1.Values.1=i-1&Filters.1.Values.2=i-2"
    )
    assert prepared.headers["content-type"] == "application/x-www-form-urlencoded"
    assert prepared.headers["x-acs-content-sha256"] == (
        "cb1c968c15e9427239edf783d7f2000fc0bd50c0aa8242dcb2c51c3b827f5926"
    )
    assert prepared.headers["authorization"].endswith(
        "Signature=8a223f1e8d39872fcbb49fc41fb5a34b585308245770e60d5cd26d3bb1e4c333"
    )


def test_vector_c_roa_json_body() -> None:
    op = _op(
        "CreateJobPlan",
        "2025-06-30",
        "ROA",
        "POST",
        "/api/v1/jobplans",
        params=[{"name": "body", "location": "body", "kind": "object"}],
    )
    body = {
        "JobPlanName": "计划 A",
        "JobPlanSteps": [
            {
                "JobPlanStepName": "s1",
                "JobPlanStepSpec": {"epochs": 3, "lr": 0.5, "enabled": True, "note": None},
                "JobPlanStepType": "Train",
            }
        ],
        "JobPlanType": "Distillation",
        "Tag": [{"Key": "k", "Value": "v"}],
        "WorkspaceId": "123",
    }
    headers = _sign(op, {"body": body}, "nonce-C-0003")
    assert headers["x-acs-content-sha256"] == (
        "db566ccf0f4614d3fd77ee46f8f82276735380bb9c71610433141ce59dad2050"
    )
    assert headers["authorization"].endswith(
        "Signature=8500a3853efa38adc9eb5dfeffd6b3dc56c37f755ae1ada7e4fe0288cd951391"
    )


def test_vector_d_ecs_run_instances_flattening() -> None:
    names = ["RegionId", "ImageId", "InstanceType", "Amount", "DryRun", "Description"]
    params: list[Any] = [{"name": n, "location": "query"} for n in names]
    params += [
        {"name": "SecurityGroupIds", "location": "query", "style": "repeatList"},
        {"name": "HostNames", "location": "query", "style": "repeatList"},
        {"name": "Tag", "location": "query", "style": "repeatList"},
        {"name": "DataDisk", "location": "query", "style": "repeatList"},
        {"name": "SystemDisk", "location": "query", "style": "flat"},
        {"name": "NetworkOptions", "location": "query", "style": "flat"},
    ]
    op = _op("RunInstances", "2014-05-26", "RPC", "POST", "/", params=params)
    args = {
        "RegionId": "cn-hangzhou",
        "ImageId": "img-1",
        "InstanceType": "ecs.g7.large",
        "Amount": 2,
        "DryRun": False,
        "SecurityGroupIds": ["sg-1", "sg-2"],
        "HostNames": ["h1", "h2"],
        "Tag": [{"Key": "team", "Value": "a&b=c"}],
        "SystemDisk": {"Category": "cloud_essd", "Size": "40"},
        "DataDisk": [{"Size": 100, "Category": "cloud_essd", "Encrypted": "false"}],
        "NetworkOptions": {"EnableJumboFrame": True},
        "Description": "",
    }
    prepared = prepare(
        op,
        encode(op, args),
        endpoint="127.0.0.1:18080",
        credential=STATIC_AK,
        user_agent=OFFICIAL_UA,
        nonce="nonce-D-0004",
        date=FIXED_DATE,
    )
    assert signing.canonical_query(prepared.query) == (
        "Amount=2&DataDisk.1.Category=cloud_essd&DataDisk.1.Encrypted=false&DataDisk.1.Size=100"
        "&Description=&DryRun=False&HostNames.1=h1&HostNames.2=h2&ImageId=img-1"
        "&InstanceType=ecs.g7.large&NetworkOptions.EnableJumboFrame=True&RegionId=cn-hangzhou"
        "&SecurityGroupIds.1=sg-1&SecurityGroupIds.2=sg-2&SystemDisk.Category=cloud_essd"
        "&SystemDisk.Size=40&Tag.1.Key=team&Tag.1.Value=a%26b%3Dc"
    )
    assert prepared.body is None and "content-type" not in prepared.headers
    assert prepared.headers["authorization"].endswith(
        "Signature=652021a71120a756f5bdadefe27499a1d2701665e3e5bfcf60610660dca0ccf5"
    )


def test_verify_rejects_tampering() -> None:
    op = _op("A", "v", "RPC", "POST", "/", params=[{"name": "X", "location": "query"}])
    prepared = prepare(
        op,
        encode(op, {"X": "1"}),
        endpoint="h",
        credential=STATIC_AK,
        user_agent="ua",
        nonce="n",
        date=FIXED_DATE,
    )
    assert signing.verify("POST", "/", prepared.query, prepared.headers, AK_SECRET)
    assert not signing.verify("POST", "/", {"X": "2"}, prepared.headers, AK_SECRET)
    assert not signing.verify("POST", "/", prepared.query, prepared.headers, "wrong")


def test_sts_headers_are_signed_and_bearer_is_not_signed() -> None:
    op = _op("A", "v", "ROA", "GET", "/p", params=[])
    sts = Credential(AK_ID, AK_SECRET, "tok", provider_name="static_sts")
    prepared = prepare(
        op, encode(op, {}), endpoint="h", credential=sts, user_agent="u", nonce="n", date="d"
    )
    assert prepared.headers["x-acs-security-token"] == "tok"
    assert "x-acs-security-token" in prepared.headers["authorization"]
    bearer = Credential(bearer_token="bt")
    prepared = prepare(
        op, encode(op, {}), endpoint="h", credential=bearer, user_agent="u", nonce="n", date="d"
    )
    assert "authorization" not in prepared.headers
    assert prepared.headers["x-acs-signature-type"] == "BEARERTOKEN"
