"""gen_sdk.discovery: which files are specs, and for which product/version."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen_sdk.discovery import DiscoveryError, SpecSource, find_specs, key_matches


def touch(root: Path, *paths: str) -> None:
    for path in paths:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("<?php return [];\n")


def summary(sources: list[SpecSource], root: Path) -> list[tuple[str, str, str]]:
    return [(s.key, s.path.relative_to(root).as_posix(), s.version) for s in sources]


def test_layout_tree_sorted_with_product_and_version_from_directories(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "specs/ecs/2014-05-26/api-docs.php",
        "specs/CS/2015-12-15/api-docs.json",
        "specs/aigen/2024-01-11/api-docs.php",
        "specs/ecs/2013-01-10/api-docs.php",
    )
    sources = find_specs([tmp_path / "specs"])
    assert summary(sources, tmp_path) == [
        ("aigen/2024-01-11", "specs/aigen/2024-01-11/api-docs.php", "2024-01-11"),
        ("CS/2015-12-15", "specs/CS/2015-12-15/api-docs.json", "2015-12-15"),
        ("ecs/2013-01-10", "specs/ecs/2013-01-10/api-docs.php", "2013-01-10"),
        ("ecs/2014-05-26", "specs/ecs/2014-05-26/api-docs.php", "2014-05-26"),
    ]
    assert sources[1].product == "CS"  # the directory's spelling is kept


def test_php_wins_over_json_and_the_json_is_reported(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/2014-05-26/api-docs.json", "ecs/2014-05-26/api-docs.php")
    [source] = find_specs([tmp_path])
    assert source.path == tmp_path / "ecs/2014-05-26/api-docs.php"
    assert source.shadowed == (tmp_path / "ecs/2014-05-26/api-docs.json",)
    assert source.key == "ecs/2014-05-26"


def test_layout_ignores_other_json_files_in_the_tree(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/2014-05-26/api-docs.php", "ecs/2014-05-26/examples.json", "tool.php")
    assert [s.key for s in find_specs([tmp_path])] == ["ecs/2014-05-26"]


def test_other_trees_use_the_relative_path(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "in/ecs/2014-05-26.php",
        "in/deep/er/cs/2015-12-15.json",
        "in/sts.php",
        "in/notes.txt",
    )
    sources = find_specs([tmp_path / "in"])
    assert [(s.product, s.version, s.key) for s in sources] == [
        ("cs", "2015-12-15", "cs/2015-12-15"),
        ("ecs", "2014-05-26", "ecs/2014-05-26"),
        ("sts", "", "sts"),
    ]


def test_same_stem_php_and_json_outside_the_layout(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/v1.json", "ecs/v1.php")
    [source] = find_specs([tmp_path])
    assert source.path.name == "v1.php"
    assert source.shadowed == (tmp_path / "ecs/v1.json",)


def test_a_file_input_in_the_layout_and_elsewhere(tmp_path: Path) -> None:
    touch(tmp_path, "specs/ecs/2014-05-26/api-docs.json", "loose/My-Spec.PHP")
    [layout] = find_specs([tmp_path / "specs/ecs/2014-05-26/api-docs.json"])
    assert (layout.product, layout.version) == ("ecs", "2014-05-26")
    [loose] = find_specs([tmp_path / "loose/My-Spec.PHP"])
    assert (loose.product, loose.version, loose.key) == ("My-Spec", "", "My-Spec")


def test_a_version_directory_as_input_keeps_the_layout_names(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/2014-05-26/api-docs.php")
    [source] = find_specs([tmp_path / "ecs" / "2014-05-26"])
    assert source.key == "ecs/2014-05-26"
    [dotted] = find_specs([tmp_path / "ecs" / "2014-05-26" / ".." / "2014-05-26"])
    assert dotted.key == "ecs/2014-05-26"


def test_hidden_dirs_output_dir_and_generated_packages_are_skipped(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "ecs/2014-05-26/api-docs.php",
        ".git/x/y/api-docs.php",
        "ecs/.cache/2014-05-26/api-docs.php",
        "out/sts/2015-04-01/api-docs.php",
        "pkgs/cs/2015-12-15/api-docs.json",
        "ecs/2014-05-26/.hidden.php",
    )
    (tmp_path / "pkgs/cs/2015-12-15/.gen-sdk-manifest.json").write_text("{}")
    sources = find_specs([tmp_path], exclude=[tmp_path / "out"])
    assert [s.key for s in sources] == ["ecs/2014-05-26"]
    # The output directory spelled differently is still recognized.
    sources = find_specs([tmp_path], exclude=[tmp_path / "ecs" / ".." / "out"])
    assert [s.key for s in sources] == ["ecs/2014-05-26"]


def test_the_same_file_through_two_inputs_is_listed_once(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/2014-05-26/api-docs.php")
    sources = find_specs([tmp_path, tmp_path / "ecs/2014-05-26/api-docs.php", tmp_path / "ecs"])
    assert [s.key for s in sources] == ["ecs/2014-05-26"]


def test_two_files_for_one_package_are_an_error(tmp_path: Path) -> None:
    touch(tmp_path, "a/ecs/2014-05-26/api-docs.php", "b/ECS/2014-05-26/api-docs.json")
    with pytest.raises(DiscoveryError, match=r"several specs for ecs/2014-05-26: .*a/ecs.*b/ECS"):
        find_specs([tmp_path / "a", tmp_path / "b"])


@pytest.mark.parametrize(
    ("only", "expected"),
    [
        (["ecs"], ["ecs/2013-01-10", "ecs/2014-05-26"]),
        (["ECS"], ["ecs/2013-01-10", "ecs/2014-05-26"]),  # product: case-insensitive
        (["ecs/2014-*"], ["ecs/2014-05-26"]),
        (["*/2015-*"], ["PaiDlc/2015-12-15"]),
        (["pai*"], ["PaiDlc/2015-12-15"]),
        (["e?s/2013-01-10", "paidlc"], ["ecs/2013-01-10", "PaiDlc/2015-12-15"]),
        # Sorted by product case-folded, then version.
        ([], ["ecs/2013-01-10", "ecs/2014-05-26", "PaiDlc/2015-12-15"]),
    ],
)
def test_only_globs(tmp_path: Path, only: list[str], expected: list[str]) -> None:
    touch(
        tmp_path,
        "ecs/2014-05-26/api-docs.php",
        "ecs/2013-01-10/api-docs.php",
        "PaiDlc/2015-12-15/api-docs.php",
    )
    assert [s.key for s in find_specs([tmp_path], only=only)] == expected


def test_version_part_of_a_glob_is_case_sensitive() -> None:
    assert key_matches("ecs/v1*", "ECS", "v1beta")
    assert not key_matches("ecs/V1*", "ecs", "v1beta")
    assert not key_matches("ecs", "ecs2", "v1")


def test_a_glob_matching_nothing_is_an_error(tmp_path: Path) -> None:
    touch(tmp_path, "ecs/2014-05-26/api-docs.php")
    with pytest.raises(DiscoveryError, match=r"'ecss': matches no spec \(found: ecs/2014-05-26\)"):
        find_specs([tmp_path], only=["ecs", "ecss"])


def test_missing_inputs_and_empty_trees_are_errors(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError, match="no such file or directory"):
        find_specs([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(DiscoveryError, match="no spec files"):
        find_specs([tmp_path / "empty"])


def test_spec_source_is_frozen_and_its_key_derived(tmp_path: Path) -> None:
    source = SpecSource(tmp_path / "x.php", "ecs", "v1")
    assert source.key == "ecs/v1"
    with pytest.raises(AttributeError):
        source.product = "cs"  # type: ignore[misc]
    assert source == SpecSource(tmp_path / "x.php", "ecs", "v1")
