"""Parse every spec of the shared corpus; print MB/s and the ratio to json.loads.

    python benchmarks/parse.py [CORPUS_DIR] [--repeat N]

Each figure is the best of N runs (default 3) of one parse in this process, on one core,
timed in CPU seconds of this thread (``time.thread_time``) so that other load on the
machine disturbs it least (it still slows caches; measure on an idle machine for the
figures you report). ``--wall`` times with the wall clock instead. Peak memory is measured for the
largest spec in a fresh subprocess (its resident high-water mark, and that of the
interpreter with the parser built, before parsing).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from gen_sdk.phparray import loads

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


CLOCK = time.thread_time


def best_of(repeat: int, function: object, argument: str) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = CLOCK()
        function(argument)  # type: ignore[operator]
        best = min(best, CLOCK() - start)
    return best


def peak_memory_mb(path: Path) -> tuple[float, float]:
    """(peak RSS after parsing, baseline RSS after imports), in MB, in a fresh process."""
    # VmHWM (the high-water mark of resident memory) starts afresh with the new program;
    # ru_maxrss would still carry this parent's figure across fork and exec.
    code = (
        "import re, sys\n"
        "from gen_sdk.phparray import load, loads\n"
        "def hwm():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024\n"
        "loads('[1]')\n"
        "base = hwm()\n"
        "value = load(sys.argv[1])\n"
        "print(hwm(), base)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="time with the wall clock")
    args = parser.parse_args()
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter

    specs = sorted(args.corpus.glob("*/*/api-docs.php"))
    if not specs:
        sys.exit(f"no specs under {args.corpus}")
    loads("[1]")  # build the parser once, outside the timings

    total_bytes = 0
    total_php = 0.0
    total_json = 0.0
    print(f"{'spec':<40} {'MB':>7} {'MB/s':>7} {'json MB/s':>10} {'ratio':>6}")
    for path in specs:
        text = path.read_text(encoding="utf-8")
        json_text = path.with_suffix(".json").read_text(encoding="utf-8")
        size = len(text.encode("utf-8"))
        php_seconds = best_of(args.repeat, loads, text)
        json_seconds = best_of(args.repeat, json.loads, json_text)
        total_bytes += size
        total_php += php_seconds
        total_json += json_seconds
        name = str(path.parent.relative_to(args.corpus))
        print(
            f"{name:<40} {size / 1e6:7.2f} {size / php_seconds / 1e6:7.2f} "
            f"{len(json_text.encode()) / json_seconds / 1e6:10.1f} "
            f"{php_seconds / json_seconds:6.1f}"
        )
    print(
        f"\nall {len(specs)} specs: {total_bytes / 1e6:.1f} MB of PHP in {total_php:.2f} s = "
        f"{total_bytes / total_php / 1e6:.2f} MB/s; json.loads of the same data "
        f"{total_json:.2f} s ({total_php / total_json:.1f}x faster than this parser)"
    )
    largest = max(specs, key=lambda p: p.stat().st_size)
    peak, base = peak_memory_mb(largest)
    print(
        f"peak memory parsing {largest.parent.relative_to(args.corpus)} "
        f"({largest.stat().st_size / 1e6:.1f} MB): {peak:.0f} MB RSS "
        f"({peak - base:.0f} MB above the {base:.0f} MB interpreter)"
    )


if __name__ == "__main__":
    main()
