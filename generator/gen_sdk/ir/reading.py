"""Reading the shapes of a PHP value, for the IR readers (``gen_sdk.ir.build`` and the modules
it combines).

``ShapeReader`` holds the diagnostics and reads the generic shapes a spec is made of: a mapping
with fixed keys (``record``), a dictionary (``entries``), a list (``sequence``), one typed key
(``get``, ``str_``, ``bool_``, ``int_``, ...), a list of strings, a metadata block; it warns about
what does not fit, with the fallback, as the rules in ``gen_sdk.ir.build`` say. ``key_path`` and
``index_path`` spell the ``path`` of a diagnostic; ``describe`` names the kind of a value in a
message. Also here: the keys the IR knowingly does not read (``IGNORED_KEYS``, documented in
``gen_sdk.ir.build``) and the nesting limit (``MAX_DEPTH``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from gen_sdk.diagnostics import Diagnostic, error, warning
from gen_sdk.ir.model import Scalar

#: The keys the IR knows and deliberately does not read, by the kind of mapping they appear
#: in. The module docstring of ``gen_sdk.ir.build`` names each of them (a test checks that it
#: does).
IGNORED_KEYS: Mapping[str, frozenset[str]] = {
    "schema": frozenset({"index", "checkBlank"}),
    "systemTags": frozenset(
        {"abilityTreeCode", "abilityTreeNodes", "autoTest", "notSupportAutoTestReason"}
    ),
    "ramActions[]": frozenset({"additionalActions"}),
    "actionConditions[]": frozenset({"validationType"}),
    "ram": frozenset({"resourceTypes"}),
}


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$@-]+")
_INTEGER_TEXT = re.compile(r"\s*[-+]?[0-9]+\s*")
#: What a converter returns, and ``ShapeReader.get`` gives, for a value it cannot use.
NO_VALUE: Any = object()
#: Schemas (and directories) nested deeper than this are refused at their path: real specs
#: nest fewer than 15 levels, and every later stage recurses over them.
MAX_DEPTH = 64


def key_path(parent: str, key: object) -> str:
    """``parent.key``, or ``parent["key"]`` when the key is not a plain word."""
    text = str(key)
    if not parent and isinstance(key, int):  # `0` alone would read as no path at all
        return f"[{key}]"
    if _PLAIN_KEY.fullmatch(text):
        return f"{parent}.{text}" if parent else text
    return f"{parent}[{json.dumps(text, ensure_ascii=False)}]"


def index_path(parent: str, index: int) -> str:
    return f"{parent}[{index}]"


def describe(value: object) -> str:
    """The kind of a PHP value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        # The value itself when it is what makes it wrong (``64.5`` for an integer).
        return f"a float ({value!r})" if math.isfinite(value) else "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list" if value else "an empty array"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def to_int(value: object) -> Any:
    """An integer as the specs may write it: an int, or a float with no fractional part
    (``64.0``); else ``NO_VALUE``."""
    if isinstance(value, bool):
        return NO_VALUE
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return NO_VALUE


def to_int_or_text(value: object) -> Any:
    """``to_int``, or a string holding a decimal integer (``"100"``, ``"-1"``)."""
    if isinstance(value, str):
        return int(value) if _INTEGER_TEXT.fullmatch(value) else NO_VALUE
    return to_int(value)


def to_str(value: object) -> Any:
    return value if isinstance(value, str) else NO_VALUE


def to_bool(value: object) -> Any:
    return value if isinstance(value, bool) else NO_VALUE


Raw = Mapping[Any, object]


