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
   in this process.
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

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cache import OutputCache, cache_key, default_cache_dir, fingerprint_tree
from .config import Config, SpecConfig, load_config, load_config_file
from .diagnostics import Diagnostic, Severity, error
from .discovery import SpecSource, find_specs
from .files import MAX_SPEC_BYTES, read_regular_file
from .output import PackagePlan, apply_plan, find_packages, manifest_spec, plan_package
from .paths import check_relative_dir
from .targets import FORMATTERS, TARGETS, TEMPLATES_ROOT, check_target

if TYPE_CHECKING:
    from concurrent.futures import Future

    import jinja2

    from .targets import Plan, Target

#: Bumped when what a cache entry holds changes meaning.
CACHE_FORMAT = "gen-sdk-output-2"
_INTERNAL = "internal error"
#: The cache entry member holding a result's metadata (never an output file: outputs are
#: checked against reserved names by ``plan_package``, and this one starts with a dot).
_META = ".gen-sdk-cache-meta.json"
#: Entries beyond this total size are pruned, least recently used first.
CACHE_MAX_BYTES = 2 * 1024**3
#: Misses whose specs total less than this run in this process: starting workers (and
#: importing black, Jinja and lark in each) would cost more than it saves.
POOL_THRESHOLD_BYTES = 256 * 1024
#: Files per formatting task: small enough to share one big spec across the cores.
FORMAT_CHUNK_BYTES = 256 * 1024


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class SpecResult:
    source: SpecSource
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The package directory (``None`` when the spec failed before planning).
    package_dir: Path | None = None
    #: Path (relative to ``package_dir``) -> content, for every file of the package.
    files: dict[str, bytes] = field(default_factory=dict)
    #: What writing the files does (or, with ``check``/``dry_run``, would do).
    plan: PackagePlan | None = None
    operations: int = 0
    #: Whether the files came from the cache.
    cached: bool = False
    #: Seconds spent in each stage (``load``, ``ir``, ``plan``, ``render``, ``format``,
    #: ``write``); summed over the workers for a spec formatted in chunks.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def spec(self) -> Path:
        return self.source.path

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def changed(self) -> list[str]:
        """Files added, changed or removed (or that would be), relative to the package."""
        return [] if self.plan is None else self.plan.differing


