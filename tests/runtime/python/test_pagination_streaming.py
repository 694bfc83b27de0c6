"""Pagination (sync/async, both styles), SSE parsing and binary responses."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from _runtime import AsyncBaseClient, ClientConfig, RetryPolicy, apaginate, paginate
from _runtime.operation import Operation
from _runtime.pagination import Pagination
from _runtime.streaming import ServerSentEvent, iter_sse
from support.capture import AK_ID, AK_SECRET, CaptureServer, Reply
from support.official import our_client

LIST_OP: Operation = {
    "product": "Ecs",
    "version": "2014-05-26",
    "action": "DescribeInstances",
    "style": "RPC",
    "method": "POST",
    "path": "/",
    "auth": "AK",
    "req_body_type": "formData",
    "resp_body_type": "json",
    "params": [
        {"name": "RegionId", "location": "query"},
        {"name": "PageNumber", "location": "query"},
        {"name": "PageSize", "location": "query"},
        {"name": "NextToken", "location": "query"},
        {"name": "MaxResults", "location": "query"},
    ],
    "idempotent": True,
}
PAGE_SPEC: Pagination = {"style": "page_number", "items": "Instances.Instance"}
TOKEN_SPEC: Pagination = {
    "style": "next_token",
    "items": "Instances.Instance",
    "page_size": "MaxResults",
}


def _page(ids: list[str], total: int | str | None = None, token: str | None = None) -> Reply:
    body: dict[str, Any] = {"RequestId": "r", "Instances": {"Instance": [{"Id": i} for i in ids]}}
    if total is not None:
        body["TotalCount"] = total
    if token is not None:
        body["NextToken"] = token
    return Reply(200, json.dumps(body).encode())


def _queue_page_number(server: CaptureServer) -> None:
    server.replies += [_page(["a", "b"], 5), _page(["c", "d"], 5), _page(["e"], "5")]


def _queue_tokens(server: CaptureServer) -> None:
    server.replies += [_page(["a", "b"], token="t1"), _page(["c"], token="t2"), _page(["d"])]


def _async_client(server: CaptureServer) -> AsyncBaseClient:
    return AsyncBaseClient(
        ClientConfig(),
        endpoint=server.endpoint,
        protocol="http",
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        clock=lambda: datetime(2025, 1, 2, tzinfo=UTC),
        retry=RetryPolicy.disabled(),
    )


def test_page_number_pagination_sync(server: CaptureServer) -> None:
    _queue_page_number(server)
    with our_client(server.endpoint, "n") as client:
        items = list(paginate(client, LIST_OP, {"RegionId": "r", "PageSize": 2}, PAGE_SPEC))
    assert [i["Id"] for i in items] == ["a", "b", "c", "d", "e"]
    pages = [server.take().query() for _ in range(3)]
    assert [p["PageNumber"] for p in pages] == ["1", "2", "3"]
    assert all(p["PageSize"] == "2" and p["RegionId"] == "r" for p in pages)
    assert server.requests == []


def test_next_token_pagination_async(server: CaptureServer) -> None:
    async def run() -> list[Any]:
        async with _async_client(server) as client:
            args = {"RegionId": "r", "MaxResults": 2}
            return [item async for item in apaginate(client, LIST_OP, args, TOKEN_SPEC)]

    _queue_tokens(server)
    items = asyncio.run(run())
    assert [i["Id"] for i in items] == ["a", "b", "c", "d"]
    queries = [server.take().query() for _ in range(3)]
    assert [q.get("NextToken") for q in queries] == [None, "t1", "t2"]


def test_page_number_async_and_token_sync(server: CaptureServer) -> None:
    async def run() -> list[Any]:
        async with _async_client(server) as client:
            args = {"RegionId": "r", "PageSize": 2}
            return [item async for item in apaginate(client, LIST_OP, args, PAGE_SPEC)]

    _queue_page_number(server)
    assert len(asyncio.run(run())) == 5
    server.requests.clear()
    _queue_tokens(server)
    # A server echoing the same token must not loop forever.
    server.replies[-1] = _page(["d"], token="t2")
    with our_client(server.endpoint, "n") as client:
        items = list(paginate(client, LIST_OP, {"RegionId": "r"}, TOKEN_SPEC))
    assert len(items) == 4 and len(server.requests) == 3


SSE_OP: Operation = {**LIST_OP, "action": "Chat", "resp_body_type": "sse", "params": []}
SSE_CHUNKS = [
    b": keep-alive comment\n\n",
    b'id: 1\nevent: delta\ndata: {"text": "he',
    b"llo \xe4\xbd",  # a multi-byte character split across chunks
    b'\xa0\xe5\xa5\xbd"}\n\n',
    b"data: line one\r\ndata: line two\r\nretry: 3000\r\n\r\n",
    b"data: tail without blank line\n",
]


def test_sse_sync_and_async(server: CaptureServer) -> None:
    expected = [
        ServerSentEvent('{"text": "hello 你好"}', "delta", "1", None),
        ServerSentEvent("line one\nline two", "message", None, 3000),
        ServerSentEvent("tail without blank line", "message", None, None),
    ]
    headers = {"Content-Type": "text/event-stream"}
    server.replies.append(Reply(200, b"", headers, chunks=SSE_CHUNKS))
    with our_client(server.endpoint, "n") as client:
        assert list(client.call_sse(SSE_OP, {})) == expected
    assert expected[0].json() == {"text": "hello 你好"}

    async def run() -> list[ServerSentEvent]:
        async with _async_client(server) as client:
            return [event async for event in client.call_sse(SSE_OP, {})]

    server.replies.append(Reply(200, b"", headers, chunks=SSE_CHUNKS))
    assert asyncio.run(run()) == expected


def test_sse_parser_matches_official_darabonba() -> None:
    stream_mod = pytest.importorskip("darabonba.utils.stream")
    # darabonba decodes chunk by chunk, so feed it whole lines; it also drops a final
    # event that lacks its blank line, which we deliver.
    chunks = [b"".join(SSE_CHUNKS[:4]), SSE_CHUNKS[4], b"event: x\ndata: a\ndata: b\n\n"]
    official = list(stream_mod.Stream._parse_sse_stream_sync(chunks))
    ours = [
        {"id": e.id, "event": e.event, "data": e.data, "retry": e.retry} for e in iter_sse(chunks)
    ]
    assert ours == official


def test_binary_download_streamed(server: CaptureServer) -> None:
    blob = bytes(range(256)) * 64
    op: Operation = {**LIST_OP, "resp_body_type": "binary", "params": []}
    server.replies.append(
        Reply(200, b"", {"x-acs-request-id": "rid"}, chunks=[blob[:1000], blob[1000:]])
    )
    with our_client(server.endpoint, "n") as client, client.stream(op, {}) as response:
        assert response.status_code == 200 and response.request_id == "rid"
        assert response.read() == blob

    async def run() -> bytes:
        async with _async_client(server) as client, client.stream(op, {}) as response:
            return await response.read()

    server.replies.append(Reply(200, blob))
    assert asyncio.run(run()) == blob


def test_async_errors_and_retries(server: CaptureServer) -> None:
    from _runtime import ThrottlingError

    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def run() -> Any:
        async with AsyncBaseClient(
            endpoint=server.endpoint,
            protocol="http",
            access_key_id=AK_ID,
            access_key_secret=AK_SECRET,
            retry=RetryPolicy(max_attempts=2, base_delay=0.3, rng=lambda: 1.0),
            async_sleep=fake_sleep,
        ) as client:
            return await client.call(LIST_OP, {"RegionId": "r"})

    server.reply_json(429, {"Code": "Throttling"})
    server.reply_json(200, {"RequestId": "fine"})
    assert asyncio.run(run()).request_id == "fine"
    assert slept == [0.3]
    server.reply_json(429, {"Code": "Throttling"})
    server.reply_json(429, {"Code": "Throttling"})
    with pytest.raises(ThrottlingError):
        asyncio.run(run())
