"""IR -> SDK model: every rule a language's SDK needs, decided once (see ``model``).

``build_package(spec, diagnostics, source)`` returns the :class:`~.model.Package`, or ``None``
when no SDK can be made: a style no runtime implements or a product/version that names no
directory (errors), or a spec without operations (nothing to generate: the IR warns).
Problems go to ``diagnostics``.

This module builds the models and the type tree and puts each operation together; the wire
rules are in :mod:`.wire`, pagination detection in :mod:`.pagination`. Its own rules:

* **Types.** Component objects with properties are models; nested objects are models owned
  by their property; maps of a schema, lists, scalars with their enums; anything else (or a
  ref cycle) is any value.
* **Lists declared as objects.** A response object whose example is a JSON list, or whose
  description says "list" (列表, 数组, 集合) while it holds no array, is a list of it (the
  seed's ``Models``).
* **SSE.** An operation whose ``schemes`` list ``sse`` is also offered as a stream of
  events (the official ``*_with_sse`` methods): same request, events whose data is the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from ..diagnostics import Diagnostic, error, warning
from ..ir import (
    FlowControl,
    Schema,
    SchemaType,
    Spec,
)
from ..ir import Operation as IrOperation
from ..paths import UnsafeNameError, package_directory
from .model import (
    PARAM_STYLES,
    AnyType,
    AsyncCall,
    BinaryType,
    BodyPart,
    Doc,
    Endpoints,
    EnumValue,
    ErrorCode,
    Field,
    FlowLimit,
    HistoryEntry,
    ListType,
    Location,
    MapType,
    Model,
    ModelKind,
    ModelType,
    Operation,
    Package,
    Param,
    RamAction,
    Region,
    ResponseKind,
    ScalarKind,
    ScalarType,
    Side,
    TypeRef,
    Wire,
    WireStyle,
)
from .pagination import detect_pagination
from .wire import (
    REFUSED_STYLES,
    auth_of,
    body_declares_code,
    body_part,
    choose_method,
    endpoint_rule,
    fallback_host,
    is_sent,
    operation_style,
    request_body,
    response_kind,
    whole_path_param,
    wire_style,
)

_SCALARS: dict[SchemaType, ScalarKind] = {
    SchemaType.STRING: "string",
    SchemaType.INTEGER: "integer",
    SchemaType.NUMBER: "number",
    SchemaType.BOOLEAN: "boolean",
}
_LIST_WORDS = re.compile(r"列表|数组|集合|\blist\b|\barray\b", re.IGNORECASE)


class _PackageBuilder:
    def __init__(self, spec: Spec, diagnostics: list[Diagnostic], source: str | None) -> None:
        self.spec = spec
        self.diagnostics = diagnostics
        self.source = source
        #: Every model, in claim order (see ``Package.models``); nested ones are put in place
        #: when created and replaced when complete, so the order is depth-first pre-order.
        self.models: dict[str, Model] = {}
        #: Component name -> model id, for components that are objects with properties.
        self.component_models: dict[str, str] = {}
        self.wire = wire_style(spec.style)

    def warn(self, message: str, kind: str, path: str | None = None) -> None:
        self.diagnostics.append(warning(message, kind=kind, file=self.source, path=path))

    # -- models ----------------------------------------------------------------------------

    @staticmethod
    def is_model(schema: Schema) -> bool:
        return bool(schema.properties) and schema.type in (None, SchemaType.OBJECT)

    def components(self) -> None:
        for name, schema in self.spec.schemas.items():
            if self.is_model(schema):
                model_id = f"C:{name}"
                self.component_models[name] = model_id
                self.models[model_id] = Model(
                    id=model_id,
                    kind=ModelKind.COMPONENT,
                    side=Side.RESPONSE,
                    source=name,
                    doc=schema.description or schema.title,
                )
        for name, schema in self.spec.schemas.items():
            component = self.component_models.get(name)
            if component is not None:
                self.fill(component, schema)

    def fill(self, model_id: str, schema: Schema) -> None:
        """Give ``model_id`` one field per property of ``schema`` (nested types first)."""
        model = self.models[model_id]
        fields = tuple(
            Field(
                wire=wire,
                type=self.type_of(prop, model_id, wire, model.side),
                required=bool(prop.required),
                doc=doc_of(prop),
            )
            for wire, prop in schema.properties.items()
        )
        self.models[model_id] = _replace_fields(model, fields)

    def nested(self, owner: str, prop: str, side: Side, schema: Schema) -> str:
        model_id = f"{owner}/{prop}"
        while model_id in self.models:  # the same property name met twice (items, values)
            model_id += "'"
        self.models[model_id] = Model(
            id=model_id,
            kind=ModelKind.NESTED,
            side=side,
            source=prop,
            owner=owner,
            doc=schema.description or schema.title,
        )
        self.fill(model_id, schema)
        return model_id

    def type_of(
        self, schema: Schema, owner: str, prop: str, side: Side, in_array: bool = False
    ) -> TypeRef:
        """The type of ``schema``, used by property ``prop`` of model ``owner``; nested
        objects become models. ``in_array``: ``schema`` is an array's items."""
        if schema.ref is not None:
            try:
                target = self.spec.resolve(schema)
            except Exception as exc:  # a cycle of pure refs: the IR reported it
                message = f"{self.models[owner].source}.{prop}: {exc}; typed as any value"
                self.warn(message, "untyped")
                return AnyType()
            component = self.component_models.get(schema.ref)
            if component is None:  # a component that is not an object: its type inline
                return self.type_of(target, owner, prop, side, in_array)
            if side is Side.RESPONSE and not in_array and looks_like_list(schema, target):
                return ListType(ModelType(component))
            return ModelType(component)
        kind = schema.type
        if kind is SchemaType.OBJECT or (kind is None and schema.properties):
            if schema.properties:
                model = ModelType(self.nested(owner, prop, side, schema))
                if side is Side.RESPONSE and not in_array and looks_like_list(schema, schema):
                    return ListType(model)
                return model
            extra = schema.additional_properties
            if isinstance(extra, Schema):
                return MapType(self.type_of(extra, owner, prop + "Value", side))
            return MapType(AnyType())
        if kind is SchemaType.ARRAY:
            if schema.items is None:
                return ListType(AnyType())
            return ListType(self.type_of(schema.items, owner, prop, side, True))
        scalar = _SCALARS.get(kind) if kind is not None else None
        if scalar is None:
            return AnyType()
        return ScalarType(scalar, schema.enum, schema.format)

    # -- operations ------------------------------------------------------------------------

    def operation(self, op: IrOperation) -> Operation:
        request_id, response_id = f"O:{op.name}:request", f"O:{op.name}:response"
        self.models[request_id] = Model(
            id=request_id, kind=ModelKind.REQUEST, side=Side.REQUEST, source=op.name
        )
        self.models[response_id] = Model(
            id=response_id, kind=ModelKind.RESPONSE, side=Side.RESPONSE, source=op.name
        )
        style = operation_style(self.spec, op)
        template = op.path or "/"
        path_param = whole_path_param(op, style, template)
        params: list[Param] = []
        for parameter in op.parameters:
            body = body_part(self.spec, parameter)
            value_type = self.type_of(parameter.schema, request_id, parameter.name, Side.REQUEST)
            if body is BodyPart.BINARY:
                value_type = BinaryType()
            sent = is_sent(parameter, style, template, path_param)
            style_name = parameter.style.value if parameter.style is not None else None
            params.append(
                Param(
                    wire=parameter.name,
                    location=Location(parameter.location.value),
                    serialization=style_name if style_name in PARAM_STYLES else None,
                    required=parameter.required,
                    type=value_type,
                    body=body,
                    sent=sent,
                    doc=doc_of(parameter.schema),
                )
            )
        self.models[request_id] = _replace_fields(
            self.models[request_id],
            tuple(Field(p.wire, p.type, p.required, p.doc) for p in params),
        )
        kind = response_kind(self.spec, op)
        self.response(op, response_id, kind)
        wire = Wire(
            style=style,
            method=choose_method(style, (m.value for m in op.methods)),
            path="/" if style is WireStyle.RPC else template,
            auth=auth_of(op),
            request_body=request_body(style, params),
            response=kind,
            idempotent=op.operation_type == "read",
            body_declares_code=body_declares_code(self.spec, op),
            path_param=path_param,
        )
        pagination = (
            detect_pagination(op, self.models[response_id], self.models)
            if kind is not ResponseKind.SSE
            else None
        )
        return Operation(
            name=op.name,
            summary=op.summary,
            title=op.title,
            description=op.description,
            wire=wire,
            params=tuple(params),
            request=request_id,
            response=response_id,
            pagination=pagination,
            sse="sse" in op.schemes,
            deprecated=op.deprecated,
            replacements=op.static_info.substitutions if op.static_info else (),
            errors=tuple(
                ErrorCode(e.http_status, e.code, e.message, e.description) for e in op.error_codes
            ),
            ram_actions=ram_actions(op),
            flow_limits=flow_limits(op.flow_control),
            async_call=async_call(op),
            operation_type=op.operation_type,
            action_kind=op.system_tags.operation_type if op.system_tags else None,
            risk=op.system_tags.risk_type if op.system_tags else None,
            history=tuple(HistoryEntry(c.created_at, c.description) for c in op.change_set),
        )

    def response(self, op: IrOperation, model_id: str, kind: ResponseKind) -> None:
        """Make ``model_id`` the success body: an object's fields, else a ``BODY`` model."""
        if kind is ResponseKind.SSE:
            if "sse" not in op.schemes:
                return  # raw events only: no body model
            kind = ResponseKind.JSON  # the events' data is the declared body
        success = op.success_response()
        schema = success.schema if success is not None else None
        if kind is ResponseKind.JSON and schema is not None:
            try:
                target: Schema | None = self.spec.resolve(schema)
            except Exception:
                target = None
            if target is not None and target.type in (SchemaType.OBJECT, None):
                self.fill(model_id, target)
                return
        body: TypeRef
        if kind in (ResponseKind.STRING, ResponseKind.NONE):
            body = ScalarType("string")
        elif kind in (ResponseKind.BYTE, ResponseKind.BINARY):
            body = BinaryType()
        elif schema is not None:
            body = self.type_of(schema, model_id, "Body", Side.RESPONSE)
        else:
            body = AnyType()
        model = self.models[model_id]
        self.models[model_id] = Model(
            id=model.id,
            kind=ModelKind.BODY,
            side=model.side,
            source=model.source,
            body=body,
        )

    # -- the package -----------------------------------------------------------------------

    def endpoints(self) -> Endpoints:
        regions = tuple(
            Region(region_id=e.region_id, host=e.endpoint, vpc=e.vpc, name=e.region_name)
            for e in self.spec.endpoints
        )
        default = regions[0].region_id if regions else "cn-hangzhou"
        rule: Literal["regional", "central"] = (
            "central" if endpoint_rule(self.spec) == "central" else "regional"
        )
        return Endpoints(
            regions=regions,
            rule=rule,
            default_region=default,
            fallback_host=fallback_host(self.spec.product, rule),
        )


