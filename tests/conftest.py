from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "unclassified_diagnostics: the test makes diagnostics without a kind on purpose",
    )


@pytest.fixture(autouse=True)
def _every_diagnostic_has_a_kind(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every diagnostic made in this process during a test (by the tests' synthetic specs as
    much as by the corpus) has a kind listed in ``gen_sdk.diagnostics.KINDS``: a warning
    summary never counts one as "unclassified"."""
    from gen_sdk.diagnostics import KINDS, Diagnostic

    if request.node.get_closest_marker("unclassified_diagnostics"):
        yield
        return
    made: list[Diagnostic] = []
    original = Diagnostic.__init__

    def record(self: Diagnostic, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Diagnostic, "__init__", record)
    yield
    unknown = [d for d in made if d.kind not in KINDS]
    assert not unknown, "diagnostics without a kind from gen_sdk.diagnostics.KINDS:\n" + "\n".join(
        f"  kind={d.kind!r}: {d}" for d in unknown[:10]
    )
