"""PHP's rules for scalar literals and array keys, independent of the grammar.

Everything here follows what PHP 8.3 does when it compiles the same literal, so that a
parsed spec equals what ``include 'api-docs.php'`` returns in PHP.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)

# A string key that PHP stores as an int: canonical decimal, no sign on zero, in range.
_INT_LIKE_KEY = re.compile(r"-?[1-9][0-9]*|0")
# Double-quoted escapes, plus what would start an interpolation (which we cannot evaluate).
_DQ_SPECIAL = re.compile(
    r"\\(?:([nrtvef\\$\"])|([0-7]{1,3})|[xX]([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]*)\}?)"
    r"|(\$[A-Za-z_\x80-\U0010ffff]|\$\{|\{\$)"
)
_NAMED_ESCAPES = {
    "n": b"\n",
    "r": b"\r",
    "t": b"\t",
    "v": b"\v",
    "e": b"\x1b",
    "f": b"\f",
    "\\": b"\\",
    "$": b"$",
    '"': b'"',
}


class LiteralError(ValueError):
    """A literal PHP would reject; ``offset`` is relative to the literal's first character."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


def single_quoted(token: str) -> str:
    """``'...'`` -> str. Only ``\\\\`` and ``\\'`` are escapes; any other backslash stays."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    # Escapes pair up left to right, as str.split splits: each `\\` is one backslash, and
    # in what lies between them each `\'` is a quote.
    return "\\".join(part.replace("\\'", "'") for part in body.split("\\\\"))


def double_quoted(token: str) -> str:
    """``"..."`` -> str, with every PHP escape. Byte escapes are joined, then decoded as UTF-8."""
    return _decode(double_quoted_bytes(token), offset=1)


def double_quoted_bytes(token: str) -> bytes:
    """The bytes PHP builds for ``"..."``; a concatenation decodes its pieces' bytes together
    (``"\\xe6" . "\\xa8\\xa1"`` is one character split over two literals)."""
    return _unescape_double(token[1:-1], offset=1, in_heredoc=False)


def concatenate(pieces: list[str | bytes]) -> str:
    """Join string pieces (text, or the bytes of double-quoted literals) as PHP does."""
    if all(type(piece) is str for piece in pieces):
        return "".join(pieces)  # type: ignore[arg-type]
    joined = b"".join(
        piece if type(piece) is bytes else piece.encode("utf-8", "surrogatepass")  # type: ignore[union-attr]
        for piece in pieces
    )
    return _decode(joined, offset=0)


def _decode(data: bytes, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LiteralError(
            f"the string's bytes are not valid UTF-8 (byte {data[exc.start]:#04x} at byte "
            f"offset {exc.start}); a spec's strings must be text",
            offset,
        ) from None


def _unescape_double(body: str, offset: int, in_heredoc: bool) -> bytes:
    if "\\" not in body and "$" not in body:
        return body.encode("utf-8", "surrogatepass")
    out = bytearray()
    position = 0
    for match in _DQ_SPECIAL.finditer(body):
        named, octal, hexa, codepoint, interpolation = match.groups()
        if interpolation is not None:
            raise LiteralError(
                f"cannot evaluate {interpolation!r} in a double-quoted string: variables are "
                "not allowed in a spec (escape it as \\$)",
                offset + match.start(),
            )
        out += body[position : match.start()].encode("utf-8", "surrogatepass")
        position = match.end()
        if named is not None:
            # A heredoc needs no escaped quote, so PHP keeps backslash-quote as two characters.
            out += b'\\"' if in_heredoc and named == '"' else _NAMED_ESCAPES[named]
        elif octal is not None:
            out.append(int(octal, 8) & 0xFF)  # PHP wraps "\777" to one byte, like C.
        elif hexa is not None:
            out.append(int(hexa, 16))
        else:
            text = match.group(0)
            if not text.endswith("}") or not codepoint:
                raise LiteralError("invalid \\u{...} escape", offset + match.start())
            value = int(codepoint, 16)
            if value > 0x10FFFF:
                raise LiteralError("\\u{...} codepoint beyond U+10FFFF", offset + match.start())
            out += chr(value).encode("utf-8", "surrogatepass")
    out += body[position:].encode("utf-8", "surrogatepass")
    return bytes(out)


def heredoc(token: str) -> str:
    """``<<<LABEL`` / ``<<<"LABEL"`` (escapes like double quotes) or ``<<<'LABEL'`` (none).

    PHP removes the closing marker's indentation from every line of the body.
    """
    first_newline = token.index("\n")
    opener = token[3:first_newline].strip().rstrip("\r")
    nowdoc = opener.startswith("'")
    lines = token[first_newline + 1 :].split("\n")
    closing = lines.pop()
    indent = len(closing) - len(closing.lstrip(" \t"))
    body_lines = []
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith(closing[:indent]):
            raise LiteralError(
                "a heredoc body line is indented less than its closing marker",
                first_newline + 1 + sum(len(x) + 1 for x in lines[:number]),
            )
        body_lines.append(line[indent:].rstrip("\r") if line.endswith("\r") else line[indent:])
    body = "\n".join(body_lines)
    if nowdoc:
        return body
    return _decode(_unescape_double(body, offset=first_newline + 1, in_heredoc=True), 0)


def integer(token: str) -> int | float:
    """Decimal, ``0x``, ``0o``/leading-zero octal, ``0b``; beyond PHP_INT_MAX PHP makes a float
    (``INF`` beyond the float range), however many digits."""
    digits = token.replace("_", "")
    if len(digits) > 1 and digits[0] == "0":
        kind = digits[1]
        if kind in "xX":
            value = int(digits[2:], 16)
        elif kind in "bB":
            value = int(digits[2:], 2)
        elif kind in "oO":
            value = int(digits[2:], 8)
        else:
            if not digits.isdigit() or any(c in "89" for c in digits):
                raise LiteralError(f"invalid numeric literal {token!r} (octal digits are 0-7)")
            value = int(digits, 8)
    elif len(digits) > 19:  # beyond PHP_INT_MAX for sure; int() refuses over 4300 digits
        return float(digits)
    else:
        value = int(digits)
    if value > PHP_INT_MAX:
        return _to_float(value)
    return value


def _to_float(value: int) -> float:
    # Power-of-two bases have no digit limit in int(), so a hex literal can exceed a double.
    try:
        return float(value)
    except OverflowError:
        return float("inf")


def floating(token: str) -> float:
    return float(token.replace("_", ""))


CONSTANTS: dict[str, bool | float | None] = {
    "true": True,
    "false": False,
    "null": None,
}


def constant(token: str) -> bool | float | None:
    if token == "INF":
        return float("inf")
    if token == "NAN":
        return float("nan")
    return CONSTANTS[token.lower()]


def array_key(key: object) -> int | str:
    """The key PHP stores for ``key => ...``, or raise ``LiteralError`` for an illegal key."""
    if type(key) is str:
        if key and (key[0] == "-" or "0" <= key[0] <= "9") and _INT_LIKE_KEY.fullmatch(key):
            as_int = int(key)
            if PHP_INT_MIN <= as_int <= PHP_INT_MAX:
                return as_int
        return key
    if type(key) is int:
        return key
    if type(key) is bool:
        return int(key)
    if key is None:
        return ""
    if type(key) is float:
        if key != key or key in (float("inf"), float("-inf")):
            return 0  # PHP 8 on 64-bit; it also emits a deprecation notice.
        # Truncate, then wrap into int64 as PHP's zend_dval_to_lval does beyond the range.
        wrapped = int(key) % 2**64
        return wrapped - 2**64 if wrapped > PHP_INT_MAX else wrapped
    raise LiteralError(f"illegal offset type: an array cannot be a key ({type(key).__name__})")


TokenConverter = Callable[[str], object]
