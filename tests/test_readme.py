"""README.md says what works: every ``gen-sdk`` command in its code blocks runs as written
(on a copy of ``specs/`` and ``generated/``, ``out/`` in a temporary directory) and exits as
the README says; its example error message is what gen-sdk prints; the files and the
``gen_sdk`` names it mentions exist."""

from __future__ import annotations

import importlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GEN_SDK = Path(sys.executable).parent / "gen-sdk"
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def code_blocks() -> list[str]:
    return _FENCE.findall(README)


def gen_sdk_commands() -> list[list[str]]:
    """The arguments of each ``gen-sdk`` command in the code blocks, in order (``a && b``:
    each part; ``# comments`` dropped)."""
    commands: list[list[str]] = []
    for block in code_blocks():
        for line in block.splitlines():
            if "gen-sdk " not in line or line.lstrip().startswith(("#", "[")):
                continue
            words = shlex.split(line, comments=True)
            while words:
                end = words.index("&&") if "&&" in words else len(words)
                part, words = words[:end], words[end + 1 :]
                if part and Path(part[0]).name == "gen-sdk":
                    commands.append(part[1:])
    return commands


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(GEN_SDK), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A directory laid out as the README assumes: ``specs/`` and ``generated/`` (copies), an
    ``old-specs/`` for ``gen-sdk diff`` (the same specs: no change), and a git repository of
    its own whose ``HEAD`` holds ``specs/`` (for ``--base HEAD``)."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "specs", tmp_path / "old-specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for command in (["init", "-q"], ["add", "specs"], ["commit", "-q", "-m", "specs"]):
        subprocess.run([*git, *command], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def test_every_gen_sdk_command_in_the_readme_runs_as_written(workdir: Path) -> None:
    commands = gen_sdk_commands()
    # The set-up command's generation, the CI job's two, the subset: at least.
    assert len(commands) >= 4, commands
    assert ["--check", "specs/", "generated/"] in commands
    for args in commands:
        done = run(args, workdir)
        # Each exits 0 here: the copy of generated/ is current (the README's first command
        # regenerates it), --only 'ecs' beside a glob that matches is a warning, and the
        # specs did not change since HEAD or old-specs/ (nothing for --fail-on to fail on).
        assert done.returncode == 0, f"gen-sdk {shlex.join(args)}\n{done.stdout}{done.stderr}"
        if "--only" in args:  # the subset: the bundled spec, and a word about 'ecs'
            assert (workdir / "out" / "paimodelgallery" / "2025-06-30").is_dir(), done.stdout
            if "ecs" in args:
                assert "warning: --only 'ecs' matches no spec" in done.stderr.splitlines()

    # "--check ...: exit 1, and the list, if generated/ is stale".
    stale = next(workdir.glob("generated/*/*/src/*/client.py"))
    stale.write_text(stale.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    check = run(["--check", "specs/", "generated/"], workdir)
    assert check.returncode == 1, check.stdout + check.stderr
    listed = stale.relative_to(stale.parents[2]).as_posix()
    assert f"  ~ {listed}" in check.stdout.splitlines(), check.stdout


def test_the_example_error_is_what_gen_sdk_prints(tmp_path: Path) -> None:
    [block] = [b for b in code_blocks() if re.match(r"\S+:\d+:\d+: error: ", b)]
    head, source, _ = block.rstrip("\n").split("\n")
    found = re.match(r"(?P<file>\S+):(?P<line>\d+):(?P<column>\d+): error: ", head)
    assert found and int(found["line"]) == 3, head
    spec = tmp_path / found["file"]
    spec.parent.mkdir(parents=True)
    # The excerpt indents the source line by four spaces; the lines before it are any
    # that lead up to it.
    lines = ["<?php return [", "  'a' => 'b',", source.removeprefix("    "), "];", ""]
    spec.write_text("\n".join(lines), encoding="utf-8")
    done = run(["parse", found["file"]], tmp_path)
    assert done.returncode == 1
    assert done.stderr == block, done.stderr


def test_the_paths_and_names_the_readme_mentions_exist() -> None:
    prose = _FENCE.sub("", README)  # code blocks show made-up outputs (generated/aigen/...)
    top = "generator|templates|specs|generated|tests|benchmarks|\\.ci"
    found = re.findall(rf"(?<![\w/.])(?:{top})/[\w./-]*", prose)
    # Placeholders (templates/NAME/, templates/<target>/) name no one file.
    paths = {p.rstrip(".") for p in found if not any(part.isupper() for part in p.split("/"))}
    assert len(paths) > 10, paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, missing
    for name in set(re.findall(r"gen_sdk(?:\.\w+)+", prose)):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):  # the longest importable module, then attributes
            try:
                target: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                assert hasattr(target, attribute), name
                target = getattr(target, attribute)
            break
        else:
            pytest.fail(f"{name}: no such module")
