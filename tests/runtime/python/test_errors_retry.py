"""Error mapping, retries/backoff, ClientToken reuse, timeouts and connection failures."""

from __future__ import annotations

import builtins
import json
import socket
from typing import Any

import pytest
from _runtime import (
    ApiError,
    AuthError,
    ClientError,
    ConnectionError,
    NotFoundError,
    RetryPolicy,
    ServerError,
    ThrottlingError,
    TimeoutError,
    signing,
)
from _runtime.errors import error_from_response, parse_retry_after
from _runtime.operation import Operation
from support.capture import AK_SECRET, CaptureServer, Reply
from support.official import official_config, our_client, runtime_options


def _op(method: str = "POST", *params: str, idempotent: bool | None = None) -> Operation:
    op: Operation = {
        "product": "Ecs",
        "version": "2014-05-26",
        "action": "DoThing",
        "style": "RPC",
        "method": method,
        "path": "/",
        "auth": "AK",
        "req_body_type": "formData",
        "resp_body_type": "json",
        "params": [{"name": p, "location": "query"} for p in params],
    }
    if idempotent is not None:
        op["idempotent"] = idempotent
    return op


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def _client(server: CaptureServer, sleep: FakeSleep, **policy: Any) -> Any:
    retry = RetryPolicy(**{"max_attempts": 4, "base_delay": 0.5, "rng": lambda: 1.0, **policy})
    return our_client(server.endpoint, "n", retry=retry, sleep=sleep)


RPC_ERROR = {
    "RequestId": "REQ-ERR",
    "HostId": "ecs.aliyuncs.com",
    "Code": "InvalidParameter",
    "Message": "The specified parameter is not valid.",
    "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidParameter",
}


@pytest.mark.parametrize(
    ("status", "payload", "cls", "code"),
    [
        (400, RPC_ERROR, ClientError, "InvalidParameter"),
        (403, {**RPC_ERROR, "Code": "Forbidden.RAM"}, AuthError, "Forbidden.RAM"),
        (400, {**RPC_ERROR, "Code": "SignatureDoesNotMatch"}, AuthError, "SignatureDoesNotMatch"),
        (
            404,
            {"code": "ErrorClusterNotFound", "message": "gone", "requestId": "r-2"},
            NotFoundError,
            "ErrorClusterNotFound",
        ),
        (
            400,
            {**RPC_ERROR, "Code": "InvalidInstanceId.NotFound"},
            NotFoundError,
            "InvalidInstanceId.NotFound",
        ),
        (500, {**RPC_ERROR, "Code": "InternalError"}, ServerError, "InternalError"),
        (429, {**RPC_ERROR, "Code": "Throttling.User"}, ThrottlingError, "Throttling.User"),
    ],
)
def test_error_mapping(
    server: CaptureServer, status: int, payload: dict[str, Any], cls: type[ApiError], code: str
) -> None:
    server.reply_json(status, payload)
    with our_client(server.endpoint, "n") as client, pytest.raises(cls) as info:
        client.call(_op(), {})
    err = info.value
    assert err.code == code and err.http_status == status
    assert err.request_id == (payload.get("RequestId") or payload.get("requestId"))
    assert err.message == (payload.get("Message") or payload.get("message"))
    assert err.data == payload
    if "HostId" in payload:
        assert err.host_id == payload["HostId"] and err.recommend == payload["Recommend"]


