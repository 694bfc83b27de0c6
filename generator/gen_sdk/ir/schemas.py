"""Reading schema nodes, for ``gen_sdk.ir.build``.

``SchemaReader`` reads a schema node (its ``$ref``, type, properties, items, enum, bounds, ...)
into a ``Schema``, checks what one node contradicts, reads ``components.schemas`` (breaking
cycles of pure ``$ref``s) and follows refs through it to tell what kind of body a schema
describes (``body_kind``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from gen_sdk.ir.model import REF_PREFIX, BodyKind, Scalar, Schema, SchemaType
from gen_sdk.ir.reading import (
    IGNORED_KEYS,
    MAX_DEPTH,
    NO_VALUE,
    Raw,
    ShapeReader,
    describe,
    index_path,
    key_path,
    to_bool,
    to_int,
    to_str,
)

_COMPONENTS_KEYS = frozenset({"schemas"})
_SCHEMA_KEYS = frozenset(
    {
        "$ref",
        "type",
        "format",
        "title",
        "description",
        "required",
        "properties",
        "items",
        "additionalProperties",
        "enum",
        "enumValueTitles",
        "default",
        "example",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "pattern",
        "deprecated",
        "readOnly",
        "docRequired",
        "isFileTransferUrl",
        "itemNode",
        "itemName",
        "parseType",
        "sdkPropertyName",
        "visibility",
        "extendType",
        "backendName",
    }
)
_SCHEMA_ALL = _SCHEMA_KEYS | IGNORED_KEYS["schema"]
_SCHEMA_TYPES = {t.value: t for t in SchemaType}
#: Schema types that may carry ``properties``/``additionalProperties`` (None: type not given).
_OBJECT_LIKE = frozenset({None, SchemaType.OBJECT, SchemaType.ANY})
_ARRAY_LIKE = frozenset({None, SchemaType.ARRAY, SchemaType.ANY})
#: Formats of a value that is bytes (a body of such a schema is binary).
BINARY_FORMATS = frozenset({"binary", "byte"})


def _is_number_like(value: object) -> bool:
    """An int/float, or a string that parses as a number (how the specs write bounds)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return False


def _scalar(value: object) -> Any:
    return value if isinstance(value, str | int | float) else NO_VALUE


def _number_like(value: object) -> Any:
    return value if _is_number_like(value) else NO_VALUE


