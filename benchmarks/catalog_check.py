"""Run the catalog test (``tests/targets/python/test_python_catalog.py``) over the whole
corpus and print one row per spec: generated / ruff / mypy / requests (operations, failing
ones) and the seconds of each phase.

    python benchmarks/catalog_check.py [SPEC_ID ...] [-- PYTEST ARGS]

Without spec ids every corpus spec is checked (``GEN_SDK_CATALOG=all``); CI runs only the
documented sample (``tests/targets/python/test_python_catalog.py::SAMPLE``). Exit status:
pytest's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.jsonl"
        env = {
            **os.environ,
            "GEN_SDK_CATALOG": ",".join(argv) if argv else "all",
            "GEN_SDK_CATALOG_REPORT": str(report),
        }
        started = time.perf_counter()
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["tests/targets/python/test_python_catalog.py", "-k", "not crafted", *extra]
        status = subprocess.call(command, cwd=ROOT, env=env)
        total = time.perf_counter() - started
        rows: dict[str, dict[str, dict[str, object]]] = {}
        if report.exists():
            for line in report.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                rows.setdefault(str(item["spec"]), {})[str(item["phase"])] = item
    header = f"{'spec':32} {'generate':>10} {'ruff':>8} {'mypy':>8} {'requests':>22}"
    print("\n" + header + "\n" + "-" * len(header))

    def cell(phase: dict[str, object] | None) -> str:
        if phase is None:
            return "-"
        return f"{'ok' if phase['ok'] else 'FAIL'} {phase['seconds']}s"

    for spec, phases in sorted(rows.items()):
        req = phases.get("requests")
        requests = "-"
        if req is not None:
            requests = f"{req['operations']} ops, {req.get('failing', 0)} bad {req['seconds']}s"
        print(
            f"{spec:32} {cell(phases.get('generate')):>10} {cell(phases.get('ruff')):>8} "
            f"{cell(phases.get('mypy')):>8} {requests:>22}"
        )
        for phase in phases.values():
            for problem in phase.get("errors", []) or phase.get("problems", []) or []:  # type: ignore[union-attr]
                print(f"    {phase['phase']}: {str(problem)[:160]}")
    print(f"\ntotal {total:.0f}s, pytest exit status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
