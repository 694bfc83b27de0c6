"""gen_sdk.config: where the configuration comes from, what it means, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen_sdk.config import (
    Config,
    ConfigError,
    dotted_version,
    load_config,
    load_config_file,
    name_fields,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root (``.git``) with ``specs/ecs/2014-05-26`` inside."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "specs" / "ecs" / "2014-05-26").mkdir(parents=True)
    return tmp_path / "repo"


def test_no_file_gives_the_defaults(repo: Path) -> None:
    config = load_config([repo / "specs"])
    assert config == Config.default()
    assert (config.source, config.target, config.format, config.jobs) == (
        None,
        "python",
        True,
        None,
    )
    spec = config.for_spec("ecs/2014-05-26")
    assert spec.package_name is None  # the target's own naming
    assert spec.format_package_name("ECS", "2014-05-26") is None


def test_pyproject_tool_table(repo: Path) -> None:
    write(
        repo / "pyproject.toml",
        """
[project]
name = "mine"

[tool.gen-sdk]
target = "python"
package-name = "alibabacloud_{product_compact}{version_compact}"
distribution-name = "acme-{product}-{version}"
package-version = "{spec_version_dotted}.post1"
templates = "tpl"
cache-dir = ".cache/gen"
jobs = 4
format = false
""",
    )
    (repo / "tpl").mkdir()
    config = load_config([repo / "specs" / "ecs" / "2014-05-26"])
    assert config.source == repo / "pyproject.toml"
    assert config.templates == repo / "tpl"
    assert config.cache_dir == repo / ".cache" / "gen"
    assert (config.jobs, config.format) == (4, False)
    spec = config.for_spec("Pai-DLC/2020-12-03")
    assert spec.format_package_name("Pai-DLC", "2020-12-03") == "alibabacloud_paidlc20201203"
    assert spec.format_distribution_name("Pai-DLC", "2020-12-03") == "acme-pai-dlc-2020-12-03"
    assert spec.format_package_version("2020-12-03") == "2020.12.3.post1"


def test_gen_sdk_toml_beats_pyproject_at_the_same_level(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.gen-sdk]\ntarget = "python"\njobs = 1\n')
    write(repo / "gen-sdk.toml", "jobs = 2\n")
    config = load_config([repo / "specs"])
    assert (config.source, config.jobs) == (repo / "gen-sdk.toml", 2)


def test_the_nearest_file_wins_and_files_are_not_merged(repo: Path) -> None:
    write(repo / "gen-sdk.toml", "jobs = 2\nformat = false\n")
    write(repo / "specs" / "pyproject.toml", "[tool.gen-sdk]\njobs = 3\n")
    config = load_config([repo / "specs" / "ecs"])
    assert (config.source, config.jobs, config.format) == (repo / "specs/pyproject.toml", 3, True)


def test_a_pyproject_without_the_table_is_passed_over(repo: Path) -> None:
    write(repo / "gen-sdk.toml", "jobs = 2\n")
    write(repo / "specs" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config([repo / "specs"]).source == repo / "gen-sdk.toml"


def test_the_search_stops_at_the_repository_root(tmp_path: Path, repo: Path) -> None:
    write(tmp_path / "gen-sdk.toml", "jobs = 9\n")  # above .git: not ours
    assert load_config([repo / "specs"]).source is None
    # Without a .git the search goes to the root, and finds it.
    (repo / ".git").rmdir()
    assert load_config([repo / "specs"]).source == tmp_path / "gen-sdk.toml"


def test_a_git_file_also_marks_the_root(tmp_path: Path, repo: Path) -> None:
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: elsewhere\n")  # a worktree or a submodule
    write(tmp_path / "gen-sdk.toml", "jobs = 9\n")
    assert load_config([repo / "specs"]).source is None


def test_a_file_input_stands_for_its_directory(repo: Path) -> None:
    write(repo / "specs" / "gen-sdk.toml", "jobs = 5\n")
    spec = write(repo / "specs" / "ecs" / "2014-05-26" / "api-docs.php", "<?php return [];")
    assert load_config([spec]).jobs == 5


def test_inputs_sharing_one_file_or_none(repo: Path, tmp_path: Path) -> None:
    write(repo / "gen-sdk.toml", "jobs = 2\n")
    (repo / "specs" / "cs").mkdir()
    (tmp_path / "elsewhere" / ".git").mkdir(parents=True)
    config = load_config([repo / "specs" / "ecs", repo / "specs" / "cs", tmp_path / "elsewhere"])
    assert config.jobs == 2


def test_inputs_with_different_files_are_an_error(repo: Path) -> None:
    write(repo / "specs" / "ecs" / "gen-sdk.toml", "jobs = 2\n")
    (repo / "specs" / "cs").mkdir()
    write(repo / "specs" / "cs" / "gen-sdk.toml", "jobs = 3\n")
    with pytest.raises(ConfigError, match=r"different config files: .*ecs/gen-sdk\.toml.*cs/gen"):
        load_config([repo / "specs" / "ecs", repo / "specs" / "cs"])


def test_overrides_apply_in_file_order_later_winning(repo: Path) -> None:
    write(
        repo / "gen-sdk.toml",
        """
package-name = "{product}_{version_compact}"

[overrides."ecs"]
package-name = "ecs_classic"
target = "typescript"

[overrides."ecs/2014-*"]
package-name = "ecs_{version_compact}"
package-version = "{generator_version}"