def _replace_fields(model: Model, fields: tuple[Field, ...]) -> Model:
    return Model(
        id=model.id,
        kind=model.kind,
        side=model.side,
        source=model.source,
        owner=model.owner,
        doc=model.doc,
        fields=fields,
        body=model.body,
    )


def looks_like_list(use: Schema, target: Schema) -> bool:
    """The spec declares an object, but its example is a list, or its description says
    "list" and the object is no list wrapper: the server sends a list of it."""
    example = use.example if use.example is not None else target.example
    if isinstance(example, str) and example.lstrip().startswith("["):
        return True
    described = f"{use.description or ''} {use.title or ''}"
    has_array = any(p.type is SchemaType.ARRAY for p in target.properties.values())
    return bool(_LIST_WORDS.search(described)) and not has_array


def doc_of(schema: Schema) -> Doc:
    titles = dict(schema.enum_value_titles)
    values = [str(v) for v in schema.enum or ()] or list(titles)
    return Doc(
        text=schema.description or schema.title,
        values=tuple(EnumValue(value, titles.get(value)) for value in values),
        deprecated=bool(schema.deprecated),
        example=schema.example,
    )


def ram_actions(op: IrOperation) -> tuple[RamAction, ...]:
    return tuple(
        RamAction(
            action=a.action,
            auth_level=a.auth_level,
            resources=tuple(r.arn for r in a.resources if r.arn),
            conditions=a.conditions,
        )
        for a in op.ram_actions
    )


