"""The SDK model's diff as data: every rule of RULES on a synthetic update, the direction of
type changes, the suggested bump, and the real weeks of ../shared/updates."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from support.diffcases import CASES, ENDPOINT_KINDS, NEW_FIRST, TREE_KINDS, spec_pair
from support.paths import UPDATES

from gen_sdk.ir import build_spec
from gen_sdk.sdk import AnyType, ListType, ModelType, Package, ScalarType, build_package
from gen_sdk.sdk.diff import RULES, Impact, PackageDiff, bump, compatible, diff_packages
from gen_sdk.sdk.naming import name_changes
from gen_sdk.specfile import load_spec
from gen_sdk.targets.python import PythonTarget


def built(value: dict[str, Any]) -> Package:
    spec, diagnostics = build_spec(value)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    package = build_package(spec, diagnostics)
    assert package is not None
    return package


@pytest.fixture(scope="module")
def synthetic() -> PackageDiff:
    old_value, new_value = spec_pair()
    old, new = built(old_value), built(new_value)
    names = PythonTarget().names
    result = diff_packages(old, new, "demo/2020-01-01")
    result.changes.extend(name_changes(old, new, names(old), names(new), "python"))
    return result


def by_case(result: PackageDiff) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    components = {name for case in CASES for name in (*case.old_schemas, *case.new_schemas)}
    owner = {name: case.name for case in CASES for name in (*case.old_schemas, *case.new_schemas)}
    for change in result.changes:
        if change.operation is not None:
            found[change.operation].add(change.kind)
        elif change.subject.split(".")[0] in components:
            found[owner[change.subject.split(".")[0]]].add(change.kind)
        else:
            found[f"<package> {change.subject}"].add(change.kind)
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_case_reports_exactly_its_kinds(synthetic: PackageDiff, case: Any) -> None:
    assert by_case(synthetic).get(case.name, set()) == set(case.kinds)


def test_endpoint_changes(synthetic: PackageDiff) -> None:
    found = by_case(synthetic)
    for kind, subject in ENDPOINT_KINDS.items():
        assert found[f"<package> {subject}"] == {kind}


def test_a_new_operation_claiming_an_old_name_is_added(synthetic: PackageDiff) -> None:
    assert all(by_case(synthetic)[name] == {"operation-added"} for name in NEW_FIRST)


def test_every_rule_has_a_case() -> None:
    covered = {kind for case in CASES for kind in case.kinds} | set(ENDPOINT_KINDS) | TREE_KINDS
    assert covered == set(RULES)


def test_documentation_is_counted_not_listed(synthetic: PackageDiff) -> None:
    assert "DocsOnly" not in by_case(synthetic)
    assert synthetic.docs >= 1


def test_name_moved_says_what_and_both_names(synthetic: PackageDiff) -> None:
    moved = {
        (c.operation, c.element, c.detail) for c in synthetic.changes if c.kind == "name-moved"
    }
    assert ("NameClash", "parameter", "python parameter region_id is now region_id_2") in moved
    assert ("ListThings", "method", "python method list_things is now list_things_2") in moved


def test_bump() -> None:
    old_value, new_value = spec_pair()
    old = built(old_value)
    assert diff_packages(old, old).bump is None
    changes = diff_packages(old, built(new_value)).changes
    assert bump(changes) == "major"
    assert bump([c for c in changes if c.impact is not Impact.BREAKING]) == "minor"
    assert bump([], docs=3) == "patch"


def test_type_directions() -> None:
    string, integer, number = ScalarType("string"), ScalarType("integer"), ScalarType("number")
    # What callers send must still be accepted; what they receive must still fit.
    assert compatible(integer, number, sent=True, received=False)
    assert not compatible(integer, number, sent=False, received=True)
    assert compatible(number, integer, sent=False, received=True)
    assert not compatible(number, integer, sent=True, received=False)
    assert compatible(string, AnyType(), sent=True, received=False)
    assert not compatible(AnyType(), string, sent=True, received=False)
    assert compatible(AnyType(), string, sent=False, received=True)
    assert not compatible(ListType(string), string, sent=False, received=True)
    assert compatible(ModelType("C:A"), ModelType("C:A"), sent=True, received=True)
    assert not compatible(ModelType("C:A"), ModelType("C:B"), sent=False, received=True)
    # A component used on both sides: only a change fitting both ways keeps working.
    assert not compatible(integer, number, sent=True, received=True)


def test_added_and_removed_packages() -> None:
    old_value, _ = spec_pair()
    package = built(old_value)
    assert [c.kind for c in diff_packages(None, package).changes] == ["package-added"]
    assert [c.kind for c in diff_packages(package, None).changes] == ["package-removed"]
    assert diff_packages(package, None).bump == "major"


def _weeks() -> list[tuple[str, Path]]:
    if not UPDATES.is_dir():
        return []
    return [
        (f"{before.parent.parent.parent.name}/{before.parent.parent.name}", before)
        for before in sorted(UPDATES.glob("*/*/*/before.json"))
    ]


def _load(path: Path) -> Package | None:
    spec, _ = build_spec(load_spec(path))
    return build_package(spec, [], str(path))


@pytest.mark.skipif(not _weeks(), reason="../shared/updates is not beside the checkout")
def test_real_weeks_report_only_known_kinds_and_consistent_bumps() -> None:
    """Every real update: the diff runs, reports only listed kinds, and a spec that did not
    change gives no change."""
    seen: set[str] = set()
    for _, before in _weeks():
        old, new = _load(before), _load(before.with_name("after.json"))
        if old is None or new is None:  # OSS: refused by design
            continue
        result = diff_packages(old, new)
        assert not diff_packages(new, new).changes and not diff_packages(new, new).docs
        seen.update(c.kind for c in result.changes)
        if result.of(Impact.BREAKING):
            assert result.bump == "major"
    assert seen <= set(RULES)
    assert {"field-removed", "field-added", "operation-added", "parameter-added"} <= seen
