"""Generating a spec in parts, and keeping the parts: a spec update re-plans, re-renders and
re-formats only the operations it changed.

For a target that plans in parts (:class:`gen_sdk.targets.PartsTarget`), a package is made
of one *part* per operation (the files that are the operation's alone, ``models/<api>.py``
in Python, and a summary of what the package-wide files read of it) and the package-wide
files (client, README, tables), made from every part's summary. Beside a spec's files, its
cache entry keeps a :class:`~.records.Record` per operation: what the operation was built
from and its digest, its IR diagnostics, its naming inputs, the names its part read, and
its summary. The next run of that spec (which finds that entry through a pointer per
product/version and output context, :func:`~.cachekeys.pointer_key`) takes an operation's
part from its record, instead of building it, when both hold:

* **what it is built from is the same**: the digest is recomputed from the new spec over the
  same inputs (:mod:`.slicing` says which: the operation's raw value, ``info``, the
  component names, the components it refers to and the ones its IR read, the operation
  names if its IR read them, and the output context);
* **its names are the same**: names (classes, fields, methods) come from the naming step
  over the whole package; it runs every time, over the new operations' SDK model and the
  kept ones' naming inputs, and every name the kept part read must have the value it had.
  An operation whose names moved is built again.

Only the other operations go through the IR (the IR's builder skips the kept ones and
notes where each operation's diagnostics are: the spec's diagnostics are a whole build's,
in the same order), the SDK model, the views and the templates; the package-wide files are
planned and rendered again each time (from the summaries: a small share). A spec that does
not fit (an SDK-model diagnostic, which cannot be told apart per operation; operation
names with ``:``; a record that does not decode) is built whole, as without a cache. Either
way the files are exactly a cold run's (``tests/pipeline/test_parts.py``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..cache import OutputCache, cache_key
from ..diagnostics import Severity, error
from ..paths import check_relative_dir
from ..targets import Plan, StaticCopy
from .cachekeys import decode_diagnostics, encode_diagnostics
from .records import (
    Codec,
    NameReads,
    PackageRecord,
    Previous,
    Record,
    encode_records,
    from_skeleton,
    read_previous,
    skeleton,
)
from .rendering import render_files
from .slicing import (
    Inputs,
    SlicedSpec,
    build_operations,
    build_sliced,
    component_refs,
    split_inputs,
)
from .worker import Prepared, Task, generate_value, load_value, settle, target_named

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..sdk import Model, Operation
    from ..targets import OperationPart, PartsTarget, RenderJob


class NoParts(Exception):
    """The spec does not fit being built in parts: build it whole, or without the last
    run's records."""


class Failed(Exception):
    """The spec has errors (they are in the diagnostics): nothing is generated."""


@dataclass
class Outcome:
    """What :func:`generate_parts` made: the plan to render, the files kept from the last
    run, and the records to keep (none: keep none)."""

    plan: Plan
    operations: int
    kept: dict[str, bytes] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    #: The package-wide files' record (``None``: keep none).
    package: PackageRecord | None = None
    reused: int = 0


def prepare_parts(task: Task) -> Prepared:
    """:func:`gen_sdk.generate.worker.prepare` for a target that plans in parts."""
    from ..targets import PartsTarget

    assert task.parts is not None
    result = Prepared(task.index, [])
    value = load_value(task, result)
    if value is None:
        return result
    inputs = split_inputs(value, task.parts.context)
    if inputs is None or not isinstance(target_named(task.config.target), PartsTarget):
        return generate_value(task, result, value)
    previous = None
    if task.parts.previous is not None and task.parts.cache is not None:
        previous = read_previous(OutputCache(task.parts.cache), task.parts.previous)
    loaded = len(result.diagnostics)  # the parser's warnings
    outcome = None
    for last in (previous, None) if previous is not None else (None,):
        try:
            outcome = generate_parts(task, result, value, inputs, last)
            break
        except NoParts:
            del result.diagnostics[loaded:]
        except Failed:
            return result
        except Exception:
            # A cache entry must never fail a run: whatever its records make go wrong,
            # the spec is built again without them (a bug without them still fails).
            if last is None:
                raise
            del result.diagnostics[loaded:]
    if outcome is None:
        return generate_value(task, result, value)
    try:
        check_relative_dir(outcome.plan.package_dir)  # safe segments only: output stays in OUT
        target = target_named(task.config.target)
        files, to_format = render_files(outcome.plan, target, task.templates, result.timings)
    except Exception as exc:  # a target/template bug must not stop the other specs
        message = f"generation failed: {type(exc).__name__}: {exc}"
        result.diagnostics.append(error(message, kind="generation-failed", file=str(task.path)))
        return result
    files.update(outcome.kept)
    if task.parts.cache is not None and outcome.records:
        result.records = encode_records(outcome.records, outcome.package)
    result.reused = outcome.reused
    return settle(task, result, outcome.plan.package_dir, outcome.operations, files, to_format)


