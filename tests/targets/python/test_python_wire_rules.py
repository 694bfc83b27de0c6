"""The SDK model's three wire rules, each against an official SDK on a loopback server:
the request our generated package sends equals the official one, byte for byte.

* ROA APIs listing several methods send POST when it is among them (elasticsearch
  ``UpdateDescription`` lists ``patch, post``; cs ``DeleteClusterNodes`` ``post, delete``).
* A path parameter the path template does not use is the whole path when the template has
  variables no parameter fills (Cloud Control's ``requestPath``); otherwise it is taken and
  not sent.
* Operations whose ``schemes`` list ``sse`` get a ``*_with_sse`` method: the same request,
  the body read as events (dianjin ``RunAgent``).
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

from support.capture import AK_ID, AK_SECRET, CaptureServer, Reply  # noqa: E402
from support.official import (  # noqa: E402
    UA_TOKEN,
    assert_same_request,
    official_config,
    official_fixed,
    runtime_options,
)

from gen_sdk.generate import generate  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"

#: A Cloud Control style V3 API: a path whose variables no parameter fills, and the
#: parameter that carries the whole path (written for this test after the public metadata).
CLOUD_CONTROL = {
    "version": "1.0",
    "info": {"style": "V3", "product": "cloudcontrol", "version": "2022-08-30"},
    "components": {"schemas": {}},
    "apis": {
        "CreateResource": {
            "path": "/api/v1/providers/{provider}/products/{product}/resources/*",
            "methods": ["post"],
            "schemes": ["https"],
            "security": [{"AK": []}],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "parameters": [
                {"name": "requestPath", "in": "path", "schema": {"type": "string"}},
                {"name": "regionId", "in": "query", "schema": {"type": "string"}},
                {"name": "clientToken", "in": "query", "schema": {"type": "string"}},
                {"name": "body", "in": "body", "style": "json", "schema": {"type": "object"}},
            ],
            "responses": {
                "200": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "requestId": {"type": "string"},
                            "resourceId": {"type": "string"},
                        },
                    }
                }
            },
        },
        "DissociateThing": {
            "path": "/group/{groupId}/dissociate",
            "methods": ["post"],
            "parameters": [
                {"name": "projectId", "in": "path", "schema": {"type": "string"}},
                {
                    "name": "groupId",
                    "in": "path",
                    "schema": {"type": "string", "required": True},
                },
            ],
            "responses": {"200": {"schema": {"type": "object", "properties": {}}}},
        },
    },
    "endpoints": [],
}


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    srv = CaptureServer()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("ALIBABA_CLOUD_") or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """elasticsearch and dianjin from the corpus, the Cloud Control API above: generated
    once, importable."""
    root = tmp_path_factory.mktemp("wire-rules")
    cloud_control = root / "specs" / "cloudcontrol.json"
    cloud_control.parent.mkdir()
    cloud_control.write_text(json.dumps(CLOUD_CONTROL), encoding="utf-8")
    specs = [cloud_control]
    for product, version in (("elasticsearch", "2017-06-13"), ("dianjin", "2024-06-28")):
        path = CORPUS / product / version / "api-docs.json"
        if path.is_file():
            specs.append(path)
    out = root / "out"
    result = generate(specs, out, use_cache=False, format=False)
    assert result.ok, [str(d) for d in result.diagnostics if d.severity.value == "error"]
    paths = [str(r.package_dir / "src") for r in result.results if r.package_dir is not None]
    sys.path[:0] = paths
    try:
        yield out
    finally:
        for path in paths:
            sys.path.remove(path)


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        pytest.skip(f"{name} was not generated (the corpus is not available)")


def _ours(module: ModuleType, endpoint: str, nonce: str) -> Any:
    return module.Client(
        endpoint=endpoint,
        protocol="http",
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        user_agent="",
        nonce_factory=lambda: nonce,
        clock=lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        retry=0,
    )


def _ua(module: ModuleType) -> str:
    return f"{UA_TOKEN} {module.client.SDK_USER_AGENT}"


def test_multi_method_roa_sends_post_as_the_official_sdk(
    packages: Path, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    es = _import("elasticsearch_20170613")
    official = pytest.importorskip("alibabacloud_elasticsearch20170613.client")
    official_models = pytest.importorskip("alibabacloud_elasticsearch20170613.models")
    table = importlib.import_module("elasticsearch_20170613.models.update_description").OPERATION
    assert table["method"] == "POST"  # the spec lists patch, post
    with official_fixed(monkeypatch, "nonce-es"):
        client = official.Client(official_config(server.endpoint, user_agent=_ua(es)))
        request = official_models.UpdateDescriptionRequest(
            client_token="t-1", description="新 名字"
        )
        client.update_description_with_options("es-cn-1 2", request, {}, runtime_options())
    theirs = server.take()
    assert theirs.method == "POST"
    with _ours(es, server.endpoint, "nonce-es") as client:
        client.update_description(
            instance_id="es-cn-1 2", client_token="t-1", body={"description": "新 名字"}
        )
    assert_same_request(theirs, server.take())


def test_whole_path_parameter_as_the_official_sdk(
    packages: Path, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _import("cloudcontrol_20220830")
    official = pytest.importorskip("alibabacloud_cloudcontrol20220830.client")
    official_models = pytest.importorskip("alibabacloud_cloudcontrol20220830.models")
    table = importlib.import_module("cloudcontrol_20220830.models.create_resource").OPERATION
    assert table["path_param"] == "requestPath"
    path = "/api/v1/providers/Aliyun/products/Redis/resources/DBInstance/r-2ze8****/Account"
    body = {"AccountName": "cctest", "AccountPassword": "Aa1234****"}
    server.reply_json(200, {"requestId": "r-1", "resourceId": "x"})
    with official_fixed(monkeypatch, "nonce-cc"):
        client = official.Client(official_config(server.endpoint, user_agent=_ua(ours)))
        request = official_models.CreateResourceRequest(
            region_id="cn-beijing", client_token="ct", body=body
        )
        client.create_resource_with_options(path, request, {}, runtime_options())
    theirs = server.take()
    assert theirs.path == path
    server.reply_json(200, {"requestId": "r-1", "resourceId": "x"})
    with _ours(ours, server.endpoint, "nonce-cc") as client:
        response = client.create_resource(
            request_path=path, region_id="cn-beijing", client_token="ct", body=body
        )
    assert response.resource_id == "x"
    assert_same_request(theirs, server.take())


def test_a_path_parameter_the_path_does_not_use_is_not_sent(
    packages: Path, server: CaptureServer
) -> None:
    """As the official SDKs (iacservice ``DissociateGroup``): taken, optional, not sent."""
    ours = _import("cloudcontrol_20220830")
    table = importlib.import_module("cloudcontrol_20220830.models.dissociate_thing").OPERATION
    assert [p["name"] for p in table["params"]] == ["groupId"]
    with _ours(ours, server.endpoint, "n") as client:
        client.dissociate_thing(group_id="g-1", project_id="p-1")
        client.dissociate_thing(group_id="g-2")  # optional: no error
    assert [r.path for r in server.requests] == ["/group/g-1/dissociate", "/group/g-2/dissociate"]


def test_sse_scheme_gives_a_with_sse_method_as_the_official_sdk(
    packages: Path, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    dianjin = _import("dianjin_20240628")
    official = pytest.importorskip("alibabacloud_dianjin20240628.client")
    official_models = pytest.importorskip("alibabacloud_dianjin20240628.models")
    events = [
        {"success": True, "data": {"content": "你好"}},
        {"success": True, "data": {"content": "!"}},
    ]
    stream = b"".join(
        b"id: %d\nevent: message\ndata: %s\n\n" % (n, json.dumps(e, ensure_ascii=False).encode())
        for n, e in enumerate(events)
    )
    sse_headers = {"Content-Type": "text/event-stream"}
    server.replies.append(Reply(200, stream, sse_headers))
    with official_fixed(monkeypatch, "nonce-sse"):
        client = official.Client(official_config(server.endpoint, user_agent=_ua(dianjin)))
        request = official_models.RunAgentRequest(bot_id="b-1", stream=True, user_content="hi")
        theirs_events = list(client.run_agent_with_sse("llm-x", request, {}, runtime_options()))
    theirs = server.take()
    assert [(e.id, e.body.success) for e in theirs_events] == [("0", True), ("1", True)]
    server.replies.append(Reply(200, stream, sse_headers))
    with _ours(dianjin, server.endpoint, "nonce-sse") as client:
        got = list(
            client.run_agent_with_sse(
                workspace_id="llm-x", body={"botId": "b-1", "stream": True, "userContent": "hi"}
            )
        )
    assert_same_request(theirs, server.take())
    assert type(got[0]).__name__ == "RunAgentResponse"
    assert [r.success for r in got] == [True, True]
    assert [r.event.id if r.event else None for r in got] == ["0", "1"]
    assert [r.model_dump(by_alias=True, exclude_none=True)["data"] for r in got] == [
        e["data"] for e in events
    ]
