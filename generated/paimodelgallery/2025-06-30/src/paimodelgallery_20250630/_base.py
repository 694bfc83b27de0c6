"""The glue between the generated clients and ``_runtime``: every client option as a
keyword argument, and one call path per kind of API (plain, server-sent events, pages).

Light on purpose: importing it (and creating a client) loads neither httpx nor pydantic;
they come with the first call.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ._runtime.client import AsyncBaseClient, BaseClient, ClientConfig
from ._runtime.credentials import Credential, CredentialsProvider
from ._runtime.retry import RetryPolicy

if TYPE_CHECKING:
    import httpx

    from ._models import Api, Response
    from ._runtime.streaming import ServerSentEvent

R = TypeVar("R", bound="Response")


def _config(
    config: ClientConfig | None,
    retry: RetryPolicy | int | None,
    **options: Any,
) -> tuple[ClientConfig | None, dict[str, Any]]:
    overrides = {k: v for k, v in options.items() if v is not None}
    if isinstance(retry, int):
        overrides["retry"] = (
            RetryPolicy(max_attempts=retry) if retry > 0 else RetryPolicy.disabled()
        )
    elif retry is not None:
        overrides["retry"] = retry
    return config, overrides


class ClientBase(BaseClient):
    """Synchronous client base: every option of ``ClientConfig`` as a keyword argument."""

    def __init__(
        self,
        *,
        region_id: str | None = None,
        endpoint: str | None = None,
        credentials: CredentialsProvider | Credential | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        bearer_token: str | None = None,
        protocol: str | None = None,
        network: str | None = None,
        endpoint_type: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retry: RetryPolicy | int | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        nonce_factory: Callable[[], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        verify: bool | str | os.PathLike[str] | None = None,
        max_response_bytes: int | None = None,
        config: ClientConfig | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        base, overrides = _config(
            config,
            retry,
            region_id=region_id,
            endpoint=endpoint,
            credentials=credentials,
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            bearer_token=bearer_token,
            protocol=protocol,
            network=network,
            endpoint_type=endpoint_type,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            user_agent=user_agent,
            headers=headers,
            nonce_factory=nonce_factory,
            clock=clock,
            verify=verify,
            max_response_bytes=max_response_bytes,
        )
        super().__init__(base, transport=transport, http_client=http_client, **overrides)

    def __enter__(self) -> Self:
        return self

    def _call(self, api: Api[Any, R], values: Mapping[str, Any]) -> R:
        response = self.call(api.operation, api.args(values), headers=values.get("headers"))
        return api.build(response)

    def _sse(self, api: Api[Any, Any], values: Mapping[str, Any]) -> Iterator[ServerSentEvent]:
        return self.call_sse(api.operation, api.args(values), headers=values.get("headers"))

    def _events(self, api: Api[Any, R], values: Mapping[str, Any]) -> Iterator[R]:
        for event in self._sse(api, values):
            if event.data:
                yield api.event(event)

    def _paginate(self, api: Api[Any, Any], values: Mapping[str, Any]) -> Iterator[Any]:
        from ._runtime.pagination import paginate

        assert api.pagination is not None
        for item in paginate(self, api.operation, api.args(values), api.pagination):
            yield api.item(item)


class AsyncClientBase(AsyncBaseClient):
    """Asynchronous client base (httpx.AsyncClient); same options as :class:`ClientBase`."""

    def __init__(
        self,
        *,
        region_id: str | None = None,
        endpoint: str | None = None,
        credentials: CredentialsProvider | Credential | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        bearer_token: str | None = None,
        protocol: str | None = None,
        network: str | None = None,
        endpoint_type: str | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retry: RetryPolicy | int | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        nonce_factory: Callable[[], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        verify: bool | str | os.PathLike[str] | None = None,
        max_response_bytes: int | None = None,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        base, overrides = _config(
            config,
            retry,
            region_id=region_id,
            endpoint=endpoint,
            credentials=credentials,
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            bearer_token=bearer_token,
            protocol=protocol,
            network=network,
            endpoint_type=endpoint_type,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            user_agent=user_agent,
            headers=headers,
            nonce_factory=nonce_factory,
            clock=clock,
            verify=verify,
            max_response_bytes=max_response_bytes,
        )
        super().__init__(base, transport=transport, http_client=http_client, **overrides)

    async def __aenter__(self) -> Self:
        return self

    async def _call(self, api: Api[Any, R], values: Mapping[str, Any]) -> R:
        args = api.args(values)
        response = await self.call(api.operation, args, headers=values.get("headers"))
        return api.build(response)

    def _sse(self, api: Api[Any, Any], values: Mapping[str, Any]) -> AsyncIterator[ServerSentEvent]:
        return self.call_sse(api.operation, api.args(values), headers=values.get("headers"))

    async def _events(self, api: Api[Any, R], values: Mapping[str, Any]) -> AsyncIterator[R]:
        async for event in self._sse(api, values):
            if event.data:
                yield api.event(event)

    async def _paginate(self, api: Api[Any, Any], values: Mapping[str, Any]) -> AsyncIterator[Any]:
        from ._runtime.pagination import apaginate

        assert api.pagination is not None
        async for item in apaginate(self, api.operation, api.args(values), api.pagination):
            yield api.item(item)
