"""Generate the whole corpus the way CI does: cold, rerun unchanged, rerun after an edit;
and cold beside the peer, openapi-python-client.

    python benchmarks/catalog.py [CORPUS_DIR] [--jobs N] [--keep DIR] [--rounds N] [--live]
                                 [--no-peer] [--peer-venv DIR] [--peer-config FILE]

The corpus (``$GEN_SDK_CORPUS``, else ``../shared/corpus`` beside the repository, as the
tests find it) is copied to a temporary directory, and ``gen-sdk SPECS OUT`` runs there as a
subprocess (startup included, as in CI) with a fresh cache, from a copy of gen-sdk taken at
the start (``benchmarks/snapshot.py``: an edit of the checkout meanwhile would change the
cache key; ``--live`` runs the checkout):

1. cold: empty output, empty cache;
2. nothing changed: the same command again;
3. one small spec changed: a description in the smallest spec is edited, and the command
   runs again.

Each run prints its wall time, the CPU time of gen-sdk and its workers (the figure that
does not depend on what else the machine runs: on N idle cores the wall time is about
CPU / N), the summary line and the specs gen-sdk refused; then the files and lines
generated. Targets on 2 cores: cold <= 90 s, nothing changed <= 2 s, one small spec <= 5 s.

**The peer.** Then (unless ``--no-peer``) the same specs are generated cold by
openapi-python-client (:data:`PEER_VERSION`, installed on first use into its own virtual
environment under ``--peer-venv``, default ``$GEN_SDK_BENCH_CACHE`` or
``~/.cache/gen-sdk-bench``; never a dependency of gen-sdk). The specs are those gen-sdk
generates (the corpus without the styles it refuses: OSS), converted to OpenAPI 3 by
``benchmarks/openapi3.py`` (outside the timings; the peer reads JSON where gen-sdk parses
the PHP). The peer runs one ``openapi-python-client generate --path X --output-path Y
--overwrite`` per spec, back to back, with its default post-hooks (``ruff check --fix`` and
``ruff format``: what a user gets); ``--peer-config`` passes a config file to every run.
Each round runs gen-sdk cold (fresh output and cache, all cores) and the peer, in
alternating order, ``--rounds`` times (default 3); the medians are compared (target: gen-sdk
at most a third of the peer's time). The specs the peer fails on are listed with the last
line of its error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from snapshot import snapshot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GEN_SDK_CORPUS") or ROOT.parent / "shared" / "corpus")
TARGETS = {"cold": 90.0, "nothing changed": 2.0, "one small spec changed": 5.0}
PEER = "openapi-python-client"
PEER_VERSION = "0.29.1"
#: gen-sdk's cold run may take at most this share of the peer's.
PEER_TARGET = 1 / 3
DEFAULT_PEER_VENV = (
    Path(os.environ.get("GEN_SDK_BENCH_CACHE") or Path.home() / ".cache" / "gen-sdk-bench")
    / f"{PEER}-{PEER_VERSION}"
)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def timed(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], Timing]:
    """Run ``command``; its wall time and the CPU time of it and the children it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, Timing(wall, cpu)


#: The environment gen-sdk runs in (``benchmarks/snapshot.py``; ``None``: this one).
ENV: dict[str, str] | None = None


