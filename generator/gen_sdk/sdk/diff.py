"""What changed between two versions of a package's SDK model, and whether it breaks code
written against the old SDK.

:func:`diff_packages` compares two :class:`~.model.Package` values (either may be ``None``:
a package added or removed) and returns a :class:`PackageDiff`: one :class:`ApiChange` per
change, each of a kind listed in :data:`RULES` with its impact, plus a count of
documentation-only changes:

* **breaking**: a program written against the old SDK fails on the new one, when type
  checked or at run time (something it uses is gone, now required, or typed so that its
  values no longer fit);
* **feature**: old programs keep working; the SDK gained something, accepts more, or sends
  a call differently;
* **docs**: only documentation and metadata (descriptions, examples, error codes, RAM
  actions, flow limits...): counted, not listed.

Types are compared by direction. A value the caller sends (a parameter, a field of a nested
request model) must still be accepted: the new type must accept every old value (``any``
accepts all; an integer is a number). A value the SDK returns must still fit what the
caller expects: the new type's values must be old values (``any`` fits both ways; an
integer is a number). Models are compared by identity (a field that moves from an inline
object to a component, or between components, is retyped: its class changes in nominal
languages) and, when the same, field by field. A component is compared once, under the
rules of every side that uses it.

A target may add its own breaks: :func:`gen_sdk.sdk.naming.name_changes` compares the names
a language gave to things present in both versions (``instance_id`` claimed by a new parameter,
the old one now ``instance_id_2``). :func:`bump` suggests the semantic-version bump.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum

from .model import (
    AnyType,
    BinaryType,
    Field,
    ListType,
    MapType,
    Model,
    ModelKind,
    ModelType,
    Operation,
    Package,
    Param,
    ScalarType,
    TypeRef,
    walk_type,
)


class Impact(StrEnum):
    BREAKING = "breaking"
    FEATURE = "feature"
    DOCS = "docs"


B, F = Impact.BREAKING, Impact.FEATURE

#: Every kind of change: its impact, and what it means.
RULES: dict[str, tuple[Impact, str]] = {
    "package-added": (F, "a new package"),
    "package-removed": (B, "the package is gone"),
    "operation-added": (F, "a new operation"),
    "operation-removed": (B, "an operation is gone"),
    "operation-deprecated": (F, "an operation is deprecated (it still works)"),
    "operation-wire-changed": (F, "the call is sent differently (method, path, body, auth)"),
    "response-retyped": (B, "the operation returns another kind of value"),
    "pagination-added": (F, "the operation gains a page iterator"),
    "pagination-removed": (B, "the operation loses its page iterator"),
    "pagination-changed": (F, "the page iterator pages by other fields"),
    "pagination-retyped": (B, "the page iterator yields items of an incompatible type"),
    "events-added": (F, "the operation gains an event-stream method"),
    "events-removed": (B, "the operation loses its event-stream method"),
    "parameter-added": (F, "a new optional parameter"),
    "parameter-added-required": (B, "a new required parameter"),
    "parameter-removed": (B, "a parameter is gone"),
    "parameter-required": (B, "an optional parameter is now required"),
    "parameter-optional": (F, "a required parameter is now optional"),
    "parameter-retyped": (B, "a parameter no longer accepts values it accepted"),
    "parameter-widened": (F, "a parameter accepts more types of value"),
    "parameter-values-removed": (B, "a parameter no longer accepts some values"),
    "parameter-values-added": (F, "a parameter accepts more values"),
    "parameter-wire-changed": (F, "a parameter is sent differently (location, style)"),
    "model-added": (F, "a new model (a component schema)"),
    "model-removed": (B, "a model (a component schema) is gone"),
    "field-added": (F, "a new response field, or a new optional field of a request model"),
    "field-added-required": (B, "a new required field of a request model"),
    "field-removed": (B, "a field is gone"),
    "field-required": (B, "a field of a request model is now required"),
    "field-optional": (F, "a field of a request model is now optional"),
    "field-retyped": (B, "a field's type no longer fits how it is used"),
    "field-widened": (F, "a field's type changed compatibly"),
    "field-values-removed": (B, "a field of a request model no longer accepts some values"),
    "field-values-added": (F, "a field of a request model accepts more values"),
    "region-added": (F, "a region joins the endpoint table"),
    "region-removed": (F, "a region leaves the endpoint table (it follows the rule)"),
    "region-moved": (F, "a region's host changed"),
    "endpoint-rule-changed": (F, "regions outside the table are reached another way"),
    "name-moved": (B, "a name in the target language changed (another claimed it)"),
}


@dataclass(frozen=True)
class ApiChange:
    """One change of a package's API (see :data:`RULES`)."""

    kind: str
    #: The operation it is about (``None``: the package, or a component model).
    operation: str | None
    #: Where, in wire names: ``Tag[].Key`` for a parameter's nested field, ``response.X``.
    subject: str
    #: For people: what happened to the subject (``removed``, ``string -> integer``).
    detail: str
    #: The language of a target's own change (``name-moved``), else ``None``.
    language: str | None = None
    #: What was named, for ``name-moved``: ``method``, ``parameter``, ``type``, ``field``...
    element: str | None = None

    @property
    def impact(self) -> Impact:
        return RULES[self.kind][0]


