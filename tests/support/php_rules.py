"""The oracle for the parser: ``api-docs.json`` read the way PHP's ``json_decode`` reads it.

Loading ``api-docs.php`` with PHP gives exactly ``json_decode(api-docs.json, true)``; decimal
integer keys become ints, and an object with keys 0..n-1 (or none) becomes a list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gen_sdk.specfile import php_json_loads


def php_json_load(path: Path) -> Any:
    return php_json_loads(path.read_text(encoding="utf-8"))
