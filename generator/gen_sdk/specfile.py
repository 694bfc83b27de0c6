"""Reading one spec file, PHP or JSON, into the value PHP would build.

Alibaba publishes each spec both as ``api-docs.php`` and as ``api-docs.json``; either is
accepted wherever a spec is. JSON is read through PHP's rules (what ``json_decode($text,
true)`` gives), so that both forms produce the same value and the IR never sees a difference.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .phparray import PhpSyntaxError, load
from .phparray.errors import excerpt

SPEC_SUFFIXES = (".php", ".json")

_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")
_PHP_INT_MAX = 2**63 - 1


def php_key(key: str) -> int | str:
    """The key PHP stores for a JSON object member named ``key``."""
    if _INT_KEY.fullmatch(key) and -_PHP_INT_MAX - 1 <= int(key) <= _PHP_INT_MAX:
        return int(key)
    return key


def _php_array(pairs: list[tuple[str, Any]]) -> Any:
    result: dict[int | str, Any] = {}
    for key, value in pairs:
        result[php_key(key)] = value
    if all(key == index for index, key in enumerate(result)):
        return list(result.values())  # keys 0..n-1, or none at all: a PHP list
    return result


def php_json_loads(text: str, *, filename: str | None = None) -> Any:
    """``json_decode($text, true)``, as Python values; errors as :class:`PhpSyntaxError`."""
    try:
        return json.loads(text, object_pairs_hook=_php_array)
    except json.JSONDecodeError as exc:
        raise PhpSyntaxError(
            f"invalid JSON: {exc.msg}",
            filename=filename,
            line=exc.lineno,
            column=exc.colno,
            source_excerpt=excerpt(text, exc.lineno, exc.colno),
        ) from None
    except RecursionError:
        raise PhpSyntaxError(
            "invalid JSON: nested too deeply", filename=filename, line=1, column=1
        ) from None


def load_spec(path: str | os.PathLike[str], diagnostics: list[Diagnostic] | None = None) -> Any:
    """The value of a spec file: ``.json`` as JSON, anything else as PHP."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PhpSyntaxError(
                f"expected UTF-8 text, found byte {data[exc.start]:#04x}",
                filename=str(path),
                line=data.count(b"\n", 0, exc.start) + 1,
                column=exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1,
            ) from None
        return php_json_loads(text, filename=str(path))
    return load(path, diagnostics=diagnostics)