class ShapeReader:
    """The diagnostics of one build, and the readers of generic shapes. The readers of each
    part of a spec (``SchemaReader``, ``OperationReader``, ``MetadataReader``) build on it."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    # --- diagnostics ------------------------------------------------------------------------

    def warn(self, path: str, message: str, kind: str) -> None:
        """A warning of ``kind`` (see ``gen_sdk.diagnostics.KINDS``) at ``path``."""
        self.diagnostics.append(warning(message, kind=kind, file=self.source, path=path or None))

    def err(self, path: str, message: str, kind: str) -> None:
        self.diagnostics.append(error(message, kind=kind, file=self.source, path=path or None))

    # --- shape helpers ----------------------------------------------------------------------

    def record(
        self,
        value: object,
        path: str,
        what: str,
        fallback: str = "ignored",
        kind: str = "wrong-type",
    ) -> Raw | None:
        """A mapping with fixed keys. ``[]`` is the empty mapping (PHP's ``{}``). Anything
        else is warned about (``fallback`` says what happens instead, ``kind`` names it when
        that is more than the value ignored) and gives ``None``."""
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and not value:
            return {}
        self.warn(path, f"{what} must be a mapping, got {describe(value)}; {fallback}", kind)
        return None

    def entries(
        self,
        value: object,
        path: str,
        what: str,
        fallback: str = "ignored",
        kind: str = "wrong-type",
    ) -> list[tuple[object, object]]:
        """A dictionary (user-chosen keys). A list is the mapping ``{0: v0, ...}`` PHP made it."""
        if isinstance(value, dict):
            return list(value.items())
        if isinstance(value, list):
            return list(enumerate(value))
        self.warn(path, f"{what} must be a mapping, got {describe(value)}; {fallback}", kind)
        return []

    def sequence(self, value: object, path: str, what: str) -> list[object]:
        """A list. A mapping (a PHP list with holes, or keyed by mistake) gives its values in
        order, with a warning; anything else is warned about and gives ``[]``."""
        if isinstance(value, list):
            return value
        if isinstance(value, dict):
            self.warn(
                path,
                f"{what} must be a list, got a mapping; its values are read in order",
                "wrong-type",
            )
            return list(value.values())
        self.warn(path, f"{what} must be a list, got {describe(value)}; ignored", "wrong-type")
        return []

    def check_keys(self, rec: Raw, path: str, known: frozenset[str], what: str) -> None:
        if rec.keys() <= known:  # the common case, and cheap
            return
        for key in rec:
            if key not in known:
                hint = ""
                if not path and isinstance(key, int):
                    hint = " (an element without a key: was the spec's head cut off with its key?)"
                self.warn(
                    key_path(path, key),
                    f"unknown key {key!r} in {what}; ignored{hint}",
                    "unknown-key",
                )

    def get(
        self,
        rec: Raw,
        path: str,
        key: str,
        convert: Callable[[object], Any],
        expected: str,
        fallback: str = "ignored",
        kind: str = "wrong-type",
    ) -> Any:
        """``rec[key]`` converted, if present and of the right type; else ``NO_VALUE`` (after
        a warning ending in ``fallback`` if the type is wrong). PHP ``null`` counts as absent."""
        value = rec.get(key)
        if value is None:
            return NO_VALUE
        converted = convert(value)
        if converted is NO_VALUE:
            self.warn(
                key_path(path, key),
                f"{key!r} must be {expected}, got {describe(value)}; {fallback}",
                kind,
            )
        return converted

    def str_(
        self, rec: Raw, path: str, key: str, fallback: str = "ignored", kind: str = "wrong-type"
    ) -> str | None:
        value = self.get(rec, path, key, to_str, "a string", fallback, kind)
        return value if isinstance(value, str) else None

    def bool_(self, rec: Raw, path: str, key: str) -> bool | None:
        value = self.get(rec, path, key, to_bool, "a boolean")
        return value if isinstance(value, bool) else None

    def int_(self, rec: Raw, path: str, key: str) -> int | None:
        value = self.get(rec, path, key, to_int, "an integer")
        return value if isinstance(value, int) else None

    def required_str(self, rec: Raw, path: str, key: str, what: str, kind: str) -> str | None:
        """A string that must be there: missing or of the wrong type is an error of ``kind``."""
        value = rec.get(key)
        if value is None:
            self.err(path, f"{what} has no {key!r}", kind)
            return None
        if not isinstance(value, str):
            self.err(key_path(path, key), f"{key!r} must be a string, got {describe(value)}", kind)
            return None
        return value

    def needed_str(
        self, rec: Raw, path: str, key: str, what: str, problems: list[tuple[str, str]]
    ) -> str | None:
        """A string without which the thing being built is dropped: a missing or mistyped
        value is appended to ``problems`` (path, message) for the caller to report."""
        value = rec.get(key)
        if value is None:
            problems.append((path, f"{what} has no {key!r}"))
            return None
        if not isinstance(value, str):
            problems.append(
                (key_path(path, key), f"{key!r} must be a string, got {describe(value)}")
            )
            return None
        return value

    def report(self, problems: list[tuple[str, str]], fallback: str, kind: str) -> bool:
        """Warn about each problem with ``fallback`` (what it costs: ``kind``); true if there
        were any."""
        for path, message in problems:
            self.warn(path, f"{message}; {fallback}", kind)
        return bool(problems)

    def strings(self, rec: Raw, path: str, key: object) -> tuple[str, ...]:
        if rec.get(key) is None:
            return ()
        items_path = key_path(path, key)
        result: list[str] = []
        for index, item in enumerate(self.sequence(rec[key], items_path, repr(key))):
            if isinstance(item, str):
                result.append(item)
            else:
                self.warn(
                    index_path(items_path, index),
                    f"must be a string, got {describe(item)}; ignored",
                    "wrong-type",
                )
        return tuple(result)

    def scalar_map(self, rec: Raw, path: str, key: str) -> dict[str, Scalar]:
        """``examples``-style mappings of name -> scalar (always empty in the corpus)."""
        if rec.get(key) is None:
            return {}
        map_path = key_path(path, key)
        result: dict[str, Scalar] = {}
        for name, value in self.entries(rec[key], map_path, repr(key)):
            if isinstance(value, str | int | float):
                result[str(name)] = value
            else:
                self.warn(
                    key_path(map_path, name),
                    f"must be a scalar, got {describe(value)}; ignored",
                    "wrong-type",
                )
        return result

    def block(self, rec: Raw, path: str, key: str, known: frozenset[str]) -> tuple[Raw, str] | None:
        """The metadata mapping ``rec[key]`` (checked against ``known``) and its path; ``None``
        when it is absent, empty or not a mapping."""
        if rec.get(key) is None:
            return None
        block_path = key_path(path, key)
        block = self.record(rec[key], block_path, repr(key))
        if not block:
            return None
        self.check_keys(block, block_path, known, repr(key))
        return block, block_path

    def records(
        self, value: object, path: str, listed: str, what: str
    ) -> Iterator[tuple[Raw, str]]:
        """A list (``listed`` names it) of metadata mappings (``what`` names one): each mapping
        and its path, in order; an entry that is not a mapping is skipped with a warning."""
        for index, raw in enumerate(self.sequence(value, path, listed)):
            item_path = index_path(path, index)
            item = self.record(raw, item_path, what, "skipped", "metadata-skipped")
            if item is not None:
                yield item, item_path
