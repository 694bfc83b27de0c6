"""The Python target: naming, type mapping and the view model of ``templates/python``.

Output package (one per spec), for product ``PAIModelGallery`` version ``2025-06-30``:

* directory ``<out>/paimodelgallery/2025-06-30/`` (``src`` layout);
* import package ``paimodelgallery_20250630`` (``<product>_<version digits>``, lower case), which
  does not clash with the official ``alibabacloud_paimodelgallery20250630``;
* distribution ``gen-sdk-paimodelgallery-20250630``.

Modules: ``client`` (``Client``/``AsyncClient``, one method per operation), ``_operations``
(plain-data tables: endpoints, operations, pagination), ``models`` (lazy exports; one module
per operation with its request/response models, ``_components`` with the spec's component
schemas), ``_base`` (model bases and the client glue) and the runtime as ``_runtime``.

Naming rules (all deterministic; the wire name is always kept as the alias / in the tables):

* a field is never named like another field's wire name (pydantic accepts both): ECS's
  ``Tag`` items have ``Key`` and ``key``, which become ``key_`` and ``key``;
* ``snake``: camel-case boundaries become ``_`` (``VSwitchId`` -> ``v_switch_id``,
  ``Ipv6Address`` -> ``ipv6_address``), other non-identifier characters ``_``, non-ASCII
  characters ``u<hex>``; a leading digit gets an ``n`` prefix (``1a`` -> ``n1a``); Python
  keywords and names reserved in the scope (pydantic/``BaseModel`` attributes for fields,
  ``self``/``request``/``headers`` for method parameters, the types used in annotations) get a
  trailing ``_``; duplicates within a scope get ``_2``, ``_3``...
* ``pascal`` (classes): the snake parts capitalised; a leading digit gets an ``M`` prefix;
  names taken by the imports of model modules or by builtins get a ``Model`` suffix; class
  names are unique across the package.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import keyword
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..diagnostics import Diagnostic, error, warning
from ..ir import (
    BodyKind,
    Operation,
    Parameter,
    ParameterLocation,
    Schema,
    SchemaType,
    Spec,
    Style,
)
from ..paths import MAX_SEGMENT, WINDOWS_RESERVED, UnsafeNameError, safe_segment
from . import Plan, RenderJob, StaticCopy
from .code import Code

if TYPE_CHECKING:
    from ..config import SpecConfig

LINE_LENGTH = 100
#: The runtime (``templates/python/static/_runtime``) is copied into every package.
RUNTIME_SOURCE = "static/_runtime"

# --------------------------------------------------------------------------------------------
# Naming
# --------------------------------------------------------------------------------------------

_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")

#: Attributes of pydantic's ``BaseModel`` (v1 and v2 API) and of our model bases: a field with
#: one of these names would shadow them.
BASEMODEL_ATTRS = frozenset(
    [
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "meta",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "model_validator",
    ]
)
#: Types used in generated annotations: a field named like one would shadow it in the class.
ANNOTATION_NAMES = frozenset(
    [
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "Any",
        "Literal",
        "IO",
        "Field",
    ]
)
#: Names the generated model modules import or define, and builtins: never class names.
RESERVED_CLASSES = frozenset(
    {
        "Any",
        "Field",
        "Literal",
        "IO",
        "Model",
        "RequestModel",
        "Response",
        "BodyResponse",
        "Api",
        "API",
        "ItemType",
        "BaseModel",
        "Client",
        "AsyncClient",
        "ApiResponse",
        "TYPE_CHECKING",
    }
    | {name for name in dir(builtins) if name[:1].isupper()}
)
#: Names of the generated method signatures and bodies.
RESERVED_PARAMS = frozenset({"self", "request", "headers", "locals"}) | ANNOTATION_NAMES


def _ascii(name: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"_u{ord(ch):04x}_" for ch in name)


def _words(name: str) -> list[str]:
    text = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", _ascii(name)))
    return [w for w in _NON_WORD.sub("_", text).lower().split("_") if w]


def snake(name: str) -> str:
    """``ListModelGalleryModels`` -> ``list_model_gallery_models``; always an identifier."""
    text = "_".join(_words(name)) or "value"
    return "n" + text if text[0].isdigit() else text


def pascal(name: str) -> str:
    """``list_model_gallery_models``/``ListModelGalleryModels`` -> ``ListModelGalleryModels``."""
    text = "".join(w[:1].upper() + w[1:] for w in _words(name))
    if text[:1].isdigit():
        text = "M" + text
    return text or "Model"


def _escape_reserved(name: str, reserved: Iterable[str]) -> str:
    while keyword.iskeyword(name) or name in reserved:
        name += "_"
    return name


class Scope:
    """Unique names within one scope (a class body, a signature, the package's classes)."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.reserved = frozenset(reserved)
        self.taken: set[str] = set()

    def claim(self, base: str, sep: str = "_") -> Code:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}{sep}{n}"
        self.taken.add(candidate)
        return ident(candidate)

    def field(self, wire: str, wires: Iterable[str] = ()) -> Code:
        """A field/parameter name for ``wire``; never another field's wire name (``wires``),
        which pydantic would also accept for this field (names and aliases both populate).
        """
        others = set(wires) - {wire}
        return self.claim(_escape_reserved(snake(wire), self.reserved | others))

    def module(self, wire: str) -> Code:
        """A module name for ``wire``. It is a file name too: Windows device names are
        reserved (in the scope's ``reserved``), and a name too long for
        :data:`~gen_sdk.paths.MAX_SEGMENT` with ``.py`` and a ``_N`` suffix is cut and ends
        with a hash of ``wire``."""
        name = snake(wire)
        limit = MAX_SEGMENT - len(".py") - 3
        if len(name) > limit:
            digest = hashlib.sha256(wire.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{name[: limit - 9]}_{digest}"
        return self.claim(_escape_reserved(name, self.reserved))

    def cls(self, name: str) -> Code:
        base = name
        while base in RESERVED_CLASSES or keyword.iskeyword(base):
            base += "Model"
        return self.claim(base, "")


def ident(name: str) -> Code:
    """``name`` as code, checked to be an ASCII Python identifier (the naming step's output:
    safe in every context it is printed in)."""
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        raise ValueError(f"not a Python identifier: {name!r}")
    return Code(name)


def package_names(spec: Spec) -> tuple[str, str, str]:
    """(output directory, import package, distribution) for a spec. The directory is made of
    safe segments (:func:`gen_sdk.paths.safe_segment`: ``UnsafeNameError`` when the product
    or version gives none); the import package is an identifier of at most
    :data:`~gen_sdk.paths.MAX_SEGMENT` characters (it is a directory name too)."""
    product_dir = safe_segment(spec.product.lower(), what="info.product")
    version_dir = safe_segment(spec.version, what="info.version")
    product = snake(spec.product).replace("_", "") if spec.product else "product"
    version = re.sub(r"[^a-z0-9]+", "_", spec.version.lower()).strip("_")
    version = version.replace("_", "") if re.fullmatch(r"\d+(_\d+)*", version) else version
    import_name = f"{product}_{version}" if version else product
    if len(import_name) > MAX_SEGMENT:
        digest = hashlib.sha256(import_name.encode()).hexdigest()[:8]
        import_name = f"{import_name[: MAX_SEGMENT - 9]}_{digest}"
    import_name = _escape_reserved(import_name, WINDOWS_RESERVED)
    dist = "gen-sdk-" + import_name.replace("_", "-")
    return f"{product_dir}/{version_dir}", import_name, dist


# --------------------------------------------------------------------------------------------
# Python literals and docstrings, in black's style
# --------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def py_str(value: str) -> Code:
    """A string literal as black writes it (double quotes unless that needs more escapes)."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127 or ch in "\u2028\u2029\x85":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate cannot be written as UTF-8
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return Code(quote + "".join(out) + quote)


def py_literal(value: Any) -> Code:
    """A one-line Python literal for plain data (str, int, float, bool, None, list, dict)."""
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return Code(f'float("{value}")')  # repr gives nan/inf, which are not literals
        return Code(repr(value))
    if isinstance(value, Mapping):
        items = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return Code("{" + items + "}")
    if isinstance(value, list | tuple):
        return Code("[" + ", ".join(py_literal(v) for v in value) + "]")
    raise TypeError(f"not a literal: {value!r}")


def clean_text(text: str | None) -> list[str]:
    """Documentation text -> lines for a docstring, normalised as black would (dedented,
    without control characters, trailing spaces or runs of blank lines). Not escaped yet:
    :func:`docstring` and :func:`compact_docstring` escape what they emit."""
    if not text:
        return []
    text = "\n".join(text.splitlines())  # \r\n, \u2028 ... become plain newlines
    text = _CONTROL.sub(" ", text)
    lines = [line.expandtabs().rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return []
    lines[0] = lines[0].lstrip()
    rest = [line for line in lines[1:] if line]
    margin = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    lines = [lines[0]] + [line[margin:] for line in lines[1:]]
    # Collapse runs of blank lines (keeps docstrings compact).
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _escape_doc(line: str) -> str:
    # The docstring context: a backslash stays a backslash (``\\N{...}`` is no escape) and
    # three quotes cannot end the string.
    return _CONTROL.sub(" ", line).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _doc_lines(lines: Sequence[str] | str) -> list[str]:
    """Documentation lines (or a text, split by :func:`clean_text`), escaped; a first line
    starting with a quote is padded (four quotes in a row would end the docstring)."""
    if isinstance(lines, str):
        lines = clean_text(lines)
    out = [_escape_doc(line) for line in lines]
    if out and out[0].startswith('"'):
        out[0] = " " + out[0]
    return out


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def doc_text(text: str) -> Code:
    """A piece of spec text inside a docstring written by a template (``Clients for
    {{ product|doctext }}``): on one line, with backslashes and every quote escaped, so that
    it can neither end the docstring nor form an escape sequence, wherever it stands."""
    return Code(_one_line(text).replace("\\", "\\\\").replace('"', '\\"'))


def comment(text: str) -> Code:
    """Spec text as a ``#`` comment, on one line (a newline would end the comment)."""
    line = _one_line(text)
    return Code(f"# {line}" if line else "#")


def docstring(lines: Sequence[str] | str, indent: int) -> Code:
    """``lines`` as a docstring at ``indent`` spaces (without the leading indentation)."""
    lines = _doc_lines(lines)
    if not lines:
        return Code("")
    pad = " " * indent
    if len(lines) == 1:  # a closing quote right before \"\"\" would end the string early
        return Code(f'"""{lines[0]} """' if lines[0].endswith('"') else f'"""{lines[0]}"""')
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return Code(f'"""{lines[0]}\n{body}\n{pad}"""')


def compact_docstring(lines: Sequence[str] | str, indent: int) -> Code:
    """``lines`` as a compact docstring (the generated code's style): no blank lines, the
    closing quotes after the last line. Black leaves both as they are."""
    lines = [line for line in _doc_lines(lines) if line]
    if not lines:
        return Code("")
    # A final quote would merge with the closing quotes (``a\\"`` is a backslash and a quote);
    # black pads any final quote, escaped or not, with a space.
    if lines[-1].endswith('"'):
        lines[-1] += " "
    pad = " " * indent
    return Code('"""' + f"\n{pad}".join(lines) + '"""')


def _join_docs(*parts: Sequence[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append("")
        out.extend(part)
    return out


# --------------------------------------------------------------------------------------------
# The view model
# --------------------------------------------------------------------------------------------


@dataclass
class FieldView:
    name: str
    wire: str
    annotation: str
    required: bool
    doc: list[str]

    @property
    def declaration(self) -> Code:
        """``name: type = default`` (the alias only when the wire name differs), laid out
        for 4 spaces of indentation as black would."""
        annotation = self.annotation if self.required else f"{self.annotation} | None"
        # Too long for one line: black splits the value, or (when even ``name: type = (``
        # does not fit) puts the annotation in parentheses.
        wrapped = _wrapped(self.name, annotation)
        if self.name == self.wire:
            line = f"{self.name}: {annotation}" + ("" if self.required else " = None")
            if self.required:
                return annotated(self.name, annotation)
            if 4 + len(line) <= LINE_LENGTH:
                return Code(line)
            if 4 + len(line) - len("None") + 1 <= LINE_LENGTH:
                return Code(line[: -len("None")] + "(\n        None\n    )")
            return Code(wrapped + " = None")
        args = (
            [f"alias={py_str(self.wire)}"]
            if self.required
            else ["None", f"alias={py_str(self.wire)}"]
        )
        text = black_call(f"{self.name}: {annotation} = Field", args, 4)
        if 4 + len(text.split("\n", 1)[0]) <= LINE_LENGTH:
            return text
        call = f"Field({', '.join(args)})"
        head = f"{self.name}: {annotation} = ("
        if 4 + len(head) <= LINE_LENGTH and 8 + len(call) <= LINE_LENGTH:
            return Code(f"{self.name}: {annotation} = (\n        {call}\n    )")
        return Code(wrapped + black_call(" = Field", args, 4))

    @property
    def uses_field(self) -> bool:
        return self.name != self.wire


@dataclass
class ModelView:
    name: str
    base: str
    doc: list[str]
    fields: list[FieldView] = field(default_factory=list)
    #: Only for ``BodyResponse`` subclasses.
    body_annotation: str | None = None

    @property
    def head(self) -> Code:
        """``class Name(Base):`` as black lays it out."""
        return black_call(f"class {self.name}", [self.base], 0, ":")


@dataclass
class TypeInfo:
    annotation: str
    #: For lists: the item annotation.
    item: str | None = None
    #: For objects with a generated (or component) class: its field shapes (pagination).
    fields: dict[str, TypeInfo] | None = None


@dataclass
class ParamView:
    name: str
    wire: str
    annotation: str
    required: bool


@dataclass
class OperationView:
    name: str
    method_name: str
    module: str
    request_class: str
    response_class: str
    doc: list[str]
    params: list[ParamView]
    #: ``json``/``sse``
    kind: str
    pagination: dict[str, Any] | None = None
    page_params: list[ParamView] = field(default_factory=list)
    item_annotation: str | None = None
    table: dict[str, Any] = field(default_factory=dict)
    deprecated: bool = False
    page_method: str | None = None
    short_doc: list[str] = field(default_factory=list)
    #: The ``TypedDict`` of the method's keyword arguments (``models.<module>``).
    params_class: str = ""

    def head(self, is_async: bool, paged: bool) -> Code:
        """The method's ``def`` line(s) at 4 spaces, as black lays them out."""
        name = self.page_method if paged else self.method_name
        iterator = "AsyncIterator" if is_async else "Iterator"
        if paged:
            returns = f"{iterator}[{self.item_annotation}]"
        elif self.kind == "sse":
            returns = f"{iterator}[ServerSentEvent]"
        else:
            returns = self.response_class
        prefix = "async def" if is_async and not paged and self.kind != "sse" else "def"
        return black_def(
            f"{prefix} {name}",
            ["self", f"**kwargs: Unpack[{self.params_class}]"],
            returns,
            4,
        )

    def body(self, call: str) -> Code:
        """``return <call>(models.<module>._API, kwargs)`` at 8 spaces."""
        return black_call(f"return {call}", [f"models.{self.module}._API", "kwargs"], 8)

    @property
    def table_header(self) -> list[Code]:
        """The operation entry's scalar items as ``"key": value,`` lines of at most
        ``LINE_LENGTH`` columns (at 8 spaces of indentation)."""
        return wrap_items(
            [f"{py_str(k)}: {py_literal(v)}," for k, v in self.table.items() if k != "params"],
            LINE_LENGTH - 8,
        )


def black_call(head: str, args: Sequence[str], indent: int, tail: str = "") -> Code:
    """``head(args)tail`` laid out as black would for a simple call: one line, or the
    arguments on one indented line, or one argument per line (magic trailing comma)."""
    pad = " " * indent
    one = f"{head}({', '.join(args)}){tail}"
    if indent + len(one) <= LINE_LENGTH:
        return Code(one)
    inner = ", ".join(args)
    if indent + 4 + len(inner) <= LINE_LENGTH:
        return Code(f"{head}(\n{pad}    {inner}\n{pad}){tail}")
    body = "".join(f"{pad}    {arg},\n" for arg in args)
    return Code(f"{head}(\n{body}{pad}){tail}")


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets and string literals."""
    parts, depth, quote, start, i = [], 0, "", 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    parts.append(text[start:])
    return parts


def black_annotation(annotation: str, indent: int, prefix: str = "") -> list[str]:
    """Lines of an annotation inside parentheses at ``indent`` spaces, split as black
    splits a too-long one: at the top-level ``|``, then inside subscripts."""
    pad = " " * indent
    if indent + len(prefix) + len(annotation) <= LINE_LENGTH:
        return [pad + prefix + annotation]
    union = _split_top(annotation, " | ")
    if len(union) > 1:
        lines = black_annotation(union[0], indent, prefix)
        for part in union[1:]:
            lines += black_annotation(part, indent, "| ")
        return lines
    if annotation.endswith("]") and "[" in annotation:
        head, inner = annotation[:-1].split("[", 1)
        items = _split_top(inner, ", ")
        lines = [pad + prefix + head + "["]
        if len(items) == 1 or indent + 4 + len(inner) <= LINE_LENGTH:
            lines += black_annotation(inner, indent + 4)
        else:
            for item in items:
                sub = black_annotation(item, indent + 4)
                lines += [*sub[:-1], sub[-1] + ","]
        return [*lines, pad + "]"]
    return [pad + prefix + annotation]


def _wrapped(name: str, annotation: str) -> Code:
    """``name: (annotation)`` at 4 spaces, the annotation split over lines."""
    return Code(f"{name}: (\n" + "\n".join(black_annotation(annotation, 8)) + "\n    )")


def annotated(name: str, annotation: str) -> Code:
    """``name: annotation`` (no value) at 4 spaces, the annotation in parentheses when the
    line is too long, as black does."""
    line = f"{name}: {annotation}"
    if 4 + len(line) <= LINE_LENGTH:
        return Code(line)
    return _wrapped(name, annotation)


def black_import(module: str, names: Sequence[str]) -> Code:
    """``from module import names`` at the top level; black puts one name per line when
    the line is too long."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return Code(line)
    return Code(f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")")


def black_def(head: str, params: Sequence[str], returns: str, indent: int) -> Code:
    """``head(params) -> returns:`` laid out as black would (like :func:`black_call`); a
    return annotation ``X[Y]`` too long for the last line has its subscript split."""
    text = black_call(head, params, indent, f" -> {returns}:")
    pad = " " * indent
    last = text.rsplit("\n", 1)[-1]
    if "\n" in text and len(last) > LINE_LENGTH and returns.endswith("]") and "[" in returns:
        outer, inner = returns.split("[", 1)
        text = Code(text[: -len(last)] + f"{pad}) -> {outer}[\n{pad}    {inner[:-1]}\n{pad}]:")
    return text


def wrap_items(items: Sequence[str], width: int) -> list[Code]:
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 1 + len(item) <= width:
            lines[-1] += " " + item
        else:
            lines.append(item)
    return [Code(line) for line in lines]


_REQUEST_ID = 'request_id: str | None = Field(None, alias="RequestId")'
_LIST_WORDS = re.compile(r"列表|数组|集合|\blist\b|\barray\b", re.IGNORECASE)
_STYLES = {"json", "flat", "repeatList", "simple", "spaceDelimited", "pipeDelimited"}
_TYPE_TOKENS = re.compile(r"\b(Any|Literal|IO)\b")
_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def isort_key(name: str) -> tuple[int, str, str]:
    """ruff/isort's ``order-by-type``: CONSTANTS, then Classes, then the rest, each
    case-insensitively (``AddressGroup`` < ``AddStoryFile``, ``ClearItem`` < ``CNameStatus``).
    """
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


def names_used(annotations: Iterable[str]) -> set[str]:
    """``typing`` names an annotation string uses (quoted literal values ignored)."""
    found: set[str] = set()
    for annotation in annotations:
        found.update(_TYPE_TOKENS.findall(_QUOTED.sub("", annotation)))
    return {ident(name) for name in found}


class _Builder:
    """Builds the view model of one spec."""

    def __init__(self, spec: Spec, diagnostics: list[Diagnostic], source: str | None) -> None:
        self.spec = spec
        self.diagnostics = diagnostics
        self.source = source
        self.classes = Scope()
        self.component_class: dict[str, str] = {}
        self.component_models: list[ModelView] = []
        self.component_info: dict[str, TypeInfo] = {}
        self.exports: dict[str, str] = {}  # class -> module

    def warn(self, message: str, path: str | None = None) -> None:
        self.diagnostics.append(warning(message, file=self.source, path=path))

    # -- schemas -------------------------------------------------------------------------------
    def components(self) -> None:
        for name, schema in self.spec.schemas.items():
            if self._is_model(schema):
                self.component_class[name] = self.classes.cls(pascal(name))
        for name, schema in self.spec.schemas.items():
            cls = self.component_class.get(name)
            if cls is None:
                continue
            info = self.component_info.setdefault(name, TypeInfo(cls, fields={}))
            model = ModelView(cls, "Model", clean_text(schema.description or schema.title))
            self.component_models.append(model)
            self._fill(model, schema, self.component_models, "response", set(), info)
            self.exports[cls] = "_components"

    @staticmethod
    def _is_model(schema: Schema) -> bool:
        return bool(schema.properties) and schema.type in (None, SchemaType.OBJECT)

    def _fill(
        self,
        model: ModelView,
        schema: Schema,
        out: list[ModelView],
        side: str,
        imports: set[str],
        info: TypeInfo,
    ) -> None:
        scope = Scope(BASEMODEL_ATTRS | ANNOTATION_NAMES)
        fields: list[FieldView] = []
        assert info.fields is not None
        for wire, prop in schema.properties.items():
            name = scope.field(wire, schema.properties)
            typ = self.type_of(prop, model.name, wire, side, out, imports)
            info.fields[wire] = typ
            required = bool(prop.required) and side == "request"
            fields.append(FieldView(name, wire, typ.annotation, required, self.field_doc(prop)))
        if side == "request":  # the official models' order, which fixes JSON key order
            fields.sort(key=lambda f: f.name)
        model.fields = fields

    def field_doc(self, schema: Schema) -> list[str]:
        doc = clean_text(schema.description or schema.title)
        extra: list[str] = []
        titles = dict(schema.enum_value_titles)
        values = [str(v) for v in schema.enum or ()] or list(titles)
        if values:
            if all(titles.get(v, v) == v for v in values):
                extra.append("Values: " + ", ".join(f"``{v}``" for v in values) + ".")
            else:
                extra.append("Values:")
                extra.extend(
                    f"- ``{v}``: {titles[v]}" if v in titles else f"- ``{v}``" for v in values
                )
            extra = clean_text("\n".join(extra))
        if schema.deprecated:
            extra.append("Deprecated.")
        return _join_docs(doc, extra)

    def type_of(
        self,
        schema: Schema,
        owner: str,
        prop: str,
        side: str,
        out: list[ModelView],
        imports: set[str],
        in_array: bool = False,
    ) -> TypeInfo:
        """``in_array``: ``schema`` is an array's items (never itself taken for a list)."""
        if schema.ref is not None:
            try:
                target = self.spec.resolve(schema)
            except Exception as exc:  # unknown ref or cycle: the IR already warned
                self.warn(f"{owner}.{prop}: {exc}; typed as Any")
                return TypeInfo("Any")
            cls = self.component_class.get(schema.ref)
            if cls is None:  # a component that is not an object: inline its type
                return self.type_of(target, owner, prop, side, out, imports, in_array)
            imports.add(cls)
            info = self.component_info.get(schema.ref) or TypeInfo(cls, fields={})
            if side == "response" and not in_array and self._looks_like_list(schema, target):
                return TypeInfo(f"list[{cls}]", item=cls)
            return info
        kind = schema.type
        if kind is SchemaType.OBJECT or (kind is None and schema.properties):
            if schema.properties:
                base = "RequestModel" if side == "request" else "Model"
                cls = self.classes.cls(owner + pascal(prop))
                model = ModelView(cls, base, clean_text(schema.description or schema.title))
                out.append(model)
                info = TypeInfo(cls, fields={})
                self._fill(model, schema, out, side, imports, info)
                if side == "response" and not in_array and self._looks_like_list(schema, schema):
                    return TypeInfo(f"list[{cls}]", item=cls)
                return info
            extra = schema.additional_properties
            if isinstance(extra, Schema):
                value = self.type_of(extra, owner, prop + "Value", side, out, imports)
                return TypeInfo(f"dict[str, {value.annotation}]")
            return TypeInfo("dict[str, Any]")
        if kind is SchemaType.ARRAY:
            if schema.items is None:
                return TypeInfo("list[Any]", item="Any")
            item = self.type_of(schema.items, owner, prop, side, out, imports, True)
            return TypeInfo(f"list[{item.annotation}]", item=item.annotation)
        scalar = (
            {
                SchemaType.STRING: "str",
                SchemaType.INTEGER: "int",
                SchemaType.NUMBER: "float",
                SchemaType.BOOLEAN: "bool",
            }.get(kind)
            if kind is not None
            else None
        )
        if scalar is None:
            return TypeInfo("Any")
        if side == "request" and schema.enum:
            literal = self._literal(schema.enum, scalar)
            if literal:
                return TypeInfo(literal)
        return TypeInfo(scalar)

    @staticmethod
    def _literal(values: Sequence[Any], scalar: str) -> str | None:
        converted: list[Any] = []
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

    @staticmethod
    def _looks_like_list(use: Schema, target: Schema) -> bool:
        """The spec declares an object, but its example is a list, or its description says
        "list" and the object is no list wrapper: the server sends a list."""
        example = use.example if use.example is not None else target.example
        if isinstance(example, str) and example.lstrip().startswith("["):
            return True
        described = f"{use.description or ''} {use.title or ''}"
        has_array = any(p.type is SchemaType.ARRAY for p in target.properties.values())
        return bool(_LIST_WORDS.search(described)) and not has_array

    # -- operations ----------------------------------------------------------------------------
    def operation(
        self, op: Operation, modules: Scope, methods: Scope
    ) -> tuple[OperationView, dict[str, Any]]:
        module = modules.module(op.name)
        method = methods.field(op.name)
        out: list[ModelView] = []
        imports: set[str] = set()
        request_cls = self.classes.cls(pascal(op.name) + "Request")
        response_cls = self.classes.cls(pascal(op.name) + "Response")
        params_cls = self.classes.cls(pascal(op.name) + "Params")
        request = ModelView(request_cls, "RequestModel", [])
        out.append(request)
        scope = Scope(RESERVED_PARAMS | BASEMODEL_ATTRS)
        params: list[ParamView] = []
        fields: list[FieldView] = []
        table_params: list[dict[str, Any]] = []
        wires = [p.name for p in op.parameters]
        for param in op.parameters:
            name = scope.field(param.name, wires)
            typ = self.type_of(param.schema, request_cls, param.name, "request", out, imports)
            annotation = typ.annotation
            kind = self._body_kind(param)
            if kind == "binary":
                annotation = "bytes | IO[bytes]"
            params.append(ParamView(name, param.name, annotation, param.required))
            model_annotation = "Any" if kind == "binary" else annotation
            fields.append(
                FieldView(
                    name,
                    param.name,
                    model_annotation,
                    param.required,
                    self.field_doc(param.schema),
                )
            )
            table_params.append(self._table_param(param, kind))
        fields.sort(key=lambda f: f.name)
        request.fields = fields
        _, kind, item_info = self._response(op, response_cls, out, imports)
        table = self._table(op, table_params)
        view = OperationView(
            name=op.name,
            method_name=method,
            module=module,
            request_class=request_cls,
            response_class=response_cls,
            doc=self._op_doc(op),
            short_doc=clean_text(op.summary or op.title) or [f"Call ``{op.name}``."],
            params=params,
            kind=kind,
            table=table,
            deprecated=op.deprecated,
            params_class=params_cls,
        )
        pagination = self._pagination(op, item_info) if kind == "json" else None
        if pagination is not None:
            spec, item = pagination
            view.pagination = spec
            view.item_annotation = item
            skip = {
                spec.get("page_number", "PageNumber"),
                spec.get("token", "NextToken"),
            }
            view.page_params = [p for p in params if p.wire not in skip]
        for model in out:
            self.exports[model.name] = module
        self.exports[params_cls] = module
        api_args = [request_cls, response_cls, "OPERATION"]
        if view.pagination is not None:
            api_args += [py_literal(view.pagination), view.item_annotation or "Any"]
        annotations = [*self._annotations(out), *(p.annotation for p in params)]
        module_view = {
            "name": module,
            "operation": op.name,
            "method": method,
            "models": out,
            "imports": sorted(imports),
            "request_class": request_cls,
            "params_class": params_cls,
            "params_head": black_call(
                f"class {params_cls}",
                [f"Options[{request_cls}]", "total=False"],
                0,
                ":",
            ),
            "components_import": black_import("._components", sorted(imports)),
            "params": params,
            "table_header": wrap_items(
                [f"{py_str(k)}: {py_literal(v)}," for k, v in table.items() if k != "params"]
                + ['"params": ['],
                LINE_LENGTH - 4,
            ),
            "table_params": table["params"],
            "api": black_call("_API = Api", api_args, 0),
            "item": view.item_annotation,
            "typing": sorted(names_used(annotations), key=isort_key),
            "uses_field": any(f.uses_field for m in out for f in m.fields),
            "bases": sorted(
                {ident(m.base) for m in out} | {ident("Api"), ident("Options")}, key=isort_key
            ),
        }
        return view, module_view

    @staticmethod
    def _annotations(models: Iterable[ModelView]) -> Iterable[str]:
        for model in models:
            if model.body_annotation:
                yield model.body_annotation
            for f in model.fields:
                yield f.annotation

    def _body_kind(self, param: Parameter) -> str | None:
        if param.location is not ParameterLocation.BODY:
            return None
        try:
            schema = self.spec.resolve(param.schema)
        except Exception:
            return None
        if schema.format in ("binary", "byte") and schema.type in (
            SchemaType.STRING,
            None,
        ):
            return "binary"
        if schema.type is SchemaType.OBJECT or (schema.type is None and schema.properties):
            return "object"
        if schema.type is SchemaType.ARRAY:
            return "array"
        if schema.type is SchemaType.STRING:
            return "raw"
        return None

    @staticmethod
    def _table_param(param: Parameter, kind: str | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": param.name, "location": param.location.value}
        if param.style is not None and param.style.value in _STYLES:
            entry["style"] = param.style.value
        if kind is not None and kind != "field":
            entry["kind"] = kind
        if param.required:
            entry["required"] = True
        return entry

    def style(self) -> str:
        """The runtime style of the spec's operations (see ``style_of``)."""
        return style_of(self.spec.style)

    def _table(self, op: Operation, params: list[dict[str, Any]]) -> dict[str, Any]:
        style = self.style()
        if self.spec.style is Style.V3 and op.path:
            style = "ROA"
        methods = [m.value for m in op.methods]
        if style == "RPC":
            method = "GET" if methods == ["get"] else "POST"
            path = "/"
        else:
            method = (methods[0] if methods else "get").upper()
            path = op.path or "/"
        locations = [p["location"] for p in params]
        if style == "RPC":
            req_body = "json" if "body" in locations else "formData"
        else:
            req_body = "formData" if "formData" in locations else "json"
        schemes = [next(iter(s)) for s in op.security if s]
        if "AK" in schemes or not schemes:
            auth = "AK"
        elif "Anonymous" in schemes:
            auth = "Anonymous"
        elif "BearerToken" in schemes:
            auth = "BearerToken"
        else:
            auth = "AK"
        table: dict[str, Any] = {
            "product": self.spec.product,
            "version": self.spec.version,
            "action": op.name,
            "style": style,
            "method": method,
            "path": path,
            "auth": auth,
            "req_body_type": req_body,
            "resp_body_type": self._resp_body_type(op),
        }
        if op.operation_type == "read":
            table["idempotent"] = True
        if self._body_declares_code(op):
            # A Code/Message body is this API's answer, not an error envelope.
            table["body_declares_code"] = True
        table["params"] = params
        return table

    def _body_declares_code(self, op: Operation) -> bool:
        response = op.success_response()
        if response is None or response.schema is None:
            return False
        try:
            schema = self.spec.resolve(response.schema)
        except Exception:
            return False
        return "Code" in schema.properties or "code" in schema.properties

    def _resp_body_type(self, op: Operation) -> str:
        if any("event-stream" in p for p in op.produces):
            return "sse"
        kind = op.response_body_kind
        if kind is BodyKind.ARRAY:
            return "array"
        if kind is BodyKind.STRING:
            return "string"
        if kind is BodyKind.BINARY:
            response = op.success_response()
            schema = response.schema if response else None
            fmt = self.spec.resolve(schema).format if schema is not None else None
            return "byte" if fmt == "byte" else "binary"
        if kind is BodyKind.NONE:
            return "none"
        return "json"

    def _response(
        self, op: Operation, cls: str, out: list[ModelView], imports: set[str]
    ) -> tuple[ModelView, str, TypeInfo | None]:
        response = op.success_response()
        pos = len(out)
        doc: list[str] = []  # the API's documentation is on the client method
        body_type = self._resp_body_type(op)
        if body_type == "sse":
            model = ModelView(cls, "Response", doc)
            out.append(model)
            return model, "sse", None
        schema = response.schema if response is not None else None
        if body_type == "json" and schema is not None:
            try:
                target = self.spec.resolve(schema)
            except Exception:
                target = None
            if target is not None and target.type in (SchemaType.OBJECT, None):
                model = ModelView(cls, "Response", doc)
                out.insert(pos, model)
                info = TypeInfo(cls, fields={})
                self._fill(model, target, out, "response", imports, info)
                # ``Response`` declares ``request_id`` (``RequestId``) for every response.
                model.fields = [f for f in model.fields if f.declaration != _REQUEST_ID]
                return model, "json", info
        annotation = {
            "string": "str",
            "none": "str",
            "byte": "bytes",
            "binary": "bytes",
        }.get(body_type)
        if annotation is None:
            annotation = (
                self.type_of(schema, cls, "Body", "response", out, imports).annotation
                if schema is not None
                else "Any"
            )
        model = ModelView(cls, "BodyResponse", doc, body_annotation=Code(annotation))
        out.insert(pos, model)
        return model, "json", None

    @staticmethod
    def _pagination(op: Operation, info: TypeInfo | None) -> tuple[dict[str, Any], str] | None:
        if info is None or not info.fields:
            return None
        wire = {p.name for p in op.parameters if p.location is ParameterLocation.QUERY} | {
            p.name for p in op.parameters if p.location is ParameterLocation.FORM_DATA
        }

        def pick(names: Iterable[str], pool: Iterable[str]) -> str | None:
            pool = list(pool)
            return next((n for n in names if n in pool), None)

        fields = info.fields
        # Items: one list at the top level, or one list inside one wrapper object.
        candidates: list[tuple[str, str]] = []
        for name, typ in fields.items():
            if typ.item is not None:
                candidates.append((name, typ.item))
            elif typ.fields:
                inner = [(n, t.item) for n, t in typ.fields.items() if t.item is not None]
                if len(inner) == 1:
                    candidates.append((f"{name}.{inner[0][0]}", inner[0][1] or "Any"))
        if len(candidates) != 1:
            return None
        items, item = candidates[0]
        if not (item[:1].isupper() or item in ("str", "int", "float", "bool")) or "[" in item:
            return None
        spec: dict[str, Any]
        number = pick(("PageNumber", "pageNumber", "PageNo", "pageNo"), wire)
        size = pick(("PageSize", "pageSize"), wire)
        total = pick(("TotalCount", "totalCount", "Total", "total"), fields)
        token = pick(("NextToken", "nextToken"), wire)
        max_results = pick(("MaxResults", "maxResults"), wire)
        next_token = pick(("NextToken", "nextToken"), fields)
        if token and max_results and next_token:
            spec = {"style": "next_token", "items": items}
            if token != "NextToken":
                spec["token"] = token
            if max_results != "MaxResults":
                spec["page_size"] = max_results
            if next_token != "NextToken":
                spec["next_token"] = next_token
            return spec, item
        if number and size and total:
            spec = {"style": "page_number", "items": items}
            if number != "PageNumber":
                spec["page_number"] = number
            if size != "PageSize":
                spec["page_size"] = size
            if total != "TotalCount":
                spec["total"] = total
            return spec, item
        return None

    @staticmethod
    def _op_doc(op: Operation) -> list[str]:
        # The summary only: the descriptions (usage notes, often long) stay in the API docs.
        head = clean_text(op.summary or op.title) or [f"Call ``{op.name}``."]
        return _join_docs(head, ["Deprecated."] if op.deprecated else [])


#: ``info.style`` -> the runtime's ``Operation["style"]``, as the official SDKs call them:
#: V3 APIs are RPC, or ROA when they have a path (the table per operation); FC and AliGenie
#: packages call the generic ROA path (ACS3); PDS goes through its gateway (``_runtime/pds.py``).
RUNTIME_STYLES = {
    Style.RPC: "RPC",
    Style.V3: "RPC",
    Style.ROA: "ROA",
    Style.FC: "ROA",
    Style.ALIGENIE: "ROA",
    Style.PDS: "PDS",
}
#: Styles refused at generation time, with the reason (also in ``templates/README.md``).
UNSUPPORTED_STYLES = {
    Style.OSS: (
        "OSS APIs go through the OSS gateway (alibabacloud-gateway-oss): OSS V1/V4 signatures "
        "over bucket sub-resources, bucket-addressed hosts, XML request and response bodies "
        "(req_body_type/body_type 'xml'), none of which the runtime implements; use the "
        "official OSS SDK (alibabacloud-oss-v2)"
    ),
}


def style_of(style: Style | None) -> str:
    """The runtime style for a spec style (``ROA`` for a style without a rule, or none)."""
    return "ROA" if style is None else RUNTIME_STYLES.get(style, "ROA")


def operations_json(spec: Spec, operations: Sequence[OperationView], endpoint_rule: str) -> str:
    """The package's endpoint and operation tables as one JSON document, for tools that read
    an SDK's API without importing it (the package itself never loads it: each API's own
    module holds its ``OPERATION``)."""
    document: dict[str, Any] = {
        "product": spec.product,
        "version": spec.version,
        "style": style_of(spec.style),
        "endpoint_rule": endpoint_rule,
        "endpoints": {e.region_id: e.endpoint for e in spec.endpoints},
        "operations": {
            view.name: {
                **view.table,
                "method_name": view.method_name,
                **({"pagination": view.pagination} if view.pagination else {}),
            }
            for view in operations
        },
    }

    # One line per entry: small, and a change to one API is a one-line diff.
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    operations_doc = document.pop("operations")
    lines = [f" {dump(key)}: {dump(value)}," for key, value in document.items()]
    entries = [f"  {dump(name)}: {dump(table)}" for name, table in operations_doc.items()]
    return "{\n" + "\n".join(lines) + '\n "operations": {\n' + ",\n".join(entries) + "\n }\n}\n"


def _endpoint_rule(spec: Spec) -> str:
    if not spec.endpoints:
        return "regional"
    if any(e.region_id in e.endpoint for e in spec.endpoints):
        return "regional"
    return "central"


def _example_value(param: ParamView, schema: Schema) -> Code:
    if schema.example is not None and param.annotation in (
        "str",
        "int",
        "float",
        "bool",
    ):
        raw = str(schema.example)
        try:
            if param.annotation == "int":
                return py_literal(int(raw))
            if param.annotation == "float":
                return py_literal(float(raw))
            if param.annotation == "bool":
                return py_literal(raw.lower() == "true")
        except ValueError:
            pass
        else:
            return py_str(raw)
    defaults = {"int": 1, "float": 1.0, "bool": True}
    return py_literal(defaults.get(param.annotation, "..."))


_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # PEP 508


def configured_names(
    spec: Spec,
    config: SpecConfig | None,
    diagnostics: list[Diagnostic],
    source: str | None = None,
) -> tuple[str, str, str]:
    """(import package, distribution, package version): the config's, else the defaults;
    a value Python cannot use is an error diagnostic (and the default is returned)."""
    from ..config import ConfigError

    _, import_name, dist = package_names(spec)
    version = __version__
    if config is None:
        return import_name, dist, version
    name = config.format_package_name(spec.product, spec.version)
    if name is not None:
        if name.isidentifier() and name.isascii() and not keyword.iskeyword(name):
            import_name = name
        else:
            message = f"package-name gives {name!r}: not a Python identifier"
            diagnostics.append(error(message, file=source))
    distribution = config.format_distribution_name(spec.product, spec.version)
    if distribution is not None:
        if _DISTRIBUTION.fullmatch(distribution):
            dist = distribution
        else:
            message = f"distribution-name gives {distribution!r}: not a distribution name"
            diagnostics.append(error(message, file=source))
    try:
        version = config.format_package_version(spec.version) or version
    except ConfigError as exc:
        diagnostics.append(error(str(exc), file=source))
    return import_name, dist, version


class PythonTarget:
    name = "python"

    def plan(
        self,
        spec: Spec,
        diagnostics: list[Diagnostic],
        source: str | None = None,
        config: SpecConfig | None = None,
    ) -> Plan:
        try:
            package_dir, _, _ = package_names(spec)
            import_name, dist, package_version = configured_names(spec, config, diagnostics, source)
        except UnsafeNameError as exc:
            # Without a safe directory there is no package: report, plan nothing.
            diagnostics.append(error(f"cannot name the package: {exc}", file=source))
            return Plan(package_dir="", jobs=())
        builder = _Builder(spec, diagnostics, source)
        refused = None if spec.style is None else UNSUPPORTED_STYLES.get(spec.style)
        if refused is not None:
            name = f"{spec.product} {spec.version}"
            diagnostics.append(
                error(
                    f"{name}: style {spec.style} is not supported: {refused}",
                    file=source,
                )
            )
        if not spec.operations:
            diagnostics.append(error("the spec has no operations", file=source))
        builder.components()
        modules = Scope({"_components", "models"} | set(keyword.kwlist) | WINDOWS_RESERVED)
        methods = Scope(
            [
                "call",
                "call_sse",
                "stream",
                "close",
                "aclose",
                "config",
                "endpoint",
                "protocol",
                "credentials_provider",
                "user_agent",
                "product_id",
                "endpoint_rule",
                "endpoint_map",
                "sdk_user_agent",
                "operations",
                "pagination",
            ]
        )
        operations: list[OperationView] = []
        op_modules: list[dict[str, Any]] = []
        for op in spec.operations.values():
            view, module = builder.operation(op, modules, methods)
            operations.append(view)
            op_modules.append(module)
        for view in operations:
            if view.pagination is not None:
                view.page_method = methods.claim("iter_" + view.method_name)
        common = self._common(spec, import_name, dist, builder, operations)
        common["package_version"] = Code(package_version)  # checked: PEP 440
        jobs: list[RenderJob] = []
        src = f"src/{import_name}"
        ctx = {**common}
        jobs.append(RenderJob("pyproject.toml.jinja", "pyproject.toml", ctx, format=False))
        jobs.append(RenderJob("README.md.jinja", "README.md", ctx, format=False))
        jobs.append(RenderJob("py.typed.jinja", f"{src}/py.typed", ctx, format=False))
        jobs.append(RenderJob("package/__init__.py.jinja", f"{src}/__init__.py", ctx))
        jobs.append(RenderJob("package/_base.py.jinja", f"{src}/_base.py", ctx))
        jobs.append(RenderJob("package/_models.py.jinja", f"{src}/_models.py", ctx))
        jobs.append(RenderJob("package/_operations.py.jinja", f"{src}/_operations.py", ctx))
        jobs.append(RenderJob("package/client.py.jinja", f"{src}/client.py", ctx))
        jobs.append(RenderJob("package/models/__init__.py.jinja", f"{src}/models/__init__.py", ctx))
        comp_ctx = {
            **common,
            "models": builder.component_models,
            "typing": sorted(
                names_used(builder._annotations(builder.component_models)),
                key=isort_key,
            ),
            "uses_field": any(f.uses_field for m in builder.component_models for f in m.fields),
        }
        jobs.append(
            RenderJob(
                "package/models/_components.py.jinja",
                f"{src}/models/_components.py",
                comp_ctx,
            )
        )
        jobs.append(
            RenderJob(
                "package/operations.json.jinja",
                f"{src}/operations.json",
                # A JSON document made by the JSON encoder: escaped as a whole.
                {"json": Code(operations_json(spec, operations, _endpoint_rule(spec)))},
                format=False,
            )
        )
        for module in op_modules:
            jobs.append(
                RenderJob(
                    "package/models/operation.py.jinja",
                    f"{src}/models/{module['name']}.py",
                    {**common, "module": module},
                )
            )
        return Plan(
            package_dir=package_dir,
            jobs=jobs,
            static=[StaticCopy(RUNTIME_SOURCE, f"{src}/_runtime")],
            info={"import_name": import_name, "distribution": dist},
        )

    def _common(
        self,
        spec: Spec,
        import_name: str,
        dist: str,
        builder: _Builder,
        operations: list[OperationView],
    ) -> dict[str, Any]:
        signature_annotations = [p.annotation for o in operations for p in o.params]
        signature_annotations += [o.item_annotation or "" for o in operations]
        typing_names = names_used(signature_annotations)
        type_imports: dict[str, list[str]] = {}
        for view in operations:
            names = {view.request_class}
            if view.kind != "sse":  # SSE methods return events, not the response model
                names.add(view.response_class)
            for param in view.params:
                names.update(re.findall(r"\b[A-Z]\w*", _QUOTED.sub("", param.annotation)))
            if view.item_annotation and view.item_annotation[:1].isupper():
                names.add(view.item_annotation)
            # ``Literal[True, False]`` (boolean enums): constants, not classes to import
            for name in sorted(names - {"Any", "Literal", "IO", "True", "False", "None"}):
                type_imports.setdefault(builder.exports.get(name, view.module), []).append(name)
        example = next(
            (o for o in operations if o.pagination),
            operations[0] if operations else None,
        )
        example_args: list[tuple[str, str]] = []
        example_wire_args: list[tuple[str, str]] = []
        if example is not None:
            op = spec.operations[example.name]
            for ir_param, param_view in zip(op.parameters, example.params, strict=True):
                if ir_param.required and ir_param.location is not ParameterLocation.BODY:
                    value = _example_value(param_view, ir_param.schema)
                    example_args.append((param_view.name, value))
                    example_wire_args.append((param_view.wire, value))
        sse = any(o.kind == "sse" for o in operations)
        return {
            "spec": spec,
            "product": spec.product,
            "version": spec.version,
            "title": spec.title or spec.product,
            "import_name": ident(import_name),
            "distribution": Code(dist),  # checked: PEP 508 name characters only
            "description": f"Python SDK for Alibaba Cloud {spec.product} {spec.version} "
            "(generated by gen-sdk)",
            "official_package": "alibabacloud_"
            + spec.product.lower()
            + spec.version.replace("-", ""),
            "regional_host_pattern": f"{spec.product.lower()}.<region>.aliyuncs.com",
            "central_host": f"{spec.product.lower()}.aliyuncs.com",
            "package_version": __version__,
            "generator_version": __version__,
            "endpoints": [(e.region_id, e.endpoint) for e in spec.endpoints],
            "endpoint_rule": _endpoint_rule(spec),
            "default_region": (spec.endpoints[0].region_id if spec.endpoints else "cn-hangzhou"),
            "operations": operations,
            "paginated": [o for o in operations if o.pagination],
            "component_models": builder.component_models,
            "exports": sorted(builder.exports.items(), key=lambda kv: (kv[1], kv[0])),
            "export_modules": _group(builder.exports),
            "export_lines": [(m, " ".join(n)) for m, n in _group(builder.exports)],
            "star_modules": sorted({ident("_components"), *builder.exports.values()}),
            "export_imports": [
                _reexport(module, name)
                for module, names in _group(builder.exports)
                for name in names
            ],
            "type_imports": sorted(
                (m, sorted(set(n), key=isort_key)) for m, n in type_imports.items()
            ),
            "client_typing": sorted(typing_names | {"TYPE_CHECKING"}, key=isort_key),
            "has_sse": sse,
            "has_pagination": any(o.pagination for o in operations),
            "example": example,
            "example_args": example_args,
            "example_wire_args": example_wire_args,
            "line_length": LINE_LENGTH,
        }

    def format(self, output: str, text: str) -> str:
        if not output.endswith(".py"):
            return text
        import black

        mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})
        return black.format_str(text, mode=mode)

    def filters(self) -> Mapping[str, Callable[..., Any]]:
        return {
            "py": py_literal,
            "pystr": py_str,
            "docstring": docstring,
            "doc": compact_docstring,
            "annotated": lambda p: annotated(p.name, f"{p.annotation} | None"),
            "doctext": doc_text,
            "comment": comment,
            "ident": ident,
        }


def _reexport(module: str, name: str) -> Code:
    """``from .module import Name as Name`` at 4 spaces, wrapped as black wraps it."""
    line = f"from .{module} import {name} as {name}"
    if 4 + len(line) <= LINE_LENGTH:
        return Code(line)
    return Code(f"from .{module} import (\n        {name} as {name},\n    )")


def _group(exports: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for name, module in exports.items():
        grouped.setdefault(module, []).append(name)
    return sorted((m, sorted(n, key=isort_key)) for m, n in grouped.items())


__all__ = [
    "PythonTarget",
    "clean_text",
    "docstring",
    "package_names",
    "pascal",
    "py_literal",
    "py_str",
    "snake",
]
