"""Build the IR (``Spec``) from the value PHP builds from an api-docs file.

The input follows PHP's rules for arrays (see ``tests/support/php_rules.py``): decimal-integer
keys are ints (``responses[200]``), a mapping whose keys are ``0..n-1`` in order is a list, and
in particular an empty mapping ``{}`` is an empty list ``[]``. So wherever a mapping is expected,
``[]`` is accepted as the empty mapping, and where a *dictionary* (user-chosen keys such as
property names or ``enumValueTitles``) is expected, any list is read as the mapping
``{0: v0, 1: v1, ...}`` it came from.

Contract of ``build_spec``: it never raises on bad input. It returns the ``Spec`` it could build
plus every diagnostic, in traversal order. Each diagnostic has ``path`` set to where in the spec
it applies, e.g. ``apis.ListModels.parameters[3].schema`` (keys that are not plain words are
quoted: ``headers["x-oss-meta-*"]``).

Liberal input, strict output. A spec is an *error* only when an SDK made from it could not be
correct; then the ``Spec`` must not be used to generate code. Everything else is a *warning*,
and the ``Spec`` is faithful to everything else the spec says: a warning about a value the IR
could not use ends with what it did instead (``; ignored``, ``; skipped``, ``; parameter
dropped``, ``; operation dropped``, ``; the schema is untyped``, ...); a warning about a
contradiction (a duplicate parameter, a path variable without a parameter, ``minLength`` above
``maxLength``, ``$ref`` next to ``type``, ...) keeps the spec as given (of two duplicate
parameters, the first). Each diagnostic has a kind from ``gen_sdk.diagnostics.KINDS``
(``duplicate-parameter``, ``unknown-key``, ...), by which a run summarizes a spec's warnings.
The rules:

Errors (nothing may be generated):

* the top level is not a mapping; ``info`` is missing or not a mapping;
* ``info.product``, ``info.version`` or ``info.style`` is missing or not a string, or
  ``info.style`` is not a known style (the SDK's identity and how it signs requests);
* an operation of a path style (ROA, FC, OSS, PDS, AliGenie) with no usable HTTP method, or with
  no string ``path``: its request line cannot be known (the operation is kept, flagged);
* a schema nested more than ``MAX_DEPTH`` levels (no real spec comes close; later stages recurse
  over schemas), or a value nested too deeply for Python to walk at all.

Warnings, with their fallback:

* an unknown key: ignored (the keys below, never warned about, excepted);
* a value of the wrong type (a string where a boolean or integer is expected, ...): the key is
  ignored. An integral float where an integer is expected (``maxLength: 64.0``,
  ``callbackInterval``, a directory ``id``) is that integer, silently; a non-integral one is
  a wrong type. A non-empty list where a mapping of fixed keys is expected is ignored (``[]``
  is PHP's empty mapping); a mapping where a list is expected is read as its values, in order;
* an operation that is not a mapping, or (RPC, V3) has no usable HTTP method: operation
  dropped. An unknown method next to known ones: that method ignored;
* a parameter that cannot be sent (not a mapping, no ``name``, no or unknown ``in``, unknown
  ``style``): parameter dropped; when it is required (its own or its schema's ``required``),
  operation dropped instead (a call without it could never succeed). A parameter without
  ``schema``: untyped;
* a ``$ref`` to a missing component: the one component whose name equals it ignoring case,
  if there is exactly one (``Schema.ref`` is that component's real name); else, like a
  ``$ref`` that is not ``#/components/schemas/<Name>``, the node is untyped (``ref`` unset,
  its siblings such as ``description`` kept). A component that is a cycle of pure ``$ref``s
  (``A -> B -> A``): the first in spec order becomes untyped, breaking the cycle;
* an unknown schema ``type``: untyped. An enum member that is not a scalar: the enum ignored
  (an incomplete enum would refuse valid values). A non-string enum value title: that title
  ignored;
* ``apis`` missing or not a mapping, or empty: the spec has no operations;
* ``components``/``components.schemas`` not a mapping: no components (every ``$ref`` is then
  unresolved, see above);
* a response key that is not a status code, a response that is not a mapping: that response
  ignored; an unknown response header style: the header's style ignored; a header without
  ``schema``: untyped;
* ``directories``: never an error. A directory without ``title`` is titled ``""``, a malformed
  entry or child list is skipped;
* ``endpoints``: an entry without ``regionId`` is dropped; without ``endpoint``, its
  ``public`` host is used if it has one, else it is dropped;
* metadata blocks (``errorCodes``, ``staticInfo``, ``responseDemo``, ``security`` scopes,
  ``changeSet``, ``flowControl``, ``ram``/``ramActions``, ``eventInfo``, ``systemTags``):
  never an error. An entry missing what identifies it (an error code without
  ``code``/``errorCode`` or HTTP status, a RAM action without ``action``, a second
  ``ram.ramActions`` entry for one ``apiName``, ...) is skipped; any other bad value is
  ignored. ``flowControl`` numbers may be written as text (``threshold: "100"``).

Keys the IR knowingly does not model (documentation and console metadata no SDK needs; they
are read by no one and never warned about):

* schema ``index`` (only in CS, always ``200`` on response properties; no meaning) and
  ``checkBlank`` (a console form hint);
* ``apis.*.systemTags``: ``abilityTreeCode``, ``abilityTreeNodes``, ``autoTest`` and
  ``notSupportAutoTestReason`` (the catalog's ability tree and auto-test bookkeeping);
* ``apis.*.ramActions[]`` and ``ram.ramActions[]``: ``additionalActions``; their
  ``ramAction.actionConditions[]``: ``validationType``;
* ``ram.resourceTypes``: the product's RAM resource types (each action's ``resources`` carry
  the ARNs that action needs).

Every other key the catalog uses is carried into the IR.

This module reads the top level of the document (the root keys, ``info``, the order the parts
are read in); ``_SpecBuilder`` combines the readers of the rest, one module per job:
``gen_sdk.ir.reading`` (diagnostics and the generic shapes: mappings, lists, typed keys; also
``key_path``, ``IGNORED_KEYS`` and ``MAX_DEPTH``, re-exported here), ``schemas`` (schema nodes,
``$ref``s, components, body kinds), ``operations`` (methods, parameters, request encoding,
responses) and ``metadata`` (error codes, static info, RAM, change sets, flow control, event
info, system tags, directories, endpoints).
"""

