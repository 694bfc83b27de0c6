"""The IR data model: frozen, slotted dataclasses and the enums they use.

Everything here is language-neutral: parameter, property, header, schema and operation names are
the wire names exactly as the spec gives them. Attribute names are the IR's own vocabulary (the
same names appear in ``spec_to_json`` output and are what templates use, e.g.
``schema.enum_value_titles``).

The classes do no validation of their own; ``gen_sdk.ir.build.build_spec`` checks every raw
value before it constructs them, which keeps construction cheap (ECS and SAS build in a
fraction of a second) and keeps all diagnostics in one place. Mapping-valued fields hold plain
``dict`` objects in spec order; treat them as read-only. (Because of those dicts, IR objects
compare by value but are not hashable.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

#: A scalar value as the spec writes it (``example``, ``default``, enum members). Real specs
#: write these as strings; hand-written ones may use numbers or booleans, kept as given.
Scalar = str | int | float | bool

#: ``#/components/schemas/<Name>``: the only kind of ``$ref`` the specs use.
REF_PREFIX = "#/components/schemas/"


class IrError(Exception):
    """Raised by IR helpers (not by ``build_spec``) when asked for something that is not there,
    e.g. ``Spec.resolve`` on a schema whose ``$ref`` names no component."""


class Style(StrEnum):
    """``info.style``: how requests are built and signed."""

    RPC = "RPC"
    ROA = "ROA"
    V3 = "V3"
    FC = "FC"
    OSS = "OSS"
    PDS = "PDS"
    ALIGENIE = "AliGenie"


class HttpMethod(StrEnum):
    GET = "get"
    POST = "post"
    PUT = "put"
    DELETE = "delete"
    PATCH = "patch"
    HEAD = "head"
    OPTIONS = "options"


class ParameterLocation(StrEnum):
    """A parameter's ``in``."""

    QUERY = "query"
    PATH = "path"
    BODY = "body"
    FORM_DATA = "formData"
    HEADER = "header"
    HOST = "host"


class ParameterStyle(StrEnum):
    """A parameter's (or response header's) ``style``: how a non-scalar value is serialized.

    ``None`` on a parameter means the spec gave no style (a scalar sent as-is).
    """

    JSON = "json"
    FLAT = "flat"
    REPEAT_LIST = "repeatList"
    SIMPLE = "simple"
    XML = "xml"
    STRUCT = "struct"


class SchemaType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    OBJECT = "object"
    ARRAY = "array"
    ANY = "any"


class BodyKind(StrEnum):
    """What a response body is, after resolving ``$ref``.

    ``binary`` is a string schema with ``format`` ``binary`` or ``byte`` (a raw byte stream);
    ``scalar`` is integer/number/boolean; ``any`` is a schema without a usable type;
    ``none`` means there is no body schema at all.
    """

    NONE = "none"
    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    BINARY = "binary"
    SCALAR = "scalar"
    ANY = "any"


class RequestBodyEncoding(StrEnum):
    """How an operation's request body is encoded (derived by the builder).

    ``form``/``multipart``: the ``formData`` parameters, as a form (multipart when ``consumes``
    lists ``multipart/form-data``). ``json``/``xml``: the ``body`` parameter serialized as
    JSON/XML. ``binary``: the body parameter is a byte stream. ``text``: the body parameter is
    a string sent as-is (its content type comes from ``consumes``). ``none``: no body.
    """

    NONE = "none"
    FORM = "form"
    MULTIPART = "multipart"
    JSON = "json"
    XML = "xml"
    BINARY = "binary"
    TEXT = "text"