def gen_sdk(specs: Path, out: Path, cache: Path, jobs: int | None) -> tuple[str, list[str], Timing]:
    """``gen-sdk SPECS OUT`` as CI runs it: (summary line, specs refused, timing)."""
    command = [sys.executable, "-m", "gen_sdk.cli", str(specs), str(out)]
    command += ["--cache-dir", str(cache)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    done, timing = timed(command, env=ENV)
    # Exit 1 is a spec gen-sdk refuses (reported, the others generated): still a fair run.
    if done.returncode not in (0, 1) or not done.stdout.strip():
        sys.exit(f"gen-sdk exited {done.returncode}\n{done.stderr[-3000:]}")
    summary = done.stdout.strip().splitlines()[-1]
    failed = [line for line in done.stderr.splitlines() if line.endswith("errors)")]
    return summary, failed, timing


def run(label: str, specs: Path, out: Path, cache: Path, jobs: int | None) -> float:
    summary, failed, timing = gen_sdk(specs, out, cache, jobs)
    target = TARGETS[label]
    verdict = "ok" if timing.wall <= target else "OVER TARGET"
    print(
        f"{label:>24}: {timing.wall:7.2f} s wall, {timing.cpu:7.2f} s CPU  "
        f"(target <= {target:g} s: {verdict})"
    )
    print(f"{'':>24}  {summary}")
    for line in failed:
        print(f"{'':>24}  {line}")
    sys.stdout.flush()
    return timing.wall


def edit_smallest(specs: Path) -> Path:
    """Change one description in the smallest spec (a realistic small edit)."""
    smallest = min(specs.glob("*/*/api-docs.php"), key=lambda p: p.stat().st_size)
    text = smallest.read_text(encoding="utf-8")
    edited, count = re.subn(r"('description' => ')", r"\1Edited for the benchmark. ", text, count=1)
    if not count:
        edited = text.replace("'title' => '", "'title' => 'Edited ", 1)
    smallest.write_text(edited, encoding="utf-8")
    return smallest


def count_lines(out: Path) -> tuple[int, int]:
    files = lines = 0
    for path in out.rglob("*"):
        if path.is_file() and path.name != ".gen-sdk-manifest.json":
            files += 1
            lines += path.read_bytes().count(b"\n")
    return files, lines


# -- the peer ------------------------------------------------------------------------------


def peer_command(venv: Path) -> Path:
    """The peer's command in ``venv``, installed there first if needed (pinned version)."""
    command = venv / "bin" / PEER
    marker = venv / ".installed"
    if command.exists() and marker.exists() and marker.read_text().strip() == PEER_VERSION:
        return command
    print(f"installing {PEER}=={PEER_VERSION} into {venv} ...", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"{PEER}=={PEER_VERSION}"], check=True)
    marker.write_text(PEER_VERSION + "\n")
    return command


@dataclass
class Shared:
    """The specs both generators get: gen-sdk's tree and the peer's OpenAPI documents."""

    specs: Path
    documents: dict[str, Path] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def shared_specs(corpus: Path, work: Path) -> Shared:
    """The corpus specs gen-sdk generates (not the refused styles), and each one converted
    to OpenAPI 3 (outside the timings)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from openapi3 import Converter, read_spec

    from gen_sdk.sdk.wire import REFUSED_STYLES

    shared = Shared(work / "shared-specs")
    documents = work / "openapi"
    documents.mkdir(parents=True)
    for source in sorted(corpus.glob("*/*/api-docs.php")):
        key = f"{source.parent.parent.name}/{source.parent.name}"
        spec = read_spec(source)
        if spec.style in REFUSED_STYLES:
            shared.skipped.append(f"{key} (style {spec.style}: gen-sdk refuses it)")
            continue
        shutil.copytree(source.parent, shared.specs / key)
        document = documents / f"{key.replace('/', '-')}.json"
        text = json.dumps(Converter(spec).document(), ensure_ascii=False)
        document.write_text(text, encoding="utf-8")
        shared.documents[key] = document
    return shared


def failure_reason(output: str) -> str:
    """The last line of the peer's error (its traceback box and blank lines skipped)."""
    lines = [line.strip() for line in output.splitlines()]
    lines = [line for line in lines if line and line[0] not in "│╭╰"]
    for index, line in enumerate(lines):
        if re.match(r"[A-Za-z_.]+(Error|Exception): ", line):
            return " ".join(lines[index:])[:200]
    return (lines[-1] if lines else "no output")[:200]


@dataclass
class PeerRun:
    timing: Timing
    #: ``product/version`` -> why the peer generated no client.
    failed: dict[str, str]
    #: Specs generated with warnings (endpoints the peer left out).
    warned: list[str]


def run_peer(command: Path, shared: Shared, out: Path, config: Path | None) -> PeerRun:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # Its post-hooks call ``ruff``: the one installed beside it. Wide columns: its messages
    # are not wrapped.
    path = f"{command.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "COLUMNS": "400"}
    failed: dict[str, str] = {}
    warned: list[str] = []
    wall = cpu = 0.0
    for key, document in shared.documents.items():
        target = out / key.replace("/", "-")
        args = [str(command), "generate", "--path", str(document)]
        args += ["--output-path", str(target), "--overwrite"]
        if config is not None:
            args += ["--config", str(config)]
        done, timing = timed(args, env=env, cwd=out)
        wall += timing.wall
        cpu += timing.cpu
        output = done.stdout + "\n" + done.stderr
        if done.returncode != 0 or not target.is_dir():
            failed[key] = failure_reason(output)
        elif "Warning(s) encountered" in output:
            warned.append(key)
    return PeerRun(Timing(wall, cpu), failed, warned)


