"""The operation description: plain, JSON-like data that generated clients emit per API.

A generated operation method does nothing but call ``client.call(OPERATION, args)`` where
``OPERATION`` is a literal :class:`Operation` dict and ``args`` maps *wire names* (the
``name`` of each :class:`Param`) to values. Values are plain Python data (``str``, ``int``,
``float``, ``bool``, ``bytes``, ``list``, ``dict``) or pydantic models, which are converted
with their field aliases (wire names). ``None`` means "not set" and is never sent.

Example (ECS ``DescribeInstances``, abridged)::

    {
        "product": "Ecs", "version": "2014-05-26", "action": "DescribeInstances",
        "style": "RPC", "method": "POST", "path": "/", "auth": "AK",
        "req_body_type": "formData", "resp_body_type": "json", "idempotent": True,
        "params": [
            {"name": "RegionId", "location": "query", "required": True},
            {"name": "Tag", "location": "query", "style": "repeatList"},
        ],
    }
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

Location = Literal["query", "path", "body", "formData", "header", "host"]
"""Where a parameter travels (the metadata's ``in``)."""

ParamStyle = Literal["json", "flat", "repeatList", "simple", "spaceDelimited", "pipeDelimited"]
"""How a list/object value is serialised in query/formData (the metadata's ``style``).

``json`` -> compact JSON string; ``simple``/``spaceDelimited``/``pipeDelimited`` -> the list
joined with ``,``/`` ``/``|``; ``flat``/``repeatList``/absent -> flattened ``Name.1.Sub``.
"""

ParamKind = Literal["field", "object", "array", "binary", "raw"]
"""How an ``in: body`` parameter becomes the request body (ignored elsewhere).

* ``field`` (default): ``body[name] = value`` (formData params, individual body fields);
* ``object``: the parameter *is* the body object, its properties become top-level keys;
* ``array``: the parameter *is* the body, a JSON array (``[]`` when unset, as official);
* ``binary``: raw bytes / file-like, sent as ``application/octet-stream``;
* ``raw``: a string sent verbatim (with the JSON content type, as the official SDK does).
"""

Style = Literal["RPC", "ROA", "PDS"]
"""``PDS``: ROA requests signed by the PDS gateway's rules (``pds.py``)."""
AuthType = Literal["AK", "Anonymous", "BearerToken"]
ReqBodyType = Literal["json", "formData", "byte", "binary", "none"]
"""``json``/``formData``: encoding of a dict body; ``byte``: raw bytes without content type;
``binary``: raw bytes as ``application/octet-stream``; ``none``: the API has no body."""

RespBodyType = Literal["json", "array", "string", "byte", "binary", "none", "sse"]
"""``json``/``array`` -> parsed JSON; ``string`` -> text; ``byte``/``binary`` -> bytes;
``none`` -> text (may be empty); ``sse`` -> server-sent events (use ``call_sse``)."""


class Param(TypedDict):
    name: str
    """Wire name, e.g. ``RegionId``, ``Filter.1.Key``, ``x-acs-foo``, ``body``."""
    location: Location
    style: NotRequired[ParamStyle | None]
    kind: NotRequired[ParamKind]
    required: NotRequired[bool]
    """Informative, except for ``path`` params (a call without them cannot be formed).
    The official SDKs do not validate required parameters client-side either."""


class Operation(TypedDict):
    product: str
    """Product code as in metadata ``info.product`` (e.g. ``Ecs``)."""
    version: str
    action: str
    style: Style
    method: str
    """Upper-case HTTP method (the generator applies the official rule: ``gen_sdk.sdk``)."""
    path: str
    """``/`` for RPC; the ROA pattern with ``{Name}`` placeholders for path params."""
    auth: AuthType
    req_body_type: ReqBodyType
    resp_body_type: RespBodyType
    params: Sequence[Param]
    idempotent: NotRequired[bool]
    """Safe to retry after the server may have seen it (reads). Default: GET/HEAD/OPTIONS."""
    client_token: NotRequired[str]
    """Wire name of the idempotency-token parameter; default: a param named ``ClientToken``."""
    path_param: NotRequired[str]
    """The wire name of the path parameter whose value is the whole request path (V3 APIs
    such as Cloud Control's ``requestPath``); the ``path`` template is then not used."""
    body_declares_code: NotRequired[bool]
    """True when the declared success response has a ``Code``/``code`` property: such a body
    is then never taken for an error envelope. Absent/False: a 2xx JSON body made only of
    error-envelope keys (``Code``, ``Message``, ``RequestId``, ``HostId``, ``Recommend``,
    ``AccessDeniedDetail``, either case) with a non-empty code and a message is an error."""
