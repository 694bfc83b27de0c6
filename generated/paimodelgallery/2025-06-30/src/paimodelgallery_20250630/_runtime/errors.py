"""Typed errors: API errors parsed from RPC/ROA error bodies, and transport errors.

What becomes an :class:`ApiError` (all built by :func:`error_from_response`):

* a 400-599 status: ``ClientError`` (4xx) / ``ServerError`` (5xx), refined by the error
  code (``ThrottlingError``, ``AuthError``, ``NotFoundError``);
* any 3xx status: :class:`RedirectError`. The runtime never follows redirects (a signed
  request is only valid for the host it was signed for), so a redirect from a proxy or a
  wrong endpoint/protocol is reported instead of passing as an empty success. Not retried.
* a 2xx JSON body that is an Alibaba Cloud *error envelope* (see ``client.py``): classified
  by its code alone, since the status says nothing: ``Throttling*`` and the other
  throttling codes (or an ``x-acs-retry-after`` header) -> :class:`ThrottlingError`
  (retried like any throttling), signature/AccessKey/permission codes -> :class:`AuthError`,
  ``*NotFound`` -> :class:`NotFoundError`, any other code -> a plain :class:`ApiError`
  (neither a client nor a server error; not retried). ``http_status`` keeps the real 2xx
  status, ``code``/``message``/``request_id``/``data`` come from the envelope.

Also here: :class:`ResponseTooLargeError` (a body beyond ``ClientConfig.max_response_bytes``)
and :class:`InsecureTransportWarning` (plain ``http://`` or ``verify=False``).
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .credentials import CredentialsError

if TYPE_CHECKING:
    from .request import ParameterError

__all__ = [
    "ApiError",
    "AuthError",
    "ClientError",
    "ConnectionError",
    "CredentialsError",
    "InsecureTransportWarning",
    "NotFoundError",
    "ParameterError",
    "RedirectError",
    "ResponseTooLargeError",
    "SdkError",
    "ServerError",
    "ThrottlingError",
    "TimeoutError",
    "TransportError",
    "error_from_response",
    "parse_retry_after",
]


class SdkError(Exception):
    """Root of every error the runtime raises on its own (API and transport)."""


class ApiError(SdkError):
    """The service answered with an error: a 400-599 status, an unfollowed redirect (3xx,
    :class:`RedirectError`) or a 2xx error envelope (see the module docstring)."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        request_id: str | None = None,
        http_status: int = 0,
        host_id: str | None = None,
        recommend: str | None = None,
        data: Mapping[str, Any] | None = None,
        access_denied_detail: Any = None,
        retry_after: float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id
        self.http_status = http_status
        self.host_id = host_id
        self.recommend = recommend
        self.data: dict[str, Any] = dict(data or {})
        self.access_denied_detail = access_denied_detail
        self.retry_after = retry_after
        """Seconds the server asked us to wait (``x-acs-retry-after`` ms / ``Retry-After``)."""
        self.headers: dict[str, str] = dict(headers or {})

    def __str__(self) -> str:
        return f"{self.http_status} {self.code}: {self.message} (request id: {self.request_id})"


class ClientError(ApiError):
    """4xx: the request was wrong; retrying the same request will not help."""


class ServerError(ApiError):
    """5xx: the service failed."""


class ThrottlingError(ClientError):
    """Flow control (429, ``Throttling*`` codes, or an ``x-acs-retry-after`` header)."""


class AuthError(ClientError):
    """Authentication/authorisation failure (401, 403, signature and AccessKey codes)."""


class NotFoundError(ClientError):
    """404 or a ``*.NotFound`` error code."""


