"""Clients for PAIModelGallery 2025-06-30: ``Client`` (sync) and ``AsyncClient`` (asyncio).

Each method takes the API's parameters as keyword arguments in snake_case (typed per API by
``models.<api>.<Api>Params``), ``request=`` (a request model; keyword arguments win) and
``headers=``, and returns the typed response; ``response.meta`` has the HTTP status, headers
and request id. An API's models are imported on its first call.
"""

# ruff: noqa: F403, F405
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Unpack

from . import models
from ._base import AsyncClientBase, ClientBase
from ._operations import ENDPOINT_RULE, ENDPOINTS, PRODUCT

if TYPE_CHECKING:
    from .models import *

SDK_USER_AGENT = "gen-sdk-paimodelgallery-20250630/0.1.0"


class Client(ClientBase):
    """Synchronous client for PAIModelGallery 2025-06-30.

    ``Client(region_id=..., access_key_id=..., access_key_secret=...)``; without explicit
    credentials the default chain (environment, CLI profile, credentials file) is used.
    Use it as a context manager, or call ``close()``.
    """

    product_id = PRODUCT
    endpoint_rule = ENDPOINT_RULE
    endpoint_map = ENDPOINTS
    sdk_user_agent = SDK_USER_AGENT

    def list_model_gallery_models(
        self, **kwargs: Unpack[ListModelGalleryModelsParams]
    ) -> ListModelGalleryModelsResponse:
        """获取ModelGallery模型列表。"""
        return self._call(models.list_model_gallery_models._API, kwargs)

    def iter_list_model_gallery_models(
        self, **kwargs: Unpack[ListModelGalleryModelsParams]
    ) -> Iterator[ModelGalleryModel]:
        """Every item of ``ListModelGalleryModels`` (``Models``), page after page."""
        return self._paginate(models.list_model_gallery_models._API, kwargs)


class AsyncClient(AsyncClientBase):
    """Asynchronous client for PAIModelGallery 2025-06-30 (``async with AsyncClient(...)``)."""

    product_id = PRODUCT
    endpoint_rule = ENDPOINT_RULE
    endpoint_map = ENDPOINTS
    sdk_user_agent = SDK_USER_AGENT

    async def list_model_gallery_models(
        self, **kwargs: Unpack[ListModelGalleryModelsParams]
    ) -> ListModelGalleryModelsResponse:
        """获取ModelGallery模型列表。"""
        return await self._call(models.list_model_gallery_models._API, kwargs)

    def iter_list_model_gallery_models(
        self, **kwargs: Unpack[ListModelGalleryModelsParams]
    ) -> AsyncIterator[ModelGalleryModel]:
        """Every item of ``ListModelGalleryModels`` (``Models``), page after page."""
        return self._paginate(models.list_model_gallery_models._API, kwargs)
