"""Malformed input: `PhpSyntaxError` at the right 1-based line and column, with a message
that helps, and `str(err)` showing `file:line:column`, the source line and a caret."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.phparray import PhpSyntaxError, load, loads
from gen_sdk.phparray.parser import GRAMMAR_FILE
from gen_sdk.phparray.runs import RunKind


def where(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, columns counted in characters."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """(line, column) of the ``occurrence``-th ``needle`` in ``text``."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    return where(text, offset)


def eof(text: str) -> tuple[int, int]:
    return where(text, len(text))


def error_of(text: str, filename: str | None = "spec.php") -> PhpSyntaxError:
    with pytest.raises(PhpSyntaxError) as info:
        loads(text, filename=filename)
    return info.value


def check(err: PhpSyntaxError, expected: tuple[int, int], *words: str) -> None:
    assert (err.line, err.column) == expected, f"{(err.line, err.column)} != {expected}: {err}"
    message = err.message.lower()
    for word in words:
        assert word.lower() in message, f"{word!r} not in {err.message!r}"


def check_rendering(err: PhpSyntaxError, text: str, filename: str) -> None:
    """`str(err)`: `file:line:column: ...message...`, then the source line, then a caret."""
    rendered = str(err)
    lines = rendered.split("\n")
    head = f"{filename}:{err.line}:{err.column}: "
    assert lines[0].startswith(head), rendered
    assert err.message in lines[0], rendered
    source_line = text.split("\n")[err.line - 1].rstrip("\r") if text else ""
    # The source line is shown (maybe indented), the caret line right under it.
    for index in range(1, len(lines) - 1):
        shown = lines[index]
        if source_line and shown.strip() == source_line.strip():
            prefix = (
                len(shown)
                - len(shown.lstrip(" "))
                - (len(source_line) - len(source_line.lstrip(" ")))
            )
            caret_line = lines[index + 1]
            assert caret_line.strip() == "^", rendered
            assert caret_line.index("^") == prefix + err.column - 1, rendered
            return
    if source_line:
        pytest.fail(f"source line {source_line!r} not shown in:\n{rendered}")


# ---------------------------------------------------------------------------------------------
# Unclosed arrays
# ---------------------------------------------------------------------------------------------


def innermost_open(text: str) -> tuple[int, int]:
    """Line and column of the innermost array still open at the end (these texts have no
    bracket inside a string)."""
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "[" or text.startswith("array(", index):
            stack.append(index)
        elif char in "])":
            stack.pop()
    opened = stack[-1]
    before = text[:opened]
    return before.count("\n") + 1, opened - before.rfind("\n")


@pytest.mark.parametrize(
    ("text", "closer"),
    [
        ("<?php return [1, 2", "]"),
        ("<?php return [1, 2,", "]"),
        ("<?php return ['a' => [1, 2]", "]"),
        ("<?php return array(1, 2", ")"),
        ("<?php return array(1, array(2)", ")"),
        ("<?php return [", "]"),
        ("<?php return [\n    'a' => 1,\n    'b' => [\n        2,\n    ],\n", "]"),
    ],
)
def test_unclosed_array_is_reported_where_it_was_opened(text: str, closer: str) -> None:
    err = error_of(text)
    check(err, innermost_open(text), closer)
    assert "not closed" in err.message and "end of the file" in err.message, err
    check_rendering(err, text, "spec.php")


def test_unclosed_array_with_trailing_newline() -> None:
    text = "<?php return [\n    1,\n    2\n"
    err = error_of(text)
    assert "]" in err.message
    assert (err.line, err.column) == (1, 14), str(err)  # where the array was opened


def test_unclosed_inner_array_then_semicolon() -> None:
    text = "<?php return ['a' => [1, 2];"
    err = error_of(text)
    check(err, at(text, ";"), "]")
    check_rendering(err, text, "spec.php")


