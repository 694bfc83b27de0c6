"""Python source text: literals, docstrings (the docstring context's escaping)."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from gen_sdk.targets.python.pycode import (
    clean_text,
    compact_docstring,
    doc_text,
    docstring,
    py_literal,
    py_str,
)


@given(st.text())
def test_py_str_round_trips(value: str) -> None:
    assert ast.literal_eval(py_str(value)) == value
    assert "\n" not in py_str(value)


def test_py_literal() -> None:
    value = {"name": "a'b", "n": 1, "ok": True, "x": None, "l": [1.5, "é"]}
    assert ast.literal_eval(py_literal(value)) == value
    assert py_str('say "hi"') == "'say \"hi\"'"


@given(st.text())
def test_docstrings_are_valid_python(text: str) -> None:
    lines = clean_text(text)
    source = f"def f() -> None:\n    {docstring(lines, 4) or 'pass'}\n"
    tree = ast.parse(source)
    if lines:
        assert isinstance(ast.get_docstring(tree.body[0], clean=False), str)  # type: ignore[arg-type]


def test_clean_text_normalises_like_black() -> None:
    assert clean_text("  a\\b  \r\n\n\n   c \u2028d\t") == ["a\\b", "", "   c", "d"]
    assert clean_text("x\n  a\n    b") == ["x", "a", "  b"]
    assert clean_text("  \n ") == []


def test_docstrings_escape_what_they_emit() -> None:
    assert docstring(["a\\b", "c"], 0) == '"""a\\\\b\nc\n"""'
    assert docstring(clean_text('"quoted"'), 4) == '""" "quoted" """'
    assert docstring(['x"""y'], 0) == '"""x\\"\\"\\"y"""'
    assert compact_docstring(["\\N{x} \\" + '"'], 4) == '"""\\\\N{x} \\\\" """'
    # A fragment inside a template's own docstring: one line, every quote escaped.
    assert doc_text('a"""\n\\N{b}"') == 'a\\"\\"\\" \\\\N{b}\\"'
