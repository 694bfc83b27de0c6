"""Reading one spec file, PHP or JSON, into the value PHP would build.

Alibaba publishes each spec both as ``api-docs.php`` and as ``api-docs.json``; either is
accepted wherever a spec is. JSON is read through PHP's rules (what ``json_decode($text,
true)`` gives), so that both forms produce the same value and the IR never sees a difference.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .files import MAX_SPEC_BYTES, read_regular_file
from .phparray import PhpSyntaxError, check_unicode, load
from .phparray.errors import excerpt

SPEC_SUFFIXES = (".php", ".json")

_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")
_PHP_INT_MAX = 2**63 - 1
#: ``json_decode``'s default ``$depth``: arrays and objects nested deeper are an error.
JSON_MAX_DEPTH = 512

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_JSON_STRING = re.compile(_STRING)
_JSON_BRACKET = re.compile(rf"{_STRING}|[\[{{]|[\]}}]")
_JSON_CONSTANT = re.compile(rf"{_STRING}|(-?Infinity|NaN)")
_SURROGATE_ESCAPE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def php_key(key: str) -> int | str:
    """The key PHP stores for a JSON object member named ``key``."""
    if len(key) <= 20 and _INT_KEY.fullmatch(key) and -_PHP_INT_MAX - 1 <= int(key) <= _PHP_INT_MAX:
        return int(key)
    return key


#: The first characters of a key that may be an integer (``php_key``): the others are kept
#: as they are, without the regex (most keys are words).
_INT_START = frozenset("-0123456789")


def _php_array(pairs: list[tuple[str, Any]]) -> Any:
    if pairs and not any(key[:1] in _INT_START for key, _ in pairs):
        return dict(pairs)  # string keys only: a mapping (the last of a repeated key wins)
    result: dict[int | str, Any] = {}
    for key, value in pairs:
        result[php_key(key)] = value
    if all(key == index for index, key in enumerate(result)):
        return list(result.values())  # keys 0..n-1, or none at all: a PHP list
    return result


def _php_int(text: str) -> int | float:
    # Beyond the int64 range json_decode gives a float (int() also refuses 4,300+ digits).
    if len(text) <= 20:
        value = int(text)
        if -_PHP_INT_MAX - 1 <= value <= _PHP_INT_MAX:
            return value
    return float(text)


class _NotJson(ValueError):
    """A token Python's json module accepts but JSON (and json_decode) does not."""


def _no_constant(name: str) -> Any:
    raise _NotJson(name)


def php_json_loads(text: str, *, filename: str | None = None) -> Any:
    """``json_decode($text, true)``, as Python values; errors as :class:`PhpSyntaxError`.

    As ``json_decode``: ``NaN`` and ``Infinity`` are errors (they are not JSON), integers
    beyond the int64 range are floats, a ``\\uD800`` escape without its pair is an error,
    and arrays and objects may nest at most :data:`JSON_MAX_DEPTH` deep.
    """

    def fail(message: str, offset: int) -> PhpSyntaxError:
        return PhpSyntaxError.at(f"invalid JSON: {message}", text, offset, filename)

    check_unicode(text, filename)
    try:
        value = json.loads(
            text, object_pairs_hook=_php_array, parse_constant=_no_constant, parse_int=_php_int
        )
    except json.JSONDecodeError as exc:
        raise PhpSyntaxError(
            f"invalid JSON: {exc.msg}",
            filename=filename,
            line=exc.lineno,
            column=exc.colno,
            source_excerpt=excerpt(text, exc.lineno, exc.colno),
        ) from None
    except _NotJson as exc:
        found = next((m for m in _JSON_CONSTANT.finditer(text) if m.group(1)), None)
        raise fail(f"{exc} is not a JSON value", found.start() if found else 0) from None
    except RecursionError:
        raise fail(_depth_message(), _too_deep(text) or 0) from None
    deep = _too_deep(text)
    if deep is not None:
        raise fail(_depth_message(), deep)
    if _SURROGATE_ESCAPE_HINT.search(text):
        lone = _lone_surrogate(text)
        if lone is not None:
            raise fail("a \\u escape is half of a UTF-16 surrogate pair", lone)
    return value


