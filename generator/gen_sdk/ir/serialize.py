"""``spec_to_json``: the IR as deterministic, indented JSON for people writing templates.

The JSON mirrors the dataclasses: object keys are the IR attribute names (what a template
writes, e.g. ``operation.request_body_encoding``), enums are their values, mappings keep spec
order. To keep ECS-sized output readable, a field whose value equals its default (``None``,
empty, ``False`` for ``deprecated``) is left out; a missing key therefore means "the default".
Output is a pure function of the ``Spec``: building the same value twice gives the same text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from enum import Enum

from gen_sdk.ir.model import Spec

#: Per dataclass: (attribute name, has a default, the default) in declaration order.
_FieldPlan = tuple[tuple[str, bool, object], ...]
_PLANS: dict[type, _FieldPlan] = {}


def _plan(cls: type) -> _FieldPlan:
    plan = _PLANS.get(cls)
    if plan is None:
        entries: list[tuple[str, bool, object]] = []
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                entries.append((f.name, True, f.default))
            elif f.default_factory is not dataclasses.MISSING:
                entries.append((f.name, True, f.default_factory()))
            else:
                entries.append((f.name, False, None))
        plan = _PLANS[cls] = tuple(entries)
    return plan


def to_jsonable(value: object) -> object:
    """The JSON-ready form (dicts, lists, scalars) of any IR value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {}
        for name, has_default, default in _plan(type(value)):
            attribute = getattr(value, name)
            # ``type(...) is`` as well as ``==``: 0 == False, but a 0 must not vanish as "False".
            if has_default and type(attribute) is type(default) and attribute == default:
                continue
            out[name] = to_jsonable(attribute)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    raise TypeError(f"not an IR value: {type(value).__name__}")


def spec_to_json(spec: Spec) -> str:
    """Indented JSON (UTF-8 text, non-ASCII kept readable), ending with a newline."""
    return json.dumps(to_jsonable(spec), ensure_ascii=False, indent=2) + "\n"
