"""Helpers of the security tests: tiny specs and the command line as CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

GEN_SDK = Path(sys.executable).parent / "gen-sdk"


def tiny_spec(product: str = "Demo", version: str = "2020-01-01", **info: Any) -> dict[str, Any]:
    """A one-operation RPC spec (as the JSON form of the metadata)."""
    return {
        "version": "1.0",
        "info": {"style": "RPC", "product": product, "version": version, **info},
        "apis": {
            "DoIt": {
                "methods": ["get"],
                "summary": "Do it.",
                "parameters": [{"name": "Name", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"schema": {"type": "object", "properties": {}}}},
            }
        },
        "endpoints": [],
    }


def write_spec(path: Path, spec: dict[str, Any] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec or tiny_spec()), encoding="utf-8")
    return path


def gen_sdk(
    *args: object, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``gen-sdk ARGS`` as a subprocess, with a private cache; never a traceback."""
    done = subprocess.run(
        [str(GEN_SDK), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def tree(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` (symlinks not followed) -> content."""
    found: dict[str, bytes] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found
