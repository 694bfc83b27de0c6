"""Wire compatibility: the official SDKs and our runtime send identical signed requests.

Each test points an official client at the local capture server (date and nonce patched),
makes the same call through our runtime with the same inputs, and compares the captures.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from _runtime import signing
from _runtime.operation import Operation
from support.capture import AK_ID, AK_SECRET, CaptureServer, Reply
from support.official import (
    PAI_ARGS,
    assert_same_request,
    official_config,
    official_fixed,
    official_model,
    op_from_corpus,
    our_client,
    pai_list_models_op,
    runtime_options,
)

pytest.importorskip("alibabacloud_tea_openapi")


def _compare(
    server: CaptureServer,
    monkeypatch: pytest.MonkeyPatch,
    nonce: str,
    official_call: Any,
    op: Operation,
    args: dict[str, Any],
    headers: dict[str, str] | None = None,
    **client_kw: Any,
) -> None:
    with official_fixed(monkeypatch, nonce):
        official_call()
    official = server.take()
    with our_client(server.endpoint, nonce, **client_kw) as client:
        client.call(op, args, headers=headers)
    assert_same_request(official, server.take())


def test_paimodelgallery_list_models_every_parameter(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pai = pytest.importorskip("alibabacloud_paimodelgallery20250630.client")
    models = pytest.importorskip("alibabacloud_paimodelgallery20250630.models")
    op = pai_list_models_op()
    assert {p["name"] for p in op["params"]} == set(PAI_ARGS)

    def official() -> None:
        client = pai.Client(official_config(server.endpoint))
        request = models.ListModelGalleryModelsRequest().from_map(PAI_ARGS)
        client.list_model_gallery_models_with_options(request, {}, runtime_options())

    _compare(server, monkeypatch, "nonce-pai-1", official, op, PAI_ARGS)


RUN_INSTANCES_ARGS: dict[str, Any] = {
    "RegionId": "cn-hangzhou",
    "ImageId": "img-1",
    "InstanceType": "ecs.g7.large",
    "Amount": 2,
    "DryRun": False,
    "ClientToken": "token-123",
    "SpotPriceLimit": 0.1,
    "SecurityGroupIds": ["sg-1", "sg-2"],
    "HostNames": ["h1", "h2"],
    "Tag": [{"Key": "team", "Value": "a&b=c"}, {"Key": "k2", "Value": "空 格"}],
    "SystemDisk": {"Category": "cloud_essd", "Size": "40", "DiskName": "sys*disk"},
    "DataDisk": [
        {"Size": 100, "Category": "cloud_essd", "Encrypted": "false"},
        {"Size": 200, "Category": "cloud_auto", "BurstingEnabled": True},
    ],
    "NetworkInterface": [{"VSwitchId": "vsw-1", "SecurityGroupIds": ["sg-3", "sg-4"]}],
    "NetworkOptions": {"EnableJumboFrame": True},
    "PrivateDnsNameOptions": {"HostnameType": "IpBased"},
    "Description": "",
}


def test_ecs_run_instances_flat_and_repeat_lists(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ecs = pytest.importorskip("alibabacloud_ecs20140526.client")
    models = pytest.importorskip("alibabacloud_ecs20140526.models")
    op = op_from_corpus("ecs", "2014-05-26", "RunInstances")
    assert op["method"] == "POST" and op["req_body_type"] == "formData"

    def official() -> None:
        client = ecs.Client(official_config(server.endpoint))
        request = models.RunInstancesRequest().from_map(RUN_INSTANCES_ARGS)
        client.run_instances_with_options(request, runtime_options())

    _compare(server, monkeypatch, "nonce-ecs-run", official, op, RUN_INSTANCES_ARGS)


def test_ecs_describe_instances_json_string_and_filters(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ecs = pytest.importorskip("alibabacloud_ecs20140526.client")
    models = pytest.importorskip("alibabacloud_ecs20140526.models")
    op = op_from_corpus("ecs", "2014-05-26", "DescribeInstances")
    official_args = {
        "RegionId": "cn-beijing",
        "InstanceIds": '["i-1", "i-2"]',
        "PageNumber": 1,
        "PageSize": 100,
        "Filter": [{"Key": "CreationStartTime", "Value": "2025-01-01T00:00Z"}],
        "Tag": [{"Key": "env", "Value": "prod"}],
        "AdditionalAttributes": ["META_OPTIONS", "DDH_CLUSTER"],
        "IoOptimized": True,
    }
    # Metadata spells the filters as scalar ``Filter.1.Key`` parameters: same wire keys.
    ours = dict(official_args)
    del ours["Filter"]
    ours["Filter.1.Key"] = "CreationStartTime"
    ours["Filter.1.Value"] = "2025-01-01T00:00Z"

    def official() -> None:
        client = ecs.Client(official_config(server.endpoint))
        request = models.DescribeInstancesRequest().from_map(official_args)
        client.describe_instances_with_options(request, runtime_options())

    _compare(server, monkeypatch, "nonce-ecs-desc", official, op, ours)


def test_ecs_sts_credentials(server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    ecs = pytest.importorskip("alibabacloud_ecs20140526.client")
    models = pytest.importorskip("alibabacloud_ecs20140526.models")
    op = op_from_corpus("ecs", "2014-05-26", "DescribeRegions")
    args = {"InstanceChargeType": "PrePaid", "AcceptLanguage": "zh-CN"}

    def official() -> None:
        client = ecs.Client(official_config(server.endpoint, security_token="sts-token"))
        request = models.DescribeRegionsRequest().from_map(args)
        client.describe_regions_with_options(request, runtime_options())

    _compare(server, monkeypatch, "nonce-sts", official, op, args, security_token="sts-token")


def _generic_call(endpoint: str, params: dict[str, Any], **request: Any) -> None:
    """The generic official path every generated client funnels into (``call_api``)."""
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params

    client = Client(official_config(endpoint, **request.pop("config", {})))
    client.call_api(Params(**params), OpenApiRequest(**request), runtime_options())


def test_rpc_form_data_body_generic(server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from alibabacloud_tea_openapi.utils import Utils

    op: Operation = {
        "product": "hbr",
        "version": "2017-09-08",
        "action": "DescribeBackupClients",
        "style": "RPC",
        "method": "POST",
        "path": "/",
        "auth": "AK",
        "req_body_type": "formData",
        "resp_body_type": "json",
        "params": [
            {"name": "ClientType", "location": "query"},
            {"name": "Filters", "location": "query", "style": "repeatList"},
            {"name": "ClientIds", "location": "formData", "style": "json"},
            {"name": "Note", "location": "formData"},
            {"name": "Tag", "location": "formData", "style": "repeatList"},
            {"name": "Mode", "location": "formData", "style": "simple"},
        ],
    }
    args = {
        "ClientType": "ECS_CLIENT",
        "Filters": [{"Key": "InstanceId", "Values": ["i-1", None, "i-3"]}],
        "ClientIds": ["c-1", "c-2"],
        "Note": "a b*~/é",
        "Tag": [{"Key": "env", "Value": "prod test"}],
        "Mode": ["a", 1, True],
    }
    body = {
        "ClientIds": Utils.array_to_string_with_specified_style(args["ClientIds"], "", "json"),
        "Note": args["Note"],
        "Tag": args["Tag"],
        "Mode": Utils.array_to_string_with_specified_style(args["Mode"], "", "simple"),
    }
    params = {
        "action": "DescribeBackupClients",
        "version": "2017-09-08",
        "protocol": "HTTPS",
        "pathname": "/",
        "method": "POST",
        "auth_type": "AK",
        "style": "RPC",
        "req_body_type": "formData",
        "body_type": "json",
    }
    query = Utils.query({"ClientType": "ECS_CLIENT", "Filters": args["Filters"]})

    def official() -> None:
        _generic_call(server.endpoint, params, query=query, body=Utils.parse_to_map(body))

    _compare(server, monkeypatch, "nonce-form", official, op, args)


def test_rpc_empty_form_body_and_anonymous(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    op: Operation = {
        "product": "x",
        "version": "2020-01-01",
        "action": "Ping",
        "style": "RPC",
        "method": "POST",
        "path": "/",
        "auth": "Anonymous",
        "req_body_type": "formData",
        "resp_body_type": "json",
        "params": [{"name": "Opt", "location": "formData"}],
    }
    params = {
        "action": "Ping",
        "version": "2020-01-01",
        "protocol": "HTTPS",
        "pathname": "/",
        "method": "POST",
        "auth_type": "Anonymous",
        "style": "RPC",
        "req_body_type": "formData",
        "body_type": "json",
    }

    def official() -> None:
        _generic_call(server.endpoint, params, body={})

    _compare(server, monkeypatch, "nonce-anon", official, op, {})


def test_roa_bearer_token(server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    op = op_from_corpus("cs", "2015-12-15", "DescribeClusterDetail")

    def official() -> None:
        config = official_config(
            server.endpoint, access_key_id=None, access_key_secret=None, bearer_token="bt-1"
        )
        config.access_key_id = config.access_key_secret = None
        cs.Client(config).describe_cluster_detail_with_options("c 1/2", {}, runtime_options())

    _compare(
        server,
        monkeypatch,
        "nonce-bearer",
        official,
        op,
        {"ClusterId": "c 1/2"},
        access_key_id=None,
        access_key_secret=None,
        bearer_token="bt-1",
    )


def _sorted_deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_deep(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_deep(v) for v in value]
    return value


CLUSTER_BODY: dict[str, Any] = {
    "name": "集群 demo",
    "region_id": "cn-beijing",
    "cluster_type": "ManagedKubernetes",
    "kubernetes_version": "1.32.1-aliyun.1",
    "tags": [{"key": "env", "value": "prod"}],
    "vswitch_ids": ["vsw-1", "vsw-2"],
    "deletion_protection": True,
    "addons": [{"name": "flannel", "config": '{"a":1}', "disabled": False}],
    "service_cidr": "172.21.0.0/20",
    "timeout_mins": 60,
}


def _official_create_cluster(endpoint: str, body: dict[str, Any]) -> None:
    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    models = pytest.importorskip("alibabacloud_cs20151215.models")
    client = cs.Client(official_config(endpoint))
    request = official_model(models.CreateClusterRequest, body)
    client.create_cluster_with_options(request, {}, runtime_options())


def test_cs_create_cluster_json_body_object(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = op_from_corpus("cs", "2015-12-15", "CreateCluster")
    assert op["params"][0]["kind"] == "object"

    def official() -> None:
        _official_create_cluster(server.endpoint, CLUSTER_BODY)

    # Official code emits body keys (and nested model fields) in alphabetical order; our
    # runtime keeps the caller's order, so give it the same order for identical bytes.
    ours = {"body": _sorted_deep(CLUSTER_BODY)}
    _compare(server, monkeypatch, "nonce-cs-create", official, op, ours)


def test_cs_nested_model_empty_list_quirk_is_not_reproduced(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nested official model serialises unset list-of-model fields as ``[]``
    (``maintenance_window.exclusions``); we send only what the caller set. Same JSON
    otherwise, and both requests are validly signed."""
    body = {"name": "c", "maintenance_window": {"enable": False, "duration": "3h"}}
    op = op_from_corpus("cs", "2015-12-15", "CreateCluster")
    with official_fixed(monkeypatch, "nonce-quirk"):
        _official_create_cluster(server.endpoint, body)
    theirs = server.take()
    with our_client(server.endpoint, "nonce-quirk") as client:
        client.call(op, {"body": body})
    mine = server.take()
    official_json = json.loads(theirs.body)
    assert official_json["maintenance_window"].pop("exclusions") == []
    assert json.loads(mine.body) == official_json
    for captured in (theirs, mine):
        assert signing.verify(captured.method, captured.path, {}, captured.header_map(), AK_SECRET)


