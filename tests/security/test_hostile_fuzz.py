"""A seeded fuzz test over real specs: mutate bytes and tokens, run the pipeline (parse, IR,
plan, render, compile the Python it renders) and require a clean error or a success, never a
traceback and never a hang.

Bounded so that it fits CI: ``GEN_SDK_FUZZ_COUNT`` mutants per spec (default 60) and a
10-second alarm per mutant. A failure names the spec and the mutant's seed; rerun one with
``GEN_SDK_FUZZ_SEED=<seed> GEN_SDK_FUZZ_COUNT=1``.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from random import Random

import pytest

from gen_sdk.diagnostics import Severity
from gen_sdk.generate import render_plan
from gen_sdk.ir import build_spec, has_errors
from gen_sdk.phparray import PhpSyntaxError, loads
from gen_sdk.sdk import build_package
from gen_sdk.specfile import php_json_dumps, php_json_loads
from gen_sdk.targets import get_target

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
COUNT = int(os.environ.get("GEN_SDK_FUZZ_COUNT", "60"))
FIRST_SEED = int(os.environ.get("GEN_SDK_FUZZ_SEED", "1000"))
ALARM_SECONDS = 10

SPECS = [ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"] + [
    path
    for path in (
        CORPUS / "sts" / "2015-04-01" / "api-docs.php",  # var_export's long syntax
        CORPUS / "trafficfxopen" / "2024-08-15" / "api-docs.php",  # one line
        CORPUS / "aigen" / "2024-01-11" / "api-docs.json",
    )
    if path.is_file()
]

#: Text that is interesting to insert: delimiters, escapes, PHP oddities, huge numbers.
_PIECES = [
    "'",
    '"',
    "[",
    "]",
    "(",
    ")",
    ",",
    "=>",
    "\\",
    "$x",
    "${",
    "<<<EOT\n",
    "/*",
    "*/",
    "//",
    "#",
    "\n",
    "\x00",
    "\udcff",
    "😀",
    "0x",
    "9" * 30,
    "1e999",
    "-",
    "array(",
    "true",
    "NULL",
    "INF",
    "NAN",
    '"""',
    "\\N{x}",
    "'\\'",
    "?>",
    "<?php",
    ";",
]
_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?|\btrue\b|\bfalse\b")
_REPLACEMENTS = [
    "[]",
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "'array'",
    "'object'",
    "'integer'",
    "'string'",
    "'body'",
    "'formData'",
    "'path'",
    "'json'",
    "'flat'",
    "'#/components/schemas/X'",
    "'" + "A" * 300 + "'",
    '\'a"""b\'',
    "9" * 5000,
    "['a' => ['b' => []]]",
    "'..'",
    "'.'",
]


def mutate(text: str, rng: Random) -> str:
    """One random edit: a byte-level one (most give syntax errors) or a token-level one
    (most parse, and reach the IR and the target)."""
    if not text:
        return rng.choice(_PIECES)
    at = rng.randrange(len(text))
    kind = rng.randrange(6)
    if kind == 0:
        return text[:at] + text[at + rng.randint(1, 20) :]
    if kind == 1:
        return text[:at] + rng.choice(_PIECES) + text[at:]
    if kind == 2:
        end = min(len(text), at + rng.randint(1, 200))
        return text[:end] + text[at:end] + text[end:]
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return text[:at] + rng.choice(_PIECES) + text[at:]
    token = rng.choice(tokens)
    if kind == 3:
        other = rng.choice(tokens).group()
    elif kind == 4:
        other = rng.choice(_REPLACEMENTS)
    else:
        other = token.group() + rng.choice([", ", " => ", " . ", ""]) + rng.choice(tokens).group()
    return text[: token.start()] + other + text[token.end() :]


@contextmanager
def alarm(seconds: int, what: str) -> Iterator[None]:
    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"{what}: no result after {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_pipeline(text: str, is_json: bool) -> str:
    """Parse, build, plan, render and compile; returns how far it got. Raises on anything
    that is not a clean error."""
    try:
        value = php_json_loads(text) if is_json else loads(text, diagnostics=[])
    except PhpSyntaxError as exc:
        assert exc.line >= 1 and exc.column >= 1
        return "syntax error"
    php_json_dumps(value)  # what `gen-sdk parse` prints
    spec, diagnostics = build_spec(value, source="fuzz")
    if has_errors(diagnostics):
        return "IR error"
    package = build_package(spec, diagnostics, source="fuzz")
    if package is None:
        return "refused" if has_errors(diagnostics) else "no operations"
    target = get_target("python")
    plan = target.plan(package, diagnostics, source="fuzz")
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return "refused"
    files = render_plan(plan, target, format=False)
    for name, content in files.items():
        if name.endswith(".py"):
            compile(content, name, "exec", dont_inherit=True)
    return "generated"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: "/".join(p.parts[-3:-1]))
def test_mutated_specs_give_clean_errors_or_packages(spec: Path) -> None:
    original = spec.read_text(encoding="utf-8")
    is_json = spec.suffix == ".json"
    outcomes: dict[str, int] = {}
    for seed in range(FIRST_SEED, FIRST_SEED + COUNT):
        rng = Random(seed)
        text = original
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        what = f"{spec} mutant seed {seed}"
        with alarm(ALARM_SECONDS, what):
            try:
                outcome = run_pipeline(text, is_json)
            except TimeoutError:
                raise
            except Exception as exc:
                raise AssertionError(f"{what}: {type(exc).__name__}: {exc}") from exc
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    # The mutations reach every stage, not only the parser.
    assert sum(outcomes.values()) == COUNT
    if COUNT >= 40:
        assert outcomes.get("syntax error", 0) > 0 and outcomes.get("generated", 0) > 0, outcomes
