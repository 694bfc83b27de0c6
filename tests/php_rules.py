"""Read a JSON document the way PHP's ``json_decode($text, true)`` sees it.

This is the oracle the parser is checked against: ``load(api-docs.php)`` must equal
``php_json_loads(api-docs.json)``. PHP arrays have int or string keys; a JSON object key that
is a decimal integer (``"200"``, ``"-5"``, not ``"05"``) becomes an int key, and an array
whose keys are exactly 0..n-1 in order (including an empty object ``{}``) is a list.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")
_PHP_INT_MAX = 2**63 - 1


def php_key(key: str) -> int | str:
    if _INT_KEY.fullmatch(key):
        as_int = int(key)
        if -_PHP_INT_MAX - 1 <= as_int <= _PHP_INT_MAX:
            return as_int
    return key


def _object(pairs: list[tuple[str, Any]]) -> Any:
    result: dict[int | str, Any] = {}
    for key, value in pairs:
        result[php_key(key)] = value
    if all(key == index for index, key in enumerate(result)):
        return list(result.values())
    return result


def php_json_loads(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_object)


def php_json_load(path: Path) -> Any:
    return php_json_loads(path.read_text(encoding="utf-8"))
