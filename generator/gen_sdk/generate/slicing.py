"""Building some operations of a spec (:mod:`.parts`): what an operation is built from
(:class:`Inputs`), the IR without the other operations (:func:`build_sliced`) and the SDK
model of the operations built (:func:`build_operations`).

**What an operation is built from.** Its raw value (``apis.<Name>``); the spec's ``info``
(its style, product, version) and the names of its component schemas, in order (a ``$ref``
is checked against them); the component schemas it refers to, followed through theirs
(:func:`component_refs`), and the ones its IR read; the list of operation names, if its IR
read it (only directories do today); and the output context (gen-sdk's version and source,
target, templates, options, formatter). Nothing else of the spec: the IR reads the rest of
the top level (directories, endpoints, error codes, RAM, change sets, flow control) apart
from the operations and into the spec's own fields, the SDK model builds an operation from
the IR operation, the style and the components it refers to, and the directories reach
nothing after the IR (the SDK model is built with them emptied, in the whole build too).
"""

from __future__ import annotations

import itertools
import json
import marshal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..cache import cache_key
from ..diagnostics import Diagnostic
from ..sdk import Model, Operation, Package

if TYPE_CHECKING:
    from ..ir import Operation as IrOperation
    from ..ir import Schema, Spec


def _marshal(value: Any) -> bytes:
    # Version 2: no back-references, so equal values give equal bytes whatever objects they
    # share (json.loads shares the objects of repeated keys).
    return marshal.dumps(value, 2)


@dataclass
class Inputs:
    """A spec's value split into operations, with digests of what each is built from."""

    names: list[str]
    #: The output context and the spec's top level but its operations and directories:
    #: what the package-wide files are made from, besides the operations.
    package: str
    #: The output context, ``info`` and the component names.
    head: str
    operations: dict[str, str]
    components: dict[str, str]
    #: The list of operation names (for the operations whose IR reads it).
    operation_names: str

    def digest(self, name: str, components: Sequence[str], uses_names: bool) -> str | None:
        """The digest of operation ``name`` built from ``components`` (``None`` when it or
        one of them is gone)."""
        if name not in self.operations or any(c not in self.components for c in components):
            return None
        parts = [self.head, self.operations[name]]
        parts += [self.components[c] for c in components]
        return cache_key(*parts, self.operation_names if uses_names else "")


def split_inputs(value: Any, context: str) -> Inputs | None:
    """``None`` when the value does not split into operations (it is built whole)."""
    if not isinstance(value, dict) or not isinstance(value.get("apis"), dict):
        return None
    apis: dict[Any, Any] = value["apis"]
    names = [str(name) for name in apis]
    if len(set(names)) != len(names) or any(":" in name for name in names):
        return None  # the SDK model's ids are made of operation names: ':' could clash
    schemas = value.get("components")
    schemas = schemas.get("schemas") if isinstance(schemas, dict) else None
    if not isinstance(schemas, dict) or not all(isinstance(k, str) for k in schemas):
        schemas = {}
    try:
        # Components that are not a plain mapping of schemas go whole into the head.
        shape = value.get("components") if not schemas else list(schemas)
        head = cache_key(context, _marshal(value.get("info")), _marshal(shape))
        rest = {k: v for k, v in value.items() if k not in ("apis", "directories")}
        package = cache_key(context, _marshal(rest))
        operations = {str(name): cache_key(_marshal(raw)) for name, raw in apis.items()}
        components = {name: cache_key(_marshal(raw)) for name, raw in schemas.items()}
    except (ValueError, RecursionError):  # nested beyond marshal's depth: build whole
        return None
    return Inputs(names, package, head, operations, components, cache_key(json.dumps(names)))


# -- the IR without some operations -----------------------------------------------------------


class _Reads:
    """Which operation is being built, and what its IR read of the builder's state."""

    def __init__(self) -> None:
        self.current: str | None = None
        self.components: dict[str, set[str]] = {}
        self.uses_names: set[str] = set()


class _Schemas(dict[str, Any]):
    """The builder's components, noting which ones an operation's IR reads."""

    reads: _Reads

    def _note(self, key: object) -> None:
        if self.reads.current is not None and isinstance(key, str):
            self.reads.components.setdefault(self.reads.current, set()).add(key)

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)


class _Names(set[str]):
    """The builder's operation names, noting which operations' IR reads them."""

    reads: _Reads

    def _note(self) -> None:
        if self.reads.current is not None:
            self.reads.uses_names.add(self.reads.current)

    def __contains__(self, key: object) -> bool:
        self._note()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._note()
        return super().__iter__()

    def __len__(self) -> int:
        self._note()
        return super().__len__()


