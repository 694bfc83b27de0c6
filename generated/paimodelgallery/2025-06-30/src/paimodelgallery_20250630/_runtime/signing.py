"""ACS3-HMAC-SHA256 request signing, byte-compatible with alibabacloud-tea-openapi 0.4.x."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote

ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def percent_encode(value: str) -> str:
    """RFC 3986: keep only ``A-Z a-z 0-9 - _ . ~``; UTF-8 ``%XX`` for everything else."""
    return quote(value, safe="~", encoding="utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_nonce() -> str:
    # The official nonce is an MD5 of time/thread/sequence/random; any unique value works.
    return uuid.uuid4().hex


def utc_timestamp(now: datetime | None = None) -> str:
    """``x-acs-date`` format: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, no fraction."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# Test hooks: generated clients take ``nonce_factory``/``clock`` callables defaulting to these.
NonceFactory = Callable[[], str]
Clock = Callable[[], datetime]


def canonical_query(query: Mapping[str, str | None]) -> str:
    # Keys are sorted and NOT encoded (the official Python SDK's behaviour; identical for
    # every ordinary key); values are RFC 3986 encoded from their decoded form.
    keys = sorted(k for k, v in query.items() if v is not None)
    return "&".join(f"{k}={percent_encode(str(query[k]))}" for k in keys)


def canonical_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """Every header present at signing time is signed: returns (block, signed-names)."""
    merged: dict[str, list[str]] = {}
    for name, value in headers.items():
        merged.setdefault(name.lower(), []).append(str(value).strip())
    names = sorted(merged)
    block = "".join(f"{n}:{','.join(sorted(merged[n]))}\n" for n in names)
    return block, ";".join(names)


def canonical_request(
    method: str,
    path: str,
    query: Mapping[str, str | None],
    headers: Mapping[str, str],
    payload_hash: str,
) -> tuple[str, str]:
    """Returns ``(canonical_request, signed_headers)``. ``path`` is the encoded wire path."""
    block, signed = canonical_headers(headers)
    parts = [method.upper(), path or "/", canonical_query(query), block, signed, payload_hash]
    return "\n".join(parts), signed


def string_to_sign(canonical: str) -> str:
    return f"{ALGORITHM}\n{sha256_hex(canonical.encode('utf-8'))}"


def signature(secret: str, to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(
    method: str,
    path: str,
    query: Mapping[str, str | None],
    headers: Mapping[str, str],
    access_key_id: str,
    access_key_secret: str,
) -> str:
    """The ``Authorization`` value; ``headers`` must already hold ``x-acs-content-sha256``."""
    payload_hash = headers.get("x-acs-content-sha256", EMPTY_SHA256)
    canonical, signed = canonical_request(method, path, query, headers, payload_hash)
    sig = signature(access_key_secret, string_to_sign(canonical))
    return f"{ALGORITHM} Credential={access_key_id},SignedHeaders={signed},Signature={sig}"


def verify(
    method: str,
    path: str,
    query: Mapping[str, str | None],
    headers: Mapping[str, str],
    access_key_secret: str,
) -> bool:
    """Recompute the signature of a received request (used by tests and mock servers)."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    if not auth.startswith(ALGORITHM + " "):
        return False
    fields = dict(p.split("=", 1) for p in auth[len(ALGORITHM) + 1 :].split(","))
    wanted = set(fields.get("SignedHeaders", "").split(";"))
    signed = {k: v for k, v in headers.items() if k.lower() in wanted}
    payload_hash = next((v for k, v in headers.items() if k.lower() == "x-acs-content-sha256"), "")
    canonical, _ = canonical_request(method, path, query, signed, payload_hash)
    expected = signature(access_key_secret, string_to_sign(canonical))
    return hmac.compare_digest(expected, fields.get("Signature", ""))
