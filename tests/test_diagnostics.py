"""Every diagnostic has a kind from ``gen_sdk.diagnostics.KINDS``, set where it is made, so
that a run can summarize a spec's warnings in one line (``90 duplicate parameters dropped``)
and nothing is counted as "unclassified" silently.

Three nets: the corpus specs through every stage (here); the tests' own synthetic specs (the
autouse fixture in ``tests/conftest.py`` checks every diagnostic any test makes); and the
source itself, where every call that makes a diagnostic names a kind that exists.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from support.paths import CORPUS, ROOT, SEED_SPEC

from gen_sdk import diagnostics
from gen_sdk.config import Config
from gen_sdk.diagnostics import KINDS, Diagnostic, Severity, error, summarize, warning
from gen_sdk.ir import build_spec, has_errors
from gen_sdk.phparray import PhpSyntaxError
from gen_sdk.sdk import build_package
from gen_sdk.specfile import load_spec
from gen_sdk.targets import get_target

SOURCE = ROOT / "generator" / "gen_sdk"
SPECS = [SEED_SPEC, *sorted(CORPUS.glob("*/*/api-docs.php"))]


def all_diagnostics(path: Path) -> list[Diagnostic]:
    """What ``gen-sdk generate`` collects for one spec, up to (not including) rendering."""
    diagnostics: list[Diagnostic] = []
    try:
        value = load_spec(path, diagnostics)
    except PhpSyntaxError as exc:
        return [*diagnostics, exc.to_diagnostic(Severity.ERROR)]
    spec, ir_diagnostics = build_spec(value, source=str(path))
    diagnostics += ir_diagnostics
    if has_errors(ir_diagnostics):
        return diagnostics
    package = build_package(spec, diagnostics, str(path))
    if package is not None:
        config = Config.default().for_spec(f"{spec.product}/{spec.version}")
        get_target(config.target).plan(package, diagnostics, source=str(path), config=config)
    return diagnostics


@pytest.mark.parametrize("path", SPECS, ids=lambda p: "/".join(p.parts[-3:-1]))
def test_every_corpus_diagnostic_has_a_listed_kind_of_its_severity(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    for diagnostic in all_diagnostics(path):
        kind = KINDS.get(diagnostic.kind or "")
        assert kind is not None, f"no listed kind: {diagnostic}"
        assert kind.severity is diagnostic.severity, str(diagnostic)


def test_the_corpus_produces_the_kinds_the_summaries_are_for(corpus_dir: Path) -> None:
    ecs = all_diagnostics(corpus_dir / "ecs" / "2014-05-26" / "api-docs.php")
    assert {d.kind for d in ecs} == {"duplicate-parameter"}
    assert summarize(ecs) == f"{len(ecs)} duplicate parameters dropped"
    seed = all_diagnostics(SEED_SPEC)
    assert summarize(seed) == "1 cut-off head recovered, 1 unknown key ignored"


def test_kinds_are_named_and_phrased_consistently() -> None:
    for name, kind in KINDS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), name
        assert kind.one and kind.many and kind.one != kind.many, name
        assert kind.one == kind.one.strip() and kind.many == kind.many.strip(), name


def test_the_module_documents_every_kind_by_stage() -> None:
    table = (diagnostics.__doc__ or "").split("=====", 1)[1]
    assert set(re.findall(r"``([a-z]+(?:-[a-z]+)*)``", table)) == set(KINDS)


def test_summary_counts_by_kind_most_frequent_first() -> None:
    found = [warning("x", kind="path-variable-without-parameter")] * 2
    found += [warning("x", kind="duplicate-parameter")] * 90
    found += [warning("x", kind="unknown-key")]
    assert summarize(found) == (
        "90 duplicate parameters dropped, 2 path variables without a parameter, "
        "1 unknown key ignored"
    )
    assert summarize([error("x", kind="syntax")]) == "1 syntax error"


@pytest.mark.unclassified_diagnostics
def test_a_kind_outside_the_table_is_counted_visibly() -> None:
    found = [warning("x"), warning("y", kind="no-such-kind"), warning("z", kind="no-such-kind")]
    assert summarize(found) == "2 unclassified warnings (no-such-kind), 1 unclassified warning"


# -- the source: every site that makes a diagnostic names a kind that exists -------------------

#: Calls that take a kind as a positional argument, and its index (``self.warn(path,
#: message, kind)``, ``self.record(value, path, what, fallback, kind)``, ...).
_KIND_POSITIONS = {
    "warn": 2,
    "err": 2,
    "report": 2,
    "required_str": 4,
    "record": 4,
    "entries": 4,
    "str_": 4,
    "get": 6,
}


def _kind_sites() -> list[tuple[str, ast.Call]]:
    sites: list[tuple[str, ast.Call]] = []
    for file in sorted(SOURCE.rglob("*.py")):
        where = file.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                sites.append((where, node))
    return sites


def test_every_diagnostic_helper_call_names_a_kind() -> None:
    missing = [
        f"{where}:{call.lineno}"
        for where, call in _kind_sites()
        if isinstance(call.func, ast.Name)
        and call.func.id in ("warning", "error")
        and not any(k.arg == "kind" for k in call.keywords)
    ]
    assert not missing, f"warning()/error() without kind= at {', '.join(missing)}"


def test_every_kind_named_in_the_source_is_listed() -> None:
    named: list[tuple[str, int, str]] = []
    for where, call in _kind_sites():
        values = [k.value for k in call.keywords if k.arg == "kind"]
        name = call.func.attr if isinstance(call.func, ast.Attribute) else None
        index = _KIND_POSITIONS.get(name or "")
        if index is not None and len(call.args) > index:
            values.append(call.args[index])
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                named.append((where, call.lineno, value.value))
    assert len(named) > 100  # the walk finds the sites (IR, parser, SDK model, pipeline)
    unlisted = [f"{where}:{line}: {kind!r}" for where, line, kind in named if kind not in KINDS]
    assert not unlisted, "\n".join(unlisted)
