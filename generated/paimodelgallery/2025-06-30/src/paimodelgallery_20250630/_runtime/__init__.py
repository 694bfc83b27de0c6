"""gen-sdk runtime: everything a generated Alibaba Cloud client needs on the wire.

Copied verbatim into every generated package as ``<package>/_runtime``; depends only on
the standard library, httpx and pydantic v2.
"""

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
    NotFoundError,
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
    "NotFoundError",
    "Operation",
    "Pagination",
    "Param",
    "ParameterError",
    "ProfileCredentialsProvider",
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
