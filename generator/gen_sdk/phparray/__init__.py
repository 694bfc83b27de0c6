"""Read PHP array literals (``<?php return [...];``) into the Python value PHP would build.

    >>> from gen_sdk.phparray import loads
    >>> loads("<?php return ['a' => [1, 2], '7' => true];")
    {'a': [1, 2], 7: True}

An array whose keys are exactly 0..n-1 in order becomes a ``list``, any other a ``dict``
(int and str keys, PHP's key conversions applied). Strings are ``str``, numbers ``int`` or
``float``, ``true``/``false``/``null`` are ``True``/``False``/``None``.

Errors raise :class:`PhpSyntaxError`. Warnings (a repeated key, a document whose head was cut
off) go to ``diagnostics`` when a list is given, else to Python's ``warnings`` as
:class:`PhpArrayWarning`.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from pathlib import Path
from typing import Any

from lark import Lark, Token, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from ..diagnostics import Diagnostic
from ..files import MAX_SPEC_BYTES, read_regular_file
from .errors import PhpArrayWarning, PhpSyntaxError, WarningSink
from .parser import ValueBuilder, make_lark

__all__ = ["PhpArrayWarning", "PhpSyntaxError", "check_unicode", "load", "loads"]

_BOM = "\ufeff"

# One compiled parser per process; the transformer carries per-call state, hence the lock.
_lock = threading.Lock()
_parser: tuple[Lark, ValueBuilder] | None = None


def _get_parser() -> tuple[Lark, ValueBuilder]:
    global _parser
    if _parser is None:
        builder = ValueBuilder()
        _parser = (make_lark(builder), builder)
    return _parser


def loads(
    text: str, *, filename: str | None = None, diagnostics: list[Diagnostic] | None = None
) -> Any:
    """Parse PHP source text; ``filename`` is only used in messages.

    ``text`` must be valid Unicode, as the text :func:`load` decodes from UTF-8 is: a lone
    surrogate (``"\\udcff"``, which ``surrogateescape`` makes of a byte that is not UTF-8)
    is an error, as that byte is for :func:`load`."""
    check_unicode(text, filename)
    return _parse(text, filename, diagnostics)


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(text: str, filename: str | None) -> None:
    """A :class:`PhpSyntaxError` at the first lone surrogate in ``text``: text that came
    from bytes that are not UTF-8 (``surrogateescape``), which no spec can hold."""
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise PhpSyntaxError.at(
            f"expected UTF-8 text, found a lone surrogate U+{ord(surrogate.group()):04X} "
            "(text decoded from bytes that are not UTF-8?)",
            text[: surrogate.start()] + "\ufffd",
            surrogate.start(),
            filename,
            kind="encoding",
        )


def _parse(text: str, filename: str | None, diagnostics: list[Diagnostic] | None) -> Any:
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        raise PhpSyntaxError.at("expected a PHP value, found an empty file", text, 0, filename)
    with _lock:
        lark, builder = _get_parser()
        builder.reset(text, filename, WarningSink(diagnostics))
        # Parsing allocates many containers and no cycles: the cyclic collector's passes
        # over a growing heap would only cost time (up to a quarter of the parse).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return lark.parse(text)
        except UnexpectedInput as exc:
            raise _syntax_error(exc, text, filename) from None
        finally:
            if collecting:
                gc.enable()
            builder.reset("", None, WarningSink(None))


def load(path: str | os.PathLike[str], *, diagnostics: list[Diagnostic] | None = None) -> Any:
    """Parse a PHP file. The file must be UTF-8 (a BOM is allowed), a regular file (not a
    FIFO or device) and at most ``MAX_SPEC_BYTES`` (64 MiB); else ``OSError``."""
    filename = os.fspath(path)
    data = read_regular_file(Path(filename), MAX_SPEC_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        raise PhpSyntaxError.at(
            f"expected UTF-8 text, found byte {data[exc.start]:#04x} (is this a PHP file?)",
            good + "\ufffd",
            len(good),
            filename,
            kind="encoding",
        ) from None
    return _parse(text, filename, diagnostics)  # decoded strictly: no surrogates


# -- turning lark's exceptions into messages for people ------------------------------------

_VALUE_TERMINALS = frozenset(
    {"SQ_STRING", "DQ_STRING", "HEREDOC", "INT", "FLOAT", "CONSTANT", "LSQB", "ARRAY_OPEN"}
)
_TERMINAL_NAMES = {
    "KEY_ARROW": "a key",
    "SQ_STRING": "a string",
    "DQ_STRING": "a string",
    "HEREDOC": "a heredoc string",
    "INT": "an integer",
    "FLOAT": "a float",
    "CONSTANT": "a constant",
    "ARRAY_OPEN": "'array('",
    "LSQB": "'['",
    "_RSQB": "']'",
    "RSQB": "']'",
    "_RSQB_COMMA": "']'",
    "_RPAR": "')'",
    "RPAR": "')'",
    "_RPAR_COMMA": "')'",
    "RUN": "a value",
    "RUN_OPEN": "a value",
    "RUN_KEY": "a key",
    "_COMMA": "','",
    "COMMA": "','",
    "_ARROW": "'=>'",
    "_DOT": "'.'",
    "_MINUS": "'-'",
    "_PLUS": "'+'",
    "_SEMICOLON": "';'",
    "_CLOSE_TAG": "'?>'",
    "_OPEN_TAG": "'<?php'",
    "_RETURN": "'return'",
    "$END": "end of file",
}


_CLOSERS = {"_RSQB": "]", "_RSQB_COMMA": "]", "_RPAR": ")", "_RPAR_COMMA": ")"}
#: What only an array can hold: its closing brackets, commas and arrows.
_IN_ARRAY = frozenset({*_CLOSERS, "RSQB", "RPAR", "_COMMA", "COMMA", "_ARROW"})
#: A document that starts with its head (``<?php``, ``return``) or with an array: not one
#: whose head was cut off.
_HEADED = re.compile(
    r"(?:\s+|//[^\n]*|#[^\n]*|/\*.*?\*/)*(?:<\?php|return(?![A-Za-z0-9_])|\[|array\s*\()",
    re.S | re.I,
)
# What can hold a bracket that is not one: strings and comments (heredocs are rare in specs
# and only make a message less precise).
_BRACKET_SCAN = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|#[^\n]*|/\*.*?\*/"
    r"|(?P<open>\[|(?i:array)\s*\()|(?P<close>[\])])",
    re.S,
)


def _open_arrays(text: str, end: int) -> list[tuple[int, str]]:
    """The arrays still open at ``end``: (offset of the opener, its closing bracket),
    outermost first. Only computed for an error message."""
    stack: list[tuple[int, str]] = []
    for match in _BRACKET_SCAN.finditer(text, 0, end):
        if match.group("open"):
            stack.append((match.start(), "]" if match.group() == "[" else ")"))
        elif match.group("close") and stack:
            stack.pop()
    return stack


def _expected_at(
    expected: set[str], text: str, offset: int
) -> tuple[set[str], tuple[int, str] | None]:
    """What can really come at ``offset``, and the innermost array open there (the offset of
    its opener, its closing bracket). Outside every array of a document with its head, the
    parser's tables also offer what follows a value inside an array (they serve documents
    whose head was cut off too, where the top level is an array without an opener): not so
    here."""
    if not expected & _IN_ARRAY:
        return expected, None
    open_arrays = _open_arrays(text, offset)
    if open_arrays:
        return expected, open_arrays[-1]
    if _HEADED.match(text):
        return expected - _IN_ARRAY, None
    return expected, None


def _describe_expected(expected: set[str], closer: str | None = None) -> str:
    """What was expected, as a person would say it; ``closer``: the bracket that closes the
    innermost open array (the other one is not an option there)."""
    if closer is not None:
        expected = {name for name in expected if _CLOSERS.get(name, closer) == closer}
    names: set[str] = set()
    if expected & _VALUE_TERMINALS:
        names.add("a value")
        expected = expected - _VALUE_TERMINALS - {"_MINUS", "_PLUS", "KEY_ARROW"}
    # Optional tail tokens after the document are noise next to what is really wanted.
    if "$END" in expected:
        expected = expected - {"_SEMICOLON", "_CLOSE_TAG"}
    names.update(_TERMINAL_NAMES.get(name, name) for name in expected)
    ordered = sorted(names, key=lambda n: (n != "a value", n))
    if len(ordered) <= 1:
        return "".join(ordered) or "nothing more"
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "end of file"
    text = str(token)
    if len(text) > 40:
        text = text[:37] + "..."
    kind = _TERMINAL_NAMES.get(token.type)
    if kind and kind.startswith("a"):
        return f"{kind} {text!r}"
    return repr(text)


def _syntax_error(exc: UnexpectedInput, text: str, filename: str | None) -> PhpSyntaxError:
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        offset = len(text) if token.type == "$END" else (token.start_pos or 0)
        expected, innermost = _expected_at(set(exc.expected), text, offset)
        closer = innermost[1] if innermost is not None else None
        if innermost is not None and token.type == "$END":  # point at the unclosed array
            message = (
                f"this array is not closed: expected {closer!r} (or ',' and more "
                "elements) before the end of the file"
            )
            return PhpSyntaxError.at(message, text, innermost[0], filename)
        message = f"expected {_describe_expected(expected, closer)}, found {_describe_token(token)}"
        return PhpSyntaxError.at(message, text, offset, filename)
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        char = text[offset] if offset < len(text) else ""
        if char in "'\"":
            message = "unterminated string: this quote is never closed"
        elif text.startswith("/*", offset):
            message = "unterminated comment: this '/*' is never closed"
        elif text.startswith("<<<", offset):
            message = "malformed heredoc: expected a label, a newline, and the closing label"
        elif char == "$":
            message = "expected a value, found a variable: a spec must be literal data"
        else:
            shown = char if char.isprintable() else f"U+{ord(char):04X}"
            allowed, innermost = _expected_at(set(exc.allowed or ()), text, offset)
            wanted = _describe_expected(allowed, innermost[1] if innermost else None)
            message = f"expected {wanted}, found unexpected character {shown!r}"
        return PhpSyntaxError.at(message, text, offset, filename)
    return PhpSyntaxError.at(str(exc), text, getattr(exc, "pos_in_stream", 0) or 0, filename)
