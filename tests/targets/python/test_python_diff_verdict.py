"""``gen-sdk diff``'s verdict, checked against the generated Python SDKs: for every change
it reports, a program written against the old SDK (a probe, see support/diffprobes.py) that
type-checks there fails ``mypy --strict`` against the new SDK exactly when the change is
breaking.

Cases: the synthetic update of support/diffcases.py (every rule) and the real weeks of
``../shared/updates``. CI runs the weeks with a breaking change and a sample of the others;
``GEN_SDK_CATALOG=all`` runs every week.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from support.diffcases import spec_pair
from support.diffprobes import ProbeWriter, mypy_errors, write_probes
from support.paths import UPDATES
from support.specs import gen_sdk

from gen_sdk.ir import build_spec
from gen_sdk.sdk import Package, build_package
from gen_sdk.sdk.diff import ApiChange, Impact, diff_packages
from gen_sdk.sdk.naming import name_changes
from gen_sdk.specfile import load_spec
from gen_sdk.targets.python import PythonTarget

#: Real weeks CI always runs besides those with a breaking change: features of each kind.
SAMPLE = {"2025-10-17/ecs", "2025-10-31/dlfnext", "2025-10-24/pai-dlc"}


def package_of(path: Path) -> Package:
    spec, diagnostics = build_spec(load_spec(path), source=str(path))
    package = build_package(spec, diagnostics, str(path))
    assert package is not None, diagnostics
    return package


def changes_between(old: Package, new: Package) -> list[ApiChange]:
    names = PythonTarget().names
    result = diff_packages(old, new)
    return [*result.changes, *name_changes(old, new, names(old), names(new), "python")]


def sdk_source(spec: Path, out: Path) -> Path:
    """Generate ``spec`` into ``out``; the directory to put on MYPYPATH."""
    done = gen_sdk("generate", "--no-cache", "-q", spec, out)
    assert done.returncode == 0, done.stderr
    (source,) = out.glob("*/*/src")
    return source


def check_verdicts(old_spec: Path, new_spec: Path, work: Path) -> dict[str, int]:
    """Probe every change between the two specs; assert each verdict; count them."""
    old, new = package_of(old_spec), package_of(new_spec)
    changes = changes_between(old, new)
    writer = ProbeWriter(old)
    probes = write_probes(work / "probes", (writer.probe(change) for change in changes))
    with ThreadPoolExecutor(2) as pool:
        old_src, new_src = pool.map(sdk_source, (old_spec, new_spec), (work / "old", work / "new"))
        before, after = pool.map(
            mypy_errors,
            (work / "probes", work / "probes"),
            (old_src, new_src),
            (work / "cache-old", work / "cache-new"),
        )
    assert not before, f"probes must type-check against the old SDK: {before}"
    wrong = []
    for name, probe in probes.items():
        breaking = probe.change.impact is Impact.BREAKING
        if bool(after.get(name)) != breaking:
            errors = after.get(name) or ["(type-checks against the new SDK)"]
            wrong.append(f"{probe.change}\n{probe.source}{errors[0]}")
    assert not wrong, "\n\n".join(wrong)
    impacts = [p.change.impact.value for p in probes.values()]
    return {impact: impacts.count(impact) for impact in set(impacts)}


def test_every_rule_on_the_synthetic_update(tmp_path: Path) -> None:
    old_value, new_value = spec_pair()
    old_spec, new_spec = tmp_path / "old.json", tmp_path / "new.json"
    old_spec.write_text(json.dumps(old_value), encoding="utf-8")
    new_spec.write_text(json.dumps(new_value), encoding="utf-8")
    counts = check_verdicts(old_spec, new_spec, tmp_path)
    assert counts["breaking"] >= 20 and counts["feature"] >= 20


def _weeks() -> list[Any]:
    if not UPDATES.is_dir():
        return []
    everything = os.environ.get("GEN_SDK_CATALOG", "").strip() == "all"
    found = []
    for before in sorted(UPDATES.glob("*/*/*/before.json")):
        after = before.with_name("after.json")
        label = f"{before.parent.parent.parent.name}/{before.parent.parent.name}"
        try:
            old, new = package_of(before), package_of(after)
        except AssertionError:  # a refused style (OSS): no SDK on either side
            continue
        changes = changes_between(old, new)
        breaking = any(c.impact is Impact.BREAKING for c in changes)
        if changes and (everything or breaking or label in SAMPLE):
            found.append(pytest.param(before, after, id=label))
    return found


@pytest.mark.parametrize(("before", "after"), _weeks())
def test_real_week(before: Path, after: Path, tmp_path: Path) -> None:
    check_verdicts(before, after, tmp_path)
