"""Build the IR (``Spec``) from the value PHP builds from an api-docs file.

The input follows PHP's rules for arrays (see ``tests/php_rules.py``): decimal-integer keys are
ints (``responses[200]``), a mapping whose keys are ``0..n-1`` in order is a list, and in
particular an empty mapping ``{}`` is an empty list ``[]``. So wherever a mapping is expected,
``[]`` is accepted as the empty mapping, and where a *dictionary* (user-chosen keys such as
property names or ``enumValueTitles``) is expected, any list is read as the mapping
``{0: v0, 1: v1, ...}`` it came from.

Contract of ``build_spec``: it never raises on bad input. It returns the ``Spec`` it could build
plus every diagnostic, in traversal order. Error diagnostics mean the ``Spec`` is incomplete or
unreliable (something was skipped, or a value could not be understood) and must not be used to
generate code; warnings mean the spec is odd but the IR is faithful (an unknown key was
ignored, a duplicate parameter dropped, a contradiction kept as given). Each diagnostic has
``path`` set to where in the spec it applies, e.g. ``apis.ListModels.parameters[3].schema``
(keys that are not plain words are quoted: ``headers["x-oss-meta-*"]``).

Keys the IR knowingly does not model (documented, never warned about):

* ``apis.*.systemTags``: console/catalog tags (``riskType``, ``chargeType``, ability-tree ids,
  auto-test flags). Nothing an SDK does depends on them.
* ``apis.*.eventInfo``: names of events the product emits; documentation-only.
* schema ``index``: appears only in CS, always ``200`` on response properties; no meaning.

Every other key the corpus uses is carried into the IR.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from gen_sdk.diagnostics import Diagnostic, Severity, error, warning
from gen_sdk.ir.model import (
    REF_PREFIX,
    BodyKind,
    Directory,
    Endpoint,
    ErrorCode,
    HttpMethod,
    Operation,
    Parameter,
    ParameterLocation,
    ParameterStyle,
    RequestBodyEncoding,
    Response,
    ResponseExample,
    ResponseHeader,
    Scalar,
    Schema,
    SchemaType,
    SecurityRequirement,
    Spec,
    StaticInfo,
    Style,
    success_response,
)

# --- known keys, per kind of mapping --------------------------------------------------------

# ``security`` at the top level is not in the corpus but is valid OpenAPI; accepted.
_ROOT_KEYS = frozenset(
    {"version", "info", "directories", "components", "apis", "endpoints", "security"}
)
_INFO_KEYS = frozenset({"style", "product", "version", "title", "description"})
_COMPONENTS_KEYS = frozenset({"schemas"})
_OPERATION_KEYS = frozenset(
    {
        "title",
        "summary",
        "description",
        "methods",
        "path",
        "schemes",
        "security",
        "operationType",
        "deprecated",
        "parameters",
        "responses",
        "consumes",
        "produces",
        "tags",
        "responseDemo",
        "errorCodes",
        "staticInfo",
        "extraInfo",
        "requestParamsDescription",
        "responseParamsDescription",
    }
)
#: Known but deliberately not modelled (see the module docstring).
_OPERATION_IGNORED = frozenset({"systemTags", "eventInfo"})
_PARAMETER_KEYS = frozenset(
    {"name", "in", "style", "schema", "required", "allowEmptyValue", "examples"}
)
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
    }
)
_SCHEMA_IGNORED = frozenset({"index"})

_SCHEMA_ALL = _SCHEMA_KEYS | _SCHEMA_IGNORED
_RESPONSE_KEYS = frozenset({"description", "schema", "headers", "examples"})
_HEADER_KEYS = frozenset({"schema", "style"})
_ERROR_CODE_KEYS = frozenset({"errorCode", "errorMessage"})
_STATIC_INFO_KEYS = frozenset(
    {
        "returnType",
        "substitutions",
        "noSubstitutionReason",
        "callback",
        "callbackInterval",
        "maxCallbackTimes",
    }
)
_DIRECTORY_KEYS = frozenset({"id", "title", "type", "children"})
_ENDPOINT_KEYS = frozenset({"regionId", "endpoint"})
_RESPONSE_DEMO_KEYS = frozenset({"type", "example", "errorExample"})

_STYLES = {s.value: s for s in Style}
_METHODS = {m.value: m for m in HttpMethod}
_LOCATIONS = {loc.value: loc for loc in ParameterLocation}
_PARAMETER_STYLES = {s.value: s for s in ParameterStyle}
_SCHEMA_TYPES = {t.value: t for t in SchemaType}
#: Styles whose operations are addressed by a URL path (RPC and V3 use ``Action=`` instead).
_PATH_STYLES = frozenset({Style.ROA, Style.FC, Style.OSS, Style.PDS, Style.ALIGENIE})
#: Schema types that may carry ``properties``/``additionalProperties`` (None: type not given).
_OBJECT_LIKE = frozenset({None, SchemaType.OBJECT, SchemaType.ANY})
_ARRAY_LIKE = frozenset({None, SchemaType.ARRAY, SchemaType.ANY})
_BINARY_FORMATS = frozenset({"binary", "byte"})
_STATUS_RANGE = re.compile(r"[1-5][xX][xX]")
_PATH_VARIABLE = re.compile(r"\{([^{}/]+)\}")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$@-]+")
_MISSING = object()
#: Schemas (and directories) nested deeper than this are refused at their path: real specs
#: nest fewer than 15 levels, and every later stage recurses over them.
MAX_DEPTH = 64


def key_path(parent: str, key: object) -> str:
    """``parent.key``, or ``parent["key"]`` when the key is not a plain word."""
    text = str(key)
    if not parent and isinstance(key, int):  # `0` alone would read as no path at all
        return f"[{key}]"
    if _PLAIN_KEY.fullmatch(text):
        return f"{parent}.{text}" if parent else text
    return f"{parent}[{json.dumps(text, ensure_ascii=False)}]"


def index_path(parent: str, index: int) -> str:
    return f"{parent}[{index}]"


def _describe(value: object) -> str:
    """The kind of a PHP value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list" if value else "an empty array"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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


