"""Generate the whole corpus the way CI does: cold, rerun unchanged, rerun after an edit.

    python benchmarks/catalog.py [CORPUS_DIR] [--jobs N] [--keep DIR]

The corpus (``$GEN_SDK_CORPUS``, else ``../shared/corpus`` beside the repository, as the
tests find it) is copied to a temporary directory, and ``gen-sdk SPECS OUT`` runs there as a
subprocess (startup included, as in CI) with a fresh cache:

1. cold: empty output, empty cache;
2. nothing changed: the same command again;
3. one small spec changed: a description in the smallest spec is edited, and the command
   runs again.

Each run prints its wall time, the CPU time of gen-sdk and its workers (the figure that
does not depend on what else the machine runs: on N idle cores the wall time is about
CPU / N), the summary line and the specs gen-sdk refused; then the files and lines
generated. Targets on 2 cores: cold <= 90 s, nothing changed <= 2 s, one small spec <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GEN_SDK_CORPUS") or ROOT.parent / "shared" / "corpus")
TARGETS = {"cold": 90.0, "nothing changed": 2.0, "one small spec changed": 5.0}


def run(label: str, specs: Path, out: Path, cache: Path, jobs: int | None) -> float:
    command = [sys.executable, "-m", "gen_sdk.cli", str(specs), str(out)]
    command += ["--cache-dir", str(cache)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # Exit 1 is a spec gen-sdk refuses (reported, the others generated): still a fair run.
    if done.returncode not in (0, 1) or not done.stdout.strip():
        sys.exit(f"{label}: gen-sdk exited {done.returncode}\n{done.stderr[-3000:]}")
    summary = done.stdout.strip().splitlines()[-1]
    failed = [line for line in done.stderr.splitlines() if line.endswith("errors)")]
    target = TARGETS[label]
    verdict = "ok" if seconds <= target else "OVER TARGET"
    print(
        f"{label:>24}: {seconds:7.2f} s wall, {cpu:7.2f} s CPU  (target <= {target:g} s: {verdict})"
    )
    print(f"{'':>24}  {summary}")
    for line in failed:
        print(f"{'':>24}  {line}")
    sys.stdout.flush()
    return seconds


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=None, help="default: gen-sdk's (all cores)")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (set GEN_SDK_CORPUS)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="gen-sdk-catalog-"))
    try:
        specs, out, cache = work / "specs", work / "out", work / "cache"
        for path in (specs, out, cache):
            shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(args.corpus, specs)
        count = len(list(specs.glob("*/*/api-docs.*")))
        print(f"corpus: {args.corpus} ({count} spec files), {os.cpu_count()} cores", flush=True)
        run("cold", specs, out, cache, args.jobs)
        run("nothing changed", specs, out, cache, args.jobs)
        edited = edit_smallest(specs)
        print(f"{'':>24}  (edited {edited.relative_to(specs)})")
        run("one small spec changed", specs, out, cache, args.jobs)
        files, lines = count_lines(out)
        print(f"{'generated':>24}: {files} files, {lines} lines")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
