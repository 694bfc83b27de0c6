"""The Python target: naming policy (:mod:`.naming`), type mapping (:mod:`.types`), views
(:mod:`.views`) and layout (:mod:`.pycode`) of ``templates/python``, over the SDK model.

Output package (one per spec), for product ``PAIModelGallery`` version ``2025-06-30``:

* directory ``<out>/paimodelgallery/2025-06-30/`` (``src`` layout);
* import package ``paimodelgallery_20250630`` (``<product>_<version digits>``, lower case),
  which does not clash with the official ``alibabacloud_paimodelgallery20250630``;
* distribution ``gen-sdk-paimodelgallery-20250630``.

Modules: ``client`` (``Client``/``AsyncClient``, one method per operation), ``_operations``
(plain-data tables: endpoints), ``models`` (lazy exports; one module per operation with its
request/response models, its keyword-argument type and its ``OPERATION`` table;
``_components`` with the spec's component schemas), ``_base``/``_models`` (the glue to the
runtime) and the runtime as ``_runtime``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...diagnostics import Diagnostic
from ...sdk import Names, Package, assign_names
from .. import Plan
from .naming import POLICY, checked, ident
from .planning import RUNTIME_SOURCE, OperationSummary, PythonPlanner
from .pycode import (
    LAYOUT_UNSURE,
    LINE_LENGTH,
    annotated,
    comment,
    compact_docstring,
    doc_text,
    docstring,
    py_literal,
    py_str,
)
from .views import OperationView, ParamView

if TYPE_CHECKING:
    from ...config import SpecConfig


class PythonTarget:
    name = "python"
    formatter = "black"
    summary_types = (OperationSummary, OperationView, ParamView)

    def names(self, package: Package) -> Names:
        return assign_names(package, POLICY)

    def plan(
        self,
        package: Package,
        diagnostics: list[Diagnostic],
        source: str | None = None,
        config: SpecConfig | None = None,
    ) -> Plan:
        planner = self.planner(package, self.naming(package), diagnostics, source, config)
        parts = [planner.operation(operation) for operation in package.operations]
        plan = planner.finish([part.summary for part in parts])
        return replace(plan, jobs=[*plan.jobs, *(job for part in parts for job in part.jobs)])

    def naming(self, package: Package) -> Names:
        """The package's names, each checked to be an identifier (printed as code)."""
        return checked(assign_names(package, POLICY))

    def planner(
        self,
        package: Package,
        names: Names,
        diagnostics: list[Diagnostic],
        source: str | None = None,
        config: SpecConfig | None = None,
    ) -> PythonPlanner:
        return PythonPlanner(package, names, diagnostics, source, config)

    def check_layout(self, output: str, text: str) -> tuple[str, bool]:
        """The templates and layout helpers emit black's layout, except where a helper could
        not make a line fit (it marks it :data:`LAYOUT_UNSURE`): only such a file needs
        black. The text comes back without the marks."""
        if LAYOUT_UNSURE not in text:
            return text, False
        return text.replace(LAYOUT_UNSURE, ""), output.endswith(".py")

    def format(self, output: str, text: str) -> str:
        if not output.endswith(".py"):
            return text
        import black

        mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})
        return black.format_str(text, mode=mode)

    def filters(self) -> Mapping[str, Callable[..., Any]]:
        return {
            "py": py_literal,
            "pystr": py_str,
            "docstring": docstring,
            "doc": compact_docstring,
            "annotated": lambda p: annotated(p.name, p.typed_dict_annotation),
            "doctext": doc_text,
            "comment": comment,
            "ident": ident,
        }


__all__ = ["RUNTIME_SOURCE", "PythonTarget"]
