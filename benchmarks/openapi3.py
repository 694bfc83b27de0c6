"""Convert an api-docs spec (PHP or JSON) to an OpenAPI 3.0 document, for the peer benchmark.

    python benchmarks/openapi3.py SPEC [OUT.json]

The peer we compare cold runs with, openapi-python-client, reads OpenAPI 3; this gives it
the same API the spec describes, read through gen-sdk's own parser and IR
(:func:`gen_sdk.specfile.load_spec`, :func:`gen_sdk.ir.build_spec`), so both generators see
one meaning of the spec. The conversion is meant to be faithful, so that the peer's run is
a fair measure of the work of generating that API:

* **Operations**: one per API, ``operationId`` its name, ``summary``/``description``,
  ``deprecated``, the spec's ``tags``.
* **Paths**: a path style's (ROA, FC, PDS, AliGenie, and V3 APIs that have one) own path
  template and its first listed method (the preferred one). RPC APIs (and V3 APIs without a
  path) have no path of their own: they are all called on ``/`` with ``Action=<Name>``,
  which OpenAPI cannot tell apart (one operation per path and method), so each gets the path
  ``/<Name>``, with its first listed method. This is the choice that lets the peer generate
  every RPC API; ``/?Action=<Name>`` is not a valid OpenAPI path (a query in the path key).
  Two APIs on one path and method (rare), and a path key OpenAPI reads differently (a
  template variable no parameter fills) keep their API under ``<path>/<Name>`` so that none
  is lost. Path parameters are required, as OpenAPI demands; a path parameter that the
  template does not use is sent in the query instead (OpenAPI has no unused path
  parameters).
* **Parameters**: ``query``, ``path`` and ``header`` parameters with their schema, required
  flag and description. ``body`` parameters become the JSON request body (one body
  parameter: its schema; several: an object with one property each); ``formData``
  parameters become an ``application/x-www-form-urlencoded`` (or, when the API consumes
  it, ``multipart/form-data``) object body. ``host`` parameters (a value that goes into the
  host name, PDS's ``domain_id``) have no OpenAPI location and are left out.
* **Responses**: every status code with its description and schema as
  ``application/json`` (``application/octet-stream`` for a binary body), headers included.
* **Schemas**: ``components.schemas`` with their names (characters OpenAPI does not allow
  in a component name replaced by ``_``), every ``$ref`` as
  ``#/components/schemas/<Name>``; types, formats, enums, bounds, lengths, patterns,
  ``required`` lists (from the per-property ``required`` flags), ``items`` and
  ``additionalProperties``; defaults and examples converted to the schema's type, or left
  out when they are not of it (the specs write ``"10"`` for an integer; OpenAPI wants 10).
  A schema's ``title`` becomes its description when it has none, and is otherwise left
  out: the specs use it as documentation (many objects are titled "A short description of
  struct"), while openapi-python-client names classes after titles and refuses duplicates.
* Not converted: the security schemes (Alibaba's signatures have no OpenAPI form), and the
  catalog's metadata (RAM actions, error codes, change sets, flow control).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.ir import (
    BodyKind,
    Operation,
    Parameter,
    ParameterLocation,
    Response,
    Schema,
    SchemaType,
    Spec,
    Style,
    build_spec,
    has_errors,
)
from gen_sdk.specfile import load_spec

OPENAPI_VERSION = "3.0.3"
#: Styles whose APIs each have a path template (RPC and V3 are called by ``Action``).
PATH_STYLES = frozenset({Style.ROA, Style.FC, Style.OSS, Style.PDS, Style.ALIGENIE})
_COMPONENT_NAME = re.compile(r"[^A-Za-z0-9._-]")
_PATH_VARIABLE = re.compile(r"\{([^{}/]+)\}")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
JsonObject = dict[str, Any]


class ConversionError(ValueError):
    """The spec cannot be read, or its IR has errors (no document can be made)."""


def read_spec(path: Path) -> Spec:
    """The IR of the spec at ``path``, as gen-sdk builds it."""
    diagnostics: list[Diagnostic] = []
    try:
        value = load_spec(path, diagnostics)
    except (OSError, ValueError) as exc:
        raise ConversionError(f"{path}: {exc}") from None
    spec, problems = build_spec(value, source=str(path))
    if has_errors(problems):
        first = next(d for d in problems if d.severity.value == "error")
        raise ConversionError(f"{path}: {first.message}")
    return spec


class Converter:
    """One spec's OpenAPI 3 document (see the module docstring for the rules)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        #: Component name -> its name in the document.
        self.names: dict[str, str] = {}
        taken: set[str] = set()
        for name in spec.schemas:
            base = _COMPONENT_NAME.sub("_", name) or "Schema"
            candidate, number = base, 1
            while candidate.lower() in taken:  # the peer's module names ignore case
                number += 1
                candidate = f"{base}{number}"
            taken.add(candidate.lower())
            self.names[name] = candidate

    def document(self) -> JsonObject:
        spec = self.spec
        info: JsonObject = {"title": spec.title or spec.product, "version": spec.version}
        if spec.description:
            info["description"] = spec.description
        document: JsonObject = {"openapi": OPENAPI_VERSION, "info": info}
        if spec.endpoints:
            document["servers"] = [{"url": f"https://{spec.endpoints[0].endpoint}"}]
        paths: dict[str, JsonObject] = {}
        for operation in spec.operations.values():
            path, method = self.path_and_method(operation)
            if method in paths.get(path, {}):
                path = f"{path.rstrip('/')}/{operation.name}"
            paths.setdefault(path, {})[method] = self.operation(operation, path)
        document["paths"] = paths
        document["components"] = {
            "schemas": {self.names[name]: self.schema(s) for name, s in spec.schemas.items()}
        }
        return document

    def path_and_method(self, operation: Operation) -> tuple[str, str]:
        method = operation.methods[0].value if operation.methods else "post"
        uses_path = self.spec.style in PATH_STYLES or (
            self.spec.style is Style.V3 and operation.path
        )
        if not uses_path or not operation.path:
            return f"/{operation.name}", method
        path = operation.path if operation.path.startswith("/") else f"/{operation.path}"
        filled = {p.name for p in operation.parameters if p.location is ParameterLocation.PATH}
        if not set(_PATH_VARIABLE.findall(path)) <= filled:
            # A variable no parameter fills (a whole-path parameter's template): OpenAPI would
            # make it a required parameter of its own; the API keeps a path of plain text.
            path = _PATH_VARIABLE.sub(lambda m: m.group(1), path).rstrip("/")
            path = f"{path}/{operation.name}"
        return path, method

    def operation(self, operation: Operation, path: str) -> JsonObject:
        result: JsonObject = {"operationId": operation.name}
        if operation.summary or operation.title:
            result["summary"] = operation.summary or operation.title
        if operation.description:
            result["description"] = operation.description
        if operation.tags:
            result["tags"] = list(operation.tags)
        if operation.deprecated:
            result["deprecated"] = True
        variables = set(_PATH_VARIABLE.findall(path))
        parameters = []
        body: list[Parameter] = []
        form: list[Parameter] = []
        for parameter in operation.parameters:
            location = parameter.location
            if location is ParameterLocation.BODY:
                body.append(parameter)
            elif location is ParameterLocation.FORM_DATA:
                form.append(parameter)
            elif location is not ParameterLocation.HOST:
                parameters.append(self.parameter(parameter, variables))
        if parameters:
            result["parameters"] = parameters
        request_body = self.request_body(operation, body, form)
        if request_body is not None:
            result["requestBody"] = request_body
        responses = {str(r.status): self.response(r) for r in operation.responses}
        result["responses"] = responses or {"200": {"description": "OK"}}
        return result

    def parameter(self, parameter: Parameter, variables: set[str]) -> JsonObject:
        location = parameter.location.value
        if parameter.location is ParameterLocation.PATH and parameter.name not in variables:
            location = "query"
        result: JsonObject = {"name": parameter.name, "in": location}
        description = parameter.schema.description or parameter.schema.title
        if description:
            result["description"] = description
        if location == "path" or parameter.required:
            result["required"] = True
        if parameter.schema.deprecated:
            result["deprecated"] = True
        result["schema"] = self.schema(parameter.schema)
        return result

    def request_body(
        self, operation: Operation, body: list[Parameter], form: list[Parameter]
    ) -> JsonObject | None:
        if form:
            multipart = "multipart/form-data" in operation.consumes
            media = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
            return {
                "required": any(p.required for p in form),
                "content": {media: {"schema": self.object_of(form)}},
            }
        if not body:
            return None
        schema = self.schema(body[0].schema) if len(body) == 1 else self.object_of(body)
        binary = len(body) == 1 and _is_binary(body[0].schema)
        media = "application/octet-stream" if binary else "application/json"
        return {"required": any(p.required for p in body), "content": {media: {"schema": schema}}}

    def object_of(self, parameters: list[Parameter]) -> JsonObject:
        result: JsonObject = {
            "type": "object",
            "properties": {p.name: self.schema(p.schema) for p in parameters},
        }
        required = [p.name for p in parameters if p.required]
        if required:
            result["required"] = required
        return result

    def response(self, response: Response) -> JsonObject:
        result: JsonObject = {"description": response.description or "OK"}
        if response.schema is not None and response.body_kind is not BodyKind.NONE:
            binary = response.body_kind is BodyKind.BINARY
            media = "application/octet-stream" if binary else "application/json"
            result["content"] = {media: {"schema": self.schema(response.schema)}}
        if response.headers:
            result["headers"] = {
                name: {"schema": self.schema(header.schema)}
                for name, header in response.headers.items()
            }
        return result

    def schema(self, schema: Schema) -> JsonObject:
        if schema.ref is not None:
            if schema.ref in self.names:
                return {"$ref": f"#/components/schemas/{self.names[schema.ref]}"}
            return {}  # the IR keeps unresolved references unset; never reached
        result: JsonObject = {}
        kind = schema.type
        if kind is not None and kind is not SchemaType.ANY:
            result["type"] = kind.value
        elif schema.properties:
            result["type"] = "object"
        if schema.format:
            result["format"] = schema.format
        # ``title`` is documentation here ("A short description of struct" on many
        # objects), but openapi-python-client names classes after it (and then refuses the
        # duplicates): kept as the description when there is none.
        if schema.description or schema.title:
            result["description"] = schema.description or schema.title
        if schema.deprecated:
            result["deprecated"] = True
        if schema.read_only:
            result["readOnly"] = True
        type_name = result.get("type")
        if schema.enum is not None:
            values = [_typed(v, type_name) for v in schema.enum]
            if all(v is not None for v in values) and values:
                result["enum"] = values
        for key, value in (("default", schema.default), ("example", schema.example)):
            typed = _typed(value, type_name) if value is not None else None
            if typed is not None:
                result[key] = typed
        if type_name in ("integer", "number"):
            for key, bound in (("minimum", schema.minimum), ("maximum", schema.maximum)):
                number = _number(bound)
                if number is not None:
                    result[key] = number
            if schema.exclusive_minimum and "minimum" in result:
                result["exclusiveMinimum"] = True
            if schema.exclusive_maximum and "maximum" in result:
                result["exclusiveMaximum"] = True
        if type_name == "string":
            for key, length in (("minLength", schema.min_length), ("maxLength", schema.max_length)):
                if length is not None and length >= 0:
                    result[key] = length
            if schema.pattern:
                result["pattern"] = schema.pattern
        if schema.properties:
            result["properties"] = {n: self.schema(p) for n, p in schema.properties.items()}
            required = [n for n, p in schema.properties.items() if p.required]
            if required:
                result["required"] = required
        if type_name == "array":
            result["items"] = self.schema(schema.items) if schema.items is not None else {}
            for key, count in (("minItems", schema.min_items), ("maxItems", schema.max_items)):
                if count is not None and count >= 0:
                    result[key] = count
        additional = schema.additional_properties
        if isinstance(additional, bool):
            result["additionalProperties"] = additional
        elif additional is not None:
            result["additionalProperties"] = self.schema(additional)
        return result


def _is_binary(schema: Schema) -> bool:
    return schema.type is SchemaType.STRING and schema.format in ("binary", "byte")


def _number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        text = value.strip()
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else float(text)
    return None


def _typed(value: object, type_name: object) -> Any:
    """``value`` as a value of the schema's type, or ``None`` when it is not one."""
    if type_name in ("integer", "number"):
        number = _number(value)
        if type_name == "integer" and isinstance(number, float):
            return int(number) if number.is_integer() else None
        return number
    if type_name == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        return {"true": True, "false": False}.get(text)
    if type_name == "string":
        return value if isinstance(value, str) else str(value)
    if type_name is None:
        return value if isinstance(value, str | int | float | bool) else None
    return None  # an object's or array's default written as text: not converted


def convert(path: Path) -> JsonObject:
    """The OpenAPI 3 document of the spec at ``path``."""
    return Converter(read_spec(path)).document()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("out", type=Path, nargs="?", help="default: standard output")
    args = parser.parse_args()
    try:
        document = convert(args.spec)
    except ConversionError as exc:
        sys.exit(f"error: {exc}")
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if args.out is None:
        print(text)
    else:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
