"""Python's naming policy through the naming step: case functions, reserved words,
collisions, aliases, package names."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gen_sdk.sdk import Scope
from gen_sdk.targets.python.naming import POLICY, package_names, pascal, snake


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("ListModelGalleryModels", "list_model_gallery_models"),
        ("VSwitchId", "v_switch_id"),
        ("Ipv6Address", "ipv6_address"),
        ("HTTPServer", "http_server"),
        ("cluster_type", "cluster_type"),
        ("x-acs-foo", "x_acs_foo"),
        ("Filter.1.Key", "filter_1_key"),
        ("1stDisk", "n1st_disk"),
        ("名称", "u540d_u79f0"),
        ("", "value"),
        ("__a__", "a"),
    ],
)
def test_snake(wire: str, expected: str) -> None:
    assert snake(wire) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ListModelGalleryModels", "ListModelGalleryModels"),
        ("cluster_type", "ClusterType"),
        ("VSwitchId", "VSwitchId"),
        ("1stDisk", "M1stDisk"),
    ],
)
def test_pascal(name: str, expected: str) -> None:
    assert pascal(name) == expected


@given(st.text(max_size=30))
def test_names_are_always_identifiers(name: str) -> None:
    assert snake(name).isidentifier() and snake(name).isascii()
    assert pascal(name).isidentifier() and pascal(name).isascii()


def test_scope_keywords_reserved_collisions_and_aliases() -> None:
    params = Scope(POLICY.params)
    assert params.name("class") == "class_"
    assert params.name("Json") == "json_"
    assert params.name("str") == "str_"
    assert params.name("self") == "self_"
    assert params.name("InstanceId") == "instance_id"
    assert params.name("instanceId") == "instance_id_2"
    # A name never equals another field's wire name (pydantic would accept both).
    fields = Scope(POLICY.fields)
    assert fields.name("Key", {"key"}) == "key_"
    assert fields.name("key", {"Key"}) == "key"
    classes = Scope(POLICY.types)
    assert classes.escaped("Field") == "FieldModel"
    assert classes.escaped("Exception") == "ExceptionModel"
    assert classes.escaped("Tag") == "Tag"
    assert classes.escaped("Tag") == "Tag2"
    assert not any(keyword.iskeyword(n) for n in classes.taken)
    modules = Scope(POLICY.modules)
    assert modules.name("Aux") == "aux_"  # a Windows device name
    assert modules.name("models") == "models_"
    methods = Scope(POLICY.methods)
    assert methods.name("Close") == "close_"  # the client's own method


def test_package_names() -> None:
    assert package_names("PAIModelGallery", "2025-06-30") == (
        "paimodelgallery_20250630",
        "gen-sdk-paimodelgallery-20250630",
    )
    assert package_names("AliGenie", "iap_1.0") == ("aligenie_iap_1_0", "gen-sdk-aligenie-iap-1-0")
