"""``gen-sdk diff`` as CI runs it (a subprocess): trees and files, ``--base`` from git, the
Markdown and JSON reports, ``--fail-on``, the changelog and the version it records."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.specs import gen_sdk, tiny_spec, write_spec

from gen_sdk.changes import changelog_path, release_of


def spec_with(**changes: Any) -> dict[str, Any]:
    """The tiny spec with ``DoIt`` changed: ``params`` (a list), ``summary``, ``extra_api``."""
    spec = tiny_spec()
    api = spec["apis"]["DoIt"]
    if "params" in changes:
        api["parameters"] = changes["params"]
    if "summary" in changes:
        api["summary"] = changes["summary"]
    if "extra_api" in changes:
        spec["apis"]["DoMore"] = copy.deepcopy(api)
    return spec


NAME = {"name": "Name", "in": "query", "schema": {"type": "string"}}
SIZE = {"name": "Size", "in": "query", "schema": {"type": "integer"}}


def layout(root: Path, specs: dict[str, dict[str, Any] | str]) -> Path:
    """``root/<product>/<version>/api-docs.json`` per key; a string is written as it is."""
    for key, spec in specs.items():
        product, version = key.split("/")
        path = root / product / version / "api-docs.json"
        if isinstance(spec, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(spec, encoding="utf-8")
        else:
            write_spec(
                path, {**spec, "info": {**spec["info"], "product": product, "version": version}}
            )
    return root


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_trees_every_status(tmp_path: Path) -> None:
    old = layout(
        tmp_path / "old",
        {
            "breaks/1": spec_with(params=[NAME, SIZE]),
            "grows/1": spec_with(),
            "gone/1": spec_with(),
            "same/1": spec_with(),
            "docs/1": spec_with(summary="Before."),
            "meta/1": spec_with(),
        },
    )
    meta_only = spec_with()
    meta_only["apis"]["DoIt"]["systemTags"] = {"chargeType": "free"}  # metadata no SDK reads
    new = layout(
        tmp_path / "new",
        {
            "breaks/1": spec_with(params=[NAME]),
            "grows/1": spec_with(extra_api=True),
            "added/1": spec_with(),
            "same/1": spec_with(),
            "docs/1": spec_with(summary="After."),
            "meta/1": meta_only,
        },
    )
    done = gen_sdk("diff", "--format", "json", old, new)
    assert done.returncode == 0, done.stderr
    document = report(done)
    statuses = {p["package"]: (p["status"], p["bump"]) for p in document["packages"]}
    assert statuses == {
        "added/1": ("added", None),
        "breaks/1": ("changed", "major"),
        "docs/1": ("changed", "patch"),
        "gone/1": ("removed", None),
        "grows/1": ("changed", "minor"),
        "meta/1": ("same-sdk", None),
    }
    assert document["summary"]["unchanged"] == 1 and document["summary"]["breaking"] == 2
    breaks = next(p for p in document["packages"] if p["package"] == "breaks/1")
    kinds = {(c["kind"], c["operation"], c["subject"], c["impact"]) for c in breaks["changes"]}
    assert kinds == {("parameter-removed", "DoIt", "Size", "breaking")}
    assert "package-removed" in {c["kind"] for p in document["packages"] for c in p["changes"]}

    markdown = gen_sdk("diff", old, new).stdout
    assert "| breaks/1 | **major** | 1 | 0 | 0 |" in markdown
    assert "- `DoIt` `Size`: removed (parameter-removed)" in markdown
    assert "### meta/1: none (SDK unchanged)" in markdown
    assert "same/1" not in markdown  # unchanged packages are counted, not listed
    assert "1 unchanged" in markdown


def test_fail_on(tmp_path: Path) -> None:
    old = write_spec(tmp_path / "old.json", spec_with(params=[NAME, SIZE]))
    removed = write_spec(tmp_path / "removed.json", spec_with(params=[NAME]))
    added = write_spec(tmp_path / "added.json", spec_with(params=[NAME, SIZE], extra_api=True))
    docs = write_spec(tmp_path / "docs.json", spec_with(params=[NAME, SIZE], summary="New words."))
    expected = {
        (removed, "breaking"): 1,
        (removed, "never"): 0,
        (added, "breaking"): 0,
        (added, "feature"): 1,
        (docs, "feature"): 0,
        (docs, "docs"): 1,
        (old, "docs"): 0,
    }
    for (new, fail_on), code in expected.items():
        done = gen_sdk("diff", "-q", "--fail-on", fail_on, old, new)
        assert done.returncode == code, (new.name, fail_on, done.stdout, done.stderr)
        assert done.stdout == ""
        if code:
            assert "(--fail-on)" in done.stderr


def test_two_files_are_paired_whatever_their_names(tmp_path: Path) -> None:
    before = write_spec(tmp_path / "before.json", spec_with())
    after = write_spec(tmp_path / "after.json", spec_with(extra_api=True))
    document = report(gen_sdk("diff", "--format", "json", before, after))
    (package,) = document["packages"]
    assert package["package"] == "Demo/2020-01-01"  # the spec's own product and version
    assert [c["kind"] for c in package["changes"]] == ["operation-added"]


def test_report_files_and_a_failed_spec(tmp_path: Path) -> None:
    old = layout(tmp_path / "old", {"demo/1": spec_with()})
    new = layout(tmp_path / "new", {"demo/1": '{"info": '})
    markdown, json_file = tmp_path / "report.md", tmp_path / "report.json"
    done = gen_sdk("diff", "--markdown", markdown, "--json", json_file, old, new)
    assert done.returncode == 1  # a spec that cannot be compared fails the run
    assert "api-docs.json:1:" in done.stderr
    assert markdown.read_text(encoding="utf-8") == done.stdout
    (package,) = json.loads(json_file.read_text(encoding="utf-8"))["packages"]
    assert package["status"] == "failed" and package["errors"]
    assert "Could not be compared:" in done.stdout and "```" in done.stdout


def test_spec_text_cannot_inject_markup(tmp_path: Path) -> None:
    evil = {"name": "A|B`<img src=x onerror=alert(1)>", "in": "query", "schema": {"type": "string"}}
    old = write_spec(tmp_path / "old.json", spec_with(params=[NAME, evil]))
    new = write_spec(tmp_path / "new.json", spec_with(params=[NAME]))
    markdown = gen_sdk("diff", old, new).stdout
    (line,) = [line for line in markdown.splitlines() if "parameter-removed" in line]
    # A code span fenced by two backticks (the name holds one), on one table-free line.
    assert line == "- `DoIt` ``A|B`<img src=x onerror=alert(1)>``: removed (parameter-removed)"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    layout(root / "specs", {"demo/1": spec_with(params=[NAME, SIZE])})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "specs")
    return root


def test_base_reads_the_old_side_from_git(repository: Path) -> None:
    layout(repository / "specs", {"demo/1": spec_with(params=[NAME]), "fresh/1": spec_with()})
    done = gen_sdk("diff", "--base", "HEAD", "--format", "json", "specs", cwd=repository)
    assert done.returncode == 0, done.stderr
    statuses = {p["package"]: p["status"] for p in report(done)["packages"]}
    assert statuses == {"demo/1": "changed", "fresh/1": "added"}
    demo = next(p for p in report(done)["packages"] if p["package"] == "demo/1")
    assert demo["old_spec"] == "HEAD:specs/demo/1/api-docs.json"
    # A path that did not exist at the base: every package is new.
    layout(repository / "more", {"extra/1": spec_with()})
    done = gen_sdk("diff", "--base", "HEAD", "--format", "json", "more", cwd=repository)
    assert {p["status"] for p in report(done)["packages"]} == {"added"}


def test_base_usage_errors(repository: Path) -> None:
    assert gen_sdk("diff", "specs", cwd=repository).returncode == 2  # NEW alone needs --base
    done = gen_sdk("diff", "--base", "no-such-rev", "specs", cwd=repository)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_changelog_and_the_version_it_records(repository: Path) -> None:
    specs = repository / "specs"
    spec = specs / "demo" / "1" / "api-docs.json"
    layout(specs, {"demo/1": spec_with(params=[NAME])})  # Size removed: a major release
    done = gen_sdk("diff", "-q", "--base", "HEAD", "--changelog", "specs", cwd=repository)
    assert done.returncode == 0, done.stderr
    text = changelog_path(spec).read_text(encoding="utf-8")
    assert release_of(text) == "1.0.0"  # 0.1.0 (the default version), major
    assert "### Breaking changes" in text and "`Size`: removed" in text
    # The same spec again: nothing stamped twice.
    gen_sdk("diff", "-q", "--base", "HEAD", "--changelog", "specs", cwd=repository)
    assert changelog_path(spec).read_text(encoding="utf-8") == text
    # Next week: a new operation, and the config asks for the changelog.
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "week 1")
    (repository / "gen-sdk.toml").write_text("changelog = true\n", encoding="utf-8")
    layout(specs, {"demo/1": spec_with(params=[NAME], extra_api=True)})
    assert gen_sdk("diff", "-q", "--base", "HEAD", "specs", cwd=repository).returncode == 0
    updated = changelog_path(spec).read_text(encoding="utf-8")
    assert release_of(updated) == "1.1.0"
    assert re.findall(r"^## (.*)", updated, re.MULTILINE) == ["1.1.0", "1.0.0"]
    assert updated.index("## 1.1.0") < updated.index("## 1.0.0")


def test_generation_carries_the_changelog_and_its_version(repository: Path) -> None:
    specs, out = repository / "specs", repository / "out"
    spec = specs / "demo" / "1" / "api-docs.json"
    layout(specs, {"demo/1": spec_with(params=[NAME], extra_api=True)})
    assert (
        gen_sdk("diff", "-q", "--base", "HEAD", "--changelog", "specs", cwd=repository).returncode
        == 0
    )
    notes = changelog_path(spec).read_text(encoding="utf-8")
    assert release_of(notes) == "1.0.0"
    package = out / "demo" / "1"
    done = gen_sdk("generate", "-q", specs, out)
    assert done.returncode == 0, done.stderr
    assert (package / "CHANGELOG.md").read_text(encoding="utf-8") == notes
    assert 'version = "1.0.0"' in (package / "pyproject.toml").read_text(encoding="utf-8")
    assert "Release notes: `CHANGELOG.md`" in (package / "README.md").read_text(encoding="utf-8")
    # Edited notes alone (the spec as it was) reach the package: they are part of its key.
    changelog_path(spec).write_text(notes.replace("## 1.0.0", "## 1.0.1"), encoding="utf-8")
    assert gen_sdk("generate", "-q", specs, out).returncode == 0
    assert 'version = "1.0.1"' in (package / "pyproject.toml").read_text(encoding="utf-8")
    assert "## 1.0.1" in (package / "CHANGELOG.md").read_text(encoding="utf-8")
    # A configured version wins, and may use the release.
    (repository / "gen-sdk.toml").write_text(
        'package-version = "{release}.post1"\n', encoding="utf-8"
    )
    assert gen_sdk("generate", "-q", specs, out).returncode == 0
    assert 'version = "1.0.1.post1"' in (package / "pyproject.toml").read_text(encoding="utf-8")
    # No changelog: no CHANGELOG.md, and the default version.
    changelog_path(spec).unlink()
    (repository / "gen-sdk.toml").unlink()
    assert gen_sdk("generate", "-q", specs, out).returncode == 0
    assert not (package / "CHANGELOG.md").exists()
    assert 'version = "0.1.0"' in (package / "pyproject.toml").read_text(encoding="utf-8")
