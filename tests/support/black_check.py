"""Black over generated packages: the output must be exactly what black makes of it.

The Python target lays out code in black's style and sends to black only the files it marks
(``check_layout``); this check is what holds it to that: one ``black --check`` over every
Python file gen-sdk wrote in the given packages (the files their manifests list, runtime
included), in the target's mode (line length 100, Python 3.11). One call per test module
keeps it cheap.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from gen_sdk.targets.python.pycode import LINE_LENGTH

MANIFEST = ".gen-sdk-manifest.json"
BLACK = Path(sys.executable).parent / "black"


def generated_sources(*roots: Path) -> list[Path]:
    """The ``.py`` files the manifests under ``roots`` list, as gen-sdk wrote them (a file a
    test has changed since is not gen-sdk's output and is left out)."""
    found: list[Path] = []
    for root in roots:
        for manifest in sorted(root.rglob(MANIFEST)):
            listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            for relative, digest in sorted(listed.items()):
                path = manifest.parent / relative
                if not relative.endswith(".py") or not path.is_file():
                    continue
                if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                    found.append(path)
    return found


def assert_black_clean(*roots: Path) -> int:
    """``black --check`` on the generated Python files under ``roots``; fails listing the
    files black would change. Returns how many files were checked."""
    sources = generated_sources(*roots)
    assert sources, f"no generated Python files under {[str(r) for r in roots]}"
    command = [str(BLACK), "--check", "--line-length", str(LINE_LENGTH)]
    command += ["--target-version", "py311", "--config", "/dev/null"]
    # Command lines have a length limit: a few hundred files per call.
    for start in range(0, len(sources), 500):
        chunk = [str(p) for p in sources[start : start + 500]]
        done = subprocess.run([*command, *chunk], capture_output=True, text=True, check=False)
        would = [line for line in done.stderr.splitlines() if line.startswith("would reformat")]
        assert done.returncode == 0, "\n".join(would[:40]) or done.stderr[-3000:]
    return len(sources)
