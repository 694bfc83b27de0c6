"""What `gen_sdk.phparray` reads: every piece of PHP syntax in its spec, valued as PHP does.

Every expected value here was checked against PHP 8.2's own `var_export` (except the
next-index-after-a-negative-key rule, which is PHP >= 8.3's and which 8.2 already follows
for literals). Values are compared strictly: types too (``True`` is not ``1``, ``1`` is not
``1.0``), dict key order and key types, ``-0.0`` and ``NaN``.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pytest
from support.php_writer import assert_same

from gen_sdk.phparray import PhpArrayWarning, PhpSyntaxError, load, loads

ROOT = Path(__file__).resolve().parents[2]
SEED_SPEC = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"


def parse(text: str, **kwargs: Any) -> Any:
    """``loads`` that also checks no PhpArrayWarning was raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = loads(text, **kwargs)
    php = [w for w in caught if issubclass(w.category, PhpArrayWarning)]
    assert not php, [str(w.message) for w in php]
    return value


def parse_warned(text: str, **kwargs: Any) -> tuple[Any, list[PhpArrayWarning]]:
    """``loads`` and the PhpArrayWarnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = loads(text, **kwargs)
    return value, [w.message for w in caught if issubclass(w.category, PhpArrayWarning)]


def value_of(expression: str) -> Any:
    """The value of a PHP expression, as `<?php return EXPR;`."""
    return parse(f"<?php return {expression};")


# ---------------------------------------------------------------------------------------------
# The public API
# ---------------------------------------------------------------------------------------------


def test_public_names() -> None:
    assert issubclass(PhpArrayWarning, UserWarning)
    assert issubclass(PhpSyntaxError, Exception)
    assert callable(loads)
    assert callable(load)


def test_load_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "api-docs.php"
    path.write_bytes("<?php return ['a' => '模', 'b' => [1, 2]];\n".encode())
    assert_same(load(path), {"a": "模", "b": [1, 2]})
    assert_same(load(str(path)), {"a": "模", "b": [1, 2]})


def test_load_does_not_translate_newlines(tmp_path: Path) -> None:
    # A CRLF file: the line break inside the string is two bytes in PHP, and stays so.
    path = tmp_path / "crlf.php"
    path.write_bytes(b"<?php\r\nreturn [\r\n    'a' => 'x\r\ny',\r\n];\r\n")
    assert_same(load(path), {"a": "x\r\ny"})


# ---------------------------------------------------------------------------------------------
# The document around the value
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<?php return [1, 2];",
        "<?php return [1, 2]",
        "<?php\nreturn [1, 2];\n",
        "<?php\n\n\nreturn\n[1, 2]\n;\n",
        "<?php\treturn\t[1, 2];",
        "<?php return[1, 2];",
        "<?php return [1, 2]; ?>",
        "<?php return [1, 2]; ?>\n",
        "<?php return [1, 2] ?>",
        "<?php return [1, 2];?>",
        "<?php [1, 2];",
        "<?php [1, 2]",
        "<?php\r\nreturn [1, 2];\r\n",
        "\ufeff<?php return [1, 2];",
        "\ufeff<?php return [1, 2]; ?>\n",
        "<?php /* c */ return /* c */ [1, 2] /* c */ ; /* c */",
        "<?php // c\nreturn // c\n[1, 2] // c\n; // c\n",
        "<?php # c\nreturn # c\n[1, 2] # c\n; # c\n",
        "<?php return [1, 2];\n// trailing comment",
        "<?php RETURN [1, 2];",
        "<?php Return [1, 2];",
    ],
)
def test_document_framing(text: str) -> None:
    assert_same(parse(text), [1, 2])


def test_bom_in_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.php"
    path.write_bytes(b"\xef\xbb\xbf<?php return ['k' => 'v'];\n")
    assert_same(load(path), {"k": "v"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<?php return 'x';", "x"),
        ("<?php return 5;", 5),
        ("<?php return -5;", -5),
        ("<?php return 1.5;", 1.5),
        ("<?php return true;", True),
        ("<?php return null;", None),
        ("<?php return 'a' . 'b';", "ab"),
    ],
)
def test_top_level_scalar(text: str, expected: Any) -> None:
    assert_same(parse(text), expected)


# ---------------------------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[]", []),
        ("[ ]", []),
        ("[\n]", []),
        ("array()", []),
        ("array ()", []),
        ("array (\n)", []),
        ("ARRAY()", []),
        ("Array ( )", []),
        ("aRrAy\n(\n)", []),
        ("array /* c */ ()", []),
        ("[1]", [1]),
        ("[1,]", [1]),
        ("[1, 2, 3]", [1, 2, 3]),
        ("[1, 2, 3,]", [1, 2, 3]),
        ("[1, 2, 3 , ]", [1, 2, 3]),
        ("array(1, 2, 3)", [1, 2, 3]),
        ("array(1, 2, 3,)", [1, 2, 3]),
        ("ARRAY (1, 2, 3)", [1, 2, 3]),
        ("Array(1)", [1]),
        ("array(\n  0 => 'x',\n  1 => 'y',\n)", ["x", "y"]),
        ("['a' => 1]", {"a": 1}),
        ("['a' => 1,]", {"a": 1}),
        ("['a'=>1,'b'=>2]", {"a": 1, "b": 2}),
        ("['a'\n=>\n1]", {"a": 1}),
        ("[[]]", [[]]),
        ("[[], [[]], array()]", [[], [[]], []]),
        ("[[1, [2, [3, [4]]]]]", [[1, [2, [3, [4]]]]]),
        ("array('a' => array('b' => [1, array(2)]))", {"a": {"b": [1, [2]]}}),
        ("['x', 'k' => 'v', 'y']", {0: "x", "k": "v", 1: "y"}),
        ("['k' => 'v', 'x']", {"k": "v", 0: "x"}),
        ("[1 => 'a', 0 => 'b']", {1: "a", 0: "b"}),
        ("[0 => 'a', 1 => 'b']", ["a", "b"]),
        ("['0' => 'a', '1' => 'b']", ["a", "b"]),
        ("[0 => 'a', 2 => 'b']", {0: "a", 2: "b"}),
        ("[1 => 'a', 2 => 'b']", {1: "a", 2: "b"}),
        ("[0 => 'a', 'b']", ["a", "b"]),
    ],
)
def test_arrays(expression: str, expected: Any) -> None:
    assert_same(value_of(expression), expected)


def test_var_export_layout() -> None:
    text = (
        "<?php return array (\n"
        "  'version' => '1.0',\n"
        "  'info' => \n"
        "  array (\n"
        "    'style' => 'ROA',\n"
        "    'tags' => \n"
        "    array (\n"
        "      0 => 'a',\n"
        "      1 => 'b',\n"
        "    ),\n"
        "  ),\n"
        "  200 => \n"
        "  array (\n"
        "  ),\n"
        ");\n"
    )
    assert_same(
        parse(text),
        {"version": "1.0", "info": {"style": "ROA", "tags": ["a", "b"]}, 200: []},
    )


def test_symfony_var_exporter_layout() -> None:
    text = (
        "<?php\n\nreturn [\n"
        "    'description' => 'line one'.\"\\n\"\n"
        "        .'line two'.\"\\n\"\n"
        "        .'line three',\n"
        "    'items' => [\n"
        "        'a',\n"
        "        'b',\n"
        "    ],\n"
        "];\n"
    )
    assert_same(
        parse(text),
        {"description": "line one\nline two\nline three", "items": ["a", "b"]},
    )


# ---------------------------------------------------------------------------------------------
# Single-quoted strings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("''", ""),
        ("'abc'", "abc"),
        (r"'\n'", "\\n"),
        (r"'\t\r\v\e\f\$\"\x41\101\u{41}'", r"\t\r\v\e\f\$\"\x41\101\u{41}"),
        (r"'\\'", "\\"),
        (r"'\\\\'", "\\\\"),
        (r"'\''", "'"),
        (r"'it\'s'", "it's"),
        (r"'a\b'", "a\\b"),
        (r"'a\\b'", "a\\b"),
        (r"'\\\''", "\\'"),
        (r"'a\\\b'", "a\\\\b"),
        ("'\"'", '"'),
        ("'$x'", "$x"),
        ("'${x}'", "${x}"),
        ("'{$x}'", "{$x}"),
        ("'line\nbreak'", "line\nbreak"),
        ("'crlf\r\nbreak'", "crlf\r\nbreak"),
        ("'tab\there'", "tab\there"),
        ("'模型 🚀 é'", "模型 🚀 é"),
        ("'// not a comment'", "// not a comment"),
        ("'/* not a comment */'", "/* not a comment */"),
        ("'# not a comment'", "# not a comment"),
        ("'?>'", "?>"),
        ("'<?php'", "<?php"),
        ("'],['", "],["),
        ("'a' . 'b'", "ab"),
    ],
)
def test_single_quoted(literal: str, expected: str) -> None:
    assert_same(value_of(literal), expected)


# ---------------------------------------------------------------------------------------------
# Double-quoted strings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ('""', ""),
        ('"abc"', "abc"),
        (r'"\n"', "\n"),
        (r'"\t"', "\t"),
        (r'"\r"', "\r"),
        (r'"\v"', "\x0b"),
        (r'"\e"', "\x1b"),
        (r'"\f"', "\x0c"),
        (r'"\\"', "\\"),
        (r'"\$"', "$"),
        (r'"\""', '"'),
        (r'"\$x"', "$x"),
        (r'"a\nb\tc"', "a\nb\tc"),
        # octal: 1 to 3 digits, value & 0xFF
        (r'"\0"', "\x00"),
        (r'"\7"', "\x07"),
        (r'"\60"', "0"),
        (r'"\101"', "A"),
        (r'"\1011"', "A1"),
        (r'"\08"', "\x008"),
        (r'"\0000"', "\x000"),
        (r'"\177"', "\x7f"),
        # hex: 1 or 2 digits
        (r'"\x41"', "A"),
        (r'"\x4a"', "J"),
        (r'"\x4A"', "J"),
        (r'"\x4"', "\x04"),
        (r'"\x414"', "A4"),
        (r'"\x0"', "\x00"),
        (r'"\X41"', "A"),  # PHP accepts an upper-case \X too
        (r'"\xg"', "\\xg"),
        (r'"\x"', "\\x"),
        # \u{...}: a code point, any number of hex digits
        (r'"\u{41}"', "A"),
        (r'"\u{0041}"', "A"),
        (r'"\u{000041}"', "A"),
        (r'"\u{e9}"', "é"),
        (r'"\u{6A21}"', "模"),
        (r'"\u{6a21}"', "模"),
        (r'"\u{1F680}"', "🚀"),
        (r'"\u{10FFFF}"', "\U0010ffff"),
        (r'"\u{0}"', "\x00"),
        (r'"\u0041"', "\\u0041"),
        (r'"\u"', "\\u"),
        # unknown escapes keep their backslash
        (r'"\q"', "\\q"),
        (r'"\a"', "\\a"),
        (r'"\'"', "\\'"),
        (r'"\{"', "\\{"),
        (r'"\ "', "\\ "),
        (r'"\8"', "\\8"),
        (r'"\N"', "\\N"),
        (r'"\\n"', "\\n"),
        (r'"\\\n"', "\\\n"),
        # `$` with no name after it is literal; so are braces on their own
        ('"$"', "$"),
        ('"a$"', "a$"),
        ('"a$ b"', "a$ b"),
        ('"$1"', "$1"),
        ('"$-"', "$-"),
        ('"$."', "$."),
        ('"cost: 5$"', "cost: 5$"),
        ('"{"', "{"),
        ('"}"', "}"),
        ('"{ }"', "{ }"),
        ('"a{b}"', "a{b}"),
        ('"\'"', "'"),
        ('"line\nbreak"', "line\nbreak"),
        ('"模型"', "模型"),
        ('"a" . "b"', "ab"),
    ],
)
def test_double_quoted(literal: str, expected: str) -> None:
    assert_same(value_of(literal), expected)


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        # PHP reads escapes as bytes; bytes that form UTF-8 are that text.
        (r'"\xe6\xa8\xa1"', "模"),
        (r'"\xE6\xA8\xA1\xE5\x9E\x8B"', "模型"),
        (r'"\xc3\xa9"', "é"),
        (r'"\303\251"', "é"),
        (r'"\346\250\241"', "模"),
        (r'"\xf0\x9f\x9a\x80"', "🚀"),
        (r'"a\xc3\xa9b"', "aéb"),
        (r'"\xe6\250\xa1"', "模"),
        (r'"\xe6\xa8\xa1\u{6A21}模"', "模模模"),
        # Octal beyond \377: PHP keeps value & 0xFF (\501 = 0x141 -> 0x41).
        (r'"\501"', "A"),
        (r'"\400"', "\x00"),
        (r'"\703\651"', "é"),
    ],
)
def test_byte_escapes_decode_as_utf8(literal: str, expected: str) -> None:
    # (PHP also warns "Octal escape sequence overflow" for \400..\777; not asserted here.)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = loads(f"<?php return {literal};")
    assert_same(got, expected)


def test_utf8_bytes_split_across_concatenation() -> None:
    # `.` joins bytes: the three bytes of 模 make the character even across pieces.
    assert_same(value_of(r'"\xe6" . "\xa8\xa1"'), "模")
    assert_same(value_of(r'"\xe6\xa8" . "\xa1" . "!"'), "模!")


@pytest.mark.parametrize(
    "literal",
    [
        '"$x"',
        '"a $name b"',
        '"$_"',
        '"$模"',
        '"{$x}"',
        '"$x[0]"',
        '"$x->y"',
        '"${x}"',
        '"\\\\$x"',  # an escaped backslash, then a real variable
    ],
)
def test_variables_in_double_quotes_are_an_error(literal: str) -> None:
    with pytest.raises(PhpSyntaxError):
        loads(f"<?php return [{literal}];")


# ---------------------------------------------------------------------------------------------
# Concatenation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("'a'.'b'", "ab"),
        ("'a' . 'b'", "ab"),
        ("'a'   .   'b'", "ab"),
        ("'a'\n.'b'", "ab"),
        ("'a'.\n'b'", "ab"),
        ("'a'\n    .\n    'b'", "ab"),
        ("'a'\r\n.'b'", "ab"),
        ("'a'.\"\\n\".'b'", "a\nb"),
        ("'a'.\"\\n\"\n        .'b'.\"\\n\"\n        .'c'", "a\nb\nc"),
        ("'a' /* c */ . // c\n 'b' # c\n . 'c'", "abc"),
        ("'' . ''", ""),
        ("'x' . '' . 'y'", "xy"),
        ('"a" . \'b\' . "c"', "abc"),
        ("'1' . '2'", "12"),
    ],
)
def test_concatenation(expression: str, expected: str) -> None:
    assert_same(value_of(expression), expected)


def test_concatenated_key_and_value() -> None:
    assert_same(
        value_of("['a' . 'b' => 'c' . 'd', '1' . '2' => 'x']"),
        {"ab": "cd", 12: "x"},
    )


# ---------------------------------------------------------------------------------------------
# Numbers and constants
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("0", 0),
        ("-0", 0),
        ("7", 7),
        ("-7", -7),
        ("123456789", 123456789),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775807", -(2**63) + 1),
        ("0x1F", 31),
        ("0x1f", 31),
        ("0X1F", 31),
        ("0x0", 0),
        ("-0x1F", -31),
        ("0x7FFFFFFFFFFFFFFF", 2**63 - 1),
        ("0o17", 15),
        ("0O17", 15),
        ("017", 15),
        ("00", 0),
        ("0777", 511),
        ("-017", -15),
        ("0b101", 5),
        ("0B101", 5),
        ("-0b101", -5),
        ("1_000", 1000),
        ("1_000_000", 1000000),
        ("0x1_F", 31),
        ("0b1_01", 5),
        ("0o1_7", 15),
        ("01_7", 15),
        ("-1_000", -1000),
        ("- 5", -5),
    ],
)
def test_integers(literal: str, expected: int) -> None:
    assert_same(value_of(literal), expected)


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        # Beyond PHP_INT_MAX a literal is a float (unary minus comes after, so even this one).
        ("9223372036854775808", 9223372036854775808.0),
        ("-9223372036854775808", -9223372036854775808.0),
        ("18446744073709551616", 18446744073709551616.0),
        ("100000000000000000000000", 1e23),
        ("9_223_372_036_854_775_808", 9223372036854775808.0),
        ("0xFFFFFFFFFFFFFFFF", 18446744073709551615.0),
        ("0x8000000000000000", 9223372036854775808.0),
        ("0o1777777777777777777777", 18446744073709551615.0),
    ],
)
def test_integer_overflow_is_float(literal: str, expected: float) -> None:
    assert_same(value_of(literal), expected)


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("1.5", 1.5),
        ("-1.5", -1.5),
        ("0.0", 0.0),
        ("-0.0", -0.0),
        ("1.5e3", 1500.0),
        ("1.5E3", 1500.0),
        ("1.5e+3", 1500.0),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
        ("-1E-2", -0.01),
        (".5", 0.5),
        ("-.5", -0.5),
        ("1.", 1.0),
        ("-1.", -1.0),
        (".5e1", 5.0),
        ("1.e1", 10.0),
        ("0.1", 0.1),
        ("3.141592653589793", 3.141592653589793),
        ("1.7976931348623157e308", 1.7976931348623157e308),
        ("5e-324", 5e-324),
        ("1e400", math.inf),
        ("2.5e-5", 2.5e-05),
        ("1_000.5", 1000.5),
        ("1e1_0", 1e10),
        ("0e0", 0.0),
        ("007.5", 7.5),
        ("010e1", 100.0),
    ],
)
def test_floats(literal: str, expected: float) -> None:
    assert_same(value_of(literal), expected)


def test_inf_and_nan() -> None:
    assert_same(value_of("INF"), math.inf)
    assert_same(value_of("-INF"), -math.inf)
    nan = value_of("NAN")
    assert isinstance(nan, float) and math.isnan(nan)
    assert_same(value_of("[INF, -INF]"), [math.inf, -math.inf])


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("True", True),
        ("tRuE", True),
        ("false", False),
        ("FALSE", False),
        ("False", False),
        ("null", None),
        ("NULL", None),
        ("Null", None),
        ("nUlL", None),
    ],
)
def test_constants(literal: str, expected: Any) -> None:
    assert_same(value_of(literal), expected)
    assert_same(value_of(f"[{literal}]"), [expected])


def test_types_are_exact() -> None:
    got = value_of("[true, 1, 1.0, '1', false, 0, 0.0, '0', null, '']")
    types = [bool, int, float, str, bool, int, float, str, type(None), str]
    assert [type(item) for item in got] == types
    assert_same(got, [True, 1, 1.0, "1", False, 0, 0.0, "0", None, ""])


# ---------------------------------------------------------------------------------------------
# Comments and whitespace
# ---------------------------------------------------------------------------------------------


def test_comments_everywhere_between_tokens() -> None:
    text = (
        "<?php /* a */ return /* b */ [ // c\n"
        "  # d\n"
        "  'k' /* e */ => /* f */ 'v' /* g */ , // h\n"
        "  /** doc */ 'l' => array /* i */ ( /* j */ 1 /* k */ , /* l */ ) /* m */ ,\n"
        "  'm' => 'x' /* n */ . /* o */ 'y',\n"
        "  /* p */ ] /* q */ ; /* r */ // s\n"
    )
    assert_same(parse(text), {"k": "v", "l": [1], "m": "xy"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<?php return [1, /* 2, */ 3];", [1, 3]),
        ("<?php return [1, // 2,\n 3];", [1, 3]),
        ("<?php return [1, # 2,\n 3];", [1, 3]),
        ("<?php return [1, /* ] */ 3];", [1, 3]),
        ("<?php return [1, /* ' */ 3];", [1, 3]),
        ("<?php return [1, /* multi\nline\n*/ 3];", [1, 3]),
        ("<?php return [1, /***/ 3];", [1, 3]),
        ("<?php return [1, /* /* */ 3];", [1, 3]),
        ("<?php return [1, //\n 3];", [1, 3]),
        ("<?php return [1, #\n 3];", [1, 3]),
        ("<?php return [1, // 'unterminated\n 3];", [1, 3]),
        ("<?php return [1,\r\n// crlf\r\n3];", [1, 3]),
        ("<?php return [1,\n\n\t \n3];", [1, 3]),
        ("<?php return ['a'=>1//x\n];", {"a": 1}),
    ],
)
def test_comments(text: str, expected: Any) -> None:
    assert_same(parse(text), expected)


# ---------------------------------------------------------------------------------------------
# Keys: PHP's casts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("'200'", 200),
        ('"200"', 200),
        ("'-5'", -5),
        ("'0'", 0),
        ("'9223372036854775807'", 2**63 - 1),
        ("'-9223372036854775808'", -(2**63)),
        ("'05'", "05"),
        ("'00'", "00"),
        ("'1.0'", "1.0"),
        ("'-0'", "-0"),
        ("' 1'", " 1"),
        ("'1 '", "1 "),
        ("'+1'", "+1"),
        ("'1e3'", "1e3"),
        ("'0x1A'", "0x1A"),
        ("'9223372036854775808'", "9223372036854775808"),
        ("'-9223372036854775809'", "-9223372036854775809"),
        ("'\uff11'", "\uff11"),  # a fullwidth digit is not a decimal digit for PHP
        ("''", ""),
        ("'abc'", "abc"),
        ("true", 1),
        ("TRUE", 1),
        ("false", 0),
        ("null", ""),
        ("NULL", ""),
        ("1.7", 1),
        ("1.2e1", 12),
        ("-1.5", -1),
        ("-0.5", 0),
        ("0.9", 0),
        ("5.0", 5),
        ("0x1F", 31),
        ("017", 15),
        ("-7", -7),
        ("'1' . '0'", 10),
    ],
)
def test_key_casts(key: str, expected: int | str) -> None:
    # One element with a non-zero marker key after it: the result is always a dict.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        got = value_of(f"['marker' => 0, {key} => 'v']")
    assert_same(got, {"marker": 0, expected: "v"})


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[-5 => 'a', 'b']", {-5: "a", -4: "b"}),
        ("[-5 => 'a', -10 => 'b', 'c']", {-5: "a", -10: "b", -4: "c"}),
        ("[5 => 'a', 2 => 'b', 'c']", {5: "a", 2: "b", 6: "c"}),
        ("['x' => 1, 'y']", {"x": 1, 0: "y"}),
        ("['x' => 1, 'y', 'z']", {"x": 1, 0: "y", 1: "z"}),
        ("[true => 'a', 'b']", {1: "a", 2: "b"}),
        ("[false => 'a', 'b']", ["a", "b"]),
        ("[null => 'a', 'b']", {"": "a", 0: "b"}),
        ("['7' => 'a', 'b']", {7: "a", 8: "b"}),
        ("['07' => 'a', 'b']", {"07": "a", 0: "b"}),
        ("[2.9 => 'a', 'b']", {2: "a", 3: "b"}),
        ("[3 => 'a', 1 => 'b', 'c', 'd']", {3: "a", 1: "b", 4: "c", 5: "d"}),
        ("['a', 'b', 0 => 'c', 'd']", ["c", "b", "d"]),
        ("[-3 => 'a', 0 => 'b', 'c']", {-3: "a", 0: "b", 1: "c"}),
        ("['-1' => 'a', 'b']", {-1: "a", 0: "b"}),
        ("[9223372036854775806 => 'a', 'b']", {2**63 - 2: "a", 2**63 - 1: "b"}),
    ],
)
def test_next_index(expression: str, expected: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repeated keys in one case; checked elsewhere
        got = loads(f"<?php return {expression};")
    assert_same(got, expected)


def test_next_index_after_php_int_max_is_an_error() -> None:
    # PHP: "Cannot add element to the array as the next element is already occupied".
    with pytest.raises(PhpSyntaxError):
        loads("<?php return [9223372036854775807 => 'a', 'b'];")


def test_float_key_beyond_int_range_is_still_a_php_int() -> None:
    # PHP keys are 64-bit ints or strings; PHP 8.2 maps 1e20 to 7766279631452241920
    # (modular). Whatever the version, the key cannot be an int outside the int64 range.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = loads("<?php return ['m' => 0, 1e20 => 'a'];")
    assert isinstance(got, dict) and len(got) == 2
    key = list(got)[1]
    assert type(key) is int and -(2**63) <= key <= 2**63 - 1, key


def test_signs() -> None:
    assert_same(value_of("[+5, +1.5, -0x10, - 5, -0b11, -1e3]"), [5, 1.5, -16, -5, -3, -1000.0])


def test_repeated_signs() -> None:
    # Unary minus/plus compose in PHP: `- -5` is 5, `-+5` is -5 (but `--5` is an error).
    assert_same(value_of("[- -5, -+5, +-5, - - 1.5]"), [5, -5, -5, 1.5])


def test_array_as_key_is_an_error() -> None:
    # PHP: "Illegal offset type".
    with pytest.raises(PhpSyntaxError):
        loads("<?php return [[1] => 'a'];")


@pytest.mark.parametrize(
    ("expression", "expected", "repeats"),
    [
        ("['a' => 1, 'b' => 2, 'a' => 3]", {"a": 3, "b": 2}, 1),
        ("['a' => 1, 'a' => 2, 'a' => 3]", {"a": 3}, 2),
        ("[0 => 'a', 1 => 'b', 0 => 'c']", ["c", "b"], 1),
        ("['1' => 'a', 1 => 'b']", {1: "b"}, 1),
        ("[1 => 'a', true => 'b']", {1: "b"}, 1),
        ("[1 => 'a', 1.5 => 'b']", {1: "b"}, 1),
        ("[0 => 'a', false => 'b', '0' => 'c', 0.1 => 'd']", ["d"], 3),
        ("['' => 'a', null => 'b']", {"": "b"}, 1),
        ("['x' => 'a', 'y' => 'b', 'x' => ['z']]", {"x": ["z"], "y": "b"}, 1),
        ("['a', 'b', 1 => 'B']", ["a", "B"], 1),
        ("['05' => 1, 5 => 2, '05' => 3]", {"05": 3, 5: 2}, 1),
    ],
)
def test_repeated_keys(expression: str, expected: Any, repeats: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        got, caught = parse_warned(f"<?php return {expression};")
    assert_same(got, expected)
    assert list(got) == list(expected)  # the first position is kept
    assert len(caught) == repeats, [str(w) for w in caught]
    assert all(isinstance(w, PhpArrayWarning) for w in caught)


def test_repeated_key_warning_names_the_key_and_place() -> None:
    text = "<?php return [\n    'alpha' => 1,\n    'alpha' => 2,\n];"
    got, caught = parse_warned(text, filename="spec.php")
    assert_same(got, {"alpha": 2})
    assert len(caught) == 1
    message = str(caught[0])
    assert "alpha" in message
    assert "spec.php" in message
    assert ":3:" in message, message  # points at the second occurrence


def test_nested_repeats_in_different_arrays_are_fine() -> None:
    # The same key in two different arrays is not a repeat.
    assert_same(value_of("['a' => ['a' => 1], 'b' => ['a' => 2]]"), {"a": {"a": 1}, "b": {"a": 2}})


def test_list_or_dict() -> None:
    assert_same(value_of("[]"), [])
    assert_same(value_of("[0 => 'a']"), ["a"])
    assert_same(value_of("[1 => 'a']"), {1: "a"})
    assert_same(value_of("['0' => 'a', '1' => 'b']"), ["a", "b"])
    assert_same(value_of("['a', 'b']"), ["a", "b"])
    assert_same(value_of("[1 => 'b', 0 => 'a']"), {1: "b", 0: "a"})
    assert_same(value_of("[false => 'a', true => 'b']"), ["a", "b"])
    assert_same(value_of("[0.5 => 'a', 1.5 => 'b']"), ["a", "b"])
    assert_same(value_of("['0' => 'a', 'x' => 'b']"), {0: "a", "x": "b"})
    assert_same(value_of("['00' => 'a']"), {"00": "a"})


# ---------------------------------------------------------------------------------------------
# Heredoc and nowdoc (optional in the spec)
# ---------------------------------------------------------------------------------------------

HEREDOCS = [
    ("<<<EOT\nhello\nEOT", "hello"),
    ('<<<"EOT"\nhello\nEOT', "hello"),
    ("<<<EOT\nline1\nline2\nEOT", "line1\nline2"),
    ("<<<EOT\na\\tb \\x41 \\u{6A21} \\$x\nEOT", "a\tb A 模 $x"),
    ("<<<EOT\n  a\n    b\n  EOT", "a\n  b"),  # PHP 7.3 flexible heredoc
    ("<<<EOT\nquotes ' and \" stay\nEOT", "quotes ' and \" stay"),
    ("<<<'EOT'\nhello\nEOT", "hello"),
    ("<<<'EOT'\nraw \\n \\t $x {$y}\nEOT", "raw \\n \\t $x {$y}"),
    ("<<<'EOT'\n  a\n   b\n  EOT", "a\n b"),
    ("<<<EOT\nEOT", ""),
]


@pytest.mark.parametrize(("literal", "expected"), HEREDOCS)
def test_heredoc_and_nowdoc(literal: str, expected: str) -> None:
    text = f"<?php return [\n    'k' => {literal},\n    'after' => 1,\n];\n"
    try:
        got = loads(text)
    except PhpSyntaxError as exc:
        if "<<<" in (text.splitlines()[exc.line - 1] if exc.line <= len(text.splitlines()) else ""):
            pytest.skip(f"heredoc/nowdoc not supported by the parser: {exc.message}")
        raise
    assert_same(got, {"k": expected, "after": 1})


# ---------------------------------------------------------------------------------------------
# A document whose head was cut off
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'a' => 1, 'b' => [2], ];", {"a": 1, "b": [2]}),
        ("'a' => 1, 'b' => [2] ];", {"a": 1, "b": [2]}),
        ("'a' => 1, 'b' => [2], ]", {"a": 1, "b": [2]}),
        ("'a' => 1, 'b' => array(2), );", {"a": 1, "b": [2]}),
        ("'a' => 1 )", {"a": 1}),
        ("\n  'a' => 1,\n  'b' => 2,\n];\n", {"a": 1, "b": 2}),
        ("'a' => 1, ]; ?>", {"a": 1}),
        ("'a' => 'x' . 'y', 'b' => ['c' => true]];", {"a": "xy", "b": {"c": True}}),
        ("'k' => 1, 0 => 'x', ];", {"k": 1, 0: "x"}),
        ("\ufeff'a' => 1, ];", {"a": 1}),
    ],
)
def test_truncated_head(text: str, expected: Any) -> None:
    got, caught = parse_warned(text)
    assert_same(got, expected)
    assert len(caught) == 1, [str(w) for w in caught]


def test_truncated_head_warning_says_what_was_recovered() -> None:
    _, caught = parse_warned("'a' => 1, ];", filename="cut.php")
    assert len(caught) == 1
    message = str(caught[0]).lower()
    assert "cut.php" in message
    assert any(word in message for word in ("head", "truncat", "missing", "recover")), message


@pytest.mark.parametrize(
    "text",
    [
        "'a' => 1, ]; ]",  # a second unmatched bracket
        "'a' => 1 ] ]",
        "'a' => [1 ) ;",  # mismatched brackets
        "'a' => 1, ]; 'b'",  # text after the end
        "'a' => 1, ]]",
        "=> 1, ];",
        ", 'a' => 1, ];",
        "'a' => 1, ]; [",
        "<?php 'a' => 1, ];",  # with an open tag the head is not missing
        "<?php return 'a' => 1, ];",
    ],
)
def test_malformed_truncated_heads_are_errors(text: str) -> None:
    with pytest.raises(PhpSyntaxError):
        loads(text)


def test_seed_spec_with_truncated_head() -> None:
    """The real spec in the repo starts with `'1.0', 'info' => [` (head cut off)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spec = load(SEED_SPEC)
    php = [w for w in caught if issubclass(w.category, PhpArrayWarning)]
    assert len(php) == 1, [str(w.message) for w in php]
    # The head `<?php return [ 'version' =>` is gone, so PHP's rule gives the first,
    # unkeyed element key 0; the warning says so rather than guessing the lost key.
    message = str(php[0].message)
    assert "starts inside an array" in message and "key 0" in message and "'1.0'" in message
    assert isinstance(spec, dict)
    assert list(spec) == [0, "info", "directories", "components", "apis", "endpoints"]
    assert spec[0] == "1.0"
    assert spec["info"] == {
        "style": "ROA",
        "product": "PAIModelGallery",
        "version": "2025-06-30",
    }
    assert spec["directories"][0]["title"] == "ModelGallery模型"
    assert spec["directories"][0]["id"] == 355738
    assert isinstance(spec["endpoints"], list)
    assert {"regionId": "us-east-1", "endpoint": "paimodelgallery.us-east-1.aliyuncs.com"} in (
        spec["endpoints"]
    )


def test_seed_spec_body_with_head_restored() -> None:
    """The same file with its head put back parses without any warning, to the same body."""
    body = SEED_SPEC.read_text(encoding="utf-8")
    whole = parse("<?php return [ 'version' => " + body)
    assert isinstance(whole, dict)
    assert list(whole)[:2] == ["version", "info"]
    assert whole["version"] == "1.0"
    assert whole["info"]["style"] == "ROA"