@dataclass(frozen=True, slots=True, kw_only=True)
class Schema:
    """One schema node (a component, a parameter's schema, a property, items, ...).

    A node with ``ref`` set refers to ``Spec.schemas[ref]``; its other fields are the
    siblings the spec put next to the ``$ref`` (typically ``description``/``required``), which
    describe this *use* of the component. ``Spec.resolve`` follows the reference.

    ``required`` is the Alibaba per-node flag ("this property/parameter is required"), not the
    JSON-Schema list; an object's required properties are those whose schema says
    ``required=True``. ``minimum``/``maximum`` are kept as given (real specs write numeric
    strings such as ``"-9223372036854775808"``, which a float would not survive).
    """

    ref: str | None = None
    type: SchemaType | None = None
    format: str | None = None
    title: str | None = None
    description: str | None = None
    required: bool | None = None
    properties: Mapping[str, Schema] = field(default_factory=dict)
    items: Schema | None = None
    #: ``True``/``False`` as given, or the schema of the values.
    additional_properties: Schema | bool | None = None
    enum: tuple[Scalar, ...] | None = None
    #: ``enumValueTitles``: enum value (as a string) -> human title, in spec order. Often given
    #: without ``enum``.
    enum_value_titles: Mapping[str, str] = field(default_factory=dict)
    default: Scalar | None = None
    example: Scalar | None = None
    minimum: str | int | float | None = None
    maximum: str | int | float | None = None
    exclusive_minimum: bool | None = None
    exclusive_maximum: bool | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    pattern: str | None = None
    deprecated: bool | None = None
    read_only: bool | None = None
    #: ``docRequired``: "required" as shown in the documentation (may differ from ``required``).
    doc_required: bool | None = None
    #: ``isFileTransferUrl``: the string is a URL to a file the SDK may upload on the caller's
    #: behalf (Alibaba "advance" APIs).
    is_file_transfer_url: bool | None = None
    #: ``itemNode``/``itemName``: XML-era list wrapper hints (``{"Items": {"Item": [...]}}``).
    item_node: bool | None = None
    item_name: str | None = None
    #: ``parseType`` (e.g. ``struct``) and ``sdkPropertyName``: SDK hints kept as given.
    parse_type: str | None = None
    sdk_property_name: str | None = None
    #: ``visibility`` (``Public``/``Private``): whether the documentation shows the field.
    visibility: str | None = None
    #: ``extendType``, as text: the specs write ``"true"``; a boolean is read as ``"true"`` or
    #: ``"false"``.
    extend_type: str | None = None
    #: ``backendName``: the name the service uses internally for this field, as given.
    backend_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    name: str
    #: ``in``
    location: ParameterLocation
    style: ParameterStyle | None = None
    #: ``schema.required`` (or a parameter-level ``required``), ``False`` when not given.
    required: bool
    allow_empty_value: bool | None = None
    schema: Schema
    examples: Mapping[str, Scalar] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseHeader:
    schema: Schema
    style: ParameterStyle | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    #: An int for a numeric code (``200``), else the key as given (``"4XX"``, ``"default"``).
    status: int | str
    description: str | None = None
    body_kind: BodyKind
    schema: Schema | None = None
    headers: Mapping[str, ResponseHeader] = field(default_factory=dict)
    examples: Mapping[str, Scalar] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseExample:
    """One entry of ``responseDemo`` (a JSON-encoded list in the spec), strings as given."""

    type: str
    example: str
    error_example: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorCode:
    """One entry of an operation's ``errorCodes[http_status]`` (``errorCode``, ``errorMessage``,
    ``description``) or of the top-level ``errorCodes`` list (``code``, ``message``,
    ``http_code``, ``description``)."""

    http_status: int
    code: str
    message: str | None = None
    #: Human explanation (documentation language), as given.
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RamResource:
    """One entry of ``ramAction.resources``: what the action applies to."""

    #: ``validationType`` (``always``, ...).
    validation_type: str | None = None
    product: str | None = None
    #: ``resourceType``: a name such as ``HistoryDeliveryJob`` (or a human label).
    resource_type: str | None = None
    #: An ARN pattern (``acs:ecs:{#regionId}:{#accountId}:instance/{#InstanceId}``) or ``*``.
    arn: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RamAction:
    """The RAM (authorization) action a call needs: an entry of an operation's ``ramActions``
    or of the top-level ``ram.ramActions``."""

    #: ``ramAction.action``, e.g. ``"ecs:DescribeInstances"``.
    action: str
    #: ``ramAction.authLevel`` (``operate``, ``resource``, ...).
    auth_level: str | None = None
    #: The entry's ``operationType`` (``create``, ``list``, ``get``, ...).
    operation_type: str | None = None
    #: Only entries of the top-level ``ram.ramActions`` carry one.
    description: str | None = None
    #: ``ramAction.actionConditions[].conditionKey``, in spec order.
    conditions: tuple[str, ...] = ()
    resources: tuple[RamResource, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RamCondition:
    """One entry of ``ram.ramConditions``: a condition key a RAM policy may test."""

    name: str
    #: ``schema.type`` as given (``String``, ...).
    type: str | None = None
    description: str | None = None
    #: ``schema.enums``: the values the condition takes.
    enums: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RamInfo:
    """The top-level ``ram``: the product's RAM (authorization) metadata."""

    product_code: str | None = None
    product_name: str | None = None
    ram_codes: tuple[str, ...] = ()
    ram_level: str | None = None
    #: ``ramConditions``.
    conditions: tuple[RamCondition, ...] = ()
    #: ``ramActions``: operation name (``apiName``) -> action, in spec order.
    actions: Mapping[str, RamAction] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowControl:
    """One entry of a ``flowControl.flowControlList`` (per operation, or top-level): at most
    ``threshold`` calls per ``count_window`` seconds in ``region_id`` (``*``: every region)."""

    #: The spec writes it as a string (``"100"``, ``"-1"``); parsed.
    threshold: int | None = None
    #: ``countWindow``, in seconds.
    count_window: int | None = None
    region_id: str | None = None
    #: The operation the limit applies to (always given in the top-level list).
    api: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeRecord:
    """One entry of a ``changeSet``: a dated change of the API, for change logs."""

    #: ``createdAt``, as given (ISO 8601, e.g. ``2022-07-28T07:13:06.000Z``).
    created_at: str | None = None
    description: str | None = None
    #: Top-level ``changeSet`` only: the operations it changed, as (``api``, ``description``).
    apis: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EventInfo:
    """``eventInfo``: the events (EventBridge) the operation emits."""

    #: ``enable``.
    enabled: bool = False
    event_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemTags:
    """The ``systemTags`` an SDK may use (the catalog's ability-tree and auto-test tags are not
    read; see ``gen_sdk.ir.build``)."""

    #: ``operationType`` (``create``, ``get``, ``list``, ``update``, ``delete``, ...); not to
    #: be confused with the operation's own ``operationType`` (``read``/``write``/...).
    operation_type: str | None = None
    #: ``riskType`` (``none``, ``low``, ``high``, ...).
    risk_type: str | None = None
    #: ``chargeType`` (``free``, ``paid``, ...).
    charge_type: str | None = None
    #: ``tenantRelevance`` (``publicInformation``, ``tenant``, ...).
    tenant_relevance: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticInfo:
    """``staticInfo``: whether the call is asynchronous (and how to poll), and what replaces a
    deprecated operation."""

    return_type: str | None = None
    #: ``Product::Version::Operation`` strings, as given.
    substitutions: tuple[str, ...] = ()
    no_substitution_reason: str | None = None
    callback: str | None = None
    callback_interval: int | None = None
    max_callback_times: int | None = None


#: One security requirement, e.g. ``{"AK": ()}``: scheme name -> scopes.
SecurityRequirement = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    #: The key under ``apis`` (the action name for RPC).
    name: str
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    #: HTTP methods in spec order (e.g. ``(post, get)``: the first is the preferred one).
    methods: tuple[HttpMethod, ...]
    #: The URL path template for ROA-like styles (``/api/v1/{Id}``); ``None`` if not given.
    path: str | None = None
    schemes: tuple[str, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    consumes: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    #: ``operationType``: ``read``/``write``/``readAndWrite`` as given.
    operation_type: str | None = None
    tags: tuple[str, ...] = ()
    request_body_encoding: RequestBodyEncoding
    #: In spec order; a repeated (name, location) pair is dropped with a warning.
    parameters: tuple[Parameter, ...]
    #: In spec order.
    responses: tuple[Response, ...]
    #: ``body_kind`` of the success response (see ``success_response``), ``none`` if none.
    response_body_kind: BodyKind
    response_examples: tuple[ResponseExample, ...] = ()
    error_codes: tuple[ErrorCode, ...] = ()
    static_info: StaticInfo | None = None
    #: ``ramActions``: the RAM actions a call needs.
    ram_actions: tuple[RamAction, ...] = ()
    #: ``changeSet``, in spec order.
    change_set: tuple[ChangeRecord, ...] = ()
    #: ``flowControl.flowControlList``: the operation's rate limits.
    flow_control: tuple[FlowControl, ...] = ()
    event_info: EventInfo | None = None
    system_tags: SystemTags | None = None
    #: Free documentation text (markdown) as given.
    extra_info: str | None = None
    request_params_description: str | None = None
    response_params_description: str | None = None

    def success_response(self) -> Response | None:
        """The response a successful call gets: the lowest 2xx code, else the lowest 3xx."""
        return success_response(self.responses)

    def parameter(self, name: str) -> Parameter | None:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        return None


def success_response(responses: tuple[Response, ...]) -> Response | None:
    numeric = [r for r in responses if isinstance(r.status, int)]
    for low in (200, 300):
        in_range = [r for r in numeric if isinstance(r.status, int) and low <= r.status < low + 100]
        if in_range:
            return min(in_range, key=lambda r: r.status)
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Directory:
    """A node of the documentation tree; ``children`` are sub-directories and operation names."""

    #: The documentation system's numeric id (``None`` if the spec gives none).
    id: int | None
    title: str
    children: tuple[Directory | str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    """One entry of ``endpoints``: the host of one region."""

    region_id: str
    #: The host the SDK calls (``endpoint``; ``public`` when the spec gives only that).
    endpoint: str
    #: ``public``: the public host (usually the same as ``endpoint``).
    public: str | None = None
    #: ``vpc``: the host reachable from inside the region's VPCs.
    vpc: str | None = None
    #: ``regionName``: the region's human name (documentation language).
    region_name: str | None = None
    #: ``areaId``/``areaName``: the geographic area (``asiaPacific``, ...).
    area_id: str | None = None
    area_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    product: str
    version: str
    #: ``None`` only when ``info.style`` is missing or unknown (an error diagnostic says so).
    style: Style | None
    title: str | None = None
    description: str | None = None
    #: The document format version (top-level ``version``, e.g. ``"1.0"``).
    format_version: str | None = None
    #: Top-level ``security`` (the corpus has none; operations carry their own).
    security: tuple[SecurityRequirement, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    #: The top-level ``directories`` list: directories, or bare operation names.
    directories: tuple[Directory | str, ...] = ()
    #: ``apis``, in spec order, keyed by operation name.
    operations: Mapping[str, Operation]
    #: ``components.schemas``, in spec order.
    schemas: Mapping[str, Schema]
    #: The top-level ``errorCodes`` list (product-wide error codes).
    error_codes: tuple[ErrorCode, ...] = ()
    #: The top-level ``changeSet`` (each record lists the operations it changed).
    change_set: tuple[ChangeRecord, ...] = ()
    #: The top-level ``ram``.
    ram: RamInfo | None = None
    #: The top-level ``flowControl.flowControlList`` (each entry names its ``api``).
    flow_control: tuple[FlowControl, ...] = ()

    def resolve(self, schema: Schema) -> Schema:
        """Follow ``schema.ref`` (repeatedly) to the component it names; a schema without a
        ref is returned as is. Raises ``IrError`` for an unknown name or a cycle of pure refs."""
        seen: list[str] = []
        while schema.ref is not None:
            if schema.ref in seen:
                raise IrError(f"$ref cycle: {' -> '.join([*seen, schema.ref])}")
            seen.append(schema.ref)
            target = self.schemas.get(schema.ref)
            if target is None:
                raise IrError(f"$ref to unknown schema {schema.ref!r}")
            schema = target
        return schema

    def endpoint_for(self, region_id: str) -> str | None:
        for endpoint in self.endpoints:
            if endpoint.region_id == region_id:
                return endpoint.endpoint
        return None
