"""Python source text: literals, docstrings and comments (the Python contexts' escaping),
and long lines laid out the way black lays them out.

Every function returns :class:`~gen_sdk.targets.code.Code`. The layout helpers
(:func:`black_call`, :func:`black_def`, :func:`annotated`...) let the templates emit code that
is already in black's style, so black changes nothing (``templates/README.md``, *Black*).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..code import Code

LINE_LENGTH = 100


def width(text: str) -> int:
    """The columns ``text`` takes as black counts them: an East Asian wide character takes
    two (black's own table, loaded only for a line that is not ASCII)."""
    if text.isascii():
        return len(text)
    from black.strings import str_width

    return str_width(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# What a string literal escapes, besides the quote it uses (matched by one pattern per quote).
_ESCAPED = r"\\\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff"
_NEEDS_ESCAPE = {quote: re.compile(f"[{_ESCAPED}{quote}]") for quote in "\"'"}
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if ch in "\"'":
        return "\\" + ch
    if 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate cannot be written as UTF-8
        return f"\\u{ord(ch):04x}"
    return f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"


def py_str(value: str) -> Code:
    """A string literal as black writes it (double quotes unless that needs more escapes)."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    return Code(quote + _NEEDS_ESCAPE[quote].sub(_escape, value) + quote)


def py_literal(value: Any) -> Code:
    """A one-line Python literal for plain data (str, int, float, bool, None, list, dict)."""
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return Code(f'float("{value}")')  # repr gives nan/inf, which are not literals
        return Code(repr(value))
    if isinstance(value, Mapping):
        items = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return Code("{" + items + "}")
    if isinstance(value, list | tuple):
        return Code("[" + ", ".join(py_literal(v) for v in value) + "]")
    raise TypeError(f"not a literal: {value!r}")


def clean_text(text: str | None) -> list[str]:
    """Documentation text -> lines for a docstring, normalised as black would (dedented,
    without control characters, trailing spaces or runs of blank lines). Not escaped yet:
    :func:`docstring` and :func:`compact_docstring` escape what they emit."""
    if not text:
        return []
    text = "\n".join(text.splitlines())  # \r\n, \u2028 ... become plain newlines
    text = _CONTROL.sub(" ", text)
    lines = [line.expandtabs().rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return []
    lines[0] = lines[0].lstrip()
    rest = [line for line in lines[1:] if line]
    margin = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    lines = [lines[0]] + [line[margin:] for line in lines[1:]]
    # Collapse runs of blank lines (keeps docstrings compact).
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _escape_doc(line: str) -> str:
    # The docstring context: a backslash stays a backslash (``\\N{...}`` is no escape) and
    # three quotes cannot end the string.
    return _CONTROL.sub(" ", line).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _doc_lines(lines: Sequence[str] | str) -> list[str]:
    """Documentation lines (or a text, split by :func:`clean_text`), escaped; a first line
    starting with a quote is padded (four quotes in a row would end the docstring)."""
    if isinstance(lines, str):
        lines = clean_text(lines)
    out = [_escape_doc(line) for line in lines]
    if out and out[0].startswith('"'):
        out[0] = " " + out[0]
    return out


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def doc_text(text: str) -> Code:
    """A piece of spec text inside a docstring written by a template (``Clients for
    {{ product|doctext }}``): on one line, with backslashes and every quote escaped, so that
    it can neither end the docstring nor form an escape sequence, wherever it stands."""
    return Code(_one_line(text).replace("\\", "\\\\").replace('"', '\\"'))


def comment(text: str) -> Code:
    """Spec text as a ``#`` comment, on one line (a newline would end the comment)."""
    line = _one_line(text)
    return Code(f"# {line}" if line else "#")


def docstring(lines: Sequence[str] | str, indent: int) -> Code:
    """``lines`` as a docstring at ``indent`` spaces (without the leading indentation)."""
    lines = _doc_lines(lines)
    if not lines:
        return Code("")
    pad = " " * indent
    if len(lines) == 1:  # a closing quote right before \"\"\" would end the string early
        return Code(f'"""{lines[0]} """' if lines[0].endswith('"') else f'"""{lines[0]}"""')
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return Code(f'"""{lines[0]}\n{body}\n{pad}"""')


def compact_docstring(lines: Sequence[str] | str, indent: int) -> Code:
    """``lines`` as a compact docstring (the generated code's style): no blank lines, the
    closing quotes after the last line. Black leaves both as they are."""
    lines = [line for line in _doc_lines(lines) if line]
    if not lines:
        return Code("")
    # A final quote would merge with the closing quotes (``a\\"`` is a backslash and a quote);
    # black pads any final quote, escaped or not, with a space.
    if lines[-1].endswith('"'):
        lines[-1] += " "
    pad = " " * indent
    text = '"""' + f"\n{pad}".join(lines)
    # Black puts the closing quotes of a docstring of several lines on a line of their own
    # when they would make its last line too long (counted in characters, as black does).
    if len(lines) > 1 and indent + len(lines[-1]) + 3 > LINE_LENGTH:
        return Code(f'{text}\n{pad}"""')
    return Code(text + '"""')


def join_docs(*parts: Sequence[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append("")
        out.extend(part)
    return out


#: Marks code whose layout the helpers could not make fit in ``LINE_LENGTH`` (a line longer
#: than that), which black may lay out otherwise: a file holding it goes to the formatter
#: (:meth:`~gen_sdk.targets.python.PythonTarget.needs_format`); every other file is emitted
#: in black's layout already and is not formatted. NUL: no escaping filter lets it through.
LAYOUT_UNSURE = "\x00"


#: A line black cannot split: one name (or a class/def head or a return annotation ending
#: in one), with at most its brackets and punctuation around it.
_UNSPLITTABLE = re.compile(
    r"(?:(?:class|def|async def|return)\s+|\)\s*->\s*)?[A-Za-z_][A-Za-z0-9_.]*[\s(\[:,)\]]*"
)


def _fits(line: str, indent: int = 0) -> bool:
    return indent + width(line) <= LINE_LENGTH or bool(_UNSPLITTABLE.fullmatch(line.strip()))


def laid_out(text: str, indent: int = 0) -> Code:
    """``text`` as code whose first line stands at ``indent`` (the others carry their own
    indentation), marked :data:`LAYOUT_UNSURE` when a line is longer than ``LINE_LENGTH``
    and black might split it (a long name alone on its line is as black leaves it)."""
    first, *rest = text.split("\n")
    if not _fits(first, indent) or not all(_fits(line) for line in rest):
        return Code(text + LAYOUT_UNSURE)
    return Code(text)


def call_text(head: str, args: Sequence[str], indent: int, tail: str = "") -> str:
    pad = " " * indent
    one = f"{head}({', '.join(args)}){tail}"
    if indent + width(one) <= LINE_LENGTH:
        return one
    inner = ", ".join(args)
    if indent + 4 + width(inner) <= LINE_LENGTH:
        return f"{head}(\n{pad}    {inner}\n{pad}){tail}"
    body = "".join(f"{pad}    {arg},\n" for arg in args)
    return f"{head}(\n{body}{pad}){tail}"


def black_call(head: str, args: Sequence[str], indent: int, tail: str = "") -> Code:
    """``head(args)tail`` laid out as black would for a simple call: one line, or the
    arguments on one indented line, or one argument per line (magic trailing comma)."""
    return laid_out(call_text(head, args, indent, tail), indent)


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets and string literals."""
    parts, depth, quote, start, i = [], 0, "", 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    parts.append(text[start:])
    return parts


def black_annotation(annotation: str, indent: int, prefix: str = "") -> list[str]:
    """Lines of an annotation inside parentheses at ``indent`` spaces, split as black
    splits a too-long one: at the top-level ``|``, then inside subscripts."""
    pad = " " * indent
    if indent + width(prefix) + width(annotation) <= LINE_LENGTH:
        return [pad + prefix + annotation]
    union = _split_top(annotation, " | ")
    if len(union) > 1:
        lines = black_annotation(union[0], indent, prefix)
        for part in union[1:]:
            lines += black_annotation(part, indent, "| ")
        return lines
    if annotation.endswith("]") and "[" in annotation:
        head, inner = annotation[:-1].split("[", 1)
        items = _split_top(inner, ", ")
        lines = [pad + prefix + head + "["]
        if len(items) == 1 or indent + 4 + width(inner) <= LINE_LENGTH:
            lines += black_annotation(inner, indent + 4)
        else:
            for item in items:
                sub = black_annotation(item, indent + 4)
                lines += [*sub[:-1], sub[-1] + ","]
        return [*lines, pad + "]"]
    return [pad + prefix + annotation]


def wrapped(name: str, annotation: str) -> str:
    """``name: annotation`` at 4 spaces, too long for one line, split as black splits it:
    a union goes in parentheses (``name: (\n A\n | None\n )``), a subscript is split at
    its brackets (``name: Required[\n list[A]\n ]``). Not marked: a part of a
    declaration."""
    if len(_split_top(annotation, " | ")) == 1 and annotation.endswith("]"):
        lines = black_annotation(annotation, 4, f"{name}: ")
        return "\n".join([lines[0][4:], *lines[1:]])
    return f"{name}: (\n" + "\n".join(black_annotation(annotation, 8)) + "\n    )"


def annotated(name: str, annotation: str) -> Code:
    """``name: annotation`` (no value) at 4 spaces, the annotation in parentheses when the
    line is too long, as black does."""
    line = f"{name}: {annotation}"
    if 4 + width(line) <= LINE_LENGTH:
        return Code(line)
    return laid_out(wrapped(name, annotation), 4)


def black_import(module: str, names: Sequence[str]) -> Code:
    """``from module import names`` at the top level; black puts one name per line when
    the line is too long."""
    line = f"from {module} import {', '.join(names)}"
    if width(line) <= LINE_LENGTH:
        return Code(line)
    return laid_out(f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")")


def black_def(head: str, params: Sequence[str], returns: str, indent: int) -> Code:
    """``head(params) -> returns:`` laid out as black would (like :func:`black_call`); a
    return annotation ``X[Y]`` too long for the last line has its subscript split."""
    text = call_text(head, params, indent, f" -> {returns}:")
    pad = " " * indent
    last = text.rsplit("\n", 1)[-1]
    if "\n" in text and width(last) > LINE_LENGTH and returns.endswith("]") and "[" in returns:
        outer, inner = returns.split("[", 1)
        text = text[: -len(last)] + f"{pad}) -> {outer}[\n{pad}    {inner[:-1]}\n{pad}]:"
    return laid_out(text, indent)


def wrap_items(items: Sequence[str], width: int) -> list[Code]:
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 1 + len(item) <= width:
            lines[-1] += " " + item
        else:
            lines.append(item)
    return [Code(line) for line in lines]


def isort_key(name: str) -> tuple[int, str, str]:
    """ruff/isort's ``order-by-type``: CONSTANTS, then Classes, then the rest, each
    case-insensitively (``AddressGroup`` < ``AddStoryFile``, ``ClearItem`` < ``CNameStatus``).
    """
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


__all__ = [
    "LAYOUT_UNSURE",
    "LINE_LENGTH",
    "annotated",
    "black_annotation",
    "black_call",
    "black_def",
    "black_import",
    "call_text",
    "clean_text",
    "comment",
    "compact_docstring",
    "doc_text",
    "docstring",
    "isort_key",
    "join_docs",
    "laid_out",
    "py_literal",
    "py_str",
    "width",
    "wrap_items",
    "wrapped",
]
