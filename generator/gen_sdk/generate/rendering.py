"""Rendering a target's plan: the template set (with overrides), one Jinja environment per
target and set (its output checked: templates print only ``Code``), and formatting."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import cache_key, fingerprint_tree
from ..targets import TEMPLATES_ROOT

if TYPE_CHECKING:
    import jinja2

    from ..targets import Plan, Target


@dataclass(frozen=True)
class TemplateSet:
    """A target's templates: ``base`` (``templates/<target>``), with the files of
    ``overrides`` (laid out the same way) replacing the files of the same name."""

    base: Path
    overrides: Path | None = None

    def dirs(self) -> list[Path]:
        return [self.overrides, self.base] if self.overrides is not None else [self.base]

    def static_files(self, source: str) -> dict[str, Path]:
        """Relative POSIX path -> file, for every file under ``source`` in either tree."""
        found: dict[str, Path] = {}
        for root in reversed(self.dirs()):  # base first: the overrides replace its files
            top = root / source
            if not top.is_dir():
                continue
            for file in sorted(top.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts:
                    found[file.relative_to(top).as_posix()] = file
        return dict(sorted(found.items()))

    def fingerprint(self) -> str:
        return cache_key(*(fingerprint_tree(d) for d in self.dirs()))


_ENVIRONMENTS: dict[tuple[type, TemplateSet], jinja2.Environment] = {}


def environment(target: Target, templates: TemplateSet) -> jinja2.Environment:
    # Reused across the specs a process renders: Jinja compiles each template once.
    key = (type(target), templates)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = newenvironment(target, templates)
    return _ENVIRONMENTS[key]


def newenvironment(target: Target, templates: TemplateSet) -> jinja2.Environment:
    import jinja2

    from ..targets.code import COMMON_FILTERS, checked_output

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in templates.dirs()]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        # Templates print only Code: spec text goes through an escaping filter.
        finalize=checked_output,
    )
    env.filters.update(COMMON_FILTERS)
    env.filters.update(target.filters())
    return env


def render_files(
    plan: Plan, target: Target, templates: TemplateSet, timings: dict[str, float]
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """The plan's files that are final, and the (path, text) of those still to format."""
    env = environment(target, templates)
    files: dict[str, bytes] = {}
    to_format: list[tuple[str, str]] = []
    started = time.perf_counter()
    for job in plan.jobs:
        text, unsure = target.check_layout(
            job.output, env.get_template(job.template).render(**job.context)
        )
        # The target vouches for its own templates' layout, not for a user's overrides: with
        # those, every file goes through the formatter (which also rejects invalid code).
        if job.format and (unsure or templates.overrides is not None):
            to_format.append((job.output, text))
        else:
            files[job.output] = text.encode("utf-8")
    for copy in plan.static:
        for relative, file in templates.static_files(copy.source).items():
            files[f"{copy.output}/{relative}"] = file.read_bytes()
    add_time(timings, "render", time.perf_counter() - started)
    return files, to_format


def render_plan(
    plan: Plan,
    target: Target,
    templates: Path | TemplateSet = TEMPLATES_ROOT,
    timings: dict[str, float] | None = None,
    *,
    format: bool = True,
) -> dict[str, bytes]:
    """Every file of ``plan`` (POSIX path relative to the package -> bytes), sorted.

    ``templates``: a template root (the set is ``<root>/<target.name>``) or a set.
    """
    chosen = (
        templates if isinstance(templates, TemplateSet) else TemplateSet(templates / target.name)
    )
    spent: dict[str, float] = {}
    files, to_format = render_files(plan, target, chosen, spent)
    for output, text in format_texts(target, to_format if format else [], spent):
        files[output] = text.encode("utf-8")
    if not format:
        files.update((output, text.encode("utf-8")) for output, text in to_format)
    if timings is not None:
        for stage, seconds in spent.items():
            add_time(timings, stage, seconds)
    return dict(sorted(files.items()))


def format_texts(
    target: Target, items: Sequence[tuple[str, str]], timings: dict[str, float]
) -> list[tuple[str, str]]:
    started = time.perf_counter()
    formatted = [(output, target.format(output, text)) for output, text in items]
    add_time(timings, "format", time.perf_counter() - started)
    return formatted


def add_time(timings: dict[str, float], stage: str, seconds: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + seconds


__all__ = ["TemplateSet", "add_time", "environment", "format_texts", "render_files", "render_plan"]