# ---------------------------------------------------------------------------------------------
# Unterminated strings: reported where the string starts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote_at"),
    [
        ("<?php return ['a' => 'abc", ("'abc", 1)),
        ("<?php return ['a' => \"abc", ('"abc', 1)),
        ('<?php return [\n    "a" => 1,\n    "b" => \'abc,\n    2,\n];\n', ("'abc", 1)),
        ("<?php return [\n    'a' => 1,\n    'b' => \"line\n  more\n];\n", ('"line', 1)),
        ("<?php return ['it\\'s", ("'it", 1)),
        ('<?php return ["end\\"', ('"end', 1)),
        ("<?php return ['a\\\\' , 'b", ("'b", 1)),
        ("<?php return 'x' . 'y", ("'y", 1)),
    ],
)
def test_unterminated_string(text: str, quote_at: tuple[str, int]) -> None:
    err = error_of(text)
    check(err, at(text, *quote_at))
    message = err.message.lower()
    assert "string" in message or "quote" in message, err.message
    check_rendering(err, text, "spec.php")


def test_unterminated_string_reports_start_line_after_unicode() -> None:
    # Columns are characters, not bytes.
    text = "<?php return [\n  '模型' => \"never closed,\n  'b' => 1,\n];\n"
    err = error_of(text)
    assert at(text, '"never') == (2, 11)
    check(err, (2, 11))
    check_rendering(err, text, "spec.php")


def test_unterminated_comment() -> None:
    text = "<?php return [1, /* no end\n 2];\n"
    err = error_of(text)
    check(err, at(text, "/*"), "comment")


# ---------------------------------------------------------------------------------------------
# Missing values, stray tokens
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bad", "words"),
    [
        ("<?php return ['a' => ];", ("]", 1), ("value",)),
        ("<?php return ['a' => , 'b' => 1];", (",", 1), ("value",)),
        ("<?php return [\n    'a' =>\n];", ("]", 1), ("value",)),
        ("<?php return ['a' => 'b' => 'c'];", ("=>", 2), ()),
        ("<?php return [1 2];", ("2", 1), ("2",)),
        ("<?php return [1, 2 3];", ("3", 1), ("3",)),
        ("<?php return ['a' 'b'];", ("'b'", 1), ()),
        ("<?php return [1,, 2];", (",", 2), (",",)),
        ("<?php return [,];", (",", 1), ()),
        ("<?php return [, 1];", (",", 1), ()),
        ("<?php return array(1,, 2);", (",", 2), ()),
        ("<?php return [1] 2;", ("2", 1), ()),
        ("<?php return [1]];", ("]", 2), ()),
        ("<?php return [1);", (")", 1), ()),
        ("<?php return array(1];", ("]", 1), ()),
        ("<?php return [=> 1];", ("=>", 1), ()),
        ("<?php return ['a' = 1];", ("=", 1), ()),
        ("<?php return 'a' . ;", (";", 1), ()),
        ("<?php return 'a' .. 'b';", (".", 2), ()),
        ("<?php return ['a' . ];", ("]", 1), ()),
        ("<?php return [[1)];", (")", 1), ("]",)),
        ("<?php return [[1, 2)];", (")", 1), ("]",)),
        ("<?php return ['a' => [1)];", (")", 1), ("]",)),
        ("<?php return [1, array(2]];", ("]", 1), (")",)),
        ("<?php return array(array(1]);", ("]", 1), (")",)),
        ("<?php return [foo];", ("foo", 1), ()),
        ("<?php return [inf];", ("inf", 1), ()),
        ("<?php return\n[\n  1,\n  @\n];", ("@", 1), ()),
        ("<?php return [08];", ("08", 1), ()),
        ("<?php return [0x];", ("0x", 1), ()),
        ("<?php return [1__0];", ("1__0", 1), ()),
        ("<?php return [1_];", ("1_", 1), ()),
    ],
)
def test_stray_or_missing_token(text: str, bad: tuple[str, int], words: tuple[str, ...]) -> None:
    err = error_of(text)
    line, column = at(text, *bad)
    # The error points at the offending token; for a bad number literal it may point at the
    # part of it that is bad, but it must be on the right line and inside that token.
    if bad[0] in ("08", "0x", "1__0", "1_"):
        assert err.line == line and column <= err.column <= column + len(bad[0]), str(err)
    else:
        check(err, (line, column), *words)
        check_rendering(err, text, "spec.php")
    assert "expected" in err.message.lower() or "invalid" in err.message.lower(), err.message


