"""The reports of ``gen-sdk diff``: Markdown to post on a pull request, JSON for tools.

Spec text (operation, parameter and field names, error messages) reaches the Markdown only
through the Markdown escapers of :mod:`gen_sdk.targets.code` (a name is a code span, a
sentence escaped text, an error a fenced block), so a spec cannot inject markup, links or
HTML into a pull-request comment. Both reports are deterministic: sorted, no times.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..sdk.diff import RULES, ApiChange, Impact
from ..targets.code import markdown_code, markdown_text
from .compare import Comparison, Status

#: How a package's line reads, by status (``changed`` by its bump).
_LABELS = {
    Status.ADDED: "new",
    Status.REMOVED: "removed",
    Status.SAME_SDK: "none (SDK unchanged)",
    Status.FAILED: "failed",
}
_HEADINGS = {Impact.BREAKING: "Breaking", Impact.FEATURE: "Features"}


def bump_label(comparison: Comparison) -> str:
    if comparison.status is Status.CHANGED:
        return comparison.diff.bump or "none"
    return _LABELS.get(comparison.status, "none")


def summary_counts(comparisons: Sequence[Comparison]) -> dict[str, int]:
    statuses = Counter(c.status for c in comparisons)
    bumps = Counter(c.diff.bump for c in comparisons if c.status is Status.CHANGED)
    return {
        "packages": len(comparisons),
        "changed": statuses[Status.CHANGED],
        "added": statuses[Status.ADDED],
        "removed": statuses[Status.REMOVED],
        "spec_only": statuses[Status.SAME_SDK],
        "unchanged": statuses[Status.UNCHANGED],
        "failed": statuses[Status.FAILED],
        "breaking": sum(len(c.diff.of(Impact.BREAKING)) for c in comparisons),
        "major": bumps["major"],
        "minor": bumps["minor"],
        "patch": bumps["patch"],
    }


def _headline(counts: dict[str, int]) -> str:
    parts = [
        f"{counts[key]} {label}"
        for key, label in (
            ("changed", "changed"),
            ("added", "added"),
            ("removed", "removed"),
            ("spec_only", "with an unchanged SDK"),
            ("failed", "failed"),
        )
        if counts[key]
    ]
    bumps = ", ".join(f"{counts[b]} {b}" for b in ("major", "minor", "patch") if counts[b])
    text = f"{', '.join(parts) or 'no package changed'}; {counts['unchanged']} unchanged"
    return text + (f" (bumps: {bumps})" if bumps else "")


def change_line(change: ApiChange) -> str:
    """``- `Operation` `subject`: detail`` (the subject alone when it is the operation)."""
    parts = [markdown_code(change.operation)] if change.operation else []
    if change.subject != change.operation:
        parts.append(markdown_code(change.subject))
    return f"- {' '.join(parts)}: {markdown_text(change.detail)} ({change.kind})"


def _fenced(lines: Sequence[str]) -> list[str]:
    text = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *(line.replace("\r", " ") for line in lines), fence]


def markdown_report(comparisons: Sequence[Comparison], title: str = "gen-sdk diff") -> str:
    counts = summary_counts(comparisons)
    lines = [f"## {markdown_text(title)}", "", _headline(counts) + "."]
    shown = [c for c in comparisons if c.status is not Status.UNCHANGED]
    if shown:
        lines += [
            "",
            "| Package | Bump | Breaking | Features | Docs |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for c in shown:
            breaking, features = len(c.diff.of(Impact.BREAKING)), len(c.diff.of(Impact.FEATURE))
            bump = bump_label(c)
            bump = f"**{bump}**" if bump == "major" else bump
            row = f"| {markdown_text(c.key)} | {bump} | {breaking} | {features} | {c.diff.docs} |"
            lines.append(row)
    for c in shown:
        lines += ["", f"### {markdown_text(c.key)}: {bump_label(c)}"]
        if c.status is Status.FAILED:
            lines += ["", "Could not be compared:", "", *_fenced([str(d) for d in c.errors])]
            continue
        for impact, heading in _HEADINGS.items():
            changes = c.diff.of(impact)
            if changes:
                lines += ["", f"{heading}:", "", *(change_line(change) for change in changes)]
        if c.diff.docs:
            lines += ["", f"{c.diff.docs} documentation changes."]
        elif c.status is Status.SAME_SDK:
            lines += ["", "The spec changed in metadata no SDK reads."]
    return "\n".join(lines) + "\n"


def _change_json(change: ApiChange) -> dict[str, Any]:
    return {
        "impact": change.impact.value,
        "kind": change.kind,
        "operation": change.operation,
        "subject": change.subject,
        "detail": change.detail,
        "language": change.language,
        "element": change.element,
    }


def json_report(comparisons: Sequence[Comparison], old_label: Callable[[Path], str] = str) -> str:
    """The report as JSON; ``old_label`` names an old spec (``REV:path`` with ``--base``)."""
    packages = []
    for c in comparisons:
        if c.status is Status.UNCHANGED:
            continue
        packages.append(
            {
                "package": c.key,
                "status": c.status.value,
                "bump": c.diff.bump if c.status is Status.CHANGED else None,
                "old_spec": old_label(c.old.source.path) if c.old is not None else None,
                "new_spec": str(c.new.source.path) if c.new is not None else None,
                "changes": [_change_json(change) for change in c.diff.changes],
                "docs": c.diff.docs,
                "errors": [str(d) for d in c.errors],
            }
        )
    document = {
        "summary": summary_counts(comparisons),
        "packages": packages,
        "rules": {
            kind: {"impact": impact.value, "meaning": meaning}
            for kind, (impact, meaning) in RULES.items()
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


__all__ = ["bump_label", "change_line", "json_report", "markdown_report", "summary_counts"]
