"""``BaseClient``/``AsyncBaseClient``: build, sign, send, retry, parse, raise typed errors.

Creating a client is cheap: httpx, pydantic and the request/error/streaming code are
imported on the first call, and the httpx client is created then (see ``_http``).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from .credentials import Credential, CredentialsProvider, resolve_provider
from .endpoints import resolve_endpoint
from .errors import SdkError
from .operation import Operation
from .retry import RetryPolicy

if TYPE_CHECKING:
    import httpx

    from .errors import TransportError
    from .request import EncodedRequest, PreparedRequest
    from .streaming import AsyncStreamedResponse, ServerSentEvent, StreamedResponse

RUNTIME_VERSION = "1.0.0"
CORE_VERSION = "0.4.3"
"""The alibabacloud-tea version whose wire behaviour this runtime reproduces (UA ``Core/``)."""


class DecodeError(SdkError):
    """A successful response body does not match the operation's declared body type."""


def default_user_agent(extra: str | None = None, sdk_token: str = "") -> str:
    """Official-format UA, then our runtime token, the generated SDK's token and ``extra``
    (``ALIBABA_CLOUD_USER_AGENT`` when ``extra`` is ``None``, as the official client)."""
    import platform

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
    nonce_factory: Callable[[], str] | None = None
    """Default: ``signing.new_nonce`` (a random UUID)."""
    clock: Callable[[], datetime] | None = None
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] | None = None
    """Default: ``asyncio.sleep``."""

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
        self._user_agent: str | None = None
        self._timeouts = {
            "connect": cfg.connect_timeout,
            "read": cfg.read_timeout,
            "write": cfg.read_timeout,
            "pool": cfg.connect_timeout,
        }

    @property
    def user_agent(self) -> str:
        if self._user_agent is None:
            self._user_agent = default_user_agent(self.config.user_agent, self.sdk_user_agent)
        return self._user_agent

    def _timeout(self) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(**self._timeouts)

    # -- steps -----------------------------------------------------------------------------
    def _begin(self, operation: Operation, args: Mapping[str, Any]) -> tuple[EncodedRequest, bool]:
        from .request import client_token_param, encode, with_client_token

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
        from . import signing
        from .request import prepare

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
            nonce=(self.config.nonce_factory or signing.new_nonce)(),
            date=signing.utc_timestamp(now),
            extra_headers=extra,
            retry_attempt=attempt,
            retry_delay_ms=int(delay * 1000),
        )
        return self._to_httpx(prepared)

    def _to_httpx(self, prepared: PreparedRequest) -> httpx.Request:
        import httpx

        # One parse: the path and query are fully percent-encoded already (only unreserved
        # characters, ``%XX``, ``/``, ``=`` and ``&``), which httpx keeps byte for byte.
        url = httpx.URL(f"{self.protocol}://{prepared.host}{prepared.raw_path()}")
        return httpx.Request(
            prepared.method,
            url,
            headers=list(prepared.headers.items()),
            content=prepared.body,
            extensions={"timeout": self._timeouts},
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
            from .streaming import iter_sse

            body = list(iter_sse([content]))
        else:
            body = content.decode("utf-8", errors="replace")
        headers = _lower_headers(response.headers)
        return ApiResponse(body, response.status_code, headers, _request_id(headers, body))


def _load_json(content: bytes, operation: Operation) -> Any:
    import json

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
    import httpx

    from .errors import ConnectionError, TimeoutError

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
        self._transport = transport
        self._http_client = http_client

    @property
    def _http(self) -> httpx.Client:
        """The httpx client, created on first use."""
        if self._http_client is None:
            import httpx

            self._http_client = httpx.Client(transport=self._transport, timeout=self._timeout())
        return self._http_client

    def close(self) -> None:
        if self._owns_http and self._http_client is not None:
            self._http_client.close()

    def _transmit(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """One HTTP exchange. With the client's own httpx client the request goes straight
        to its transport (per-URL, so proxies from the environment still apply): the
        official SDK has no auth hooks, redirects or cookie jar either, and skipping them
        is most of httpx's per-request cost. A caller's ``http_client`` gets ``send``."""
        client = self._http
        if not self._owns_http:
            return client.send(request, stream=stream)
        response = client._transport_for_url(request.url).handle_request(request)
        if not stream:
            try:
                response.read()
            finally:
                response.close()
        return response

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
        import httpx

        from .errors import ApiError, TransportError, error_from_response

        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = self._transmit(request, stream)
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
        from .streaming import iter_sse

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
        from .streaming import StreamedResponse

        response = self._send(operation, args, headers, stream=True)
        try:
            hdrs = _lower_headers(response.headers)
            yield StreamedResponse(
                response.status_code, hdrs, _request_id(hdrs, None), _sync_chunks(response)
            )
        finally:
            response.close()


def _sync_chunks(response: httpx.Response) -> Iterator[bytes]:
    import httpx

    try:
        yield from response.iter_bytes()
    except httpx.TransportError as exc:
        raise _transport_error(exc) from exc


async def _async_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    import httpx

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
        self._transport = transport
        self._http_client = http_client

    @property
    def _http(self) -> httpx.AsyncClient:
        """The httpx client, created on first use."""
        if self._http_client is None:
            import httpx

            self._http_client = httpx.AsyncClient(
                transport=self._transport, timeout=self._timeout()
            )
        return self._http_client

    async def aclose(self) -> None:
        if self._owns_http and self._http_client is not None:
            await self._http_client.aclose()

    async def _transmit(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """One HTTP exchange (see :meth:`BaseClient._transmit`)."""
        client = self._http
        if not self._owns_http:
            return await client.send(request, stream=stream)
        transport = client._transport_for_url(request.url)
        response = await transport.handle_async_request(request)
        if not stream:
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response

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
        import httpx

        from .errors import ApiError, TransportError, error_from_response

        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = await self._transmit(request, stream)
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
                if self.config.async_sleep is None:
                    import asyncio

                    await asyncio.sleep(delay)
                else:
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
        from .streaming import aiter_sse

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
        from .streaming import AsyncStreamedResponse

        response = await self._send(operation, args, headers, stream=True)
        try:
            hdrs = _lower_headers(response.headers)
            yield AsyncStreamedResponse(
                response.status_code, hdrs, _request_id(hdrs, None), _async_chunks(response)
            )
        finally:
            await response.aclose()
