"""Reading a RUN token: a stretch of array elements whose keys and values are scalars.

The lexer's RUN pattern only finds where such a stretch ends; this module reads it strictly,
with the same rules as the grammar, and reports malformed text at its exact offset. It is
the hot path of the parser: one anchored regex match per element.
"""

from __future__ import annotations

import re
from enum import Enum
from collections.abc import Callable
from typing import Any

from . import values

NO_KEY: Any = object()  # marks an element written without `key =>`

# (key or NO_KEY, value)
Element = tuple[Any, Any]


class RunKind(str, Enum):
    """How a run ends, which decides the token type the grammar sees."""

    CLOSED = "RUN"  # ends with a value
    OPEN = "RUN_OPEN"  # ends with a comma
    KEY = "RUN_KEY"  # ends with `key =>`; the value (an array) follows the token


_GAP = r"(?:[ \t\r\n]++|//[^\n]*+|\#[^\n]*+|/\*.*?\*/)*+"
_SQ = r"'[^'\\]*+(?:\\.[^'\\]*+)*+'"
_DQ = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_QUOTED = rf"(?:{_SQ}|{_DQ})"
_END_OF_WORD = r"(?![A-Za-z0-9_])"
_NUMBER = (
    r"(?:"
    r"(?:[0-9]+(?:_[0-9]+)*)?\.[0-9]+(?:_[0-9]+)*(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?"
    r"|[0-9]+(?:_[0-9]+)*\.(?:[0-9]+(?:_[0-9]+)*)?(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?"
    r"|[0-9]+(?:_[0-9]+)*[eE][+-]?[0-9]+(?:_[0-9]+)*"
    r"|0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO][0-7]+(?:_[0-7]+)*"
    r"|[0-9]+(?:_[0-9]+)*"
    rf"){_END_OF_WORD}"
)
_CONSTANT = rf"(?:(?i:true|false|null)|INF|NAN){_END_OF_WORD}"


def _scalar(prefix: str) -> str:
    """A scalar expression with named groups. ``{prefix}q`` is the fast case, a plain
    single-quoted string (no escapes, not concatenated); ``{prefix}s`` any string chain,
    ``{prefix}n`` a number with optional ``{prefix}sign``, ``{prefix}c`` a constant."""
    return (
        rf"'(?P<{prefix}q>[^'\\]*+)'(?!{_GAP}\.)"
        rf"|(?P<{prefix}s>{_QUOTED}(?:{_GAP}\.{_GAP}{_QUOTED})*+)"
        rf"|(?:(?P<{prefix}sign>[+-]){_GAP})?(?:(?P<{prefix}n>{_NUMBER})|(?P<{prefix}c>{_CONSTANT}))"
    )


# One element, anchored where the previous one ended: optional `key =>`, then a scalar value
# with what follows it (a comma, or the bracket closing a leaf array), or a leaf array's
# opening bracket (its elements are read next).
_ELEMENT = re.compile(
    rf"{_GAP}(?:(?:{_scalar('k')}){_GAP}=>{_GAP})?"
    rf"(?:(?:{_scalar('v')}){_GAP}(?!=>)(?:(?P<comma>,){_GAP})?(?P<close>[\])])?"
    rf"|(?P<leaf>\[|(?i:array){_GAP}\(){_GAP})",
    re.S,
)
_AFTER_LEAF = re.compile(rf"{_GAP}(?!=>)(?:(?P<comma>,){_GAP})?(?P<close>[\])])?", re.S)
_DANGLING_KEY = re.compile(rf"{_GAP}(?:{_scalar('k')}){_GAP}=>{_GAP}\Z", re.S)
_GAP_RE = re.compile(_GAP, re.S)
_PIECE = re.compile(rf"(?:{_GAP}\.)?{_GAP}({_QUOTED})", re.S)


class RunError(values.LiteralError):
    pass


def _chain(text: str) -> str:
    if text[0] == "'" and text[-1] == "'" and "\\" not in text and text.count("'") == 2:
        return text[1:-1]
    parts = []
    for match in _PIECE.finditer(text):
        piece = match.group(1)
        try:
            parts.append(
                values.single_quoted(piece) if piece[0] == "'" else values.double_quoted(piece)
            )
        except values.LiteralError as exc:
            raise RunError(str(exc), match.start(1) + exc.offset) from None
    return "".join(parts)


def _scalar_value(
    string: str | None, sign: str | None, number: str | None, constant: str | None
) -> Any:
    if string is not None:
        return _chain(string)
    value: Any
    if number is not None:
        value = values.floating(number) if _is_float(number) else values.integer(number)
    else:
        assert constant is not None
        value = values.constant(constant)
    if sign is not None:
        if type(value) is bool or value is None:
            raise RunError("a sign applies only to a number")
        if sign == "-":
            value = -value
    return value


