"""The SDK model: what every language's SDK is made of, decided once for all of them.

The IR says what the spec says; this layer says what an SDK does with it. Every rule that
each language would otherwise re-derive lives here, as data: how each operation goes on
the wire (style, method, path, body and response kinds, the whole-path parameter), its
parameters and their serialisation, the models and fields with a type tree, pagination as
declared data (botocore's ``paginators-1.json`` in spirit), endpoints and the rule for other
regions, and per operation its documented errors, RAM actions, flow control, deprecation
and asynchronous-call information.

Names here are wire names. A language's names come from the naming step
(:mod:`gen_sdk.sdk.naming`) with that language's policy; its types from the target's type
mapping over :data:`TypeRef`. Everything is frozen: a target reads it and never changes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from ..ir import Scalar

# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------

ScalarKind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True, slots=True)
class ScalarType:
    kind: ScalarKind
    #: Allowed values as the spec writes them (strings mostly), in spec order; ``None``: any.
    enum: tuple[Scalar, ...] | None = None
    format: str | None = None


@dataclass(frozen=True, slots=True)
class ListType:
    item: TypeRef


@dataclass(frozen=True, slots=True)
class MapType:
    """An object with free keys (``additionalProperties``); ``value`` is ``AnyType`` when
    the spec says nothing about the values."""

    value: TypeRef


@dataclass(frozen=True, slots=True)
class ModelType:
    """A reference to ``Package.models[model]``."""

    model: str


@dataclass(frozen=True, slots=True)
class AnyType:
    """Whatever the server sends (no usable type in the spec)."""


@dataclass(frozen=True, slots=True)
class BinaryType:
    """Raw bytes (a binary request body: bytes or a file)."""


TypeRef = ScalarType | ListType | MapType | ModelType | AnyType | BinaryType


def walk_type(ref: TypeRef) -> list[TypeRef]:
    """``ref`` and every type inside it (not following model references)."""
    found: list[TypeRef] = []
    stack = [ref]
    while stack:
        current = stack.pop()
        found.append(current)
        if isinstance(current, ListType):
            stack.append(current.item)
        elif isinstance(current, MapType):
            stack.append(current.value)
    return found


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


class Side(StrEnum):
    """Which way a model travels. Request models are strict (what the caller sends);
    response models tolerate what real servers send (missing fields, numbers as strings,
    ``[]`` for ``{}``, one item for a list)."""

    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True, slots=True)
class EnumValue:
    value: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Doc:
    """Documentation of a field or parameter, as the spec gives it."""

    text: str | None = None
    #: ``enum``/``enumValueTitles``: every allowed value with its title, in spec order.
    values: tuple[EnumValue, ...] = ()
    deprecated: bool = False
    example: Scalar | None = None


@dataclass(frozen=True, slots=True)
class Field:
    wire: str
    type: TypeRef
    #: As the spec declares it (response models are tolerant whatever it says).
    required: bool
    doc: Doc = field(default_factory=Doc)


class ModelKind(StrEnum):
    COMPONENT = "component"  # components.schemas[name]
    REQUEST = "request"  # the parameters of an operation
    RESPONSE = "response"  # the success body of an operation (an object)
    BODY = "body"  # the success body of an operation that is not an object
    NESTED = "nested"  # an object inside another model: owner + property


@dataclass(frozen=True, slots=True)
class Model:
    """An object type of the SDK. ``id`` is unique in the package and stable: ``C:Name``
    for components, ``O:Action:request``/``response``/``body`` for operations,
    ``<owner id>/<property>`` for nested objects."""

    id: str
    kind: ModelKind
    side: Side
    #: The component name, the operation name, or (nested) the owning property's wire name.
    source: str
    #: The model this one is declared in (nested models), else ``None``.
    owner: str | None = None
    doc: str | None = None
    fields: tuple[Field, ...] = ()
    #: ``BODY`` models: the body's type.
    body: TypeRef | None = None


# --------------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------------


class WireStyle(StrEnum):
    """How the runtime builds and signs a request (the official ``Params.style``)."""

    RPC = "RPC"
    ROA = "ROA"
    PDS = "PDS"  # ROA signed by the PDS gateway's rules


class Auth(StrEnum):
    AK = "AK"
    ANONYMOUS = "Anonymous"
    BEARER = "BearerToken"


class RequestBody(StrEnum):
    """The official ``req_body_type``: how a dict body is encoded."""

    JSON = "json"
    FORM = "formData"


class ResponseKind(StrEnum):
    """The official ``body_type``: how the success body is read."""

    JSON = "json"
    ARRAY = "array"
    STRING = "string"
    BYTE = "byte"
    BINARY = "binary"
    NONE = "none"
    SSE = "sse"


class BodyPart(StrEnum):
    """How an ``in: body`` parameter becomes the request body (``None``: a field of it)."""

    OBJECT = "object"  # its properties are the body's top-level keys
    ARRAY = "array"  # it is the body, a JSON array
    BINARY = "binary"  # raw bytes / a file, application/octet-stream
    RAW = "raw"  # a string sent verbatim


class Location(StrEnum):
    QUERY = "query"
    PATH = "path"
    BODY = "body"
    FORM_DATA = "formData"
    HEADER = "header"
    HOST = "host"


#: Parameter styles the runtime serialises (others are sent as given).
PARAM_STYLES = frozenset(
    {"json", "flat", "repeatList", "simple", "spaceDelimited", "pipeDelimited"}
)


@dataclass(frozen=True, slots=True)
class Param:
    wire: str
    location: Location
    #: How a list/object value is serialised (the spec's parameter ``style``, one of
    #: ``PARAM_STYLES``); ``None``: sent as it is.
    serialization: str | None
    required: bool
    type: TypeRef
    body: BodyPart | None = None
    #: Sent on the wire (``False``: a path parameter the path does not use, which the
    #: official SDKs take as an argument and never send).
    sent: bool = True
    doc: Doc = field(default_factory=Doc)


@dataclass(frozen=True, slots=True)
class Wire:
    """Everything the runtime needs to put one call on the wire (the operation table)."""

    style: WireStyle
    method: str  # upper case
    #: ``/`` for RPC; the ROA path template with ``{Name}`` placeholders.
    path: str
    auth: Auth
    request_body: RequestBody
    response: ResponseKind
    #: Safe to retry after the server may have seen the request.
    idempotent: bool = False
    #: The success body declares ``Code``/``code``: such a body is no error envelope.
    body_declares_code: bool = False
    #: The path parameter whose value, as given, is the whole request path (V3 specs with
    #: a path such as ``/api/v1/providers/{provider}/.../*`` and a ``requestPath``).
    path_param: str | None = None


@dataclass(frozen=True, slots=True)
class Pagination:
    """How to walk the pages of a list operation (wire names; ``items`` is a path)."""

    style: Literal["page_number", "next_token"]
    items: tuple[str, ...]
    item: TypeRef
    #: page_number: the request's page number and size, the response's total.
    #: next_token: the request's token and page size (MaxResults), the response's token.
    page_number: str | None = None
    page_size: str | None = None
    total: str | None = None
    token: str | None = None
    next_token: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorCode:
    http_status: int
    code: str
    message: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class RamAction:
    action: str
    auth_level: str | None = None
    resources: tuple[str, ...] = ()  # ARNs
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlowLimit:
    """At most ``threshold`` calls per ``window`` seconds (``region``: ``*`` for all)."""

    threshold: int
    window: int
    region: str | None = None


@dataclass(frozen=True, slots=True)
class AsyncCall:
    """An asynchronous operation: poll ``status_api`` every ``interval_ms`` up to
    ``max_polls`` times (``staticInfo.callback``)."""

    status_api: str | None
    interval_ms: int | None = None
    max_polls: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One entry of an operation's change history: when, and what changed."""

    when: str | None
    what: str | None


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    summary: str | None
    title: str | None
    description: str | None
    wire: Wire
    params: tuple[Param, ...]
    #: ``Package.models`` ids: the request model (one field per parameter, same order) and
    #: the response model (an object body: ``RESPONSE``; anything else: ``BODY``).
    request: str
    response: str
    pagination: Pagination | None = None
    #: Also offered as a stream of server-sent events (``schemes`` lists ``sse``): the same
    #: request, the body read as events whose data is the response.
    sse: bool = False
    deprecated: bool = False
    #: What replaces a deprecated operation (``Product::Version::Operation``).
    replacements: tuple[str, ...] = ()
    errors: tuple[ErrorCode, ...] = ()
    ram_actions: tuple[RamAction, ...] = ()
    flow_limits: tuple[FlowLimit, ...] = ()
    async_call: AsyncCall | None = None
    #: ``read``/``write``/``readAndWrite`` (operationType), and the console's finer kind
    #: (``create``, ``delete``...) and risk (``none``/``high``...).
    operation_type: str | None = None
    action_kind: str | None = None
    risk: str | None = None
    #: The operation's change history as the spec records it (``changeSet``).
    history: tuple[HistoryEntry, ...] = ()


