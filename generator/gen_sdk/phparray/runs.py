"""Reading a RUN token: a stretch of array elements whose keys and values are scalars.

The lexer's RUN pattern only finds where such a stretch ends; this module reads it strictly,
by the grammar's rules, and reports malformed text at its exact offset. It is the parser's
hot path: one anchored regex match per element, and a fast case for plain quoted strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from . import values

NO_KEY: Any = object()  # marks an element written without `key =>`

# (key or NO_KEY, value, offset of the element in the run's text)
Element = tuple[Any, Any, int]
# build(elements, offset of the array in the run's text) -> the PHP array value
ArrayBuilder = Callable[[list[Element], int], Any]


class RunKind(StrEnum):
    """How a run ends, which decides the token type the grammar sees."""

    CLOSED = "RUN"  # ends with a value
    OPEN = "RUN_OPEN"  # ends with a comma
    KEY = "RUN_KEY"  # ends with `key =>`; the value (an array) follows the token


class RunError(values.LiteralError):
    """Malformed text in a run; ``offset`` is relative to the run's text."""


_GAP = r"(?:[ \t\r\n]++|//[^\n]*+|\#[^\n]*+|/\*[^*]*+\*++(?:[^/*][^*]*+\*++)*+/)*+"
_SQ = r"'[^'\\]*+(?:\\.[^'\\]*+)*+'"
_DQ = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_QUOTED = rf"(?:{_SQ}|{_DQ})"
_END_OF_WORD = r"(?![A-Za-z0-9_])"
# Atomic, and never followed by a word character or a dot, so that a number is read whole
# or not at all (no reading `3` out of `3.5e-9` when something later fails).
_NUMBER = (
    r"(?>"
    r"(?:[0-9]+(?:_[0-9]+)*)?\.[0-9]+(?:_[0-9]+)*(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?"
    r"|[0-9]+(?:_[0-9]+)*\.(?:[0-9]+(?:_[0-9]+)*)?(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?"
    r"|[0-9]+(?:_[0-9]+)*[eE][+-]?[0-9]+(?:_[0-9]+)*"
    r"|0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO][0-7]+(?:_[0-7]+)*"
    r"|[0-9]+(?:_[0-9]+)*"
    r")(?![A-Za-z0-9_.])"
)
_CONSTANT = rf"(?:(?i:true|false|null)|INF|NAN){_END_OF_WORD}"


def _scalar(prefix: str) -> str:
    """A scalar with named groups: ``{prefix}q`` the fast case, a plain single-quoted string
    (no escapes, not concatenated); ``{prefix}s`` any string concatenation; ``{prefix}n`` a
    number with an optional ``{prefix}sign``; ``{prefix}c`` a constant."""
    return (
        rf"'(?P<{prefix}q>[^'\\]*+)'(?!{_GAP}\.)"
        rf"|(?P<{prefix}s>{_QUOTED}(?:{_GAP}\.{_GAP}{_QUOTED})*+)"
        rf"|(?:(?P<{prefix}sign>[+-](?:{_GAP}[+-])*+){_GAP})?"
        rf"(?:(?P<{prefix}n>{_NUMBER})|(?P<{prefix}c>{_CONSTANT}))"
    )


# One element, anchored where the previous one ended: optional `key =>`, then a scalar value
# with what follows it (a comma, or the bracket closing a leaf array), or a leaf array's
# opening bracket (its elements are read next).
_ELEMENT = re.compile(
    rf"{_GAP}(?P<at>)(?:(?:{_scalar('k')}){_GAP}=>{_GAP})?"
    rf"(?:(?:{_scalar('v')}){_GAP}(?!=>)(?:(?P<comma>,){_GAP})?(?P<close>[\])])?"
    rf"|(?P<leaf>\[|(?i:array){_GAP}\(){_GAP})",
    re.S,
)
_AFTER_LEAF = re.compile(rf"{_GAP}(?!=>)(?:(?P<comma>,){_GAP})?(?P<close>[\])])?", re.S)
_DANGLING_KEY = re.compile(rf"{_GAP}(?:{_scalar('k')}){_GAP}=>{_GAP}\Z", re.S)
_KEY_ARROW = re.compile(rf"{_GAP}(?:{_scalar('k')}){_GAP}=>", re.S)
_VALUE = re.compile(rf"{_GAP}(?:{_scalar('v')})", re.S)
_GAP_RE = re.compile(_GAP, re.S)
_PIECE = re.compile(rf"(?:{_GAP}\.)?{_GAP}({_QUOTED})", re.S)
_INT_START = frozenset("-0123456789")

