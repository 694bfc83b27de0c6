"""Hardening against hostile or broken servers and insecure setups, against real loopback
servers: unfollowed redirects, 2xx error envelopes, response size limits, clear-text and
unverified TLS warnings, ``verify=`` and secrets kept out of messages."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import time
import tracemalloc
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _runtime import (
    ApiError,
    AsyncBaseClient,
    AuthError,
    BaseClient,
    ClientConfig,
    ClientError,
    ConnectionError,
    DecodeError,
    InsecureTransportWarning,
    NotFoundError,
    RedirectError,
    ResponseTooLargeError,
    RetryPolicy,
    SdkError,
    ServerError,
    StaticCredentialsProvider,
    ThrottlingError,
)
from _runtime.operation import Operation
from support.capture import AK_ID, AK_SECRET, CaptureServer, Reply
from support.official import our_client

STATIC = Path(__file__).resolve().parents[2] / "templates" / "python" / "static"
MiB = 1024 * 1024
STS_TOKEN = "sts-token-SECRET-value"
SECRETS = (AK_SECRET, STS_TOKEN, "bearer-SECRET")


def _op(method: str = "GET", body_type: str = "json", **extra: Any) -> Operation:
    op: dict[str, Any] = {
        "product": "Ecs",
        "version": "2014-05-26",
        "action": "DoThing",
        "style": "RPC",
        "method": method,
        "path": "/",
        "auth": "AK",
        "req_body_type": "formData",
        "resp_body_type": body_type,
        "params": [{"name": "Password", "location": "query"}],
    }
    op.update(extra)
    return op  # type: ignore[return-value]


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def _retrying(server: CaptureServer, sleep: FakeSleep, **overrides: Any) -> BaseClient:
    retry = RetryPolicy(max_attempts=3, base_delay=0.01, rng=lambda: 1.0)
    return our_client(server.endpoint, "n", retry=retry, sleep=sleep, **overrides)


def _async(endpoint: str, **overrides: Any) -> AsyncBaseClient:
    kwargs: dict[str, Any] = {
        "endpoint": endpoint,
        "protocol": "http",
        "access_key_id": AK_ID,
        "access_key_secret": AK_SECRET,
        "retry": RetryPolicy.disabled(),
    }
    kwargs.update(overrides)
    return AsyncBaseClient(**kwargs)


def _endless(chunk: bytes = b"x" * 65536) -> Iterator[bytes]:
    while True:
        yield chunk


def _insecure(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, InsecureTransportWarning)]


def _no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# -- 1. redirects --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_is_an_error_not_an_empty_success(server: CaptureServer, status: int) -> None:
    location = "https://evil.example.test:8443/steal?Password=hunter2&x=1#frag"
    server.replies.append(Reply(status, b"", {"Location": location, "x-acs-request-id": "R3"}))
    sleep = FakeSleep()
    with _retrying(server, sleep) as client, pytest.raises(RedirectError) as info:
        client.call(_op("GET", idempotent=True), {"Password": "hunter2"})
    err = info.value
    assert isinstance(err, ApiError) and not isinstance(err, ClientError | ServerError)
    assert err.http_status == status and err.location == location and err.request_id == "R3"
    text = str(err)
    assert f"HTTP {status}" in text and "https://evil.example.test:8443/steal?..." in text
    assert "not followed" in text and "None" not in text.split("(request id")[0]
    assert "hunter2" not in text and "frag" not in text  # the query may echo parameters
    assert len(server.requests) == 1 and sleep.calls == []  # never retried, even for a read


def test_redirect_message_hides_user_info_and_handles_a_missing_location(
    server: CaptureServer,
) -> None:
    server.replies.append(Reply(302, b"", {"Location": "http://user:pa55@proxy.test/login"}))
    server.replies.append(Reply(304, b"", {}))
    with our_client(server.endpoint, "n") as client:
        with pytest.raises(RedirectError) as first:
            client.call(_op(), {})
        with pytest.raises(RedirectError) as second:
            client.call(_op(), {})
    assert "http://proxy.test/login" in str(first.value) and "pa55" not in str(first.value)
    assert first.value.location == "http://user:pa55@proxy.test/login"
    assert second.value.location is None and "without a Location header" in str(second.value)


def test_redirect_body_fields_are_kept(server: CaptureServer) -> None:
    payload = {"Code": "Moved", "Message": "go away", "RequestId": "R9"}
    server.reply_json(302, payload, Location="/other")
    with our_client(server.endpoint, "n") as client, pytest.raises(RedirectError) as info:
        client.call(_op(), {})
    assert info.value.code == "Moved" and info.value.request_id == "R9"
    assert info.value.data == payload and "redirect to /other" in info.value.message


def test_redirects_fail_the_same_way_on_every_call_path(server: CaptureServer) -> None:
    redirect = Reply(307, b"", {"Location": "https://elsewhere.test/"})
    sse_op = _op(body_type="sse")
    bin_op = _op(body_type="binary")
    with our_client(server.endpoint, "n") as client:
        server.replies.append(redirect)
        with pytest.raises(RedirectError):
            list(client.call_sse(sse_op, {}))
        server.replies.append(redirect)
        with pytest.raises(RedirectError), client.stream(bin_op, {}):
            pass

    async def run() -> None:
        async with _async(server.endpoint) as client:
            server.replies.append(redirect)
            with pytest.raises(RedirectError):
                await client.call(_op(), {})
            server.replies.append(redirect)
            with pytest.raises(RedirectError):
                _ = [event async for event in client.call_sse(sse_op, {})]
            server.replies.append(redirect)
            with pytest.raises(RedirectError):
                async with client.stream(bin_op, {}):
                    pass

    asyncio.run(run())
    assert len(server.requests) == 5


def test_a_callers_redirect_following_client_does_not_follow(server: CaptureServer) -> None:
    """A signed request must not be replayed elsewhere, whatever the caller's httpx client
    is configured to do."""
    server.replies.append(Reply(302, b"", {"Location": f"http://{server.endpoint}/next"}))
    with httpx.Client(follow_redirects=True) as http:
        client = our_client(server.endpoint, "n", http_client=http)
        with pytest.raises(RedirectError):
            client.call(_op(), {})
    assert len(server.requests) == 1


# -- 2. 2xx error envelopes ----------------------------------------------------------------


def test_200_error_envelope_is_an_api_error(server: CaptureServer) -> None:
    envelope = {
        "RequestId": "R-200",
        "HostId": "ecs.aliyuncs.com",
        "Code": "InvalidParameter",
        "Message": "The specified parameter is not valid.",
        "Recommend": "https://api.aliyun.com/troubleshoot",
    }
    server.reply_json(200, envelope)
    sleep = FakeSleep()
    with _retrying(server, sleep) as client, pytest.raises(ApiError) as info:
        client.call(_op("GET", idempotent=True), {})
    err = info.value
    assert type(err) is ApiError  # neither a client nor a server error: not retried
    assert err.http_status == 200 and err.code == "InvalidParameter"
    assert err.message == envelope["Message"] and err.request_id == "R-200"
    assert err.host_id == "ecs.aliyuncs.com" and err.data == envelope
    assert len(server.requests) == 1 and sleep.calls == []


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"code": "Forbidden.RAM", "message": "denied", "requestId": "r"}, AuthError),
        ({"Code": "InvalidInstanceId.NotFound", "Message": "gone"}, NotFoundError),
        (
            {"Code": "SignatureDoesNotMatch", "Message": "bad", "AccessDeniedDetail": {"A": 1}},
            AuthError,
        ),
        ({"code": 500, "message": "numeric code"}, ApiError),
    ],
)
def test_envelope_codes_are_classified_like_error_statuses(
    server: CaptureServer, payload: dict[str, Any], cls: type[ApiError]
) -> None:
    server.reply_json(200, payload)
    with our_client(server.endpoint, "n") as client, pytest.raises(ApiError) as info:
        client.call(_op(), {})
    assert type(info.value) is cls and info.value.http_status == 200
    assert info.value.code == str(payload.get("Code", payload.get("code")))


def test_throttling_envelope_is_retried_by_the_throttling_policy(server: CaptureServer) -> None:
    server.reply_json(200, {"Code": "Throttling.User", "Message": "slow down", "RequestId": "t"})
    server.reply_json(200, {"RequestId": "ok", "Value": 1})
    sleep = FakeSleep()
    with _retrying(server, sleep) as client:  # a non-idempotent POST: throttling is retried
        response = client.call(_op("POST"), {})
    assert response.body == {"RequestId": "ok", "Value": 1} and len(sleep.calls) == 1
    server.requests.clear()
    for _ in range(3):
        server.reply_json(200, {"Code": "Throttling", "Message": "still"})
    with _retrying(server, sleep) as client, pytest.raises(ThrottlingError):
        client.call(_op("POST"), {})
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "payload",
    [
        {"Code": "OK", "Message": "OK", "RequestId": "r", "BizId": "b"},  # a data key
        {"Code": "", "Message": "empty code", "RequestId": "r"},
        {"Code": "X", "RequestId": "r"},  # no message
        {"Message": "no code", "RequestId": "r"},
        {"RequestId": "r"},
        {"Code": True, "Message": "a bool is not a code"},
    ],
)
def test_bodies_that_are_not_envelopes_succeed(
    server: CaptureServer, payload: dict[str, Any]
) -> None:
    server.reply_json(200, payload)
    with our_client(server.endpoint, "n") as client:
        assert client.call(_op(), {}).body == payload


def test_envelope_check_respects_the_operation_and_body_type(server: CaptureServer) -> None:
    envelope = {"Code": "OK", "Message": "success", "RequestId": "r"}
    raw = json.dumps(envelope).encode()
    with our_client(server.endpoint, "n") as client:
        # The operation declares Code in its success body: a legitimate answer.
        server.reply_json(200, envelope)
        assert client.call(_op(body_declares_code=True), {}).body == envelope
        # Binary bodies are never inspected; text ones only when sent as JSON.
        server.replies.append(Reply(200, raw, {"Content-Type": "application/json"}))
        assert client.call(_op(body_type="binary"), {}).body == raw
        server.replies.append(Reply(200, raw, {"Content-Type": "text/plain"}))
        assert client.call(_op(body_type="string"), {}).body == raw.decode()
        server.replies.append(Reply(200, raw, {"Content-Type": "application/json"}))
        with pytest.raises(ApiError):
            client.call(_op(body_type="string"), {})
        server.replies.append(Reply(200, raw, {"Content-Type": "text/plain"}))
        with pytest.raises(ApiError):  # json/array operations: whatever the content type
            client.call(_op(body_type="array"), {})


def test_async_envelope(server: CaptureServer) -> None:
    async def run() -> None:
        async with _async(server.endpoint) as client:
            await client.call(_op(), {})

    server.reply_json(200, {"code": "InvalidParameter", "message": "bad", "requestId": "a"})
    with pytest.raises(ApiError) as info:
        asyncio.run(run())
    assert info.value.code == "InvalidParameter" and info.value.request_id == "a"


# -- 3. response size limits ---------------------------------------------------------------


def test_endless_body_fails_fast_without_exhausting_memory(server: CaptureServer) -> None:
    with our_client(server.endpoint, "n", max_response_bytes=MiB) as client:
        client.call(_op(), {})  # warm up: imports and the httpx client are not measured
        server.replies.append(
            Reply(200, b"", {"Content-Type": "application/json"}, chunks=_endless())
        )
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(ResponseTooLargeError) as info:
                client.call(_op(), {})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 4 * MiB, peak  # the 1 MiB buffer and read chunks, not the endless body
    err = info.value
    assert isinstance(err, SdkError) and not isinstance(err, ApiError)
    assert err.limit == MiB and err.http_status == 200
    assert "max_response_bytes=1048576" in str(err)
    assert server.aborted.wait(5)  # the connection was dropped: the server stopped sending
    assert server.sent < MiB + 64 * MiB  # what socket buffers took, not "forever"


def test_huge_content_length_fails_before_reading(server: CaptureServer) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(10**12)}
    server.replies.append(Reply(200, b"", headers, chunks=_endless(), framed=False))
    with our_client(server.endpoint, "n") as client, pytest.raises(ResponseTooLargeError) as info:
        client.call(_op(), {})  # the default limit
    assert info.value.limit == 64 * MiB == ClientConfig().max_response_bytes
    assert f"Content-Length: {10**12}" in str(info.value)
    assert server.aborted.wait(5)


def test_default_limit_stops_an_endless_chunked_body(server: CaptureServer) -> None:
    server.replies.append(Reply(200, b"", {}, chunks=_endless(b"y" * 1024 * 1024)))
    with our_client(server.endpoint, "n") as client, pytest.raises(ResponseTooLargeError):
        client.call(_op(body_type="binary"), {})
    assert server.aborted.wait(5)


def test_error_bodies_are_limited_and_not_retried(server: CaptureServer) -> None:
    server.replies.append(Reply(503, b"", {"x-acs-request-id": "R5"}, chunks=_endless()))
    sleep = FakeSleep()
    with (
        _retrying(server, sleep, max_response_bytes=MiB) as client,
        pytest.raises(ResponseTooLargeError) as info,
    ):
        client.call(_op("GET", idempotent=True), {})
    assert info.value.http_status == 503 and info.value.request_id == "R5"
    assert len(server.requests) == 1 and sleep.calls == []


def test_limit_boundary_and_no_limit(server: CaptureServer) -> None:
    body = b"z" * 1000
    for limit, ok in ((1000, True), (999, False), (None, True), (0, True)):
        server.replies.append(Reply(200, body))
        with our_client(server.endpoint, "n", max_response_bytes=limit) as client:
            if ok:
                assert client.call(_op(body_type="binary"), {}).body == body
            else:
                with pytest.raises(ResponseTooLargeError):
                    client.call(_op(body_type="binary"), {})
    big = b"b" * (3 * MiB)
    server.replies.append(Reply(200, b"", {}, chunks=[big[: 2 * MiB], big[2 * MiB :]]))
    with our_client(server.endpoint, "n", max_response_bytes=None) as client:
        assert client.call(_op(body_type="binary"), {}).body == big


def test_limit_counts_decoded_bytes_of_a_compression_bomb(server: CaptureServer) -> None:
    bomb = gzip.compress(b"\0" * (16 * MiB))
    assert len(bomb) < 100_000
    server.replies.append(Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with (
        our_client(server.endpoint, "n", max_response_bytes=MiB) as client,
        pytest.raises(ResponseTooLargeError),
    ):
        client.call(_op(body_type="binary"), {})
    server.replies.append(Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"}))
    with our_client(server.endpoint, "n") as client, pytest.raises(DecodeError) as info:
        client.call(_op(body_type="binary"), {})
    assert "gzip" in str(info.value)


def test_streams_are_not_limited(server: CaptureServer) -> None:
    blob = os.urandom(3 * MiB)
    parts = [blob[i : i + MiB] for i in range(0, len(blob), MiB)]
    events = [b"data: " + b"e" * 200_000 + b"\n\n" for _ in range(10)]
    with our_client(server.endpoint, "n", max_response_bytes=MiB) as client:
        server.replies.append(Reply(200, b"", {}, chunks=parts))
        with client.stream(_op(body_type="binary"), {}) as response:
            assert b"".join(response.iter_bytes()) == blob
        server.replies.append(Reply(200, b"", {"Content-Type": "text/event-stream"}, chunks=events))
        assert len(list(client.call_sse(_op(body_type="sse"), {}))) == 10


def test_limits_apply_to_async_and_to_a_callers_http_client(server: CaptureServer) -> None:
    async def run() -> None:
        async with _async(server.endpoint, max_response_bytes=MiB) as client:
            await client.call(_op(), {})

    server.replies.append(Reply(200, b"", {}, chunks=_endless()))
    with pytest.raises(ResponseTooLargeError):
        asyncio.run(run())
    assert server.aborted.wait(5)
    server.aborted.clear()
    server.replies.append(Reply(200, b"", {}, chunks=_endless()))
    with httpx.Client() as http:
        client = our_client(server.endpoint, "n", http_client=http, max_response_bytes=MiB)
        with pytest.raises(ResponseTooLargeError):
            client.call(_op(), {})
    assert server.aborted.wait(5)


@pytest.mark.parametrize("bad", [-1, True, "1024", 1.5])
def test_invalid_limits_are_rejected_at_construction(bad: Any) -> None:
    with pytest.raises(ValueError, match="max_response_bytes"):
        BaseClient(endpoint="ecs.example.test", max_response_bytes=bad)


# -- 4. plain http ------------------------------------------------------------------------


def _via_proxy(monkeypatch: pytest.MonkeyPatch, server: CaptureServer) -> None:
    """Route every request through the capture server acting as an HTTP proxy, so that a
    client can talk to a non-loopback host name (over plain http, as a proxy sees it)."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://{server.endpoint}")


