"""Shared schemas (``components.schemas``) of PAIModelGallery 2025-06-30."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .._models import Model


class JobPlan(Model):
    job_plan_id: str | None = Field(None, alias="JobPlanId")
    gmt_create_time: str | None = Field(None, alias="GmtCreateTime")
    gmt_modified_time: str | None = Field(None, alias="GmtModifiedTime")
    workspace_id: str | None = Field(None, alias="WorkspaceId")
    user_id: str | None = Field(None, alias="UserId")
    owner_id: str | None = Field(None, alias="OwnerId")
    job_plan_type: str | None = Field(None, alias="JobPlanType")
    job_plan_name: str | None = Field(None, alias="JobPlanName")
    job_plan_current_step: str | None = Field(None, alias="JobPlanCurrentStep")
    job_plan_steps: list[JobPlanJobPlanSteps] | None = Field(None, alias="JobPlanSteps")
    tags: list[JobPlanTags] | None = Field(None, alias="Tags")


class JobPlanJobPlanSteps(Model):
    job_plan_step_id: str | None = Field(None, alias="JobPlanStepId")
    job_plan_step_spec: dict[str, Any] | None = Field(None, alias="JobPlanStepSpec")
    job_plan_step_type: str | None = Field(None, alias="JobPlanStepType")
    job_plan_step_name: str | None = Field(None, alias="JobPlanStepName")


class JobPlanTags(Model):
    value: str | None = Field(None, alias="Value")
    key: str | None = Field(None, alias="Key")


class ModelGalleryModel(Model):
    gmt_create_time: str | None = Field(None, alias="GmtCreateTime")
    gmt_modified_time: str | None = Field(None, alias="GmtModifiedTime")
    model_id: str | None = Field(None, alias="ModelId")
    model_name: str | None = Field(None, alias="ModelName")
    model_description: str | None = Field(None, alias="ModelDescription")
    latest_version_name: str | None = Field(None, alias="LatestVersionName")
    gmt_latest_version_modified: str | None = Field(None, alias="GmtLatestVersionModified")
    order_number: int | None = Field(None, alias="OrderNumber")
    origin: str | None = Field(None, alias="Origin")
    domain: str | None = Field(None, alias="Domain")
    task: str | None = Field(None, alias="Task")
    parameter_size: int | None = Field(None, alias="ParameterSize")
    model_doc: str | None = Field(None, alias="ModelDoc")
    model_type: str | None = Field(None, alias="ModelType")
    collection: str | None = Field(None, alias="Collection")
    search_words: str | None = Field(None, alias="SearchWords")
    model_series: str | None = Field(None, alias="ModelSeries")
    demonstrable: bool | None = Field(None, alias="Demonstrable")
    deployable: bool | None = Field(None, alias="Deployable")
    supported_inference_resources: str | None = Field(None, alias="SupportedInferenceResources")
    trainable: bool | None = Field(None, alias="Trainable")
    supported_training_resources: str | None = Field(None, alias="SupportedTrainingResources")
    evaluable: bool | None = Field(None, alias="Evaluable")
    supported_evaluation_resources: str | None = Field(None, alias="SupportedEvaluationResources")
    compressible: bool | None = Field(None, alias="Compressible")
    supported_compression_resources: str | None = Field(None, alias="SupportedCompressionResources")
    distillable: bool | None = Field(None, alias="Distillable")
    supported_distillation_resources: str | None = Field(
        None, alias="SupportedDistillationResources"
    )
    tags: ModelGalleryModelTags | None = Field(None, alias="Tags")
    deep_think: bool | None = Field(None, alias="DeepThink")
    function_call: bool | None = Field(None, alias="FunctionCall")
    extra_info: dict[str, Any] | None = Field(None, alias="ExtraInfo")
    supported_inference_methods: dict[str, Any] | None = Field(
        None, alias="SupportedInferenceMethods"
    )
    supported_training_methods: dict[str, Any] | None = Field(
        None, alias="SupportedTrainingMethods"
    )
    supported_evaluation_methods: dict[str, Any] | None = Field(
        None, alias="SupportedEvaluationMethods"
    )
    supported_compression_methods: dict[str, Any] | None = Field(
        None, alias="SupportedCompressionMethods"
    )
    supported_distillation_methods: dict[str, Any] | None = Field(
        None, alias="SupportedDistillationMethods"
    )


class ModelGalleryModelTags(Model):
    key: str | None = Field(None, alias="Key")
    value: str | None = Field(None, alias="Value")
