"""The ``gen-sdk`` command line.

Exit codes: 0 success; 1 a spec has errors (each reported as ``file:line:column`` or with
its path inside the spec), a file is in the way, or ``--check`` found drift; 2 usage errors
(click's own, inputs that hold no spec, an ``--only`` that matches nothing, a bad config);
130 interrupted.

Imports are lazy: ``gen-sdk --help`` and a run served from the cache never load the parser,
Jinja or black.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .diagnostics import WARNING_POLICIES, Diagnostic, Severity, plural, summarize, warning

if TYPE_CHECKING:
    from .diagnostics import WarningPolicy
    from .generate import GenerateResult, SpecResult

EXIT_SPEC_ERRORS = 1

SPEC_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def report(diagnostics: list[Diagnostic]) -> bool:
    """Print diagnostics to stderr; True when any is an error."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    return any(d.severity is Severity.ERROR for d in diagnostics)


def read_value(path: Path, diagnostics: list[Diagnostic]) -> Any:
    """The spec's PHP value; if it cannot be read, print why and exit with status 1."""
    from .phparray import PhpSyntaxError
    from .specfile import load_spec

    try:
        return load_spec(path, diagnostics)
    except PhpSyntaxError as exc:
        report(diagnostics)
        click.echo(str(exc), err=True)
    except OSError as exc:
        click.echo(f"{path}: error: cannot read: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_SPEC_ERRORS)


class DefaultGroup(click.Group):
    """A group that runs ``generate`` when the first argument names no subcommand, so that
    ``gen-sdk SPECS... OUT`` works as well as ``gen-sdk generate SPECS... OUT``."""

    default_command = "generate"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            args
            and args[0] not in self.commands
            and args[0] not in ("-h", "--help", "-V", "--version")
        ):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gen-sdk")
def main() -> None:
    """Generate SDKs from Alibaba Cloud OpenAPI metadata (api-docs, as PHP arrays or JSON).

    gen-sdk SPECS... OUT runs the generate command (see gen-sdk generate --help).
    """


@main.command("parse")
@click.argument("spec", type=SPEC_FILE)
@click.option("--compact", is_flag=True, help="One line, no indentation.")
def parse_command(spec: Path, compact: bool) -> None:
    """Print the value of SPEC (a PHP array file or JSON) as JSON.

    PHP arrays with keys 0..n-1 become JSON arrays, others objects; INF, -INF and NAN
    (which JSON has no literal for) become the strings "INF", "-INF" and "NAN".
    """
    from .specfile import php_json_dumps

    diagnostics: list[Diagnostic] = []
    value = read_value(spec, diagnostics)
    report(diagnostics)
    text, nonfinite = php_json_dumps(value, indent=None if compact else 2)
    if nonfinite:
        message = (
            f"{nonfinite} floats are INF or NAN, which JSON cannot hold: written as the "
            'strings "INF", "-INF" and "NAN"'
        )
        report([warning(message, kind="nonfinite-float", file=str(spec))])
    click.echo(text)


@main.command("ir")
@click.argument("spec", type=SPEC_FILE)
def ir_command(spec: Path) -> None:
    """Print the intermediate representation of SPEC as JSON: what templates see."""
    from .ir import build_spec, spec_to_json

    diagnostics: list[Diagnostic] = []
    value = read_value(spec, diagnostics)
    ir, ir_diagnostics = build_spec(value, source=str(spec))
    if report(diagnostics + ir_diagnostics):
        sys.exit(EXIT_SPEC_ERRORS)
    click.echo(spec_to_json(ir))


