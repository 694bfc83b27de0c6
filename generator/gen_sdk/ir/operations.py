"""Reading operations, for ``gen_sdk.ir.build``.

``OperationReader`` reads one entry of ``apis``: its HTTP methods and path, its parameters
(dropped, or the whole operation dropped, when one cannot be sent), how its request body is
encoded, its responses with their headers and their examples (``responseDemo``), and its
``security``; the operation's metadata blocks (error codes, RAM actions, ...) are read by
``MetadataReader`` and its schemas by ``SchemaReader``.
"""

from __future__ import annotations

import json
import re
from typing import NoReturn

from gen_sdk.ir.metadata import MetadataReader
from gen_sdk.ir.model import (
    BodyKind,
    HttpMethod,
    Operation,
    Parameter,
    ParameterLocation,
    ParameterStyle,
    RequestBodyEncoding,
    Response,
    ResponseExample,
    ResponseHeader,
    Schema,
    SchemaType,
    SecurityRequirement,
    Style,
    success_response,
)
from gen_sdk.ir.reading import Raw, describe, index_path, key_path
from gen_sdk.ir.schemas import BINARY_FORMATS, SchemaReader

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
        "ramActions",
        "changeSet",
        "flowControl",
        "eventInfo",
        "systemTags",
    }
)
_PARAMETER_KEYS = frozenset(
    {"name", "in", "style", "schema", "required", "allowEmptyValue", "examples"}
)
_RESPONSE_KEYS = frozenset({"description", "schema", "headers", "examples"})
_HEADER_KEYS = frozenset({"schema", "style"})
_RESPONSE_DEMO_KEYS = frozenset({"type", "example", "errorExample"})
_METHODS = {m.value: m for m in HttpMethod}
_LOCATIONS = {loc.value: loc for loc in ParameterLocation}
_PARAMETER_STYLES = {s.value: s for s in ParameterStyle}
#: Styles whose operations are addressed by a URL path (RPC and V3 use ``Action=`` instead).
_PATH_STYLES = frozenset({Style.ROA, Style.FC, Style.OSS, Style.PDS, Style.ALIGENIE})
_STATUS_RANGE = re.compile(r"[1-5][xX][xX]")
_PATH_VARIABLE = re.compile(r"\{([^{}/]+)\}")


