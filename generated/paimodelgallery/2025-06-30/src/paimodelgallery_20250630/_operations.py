"""PAIModelGallery 2025-06-30 as plain data: endpoints, operations and pagination.

``OPERATIONS`` maps each API name to the description ``_runtime`` sends it from: method,
path, style, body types and parameters (wire name, location, style). Other tools may read
these tables; they are generated from the spec and never changed at run time.
"""

from __future__ import annotations

from ._runtime import Operation, Pagination

PRODUCT = "PAIModelGallery"
VERSION = "2025-06-30"
ENDPOINT_RULE = "regional"
"""For regions missing from ``ENDPOINTS``: ``regional`` gives ``<product>.<region>.aliyuncs.com``,
``central`` gives ``<product>.aliyuncs.com``."""

ENDPOINTS: dict[str, str] = {
    "cn-beijing": "paimodelgallery.cn-beijing.aliyuncs.com",
    "cn-hangzhou": "paimodelgallery.cn-hangzhou.aliyuncs.com",
    "cn-shanghai": "paimodelgallery.cn-shanghai.aliyuncs.com",
    "cn-shenzhen": "paimodelgallery.cn-shenzhen.aliyuncs.com",
    "cn-guangzhou": "paimodelgallery.cn-guangzhou.aliyuncs.com",
    "cn-hongkong": "paimodelgallery.cn-hongkong.aliyuncs.com",
    "cn-wulanchabu": "paimodelgallery.cn-wulanchabu.aliyuncs.com",
    "ap-northeast-1": "paimodelgallery.ap-northeast-1.aliyuncs.com",
    "ap-northeast-2": "paimodelgallery.ap-northeast-2.aliyuncs.com",
    "ap-southeast-1": "paimodelgallery.ap-southeast-1.aliyuncs.com",
    "ap-southeast-3": "paimodelgallery.ap-southeast-3.aliyuncs.com",
    "ap-southeast-5": "paimodelgallery.ap-southeast-5.aliyuncs.com",
    "us-east-1": "paimodelgallery.us-east-1.aliyuncs.com",
    "us-west-1": "paimodelgallery.us-west-1.aliyuncs.com",
    "eu-central-1": "paimodelgallery.eu-central-1.aliyuncs.com",
}
"""Region id -> endpoint host, from the spec."""

# One parameter per line; black leaves this table as written.
# fmt: off
OPERATIONS: dict[str, Operation] = {
    "ListModelGalleryModels": {
        "product": "PAIModelGallery", "version": "2025-06-30", "action": "ListModelGalleryModels",
        "style": "ROA", "method": "GET", "path": "/api/v1/modelgallery/models", "auth": "AK",
        "req_body_type": "json", "resp_body_type": "json", "idempotent": True,
        "params": [
            {"name": "PageNumber", "location": "query"},
            {"name": "PageSize", "location": "query"},
            {"name": "Order", "location": "query"},
            {"name": "SortBy", "location": "query"},
            {"name": "ModelName", "location": "query"},
            {"name": "Domain", "location": "query"},
            {"name": "Task", "location": "query"},
            {"name": "Origin", "location": "query"},
            {"name": "ModelType", "location": "query"},
            {"name": "Collections", "location": "query"},
            {"name": "ModelSeries", "location": "query"},
            {"name": "Demonstrable", "location": "query"},
            {"name": "Deployable", "location": "query"},
            {"name": "SupportedInferenceResource", "location": "query"},
            {"name": "Trainable", "location": "query"},
            {"name": "SupportedTrainingResource", "location": "query"},
            {"name": "Evaluable", "location": "query"},
            {"name": "SupportedEvaluationResource", "location": "query"},
            {"name": "Compressible", "location": "query"},
            {"name": "SupportedCompressionResource", "location": "query"},
            {"name": "Distillable", "location": "query"},
            {"name": "SupportedDistillationResource", "location": "query"},
            {"name": "DeepThink", "location": "query"},
            {"name": "FunctionCall", "location": "query"},
            {"name": "Tag", "location": "query", "style": "json"},
            {"name": "Conditions", "location": "query", "style": "json"},
            {"name": "Query", "location": "query"},
        ],
    },
}
# fmt: on

PAGINATION: dict[str, Pagination] = {
    "ListModelGalleryModels": {"style": "page_number", "items": "Models"},
}
"""Paginated operations: page_number (PageNumber/PageSize/TotalCount) or next_token."""