class _Reporter:
    """Per-spec output: a progress bar on a terminal, one plain line per spec otherwise (CI
    logs). Errors always, in full. Warnings: one summary line by kind, unless quiet, or the
    spec came from the cache (its warnings were shown when it was generated); with
    ``verbose`` every one and the summary; every one when they failed the spec
    (``--warnings=error``)."""

    def __init__(self, *, quiet: bool, verbose: bool, listing: bool, bar: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        #: Whether to list each changed file (``--check`` / ``--dry-run`` / ``--verbose``).
        self.listing = listing
        self.bar = bar
        self.bar_shown = False

    def _clear_bar(self) -> None:
        if self.bar_shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.bar_shown = False

    def _diagnostics(self, result: SpecResult) -> None:
        warnings = result.warnings
        failed = any(d.kind == "warnings-as-errors" for d in result.diagnostics)
        listed = self.verbose or failed  # warnings that fail a spec are shown like errors
        for diagnostic in result.diagnostics:
            if listed or diagnostic.severity is Severity.ERROR:
                click.echo(str(diagnostic), err=True)
        if warnings and not failed and not self.quiet and (self.verbose or not result.cached):
            more = "" if self.verbose else "; -v lists them"
            counts = f"{plural(len(warnings), 'warning')}: {summarize(warnings)}"
            click.echo(f"{result.spec}: {counts}{more}", err=True)
        if not result.ok:
            errors = plural(len(result.errors), "error")
            click.echo(f"{result.spec}: not generated ({errors})", err=True)

    def __call__(self, result: SpecResult, position: int, total: int) -> None:
        self._clear_bar()
        self._diagnostics(result)
        plan = result.plan
        lined = result.ok and not self.quiet and not self.bar
        if lined:
            line = f"[{position}/{total}] {result.source.key}"
            if plan is not None:
                line += f" -> {plan.summary()}"
            elif result.package_dir is None:
                line += " -> no package (the spec has no operations)"
            if result.cached:
                line += " (cached)"
            if self.verbose and result.timings:
                stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
                line += f" [{stages}]"
            click.echo(line)
        if plan is not None and self.listing and not plan.up_to_date:
            if not lined:  # the list needs the package it is about
                click.echo(plan.summary())
            for detail in plan.details():
                click.echo(detail)
        if self.bar and not self.quiet and position < total:
            width = 30
            filled = width * position // total
            bar = "#" * filled + "-" * (width - filled)
            click.echo(f"\r[{bar}] {position}/{total} {result.source.key}", nl=False, err=True)
            self.bar_shown = True

    def close(self) -> None:
        self._clear_bar()


@main.command("generate")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SPECS... OUT"
)
@click.option(
    "--target",
    metavar="NAME",
    help="Target language: the template set templates/NAME/ [default: python, or the config's].",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Template overrides: a file in DIR replaces the target's file of the same relative "
    "path (templates and static files); the rest comes from the built-in set.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="PATTERN",
    help="Generate only the specs matching a glob on product or product/version "
    "(ecs, pai*, ecs/2014-*); repeatable. A glob matching no spec is a usage error, or a "
    "warning when another one matches.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes [default: the config's, else all cores].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; list what would change (added, changed, removed files per package) "
    "and exit 1 if anything would (for CI).",
)
@click.option("--dry-run", is_flag=True, help="Write nothing; list what would change; exit 0.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors (and, with --check, the drift).")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Every warning, every file written or removed, stage times, cache use.",
)
@click.option(
    "--warnings",
    "warning_policy",
    type=click.Choice(WARNING_POLICIES),
    help="What warnings do: default (a summary line per spec), error (a spec with any "
    "warning fails: exit 1), ignore [default: the config's, else default].",
)
@click.option("--no-format", is_flag=True, help="Skip the target's formatter (black).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The config file (gen-sdk.toml or pyproject.toml) [default: found beside the specs].",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Where the output cache lives [default: $GEN_SDK_CACHE_DIR, the config's cache-dir, "
    "$XDG_CACHE_HOME/gen-sdk or ~/.cache/gen-sdk].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite files in the way that gen-sdk did not write, and replace symlinks in OUT.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Remove every package in OUT that this run did not produce (not with --only).",
)
def generate_command(
    paths: tuple[Path, ...],
    target: str | None,
    templates: Path | None,
    only: tuple[str, ...],
    jobs: int | None,
    check: bool,
    dry_run: bool,
    quiet: bool,
    verbose: bool,
    warning_policy: WarningPolicy | None,
    no_format: bool,
    config_file: Path | None,
    cache_dir: Path | None,
    no_cache: bool,
    force: bool,
    prune: bool,
) -> None:
    """Generate one SDK package per spec into OUT.

    SPECS are spec files or trees (<product>/<version>/api-docs.php, or any tree of *.php /
    *.json specs); each spec becomes a package in OUT/<product>/<version>/. A broken spec is
    reported and skipped; the exit code is then 1.

    \b
    What it prints (messages on stderr; the lines per spec and file lists on stdout):
      errors    always, in full: file:line:column, what was expected, the source line
      warnings  one line per spec counting them by kind (-v lists every one); a spec
                served from the cache repeats it only with -v; -q prints none
      progress  a line per spec saying what changed (a bar on a terminal), then one
                line of totals: specs, operations, files, warnings, cache hits, time
    --warnings=error fails a spec that has any warning (exit 1); ignore drops them.
    """
    import os

    from .generate import generate

    if len(paths) < 2:
        raise click.UsageError("expected one or more SPECS and an output directory OUT")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    *specs, out = paths
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"OUT {out} is not a directory")
    reporter = _Reporter(
        quiet=quiet,
        verbose=verbose,
        listing=check or dry_run or verbose,
        bar=sys.stderr.isatty() and os.environ.get("TERM") != "dumb",
    )
    try:
        result = generate(
            specs,
            out,
            target=target,
            templates=templates,
            only=only,
            jobs=jobs,
            check=check,
            dry_run=dry_run,
            format=False if no_format else None,
            config=config_file,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            force=force,
            prune=prune,
            progress=reporter,
            warnings=warning_policy,
        )
    except ValueError as exc:  # discovery, config and option errors: a usage problem
        reporter.close()
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        reporter.close()
        click.echo("interrupted; rerun to finish (written files are complete)", err=True)
        sys.exit(130)
    reporter.close()
    _finish(result, check=check, dry_run=dry_run, quiet=quiet, prune=prune)


def _finish(
    result: GenerateResult, *, check: bool, dry_run: bool, quiet: bool, prune: bool = False
) -> None:
    listing = check or dry_run
    why = "not produced by this run: --prune" if prune else "its spec is gone"
    for orphan in result.orphans:
        if orphan.up_to_date:
            continue
        if not quiet or check:
            click.echo(f"{orphan.summary()} ({why})")
        if listing:
            for detail in orphan.details():
                click.echo(detail)
    report(result.problems)
    if not quiet:
        report(result.notes)
    if result.kept and not quiet:
        shown = ", ".join(str(p) for p in result.kept[:3])
        more = f", ... ({len(result.kept)} in all)" if len(result.kept) > 3 else ""
        click.echo(
            f"left alone: {len(result.kept)} packages in OUT not made from these SPECS "
            f"({shown}{more}); --prune removes them"
        )
    drift = check and not result.up_to_date
    if not quiet:
        click.echo(result.summary())
    if drift:
        click.echo("out of date: run gen-sdk without --check to update", err=True)
    if not result.ok or drift:
        sys.exit(EXIT_SPEC_ERRORS)


def _register_diff() -> None:
    from .changes.command import diff_command

    main.add_command(diff_command)


_register_diff()

if __name__ == "__main__":
    main()