#: The grammar's token names (``_RSQB_COMMA``, ``RUN_KEY``, ...): a message never shows one.
TERMINALS = {
    *re.findall(r"^(_?[A-Z][A-Z0-9_]*)(?:\.\d+)?\s*:", GRAMMAR_FILE.read_text(), re.M),
    *(kind.value for kind in RunKind),
    "$END",
}


@pytest.mark.parametrize(
    "text",
    [
        "<?php return ['a' => [1, 2, 'b' => 3];",  # a missing ']' (issue 12's example)
        "<?php return ['a' => [1, 2, 'b' => 3]",
        "<?php return [\n  'a' => ['x' => 1,\n  'b' => 2\n;",
        "<?php return ['a' => ];",
        "<?php return [1 2];",
        "<?php return [1,, 2];",
        "<?php return [1]];",
        "<?php return [1] 2;",
        "<?php return ['a' = 1];",
        "<?php return 'a' . ;",
        "<?php return ['k' => 'v', 'k2' => 'v2' 'k3' => 3];",
        "'a' => 1, 'b' => [2, 3;",
        "<?php return array(1, 2;",
        "<?php return array(1, [2);",
        "<?php return ['a' => [1]] x",
        "<?php return ['a' => [1] x",
        "<?php return [1, 2] @;",
    ],
)
def test_messages_name_tokens_as_a_person_would(text: str) -> None:
    message = error_of(text).message
    shown = set(re.findall(r"\$?[A-Z_][A-Z0-9_]*", message))
    assert not shown & TERMINALS, message
    if "(" not in text:  # a closing ')' is never an option in a file that opens none
        assert "')'" not in message, message


def test_a_missing_closing_bracket_reads_plainly() -> None:
    err = error_of("<?php return ['a' => [1, 2, 'b' => 3];")
    assert err.message == "expected ',' or ']', found ';'"
    # After the document's array, only its end: not what could follow inside an array.
    assert error_of("<?php return [1] 2;").message == "expected ';' or '?>', found a value '2'"


def test_expected_and_found_in_message() -> None:
    err = error_of("<?php return [1 2];")
    message = err.message.lower()
    assert "expected" in message and "found" in message, err.message
    assert "]" in err.message or "','" in err.message or "," in err.message, err.message


def test_stray_token_column_after_unicode() -> None:
    text = "<?php return ['模型' => 1 2];"
    err = error_of(text)
    check(err, at(text, "2]"))
    check_rendering(err, text, "spec.php")


def test_error_line_with_crlf() -> None:
    text = "<?php\r\nreturn [\r\n    1,\r\n    2 3,\r\n];\r\n"
    err = error_of(text)
    check(err, (4, 7))
    check_rendering(err, text, "spec.php")


def test_error_line_with_tabs_counts_one_column_per_tab() -> None:
    text = "<?php return [\n\t\t1 2\n];"
    err = error_of(text)
    check(err, (2, 5))


# ---------------------------------------------------------------------------------------------
# Empty and near-empty documents
# ---------------------------------------------------------------------------------------------


def test_empty_file() -> None:
    err = error_of("")
    check(err, (1, 1))
    assert any(w in err.message.lower() for w in ("empty", "end of file", "eof")), err.message


@pytest.mark.parametrize("text", ["   ", "\n", "  \n\n \t\n  ", "\r\n\r\n"])
def test_whitespace_only_file(text: str) -> None:
    err = error_of(text)
    # Nothing to point at: the start or the end of the file.
    assert (err.line, err.column) in {(1, 1), eof(text)}, str(err)
    assert any(w in err.message.lower() for w in ("empty", "end of file", "eof")), err.message


