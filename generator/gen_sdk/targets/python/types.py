"""Python's type mapping: an SDK model type (:data:`gen_sdk.sdk.TypeRef`) -> an annotation
(in the manner of Kiota's ``TranslateType``).

* string / integer / number / boolean -> ``str`` / ``int`` / ``float`` / ``bool``; on the
  request side, a string or integer or boolean with an enum -> a ``Literal`` of its values
  (responses keep the plain type: servers add values);
* list of T / map of T -> ``list[T]`` / ``dict[str, T]``; a model -> its class;
* any value -> ``Any``;
* binary -> ``bytes | IO[bytes]`` (a parameter), ``Any`` (a request model's field),
  ``bytes`` (a response body).

An :class:`Annotations` collects what the annotations it made refer to: classes (to import)
and ``typing`` names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ...ir import Scalar
from ...sdk import (
    AnyType,
    BinaryType,
    ListType,
    MapType,
    ModelType,
    ScalarType,
    Side,
    TypeRef,
)
from .pycode import py_literal

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class Use(StrEnum):
    """Where an annotation stands (binary values are typed by it)."""

    PARAM = "param"  # a keyword argument of a client method
    FIELD = "field"  # a field of a model
    BODY = "body"  # the body of a response


@dataclass
class Annotations:
    """Makes annotations for one module and collects what they refer to."""

    type_names: Mapping[str, str]
    classes: set[str] = field(default_factory=set)
    typing: set[str] = field(default_factory=set)

    def of(self, ref: TypeRef, side: Side, use: Use = Use.FIELD) -> str:
        if isinstance(ref, ModelType):
            name = self.type_names[ref.model]
            self.classes.add(name)
            return name
        if isinstance(ref, ListType):
            return f"list[{self.of(ref.item, side, use)}]"
        if isinstance(ref, MapType):
            return f"dict[str, {self.of(ref.value, side, use)}]"
        if isinstance(ref, ScalarType):
            scalar = _SCALARS[ref.kind]
            if side is Side.REQUEST and ref.enum:
                literal = _literal(ref.enum, scalar)
                if literal is not None:
                    self.typing.add("Literal")
                    return literal
            return scalar
        if isinstance(ref, BinaryType):
            if use is Use.PARAM:
                self.typing.add("IO")
                return "bytes | IO[bytes]"
            if use is Use.BODY:
                return "bytes"
        assert isinstance(ref, AnyType | BinaryType)
        self.typing.add("Any")
        return "Any"


def _literal(values: Sequence[Scalar], scalar: str) -> str | None:
    """``Literal[...]`` of the enum's values as the scalar type, or ``None`` when a value is
    not one (or the type is float: no float literals)."""
    converted: list[str | int | bool] = []
    for value in values:
        try:
            if scalar == "str":
                converted.append(str(value))
            elif scalar == "int":
                converted.append(int(str(value)))
            elif scalar == "bool":
                text = str(value).lower()
                if text not in ("true", "false"):
                    return None
                converted.append(text == "true")
            else:
                return None
        except ValueError:
            return None
    unique = list(dict.fromkeys(converted))
    return "Literal[" + ", ".join(py_literal(v) for v in unique) + "]" if unique else None


__all__ = ["Annotations", "Use"]
