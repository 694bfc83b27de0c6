"""The work on one spec, in a worker process or in this one: read, build the IR and the SDK
model, plan, render (:func:`prepare`); and format a chunk of files (:func:`format_chunk`).
Both take and return plain, picklable data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import OutputCache, cache_key
from ..config import SpecConfig
from ..diagnostics import Diagnostic, Severity, error
from ..paths import check_relative_dir
from .rendering import TemplateSet, render_files

if TYPE_CHECKING:
    from ..targets import Target

INTERNAL = "internal error"
#: Files per formatting task: small enough to share one big spec across the cores.
FORMAT_CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class Task:
    index: int
    path: Path
    config: SpecConfig
    templates: TemplateSet
    format: bool
    memo: FormatMemo | None = None
    #: Set when the target plans in parts (:mod:`.parts`).
    parts: Parts | None = None


@dataclass(frozen=True)
class Parts:
    """Where a spec's parts are kept (:mod:`.parts`)."""

    #: Everything the output depends on but the spec's text (generator, target, templates,
    #: options, formatter): part of every kept part's key.
    context: str
    #: The cache directory (``None``: no cache, keep nothing).
    cache: Path | None = None
    #: The cache entry of the spec's last output, whose parts may be reused.
    previous: str | None = None


@dataclass(frozen=True)
class FormatMemo:
    """Formatted files by rendered text, kept in the cache across runs: when a template or
    the generator changes, every spec misses the output cache, but most of its files render
    as before, and those are not formatted again."""

    directory: Path
    #: The generator's fingerprint and the formatter's version.
    salt: str

    def key(self, target: str, output: str, text: str) -> str:
        return cache_key("format", self.salt, target, output, text)


@dataclass
class Prepared:
    """A spec read, planned and rendered, with the files still to format."""

    index: int
    diagnostics: list[Diagnostic]
    package_dir: str | None = None
    operations: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    to_format: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: The operations' records to keep with the files (:mod:`.parts`), and how many
    #: operations were taken from the last run's.
    records: bytes | None = None
    reused: int = 0


_INSTANCES: dict[str, Target] = {}


def target_named(name: str) -> Target:
    # One instance per process: workers are reused across tasks.
    if name not in _INSTANCES:
        from ..targets import get_target

        _INSTANCES[name] = get_target(name)
    return _INSTANCES[name]


def prepare(task: Task) -> Prepared:
    try:
        if task.parts is not None:
            from .parts import prepare_parts

            return prepare_parts(task)
        return prepare_unguarded(task)
    except Exception as exc:  # a generator bug on one spec must not stop the others
        message = f"{INTERNAL}: {type(exc).__name__}: {exc}"
        return Prepared(task.index, [error(message, kind="internal", file=str(task.path))])


def prepare_unguarded(task: Task) -> Prepared:
    result = Prepared(task.index, [])
    value = load_value(task, result)
    if value is None:
        return result
    return generate_value(task, result, value)


def load_value(task: Task, result: Prepared) -> Any:
    """The spec's value; ``None`` after an error diagnostic (a spec's value is never
    ``None``: the parser gives a PHP value, ``null`` is not a spec)."""
    from ..phparray import PhpSyntaxError
    from ..specfile import load_spec

    source = str(task.path)
    diagnostics = result.diagnostics
    started = time.perf_counter()
    try:
        value = load_spec(task.path, diagnostics)
    except PhpSyntaxError as exc:
        diagnostics.append(exc.to_diagnostic(Severity.ERROR))  # syntax, or encoding
        return None
    except OSError as exc:
        message = f"cannot read: {exc.strerror or exc}"
        diagnostics.append(error(message, kind="unreadable", file=source))
        return None
    result.timings["load"] = time.perf_counter() - started
    return value


def generate_value(task: Task, result: Prepared, value: Any) -> Prepared:
    from ..ir import build_spec, has_errors
    from ..sdk import build_package

    source = str(task.path)
    diagnostics = result.diagnostics
    loaded = time.perf_counter()
    spec, ir_diagnostics = build_spec(value, source=source)
    diagnostics.extend(ir_diagnostics)
    built = time.perf_counter()
    result.timings["ir"] = built - loaded
    if has_errors(ir_diagnostics):
        return result
    try:
        # Nothing after the IR reads the directories (as in the parts pipeline, .parts).
        package = build_package(replace(spec, directories=()), diagnostics, source)
        if package is None:  # refused (an error), or nothing to generate (a warning)
            return result
        target = target_named(task.config.target)
        plan = target.plan(package, diagnostics, source=source, config=task.config)
        result.timings["plan"] = time.perf_counter() - built
        if any(d.severity is Severity.ERROR for d in diagnostics):
            return result
        check_relative_dir(plan.package_dir)  # safe segments only: the output stays in OUT
        files, to_format = render_files(plan, target, task.templates, result.timings)
    except Exception as exc:  # a target/template bug must not stop the other specs
        message = f"generation failed: {type(exc).__name__}: {exc}"
        diagnostics.append(error(message, kind="generation-failed", file=source))
        return result
    return settle(task, result, plan.package_dir, len(package.operations), files, to_format)


def settle(
    task: Task,
    result: Prepared,
    package_dir: str,
    operations: int,
    files: dict[str, bytes],
    to_format: list[tuple[str, str]],
) -> Prepared:
    """``result`` with the package's files (those still to format apart, if it formats)."""
    if task.format:
        result.to_format = to_format
    else:
        files.update((output, text.encode("utf-8")) for output, text in to_format)
    result.package_dir = package_dir
    result.operations = operations
    result.files = files
    return result


def format_chunk(
    target_name: str, items: list[tuple[str, str]], memo: FormatMemo | None = None
) -> tuple[list[tuple[str, str]], str | None, float]:
    """Formatted ``items``; or, if the formatter failed on one (a template produced invalid
    code), why, naming the file. Seconds spent last."""
    started = time.perf_counter()
    target = target_named(target_name)
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


def chunks(items: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
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


__all__ = [
    "FORMAT_CHUNK_BYTES",
    "INTERNAL",
    "FormatMemo",
    "Parts",
    "Prepared",
    "Task",
    "chunks",
    "format_chunk",
    "generate_value",
    "load_value",
    "prepare",
    "settle",
    "target_named",
]
