"""What a template may emit: ``Code``, text already valid in the output language.

Spec text (titles, names, descriptions, enum values, hosts...) is data. It reaches a generated
file only through an escaping filter for the context it lands in (a docstring, a string
literal, a comment, Markdown, TOML) or through the naming step (identifiers, file names). Each
of those returns :class:`Code`; so does a target's helper that assembles code from such
pieces (a ``def`` line from identifiers and annotations).

The rule is enforced where text leaves a template: the Jinja environment's ``finalize`` is
:func:`checked_output`, which lets through ``Code`` and integers and refuses anything else,
so a template that prints a raw field (``{{ op.name }}``, ``{{ title }}``) fails to render
instead of producing a package that runs spec text as code. ``Code`` is a ``str`` subclass
and string methods return plain ``str``: ``{{ product|lower }}`` is refused as well, because
lower-casing does not make text safe for any context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


class Code(str):
    """Text that is valid in the output language as it stands (escaped, or built from
    escaped pieces and identifiers)."""

    __slots__ = ()


class TemplateOutputError(TypeError):
    """A template printed a value that is not :class:`Code` (raw spec text, or a value no
    filter made safe)."""


def checked_output(value: Any) -> Any:
    """Jinja ``finalize``: every ``{{ ... }}`` goes through here."""
    if isinstance(value, Code) or (type(value) is int):
        return value
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    raise TemplateOutputError(
        f"a template prints {type(value).__name__} {shown} as it is; spec text must go "
        "through an escaping filter for its context (see templates/README.md, 'Escaping')"
    )


def join_code(items: Iterable[Any], separator: str = "") -> Code:
    """The ``join`` filter of every target: joins ``Code`` items with a separator written in
    the template (template text is trusted); any other item is refused as in
    :func:`checked_output`."""
    return Code(separator.join(str(checked_output(item)) for item in items))


# -- contexts every target has: Markdown (READMEs) and TOML/JSON strings (package metadata) --

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def markdown_text(text: str) -> Code:
    """Spec text inside a Markdown paragraph or table cell: one line, with every character
    that could start markup (emphasis, links, HTML, code, table cells) backslash-escaped and
    ``&`` as an entity, so it reads as the text itself."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text)).replace("&", "&amp;")
    return Code(escaped)


def markdown_code(text: str) -> Code:
    """Spec text as a Markdown code span, fenced by more backticks than it contains in a row
    (CommonMark), on one line."""
    line = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if line.startswith("`") or line.endswith("`") or not line.strip() else ""
    return Code(f"{fence}{pad}{line}{pad}{fence}")


def markdown_document(text: str) -> Code:
    """A whole Markdown document for a Markdown file of its own (the changelog beside a
    spec: release notes the user keeps, stamped by ``gen-sdk diff`` with spec text already
    escaped): copied as it is, with line endings normalized, control characters other than
    tab and newline dropped, and one final newline."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", lines)
    return Code(cleaned.rstrip("\n") + "\n")


def toml_string(text: str) -> Code:
    """Spec text as a TOML basic string (``"..."``): quotes, backslashes and control
    characters escaped, so it cannot end the string or the line."""
    out = []
    for char in str(text):
        if char in '"\\':
            out.append("\\" + char)
        elif _CONTROL.match(char) or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return Code('"' + "".join(out) + '"')


def json_string(text: str) -> Code:
    """Spec text as a JSON string literal."""
    import json

    return Code(json.dumps(str(text), ensure_ascii=False))


#: Filters every template set gets (a target adds its own language's).
COMMON_FILTERS = {
    "join": join_code,
    "md": markdown_text,
    "md_code": markdown_code,
    "md_document": markdown_document,
    "toml": toml_string,
    "json_str": json_string,
}


__all__ = [
    "COMMON_FILTERS",
    "Code",
    "TemplateOutputError",
    "checked_output",
    "join_code",
    "json_string",
    "markdown_code",
    "markdown_text",
    "toml_string",
]
