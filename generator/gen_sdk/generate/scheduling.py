"""Scheduling a run: results taken from the cache or computed (here, or in a process pool
with the formatting shared out in chunks), then written in the specs' order whatever
finishes first."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import OutputCache
from ..diagnostics import error
from ..discovery import SpecSource
from ..output import apply_plan, plan_package
from .cachekeys import META, RECORDS, decode_meta, encode_meta, pointer_key
from .orphans import spec_record
from .rendering import TemplateSet, add_time
from .results import Progress, SpecResult, WarningPolicy, apply_warning_policy
from .worker import INTERNAL, Prepared, Task, chunks, format_chunk, prepare

if TYPE_CHECKING:
    from concurrent.futures import Future

_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass
class Run:
    sources: list[SpecSource]
    tasks: list[Task]
    keys: list[str | None]
    out: Path
    cache: OutputCache | None
    check: bool
    write: bool
    force: bool
    fsync: bool
    progress: Progress | None
    #: What a spec's warnings do (``--warnings``), applied before its package is written.
    warnings: WarningPolicy = "default"
    results: dict[int, SpecResult] = field(default_factory=dict)
    emitted: int = 0
    claimed: dict[Path, Path] = field(default_factory=dict)

    def finish(self, prepared: Prepared, *, cached: bool) -> None:
        """Record a spec's outcome; results are then written in the specs' order."""
        task = self.tasks[prepared.index]
        source = self.sources[prepared.index]
        result = SpecResult(source, prepared.diagnostics, cached=cached, timings=prepared.timings)
        key = self.keys[prepared.index]
        store = not cached and self.cache is not None and key is not None
        if result.ok and prepared.package_dir is not None:
            result.package_dir = self.out / prepared.package_dir
            result.files = dict(sorted(prepared.files.items()))
            result.operations = prepared.operations
        else:
            prepared.package_dir = None
            # A spec's errors follow from the key's inputs as its files do (a refused style,
            # a syntax error): cached too, so a rerun does not parse it again. Not an
            # internal error, which may be the machine's (memory).
            store = store and not any(INTERNAL in d.message for d in prepared.diagnostics)
        if store:
            assert self.cache is not None and key is not None
            entry = {**result.files, META: encode_meta(prepared, str(task.path))}
            if prepared.records is not None and result.ok:
                entry[RECORDS] = prepared.records
            if self.cache.put(key, entry) and RECORDS in entry and task.parts is not None:
                # The next run of this spec finds its parts here (see .parts).
                pointer = pointer_key(task.parts.context, source.key)
                self.cache.put(pointer, {"key": key.encode("ascii")})
        self.results[prepared.index] = result
        while self.emitted in self.results:
            self._emit(self.results[self.emitted])
            self.emitted += 1

    def _emit(self, result: SpecResult) -> None:
        apply_warning_policy(result, self.warnings)
        if result.ok and result.package_dir is not None:
            self._output(result)
        if self.progress is not None:
            self.progress(result, self.emitted + 1, len(self.sources))

    def _output(self, result: SpecResult) -> None:
        assert result.package_dir is not None
        # Lexical, not resolved: the path below OUT is made of safe segments, and a symlink
        # on it is refused by plan_package (resolving could also fail on a loop).
        where = Path(os.path.normcase(os.path.abspath(result.package_dir)))
        owner = self.claimed.get(where)
        if owner is not None:
            message = f"{result.package_dir} is already generated from {owner}"
            result.diagnostics.append(error(message, kind="package-clash", file=str(result.spec)))
            result.package_dir, result.files = None, {}
            return
        self.claimed[where] = result.spec
        started = time.perf_counter()
        try:
            plan = plan_package(
                result.package_dir,
                result.files,
                force=self.force,
                out_dir=self.out,
                spec=spec_record(result.spec, result.package_dir),
            )
        except ValueError as exc:  # an unsafe output path: a target bug
            message = f"cannot write: {exc}"
            result.diagnostics.append(error(message, kind="write-failed", file=str(result.spec)))
            return
        except OSError as exc:
            message = f"cannot write {result.package_dir}: {exc.strerror or exc}"
            result.diagnostics.append(error(message, kind="write-failed", file=str(result.spec)))
            return
        result.plan = plan
        for conflict in plan.conflicts:
            message = f"{plan.package_dir / conflict.path}: {conflict.reason}"
            result.diagnostics.append(error(message, kind="in-the-way", file=str(result.spec)))
        if self.write and not plan.conflicts and not plan.up_to_date:
            try:
                apply_plan(plan, fsync=self.fsync)
            except OSError as exc:
                message = f"cannot write {plan.package_dir}: {exc.strerror or exc}"
                diagnostic = error(message, kind="write-failed", file=str(result.spec))
                result.diagnostics.append(diagnostic)
        add_time(result.timings, "write", time.perf_counter() - started)


def cached_result(run: Run, index: int) -> Prepared | None:
    key = run.keys[index]
    if run.cache is None or key is None:
        return None
    files = run.cache.get(key)
    if files is None:
        return None
    meta = files.pop(META, None)
    files.pop(RECORDS, None)
    prepared = decode_meta(meta, str(run.tasks[index].path)) if meta is not None else None
    if prepared is None:
        return None
    prepared.index = index
    prepared.files = files
    return prepared


def find_previous(run: Run, index: int) -> None:
    """Point a spec that missed the cache at its last output, whose parts it may reuse."""
    task = run.tasks[index]
    if run.cache is None or task.parts is None or task.parts.cache is None:
        return
    found = run.cache.get(pointer_key(task.parts.context, run.sources[index].key))
    previous = (found or {}).get("key", b"").decode("ascii", "replace")
    if previous and previous != run.keys[index] and _KEY.fullmatch(previous):
        run.tasks[index] = replace(task, parts=replace(task.parts, previous=previous))


def run_here(run: Run, indexes: list[int]) -> None:
    for index in indexes:
        prepared = prepare(run.tasks[index])
        if prepared.to_format:
            target = run.tasks[index].config.target
            memo = run.tasks[index].memo
            formatted, problem, seconds = format_chunk(target, prepared.to_format, memo)
            add_time(prepared.timings, "format", seconds)
            merge_formatted(prepared, formatted, problem, str(run.tasks[index].path))
        run.finish(prepared, cached=False)


def merge_formatted(
    prepared: Prepared, formatted: list[tuple[str, str]], problem: str | None, source: str
) -> None:
    if problem is not None:
        message = f"generation failed: {problem}"
        prepared.diagnostics.append(error(message, kind="generation-failed", file=source))
        prepared.package_dir = None
    prepared.files.update((output, text.encode("utf-8")) for output, text in formatted)
    prepared.to_format = []


def run_pool(run: Run, indexes: list[int], jobs: int) -> None:
    # Biggest specs first: the last to finish should be a small one.
    # Imported here: a run served from the cache starts no pool.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    order = sorted(indexes, key=lambda i: -file_size(run.tasks[i].path))
    prewarm(run, indexes)
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: dict[Future[Any], tuple[int, int]] = {}
        prepared: dict[int, Prepared] = {}
        waiting: dict[int, int] = {}  # spec index -> format chunks outstanding
        #: spec index -> chunk number -> why formatting failed (the first chunk's is told).
        problems: dict[int, dict[int, str]] = {}
        for index in order:
            pending[pool.submit(prepare, run.tasks[index])] = (index, -1)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f]):
                index, chunk = pending.pop(future)
                if chunk < 0:
                    item: Prepared = future.result()
                    prepared[index] = item
                    parts = list(chunks(item.to_format))
                    item.to_format = []
                    waiting[index] = len(parts)
                    target = run.tasks[index].config.target
                    for number, part in enumerate(parts):
                        memo = run.tasks[index].memo
                        future = pool.submit(format_chunk, target, part, memo)
                        pending[future] = (index, number)
                else:
                    formatted, problem, seconds = future.result()
                    item = prepared[index]
                    add_time(item.timings, "format", seconds)
                    if problem is not None:
                        problems.setdefault(index, {})[chunk] = problem
                    merge_formatted(item, formatted, None, "")
                    waiting[index] -= 1
                if waiting[index] == 0:
                    item = prepared.pop(index)
                    failed = problems.pop(index, None)
                    if failed:
                        first = failed[min(failed)]
                        merge_formatted(item, [], first, str(run.tasks[index].path))
                    run.finish(item, cached=False)
    finally:
        # On an interrupt, queued work is dropped; running tasks end with their process.
        pool.shutdown(wait=True, cancel_futures=True)


def prewarm(run: Run, indexes: list[int]) -> None:
    """Import what the workers run and compile their templates once, here: forked workers
    inherit them (each would do it again otherwise)."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return
    from ..phparray import PhpSyntaxError  # noqa: F401  (the parser, for PHP specs)
    from . import parts  # noqa: F401
    from .rendering import environment
    from .worker import target_named

    done: set[tuple[str, TemplateSet]] = set()
    for index in indexes:
        task = run.tasks[index]
        if (task.config.target, task.templates) in done:
            continue
        done.add((task.config.target, task.templates))
        try:
            env = environment(target_named(task.config.target), task.templates)
            for name in env.list_templates(extensions=["jinja"]):
                env.get_template(name)
        except Exception:  # a broken template fails in its spec, as it would
            continue


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


__all__ = [
    "Run",
    "cached_result",
    "cpu_count",
    "file_size",
    "find_previous",
    "run_here",
    "run_pool",
]
