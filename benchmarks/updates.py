"""Replay the five real weekly spec updates over the generated corpus: each week's rerun
beside a cold run.

    python benchmarks/updates.py [--corpus DIR] [--updates DIR] [--rounds N] [--jobs N]
                                 [--keep DIR] [--live] [--no-check]

The updates (``$GEN_SDK_UPDATES``, else ``../shared/updates`` beside the repository) hold,
per week, ``<date>/<product>/<version>/{before,after}.json`` for each spec that changed that
week. Each round:

1. **The starting tree**: a copy of the corpus (``$GEN_SDK_CORPUS``, else
   ``../shared/corpus``) in which every spec that appears in the updates is replaced by its
   earliest ``before.json``, as ``<product>/<version>/api-docs.json`` alone (the corpus's
   ``api-docs.php`` and ``api-docs.json`` of that spec are removed: one product/version must
   not be present twice, and PHP would win over JSON);
2. **cold**: ``gen-sdk SPECS OUT`` with an empty cache and an empty ``OUT``;
3. **each week**, in date order: the changed specs are replaced by that week's
   ``after.json`` (each week's ``before.json`` is checked to be what the tree holds), and
   the same command runs again (same cache, same ``OUT``), as CI would on that week's
   commit.

Every run is ``gen-sdk`` as a subprocess (startup included), timed in wall seconds and in
CPU seconds of gen-sdk and its workers (user + system, from ``RUSAGE_CHILDREN``: the figure
that depends least on what else runs on the machine). The runs use a copy of gen-sdk taken
at the start (``benchmarks/snapshot.py``: someone editing the checkout meanwhile would
change its cache key; ``--live`` runs the checkout itself). Per week it prints the specs
changed, the operations they add, remove or change and the size of what changed (compact
JSON of every changed operation and top-level section, before and after), wall and CPU
seconds and both ratios to the same round's cold run. With ``--rounds N`` the whole replay
runs N times from scratch (fresh tree, cache and ``OUT``); the summary gives the median of
each week's ratios. Target: each week at most 10% of the cold run.

After the last week the output is checked to be what a cold run of the final tree gives
(``gen-sdk --check --no-cache``): the reruns must be exact, not only fast.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from snapshot import snapshot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GEN_SDK_CORPUS") or ROOT.parent / "shared" / "corpus")
DEFAULT_UPDATES = Path(os.environ.get("GEN_SDK_UPDATES") or ROOT.parent / "shared" / "updates")
#: A week's rerun may take at most this share of the cold run.
TARGET_RATIO = 0.10


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    summary: str


@dataclass(frozen=True)
class Week:
    date: str
    #: ``product/version`` -> (before.json, after.json)
    changes: dict[str, tuple[Path, Path]]


def find_weeks(updates: Path) -> list[Week]:
    weeks = []
    for folder in sorted(p for p in updates.iterdir() if p.is_dir()):
        changes = {
            f"{after.parent.parent.name}/{after.parent.name}": (
                after.with_name("before.json"),
                after,
            )
            for after in sorted(folder.glob("*/*/after.json"))
        }
        if changes:
            weeks.append(Week(folder.name, changes))
    return weeks


def run_gen_sdk(
    specs: Path, out: Path, cache: Path, jobs: int | None, env: dict[str, str] | None
) -> Timing:
    command = [sys.executable, "-m", "gen_sdk.cli", str(specs), str(out)]
    command += ["--cache-dir", str(cache)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # Exit 1 is a spec gen-sdk refuses (OSS): reported, the others generated.
    if done.returncode not in (0, 1) or not done.stdout.strip():
        sys.exit(f"gen-sdk exited {done.returncode}\n{done.stderr[-3000:]}")
    return Timing(wall, cpu, done.stdout.strip().splitlines()[-1])


def start_tree(corpus: Path, weeks: list[Week], specs: Path) -> None:
    shutil.copytree(corpus, specs)
    earliest: dict[str, Path] = {}
    for week in weeks:
        for key, (before, _) in week.changes.items():
            earliest.setdefault(key, before)
    for key, before in earliest.items():
        folder = specs / key
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("api-docs.*"):
            old.unlink()
        shutil.copyfile(before, folder / "api-docs.json")


@dataclass(frozen=True)
class Change:
    """How much of the specs a week changes: operations added, removed or changed, and the
    size (as compact JSON) of every operation and top-level section that changed, old and
    new summed."""

    operations: int = 0
    size: int = 0

    def __add__(self, other: Change) -> Change:
        return Change(self.operations + other.operations, self.size + other.size)


def _size(value: object) -> int:
    if value is None:
        return 0
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def measure(old: bytes, new: bytes) -> Change:
    before, after = json.loads(old), json.loads(new)
    change = Change()
    for key in dict.fromkeys([*before, *after]):
        if key == "apis":
            old_apis, new_apis = before.get("apis") or {}, after.get("apis") or {}
            for name in dict.fromkeys([*old_apis, *new_apis]):
                if old_apis.get(name) != new_apis.get(name):
                    size = _size(old_apis.get(name)) + _size(new_apis.get(name))
                    change += Change(1, size)
        elif before.get(key) != after.get(key):
            change += Change(0, _size(before.get(key)) + _size(after.get(key)))
    return change


def apply_week(week: Week, specs: Path) -> Change:
    """Write the week's ``after.json`` files into the tree; how much they change."""
    total = Change()
    for key, (before, after) in week.changes.items():
        target = specs / key / "api-docs.json"
        old, new = target.read_bytes(), after.read_bytes()
        if old != before.read_bytes():
            sys.exit(f"{week.date} {key}: before.json is not what the previous week left")
        total += measure(old, new)
        target.write_bytes(new)
    return total


