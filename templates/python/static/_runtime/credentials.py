"""Credentials: static AK/STS, bearer token, anonymous, and the default chain.

The default chain mirrors alibabacloud-credentials 1.0.x ``DefaultCredentialsProvider``
for the providers that need no network: environment variables -> Aliyun CLI profile
(``~/.aliyun/config.json``) -> credentials INI file. OIDC, ECS instance metadata and
credentials-URI providers (which fetch tokens over the network) are not implemented;
pass your own :class:`CredentialsProvider` for those.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # the file providers import what they need when they are used
    from pathlib import Path


class CredentialsError(Exception):
    """No usable credentials could be found or loaded."""


@dataclass(frozen=True)
class Credential:
    access_key_id: str = ""
    access_key_secret: str = ""
    security_token: str | None = None
    bearer_token: str | None = None
    provider_name: str | None = None
    """Sent as ``x-acs-credentials-provider`` (signed), as the official SDK does."""

    def __repr__(self) -> str:  # never leak secrets into logs or tracebacks
        return f"Credential(access_key_id={self.access_key_id!r}, provider={self.provider_name!r})"


@runtime_checkable
class CredentialsProvider(Protocol):
    def get_credential(self) -> Credential: ...


class StaticCredentialsProvider:
    """Fixed AK (``static_ak``), STS (``static_sts``) or bearer-token credentials."""

    def __init__(
        self,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        *,
        bearer_token: str | None = None,
    ) -> None:
        if access_key_id and access_key_secret:
            name = "static_sts" if security_token else "static_ak"
            self._credential = Credential(
                access_key_id, access_key_secret, security_token or None, None, name
            )
        elif bearer_token:
            # The official bearer credential reports no provider name.
            self._credential = Credential(bearer_token=bearer_token)
        else:
            raise CredentialsError("access_key_id and access_key_secret (or bearer_token) needed")

    def get_credential(self) -> Credential:
        return self._credential


class EnvironmentCredentialsProvider:
    """``ALIBABA_CLOUD_ACCESS_KEY_ID``/``_SECRET`` (+ ``ALIBABA_CLOUD_SECURITY_TOKEN``).

    Read at call time (the official package reads them once at import)."""

    name = "env"

    def get_credential(self) -> Credential:
        key_id = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
        secret = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
        if not key_id or not secret:
            raise CredentialsError("ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET are not set")
        token = os.environ.get("ALIBABA_CLOUD_SECURITY_TOKEN") or None
        return Credential(key_id, secret, token, None, self.name)


def _home() -> Path:
    from pathlib import Path

    return Path(os.environ.get("HOME") or os.environ.get("HOMEPATH") or Path.home())


class CLIProfileCredentialsProvider:
    """Aliyun CLI ``~/.aliyun/config.json``: profile ``ALIBABA_CLOUD_PROFILE`` or the file's
    ``current``; modes ``AK`` and ``StsToken``. Disabled by
    ``ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true``."""

    name = "cli_profile"

    def __init__(self, path: str | None = None, profile: str | None = None) -> None:
        from pathlib import Path

        self._path = Path(path) if path else _home() / ".aliyun" / "config.json"
        self._profile = profile

    def get_credential(self) -> Credential:
        if os.environ.get("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "false").lower() == "true":
            raise CredentialsError("cli profile disabled")
        import json

        try:
            config = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CredentialsError(f"cannot read {self._path}: {exc}") from exc
        wanted = self._profile or os.environ.get("ALIBABA_CLOUD_PROFILE") or config.get("current")
        for profile in config.get("profiles") or []:
            if profile.get("name") != wanted:
                continue
            mode = profile.get("mode")
            key_id, secret = profile.get("access_key_id"), profile.get("access_key_secret")
            if mode == "AK" and key_id and secret:
                return Credential(key_id, secret, None, None, f"{self.name}/static_ak")
            if mode == "StsToken" and key_id and secret:
                token = profile.get("sts_token")
                return Credential(key_id, secret, token, None, f"{self.name}/static_sts")
            raise CredentialsError(f"unsupported cli profile mode {mode!r}")
        raise CredentialsError(f"no cli profile {wanted!r} in {self._path}")


class ProfileCredentialsProvider:
    """INI file ``ALIBABA_CLOUD_CREDENTIALS_FILE`` or ``~/.alibabacloud/credentials.ini``,
    section ``ALIBABA_CLOUD_PROFILE`` or ``default``, ``type = access_key``."""

    name = "profile"

    def __init__(self, path: str | None = None, profile: str | None = None) -> None:
        self._path = path
        self._profile = profile

    def get_credential(self) -> Credential:
        path = (
            self._path
            or os.environ.get("ALIBABA_CLOUD_CREDENTIALS_FILE")
            or str(_home() / ".alibabacloud" / "credentials.ini")
        )
        section_name = self._profile or os.environ.get("ALIBABA_CLOUD_PROFILE") or "default"
        import configparser

        parser = configparser.ConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error as exc:
            raise CredentialsError(f"cannot parse {path}: {exc}") from exc
        if not parser.has_section(section_name):
            raise CredentialsError(f"no section [{section_name}] in {path}")
        # The official reader cuts inline ``# comments`` from every value.
        section = {k: v.split("#")[0].strip() for k, v in parser.items(section_name)}
        kind = section.get("type")
        key_id, secret = section.get("access_key_id"), section.get("access_key_secret")
        if kind == "access_key" and key_id and secret:
            return Credential(key_id, secret, None, None, f"{self.name}/static_ak")
        raise CredentialsError(f"unsupported credential type {kind!r} in {path}")


class DefaultCredentialsChain:
    """env -> CLI profile -> INI profile; the first provider that works is remembered."""

    name = "default"

    def __init__(self, providers: list[CredentialsProvider] | None = None) -> None:
        self._providers: list[CredentialsProvider] = providers or [
            EnvironmentCredentialsProvider(),
            CLIProfileCredentialsProvider(),
            ProfileCredentialsProvider(),
        ]
        import threading

        self._last: CredentialsProvider | None = None
        self._lock = threading.Lock()

    def get_credential(self) -> Credential:
        with self._lock:
            last = self._last
        if last is not None:
            return self._wrap(last.get_credential())
        errors: list[str] = []
        for provider in self._providers:
            try:
                credential = provider.get_credential()
            except CredentialsError as exc:
                errors.append(f"{type(provider).__name__}: {exc}")
                continue
            with self._lock:
                self._last = provider
            return self._wrap(credential)
        raise CredentialsError("no credentials found: " + "; ".join(errors))

    def _wrap(self, credential: Credential) -> Credential:
        name = f"{self.name}/{credential.provider_name}" if credential.provider_name else None
        return Credential(
            credential.access_key_id,
            credential.access_key_secret,
            credential.security_token,
            credential.bearer_token,
            name,
        )


def resolve_provider(
    *,
    credentials: CredentialsProvider | Credential | None = None,
    access_key_id: str | None = None,
    access_key_secret: str | None = None,
    security_token: str | None = None,
    bearer_token: str | None = None,
) -> CredentialsProvider:
    """Explicit arguments first (as the official ``Config``), then the default chain."""
    if access_key_id and access_key_secret:
        return StaticCredentialsProvider(access_key_id, access_key_secret, security_token)
    if bearer_token:
        return StaticCredentialsProvider(bearer_token=bearer_token)
    if isinstance(credentials, Credential):
        return _Fixed(credentials)
    if credentials is not None:
        return credentials
    return DefaultCredentialsChain()


class _Fixed:
    def __init__(self, credential: Credential) -> None:
        self._credential = credential

    def get_credential(self) -> Credential:
        return self._credential