def _text_or_bool(value: object) -> Any:
    """``extendType``: a string as given, a boolean as ``"true"``/``"false"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else NO_VALUE


#: Schema key -> (``Schema`` attribute, converter, what the converter wants) for the keys that
#: need nothing but a type check (converters return ``NO_VALUE`` for a value of the wrong
#: type). The others ($ref, type, properties, items, additionalProperties, enum,
#: enumValueTitles) are built one by one in ``SchemaReader.schema``.
_SIMPLE_SCHEMA_FIELDS: dict[str, tuple[str, Callable[[object], Any], str]] = {
    "format": ("format", to_str, "a string"),
    "title": ("title", to_str, "a string"),
    "description": ("description", to_str, "a string"),
    "required": ("required", to_bool, "a boolean"),
    "default": ("default", _scalar, "a string or number"),
    "example": ("example", _scalar, "a string or number"),
    "minimum": ("minimum", _number_like, "a number"),
    "maximum": ("maximum", _number_like, "a number"),
    "exclusiveMinimum": ("exclusive_minimum", to_bool, "a boolean"),
    "exclusiveMaximum": ("exclusive_maximum", to_bool, "a boolean"),
    "minLength": ("min_length", to_int, "an integer"),
    "maxLength": ("max_length", to_int, "an integer"),
    "minItems": ("min_items", to_int, "an integer"),
    "maxItems": ("max_items", to_int, "an integer"),
    "pattern": ("pattern", to_str, "a string"),
    "deprecated": ("deprecated", to_bool, "a boolean"),
    "readOnly": ("read_only", to_bool, "a boolean"),
    "docRequired": ("doc_required", to_bool, "a boolean"),
    "isFileTransferUrl": ("is_file_transfer_url", to_bool, "a boolean"),
    "itemNode": ("item_node", to_bool, "a boolean"),
    "itemName": ("item_name", to_str, "a string"),
    "parseType": ("parse_type", to_str, "a string"),
    "sdkPropertyName": ("sdk_property_name", to_str, "a string"),
    "visibility": ("visibility", to_str, "a string"),
    "extendType": ("extend_type", _text_or_bool, "a string or boolean"),
    "backendName": ("backend_name", to_str, "a string"),
}


class SchemaReader(ShapeReader):
    """Schema nodes and ``components.schemas``; ``schemas`` (the components built so far) is
    what the other readers follow refs through."""

    def __init__(self, source: str | None) -> None:
        super().__init__(source)
        self.schemas: dict[str, Schema] = {}
        #: Every component name, known before any schema is built (``$ref``s are checked as
        #: they are read), and the same names by their case-folded form.
        self.component_names: set[str] = set()
        self.folded_names: dict[str, list[str]] = {}
        #: How deep the schema being built is nested (see ``MAX_DEPTH``).
        self.depth = 0

    def schema(self, value: object, path: str) -> Schema:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self.err(path, f"schema nested more than {MAX_DEPTH} levels deep", "too-deep")
                return Schema()
            return self._schema(value, path)
        finally:
            self.depth -= 1

    def _schema(self, value: object, path: str) -> Schema:
        rec = self.record(value, path, "a schema", "the schema is untyped", "untyped")
        if not rec:  # {} (any value), or a warning already reported
            return Schema()
        self.check_keys(rec, path, _SCHEMA_ALL, "schema")

        ref: str | None = None
        raw_ref = rec.get("$ref")
        if raw_ref is not None:
            ref = self.ref(raw_ref, key_path(path, "$ref"))

        type_: SchemaType | None = None
        raw_type = self.str_(rec, path, "type", "the schema is untyped", "untyped")
        if raw_type is not None:
            type_ = _SCHEMA_TYPES.get(raw_type)
            if type_ is None:
                self.warn(
                    key_path(path, "type"),
                    f"unknown schema type {raw_type!r} (known: {', '.join(_SCHEMA_TYPES)}); "
                    "the schema is untyped",
                    "untyped",
                )

        properties: dict[str, Schema] = {}
        if rec.get("properties") is not None:
            props_path = key_path(path, "properties")
            for name, sub in self.entries(rec["properties"], props_path, "'properties'"):
                properties[str(name)] = self.schema(sub, key_path(props_path, name))

        items: Schema | None = None
        if rec.get("items") is not None:
            items = self.schema(rec["items"], key_path(path, "items"))

        additional: Schema | bool | None = None
        raw_additional = rec.get("additionalProperties")
        if isinstance(raw_additional, bool):
            additional = raw_additional
        elif raw_additional is not None:
            additional = self.schema(raw_additional, key_path(path, "additionalProperties"))

        enum: tuple[Scalar, ...] | None = None
        if rec.get("enum") is not None:
            enum_path = key_path(path, "enum")
            members: list[Scalar] = []
            complete = True
            for index, member in enumerate(self.sequence(rec["enum"], enum_path, "'enum'")):
                if isinstance(member, str | int | float):
                    members.append(member)
                else:
                    complete = False
                    self.warn(
                        index_path(enum_path, index),
                        f"enum member must be a scalar, got {describe(member)}; the enum is "
                        "ignored",
                        "enum-ignored",
                    )
            if complete and isinstance(rec["enum"], list | dict):
                enum = tuple(members)

        titles: dict[str, str] = {}
        if rec.get("enumValueTitles") is not None:
            titles_path = key_path(path, "enumValueTitles")
            # Keys are enum values; PHP turned "0", "1" into ints (or the whole thing into a
            # list), so they are turned back into the strings they were.
            for member, title in self.entries(
                rec["enumValueTitles"], titles_path, "'enumValueTitles'"
            ):
                if isinstance(title, str):
                    titles[str(member)] = title
                else:
                    self.warn(
                        key_path(titles_path, member),
                        f"enum value title must be a string, got {describe(title)}; ignored",
                        "wrong-type",
                    )

        schema = Schema(
            ref=ref,
            type=type_,
            properties=properties,
            items=items,
            additional_properties=additional,
            enum=enum,
            enum_value_titles=titles,
            **self.simple_schema_fields(rec, path),
        )
        self.check_schema(schema, rec, path)
        return schema

    def ref(self, raw: object, path: str) -> str | None:
        """The component a ``$ref`` names (checked against ``component_names``); ``None``, after
        a warning, when it names none (the schema is then untyped)."""
        if not isinstance(raw, str):
            self.warn(
                path,
                f"'$ref' must be a string, got {describe(raw)}; the schema is untyped",
                "unresolved-ref",
            )
            return None
        if not (raw.startswith(REF_PREFIX) and len(raw) > len(REF_PREFIX)):
            self.warn(
                path,
                f"unsupported $ref {raw!r} (expected '{REF_PREFIX}<Name>'); the schema is untyped",
                "unresolved-ref",
            )
            return None
        name = raw[len(REF_PREFIX) :]
        if name in self.component_names:
            return name
        matches = self.folded_names.get(name.casefold(), [])
        if len(matches) == 1:
            self.warn(
                path,
                f"$ref to unknown schema {name!r} (not in components.schemas); using "
                f"{matches[0]!r}, the component whose name differs only in case",
                "ref-case",
            )
            return matches[0]
        if matches:
            self.warn(
                path,
                f"$ref to unknown schema {name!r} (not in components.schemas; "
                f"{', '.join(map(repr, matches))} differ from it only in case); "
                "the schema is untyped",
                "unresolved-ref",
            )
        else:
            self.warn(
                path,
                f"$ref to unknown schema {name!r} (not in components.schemas); "
                "the schema is untyped",
                "unresolved-ref",
            )
        return None

    def simple_schema_fields(self, rec: Raw, path: str) -> dict[str, Any]:
        """The schema keys that map 1:1 to a ``Schema`` attribute after a type check.

        Looping over the keys present (a handful) instead of asking for each of the ~25
        possible ones makes the schema pass about twice as fast on SAS (15k schema nodes).
        """
        fields: dict[str, Any] = {}
        for key, value in rec.items():
            plan = _SIMPLE_SCHEMA_FIELDS.get(key)
            if plan is None or value is None:
                continue
            attribute, convert, expected = plan
            converted = convert(value)
            if converted is not NO_VALUE:
                fields[attribute] = converted
            else:
                self.warn(
                    key_path(path, key),
                    f"{key!r} must be {expected}, got {describe(value)}; ignored",
                    "wrong-type",
                )
        return fields

    def check_schema(self, schema: Schema, rec: Raw, path: str) -> None:
        """Contradictions inside one schema node: warned about, kept as given."""
        if schema.ref is not None:
            structural = [
                k
                for k in ("type", "format", "properties", "items", "additionalProperties", "enum")
                if rec.get(k) is not None
            ]
            if structural:
                self.warn(
                    path,
                    f"schema has both '$ref' and {', '.join(map(repr, structural))}; "
                    "templates see the referenced component through Spec.resolve",
                    "schema-conflict",
                )
            return
        if schema.properties and schema.type not in _OBJECT_LIKE:
            self.warn(
                key_path(path, "properties"),
                f"schema of type {schema.type.value if schema.type else None!r} has 'properties'",
                "schema-conflict",
            )
        if schema.additional_properties is not None and schema.type not in _OBJECT_LIKE:
            self.warn(
                key_path(path, "additionalProperties"),
                f"schema of type {schema.type.value if schema.type else None!r} has "
                "'additionalProperties'",
                "schema-conflict",
            )
        if schema.items is not None and schema.type not in _ARRAY_LIKE:
            self.warn(
                key_path(path, "items"),
                f"schema of type {schema.type.value if schema.type else None!r} has 'items'",
                "schema-conflict",
            )
        if schema.type is SchemaType.ARRAY and schema.items is None:
            self.warn(path, "array schema has no 'items'", "array-without-items")
        for low_key, high_key, low, high in (
            ("minimum", "maximum", schema.minimum, schema.maximum),
            ("minLength", "maxLength", schema.min_length, schema.max_length),
            ("minItems", "maxItems", schema.min_items, schema.max_items),
        ):
            if low is not None and high is not None and float(low) > float(high):
                self.warn(
                    path,
                    f"{low_key} {low!r} is greater than {high_key} {high!r}",
                    "schema-conflict",
                )

    def resolved(self, schema: Schema) -> Schema | None:
        """``schema`` with refs followed through the components; ``None`` for an unknown name
        or a cycle (neither is left once the components are built)."""
        seen: set[str] = set()
        while schema.ref is not None:
            if schema.ref in seen:
                return None
            seen.add(schema.ref)
            target = self.schemas.get(schema.ref)
            if target is None:
                return None
            schema = target
        return schema

    def body_kind(self, schema: Schema | None) -> BodyKind:
        if schema is None:
            return BodyKind.NONE
        target = self.resolved(schema)
        if target is None:
            return BodyKind.ANY
        if (schema.format or target.format) in BINARY_FORMATS:
            return BodyKind.BINARY
        type_ = target.type
        if type_ is SchemaType.OBJECT or (type_ is None and target.properties):
            return BodyKind.OBJECT
        if type_ is SchemaType.ARRAY:
            return BodyKind.ARRAY
        if type_ is SchemaType.STRING:
            return BodyKind.STRING
        if type_ in (SchemaType.INTEGER, SchemaType.NUMBER, SchemaType.BOOLEAN):
            return BodyKind.SCALAR
        return BodyKind.ANY

    def components(self, rec: Raw) -> None:
        """``components.schemas`` into ``self.schemas``; then pure-``$ref`` cycles broken."""
        if rec.get("components") is None:
            return
        components = self.record(rec["components"], "components", "'components'")
        if components is None:
            return
        self.check_keys(components, "components", _COMPONENTS_KEYS, "'components'")
        if components.get("schemas") is None:
            return
        raw_schemas = self.entries(
            components["schemas"], "components.schemas", "'components.schemas'"
        )
        # Every name first, so that each $ref is checked where it is read.
        for name, _ in raw_schemas:
            self.component_names.add(str(name))
            self.folded_names.setdefault(str(name).casefold(), []).append(str(name))
        for name, raw in raw_schemas:
            self.schemas[str(name)] = self.schema(raw, key_path("components.schemas", name))
        self.break_ref_cycles()

    def break_ref_cycles(self) -> None:
        """A component that is nothing but a chain of refs leading back to itself has no
        type: the first such component in spec order becomes untyped, which ends the cycle."""
        for name in self.schemas:
            schema = self.schemas[name]
            seen = [name]
            while schema.ref is not None and schema.ref in self.schemas:
                if schema.ref == name:
                    self.warn(
                        key_path(key_path("components.schemas", name), "$ref"),
                        f"$ref cycle: {' -> '.join([*seen, name])}; {name!r} is untyped",
                        "ref-cycle",
                    )
                    self.schemas[name] = dataclasses.replace(self.schemas[name], ref=None)
                    break
                if schema.ref in seen:  # a cycle further on: reported at one of its members
                    break
                seen.append(schema.ref)
                schema = self.schemas[schema.ref]
