"""Finding the spec files named on the command line.

Public API::

    find_specs(inputs, *, only=(), exclude=()) -> list[SpecSource]
    SpecSource(path, product, version, shadowed=())   # frozen; .key == "product/version"
    key_matches(pattern, product, version) -> bool    # the ``only`` / override glob rule
    DiscoveryError                                    # a ValueError

Each input is a spec file or a directory tree.

**Which files are specs.** A file named as an input is a spec, whatever its name. In a tree,
the specs are the ``*.php`` / ``*.json`` files (suffix case-insensitive), except that a tree
holding any ``api-docs.php`` / ``api-docs.json`` is in the *layout* (below) and then only
those files count (other JSON/PHP files there are fixtures, package.json...). Hidden files
and directories (``.name``), symlinked directories (not followed: no cycles), the ``exclude``
directories (the output directory) and any directory holding a generated package (a
``.gen-sdk-manifest.json``) are skipped.

**Product and version.**

* Layout: a file named ``api-docs.php`` / ``api-docs.json`` takes ``product`` and
  ``version`` from the two directories holding it, ``<product>/<version>/api-docs.php``,
  whether it was found in a tree or named directly.
* Elsewhere, from the file's path relative to the input (for a file named directly, its
  name), suffix dropped: ``<product>/<version>.php`` for a path of two or more parts (the
  last two are used: ``more/ecs/2014-05-26.json`` is ``ecs``, ``2014-05-26``), and
  ``<product>.php`` with an empty version for a bare file name.

``product`` keeps the directory's spelling; ``key`` is ``product/version`` (just ``product``
when the version is empty).

**Both forms.** When ``X.php`` and ``X.json`` sit side by side (the same product/version),
the ``.php`` is used (the user's form, and what Alibaba's tooling writes) and the JSON is
listed in :attr:`SpecSource.shadowed`, so the caller can say so.

**Filtering.** ``only`` takes globs (:mod:`fnmatch`): ``ecs``, ``pai*``, ``ecs/2014-*``,
``*/2025-*``. A glob without ``/`` matches the product; with ``/`` it matches
``product/version``. The product part is case-insensitive, the version part is not.

**Errors** (:class:`DiscoveryError`), because in CI a typo must not turn into "generated
nothing, exit 0": an input that does not exist or holds no spec, an ``only`` glob that
matches no spec, and two different files with the same product/version (they would write
the same package). A caller that passes ``unmatched`` (a list) is told the globs that match
nothing instead, as long as another one matches: ``--only 'ecs' --only 'pai*'`` over a
tree without ECS generates the ``pai*`` specs (and the CLI warns about ``ecs``).

The result is sorted by (product case-folded, version, path), each file once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

#: Suffixes of spec files (compared in lower case).
SPEC_SUFFIXES = (".php", ".json")
#: The file name of the layout, without suffix.
LAYOUT_STEM = "api-docs"
#: A directory holding this file is a generated package (see :mod:`gen_sdk.output`).
MANIFEST_NAME = ".gen-sdk-manifest.json"


class DiscoveryError(ValueError):
    """An input or an ``only`` glob that finds nothing, or two specs for one package."""


@dataclass(frozen=True, slots=True)
class SpecSource:
    """One spec file and the product/version it is for."""

    path: Path
    #: As spelled by the directory or file name (not case-folded).
    product: str
    version: str
    #: Other files for the same product/version that lost to ``path`` (a JSON beside PHP).
    shadowed: tuple[Path, ...] = ()
    #: ``product/version``, or ``product`` when the version is empty.
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", spec_key(self.product, self.version))


def spec_key(product: str, version: str) -> str:
    return f"{product}/{version}" if version else product


def key_matches(pattern: str, product: str, version: str) -> bool:
    """Whether a glob (``product`` or ``product/version``) selects this spec."""
    product_pattern, slash, version_pattern = pattern.partition("/")
    if not fnmatchcase(product.casefold(), product_pattern.casefold()):
        return False
    return not slash or fnmatchcase(version, version_pattern)


def _is_spec_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SPEC_SUFFIXES


def _is_layout_name(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    return stem.lower() == LAYOUT_STEM and suffix.lower() in SPEC_SUFFIXES


def _real(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _layout_names(path: Path) -> tuple[str, str] | None:
    """``(product, version)`` from ``<product>/<version>/api-docs.*``, if there are two
    directories above (``..`` and ``.`` resolved, so ``./api-docs.php`` works too)."""
    parents = Path(os.path.abspath(path)).parents
    if len(parents) < 3:  # the last parent is the root, which has no name
        return None
    return parents[1].name, parents[0].name


def _names(path: Path, relative: Sequence[str]) -> tuple[str, str]:
    if _is_layout_name(path.name):
        names = _layout_names(path)
        if names is not None:
            return names
    parts = [*relative[:-1], os.path.splitext(relative[-1])[0]]
    if len(parts) >= 2:
        return parts[-2], parts[-1]
    return parts[-1], ""


def _walk(root: Path, excluded: set[str]) -> list[tuple[Path, list[str]]]:
    """Spec-suffixed files under ``root`` with their relative path parts, sorted."""
    found: list[tuple[Path, list[str]]] = []
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        if MANIFEST_NAME in filenames or _real(here) in excluded:
            dirnames[:] = []
            continue
        # os.walk descends into what stays in ``dirnames``: prune in place, sorted for order.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        relative = here.relative_to(root).parts
        for name in sorted(filenames):
            # Not only regular files: a FIFO or a link to a device named like a spec is
            # reported when it is read ("not a regular file"), never skipped in silence.
            if _is_spec_name(name) and not (here / name).is_dir():
                found.append((here / name, [*relative, name]))
    return found


def _candidates(root: Path, excluded: set[str]) -> list[SpecSource]:
    files = _walk(root, excluded)
    if any(_is_layout_name(path.name) for path, _ in files):
        files = [(path, parts) for path, parts in files if _is_layout_name(path.name)]
    return [SpecSource(path, *_names(path, parts)) for path, parts in files]


def _merge(candidates: Iterable[SpecSource]) -> list[SpecSource]:
    """One source per product/version: PHP over JSON in the same directory, else an error."""
    groups: dict[tuple[str, str], list[SpecSource]] = {}
    seen: set[str] = set()
    for source in candidates:
        real = _real(source.path)
        if real in seen:  # the same file through two inputs
            continue
        seen.add(real)
        groups.setdefault((source.product.casefold(), source.version), []).append(source)
    merged: list[SpecSource] = []
    for group in groups.values():
        # PHP first, then by path: the winner is deterministic.
        group.sort(key=lambda s: (s.path.suffix.lower() != ".php", str(s.path)))
        winner, rest = group[0], group[1:]
        stem = _real(winner.path.with_suffix(""))
        clashing = [s for s in rest if _real(s.path.with_suffix("")) != stem]
        if clashing:
            paths = ", ".join(str(s.path) for s in [winner, *clashing])
            raise DiscoveryError(f"several specs for {winner.key}: {paths}")
        merged.append(
            SpecSource(winner.path, winner.product, winner.version, tuple(s.path for s in rest))
        )
    return merged


def find_specs(
    inputs: Sequence[Path],
    *,
    only: Sequence[str] = (),
    exclude: Sequence[Path] = (),
    unmatched: list[str] | None = None,
) -> list[SpecSource]:
    """The specs named by ``inputs`` (files or trees), filtered by ``only`` globs.

    ``exclude``: directories never searched (pass the output directory: it may sit inside
    an input). ``unmatched``: where the ``only`` globs that match no spec go, when others
    match (else, and without it, they are an error). See the module docstring for the rules.
    """
    excluded = {_real(path) for path in exclude}
    candidates: list[SpecSource] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = _candidates(path, excluded)
            if not found:
                raise DiscoveryError(f"{path}: no spec files (*.php, *.json) found")
            candidates.extend(found)
        elif os.path.exists(path):  # a file, or a FIFO/device refused when it is read
            candidates.append(SpecSource(path, *_names(path, [path.name])))
        elif os.path.lexists(path):
            raise DiscoveryError(f"{path}: a broken symlink (or a symlink loop)")
        else:
            raise DiscoveryError(f"{path}: no such file or directory")
    sources = _merge(candidates)
    if only:
        missed = [
            pattern
            for pattern in only
            if not any(key_matches(pattern, s.product, s.version) for s in sources)
        ]
        if missed:
            keys = [s.key for s in sorted(sources, key=_order)]
            shown = ", ".join(keys[:10]) + (f", ... ({len(keys)} in all)" if len(keys) > 10 else "")
            if unmatched is None or len(missed) == len(only):
                raise DiscoveryError(
                    f"only {', '.join(map(repr, missed))}: matches no spec (found: {shown})"
                )
            unmatched.extend(missed)
        sources = [s for s in sources if any(key_matches(p, s.product, s.version) for p in only)]
    return sorted(sources, key=_order)


def _order(source: SpecSource) -> tuple[str, str, str, str]:
    return (source.product.casefold(), source.version, source.product, str(source.path))


__all__ = [
    "MANIFEST_NAME",
    "SPEC_SUFFIXES",
    "DiscoveryError",
    "SpecSource",
    "find_specs",
    "key_matches",
    "spec_key",
]
