"""``BaseClient``/``AsyncBaseClient``: build, sign, send, retry, parse, raise typed errors.

Creating a client is cheap: httpx, pydantic and the request/error/streaming code are
imported on the first call, and the httpx client is created then (see ``_http``).

Safety limits against broken or hostile servers and insecure setups:

* a 3xx is a :class:`~.errors.RedirectError` (redirects are never followed);
* a 2xx JSON body that is an error envelope (only ``Code``/``Message``/``RequestId``/
  ``HostId``/``Recommend``/``AccessDeniedDetail``, in either case, with a non-empty code and
  a message) is an :class:`~.errors.ApiError`, unless the operation declares a ``Code`` in
  its success body (``Operation["body_declares_code"]``);
* buffered bodies are limited to ``ClientConfig.max_response_bytes``
  (:class:`~.errors.ResponseTooLargeError`); streams are the caller's to consume and are not;
* plain ``http://`` to a non-loopback host and ``verify=False`` warn
  (:class:`~.errors.InsecureTransportWarning`).
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
    import ssl

    import httpx

    from .errors import TransportError
    from .request import EncodedRequest, PreparedRequest
    from .streaming import AsyncStreamedResponse, ServerSentEvent, StreamedResponse

RUNTIME_VERSION = "1.0.0"
CORE_VERSION = "0.4.3"
"""The alibabacloud-tea version whose wire behaviour this runtime reproduces (UA ``Core/``)."""


DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""Default ``ClientConfig.max_response_bytes``: 64 MiB."""


class DecodeError(SdkError):
    """A successful response body does not match the operation's declared body type, or a
    body cannot be decoded (a broken ``Content-Encoding``)."""


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
    verify: bool | str | os.PathLike[str] = True
    """TLS certificate verification of the httpx client the runtime creates. ``True``: the
    default trust store, as httpx has it (certifi's bundle, or ``SSL_CERT_FILE`` /
    ``SSL_CERT_DIR``); a path: a CA bundle (PEM file) or a directory of hashed
    certificates, checked when the client is created (``ValueError`` if it is missing or
    unusable).

    ``False`` turns verification off. DANGEROUS: anyone on the network path can then
    impersonate the endpoint and read or alter every request, STS tokens and bearer tokens
    included; the client warns (``InsecureTransportWarning``) on its first request. Use a CA
    bundle path for private CAs instead.

    Cannot apply to a caller's ``http_client=`` or ``transport=`` (configure TLS there): a
    value other than ``True`` together with either is a ``ValueError``."""
    max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
    """Largest buffered response body (success or error), in bytes after content decoding;
    beyond it the call fails with ``ResponseTooLargeError`` without reading the rest.
    ``None`` or ``0``: no limit. Streams (``call_sse``, ``stream()``) are not limited: the
    caller consumes them incrementally."""

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
        self._max_body = _body_limit(cfg.max_response_bytes)
        self._verify = _verify_option(cfg.verify)
        self._warned_unverified = False

    def _check_injection(self, injected: bool) -> None:
        """``verify`` configures the httpx client the runtime creates; it cannot reach a
        caller's transport or client."""
        if injected and self.config.verify is not True:
            raise ValueError(
                "verify= cannot apply to a caller's http_client= or transport=: configure "
                "TLS verification on them instead (httpx.Client(verify=...), "
                "httpx.HTTPTransport(verify=...))"
            )

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
        request = self._to_httpx(prepared)
        if self.protocol == "http" and credential is not None:
            _warn_cleartext(request.url.host)
        if self.config.verify is False and not self._warned_unverified:
            self._warned_unverified = True
            _warn_insecure(
                "TLS certificate verification is disabled (verify=False): anyone on the "
                f"network path to {request.url.host} can impersonate it and read or alter "
                "this client's requests, signed headers and tokens included",
            )
        return request

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
    def _check(operation: Operation, response: httpx.Response, content: bytes) -> None:
        """Raise the typed error for a buffered response that is not a success: 3xx-5xx, or
        a 2xx error envelope."""
        from .errors import error_from_response

        status = response.status_code
        if _is_error(status) or _is_error_envelope(operation, response.headers, content):
            raise error_from_response(status, response.headers, content)

    @staticmethod
    def _parse(operation: Operation, response: httpx.Response, content: bytes) -> ApiResponse:
        body_type = operation["resp_body_type"]
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
    """3xx (redirects are never followed: :class:`~.errors.RedirectError`) and 4xx/5xx; the
    official client treats >= 600 as success as well."""
    return 300 <= status < 600


_ENVELOPE_KEYS = frozenset(
    {
        "Code",
        "Message",
        "RequestId",
        "HostId",
        "Recommend",
        "AccessDeniedDetail",
        "code",
        "message",
        "requestId",
        "hostId",
        "recommend",
        "accessDeniedDetail",
    }
)
_ENVELOPE_MAX_BYTES = 64 * 1024
"""An error envelope is small; larger bodies are not parsed twice to look for one."""


