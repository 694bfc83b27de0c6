"""``BaseClient``/``AsyncBaseClient``: build, sign, send, retry, parse, raise typed errors."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import platform
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import httpx

from . import signing
from .credentials import Credential, CredentialsProvider, resolve_provider
from .endpoints import resolve_endpoint
from .errors import (
    ApiError,
    ConnectionError,
    SdkError,
    TimeoutError,
    TransportError,
    error_from_response,
)
from .operation import Operation
from .request import (
    EncodedRequest,
    PreparedRequest,
    client_token_param,
    encode,
    prepare,
    with_client_token,
)
from .retry import RetryPolicy
from .streaming import (
    AsyncStreamedResponse,
    ServerSentEvent,
    StreamedResponse,
    aiter_sse,
    iter_sse,
)

RUNTIME_VERSION = "1.0.0"
CORE_VERSION = "0.4.3"
"""The alibabacloud-tea version whose wire behaviour this runtime reproduces (UA ``Core/``)."""


class DecodeError(SdkError):
    """A successful response body does not match the operation's declared body type."""


def default_user_agent(extra: str | None = None, sdk_token: str = "") -> str:
    """Official-format UA, then our runtime token, the generated SDK's token and ``extra``
    (``ALIBABA_CLOUD_USER_AGENT`` when ``extra`` is ``None``, as the official client)."""
    base = (
        f"AlibabaCloud ({platform.system()}; {platform.machine()}) "
        f"Python/{platform.python_version()} Core/{CORE_VERSION} TeaDSL/2"
    )
    if extra is None:
        extra = os.environ.get("ALIBABA_CLOUD_USER_AGENT")
    parts = [base, f"gen-sdk-runtime/{RUNTIME_VERSION}", sdk_token, extra or ""]
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class ClientConfig:
    region_id: str | None = None
    endpoint: str | None = None
    """Host (optionally ``host:port``) overriding the region-based resolution."""
    protocol: str = "https"
    network: str | None = None
    endpoint_type: str | None = None
    credentials: CredentialsProvider | Credential | None = None
    access_key_id: str | None = None
    access_key_secret: str | None = None
    security_token: str | None = None
    bearer_token: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str | None = None
    headers: Mapping[str, str] | None = None
    """Extra headers sent (and signed) with every call."""
    nonce_factory: Callable[[], str] = signing.new_nonce
    clock: Callable[[], datetime] | None = None
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def __repr__(self) -> str:  # keep secrets out of logs
        return f"ClientConfig(region_id={self.region_id!r}, endpoint={self.endpoint!r})"


@dataclass
class ApiResponse:
    body: Any
    """Parsed per the operation: dict/list (json/array), str (string/none), bytes
    (byte/binary), list of :class:`ServerSentEvent` (sse)."""
    status_code: int
    headers: dict[str, str]
    request_id: str | None


