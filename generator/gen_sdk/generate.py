"""The pipeline: spec files -> IR -> target plan -> rendered, formatted files on disk.

``generate(specs, out)`` handles each spec on its own: a spec that cannot be read, has IR
errors or fails to render gets error diagnostics and produces no files, and the others are
still generated. Output is deterministic (the same input gives byte-identical files) and
each package directory is owned by the generator: files it no longer produces are removed.

``check=True`` writes nothing and reports every file that would change (for CI).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .diagnostics import Diagnostic, Severity, error
from .ir import build_spec, has_errors
from .phparray import PhpSyntaxError
from .specfile import SPEC_SUFFIXES, load_spec
from .targets import TEMPLATES_ROOT, Plan, Target, get_target


@dataclass
class SpecResult:
    spec: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The package directory (``None`` when the spec failed before planning).
    package_dir: Path | None = None
    #: Path (relative to ``package_dir``) -> content, for every file of the package.
    files: dict[str, bytes] = field(default_factory=dict)
    #: Files written, removed or (with ``check``) differing, relative to ``package_dir``.
    changed: list[str] = field(default_factory=list)
    #: Seconds spent in each stage (``load``, ``ir``, ``render``, ``format``, ``write``).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass
class GenerateResult:
    results: list[SpecResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.diagnostics]

    @property
    def changed(self) -> list[Path]:
        return [r.package_dir / c for r in self.results if r.package_dir for c in r.changed]


def find_specs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Spec files named by ``paths``: files as given, directories searched recursively for
    ``api-docs.php``/``api-docs.json`` (one per directory, JSON preferred), sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            by_dir: dict[Path, Path] = {}
            for candidate in sorted(path.rglob("api-docs.*")):
                if candidate.suffix.lower() not in SPEC_SUFFIXES or not candidate.is_file():
                    continue
                current = by_dir.get(candidate.parent)
                if current is None or candidate.suffix.lower() == ".json":
                    by_dir[candidate.parent] = candidate
            found.extend(by_dir[d] for d in sorted(by_dir))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for spec in found:
        unique.setdefault(spec, None)
    return list(unique)


def _environment(target: Target, templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates / target.name)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(target.filters())
    return env


def render_plan(
    plan: Plan, target: Target, templates: Path, timings: dict[str, float] | None = None
) -> dict[str, bytes]:
    """Every file of ``plan`` (POSIX path relative to the package -> bytes)."""
    env = _environment(target, templates)
    files: dict[str, bytes] = {}
    render_time = format_time = 0.0
    for job in plan.jobs:
        started = time.perf_counter()
        text = env.get_template(job.template).render(**job.context)
        rendered = time.perf_counter()
        if job.format:
            text = target.format(job.output, text)
        format_time += time.perf_counter() - rendered
        render_time += rendered - started
        files[job.output] = text.encode("utf-8")
    root = templates / target.name
    for copy in plan.static:
        source = root / copy.source
        for file in sorted(source.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                relative = file.relative_to(source).as_posix()
                files[f"{copy.output}/{relative}"] = file.read_bytes()
    if timings is not None:
        timings["render"] = timings.get("render", 0.0) + render_time
        timings["format"] = timings.get("format", 0.0) + format_time
    return dict(sorted(files.items()))


def _ignored(relative: Path) -> bool:
    """Caches of tools run in a package directory (``__pycache__``, ``.mypy_cache``...)."""
    return any(part == "__pycache__" or part.startswith(".") for part in relative.parts)


def _sync_dir(root: Path, files: dict[str, bytes], check: bool) -> list[str]:
    """Make ``root`` hold exactly ``files``; returns what changed (or would change)."""
    changed: list[str] = []
    existing = (
        {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and not _ignored(p.relative_to(root))
        }
        if root.is_dir()
        else set()
    )
    for relative, content in files.items():
        path = root / relative
        if relative in existing and path.read_bytes() == content:
            continue
        changed.append(relative)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for relative in sorted(existing - set(files)):
        changed.append(relative)
        if not check:
            (root / relative).unlink()
    if not check and root.is_dir():
        for directory in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
            if _ignored(directory.relative_to(root)):
                continue
            if not any(directory.iterdir()):
                directory.rmdir()
    return sorted(changed)


def generate_one(
    spec_path: Path,
    out: Path,
    target: Target,
    *,
    templates: Path = TEMPLATES_ROOT,
    check: bool = False,
    claimed: dict[str, Path] | None = None,
) -> SpecResult:
    result = SpecResult(spec_path)
    diagnostics = result.diagnostics
    started = time.perf_counter()
    try:
        value = load_spec(spec_path, diagnostics)
    except PhpSyntaxError as exc:
        diagnostics.append(error(str(exc), file=str(spec_path)))
        return result
    except OSError as exc:
        diagnostics.append(error(f"cannot read: {exc.strerror or exc}", file=str(spec_path)))
        return result
    loaded = time.perf_counter()
    spec, ir_diagnostics = build_spec(value, source=str(spec_path))
    diagnostics.extend(ir_diagnostics)
    result.timings["load"] = loaded - started
    result.timings["ir"] = time.perf_counter() - loaded
    if has_errors(ir_diagnostics):
        return result
    try:
        plan = target.plan(spec, diagnostics, source=str(spec_path))
        if not result.ok:
            return result
        if claimed is not None:
            owner = claimed.get(plan.package_dir)
            if owner is not None:
                diagnostics.append(
                    error(
                        f"{plan.package_dir} is already generated from {owner}", file=str(spec_path)
                    )
                )
                return result
            claimed[plan.package_dir] = spec_path
        result.package_dir = out / plan.package_dir
        result.files = render_plan(plan, target, templates, result.timings)
    except Exception as exc:  # a target/template bug must not stop the other specs
        diagnostics.append(
            error(f"generation failed: {type(exc).__name__}: {exc}", file=str(spec_path))
        )
        result.package_dir = None
        return result
    written = time.perf_counter()
    result.changed = _sync_dir(result.package_dir, result.files, check)
    result.timings["write"] = time.perf_counter() - written
    return result


def generate(
    specs: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    target: str | Target = "python",
    templates: str | os.PathLike[str] | None = None,
    check: bool = False,
) -> GenerateResult:
    """Generate one package per spec under ``out`` (``out/<product>/<version>/``).

    ``specs``: spec files or directories (searched for ``api-docs.php``/``.json``).
    ``check``: write nothing; ``SpecResult.changed`` lists what generation would change.
    """
    chosen = get_target(target) if isinstance(target, str) else target
    root = Path(templates) if templates is not None else TEMPLATES_ROOT
    out_dir = Path(out)
    claimed: dict[str, Path] = {}
    results = [
        generate_one(path, out_dir, chosen, templates=root, check=check, claimed=claimed)
        for path in find_specs(specs)
    ]
    return GenerateResult(results)


__all__ = [
    "GenerateResult",
    "SpecResult",
    "find_specs",
    "generate",
    "generate_one",
    "render_plan",
]
