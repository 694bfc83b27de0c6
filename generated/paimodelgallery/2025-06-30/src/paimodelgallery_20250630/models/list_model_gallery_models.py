"""Models of ``ListModelGalleryModels``."""

from __future__ import annotations

from pydantic import Field

from .._base import Api, RequestModel, Response
from ._components import ModelGalleryModel


class ListModelGalleryModelsRequest(RequestModel):
    """Request of ``ListModelGalleryModels``."""

    collections: str | None = Field(None, alias="Collections")
    """模型所在集合。ModelGallery的模型所在集合为QuickStart。"""
    compressible: bool | None = Field(None, alias="Compressible")
    """是否支持压缩。"""
    conditions: list[ListModelGalleryModelsRequestConditions] | None = Field(
        None, alias="Conditions"
    )
    """条件列表。"""
    deep_think: bool | None = Field(None, alias="DeepThink")
    """是否支持深度思考。"""
    demonstrable: bool | None = Field(None, alias="Demonstrable")
    """是否支持在线体验。"""
    deployable: bool | None = Field(None, alias="Deployable")
    """是否支持部署。"""
    distillable: bool | None = Field(None, alias="Distillable")
    """是否支持蒸馏。"""
    domain: str | None = Field(None, alias="Domain")
    """配置领域来过滤该领域内的模型列表。例如:aigc(生成式AI),nlp(自然语言处理)、cv(计算机视觉)等。"""
    evaluable: bool | None = Field(None, alias="Evaluable")
    """是否支持评测。"""
    function_call: bool | None = Field(None, alias="FunctionCall")
    """是否支持FunctionCall。"""
    model_name: str | None = Field(None, alias="ModelName")
    """配置模型名称,默认模糊匹配获取的模型列表。使用双引号为精确匹配,如"DeepSeek-V3.2",则会精确匹配模型DeepSeek-V3.2。"""
    model_series: str | None = Field(None, alias="ModelSeries")
    """模型系列。
    PAI Optimized Model,Qwen,Wan-AI,GLM,Baichuan,DeepSeek,Kimi,MiniMax,Yi,InternLM,InternVL,OpenAI,NVIDIA,Gemma,Phi,dots_vlm,Llama,Mistral,Stable Diffusion,FLUX,Byte Dance,StepFun AI,ERNIE Bot,Tencent Hunyuan,YOLO等。
    """
    model_type: str | None = Field(None, alias="ModelType")
    """模型类型。"""
    order: str | None = Field(None, alias="Order")
    """分页查询时,对指定的排序字段进行升序或降序。默认ASC。

    ASC:升序。
    DESC:降序。
    """
    origin: str | None = Field(None, alias="Origin")
    """配置模型源,来过滤属于该社区或组织的模型列表。例如ModelScope,PAI,NIM等。"""
    page_number: int | None = Field(None, alias="PageNumber")
    """模型列表的页码。起始值为1,默认为1。"""
    page_size: int | None = Field(None, alias="PageSize")
    """分页查询时设置的每页显示的模型数量,默认为10。"""
    query: str | None = Field(None, alias="Query")
    """配置查询条件。ModelName、Domain、Task等多字段模糊匹配。"""
    sort_by: str | None = Field(None, alias="SortBy")
    """分页查询时的排序字段。目前使用GmtCreateTime字段用于排序。支持:

    - GmtCreateTime 模型创建时间

    - GmtLatestVersionModified 模型最新版本更新时间

    - OrderNumber 序号
    """
    supported_compression_resource: str | None = Field(None, alias="SupportedCompressionResource")
    """支持的压缩资源。CPU,GPU,GP7V等。如GP7V,则筛选压缩支持GP7V资源的模型。"""
    supported_distillation_resource: str | None = Field(None, alias="SupportedDistillationResource")
    """支持的蒸馏资源。CPU,GPU,GP7V等。如GP7V,则筛选蒸馏支持GP7V资源的模型。"""
    supported_evaluation_resource: str | None = Field(None, alias="SupportedEvaluationResource")
    """支持的评测资源。CPU,GPU,GP7V等。如GP7V时,则筛选支持GP7V资源的模型。"""
    supported_inference_resource: str | None = Field(None, alias="SupportedInferenceResource")
    """支持的部署资源。CPU,GPU,GP7V等。如GP7V,则筛选部署支持GP7V资源的模型。"""
    supported_training_resource: str | None = Field(None, alias="SupportedTrainingResource")
    """支持的训练资源。CPU,GPU,GP7V等。如GP7V,则筛选训练支持GP7V资源的模型。"""
    tag: list[ListModelGalleryModelsRequestTag] | None = Field(None, alias="Tag")
    """标签列表。"""
    task: str | None = Field(None, alias="Task")
    """任务。例如: large-language-model(大语言模型),image-classification(图片分类),embedding等。"""
    trainable: bool | None = Field(None, alias="Trainable")
    """是否支持训练。"""


class ListModelGalleryModelsRequestTag(RequestModel):
    """标签。"""

    key: str | None = Field(None, alias="Key")
    """标签键。"""
    value: str | None = Field(None, alias="Value")
    """标签值。"""


class ListModelGalleryModelsRequestConditions(RequestModel):
    """条件。"""

    column: str | None = Field(None, alias="Column")
    """参数名。支持ParameterSize,单位M。"""
    operator: str | None = Field(None, alias="Operator")
    """操作符。如:LessThan。

    Values: ``LessThan``, ``LessThanOrEqualTo``, ``GreaterThan``, ``NotEqualTo``, ``EqualTo``, ``GreaterThanOrEqualTo``.
    """
    value: str | None = Field(None, alias="Value")
    """值,如Column为ParameterSize时,输入为整数,单位M。"""


class ListModelGalleryModelsResponse(Response):
    """Response of ``ListModelGalleryModels``.

    获取ModelGallery模型列表
    """

    request_id: str | None = Field(None, alias="RequestId")
    """Id of the request"""
    total_count: str | None = Field(None, alias="TotalCount")
    """总数量"""
    models: list[ModelGalleryModel] | None = Field(None, alias="Models")
    """模型列表。"""


API = Api("ListModelGalleryModels", ListModelGalleryModelsRequest, ListModelGalleryModelsResponse)
ItemType = ModelGalleryModel
