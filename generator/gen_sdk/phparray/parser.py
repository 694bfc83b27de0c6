"""The lark LALR parser and the inline transformer that builds PHP values directly.

No parse tree is built: lark calls the transformer at each reduction, and each callback
returns the finished Python value. Scalar tokens reach their parent rule raw (the grammar's
``?value`` inlines them) and are converted there, by token type. RUN tokens (stretches of
scalar elements) are read when the lexer meets them, because their ending decides their
token type; the elements wait in ``_runs`` until the grammar reduces the token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from lark import Lark, Token, Transformer
from lark.common import LexerConf

from . import values
from .errors import PhpArrayWarning, PhpSyntaxError, WarningSink
from .lexer import ContextualRegexLexer
from .runs import NO_KEY, Element, RunError, RunKind, RunReader, stretch_element_offsets

GRAMMAR_FILE = Path(__file__).with_name("php_array.lark")

_CONVERTERS: dict[str, Any] = {
    "SQ_STRING": values.single_quoted,
    "DQ_STRING": values.double_quoted,
    "HEREDOC": values.heredoc,
    "INT": values.integer,
    "FLOAT": values.floating,
    "CONSTANT": values.constant,
}

Elements = list[tuple[Any, Any, int]]  # (key or NO_KEY, value, source offset for messages)
#: Duplicate keys warned about one by one in an array; the rest are counted in one warning.
DUPLICATES_SHOWN = 10


class ValueBuilder(Transformer[Token, Any]):
    """Inline transformer: one method per grammar alias, each returning a finished value.

    One instance serves one parse at a time: ``reset`` gives it the text being parsed.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.reset("", None, WarningSink(None))
        self._reader = RunReader(self._build)

    def reset(self, source: str, filename: str | None, sink: WarningSink) -> None:
        self._source = source
        self._filename = filename
        self._sink = sink
        self._runs: dict[int, tuple[list[Element], Any]] = {}

    def _error(self, message: str, offset: int) -> PhpSyntaxError:
        return PhpSyntaxError.at(message, self._source, offset, self._filename)

    # -- runs (called by the lexer) --------------------------------------------------------

    def read_run(self, text: str, offset: int) -> str:
        """Read a RUN token at ``offset``; return its token type."""
        try:
            elements, kind, key = self._reader.read(text, offset)
        except RunError as exc:
            raise self._error(str(exc), offset + exc.offset) from None
        self._runs[offset] = (elements, key)
        return kind.value

    def _take_run(self, token: Token, into: Elements) -> Any:
        run, key = self._runs.pop(token.start_pos or 0)
        into.extend(run)
        return key

    # -- scalars ---------------------------------------------------------------------------

    def _value(self, child: Any) -> Any:
        if type(child) is Token:
            try:
                return _CONVERTERS[child.type](child)
            except values.LiteralError as exc:
                raise self._error(str(exc), (child.start_pos or 0) + exc.offset) from None
        return child

    def _number(self, children: list[Any], sign: int) -> Any:
        child = children[0]
        value = self._value(child)
        if type(value) is bool or value is None or not isinstance(value, int | float):
            offset = child.start_pos if type(child) is Token else 0
            raise self._error("a sign applies only to a number", offset or 0)
        return -value if sign < 0 else value

    def negative(self, children: list[Any]) -> Any:
        return self._number(children, -1)

    def positive(self, children: list[Any]) -> Any:
        return self._number(children, +1)

    def concat(self, children: list[Token]) -> str:
        # Double-quoted pieces join as bytes: an escaped UTF-8 sequence may span two pieces.
        pieces: list[str | bytes] = []
        for child in children:
            if child.type == "DQ_STRING":
                try:
                    pieces.append(values.double_quoted_bytes(child))
                except values.LiteralError as exc:
                    raise self._error(str(exc), (child.start_pos or 0) + exc.offset) from None
            else:
                pieces.append(self._value(child))
        try:
            return values.concatenate(pieces)
        except values.LiteralError as exc:
            raise self._error(str(exc), children[0].start_pos or 0) from None

    # -- arrays ----------------------------------------------------------------------------

    def first_run(self, children: list[Token]) -> Elements:
        run, _ = self._runs.pop(children[0].start_pos or 0)
        return run

    def next_run(self, children: list[Any]) -> Elements:
        elements: Elements = children[0]
        self._take_run(children[1], elements)
        return elements

    def first_run_key(self, children: list[Any]) -> Elements:
        return self.next_run_key([[], *children])

    def next_run_key(self, children: list[Any]) -> Elements:
        elements: Elements = children[0]
        token: Token = children[1]
        key = self._take_run(token, elements)
        elements.append((key, self._value(children[2]), token.start_pos or 0))
        return elements

    def first_item(self, children: list[Any]) -> Elements:
        return self.next_item([[], *children])

    def next_item(self, children: list[Any]) -> Elements:
        elements: Elements = children[0]
        elements.append((NO_KEY, self._value(children[1]), 0))
        return elements

    def first_pair(self, children: list[Any]) -> Elements:
        return self.next_pair([[], *children])

    def next_pair(self, children: list[Any]) -> Elements:
        elements: Elements = children[0]
        key_child = children[1]
        offset = (key_child.start_pos or 0) if type(key_child) is Token else 0
        try:
            key = values.array_key(self._value(key_child))
        except values.LiteralError as exc:
            raise self._error(str(exc), offset) from None
        elements.append((key, self._value(children[2]), offset))
        return elements

    def after_comma(self, children: list[Any]) -> Elements:
        return children[0]  # type: ignore[no-any-return]

    def array(self, children: list[Any]) -> list[Any] | dict[int | str, Any]:
        opener: Token = children[0]
        if len(children) == 1:
            return []
        return self._build(children[1], opener.start_pos or 0)

    def _build(self, elements: Elements, offset: int) -> list[Any] | dict[int | str, Any]:
        """PHP's array semantics over (key, value) elements; ``offset`` is for messages."""
        # Fast path: no element has a key, so PHP numbers them 0..n-1: a list.
        for element in elements:
            if element[0] is not NO_KEY:
                break
        else:
            return [element[1] for element in elements]

        result: dict[int | str, Any] = {}
        next_index: int | None = None  # PHP >= 8.3: largest int key + 1, even when negative
        duplicates: list[int] = []  # indexes of elements whose key was seen before
        for index, (key, value, _) in enumerate(elements):
            if key is NO_KEY:
                key = 0 if next_index is None else next_index
                if key > values.PHP_INT_MAX:
                    raise self._error(
                        "cannot add an element: the next integer key would exceed PHP_INT_MAX",
                        self._element_offsets(elements, [index])[0] or offset,
                    )
            if type(key) is int and (next_index is None or key >= next_index):
                next_index = key + 1
            if key in result:
                duplicates.append(index)
            result[key] = value
        if duplicates:
            self._warn_duplicates(elements, duplicates, offset)
        # PHP makes no distinction, but a Python list is what a reader expects for 0..n-1.
        if next_index == len(result) and all(key == index for index, key in enumerate(result)):
            return list(result.values())
        return result

    def _warn_duplicates(self, elements: Elements, duplicates: list[int], offset: int) -> None:
        """One warning per repeated key, up to ``DUPLICATES_SHOWN`` per array, then one that
        counts the rest (100,000 repeats are one array's problem, not 100,000 lines)."""
        shown = duplicates[:DUPLICATES_SHOWN]
        for index, at in zip(shown, self._element_offsets(elements, shown), strict=True):
            key = elements[index][0]
            self._sink.warn(
                PhpArrayWarning.at(
                    f"duplicate key {key!r} in this array: the later value replaces the "
                    "earlier one (as in PHP)",
                    self._source,
                    at or offset,
                    self._filename,
                    kind="duplicate-key",
                )
            )
        rest = len(duplicates) - len(shown)
        if rest:
            self._sink.warn(
                PhpArrayWarning.at(
                    f"{rest} more duplicate keys in this array (only the first "
                    f"{DUPLICATES_SHOWN} are shown)",
                    self._source,
                    offset,
                    self._filename,
                    kind="duplicate-key",
                )
            )

    def _element_offsets(self, elements: Elements, indexes: list[int]) -> list[int]:
        """The source offsets of ``elements[i]`` for ``i`` in ``indexes`` (ascending), also
        for elements the fast path read (they carry their stretch's offset, encoded, and
        are placed by one pass over each stretch): linear in the array's size."""
        found: list[int] = []
        stretch_starts: dict[int, int] = {}  # encoded offset -> index of its first element
        stretch_offsets: dict[int, list[int]] = {}
        for index, (_, _, at) in enumerate(elements):
            if at < 0 and at not in stretch_starts:
                stretch_starts[at] = index
        for index in indexes:
            at = elements[index][2]
            if at >= 0:
                found.append(at)
                continue
            if at not in stretch_offsets:
                stretch_offsets[at] = stretch_element_offsets(self._source, at)
            offsets = stretch_offsets[at]
            rank = index - stretch_starts[at]  # a stretch's elements are contiguous
            found.append(offsets[rank] if rank < len(offsets) else -at - 1)
        return found

    # -- the document ----------------------------------------------------------------------

    def document(self, children: list[Any]) -> Any:
        return self._value(children[0])

    def run_document(self, children: list[Token]) -> Any:
        token = children[0]
        run, _ = self._runs.pop(token.start_pos or 0)
        if len(run) != 1 or run[0][0] is not NO_KEY:  # (key, value, offset)
            raise self._error(
                "expected one value (an array), found array elements outside any array",
                token.start_pos or 0,
            )
        return run[0][1]

    def truncated_document(self, children: list[Any]) -> Any:
        elements: Elements = children[0]
        message = (
            "the document starts inside an array (its head, such as `<?php return [`, is "
            f"missing): read its {len(elements)} elements as the top-level array, closed by "
            "the final bracket"
        )
        if elements and elements[0][0] is NO_KEY:
            message += (
                f"; the first element, {elements[0][1]!r}, has no key, so it gets key 0 "
                "(its key was probably cut off with the head)"
            )
        self._sink.warn(
            PhpArrayWarning.at(message, self._source, 0, self._filename, kind="truncated-head")
        )
        return self._build(elements, 0)


def make_lark(builder: ValueBuilder) -> Lark:
    """A lark parser whose lexer reads RUN tokens with ``builder`` and whose
    reductions call ``builder``'s methods."""

    class Lexer(ContextualRegexLexer):
        refiners: ClassVar[dict[str, Any]] = {"RUN": builder.read_run}
        refined_types: ClassVar[dict[str, tuple[str, ...]]] = {
            "RUN": tuple(kind.value for kind in RunKind)
        }

        def __init__(self, conf: LexerConf) -> None:
            super().__init__(conf)

    return Lark(
        GRAMMAR_FILE.read_text(encoding="utf-8"),
        parser="lalr",
        lexer=Lexer,
        transformer=builder,
        maybe_placeholders=False,
        propagate_positions=False,
        cache=False,
    )


__all__ = ["GRAMMAR_FILE", "RunKind", "ValueBuilder", "make_lark"]