from __future__ import annotations

from gen_sdk.diagnostics import Diagnostic, Severity
from gen_sdk.ir.metadata import MetadataReader
from gen_sdk.ir.model import Directory, Endpoint, Operation, Spec, Style
from gen_sdk.ir.operations import DropOperation, OperationReader
from gen_sdk.ir.reading import (
    IGNORED_KEYS,
    MAX_DEPTH,
    Raw,
    describe,
    index_path,
    key_path,
)
from gen_sdk.ir.schemas import SchemaReader

__all__ = ["IGNORED_KEYS", "MAX_DEPTH", "build_spec", "has_errors", "index_path", "key_path"]

# ``security`` at the top level is not in the corpus but is valid OpenAPI; accepted.
_ROOT_KEYS = frozenset(
    {
        "version",
        "info",
        "directories",
        "components",
        "apis",
        "endpoints",
        "security",
        "errorCodes",
        "changeSet",
        "flowControl",
        "ram",
    }
)
_INFO_KEYS = frozenset({"style", "product", "version", "title", "description"})
_STYLES = {s.value: s for s in Style}


class _SpecBuilder(OperationReader, SchemaReader, MetadataReader):
    """Builds one ``Spec``: the top level of the document here, the rest by the readers it
    combines (``OperationReader`` itself builds on the other two; all share one state)."""

    def spec(self, value: object) -> Spec:
        if isinstance(value, list) and not value:
            rec: Raw = {}
        elif isinstance(value, dict):
            rec = value
        else:
            self.err(
                "", f"the spec (top level) must be a mapping, got {describe(value)}", "invalid-spec"
            )
            return Spec(product="", version="", style=None, operations={}, schemas={})
        self.check_keys(rec, "", _ROOT_KEYS, "the spec")

        product = version = ""
        style: Style | None = None
        title = description = None
        raw_info = rec.get("info")
        if raw_info is None:
            self.err("", "the spec has no 'info'", "invalid-info")
        elif not isinstance(raw_info, dict):
            self.err("info", f"'info' must be a mapping, got {describe(raw_info)}", "invalid-info")
        else:
            info: Raw = raw_info
            self.check_keys(info, "info", _INFO_KEYS, "'info'")
            product = self.required_str(info, "info", "product", "'info'", "invalid-info") or ""
            version = self.required_str(info, "info", "version", "'info'", "invalid-info") or ""
            raw_style = self.required_str(info, "info", "style", "'info'", "invalid-info")
            if raw_style is not None:
                style = _STYLES.get(raw_style)
                if style is None:
                    self.err(
                        "info.style",
                        f"unknown API style {raw_style!r} (known: {', '.join(_STYLES)})",
                        "unknown-style",
                    )
            title = self.str_(info, "info", "title")
            description = self.str_(info, "info", "description")

        # Components first: operations need them to classify bodies.
        self.components(rec)

        raw_apis: list[tuple[object, object]] = []
        if rec.get("apis") is None:
            self.warn("", "the spec has no 'apis'; it has no operations", "no-operations")
        else:
            raw_apis = self.entries(
                rec["apis"], "apis", "'apis'", "the spec has no operations", "no-operations"
            )
            if not raw_apis and isinstance(rec["apis"], list | dict):
                self.warn("apis", "the spec defines no operations", "no-operations")
        self.operation_names = {str(name) for name, _ in raw_apis}
        operations: dict[str, Operation] = {}
        for name, raw in raw_apis:
            try:
                operation = self.operation(str(name), raw, key_path("apis", name), style)
            except DropOperation:
                continue
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

        return Spec(
            product=product,
            version=version,
            style=style,
            title=title,
            description=description,
            format_version=self.str_(rec, "", "version"),
            security=self.security(rec, ""),
            endpoints=tuple(endpoints),
            directories=directories,
            operations=operations,
            schemas=self.schemas,
            error_codes=self.spec_error_codes(rec),
            change_set=self.change_set(rec, ""),
            ram=self.ram(rec),
            flow_control=self.flow_control(rec, ""),
        )


def build_spec(value: object, *, source: str | None = None) -> tuple[Spec, list[Diagnostic]]:
    """Build the IR from a PHP value; ``source`` (a file name) goes into every diagnostic.

    Never raises for bad input: returns the ``Spec`` it could build and the diagnostics. If any
    diagnostic is an error (see ``has_errors``) the ``Spec`` is incomplete and must not be used
    to generate code.
    """
    builder = _SpecBuilder(source)
    try:
        spec = builder.spec(value)
    except RecursionError:
        # Only a pathological value nests deeper than Python's stack (real specs: < 20).
        builder.err("", "the spec is nested too deeply to build", "invalid-spec")
        spec = Spec(product="", version="", style=None, operations={}, schemas={})
    return spec, builder.diagnostics


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
