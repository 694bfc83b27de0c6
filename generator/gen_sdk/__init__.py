"""gen-sdk: turn Alibaba Cloud OpenAPI metadata (api-docs) into SDKs.

The pipeline, one module per stage:

    text --phparray--> PHP value --ir--> Spec --target--> templates --> files
"""

__version__ = "0.1.0"
