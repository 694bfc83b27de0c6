"""Helpers shared by the runtime tests: operation descriptions built from metadata, the
official SDK set up against the capture server, and request comparison."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from _runtime import BaseClient, ClientConfig, RetryPolicy, signing
from _runtime.client import RUNTIME_VERSION
from _runtime.operation import Operation, Param

from gen_sdk.ir import build_spec
from gen_sdk.sdk import Package, build_package, operation_table
from gen_sdk.specfile import load_spec
from support.capture import AK_ID, AK_SECRET, FIXED_DATE, Captured

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PAI_PHP = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"
# The official client gets this as Config.user_agent; ours appends the same token itself.
UA_TOKEN = f"gen-sdk-runtime/{RUNTIME_VERSION}"
TRANSPORT_HEADERS = {"accept-encoding", "connection", "content-length"}


@cache
def _package(product: str, version: str) -> Package:
    path = CORPUS / product / version / "api-docs.json"
    if not path.is_file():
        pytest.skip(f"corpus metadata {path} not available")
    spec, _ = build_spec(load_spec(path), source=str(path))
    package = build_package(spec, [])
    assert package is not None
    return package


def op_from_corpus(product: str, version: str, action: str) -> Operation:
    """The operation table the generator makes for ``action`` (the SDK model's)."""
    package = _package(product, version)
    return cast(Operation, operation_table(package, package.operation(action)))


_PHP_PARAM = re.compile(
    r"\[ 'name' => '(?P<name>[\w.]+)', 'in' => '(?P<in>\w+)', (?:'style' => '(?P<style>\w+)', )?"
)


def pai_list_models_op() -> Operation:
    """paimodelgallery ListModelGalleryModels, parameters read from the PHP spec text."""
    text = PAI_PHP.read_text(encoding="utf-8")
    params: list[Param] = []
    for m in _PHP_PARAM.finditer(text):
        param: Param = {"name": m["name"], "location": m["in"]}  # type: ignore[typeddict-item]
        if m["style"]:
            param["style"] = m["style"]  # type: ignore[typeddict-item]
        params.append(param)
    assert len(params) == 27, [p["name"] for p in params]
    return {
        "product": "PAIModelGallery",
        "version": "2025-06-30",
        "action": "ListModelGalleryModels",
        "style": "ROA",
        "method": "GET",
        "path": "/api/v1/modelgallery/models",
        "auth": "AK",
        "req_body_type": "json",
        "resp_body_type": "json",
        "params": params,
    }


def our_client(endpoint: str, nonce: str, **overrides: Any) -> BaseClient:
    """Our client with the fixed date/nonce the official SDK is patched to use."""
    from datetime import UTC, datetime

    kwargs: dict[str, Any] = {
        "endpoint": endpoint,
        "protocol": "http",
        "access_key_id": AK_ID,
        "access_key_secret": AK_SECRET,
        "user_agent": "",
        "nonce_factory": lambda: nonce,
        "clock": lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        "retry": RetryPolicy.disabled(),
    }
    kwargs.update(overrides)
    return BaseClient(ClientConfig(), **kwargs)


@contextmanager
def official_fixed(monkeypatch: pytest.MonkeyPatch, nonce: str) -> Iterator[None]:
    """Patch what the official client uses for x-acs-date and x-acs-signature-nonce."""
    utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
    monkeypatch.setattr(utils.Utils, "get_timestamp", staticmethod(lambda: FIXED_DATE))
    monkeypatch.setattr(utils.Utils, "get_nonce", staticmethod(lambda: nonce))
    yield


def official_config(endpoint: str, **extra: Any) -> Any:
    models = pytest.importorskip("alibabacloud_tea_openapi.utils_models")
    kwargs: dict[str, Any] = {
        "access_key_id": AK_ID,
        "access_key_secret": AK_SECRET,
        "endpoint": endpoint,
        "protocol": "http",
        "user_agent": UA_TOKEN,
    }
    kwargs.update(extra)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    return models.Config(**kwargs)


def runtime_options() -> Any:
    runtime = pytest.importorskip("darabonba.runtime")
    return runtime.RuntimeOptions()


def _pairs(raw_query: str) -> list[str]:
    return sorted(raw_query.split("&")) if raw_query else []


def assert_same_request(official: Captured, ours: Captured, secret: str = AK_SECRET) -> None:
    """Method, path, query (decoded and per-pair encoding), every signed header,
    content-type, authorization and body must be identical; both signatures verify."""
    assert ours.method == official.method
    assert ours.path == official.path
    assert ours.query() == official.query(), (ours.raw_query, official.raw_query)
    assert _pairs(ours.raw_query) == _pairs(official.raw_query)
    theirs = {k: v for k, v in official.header_map().items() if k not in TRANSPORT_HEADERS}
    mine = {k: v for k, v in ours.header_map().items() if k not in TRANSPORT_HEADERS}
    assert ours.body == official.body, (ours.body, official.body)
    diff = {k: (mine.get(k), theirs.get(k)) for k in mine.keys() | theirs.keys()}
    assert mine == theirs, {k: v for k, v in diff.items() if v[0] != v[1]}
    for captured in (official, ours):
        if "authorization" in captured.header_map():
            assert signing.verify(
                captured.method,
                captured.path,
                captured.query(),
                captured.header_map(),
                secret,
            )


def official_model(cls: Any, data: dict[str, Any]) -> Any:
    """``cls().from_map(data)`` minus a ``from_map`` artefact: it turns every unset
    list-of-models field into ``[]``, which the generated code would then send; a model
    built with keyword arguments (as users do) leaves them ``None``. Attribute names equal
    wire names for the snake_case cs models this is used with."""
    model = cls().from_map(data)
    _unset_empty_lists(model, data)
    return model


def _unset_empty_lists(model: Any, data: Any) -> None:
    data = data if isinstance(data, dict) else {}
    for attr, value in list(vars(model).items()):
        if value == [] and attr not in data:
            setattr(model, attr, None)
        elif isinstance(value, list):
            for item, raw in zip(value, data.get(attr) or [], strict=False):
                if hasattr(item, "to_map"):
                    _unset_empty_lists(item, raw)
        elif hasattr(value, "to_map"):
            _unset_empty_lists(value, data.get(attr))


# Every parameter of the seed's ListModelGalleryModels, with text that needs encoding.
PAI_ARGS: dict[str, Any] = {
    "PageNumber": 2,
    "PageSize": 50,
    "Order": "DESC",
    "SortBy": "GmtCreateTime",
    "ModelName": '"DeepSeek-V3.2" 模型*~',
    "Domain": "aigc",
    "Task": "large-language-model",
    "Origin": "ModelScope",
    "ModelType": "Endpoint",
    "Collections": "QuickStart",
    "ModelSeries": "Qwen",
    "Demonstrable": True,
    "Deployable": False,
    "SupportedInferenceResource": "GP7V",
    "Trainable": True,
    "SupportedTrainingResource": "GPU",
    "Evaluable": False,
    "SupportedEvaluationResource": "CPU",
    "Compressible": True,
    "SupportedCompressionResource": "GP7V",
    "Distillable": False,
    "SupportedDistillationResource": "GPU",
    "DeepThink": True,
    "FunctionCall": False,
    "Tag": [{"Key": "k 1", "Value": "v/é"}, {"Key": "k2", "Value": ""}],
    "Conditions": [{"Column": "ParameterSize", "Operator": "LessThan", "Value": "1024"}],
    "Query": "Qwen & co+",
}