@pytest.mark.parametrize(
    "text",
    ["<?php", "<?php ", "<?php\n", "<?php\n\n", "<?php return", "<?php return ", "<?php // c\n"],
)
def test_open_tag_without_value(text: str) -> None:
    err = error_of(text)
    check(err, eof(text), "value")
    assert any(w in err.message.lower() for w in ("end of file", "eof")), err.message


def test_return_semicolon_without_value() -> None:
    text = "<?php return;"
    err = error_of(text)
    check(err, at(text, ";"), "value")


def test_comment_only_file() -> None:
    text = "<?php /* nothing */"
    err = error_of(text)
    check(err, eof(text), "value")


# ---------------------------------------------------------------------------------------------
# Not text at all
# ---------------------------------------------------------------------------------------------


def test_binary_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.php"
    path.write_bytes(b"\x00\xff\xfe\x80\x81garbage\x00\x00\x01\x02" * 10)
    with pytest.raises(PhpSyntaxError) as info:
        load(path)
    err = info.value
    assert err.filename == str(path)
    assert err.line == 1 and err.column in (1, 2), str(err)
    assert str(path) in str(err)


def test_invalid_utf8_first_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.php"
    path.write_bytes(b"\xff\xfe<?php return [];")
    with pytest.raises(PhpSyntaxError) as info:
        load(path)
    assert (info.value.line, info.value.column) == (1, 1), str(info.value)


def test_invalid_utf8_deep_in_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.php"
    path.write_bytes(b"<?php return [\n  'a' => 1,\n  'b' => 'caf\xe9',\n];\n")
    with pytest.raises(PhpSyntaxError) as info:
        load(path)
    assert (info.value.line, info.value.column) == (3, 14), str(info.value)


def test_nul_and_control_characters_in_text() -> None:
    for text in ("\x00", "<?php return [1,\x00 2];", "<?php return [1, \x07];"):
        with pytest.raises(PhpSyntaxError):
            loads(text)


def test_utf16_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "utf16.php"
    path.write_bytes("<?php return [1];".encode("utf-16"))
    with pytest.raises(PhpSyntaxError):
        load(path)


# ---------------------------------------------------------------------------------------------
# Variables
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dollar"),
    [
        ('<?php return ["a $name b"];', "$name"),
        ('<?php return [\n    "k" => "cost {$price} now",\n];', "$price"),
        ('<?php return ["$x"];', "$x"),
        ("<?php return [$x];", "$x"),
        ("<?php return [\n  'a' => $value,\n];", "$value"),
    ],
)
def test_variable_is_an_error(text: str, dollar: str) -> None:
    err = error_of(text)
    line, column = at(text, dollar)
    string_start = text.rfind('"', 0, text.index(dollar))
    allowed = {(line, column)}
    if string_start >= 0 and text.count('"', 0, text.index(dollar)) % 2 == 1:
        allowed.add(where(text, string_start))  # or the string that holds it
        allowed.add(where(text, text.index(dollar) - 1))  # `{` of `{$x}`
    assert (err.line, err.column) in allowed, str(err)
    message = err.message.lower()
    assert "variable" in message or dollar in err.message, err.message
    check_rendering(err, text, "spec.php")


# ---------------------------------------------------------------------------------------------
# Filenames and rendering
# ---------------------------------------------------------------------------------------------


def test_loads_uses_the_given_filename() -> None:
    text = "<?php return [\n  'a' => 1\n  'b' => 2,\n];"
    err = error_of(text, filename="products/ecs/api-docs.php")
    assert err.filename == "products/ecs/api-docs.php"
    check(err, at(text, "'b'"))
    assert str(err).startswith("products/ecs/api-docs.php:3:3: "), str(err)
    check_rendering(err, text, "products/ecs/api-docs.php")


