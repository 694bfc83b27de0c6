"""``gen-sdk diff``: what changed between two versions of the specs, and whether it breaks.

Exit codes: 0 the comparison ran and ``--fail-on`` was not met; 1 ``--fail-on`` was met, or a
spec of either side could not be read or built (its package is listed as failed); 2 usage
errors (inputs without specs, an unknown revision, a bad config).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

#: ``--fail-on`` -> the impacts that fail the run.
FAIL_ON = ("breaking", "feature", "docs", "never")
REPORT_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command("diff")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--base",
    metavar="REV",
    help="Compare NEW with itself as of git revision REV (then give only NEW).",
)
@click.option(
    "--only",
    multiple=True,
    metavar="PATTERN",
    help="Only the specs matching a glob (see generate).",
)
@click.option(
    "--target",
    metavar="NAME",
    help="Also report the breaks of this language's names [default: the config's, python].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="What to print on stdout.",
)
@click.option(
    "--markdown",
    "markdown_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the Markdown report to FILE (for a pull-request comment).",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the JSON report to FILE.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="never",
    show_default=True,
    help="Exit 1 when a change of this impact or a stronger one is found (docs: any change).",
)
@click.option(
    "--changelog/--no-changelog",
    default=None,
    help="Stamp each changed package's release into the CHANGELOG.md beside its new spec "
    "[default: the config's changelog key].",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The config file [default: found beside NEW].",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes.")
@click.option("-q", "--quiet", is_flag=True, help="Print no report (files and exit code only).")
def diff_command(
    paths: tuple[Path, ...],
    base: str | None,
    only: tuple[str, ...],
    target: str | None,
    output_format: str,
    markdown_file: Path | None,
    json_file: Path | None,
    fail_on: str,
    changelog: bool | None,
    config_file: Path | None,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Compare the SDKs of OLD and NEW (spec files or trees): gen-sdk diff OLD NEW, or
    gen-sdk diff --base REV NEW... (OLD is NEW as of git revision REV).

    Per package: operations, parameters and response fields added, removed or retyped,
    endpoints, documentation changes counted; each change is breaking, a feature or docs,
    and the package gets a suggested semantic-version bump. Prints Markdown (or JSON).
    """
    if base is None and len(paths) != 2:
        raise click.UsageError("expected OLD and NEW (or --base REV and NEW)")
    with tempfile.TemporaryDirectory(prefix="gen-sdk-diff-") as scratch:
        if base is not None:
            from .git import GitError, export_revision

            new_inputs = list(paths)
            try:
                old_inputs = export_revision(base, new_inputs, Path(scratch))
            except GitError as exc:
                raise click.UsageError(str(exc)) from None
        else:
            old_inputs, new_inputs = [paths[0]], [paths[1]]

        def old_label(path: Path) -> str:
            if base is None:
                return str(path)
            return f"{base}:{Path(path).relative_to(scratch).as_posix()}"

        failed = _run(
            old_inputs,
            new_inputs,
            only=only,
            target=target,
            output_format=output_format,
            markdown_file=markdown_file,
            json_file=json_file,
            fail_on=fail_on,
            changelog=changelog,
            config_file=config_file,
            jobs=jobs,
            quiet=quiet,
            old_label=old_label,
        )
    if failed:
        sys.exit(1)


def _run(
    old_inputs: list[Path],
    new_inputs: list[Path],
    *,
    only: tuple[str, ...],
    target: str | None,
    output_format: str,
    markdown_file: Path | None,
    json_file: Path | None,
    fail_on: str,
    changelog: bool | None,
    config_file: Path | None,
    jobs: int | None,
    quiet: bool,
    old_label: Callable[[Path], str],
) -> bool:
    """Compare, report, stamp; whether the run fails (see the module docstring)."""
    import os

    from .. import __version__
    from ..config import ConfigError, load_config, load_config_file
    from ..discovery import DiscoveryError
    from ..sdk import Package
    from ..sdk.diff import ApiChange, Impact
    from ..sdk.naming import name_changes
    from ..targets import TARGETS, get_target
    from .changelog import stamp
    from .compare import Status, compare
    from .report import json_report, markdown_report

    try:
        starts = [p if p.is_dir() else p.parent for p in new_inputs]
        config = (
            load_config_file(config_file, known_targets=TARGETS)
            if config_file is not None
            else load_config(starts, known_targets=TARGETS)
        )
        language = target or config.target
        chosen = get_target(language)
    except (ConfigError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None

    def language_breaks(old: Package, new: Package) -> list[ApiChange]:
        return name_changes(old, new, chosen.names(old), chosen.names(new), language)

    try:
        comparisons = compare(
            old_inputs,
            new_inputs,
            only=only,
            jobs=jobs or config.jobs or os.cpu_count() or 1,
            extra_changes=language_breaks,
        )
    except DiscoveryError as exc:
        raise click.UsageError(str(exc)) from None

    stamps = []
    if changelog if changelog is not None else config.changelog:
        for comparison in comparisons:
            new_side = comparison.new
            if new_side is None or new_side.package is None:
                continue
            if comparison.status not in (Status.CHANGED, Status.ADDED):
                continue
            package = new_side.package
            try:
                configured = config.for_spec(comparison.key).format_package_version(package.version)
            except ConfigError as exc:
                raise click.UsageError(str(exc)) from None
            done = stamp(
                new_side.source.path,
                comparison.diff,
                new_side.digest,
                configured or __version__,
                initial=comparison.status is Status.ADDED,
            )
            if done is not None and done.written:
                stamps.append(f"{done.path}: {done.version}")

    markdown = markdown_report(comparisons)
    json_text = json_report(comparisons, old_label)
    if markdown_file is not None:
        markdown_file.write_text(markdown, encoding="utf-8")
    if json_file is not None:
        json_file.write_text(json_text, encoding="utf-8")
    if not quiet:
        click.echo(markdown if output_format == "markdown" else json_text, nl=False)
    for line in stamps:
        click.echo(f"changelog: {line}", err=True)
    for comparison in comparisons:
        for diagnostic in comparison.errors:
            click.echo(str(diagnostic), err=True)

    impacts = {change.impact for c in comparisons for change in c.diff.changes}
    thresholds = {
        "breaking": {Impact.BREAKING},
        "feature": {Impact.BREAKING, Impact.FEATURE},
        "docs": set(Impact),
        "never": set(),
    }
    met = bool(impacts & thresholds[fail_on]) or (
        fail_on == "docs" and any(c.diff.docs for c in comparisons)
    )
    if met:
        click.echo(f"gen-sdk diff: changes of impact {fail_on} or stronger (--fail-on)", err=True)
    return met or any(c.status is Status.FAILED for c in comparisons)


__all__ = ["diff_command"]
