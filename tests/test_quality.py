"""The project's own code is clean under ruff and mypy --strict (generated code is checked
where it is generated)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check() -> None:
    result = run("ruff", "check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run("ruff", "format", "--check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run("mypy")  # strict, on generator/gen_sdk: see [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_packages_are_the_tree() -> None:
    """pyproject.toml lists the packages (so that templates/ can ride along as
    gen_sdk._templates): the list must name every package of generator/gen_sdk."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "generator").parts)
        for init in (ROOT / "generator" / "gen_sdk").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert listed == found | {"gen_sdk._templates"}
    assert config["tool"]["setuptools"]["package-dir"]["gen_sdk._templates"] == "templates"


#: Modules stay small enough to read in one sitting; a longer one says why in its docstring.
MAX_MODULE_LINES = 520
LONG_REASON = "Long because:"


def test_modules_are_small_or_say_why() -> None:
    import ast

    too_long = []
    for module in sorted((ROOT / "generator" / "gen_sdk").rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        if text.count("\n") <= MAX_MODULE_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if LONG_REASON not in docstring:
            too_long.append(f"{module.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert not too_long, too_long
