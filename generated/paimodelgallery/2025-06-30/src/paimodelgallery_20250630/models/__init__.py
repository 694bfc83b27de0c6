"""Models of PAIModelGallery 2025-06-30, loaded on first use.

One module per API (``paimodelgallery_20250630.models.<api>``: its ``OPERATION``, request model,
keyword-argument type ``<Api>Params`` and response models) and ``_components`` for the
spec's shared schemas. Every class is also available here by name.
"""

# ruff: noqa: F403
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._components import *
    from .list_model_gallery_models import *

# module -> the classes it defines
_BY_MODULE: dict[str, str] = {
    "_components": "JobPlan JobPlanJobPlanSteps JobPlanTags ModelGalleryModel ModelGalleryModelTags",
    "list_model_gallery_models": "ListModelGalleryModelsParams ListModelGalleryModelsRequest ListModelGalleryModelsRequestConditions ListModelGalleryModelsRequestTag ListModelGalleryModelsResponse",
}
_MODULES = {name: module for module, names in _BY_MODULE.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        if name in _BY_MODULE:  # a module not imported yet
            return importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_MODULES)
