from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_SPEC = ROOT / "specs" / "paimodelgallery" / "2025-06-30" / "api-docs.php"

sys.path.insert(0, str(Path(__file__).resolve().parent))


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
