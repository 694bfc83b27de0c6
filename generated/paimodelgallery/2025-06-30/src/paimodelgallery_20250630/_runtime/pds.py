"""The PDS gateway: how ``alibabacloud_pds20220301`` (5.x) signs through
``alibabacloud-gateway-pds`` 0.1.x (its default ``signature_version`` ``v1``).

Differences from the generic ACS3 path (``request.prepare``):

* headers ``date`` (RFC 1123, GMT), ``host``, ``x-acs-version``, ``x-acs-action``,
  ``user-agent``, ``x-acs-signature-nonce``, ``accept``, then the request's own headers
  (which win), ``content-type`` for a body, ``x-acs-signature-method: HMAC-SHA1`` and
  ``x-acs-signature-version: 1.0``; no ``x-acs-date``/``x-acs-content-sha256``;
* AK/STS: ``authorization: acs <AccessKeyId>:<base64 HMAC-SHA1(secret, string to sign)>``,
  string to sign = ``METHOD\\naccept\\ncontent-md5\\ncontent-type\\ndate\\n`` + the sorted
  ``x-acs-*`` headers as ``name:value\\n`` + the resource (path, then ``?`` and the sorted
  query as ``k=v``/``k`` with *raw* values); STS adds ``x-acs-security-token``;
* bearer credentials: ``x-acs-bearer-token`` and ``authorization: Bearer <token>``;
* ``Anonymous`` operations are not signed;
* the ``domain_id`` host parameter is the first label of the host (``<domain>.api.aliyunpds.com``),
  which ``request.encode`` already applies (``host_prefix``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .credentials import Credential
from .operation import Operation

if TYPE_CHECKING:
    from .request import EncodedRequest

ALGORITHM = "acs"
DEFAULT_ENDPOINT = "api.aliyunpds.com"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(acs_date: str) -> str:
    """``2025-01-02T03:04:05Z`` -> ``Thu, 02 Jan 2025 03:04:05 GMT`` (locale independent)."""
    moment = datetime.strptime(acs_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year} {moment.strftime('%H:%M:%S')} GMT"
    )


def canonical_resource(path: str, query: Mapping[str, str]) -> str:
    resource, separator = path, "?"
    for key in sorted(query):
        resource += f"{separator}{key}"
        if query[key]:
            resource += f"={query[key]}"
        separator = "&"
    return resource


def string_to_sign(
    method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str]
) -> str:
    lower = {k.lower(): str(v) for k, v in headers.items()}
    head = "\n".join(
        lower.get(name, "") for name in ("accept", "content-md5", "content-type", "date")
    )
    acs = "".join(f"{k}:{lower[k].strip()}\n" for k in sorted(lower) if k.startswith("x-acs-"))
    return f"{method.upper()}\n{head}\n{acs}{canonical_resource(path, query)}"


def signature(secret: str, to_sign: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    access_key_id: str,
    access_key_secret: str,
) -> str:
    to_sign = string_to_sign(method, path, query, headers)
    return f"{ALGORITHM} {access_key_id}:{signature(access_key_secret, to_sign)}"


def verify(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    access_key_secret: str,
) -> bool:
    """Recompute the signature of a received request (tests and mock servers)."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    if not auth.startswith(ALGORITHM + " ") or ":" not in auth:
        return False
    sent = auth.rsplit(":", 1)[1]
    expected = signature(access_key_secret, string_to_sign(method, path, query, headers))
    return hmac.compare_digest(expected, sent)


def request_headers(
    operation: Operation,
    encoded: EncodedRequest,
    query: Mapping[str, str],
    *,
    host: str,
    credential: Credential | None,
    user_agent: str,
    nonce: str,
    date: str,
    extra_headers: Mapping[str, str] | None = None,
    retry_attempt: int = 0,
    retry_delay_ms: int = 0,
) -> dict[str, str]:
    """The headers of one signed PDS request (``date`` is the ``x-acs-date`` timestamp)."""
    headers: dict[str, str] = {
        "date": http_date(date),
        "host": host,
        "x-acs-version": operation["version"],
        "x-acs-action": operation["action"],
        "user-agent": user_agent,
        "x-acs-signature-nonce": nonce,
        "accept": "application/json",
    }
    for name, value in (extra_headers or {}).items():
        headers[name.lower()] = value
    headers.update(encoded.headers)
    if retry_attempt > 0:
        headers["x-acs-retry-attempts"] = str(retry_attempt)
        headers["x-acs-retry-delay"] = str(retry_delay_ms)
    if encoded.content_type is not None:
        headers["content-type"] = encoded.content_type
    headers["x-acs-signature-method"] = "HMAC-SHA1"
    headers["x-acs-signature-version"] = "1.0"
    if operation["auth"] == "Anonymous" or credential is None:
        return headers
    if credential.provider_name:
        headers["x-acs-credentials-provider"] = credential.provider_name
    if credential.bearer_token:
        headers["x-acs-bearer-token"] = credential.bearer_token
        headers["authorization"] = f"Bearer {credential.bearer_token}"
        return headers
    if credential.security_token:
        headers["x-acs-security-token"] = credential.security_token
    signed = headers
    if (
        "content-type" not in headers
        and operation["action"] == "DownloadFile"
        and encoded.path == "/v2/file/download"
    ):  # the gateway signs (but does not send) this content type for DownloadFile (whose
        # official req_body_type is formData: its spec consumes a form but has no form field)
        signed = {**headers, "content-type": "application/x-www-form-urlencoded; charset=UTF-8"}
    headers["authorization"] = authorization(
        encoded.method,
        encoded.path,
        query,
        signed,
        credential.access_key_id,
        credential.access_key_secret,
    )
    return headers
