"""Credentials chain, endpoint rules, user agent and request-encoding rules."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from _runtime import (
    BaseClient,
    CredentialsError,
    DefaultCredentialsChain,
    EndpointError,
    ParameterError,
    resolve_endpoint,
)
from _runtime.client import default_user_agent
from _runtime.operation import Operation
from _runtime.request import encode, flatten, shrink
from pydantic import BaseModel, ConfigDict, Field
from support.capture import AK_ID, AK_SECRET, CaptureServer
from support.official import our_client

# -- credentials -------------------------------------------------------------------------


def _ini(path: Path, section: str, key_id: str) -> None:
    path.write_text(
        f"[{section}]\ntype = access_key\naccess_key_id = {key_id}\naccess_key_secret = s\n",
        encoding="utf-8",
    )


def test_chain_prefers_env_then_cli_then_ini(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ini = tmp_path / "c.ini"
    _ini(ini, "default", "from-ini")
    monkeypatch.setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", str(ini))
    cred = DefaultCredentialsChain().get_credential()
    assert (cred.access_key_id, cred.provider_name) == ("from-ini", "default/profile/static_ak")

    cli = tmp_path / "home" / ".aliyun" / "config.json"
    cli.parent.mkdir(parents=True)
    profile = {"name": "p1", "mode": "StsToken", "access_key_id": "from-cli"}
    profile |= {"access_key_secret": "s", "sts_token": "t"}
    cli.write_text(json.dumps({"current": "p1", "profiles": [profile]}), encoding="utf-8")
    monkeypatch.setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "false")
    cred = DefaultCredentialsChain().get_credential()
    assert (cred.access_key_id, cred.security_token) == ("from-cli", "t")
    assert cred.provider_name == "default/cli_profile/static_sts"

    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "from-env")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "tok")
    chain = DefaultCredentialsChain()
    cred = chain.get_credential()
    assert (cred.access_key_id, cred.security_token, cred.provider_name) == (
        "from-env",
        "tok",
        "default/env",
    )
    assert "s" not in repr(cred).replace("access_key_id", "")  # secrets stay out of repr
    # The provider that worked is remembered (and re-read: rotated env values apply).
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "rotated")
    assert chain.get_credential().access_key_id == "rotated"


def test_ini_profile_selection_and_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ini = tmp_path / "c.ini"
    ini.write_text(
        "[default]\ntype = access_key\naccess_key_id = d\naccess_key_secret = s\n"
        "[other]\ntype = ecs_ram_role\nrole_name = r\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", str(ini))
    monkeypatch.setenv("ALIBABA_CLOUD_PROFILE", "other")
    with pytest.raises(CredentialsError, match="ecs_ram_role"):
        DefaultCredentialsChain().get_credential()
    # Default file location under $HOME when the variable is unset.
    monkeypatch.delenv("ALIBABA_CLOUD_CREDENTIALS_FILE")
    monkeypatch.delenv("ALIBABA_CLOUD_PROFILE")
    default_file = tmp_path / "home" / ".alibabacloud" / "credentials.ini"
    default_file.parent.mkdir(parents=True)
    _ini(default_file, "default", "home-ini")
    assert DefaultCredentialsChain().get_credential().access_key_id == "home-ini"


def test_missing_credentials_fail_at_call_time_and_anonymous_needs_none(
    server: CaptureServer,
) -> None:
    op: Operation = {
        "product": "x", "version": "v", "action": "A", "style": "RPC", "method": "POST",
        "path": "/", "auth": "AK", "req_body_type": "formData", "resp_body_type": "json",
        "params": [],
    }  # fmt: skip
    with our_client(server.endpoint, "n", access_key_id=None, access_key_secret=None) as c:
        with pytest.raises(CredentialsError):
            c.call(op, {})
        assert c.call({**op, "auth": "Anonymous"}, {}).status_code == 200
    captured = server.take()
    assert captured.query() == {"Format": "json"}
    assert "authorization" not in captured.header_map()


# -- endpoints and user agent ----------------------------------------------------------


@pytest.mark.parametrize(
    ("product", "region", "rule", "network"),
    [
        ("ecs", "cn-beijing", "regional", None),
        ("ecs", "cn-beijing", "regional", "vpc"),
        ("Foo-Bar", "cn-x", "regional", "share"),
        ("paimodelgallery", "xx-unknown-9", "regional", "public"),
        ("sts", "cn-hangzhou", "central", None),
        ("sts", None, "", "vpc"),
    ],
)
def test_endpoint_rule_matches_official(
    product: str, region: str | None, rule: str, network: str | None
) -> None:
    utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
    expected = utils.Utils.get_endpoint_rules(product, region, rule, network)
    assert resolve_endpoint(product, region, endpoint_rule=rule, network=network) == expected


def test_endpoint_resolution_matches_official_ecs_client() -> None:
    ecs = pytest.importorskip("alibabacloud_ecs20140526.client")
    models = pytest.importorskip("alibabacloud_tea_openapi.utils_models")
    probe = ecs.Client(models.Config(access_key_id="a", access_key_secret="b", region_id="x"))
    endpoint_map = dict(probe._endpoint_map)
    for region, network in [
        ("cn-hangzhou", None),
        ("cn-hangzhou", "vpc"),
        ("cn-beijing", None),
        ("cn-beijing", "vpc"),
        ("cn-shanghai-finance-1", None),
        ("mars-north-1", None),  # a region nobody knows: the rule
    ]:
        config = models.Config(
            access_key_id="a", access_key_secret="b", region_id=region, network=network
        )
        expected = ecs.Client(config)._endpoint
        ours = resolve_endpoint(
            "ecs", region, endpoint_rule="regional", endpoint_map=endpoint_map, network=network
        )
        assert ours == expected, region

    class EcsLike(BaseClient):
        product_id = "ecs"
        endpoint_map: ClassVar[dict[str, str]] = {"cn-hangzhou": "ecs-cn-hangzhou.aliyuncs.com"}

    with EcsLike(region_id="mars-north-1", access_key_id="a", access_key_secret="b") as c:
        assert c.endpoint == "ecs.mars-north-1.aliyuncs.com" and c.protocol == "https"
    with pytest.raises(EndpointError):
        EcsLike(access_key_id="a", access_key_secret="b")
    assert resolve_endpoint("oss", "cn-x", endpoint_type="internal") == (
        "oss-internal.cn-x.aliyuncs.com"
    )


def test_user_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
    official = utils.Utils.get_user_agent(None)
    ours = default_user_agent()
    assert ours.startswith(official + " gen-sdk-runtime/")
    monkeypatch.setenv("ALIBABA_CLOUD_USER_AGENT", "app/1")
    assert default_user_agent(sdk_token="ecs-gen/2").endswith(" ecs-gen/2 app/1")
    assert default_user_agent("mine").endswith(" mine")


# -- encoding rules ----------------------------------------------------------------------


def test_flatten_rules() -> None:
    value = {
        "L": ["x", None, "y"],
        "E": [],
        "D": {},
        "S": "",
        "N": None,
        "B": True,
        "F": 0.1,
        "Big": 10**20,
        "Sci": 1e20,
        "Bytes": "é".encode(),
        "Stream": io.BytesIO(b"dropped"),
        "Nested": [{"K": [{"Z": 1}]}],
    }
    assert flatten(value) == {
        "L.1": "x",
        "L.3": "y",
        "S": "",
        "B": "True",
        "F": "0.1",
        "Big": "100000000000000000000",
        "Sci": "1e+20",
        "Bytes": "é",
        "Nested.1.K.1.Z": "1",
    }


def test_shrink_styles_match_official() -> None:
    utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
    value: list[Any] = [{"K": True, "N": None, "U": "é", "F": 1.5}]
    for style, sample in [("json", value), ("simple", ["a", 1, True]),
                          ("spaceDelimited", ["a", "b"]), ("pipeDelimited", [1, 2])]:  # fmt: skip
        official = utils.Utils.array_to_string_with_specified_style(sample, "P", style)
        assert shrink(sample, style) == official
    assert shrink("already-a-string", "json") == "already-a-string"


class Disk(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    category: str | None = Field(None, alias="Category")
    size: int | None = Field(None, alias="Size")
    extra: dict[str, Any] | None = Field(None, alias="Extra")


def _op(params: list[Any], style: str = "RPC", **kw: Any) -> Operation:
    return {
        "product": "x", "version": "v", "action": "A", "style": style,
        "method": kw.get("method", "POST"), "path": kw.get("path", "/"), "auth": "AK",
        "req_body_type": kw.get("req_body_type", "formData"), "resp_body_type": "json",
        "params": params,
    }  # fmt: skip


def test_pydantic_models_use_wire_names() -> None:
    op = _op([
        {"name": "DataDisk", "location": "query", "style": "repeatList"},
        {"name": "Conf", "location": "query", "style": "json"},
    ])  # fmt: skip
    disk = Disk(category="essd", extra={"a": None})
    encoded = encode(op, {"DataDisk": [disk], "Conf": disk})
    assert encoded.query == {
        "DataDisk.1.Category": "essd",
        "Conf": '{"Category":"essd","Extra":{"a":null}}',
    }


def test_path_methods_hosts_and_bodies() -> None:
    op = _op(
        [
            {"name": "Id", "location": "path", "required": True},
            {"name": "project", "location": "host"},
            {"name": "body", "location": "body", "kind": "raw"},
        ],
        style="ROA",
        method="PUT",
        path="/items/{Id}/x",
        req_body_type="json",
    )
    encoded = encode(op, {"Id": "a b/c*~é+%", "project": "p1", "body": '{"raw": 1}'})
    assert encoded.path == "/items/a%20b%2Fc%2A~%C3%A9%2B%25/x"
    assert encoded.host_prefix == "p1." and encoded.body == b'{"raw": 1}'
    assert encoded.content_type == "application/json; charset=utf-8"
    with pytest.raises(ParameterError):
        encode(op, {})
    # A raw body that is not set sends no body at all.
    assert encode(op, {"Id": "1"}).body is None
    # Duplicate metadata parameters are encoded once.
    dup = _op([{"name": "R", "location": "query"}, {"name": "R", "location": "query"}])
    assert encode(dup, {"R": "x"}).query == {"R": "x"}
    byte_op = _op([{"name": "b", "location": "body", "kind": "raw"}], req_body_type="byte")
    encoded = encode(byte_op, {"b": b"\x00\x01"})
    assert encoded.content_type is None and encoded.body == b"\x00\x01"
    with pytest.raises(ParameterError):
        encode(_op([{"name": "b", "location": "body"}], req_body_type="byte"), {"b": "x"})


def test_client_is_usable_with_transport_injection() -> None:
    import httpx

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"RequestId": "mock"})

    with BaseClient(
        endpoint="ecs.example.test",
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        transport=httpx.MockTransport(handler),
    ) as client:
        response = client.call(_op([{"name": "Q", "location": "query"}]), {"Q": "a b"})
    assert response.request_id == "mock"
    assert str(seen[0].url) == "https://ecs.example.test/?Q=a+b"
    assert seen[0].headers["host"] == "ecs.example.test"
