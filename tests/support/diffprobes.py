"""Programs written against an old generated Python SDK, one per reported change: the
evidence behind ``gen-sdk diff``'s verdict.

For each :class:`~gen_sdk.sdk.diff.ApiChange`, :class:`ProbeWriter` writes a small module
that uses, through the old SDK's public API, exactly what the change is about: it calls the
operation with the parameter (a value of the old type; for an enum change, a value the
change affects), builds the nested request model with its old fields, reads the response
field into a variable of its old type, iterates the pages or the events, names the class.
A change is breaking exactly when its probe, which type-checks against the old SDK, fails
``mypy --strict`` against the new one (:func:`mypy_errors`).

The writer reads the old package through the Python target itself (its names, its
annotations, its views), so a probe uses the SDK as generated, not a second guess of it.
Constructors are called with the keyword names mypy sees for a generated model (today the
wire names: pydantic's ``alias``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gen_sdk.sdk import (
    AnyType,
    BinaryType,
    ListType,
    MapType,
    Model,
    ModelType,
    Operation,
    Package,
    ScalarType,
    Side,
    TypeRef,
)
from gen_sdk.sdk.diff import ApiChange
from gen_sdk.targets.python import PythonTarget
from gen_sdk.targets.python.naming import checked, package_names
from gen_sdk.targets.python.pycode import py_literal
from gen_sdk.targets.python.types import Annotations, Use
from gen_sdk.targets.python.views import ViewBuilder

#: A string no synthetic enum lists: what an old program that ignored the enum sent.
UNLISTED = "not-a-listed-value"


@dataclass(frozen=True)
class Probe:
    change: ApiChange
    #: The module's text (it defines ``probe``).
    source: str


class ProbeWriter:
    """Writes probes against one old package (see the module docstring)."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.import_name = package_names(package.product, package.version)[0]
        self.names = PythonTarget().names(package)
        builder = ViewBuilder(package, checked(self.names))
        self.views = {op.name: builder.operation(op)[0] for op in package.operations}
        self.annotations = Annotations(self.names.types)
        self.operations = {op.name: op for op in package.operations}

    # -- values -----------------------------------------------------------------------------

    def value(self, ref: TypeRef, scalar: str | None = None) -> str:
        """An expression of type ``ref`` as a caller sends it; ``scalar``: the literal to use
        for the scalar inside (an enum value the change is about)."""
        if isinstance(ref, ScalarType):
            if scalar is not None:
                return scalar
            if ref.enum:
                return self.enum_literal(ref, str(ref.enum[0]))
            return {"string": '"x"', "integer": "1", "number": "1.5", "boolean": "True"}[ref.kind]
        if isinstance(ref, ListType):
            return f"[{self.value(ref.item, scalar)}]"
        if isinstance(ref, MapType):
            return f'{{"k": {self.value(ref.value, scalar)}}}'
        if isinstance(ref, ModelType):
            return self.construct(ref.model, omit=None)
        if isinstance(ref, BinaryType):
            return 'b"x"'
        assert isinstance(ref, AnyType)
        return "object()"  # what an old program may pass where any value was accepted

    @staticmethod
    def enum_literal(ref: ScalarType, text: str) -> str:
        if ref.kind == "integer" and text.lstrip("-").isdigit():
            return str(int(text))
        if ref.kind == "boolean":
            return "True" if text.lower() == "true" else "False"
        return py_literal(text)

    def construct(
        self,
        model_id: str,
        *,
        omit: str | None,
        subject: str | None = None,
        scalar: str | None = None,
    ) -> str:
        """``Class(Field=value, ...)``: the required fields, plus ``subject``; never ``omit``.
        Keywords are the wire names: what mypy sees of a generated model's ``alias``."""
        model = self.package.models[model_id]
        args = []
        for item in model.fields:
            if item.wire == omit or not (item.required or item.wire == subject):
                continue
            given = scalar if item.wire == subject else None
            args.append(f"{item.wire}={self.value(item.type, given)}")
        return f"{self.names.types[model_id]}({', '.join(args)})"

    def annotation(self, ref: TypeRef, side: Side, use: Use = Use.FIELD) -> str:
        return self.annotations.of(ref, side, use)

    # -- calls --------------------------------------------------------------------------------

    def arguments(
        self, op: Operation, *, omit: str | None = None, extra: Sequence[tuple[str, str]] = ()
    ) -> str:
        names = dict(zip((p.wire for p in op.params), self.names.params[op.name], strict=True))
        items = self.required(op, omit, extra)
        items += [(names[wire], expression) for wire, expression in extra]
        return ", ".join(f"{name}={expression}" for name, expression in items)

    def required(
        self, op: Operation, omit: str | None, extra: Sequence[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """(keyword, value) of the required parameters, but ``omit`` and those in ``extra``."""
        names = dict(zip((p.wire for p in op.params), self.names.params[op.name], strict=True))
        given = {wire for wire, _ in extra}
        return [
            (names[p.wire], self.value(p.type))
            for p in op.params
            if p.required and p.wire != omit and p.wire not in given
        ]

    def call(self, op: Operation, method: str | None = None, **kwargs: object) -> str:
        arguments = self.arguments(op, **kwargs)  # type: ignore[arg-type]
        return f"client.{method or self.names.methods[op.name]}({arguments})"

    # -- where a subject is ---------------------------------------------------------------

    def owner(self, op: Operation | None, subject: str) -> tuple[str, str]:
        """The model holding the field ``subject`` names, and the field's wire name (for a
        field the old SDK lacks: the deepest model it has on the way)."""
        parts = subject.split(".")
        if op is None:
            model_id = f"C:{parts[0]}"
            ref: TypeRef = ModelType(model_id)
        elif parts[0].rstrip("[]{}") == "response":
            response = self.package.models[op.response]
            ref = response.body if response.body is not None else ModelType(op.response)
        else:
            param = next(p for p in op.params if p.wire == parts[0].rstrip("[]{}"))
            ref = param.type
        model_id = ""
        for part in parts[1:]:
            while isinstance(ref, ListType | MapType):
                ref = ref.item if isinstance(ref, ListType) else ref.value
            assert isinstance(ref, ModelType), (subject, ref)
            model_id = ref.model
            wire = part.rstrip("[]{}")
            found = next((f for f in self.package.models[model_id].fields if f.wire == wire), None)
            if found is None or part is parts[-1]:
                return model_id, wire
            ref = found.type
        raise AssertionError(f"no field in {subject!r}")

    def field_attribute(self, model: Model, wire: str) -> str:
        index = [f.wire for f in model.fields].index(wire)
        return self.names.fields[model.id][index]

    # -- probes -------------------------------------------------------------------------------

    def probe(self, change: ApiChange) -> Probe:
        body = self.statements(change)
        head = [
            "# A program written against the old SDK (see tests/support/diffprobes.py).",
            "from typing import Any",
            "",
            f"from {self.import_name} import Client",
            f"from {self.import_name}.models import *  # noqa: F403",
            "",
            "",
            "def probe(client: Client) -> None:",
        ]
        lines = [*head, *(f"    {line}" for line in body or ["pass"])]
        return Probe(change, "\n".join(lines) + "\n")

    def statements(self, change: ApiChange) -> list[str]:
        kind, subject = change.kind, change.subject
        op = self.operations.get(change.operation or "")
        if kind.startswith(("region-", "endpoint-", "package-")) or kind == "operation-added":
            region = subject if kind.startswith("region-") else "xx-unlisted-1"
            return [
                f'Client(region_id={py_literal(region)}, access_key_id="a", access_key_secret="b")'
            ]
        if kind == "name-moved":
            return self.name_probe(change, op)
        if kind == "model-added":  # nothing an old program could use: it still builds clients
            return ['Client(region_id="cn-hangzhou", access_key_id="a", access_key_secret="b")']
        if kind == "model-removed":
            return ["value: Any = None", f"typed: {self.names.types['C:' + subject]} = value"]
        if op is None:  # a component's field
            return self.field_probe(change, None)
        view = self.views[op.name]
        if kind.startswith("pagination-") and view.page_method is not None:
            item = view.item_annotation
            return [f"for item in {self.call(op, view.page_method)}:", f"    typed: {item} = item"]
        if kind.startswith("events-") and view.sse_method is not None:
            response = view.response_class
            return [
                f"for event in {self.call(op, view.sse_method)}:",
                f"    typed: {response} = event",
            ]
        if kind == "response-retyped":
            return self.response_probe(op)
        if kind.startswith("parameter-"):
            return self.parameter_probe(change, op)
        if kind.startswith("field-"):
            return self.field_probe(change, op)
        return [self.call(op)]  # the operation itself: removed, deprecated, sent differently

    def response_probe(self, op: Operation) -> list[str]:
        view = self.views[op.name]
        if view.events:
            return [f"for event in {self.call(op)}:", "    typed: ServerSentEvent = event"]
        model = self.package.models[op.response]
        lines = [f"response: {view.response_class} = {self.call(op)}"]
        if model.body is not None:
            body = self.annotation(model.body, Side.RESPONSE, Use.BODY)
            return [*lines, f"body: {body} | None = response.body"]
        fields = [f for f in model.fields if f.wire not in ("RequestId", "requestId")]
        if fields:
            annotation = self.annotation(fields[0].type, Side.RESPONSE)
            attribute = self.field_attribute(model, fields[0].wire)
            lines.append(f"first: {annotation} | None = response.{attribute}")
        return lines

    def parameter_probe(self, change: ApiChange, op: Operation) -> list[str]:
        kind, wire = change.kind, change.subject
        if kind in ("parameter-added", "parameter-added-required"):
            return [self.call(op)]
        param = next(p for p in op.params if p.wire == wire)
        if kind == "parameter-required":  # an old program that left it out
            return [self.call(op, omit=wire)]
        scalar = self.enum_choice(change, param.type) if "-values-" in kind else None
        return [self.call(op, extra=[(wire, self.value(param.type, scalar))])]

    def enum_choice(self, change: ApiChange, ref: TypeRef) -> str | None:
        """For an enum change, the value an old program sent that the change is about: a
        value the new SDK dropped (or, for a new restriction, one outside it)."""
        while isinstance(ref, ListType | MapType):
            ref = ref.item if isinstance(ref, ListType) else ref.value
        if not isinstance(ref, ScalarType):
            return None
        if change.kind.endswith("values-removed"):
            dropped = re.match(r"no longer accepts (.*) \(accepts", change.detail)
            if dropped is not None:
                return self.enum_literal(ref, dropped.group(1).split(", ")[0])
            return py_literal(UNLISTED) if ref.enum is None else None
        return None

    def field_probe(self, change: ApiChange, op: Operation | None) -> list[str]:
        kind = change.kind
        model_id, wire = self.owner(op, change.subject)
        model = self.package.models[model_id]
        class_name = self.names.types[model_id]
        lines: list[str] = []
        sent = model.side is Side.REQUEST or (op is None and self.sent(model_id))
        if sent:
            field = next((f for f in model.fields if f.wire == wire), None)
            if kind in ("field-added", "field-added-required"):
                lines.append(f"built = {self.construct(model_id, omit=None)}")
            elif field is not None:
                omit = wire if kind == "field-required" else None
                scalar = self.enum_choice(change, field.type) if "-values-" in kind else None
                subject = None if omit else wire
                built = self.construct(model_id, omit=omit, subject=subject, scalar=scalar)
                lines.append(f"built = {built}")
        if model.side is Side.RESPONSE and kind not in ("field-added", "field-added-required"):
            field = next(f for f in model.fields if f.wire == wire)
            annotation = self.annotation(field.type, Side.RESPONSE)
            lines += [
                f"def read(model: {class_name}) -> None:",
                f"    typed: {annotation} | None = model.{self.field_attribute(model, wire)}",
            ]
        if not lines:
            lines.append(f"def read(model: {class_name}) -> None: ...")
        return lines

    def sent(self, model_id: str) -> bool:
        """Whether a component travels in requests (some parameter reaches it)."""
        from gen_sdk.sdk.diff import _request_components  # the diff's own rule

        return model_id in _request_components(self.package)

    def name_probe(self, change: ApiChange, op: Operation | None) -> list[str]:
        element = change.element
        if op is not None and element in ("method", "module", "page method", "event method"):
            view = self.views[op.name]
            method = {
                "method": view.method_name,
                "module": view.method_name,
                "page method": view.page_method,
                "event method": view.sse_method,
            }[element]
            return [self.call(op, method)]
        if op is not None and element == "parameter":
            param = next(p for p in op.params if p.wire == change.subject)
            return [self.call(op, extra=[(param.wire, self.value(param.type))])]
        before = change.detail.split(" is now ")[0].split()[-1]
        role = change.subject.rsplit(" ", 1)[-1]
        if op is not None and role in ("request", "response", "params"):
            # The type in its role, with its operation's old method.
            if role == "response":
                return [f"response: {before} = {self.call(op)}"]
            method = self.names.methods[op.name]
            if role == "request":
                return [f"client.{method}(request={self.construct(op.request, omit=None)})"]
            items = ", ".join(f"{py_literal(k)}: {v}" for k, v in self.required(op, None, ()))
            return [f"params: {before} = {{{items}}}", f"client.{method}(**params)"]
        return ["value: Any = None", f"typed: {before} = value"]


def write_probes(directory: Path, probes: Iterable[Probe]) -> dict[str, Probe]:
    """One module per probe (``probe_0001.py``...): mypy's errors name the module."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for index, probe in enumerate(probes, 1):
        name = f"probe_{index:04d}.py"
        (directory / name).write_text(probe.source, encoding="utf-8")
        written[name] = probe
    return written


def mypy_errors(probes: Path, sdk_src: Path, cache: Path) -> dict[str, list[str]]:
    """``mypy --strict`` over the probe modules with the SDK at ``sdk_src`` importable:
    module file name -> its error lines."""
    env = {**os.environ, "MYPYPATH": str(sdk_src)}
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache)]
    command += ["--no-error-summary", "--hide-error-context", str(probes)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=probes, check=False)
    errors: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        match = re.match(r"(?:.*[/\\])?(probe_\d+\.py):\d+: error: ", line)
        if match is not None:
            errors.setdefault(match.group(1), []).append(line)
        elif ": error:" in line:
            raise AssertionError(f"mypy failed outside the probes: {line}\n{done.stdout[-3000:]}")
    if done.returncode not in (0, 1):
        raise AssertionError(f"mypy crashed ({done.returncode}): {done.stderr[-3000:]}")
    return errors


__all__ = ["UNLISTED", "Probe", "ProbeWriter", "mypy_errors", "write_probes"]
