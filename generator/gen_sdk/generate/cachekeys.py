"""The output cache's keys and entries: what a spec's output depends on (the generator's
own source, the formatter's version, the spec's options), and the metadata stored beside
the files (package directory, operations, diagnostics)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..cache import cache_key, fingerprint_tree
from ..config import SpecConfig
from ..diagnostics import Diagnostic, Severity
from ..paths import check_relative_dir
from ..targets import FORMATTERS
from .worker import Prepared

#: Bumped when what a cache entry holds changes meaning.
CACHE_FORMAT = "gen-sdk-output-2"
#: The cache entry member holding a result's metadata (never an output file: outputs are
#: checked against reserved names by ``plan_package``, and this one starts with a dot).
META = ".gen-sdk-cache-meta.json"
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


def encode_meta(prepared: Prepared, spec_path: str) -> bytes:
    diagnostics = []
    for d in prepared.diagnostics:
        item = asdict(d)
        # Diagnostics name the spec file (in ``file``, and a parser's message may too); the
        # entry serves every copy of the spec, so the path is filled in when it is read.
        item["file"] = _SPEC_PATH if d.file == spec_path else d.file
        item["message"] = d.message.replace(spec_path, _SPEC_PATH)
        diagnostics.append(item)
    meta = {
        "package_dir": prepared.package_dir,
        "operations": prepared.operations,
        "diagnostics": diagnostics,
    }
    return json.dumps(meta, sort_keys=True).encode("utf-8")


def decode_meta(data: bytes, spec_path: str) -> Prepared | None:
    try:
        meta = json.loads(data)
        diagnostics = []
        for item in meta["diagnostics"]:
            if item["file"] == _SPEC_PATH:
                item["file"] = spec_path
            item["message"] = item["message"].replace(_SPEC_PATH, spec_path)
            item["severity"] = Severity(item["severity"])
            diagnostics.append(Diagnostic(**item))
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
        },
        sort_keys=True,
    )


__all__ = [
    "CACHE_FORMAT",
    "META",
    "decode_meta",
    "encode_meta",
    "formatter_version",
    "generator_fingerprint",
    "spec_options",
]
