"""Generic iteration over every item of a paginated operation, driven by plain data.

Two styles:

* ``page_number``: request fields ``PageNumber``/``PageSize``, response ``TotalCount``;
  stops when the total is reached, a page is empty, or a page is shorter than PageSize.
* ``next_token``: request ``NextToken``/``MaxResults``, response ``NextToken``; stops when
  the token is empty or repeats (guards against a server that echoes the last token).

``items`` is a dotted path into the response body (``Instances.Instance`` for ECS).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict

from .operation import Operation

if TYPE_CHECKING:
    from .client import AsyncBaseClient, BaseClient


class Pagination(TypedDict):
    style: Literal["page_number", "next_token"]
    items: str
    page_number: NotRequired[str]
    """Request field, default ``PageNumber``."""
    page_size: NotRequired[str]
    """Request field, default ``PageSize`` (``MaxResults`` for next_token)."""
    total: NotRequired[str]
    """Response field, default ``TotalCount``."""
    token: NotRequired[str]
    """Request field, default ``NextToken``."""
    next_token: NotRequired[str]
    """Response field (dotted path), default ``NextToken``."""


def get_path(body: Any, path: str) -> Any:
    node = body
    for part in path.split(".") if path else []:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # e.g. ``TotalCount`` missing; paimodelgallery sends it as a string


class _Pager:
    """The page-to-page state machine, shared by the sync and async iterators."""

    def __init__(self, spec: Pagination, args: Mapping[str, Any]) -> None:
        self.spec = spec
        self.args = dict(args)
        self.seen = 0
        self.tokens: set[str] = set()
        if spec["style"] == "page_number":
            number_field = spec.get("page_number", "PageNumber")
            self.args.setdefault(number_field, 1)
            if self.args[number_field] is None:
                self.args[number_field] = 1

    def items(self, body: Any) -> list[Any]:
        found = get_path(body, self.spec["items"])
        if found is None:
            return []
        return list(found) if isinstance(found, list) else [found]

    def advance(self, body: Any, items: list[Any]) -> bool:
        """Update ``args`` for the next page; False when this was the last page."""
        self.seen += len(items)
        if not items:
            return False
        if self.spec["style"] == "next_token":
            token = get_path(body, self.spec.get("next_token", "NextToken"))
            if not token or str(token) in self.tokens:
                return False
            self.tokens.add(str(token))
            self.args[self.spec.get("token", "NextToken")] = token
            return True
        total = _as_int(get_path(body, self.spec.get("total", "TotalCount")))
        if total is not None and self.seen >= total:
            return False
        size = _as_int(self.args.get(self.spec.get("page_size", "PageSize")))
        if size is not None and len(items) < size:
            return False
        number_field = self.spec.get("page_number", "PageNumber")
        self.args[number_field] = int(self.args[number_field]) + 1
        return True


def paginate(
    client: BaseClient, operation: Operation, args: Mapping[str, Any], spec: Pagination
) -> Iterator[Any]:
    pager = _Pager(spec, args)
    while True:
        body = client.call(operation, pager.args).body
        items = pager.items(body)
        yield from items
        if not pager.advance(body, items):
            return


async def apaginate(
    client: AsyncBaseClient, operation: Operation, args: Mapping[str, Any], spec: Pagination
) -> AsyncIterator[Any]:
    pager = _Pager(spec, args)
    while True:
        body = (await client.call(operation, pager.args)).body
        items = pager.items(body)
        for item in items:
            yield item
        if not pager.advance(body, items):
            return
