"""Server-sent events and streamed (binary) responses."""

from __future__ import annotations

import codecs
import contextlib
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class SSEDecoder:
    """Incremental SSE parser with the official darabonba semantics: events are emitted on
    a blank line when they carry data; ``event`` defaults to ``message``; names and values
    are stripped; ``:`` lines are comments; a line without ``:`` is appended to the data.
    Unlike darabonba, multi-byte characters split across chunks are decoded correctly and a
    trailing event without its final blank line is still delivered."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._reset()

    def _reset(self) -> None:
        self._data: str | None = None
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        self._buffer += self._decoder.decode(chunk)
        events: list[ServerSentEvent] = []
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            event = self._line(line.rstrip("\r"))
            if event is not None:
                events.append(event)
        return events

    def close(self) -> list[ServerSentEvent]:
        tail = self._buffer + self._decoder.decode(b"", final=True)
        self._buffer = ""
        events = [e for e in (self._line(tail.rstrip("\r")) if tail else None,) if e]
        if self._data is not None:
            events.append(self._emit())
        return events

    def _emit(self) -> ServerSentEvent:
        event = ServerSentEvent(self._data or "", self._event or "message", self._id, self._retry)
        self._reset()
        return event

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line.strip():
            return self._emit() if self._data is not None else None
        if line.startswith(":"):
            return None
        if ":" not in line:
            self._append(line)
            return None
        name, _, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if name == "data":
            self._append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            self._id = value
        elif name == "retry":
            with contextlib.suppress(ValueError):
                self._retry = int(value)
        return None

    def _append(self, value: str) -> None:
        self._data = value if self._data is None else f"{self._data}\n{value}"


def iter_sse(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


async def aiter_sse(chunks: AsyncIterable[bytes]) -> AsyncIterator[ServerSentEvent]:
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.close():
        yield event


@dataclass
class StreamedResponse:
    """A response whose body is read incrementally (binary downloads)."""

    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    chunks: Iterator[bytes]

    def iter_bytes(self) -> Iterator[bytes]:
        return self.chunks

    def read(self) -> bytes:
        return b"".join(self.chunks)


@dataclass
class AsyncStreamedResponse:
    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    chunks: AsyncIterator[bytes]

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        return self.chunks

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.chunks])