# The fast path: most elements of a spec are `'Key' => 'plain text',` on a line of their
# own, or `'Key' => false,`, `'Key' => 20,`, `'Name',`. A stretch of such elements is found
# with one match and read with one findall, both in C, instead of one general match (and
# its fourteen groups) per element. Whitespace only (a comment sends the reader to the
# general path), strings without escapes, decimal integers that fit in 64 bits, lower-case
# constants, and a comma after each value (so it cannot start a concatenation).
_WS = r"[ \t\r\n]*+"
_SIMPLE_ELEMENT_TEXT = (
    rf"{_WS}(?:'([^'\\]*+)'{_WS}(=>){_WS})?"
    rf"(?:'([^'\\]*+)'|(true|false|null)|(-?(?:[1-9][0-9]{{0,17}}|0)))"
    rf"{_WS},{_WS}"
)
_SIMPLE_ELEMENT = re.compile(_SIMPLE_ELEMENT_TEXT)
# Without capturing groups: CPython 3.11's re mishandles groups inside a possessive repeat.
_SIMPLE_STRETCH = re.compile(
    rf"(?:{_SIMPLE_ELEMENT_TEXT.replace('(', '(?:').replace('(?:?:', '(?:')})++"
)
_SIMPLE_CONSTANTS = {"true": True, "false": False, "null": None}


def encode_stretch_offset(offset: int) -> int:
    """Elements read by the fast path share one offset: that of their stretch, encoded as a
    negative number. Only a message needs an element's own offset, and
    :func:`stretch_element_offsets` finds it again then."""
    return -offset - 1


def stretch_element_offsets(source: str, encoded: int) -> list[int]:
    """The offsets of the elements of the stretch of simple elements whose encoded offset is
    ``encoded``, in order: where each one's key, or else its value, starts. One pass over
    the stretch, whatever the number of elements a caller needs placed."""
    position = -encoded - 1
    stretch = _SIMPLE_STRETCH.match(source, position)
    end = stretch.end() if stretch is not None else position
    found = []
    for match in _SIMPLE_ELEMENT.finditer(source, position, end):
        if match[2] is None:  # no `key =>`: where the value starts (a string: its quote)
            value = 3 if match[3] is not None else 4 if match[4] is not None else 5
            found.append(match.start(value) - (value == 3))
        else:
            found.append(match.start(1) - 1)
    return found


# The pieces of a concatenation, found in one C-level pass: quoted bodies, and any comment
# marker outside them (then the careful path below reads it).
_FAST_PIECES = re.compile(
    r"'([^'\\]*+(?:\\.[^'\\]*+)*+)'|\"([^\"\\]*+(?:\\.[^\"\\]*+)*+)\"|(/[/*]|\#)"
)
# VarExporter writes a multi-line string as 'line' . "\n" . 'line': cache such short pieces.
_SIMPLE_DQ = {"\\n": "\n", "\\r\\n": "\r\n", "\\t": "\t", "\\r": "\r"}


def _concatenation(text: str) -> str:
    parts: list[str] = []
    for single, double, comment in _FAST_PIECES.findall(text):
        if comment:
            return _careful_concatenation(text)
        if double:
            simple = _SIMPLE_DQ.get(double)
            if simple is None:
                return _careful_concatenation(text)
            parts.append(simple)
        elif "\\" in single:
            parts.append(values.single_quoted("'" + single + "'"))
        else:
            parts.append(single)
    return "".join(parts)


