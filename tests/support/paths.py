"""Where things are: the repository, the shared corpus, the runtime's sources."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
SEED_SPEC = SPECS / "paimodelgallery" / "2025-06-30" / "api-docs.php"
SEED = GENERATED / "paimodelgallery" / "2025-06-30"
#: The Python runtime's sources: ``import _runtime`` finds it here (the root conftest puts
#: it on ``sys.path``).
STATIC = ROOT / "templates" / "python" / "static"
#: Five real weekly updates of the corpus specs (``<date>/<product>/<version>/before.json``
#: and ``after.json``).
UPDATES = ROOT.parent / "shared" / "updates"
