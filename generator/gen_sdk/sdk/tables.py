"""The SDK model as plain data for the runtimes: the operation table every language's
runtime reads (``OPERATION`` in Python), the pagination table, and ``operations.json``.

The format is the runtime's (``templates/python/static/_runtime/operation.py`` and
``pagination.py`` describe it); every language's runtime reads the same keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .model import Operation, Package, Pagination, Param

#: Defaults of the pagination table (a key equal to its default is left out).
_PAGE_DEFAULTS = {
    "page_number": {"page_number": "PageNumber", "page_size": "PageSize", "total": "TotalCount"},
    "next_token": {"token": "NextToken", "page_size": "MaxResults", "next_token": "NextToken"},
}


def param_entry(param: Param) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": param.wire, "location": param.location.value}
    if param.serialization is not None:
        entry["style"] = param.serialization
    if param.body is not None:
        entry["kind"] = param.body.value
    if param.required:
        entry["required"] = True
    return entry


def operation_table(package: Package, operation: Operation) -> dict[str, Any]:
    """The operation's table: how the runtime puts a call on the wire. Parameters the wire
    never carries (an unused path parameter) are not in it."""
    wire = operation.wire
    table: dict[str, Any] = {
        "product": package.product,
        "version": package.version,
        "action": operation.name,
        "style": wire.style.value,
        "method": wire.method,
        "path": wire.path,
        "auth": wire.auth.value,
        "req_body_type": wire.request_body.value,
        "resp_body_type": wire.response.value,
    }
    if wire.idempotent:
        table["idempotent"] = True
    if wire.body_declares_code:
        table["body_declares_code"] = True
    if wire.path_param is not None:
        table["path_param"] = wire.path_param
    table["params"] = [param_entry(p) for p in operation.params if p.sent]
    return table


def pagination_table(pagination: Pagination) -> dict[str, str]:
    """The runtime's ``Pagination``: style, the dotted items path, and the field names that
    differ from the style's defaults."""
    table = {"style": pagination.style, "items": ".".join(pagination.items)}
    for key, default in _PAGE_DEFAULTS[pagination.style].items():
        value = getattr(pagination, key)
        if value is not None and value != default:
            table[key] = value
    return table


def operations_document(package: Package, extra: Mapping[str, Mapping[str, Any]]) -> str:
    """``operations.json``: the endpoint and operation tables as one JSON document, for tools
    that read an SDK's API without importing it. ``extra``: per operation, what a target
    adds (its method name). One line per entry: a change to one API is a one-line diff."""
    entries = [
        operation_entry(package, operation, extra.get(operation.name, {}))
        for operation in package.operations
    ]
    return assemble_document(package, entries)


def operation_entry(package: Package, operation: Operation, extra: Mapping[str, Any]) -> str:
    """One operation's line of ``operations.json`` (a target builds each once and may keep
    it: :func:`assemble_document` puts them together)."""
    table = {**operation_table(package, operation), **extra}
    if operation.pagination is not None:
        table["pagination"] = pagination_table(operation.pagination)
    return f"  {_dump(operation.name)}: {_dump(table)}"


def assemble_document(package: Package, entries: Sequence[str]) -> str:
    """``operations.json`` from the package's tables and its operations' entries, in order."""
    document: dict[str, Any] = {
        "product": package.product,
        "version": package.version,
        "style": package.wire_style.value,
        "endpoint_rule": package.endpoints.rule,
        "endpoints": {r.region_id: r.host for r in package.endpoints.regions},
    }
    lines = [f" {_dump(key)}: {_dump(value)}," for key, value in document.items()]
    return "{\n" + "\n".join(lines) + '\n "operations": {\n' + ",\n".join(entries) + "\n }\n}\n"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = [
    "assemble_document",
    "operation_entry",
    "operation_table",
    "operations_document",
    "pagination_table",
    "param_entry",
]