def kept_records(inputs: Inputs, previous: Previous | None) -> dict[str, Record]:
    """The last run's records of the operations built from the same inputs. Never the first
    operation's: one is always built, for the IR to tell its diagnostics apart."""
    if previous is None:
        return {}
    kept = {}
    for name in inputs.names[1:]:
        record = previous.records.get(name)
        if record is not None:
            digest = inputs.digest(name, record.components, record.uses_names)
            if digest is not None and digest == record.digest:
                kept[name] = record
    return kept


def generate_parts(
    task: Task, result: Prepared, value: object, inputs: Inputs, previous: Previous | None
) -> Outcome:
    """Plan the spec, building the operations ``previous`` keeps no valid part of. Raises
    :class:`NoParts` or :class:`Failed`."""
    from ..ir import has_errors

    source = str(task.path)
    target: PartsTarget = target_named(task.config.target)  # type: ignore[assignment]
    codec = Codec(target.summary_types)
    diagnostics = result.diagnostics
    records = kept_records(inputs, previous)
    started = time.perf_counter()
    sliced = build_sliced(value, source, inputs.names, frozenset(records))
    if sliced is None:
        raise NoParts
    try:
        kept_ir = {name: decode_diagnostics(r.diagnostics, source) for name, r in records.items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        raise NoParts from None
    by_operation: dict[str, list[Diagnostic]] = {**kept_ir, **sliced.diagnostics}
    ir_diagnostics = list(sliced.head)
    for name in inputs.names:
        ir_diagnostics.extend(by_operation.get(name, []))
    ir_diagnostics.extend(sliced.tail)
    diagnostics.extend(ir_diagnostics)
    ir_done = time.perf_counter()
    result.timings["ir"] = ir_done - started
    if has_errors(ir_diagnostics):
        raise Failed
    built, found = build_operations(sliced.spec, source)
    if built is None:
        if has_errors(found):  # a refused style, a package that cannot be named
            diagnostics.extend(found)
            raise Failed
        raise NoParts
    uses = dependencies(sliced)
    uses_names = set(sliced.uses_names)
    # The package as the naming step sees it: the kept operations as their naming inputs.
    operations: list[Operation] = []
    models: dict[str, Model] = {m.id: m for m in built.components}
    for name in inputs.names:
        if name in built.operations:
            operations.append(built.operations[name])
            models.update((m.id, m) for m in built.models[name])
        elif name in records:
            try:
                operation, kept_models = from_skeleton(records[name].skeleton)
            except (ValueError, TypeError):
                raise NoParts from None
            operations.append(operation)
            models.update((m.id, m) for m in kept_models)
        # else: the IR dropped it (its diagnostics say so)
    package = replace(built.package, operations=tuple(operations), models=models)
    reads = NameReads(target.naming(package))
    valid: dict[str, Record] = {}
    for name, record in records.items():
        try:
            if reads.digest(NameReads.decode(codec, record.reads)) == record.names:
                valid[name] = record
        except (ValueError, TypeError):
            continue
    moved = [name for name in records if name not in valid]
    if moved:
        # Kept operations whose names moved (another one took a class name, say) are built
        # again; their naming inputs are the same, so the names stay.
        again = build_sliced(value, source, inputs.names, frozenset(inputs.names) - set(moved))
        extra, _ = build_operations(again.spec, source) if again is not None else (None, [])
        if extra is None or any(name not in extra.operations for name in moved):
            raise NoParts
        assert again is not None
        uses.update(dependencies(again))
        uses_names |= again.uses_names
        for name in moved:
            built.operations[name] = extra.operations[name]
            built.models[name] = extra.models[name]
            models.update((m.id, m) for m in extra.models[name])
        operations = [built.operations.get(op.name, op) for op in operations]
        package = replace(package, operations=tuple(operations), models=models)
    reads.start()  # what setting up the planner reads is the package-wide files' too
    planner = target.planner(package, reads.recording, diagnostics, source, task.config)
    package_reads = reads.stop()
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise Failed  # an option the target cannot use
    keep = task.parts is not None and task.parts.cache is not None
    outcome = Outcome(plan=None, operations=len(operations), reused=len(valid))  # type: ignore[arg-type]
    fresh: dict[str, OperationPart] = {}
    jobs: list[RenderJob] = []
    for operation in operations:
        name = operation.name
        kept = valid.get(name)
        if kept is not None and previous is not None:
            try:
                outcome.kept.update((path, previous.files[path]) for path in kept.files)
            except KeyError:
                raise NoParts from None
            outcome.records.append(kept)
            continue
        reads.start()
        part = planner.operation(built.operations[name])
        read = reads.stop()
        fresh[name] = part
        jobs.extend(part.jobs)
        if keep:
            made = Made(
                operation,
                built.models[name],
                by_operation.get(name, []),
                uses[name],
                name in uses_names,
                source,
            )
            try:
                outcome.records.append(record_of(inputs, codec, reads, made, part, read))
            except TypeError:  # a summary the codec cannot keep: keep no part of this spec
                keep = False
    if not keep:
        outcome.records = []
    key = package_key(inputs, outcome.records) if keep else None
    wide = previous.package if previous is not None else None
    if key is not None and wide is not None and wide.key == key:
        try:
            same = reads.digest(NameReads.decode(codec, wide.reads)) == wide.names
            files = {path: previous.files[path] for path in wide.files}  # type: ignore[union-attr]
            # Static copies read the template set: a kept one must stay inside it.
            static = [
                StaticCopy(check_relative_dir(source_dir), check_relative_dir(output))
                for source_dir, output in wide.static
            ]
            info = codec.decode(wide.info)
        except (ValueError, TypeError, KeyError):
            same = False
        if same:
            # Every summary and what the package-wide files read is as it was: those files
            # are as they were.
            outcome.kept.update(files)
            outcome.plan = Plan(wide.package_dir, jobs, static, info)
            outcome.package = wide
            result.timings["plan"] = time.perf_counter() - ir_done
            return outcome
    summaries = []
    for operation in operations:
        made_now = fresh.get(operation.name)
        if made_now is not None:
            summaries.append(made_now.summary)
            continue
        try:
            summaries.append(codec.decode(valid[operation.name].summary))
        except (ValueError, TypeError, KeyError, AttributeError):
            raise NoParts from None
    reads.start()
    plan = planner.finish(summaries)
    package_reads += reads.stop()
    outcome.plan = replace(plan, jobs=[*plan.jobs, *jobs])
    if key is not None:
        try:
            outcome.package = PackageRecord(
                key=key,
                reads=NameReads.encode(codec, package_reads),
                names=reads.digest(package_reads),
                files=[job.output for job in plan.jobs],
                package_dir=plan.package_dir,
                static=[[copy.source, copy.output] for copy in plan.static],
                info=codec.encode(dict(plan.info)),
            )
        except TypeError:
            outcome.package = None
    result.timings["plan"] = time.perf_counter() - ir_done
    return outcome


def package_key(inputs: Inputs, records: list[Record]) -> str:
    """What the package-wide files are made from, but the names: the spec's top level but
    its operations and directories, and every operation's summary (a planner's
    ``finish`` reads nothing else of the operations)."""
    entries = [[r.name, r.summary_digest] for r in records]
    return cache_key(inputs.package, json.dumps(entries, ensure_ascii=False))


def dependencies(sliced: SlicedSpec) -> dict[str, list[str]]:
    """Per operation built: the components it is built from (its refs, followed, and what
    its IR read), in the spec's order."""
    schemas = dict(sliced.spec.schemas)
    found = {}
    for name, operation in sliced.spec.operations.items():
        used = set(component_refs(operation, schemas)) | sliced.components.get(name, set())
        found[name] = [c for c in schemas if c in used] if used else []
    return found


def record_of(
    inputs: Inputs,
    codec: Codec,
    reads: NameReads,
    made: Made,
    part: OperationPart,
    read: list[tuple[str, Any]],
) -> Record:
    """The record of an operation just built (``TypeError`` if its summary cannot be kept)."""
    name = made.operation.name
    digest = inputs.digest(name, made.components, made.uses_names)
    assert digest is not None
    summary = codec.encode(part.summary)
    shape = skeleton(made.operation, made.models)
    return Record(
        name=name,
        components=made.components,
        uses_names=made.uses_names,
        digest=digest,
        diagnostics=encode_diagnostics(made.diagnostics, made.source),
        skeleton=shape,
        reads=NameReads.encode(codec, read),
        names=reads.digest(read),
        summary=summary,
        summary_digest=cache_key(json.dumps(summary, ensure_ascii=False)),
        files=[job.output for job in part.jobs],
    )


@dataclass
class Made:
    """An operation built in this run: what its record is made of."""

    operation: Operation
    models: list[Model]
    diagnostics: list[Diagnostic]
    components: list[str]
    uses_names: bool
    source: str


__all__ = ["Failed", "NoParts", "Outcome", "generate_parts", "kept_records", "prepare_parts"]
