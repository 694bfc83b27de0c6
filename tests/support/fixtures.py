"""Fixtures for tests that call the Python runtime: a loopback capture server and an
environment without ambient credentials, proxies or home-directory files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.capture import CaptureServer


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    srv = CaptureServer()
    try:
        yield srv
    finally:
        srv.close()


_ENV_VARS = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABA_CLOUD_USER_AGENT",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ambient credentials, proxies or home-directory files leak into a test."""
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
