"""Configuration: ``gen-sdk.toml`` or ``[tool.gen-sdk]`` in ``pyproject.toml``.

Public API::

    load_config(start_dirs, *, known_targets=None) -> Config   # search, parse, validate
    load_config_file(path, *, known_targets=None) -> Config    # an explicit --config
    Config                   # frozen; Config.default(), .for_spec(key), .unused_overrides(keys)
    SpecConfig               # frozen; the options for one spec, overrides applied
    ConfigError              # a ValueError: "file: key: message" (or "file:line:col: ...")

**Where.** For each start directory (each input directory; for an input file, its
directory) the search looks in that directory, then its parents, up to the filesystem root or
up to and including the first directory holding ``.git`` (a directory, or a file in a
worktree/submodule: the repository root). At each level ``gen-sdk.toml`` wins over
``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.gen-sdk]`` table does not count
and the search goes on upwards. The nearest file wins; files are not merged. When the start
directories find different files, that is an error (the inputs would be generated under
different settings): pass one with ``load_config_file``. No file: :meth:`Config.default`.

**What.** In ``gen-sdk.toml`` the options are top-level keys; in ``pyproject.toml`` they sit
under ``[tool.gen-sdk]``. All are optional; an unknown key is an error listing the valid ones.

============================ ============================================================
``target``                   the target name; default ``"python"``
``templates``                template overrides, as ``--templates``: files laid out like
                             ``templates/<target>/`` replacing the built-in ones of the same
                             path (relative to the config file; must be a directory)
``package-name``             import package name, a format string: ``{product}`` (lower
                             case), ``{product_compact}`` (lower case, letters and digits
                             only: ``pai-dlc`` -> ``paidlc``), ``{version}`` (as given,
                             ``2025-06-30``), ``{version_compact}`` (``20250630``); unset:
                             the target's default (Python: ``{product_compact}_{version_compact}``)
``distribution-name``        same placeholders; unset: the target's default
``package-version``          the generated packages' version: ``{spec_version_dotted}``
                             (``2025-06-30`` -> ``2025.6.30``), ``{generator_version}`` and
                             ``{release}`` (the newest release of the changelog beside the
                             spec, else the generator's version); must give a PEP 440
                             version. Deterministic on purpose: no dates. Unset: the
                             changelog's newest release, else the target's default
``cache-dir``                the output cache (relative to the config file)
``jobs``                     worker processes, an integer >= 1
``format``                   run the target's formatter (bool); default true
``warnings``                 what warnings do (``--warnings``): ``"default"`` (a summary line
                             per spec), ``"error"`` (any warning fails its spec), ``"ignore"``
``changelog``                ``gen-sdk diff`` stamps each changed package's release into the
                             ``CHANGELOG.md`` beside its spec (bool); default false
``overrides."<glob>"``       a table of ``package-name``, ``distribution-name``,
                             ``package-version``, ``target`` for the specs the glob matches
                             (``ecs``, ``ecs/2014-05-26``, ``pai*/*``: the rule of
                             ``--only``, see :func:`gen_sdk.discovery.key_matches`); every
                             matching override applies, in file order, a later one winning
============================ ============================================================

Placeholders are validated when the file is loaded (unknown names, ``{0}``, ``{a.b}``,
conversions and format specs are errors), so a typo fails before any generation.

Long because: every option is documented, read and validated here, in one place.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostics import WARNING_POLICIES, WarningPolicy
from .discovery import key_matches

CONFIG_NAME = "gen-sdk.toml"
PYPROJECT_NAME = "pyproject.toml"
DEFAULT_TARGET = "python"

NAME_FIELDS = ("product", "product_compact", "version", "version_compact")
VERSION_FIELDS = ("spec_version_dotted", "generator_version", "release")

_TOP_KEYS = (
    "cache-dir",
    "changelog",
    "distribution-name",
    "format",
    "jobs",
    "overrides",
    "package-name",
    "package-version",
    "target",
    "templates",
    "warnings",
)
_OVERRIDE_KEYS = ("distribution-name", "package-name", "package-version", "target")
_TARGET_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
# PEP 440, appendix B (the canonical public-version regex, with local versions).
_PEP440 = re.compile(
    r"""
    v?(?:(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*
    (?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?
    (?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?
    (?:[-_.]?dev[-_.]?[0-9]*)?)
    (?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


class ConfigError(ValueError):
    """A configuration problem, located: ``file: key: message``."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | None = None,
        key: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.key = key
        self.line = line
        self.column = column
        where = str(file) if file is not None else ""
        if file is not None and line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        prefix = ": ".join(p for p in (where, key) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


# --------------------------------------------------------------------------------------------
# Placeholder values
# --------------------------------------------------------------------------------------------


def name_fields(product: str, version: str) -> dict[str, str]:
    """The values of the ``package-name`` / ``distribution-name`` placeholders."""
    lower = product.lower()
    return {
        "product": lower,
        "product_compact": re.sub(r"[^a-z0-9]+", "", lower),
        "version": version,
        "version_compact": re.sub(r"[^A-Za-z0-9]+", "", version).lower(),
    }


def dotted_version(version: str) -> str:
    """The numbers of a spec version joined by dots: ``2025-06-30`` -> ``2025.6.30``
    (leading zeros dropped, as PEP 440 normalizes them); ``0`` when there are none."""
    numbers = [str(int(n)) for n in re.findall(r"[0-9]+", version)]
    return ".".join(numbers) or "0"


def version_fields(
    spec_version: str, generator_version: str = __version__, release: str | None = None
) -> dict[str, str]:
    """The values of the ``package-version`` placeholders (``release``: the changelog's
    newest, else the generator's version)."""
    return {
        "spec_version_dotted": dotted_version(spec_version),
        "generator_version": generator_version,
        "release": release or generator_version,
    }


# --------------------------------------------------------------------------------------------
# The configuration
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Override:
    """One ``overrides."<pattern>"`` table; ``None`` leaves the option alone."""

    pattern: str
    target: str | None = None
    package_name: str | None = None
    distribution_name: str | None = None
    package_version: str | None = None


@dataclass(frozen=True, slots=True)
class SpecConfig:
    """The options for one spec. Name/version fields hold the format strings as configured
    (``None``: the target's default); the ``format_*`` methods fill them in."""

    key: str
    target: str
    package_name: str | None
    distribution_name: str | None
    package_version: str | None
    templates: Path | None
    format: bool
    #: The config file these came from (for messages), if any.
    source: Path | None = None
    #: Not configured but found beside the spec: its ``CHANGELOG.md`` and the newest release
    #: it records (see :mod:`gen_sdk.changes.changelog`).
    changelog: str | None = None
    release: str | None = None

    def format_package_name(self, product: str, version: str) -> str | None:
        if self.package_name is None:
            return None
        return self.package_name.format_map(name_fields(product, version))

    def format_distribution_name(self, product: str, version: str) -> str | None:
        if self.distribution_name is None:
            return None
        return self.distribution_name.format_map(name_fields(product, version))

    def format_package_version(
        self, spec_version: str, generator_version: str = __version__
    ) -> str | None:
        """The package version; a :class:`ConfigError` if it is not a PEP 440 version."""
        if self.package_version is None:
            return None
        fields = version_fields(spec_version, generator_version, self.release)
        value = self.package_version.format_map(fields)
        if not _PEP440.fullmatch(value):
            raise ConfigError(
                f"{value!r} (from {self.package_version!r}) is not a PEP 440 version",
                file=self.source,
                key="package-version",
            )
        return value


@dataclass(frozen=True, slots=True)
class Config:
    #: The file the options came from; ``None`` for the defaults.
    source: Path | None = None
    target: str = DEFAULT_TARGET
    templates: Path | None = None
    package_name: str | None = None
    distribution_name: str | None = None
    package_version: str | None = None
    cache_dir: Path | None = None
    jobs: int | None = None
    format: bool = True
    changelog: bool = False
    overrides: tuple[Override, ...] = ()
    #: What warnings do (``--warnings``); not part of the cache key: the output is the same.
    warnings: WarningPolicy = "default"

    @classmethod
    def default(cls) -> Config:
        return cls()

    def for_spec(self, key: str) -> SpecConfig:
        """The options for the spec ``product/version`` (a :class:`SpecSource` key)."""
        product, _, version = key.partition("/")
        result = SpecConfig(
            key=key,
            target=self.target,
            package_name=self.package_name,
            distribution_name=self.distribution_name,
            package_version=self.package_version,
            templates=self.templates,
            format=self.format,
            source=self.source,
        )
        for override in self.overrides:
            if not key_matches(override.pattern, product, version):
                continue
            changes = {
                name: getattr(override, name)
                for name in ("target", "package_name", "distribution_name", "package_version")
                if getattr(override, name) is not None
            }
            result = replace(result, **changes)
        return result

    def unused_overrides(self, keys: Collection[str]) -> list[str]:
        """Override patterns that match none of ``keys`` (probably typos; worth a warning)."""
        split = [key.partition("/") for key in keys]
        return [
            o.pattern
            for o in self.overrides
            if not any(key_matches(o.pattern, p, v) for p, _, v in split)
        ]


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _dotted(*parts: str) -> str:
    return ".".join(p if _BARE_KEY.fullmatch(p) else f'"{p}"' for p in parts)


class _Validator:
    """Checks one table of one file; errors carry the file and the full dotted key."""

    def __init__(self, file: Path, prefix: tuple[str, ...]) -> None:
        self.file = file
        self.prefix = prefix

    def error(self, message: str, *keys: str) -> ConfigError:
        return ConfigError(message, file=self.file, key=_dotted(*self.prefix, *keys) or None)

    def check_keys(self, table: Mapping[str, Any], valid: Sequence[str], *sub: str) -> None:
        for key in table:
            if key not in valid:
                close = difflib.get_close_matches(key, valid, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.error(f"unknown option ({hint}valid: {', '.join(valid)})", *sub, key)

    def string(self, table: Mapping[str, Any], key: str, *sub: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.error(f"expected a non-empty string, found {value!r}", *sub, key)
        return value

    def template(
        self, table: Mapping[str, Any], key: str, fields: Sequence[str], *sub: str
    ) -> str | None:
        value = self.string(table, key, *sub)
        if value is None:
            return None
        try:
            parsed = list(string.Formatter().parse(value))
        except ValueError as exc:
            raise self.error(f"invalid format string {value!r}: {exc}", *sub, key) from None
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in fields:
                valid = ", ".join(f"{{{f}}}" for f in fields)
                raise self.error(f"unknown placeholder {{{name}}} (valid: {valid})", *sub, key)
            if spec or conversion:
                raise self.error(f"placeholder {{{name}}} takes no conversion or spec", *sub, key)
        return value

    def path(self, table: Mapping[str, Any], key: str, *, must_exist: bool) -> Path | None:
        value = self.string(table, key)
        if value is None:
            return None
        path = (self.file.parent / Path(value).expanduser()).absolute()
        if must_exist and not path.is_dir():
            raise self.error(f"{path} is not a directory", key)
        return path

    def target(
        self, table: Mapping[str, Any], known: Collection[str] | None, *sub: str
    ) -> str | None:
        value = self.string(table, "target", *sub)
        if value is None:
            return None
        if known is not None and value not in known:
            raise self.error(f"unknown target {value!r} (known: {_list(known)})", *sub, "target")
        if known is None and not _TARGET_NAME.fullmatch(value):
            raise self.error(f"invalid target name {value!r}", *sub, "target")
        return value


def _list(values: Collection[str]) -> str:
    return ", ".join(sorted(values))


def _parse(file: Path, table: Mapping[str, Any], known_targets: Collection[str] | None) -> Config:
    prefix = ("tool", "gen-sdk") if file.name == PYPROJECT_NAME else ()
    check = _Validator(file, prefix)
    check.check_keys(table, _TOP_KEYS)

    jobs = table.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise check.error(f"expected an integer >= 1, found {jobs!r}", "jobs")
    fmt, changelog = table.get("format", True), table.get("changelog", False)
    for key, flag in (("format", fmt), ("changelog", changelog)):
        if not isinstance(flag, bool):
            raise check.error(f"expected true or false, found {flag!r}", key)

    warnings = table.get("warnings", "default")
    if warnings not in WARNING_POLICIES:
        raise check.error(
            f"expected one of {', '.join(WARNING_POLICIES)}, found {warnings!r}", "warnings"
        )

    raw_overrides = table.get("overrides", {})
    if not isinstance(raw_overrides, dict):
        raise check.error('expected a table of tables: [overrides."ecs/*"]', "overrides")
    overrides: list[Override] = []
    for pattern, options in raw_overrides.items():
        if not pattern or pattern.count("/") > 1:
            raise check.error("expected a glob on product or product/version", "overrides", pattern)
        if not isinstance(options, dict):
            raise check.error("expected a table of options", "overrides", pattern)
        sub = ("overrides", pattern)
        check.check_keys(options, _OVERRIDE_KEYS, *sub)
        overrides.append(
            Override(
                pattern=pattern,
                target=check.target(options, known_targets, *sub),
                package_name=check.template(options, "package-name", NAME_FIELDS, *sub),
                distribution_name=check.template(options, "distribution-name", NAME_FIELDS, *sub),
                package_version=_version_template(check, options, *sub),
            )
        )

    return Config(
        source=file,
        target=check.target(table, known_targets) or DEFAULT_TARGET,
        templates=check.path(table, "templates", must_exist=True),
        package_name=check.template(table, "package-name", NAME_FIELDS),
        distribution_name=check.template(table, "distribution-name", NAME_FIELDS),
        package_version=_version_template(check, table),
        cache_dir=check.path(table, "cache-dir", must_exist=False),
        jobs=jobs,
        format=fmt,
        changelog=changelog,
        overrides=tuple(overrides),
        warnings=warnings,
    )


def _version_template(check: _Validator, table: Mapping[str, Any], *sub: str) -> str | None:
    value = check.template(table, "package-version", VERSION_FIELDS, *sub)
    if value is not None:
        # Placeholders only ever give digits and dots, so a sample shows whether the
        # literal parts make a PEP 440 version.
        sample = value.format_map(version_fields("2025-06-30", "1.2.3"))
        if not _PEP440.fullmatch(sample):
            raise check.error(
                f"{value!r} gives e.g. {sample!r}: not a PEP 440 version", *sub, "package-version"
            )
    return value


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", file=file) from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", file=file) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if position is None:
            raise ConfigError(f"invalid TOML: {message}", file=file) from None
        raise ConfigError(
            f"invalid TOML: {message[: position.start()]}",
            file=file,
            line=int(position[1]),
            column=int(position[2]),
        ) from None


def _table(file: Path) -> dict[str, Any] | None:
    """The gen-sdk options of ``file``; ``None`` for a pyproject.toml without them."""
    data = _read_toml(file)
    if file.name != PYPROJECT_NAME:
        return data
    tool = data.get("tool")
    section = tool.get("gen-sdk") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError("expected a table", file=file, key="tool.gen-sdk")
    return section


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its gen-sdk table."""
    directory = Path(start).absolute()
    if not directory.is_dir():
        directory = directory.parent
    for level in (directory, *directory.parents):
        for name in (CONFIG_NAME, PYPROJECT_NAME):
            candidate = level / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
        if (level / ".git").exists():
            break
    return None


def load_config_file(path: Path, *, known_targets: Collection[str] | None = None) -> Config:
    """The options of one file (``gen-sdk.toml`` or ``pyproject.toml``: by its name)."""
    file = Path(path).absolute()
    table = _table(file)
    if table is None:
        raise ConfigError("no [tool.gen-sdk] table", file=file)
    return _parse(file, table, known_targets)


def load_config(
    start_dirs: Sequence[Path], *, known_targets: Collection[str] | None = None
) -> Config:
    """The configuration for inputs in ``start_dirs`` (files stand for their directory).

    ``known_targets``: target names to accept (e.g. ``gen_sdk.targets.TARGETS``), so that a
    wrong ``target`` is reported with its file and key; ``None`` checks only the spelling.
    """
    found: dict[Path, dict[str, Any]] = {}
    for start in start_dirs:
        hit = find_config(start)
        if hit is not None:
            found.setdefault(hit[0], hit[1])
    if not found:
        return Config.default()
    if len(found) > 1:
        files = ", ".join(str(f) for f in found)
        raise ConfigError(f"the inputs have different config files: {files}; choose one")
    [(file, table)] = found.items()
    return _parse(file, table, known_targets)


__all__ = [
    "CONFIG_NAME",
    "DEFAULT_TARGET",
    "NAME_FIELDS",
    "PYPROJECT_NAME",
    "VERSION_FIELDS",
    "Config",
    "ConfigError",
    "Override",
    "SpecConfig",
    "dotted_version",
    "find_config",
    "load_config",
    "load_config_file",
    "name_fields",
    "version_fields",
]