def _careful_concatenation(text: str) -> str:
    pieces: list[str | bytes] = []
    for match in _PIECE.finditer(text):
        piece = match.group(1)
        try:
            pieces.append(
                values.single_quoted(piece)
                if piece[0] == "'"
                else values.double_quoted_bytes(piece)
            )
        except values.LiteralError as exc:
            raise RunError(str(exc), match.start(1) + exc.offset) from None
    try:
        return values.concatenate(pieces)
    except values.LiteralError as exc:
        raise RunError(str(exc), 0) from None


def _scalar_at(match: re.Match[str], prefix: str) -> Any:
    """The scalar in groups ``prefix*`` of ``match``; errors point into the run's text."""
    plain = match[prefix + "q"]
    if plain is not None:
        return plain
    string = match[prefix + "s"]
    if string is not None:
        try:
            return _concatenation(string)
        except RunError as exc:
            raise RunError(str(exc), match.start(prefix + "s") + exc.offset) from None
    number = match[prefix + "n"]
    sign = match[prefix + "sign"]
    group = prefix + ("n" if number is not None else "c")
    try:
        if number is not None:
            value: Any = values.floating(number) if _is_float(number) else values.integer(number)
        else:
            value = values.constant(match[group])
    except values.LiteralError as exc:
        raise RunError(str(exc), match.start(group)) from None
    if sign is not None:
        at = match.start(prefix + "sign")
        if type(value) is bool or value is None:
            raise RunError("a sign applies only to a number", at)
        if "--" in sign or "++" in sign:
            raise RunError("'--' and '++' are PHP's decrement and increment operators", at)
        if sign.count("-") % 2:
            value = -value
    return value


def _is_float(number: str) -> bool:
    if number[:2] in ("0x", "0X", "0b", "0B"):
        return False
    return "." in number or "e" in number or "E" in number


def _key_at(match: re.Match[str]) -> Any:
    plain = match["kq"]
    if plain is not None:
        return values.array_key(plain) if plain[:1] in _INT_START else plain
    if match["ks"] is None and match["kn"] is None and match["kc"] is None:
        return NO_KEY
    try:
        return values.array_key(_scalar_at(match, "k"))
    except values.LiteralError as exc:
        raise RunError(str(exc), match.start("at")) from None


