"""Operation description + argument values -> signed HTTP request (RPC and ROA, ACS3).

Encoding follows alibabacloud-tea-openapi 0.4.x ``do_request`` and the official generated
clients: see the runtime README for the rules and ``tests/runtime`` for the captures that
pin them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from pydantic import BaseModel

from . import pds, signing
from .credentials import Credential
from .operation import Operation, Param

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
BINARY_CONTENT_TYPE = "application/octet-stream"
_JOINERS = {"simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


class ParameterError(ValueError):
    """An argument cannot be encoded (missing path parameter, unreadable stream...)."""


def to_plain(value: Any) -> Any:
    """Models -> dicts of wire names (unset fields dropped, like the official ``to_map``);
    dicts keep their ``None`` values (free-form maps are sent as given); tuples -> lists."""
    if isinstance(value, BaseModel):
        # JSON mode turns datetimes/enums/bytes into their wire form; nested models are
        # dumped the same way, so only plain containers remain.
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def scalar_str(value: Any) -> str:
    # Python ``str`` semantics on purpose: the official SDK sends ``True``/``False``,
    # ``0.1``, ``1e+20`` in query strings and form bodies.
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8")
    return str(value)


def flatten(value: Any, prefix: str = "", out: dict[str, str] | None = None) -> dict[str, str]:
    """The official flattener: ``A.1.B`` keys, 1-based lists whose ``None`` holes keep their
    index, empty lists/dicts produce nothing, ``None`` is dropped, streams are dropped."""
    result: dict[str, str] = {} if out is None else out
    if value is None:
        return result
    if isinstance(value, BaseModel):
        value = to_plain(value)
    if isinstance(value, Mapping):
        for key, item in value.items():
            flatten(item, f"{prefix}.{key}" if prefix else str(key), result)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value, start=1):
            flatten(item, f"{prefix}.{index}", result)
    elif not _is_stream(value):
        result[prefix] = scalar_str(value)
    return result


def json_dumps(value: Any) -> str:
    """Compact JSON with raw non-ASCII, as the official ``to_json_string``; ``str`` verbatim."""
    if isinstance(value, str):
        return value
    plain = to_plain(value)
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def shrink(value: Any, style: str | None) -> Any:
    """Apply a parameter ``style`` to a query/formData value (official "shrink")."""
    if isinstance(value, str | bytes) or style is None:
        return value
    if style == "json" and isinstance(value, Mapping | list | tuple | BaseModel):
        return json_dumps(value)
    joiner = _JOINERS.get(style)
    if joiner is not None and isinstance(value, list | tuple):
        return joiner.join(scalar_str(v) for v in value)
    return value  # flat / repeatList: flattened later


def _is_stream(value: Any) -> bool:
    return hasattr(value, "read") and callable(value.read)


def read_stream(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    if _is_stream(value):
        data = value.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        try:
            return b"".join(bytes(chunk) for chunk in value)
        except TypeError as exc:
            raise ParameterError(f"binary body chunks must be bytes: {exc}") from exc
    raise ParameterError(f"cannot send a {type(value).__name__} as a binary body")


def client_token_param(operation: Operation) -> str | None:
    """Wire name of the operation's idempotency token parameter, if any."""
    explicit = operation.get("client_token")
    if explicit:
        return explicit
    for param in operation["params"]:
        if param["name"] in ("ClientToken", "client_token"):
            return param["name"]
    return None


def with_client_token(operation: Operation, args: Mapping[str, Any]) -> dict[str, Any]:
    """Generate the ``ClientToken`` once per logical call so every retry reuses it."""
    result = dict(args)
    name = client_token_param(operation)
    if name is not None and result.get(name) is None:
        result[name] = str(uuid.uuid4())
    return result


