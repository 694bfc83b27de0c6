"""Write PHP array literals, and compute the value PHP builds from them, for the parser's tests.

The property tests generate a *PHP source model* (:class:`PhpArray` holding ``(key, value)``
pairs in source order, keys possibly missing or of any PHP key type) and then:

* :func:`write_document` turns it into PHP source text in one of several layouts
  (short ``[...]``, ``var_export``-style ``array (...)``, one line), with random comments
  between tokens, random splitting of strings into ``.`` concatenations, random single or
  double quoting and random escapes;
* :func:`php_value` computes, independently of any parser, the Python value PHP builds
  (PHP's key casts, next-free-index rule, overwrite-in-place, list-or-dict).

Everything random is drawn from a :class:`random.Random` handed in by the caller, so
hypothesis controls (and shrinks) it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from random import Random
from typing import Any, ClassVar

PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)

_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")

# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


class _Missing:
    """The key of an unkeyed element (``[ 'x' ]``)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_KEY"


NO_KEY = _Missing()


@dataclass(frozen=True)
class BigInt:
    """A decimal integer literal beyond PHP_INT_MAX: PHP reads it as a float."""

    value: int

    def __post_init__(self) -> None:
        assert self.value > PHP_INT_MAX


@dataclass
class PhpArray:
    """An array literal: its elements in source order. A key is NO_KEY for ``[value]``."""

    items: list[tuple[Any, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# What PHP builds
# ---------------------------------------------------------------------------------------------


class NextIndexOccupied(Exception):
    """PHP's 'Cannot add element to the array as the next element is already occupied'."""


def php_key(key: Any) -> int | str:
    """The array key PHP uses for a key expression of value ``key``."""
    if key is None:
        return ""
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, int):
        return key
    if isinstance(key, float):
        assert math.isfinite(key) and abs(key) < 2**63
        return int(key)  # truncates toward zero
    if isinstance(key, str):
        if _INT_KEY.fullmatch(key) and PHP_INT_MIN <= int(key) <= PHP_INT_MAX:
            return int(key)
        return key
    raise TypeError(f"not a PHP key: {key!r}")


def php_value(node: Any) -> Any:
    """The Python value PHP builds for a model node."""
    value, _ = php_value_and_repeats(node)
    return value


def php_value_and_repeats(node: Any) -> tuple[Any, int]:
    """The Python value and how many times a key was repeated (each one is a warning)."""
    repeats = [0]
    return _evaluate(node, repeats), repeats[0]


def _evaluate(node: Any, repeats: list[int]) -> Any:
    if isinstance(node, BigInt):
        return float(node.value)
    if not isinstance(node, PhpArray):
        return node
    result: dict[int | str, Any] = {}
    next_index: int | None = None
    for raw_key, raw_value in node.items:
        value = _evaluate(raw_value, repeats)
        if raw_key is NO_KEY:
            key: int | str = 0 if next_index is None else next_index
            if key > PHP_INT_MAX or key in result:
                raise NextIndexOccupied
        else:
            key = php_key(raw_key)
        if isinstance(key, int):
            next_index = key + 1 if next_index is None else max(next_index, key + 1)
        if key in result:
            repeats[0] += 1
        result[key] = value  # an existing key keeps its first position
    if all(key == index for index, key in enumerate(result)):
        return list(result.values())
    return result


def to_model(value: Any) -> Any:
    """A normalized Python value (list/dict/scalars) as a model with explicit keys."""
    if isinstance(value, list):
        return PhpArray([(index, to_model(item)) for index, item in enumerate(value)])
    if isinstance(value, dict):
        return PhpArray([(key, to_model(item)) for key, item in value.items()])
    return value


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

_SAFE_COMMENT_CHARS = (
    "abc XYZ 012 []()'\"=>,.;$\\{}模é  \t-+*"  # no `/`: nothing here can close a comment
)


@dataclass
class WriterOptions:
    """Which randomizations are allowed. Everything is inside the parser's spec."""

    style: str = "short"  # short | long | oneline
    comments: bool = True
    split_strings: bool = True
    quoting: str = "random"  # single | double | random
    escapes: bool = True  # use octal/hex/\u{...}/named escapes in double quotes
    number_forms: bool = True  # hex/octal/binary/underscores, float spellings
    keyword_case: bool = True  # TRUE / Null / ARRAY ...
    framing: bool = True  # <?php / return / ; / ?> / BOM variants
    trailing_comma: str = "random"  # always | never | random
    #: comments between `array` and `(` (legal PHP, but a separate switch so that a parser
    #: that fuses `array(` into one token fails one test, not all of them)
    array_comments: bool = True


class PhpWriter:
    def __init__(self, rng: Random, options: WriterOptions | None = None) -> None:
        self.rng = rng
        self.opt = options or WriterOptions()

    # -- helpers -------------------------------------------------------------------------

    def _chance(self, p: float) -> bool:
        return self.rng.random() < p

    def comment(self) -> str:
        """A random comment (always followed by whatever separation it needs)."""
        text = "".join(self.rng.choice(_SAFE_COMMENT_CHARS) for _ in range(self.rng.randint(0, 8)))
        kind = self.rng.randrange(4)
        if kind == 0:
            return f"/*{text}*/"
        if kind == 1:
            return f"/**{text} */"
        # Line comments: no newline inside, no `?>` (it would end PHP mode), `#[` is an attribute.
        if kind == 2:
            return f"//{text}\n"
        return f"# {text}\n"

    def gap(self, *, required: bool = False, newline_ok: bool = True) -> str:
        """Whitespace/comments between two tokens."""
        parts: list[str] = []
        if required or self._chance(0.3):
            parts.append(self.rng.choice([" ", "  ", "\t", "\n", "\r\n", " \n  "]))
        if self.opt.comments and self._chance(0.15):
            parts.append(self.comment())
            if self._chance(0.5):
                parts.append(" ")
        if not newline_ok:
            # Only `/* */` comments fit on one line; a line comment would eat the rest.
            parts = [
                f"/*{part[2:-1]}*/" if part.startswith(("//", "#")) else part for part in parts
            ]
            parts = [part.replace("\r\n", " ").replace("\n", " ") for part in parts]
        text = "".join(parts)
        if required and not text:
            text = " "
        return text

    def _case(self, word: str) -> str:
        if not self.opt.keyword_case:
            return word
        choice = self.rng.randrange(4)
        if choice == 0:
            return word.lower()
        if choice == 1:
            return word.upper()
        if choice == 2:
            return word.capitalize()
        return "".join(c.upper() if self._chance(0.5) else c.lower() for c in word)

    # -- scalars -------------------------------------------------------------------------

    def write_int(self, value: int) -> str:
        assert PHP_INT_MIN < value <= PHP_INT_MAX, value
        sign = "-" if value < 0 else ""
        if value == 0 and self.opt.number_forms and self._chance(0.2):
            sign = "-"  # -0 is int 0
        magnitude = abs(value)
        if not self.opt.number_forms:
            return sign + str(magnitude)
        form = self.rng.randrange(7)
        if form == 1:
            digits = format(magnitude, "x")
            digits = digits.upper() if self._chance(0.5) else digits
            body = self.rng.choice(["0x", "0X"]) + self._underscores(digits)
        elif form == 2:
            body = self.rng.choice(["0o", "0O"]) + self._underscores(format(magnitude, "o"))
        elif form == 3:
            body = "0" + self._underscores(format(magnitude, "o"))
        elif form == 4:
            body = self.rng.choice(["0b", "0B"]) + self._underscores(format(magnitude, "b"))
        elif form == 5:
            body = self._underscores(str(magnitude))
        else:
            body = str(magnitude)
        return sign + body

    def _underscores(self, digits: str) -> str:
        """Insert single `_` between some digits (never leading, trailing or doubled)."""
        if len(digits) < 2 or not self._chance(0.5):
            return digits
        out = [digits[0]]
        for digit in digits[1:]:
            if self._chance(0.3):
                out.append("_")
            out.append(digit)
        return "".join(out)

    def write_bigint(self, value: BigInt) -> str:
        digits = str(value.value)
        return self._underscores(digits) if self.opt.number_forms else digits

    def write_float(self, value: float) -> str:
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        text = repr(value)  # shortest text that round-trips; always has '.', 'e' or 'inf'
        if not self.opt.number_forms:
            return text
        mantissa, _, exponent = text.partition("e")
        if not exponent and mantissa.endswith(".0") and self._chance(0.3):
            mantissa = mantissa[:-1]  # `3.` is a float
        if mantissa.startswith("0.") and len(mantissa) > 2 and self._chance(0.3):
            mantissa = mantissa[1:]  # `.5`
        elif mantissa.startswith("-0.") and len(mantissa) > 3 and self._chance(0.3):
            mantissa = "-" + mantissa[2:]  # `-.5`
        if exponent:
            if exponent.startswith("+") and self._chance(0.5):
                exponent = exponent[1:]
            return mantissa + self.rng.choice("eE") + exponent
        if self._chance(0.15):
            return mantissa + self.rng.choice(["e0", "E0", "e+0", "e-0"])
        return mantissa

    def write_bool_null(self, value: bool | None) -> str:
        word = "null" if value is None else ("true" if value else "false")
        return self._case(word)

    # -- strings -------------------------------------------------------------------------

    def write_string(self, value: str) -> str:
        """A string expression: one literal or several joined with `.`."""
        pieces = [value]
        if self.opt.split_strings and value and self._chance(0.3):
            count = self.rng.randint(1, 3)
            cuts = sorted({self.rng.randrange(len(value) + 1) for _ in range(count)})
            pieces, start = [], 0
            for cut in [*cuts, len(value)]:
                pieces.append(value[start:cut])
                start = cut
        literals = [self._string_literal(piece) for piece in pieces]
        out = literals[0]
        for literal in literals[1:]:
            out += self.gap() + "." + self.gap() + literal
        return out

    def _string_literal(self, value: str) -> str:
        quoting = self.opt.quoting
        if quoting == "random":
            quoting = self.rng.choice(["single", "double"])
        if quoting == "single":
            return self._single(value)
        return self._double(value)

    def _single(self, value: str) -> str:
        out: list[str] = []
        for index, char in enumerate(value):
            following = value[index + 1] if index + 1 < len(value) else "'"
            if char == "'":
                out.append("\\'")
            elif char == "\\":
                # A lone backslash is literal unless it would escape `\` or `'`.
                if following in "\\'" or self._chance(0.5):
                    out.append("\\\\")
                else:
                    out.append("\\")
            else:
                out.append(char)
        return "'" + "".join(out) + "'"

    _NAMED: ClassVar[dict[str, str]] = {
        "\n": "n",
        "\t": "t",
        "\r": "r",
        "\v": "v",
        "\x1b": "e",
        "\f": "f",
    }
    _ESCAPE_STARTERS: ClassVar[frozenset[str]] = frozenset('nrtvef\\$"01234567xu')

    def _double(self, value: str) -> str:
        # Each entry: (text, is_short_numeric_escape_kind) where kind is 'x' or 'o' if the
        # escape used fewer digits than the maximum and so must not be followed by a digit
        # of its base.
        tokens: list[tuple[str, str]] = []
        for index, char in enumerate(value):
            prev = value[index - 1] if index else ""
            following = value[index + 1] if index + 1 < len(value) else ""
            tokens.extend(self._double_char(char, prev, following))
        out: list[str] = []
        for index, (text, kind) in enumerate(tokens):
            nxt = tokens[index + 1][0][:1] if index + 1 < len(tokens) else ""
            if kind == "x" and re.match(r"[0-9A-Fa-f]", nxt):
                text = "\\x" + format(int(text[2:], 16), "02x")
            elif kind == "o" and re.match(r"[0-7]", nxt):
                text = "\\" + format(int(text[1:], 8), "03o")
            elif kind == "b" and (not nxt or nxt in self._ESCAPE_STARTERS):
                text = "\\\\"
            out.append(text)
        return '"' + "".join(out) + '"'

    def _double_char(self, char: str, prev: str, following: str) -> list[tuple[str, str]]:
        if char == '"':
            return [('\\"', "")]
        if char == "\\":
            if self._chance(0.5):
                # A lone backslash before a char that starts no escape is kept literally;
                # whether it may stay lone depends on the next token (fixed later).
                return [("\\", "b")]
            return [("\\\\", "")]
        if char == "$":
            name_next = bool(re.match(r"[A-Za-z_\x80-\U0010ffff{]", following))
            if name_next or prev == "{" or self._chance(0.5):
                return [("\\$", "")]
            return [("$", "")]
        if char == "{" and following == "$":
            return [("{", "")]  # the `$` that follows is escaped (prev == "{")
        if self.opt.escapes and self._chance(0.25):
            return self._escaped(char)
        if char in self._NAMED and self._chance(0.7):
            return [("\\" + self._NAMED[char], "")]
        return [(char, "")]

    def _escaped(self, char: str) -> list[tuple[str, str]]:
        choice = self.rng.randrange(4)
        if choice == 0:
            digits = format(ord(char), "x")
            digits = digits.upper() if self._chance(0.5) else digits
            digits = "0" * self.rng.randrange(3) + digits
            return [("\\u{" + digits + "}", "")]
        if char in self._NAMED and choice == 1:
            return [("\\" + self._NAMED[char], "")]
        tokens: list[tuple[str, str]] = []
        for byte in char.encode("utf-8"):
            if choice == 2 or choice == 1:
                if byte < 16 and self._chance(0.5):
                    tokens.append(("\\x" + format(byte, "x"), "x"))
                else:
                    hexa = format(byte, "02x")
                    tokens.append(("\\x" + (hexa.upper() if self._chance(0.5) else hexa), ""))
            else:
                if self._chance(0.5):
                    tokens.append(("\\" + format(byte, "o"), "o"))  # shortest, fixed later
                else:
                    tokens.append(("\\" + format(byte, "03o"), ""))
        return tokens

    # -- keys and arrays ------------------------------------------------------------------

    def write_key(self, key: Any) -> str:
        if isinstance(key, bool) or key is None:
            return self.write_bool_null(key)
        if isinstance(key, int):
            if key == PHP_INT_MIN:  # no int literal for it: `'-9223372036854775808'`
                return self.write_string(str(key))
            return self.write_int(key)
        if isinstance(key, float):
            return self.write_float(key)
        if isinstance(key, str):
            return self.write_string(key)
        raise TypeError(key)

    def write_value(self, node: Any, depth: int = 0) -> str:
        if isinstance(node, PhpArray):
            return self.write_array(node, depth)
        if isinstance(node, BigInt):
            return self.write_bigint(node)
        if isinstance(node, bool) or node is None:
            return self.write_bool_null(node)
        if isinstance(node, int):
            return self.write_int(node)
        if isinstance(node, float):
            return self.write_float(node)
        if isinstance(node, str):
            return self.write_string(node)
        raise TypeError(node)

    def _trailing(self) -> bool:
        if self.opt.trailing_comma == "always":
            return True
        if self.opt.trailing_comma == "never":
            return False
        return self._chance(0.5)

    def write_array(self, node: PhpArray, depth: int = 0) -> str:
        style = self.opt.style
        if style == "long":
            return self._write_long(node, depth)
        if style == "oneline":
            return self._write_oneline(node, depth)
        return self._write_short(node, depth)

    def _write_short(self, node: PhpArray, depth: int) -> str:
        """Symfony VarExporter / pretty-printer layout: `[\\n    'k' => v,\\n]`."""
        if not node.items:
            return "[" + self.gap() + "]"
        indent = "    " * (depth + 1)
        out = ["[", self.gap()]
        for index, (key, value) in enumerate(node.items):
            out.append("\n" + indent)
            if key is not NO_KEY:
                out += [self.write_key(key), self.gap() or " ", "=>", self.gap() or " "]
            out.append(self.write_value(value, depth + 1))
            if index < len(node.items) - 1 or self._trailing():
                out += [self.gap(), ","]
            out.append(self.gap())
        out.append("\n" + "    " * depth + "]")
        return "".join(out)

    def _write_long(self, node: PhpArray, depth: int) -> str:
        """var_export layout: `array (\\n  0 => 'x',\\n  'k' => \\n  array (\\n  ),\\n)`."""
        indent = "  " * depth
        opener = self._case("array") + self.rng.choice([" (", "(", "  (", "\n("])
        if self.opt.comments and self.opt.array_comments and self._chance(0.1):
            opener = self._case("array") + " " + self.comment() + "("
        out = [opener]
        for index, (key, value) in enumerate(node.items):
            out.append("\n" + indent + "  ")
            if key is not NO_KEY:
                out += [self.write_key(key), self.gap() or " ", "=>", self.gap() or " "]
            if isinstance(value, PhpArray):
                out.append("\n" + indent + "  ")
            out.append(self.write_value(value, depth + 1))
            if index < len(node.items) - 1 or self._trailing():
                out += [self.gap(), ","]
            out.append(self.gap())
        out.append("\n" + indent + ")")
        return "".join(out)

    def _write_oneline(self, node: PhpArray, depth: int) -> str:
        """Everything on one line, minimal spacing, short or long arrays at random."""
        long = self._chance(0.3)
        out = [self._case("array") + "(" if long else "["]
        for index, (key, value) in enumerate(node.items):
            if key is not NO_KEY:
                out += [self.write_key(key), self.gap(newline_ok=False), "=>"]
                out.append(self.gap(newline_ok=False))
            out.append(self.write_value(value, depth + 1))
            if index < len(node.items) - 1 or (node.items and self._trailing()):
                out += [self.gap(newline_ok=False), ","]
            out.append(self.gap(newline_ok=False))
        out.append(")" if long else "]")
        return "".join(out)

    # -- the document ---------------------------------------------------------------------

    def write_document(self, node: Any) -> str:
        body = self.write_value(node)
        if not self.opt.framing:
            return f"<?php return {body};\n"
        head = "<?php" + self.gap(required=True)
        if self._chance(0.85):
            head += "return"
            head += self.gap(required=not body.startswith(("[", "'", '"', "-")))
        tail = self.gap()
        ending = self.rng.randrange(4)
        if ending == 0:
            tail += ";"
        elif ending == 1:
            tail += ";" + self.gap() + "?>"
        elif ending == 2:
            tail += "?>"
        # ending == 3: nothing at all
        tail += self.rng.choice(["", "\n", "\r\n"])
        bom = "\ufeff" if self._chance(0.1) else ""
        return bom + head + body + tail

    def write_headless(self, node: PhpArray) -> str:
        """The document with its head cut off: the elements of ``node``, then `]` or `)`."""
        assert node.items and node.items[0][0] is not NO_KEY
        whole = self._write_short(node, 0)
        assert whole.startswith("[")
        body = whole[1:-1]  # drop `[` and the final `]`
        closer = self.rng.choice(["]", ")"])
        return body + closer + self.rng.choice(["", ";", ";\n", " ;", "; ?>"])


def write_document(node: Any, rng: Random, options: WriterOptions | None = None) -> str:
    """PHP source text `<?php return ...;` for a model node (see :class:`PhpWriter`)."""
    return PhpWriter(rng, options).write_document(node)


def var_export(value: Any, depth: int = 0) -> str:
    """PHP's ``var_export`` layout, deterministic, for a normalized Python value."""
    if isinstance(value, (list, dict)):
        items = enumerate(value) if isinstance(value, list) else value.items()
        indent = "  " * depth
        out = ["array ("]
        for key, item in items:
            key_text = f"'{key}'" if key == PHP_INT_MIN else var_export(key)
            out.append(f"\n{indent}  {key_text} => ")
            if isinstance(item, (list, dict)):
                out.append(f"\n{indent}  ")
            out.append(var_export(item, depth + 1) + ",")
        out.append(f"\n{indent})")
        return "".join(out)
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    raise TypeError(value)


# ---------------------------------------------------------------------------------------------
# Strict comparison: types too (True is not 1, 1 is not 1.0), dict order, NaN, -0.0
# ---------------------------------------------------------------------------------------------


def difference(got: Any, expected: Any, path: str = "$") -> str | None:
    """Where ``got`` and ``expected`` differ (exact types, key order, float bits), or None."""
    if type(got) is not type(expected):
        return f"{path}: type {type(got).__name__} ({got!r:.80}) != {type(expected).__name__}"
    if isinstance(expected, float):
        if math.isnan(expected) and math.isnan(got):
            return None
        if got != expected or math.copysign(1.0, got) != math.copysign(1.0, expected):
            return f"{path}: {got!r} != {expected!r}"
        return None
    if isinstance(expected, list):
        if len(got) != len(expected):
            return f"{path}: list of {len(got)} items != {len(expected)}"
        for index, (a, b) in enumerate(zip(got, expected, strict=True)):
            found = difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        got_keys, expected_keys = list(got), list(expected)
        if [(type(k), k) for k in got_keys] != [(type(k), k) for k in expected_keys]:
            return f"{path}: keys {got_keys!r:.200} != {expected_keys!r:.200}"
        for key in expected_keys:
            found = difference(got[key], expected[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if got != expected:
        return f"{path}: {got!r:.200} != {expected!r:.200}"
    return None


def assert_same(got: Any, expected: Any) -> None:
    found = difference(got, expected)
    assert found is None, found