class RunReader:
    """Reads the text of RUN tokens into elements; leaf arrays are built with ``build``."""

    def __init__(self, build: ArrayBuilder) -> None:
        self._build = build

    def read(self, text: str, base: int = 0) -> tuple[list[Element], RunKind, Any]:
        """The run's elements, how it ends, and its dangling key (NO_KEY unless KEY).

        ``base`` is the run's offset in the document: element offsets (and the offsets
        ``build`` gets) are absolute, those of a :class:`RunError` relative to ``text``."""
        self._base = base
        elements: list[Element] = []
        _, kind, key = self._elements(text, 0, elements, None)
        return elements, kind, key

    def _elements(
        self, text: str, position: int, elements: list[Element], opener: str | None
    ) -> tuple[int, RunKind, Any]:
        """Read elements from ``position`` to the end of ``text`` (``opener`` None) or to
        the bracket closing a leaf array opened with ``opener`` (then return the offset
        just after that bracket)."""
        append = elements.append
        match_element = _ELEMENT.match
        match_stretch = _SIMPLE_STRETCH.match
        find_simple = _SIMPLE_ELEMENT.findall
        base = self._base
        length = len(text)
        while True:
            stretch = match_stretch(text, position)
            if stretch is not None:
                end = stretch.end()
                at = encode_stretch_offset(base + position)
                for kq, arrow, vq, constant, number in find_simple(text, position, end):
                    value: Any
                    if constant:
                        value = _SIMPLE_CONSTANTS[constant]
                    elif number:
                        value = int(number)
                    else:
                        value = vq
                    if not arrow:
                        append((NO_KEY, value, at))
                    elif kq[:1] in _INT_START:
                        append((values.array_key(kq), value, at))
                    else:
                        append((kq, value, at))
                position = end
                if position < length and text[position] in "/#":  # a comment after a comma
                    position = _skip_gap(text, position)
                if position == length:
                    if opener is not None:
                        raise _expected(f"{_CLOSER[opener[0]]!r}", text, position)
                    return position, RunKind.OPEN, NO_KEY
                if text[position] in "])":  # after the stretch's final comma
                    if opener is None:
                        raise _expected("',' or a value", text, position)
                    _check_closer(opener, text[position], text, position)
                    return position + 1, RunKind.CLOSED, NO_KEY
            match = match_element(text, position)
            if match is None:
                return self._no_element(text, position, elements, opener)
            # The common case, a plain quoted key and value, is read inline.
            _, kq, _, _, _, _, vq, _, _, _, _, comma, close, leaf = match.groups()
            if kq is None:
                key = _key_at(match)
            else:
                key = kq if kq[:1] not in _INT_START else values.array_key(kq)
            at = base + match.start("at")
            if vq is not None:
                value = vq
            elif leaf is None:
                value = _scalar_at(match, "v")
            else:
                inner: list[Element] = []
                end = match.end()
                if end < length and text[end] == _CLOSER[leaf[0]]:  # `[]`, common enough
                    end += 1
                else:
                    end = self._elements(text, end, inner, leaf)[0]
                value = self._build(inner, base + match.start("leaf")) if inner else []
                after = _AFTER_LEAF.match(text, end)
                if after is None:
                    raise _expected("',' (an array cannot be a key)", text, end, "=>")
                match = after
                comma, close = match["comma"], match["close"]
            append((key, value, at))
            position = match.end()
            if close is not None:
                if opener is None:
                    raise _expected("',' or a value", text, match.start("close"))
                _check_closer(opener, close, text, match.start("close"))
                return position, RunKind.CLOSED, NO_KEY
            if position == length:
                if opener is not None:
                    raise _expected(f"{_CLOSER[opener[0]]!r}", text, position)
                return position, RunKind.OPEN if comma else RunKind.CLOSED, NO_KEY
            if comma is None:
                found = _found(text, position)
                if found.startswith("."):
                    raise _expected("a string after '.'", text, position + 1)
                raise _expected("','", text, position)

    def _no_element(
        self, text: str, position: int, elements: list[Element], opener: str | None
    ) -> tuple[int, RunKind, Any]:
        """No element starts at ``position``: an empty leaf array, a dangling key at the end
        of the run, or an error worth a precise message."""
        start = _skip_gap(text, position)
        if opener is not None and not elements and start < len(text) and text[start] in "])":
            _check_closer(opener, text[start], text, start)
            return start + 1, RunKind.CLOSED, NO_KEY
        if opener is None:
            dangling = _DANGLING_KEY.match(text, position)
            if dangling is not None:
                return len(text), RunKind.KEY, _key_at(dangling)
        key_arrow = _KEY_ARROW.match(text, position)
        if key_arrow is not None:
            after_key = key_arrow.end()
            value = _VALUE.match(text, after_key)
            if value is None:
                raise _expected("a value", text, after_key)
            raise _expected("','", text, value.end())
        value = _VALUE.match(text, position)
        if value is not None:
            after = _skip_gap(text, value.end())
            if text.startswith(".", after):
                raise _expected("a string after '.'", text, after + 1)
            raise _expected("','", text, after)
        raise _expected("a value", text, position)


_CLOSER = {"[": "]", "a": ")", "A": ")"}


def _check_closer(opener: str, closer: str, text: str, at: int) -> None:
    expected = _CLOSER[opener[0]]
    if closer != expected:
        raise RunError(
            f"expected {expected!r} to close the array opened with {opener.split()[0]!r}, "
            f"found {closer!r}",
            at,
        )


def _skip_gap(text: str, position: int) -> int:
    return _GAP_RE.match(text, position).end()  # type: ignore[union-attr]


def _found(text: str, position: int) -> str:
    return text[position : position + 20].split("\n")[0]


def _expected(what: str, text: str, position: int, found: str | None = None) -> RunError:
    position = _skip_gap(text, position)
    if position >= len(text):
        return RunError(f"expected {what}", position)
    return RunError(f"expected {what}, found {found or _found(text, position)!r}", position)
