"""The view model of ``templates/python``: what each template reads, made from the SDK
model, Python's names (:data:`.naming.POLICY`) and types (:mod:`.types`).

Views hold :class:`~gen_sdk.targets.code.Code` where a template prints them as they are
(names, annotations, laid-out lines) and plain data where a template escapes them through a
filter (documentation, literals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...sdk import (
    Location,
    Model,
    ModelKind,
    Names,
    Operation,
    Package,
    ResponseKind,
    ScalarType,
    Side,
    model_roots,
    operation_table,
    pagination_table,
)
from ...sdk.model import Doc
from ..code import Code
from .naming import ident
from .pycode import (
    LINE_LENGTH,
    black_call,
    black_def,
    black_import,
    call_text,
    clean_text,
    isort_key,
    join_docs,
    laid_out,
    py_literal,
    py_str,
    width,
    wrap_items,
    wrapped,
)
from .types import Annotations, Use

# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


@dataclass
class FieldView:
    name: str
    wire: str
    annotation: str
    required: bool
    doc: list[str]

    @property
    def declaration(self) -> Code:
        """``name: type = default`` (the alias only when the wire name differs), laid out
        for 4 spaces of indentation as black would."""
        return laid_out(self._declaration(), 4)

    def _declaration(self) -> str:
        annotation = self.annotation if self.required else f"{self.annotation} | None"
        # Too long for one line: black splits the value, or (when even ``name: type = (``
        # does not fit) puts the annotation in parentheses.
        if self.name == self.wire:
            line = f"{self.name}: {annotation}" + ("" if self.required else " = None")
            if self.required:
                return line if 4 + width(line) <= LINE_LENGTH else wrapped(self.name, annotation)
            if 4 + width(line) <= LINE_LENGTH:
                return line
            if 4 + width(line) - len("None") + 1 <= LINE_LENGTH:
                return line[: -len("None")] + "(\n        None\n    )"
            return wrapped(self.name, annotation) + " = None"
        args = (
            [f"alias={py_str(self.wire)}"]
            if self.required
            # ``default=`` by keyword: type checkers read it (a positional default makes
            # the field required in the constructor mypy sees).
            else ["default=None", f"alias={py_str(self.wire)}"]
        )
        text = call_text(f"{self.name}: {annotation} = Field", args, 4)
        if 4 + width(text.split("\n", 1)[0]) <= LINE_LENGTH:
            return text
        call = f"Field({', '.join(args)})"
        head = f"{self.name}: {annotation} = ("
        if 4 + width(head) <= LINE_LENGTH and 8 + width(call) <= LINE_LENGTH:
            return f"{self.name}: {annotation} = (\n        {call}\n    )"
        return wrapped(self.name, annotation) + call_text(" = Field", args, 4)

    @property
    def uses_field(self) -> bool:
        return self.name != self.wire


@dataclass
class ModelView:
    name: str
    base: str
    doc: list[str]
    fields: list[FieldView] = field(default_factory=list)
    #: Only for ``BodyResponse`` subclasses.
    body_annotation: Code | None = None

    @property
    def head(self) -> Code:
        """``class Name(Base):`` as black lays it out."""
        return black_call(f"class {self.name}", [self.base], 0, ":")

    @property
    def body_declaration(self) -> Code:
        """``body: <annotation> | None = None`` of a ``BodyResponse``."""
        assert self.body_annotation is not None
        return FieldView("body", "body", self.body_annotation, False, []).declaration


@dataclass
class ParamView:
    name: str
    wire: str
    annotation: str
    required: bool

    @property
    def typed_dict_annotation(self) -> str:
        """Its type in the keyword-argument ``TypedDict`` (``total=False``): a required
        parameter is ``Required[...]`` (a call without it fails to type-check), an optional
        one may be ``None`` (not sent)."""
        return f"Required[{self.annotation}]" if self.required else f"{self.annotation} | None"


@dataclass
class OperationView:
    name: str
    method_name: str
    module: str
    request_class: str
    response_class: str
    params_class: str
    doc: list[str]
    short_doc: list[str]
    params: list[ParamView]
    #: The plain method returns raw server-sent events (the spec produces an event stream),
    #: not a response.
    events: bool
    table: dict[str, Any]
    deprecated: bool = False
    pagination: dict[str, str] | None = None
    item_annotation: str | None = None
    page_method: str | None = None
    #: The method streaming the response as server-sent events (``schemes`` lists sse).
    sse_method: str | None = None

    def head(self, is_async: bool, variant: str = "") -> Code:
        """The ``def`` line(s) at 4 spaces, as black lays them out, of the plain method
        (``variant`` ``""``), the page iterator (``pages``) or the event stream (``sse``)."""
        iterator = "AsyncIterator" if is_async else "Iterator"
        if variant == "pages":
            name, returns = self.page_method, f"{iterator}[{self.item_annotation}]"
        elif variant == "sse":
            name, returns = self.sse_method, f"{iterator}[{self.response_class}]"
        elif self.events:
            name, returns = self.method_name, f"{iterator}[ServerSentEvent]"
        else:
            name, returns = self.method_name, self.response_class
        prefix = "async def" if is_async and not variant and not self.events else "def"
        return black_def(
            f"{prefix} {name}", ["self", f"**kwargs: Unpack[{self.params_class}]"], returns, 4
        )

    def body(self, call: str) -> Code:
        """``return <call>(models.<module>._API, kwargs)`` at 8 spaces."""
        return black_call(f"return {call}", [f"models.{self.module}._API", "kwargs"], 8)


# --------------------------------------------------------------------------------------------
# Building them
# --------------------------------------------------------------------------------------------


def field_doc(doc: Doc) -> list[str]:
    """A field's or parameter's documentation: its text, its values (with their titles),
    and whether it is deprecated."""
    lines = clean_text(doc.text)
    extra: list[str] = []
    if doc.values:
        values = [v.value for v in doc.values]
        if all((v.title if v.title is not None else v.value) == v.value for v in doc.values):
            extra.append("Values: " + ", ".join(f"``{v}``" for v in values) + ".")
        else:
            extra.append("Values:")
            extra.extend(
                f"- ``{v.value}``: {v.title}" if v.title is not None else f"- ``{v.value}``"
                for v in doc.values
            )
        extra = clean_text("\n".join(extra))
    if doc.deprecated:
        extra.append("Deprecated.")
    return join_docs(lines, extra)


def operation_doc(operation: Operation, *, full: bool) -> list[str]:
    """The method's docstring: the summary (the descriptions, often long usage notes, stay
    in the API documentation); ``full``: and whether it is deprecated."""
    head = clean_text(operation.summary or operation.title) or [f"Call ``{operation.name}``."]
    if not full:
        return head
    return join_docs(head, ["Deprecated."] if operation.deprecated else [])


_BASES = {
    ModelKind.COMPONENT: "Model",
    ModelKind.REQUEST: "RequestModel",
    ModelKind.RESPONSE: "Response",
    ModelKind.BODY: "BodyResponse",
}


class ViewBuilder:
    """Builds the views of one package."""

    def __init__(self, package: Package, names: Names) -> None:
        self.package = package
        self.names = names
        self.roots = model_roots(package)
        #: Class -> the module defining it (``_components`` or an API's module).
        self.exports: dict[str, str] = {}
        #: Root model id -> the models rendered with it (itself first, nested depth first).
        self.families: dict[str, list[str]] = {}
        for model_id, root in self.roots.items():
            self.families.setdefault(root, []).append(model_id)

    def model_view(self, model: Model, annotations: Annotations) -> ModelView:
        name = self.names.types[model.id]
        base = _BASES.get(model.kind) or ("RequestModel" if model.side is Side.REQUEST else "Model")
        doc = clean_text(model.doc) if model.kind in (ModelKind.COMPONENT, ModelKind.NESTED) else []
        view = ModelView(name, base, doc)
        if model.kind is ModelKind.BODY:
            assert model.body is not None
            view.body_annotation = Code(annotations.of(model.body, Side.RESPONSE, Use.BODY))
            return view
        request = model.side is Side.REQUEST
        for wire_field, name in zip(model.fields, self.names.fields[model.id], strict=True):
            if model.kind is ModelKind.RESPONSE and _is_request_id(wire_field, name):
                continue  # ``Response`` declares it (``RequestId``) for every response
            view.fields.append(
                FieldView(
                    name,
                    wire_field.wire,
                    annotations.of(wire_field.type, model.side),
                    wire_field.required and request,
                    field_doc(wire_field.doc),
                )
            )
        if request:  # the official models' order, which fixes JSON key order
            view.fields.sort(key=lambda f: f.name)
        return view

    def models_of(self, root: str, annotations: Annotations) -> list[ModelView]:
        return [self.model_view(self.package.models[m], annotations) for m in self.families[root]]

    def components(self) -> tuple[list[ModelView], Annotations]:
        annotations = Annotations(self.names.types)
        views: list[ModelView] = []
        for model_id, model in self.package.models.items():
            if model.kind is ModelKind.COMPONENT:
                views.extend(self.models_of(model_id, annotations))
        for view in views:
            self.exports[view.name] = "_components"
        return views, annotations

    def operation(self, operation: Operation) -> tuple[OperationView, dict[str, Any]]:
        names = self.names
        op = operation.name
        module = names.modules[op]
        request_cls = names.types[operation.request]
        response_cls = names.types[operation.response]
        params_cls = names.roles[(op, "params")]
        annotations = Annotations(names.types)
        models = [
            *self.models_of(operation.request, annotations),
            *self.models_of(operation.response, annotations),
        ]
        params = [
            ParamView(name, p.wire, annotations.of(p.type, Side.REQUEST, Use.PARAM), p.required)
            for p, name in zip(operation.params, names.params[op], strict=True)
        ]
        if any(p.required for p in params):
            annotations.typing.add("Required")
        table = operation_table(self.package, operation)
        pagination = item = None
        if operation.pagination is not None:
            pagination = pagination_table(operation.pagination)
            item = annotations.of(operation.pagination.item, Side.RESPONSE)
        view = OperationView(
            name=op,
            method_name=names.methods[op],
            module=module,
            request_class=request_cls,
            response_class=response_cls,
            params_class=params_cls,
            doc=operation_doc(operation, full=True),
            short_doc=operation_doc(operation, full=False),
            params=params,
            events=operation.wire.response is ResponseKind.SSE,
            table=table,
            deprecated=operation.deprecated,
            pagination=pagination,
            item_annotation=item,
            page_method=names.page_methods.get(op),
            sse_method=names.sse_methods.get(op),
        )
        for model in models:
            self.exports[model.name] = module
        self.exports[params_cls] = module
        api_args = [request_cls, response_cls, "OPERATION"]
        if pagination is not None:
            api_args += [py_literal(pagination), item or "Any"]
        imports = sorted(c for c in annotations.classes if self.exports.get(c) == "_components")
        module_view = {
            "name": module,
            "operation": op,
            "method": view.method_name,
            "models": models,
            "imports": imports,
            "request_class": request_cls,
            "params_class": params_cls,
            "params_head": black_call(
                f"class {params_cls}", [f"Options[{request_cls}]", "total=False"], 0, ":"
            ),
            "components_import": black_import("._components", imports),
            "params": params,
            "table_header": wrap_items(
                [f"{py_str(k)}: {py_literal(v)}," for k, v in table.items() if k != "params"]
                + ['"params": ['],
                LINE_LENGTH - 4,
            ),
            "table_params": table["params"],
            "api": black_call("_API = Api", api_args, 0),
            "item": item,
            "typing": sorted((ident(n) for n in annotations.typing), key=isort_key),
            "uses_field": any(f.uses_field for m in models for f in m.fields),
            "bases": sorted(
                {ident(m.base) for m in models} | {ident("Api"), ident("Options")}, key=isort_key
            ),
        }
        return view, module_view


def _is_request_id(wire_field: Any, name: str) -> bool:
    """The body's ``RequestId`` as ``Response`` declares it: a string named ``request_id``."""
    return (
        wire_field.wire == "RequestId"
        and name == "request_id"
        and isinstance(wire_field.type, ScalarType)
        and wire_field.type.kind == "string"
    )