@dataclass
class PackageDiff:
    """The changes of one package (``product/version``)."""

    key: str
    changes: list[ApiChange] = field(default_factory=list)
    #: Documentation-only changes, counted.
    docs: int = 0

    def of(self, impact: Impact) -> list[ApiChange]:
        return [c for c in self.changes if c.impact is impact]

    @property
    def bump(self) -> str | None:
        """The semantic version bump: ``major``, ``minor``, ``patch`` or ``None``."""
        return bump(self.changes, self.docs)


def bump(changes: Iterable[ApiChange], docs: int = 0) -> str | None:
    impacts = {c.impact for c in changes}
    if Impact.BREAKING in impacts:
        return "major"
    if Impact.FEATURE in impacts:
        return "minor"
    return "patch" if docs else None


def type_text(ref: TypeRef, models: Mapping[str, Model]) -> str:
    """A type as people read it (models by their spec name)."""
    if isinstance(ref, ScalarType):
        return ref.kind
    if isinstance(ref, ListType):
        return f"list of {type_text(ref.item, models)}"
    if isinstance(ref, MapType):
        return f"map of {type_text(ref.value, models)}"
    if isinstance(ref, ModelType):
        return f"object {models[ref.model].source}"
    return "any" if isinstance(ref, AnyType) else "binary"


def compatible(before: TypeRef, after: TypeRef, sent: bool, received: bool) -> bool:
    """Whether a value's type change keeps old programs working: ``sent`` values must still
    be accepted, ``received`` ones must still fit (see the module docstring). Enum values are
    compared apart; models by identity."""
    if isinstance(before, AnyType) or isinstance(after, AnyType):
        return isinstance(after, AnyType) or not sent
    if isinstance(before, ScalarType) and isinstance(after, ScalarType):
        change = (before.kind, after.kind)
        if change == ("integer", "number"):  # accepts more, may return what does not fit
            return not received
        if change == ("number", "integer"):  # returns values that fit, accepts fewer
            return not sent
        return before.kind == after.kind
    if isinstance(before, ListType) and isinstance(after, ListType):
        return compatible(before.item, after.item, sent, received)
    if isinstance(before, MapType) and isinstance(after, MapType):
        return compatible(before.value, after.value, sent, received)
    if isinstance(before, ModelType) and isinstance(after, ModelType):
        return before.model == after.model
    return isinstance(before, BinaryType) and isinstance(after, BinaryType)


def _enum(ref: TypeRef) -> tuple[str, ...] | None:
    while isinstance(ref, ListType | MapType):
        ref = ref.item if isinstance(ref, ListType) else ref.value
    if isinstance(ref, ScalarType) and ref.enum:
        return tuple(str(v) for v in ref.enum)
    return None


