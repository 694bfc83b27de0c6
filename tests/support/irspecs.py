"""Small specs for the IR tests, and the seed spec's value as JSON.

A small spec is a dict the way PHP would hand it to ``build_spec``: one ROA operation ``Op``
(``get /things``) unless told otherwise, which each test extends with the keys it is about.
"""

from __future__ import annotations

from typing import Any

from gen_sdk.ir import build_spec

from .paths import CORPUS, ROOT, SEED_SPEC

__all__ = ["CORPUS", "ROOT", "SEED_JSON", "SEED_SPEC", "diags", "query", "small_spec"]

#: The seed spec as PHP-rules JSON, made with a throwaway PHP-literal reader. The seed file
#: lacks its head (it starts at ``'1.0', 'info' => ...``); the fixture restores it as every
#: corpus file has it (``<?php return ['version' => '1.0', ...``). Everything else is as read.
SEED_JSON = ROOT / "tests" / "data" / "ir" / "paimodelgallery-2025-06-30.json"

Diags = list[tuple[str, str | None, str]]


def small_spec(
    operation: dict[Any, Any] | None = None,
    *,
    style: str = "ROA",
    schemas: Any = None,
    **top: Any,
) -> dict[Any, Any]:
    """A spec with one operation ``Op``; ``operation`` updates it, ``top`` the top level."""
    op: dict[Any, Any] = {"methods": ["get"], "path": "/things"}
    op.update(operation or {})
    value: dict[Any, Any] = {
        "version": "1.0",
        "info": {"style": style, "product": "Demo", "version": "2020-01-01"},
        "components": {"schemas": schemas if schemas is not None else []},
        "apis": {"Op": op},
    }
    value.update(top)
    return value


def query(name: str, schema: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **extra}


def diags(value: object) -> Diags:
    """(severity, path, message) of every diagnostic, in order."""
    _, diagnostics = build_spec(value)
    return [(d.severity.value, d.path, d.message) for d in diagnostics]
