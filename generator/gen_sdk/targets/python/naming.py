"""Python's naming policy: case functions, reserved words and suffixes for the naming step
(:mod:`gen_sdk.sdk.naming`), and the names of the package itself.

* **snake** (fields, parameters, methods, modules): camel-case boundaries become ``_``
  (``VSwitchId`` -> ``v_switch_id``), other non-identifier characters ``_``, non-ASCII
  characters ``u<hex>``; a leading digit gets an ``n`` prefix.
* **pascal** (classes): the snake words capitalised; a leading digit gets an ``M`` prefix.
* **Reserved** names get a trailing ``_`` (classes: a ``Model`` suffix): keywords, pydantic's
  ``BaseModel`` attributes and the annotation names in models, ``self``/``request``/
  ``headers`` in signatures, the runtime's names on clients, Windows device names for
  modules. A field is never named like another field's wire name (pydantic accepts both).
* **Collisions**: ``_2``, ``_3``... (classes: ``2``, ``3``...).
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...diagnostics import Diagnostic, error
from ...paths import MAX_SEGMENT, WINDOWS_RESERVED
from ...sdk.naming import Names, NamingPolicy, ScopeRules
from ..code import Code

if TYPE_CHECKING:
    from ...config import SpecConfig
    from ...sdk import Package

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
    ["str", "int", "float", "bool", "bytes", "list", "dict", "Any", "Literal", "IO", "Field"]
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
#: What the client classes already have: never an API's method name.
RESERVED_METHODS = frozenset(
    {
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
    }
)
#: Module names of the ``models`` package that are not an API's.
RESERVED_MODULES = frozenset({"_components", "models", *keyword.kwlist}) | WINDOWS_RESERVED


def _ascii(name: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"_u{ord(ch):04x}_" for ch in name)


def _words(name: str) -> list[str]:
    text = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", _ascii(name)))
    return [w for w in _NON_WORD.sub("_", text).lower().split("_") if w]


# The naming step cases the same wire names again and again (``RequestId``, ``PageSize``):
# the case functions are pure, and remember.
@functools.lru_cache(maxsize=1 << 16)
def snake(name: str) -> str:
    """``ListModelGalleryModels`` -> ``list_model_gallery_models``; always an identifier."""
    text = "_".join(_words(name)) or "value"
    return "n" + text if text[0].isdigit() else text


@functools.lru_cache(maxsize=1 << 16)
def pascal(name: str) -> str:
    """``list_model_gallery_models``/``ListModelGalleryModels`` -> ``ListModelGalleryModels``."""
    text = "".join(w[:1].upper() + w[1:] for w in _words(name))
    if text[:1].isdigit():
        text = "M" + text
    return text or "Model"


def module_name(wire: str) -> str:
    """A module (and file) name for an API: snake, and short enough for a file name with
    ``.py`` and a ``_N`` suffix (a longer one is cut and ends with a hash of ``wire``)."""
    name = snake(wire)
    limit = MAX_SEGMENT - len(".py") - 3
    if len(name) > limit:
        digest = hashlib.sha256(wire.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{name[: limit - 9]}_{digest}"
    return name


def escape_reserved(name: str, reserved: Iterable[str]) -> str:
    """``name`` with ``_`` appended while it is a keyword or reserved."""
    while keyword.iskeyword(name) or name in reserved:
        name += "_"
    return name


def _escape_class(name: str, reserved: frozenset[str]) -> str:
    while name in reserved or keyword.iskeyword(name):
        name += "Model"
    return name


def _member(reserved: frozenset[str]) -> ScopeRules:
    return ScopeRules(case=snake, reserved=reserved, escape=escape_reserved)


#: Python's policy for the naming step.
POLICY = NamingPolicy(
    types=ScopeRules(
        case=pascal,
        reserved=RESERVED_CLASSES,
        escape=_escape_class,
        suffix=lambda base, n: f"{base}{n}",
    ),
    fields=_member(BASEMODEL_ATTRS | ANNOTATION_NAMES),
    params=_member(RESERVED_PARAMS | BASEMODEL_ATTRS),
    methods=_member(RESERVED_METHODS),
    modules=ScopeRules(case=module_name, reserved=RESERVED_MODULES, escape=escape_reserved),
    operation_types=(("request", "Request"), ("response", "Response"), ("params", "Params")),
    nested_type=lambda owner, prop: owner + prop,
    fields_avoid_wire_names=True,
    page_method=lambda method: f"iter_{method}",
    sse_method=lambda method: f"{method}_with_sse",
)


@functools.lru_cache(maxsize=1 << 16)
def ident(name: str) -> Code:
    """``name`` as code, checked to be an ASCII Python identifier (the naming step's output:
    safe in every context it is printed in)."""
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        raise ValueError(f"not a Python identifier: {name!r}")
    return Code(name)


def checked(names: Names) -> Names:
    """``names`` with every name as :class:`~gen_sdk.targets.code.Code`, each checked to be
    an identifier (templates print names as they are)."""

    def each(mapping: Mapping[Any, str]) -> dict[Any, str]:
        return {key: ident(value) for key, value in mapping.items()}

    return Names(
        types=each(names.types),
        roles=each(names.roles),
        fields={k: tuple(ident(n) for n in v) for k, v in names.fields.items()},
        params={k: tuple(ident(n) for n in v) for k, v in names.params.items()},
        methods=each(names.methods),
        modules=each(names.modules),
        page_methods=each(names.page_methods),
        sse_methods=each(names.sse_methods),
    )


def package_names(product: str, version: str) -> tuple[str, str]:
    """(import package, distribution) for a product and version: ``<product>_<version
    digits>`` (an identifier of at most :data:`~gen_sdk.paths.MAX_SEGMENT` characters, since
    it is a directory name too) and ``gen-sdk-<product>-<version digits>``."""
    compact = snake(product).replace("_", "") if product else "product"
    version_part = re.sub(r"[^a-z0-9]+", "_", version.lower()).strip("_")
    if re.fullmatch(r"\d+(_\d+)*", version_part):
        version_part = version_part.replace("_", "")
    import_name = f"{compact}_{version_part}" if version_part else compact
    if len(import_name) > MAX_SEGMENT:
        digest = hashlib.sha256(import_name.encode()).hexdigest()[:8]
        import_name = f"{import_name[: MAX_SEGMENT - 9]}_{digest}"
    import_name = escape_reserved(import_name, WINDOWS_RESERVED)
    return import_name, "gen-sdk-" + import_name.replace("_", "-")


_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # PEP 508


def configured_names(
    package: Package,
    config: SpecConfig | None,
    diagnostics: list[Diagnostic],
    source: str | None = None,
) -> tuple[str, str, str]:
    """(import package, distribution, package version): the config's, else the defaults;
    a value Python cannot use is an error diagnostic (and the default is returned)."""
    from ...config import ConfigError

    import_name, dist = package_names(package.product, package.version)
    version = __version__
    if config is None:
        return import_name, dist, version
    version = config.release or version  # the changelog beside the spec, if any
    name = config.format_package_name(package.product, package.version)
    if name is not None:
        if name.isidentifier() and name.isascii() and not keyword.iskeyword(name):
            import_name = name
        else:
            message = f"package-name gives {name!r}: not a Python identifier"
            diagnostics.append(error(message, kind="config-name", file=source))
    distribution = config.format_distribution_name(package.product, package.version)
    if distribution is not None:
        if _DISTRIBUTION.fullmatch(distribution):
            dist = distribution
        else:
            message = f"distribution-name gives {distribution!r}: not a distribution name"
            diagnostics.append(error(message, kind="config-name", file=source))
    try:
        version = config.format_package_version(package.version) or version
    except ConfigError as exc:
        diagnostics.append(error(str(exc), kind="config-name", file=source))
    return import_name, dist, version


__all__ = [
    "ANNOTATION_NAMES",
    "BASEMODEL_ATTRS",
    "POLICY",
    "RESERVED_CLASSES",
    "RESERVED_PARAMS",
    "checked",
    "configured_names",
    "escape_reserved",
    "ident",
    "module_name",
    "package_names",
    "pascal",
    "snake",
]