def example_value(annotation: str, example: Any) -> Code:
    """A literal for a README example: the spec's example when it fits the type."""
    if example is not None and annotation in ("str", "int", "float", "bool"):
        raw = str(example)
        try:
            if annotation == "int":
                return py_literal(int(raw))
            if annotation == "float":
                return py_literal(float(raw))
            if annotation == "bool":
                return py_literal(raw.lower() == "true")
        except ValueError:
            pass
        else:
            return py_str(raw)
    defaults = {"int": 1, "float": 1.0, "bool": True}
    return py_literal(defaults.get(annotation, "..."))


def example_args(
    operation: Operation, view: OperationView
) -> tuple[list[tuple[str, Code]], list[tuple[str, Code]]]:
    """The README example's required arguments: (name, value) and (wire name, value)."""
    by_name: list[tuple[str, Code]] = []
    by_wire: list[tuple[str, Code]] = []
    for param, param_view in zip(operation.params, view.params, strict=True):
        if param.required and param.location is not Location.BODY:
            value = example_value(param_view.annotation, param.doc.example)
            by_name.append((param_view.name, value))
            by_wire.append((param_view.wire, value))
    return by_name, by_wire


def group_exports(exports: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for name, module in exports.items():
        grouped.setdefault(module, []).append(name)
    return sorted((m, sorted(n, key=isort_key)) for m, n in grouped.items())


def annotations_of(models: Iterable[ModelView]) -> Sequence[str]:
    out: list[str] = []
    for model in models:
        if model.body_annotation:
            out.append(model.body_annotation)
        out.extend(f.annotation for f in model.fields)
    return out


__all__ = [
    "FieldView",
    "ModelView",
    "OperationView",
    "ParamView",
    "ViewBuilder",
    "example_args",
    "field_doc",
    "group_exports",
    "operation_doc",
]
