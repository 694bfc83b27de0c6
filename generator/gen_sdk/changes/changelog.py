"""Release notes beside each spec: ``CHANGELOG.md``, stamped by ``gen-sdk diff --changelog``.

The changelog is an input, like the spec: it lives beside it (``<product>/<version>/
CHANGELOG.md`` for ``api-docs.*``, else ``<stem>.CHANGELOG.md``), is versioned with it, and
generation copies it into the package, whose version is its newest release (see
:func:`release_of`). So generation stays a pure function of its inputs, and CI's loop is:
update the specs, ``gen-sdk diff --base HEAD --changelog specs/``, ``gen-sdk specs/ OUT``,
commit.

Stamping prepends a section for the next release: the previous release (the newest in the
changelog, else the version the package had: the config's ``package-version`` or the
target's default) bumped as the diff suggests (``major``: X+1.0.0, ``minor``: X.Y+1.0,
``patch``: X.Y.Z+1), then the breaking changes, the features and the count of documentation
changes. The section records the new spec's SHA-256, so stamping the same spec twice does
nothing. No dates: the same inputs give the same file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import read_regular_file

if TYPE_CHECKING:  # generation reads changelogs without loading the SDK model
    from ..sdk.diff import PackageDiff

CHANGELOG_NAME = "CHANGELOG.md"
HEADER = "# Changelog\n"
#: A changelog is small; a bigger file is not one (or not ours to parse).
MAX_CHANGELOG_BYTES = 4 * 1024 * 1024
_RELEASE = re.compile(r"^## (\d+(?:\.\d+)*)\b", re.MULTILINE)
_STAMP = re.compile(r"<!-- gen-sdk: spec sha256 ([0-9a-f]{64}) -->")


def changelog_path(spec: Path) -> Path:
    """Where the changelog of ``spec`` lives (see the module docstring)."""
    if spec.stem.lower() == "api-docs":
        return spec.with_name(CHANGELOG_NAME)
    return spec.with_name(f"{spec.stem}.{CHANGELOG_NAME}")


def read_changelog(spec: Path) -> str | None:
    """The changelog beside ``spec``, if there is one (UTF-8)."""
    try:
        data = read_regular_file(changelog_path(spec), MAX_CHANGELOG_BYTES)
    except FileNotFoundError:
        return None
    return data.decode("utf-8", "replace")


def release_of(text: str | None) -> str | None:
    """The newest release a changelog records (its first ``## X.Y.Z`` heading)."""
    found = _RELEASE.search(text or "")
    return found.group(1) if found else None


def next_version(previous: str, bump: str) -> str:
    """``previous`` bumped (its leading numbers; missing ones are 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", previous.split("+")[0])[:3]]
    major, minor, patch = [*numbers, 0, 0, 0][:3]
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


@dataclass(frozen=True)
class Stamp:
    path: Path
    version: str
    #: False when the changelog already had this spec's section.
    written: bool


def section(version: str, bump: str, diff: PackageDiff, spec_digest: str) -> str:
    from ..sdk.diff import Impact
    from .report import change_line

    lines = [f"## {version}", "", f"<!-- gen-sdk: spec sha256 {spec_digest} -->", ""]
    if bump == "initial":
        lines.append("The first release of this package.")
    else:
        lines.append(f"A {bump} release (suggested by `gen-sdk diff`).")
    for impact, heading in ((Impact.BREAKING, "Breaking changes"), (Impact.FEATURE, "Features")):
        changes = [c for c in diff.of(impact) if c.kind != "package-added"]
        if changes:
            lines += ["", f"### {heading}", ""]
            lines.extend(change_line(change) for change in changes)
    if diff.docs:
        lines += ["", f"{diff.docs} documentation changes."]
    return "\n".join(lines) + "\n"


def stamp(
    spec: Path, diff: PackageDiff, spec_digest: str, base_version: str, *, initial: bool = False
) -> Stamp | None:
    """Prepend the next release to the changelog beside ``spec``; ``None`` when the diff
    suggests no release (nothing changed). ``initial``: the package is new, its first release
    is ``base_version``."""
    bump = "initial" if initial else diff.bump
    if bump is None:
        return None
    path = changelog_path(spec)
    text = read_changelog(spec) or ""
    newest = _RELEASE.search(text)
    latest = newest.group(1) if newest is not None else None
    if newest is not None:
        top_section = text[newest.start() :].split("\n## ", 1)[0]
        recorded = _STAMP.search(top_section)
        if recorded is not None and recorded.group(1) == spec_digest:
            return Stamp(path, newest.group(1), written=False)
    version = (
        base_version if initial and latest is None else next_version(latest or base_version, bump)
    )
    new_section = section(version, bump, diff, spec_digest)
    body = text[len(HEADER) :].lstrip("\n") if text.startswith(HEADER) else text
    path.write_text(f"{HEADER}\n{new_section}" + (f"\n{body}" if body else ""), encoding="utf-8")
    return Stamp(path, version, written=True)


__all__ = [
    "CHANGELOG_NAME",
    "Stamp",
    "changelog_path",
    "next_version",
    "read_changelog",
    "release_of",
    "section",
    "stamp",
]