def test_cs_path_and_query_styles(server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    models = pytest.importorskip("alibabacloud_cs20151215.models")
    op = op_from_corpus("cs", "2015-12-15", "DeleteCluster")
    args = {
        "retain_all_resources": False,
        "keep_slb": True,
        "retain_resources": ["sg-1", "slb 2"],
        "delete_options": [{"delete_mode": "retain", "resource_type": "SLB"}],
    }

    def official() -> None:
        client = cs.Client(official_config(server.endpoint))
        request = official_model(models.DeleteClusterRequest, args)
        client.delete_cluster_with_options("a b/c*~é+%", request, {}, runtime_options())

    _compare(server, monkeypatch, "nonce-cs-del", official, op, {"ClusterId": "a b/c*~é+%", **args})

    op = op_from_corpus("cs", "2015-12-15", "CleanUserPermissions")
    args = {"Force": True, "ClusterIds": ["c-1", "c-2"]}

    def official2() -> None:
        client = cs.Client(official_config(server.endpoint))
        request = models.CleanUserPermissionsRequest().from_map(args)
        client.clean_user_permissions_with_options("uid-1", request, {}, runtime_options())

    _compare(server, monkeypatch, "nonce-cs-clean", official2, op, {"Uid": "uid-1", **args})


def test_cs_array_body_and_empty_json_body(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    models = pytest.importorskip("alibabacloud_cs20151215.models")
    op = op_from_corpus("cs", "2015-12-15", "GrantPermissions")
    assert op["resp_body_type"] == "none"
    grants = [{"cluster": "c-1", "is_custom": False, "role_name": "dev", "role_type": "cluster"}]
    server.replies += [Reply(200, b"", {}), Reply(200, b"", {})]

    def official() -> None:
        client = cs.Client(official_config(server.endpoint))
        request = models.GrantPermissionsRequest().from_map({"body": grants})
        client.grant_permissions_with_options("uid-9", request, {}, runtime_options())

    with official_fixed(monkeypatch, "nonce-grant"):
        official()
    theirs = server.take()
    with our_client(server.endpoint, "nonce-grant") as client:
        response = client.call(op, {"uid": "uid-9", "body": grants})
    assert response.body == "" and response.status_code == 200
    assert_same_request(theirs, server.take())

    # Unset array body: the official client still sends ``[]``.
    def official_empty() -> None:
        client = cs.Client(official_config(server.endpoint))
        request = models.GrantPermissionsRequest()
        client.grant_permissions_with_options("uid-9", request, {}, runtime_options())

    _compare(server, monkeypatch, "nonce-grant-0", official_empty, op, {"uid": "uid-9"})

    # A JSON-body API called with nothing set still sends ``{}``.
    op = op_from_corpus("cs", "2015-12-15", "CreateTemplate")

    def official_template() -> None:
        client = cs.Client(official_config(server.endpoint))
        client.create_template_with_options(models.CreateTemplateRequest(), {}, runtime_options())

    _compare(server, monkeypatch, "nonce-tpl", official_template, op, {})


def test_roa_binary_body_and_header_params(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fc InvokeFunction shape: binary ``body`` + header parameters (generic official path)."""
    payload = bytes(range(256)) * 3
    op: Operation = {
        "product": "FC",
        "version": "2023-03-30",
        "action": "InvokeFunction",
        "style": "ROA",
        "method": "POST",
        "path": "/2023-03-30/functions/{functionName}/invocations",
        "auth": "AK",
        "req_body_type": "json",
        "resp_body_type": "binary",
        "params": [
            {"name": "functionName", "location": "path", "required": True},
            {"name": "qualifier", "location": "query"},
            {"name": "body", "location": "body", "kind": "binary"},
            {"name": "x-fc-invocation-type", "location": "header"},
            {"name": "x-fc-log-type", "location": "header"},
            {"name": "x-fc-dry-run", "location": "header"},
        ],
    }
    params = {
        "action": "InvokeFunction",
        "version": "2023-03-30",
        "protocol": "HTTPS",
        "pathname": "/2023-03-30/functions/fn%20one/invocations",
        "method": "POST",
        "auth_type": "AK",
        "style": "ROA",
        "req_body_type": "json",
        "body_type": "binary",
    }
    headers = {"x-fc-invocation-type": "Sync", "x-fc-log-type": "Tail", "x-fc-dry-run": "True"}

    def official() -> None:
        _generic_call(
            server.endpoint,
            params,
            headers=headers,
            query={"qualifier": "LATEST"},
            stream=io.BytesIO(payload),
        )

    args = {
        "functionName": "fn one",
        "qualifier": "LATEST",
        "body": io.BytesIO(payload),
        "x-fc-invocation-type": "Sync",
        "x-fc-log-type": "Tail",
        "x-fc-dry-run": True,
    }
    _compare(server, monkeypatch, "nonce-fc", official, op, args)


def test_user_headers_and_global_headers(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-call headers (the official ``headers`` argument) are merged and signed."""
    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    op = op_from_corpus("cs", "2015-12-15", "DescribeClusterDetail")

    def official() -> None:
        client = cs.Client(official_config(server.endpoint))
        client.describe_cluster_detail_with_options(
            "c-1", {"x-acs-extra": "1", "X-Custom": "a  b"}, runtime_options()
        )

    _compare(
        server,
        monkeypatch,
        "nonce-hdr",
        official,
        op,
        {"ClusterId": "c-1"},
        headers={"x-acs-extra": "1", "X-Custom": "a  b"},
    )


def test_credentials_from_env_chain(server: CaptureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default chain (env) sends the same provider name as the official chain."""
    from alibabacloud_credentials.client import Client as CredentialClient
    from alibabacloud_credentials.utils import auth_util

    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    op = op_from_corpus("cs", "2015-12-15", "DescribeClusterDetail")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", AK_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", AK_SECRET)
    # The official package read the environment at import time: patch its snapshot.
    monkeypatch.setattr(auth_util, "environment_access_key_id", AK_ID)
    monkeypatch.setattr(auth_util, "environment_access_key_secret", AK_SECRET)
    monkeypatch.setattr(auth_util, "environment_ecs_metadata_disabled", "true")

    def official() -> None:
        config = official_config(server.endpoint, credential=CredentialClient())
        config.access_key_id = config.access_key_secret = None
        cs.Client(config).describe_cluster_detail_with_options("c-1", {}, runtime_options())

    _compare(
        server,
        monkeypatch,
        "nonce-env",
        official,
        op,
        {"ClusterId": "c-1"},
        access_key_id=None,
        access_key_secret=None,
    )


def test_credentials_from_ini_file_chain(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from alibabacloud_credentials.client import Client as CredentialClient
    from alibabacloud_credentials.utils import auth_util

    cs = pytest.importorskip("alibabacloud_cs20151215.client")
    ini = tmp_path / "creds.ini"
    ini.write_text(
        "[default]\ntype = access_key\naccess_key_id = nope\naccess_key_secret = nope\n\n"
        f"[work]\ntype = access_key  # inline comment\naccess_key_id = {AK_ID}\n"
        f"access_key_secret = {AK_SECRET}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", str(ini))
    monkeypatch.setenv("ALIBABA_CLOUD_PROFILE", "work")
    monkeypatch.setattr(auth_util, "environment_access_key_id", None)
    monkeypatch.setattr(auth_util, "environment_access_key_secret", None)
    monkeypatch.setattr(auth_util, "environment_credentials_file", str(ini))
    monkeypatch.setattr(auth_util, "client_type", "work")
    monkeypatch.setattr(auth_util, "environment_cli_profile_disabled", "true")
    monkeypatch.setattr(auth_util, "environment_ecs_metadata_disabled", "true")
    op = op_from_corpus("cs", "2015-12-15", "DescribeClusterDetail")

    def official() -> None:
        config = official_config(server.endpoint, credential=CredentialClient())
        config.access_key_id = config.access_key_secret = None
        cs.Client(config).describe_cluster_detail_with_options("c-1", {}, runtime_options())

    _compare(
        server,
        monkeypatch,
        "nonce-ini",
        official,
        op,
        {"ClusterId": "c-1"},
        access_key_id=None,
        access_key_secret=None,
    )