def flow_limits(entries: Iterable[FlowControl]) -> tuple[FlowLimit, ...]:
    """The limits that limit something (a threshold of -1 means none)."""
    return tuple(
        FlowLimit(entry.threshold, entry.count_window, entry.region_id)
        for entry in entries
        if entry.threshold is not None and entry.threshold >= 0 and entry.count_window
    )


def async_call(op: IrOperation) -> AsyncCall | None:
    info = op.static_info
    if info is None or not info.callback:
        return None
    return AsyncCall(info.callback, info.callback_interval, info.max_callback_times)


def build_package(
    spec: Spec, diagnostics: list[Diagnostic], source: str | None = None
) -> Package | None:
    """The SDK model of ``spec`` (see the module docstring); ``None`` when there is no SDK
    to make: a refused style or a package that cannot be named (errors, added here), or no
    operations (which the IR warns about: nothing is added)."""
    refused = REFUSED_STYLES.get(spec.style) if spec.style is not None else None
    if refused is not None:
        message = f"{spec.product} {spec.version}: style {spec.style} is not supported: {refused}"
        diagnostics.append(error(message, kind="unsupported-style", file=source))
        return None
    if not spec.operations:
        return None
    try:
        package_directory(spec.product, spec.version)
    except UnsafeNameError as exc:  # every target writes below <product>/<version>
        message = f"cannot name the package: {exc}"
        diagnostics.append(error(message, kind="unsafe-name", file=source))
        return None
    builder = _PackageBuilder(spec, diagnostics, source)
    builder.components()
    operations = tuple(builder.operation(op) for op in spec.operations.values())
    return Package(
        product=spec.product,
        version=spec.version,
        title=spec.title,
        description=spec.description,
        spec_style=spec.style.value if spec.style is not None else "",
        wire_style=builder.wire,
        endpoints=builder.endpoints(),
        operations=operations,
        models=dict(builder.models),
        errors=tuple(
            ErrorCode(e.http_status, e.code, e.message, e.description) for e in spec.error_codes
        ),
    )


__all__ = ["build_package", "doc_of", "looks_like_list"]
