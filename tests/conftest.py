from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# ``import support`` (the tests' shared helpers) and ``import _runtime`` (the Python runtime's
# sources, as every generated package carries them) work from any test directory.
sys.path[:0] = [
    str(Path(__file__).resolve().parent),
    str(Path(__file__).resolve().parent.parent / "templates" / "python" / "static"),
]

from support.paths import CORPUS  # noqa: E402


def corpus_specs() -> list[Path]:
    """Every ``<product>/<version>/api-docs.php`` in the shared corpus (may be empty)."""
    return sorted(CORPUS.glob("*/*/api-docs.php"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _private_output_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Generation in tests never reads or fills the user's cache (~/.cache/gen-sdk)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEN_SDK_CACHE_DIR", str(tmp_path_factory.mktemp("gen-sdk-cache")))
        yield