def test_loads_without_filename_still_has_line_and_column() -> None:
    text = "<?php return [1 2];"
    with pytest.raises(PhpSyntaxError) as info:
        loads(text)
    err = info.value
    assert err.filename is None or isinstance(err.filename, str)
    assert (err.line, err.column) == at(text, "2]")
    assert f":{err.line}:{err.column}: " in str(err).split("\n")[0]


def test_load_uses_the_path(tmp_path: Path) -> None:
    path = tmp_path / "api-docs.php"
    text = "<?php return [\n    'a' => [1, 2,,],\n];\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PhpSyntaxError) as info:
        load(path)
    err = info.value
    assert err.filename == str(path)
    assert where(text, text.index(",,") + 1) == (2, 18)
    check(err, (2, 18))
    assert str(err).startswith(f"{path}:2:18: "), str(err)
    check_rendering(err, text, str(path))


def test_rendering_has_source_line_and_caret() -> None:
    text = "<?php return [\n    'first' => 1,\n    'second' => 2 'x',\n];\n"
    err = error_of(text, filename="f.php")
    check(err, at(text, "'x'"))
    rendered = str(err).split("\n")
    assert rendered[0].startswith("f.php:3:19: ")
    assert any("'second' => 2 'x'," in line for line in rendered[1:]), str(err)
    check_rendering(err, text, "f.php")


def test_error_is_an_exception_with_attributes() -> None:
    err = error_of("<?php return [1 2];", filename="x.php")
    assert isinstance(err, Exception)
    assert isinstance(err.message, str) and err.message
    assert isinstance(err.line, int) and isinstance(err.column, int)
    assert err.filename == "x.php"


def test_long_line_rendering_keeps_caret_aligned() -> None:
    # One-line specs are common: a very long line must still show a usable excerpt.
    items = ", ".join(f"'k{i}' => {i}" for i in range(2000))
    text = f"<?php return [{items} 'oops'];"
    err = error_of(text, filename="long.php")
    check(err, at(text, "'oops'"))
    rendered = str(err)
    assert rendered.startswith(f"long.php:1:{err.column}: ")
    lines = rendered.split("\n")
    caret_lines = [i for i, line in enumerate(lines) if line.strip() == "^"]
    assert caret_lines, rendered[:500]
    i = caret_lines[-1]
    above = lines[i - 1]
    caret = lines[i].index("^")
    assert above[caret : caret + 6] == "'oops'", (above[caret - 10 : caret + 10], rendered[:300])
    assert len(rendered) < 2000, "the excerpt of a huge line must be clipped"


# ---------------------------------------------------------------------------------------------
# Huge and deep inputs: a correct value or a PhpSyntaxError, never a crash
# ---------------------------------------------------------------------------------------------

DEPTH = 10_000


