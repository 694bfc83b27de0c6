"""Region -> endpoint host, as the official product clients resolve it.

Order (official ``Client.get_endpoint``): explicit endpoint -> the product's endpoint map ->
the rule ``<product>[-<network>].<region>.aliyuncs.com`` (``regional``) or
``<product>[-<network>].aliyuncs.com`` (``central``/empty). The map wins even when a
``network`` is set, exactly as in alibabacloud-tea-openapi 0.4.x.
"""

from __future__ import annotations

from collections.abc import Mapping


class EndpointError(ValueError):
    """The endpoint cannot be determined (e.g. a regional product without a region)."""


def endpoint_from_rule(
    product_id: str, region_id: str | None, endpoint_rule: str | None, network: str | None = None
) -> str:
    """The official ``Utils.get_endpoint_rules`` (``suffix`` is ignored there as well)."""
    product = (product_id or "").lower()
    net = "" if not network or network == "public" else f"-{network}"
    if endpoint_rule == "regional":
        if not region_id:
            raise EndpointError("RegionId is empty, please set a valid RegionId")
        return f"{product}{net}.{region_id}.aliyuncs.com"
    return f"{product}{net}.aliyuncs.com"


def internal_endpoint(host: str) -> str:
    """``endpoint_type='internal'``: ``-internal`` appended to the first host label
    (official ``Utils.get_endpoint``; used by gateway products such as OSS)."""
    first, _, rest = host.partition(".")
    return f"{first}-internal.{rest}" if rest else f"{first}-internal"


def resolve_endpoint(
    product_id: str,
    region_id: str | None,
    *,
    endpoint: str | None = None,
    endpoint_rule: str | None = "regional",
    endpoint_map: Mapping[str, str] | None = None,
    network: str | None = None,
    endpoint_type: str | None = None,
) -> str:
    if endpoint:
        return endpoint
    mapped = (endpoint_map or {}).get(region_id or "")
    host = mapped or endpoint_from_rule(product_id, region_id, endpoint_rule, network)
    return internal_endpoint(host) if endpoint_type == "internal" else host