class RedirectError(ApiError):
    """A 3xx response: the runtime never follows redirects, so the call failed.

    ``location`` is the raw ``Location`` header (``None`` when absent); the message shows it
    without user information and with the query string elided (it may echo the request's
    parameters). Not retried."""

    def __init__(self, message: str, *, location: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.location = location

    def __str__(self) -> str:
        return f"{self.message} (request id: {self.request_id})"


class ResponseTooLargeError(SdkError):
    """A buffered response body (success or error) exceeded ``ClientConfig.max_response_bytes``.

    Raised as soon as the declared ``Content-Length`` or the bytes read so far (after
    content decoding) pass the limit; the rest of the body is not read and the connection is
    closed. Not retried. Streamed bodies (``call_sse``, ``stream()``) are not limited."""

    def __init__(
        self,
        message: str,
        *,
        limit: int,
        http_status: int,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.http_status = http_status
        self.request_id = request_id


class InsecureTransportWarning(UserWarning):
    """Requests are exposed on the network: a plain ``http://`` endpoint that is not a
    loopback host (signed requests and STS tokens in clear text; once per process and host),
    or a client with ``verify=False`` (no certificate check; once per client)."""


class TransportError(SdkError):
    """The HTTP exchange failed below the API level."""


class ConnectionError(TransportError, builtins.ConnectionError):
    """Could not connect or the connection broke; ``sent`` tells whether the request may
    have reached the server (False for connect failures: retrying is always safe)."""

    def __init__(self, message: str, *, sent: bool = False) -> None:
        super().__init__(message)
        self.sent = sent

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class TimeoutError(TransportError, builtins.TimeoutError):
    """Connect/read/write timeout, or the retry policy's total time budget ran out."""

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


_THROTTLING_CODES = {"RequestLimitExceeded", "TooManyRequests", "QPSLimitExceeded"}
_AUTH_PREFIXES = (
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidSecurityToken",
    "SignatureNonceUsed",
    "InvalidTimeStamp",
    "Forbidden",
    "NoPermission",
    "InvalidCredentials",
    "Unauthorized",
)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait: ``x-acs-retry-after`` (milliseconds, as the official SDK reads it)
    or the standard ``Retry-After`` (seconds or an HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    acs = lowered.get("x-acs-retry-after", "")
    if _positive_int(acs):
        return int(acs.strip()) / 1000.0
    std = lowered.get("retry-after", "").strip()
    if not std:
        return None
    try:
        return max(0.0, float(std))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(std)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _parse_error_body(body: bytes, content_type: str) -> dict[str, Any]:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return {}
    if "xml" in content_type.lower() or text.startswith("<"):
        import xml.etree.ElementTree as ET

        try:
            root = ET.fromstring(text)
        except ET.ParseError:
            return {"Message": text[:500]}
        found = root.find("Error")
        node = root if root.tag == "Error" or found is None else found
        return {child.tag: (child.text or "") for child in node}
    try:
        parsed = json.loads(text)
    except ValueError:
        return {"Message": text[:500]}  # e.g. an HTML 502 page from a proxy
    return parsed if isinstance(parsed, dict) else {"data": parsed}


def _first(data: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return value
    return None


def error_from_response(status: int, headers: Mapping[str, str], body: bytes) -> ApiError:
    """Build the typed error for an HTTP error response (RPC and ROA body shapes), a 3xx
    (:class:`RedirectError`) or a 2xx error envelope (classified by its code)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    data = _parse_error_body(body, lowered.get("content-type", ""))
    code = _first(data, "Code", "code", "ErrorCode", "errorCode")
    code = str(code) if code is not None else None
    message = _first(data, "Message", "message", "ErrorMessage", "errorMessage", "msg")
    request_id = _first(data, "RequestId", "requestId", "request_id") or lowered.get(
        "x-acs-request-id"
    )
    retry_after = parse_retry_after(lowered)
    kwargs: dict[str, Any] = {
        "code": code,
        "request_id": str(request_id) if request_id is not None else None,
        "http_status": status,
        "host_id": _first(data, "HostId", "hostId"),
        "recommend": _first(data, "Recommend", "recommend"),
        "data": data,
        "access_denied_detail": _first(data, "AccessDeniedDetail", "accessDeniedDetail"),
        "retry_after": retry_after,
        "headers": lowered,
    }
    if 300 <= status < 400:
        location = lowered.get("location")
        return RedirectError(_redirect_message(status, location), location=location, **kwargs)
    text = str(message) if message is not None else f"HTTP {status}"
    acs_throttled = _positive_int(lowered.get("x-acs-retry-after", ""))
    return _error_class(status, code, acs_throttled)(text, **kwargs)


def _redirect_message(status: int, location: str | None) -> str:
    advice = (
        "not followed: the SDK never follows redirects (check the endpoint and protocol, "
        "or a proxy in between)"
    )
    if not location:
        return f"HTTP {status} redirect without a Location header {advice}"
    return f"HTTP {status} redirect to {_safe_url(location)} {advice}"


def _safe_url(url: str) -> str:
    """``url`` for a message: no user information, the query string elided, bounded."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "<unparsable Location>"
    netloc = parts.netloc.rpartition("@")[2]
    shown = f"{parts.scheme}://{netloc}{parts.path}" if parts.scheme or netloc else parts.path
    if parts.query:
        shown += "?..."
    shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
    return shown if len(shown) <= 300 else shown[:300] + "..."


def _positive_int(value: str) -> bool:
    try:
        return int(value.strip()) > 0
    except ValueError:
        return False


def _error_class(status: int, code: str | None, acs_retry_after: bool) -> type[ApiError]:
    code = code or ""
    if status == 429 or code.startswith("Throttling") or code in _THROTTLING_CODES:
        return ThrottlingError
    if acs_retry_after:  # the official SDK raises ThrottlingException on this header alone
        return ThrottlingError
    if status in (401, 403) or code.startswith(_AUTH_PREFIXES):
        return AuthError
    if status == 404 or code.endswith("NotFound"):
        return NotFoundError if status < 500 else ServerError
    if status < 400:  # a 2xx error envelope: the code says nothing about the side at fault
        return ApiError
    if 400 <= status < 500:
        return ClientError
    return ServerError


def __getattr__(name: str) -> Any:
    if name == "ParameterError":  # defined with the request code, loaded on first use
        from .request import ParameterError

        return ParameterError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