class _Core:
    """State and pure steps shared by the sync and async clients."""

    product_id: ClassVar[str] = ""
    endpoint_rule: ClassVar[str | None] = "regional"
    endpoint_map: ClassVar[Mapping[str, str]] = {}
    sdk_user_agent: ClassVar[str] = ""

    def __init__(self, config: ClientConfig | None = None, **overrides: Any) -> None:
        cfg = dataclasses.replace(config or ClientConfig(), **overrides)
        self.config = cfg
        protocol, endpoint = cfg.protocol, cfg.endpoint
        if endpoint and "://" in endpoint:
            protocol, endpoint = endpoint.split("://", 1)
        self.protocol = protocol.lower()
        self.endpoint = resolve_endpoint(
            self.product_id,
            cfg.region_id,
            endpoint=endpoint.rstrip("/") if endpoint else None,
            endpoint_rule=self.endpoint_rule,
            endpoint_map=self.endpoint_map,
            network=cfg.network,
            endpoint_type=cfg.endpoint_type,
        )
        self.credentials_provider = resolve_provider(
            credentials=cfg.credentials,
            access_key_id=cfg.access_key_id,
            access_key_secret=cfg.access_key_secret,
            security_token=cfg.security_token,
            bearer_token=cfg.bearer_token,
        )
        self.user_agent = default_user_agent(cfg.user_agent, self.sdk_user_agent)
        self._timeout = httpx.Timeout(
            connect=cfg.connect_timeout,
            read=cfg.read_timeout,
            write=cfg.read_timeout,
            pool=cfg.connect_timeout,
        )

    # -- steps -----------------------------------------------------------------------------
    def _begin(self, operation: Operation, args: Mapping[str, Any]) -> tuple[EncodedRequest, bool]:
        # The token is generated once here, so every retry of this call reuses it, which
        # makes retrying after the server may have seen the request safe.
        encoded = encode(operation, with_client_token(operation, args))
        idempotent = operation.get("idempotent", encoded.method in ("GET", "HEAD", "OPTIONS"))
        return encoded, idempotent or client_token_param(operation) is not None

    def _prepare(
        self,
        operation: Operation,
        encoded: EncodedRequest,
        attempt: int,
        delay: float,
        headers: Mapping[str, str] | None,
    ) -> httpx.Request:
        credential = None
        if operation["auth"] != "Anonymous":
            credential = self.credentials_provider.get_credential()
        extra = dict(self.config.headers or {})
        extra.update(headers or {})
        now = self.config.clock() if self.config.clock else None
        prepared = prepare(
            operation,
            encoded,
            endpoint=self.endpoint,
            credential=credential,
            user_agent=self.user_agent,
            nonce=self.config.nonce_factory(),
            date=signing.utc_timestamp(now),
            extra_headers=extra,
            retry_attempt=attempt,
            retry_delay_ms=int(delay * 1000),
        )
        return self._to_httpx(prepared)

    def _to_httpx(self, prepared: PreparedRequest) -> httpx.Request:
        url = httpx.URL(f"{self.protocol}://{prepared.host}").copy_with(
            raw_path=prepared.raw_path().encode("ascii")
        )
        return httpx.Request(
            prepared.method,
            url,
            headers=list(prepared.headers.items()),
            content=prepared.body,
            extensions={"timeout": self._timeout.as_dict()},
        )

    def _retry_delay(
        self, error: BaseException, attempt: int, idempotent: bool, started: float
    ) -> float | None:
        return self.config.retry.delay_before_retry(
            error, attempt, idempotent, time.monotonic() - started
        )

    @staticmethod
    def _parse(operation: Operation, response: httpx.Response) -> ApiResponse:
        body_type = operation["resp_body_type"]
        content = response.content
        body: Any
        if body_type in ("json", "array"):
            body = _load_json(content, operation)
        elif body_type in ("byte", "binary"):
            body = content
        elif body_type == "sse":
            body = list(iter_sse([content]))
        else:
            body = content.decode("utf-8", errors="replace")
        headers = _lower_headers(response.headers)
        return ApiResponse(body, response.status_code, headers, _request_id(headers, body))


def _load_json(content: bytes, operation: Operation) -> Any:
    if not content.strip():
        return None  # tolerated (the official SDK fails on an empty 2xx JSON body)
    try:
        return json.loads(content)
    except ValueError as exc:
        raise DecodeError(f"{operation['action']}: response is not JSON: {exc}") from exc


def _lower_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _request_id(headers: Mapping[str, str], body: Any) -> str | None:
    if isinstance(body, dict):
        value = body.get("RequestId") or body.get("requestId")
        if value:
            return str(value)
    return headers.get("x-acs-request-id")


def _is_error(status: int) -> bool:
    return 400 <= status < 600  # the official client treats >= 600 as success as well


