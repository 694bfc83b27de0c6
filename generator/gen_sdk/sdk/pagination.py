"""Pagination detection: which operations page, in which style, over which fields.

An operation pages when its response holds one list of items (at the top, or inside one
wrapper object) and its request and response have the fields of a known style:
``NextToken``/``MaxResults`` sent and ``NextToken`` received (``next_token``), else
``PageNumber``/``PageSize`` sent and ``TotalCount`` received (``page_number``), each in the
spellings below, in order of preference. The result is data (:class:`~.model.Pagination`),
like botocore's ``paginators-1.json``: each runtime implements the two styles once.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ir import Operation as IrOperation
from ..ir import ParameterLocation
from .model import BinaryType, ListType, MapType, Model, ModelKind, ModelType, Pagination, TypeRef

PAGE_NUMBER = ("PageNumber", "pageNumber", "PageNo", "pageNo")
PAGE_SIZE = ("PageSize", "pageSize")
TOTAL = ("TotalCount", "totalCount", "Total", "total")
TOKEN = ("NextToken", "nextToken")
MAX_RESULTS = ("MaxResults", "maxResults")


def _pick(names: tuple[str, ...], pool: list[str]) -> str | None:
    return next((name for name in names if name in pool), None)


def _items(model: Model, models: Mapping[str, Model]) -> tuple[tuple[str, ...], TypeRef] | None:
    """The path to the response's one list of items, and the item type."""
    candidates: list[tuple[tuple[str, ...], TypeRef]] = []
    for field in model.fields:
        if isinstance(field.type, ListType):
            candidates.append(((field.wire,), field.type.item))
        elif isinstance(field.type, ModelType):
            wrapper = models[field.type.model]
            inner = [f for f in wrapper.fields if isinstance(f.type, ListType)]
            if len(inner) == 1:
                inner_type = inner[0].type
                assert isinstance(inner_type, ListType)
                candidates.append(((field.wire, inner[0].wire), inner_type.item))
    if len(candidates) != 1:
        return None
    return candidates[0]


def detect_pagination(
    op: IrOperation, response: Model, models: Mapping[str, Model]
) -> Pagination | None:
    """``op``'s pagination, given its response model (see the module docstring)."""
    if response.kind is not ModelKind.RESPONSE or not response.fields:
        return None
    found = _items(response, models)
    if found is None:
        return None
    items, item = found
    if isinstance(item, ListType | MapType | BinaryType):
        return None  # an item must be one thing: a model, a scalar, or any value
    sent = [p.name for p in op.parameters if p.location is ParameterLocation.QUERY] + [
        p.name for p in op.parameters if p.location is ParameterLocation.FORM_DATA
    ]
    received = [f.wire for f in response.fields]
    token, max_results = _pick(TOKEN, sent), _pick(MAX_RESULTS, sent)
    next_token = _pick(TOKEN, received)
    if token and max_results and next_token:
        return Pagination(
            "next_token", items, item, token=token, page_size=max_results, next_token=next_token
        )
    number, size = _pick(PAGE_NUMBER, sent), _pick(PAGE_SIZE, sent)
    total = _pick(TOTAL, received)
    if number and size and total:
        return Pagination(
            "page_number", items, item, page_number=number, page_size=size, total=total
        )
    return None


__all__ = ["MAX_RESULTS", "PAGE_NUMBER", "PAGE_SIZE", "TOKEN", "TOTAL", "detect_pagination"]
