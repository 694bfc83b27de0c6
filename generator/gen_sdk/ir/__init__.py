"""The intermediate representation (IR): everything a target and its templates need from a spec.

``build_spec(value)`` turns the PHP value of an api-docs file into a ``Spec``; nothing after
this stage looks at the raw value again. Shape, briefly (see ``model`` for every field):

* ``Spec``: ``product``, ``version``, ``style`` (``Style``: RPC, ROA, V3, FC, OSS, PDS,
  AliGenie), ``title``, ``format_version``, global ``security``, ``endpoints`` (``Endpoint``:
  region id -> host, plus its public/VPC hosts and region/area names), ``directories`` (a tree
  of ``Directory`` and operation names), ``operations`` (name -> ``Operation``, spec order),
  ``schemas`` (component name -> ``Schema``, spec order), and the product-wide metadata:
  ``error_codes`` (``ErrorCode``), ``change_set`` (``ChangeRecord``), ``ram`` (``RamInfo``:
  RAM product codes, ``RamCondition``s, operation name -> ``RamAction``) and ``flow_control``
  (``FlowControl``). ``Spec.resolve(schema)`` follows ``$ref``.
* ``Operation``: ``methods`` (``HttpMethod``, spec order), ``path``, ``summary``/``title``/
  ``description``, ``deprecated``, ``security``, ``schemes``, ``consumes``/``produces``,
  ``parameters``, derived ``request_body_encoding`` (``RequestBodyEncoding``), ``responses``,
  derived ``response_body_kind`` (``BodyKind``), ``response_examples``, ``error_codes``,
  ``static_info`` (async/deprecation substitutes), ``ram_actions`` (``RamAction``, with its
  ``RamResource``s), ``change_set``, ``flow_control`` (rate limits), ``event_info``
  (``EventInfo``) and ``system_tags`` (``SystemTags``).
* ``Parameter``: wire ``name``, ``location`` (``ParameterLocation``, the spec's ``in``),
  ``style`` (``ParameterStyle`` or ``None``), ``required``, ``schema``.
* ``Response``: ``status`` (``200`` or ``"4XX"``), ``schema``, ``body_kind``, ``headers``.
* ``Schema``: one node: ``ref`` (component name) *or* ``type``/``format``/``properties``/
  ``items``/``additional_properties``, plus ``enum``/``enum_value_titles``, bounds, lengths,
  ``pattern``, ``default``/``example`` (as given), ``required``, ``deprecated``,
  ``read_only``, ``visibility``, ``extend_type``, ``backend_name``, ... Recursive components
  stay references, never inlined.

All names are wire names as the spec gives them; no language's naming rules are applied.
Input is read liberally: only what would make an SDK wrong is an error, anything else is a
warning saying what the IR did instead (the rules are in ``gen_sdk.ir.build``).
``spec_to_json(spec)`` prints the IR for humans (``gen-sdk ir FILE``).
"""

from gen_sdk.ir.build import build_spec, has_errors
from gen_sdk.ir.model import (
    REF_PREFIX,
    BodyKind,
    ChangeRecord,
    Directory,
    Endpoint,
    ErrorCode,
    EventInfo,
    FlowControl,
    HttpMethod,
    IrError,
    Operation,
    Parameter,
    ParameterLocation,
    ParameterStyle,
    RamAction,
    RamCondition,
    RamInfo,
    RamResource,
    RequestBodyEncoding,
    Response,
    ResponseExample,
    ResponseHeader,
    Scalar,
    Schema,
    SchemaType,
    SecurityRequirement,
    Spec,
    StaticInfo,
    Style,
    SystemTags,
)
from gen_sdk.ir.serialize import spec_to_json, to_jsonable

__all__ = [
    "REF_PREFIX",
    "BodyKind",
    "ChangeRecord",
    "Directory",
    "Endpoint",
    "ErrorCode",
    "EventInfo",
    "FlowControl",
    "HttpMethod",
    "IrError",
    "Operation",
    "Parameter",
    "ParameterLocation",
    "ParameterStyle",
    "RamAction",
    "RamCondition",
    "RamInfo",
    "RamResource",
    "RequestBodyEncoding",
    "Response",
    "ResponseExample",
    "ResponseHeader",
    "Scalar",
    "Schema",
    "SchemaType",
    "SecurityRequirement",
    "Spec",
    "StaticInfo",
    "Style",
    "SystemTags",
    "build_spec",
    "has_errors",
    "spec_to_json",
    "to_jsonable",
]