def _transport_error(exc: httpx.TransportError) -> TransportError:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return TimeoutError(text, sent=False)
    if isinstance(exc, httpx.TimeoutException):
        return TimeoutError(text, sent=True)
    if isinstance(exc, httpx.ConnectError):
        return ConnectionError(text, sent=False)
    return ConnectionError(text, sent=True)


class BaseClient(_Core):
    """Synchronous client over ``httpx.Client``; generated clients subclass it."""

    def __init__(
        self,
        config: ClientConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        **overrides: Any,
    ) -> None:
        super().__init__(config, **overrides)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport, timeout=self._timeout)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> BaseClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        headers: Mapping[str, str] | None,
        stream: bool,
    ) -> httpx.Response:
        """Send with retries; returns a response with a non-error status (maybe unread)."""
        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = self._http.send(request, stream=stream)
                except httpx.TransportError as exc:
                    raise _transport_error(exc) from exc
                if _is_error(response.status_code):
                    try:
                        body = response.read()
                    finally:
                        response.close()
                    raise error_from_response(response.status_code, response.headers, body)
                return response
            except (ApiError, TransportError) as error:
                attempt += 1
                next_delay = self._retry_delay(error, attempt, idempotent, started)
                if next_delay is None:
                    raise
                delay = next_delay
                self.config.sleep(delay)

    def call(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        response = self._send(operation, args, headers, stream=False)
        return self._parse(operation, response)

    def call_sse(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[ServerSentEvent]:
        """Iterate the events of an SSE operation (retries apply until the stream opens)."""
        response = self._send(operation, args, headers, stream=True)
        try:
            yield from iter_sse(_sync_chunks(response))
        finally:
            response.close()

    @contextmanager
    def stream(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[StreamedResponse]:
        """Binary download without buffering: ``with client.stream(op, args) as r: ...``."""
        response = self._send(operation, args, headers, stream=True)
        try:
            hdrs = _lower_headers(response.headers)
            yield StreamedResponse(
                response.status_code, hdrs, _request_id(hdrs, None), _sync_chunks(response)
            )
        finally:
            response.close()


def _sync_chunks(response: httpx.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_bytes()
    except httpx.TransportError as exc:
        raise _transport_error(exc) from exc


async def _async_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except httpx.TransportError as exc:
        raise _transport_error(exc) from exc


class AsyncBaseClient(_Core):
    """Asynchronous client over ``httpx.AsyncClient``; same behaviour as :class:`BaseClient`."""

    def __init__(
        self,
        config: ClientConfig | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        **overrides: Any,
    ) -> None:
        super().__init__(config, **overrides)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=transport, timeout=self._timeout)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncBaseClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _send(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        headers: Mapping[str, str] | None,
        stream: bool,
    ) -> httpx.Response:
        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = await self._http.send(request, stream=stream)
                except httpx.TransportError as exc:
                    raise _transport_error(exc) from exc
                if _is_error(response.status_code):
                    try:
                        body = await response.aread()
                    finally:
                        await response.aclose()
                    raise error_from_response(response.status_code, response.headers, body)
                return response
            except (ApiError, TransportError) as error:
                attempt += 1
                next_delay = self._retry_delay(error, attempt, idempotent, started)
                if next_delay is None:
                    raise
                delay = next_delay
                await self.config.async_sleep(delay)

    async def call(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        response = await self._send(operation, args, headers, stream=False)
        return self._parse(operation, response)

    async def call_sse(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[ServerSentEvent]:
        response = await self._send(operation, args, headers, stream=True)
        try:
            async for event in aiter_sse(_async_chunks(response)):
                yield event
        finally:
            await response.aclose()

    @asynccontextmanager
    async def stream(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[AsyncStreamedResponse]:
        response = await self._send(operation, args, headers, stream=True)
        try:
            hdrs = _lower_headers(response.headers)
            yield AsyncStreamedResponse(
                response.status_code, hdrs, _request_id(hdrs, None), _async_chunks(response)
            )
        finally:
            await response.aclose()
