"""``ListModelGalleryModels``: operation description, request, keyword arguments, response."""

from __future__ import annotations

from pydantic import Field

from .._models import Api, Options, RequestModel, Response
from .._runtime.operation import Operation
from ._components import ModelGalleryModel


class ListModelGalleryModelsRequest(RequestModel):
    collections: str | None = Field(default=None, alias="Collections")
    """模型所在集合。ModelGallery的模型所在集合为QuickStart。"""
    compressible: bool | None = Field(default=None, alias="Compressible")
    """是否支持压缩。"""
    conditions: list[ListModelGalleryModelsRequestConditions] | None = Field(
        default=None, alias="Conditions"
    )
    """条件列表。"""
    deep_think: bool | None = Field(default=None, alias="DeepThink")
    """是否支持深度思考。"""
    demonstrable: bool | None = Field(default=None, alias="Demonstrable")
    """是否支持在线体验。"""
    deployable: bool | None = Field(default=None, alias="Deployable")
    """是否支持部署。"""
    distillable: bool | None = Field(default=None, alias="Distillable")
    """是否支持蒸馏。"""
    domain: str | None = Field(default=None, alias="Domain")
    """配置领域来过滤该领域内的模型列表。例如:aigc(生成式AI),nlp(自然语言处理)、cv(计算机视觉)等。"""
    evaluable: bool | None = Field(default=None, alias="Evaluable")
    """是否支持评测。"""
    function_call: bool | None = Field(default=None, alias="FunctionCall")
    """是否支持FunctionCall。"""
    model_name: str | None = Field(default=None, alias="ModelName")
    """配置模型名称,默认模糊匹配获取的模型列表。使用双引号为精确匹配,如"DeepSeek-V3.2",则会精确匹配模型DeepSeek-V3.2。"""
    model_series: str | None = Field(default=None, alias="ModelSeries")
    """模型系列。
    PAI Optimized Model,Qwen,Wan-AI,GLM,Baichuan,DeepSeek,Kimi,MiniMax,Yi,InternLM,InternVL,OpenAI,NVIDIA,Gemma,Phi,dots_vlm,Llama,Mistral,Stable Diffusion,FLUX,Byte Dance,StepFun AI,ERNIE Bot,Tencent Hunyuan,YOLO等。
    """
    model_type: str | None = Field(default=None, alias="ModelType")
    """模型类型。"""
    order: str | None = Field(default=None, alias="Order")
    """分页查询时,对指定的排序字段进行升序或降序。默认ASC。
    ASC:升序。
    DESC:降序。"""
    origin: str | None = Field(default=None, alias="Origin")
    """配置模型源,来过滤属于该社区或组织的模型列表。例如ModelScope,PAI,NIM等。"""
    page_number: int | None = Field(default=None, alias="PageNumber")
    """模型列表的页码。起始值为1,默认为1。"""
    page_size: int | None = Field(default=None, alias="PageSize")
    """分页查询时设置的每页显示的模型数量,默认为10。"""
    query: str | None = Field(default=None, alias="Query")
    """配置查询条件。ModelName、Domain、Task等多字段模糊匹配。"""
    sort_by: str | None = Field(default=None, alias="SortBy")
    """分页查询时的排序字段。目前使用GmtCreateTime字段用于排序。支持:
    - GmtCreateTime 模型创建时间
    - GmtLatestVersionModified 模型最新版本更新时间
    - OrderNumber 序号"""
    supported_compression_resource: str | None = Field(
        default=None, alias="SupportedCompressionResource"
    )
    """支持的压缩资源。CPU,GPU,GP7V等。如GP7V,则筛选压缩支持GP7V资源的模型。"""
    supported_distillation_resource: str | None = Field(
        default=None, alias="SupportedDistillationResource"
    )
    """支持的蒸馏资源。CPU,GPU,GP7V等。如GP7V,则筛选蒸馏支持GP7V资源的模型。"""
    supported_evaluation_resource: str | None = Field(
        default=None, alias="SupportedEvaluationResource"
    )
    """支持的评测资源。CPU,GPU,GP7V等。如GP7V时,则筛选支持GP7V资源的模型。"""
    supported_inference_resource: str | None = Field(
        default=None, alias="SupportedInferenceResource"
    )
    """支持的部署资源。CPU,GPU,GP7V等。如GP7V,则筛选部署支持GP7V资源的模型。"""
    supported_training_resource: str | None = Field(default=None, alias="SupportedTrainingResource")
    """支持的训练资源。CPU,GPU,GP7V等。如GP7V,则筛选训练支持GP7V资源的模型。"""
    tag: list[ListModelGalleryModelsRequestTag] | None = Field(default=None, alias="Tag")
    """标签列表。"""
    task: str | None = Field(default=None, alias="Task")
    """任务。例如: large-language-model(大语言模型),image-classification(图片分类),embedding等。"""
    trainable: bool | None = Field(default=None, alias="Trainable")
    """是否支持训练。"""


class ListModelGalleryModelsRequestTag(RequestModel):
    """标签。"""

    key: str | None = Field(default=None, alias="Key")
    """标签键。"""
    value: str | None = Field(default=None, alias="Value")
    """标签值。"""


class ListModelGalleryModelsRequestConditions(RequestModel):
    """条件。"""

    column: str | None = Field(default=None, alias="Column")
    """参数名。支持ParameterSize,单位M。"""
    operator: str | None = Field(default=None, alias="Operator")
    """操作符。如:LessThan。
    Values: ``LessThan``, ``LessThanOrEqualTo``, ``GreaterThan``, ``NotEqualTo``, ``EqualTo``, ``GreaterThanOrEqualTo``.
    """
    value: str | None = Field(default=None, alias="Value")
    """值,如Column为ParameterSize时,输入为整数,单位M。"""


class ListModelGalleryModelsResponse(Response):
    total_count: str | None = Field(default=None, alias="TotalCount")
    """总数量"""
    models: list[ModelGalleryModel] | None = Field(default=None, alias="Models")
    """模型列表。"""


class ListModelGalleryModelsParams(Options[ListModelGalleryModelsRequest], total=False):
    page_number: int | None
    page_size: int | None
    order: str | None
    sort_by: str | None
    model_name: str | None
    domain: str | None
    task: str | None
    origin: str | None
    model_type: str | None
    collections: str | None
    model_series: str | None
    demonstrable: bool | None
    deployable: bool | None
    supported_inference_resource: str | None
    trainable: bool | None
    supported_training_resource: str | None
    evaluable: bool | None
    supported_evaluation_resource: str | None
    compressible: bool | None
    supported_compression_resource: str | None
    distillable: bool | None
    supported_distillation_resource: str | None
    deep_think: bool | None
    function_call: bool | None
    tag: list[ListModelGalleryModelsRequestTag] | None
    conditions: list[ListModelGalleryModelsRequestConditions] | None
    query: str | None


# fmt: off
OPERATION: Operation = {
    "product": "PAIModelGallery", "version": "2025-06-30", "action": "ListModelGalleryModels",
    "style": "ROA", "method": "GET", "path": "/api/v1/modelgallery/models", "auth": "AK",
    "req_body_type": "json", "resp_body_type": "json", "idempotent": True, "params": [
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
}
_API = Api(
    ListModelGalleryModelsRequest,
    ListModelGalleryModelsResponse,
    OPERATION,
    {"style": "page_number", "items": "Models"},
    ModelGalleryModel,
)
