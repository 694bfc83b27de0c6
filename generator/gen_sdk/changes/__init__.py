"""``gen-sdk diff``: what changed between two versions of a set of specs, whether it breaks
programs written against the old SDKs, and the release it calls for.

Public API::

    compare(old_inputs, new_inputs, *, only=(), jobs=1, extra_changes=None) -> [Comparison]
    Comparison(key, old, new, diff)   # .status: Status, .errors
    markdown_report(comparisons), json_report(comparisons)
    stamp(spec, diff, spec_digest, base_version) -> Stamp | None    # CHANGELOG.md
    export_revision(rev, paths, destination) -> [Path]              # --base REV

The comparison itself is the SDK model's (:mod:`gen_sdk.sdk.diff`, with the target's own
breaks from :func:`gen_sdk.sdk.naming.name_changes`); this package pairs the specs, reads the
old side from git, writes the reports and the changelog. Its names load on first use: the
command line registers ``diff`` (:mod:`.command`) without importing the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .changelog import Stamp, changelog_path, read_changelog, release_of, stamp
    from .compare import Comparison, Side, Status, compare
    from .git import GitError, export_revision
    from .report import json_report, markdown_report

_WHERE = {
    "Stamp": "changelog",
    "changelog_path": "changelog",
    "read_changelog": "changelog",
    "release_of": "changelog",
    "stamp": "changelog",
    "Comparison": "compare",
    "Side": "compare",
    "Status": "compare",
    "compare": "compare",
    "GitError": "git",
    "export_revision": "git",
    "json_report": "report",
    "markdown_report": "report",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "Comparison",
    "GitError",
    "Side",
    "Stamp",
    "Status",
    "changelog_path",
    "compare",
    "export_revision",
    "json_report",
    "markdown_report",
    "read_changelog",
    "release_of",
    "stamp",
]