@dataclass(frozen=True)
class Row:
    week: Week
    change: Change
    timing: Timing
    #: This week's share of the round's cold run: wall, CPU.
    wall: float
    cpu: float


def replay(
    corpus: Path,
    weeks: list[Week],
    work: Path,
    jobs: int | None,
    env: dict[str, str] | None,
    *,
    check: bool,
) -> tuple[Timing, list[Row]]:
    specs, out, cache = work / "specs", work / "out", work / "cache"
    for path in (specs, out, cache):
        shutil.rmtree(path, ignore_errors=True)
    start_tree(corpus, weeks, specs)
    cold = run_gen_sdk(specs, out, cache, jobs, env)
    print(f"{'cold':>12}: {cold.wall:6.2f} s wall {cold.cpu:6.2f} s CPU  {cold.summary}")
    rows = []
    for week in weeks:
        change = apply_week(week, specs)
        timing = run_gen_sdk(specs, out, cache, jobs, env)
        row = Row(week, change, timing, timing.wall / cold.wall, timing.cpu / cold.cpu)
        rows.append(row)
        print(
            f"{week.date:>12}: {timing.wall:6.2f} s wall {timing.cpu:6.2f} s CPU "
            f"({row.wall:6.1%} / {row.cpu:6.1%} of cold)  {len(week.changes)} specs, "
            f"{change.operations} operations, {change.size / 1024:,.0f} KiB changed  "
            f"{timing.summary}",
            flush=True,
        )
    if check:
        command = [sys.executable, "-m", "gen_sdk.cli", "--check", "--no-cache", "-q"]
        done = subprocess.run(
            [*command, str(specs), str(out)], capture_output=True, text=True, check=False, env=env
        )
        stale = [line for line in done.stdout.splitlines() if line.strip()]
        if stale:
            sys.exit("the replayed output differs from a cold run:\n" + "\n".join(stale[:40]))
        print(f"{'':>12}  checked: the replayed output equals a cold run of the last tree")
    return cold, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--updates", type=Path, default=DEFAULT_UPDATES)
    parser.add_argument("--rounds", type=int, default=1, help="replays from scratch (median)")
    parser.add_argument("--jobs", type=int, default=None, help="default: gen-sdk's (all cores)")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--live", action="store_true", help="run the checkout, not a copy")
    parser.add_argument("--no-check", action="store_true", help="skip the final --check")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (set GEN_SDK_CORPUS)")
    if not args.updates.is_dir():
        sys.exit(f"no updates at {args.updates} (set GEN_SDK_UPDATES)")
    weeks = find_weeks(args.updates)
    print(
        f"corpus: {args.corpus}; updates: {args.updates} ({len(weeks)} weeks); "
        f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="gen-sdk-updates-"))
    work.mkdir(parents=True, exist_ok=True)
    env = None if args.live else snapshot(work)
    colds: list[Timing] = []
    per_week: dict[str, list[Row]] = {}
    try:
        for number in range(args.rounds):
            print(f"round {number + 1}/{args.rounds}", flush=True)
            check = number == args.rounds - 1 and not args.no_check
            cold, rows = replay(args.corpus, weeks, work, args.jobs, env, check=check)
            colds.append(cold)
            for row in rows:
                per_week.setdefault(row.week.date, []).append(row)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    cold_wall = statistics.median(t.wall for t in colds)
    cold_cpu = statistics.median(t.cpu for t in colds)
    print(
        f"\nmedians of {args.rounds} round(s) (ratios: to the same round's cold run); "
        f"target: each week <= {TARGET_RATIO:.0%} of cold"
    )
    header = ["week", "specs", "ops", "KiB", "wall s", "CPU s", "wall", "CPU"]
    widths = (12, 5, 5, 7, 7, 7, 7, 7)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    print(f"{'cold':>12} {'':>5} {'':>5} {'':>7} {cold_wall:7.2f} {cold_cpu:7.2f}")
    worst = worst_cpu = 0.0
    for week in weeks:
        rows = per_week[week.date]
        wall = statistics.median(r.wall for r in rows)
        cpu = statistics.median(r.cpu for r in rows)
        worst, worst_cpu = max(worst, wall), max(worst_cpu, cpu)
        change = rows[0].change
        print(
            f"{week.date:>12} {len(week.changes):>5} {change.operations:>5} "
            f"{change.size / 1024:>7,.0f} {statistics.median(r.timing.wall for r in rows):7.2f} "
            f"{statistics.median(r.timing.cpu for r in rows):7.2f} {wall:>7.1%} {cpu:>7.1%}"
        )
    verdict = "met" if worst <= TARGET_RATIO else "NOT MET"
    print(
        f"worst week: {worst:.1%} of the cold run's wall time, {worst_cpu:.1%} of its CPU "
        f"time (target {verdict})"
    )


if __name__ == "__main__":
    main()