def _is_error_envelope(operation: Operation, headers: httpx.Headers, content: bytes) -> bool:
    """A 2xx body that is an Alibaba Cloud error envelope: a JSON object whose keys are all
    envelope keys, with a non-empty ``Code``/``code`` and a ``Message``/``message``.

    Checked for ``json``/``array`` operations, and for ``string``/``none``/``sse`` bodies
    sent as JSON (``Content-Type``); never for ``byte``/``binary`` bodies, nor when the
    operation's success body declares a code (``body_declares_code``)."""
    if operation.get("body_declares_code"):
        return False
    body_type = operation["resp_body_type"]
    if body_type in ("byte", "binary"):
        return False
    content_type = headers.get("content-type", "").lower()
    if body_type not in ("json", "array") and "json" not in content_type:
        return False
    text = content.strip()
    if not text.startswith(b"{") or len(text) > _ENVELOPE_MAX_BYTES:
        return False
    if b"ode" not in text or b"essage" not in text:  # no Code/code or Message/message key
        return False
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or not data.keys() <= _ENVELOPE_KEYS:
        return False
    codes = [data.get("Code"), data.get("code")]
    has_code = any(
        isinstance(c, str | int) and not isinstance(c, bool) and str(c).strip() for c in codes
    )
    has_message = isinstance(data.get("Message", data.get("message")), str)
    return has_code and has_message


def _body_limit(value: int | None) -> int | None:
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"max_response_bytes must be a positive number of bytes, or None/0 for no "
            f"limit; got {value!r}"
        )
    return value


def _verify_option(verify: bool | str | os.PathLike[str]) -> bool | ssl.SSLContext:
    """``ClientConfig.verify`` as httpx takes it; a CA bundle path is loaded now, so that a
    missing or broken bundle fails at construction with a clear ``ValueError``."""
    if verify is True or verify is False:
        return verify
    if not isinstance(verify, str | os.PathLike):
        raise ValueError(
            f"verify must be True, False or the path of a CA bundle; got {type(verify).__name__}"
        )
    path = os.fspath(verify)
    if not path or not os.path.exists(path):
        raise ValueError(
            f"verify={path!r}: no such CA bundle (give a PEM file, a directory of hashed "
            "certificates, or True for the default trust store)"
        )
    import ssl

    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise ValueError(f"verify={path!r}: not a usable CA bundle (PEM): {exc}") from exc


_CLEARTEXT_SEEN: set[str] = set()
"""Hosts already checked (and warned about unless loopback): once per process and host."""


def _warn_cleartext(host: str) -> None:
    """Warn once per process and host about a credentialed request over plain ``http://``;
    loopback hosts (``localhost``, ``127.0.0.0/8``, ``::1``: tests, local proxies) do not
    warn."""
    if host in _CLEARTEXT_SEEN:
        return
    _CLEARTEXT_SEEN.add(host)
    if _is_loopback(host):
        return
    _warn_insecure(
        f"Request to {host} over plain http://: it is signed in clear text (signature, "
        "AccessKey ID, STS token and parameters can be read or replayed by anyone on the "
        "network path); use protocol='https'",
    )


def _warn_insecure(message: str) -> None:
    import warnings

    from .errors import InsecureTransportWarning

    warnings.warn(message, InsecureTransportWarning, stacklevel=4)


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _too_large(response: httpx.Response, limit: int, seen: str) -> SdkError:
    from .errors import ResponseTooLargeError

    status = response.status_code
    return ResponseTooLargeError(
        f"HTTP {status} response body exceeds max_response_bytes={limit} ({seen}); the rest "
        "was not read (raise the limit, or set it to None for no limit)",
        limit=limit,
        http_status=status,
        request_id=response.headers.get("x-acs-request-id"),
    )


def _declared_length(response: httpx.Response, limit: int | None) -> None:
    """Fail before reading when the declared ``Content-Length`` is beyond the limit."""
    if limit is None:
        return
    try:
        declared = int(response.headers.get("content-length", ""))
    except ValueError:
        return
    if declared > limit:
        raise _too_large(response, limit, f"Content-Length: {declared}")


def _read_failure(exc: Exception, response: httpx.Response) -> SdkError:
    import httpx

    if isinstance(exc, httpx.TransportError):
        return _transport_error(exc)
    encoding = response.headers.get("content-encoding", "")
    return DecodeError(f"HTTP {response.status_code} body ({encoding}) cannot be decoded: {exc}")


def _read_limited(response: httpx.Response, limit: int | None) -> bytes:
    """The whole (decoded) body, failing as soon as it passes ``limit`` bytes."""
    import httpx

    _declared_length(response, limit)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise _too_large(response, limit, f"{size} bytes read")
            chunks.append(chunk)
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise _read_failure(exc, response) from exc
    return b"".join(chunks)


