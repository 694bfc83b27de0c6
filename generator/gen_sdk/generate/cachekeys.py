"""The output cache's keys and entries: what a spec's output depends on (the generator's
own source, the formatter's version, the spec's options), and the metadata stored beside
the files (package directory, operations, diagnostics)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..cache import cache_key, fingerprint_tree
from ..config import SpecConfig
from ..diagnostics import Diagnostic, Severity
from ..paths import check_relative_dir
from ..targets import FORMATTERS
from .worker import Prepared

#: Bumped when what a cache entry holds changes meaning.
CACHE_FORMAT = "gen-sdk-output-3"
#: The cache entry member holding a result's metadata (never an output file: outputs are
#: checked against reserved names by ``plan_package``, and this one starts with a dot).
META = ".gen-sdk-cache-meta.json"
#: The member holding the records of a spec's operations, for the next run of the spec
#: (:mod:`.parts`); also never an output file.
RECORDS = ".gen-sdk-cache-parts.json"


def pointer_key(context: str, spec_key: str) -> str:
    """The cache key of the pointer to the last output of spec ``product/version`` made in
    ``context`` (everything the output depends on but the spec's text)."""
    return cache_key("gen-sdk-parts-pointer", context, spec_key)


#: The package ``gen_sdk`` itself: its whole source is part of every key.
_GENERATOR_ROOT = Path(__file__).resolve().parents[1]


def generator_fingerprint() -> str:
    """The generator's version and its own source: an edited checkout misses the cache."""
    return cache_key(__version__, fingerprint_tree(_GENERATOR_ROOT))


def formatter_version(target: str) -> str:
    """The formatter's version (read from its metadata: importing black is slow)."""
    from importlib import metadata

    name = FORMATTERS.get(target)
    if name is None:
        return ""
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return ""


#: Stands for the spec's path in cached diagnostics.
_SPEC_PATH = "\x00spec\x00"


def encode_diagnostics(diagnostics: list[Diagnostic], spec_path: str) -> list[dict[str, Any]]:
    """Diagnostics as JSON data for a cache entry. They name the spec file (in ``file``, and a
    parser's message may too); an entry serves every copy of the spec, so the path is
    filled in when they are read (:func:`decode_diagnostics`)."""
    items = []
    for d in diagnostics:
        item = asdict(d)
        item["file"] = _SPEC_PATH if d.file == spec_path else d.file
        item["message"] = d.message.replace(spec_path, _SPEC_PATH)
        items.append(item)
    return items


def decode_diagnostics(items: list[Any], spec_path: str) -> list[Diagnostic]:
    """The diagnostics :func:`encode_diagnostics` wrote; ``ValueError``, ``KeyError`` or
    ``TypeError`` if they are not that."""
    diagnostics = []
    for item in items:
        item = dict(item)
        if item["file"] == _SPEC_PATH:
            item["file"] = spec_path
        item["message"] = item["message"].replace(_SPEC_PATH, spec_path)
        item["severity"] = Severity(item["severity"])
        diagnostics.append(Diagnostic(**item))
    return diagnostics


def encode_meta(prepared: Prepared, spec_path: str) -> bytes:
    meta = {
        "package_dir": prepared.package_dir,
        "operations": prepared.operations,
        "diagnostics": encode_diagnostics(prepared.diagnostics, spec_path),
    }
    return json.dumps(meta, sort_keys=True).encode("utf-8")


def decode_meta(data: bytes, spec_path: str) -> Prepared | None:
    try:
        meta = json.loads(data)
        diagnostics = decode_diagnostics(meta["diagnostics"], spec_path)
        package_dir = meta["package_dir"]
        operations = meta["operations"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(package_dir, str | None) or not isinstance(operations, int):
        return None
    if package_dir is not None:
        try:
            check_relative_dir(package_dir)  # a forged entry must not write outside OUT
        except ValueError:
            return None
    return Prepared(-1, diagnostics, package_dir, operations)


def spec_options(config: SpecConfig) -> str:
    return json.dumps(
        {
            "target": config.target,
            "package_name": config.package_name,
            "distribution_name": config.distribution_name,
            "package_version": config.package_version,
            # The version the changelog gives; its text only changes CHANGELOG.md, a
            # package-wide file made every time (its digest is in the spec's key).
            "release": config.release,
        },
        sort_keys=True,
    )


__all__ = [
    "CACHE_FORMAT",
    "META",
    "RECORDS",
    "decode_diagnostics",
    "decode_meta",
    "encode_diagnostics",
    "encode_meta",
    "formatter_version",
    "generator_fingerprint",
    "pointer_key",
    "spec_options",
]