def _request_components(package: Package) -> set[str]:
    """Component models reachable from what callers send."""
    found: set[str] = set()
    stack = [p.type for op in package.operations for p in op.params]
    while stack:
        for ref in walk_type(stack.pop()):
            if isinstance(ref, ModelType) and ref.model not in found:
                found.add(ref.model)
                stack.extend(f.type for f in package.models[ref.model].fields)
    return {m for m in found if package.models[m].kind is ModelKind.COMPONENT}


#: Operation attributes that are documentation or metadata only.
_OPERATION_DOCS = tuple(
    f.name
    for f in fields(Operation)
    if f.name
    not in ("name", "wire", "params", "request", "response", "pagination", "sse", "deprecated")
)


class _Differ:
    def __init__(self, old: Package, new: Package, result: PackageDiff) -> None:
        self.old, self.new, self.result = old, new, result
        self.sent_components = _request_components(old) | _request_components(new)
        self.seen: set[str] = set()

    def add(self, kind: str, operation: str | None, subject: str, detail: str) -> None:
        self.result.changes.append(ApiChange(kind, operation, subject, detail))

    def docs(self, before: object, after: object) -> None:
        if before != after:
            self.result.docs += 1

    # -- values: parameters and fields ------------------------------------------------------

    def value(
        self,
        what: str,
        before: Field | Param,
        after: Field | Param,
        operation: str | None,
        subject: str,
        sent: bool,
        received: bool,
    ) -> None:
        """Type, required-ness and enum values of one parameter or field."""
        self.docs(before.doc, after.doc)
        if sent and after.required and not before.required:
            self.add(f"{what}-required", operation, subject, "now required")
        elif sent and before.required and not after.required:
            self.add(f"{what}-optional", operation, subject, "no longer required")
        old_type, new_type = before.type, after.type
        old_text = type_text(old_type, self.old.models)
        new_text = type_text(new_type, self.new.models)
        if not compatible(old_type, new_type, sent, received):
            self.add(f"{what}-retyped", operation, subject, f"{old_text} -> {new_text}")
            return
        if old_text != new_text:
            self.add(f"{what}-widened", operation, subject, f"{old_text} -> {new_text}")
        if sent:
            self.enums(what, old_type, new_type, operation, subject)
        self.nested(old_type, new_type, operation, subject, sent, received)

    def enums(
        self, what: str, before: TypeRef, after: TypeRef, operation: str | None, subject: str
    ) -> None:
        old, new = _enum(before), _enum(after)
        if old == new:
            return
        if new is not None:
            removed = [v for v in old if v not in new] if old is not None else []
            if old is None or removed:
                shown = f"no longer accepts {', '.join(removed)}" if removed else "is restricted"
                detail = f"{shown} (accepts {', '.join(new)})"
                self.add(f"{what}-values-removed", operation, subject, detail)
        if old is not None:
            added = [v for v in new if v not in old] if new is not None else []
            if new is None or added:
                shown = ", ".join(added) if added else "any value"
                self.add(f"{what}-values-added", operation, subject, f"accepts {shown}")

    def nested(
        self,
        before: TypeRef,
        after: TypeRef,
        operation: str | None,
        subject: str,
        sent: bool,
        received: bool,
    ) -> None:
        """Compare the models inside two compatible types, field by field (components once,
        on their own)."""
        while isinstance(before, ListType | MapType):
            if isinstance(before, ListType) and isinstance(after, ListType):
                before, after, subject = before.item, after.item, subject + "[]"
            elif isinstance(before, MapType) and isinstance(after, MapType):
                before, after, subject = before.value, after.value, subject + "{}"
            else:
                return
        if not (isinstance(before, ModelType) and isinstance(after, ModelType)):
            return
        model_id = after.model
        if self.new.models[model_id].kind is ModelKind.COMPONENT or model_id in self.seen:
            return
        self.seen.add(model_id)
        self.model_fields(model_id, operation, subject + ".", sent, received)

    def model_fields(
        self, model_id: str, operation: str | None, prefix: str, sent: bool, received: bool
    ) -> None:
        old_model, new_model = self.old.models[model_id], self.new.models[model_id]
        self.docs(old_model.doc, new_model.doc)
        old = {f.wire: f for f in old_model.fields}
        for item in new_model.fields:
            subject = prefix + item.wire
            previous = old.pop(item.wire, None)
            if previous is not None:
                self.value("field", previous, item, operation, subject, sent, received)
            elif sent and item.required:
                self.add(
                    "field-added-required",
                    operation,
                    subject,
                    f"new, required ({type_text(item.type, self.new.models)})",
                )
            else:
                detail = f"new ({type_text(item.type, self.new.models)})"
                self.add("field-added", operation, subject, detail)
        for wire in old:
            self.add("field-removed", operation, prefix + wire, "removed")

    # -- operations ------------------------------------------------------------------------

    def operation(self, before: Operation, after: Operation) -> None:
        name = after.name
        for key in _OPERATION_DOCS:
            self.docs(getattr(before, key), getattr(after, key))
        if after.deprecated and not before.deprecated:
            replaced = f" (use {', '.join(after.replacements)})" if after.replacements else ""
            self.add("operation-deprecated", name, name, f"deprecated{replaced}")
        elif before.deprecated and not after.deprecated:
            self.result.docs += 1
        if before.wire.response != after.wire.response:
            detail = f"returns {after.wire.response} (was {before.wire.response})"
            self.add("response-retyped", name, "response", detail)
        elif before.wire != after.wire:
            detail = f"sent differently ({_wire_difference(before, after)})"
            self.add("operation-wire-changed", name, name, detail)
        self.pagination(before, after)
        if before.sse != after.sse:
            kind = "events-added" if after.sse else "events-removed"
            self.add(kind, name, name, RULES[kind][1])
        self.params(before, after)
        self.response(before, after)

    def pagination(self, before: Operation, after: Operation) -> None:
        name, old, new = after.name, before.pagination, after.pagination
        if old is None or new is None:
            if old is not new:
                kind = "pagination-added" if new is not None else "pagination-removed"
                self.add(kind, name, name, RULES[kind][1])
            return
        if not compatible(old.item, new.item, sent=False, received=True):
            old_text, new_text = (
                type_text(old.item, self.old.models),
                type_text(new.item, self.new.models),
            )
            self.add("pagination-retyped", name, name, f"items: {old_text} -> {new_text}")
        elif old != new:
            detail = f"pages by {new.style} over {'.'.join(new.items)}"
            self.add("pagination-changed", name, name, detail)

    def response(self, before: Operation, after: Operation) -> None:
        name = after.name
        old, new = self.old.models[before.response], self.new.models[after.response]
        if old.kind is ModelKind.RESPONSE and new.kind is ModelKind.RESPONSE:
            self.model_fields(after.response, name, "response.", sent=False, received=True)
        elif old.body is not None and new.body is not None:
            if compatible(old.body, new.body, sent=False, received=True):
                self.nested(old.body, new.body, name, "response", sent=False, received=True)
            else:
                old_text = type_text(old.body, self.old.models)
                detail = f"returns {type_text(new.body, self.new.models)} (was {old_text})"
                self.add("response-retyped", name, "response", detail)
        elif before.wire.response == after.wire.response:  # fields <-> a body of another kind
            self.add("response-retyped", name, "response", "the response changed shape")

    def params(self, before: Operation, after: Operation) -> None:
        name = after.name
        old = {p.wire: p for p in before.params}
        for param in after.params:
            wire = param.wire
            previous = old.pop(wire, None)
            if previous is None:
                kind = "parameter-added-required" if param.required else "parameter-added"
                text = type_text(param.type, self.new.models)
                self.add(kind, name, wire, f"new{', required' * param.required} ({text})")
                continue
            self.value("parameter", previous, param, name, wire, sent=True, received=False)
            moved = [
                f"{key} {getattr(previous, key)} -> {getattr(param, key)}"
                for key in ("location", "serialization", "sent", "body")
                if getattr(previous, key) != getattr(param, key)
            ]
            if moved:
                self.add("parameter-wire-changed", name, wire, ", ".join(moved))
        for wire in old:
            self.add("parameter-removed", name, wire, "removed")

    def components(self) -> None:
        old = {k for k, m in self.old.models.items() if m.kind is ModelKind.COMPONENT}
        new = {k for k, m in self.new.models.items() if m.kind is ModelKind.COMPONENT}
        for model_id in sorted(new - old):
            source = self.new.models[model_id].source
            self.add("model-added", None, source, "new model")
        for model_id in sorted(old - new):
            source = self.old.models[model_id].source
            self.add("model-removed", None, source, "removed")
        for model_id in sorted(new & old):
            sent = model_id in self.sent_components
            prefix = self.new.models[model_id].source + "."
            self.model_fields(model_id, None, prefix, sent, received=True)