def _status(key: object) -> int | str | None:
    """A ``responses`` key as a status: ``200`` (PHP made it an int), ``"4XX"``, ``"default"``."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key if 100 <= key <= 599 else None
    if isinstance(key, str) and (_STATUS_RANGE.fullmatch(key) or key == "default"):
        return key
    return None


class DropOperation(Exception):
    """Raised while building an operation that must be dropped; the warning that says why
    (ending in ``operation dropped``) has been reported."""


class OperationReader(SchemaReader, MetadataReader):
    """Operations: methods, path, parameters, request encoding, responses."""

    def drop_operation(self, path: str, message: str) -> NoReturn:
        """Warn that the operation being built is dropped, and drop it."""
        self.warn(path, f"{message}; operation dropped", "operation-dropped")
        raise DropOperation

    def operation(
        self, name: str, value: object, path: str, style: Style | None
    ) -> Operation | None:
        """The operation, or ``None`` (after a warning) when it must be dropped; may also
        raise ``DropOperation``."""
        rec = self.record(value, path, "an operation", "operation dropped", "operation-dropped")
        if rec is None:
            return None
        self.check_keys(rec, path, _OPERATION_KEYS, "operation")
        path_style = style is None or style in _PATH_STYLES
        methods = self.methods(rec, path, style, path_style)

        op_path: str | None = None
        raw_op_path = rec.get("path")
        if path_style:
            if raw_op_path is None:
                if style is not None:
                    self.err(
                        path,
                        f"operation of a {style.value}-style API has no 'path'",
                        "no-request-line",
                    )
            elif not isinstance(raw_op_path, str):
                self.err(
                    key_path(path, "path"),
                    f"'path' must be a string, got {describe(raw_op_path)}",
                    "no-request-line",
                )
            else:
                op_path = raw_op_path
        else:
            op_path = self.str_(rec, path, "path")

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
            methods=methods,
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
            ram_actions=self.operation_ram_actions(rec, path),
            change_set=self.change_set(rec, path),
            flow_control=self.flow_control(rec, path),
            event_info=self.event_info(rec, path),
            system_tags=self.system_tags(rec, path),
        )

    def methods(
        self, rec: Raw, path: str, style: Style | None, path_style: bool
    ) -> tuple[HttpMethod, ...]:
        """The usable methods. None at all: an error for a path style (the request line is
        unknown), else the operation is dropped."""
        methods: list[HttpMethod] = []
        problem_path, problem = path, "operation has no 'methods'"
        if rec.get("methods") is not None:
            methods_path = key_path(path, "methods")
            for index, raw in enumerate(self.sequence(rec["methods"], methods_path, "'methods'")):
                method = _METHODS.get(raw.lower()) if isinstance(raw, str) else None
                if method is None:
                    self.warn(
                        index_path(methods_path, index),
                        f"unknown HTTP method {raw!r}; ignored",
                        "unknown-value",
                    )
                else:
                    methods.append(method)
            problem_path, problem = methods_path, "operation has no usable HTTP method"
        if methods:
            return tuple(methods)
        if path_style:
            if style is not None:
                self.err(
                    problem_path,
                    f"{problem} (a {style.value}-style API needs one)",
                    "no-request-line",
                )
            return ()
        self.drop_operation(problem_path, problem)

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
                    "duplicate-parameter",
                )
                continue
            first_seen[key] = (index, parameter)
            if parameter.location is ParameterLocation.PATH:
                path_names.add(parameter.name)
                if op_path is None:
                    self.warn(
                        item_path,
                        "path parameter in an operation without 'path'",
                        "path-parameter-not-in-path",
                    )
                elif parameter.name not in template:
                    self.warn(
                        item_path,
                        f"path parameter {parameter.name!r} does not appear in path {op_path!r}",
                        "path-parameter-not-in-path",
                    )
            result.append(parameter)
        for variable in sorted(template - path_names):  # sorted: deterministic diagnostics
            self.warn(
                key_path(path, "path"),
                f"path variable {{{variable}}} has no parameter with in=path",
                "path-variable-without-parameter",
            )
        return tuple(result)

    def parameter(self, value: object, path: str) -> Parameter | None:
        """The parameter; ``None`` (after a warning) if it cannot be sent, or
        ``DropOperation`` if it cannot be sent and is required."""
        rec = self.record(value, path, "a parameter", "parameter dropped", "parameter-dropped")
        if rec is None:
            return None
        self.check_keys(rec, path, _PARAMETER_KEYS, "parameter")
        problems: list[tuple[str, str]] = []
        name = self.needed_str(rec, path, "name", "parameter", problems)
        raw_location = self.needed_str(rec, path, "in", "parameter", problems)
        location = _LOCATIONS.get(raw_location) if raw_location is not None else None
        if raw_location is not None and location is None:
            problems.append(
                (
                    key_path(path, "in"),
                    f"unknown parameter location {raw_location!r} (known: {', '.join(_LOCATIONS)})",
                )
            )
        style: ParameterStyle | None = None
        raw_style = rec.get("style")
        if raw_style is not None and not isinstance(raw_style, str):
            problems.append(
                (key_path(path, "style"), f"'style' must be a string, got {describe(raw_style)}")
            )
        elif raw_style is not None:
            style = _PARAMETER_STYLES.get(raw_style)
            if style is None:
                problems.append(
                    (
                        key_path(path, "style"),
                        f"unknown parameter style {raw_style!r} "
                        f"(known: {', '.join(_PARAMETER_STYLES)})",
                    )
                )
        if rec.get("schema") is None:
            self.warn(path, "parameter has no 'schema'; its value is untyped", "untyped")
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
                    "parameter-conflict",
                )
            required = own_required
        if problems:
            if required:
                self.report(
                    problems, "operation dropped (the parameter is required)", "operation-dropped"
                )
                raise DropOperation
            self.report(problems, "parameter dropped", "parameter-dropped")
            return None
        assert name is not None and location is not None
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
                "parameter-conflict",
            )
        if len(body) > 1:
            self.warn(
                params_path,
                f"operation has {len(body)} body parameters "
                f"({', '.join(repr(p.name) for p in body)}); the first decides the encoding",
                "parameter-conflict",
            )
        if body:
            parameter = body[0]
            target = self.resolved(parameter.schema) or parameter.schema
            if parameter.style is ParameterStyle.XML:
                return RequestBodyEncoding.XML
            if (parameter.schema.format or target.format) in BINARY_FORMATS:
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
                self.warn(
                    item_path,
                    f"response key {code!r} is not an HTTP status code; ignored",
                    "unknown-value",
                )
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
                self.warn(
                    key_path(path, "style"),
                    f"unknown header style {raw_style!r}; ignored",
                    "unknown-value",
                )
        if rec.get("schema") is None:
            self.warn(path, "response header has no 'schema'; its value is untyped", "untyped")
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
            self.warn(
                demo_path,
                f"responseDemo is not valid JSON ({exc}); examples dropped",
                "response-example",
            )
            return ()
        if not isinstance(parsed, list):
            self.warn(
                demo_path,
                f"responseDemo must be a JSON list, got {describe(parsed)}; examples dropped",
                "response-example",
            )
            return ()
        result: list[ResponseExample] = []
        for index, entry in enumerate(parsed):
            entry_path = index_path(demo_path, index)
            if not isinstance(entry, dict):
                self.warn(
                    entry_path,
                    f"response example must be an object, got {describe(entry)}; skipped",
                    "response-example",
                )
                continue
            self.check_keys(entry, entry_path, _RESPONSE_DEMO_KEYS, "response example")
            fields: dict[str, str] = {}
            for key in ("type", "example", "errorExample"):
                raw = entry.get(key, "")
                if isinstance(raw, str):
                    fields[key] = raw
                else:
                    self.warn(
                        key_path(entry_path, key),
                        f"must be a string, got {describe(raw)}; read as ''",
                        "response-example",
                    )
                    fields[key] = ""
            result.append(
                ResponseExample(
                    type=fields["type"],
                    example=fields["example"],
                    error_example=fields["errorExample"],
                )
            )
        return tuple(result)
