"""The wire rules: how one operation goes on the wire, decided from the IR alone.

Each rule is checked against the official SDKs (see ``templates/README.md``):

* **Style.** ``info.style`` -> the runtime style: RPC and V3 are RPC, except that a V3
  operation with a ``path`` is ROA; ROA, FC and AliGenie are ROA; PDS is ROA signed by the
  PDS gateway. OSS is refused (:data:`REFUSED_STYLES`).
* **Method.** RPC: ``GET`` only when the spec lists exactly ``get``, else ``POST``. ROA:
  ``POST`` when ``post`` is among the methods (``[patch, post]``, ``[get, post]``,
  ``[post, delete]`` all send POST), else the first listed.
* **Path.** RPC: ``/``. ROA: the spec's path template. A path parameter the template does
  not use is taken but not sent, as the official SDKs do; except that when the template has
  variables no parameter fills (a V3 ``/api/v1/providers/{provider}/.../*``) and exactly one
  path parameter is unused, that parameter's value is the whole request path.
* **Bodies.** ``req_body_type``: RPC ``json`` when a parameter is ``in: body``, else
  ``formData``; ROA ``formData`` when a parameter is ``in: formData``, else ``json``. A body
  parameter is an object (its properties are the body), an array (the body), binary (raw
  bytes) or a raw string. Response: ``sse`` when ``produces`` lists an event stream, else
  by the success body's kind (array, string, byte/binary, none, json).
* **Error envelopes.** A success body that declares ``Code`` may carry an error in a 2xx.
* **Auth.** ``AK`` when listed (or nothing is), else ``Anonymous``, else ``BearerToken``.
* **Endpoints.** The spec's table; other regions: ``regional`` (the default, and whenever
  a host contains its region id) or ``central``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..ir import BodyKind, ParameterLocation, SchemaType, Spec, Style
from ..ir import Operation as IrOperation
from ..ir import Parameter as IrParameter
from .model import Auth, BodyPart, Location, Param, RequestBody, ResponseKind, WireStyle

#: ``info.style`` -> the runtime style of its operations (V3: RPC, or ROA with a path).
WIRE_STYLES = {
    Style.RPC: WireStyle.RPC,
    Style.V3: WireStyle.RPC,
    Style.ROA: WireStyle.ROA,
    Style.FC: WireStyle.ROA,
    Style.ALIGENIE: WireStyle.ROA,
    Style.PDS: WireStyle.PDS,
}
#: Styles no runtime implements, with the reason (also in ``templates/README.md``).
REFUSED_STYLES = {
    Style.OSS: (
        "OSS APIs go through the OSS gateway (alibabacloud-gateway-oss): OSS V1/V4 signatures "
        "over bucket sub-resources, bucket-addressed hosts, XML request and response bodies "
        "(req_body_type/body_type 'xml'), none of which the runtime implements; use the "
        "official OSS SDK (alibabacloud-oss-v2)"
    ),
}

_PATH_VARIABLE = re.compile(r"\{([^{}/]+)\}")
_BINARY_FORMATS = ("binary", "byte")


def wire_style(style: Style | None) -> WireStyle:
    """The runtime style of a spec style (``ROA`` for a style without a rule, or none)."""
    return WireStyle.ROA if style is None else WIRE_STYLES.get(style, WireStyle.ROA)


def operation_style(spec: Spec, op: IrOperation) -> WireStyle:
    """The runtime style of one operation: a V3 operation with a path is ROA."""
    if spec.style is Style.V3 and op.path:
        return WireStyle.ROA
    return wire_style(spec.style)


def choose_method(style: WireStyle, methods: Iterable[str]) -> str:
    """The official method rule (see the module docstring)."""
    listed = [m.lower() for m in methods]
    if style is WireStyle.RPC:
        return "GET" if listed == ["get"] else "POST"
    if "post" in listed:
        return "POST"
    return (listed[0] if listed else "get").upper()


def endpoint_rule(spec: Spec) -> str:
    """``regional`` or ``central``: how a region the endpoint table lacks is reached."""
    if not spec.endpoints:
        return "regional"
    if any(e.region_id in e.endpoint for e in spec.endpoints):
        return "regional"
    return "central"


def fallback_host(product: str, rule: str) -> str:
    """The public host ``rule`` gives a region the table lacks (``<region>``: its id)."""
    if rule == "regional":
        return f"{product.lower()}.<region>.aliyuncs.com"
    return f"{product.lower()}.aliyuncs.com"


def whole_path_param(op: IrOperation, style: WireStyle, template: str) -> str | None:
    """The parameter whose value is the whole path (see the module docstring)."""
    if style is WireStyle.RPC:
        return None
    variables = set(_PATH_VARIABLE.findall(template))
    path_params = [p for p in op.parameters if p.location is ParameterLocation.PATH]
    unused = [p.name for p in path_params if p.name not in variables]
    unfilled = variables - {p.name for p in path_params}
    # Other unused path parameters are taken and not sent (the IR warns about them).
    return unused[0] if unfilled and len(unused) == 1 else None


def is_sent(param: IrParameter, style: WireStyle, template: str, path_param: str | None) -> bool:
    """False for a ROA path parameter that neither the template nor the whole path uses."""
    return not (
        param.location is ParameterLocation.PATH
        and style is not WireStyle.RPC
        and "{" + param.name + "}" not in template
        and param.name != path_param
    )


def body_part(spec: Spec, param: IrParameter) -> BodyPart | None:
    """How an ``in: body`` parameter becomes the body (``None``: not a body parameter)."""
    if param.location is not ParameterLocation.BODY:
        return None
    try:
        schema = spec.resolve(param.schema)
    except Exception:
        return None
    if schema.format in _BINARY_FORMATS and schema.type in (SchemaType.STRING, None):
        return BodyPart.BINARY
    if schema.type is SchemaType.OBJECT or (schema.type is None and schema.properties):
        return BodyPart.OBJECT
    if schema.type is SchemaType.ARRAY:
        return BodyPart.ARRAY
    if schema.type is SchemaType.STRING:
        return BodyPart.RAW
    return None


def response_kind(spec: Spec, op: IrOperation) -> ResponseKind:
    """How the success body is read."""
    if any("event-stream" in p for p in op.produces):
        return ResponseKind.SSE
    kind = op.response_body_kind
    if kind is BodyKind.ARRAY:
        return ResponseKind.ARRAY
    if kind is BodyKind.STRING:
        return ResponseKind.STRING
    if kind is BodyKind.BINARY:
        response = op.success_response()
        schema = response.schema if response else None
        fmt = spec.resolve(schema).format if schema is not None else None
        return ResponseKind.BYTE if fmt == "byte" else ResponseKind.BINARY
    if kind is BodyKind.NONE:
        return ResponseKind.NONE
    return ResponseKind.JSON


def body_declares_code(spec: Spec, op: IrOperation) -> bool:
    """The success body declares ``Code``: a 2xx may carry an error envelope."""
    response = op.success_response()
    if response is None or response.schema is None:
        return False
    try:
        schema = spec.resolve(response.schema)
    except Exception:
        return False
    return "Code" in schema.properties or "code" in schema.properties


def auth_of(op: IrOperation) -> Auth:
    schemes = [next(iter(s)) for s in op.security if s]
    if "AK" in schemes or not schemes:
        return Auth.AK
    if "Anonymous" in schemes:
        return Auth.ANONYMOUS
    if "BearerToken" in schemes:
        return Auth.BEARER
    return Auth.AK


def request_body(style: WireStyle, params: Iterable[Param]) -> RequestBody:
    locations = {p.location for p in params}
    if style is WireStyle.RPC:
        return RequestBody.JSON if Location.BODY in locations else RequestBody.FORM
    return RequestBody.FORM if Location.FORM_DATA in locations else RequestBody.JSON


__all__ = [
    "REFUSED_STYLES",
    "WIRE_STYLES",
    "auth_of",
    "body_declares_code",
    "body_part",
    "choose_method",
    "endpoint_rule",
    "fallback_host",
    "is_sent",
    "operation_style",
    "request_body",
    "response_kind",
    "whole_path_param",
    "wire_style",
]
