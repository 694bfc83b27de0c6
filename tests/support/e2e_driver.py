"""Runs inside the fresh virtual environment that has the generated seed SDK installed.

``python driver.py SCENARIO ENDPOINT NONCE [JSON]`` prints one JSON object on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

from paimodelgallery_20250630 import (
    ApiError,
    AsyncClient,
    Client,
    ClientConfig,
    RetryPolicy,
    SdkError,
)
from paimodelgallery_20250630.models import (
    ListModelGalleryModelsRequest,
    ListModelGalleryModelsRequestConditions,
    ListModelGalleryModelsRequestTag,
)

AK_ID = "testAccessKeyId"
AK_SECRET = "testAccessKeySecret"


def options(endpoint: str, nonce: str, **extra: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "endpoint": endpoint,
        "protocol": "http",
        "access_key_id": AK_ID,
        "access_key_secret": AK_SECRET,
        "user_agent": "",
        "nonce_factory": lambda: nonce,
        "clock": lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        "retry": 0,
    }
    kwargs.update(extra)
    return kwargs


def kwargs_from(args: dict[str, Any]) -> dict[str, Any]:
    """Snake-case keyword arguments with model instances for Tag/Conditions."""
    fields = ListModelGalleryModelsRequest.model_fields
    by_alias = {info.alias: name for name, info in fields.items()}
    out: dict[str, Any] = {}
    for wire, value in args.items():
        if wire == "Tag":
            value = [ListModelGalleryModelsRequestTag(**v) for v in value]
        elif wire == "Conditions":
            value = [ListModelGalleryModelsRequestConditions(**v) for v in value]
        out[by_alias[wire]] = value
    return out


def describe(response: Any) -> dict[str, Any]:
    return {
        "type": type(response).__name__,
        "status": response.meta.status_code,
        "request_id": response.meta.request_id,
        "header": response.meta.headers.get("x-test"),
        "total_count": response.total_count,
        "models": [type(m).__name__ + ":" + str(m.model_name) for m in response.models or []],
        "dump": response.model_dump(by_alias=True, exclude_none=True),
    }


def error(exc: BaseException) -> dict[str, Any]:
    out: dict[str, Any] = {
        "error": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
    }
    if isinstance(exc, ApiError):
        out.update(code=exc.code, http_status=exc.http_status, request_id=exc.request_id)
    return out


def main() -> None:
    scenario, endpoint, nonce = sys.argv[1:4]
    data = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    result: dict[str, Any]
    if scenario == "kwargs":
        with Client(**options(endpoint, nonce)) as client:
            result = describe(client.list_model_gallery_models(**kwargs_from(data)))
    elif scenario == "request_model":
        request = ListModelGalleryModelsRequest.model_validate(data)  # wire names accepted
        with Client(**options(endpoint, nonce)) as client:
            result = describe(client.list_model_gallery_models(request=request))
    elif scenario == "async":

        async def run() -> dict[str, Any]:
            async with AsyncClient(**options(endpoint, nonce)) as client:
                return describe(await client.list_model_gallery_models(**kwargs_from(data)))

        result = asyncio.run(run())
    elif scenario == "error":
        try:
            with Client(**options(endpoint, nonce)) as client:
                client.list_model_gallery_models(page_size=1)
            result = {"error": None}
        except SdkError as exc:
            result = error(exc)
    elif scenario == "throttle":
        policy = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01)
        config = ClientConfig(sleep=lambda _s: None)
        with Client(**options(endpoint, nonce, retry=policy, config=config)) as client:
            result = describe(client.list_model_gallery_models(page_size=1))
    elif scenario in ("timeout", "refused"):
        started = time.monotonic()
        try:
            with Client(**options(endpoint, nonce, read_timeout=0.3, connect_timeout=0.5)) as c:
                c.list_model_gallery_models()
            result = {"error": None}
        except SdkError as exc:
            result = error(exc)
        result["elapsed"] = time.monotonic() - started
    elif scenario == "paginate":
        with Client(**options(endpoint, nonce)) as client:
            items = list(client.iter_list_model_gallery_models(page_size=2, order="DESC"))
        result = {"items": [type(i).__name__ + ":" + str(i.model_name) for i in items]}
    elif scenario == "apaginate":

        async def collect() -> list[str]:
            async with AsyncClient(**options(endpoint, nonce)) as client:
                it = client.iter_list_model_gallery_models(page_size=2, order="DESC")
                return [type(i).__name__ + ":" + str(i.model_name) async for i in it]

        result = {"items": asyncio.run(collect())}
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
