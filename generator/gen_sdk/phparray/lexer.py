"""A lean contextual lexer for lark, built from the grammar's own terminals.

lark's built-in lexers track line and column for every token and run several Python calls
per match; on a 10 MB spec that bookkeeping costs more than the regex matching itself. This
lexer does the same job with less: for each parser state it matches only the terminals that
state accepts (what lark's ``contextual`` lexer does), with one compiled alternation, and
leaves line and column to be computed from the offset when an error needs them.

It plugs into lark through its custom-lexer interface (``Lark(lexer=ContextualRegexLexer)``),
so the grammar in ``php_array.lark`` stays the single definition of every token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from lark import Token
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import Lexer, LexerState, TerminalDef


def _ordered(terminals: list[TerminalDef]) -> list[TerminalDef]:
    # The order lark's own scanner uses: the first alternative that matches wins.
    return sorted(
        terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )


def _alternation(terminals: list[TerminalDef], flags: int) -> re.Pattern[str]:
    parts = []
    for terminal in _ordered(terminals):
        pattern = terminal.pattern.to_regexp()
        parts.append(f"(?P<{terminal.name}>{pattern})")
    return re.compile("|".join(parts), flags)


class ContextualRegexLexer(Lexer):
    """Per parser state, one regex of the acceptable terminals plus the ignored ones."""

    __future_interface__: ClassVar[int] = 2
    #: Terminal name -> function(text, offset) returning the token's final type, one of
    #: ``refined_types[name]``. Lets one pattern stand for several grammar symbols (the
    #: others declared with %declare), told apart by reading the matched text.
    refiners: ClassVar[dict[str, Any]] = {}
    refined_types: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, conf: LexerConf) -> None:
        self._terminals = {t.name: t for t in conf.terminals}
        self._ignore = frozenset(conf.ignore)
        self._flags: int = conf.g_regex_flags
        self._by_state: dict[Any, re.Pattern[str]] = {}
        self._by_accepts: dict[frozenset[str], re.Pattern[str]] = {}
        self._everything = _alternation(list(conf.terminals), self._flags)

    def _scanner(self, state: Any, actions: dict[str, Any]) -> re.Pattern[str]:
        accepts = frozenset(name for name in actions if name in self._terminals) | self._ignore
        # A refined terminal is matched where any of the symbols it stands for is acceptable.
        for terminal, types in self.refined_types.items():
            if any(name in actions for name in types):
                accepts |= {terminal}
        scanner = self._by_accepts.get(accepts)
        if scanner is None:
            scanner = _alternation([self._terminals[n] for n in accepts], self._flags)
            self._by_accepts[accepts] = scanner
        self._by_state[state] = scanner
        return scanner

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        text_slice = lexer_state.text
        text: str = text_slice.text
        position: int = text_slice.start
        end: int = text_slice.end
        states = parser_state.parse_conf.states
        by_state = self._by_state
        ignore = self._ignore
        while position < end:
            state = parser_state.position
            scanner = by_state.get(state) or self._scanner(state, states[state])
            match = scanner.match(text, position, end)
            if match is None:
                raise self._error(text, position, end, states[state], lexer_state)
            kind = match.lastgroup
            assert kind is not None
            start = position
            position = match.end()
            if kind in ignore:
                continue
            value = match.group()
            refine = self.refiners.get(kind)
            if refine is not None:
                kind = refine(value, start)
            token = Token(kind, value, start)
            lexer_state.last_token = token
            yield token

    def _error(
        self,
        text: str,
        position: int,
        end: int,
        actions: dict[str, Any],
        lexer_state: LexerState,
    ) -> Exception:
        allowed = {name for name in actions if name in self._terminals}
        # A token that exists but is not acceptable here reads better as "unexpected token".
        match = self._everything.match(text, position, end)
        if match is not None and match.lastgroup not in self._ignore:
            token = Token(match.lastgroup or "", match.group(), position)
            return UnexpectedToken(token, allowed)  # type: ignore[no-untyped-call]
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return UnexpectedCharacters(  # type: ignore[no-untyped-call]
            text, position, line, column, allowed=allowed
        )
