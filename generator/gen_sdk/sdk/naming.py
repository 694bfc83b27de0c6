"""The naming step: one claim order and one collision rule for every language; the case
functions, reserved words and suffixes come from the language's :class:`NamingPolicy`
(in the manner of Kiota's reserved-names providers).

Names are claimed per scope, first come first served, in this order (so a name depends only
on the spec, in spec order):

* **types** (one scope per package): component models in spec order, then their nested
  models depth first; then per operation its role types (``policy.operation_types``:
  request, response, and e.g. Python's keyword-argument type) and its nested models,
  request side first, each depth first. A nested model is named after its owner and the
  property it sits in (``policy.nested_type``).
* **modules** and **methods** (one scope each): per operation in spec order; then the
  page-iterator methods of paginated operations, then the SSE methods.
* **parameters** (one scope per operation) and **fields** (one scope per model), in order.

:func:`name_changes` compares two versions' names (a target's own breaks, for ``gen-sdk
diff``). Within a scope, a name the policy reserves is escaped (``policy.<scope>.escape``); a name
already taken gets the policy's suffix with 2, 3, ... (``list_items_2``, ``Model2``). The
request model's fields are the operation's parameters and share their names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .diff import ApiChange
from .model import Field, ModelKind, Package, Param


@dataclass(frozen=True)
class ScopeRules:
    """How one kind of name is made: case function, reserved words, escape and suffix."""

    #: Wire text -> a name in the language's case (``ListItems`` -> ``list_items``).
    case: Callable[[str], str]
    reserved: frozenset[str] = frozenset()
    #: ``(name, reserved)`` -> a name that is not reserved (e.g. append ``_``).
    escape: Callable[[str, frozenset[str]], str] = lambda name, reserved: name
    #: ``(base, n)`` -> the n-th (n >= 2) claim of a taken base (``base_2``).
    suffix: Callable[[str, int], str] = lambda base, n: f"{base}_{n}"


@dataclass(frozen=True)
class NamingPolicy:
    types: ScopeRules
    fields: ScopeRules
    params: ScopeRules
    methods: ScopeRules
    modules: ScopeRules
    #: Per operation, the types named after it, claimed in this order: (role, suffix).
    #: Roles ``request`` and ``response`` name the operation's request/response models.
    operation_types: tuple[tuple[str, str], ...] = (
        ("request", "Request"),
        ("response", "Response"),
    )
    #: ``(owner type name, property wire name)`` -> the base name of a nested model.
    nested_type: Callable[[str, str], str] = lambda owner, prop: owner + prop
    #: A field is never named like another field's wire name (Python: pydantic accepts
    #: both a field's name and its alias).
    fields_avoid_wire_names: bool = False
    #: Method name -> its page-iterator and SSE variants' base names.
    page_method: Callable[[str], str] = lambda method: f"iter_{method}"
    sse_method: Callable[[str], str] = lambda method: f"{method}_with_sse"


class Scope:
    """Unique names within one scope."""

    def __init__(self, rules: ScopeRules) -> None:
        self.rules = rules
        self.taken: set[str] = set()

    def claim(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = self.rules.suffix(base, n)
        self.taken.add(candidate)
        return candidate

    def name(self, wire: str, also_reserved: Iterable[str] = ()) -> str:
        """Claim the name for ``wire``: cased, escaped, then made unique."""
        reserved = self.rules.reserved | frozenset(also_reserved)
        return self.claim(self.rules.escape(self.rules.case(wire), reserved))

    def escaped(self, base: str) -> str:
        """Claim ``base`` (already cased) after escaping it."""
        return self.claim(self.rules.escape(base, self.rules.reserved))


@dataclass(frozen=True)
class Names:
    """Every name of one package in one language."""

    #: Model id -> type name (request and response models included).
    types: Mapping[str, str]
    #: ``(operation, role)`` -> type name, for every role of ``policy.operation_types``.
    roles: Mapping[tuple[str, str], str]
    #: Model id -> its fields' names, in field order.
    fields: Mapping[str, tuple[str, ...]]
    #: Operation -> its parameters' names, in parameter order.
    params: Mapping[str, tuple[str, ...]]
    methods: Mapping[str, str]
    modules: Mapping[str, str]
    #: Paginated operations -> their page-iterator method.
    page_methods: Mapping[str, str]
    #: SSE operations -> their event-stream method.
    sse_methods: Mapping[str, str]


def model_roots(package: Package) -> dict[str, str]:
    """Model id -> the id of the component, request or response model it is nested in
    (itself for those)."""
    roots: dict[str, str] = {}
    for model_id, model in package.models.items():
        owner = model.owner
        roots[model_id] = roots[owner] if owner is not None else model_id
    return roots


def operation_of_root(root: str) -> str | None:
    """The operation a root model id belongs to (``O:<name>:request``), or ``None``."""
    if not root.startswith("O:"):
        return None
    return root[2:].rsplit(":", 1)[0]


def assign_names(package: Package, policy: NamingPolicy) -> Names:
    types = Scope(policy.types)
    type_names: dict[str, str] = {}
    roles: dict[tuple[str, str], str] = {}
    roots = model_roots(package)
    by_operation: dict[str, list[str]] = {}
    for model_id, root in roots.items():
        owner_operation = operation_of_root(root)
        if owner_operation is not None and package.models[model_id].kind is ModelKind.NESTED:
            by_operation.setdefault(owner_operation, []).append(model_id)

    def nested(model_id: str) -> None:
        model = package.models[model_id]
        assert model.owner is not None
        base = policy.nested_type(type_names[model.owner], policy.types.case(model.source))
        type_names[model_id] = types.escaped(base)

    for model_id, model in package.models.items():
        if operation_of_root(roots[model_id]) is not None:
            continue
        if model.kind is ModelKind.COMPONENT:
            type_names[model_id] = types.escaped(policy.types.case(model.source))
        else:
            nested(model_id)
    for operation in package.operations:
        for role, suffix in policy.operation_types:
            name = types.escaped(policy.types.case(operation.name) + suffix)
            roles[(operation.name, role)] = name
            if role == "request":
                type_names[operation.request] = name
            elif role == "response":
                type_names[operation.response] = name
        for model_id in by_operation.get(operation.name, ()):
            nested(model_id)

    modules = Scope(policy.modules)
    methods = Scope(policy.methods)
    module_names = {op.name: modules.name(op.name) for op in package.operations}
    method_names = {op.name: methods.name(op.name) for op in package.operations}
    page_methods = {
        op.name: methods.claim(policy.page_method(method_names[op.name]))
        for op in package.operations
        if op.pagination is not None
    }
    sse_methods = {
        op.name: methods.claim(policy.sse_method(method_names[op.name]))
        for op in package.operations
        if op.sse
    }

    params: dict[str, tuple[str, ...]] = {}
    fields: dict[str, tuple[str, ...]] = {}
    for operation in package.operations:
        scope = Scope(policy.params)
        wires = [p.wire for p in operation.params]
        params[operation.name] = tuple(
            scope.name(wire, _others(wires, wire, policy.fields_avoid_wire_names)) for wire in wires
        )
        fields[operation.request] = params[operation.name]
    for model_id, model in package.models.items():
        if model.kind is ModelKind.REQUEST:
            continue
        scope = Scope(policy.fields)
        wires = [f.wire for f in model.fields]
        fields[model_id] = tuple(
            scope.name(wire, _others(wires, wire, policy.fields_avoid_wire_names)) for wire in wires
        )
    return Names(
        types=type_names,
        roles=roles,
        fields=fields,
        params=params,
        methods=method_names,
        modules=module_names,
        page_methods=page_methods,
        sse_methods=sse_methods,
    )


def _others(wires: list[str], wire: str, avoid: bool) -> frozenset[str]:
    return frozenset(wires) - {wire} if avoid else frozenset()


def name_changes(
    old: Package, new: Package, old_names: Names, new_names: Names, language: str
) -> list[ApiChange]:
    """A language's own breaks: names of things present in both versions that moved (see
    the module docstring). Subjects are wire names; details give the language's names."""
    changes: list[ApiChange] = []

    def compare(
        what: str, operation: str | None, subject: str, before: str | None, after: str | None
    ) -> None:
        if before is not None and after is not None and before != after:
            detail = f"{language} {what} {before} is now {after}"
            changes.append(ApiChange("name-moved", operation, subject, detail, language, what))

    def by_wire(items: Iterable[Param | Field], names: Iterable[str]) -> dict[str, str]:
        return dict(zip((item.wire for item in items), names, strict=True))

    new_ops = {o.name: o for o in new.operations}
    for operation in old.operations:
        current = new_ops.get(operation.name)
        if current is None:
            continue
        name = operation.name
        for what, before_map, after_map in (
            ("method", old_names.methods, new_names.methods),
            ("module", old_names.modules, new_names.modules),
            ("page method", old_names.page_methods, new_names.page_methods),
            ("event method", old_names.sse_methods, new_names.sse_methods),
        ):
            compare(what, name, name, before_map.get(name), after_map.get(name))
        new_params = by_wire(current.params, new_names.params[name])
        for wire, before in by_wire(operation.params, old_names.params[name]).items():
            compare("parameter", name, wire, before, new_params.get(wire))
    for role, before in old_names.roles.items():
        compare("type", role[0], f"{role[0]} {role[1]}", before, new_names.roles.get(role))
    roots = model_roots(old)
    for model_id, model in old.models.items():
        if model_id not in new.models or model.kind in (ModelKind.REQUEST, ModelKind.RESPONSE):
            continue  # gone (reported by the SDK model's diff), or named by a role
        owner = operation_of_root(roots[model_id])
        before_type, after_type = old_names.types.get(model_id), new_names.types.get(model_id)
        compare("type", owner, model.source, before_type, after_type)
        new_fields = by_wire(new.models[model_id].fields, new_names.fields[model_id])
        for wire, before in by_wire(model.fields, old_names.fields[model_id]).items():
            compare("field", owner, f"{model.source}.{wire}", before, new_fields.get(wire))
    return changes


__all__ = [
    "Names",
    "NamingPolicy",
    "Scope",
    "ScopeRules",
    "assign_names",
    "model_roots",
    "name_changes",
    "operation_of_root",
]