def compare_with_peer(args: argparse.Namespace, work: Path) -> None:
    command = peer_command(args.peer_venv)
    shared = shared_specs(args.corpus, work)
    skipped = f", skipped: {', '.join(shared.skipped)}" if shared.skipped else ""
    print(
        f"\npeer: {PEER} {PEER_VERSION} ({command}); {len(shared.documents)} specs "
        f"converted to OpenAPI 3{skipped}",
        flush=True,
    )
    ours: list[Timing] = []
    theirs: list[PeerRun] = []
    for number in range(args.rounds):
        order = ["gen-sdk", "peer"] if number % 2 == 0 else ["peer", "gen-sdk"]
        for who in order:
            if who == "gen-sdk":
                out, cache = work / "shared-out", work / "shared-cache"
                for path in (out, cache):
                    shutil.rmtree(path, ignore_errors=True)
                summary, _, timing = gen_sdk(shared.specs, out, cache, args.jobs)
                ours.append(timing)
                print(
                    f"round {number + 1} gen-sdk cold: {timing.wall:7.2f} s wall, "
                    f"{timing.cpu:7.2f} s CPU  {summary}",
                    flush=True,
                )
            else:
                peer = run_peer(command, shared, work / "peer-out", args.peer_config)
                theirs.append(peer)
                ok = len(shared.documents) - len(peer.failed)
                print(
                    f"round {number + 1} {PEER}: {peer.timing.wall:7.2f} s wall, "
                    f"{peer.timing.cpu:7.2f} s CPU  ({ok} generated, {len(peer.failed)} failed, "
                    f"{len(peer.warned)} with warnings)",
                    flush=True,
                )
    our_wall = statistics.median(t.wall for t in ours)
    our_cpu = statistics.median(t.cpu for t in ours)
    peer_wall = statistics.median(p.timing.wall for p in theirs)
    peer_cpu = statistics.median(p.timing.cpu for p in theirs)
    print(f"\nmedian of {args.rounds} rounds, cold, {len(shared.documents)} specs:")
    print(f"{'gen-sdk':>24}: {our_wall:7.2f} s wall, {our_cpu:7.2f} s CPU")
    print(f"{PEER:>24}: {peer_wall:7.2f} s wall, {peer_cpu:7.2f} s CPU")
    wall_ratio, cpu_ratio = our_wall / peer_wall, our_cpu / peer_cpu
    verdict = "met" if wall_ratio <= PEER_TARGET else "NOT MET"
    print(
        f"{'ratio':>24}: {wall_ratio:.3f} wall, {cpu_ratio:.3f} CPU "
        f"(target <= {PEER_TARGET:.3f} of the peer's wall time: {verdict})"
    )
    last = theirs[-1]
    print(f"{'peer failed on':>24}: {len(last.failed)} of {len(shared.documents)} specs")
    for key, reason in last.failed.items():
        print(f"{'':>24}  {key}: {reason}")
    if last.warned:
        print(f"{'peer warned on':>24}: {', '.join(last.warned)} (some endpoints left out)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=None, help="default: gen-sdk's (all cores)")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--rounds", type=int, default=3, help="cold rounds beside the peer")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer comparison")
    parser.add_argument("--peer-venv", type=Path, default=DEFAULT_PEER_VENV)
    parser.add_argument("--peer-config", type=Path, help="a config file for every peer run")
    parser.add_argument("--live", action="store_true", help="run the checkout, not a copy")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (set GEN_SDK_CORPUS)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="gen-sdk-catalog-"))
    try:
        for leftover in work.iterdir() if work.is_dir() else []:
            shutil.rmtree(leftover, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        global ENV
        ENV = None if args.live else snapshot(work)
        specs, out, cache = work / "specs", work / "out", work / "cache"
        shutil.copytree(args.corpus, specs)
        count = len(list(specs.glob("*/*/api-docs.*")))
        print(
            f"corpus: {args.corpus} ({count} spec files), {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        run("cold", specs, out, cache, args.jobs)
        run("nothing changed", specs, out, cache, args.jobs)
        edited = edit_smallest(specs)
        print(f"{'':>24}  (edited {edited.relative_to(specs)})")
        run("one small spec changed", specs, out, cache, args.jobs)
        files, lines = count_lines(out)
        print(f"{'generated':>24}: {files} files, {lines} lines", flush=True)
        if not args.no_peer:
            compare_with_peer(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