def _wire_difference(before: Operation, after: Operation) -> str:
    keys = ("style", "method", "path", "auth", "request_body", "path_param", "idempotent")
    parts = [
        f"{key} {getattr(before.wire, key)} -> {getattr(after.wire, key)}"
        for key in keys
        if getattr(before.wire, key) != getattr(after.wire, key)
    ]
    return ", ".join(parts) or "error handling"


def diff_packages(old: Package | None, new: Package | None, key: str = "") -> PackageDiff:
    """The changes from ``old`` to ``new`` (see the module docstring)."""
    result = PackageDiff(key)
    if old is None or new is None:
        if new is not None:
            detail = f"new package with {len(new.operations)} operations"
            result.changes.append(ApiChange("package-added", None, key, detail))
        elif old is not None:
            result.changes.append(ApiChange("package-removed", None, key, "the package is gone"))
        return result
    differ = _Differ(old, new, result)
    differ.docs((old.title, old.description, old.errors), (new.title, new.description, new.errors))
    old_ops = {o.name: o for o in old.operations}
    for operation in new.operations:
        previous = old_ops.pop(operation.name, None)
        if previous is None:
            differ.add("operation-added", operation.name, operation.name, "new operation")
        else:
            differ.operation(previous, operation)
    for name in old_ops:
        differ.add("operation-removed", name, name, "removed")
    differ.components()
    _endpoints(old, new, differ)
    result.changes.sort(key=lambda c: (c.operation or "", c.subject, c.kind))
    return result


def _endpoints(old: Package, new: Package, differ: _Differ) -> None:
    old_regions = {r.region_id: r for r in old.endpoints.regions}
    new_regions = {r.region_id: r for r in new.endpoints.regions}
    for region in sorted(new_regions.keys() - old_regions.keys()):
        differ.add("region-added", None, region, f"new: {new_regions[region].host}")
    for region in sorted(old_regions.keys() - new_regions.keys()):
        detail = f"left the table (its calls follow the {new.endpoints.rule} rule)"
        differ.add("region-removed", None, region, detail)
    for region in sorted(old_regions.keys() & new_regions.keys()):
        before, after = old_regions[region], new_regions[region]
        if before.host != after.host:
            differ.add("region-moved", None, region, f"{before.host} -> {after.host}")
        else:
            differ.docs(before, after)
    if old.endpoints.rule != new.endpoints.rule:
        detail = f"other regions: {old.endpoints.fallback_host} -> {new.endpoints.fallback_host}"
        differ.add("endpoint-rule-changed", None, "endpoints", detail)


__all__ = [
    "RULES",
    "ApiChange",
    "Impact",
    "PackageDiff",
    "bump",
    "compatible",
    "diff_packages",
    "type_text",
]
