"""Clients for PAIModelGallery 2025-06-30: ``Client`` (sync) and ``AsyncClient`` (asyncio).

Each method takes a request model and/or keyword arguments (which win) and returns the
typed response; ``response.meta`` has the HTTP status, headers and request id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING

from ._base import AsyncClientBase, ClientBase
from ._operations import ENDPOINT_RULE, ENDPOINTS, OPERATIONS, PAGINATION, PRODUCT

if TYPE_CHECKING:
    from .models._components import (
        ModelGalleryModel,
    )
    from .models.list_model_gallery_models import (
        ListModelGalleryModelsRequest,
        ListModelGalleryModelsRequestConditions,
        ListModelGalleryModelsRequestTag,
        ListModelGalleryModelsResponse,
    )

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
    operations = OPERATIONS
    pagination = PAGINATION

    def list_model_gallery_models(
        self,
        request: ListModelGalleryModelsRequest | None = None,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        order: str | None = None,
        sort_by: str | None = None,
        model_name: str | None = None,
        domain: str | None = None,
        task: str | None = None,
        origin: str | None = None,
        model_type: str | None = None,
        collections: str | None = None,
        model_series: str | None = None,
        demonstrable: bool | None = None,
        deployable: bool | None = None,
        supported_inference_resource: str | None = None,
        trainable: bool | None = None,
        supported_training_resource: str | None = None,
        evaluable: bool | None = None,
        supported_evaluation_resource: str | None = None,
        compressible: bool | None = None,
        supported_compression_resource: str | None = None,
        distillable: bool | None = None,
        supported_distillation_resource: str | None = None,
        deep_think: bool | None = None,
        function_call: bool | None = None,
        tag: list[ListModelGalleryModelsRequestTag] | None = None,
        conditions: list[ListModelGalleryModelsRequestConditions] | None = None,
        query: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ListModelGalleryModelsResponse:
        """获取ModelGallery模型列表。

        API: ``ListModelGalleryModels``.
        """
        from .models import list_model_gallery_models as _m

        return self._call(_m.API, request, locals())

    def iter_list_model_gallery_models(
        self,
        request: ListModelGalleryModelsRequest | None = None,
        *,
        page_size: int | None = None,
        order: str | None = None,
        sort_by: str | None = None,
        model_name: str | None = None,
        domain: str | None = None,
        task: str | None = None,
        origin: str | None = None,
        model_type: str | None = None,
        collections: str | None = None,
        model_series: str | None = None,
        demonstrable: bool | None = None,
        deployable: bool | None = None,
        supported_inference_resource: str | None = None,
        trainable: bool | None = None,
        supported_training_resource: str | None = None,
        evaluable: bool | None = None,
        supported_evaluation_resource: str | None = None,
        compressible: bool | None = None,
        supported_compression_resource: str | None = None,
        distillable: bool | None = None,
        supported_distillation_resource: str | None = None,
        deep_think: bool | None = None,
        function_call: bool | None = None,
        tag: list[ListModelGalleryModelsRequestTag] | None = None,
        conditions: list[ListModelGalleryModelsRequestConditions] | None = None,
        query: str | None = None,
    ) -> Iterator[ModelGalleryModel]:
        """Every item of ``ListModelGalleryModels`` (``Models``), page after page."""
        from .models import list_model_gallery_models as _m

        return self._paginate(_m.API, _m.ItemType, request, locals())


class AsyncClient(AsyncClientBase):
    """Asynchronous client for PAIModelGallery 2025-06-30 (``async with AsyncClient(...)``)."""

    product_id = PRODUCT
    endpoint_rule = ENDPOINT_RULE
    endpoint_map = ENDPOINTS
    sdk_user_agent = SDK_USER_AGENT
    operations = OPERATIONS
    pagination = PAGINATION

    async def list_model_gallery_models(
        self,
        request: ListModelGalleryModelsRequest | None = None,
        *,
        page_number: int | None = None,
        page_size: int | None = None,
        order: str | None = None,
        sort_by: str | None = None,
        model_name: str | None = None,
        domain: str | None = None,
        task: str | None = None,
        origin: str | None = None,
        model_type: str | None = None,
        collections: str | None = None,
        model_series: str | None = None,
        demonstrable: bool | None = None,
        deployable: bool | None = None,
        supported_inference_resource: str | None = None,
        trainable: bool | None = None,
        supported_training_resource: str | None = None,
        evaluable: bool | None = None,
        supported_evaluation_resource: str | None = None,
        compressible: bool | None = None,
        supported_compression_resource: str | None = None,
        distillable: bool | None = None,
        supported_distillation_resource: str | None = None,
        deep_think: bool | None = None,
        function_call: bool | None = None,
        tag: list[ListModelGalleryModelsRequestTag] | None = None,
        conditions: list[ListModelGalleryModelsRequestConditions] | None = None,
        query: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ListModelGalleryModelsResponse:
        """获取ModelGallery模型列表。

        API: ``ListModelGalleryModels`` (see ``Client.list_model_gallery_models``).
        """
        from .models import list_model_gallery_models as _m

        return await self._call(_m.API, request, locals())

    def iter_list_model_gallery_models(
        self,
        request: ListModelGalleryModelsRequest | None = None,
        *,
        page_size: int | None = None,
        order: str | None = None,
        sort_by: str | None = None,
        model_name: str | None = None,
        domain: str | None = None,
        task: str | None = None,
        origin: str | None = None,
        model_type: str | None = None,
        collections: str | None = None,
        model_series: str | None = None,
        demonstrable: bool | None = None,
        deployable: bool | None = None,
        supported_inference_resource: str | None = None,
        trainable: bool | None = None,
        supported_training_resource: str | None = None,
        evaluable: bool | None = None,
        supported_evaluation_resource: str | None = None,
        compressible: bool | None = None,
        supported_compression_resource: str | None = None,
        distillable: bool | None = None,
        supported_distillation_resource: str | None = None,
        deep_think: bool | None = None,
        function_call: bool | None = None,
        tag: list[ListModelGalleryModelsRequestTag] | None = None,
        conditions: list[ListModelGalleryModelsRequestConditions] | None = None,
        query: str | None = None,
    ) -> AsyncIterator[ModelGalleryModel]:
        """Every item of ``ListModelGalleryModels`` (``Models``), page after page."""
        from .models import list_model_gallery_models as _m

        return self._paginate(_m.API, _m.ItemType, request, locals())
