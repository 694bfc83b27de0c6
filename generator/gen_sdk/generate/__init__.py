"""The pipeline: spec files -> IR -> target plan -> rendered, formatted files on disk.

``generate(inputs, out)`` finds the specs (:mod:`gen_sdk.discovery`), reads the configuration
(:mod:`gen_sdk.config`), and makes one package per spec under ``out``:

1. **Cache.** Each spec's output is looked up in the :class:`~gen_sdk.cache.OutputCache` under
   a key made of everything the output depends on: the spec's bytes and suffix, the
   generator (its version and a fingerprint of its own source, so an edited generator never
   reuses stale output), the formatter's version, the template set and the overrides, and
   the spec's options. A hit skips parsing, rendering and formatting: no parser, Jinja or
   black is imported and no process pool started.
2. **Misses** run in a process pool (``jobs`` workers): a worker reads the spec, builds the
   IR, plans and renders it; the files to format are then sent back to the pool in chunks,
   so one big spec is formatted on every core. With one job, or little to do, everything runs
   in this process. A target that plans in parts (Python) has each miss built from its last
   output where it can: the operations an update did not change, and the package-wide files
   when what they read did not change, are taken from that output's cache entry (found
   through a pointer per product/version), the others built (:mod:`.parts`).
3. **Output.** Results are taken in the specs' sorted order (whatever finishes first), so
   messages, claims of package directories and the files are the same for any ``jobs``.
   Each package is written by :func:`gen_sdk.output.plan_package` /
   :func:`~gen_sdk.output.apply_plan`: atomically, with a manifest; files the generator did
   not write are never touched. Packages in ``out`` whose spec is gone are removed, unless
   ``only`` narrowed the run or a spec failed (its package may be the one that looks gone).

A spec that cannot be read, has IR errors or fails to render gets error diagnostics and
produces no files; the others are still generated. ``check``/``dry_run`` write nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..cache import OutputCache, cache_key, default_cache_dir
from ..changes.changelog import read_changelog, release_of
from ..config import Config, load_config, load_config_file
from ..diagnostics import warning
from ..discovery import find_specs
from ..files import MAX_SPEC_BYTES, read_regular_file
from ..targets import TARGETS, TEMPLATES_ROOT, check_target
from .cachekeys import (
    CACHE_FORMAT,
    formatter_version,
    generator_fingerprint,
    spec_options,
)
from .orphans import find_orphans
from .rendering import TemplateSet, render_plan
from .results import WARNING_POLICIES, GenerateResult, Progress, SpecResult, WarningPolicy
from .scheduling import (
    Run,
    cached_result,
    cpu_count,
    file_size,
    find_previous,
    run_here,
    run_pool,
)
from .worker import FormatMemo, Parts, Task

#: Entries beyond this total size are pruned, least recently used first.
CACHE_MAX_BYTES = 2 * 1024**3
#: Misses whose specs total less than this run in this process: starting workers (and
#: importing black, Jinja and lark in each) would cost more than it saves.
POOL_THRESHOLD_BYTES = 256 * 1024


def resolve_config(
    inputs: Sequence[Path], config: Config | Path | None = None, *, known: Sequence[str] = ()
) -> Config:
    """``config`` as given, read from a file, or found beside the inputs."""
    known_targets = list(known) or None
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config_file(config, known_targets=known_targets)
    return load_config([p if p.is_dir() else p.parent for p in inputs], known_targets=known_targets)


def generate(
    inputs: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    target: str | None = None,
    templates: str | os.PathLike[str] | None = None,
    only: Sequence[str] = (),
    jobs: int | None = None,
    check: bool = False,
    dry_run: bool = False,
    format: bool | None = None,
    config: Config | Path | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    force: bool = False,
    prune: bool = False,
    fsync: bool = False,
    progress: Progress | None = None,
    warnings: WarningPolicy | None = None,
) -> GenerateResult:
    """Generate one package per spec under ``out`` (``out/<product>/<version>/``).

    ``inputs``: spec files or trees. ``target``, ``templates`` (overrides of the target's
    templates), ``jobs``, ``format`` and ``cache_dir`` take precedence over the config
    (``config``: a :class:`Config`, a config file, or ``None`` to look beside the inputs).
    ``check``/``dry_run``: write nothing; the results' plans say what would change.
    ``force``: overwrite files in the way that the generator did not write.
    ``prune``: remove every package in ``out`` the run did not produce (not with ``only``).
    ``warnings``: what warnings do (see :data:`WarningPolicy`); default: the config's.

    Raises :class:`gen_sdk.discovery.DiscoveryError` or :class:`gen_sdk.config.ConfigError`
    (both ``ValueError``) for inputs or a configuration that cannot be used.
    """
    started = time.perf_counter()
    out_dir = Path(out)
    paths = [Path(p) for p in inputs]
    if prune and only:
        raise ValueError("--prune removes every package the run did not produce: not with --only")
    try:
        os.stat(out_dir)
    except FileNotFoundError:
        pass  # created when the first package is written
    except OSError as exc:  # a symlink loop, a path through a file, no permission
        raise ValueError(f"OUT {out_dir}: {exc.strerror or exc}") from None
    settings = resolve_config(paths, config, known=list(TARGETS))
    if target is not None:
        check_target(target)
    policy = warnings or settings.warnings
    unmatched: list[str] = []
    # Strict: an --only glob that matches nothing stays a usage error.
    found = None if policy == "error" else unmatched
    sources = find_specs(paths, only=only, exclude=[out_dir], unmatched=found)
    notes = [
        warning(f"--only {pattern!r} matches no spec", kind="only-unmatched")
        for pattern in unmatched
        if policy == "default"
    ]
    override_dir = Path(templates) if templates is not None else settings.templates
    if override_dir is not None and not override_dir.is_dir():
        raise ValueError(f"templates {override_dir}: not a directory")
    formatting = settings.format if format is None else format
    workers = max(1, jobs or settings.jobs or cpu_count())

    tasks: list[Task] = []
    for index, source in enumerate(sources):
        spec_config = settings.for_spec(source.key)
        if target is not None:
            spec_config = replace(spec_config, target=target)
        changelog = read_changelog(source.path)
        if changelog is not None:  # the release notes beside the spec, and their version
            spec_config = replace(spec_config, changelog=changelog, release=release_of(changelog))
        template_set = TemplateSet(TEMPLATES_ROOT / spec_config.target, override_dir)
        # Planned in parts even without a cache: one way to generate, whatever is kept.
        parts = Parts(cache_key(CACHE_FORMAT, "uncached"))
        tasks.append(Task(index, source.path, spec_config, template_set, formatting, parts=parts))

    cache: OutputCache | None = None
    keys: list[str | None] = [None] * len(tasks)
    if use_cache:
        # The argument, then $GEN_SDK_CACHE_DIR (a CI job's choice beats the repository's),
        # then the config, then the user's cache directory.
        where = cache_dir or os.environ.get("GEN_SDK_CACHE_DIR") or settings.cache_dir
        cache = OutputCache(Path(where) if where else default_cache_dir())
        generator = generator_fingerprint()
        shared: dict[tuple[TemplateSet, str], str] = {}
        formatters: dict[str, str] = {}
        for index, task in enumerate(tasks):
            name = task.config.target
            if name not in formatters:
                formatters[name] = formatter_version(name) if formatting else ""
            if (task.templates, name) not in shared:
                shared[(task.templates, name)] = cache_key(
                    task.templates.fingerprint(), formatters[name]
                )
            if formatting:
                salt = cache_key(generator, formatters[name])
                tasks[index] = task = replace(task, memo=FormatMemo(cache.directory, salt))
            # Everything the output depends on but the spec's text: the context of the
            # spec's kept parts (.parts) and the head of its key.
            context = cache_key(
                CACHE_FORMAT,
                generator,
                name,
                shared[(task.templates, name)],
                spec_options(task.config),
                "format" if formatting else "no-format",
            )
            tasks[index] = task = replace(task, parts=Parts(context, cache.directory))
            try:
                data = read_regular_file(task.path, MAX_SPEC_BYTES)
            except OSError:
                continue  # reported by the worker
            keys[index] = cache_key(
                context, task.path.suffix.lower(), data, task.config.changelog or ""
            )

    run = Run(
        sources,
        tasks,
        keys,
        out_dir,
        cache,
        check,
        write=not (check or dry_run),
        force=force,
        fsync=fsync,
        progress=progress,
        warnings=policy,
    )
    misses: list[int] = []
    for index in range(len(tasks)):
        hit = cached_result(run, index)
        if hit is not None:
            run.finish(hit, cached=True)
        else:
            misses.append(index)
            find_previous(run, index)
    if misses:
        big = sum(file_size(tasks[i].path) for i in misses) >= POOL_THRESHOLD_BYTES
        if workers > 1 and big:
            run_pool(run, misses, workers)
        else:
            run_here(run, misses)
    results = [run.results[i] for i in range(len(tasks))]

    orphans, kept, problems = find_orphans(
        out_dir, paths, sources, results, only=bool(only), prune=prune, write=run.write, fsync=fsync
    )
    if cache is not None and any(not r.cached for r in results):
        cache.prune(CACHE_MAX_BYTES)
    return GenerateResult(
        results,
        orphans,
        time.perf_counter() - started,
        check=check,
        dry_run=dry_run,
        kept=kept,
        problems=problems,
        notes=notes,
    )


def files_of(result: GenerateResult) -> Mapping[Path, bytes]:
    """Every generated file under ``out`` -> content (for comparing runs)."""
    return {
        r.package_dir / path: content
        for r in result.results
        if r.package_dir is not None
        for path, content in r.files.items()
    }


__all__ = [
    "CACHE_FORMAT",
    "TEMPLATES_ROOT",
    "WARNING_POLICIES",
    "GenerateResult",
    "Progress",
    "SpecResult",
    "TemplateSet",
    "WarningPolicy",
    "files_of",
    "generate",
    "render_plan",
    "resolve_config",
]