def _depth_message() -> str:
    return f"arrays and objects nested more than {JSON_MAX_DEPTH} deep (json_decode's limit)"


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket nested deeper than :data:`JSON_MAX_DEPTH`, if any.
    The common case costs two C-level passes; the offset is found only when needed."""
    structure = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not structure or max(accumulate(map(_STEP.__getitem__, structure))) <= JSON_MAX_DEPTH:
        return None
    depth = 0
    for match in _JSON_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > JSON_MAX_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _lone_surrogate(text: str) -> int | None:
    """The offset of the first ``\\uD8xx``-``\\uDFxx`` escape not in a high-low pair."""
    pending: tuple[int, int] | None = None  # a high surrogate's (start, end)
    for match in _SURROGATE_ESCAPE.finditer(text):
        start = match.start(1) - 2
        if int(match.group(1), 16) < 0xDC00:  # high
            if pending is not None:
                return pending[0]
            pending = (start, match.end())
        elif pending is not None and pending[1] == start:
            pending = None  # the low half of a pair
        else:
            return start
    return pending[0] if pending is not None else None


def load_spec(path: str | os.PathLike[str], diagnostics: list[Diagnostic] | None = None) -> Any:
    """The value of a spec file: ``.json`` as JSON, anything else as PHP."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = read_regular_file(path, MAX_SPEC_BYTES)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # utf-8-sig counts from after the BOM. As the PHP reader says it: the text up to
            # the bad byte, then the caret.
            skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
            good = data[skipped : skipped + exc.start].decode("utf-8", errors="replace")
            raise PhpSyntaxError.at(
                f"expected UTF-8 text, found byte {data[skipped + exc.start]:#04x}",
                good + "\ufffd",
                len(good),
                str(path),
                kind="encoding",
            ) from None
        return php_json_loads(text, filename=str(path))
    return load(path, diagnostics=diagnostics)


def php_json_dumps(value: Any, *, indent: int | None = 2) -> tuple[str, int]:
    """A PHP value as JSON text, and how many floats were not finite.

    What ``json.dumps(value, ensure_ascii=False, indent=indent)`` writes, except that it
    never recurses (a spec nested 10,000 deep prints like any other) and always writes valid
    JSON: ``INF``, ``-INF`` and ``NAN``, which JSON has no literal for, are written as the
    strings ``"INF"``, ``"-INF"`` and ``"NAN"`` (PHP's own names), and counted so the caller
    can say so.
    """
    try:  # the common case, at the json module's speed
        return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False), 0
    except (ValueError, RecursionError):
        pass
    out: list[str] = []
    nonfinite = 0
    item_separator = ", " if indent is None else ","
    # Open containers: (is a mapping, its items, items written so far).
    stack: list[tuple[bool, Iterator[Any], list[int]]] = []

    def newline(depth: int) -> str:
        return "" if indent is None else "\n" + " " * (indent * depth)

    def start(item: Any) -> None:
        nonlocal nonfinite
        if isinstance(item, dict | list):
            if not item:
                out.append("{}" if isinstance(item, dict) else "[]")
            elif isinstance(item, dict):
                out.append("{")
                stack.append((True, iter(item.items()), [0]))
            else:
                out.append("[")
                stack.append((False, iter(item), [0]))
        elif isinstance(item, float) and not math.isfinite(item):
            nonfinite += 1
            out.append('"NAN"' if item != item else '"INF"' if item > 0 else '"-INF"')
        else:
            out.append(json.dumps(item, ensure_ascii=False))

    start(value)
    while stack:
        is_mapping, items, written = stack[-1]
        item: Any = next(items, _END)
        if item is _END:
            stack.pop()
            out.append(newline(len(stack)) + ("}" if is_mapping else "]"))
            continue
        if written[0]:
            out.append(item_separator)
        written[0] += 1
        out.append(newline(len(stack)))
        if is_mapping:
            key, item = item
            out.append(json.dumps(str(key), ensure_ascii=False) + ": ")
        start(item)
    return "".join(out), nonfinite


_END = object()