def _is_float(number: str) -> bool:
    if number[:2] in ("0x", "0X", "0b", "0B"):
        return False
    return "." in number or "e" in number or "E" in number


def _scalar_at(match: re.Match[str], prefix: str) -> Any:
    """The scalar in groups ``prefix*`` of ``match``; errors point into the run text."""
    string = match[prefix + "s"]
    try:
        return _scalar_value(string, match[prefix + "sign"], match[prefix + "n"], match[prefix + "c"])
    except RunError as exc:
        if string is not None:
            raise RunError(str(exc), match.start(prefix + "s") + exc.offset) from None
        group = prefix + ("n" if match[prefix + "n"] is not None else "c")
        raise RunError(str(exc), match.start(group)) from None


def _key_at(match: re.Match[str]) -> Any:
    plain = match["kq"]
    key = plain if plain is not None else _scalar_at(match, "k")
    try:
        return values.array_key(key)
    except values.LiteralError as exc:
        raise RunError(str(exc), match.start()) from None


# build(elements, offset of the array in the run text) -> the PHP array value
Builder = Callable[[list[Element], int], Any]


class RunReader:
    """Reads the text of RUN tokens into elements; leaf arrays are built with ``build``."""

    def __init__(self, build: Builder) -> None:
        self._build = build

    def read(self, text: str) -> tuple[list[Element], RunKind, Any]:
        """The run's elements, how it ends, and its dangling key (NO_KEY unless KEY)."""
        elements: list[Element] = []
        _, kind, key = self._elements(text, 0, elements, top=True)
        return elements, kind, key

    def _elements(
        self, text: str, position: int, elements: list[Element], *, top: bool
    ) -> tuple[int, RunKind, Any]:
        """Read elements from ``position``: to the end of ``text`` (top) or to the bracket
        closing a leaf array (returning the offset just after it)."""
        append = elements.append
        match_element = _ELEMENT.match
        length = len(text)
        while True:
            match = match_element(text, position)
            if match is None:
                if not top and text[_skip_gap(text, position)] in "])" and not elements:
                    return _skip_gap(text, position) + 1, RunKind.CLOSED, NO_KEY  # empty
                if top:
                    dangling = _DANGLING_KEY.match(text, position)
                    if dangling is not None:
                        return length, RunKind.KEY, _key_at(dangling)
                raise _expected("a value", text, position)
            (kq, ks, ksign, kn, kc, vq, vs, vsign, vn, vc, comma, close, leaf) = match.groups()
            key: Any
            if kq is not None:
                key = values.array_key(kq) if kq[:1] in _DIGIT_START else kq
            elif ks is None and kn is None and kc is None:
                key = NO_KEY
            else:
                key = _key_at(match)
            if vq is not None:
                value: Any = vq
            elif leaf is None:
                value = _scalar_at(match, "v")
            else:
                inner: list[Element] = []
                end = self._elements(text, match.end(), inner, top=False)[0]
                if (text[end - 1] == "]") != (leaf == "["):
                    raise RunError(
                        f"an array opened with {leaf!r} is closed with {text[end - 1]!r}",
                        end - 1,
                    )
                value = self._build(inner, match.start("leaf")) if inner else []
                match = _AFTER_LEAF.match(text, end)  # type: ignore[assignment]
                assert match is not None
                comma, close = match.group("comma", "close")
            append((key, value))
            position = match.end()
            if close is not None:
                if top:
                    raise _expected("',' or the end of the run", text, match.start("close"))
                return position, RunKind.CLOSED, NO_KEY
            if position == length:
                if not top:
                    raise _expected("']' or ')'", text, position)
                return position, RunKind.OPEN if comma else RunKind.CLOSED, NO_KEY
            if comma is None:
                raise _expected("','", text, position)


_DIGIT_START = frozenset("-0123456789")


def values_key(key: Any) -> int | str:
    try:
        return values.array_key(key)
    except values.LiteralError as exc:
        raise RunError(str(exc)) from None


def _skip_gap(text: str, position: int) -> int:
    return _GAP_RE.match(text, position).end()  # type: ignore[union-attr]


def _expected(what: str, text: str, position: int) -> RunError:
    position = _skip_gap(text, position)
    if position >= len(text):
        return RunError(f"expected {what}", position)
    found = text[position : position + 20].split("\n")[0]
    return RunError(f"expected {what}, found {found!r}", position)
