"""The ``gen-sdk`` command line.

Exit codes: 0 success, 1 a spec has errors (each reported as ``file:line:column`` or with
its path inside the spec), 2 usage errors (click's own).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .diagnostics import Diagnostic, Severity
from .phparray import PhpSyntaxError
from .specfile import load_spec

EXIT_SPEC_ERRORS = 1

SPEC_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def report(diagnostics: list[Diagnostic]) -> bool:
    """Print diagnostics to stderr; True when any is an error."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    return any(d.severity is Severity.ERROR for d in diagnostics)


def read_value(path: Path, diagnostics: list[Diagnostic]) -> Any:
    """The spec's PHP value; if it cannot be read, print why and exit with status 1."""
    try:
        return load_spec(path, diagnostics)
    except PhpSyntaxError as exc:
        report(diagnostics)
        click.echo(str(exc), err=True)
    except OSError as exc:
        click.echo(f"{path}: error: cannot read: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_SPEC_ERRORS)


def _dump(value: Any, indent: int | None) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, indent=indent)
    except RecursionError:
        raise click.ClickException("the value is nested too deeply to print as JSON") from None


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
    """Generate SDKs from Alibaba Cloud OpenAPI metadata (api-docs, as PHP arrays or JSON)."""


@main.command("parse")
@click.argument("spec", type=SPEC_FILE)
@click.option("--compact", is_flag=True, help="One line, no indentation.")
def parse_command(spec: Path, compact: bool) -> None:
    """Print the value of SPEC (a PHP array file or JSON) as JSON.

    PHP arrays with keys 0..n-1 become JSON arrays, others objects.
    """
    diagnostics: list[Diagnostic] = []
    value = read_value(spec, diagnostics)
    report(diagnostics)
    click.echo(_dump(value, None if compact else 2))


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


@main.command("generate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--target", default="python", show_default=True, help="Output language.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if generating would change OUT (for CI).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
def generate_command(paths: tuple[Path, ...], target: str, check: bool, quiet: bool) -> None:
    """Generate an SDK for each spec: gen-sdk SPECS... OUT.

    SPECS are spec files or directories (searched for api-docs.php/api-docs.json); each spec
    becomes a package in OUT/<product>/<version>/. A broken spec is reported and skipped.
    """
    from .generate import generate

    if len(paths) < 2:
        raise click.UsageError("expected one or more SPECS and an output directory OUT")
    *specs, out = paths
    for spec in specs:
        if not spec.exists():
            raise click.UsageError(f"{spec}: no such file or directory")
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"OUT {out} is not a directory")
    try:
        result = generate(specs, out, target=target, check=check)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not result.results:
        raise click.UsageError("no spec files found")
    failed = False
    for spec_result in result.results:
        for diagnostic in spec_result.diagnostics:
            if not quiet or diagnostic.severity is Severity.ERROR:
                click.echo(str(diagnostic), err=True)
        if not spec_result.ok:
            failed = True
            click.echo(f"{spec_result.spec}: not generated", err=True)
            continue
        where = spec_result.package_dir
        if check and spec_result.changed:
            failed = True
            for changed in spec_result.changed:
                click.echo(f"{where}/{changed}: out of date", err=True)
        elif not quiet:
            verb = "would change" if check else "changed"
            click.echo(
                f"{where}: {len(spec_result.files)} files, {len(spec_result.changed)} {verb}"
            )
    if failed:
        sys.exit(EXIT_SPEC_ERRORS)


if __name__ == "__main__":
    main()
