"""Model bases (pydantic), per-call options and ``Api``: what every ``models.<api>`` module
builds on. Imported with the first model module, never by ``import paimodelgallery_20250630``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, model_validator

from ._runtime.client import ApiResponse, DecodeError
from ._runtime.operation import Operation
from ._runtime.pagination import Pagination
from ._runtime.streaming import ServerSentEvent

Q = TypeVar("Q", bound="RequestModel")
R = TypeVar("R", bound="Response")


class RequestModel(BaseModel):
    """Base of request models: fields by Python name or wire name (alias); unknown keys are
    errors. Dumped by alias (wire names), unset fields left out."""

    model_config = ConfigDict(
        populate_by_name=True,
        extra="forbid",
        coerce_numbers_to_str=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )


_LIST, _DICT, _MODEL, _STR, _SCALAR = "list", "dict", "model", "str", "scalar"
_SHAPES: dict[type, dict[str, str]] = {}


def _shape(annotation: Any) -> str | None:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = args[0] if len(args) == 1 else annotation
    origin = typing.get_origin(annotation) or annotation
    if origin is list:
        return _LIST
    if origin is dict:
        return _DICT
    if isinstance(origin, type) and issubclass(origin, BaseModel):
        return _MODEL
    if origin is str:
        return _STR
    if origin in (int, float, bool):
        return _SCALAR
    return None


def _shapes(cls: type[BaseModel]) -> dict[str, str]:
    shapes = _SHAPES.get(cls)
    if shapes is None:
        shapes = {}
        for name, info in cls.model_fields.items():
            kind = _shape(info.annotation)
            if kind is not None:
                shapes[name] = kind
                if info.alias:
                    shapes[info.alias] = kind
        _SHAPES[cls] = shapes
    return shapes


class Model(BaseModel):
    """Base of response-side models, tolerant of what real servers send: unknown fields are
    kept (``model_extra``), numbers may come as strings and strings as numbers, every field
    may be missing, ``[]`` stands for an empty object, a single object for a one-item list
    (and a one-item list for an object), ``""`` for a missing number."""

    model_config = ConfigDict(
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
        protected_namespaces=(),
    )

    @model_validator(mode="before")
    @classmethod
    def _tolerate(cls, data: Any) -> Any:
        if isinstance(data, list):
            if not data:
                return {}
            if len(data) == 1 and isinstance(data[0], Mapping):
                return data[0]
            return data
        if not isinstance(data, Mapping):
            return data
        shapes = _shapes(cls)
        fixed: dict[str, Any] | None = None
        for key, value in data.items():
            kind = shapes.get(key)
            if kind is None or value is None:
                continue
            new = value
            if kind == _LIST and not isinstance(value, list):
                new = [value]
            elif kind == _DICT and isinstance(value, list) and not value:
                new = {}
            elif kind in (_SCALAR, _DICT) and value == "":
                new = None
            if new is not value:
                if fixed is None:
                    fixed = dict(data)
                fixed[key] = new
        return data if fixed is None else fixed


@dataclass(frozen=True)
class ResponseMeta:
    """What came with a response besides its body."""

    status_code: int
    headers: dict[str, str]
    """Lower-case names."""
    request_id: str | None


class Response(Model):
    """Base of operation responses; ``meta`` holds the HTTP status, headers and request id.
    ``request_id`` is the body's ``RequestId`` (RPC APIs), declared here once for all."""

    _meta: ResponseMeta | None = PrivateAttr(default=None)
    _event: ServerSentEvent | None = PrivateAttr(default=None)
    request_id: str | None = Field(default=None, alias="RequestId")

    @property
    def meta(self) -> ResponseMeta:
        if self._meta is None:
            return ResponseMeta(0, {}, None)
        return self._meta

    @property
    def event(self) -> ServerSentEvent | None:
        """The server-sent event this response came in (``<api>_with_sse`` methods)."""
        return self._event


class BodyResponse(Response):
    """A response whose body is not a JSON object: it is in ``body``."""

    body: Any = None


class Options(TypedDict, Generic[Q], total=False):
    """Keyword arguments every API method takes besides the API's own parameters."""

    request: Q
    """A request model; keyword arguments given as well override its fields."""
    headers: Mapping[str, str]
    """Extra HTTP headers for this call (signed with the request)."""


_OPTIONS = frozenset(Options.__optional_keys__)


class Api(Generic[Q, R]):
    """One API: its operation description (``OPERATION``), request and response models and,
    for list APIs, its pagination and item type."""

    __slots__ = ("_names", "item_type", "operation", "pagination", "request_type", "response_type")

    def __init__(
        self,
        request_type: type[Q],
        response_type: type[R],
        operation: Operation,
        pagination: Pagination | None = None,
        item_type: Any = None,
    ) -> None:
        self.request_type = request_type
        self.response_type = response_type
        self.operation = operation
        self.pagination = pagination
        self.item_type = item_type
        self._names: dict[str, str] | None = None

    def args(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Argument values keyed by wire name: the ``request`` model's fields, then the
        keyword arguments (which win). ``None`` means "not set"."""
        names = self._names
        if names is None:
            fields = self.request_type.model_fields
            names = self._names = {name: info.alias or name for name, info in fields.items()}
        args: dict[str, Any] = {}
        request = values.get("request")
        if request is not None:
            for name in request.model_fields_set:
                value = getattr(request, name)
                if value is not None:
                    args[names[name]] = value
        for name, value in values.items():
            if value is None or name in _OPTIONS:
                continue
            wire = names.get(name)
            if wire is None:
                action = self.operation["action"]
                raise TypeError(f"{action}: unexpected keyword argument {name!r}")
            args[wire] = value
        return args

    def build(self, response: ApiResponse) -> R:
        """The typed response of a call."""
        result = self._validate(response.body)
        result._meta = ResponseMeta(response.status_code, response.headers, response.request_id)
        return result

    def event(self, event: ServerSentEvent) -> R:
        """One server-sent event of a stream as the response: its data is the body (JSON,
        as the official ``*_with_sse`` methods read it); ``result.event`` is the event."""
        import json

        try:
            body = json.loads(event.data)
        except ValueError as exc:
            action = self.operation["action"]
            raise DecodeError(f"{action}: event data is not JSON: {event.data[:80]!r}") from exc
        result = self._validate(body)
        result._event = event
        return result

    def _validate(self, body: Any) -> R:
        response_type = self.response_type
        if issubclass(response_type, BodyResponse):
            data: Any = {"body": body}
        else:
            data = body if isinstance(body, Mapping) else {}
        try:
            return response_type.model_validate(data)
        except ValueError as exc:
            name = response_type.__name__
            raise DecodeError(f"unexpected response body for {name}: {exc}") from exc

    def item(self, value: Any) -> Any:
        """One item of a paginated response, validated as the item type."""
        adapter = _ADAPTERS.get(self.item_type)
        if adapter is None:
            adapter = _ADAPTERS[self.item_type] = TypeAdapter(self.item_type)
        return adapter.validate_python(value)


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}