async def _aread_limited(response: httpx.Response, limit: int | None) -> bytes:
    """:func:`_read_limited` for an async response."""
    import httpx

    _declared_length(response, limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise _too_large(response, limit, f"{size} bytes read")
            chunks.append(chunk)
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise _read_failure(exc, response) from exc
    return b"".join(chunks)


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
        self._check_injection(transport is not None or http_client is not None)
        self._owns_http = http_client is None
        self._transport = transport
        self._http_client = http_client

    @property
    def _http(self) -> httpx.Client:
        """The httpx client, created on first use."""
        if self._http_client is None:
            import httpx

            self._http_client = httpx.Client(
                transport=self._transport, timeout=self._timeout(), verify=self._verify
            )
        return self._http_client

    def close(self) -> None:
        if self._owns_http and self._http_client is not None:
            self._http_client.close()

    def _transmit(self, request: httpx.Request) -> httpx.Response:
        """One HTTP exchange, the body left unread (the caller reads it within the size
        limit, or streams it). With the client's own httpx client the request goes straight
        to its transport (per-URL, so proxies from the environment still apply): the
        official SDK has no auth hooks, redirects or cookie jar either, and skipping them
        is most of httpx's per-request cost. A caller's ``http_client`` gets ``send``,
        without following redirects whatever the client's default."""
        client = self._http
        if not self._owns_http:
            return client.send(request, stream=True, follow_redirects=False)
        return client._transport_for_url(request.url).handle_request(request)

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
    ) -> tuple[httpx.Response, bytes]:
        """Send with retries. Returns a successful response with its body (read within
        ``max_response_bytes`` and checked for an error envelope), or, with ``stream``, an
        unread successful response and ``b""``; anything else raises its typed error
        (3xx-5xx bodies are read within the limit too)."""
        import httpx

        from .errors import ApiError, TransportError

        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = self._transmit(request)
                except httpx.TransportError as exc:
                    raise _transport_error(exc) from exc
                if stream and not _is_error(response.status_code):
                    return response, b""
                try:
                    body = _read_limited(response, self._max_body)
                finally:
                    response.close()
                self._check(operation, response, body)
                return response, body
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
        response, body = self._send(operation, args, headers, stream=False)
        return self._parse(operation, response, body)

    def call_sse(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[ServerSentEvent]:
        """Iterate the events of an SSE operation (retries apply until the stream opens).
        The stream is consumed as it is iterated and is not limited by
        ``max_response_bytes``."""
        from .streaming import iter_sse

        response, _ = self._send(operation, args, headers, stream=True)
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
        """Binary download without buffering: ``with client.stream(op, args) as r: ...``.
        Not limited by ``max_response_bytes`` (``StreamedResponse.read()`` buffers it all:
        prefer ``iter_bytes()`` for large or untrusted bodies)."""
        from .streaming import StreamedResponse

        response, _ = self._send(operation, args, headers, stream=True)
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
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise _read_failure(exc, response) from exc


async def _async_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    import httpx

    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise _read_failure(exc, response) from exc


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
        self._check_injection(transport is not None or http_client is not None)
        self._owns_http = http_client is None
        self._transport = transport
        self._http_client = http_client

    @property
    def _http(self) -> httpx.AsyncClient:
        """The httpx client, created on first use."""
        if self._http_client is None:
            import httpx

            self._http_client = httpx.AsyncClient(
                transport=self._transport, timeout=self._timeout(), verify=self._verify
            )
        return self._http_client

    async def aclose(self) -> None:
        if self._owns_http and self._http_client is not None:
            await self._http_client.aclose()

    async def _transmit(self, request: httpx.Request) -> httpx.Response:
        """One HTTP exchange, the body left unread (see :meth:`BaseClient._transmit`)."""
        client = self._http
        if not self._owns_http:
            return await client.send(request, stream=True, follow_redirects=False)
        transport = client._transport_for_url(request.url)
        return await transport.handle_async_request(request)

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
    ) -> tuple[httpx.Response, bytes]:
        """See :meth:`BaseClient._send`."""
        import httpx

        from .errors import ApiError, TransportError

        encoded, idempotent = self._begin(operation, args)
        started = time.monotonic()
        attempt, delay = 0, 0.0
        while True:
            request = self._prepare(operation, encoded, attempt, delay, headers)
            try:
                try:
                    response = await self._transmit(request)
                except httpx.TransportError as exc:
                    raise _transport_error(exc) from exc
                if stream and not _is_error(response.status_code):
                    return response, b""
                try:
                    body = await _aread_limited(response, self._max_body)
                finally:
                    await response.aclose()
                self._check(operation, response, body)
                return response, body
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
        response, body = await self._send(operation, args, headers, stream=False)
        return self._parse(operation, response, body)

    async def call_sse(
        self,
        operation: Operation,
        args: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[ServerSentEvent]:
        """See :meth:`BaseClient.call_sse` (not limited by ``max_response_bytes``)."""
        from .streaming import aiter_sse

        response, _ = await self._send(operation, args, headers, stream=True)
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
        """See :meth:`BaseClient.stream` (not limited by ``max_response_bytes``)."""
        from .streaming import AsyncStreamedResponse

        response, _ = await self._send(operation, args, headers, stream=True)
        try:
            hdrs = _lower_headers(response.headers)
            yield AsyncStreamedResponse(
                response.status_code, hdrs, _request_id(hdrs, None), _async_chunks(response)
            )
        finally:
            await response.aclose()