[overrides."PAI*/*"]
distribution-name = "pai-{product}"
""",
    )
    config = load_config([repo], known_targets=["python", "typescript"])
    ecs = config.for_spec("ecs/2014-05-26")
    assert (ecs.target, ecs.package_name, ecs.package_version) == (
        "typescript",
        "ecs_{version_compact}",
        "{generator_version}",
    )
    assert ecs.format_package_version("2014-05-26", "0.1.0") == "0.1.0"
    old = config.for_spec("ECS/2013-01-10")  # product globs are case-insensitive
    assert (old.target, old.format_package_name("ECS", "2013-01-10")) == (
        "typescript",
        "ecs_classic",
    )
    pai = config.for_spec("paiflow/2021-02-02")
    assert pai.target == "python"
    assert pai.format_package_name("paiflow", "2021-02-02") == "paiflow_20210202"
    assert pai.format_distribution_name("paiflow", "2021-02-02") == "pai-paiflow"
    assert config.unused_overrides(["ecs/2014-05-26"]) == ["PAI*/*"]


def test_placeholder_values() -> None:
    assert name_fields("PAIModelGallery", "2025-06-30") == {
        "product": "paimodelgallery",
        "product_compact": "paimodelgallery",
        "version": "2025-06-30",
        "version_compact": "20250630",
    }
    assert dotted_version("2025-06-30") == "2025.6.30"
    assert dotted_version("v2beta3") == "2.3"
    assert dotted_version("latest") == "0"


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("pakage-name = 'x'", "pakage-name", "unknown option (did you mean 'package-name'? valid:"),
        ("jobs = 0", "jobs", "expected an integer >= 1, found 0"),
        ("jobs = true", "jobs", "expected an integer >= 1, found True"),
        ("format = 'yes'", "format", "expected true or false, found 'yes'"),
        ("target = 3", "target", "expected a non-empty string, found 3"),
        ("target = 'cobol'", "target", "unknown target 'cobol' (known: python, typescript)"),
        ("package-name = '{product}_{ver}'", "package-name", "unknown placeholder {ver}"),
        ("package-name = '{}'", "package-name", "unknown placeholder {}"),
        ("package-name = '{product!r}'", "package-name", "{product} takes no conversion"),
        ("package-name = '{product'", "package-name", "invalid format string"),
        ("package-version = '{spec_version}'", "package-version", "unknown placeholder"),
        ("package-version = '{date}'", "package-version", "unknown placeholder {date}"),
        ("package-version = 'v{generator_version}-x'", "package-version", "not a PEP 440"),
        ("templates = 'missing'", "templates", "is not a directory"),
        ("overrides = 3", "overrides", "expected a table of tables"),
        ("[overrides.'a/b/c']\ntarget = 'python'", 'overrides."a/b/c"', "expected a glob"),
        ("[overrides.'ecs/*']\ntarget = 'cobol'", 'overrides."ecs/*".target', "unknown target"),
        ("[overrides.ecs]\njobs = 3", "overrides.ecs.jobs", "unknown option (valid: distrib"),
    ],
)
def test_errors_name_the_file_and_the_key(repo: Path, text: str, key: str, message: str) -> None:
    file = write(repo / "gen-sdk.toml", text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config([repo], known_targets=["python", "typescript"])
    assert str(caught.value).startswith(f"{file}: {key}: ")
    assert message in str(caught.value)
    assert (caught.value.file, caught.value.key) == (file, key)


def test_errors_in_pyproject_carry_the_tool_prefix(repo: Path) -> None:
    file = write(repo / "pyproject.toml", "[tool.gen-sdk.overrides.ecs]\npackage-nme = 'x'\n")
    with pytest.raises(ConfigError) as caught:
        load_config([repo])
    assert str(caught.value).startswith(f"{file}: tool.gen-sdk.overrides.ecs.package-nme: ")


def test_target_spelling_is_checked_without_a_registry(repo: Path) -> None:
    write(repo / "gen-sdk.toml", "target = 'Python 3'\n")
    with pytest.raises(ConfigError, match="target: invalid target name 'Python 3'"):
        load_config([repo])


def test_invalid_toml_is_located(repo: Path) -> None:
    file = write(repo / "gen-sdk.toml", "jobs = 2\ntarget = \n")
    with pytest.raises(ConfigError) as caught:
        load_config([repo])
    assert str(caught.value).startswith(f"{file}:2:10: invalid TOML: Invalid value")
    assert (caught.value.line, caught.value.column) == (2, 10)


def test_an_invalid_pyproject_on_the_way_up_is_an_error(repo: Path) -> None:
    file = write(repo / "pyproject.toml", "[tool\n")
    with pytest.raises(ConfigError, match=f"^{file}:1:6: invalid TOML"):
        load_config([repo / "specs"])


def test_explicit_config_file(tmp_path: Path) -> None:
    file = write(tmp_path / "ci.toml", "jobs = 7\ntemplates = '.'\n")
    config = load_config_file(file)
    assert (config.source, config.jobs, config.templates) == (file, 7, tmp_path)
    pyproject = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.gen-sdk\] table"):
        load_config_file(pyproject)


def test_a_package_version_that_formats_into_nonsense_is_caught_late_too() -> None:
    # Only reachable by building a Config in code (files are checked on load).
    spec = Config(package_version="{generator_version}").for_spec("ecs/v1")
    with pytest.raises(ConfigError, match=r"'dev build' .* is not a PEP 440 version"):
        spec.format_package_version("v1", "dev build")


def test_config_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Config().jobs = 3  # type: ignore[misc]