def _status(key: object) -> int | str | None:
    """A ``responses`` key as a status: ``200`` (PHP made it an int), ``"4XX"``, ``"default"``."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key if 100 <= key <= 599 else None
    if isinstance(key, str) and (_STATUS_RANGE.fullmatch(key) or key == "default"):
        return key
    return None


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float)


#: Schema key -> (``Schema`` attribute, type check, what the check wants) for the keys that
#: need nothing but a type check. The others ($ref, type, properties, items,
#: additionalProperties, enum, enumValueTitles) are built one by one in ``_Builder.schema``.
_SIMPLE_SCHEMA_FIELDS: dict[str, tuple[str, Callable[[object], bool], str]] = {
    "format": ("format", _is_str, "a string"),
    "title": ("title", _is_str, "a string"),
    "description": ("description", _is_str, "a string"),
    "required": ("required", _is_bool, "a boolean"),
    "default": ("default", _is_scalar, "a string or number"),
    "example": ("example", _is_scalar, "a string or number"),
    "minimum": ("minimum", _is_number_like, "a number"),
    "maximum": ("maximum", _is_number_like, "a number"),
    "exclusiveMinimum": ("exclusive_minimum", _is_bool, "a boolean"),
    "exclusiveMaximum": ("exclusive_maximum", _is_bool, "a boolean"),
    "minLength": ("min_length", _is_int, "an integer"),
    "maxLength": ("max_length", _is_int, "an integer"),
    "minItems": ("min_items", _is_int, "an integer"),
    "maxItems": ("max_items", _is_int, "an integer"),
    "pattern": ("pattern", _is_str, "a string"),
    "deprecated": ("deprecated", _is_bool, "a boolean"),
    "readOnly": ("read_only", _is_bool, "a boolean"),
    "docRequired": ("doc_required", _is_bool, "a boolean"),
    "isFileTransferUrl": ("is_file_transfer_url", _is_bool, "a boolean"),
    "itemNode": ("item_node", _is_bool, "a boolean"),
    "itemName": ("item_name", _is_str, "a string"),
    "parseType": ("parse_type", _is_str, "a string"),
    "sdkPropertyName": ("sdk_property_name", _is_str, "a string"),
}


Raw = Mapping[Any, object]


class _Builder:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.schemas: dict[str, Schema] = {}
        #: Every ``$ref`` seen: (component name, path of the ``$ref`` key), checked at the end.
        self.refs: list[tuple[str, str]] = []
        self.operation_names: set[str] = set()
        #: How deep the schema being built is nested (see ``MAX_DEPTH``).
        self.depth = 0

    # --- diagnostics ------------------------------------------------------------------------

    def warn(self, path: str, message: str) -> None:
        self.diagnostics.append(warning(message, file=self.source, path=path or None))

    def err(self, path: str, message: str) -> None:
        self.diagnostics.append(error(message, file=self.source, path=path or None))

    # --- shape helpers ----------------------------------------------------------------------

    def record(self, value: object, path: str, what: str) -> Raw | None:
        """A mapping with fixed keys. ``[]`` is the empty mapping (PHP's ``{}``)."""
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and not value:
            return {}
        self.err(path, f"{what} must be a mapping, got {_describe(value)}")
        return None

    def entries(self, value: object, path: str, what: str) -> list[tuple[object, object]]:
        """A dictionary (user-chosen keys). A list is the mapping ``{0: v0, ...}`` PHP made it."""
        if isinstance(value, dict):
            return list(value.items())
        if isinstance(value, list):
            return list(enumerate(value))
        self.err(path, f"{what} must be a mapping, got {_describe(value)}")
        return []

    def sequence(self, value: object, path: str, what: str) -> list[object]:
        if isinstance(value, list):
            return value
        self.err(path, f"{what} must be a list, got {_describe(value)}")
        return []

    def check_keys(self, rec: Raw, path: str, known: frozenset[str], what: str) -> None:
        if rec.keys() <= known:  # the common case, and cheap
            return
        for key in rec:
            if key not in known:
                hint = ""
                if not path and isinstance(key, int):
                    hint = " (an element without a key: was the spec's head cut off with its key?)"
                self.warn(key_path(path, key), f"unknown key {key!r} in {what}; ignored{hint}")

    def get(
        self,
        rec: Raw,
        path: str,
        key: str,
        accept: Callable[[object], bool],
        expected: str,
        *,
        required: bool = False,
        what: str = "",
    ) -> object:
        """``rec[key]`` if present and accepted; else ``_MISSING`` (after an error if it is
        required or has the wrong type). PHP ``null`` counts as absent."""
        value = rec.get(key)
        if value is None:
            if required:
                self.err(path, f"{what or 'mapping'} has no {key!r}")
            return _MISSING
        if not accept(value):
            self.err(key_path(path, key), f"{key!r} must be {expected}, got {_describe(value)}")
            return _MISSING
        return value

    def str_(
        self, rec: Raw, path: str, key: str, *, required: bool = False, what: str = ""
    ) -> str | None:
        value = self.get(
            rec, path, key, lambda v: isinstance(v, str), "a string", required=required, what=what
        )
        return value if isinstance(value, str) else None

    def bool_(self, rec: Raw, path: str, key: str) -> bool | None:
        value = self.get(rec, path, key, lambda v: isinstance(v, bool), "a boolean")
        return value if isinstance(value, bool) else None

    def int_(self, rec: Raw, path: str, key: str) -> int | None:
        value = self.get(rec, path, key, _is_int, "an integer")
        return value if isinstance(value, int) else None

    def strings(self, rec: Raw, path: str, key: object) -> tuple[str, ...]:
        if rec.get(key) is None:
            return ()
        items_path = key_path(path, key)
        result: list[str] = []
        for index, item in enumerate(self.sequence(rec[key], items_path, repr(key))):
            if isinstance(item, str):
                result.append(item)
            else:
                self.err(index_path(items_path, index), f"must be a string, got {_describe(item)}")
        return tuple(result)

    def scalar_map(self, rec: Raw, path: str, key: str) -> dict[str, Scalar]:
        """``examples``-style mappings of name -> scalar (always empty in the corpus)."""
        if rec.get(key) is None:
            return {}
        map_path = key_path(path, key)
        result: dict[str, Scalar] = {}
        for name, value in self.entries(rec[key], map_path, repr(key)):
            if isinstance(value, str | int | float):
                result[str(name)] = value
            else:
                self.err(key_path(map_path, name), f"must be a scalar, got {_describe(value)}")
        return result

    # --- schemas ----------------------------------------------------------------------------

    def schema(self, value: object, path: str) -> Schema:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self.err(path, f"schema nested more than {MAX_DEPTH} levels deep")
                return Schema()
            return self._schema(value, path)
        finally:
            self.depth -= 1

    def _schema(self, value: object, path: str) -> Schema:
        rec = self.record(value, path, "a schema")
        if not rec:  # {} (any value), or an error already reported
            return Schema()
        self.check_keys(rec, path, _SCHEMA_ALL, "schema")

        ref: str | None = None
        raw_ref = self.str_(rec, path, "$ref")
        if raw_ref is not None:
            ref_path = key_path(path, "$ref")
            if raw_ref.startswith(REF_PREFIX) and len(raw_ref) > len(REF_PREFIX):
                ref = raw_ref[len(REF_PREFIX) :]
                self.refs.append((ref, ref_path))
            else:
                self.err(ref_path, f"unsupported $ref {raw_ref!r} (expected '{REF_PREFIX}<Name>')")

        type_: SchemaType | None = None
        raw_type = self.str_(rec, path, "type")
        if raw_type is not None:
            type_ = _SCHEMA_TYPES.get(raw_type)
            if type_ is None:
                self.err(key_path(path, "type"), f"unknown schema type {raw_type!r}")

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
            for index, member in enumerate(self.sequence(rec["enum"], enum_path, "'enum'")):
                if isinstance(member, str | int | float):
                    members.append(member)
                else:
                    self.err(
                        index_path(enum_path, index),
                        f"enum member must be a scalar, got {_describe(member)}",
                    )
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
                    self.err(
                        key_path(titles_path, member),
                        f"enum value title must be a string, got {_describe(title)}",
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
            attribute, accept, expected = plan
            if accept(value):
                fields[attribute] = value
            else:
                self.err(key_path(path, key), f"{key!r} must be {expected}, got {_describe(value)}")
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
                )
            return
        if schema.properties and schema.type not in _OBJECT_LIKE:
            self.warn(
                key_path(path, "properties"),
                f"schema of type {schema.type.value if schema.type else None!r} has 'properties'",
            )
        if schema.additional_properties is not None and schema.type not in _OBJECT_LIKE:
            self.warn(
                key_path(path, "additionalProperties"),
                f"schema of type {schema.type.value if schema.type else None!r} has "
                "'additionalProperties'",
            )
        if schema.items is not None and schema.type not in _ARRAY_LIKE:
            self.warn(
                key_path(path, "items"),
                f"schema of type {schema.type.value if schema.type else None!r} has 'items'",
            )
        if schema.type is SchemaType.ARRAY and schema.items is None:
            self.warn(path, "array schema has no 'items'")
        for low_key, high_key, low, high in (
            ("minimum", "maximum", schema.minimum, schema.maximum),
            ("minLength", "maxLength", schema.min_length, schema.max_length),
            ("minItems", "maxItems", schema.min_items, schema.max_items),
        ):
            if low is not None and high is not None and float(low) > float(high):
                self.warn(path, f"{low_key} {low!r} is greater than {high_key} {high!r}")

    def resolved(self, schema: Schema) -> Schema | None:
        """``schema`` with refs followed through the components built so far; ``None`` for an
        unknown name or a cycle (both reported elsewhere)."""
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
        if (schema.format or target.format) in _BINARY_FORMATS:
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

    # --- the document -----------------------------------------------------------------------

    def spec(self, value: object) -> Spec:
        rec = self.record(value, "", "the spec (top level)")
        if rec is None:
            return Spec(product="", version="", style=None, operations={}, schemas={})
        self.check_keys(rec, "", _ROOT_KEYS, "the spec")

        product = version = ""
        style: Style | None = None
        title = description = None
        info = self.record(rec["info"], "info", "'info'") if "info" in rec else None
        if "info" not in rec:
            self.err("", "the spec has no 'info'")
        if info is not None:
            self.check_keys(info, "info", _INFO_KEYS, "'info'")
            product = self.str_(info, "info", "product", required=True, what="'info'") or ""
            version = self.str_(info, "info", "version", required=True, what="'info'") or ""
            raw_style = self.str_(info, "info", "style", required=True, what="'info'")
            if raw_style is not None:
                style = _STYLES.get(raw_style)
                if style is None:
                    self.err(
                        "info.style",
                        f"unknown API style {raw_style!r} (known: {', '.join(_STYLES)})",
                    )
            title = self.str_(info, "info", "title")
            description = self.str_(info, "info", "description")

        # Components first: operations need them to classify bodies.
        if rec.get("components") is not None:
            components = self.record(rec["components"], "components", "'components'")
            if components is not None:
                self.check_keys(components, "components", _COMPONENTS_KEYS, "'components'")
                if components.get("schemas") is not None:
                    for name, raw in self.entries(
                        components["schemas"], "components.schemas", "'components.schemas'"
                    ):
                        self.schemas[str(name)] = self.schema(
                            raw, key_path("components.schemas", name)
                        )

        raw_apis: list[tuple[object, object]] = []
        if "apis" not in rec:
            self.err("", "the spec has no 'apis'")
        else:
            raw_apis = self.entries(rec["apis"], "apis", "'apis'")
            if not raw_apis:
                self.warn("apis", "the spec defines no operations")
        self.operation_names = {str(name) for name, _ in raw_apis}
        operations: dict[str, Operation] = {}
        for name, raw in raw_apis:
            operation = self.operation(str(name), raw, key_path("apis", name), style)
            if operation is not None:
                operations[operation.name] = operation

        directories: tuple[Directory | str, ...] = ()
        if rec.get("directories") is not None:
            directories = self.directory_children(rec["directories"], "directories")

        endpoints: list[Endpoint] = []
        if rec.get("endpoints") is not None:
            for index, raw in enumerate(
                self.sequence(rec["endpoints"], "endpoints", "'endpoints'")
            ):
                endpoint = self.endpoint(raw, index_path("endpoints", index))
                if endpoint is not None:
                    endpoints.append(endpoint)

        security = self.security(rec, "")
        self.check_refs()
        return Spec(
            product=product,
            version=version,
            style=style,
            title=title,
            description=description,
            format_version=self.str_(rec, "", "version"),
            security=security,
            endpoints=tuple(endpoints),
            directories=directories,
            operations=operations,
            schemas=self.schemas,
        )

    def check_refs(self) -> None:
        for name, path in self.refs:
            if name not in self.schemas:
                self.err(path, f"$ref to unknown schema {name!r} (not in components.schemas)")
        # A component that is nothing but a chain of refs leading back to itself.
        for name, schema in self.schemas.items():
            seen = [name]
            while schema.ref is not None and schema.ref in self.schemas:
                if schema.ref in seen:
                    if schema.ref == name:
                        self.err(
                            key_path(key_path("components.schemas", name), "$ref"),
                            f"$ref cycle: {' -> '.join([*seen, name])}",
                        )
                    break
                seen.append(schema.ref)
                schema = self.schemas[schema.ref]

    # --- operations -------------------------------------------------------------------------

    def operation(
        self, name: str, value: object, path: str, style: Style | None
    ) -> Operation | None:
        rec = self.record(value, path, "an operation")
        if rec is None:
            return None
        self.check_keys(rec, path, _OPERATION_KEYS | _OPERATION_IGNORED, "operation")

        methods: list[HttpMethod] = []
        if rec.get("methods") is None:
            self.err(path, "operation has no 'methods'")
        else:
            methods_path = key_path(path, "methods")
            for index, raw in enumerate(self.sequence(rec["methods"], methods_path, "'methods'")):
                method = _METHODS.get(raw.lower()) if isinstance(raw, str) else None
                if method is None:
                    self.err(index_path(methods_path, index), f"unknown HTTP method {raw!r}")
                else:
                    methods.append(method)
            if not rec["methods"]:
                self.err(methods_path, "operation has no HTTP methods")

        op_path = self.str_(rec, path, "path")
        if op_path is None and style is not None and style in _PATH_STYLES:
            self.err(path, f"operation of a {style.value}-style API has no 'path'")

        consumes = self.strings(rec, path, "consumes")
        parameters = self.parameters(rec, path, op_path)
        responses = self.responses(rec, path)
        success = success_response(responses)

        deprecated = self.bool_(rec, path, "deprecated")
        return Operation(
            name=name,
            title=self.str_(rec, path, "title"),
            summary=self.str_(rec, path, "summary"),
            description=self.str_(rec, path, "description"),
            deprecated=bool(deprecated),
            methods=tuple(methods),
            path=op_path,
            schemes=self.strings(rec, path, "schemes"),
            security=self.security(rec, path),
            consumes=consumes,
            produces=self.strings(rec, path, "produces"),
            operation_type=self.str_(rec, path, "operationType"),
            tags=self.strings(rec, path, "tags"),
            request_body_encoding=self.request_encoding(parameters, consumes, path),
            parameters=parameters,
            responses=responses,
            response_body_kind=success.body_kind if success is not None else BodyKind.NONE,
            response_examples=self.response_examples(rec, path),
            error_codes=self.error_codes(rec, path),
            static_info=self.static_info(rec, path),
            extra_info=self.str_(rec, path, "extraInfo"),
            request_params_description=self.str_(rec, path, "requestParamsDescription"),
            response_params_description=self.str_(rec, path, "responseParamsDescription"),
        )

    def security(self, rec: Raw, path: str) -> tuple[SecurityRequirement, ...]:
        if rec.get("security") is None:
            return ()
        sec_path = key_path(path, "security")
        result: list[SecurityRequirement] = []
        for index, raw in enumerate(self.sequence(rec["security"], sec_path, "'security'")):
            item_path = index_path(sec_path, index)
            requirement = self.record(raw, item_path, "a security requirement")
            if requirement is None:
                continue
            schemes: dict[str, tuple[str, ...]] = {}
            for scheme in requirement:
                schemes[str(scheme)] = self.strings(requirement, item_path, scheme)
            result.append(schemes)
        return tuple(result)

    def parameters(self, rec: Raw, path: str, op_path: str | None) -> tuple[Parameter, ...]:
        if rec.get("parameters") is None:
            return ()
        params_path = key_path(path, "parameters")
        result: list[Parameter] = []
        first_seen: dict[tuple[str, ParameterLocation], tuple[int, Parameter]] = {}
        template = set(_PATH_VARIABLE.findall(op_path)) if op_path else set()
        path_names: set[str] = set()
        for index, raw in enumerate(self.sequence(rec["parameters"], params_path, "'parameters'")):
            item_path = index_path(params_path, index)
            parameter = self.parameter(raw, item_path)
            if parameter is None:
                continue
            key = (parameter.name, parameter.location)
            if key in first_seen:
                # ECS repeats RegionId in ~100 operations; a target cannot have two arguments
                # with one name, so the later one goes (and we say so).
                first_index, first = first_seen[key]
                same = "identical to" if first == parameter else "differs from"
                self.warn(
                    item_path,
                    f"duplicate parameter {parameter.name!r} in {parameter.location.value} "
                    f"({same} parameters[{first_index}]); dropped",
                )
                continue
            first_seen[key] = (index, parameter)
            if parameter.location is ParameterLocation.PATH:
                path_names.add(parameter.name)
                if op_path is None:
                    self.warn(item_path, "path parameter in an operation without 'path'")
                elif parameter.name not in template:
                    self.warn(
                        item_path,
                        f"path parameter {parameter.name!r} does not appear in path {op_path!r}",
                    )
            result.append(parameter)
        for variable in sorted(template - path_names):  # sorted: deterministic diagnostics
            self.warn(
                key_path(path, "path"),
                f"path variable {{{variable}}} has no parameter with in=path",
            )
        return tuple(result)

    def parameter(self, value: object, path: str) -> Parameter | None:
        rec = self.record(value, path, "a parameter")
        if rec is None:
            return None
        self.check_keys(rec, path, _PARAMETER_KEYS, "parameter")
        name = self.str_(rec, path, "name", required=True, what="parameter")
        raw_location = self.str_(rec, path, "in", required=True, what="parameter")
        location = _LOCATIONS.get(raw_location) if raw_location is not None else None
        if raw_location is not None and location is None:
            self.err(
                key_path(path, "in"),
                f"unknown parameter location {raw_location!r} (known: {', '.join(_LOCATIONS)})",
            )
        style: ParameterStyle | None = None
        raw_style = self.str_(rec, path, "style")
        if raw_style is not None:
            style = _PARAMETER_STYLES.get(raw_style)
            if style is None:
                self.err(
                    key_path(path, "style"),
                    f"unknown parameter style {raw_style!r} "
                    f"(known: {', '.join(_PARAMETER_STYLES)})",
                )
        if rec.get("schema") is None:
            self.err(path, "parameter has no 'schema'")
            schema = Schema()
        else:
            schema = self.schema(rec["schema"], key_path(path, "schema"))
        required = schema.required
        own_required = self.bool_(rec, path, "required")
        if own_required is not None:
            if required is not None and required != own_required:
                self.warn(
                    key_path(path, "required"),
                    f"parameter says required={own_required} but its schema says "
                    f"required={required}; using the parameter's",
                )
            required = own_required
        if name is None or location is None:
            return None  # already reported as an error
        return Parameter(
            name=name,
            location=location,
            style=style,
            required=bool(required),
            allow_empty_value=self.bool_(rec, path, "allowEmptyValue"),
            schema=schema,
            examples=self.scalar_map(rec, path, "examples"),
        )

    def request_encoding(
        self, parameters: tuple[Parameter, ...], consumes: tuple[str, ...], path: str
    ) -> RequestBodyEncoding:
        """How the request body is encoded; see ``RequestBodyEncoding``.

        Decided from the ``body``/``formData`` parameters (their style and resolved schema)
        and ``consumes``; ``consumes`` alone decides nothing because most RPC operations omit
        it and ROA ones often say ``application/json`` without having a body.
        """
        body = [p for p in parameters if p.location is ParameterLocation.BODY]
        form = [p for p in parameters if p.location is ParameterLocation.FORM_DATA]
        params_path = key_path(path, "parameters")
        if body and form:
            self.warn(
                params_path,
                f"operation has both a body parameter ({body[0].name!r}) and formData "
                f"parameters ({form[0].name!r}, ...); the body parameter wins",
            )
        if len(body) > 1:
            self.warn(
                params_path,
                f"operation has {len(body)} body parameters "
                f"({', '.join(repr(p.name) for p in body)}); the first decides the encoding",
            )
        if body:
            parameter = body[0]
            target = self.resolved(parameter.schema) or parameter.schema
            if parameter.style is ParameterStyle.XML:
                return RequestBodyEncoding.XML
            if (parameter.schema.format or target.format) in _BINARY_FORMATS:
                return RequestBodyEncoding.BINARY
            if parameter.style in (ParameterStyle.JSON, ParameterStyle.STRUCT) or (
                target.type in (SchemaType.OBJECT, SchemaType.ARRAY)
            ):
                return RequestBodyEncoding.JSON
            if "application/octet-stream" in consumes:
                return RequestBodyEncoding.BINARY
            if target.type in (SchemaType.INTEGER, SchemaType.NUMBER, SchemaType.BOOLEAN):
                return RequestBodyEncoding.JSON
            return RequestBodyEncoding.TEXT
        if form:
            if "multipart/form-data" in consumes:
                return RequestBodyEncoding.MULTIPART
            return RequestBodyEncoding.FORM
        return RequestBodyEncoding.NONE

    # --- responses --------------------------------------------------------------------------

    def responses(self, rec: Raw, path: str) -> tuple[Response, ...]:
        if rec.get("responses") is None:
            return ()
        responses_path = key_path(path, "responses")
        result: list[Response] = []
        for code, raw in self.entries(rec["responses"], responses_path, "'responses'"):
            item_path = key_path(responses_path, code)
            status = _status(code)
            if status is None:
                # fc-open UpdateService has responses.headers = [] (a misplaced key).
                self.warn(item_path, f"response key {code!r} is not an HTTP status code; ignored")
                continue
            response = self.record(raw, item_path, "a response")
            if response is None:
                continue
            self.check_keys(response, item_path, _RESPONSE_KEYS, "response")
            schema = None
            if response.get("schema") is not None:
                schema = self.schema(response["schema"], key_path(item_path, "schema"))
            headers: dict[str, ResponseHeader] = {}
            if response.get("headers") is not None:
                headers_path = key_path(item_path, "headers")
                for header_name, raw_header in self.entries(
                    response["headers"], headers_path, "'headers'"
                ):
                    header = self.response_header(raw_header, key_path(headers_path, header_name))
                    if header is not None:
                        headers[str(header_name)] = header
            result.append(
                Response(
                    status=status,
                    description=self.str_(response, item_path, "description"),
                    body_kind=self.body_kind(schema),
                    schema=schema,
                    headers=headers,
                    examples=self.scalar_map(response, item_path, "examples"),
                )
            )
        return tuple(result)

    def response_header(self, value: object, path: str) -> ResponseHeader | None:
        rec = self.record(value, path, "a response header")
        if rec is None:
            return None
        self.check_keys(rec, path, _HEADER_KEYS, "response header")
        style: ParameterStyle | None = None
        raw_style = self.str_(rec, path, "style")
        if raw_style is not None:
            style = _PARAMETER_STYLES.get(raw_style)
            if style is None:
                self.err(key_path(path, "style"), f"unknown header style {raw_style!r}")
        if rec.get("schema") is None:
            self.err(path, "response header has no 'schema'")
            schema = Schema()
        else:
            schema = self.schema(rec["schema"], key_path(path, "schema"))
        return ResponseHeader(schema=schema, style=style)

    def response_examples(self, rec: Raw, path: str) -> tuple[ResponseExample, ...]:
        """``responseDemo``: a JSON *string* holding ``[{"type", "example", "errorExample"}]``.

        Parsed here so templates need not; the example texts stay exactly as given. An empty
        string (common) means no examples.
        """
        text = self.str_(rec, path, "responseDemo")
        if not text:
            return ()
        demo_path = key_path(path, "responseDemo")
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            self.warn(demo_path, f"responseDemo is not valid JSON ({exc}); examples dropped")
            return ()
        if not isinstance(parsed, list):
            self.warn(demo_path, f"responseDemo must be a JSON list, got {_describe(parsed)}")
            return ()
        result: list[ResponseExample] = []
        for index, entry in enumerate(parsed):
            entry_path = index_path(demo_path, index)
            if not isinstance(entry, dict):
                self.warn(entry_path, f"response example must be an object, got {_describe(entry)}")
                continue
            self.check_keys(entry, entry_path, _RESPONSE_DEMO_KEYS, "response example")
            fields: dict[str, str] = {}
            for key in ("type", "example", "errorExample"):
                raw = entry.get(key, "")
                if isinstance(raw, str):
                    fields[key] = raw
                else:
                    self.warn(key_path(entry_path, key), f"must be a string, got {_describe(raw)}")
                    fields[key] = ""
            result.append(
                ResponseExample(
                    type=fields["type"],
                    example=fields["example"],
                    error_example=fields["errorExample"],
                )
            )
        return tuple(result)

    def error_codes(self, rec: Raw, path: str) -> tuple[ErrorCode, ...]:
        if rec.get("errorCodes") is None:
            return ()
        codes_path = key_path(path, "errorCodes")
        result: list[ErrorCode] = []
        for status, raw in self.entries(rec["errorCodes"], codes_path, "'errorCodes'"):
            status_path = key_path(codes_path, status)
            if not isinstance(status, int) or isinstance(status, bool):
                self.err(status_path, f"errorCodes key {status!r} is not an HTTP status code")
                continue
            for index, item in enumerate(self.sequence(raw, status_path, "error code list")):
                item_path = index_path(status_path, index)
                entry = self.record(item, item_path, "an error code")
                if entry is None:
                    continue
                self.check_keys(entry, item_path, _ERROR_CODE_KEYS, "error code")
                code = self.str_(entry, item_path, "errorCode", required=True, what="error code")
                if code is not None:
                    result.append(
                        ErrorCode(
                            http_status=status,
                            code=code,
                            message=self.str_(entry, item_path, "errorMessage"),
                        )
                    )
        return tuple(result)

    def static_info(self, rec: Raw, path: str) -> StaticInfo | None:
        if rec.get("staticInfo") is None:
            return None
        info_path = key_path(path, "staticInfo")
        info = self.record(rec["staticInfo"], info_path, "'staticInfo'")
        if not info:
            return None
        self.check_keys(info, info_path, _STATIC_INFO_KEYS, "staticInfo")
        return StaticInfo(
            return_type=self.str_(info, info_path, "returnType"),
            substitutions=self.strings(info, info_path, "substitutions"),
            no_substitution_reason=self.str_(info, info_path, "noSubstitutionReason"),
            callback=self.str_(info, info_path, "callback"),
            callback_interval=self.int_(info, info_path, "callbackInterval"),
            max_callback_times=self.int_(info, info_path, "maxCallbackTimes"),
        )

    # --- directories and endpoints ----------------------------------------------------------

    def directory_children(self, value: object, path: str) -> tuple[Directory | str, ...]:
        if path.count(".children") >= MAX_DEPTH:
            self.warn(path, f"directories nested more than {MAX_DEPTH} levels deep; ignored")
            return ()
        result: list[Directory | str] = []
        for index, raw in enumerate(self.sequence(value, path, "directory children")):
            item_path = index_path(path, index)
            if isinstance(raw, str):
                if raw not in self.operation_names:
                    self.warn(item_path, f"directory lists unknown operation {raw!r}")
                result.append(raw)
                continue
            rec = self.record(raw, item_path, "a directory entry (mapping or operation name)")
            if rec is None:
                continue
            self.check_keys(rec, item_path, _DIRECTORY_KEYS, "directory")
            kind = self.str_(rec, item_path, "type")
            if kind is not None and kind != "directory":
                self.warn(key_path(item_path, "type"), f"unknown directory type {kind!r}")
            children: tuple[Directory | str, ...] = ()
            if rec.get("children") is not None:
                children = self.directory_children(rec["children"], key_path(item_path, "children"))
            result.append(
                Directory(
                    id=self.int_(rec, item_path, "id"),
                    title=self.str_(rec, item_path, "title", required=True, what="directory") or "",
                    children=children,
                )
            )
        return tuple(result)

    def endpoint(self, value: object, path: str) -> Endpoint | None:
        rec = self.record(value, path, "an endpoint")
        if rec is None:
            return None
        self.check_keys(rec, path, _ENDPOINT_KEYS, "endpoint")
        region = self.str_(rec, path, "regionId", required=True, what="endpoint")
        host = self.str_(rec, path, "endpoint", required=True, what="endpoint")
        if region is None or host is None:
            return None
        return Endpoint(region_id=region, endpoint=host)


def build_spec(value: object, *, source: str | None = None) -> tuple[Spec, list[Diagnostic]]:
    """Build the IR from a PHP value; ``source`` (a file name) goes into every diagnostic.

    Never raises for bad input: returns the ``Spec`` it could build and the diagnostics. If any
    diagnostic is an error (see ``has_errors``) the ``Spec`` is incomplete and must not be used
    to generate code.
    """
    builder = _Builder(source)
    try:
        spec = builder.spec(value)
    except RecursionError:
        # Only a pathological value nests deeper than Python's stack (real specs: < 20).
        builder.err("", "the spec is nested too deeply to build")
        spec = Spec(product="", version="", style=None, operations={}, schemas={})
    return spec, builder.diagnostics


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
