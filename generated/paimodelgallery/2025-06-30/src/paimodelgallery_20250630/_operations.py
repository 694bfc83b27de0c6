"""PAIModelGallery 2025-06-30: product, version and endpoints, as plain data.

Each API's own description (method, path, style, body types and parameters: wire name,
location, style) is ``OPERATION`` in its module ``models.<api>``, loaded with it.
"""

PRODUCT = "PAIModelGallery"
VERSION = "2025-06-30"
ENDPOINT_RULE = "regional"
"""For regions missing from ``ENDPOINTS``: ``regional`` gives ``<product>.<region>.aliyuncs.com``,
``central`` gives ``<product>.aliyuncs.com``."""
ENDPOINTS: dict[str, str] = {
    "cn-beijing": "paimodelgallery.cn-beijing.aliyuncs.com",
    "cn-hangzhou": "paimodelgallery.cn-hangzhou.aliyuncs.com",
    "cn-shanghai": "paimodelgallery.cn-shanghai.aliyuncs.com",
    "cn-shenzhen": "paimodelgallery.cn-shenzhen.aliyuncs.com",
    "cn-guangzhou": "paimodelgallery.cn-guangzhou.aliyuncs.com",
    "cn-hongkong": "paimodelgallery.cn-hongkong.aliyuncs.com",
    "cn-wulanchabu": "paimodelgallery.cn-wulanchabu.aliyuncs.com",
    "ap-northeast-1": "paimodelgallery.ap-northeast-1.aliyuncs.com",
    "ap-northeast-2": "paimodelgallery.ap-northeast-2.aliyuncs.com",
    "ap-southeast-1": "paimodelgallery.ap-southeast-1.aliyuncs.com",
    "ap-southeast-3": "paimodelgallery.ap-southeast-3.aliyuncs.com",
    "ap-southeast-5": "paimodelgallery.ap-southeast-5.aliyuncs.com",
    "us-east-1": "paimodelgallery.us-east-1.aliyuncs.com",
    "us-west-1": "paimodelgallery.us-west-1.aliyuncs.com",
    "eu-central-1": "paimodelgallery.eu-central-1.aliyuncs.com",
}
"""Region id -> endpoint host, from the spec."""