@dataclass
class GenerateResult:
    results: list[SpecResult]
    #: Packages in ``out`` whose spec is gone (or, with ``prune``, any this run did not
    #: produce): removed (or, with check, would be).
    orphans: list[PackagePlan] = field(default_factory=list)
    seconds: float = 0.0
    check: bool = False
    dry_run: bool = False
    #: Packages in ``out`` this run did not produce and left alone: their specs are not
    #: under this run's inputs (or their manifests do not say).
    kept: list[Path] = field(default_factory=list)
    #: Errors of the run itself (removing a package failed).
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and not self.problems

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.diagnostics]

    @property
    def plans(self) -> list[PackagePlan]:
        return [r.plan for r in self.results if r.plan is not None] + self.orphans

    @property
    def changed(self) -> list[Path]:
        """Every file added, changed or removed (or that would be), as a path under ``out``."""
        return [plan.package_dir / path for plan in self.plans for path in plan.differing]

    @property
    def up_to_date(self) -> bool:
        return all(plan.up_to_date for plan in self.plans)

    @property
    def operations(self) -> int:
        return sum(r.operations for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    def count(self, what: str) -> int:
        """Files ``added``, ``changed``, ``unchanged`` or ``removed`` over all packages."""
        return sum(len(getattr(plan, what)) for plan in self.plans)

    def summary(self) -> str:
        """The closing line: specs, operations, files, warnings, time."""
        written = self.count("added") + self.count("changed")
        verb = "would be " if self.check or self.dry_run else ""
        failed = sum(not r.ok for r in self.results)
        cached = sum(r.cached for r in self.results)
        parts = [
            f"{len(self.results)} specs" + (f" ({failed} failed)" if failed else ""),
            f"{self.operations} operations",
            f"files: {written} {verb}written, {self.count('unchanged')} unchanged, "
            f"{self.count('removed')} {verb}removed",
        ]
        removed = sum(not plan.up_to_date for plan in self.orphans)
        if removed:
            parts.append(f"{removed} packages {verb}removed")
        if self.kept:
            parts.append(f"{len(self.kept)} other packages left alone")
        parts += [
            f"{self.warnings} warnings",
            f"{cached} from cache",
            f"{self.seconds:.1f} s",
        ]
        return "; ".join(parts)


#: Called once per spec, in the specs' order, with (result, position from 1, total).
Progress = Callable[[SpecResult, int, int], None]


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------


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


def _environment(target: Target, templates: TemplateSet) -> jinja2.Environment:
    # Reused across the specs a process renders: Jinja compiles each template once.
    key = (type(target), templates)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(target, templates)
    return _ENVIRONMENTS[key]


def _new_environment(target: Target, templates: TemplateSet) -> jinja2.Environment:
    import jinja2

    from .targets.code import COMMON_FILTERS, checked_output

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


def _render(
    plan: Plan, target: Target, templates: TemplateSet, timings: dict[str, float]
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """The plan's files that are final, and the (path, text) of those still to format."""
    env = _environment(target, templates)
    files: dict[str, bytes] = {}
    to_format: list[tuple[str, str]] = []
    started = time.perf_counter()
    for job in plan.jobs:
        text = env.get_template(job.template).render(**job.context)
        if job.format:
            to_format.append((job.output, text))
        else:
            files[job.output] = text.encode("utf-8")
    for copy in plan.static:
        for relative, file in templates.static_files(copy.source).items():
            files[f"{copy.output}/{relative}"] = file.read_bytes()
    _add(timings, "render", time.perf_counter() - started)
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
    files, to_format = _render(plan, target, chosen, spent)
    for output, text in _format_texts(target, to_format if format else [], spent):
        files[output] = text.encode("utf-8")
    if not format:
        files.update((output, text.encode("utf-8")) for output, text in to_format)
    if timings is not None:
        for stage, seconds in spent.items():
            _add(timings, stage, seconds)
    return dict(sorted(files.items()))


def _format_texts(
    target: Target, items: Sequence[tuple[str, str]], timings: dict[str, float]
) -> list[tuple[str, str]]:
    started = time.perf_counter()
    formatted = [(output, target.format(output, text)) for output, text in items]
    _add(timings, "format", time.perf_counter() - started)
    return formatted


def _add(timings: dict[str, float], stage: str, seconds: float) -> None:
    timings[stage] = timings.get(stage, 0.0) + seconds


# --------------------------------------------------------------------------------------------
# Work on one spec (in a worker process or in this one)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    index: int
    path: Path
    config: SpecConfig
    templates: TemplateSet
    format: bool
    memo: _FormatMemo | None = None


@dataclass(frozen=True)
class _FormatMemo:
    """Formatted files by rendered text, kept in the cache across runs: when a template or
    the generator changes, every spec misses the output cache, but most of its files render
    as before, and those are not formatted again."""

    directory: Path
    #: The generator's fingerprint and the formatter's version.
    salt: str

    def key(self, target: str, output: str, text: str) -> str:
        return cache_key("format", self.salt, target, output, text)


@dataclass
class _Prepared:
    """A spec read, planned and rendered, with the files still to format."""

    index: int
    diagnostics: list[Diagnostic]
    package_dir: str | None = None
    operations: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    to_format: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


_TARGETS: dict[str, Target] = {}


def _target(name: str) -> Target:
    # One instance per process: workers are reused across tasks.
    if name not in _TARGETS:
        from .targets import get_target

        _TARGETS[name] = get_target(name)
    return _TARGETS[name]


def _prepare(task: _Task) -> _Prepared:
    try:
        return _prepare_unguarded(task)
    except Exception as exc:  # a generator bug on one spec must not stop the others
        message = f"{_INTERNAL}: {type(exc).__name__}: {exc}"
        return _Prepared(task.index, [error(message, file=str(task.path))])


def _prepare_unguarded(task: _Task) -> _Prepared:
    from .ir import build_spec, has_errors
    from .phparray import PhpSyntaxError
    from .specfile import load_spec

    source = str(task.path)
    result = _Prepared(task.index, [])
    diagnostics = result.diagnostics
    started = time.perf_counter()
    try:
        value = load_spec(task.path, diagnostics)
    except PhpSyntaxError as exc:
        diagnostics.append(error(str(exc), file=source))
        return result
    except OSError as exc:
        diagnostics.append(error(f"cannot read: {exc.strerror or exc}", file=source))
        return result
    loaded = time.perf_counter()
    spec, ir_diagnostics = build_spec(value, source=source)
    diagnostics.extend(ir_diagnostics)
    built = time.perf_counter()
    result.timings.update(load=loaded - started, ir=built - loaded)
    if has_errors(ir_diagnostics):
        return result
    try:
        target = _target(task.config.target)
        plan = target.plan(spec, diagnostics, source=source, config=task.config)
        result.timings["plan"] = time.perf_counter() - built
        if any(d.severity is Severity.ERROR for d in diagnostics):
            return result
        check_relative_dir(plan.package_dir)  # safe segments only: the output stays in OUT
        files, to_format = _render(plan, target, task.templates, result.timings)
    except Exception as exc:  # a target/template bug must not stop the other specs
        diagnostics.append(error(f"generation failed: {type(exc).__name__}: {exc}", file=source))
        return result
    if task.format:
        result.to_format = to_format
    else:
        files.update((output, text.encode("utf-8")) for output, text in to_format)
    result.package_dir = plan.package_dir
    result.operations = len(spec.operations)
    result.files = files
    return result


def _format_chunk(
    target_name: str, items: list[tuple[str, str]], memo: _FormatMemo | None = None
) -> tuple[list[tuple[str, str]], str | None, float]:
    """Formatted ``items``; or, if the formatter failed on one (a template produced invalid
    code), why, naming the file. Seconds spent last."""
    started = time.perf_counter()
    target = _target(target_name)
    store = OutputCache(memo.directory) if memo is not None else None
    formatted: list[tuple[str, str]] = []
    for output, text in items:
        key = memo.key(target_name, output, text) if memo is not None else ""
        known = store.get(key) if store is not None else None
        if known is not None and "text" in known:
            try:
                formatted.append((output, known["text"].decode("utf-8")))
                continue
            except UnicodeDecodeError:
                pass
        try:
            result = target.format(output, text)
        except Exception as exc:
            problem = f"cannot format {output}: {type(exc).__name__}: {exc}"
            return formatted, problem, time.perf_counter() - started
        formatted.append((output, result))
        if store is not None:
            store.put(key, {"text": result.encode("utf-8")})
    return formatted, None, time.perf_counter() - started


def _chunks(items: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item[1])
        if size >= FORMAT_CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# --------------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------------


def _generator_fingerprint() -> str:
    """The generator's version and its own source: an edited checkout misses the cache."""
    return cache_key(__version__, fingerprint_tree(Path(__file__).resolve().parent))


def _formatter_version(target: str) -> str:
    """The formatter's version (read from its metadata: importing black is slow)."""
    from importlib import metadata

    name = FORMATTERS.get(target)
    if name is None:
        return ""
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return ""


#: Stands for the spec's path in cached diagnostics.
_SPEC_PATH = "\x00spec\x00"


def _encode_meta(prepared: _Prepared, spec_path: str) -> bytes:
    diagnostics = []
    for d in prepared.diagnostics:
        item = asdict(d)
        # Diagnostics name the spec file (in ``file``, and a parser's message may too); the
        # entry serves every copy of the spec, so the path is filled in when it is read.
        item["file"] = _SPEC_PATH if d.file == spec_path else d.file
        item["message"] = d.message.replace(spec_path, _SPEC_PATH)
        diagnostics.append(item)
    meta = {
        "package_dir": prepared.package_dir,
        "operations": prepared.operations,
        "diagnostics": diagnostics,
    }
    return json.dumps(meta, sort_keys=True).encode("utf-8")


def _decode_meta(data: bytes, spec_path: str) -> _Prepared | None:
    try:
        meta = json.loads(data)
        diagnostics = []
        for item in meta["diagnostics"]:
            if item["file"] == _SPEC_PATH:
                item["file"] = spec_path
            item["message"] = item["message"].replace(_SPEC_PATH, spec_path)
            item["severity"] = Severity(item["severity"])
            diagnostics.append(Diagnostic(**item))
        package_dir = meta["package_dir"]
        operations = meta["operations"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(package_dir, str | None) or not isinstance(operations, int):
        return None
    if package_dir is not None:
        try:
            check_relative_dir(package_dir)  # a forged entry must not write outside OUT
        except ValueError:
            return None
    return _Prepared(-1, diagnostics, package_dir, operations)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class _Run:
    sources: list[SpecSource]
    tasks: list[_Task]
    keys: list[str | None]
    out: Path
    cache: OutputCache | None
    check: bool
    write: bool
    force: bool
    fsync: bool
    progress: Progress | None
    results: dict[int, SpecResult] = field(default_factory=dict)
    emitted: int = 0
    claimed: dict[Path, Path] = field(default_factory=dict)

    def finish(self, prepared: _Prepared, *, cached: bool) -> None:
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
            store = store and not any(_INTERNAL in d.message for d in prepared.diagnostics)
        if store:
            assert self.cache is not None and key is not None
            entry = {**result.files, _META: _encode_meta(prepared, str(task.path))}
            self.cache.put(key, entry)
        self.results[prepared.index] = result
        while self.emitted in self.results:
            self._emit(self.results[self.emitted])
            self.emitted += 1

    def _emit(self, result: SpecResult) -> None:
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
            result.diagnostics.append(error(message, file=str(result.spec)))
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
                spec=_spec_record(result.spec, result.package_dir),
            )
        except ValueError as exc:  # an unsafe output path: a target bug
            result.diagnostics.append(error(f"cannot write: {exc}", file=str(result.spec)))
            return
        except OSError as exc:
            message = f"cannot write {result.package_dir}: {exc.strerror or exc}"
            result.diagnostics.append(error(message, file=str(result.spec)))
            return
        result.plan = plan
        for conflict in plan.conflicts:
            message = f"{plan.package_dir / conflict.path}: {conflict.reason}"
            result.diagnostics.append(error(message, file=str(result.spec)))
        if self.write and not plan.conflicts and not plan.up_to_date:
            try:
                apply_plan(plan, fsync=self.fsync)
            except OSError as exc:
                message = f"cannot write {plan.package_dir}: {exc.strerror or exc}"
                result.diagnostics.append(error(message, file=str(result.spec)))
        _add(result.timings, "write", time.perf_counter() - started)


def _cached(run: _Run, index: int) -> _Prepared | None:
    key = run.keys[index]
    if run.cache is None or key is None:
        return None
    files = run.cache.get(key)
    if files is None:
        return None
    meta = files.pop(_META, None)
    prepared = _decode_meta(meta, str(run.tasks[index].path)) if meta is not None else None
    if prepared is None:
        return None
    prepared.index = index
    prepared.files = files
    return prepared


def _run_here(run: _Run, indexes: list[int]) -> None:
    for index in indexes:
        prepared = _prepare(run.tasks[index])
        if prepared.to_format:
            target = run.tasks[index].config.target
            memo = run.tasks[index].memo
            formatted, problem, seconds = _format_chunk(target, prepared.to_format, memo)
            _add(prepared.timings, "format", seconds)
            _merge_formatted(prepared, formatted, problem, str(run.tasks[index].path))
        run.finish(prepared, cached=False)


def _merge_formatted(
    prepared: _Prepared, formatted: list[tuple[str, str]], problem: str | None, source: str
) -> None:
    if problem is not None:
        prepared.diagnostics.append(error(f"generation failed: {problem}", file=source))
        prepared.package_dir = None
    prepared.files.update((output, text.encode("utf-8")) for output, text in formatted)
    prepared.to_format = []


def _run_pool(run: _Run, indexes: list[int], jobs: int) -> None:
    # Biggest specs first: the last to finish should be a small one.
    # Imported here: a run served from the cache starts no pool.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    order = sorted(indexes, key=lambda i: -_size(run.tasks[i].path))
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: dict[Future[Any], tuple[int, int]] = {}
        prepared: dict[int, _Prepared] = {}
        waiting: dict[int, int] = {}  # spec index -> format chunks outstanding
        #: spec index -> chunk number -> why formatting failed (the first chunk's is told).
        problems: dict[int, dict[int, str]] = {}
        for index in order:
            pending[pool.submit(_prepare, run.tasks[index])] = (index, -1)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f]):
                index, chunk = pending.pop(future)
                if chunk < 0:
                    item: _Prepared = future.result()
                    prepared[index] = item
                    chunks = list(_chunks(item.to_format))
                    item.to_format = []
                    waiting[index] = len(chunks)
                    target = run.tasks[index].config.target
                    for number, part in enumerate(chunks):
                        memo = run.tasks[index].memo
                        future = pool.submit(_format_chunk, target, part, memo)
                        pending[future] = (index, number)
                else:
                    formatted, problem, seconds = future.result()
                    item = prepared[index]
                    _add(item.timings, "format", seconds)
                    if problem is not None:
                        problems.setdefault(index, {})[chunk] = problem
                    _merge_formatted(item, formatted, None, "")
                    waiting[index] -= 1
                if waiting[index] == 0:
                    item = prepared.pop(index)
                    failed = problems.pop(index, None)
                    if failed:
                        first = failed[min(failed)]
                        _merge_formatted(item, [], first, str(run.tasks[index].path))
                    run.finish(item, cached=False)
    finally:
        # On an interrupt, queued work is dropped; running tasks end with their process.
        pool.shutdown(wait=True, cancel_futures=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _spec_options(config: SpecConfig) -> str:
    return json.dumps(
        {
            "target": config.target,
            "package_name": config.package_name,
            "distribution_name": config.distribution_name,
            "package_version": config.package_version,
        },
        sort_keys=True,
    )


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


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
) -> GenerateResult:
    """Generate one package per spec under ``out`` (``out/<product>/<version>/``).

    ``inputs``: spec files or trees. ``target``, ``templates`` (overrides of the target's
    templates), ``jobs``, ``format`` and ``cache_dir`` take precedence over the config
    (``config``: a :class:`Config`, a config file, or ``None`` to look beside the inputs).
    ``check``/``dry_run``: write nothing; the results' plans say what would change.
    ``force``: overwrite files in the way that the generator did not write.
    ``prune``: remove every package in ``out`` the run did not produce (not with ``only``).

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
    sources = find_specs(paths, only=only, exclude=[out_dir])
    override_dir = Path(templates) if templates is not None else settings.templates
    if override_dir is not None and not override_dir.is_dir():
        raise ValueError(f"templates {override_dir}: not a directory")
    formatting = settings.format if format is None else format
    workers = max(1, jobs or settings.jobs or _cpu_count())

    tasks: list[_Task] = []
    for index, source in enumerate(sources):
        spec_config = settings.for_spec(source.key)
        if target is not None:
            spec_config = replace(spec_config, target=target)
        template_set = TemplateSet(TEMPLATES_ROOT / spec_config.target, override_dir)
        tasks.append(_Task(index, source.path, spec_config, template_set, formatting))

    cache: OutputCache | None = None
    keys: list[str | None] = [None] * len(tasks)
    if use_cache:
        # The argument, then $GEN_SDK_CACHE_DIR (a CI job's choice beats the repository's),
        # then the config, then the user's cache directory.
        where = cache_dir or os.environ.get("GEN_SDK_CACHE_DIR") or settings.cache_dir
        cache = OutputCache(Path(where) if where else default_cache_dir())
        generator = _generator_fingerprint()
        shared: dict[tuple[TemplateSet, str], str] = {}
        formatters: dict[str, str] = {}
        for index, task in enumerate(tasks):
            name = task.config.target
            if name not in formatters:
                formatters[name] = _formatter_version(name) if formatting else ""
            if (task.templates, name) not in shared:
                shared[(task.templates, name)] = cache_key(
                    task.templates.fingerprint(), formatters[name]
                )
            if formatting:
                salt = cache_key(generator, formatters[name])
                tasks[index] = task = replace(task, memo=_FormatMemo(cache.directory, salt))
            try:
                data = read_regular_file(task.path, MAX_SPEC_BYTES)
            except OSError:
                continue  # reported by the worker
            keys[index] = cache_key(
                CACHE_FORMAT,
                generator,
                name,
                shared[(task.templates, name)],
                _spec_options(task.config),
                "format" if formatting else "no-format",
                task.path.suffix.lower(),
                data,
            )

    run = _Run(
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
    )
    misses: list[int] = []
    for index in range(len(tasks)):
        hit = _cached(run, index)
        if hit is not None:
            run.finish(hit, cached=True)
        else:
            misses.append(index)
    if misses:
        big = sum(_size(tasks[i].path) for i in misses) >= POOL_THRESHOLD_BYTES
        if workers > 1 and big:
            _run_pool(run, misses, workers)
        else:
            _run_here(run, misses)
    results = [run.results[i] for i in range(len(tasks))]

    orphans, kept, problems = _orphans(
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
    )


def _remove_empty_parents(package: Path, out_dir: Path) -> None:
    """The directories a removed package leaves empty (``out/ecs`` of ``out/ecs/2014-05-26``),
    up to ``out_dir``; one holding anything else stays."""
    for parent in package.parents:
        if parent == out_dir or out_dir not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:
            return


def _spec_record(spec: Path, package_dir: Path) -> str:
    """Where the package's spec is, relative to the package (recorded in its manifest, so a
    later run can tell whether the spec is gone): lexical, so the same checkout layout gives
    the same manifest wherever it is."""
    return Path(os.path.relpath(os.path.abspath(spec), os.path.abspath(package_dir))).as_posix()


def _recorded_spec(package: Path) -> Path | None:
    recorded = manifest_spec(package)
    if recorded is None:
        return None
    return Path(os.path.normpath(os.path.join(os.path.abspath(package), recorded)))


def _within(path: Path, inputs: Sequence[Path]) -> bool:
    """Whether ``path`` is one of the input files or lies under an input directory."""
    for given in inputs:
        top = Path(os.path.abspath(given))
        if path == top or (given.is_dir() and top in path.parents):
            return True
    return False


def _orphans(
    out_dir: Path,
    inputs: Sequence[Path],
    sources: Sequence[SpecSource],
    results: Sequence[SpecResult],
    *,
    only: bool,
    prune: bool,
    write: bool,
    fsync: bool,
) -> tuple[list[PackagePlan], list[Path], list[Diagnostic]]:
    """The packages in ``out_dir`` this run did not produce: (removed, or without ``write``
    would be; left alone; problems removing them).

    One is removed when its manifest records a spec under one of this run's inputs and that
    spec is gone (or now makes another package), or with ``prune``. Nothing is removed when
    ``only`` narrowed the run or a spec failed (its package may be the one that looks gone).
    """
    if only or not all(r.ok for r in results) or not out_dir.is_dir():
        return [], [], []
    made = {
        Path(os.path.normcase(os.path.abspath(r.package_dir)))
        for r in results
        if r.package_dir is not None
    }
    generated = {Path(os.path.abspath(s.path)) for s in sources}
    orphans: list[PackagePlan] = []
    kept: list[Path] = []
    problems: list[Diagnostic] = []
    for package in find_packages(out_dir):
        if Path(os.path.normcase(os.path.abspath(package))) in made:
            continue
        spec = _recorded_spec(package)
        gone = (
            spec is not None
            and _within(spec, inputs)
            and (spec in generated or not os.path.lexists(spec))
        )
        if not (gone or prune):
            kept.append(package)
            continue
        try:
            plan = plan_package(package, {})
            if write and not plan.up_to_date:
                apply_plan(plan, fsync=fsync)
                _remove_empty_parents(package, out_dir)
        except OSError as exc:
            message = f"cannot remove the package: {exc.strerror or exc}"
            problems.append(error(message, file=str(package)))
            continue
        orphans.append(plan)
    return orphans, kept, problems


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
    "GenerateResult",
    "Progress",
    "SpecResult",
    "TemplateSet",
    "files_of",
    "generate",
    "render_plan",
    "resolve_config",
]