def test_plain_http_to_a_remote_host_warns_once_per_host(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _via_proxy(monkeypatch, server)
    host = f"ecs-{uuid.uuid4().hex[:8]}.example.test"
    other = f"vpc-{uuid.uuid4().hex[:8]}.example.test"
    creds = StaticCredentialsProvider(AK_ID, AK_SECRET, security_token=STS_TOKEN)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with our_client(host, "n", credentials=creds) as client:
            client.call(_op(), {})
            client.call(_op(), {})
        with our_client(host, "n", credentials=creds) as client:  # per process, not client
            client.call(_op(), {})
        with our_client(f"{other}:8080", "n", credentials=creds) as client:
            client.call(_op(), {})
    messages = _insecure(caught)
    assert len(messages) == 2, messages
    assert host in messages[0] and "signed in clear text" in messages[0]
    assert other in messages[1]
    for message in messages:
        _no_secrets(message)
    assert server.take().raw_path == f"http://{host}/"  # it went through the proxy
    assert len(server.requests) == 3


@pytest.mark.parametrize("endpoint", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_loopback_hosts_do_not_warn(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    if "::1" in endpoint:  # the server listens on IPv4: reach [::1] through it as a proxy
        _via_proxy(monkeypatch, server)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with our_client(endpoint.format(port=server.port), "n") as client:
            client.call(_op(), {})
    assert _insecure(caught) == [] and len(server.requests) == 1


def test_anonymous_calls_carry_no_credentials_and_do_not_warn(
    server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _via_proxy(monkeypatch, server)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with our_client(f"anon-{uuid.uuid4().hex[:8]}.example.test", "n") as client:
            client.call(_op(auth="Anonymous"), {})
    assert _insecure(caught) == [] and len(server.requests) == 1


# -- 5. verify= ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost/127.0.0.1 (its own CA) and its key."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gen-sdk test CA")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(tls_files: tuple[Path, Path]) -> Iterator[CaptureServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_files)
    srv = CaptureServer(ssl_context=context)
    try:
        yield srv
    finally:
        srv.close()


def _tls_client(server: CaptureServer, **overrides: Any) -> BaseClient:
    return our_client(server.endpoint, "n", protocol="https", **overrides)


def test_default_verification_rejects_an_unknown_certificate(tls_server: CaptureServer) -> None:
    with _tls_client(tls_server) as client, pytest.raises(ConnectionError) as info:
        client.call(_op(), {})
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) and info.value.sent is False
    assert tls_server.requests == []


def test_a_ca_bundle_path_is_trusted(
    tls_server: CaptureServer, tls_files: tuple[Path, Path]
) -> None:
    cert_file = tls_files[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for verify in (str(cert_file), cert_file):  # str or os.PathLike
            with _tls_client(tls_server, verify=verify) as client:
                assert client.call(_op(), {}).body == {"RequestId": "req-ok"}
    assert _insecure(caught) == []

    async def run() -> Any:
        async with _async(tls_server.endpoint, protocol="https", verify=cert_file) as client:
            return (await client.call(_op(), {})).body

    assert asyncio.run(run()) == {"RequestId": "req-ok"}
    assert len(tls_server.requests) == 3


def test_verify_false_works_and_warns_once_per_client(tls_server: CaptureServer) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with _tls_client(tls_server, verify=False) as client:
            client.call(_op(), {})
            client.call(_op(), {})
        assert len(_insecure(caught)) == 1
        with _tls_client(tls_server, verify=False) as client:
            client.call(_op(), {})
    messages = _insecure(caught)
    assert len(messages) == 2 and "verify=False" in messages[0]
    assert "127.0.0.1" in messages[0]
    for message in messages:
        _no_secrets(message)
    assert len(tls_server.requests) == 3


def test_missing_or_broken_ca_bundle_fails_at_construction(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "ca.pem"
    with pytest.raises(ValueError, match="no such CA bundle") as info:
        BaseClient(endpoint="ecs.example.test", verify=missing)
    assert str(missing) in str(info.value)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("this is not a certificate\n")
    with pytest.raises(ValueError, match="not a usable CA bundle"):
        AsyncBaseClient(endpoint="ecs.example.test", verify=str(garbage))
    with pytest.raises(ValueError, match="verify must be"):
        BaseClient(endpoint="ecs.example.test", verify=1234)


def test_verify_cannot_apply_to_a_callers_transport_or_client(
    tls_files: tuple[Path, Path],
) -> None:
    cert = str(tls_files[0])
    with pytest.raises(ValueError, match="http_client= or transport="):
        BaseClient(endpoint="e.test", verify=False, transport=httpx.HTTPTransport())
    with httpx.Client() as http, pytest.raises(ValueError, match="http_client= or transport="):
        BaseClient(ClientConfig(verify=cert), endpoint="e.test", http_client=http)
    with pytest.raises(ValueError, match="http_client= or transport="):
        AsyncBaseClient(endpoint="e.test", verify=cert, transport=httpx.AsyncHTTPTransport())
    # The default is compatible with injection.
    BaseClient(endpoint="e.test", transport=httpx.HTTPTransport()).close()


def test_generated_client_base_passes_the_new_options_through(
    tmp_path: Path, tls_server: CaptureServer, tls_files: tuple[Path, Path]
) -> None:
    """``_base.py.jinja``: ``verify=`` and ``max_response_bytes=`` reach the runtime."""
    jinja2 = pytest.importorskip("jinja2")
    import shutil

    template = STATIC.parent / "package" / "_base.py.jinja"
    package = tmp_path / "hostile_pkg"
    shutil.copytree(STATIC / "_runtime", package / "_runtime")
    (package / "__init__.py").write_text("")
    (package / "_base.py").write_text(jinja2.Template(template.read_text()).render())
    code = f"""if True:
        import sys, warnings
        sys.path.insert(0, {str(tmp_path)!r})
        from hostile_pkg._base import ClientBase, AsyncClientBase
        from hostile_pkg._runtime import ResponseTooLargeError
        kw = dict(endpoint={tls_server.endpoint!r}, protocol="https", access_key_id="a",
                  access_key_secret="b", retry=0)
        c = ClientBase(verify={str(tls_files[0])!r}, max_response_bytes=5, **kw)
        assert c.config.max_response_bytes == 5
        try:
            c.call({{"product": "Ecs", "version": "v", "action": "A", "style": "RPC",
                     "method": "GET", "path": "/", "auth": "AK", "req_body_type": "formData",
                     "resp_body_type": "json", "params": []}}, {{}})
        except ResponseTooLargeError:
            print("limited")
        assert ClientBase(**kw).config.verify is True
        assert ClientBase(max_response_bytes=0, **kw)._max_body is None
        assert AsyncClientBase(verify=False, **kw).config.verify is False
    """
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "limited"


# -- 6. secrets and laziness ---------------------------------------------------------------


def test_config_repr_and_new_messages_keep_secrets_out(
    server: CaptureServer, tmp_path: Path
) -> None:
    config = ClientConfig(
        endpoint="ecs.example.test",
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        security_token=STS_TOKEN,
        bearer_token="bearer-SECRET",
        verify=False,
        max_response_bytes=10,
        headers={"x-acs-custom": "bearer-SECRET"},
    )
    for text in (repr(config), str(config)):
        _no_secrets(text)
        assert AK_ID not in text
    creds = StaticCredentialsProvider(AK_ID, AK_SECRET, security_token=STS_TOKEN)
    server.replies.append(Reply(302, b"", {"Location": f"https://x.test/?t={STS_TOKEN}"}))
    server.replies.append(Reply(200, b"0123456789ABCDEF", {"x-acs-request-id": "R"}))
    with our_client(server.endpoint, "n", credentials=creds, max_response_bytes=10) as client:
        with pytest.raises(RedirectError) as redirect:
            client.call(_op(), {})
        with pytest.raises(ResponseTooLargeError) as too_large:
            client.call(_op(), {})
    for err in (redirect.value, too_large.value):
        _no_secrets(str(err))
        _no_secrets(repr(err))


def test_creating_a_client_stays_lazy(tmp_path: Path) -> None:
    """No httpx, ssl or json-parsing of bodies at import/construction; ssl only for a CA
    bundle path, which is loaded at construction."""
    code = f"""if True:
        import sys
        sys.path.insert(0, {str(STATIC)!r})
        from _runtime import BaseClient, ClientConfig
        c = BaseClient(ClientConfig(), endpoint="ecs.example.test", access_key_id="a",
                       access_key_secret="b", verify=False, max_response_bytes=1)
        print(sorted(m for m in ("httpx", "ssl", "pydantic") if m in sys.modules))
    """
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