def _deep_document(depth: int, padding_bytes: int) -> str:
    chunk = "x" * 990
    count = max(0, padding_bytes // (len(chunk) + 4))
    flat = "[" + ",\n".join([f"'{chunk}'"] * count) + "]"
    nested = "[" * depth + "'payload'" + "]" * depth
    return f"<?php return [\n{flat},\n{nested},\n];\n"


def _check_deep(value: object, depth: int) -> None:
    node = value
    for _ in range(depth):
        assert type(node) is list and len(node) == 1
        node = node[0]
    assert node == "payload"


def test_deep_and_huge_document() -> None:
    text = _deep_document(DEPTH, 50 * 1024 * 1024)
    assert len(text) > 49 * 1024 * 1024
    limit = sys.getrecursionlimit()
    start = time.monotonic()
    try:
        value = loads(text, filename="huge.php")
    except PhpSyntaxError as err:  # a limit on depth, clearly reported, is acceptable
        assert err.line >= 1 and err.column >= 1
        assert "huge.php" in str(err)
    else:
        assert type(value) is list and len(value) == 2
        flat, nested = value
        assert type(flat) is list and len(flat) > 50_000
        assert all(item == "x" * 990 for item in flat[:10]) and flat[-1] == "x" * 990
        _check_deep(nested, DEPTH)
    finally:
        assert sys.getrecursionlimit() == limit, "the parser must restore the recursion limit"
    assert time.monotonic() - start < 120


@pytest.mark.parametrize("depth", [100, 1_000, DEPTH, 100_000])
def test_deep_nesting(depth: int) -> None:
    text = "<?php return " + "[" * depth + "'payload'" + "]" * depth + ";"
    try:
        value = loads(text)
    except PhpSyntaxError as err:
        assert depth > 1_000, f"a depth of {depth} must parse: {err}"
    else:
        _check_deep(value, depth)


@pytest.mark.parametrize("opener", ["[", "array(", "['k' => "])
def test_deep_unclosed_nesting_is_an_error(opener: str) -> None:
    text = "<?php return " + opener * DEPTH + "1"
    with pytest.raises(PhpSyntaxError) as info:
        loads(text)
    # Where the innermost of the 10,000 unclosed arrays was opened.
    assert (info.value.line, info.value.column) == (
        1,
        len("<?php return ") + 1 + len(opener) * (DEPTH - 1),
    )
    assert "not closed" in info.value.message


def test_deep_mismatched_nesting_is_an_error() -> None:
    text = "<?php return " + "[" * DEPTH + "1" + ")" * DEPTH + ";"
    with pytest.raises(PhpSyntaxError) as info:
        loads(text)
    assert (info.value.line, info.value.column) == at(text, ")")


# ---------------------------------------------------------------------------------------------
# Escapes PHP rejects, and bytes that are not text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "literal",
    [
        r'"\u{}"',  # PHP: Invalid UTF-8 codepoint escape sequence
        r'"\u{zz}"',
        r'"\u{41"',
        r'"\u{110000}"',  # PHP: Codepoint too large
    ],
)
def test_bad_unicode_escape(literal: str) -> None:
    text = f"<?php return [\n    'k' => {literal},\n];"
    err = error_of(text)
    assert err.line == 2, str(err)
    start = at(text, literal)[1]
    assert start <= err.column < start + len(literal), str(err)


@pytest.mark.parametrize("literal", [r'"\xff"', r'"\xc3"', r'"a\xe6\xa8"', r'"\u{D800}"'])
def test_escapes_that_are_not_utf8_text(literal: str) -> None:
    # PHP strings are bytes; a spec's strings must be text, so these cannot be represented.
    text = f"<?php return [\n    'k' => {literal},\n];"
    err = error_of(text)
    assert err.line == 2, str(err)
    start = at(text, literal)[1]
    assert start <= err.column < start + len(literal), str(err)


def test_double_minus_is_not_a_sign() -> None:
    # `--` is PHP's decrement operator: `--5` is a parse error (`- -5` is 5).
    with pytest.raises(PhpSyntaxError):
        loads("<?php return [--5];")


@pytest.mark.parametrize(
    "text",
    [
        # Read by the fast path for simple elements, and by the general one.
        "<?php return ['9223372036854775807' => 'a', 'b', ];",
        "<?php return ['9223372036854775807' => 'a', 7, ];",
        "<?php return ['9223372036854775807' => 'a', 'b' ];",
        "<?php return ['9223372036854775807' => 'a', /* c */ 'b' ];",
    ],
)
def test_no_integer_key_after_php_int_max_points_at_the_element(text: str) -> None:
    with pytest.raises(PhpSyntaxError) as caught:
        loads(text, filename="x.php")
    column = text.rindex("7, ") + 1 if "7, ]" in text else text.rindex("'b'") + 1
    assert (caught.value.line, caught.value.column) == (1, column)
    assert "exceed PHP_INT_MAX" in str(caught.value)


def test_duplicate_keys_in_a_stretch_of_simple_elements_point_at_each_repeat() -> None:
    text = "<?php return ['a' => 1, 'b' => 2, 'a' => 3, 'a' => 4, ];"
    diagnostics: list[Diagnostic] = []
    loads(text, filename="y.php", diagnostics=diagnostics)
    assert [(d.line, d.column) for d in diagnostics] == [(1, 35), (1, 45)]
