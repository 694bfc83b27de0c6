"""Shared schemas (``components.schemas``) of PAIModelGallery 2025-06-30."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .._models import Model


class JobPlan(Model):
    job_plan_id: str | None = Field(default=None, alias="JobPlanId")
    gmt_create_time: str | None = Field(default=None, alias="GmtCreateTime")
    gmt_modified_time: str | None = Field(default=None, alias="GmtModifiedTime")
    workspace_id: str | None = Field(default=None, alias="WorkspaceId")
    user_id: str | None = Field(default=None, alias="UserId")
    owner_id: str | None = Field(default=None, alias="OwnerId")
    job_plan_type: str | None = Field(default=None, alias="JobPlanType")
    job_plan_name: str | None = Field(default=None, alias="JobPlanName")
    job_plan_current_step: str | None = Field(default=None, alias="JobPlanCurrentStep")
    job_plan_steps: list[JobPlanJobPlanSteps] | None = Field(default=None, alias="JobPlanSteps")
    tags: list[JobPlanTags] | None = Field(default=None, alias="Tags")


class JobPlanJobPlanSteps(Model):
    job_plan_step_id: str | None = Field(default=None, alias="JobPlanStepId")
    job_plan_step_spec: dict[str, Any] | None = Field(default=None, alias="JobPlanStepSpec")
    job_plan_step_type: str | None = Field(default=None, alias="JobPlanStepType")
    job_plan_step_name: str | None = Field(default=None, alias="JobPlanStepName")


class JobPlanTags(Model):
    value: str | None = Field(default=None, alias="Value")
    key: str | None = Field(default=None, alias="Key")


class ModelGalleryModel(Model):
    gmt_create_time: str | None = Field(default=None, alias="GmtCreateTime")
    gmt_modified_time: str | None = Field(default=None, alias="GmtModifiedTime")
    model_id: str | None = Field(default=None, alias="ModelId")
    model_name: str | None = Field(default=None, alias="ModelName")
    model_description: str | None = Field(default=None, alias="ModelDescription")
    latest_version_name: str | None = Field(default=None, alias="LatestVersionName")
    gmt_latest_version_modified: str | None = Field(default=None, alias="GmtLatestVersionModified")
    order_number: int | None = Field(default=None, alias="OrderNumber")
    origin: str | None = Field(default=None, alias="Origin")
    domain: str | None = Field(default=None, alias="Domain")
    task: str | None = Field(default=None, alias="Task")
    parameter_size: int | None = Field(default=None, alias="ParameterSize")
    model_doc: str | None = Field(default=None, alias="ModelDoc")
    model_type: str | None = Field(default=None, alias="ModelType")
    collection: str | None = Field(default=None, alias="Collection")
    search_words: str | None = Field(default=None, alias="SearchWords")
    model_series: str | None = Field(default=None, alias="ModelSeries")
    demonstrable: bool | None = Field(default=None, alias="Demonstrable")
    deployable: bool | None = Field(default=None, alias="Deployable")
    supported_inference_resources: str | None = Field(
        default=None, alias="SupportedInferenceResources"
    )
    trainable: bool | None = Field(default=None, alias="Trainable")
    supported_training_resources: str | None = Field(
        default=None, alias="SupportedTrainingResources"
    )
    evaluable: bool | None = Field(default=None, alias="Evaluable")
    supported_evaluation_resources: str | None = Field(
        default=None, alias="SupportedEvaluationResources"
    )
    compressible: bool | None = Field(default=None, alias="Compressible")
    supported_compression_resources: str | None = Field(
        default=None, alias="SupportedCompressionResources"
    )
    distillable: bool | None = Field(default=None, alias="Distillable")
    supported_distillation_resources: str | None = Field(
        default=None, alias="SupportedDistillationResources"
    )
    tags: ModelGalleryModelTags | None = Field(default=None, alias="Tags")
    deep_think: bool | None = Field(default=None, alias="DeepThink")
    function_call: bool | None = Field(default=None, alias="FunctionCall")
    extra_info: dict[str, Any] | None = Field(default=None, alias="ExtraInfo")
    supported_inference_methods: dict[str, Any] | None = Field(
        default=None, alias="SupportedInferenceMethods"
    )
    supported_training_methods: dict[str, Any] | None = Field(
        default=None, alias="SupportedTrainingMethods"
    )
    supported_evaluation_methods: dict[str, Any] | None = Field(
        default=None, alias="SupportedEvaluationMethods"
    )
    supported_compression_methods: dict[str, Any] | None = Field(
        default=None, alias="SupportedCompressionMethods"
    )
    supported_distillation_methods: dict[str, Any] | None = Field(
        default=None, alias="SupportedDistillationMethods"
    )


class ModelGalleryModelTags(Model):
    key: str | None = Field(default=None, alias="Key")
    value: str | None = Field(default=None, alias="Value")