@dataclass
class EncodedRequest:
    """The attempt-independent part of a request (built once per logical call)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes | None
    content_type: str | None
    host_prefix: str = ""


@dataclass
class PreparedRequest:
    """A fully signed request; ``headers`` are exactly what is signed and sent."""

    method: str
    host: str
    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def raw_path(self) -> str:
        """Path plus the wire query (insertion order, ``urlencode`` like the official SDK)."""
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


def encode(operation: Operation, args: Mapping[str, Any]) -> EncodedRequest:
    is_rpc = operation["style"] == "RPC"
    path = "/" if is_rpc else operation["path"]
    whole_path = operation.get("path_param")
    if whole_path is not None:
        path = _whole_path(operation, args.get(whole_path))
    query: dict[str, Any] = {}
    headers: dict[str, str] = {}
    body: dict[str, Any] = {}
    body_override: Any = None
    has_body = False
    stream: Any = None
    host_prefix = ""
    seen: set[str] = set()
    for param in operation["params"]:
        name, location = param["name"], param["location"]
        if name in seen:  # metadata occasionally repeats a parameter (ECS RunInstances)
            continue
        seen.add(name)
        value = args.get(name)
        kind = param.get("kind", "field")
        if location in ("body", "formData") and kind in ("field", "object", "array"):
            # Official generated code always passes the (possibly empty) body dict for
            # APIs that have body/formData parameters: ``{}``/``[]`` or an empty form.
            has_body = True
            if kind == "array" and body_override is None:
                body_override = []
        if value is None:
            if location == "path":
                raise ParameterError(f"{operation['action']}: path parameter {name} is required")
            continue
        if location == "path":
            if name != whole_path:
                path = path.replace("{" + name + "}", _encode_path_value(value))
        elif location == "query":
            query[name] = shrink(value, param.get("style"))
        elif location == "header":
            headers[name.lower()] = _header_value(value)
        elif location == "host":
            # Gateway products (SLS project, OSS bucket) address a resource as a host label.
            host_prefix = f"{scalar_str(value)}."
        else:
            _place_body_value(param, value, body, location)
            if kind == "binary":
                stream = value
            elif kind in ("array", "raw"):
                body_override = to_plain(value)
    flat_query = flatten(query)
    payload, content_type = _encode_body(operation, stream, body_override, body, has_body)
    return EncodedRequest(
        method=operation["method"].upper(),
        path=path,
        query=flat_query,
        headers=headers,
        body=payload,
        content_type=content_type,
        host_prefix=host_prefix,
    )


def _place_body_value(param: Param, value: Any, body: dict[str, Any], location: str) -> None:
    kind = param.get("kind", "field")
    if kind == "object":
        plain = to_plain(value)
        if not isinstance(plain, Mapping):
            raise ParameterError(f"body parameter {param['name']} must be an object")
        body.update({k: v for k, v in plain.items() if v is not None})
    elif kind == "field":
        body[param["name"]] = shrink(value, param.get("style")) if location == "formData" else value


def _encode_body(
    operation: Operation, stream: Any, override: Any, body: dict[str, Any], has_body: bool
) -> tuple[bytes | None, str | None]:
    req_type = operation["req_body_type"]
    if stream is not None:
        return read_stream(stream), BINARY_CONTENT_TYPE
    content: Any = override if override is not None else (body if has_body else None)
    if content is None:
        return None, None
    if req_type == "binary":
        return read_stream(content), BINARY_CONTENT_TYPE
    if req_type == "byte":
        return read_stream(content), None
    if req_type == "json":
        return json_dumps(content).encode("utf-8"), JSON_CONTENT_TYPE
    flat = flatten(content)
    return urlencode({k: flat[k] for k in sorted(flat)}).encode("utf-8"), FORM_CONTENT_TYPE


def _whole_path(operation: Operation, value: Any) -> str:
    """The value of ``path_param``, which is the whole request path: sent as given (as the
    official SDKs do), except that characters a URL cannot hold are percent-encoded, so that
    the path signed is the path sent."""
    if value is None:
        name = operation.get("path_param")
        raise ParameterError(f"{operation['action']}: path parameter {name} is required")
    text = scalar_str(value)
    if not text.startswith("/"):
        text = "/" + text
    return quote(text, safe="/:@!$&'()*+,;=-._~%")


def _encode_path_value(value: Any) -> str:
    # Path values are encoded once, ``/`` included; the result is also the canonical URI.
    return signing.percent_encode(scalar_str(value))


def _header_value(value: Any) -> str:
    if isinstance(value, Mapping | list | tuple | BaseModel):
        return json_dumps(value)
    return scalar_str(value)


def prepare(
    operation: Operation,
    encoded: EncodedRequest,
    *,
    endpoint: str,
    credential: Credential | None,
    user_agent: str,
    nonce: str,
    date: str,
    extra_headers: Mapping[str, str] | None = None,
    retry_attempt: int = 0,
    retry_delay_ms: int = 0,
) -> PreparedRequest:
    """Assemble and sign one attempt. Header order mirrors the official client."""
    is_rpc = operation["style"] == "RPC"
    query = dict(encoded.query)
    host = encoded.host_prefix + endpoint
    if operation["style"] == "PDS":  # the PDS gateway's own signature (``pds.py``)
        pds_headers = pds.request_headers(
            operation,
            encoded,
            query,
            host=host,
            credential=credential,
            user_agent=user_agent,
            nonce=nonce,
            date=date,
            extra_headers=extra_headers,
            retry_attempt=retry_attempt,
            retry_delay_ms=retry_delay_ms,
        )
        return PreparedRequest(encoded.method, host, encoded.path, query, pds_headers, encoded.body)
    headers: dict[str, str] = {
        "host": host,
        "x-acs-version": operation["version"],
        "x-acs-action": operation["action"],
        "user-agent": user_agent,
        "x-acs-date": date,
        "x-acs-signature-nonce": nonce,
        "accept": "application/json",
    }
    for name, value in (extra_headers or {}).items():
        headers[name.lower()] = value
    headers.update(encoded.headers)
    if retry_attempt > 0:  # signed, so they must be set before signing
        headers["x-acs-retry-attempts"] = str(retry_attempt)
        headers["x-acs-retry-delay"] = str(retry_delay_ms)
    if encoded.content_type is not None:
        headers["content-type"] = encoded.content_type
    body = encoded.body
    headers["x-acs-content-sha256"] = signing.sha256_hex(body or b"")
    if operation["auth"] == "Anonymous":
        if is_rpc:
            query["Format"] = "json"
    else:
        if credential is None:
            raise ParameterError(f"{operation['action']} needs credentials")
        if credential.provider_name:
            headers["x-acs-credentials-provider"] = credential.provider_name
        if credential.bearer_token:
            headers["x-acs-bearer-token"] = credential.bearer_token
            if is_rpc:
                query["SignatureType"] = "BEARERTOKEN"
            else:
                headers["x-acs-signature-type"] = "BEARERTOKEN"
        else:
            if credential.security_token:
                headers["x-acs-accesskey-id"] = credential.access_key_id
                headers["x-acs-security-token"] = credential.security_token
            headers["authorization"] = signing.authorization(
                encoded.method,
                encoded.path,
                query,
                headers,
                credential.access_key_id,
                credential.access_key_secret,
            )
    return PreparedRequest(encoded.method, host, encoded.path, query, headers, body)
