"""The generated seed package's models behave as documented: tolerant responses, strict
requests, a lazy models package."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gen_sdk.generate import generate

ROOT = Path(__file__).resolve().parents[3]
SEED_SPEC = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"


@pytest.fixture(scope="module")
def seed_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("seed")
    assert generate([SEED_SPEC], out).ok
    src = str(out / "paimodelgallery" / "2025-06-30" / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module("paimodelgallery_20250630.models")
    finally:
        sys.path.remove(src)
        for name in [m for m in sys.modules if m.startswith("paimodelgallery_20250630")]:
            del sys.modules[name]


def test_response_models_tolerate_real_servers(seed_models: Any) -> None:
    response_type = seed_models.ListModelGalleryModelsResponse
    as_list = response_type.model_validate(
        {
            "RequestId": "r",
            "TotalCount": 15,  # declared a string
            "Models": [
                {
                    "ModelName": "a",
                    "OrderNumber": "3",
                    "NewField": {"x": 1},
                    "Tags": [],
                },
                {
                    "ModelName": "b",
                    "Tags": [{"Key": "k", "Value": "v"}],
                    "ExtraInfo": [],
                },
            ],
        }
    )
    assert as_list.total_count == "15"
    first, second = as_list.models
    assert first.order_number == 3 and first.model_extra == {"NewField": {"x": 1}}
    assert first.tags is not None and first.tags.key is None  # [] for an empty object
    assert second.tags.key == "k"  # a one-item list for an object
    assert second.extra_info == {}  # [] for an empty map
    as_object = response_type.model_validate({"Models": {"ModelName": "x", "OrderNumber": ""}})
    assert [m.model_name for m in as_object.models] == ["x"]
    assert as_object.models[0].order_number is None
    assert response_type.model_validate({}).models is None  # every field may be missing
    assert response_type.model_validate({"request_id": "by-name"}).request_id == "by-name"


def test_request_models_are_strict_and_dump_wire_names(seed_models: Any) -> None:
    request_type = seed_models.ListModelGalleryModelsRequest
    tag = seed_models.ListModelGalleryModelsRequestTag
    request = request_type(page_size=5, Tag=[tag(key="k", Value="v")])
    assert request.model_dump(by_alias=True, exclude_none=True) == {
        "PageSize": 5,
        "Tag": [{"Key": "k", "Value": "v"}],
    }
    with pytest.raises(ValueError):
        request_type(PageSise=5)
    assert list(tag.model_fields) == ["key", "value"]  # sorted like the official models


def test_models_package_is_lazy(seed_models: Any) -> None:
    assert "ModelGalleryModel" in dir(seed_models)
    with pytest.raises(AttributeError):
        seed_models.NoSuchModel  # noqa: B018
