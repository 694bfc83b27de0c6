"""gen-sdk runtime: everything a generated Alibaba Cloud client needs on the wire.

Copied verbatim into every generated package as ``<package>/_runtime``; depends only on
the standard library, httpx and pydantic v2. Names are exported lazily: a submodule (and
httpx or pydantic behind it) is imported when one of its names is first used.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import (
        CORE_VERSION,
        RUNTIME_VERSION,
        ApiResponse,
        AsyncBaseClient,
        BaseClient,
        ClientConfig,
        DecodeError,
        default_user_agent,
    )
    from .credentials import (
        CLIProfileCredentialsProvider,
        Credential,
        CredentialsError,
        CredentialsProvider,
        DefaultCredentialsChain,
        EnvironmentCredentialsProvider,
        ProfileCredentialsProvider,
        StaticCredentialsProvider,
    )
    from .endpoints import EndpointError, resolve_endpoint
    from .errors import (
        ApiError,
        AuthError,
        ClientError,
        ConnectionError,
        InsecureTransportWarning,
        NotFoundError,
        RedirectError,
        ResponseTooLargeError,
        SdkError,
        ServerError,
        ThrottlingError,
        TimeoutError,
        TransportError,
    )
    from .operation import Operation, Param
    from .pagination import Pagination, apaginate, paginate
    from .request import ParameterError
    from .retry import RetryPolicy
    from .streaming import AsyncStreamedResponse, ServerSentEvent, StreamedResponse

_EXPORTS = {
    "ApiError": "errors",
    "ApiResponse": "client",
    "AsyncBaseClient": "client",
    "AsyncStreamedResponse": "streaming",
    "AuthError": "errors",
    "BaseClient": "client",
    "CLIProfileCredentialsProvider": "credentials",
    "CORE_VERSION": "client",
    "ClientConfig": "client",
    "ClientError": "errors",
    "ConnectionError": "errors",
    "Credential": "credentials",
    "CredentialsError": "credentials",
    "CredentialsProvider": "credentials",
    "DecodeError": "client",
    "DefaultCredentialsChain": "credentials",
    "EndpointError": "endpoints",
    "EnvironmentCredentialsProvider": "credentials",
    "InsecureTransportWarning": "errors",
    "NotFoundError": "errors",
    "Operation": "operation",
    "Pagination": "pagination",
    "Param": "operation",
    "ParameterError": "request",
    "ProfileCredentialsProvider": "credentials",
    "RUNTIME_VERSION": "client",
    "RedirectError": "errors",
    "ResponseTooLargeError": "errors",
    "RetryPolicy": "retry",
    "SdkError": "errors",
    "ServerError": "errors",
    "ServerSentEvent": "streaming",
    "StaticCredentialsProvider": "credentials",
    "StreamedResponse": "streaming",
    "ThrottlingError": "errors",
    "TimeoutError": "errors",
    "TransportError": "errors",
    "apaginate": "pagination",
    "default_user_agent": "client",
    "paginate": "pagination",
    "resolve_endpoint": "endpoints",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_EXPORTS)


__all__ = [
    "CORE_VERSION",
    "RUNTIME_VERSION",
    "ApiError",
    "ApiResponse",
    "AsyncBaseClient",
    "AsyncStreamedResponse",
    "AuthError",
    "BaseClient",
    "CLIProfileCredentialsProvider",
    "ClientConfig",
    "ClientError",
    "ConnectionError",
    "Credential",
    "CredentialsError",
    "CredentialsProvider",
    "DecodeError",
    "DefaultCredentialsChain",
    "EndpointError",
    "EnvironmentCredentialsProvider",
    "InsecureTransportWarning",
    "NotFoundError",
    "Operation",
    "Pagination",
    "Param",
    "ParameterError",
    "ProfileCredentialsProvider",
    "RedirectError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "SdkError",
    "ServerError",
    "ServerSentEvent",
    "StaticCredentialsProvider",
    "StreamedResponse",
    "ThrottlingError",
    "TimeoutError",
    "TransportError",
    "apaginate",
    "default_user_agent",
    "paginate",
    "resolve_endpoint",
]