def _sliced_builder(source: str | None, skip: frozenset[str]) -> Any:
    # The IR's own builder, told to skip some operations, to note where each operation's
    # diagnostics are, and what each operation's reading read (imported here: a run served
    # from the cache loads no IR).
    from ..ir.build import _SpecBuilder

    class SlicedBuilder(_SpecBuilder):
        def __init__(self) -> None:
            self.reads = _Reads()
            super().__init__(source)
            schemas = _Schemas()
            schemas.reads = self.reads
            self.schemas = schemas
            self.calls: list[str] = []
            self.spans: dict[str, tuple[int, int]] = {}

        @property
        def operation_names(self) -> set[str]:
            return self._operation_names

        @operation_names.setter
        def operation_names(self, names: set[str]) -> None:
            noted = _Names(names)
            noted.reads = self.reads
            self._operation_names = noted

        def operation(self, name: str, value: object, path: str, style: Any) -> Any:
            self.calls.append(name)
            if name in skip:
                return None  # kept from the last run
            start = len(self.diagnostics)
            self.reads.current = name
            try:
                return super().operation(name, value, path, style)
            finally:
                self.reads.current = None
                self.spans[name] = (start, len(self.diagnostics))

    return SlicedBuilder()


@dataclass
class SlicedSpec:
    """The IR of a spec without some operations."""

    spec: Spec
    #: The spec's diagnostics before its first operation and after its last one.
    head: list[Diagnostic]
    tail: list[Diagnostic]
    #: Each operation built: its diagnostics, the components its IR read, and whether it
    #: read the operation names.
    diagnostics: dict[str, list[Diagnostic]]
    components: dict[str, set[str]]
    uses_names: set[str]


def build_sliced(
    value: object, source: str | None, names: Sequence[str], skip: frozenset[str]
) -> SlicedSpec | None:
    """The IR of ``value`` without the operations in ``skip`` (whose IR is
    ``build_spec``'s, for any that are not skipped); ``None`` when the diagnostics cannot be
    told apart per operation. ``names``: every operation's name, in order."""
    builder = _sliced_builder(source, skip)
    try:
        spec = builder.spec(value)
    except RecursionError:  # build_spec reports it, for the whole spec
        return None
    built = [name for name in names if name in builder.spans]
    if builder.calls != list(names) or not built:
        return None
    for before, after in itertools.pairwise(built):
        if builder.spans[before][1] != builder.spans[after][0]:
            return None  # something between two operations: no operation's
    diagnostics: list[Diagnostic] = builder.diagnostics
    first, last = builder.spans[built[0]][0], builder.spans[built[-1]][1]
    spec = replace(spec, schemas=dict(spec.schemas))  # the plain mapping, for what follows
    return SlicedSpec(
        spec,
        diagnostics[:first],
        diagnostics[last:],
        {name: diagnostics[slice(*builder.spans[name])] for name in built},
        builder.reads.components,
        builder.reads.uses_names,
    )


def component_refs(operation: IrOperation, schemas: dict[str, Schema]) -> list[str]:
    """The components ``operation`` refers to, followed through their own refs, in the
    order of ``schemas``."""
    stack: list[Schema] = [p.schema for p in operation.parameters]
    for response in operation.responses:
        if response.schema is not None:
            stack.append(response.schema)
        stack.extend(header.schema for header in response.headers.values())
    found: set[str] = set()
    while stack:
        schema = stack.pop()
        if schema.ref is not None and schema.ref not in found:
            found.add(schema.ref)
            if schema.ref in schemas:
                stack.append(schemas[schema.ref])
        stack.extend(schema.properties.values())
        if schema.items is not None:
            stack.append(schema.items)
        if not isinstance(schema.additional_properties, bool | None):
            stack.append(schema.additional_properties)
    return [name for name in schemas if name in found]


# -- the SDK model of some operations ---------------------------------------------------------


@dataclass
class Built:
    """The SDK model of some operations of a spec."""

    package: Package
    operations: dict[str, Operation]
    #: Each operation's models, in claim order.
    models: dict[str, list[Model]]
    #: The component models (and the models nested in them): first in claim order.
    components: list[Model]


def build_operations(spec: Spec, source: str) -> tuple[Built | None, list[Diagnostic]]:
    """The SDK model of the operations ``spec`` holds, and the SDK model's diagnostics;
    ``None`` when it gave diagnostics (they cannot be told apart per operation: the spec
    is built whole), or has no operations, or models the split does not know."""
    from ..sdk import build_package

    found: list[Diagnostic] = []
    package = build_package(replace(spec, directories=()), found, source)
    if found or package is None:
        return None, found
    operations = {op.name: op for op in package.operations}
    models: dict[str, list[Model]] = {name: [] for name in operations}
    components: list[Model] = []
    for model_id, model in package.models.items():
        if model_id.startswith("C:"):
            components.append(model)
            continue
        owner = model_id[2:].split(":", 1)[0] if model_id.startswith("O:") else None
        if owner not in models:
            return None, found
        models[owner].append(model)
    return Built(package, operations, models, components), found


__all__ = [
    "Built",
    "Inputs",
    "SlicedSpec",
    "build_operations",
    "build_sliced",
    "component_refs",
    "split_inputs",
]
