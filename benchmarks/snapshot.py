"""A frozen copy of gen-sdk for a benchmark's runs (``benchmarks/catalog.py``,
``benchmarks/updates.py``).

gen-sdk's cache key includes a fingerprint of its own source: in a checkout that someone
edits while a benchmark runs, a rerun would miss the cache and measure a cold run. So the
benchmarks run a copy of ``generator/`` and ``templates/`` taken when they start (laid out
as a checkout, so that the copy finds its templates), put first on ``PYTHONPATH``.
"""

from __future__ import annotations

import compileall
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def snapshot(work: Path) -> dict[str, str]:
    """Copy gen-sdk into ``work/gen-sdk``; the environment that runs the copy."""
    copy = work / "gen-sdk"
    shutil.rmtree(copy, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", copy / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", copy / "templates", ignore=ignore)
    # Byte-compiled, as an installed gen-sdk is: the first run must not pay for it.
    compileall.compile_dir(copy / "generator", quiet=1)
    path = os.environ.get("PYTHONPATH")
    generator = str(copy / "generator")
    return {**os.environ, "PYTHONPATH": f"{generator}{os.pathsep}{path}" if path else generator}


__all__ = ["snapshot"]