# --------------------------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    region_id: str
    #: The public endpoint host (``endpoint``, else ``public``).
    host: str
    vpc: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoints:
    regions: tuple[Region, ...]
    #: For regions the table lacks: ``regional`` gives ``<product>.<region>.aliyuncs.com``,
    #: ``central`` gives ``<product>.aliyuncs.com`` (the official endpoint rule).
    rule: Literal["regional", "central"]
    #: The region examples use: the table's first, else ``cn-hangzhou``.
    default_region: str
    #: The host of a region the table lacks, ``<region>`` standing for its id (public
    #: network): what ``rule`` gives, for documentation.
    fallback_host: str = ""


@dataclass(frozen=True, slots=True)
class Package:
    product: str
    version: str
    title: str | None
    description: str | None
    #: ``info.style`` as the spec writes it (RPC, ROA, V3, FC, PDS, AliGenie).
    spec_style: str
    #: The style of most operations (a V3 operation with a path is ROA).
    wire_style: WireStyle
    endpoints: Endpoints
    operations: tuple[Operation, ...]
    #: Every model, in the order the naming step claims them: components in spec order,
    #: then per operation its request, response and nested models, depth first.
    models: Mapping[str, Model]
    #: The product's documented error codes (``errorCodes`` at the top level).
    errors: tuple[ErrorCode, ...] = ()

    def operation(self, name: str) -> Operation:
        for operation in self.operations:
            if operation.name == name:
                return operation
        raise KeyError(name)


__all__ = [
    "PARAM_STYLES",
    "AnyType",
    "AsyncCall",
    "Auth",
    "BinaryType",
    "BodyPart",
    "Doc",
    "Endpoints",
    "EnumValue",
    "ErrorCode",
    "Field",
    "FlowLimit",
    "HistoryEntry",
    "ListType",
    "Location",
    "MapType",
    "Model",
    "ModelKind",
    "ModelType",
    "Operation",
    "Package",
    "Pagination",
    "Param",
    "RamAction",
    "Region",
    "RequestBody",
    "ResponseKind",
    "ScalarKind",
    "ScalarType",
    "Side",
    "TypeRef",
    "Wire",
    "WireStyle",
    "walk_type",
]
