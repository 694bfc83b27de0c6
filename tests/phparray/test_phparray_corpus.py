"""Exactness over real specs: parsing each corpus ``api-docs.php`` gives exactly the data of
the ``api-docs.json`` beside it, read through PHP's rules (keys, lists, and value types)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from support.php_rules import php_json_load

from gen_sdk.diagnostics import Diagnostic
from gen_sdk.phparray import load
from gen_sdk.specfile import load_spec

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SPECS = sorted(CORPUS.glob("*/*/api-docs.php"))


def assert_same(got: Any, expected: Any, path: str = "$") -> None:
    """Equality that also checks types (``True`` is not ``1``, ``1.0`` is not ``1``) and key
    order, and reports the first difference by its path."""
    assert type(got) is type(expected), f"{path}: {type(got).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert list(got) == list(expected), f"{path}: keys differ"
        for key, value in expected.items():
            assert_same(got[key], value, f"{path}[{key!r}]")
    elif isinstance(expected, list):
        assert len(got) == len(expected), f"{path}: {len(got)} items != {len(expected)}"
        for index, (left, right) in enumerate(zip(got, expected, strict=True)):
            assert_same(left, right, f"{path}[{index}]")
    elif isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(got), path
    else:
        assert got == expected, f"{path}: {got!r} != {expected!r}"


@pytest.mark.skipif(not SPECS, reason=f"no corpus at {CORPUS}")
@pytest.mark.parametrize("php_path", SPECS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_php_equals_json(php_path: Path) -> None:
    diagnostics: list[Diagnostic] = []
    got = load(php_path, diagnostics=diagnostics)
    assert_same(got, php_json_load(php_path.with_suffix(".json")))
    assert diagnostics == []  # real specs have no duplicate keys and a complete head


def test_corpus_has_all_three_layouts() -> None:
    """The corpus exercises short syntax, var_export's long syntax and one-line files."""
    if not SPECS:
        pytest.skip("no corpus")
    heads = {p.parent.parent.name: p.read_text(encoding="utf-8")[:200] for p in SPECS}
    assert any("array (" in head for head in heads.values())
    assert any(head.startswith("<?php return [\n") for head in heads.values())
    assert any("\n" not in text[:5000] for text in heads.values())


@pytest.mark.skipif(not SPECS, reason=f"no corpus at {CORPUS}")
def test_json_spec_loads_like_php() -> None:
    php_path = CORPUS / "sts" / "2015-04-01" / "api-docs.php"
    assert_same(load_spec(php_path.with_suffix(".json")), load_spec(php_path))
