"""Model bases and the glue between the generated clients and ``_runtime``."""

from __future__ import annotations

import types
import typing
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Self, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, PrivateAttr, TypeAdapter, model_validator

from ._runtime import (
    ApiResponse,
    AsyncBaseClient,
    BaseClient,
    ClientConfig,
    Credential,
    CredentialsProvider,
    DecodeError,
    Operation,
    Pagination,
    RetryPolicy,
    ServerSentEvent,
    apaginate,
    paginate,
)

T = TypeVar("T")
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
    """Base of operation responses; ``meta`` holds the HTTP status, headers and request id."""

    _meta: ResponseMeta | None = PrivateAttr(default=None)

    @property
    def meta(self) -> ResponseMeta:
        if self._meta is None:
            return ResponseMeta(0, {}, None)
        return self._meta


class BodyResponse(Response):
    """A response whose body is not a JSON object: it is in ``body``."""

    body: Any = None


@dataclass(frozen=True)
class Api(Generic[R]):
    """One API: its name (the key of ``OPERATIONS``) and its request and response models."""

    name: str
    request_type: type[RequestModel]
    response_type: type[R]


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(item: Any) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(item)
    if adapter is None:
        adapter = _ADAPTERS[item] = TypeAdapter(item)
    return adapter


def collect(
    request_type: type[RequestModel], request: RequestModel | None, values: Mapping[str, Any]
) -> dict[str, Any]:
    """Argument values keyed by wire name: the request model's fields, then the keyword
    arguments (which win)."""
    args: dict[str, Any] = {}
    fields = request_type.model_fields
    if request is not None:
        for name in request.model_fields_set:
            value = getattr(request, name)
            if value is not None:
                args[fields[name].alias or name] = value
    for name, info in fields.items():
        value = values.get(name)
        if value is not None:
            args[info.alias or name] = value
    return args


def build(response_type: type[R], response: ApiResponse) -> R:
    body = response.body
    if issubclass(response_type, BodyResponse):
        data: Any = {"body": body}
    else:
        data = body if isinstance(body, Mapping) else {}
    try:
        result = response_type.model_validate(data)
    except ValueError as exc:
        raise DecodeError(f"unexpected response body for {response_type.__name__}: {exc}") from exc
    result._meta = ResponseMeta(response.status_code, response.headers, response.request_id)
    return result


def _config(
    config: ClientConfig | None,
    retry: RetryPolicy | int | None,
    **options: Any,
) -> tuple[ClientConfig | None, dict[str, Any]]:
    overrides = {k: v for k, v in options.items() if v is not None}
    if isinstance(retry, int):
        overrides["retry"] = (
            RetryPolicy(max_attempts=retry) if retry > 0 else RetryPolicy.disabled()
        )
    elif retry is not None:
        overrides["retry"] = retry
    return config, overrides


class _Tables:
    operations: ClassVar[Mapping[str, Operation]] = {}
    pagination: ClassVar[Mapping[str, Pagination]] = {}


class ClientBase(BaseClient, _Tables):
    """Synchronous client base: every option of ``ClientConfig`` as a keyword argument."""

    def __init__(
        self,
        *,
        region_id: str | None = None,
        endpoint: str | None = None,
        credentials: CredentialsProvider | Credential | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        bearer_token: str | None = None,
        protocol: str | None = None,
        network: str | None = None,
        endpoint_type: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retry: RetryPolicy | int | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        nonce_factory: Callable[[], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        config: ClientConfig | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        base, overrides = _config(
            config,
            retry,
            region_id=region_id,
            endpoint=endpoint,
            credentials=credentials,
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            bearer_token=bearer_token,
            protocol=protocol,
            network=network,
            endpoint_type=endpoint_type,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            user_agent=user_agent,
            headers=headers,
            nonce_factory=nonce_factory,
            clock=clock,
        )
        super().__init__(base, transport=transport, http_client=http_client, **overrides)

    def __enter__(self) -> Self:
        return self

    def _call(self, api: Api[R], request: RequestModel | None, values: Mapping[str, Any]) -> R:
        args = collect(api.request_type, request, values)
        response = self.call(self.operations[api.name], args, headers=values.get("headers"))
        return build(api.response_type, response)

    def _sse(
        self, api: Api[Any], request: RequestModel | None, values: Mapping[str, Any]
    ) -> Iterator[ServerSentEvent]:
        args = collect(api.request_type, request, values)
        return self.call_sse(self.operations[api.name], args, headers=values.get("headers"))

    def _paginate(
        self,
        api: Api[Any],
        item_type: type[T],
        request: RequestModel | None,
        values: Mapping[str, Any],
    ) -> Iterator[T]:
        args = collect(api.request_type, request, values)
        adapter = _adapter(item_type)
        operation, pagination = self.operations[api.name], self.pagination[api.name]
        for item in paginate(self, operation, args, pagination):
            yield adapter.validate_python(item)


class AsyncClientBase(AsyncBaseClient, _Tables):
    """Asynchronous client base (httpx.AsyncClient); same options as :class:`ClientBase`."""

    def __init__(
        self,
        *,
        region_id: str | None = None,
        endpoint: str | None = None,
        credentials: CredentialsProvider | Credential | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        bearer_token: str | None = None,
        protocol: str | None = None,
        network: str | None = None,
        endpoint_type: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retry: RetryPolicy | int | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        nonce_factory: Callable[[], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        base, overrides = _config(
            config,
            retry,
            region_id=region_id,
            endpoint=endpoint,
            credentials=credentials,
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            bearer_token=bearer_token,
            protocol=protocol,
            network=network,
            endpoint_type=endpoint_type,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            user_agent=user_agent,
            headers=headers,
            nonce_factory=nonce_factory,
            clock=clock,
        )
        super().__init__(base, transport=transport, http_client=http_client, **overrides)

    async def __aenter__(self) -> Self:
        return self

    async def _call(
        self, api: Api[R], request: RequestModel | None, values: Mapping[str, Any]
    ) -> R:
        args = collect(api.request_type, request, values)
        operation = self.operations[api.name]
        response = await self.call(operation, args, headers=values.get("headers"))
        return build(api.response_type, response)

    def _sse(
        self, api: Api[Any], request: RequestModel | None, values: Mapping[str, Any]
    ) -> AsyncIterator[ServerSentEvent]:
        args = collect(api.request_type, request, values)
        return self.call_sse(self.operations[api.name], args, headers=values.get("headers"))

    async def _paginate(
        self,
        api: Api[Any],
        item_type: type[T],
        request: RequestModel | None,
        values: Mapping[str, Any],
    ) -> AsyncIterator[T]:
        args = collect(api.request_type, request, values)
        adapter = _adapter(item_type)
        operation, pagination = self.operations[api.name], self.pagination[api.name]
        async for item in apaginate(self, operation, args, pagination):
            yield adapter.validate_python(item)