def test_error_fields_match_official_exception(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_mod = pytest.importorskip("alibabacloud_tea_openapi.client")
    utils_models = pytest.importorskip("alibabacloud_tea_openapi.utils_models")
    from darabonba.exceptions import UnretryableException

    for status in (400, 500):
        server.reply_json(status, RPC_ERROR)
        official = client_mod.Client(official_config(server.endpoint))
        params = utils_models.Params(
            action="DoThing", version="2014-05-26", protocol="HTTPS", pathname="/",
            method="POST", auth_type="AK", style="RPC", req_body_type="formData",
            body_type="json",
        )  # fmt: skip
        with pytest.raises(Exception) as info:
            official.call_api(params, utils_models.OpenApiRequest(), runtime_options())
        theirs = info.value
        if isinstance(theirs, UnretryableException):
            theirs = theirs.inner_exception
        server.reply_json(status, RPC_ERROR)
        with our_client(server.endpoint, "n") as client, pytest.raises(ApiError) as ours:
            client.call(_op(), {})
        assert type(theirs).__name__ == ("ClientException" if status < 500 else "ServerException")
        assert isinstance(ours.value, ClientError if status < 500 else ServerError)
        assert ours.value.code == theirs.code
        assert ours.value.request_id == theirs.request_id
        assert ours.value.http_status == theirs.status_code
        assert theirs.data["HostId"] == ours.value.host_id
        assert theirs.data["Recommend"] == ours.value.recommend


def test_xml_and_html_error_bodies() -> None:
    xml = b"<Error><RequestId>R1</RequestId><Code>Forbidden</Code><Message>no</Message></Error>"
    err = error_from_response(403, {"content-type": "text/xml;charset=utf-8"}, xml)
    assert isinstance(err, AuthError) and err.code == "Forbidden" and err.request_id == "R1"
    err = error_from_response(502, {"x-acs-request-id": "R2"}, b"<html>bad gateway</html>")
    assert isinstance(err, ServerError) and err.request_id == "R2" and err.code is None


def test_throttling_then_success_with_bounded_backoff(server: CaptureServer) -> None:
    sleep = FakeSleep()
    for _ in range(2):
        server.reply_json(400, {**RPC_ERROR, "Code": "Throttling.User"})
    server.reply_json(200, {"RequestId": "ok", "Value": 1})
    with _client(server, sleep, max_delay=0.75) as client:
        response = client.call(_op(), {})  # non-idempotent: throttling is still retried
    assert response.body == {"RequestId": "ok", "Value": 1} and response.request_id == "ok"
    assert sleep.calls == [0.5, 0.75]  # 0.5*2**0, min(0.5*2**1, max_delay)
    captured = [server.take() for _ in range(3)]
    assert [c.header_map().get("x-acs-retry-attempts") for c in captured] == [None, "1", "2"]
    assert [c.header_map().get("x-acs-retry-delay") for c in captured] == [None, "500", "750"]
    for c in captured:  # every attempt is re-signed, retry headers included
        assert signing.verify(c.method, c.path, c.query(), c.header_map(), AK_SECRET)
    nonces = {c.header_map()["x-acs-signature-nonce"] for c in captured}
    assert len(nonces) == 1  # the test pins the nonce; see next test for freshness


def test_fresh_nonce_per_attempt(server: CaptureServer) -> None:
    server.reply_json(429, {"Code": "Throttling"})
    sleep = FakeSleep()
    retry = RetryPolicy(max_attempts=2, rng=lambda: 0.0)
    with our_client(
        server.endpoint, "x", retry=retry, sleep=sleep, nonce_factory=signing.new_nonce
    ) as client:
        client.call(_op(), {})
    first, second = server.take(), server.take()
    assert (
        first.header_map()["x-acs-signature-nonce"] != second.header_map()["x-acs-signature-nonce"]
    )


def test_retry_after_headers_are_honoured(server: CaptureServer) -> None:
    sleep = FakeSleep()
    server.reply_json(429, {"Code": "Throttling"}, **{"Retry-After": "2"})
    server.reply_json(503, {"Code": "ServiceUnavailable"}, **{"x-acs-retry-after": "1500"})
    server.reply_json(200, {"RequestId": "ok"})
    with _client(server, sleep, rng=lambda: 0.0) as client:
        client.call(_op("GET"), {})
    assert sleep.calls == [2.0, 1.5]
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0


def test_retry_after_beyond_time_budget_gives_up(server: CaptureServer) -> None:
    sleep = FakeSleep()
    server.reply_json(429, {"Code": "Throttling"}, **{"Retry-After": "100"})
    client = _client(server, sleep, max_delay=200, max_total_time=10)
    with client, pytest.raises(ThrottlingError) as info:
        client.call(_op(), {})
    assert info.value.retry_after == 100 and sleep.calls == []


def test_client_token_generated_once_and_reused(server: CaptureServer) -> None:
    sleep = FakeSleep()
    server.reply_json(500, {"Code": "InternalError"})
    server.replies.append(Reply(502, b"<html>bad gateway</html>", {"Content-Type": "text/html"}))
    server.reply_json(200, {"RequestId": "ok"})
    op = _op("POST", "RegionId", "ClientToken")
    with _client(server, sleep) as client:
        client.call(op, {"RegionId": "cn-hangzhou"})
    tokens = [server.take().query()["ClientToken"] for _ in range(3)]
    assert len(set(tokens)) == 1 and len(tokens[0]) == 36
    # A new logical call gets a new token; a caller-supplied token is kept.
    with _client(server, sleep) as client:
        client.call(op, {"RegionId": "cn-hangzhou"})
        client.call(op, {"RegionId": "cn-hangzhou", "ClientToken": "mine"})
    assert server.take().query()["ClientToken"] not in tokens
    assert server.take().query()["ClientToken"] == "mine"


def test_non_idempotent_without_token_not_retried_on_5xx(server: CaptureServer) -> None:
    sleep = FakeSleep()
    server.reply_json(500, {"Code": "InternalError"})
    with _client(server, sleep) as client, pytest.raises(ServerError):
        client.call(_op("POST", "RegionId"), {"RegionId": "r"})
    assert len(server.requests) == 1 and sleep.calls == []
    # The same operation marked idempotent (a read) is retried.
    server.reply_json(500, {"Code": "InternalError"})
    with _client(server, sleep) as client:
        client.call(_op("POST", "RegionId", idempotent=True), {"RegionId": "r"})
    assert len(server.requests) == 3


def test_client_errors_are_not_retried(server: CaptureServer) -> None:
    sleep = FakeSleep()
    server.reply_json(400, RPC_ERROR)
    with _client(server, sleep) as client, pytest.raises(ClientError):
        client.call(_op("GET"), {})
    assert len(server.requests) == 1


def test_slow_server_times_out(server: CaptureServer) -> None:
    server.replies.append(Reply(200, b"{}", {"Content-Type": "application/json"}, delay=0.6))
    sleep = FakeSleep()
    with (
        our_client(
            server.endpoint, "n", read_timeout=0.15, retry=RetryPolicy(max_attempts=3), sleep=sleep
        ) as client,
        pytest.raises(TimeoutError) as info,
    ):
        client.call(_op("POST"), {})
    assert info.value.sent is True and sleep.calls == []  # may have run: not retried
    assert isinstance(info.value, builtins.TimeoutError)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_refused_retried_then_raised() -> None:
    sleep = FakeSleep()
    retry = RetryPolicy(max_attempts=3, base_delay=0.1, rng=lambda: 1.0)
    endpoint = f"127.0.0.1:{_free_port()}"
    client = our_client(endpoint, "n", retry=retry, sleep=sleep)
    with client, pytest.raises(ConnectionError) as info:
        client.call(_op("POST"), {})  # not idempotent, but it never reached a server
    assert info.value.sent is False
    assert sleep.calls == [0.1, 0.2]


def test_success_body_types(server: CaptureServer) -> None:
    op = _op("GET")
    server.replies.append(Reply(200, json.dumps([1, 2]).encode()))
    server.replies.append(Reply(200, b"plain text"))
    server.replies.append(Reply(200, bytes(range(10))))
    server.replies.append(Reply(204, b""))
    with our_client(server.endpoint, "n") as client:
        assert client.call({**op, "resp_body_type": "array"}, {}).body == [1, 2]
        assert client.call({**op, "resp_body_type": "string"}, {}).body == "plain text"
        assert client.call({**op, "resp_body_type": "binary"}, {}).body == bytes(range(10))
        empty = client.call(op, {})
    assert empty.body is None and empty.status_code == 204
