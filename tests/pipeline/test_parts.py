"""gen_sdk.generate.parts: a spec update rebuilds only the operations it changed, and the
output (files and diagnostics) is exactly a cold run's, whatever the update.

Each test generates with a cache, changes the spec, generates again, and compares with a
run without any cache. How many operations a run took from the last one is read off the
parts pipeline itself (``generate_parts`` keeps running as it is; the tests only note what
it returns).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support.specs import tree

from gen_sdk.cache import OutputCache
from gen_sdk.generate import generate, parts
from gen_sdk.generate.cachekeys import RECORDS
from gen_sdk.generate.records import Codec, from_skeleton, skeleton
from gen_sdk.generate.slicing import build_sliced, split_inputs
from gen_sdk.ir import build_spec
from gen_sdk.sdk import assign_names, build_package
from gen_sdk.specfile import load_spec, php_json_loads
from gen_sdk.targets.code import Code
from gen_sdk.targets.python.naming import POLICY
from gen_sdk.targets.python.planning import OperationSummary
from gen_sdk.targets.python.views import OperationView, ParamView

#: Per planned spec, whether its package-wide files were kept (see ``reuse``).
kept_package: list[bool] = []
UPDATES = Path(__file__).resolve().parents[3] / "shared" / "updates"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(description: str = "") -> dict[str, Any]:
    return {"type": "string", "description": description}


def _operation(summary: str, *params: str, response: dict[str, Any] | None = None) -> Any:
    return {
        "methods": ["post"],
        "summary": summary,
        "parameters": [{"name": p, "in": "query", "schema": _string(p)} for p in params],
        "responses": {"200": {"schema": response or _object(RequestId=_string())}},
    }


def demo_spec() -> dict[str, Any]:
    """Seven operations: components shared by some, nested models, a paginated list, a
    name two operations case to the same method (``List_Items``, ``ListThings``...), and
    what makes warnings (a duplicate parameter, an unknown key, a directory entry naming
    no operation)."""
    page = _object(
        RequestId=_string(),
        TotalCount={"type": "integer"},
        Items={"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
    )
    duplicate = _operation("Twice.", "Id")
    duplicate["parameters"].append(copy.deepcopy(duplicate["parameters"][0]))
    odd = _operation("Odd.", "Mode")
    odd["unknownKey"] = 1
    return {
        "version": "1.0",
        "info": {"style": "RPC", "product": "Parts", "version": "2024-01-01"},
        "directories": [{"id": 1, "title": "All", "children": ["GetItem", "NoSuchApi"]}],
        "components": {
            "schemas": {
                "Item": _object(
                    Name=_string("the name"), Owner={"$ref": "#/components/schemas/Owner"}
                ),
                "Owner": _object(Id=_string()),
                "Other": _object(Flag={"type": "boolean"}),
            }
        },
        "apis": {
            "GetItem": _operation(
                "Get one.", "ItemId", response={"$ref": "#/components/schemas/Item"}
            ),
            "List_Items": _operation("List them.", "PageNumber", "PageSize", response=page),
            "Describe": _operation(
                "Describe.",
                "Filter",
                response=_object(RequestId=_string(), Detail=_object(A=_string())),
            ),
            "UseOther": _operation("Other.", "X", response=_ref("Other")),
            "Twice": duplicate,
            "Odd": odd,
            "Last": _operation("Last one.", "Z"),
        },
        "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "parts.aliyuncs.com"}],
    }


@pytest.fixture
def reuse(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int]]]:
    """(operations kept, operations) of each spec the parts pipeline planned; and in
    ``kept_package`` whether it kept the package-wide files."""
    seen: list[tuple[int, int]] = []
    original = parts.generate_parts

    def noting(*args: Any, **kwargs: Any) -> parts.Outcome:
        outcome = original(*args, **kwargs)
        seen.append((outcome.reused, outcome.operations))
        previous = args[4]
        kept_package.append(previous is not None and outcome.package is previous.package)
        return outcome

    monkeypatch.setattr(parts, "generate_parts", noting)
    yield seen


def run(spec: dict[str, Any], root: Path, name: str) -> tuple[dict[str, bytes], list[str]]:
    """Generate ``spec`` into ``root/<name>`` with the cache ``root/cache``; also cold, into
    ``root/<name>-cold``, and check both agree. Files and diagnostics."""
    path = root / "specs" / "parts" / "2024-01-01" / "api-docs.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec), encoding="utf-8")
    warm = generate([path], root / "out", cache_dir=root / "cache", jobs=1)
    cold = generate([path], root / f"{name}-cold", use_cache=False, jobs=1)
    assert warm.ok and cold.ok, [str(d) for d in cold.diagnostics]
    assert tree(root / "out") == {k: v for k, v in tree(root / f"{name}-cold").items()}, (
        f"{name}: files differ from a cold run"
    )
    warm_messages = [str(d) for d in warm.diagnostics]
    assert warm_messages == [str(d) for d in cold.diagnostics], name
    return tree(root / "out"), warm_messages


def test_each_update_rebuilds_only_what_it_changed(
    tmp_path: Path, reuse: list[tuple[int, int]]
) -> None:
    spec = demo_spec()
    _, messages = run(spec, tmp_path, "first")
    assert any("duplicate parameter" in m for m in messages)
    assert any("NoSuchApi" in m for m in messages)

    def describe(s: dict[str, Any]) -> None:
        s["apis"]["Describe"]["summary"] = "Describe, better."

    def new_parameter(s: dict[str, Any]) -> None:
        s["apis"]["Last"]["parameters"].append({"name": "W", "in": "query", "schema": _string()})

    def owner(s: dict[str, Any]) -> None:  # used by GetItem and List_Items, through Item
        s["components"]["schemas"]["Owner"]["properties"]["Since"] = {"type": "integer"}

    def directories(s: dict[str, Any]) -> None:
        s["directories"][0]["children"].append("Last")

    def reorder(s: dict[str, Any]) -> None:
        s["apis"] = dict(reversed(list(s["apis"].items())))

    def collide(s: dict[str, Any]) -> None:  # ListItems takes list_items from List_Items
        s["apis"] = {"ListItems": _operation("New.", "Q"), **s["apis"]}

    def remove(s: dict[str, Any]) -> None:
        del s["apis"]["UseOther"]

    def endpoints(s: dict[str, Any]) -> None:
        s["endpoints"].append(
            {"regionId": "cn-beijing", "endpoint": "parts.cn-beijing.aliyuncs.com"}
        )

    steps: list[tuple[str, Any, int]] = [  # (what, how, operations built at least)
        ("a summary", describe, 2),
        ("a parameter", new_parameter, 2),
        ("a component", owner, 2),
        ("directories", directories, 1),
        ("the order", reorder, 1),
        ("a method name", collide, 2),
        ("an operation removed", remove, 1),
        ("endpoints", endpoints, 1),
    ]
    for what, how, least in steps:
        how(spec)
        reuse.clear()
        run(spec, tmp_path, what)
        kept, total = reuse[0]  # the warm run's (the cold one keeps nothing)
        assert reuse[1][0] == 0
        built = total - kept
        assert built >= least, (what, kept, total)
        assert kept >= total - 3, (what, kept, total)  # the rest was taken from the last run


def test_unchanged_spec_and_moved_names(tmp_path: Path, reuse: list[tuple[int, int]]) -> None:
    spec = demo_spec()
    run(spec, tmp_path, "first")
    # Adding ListItems in front moves List_Items' method name (list_items -> list_items_2):
    # List_Items is unchanged but built again, its module and methods renamed.
    spec["apis"] = {"ListItems": _operation("New.", "Q"), **spec["apis"]}
    reuse.clear()
    files, _ = run(spec, tmp_path, "moved")
    kept, total = reuse[0]
    assert total == 8 and kept <= 6
    modules = {p.rsplit("/", 1)[-1] for p in files if "/models/" in p}
    assert {"list_items.py", "list_items_2.py"} <= modules


def test_a_damaged_record_is_a_miss_not_a_failure(
    tmp_path: Path, reuse: list[tuple[int, int]]
) -> None:
    spec = demo_spec()
    run(spec, tmp_path, "first")
    cache = OutputCache(tmp_path / "cache")
    for entry in sorted((tmp_path / "cache").glob("*.gsc")):
        files = cache.get(entry.name[: -len(".gsc")])
        if not files or RECORDS not in files:
            continue
        document = json.loads(files[RECORDS])
        for record in document["operations"]:  # still JSON, nonsense inside
            record["skeleton"] = ["x", 1, None, [[1, 2]], "no", {}, [[None]]]
            record["summary"] = {"o": "os.system", "f": {"command": "echo pwned"}}
        files[RECORDS] = json.dumps(document).encode()
        cache.put(entry.name[: -len(".gsc")], files)
    spec["apis"]["Last"]["summary"] = "Changed."
    reuse.clear()
    run(spec, tmp_path, "damaged")  # same files and diagnostics as a cold run
    assert reuse[0][0] == 0  # nothing was taken from the damaged records


def test_package_wide_files_are_kept_while_what_they_read_is(
    tmp_path: Path, reuse: list[tuple[int, int]]
) -> None:
    spec = demo_spec()
    run(spec, tmp_path, "first")
    # A change the client, README and tables do not show: only Describe's module changes.
    spec["apis"]["Describe"]["responses"]["200"]["schema"]["properties"]["More"] = _string()
    kept_package.clear()
    run(spec, tmp_path, "response")
    assert kept_package[0]
    # A summary the client shows: the package-wide files are made again.
    spec["apis"]["Describe"]["summary"] = "Describe, again."
    kept_package.clear()
    run(spec, tmp_path, "summary")
    assert not kept_package[0]
    # A forged record that would copy files from outside the template set is not used.
    cache = OutputCache(tmp_path / "cache")
    for entry in sorted((tmp_path / "cache").glob("*.gsc")):
        key = entry.name[: -len(".gsc")]
        files = cache.get(key)
        if files and RECORDS in files:
            document = json.loads(files[RECORDS])
            document["package"]["static"] = [["../../../..", "src/stolen"]]
            files[RECORDS] = json.dumps(document).encode()
            cache.put(key, files)
    spec["apis"]["Describe"]["responses"]["200"]["schema"]["properties"]["Most"] = _string()
    kept_package.clear()
    files, _ = run(spec, tmp_path, "forged")
    assert not kept_package[0] and not any("stolen" in path for path in files)


def test_the_pointer_is_only_a_hint(tmp_path: Path, reuse: list[tuple[int, int]]) -> None:
    """The last output is found through a pointer per product/version; a pointer to an
    entry that is gone (pruned), or a damaged pointer, only means building everything."""
    spec = demo_spec()
    run(spec, tmp_path, "first")
    cache = tmp_path / "cache"
    with_records = [p for p in cache.glob("*.gsc") if RECORDS.encode() in p.read_bytes()]
    assert len(with_records) == 1
    with_records[0].unlink()  # as prune() would
    spec["apis"]["Last"]["summary"] = "Changed."
    reuse.clear()
    run(spec, tmp_path, "pruned")
    assert reuse[0][0] == 0
    for pointer in cache.glob("*.gsc"):
        if pointer.stat().st_size < 200:  # the pointers: a key, nothing else
            pointer.write_bytes(pointer.read_bytes()[:-5] + b"xxxxx")
    spec["apis"]["Last"]["summary"] = "Changed again."
    reuse.clear()
    run(spec, tmp_path, "damaged pointer")
    assert reuse[0][0] == 0


def test_codec_keeps_code_and_refuses_other_types() -> None:
    codec = Codec([OperationSummary, OperationView, ParamView])
    value = {"a": (Code("x"), "x", [1, 2.5, None, True]), 3: {"k": Code("")}}
    data = json.loads(json.dumps(codec.encode(value)))
    back = codec.decode(data)
    assert back == value
    assert type(back["a"][0]) is Code and type(back["a"][1]) is str
    with pytest.raises(TypeError):
        codec.encode(object())
    with pytest.raises(TypeError):
        codec.encode(Path("x"))
    with pytest.raises(ValueError):
        codec.decode({"o": "Path", "f": {}})


def sample_specs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    names = ["aigen/2024-01-11", "pds/2022-03-01", "fc/2023-03-30", "cs/2015-12-15"]
    return [CORPUS / n / "api-docs.json" for n in names]


@pytest.mark.parametrize("path", sample_specs(), ids=lambda p: p.parent.parent.name)
def test_naming_reads_only_the_skeleton(path: Path) -> None:
    """Names made from the kept operations' naming inputs are the whole package's."""
    spec, _ = build_spec(load_spec(path), source=str(path))
    package = build_package(spec, [], str(path))
    assert package is not None
    by_owner: dict[str, list[Any]] = {op.name: [] for op in package.operations}
    components = []
    for model_id, model in package.models.items():
        owner = model_id[2:].split(":", 1)[0] if model_id.startswith("O:") else None
        (by_owner[owner] if owner else components).append(model)
    operations, models = [], {m.id: m for m in components}
    for op in package.operations:
        shape = json.loads(json.dumps(skeleton(op, by_owner[op.name])))  # as kept
        kept, kept_models = from_skeleton(shape)
        operations.append(kept)
        models.update((m.id, m) for m in kept_models)
    skeletal = replace(package, operations=tuple(operations), models=models)
    assert assign_names(skeletal, POLICY) == assign_names(package, POLICY)


def test_sliced_ir_has_a_whole_builds_diagnostics() -> None:
    value = php_json_loads(json.dumps(demo_spec()))
    whole, diagnostics = build_spec(value, source="x.json")
    inputs = split_inputs(value, "context")
    assert inputs is not None
    full = build_sliced(value, "x.json", inputs.names, frozenset())
    assert full is not None
    assembled = [*full.head]
    for name in inputs.names:
        assembled += full.diagnostics[name]
    assembled += full.tail
    assert assembled == diagnostics
    assert full.spec.operations.keys() == whole.operations.keys()
    skip = frozenset(inputs.names[1::2])
    sliced = build_sliced(value, "x.json", inputs.names, skip)
    assert sliced is not None
    assert (sliced.head, sliced.tail) == (full.head, full.tail)
    assert sliced.spec.operations.keys() == whole.operations.keys() - skip
    for name in sliced.diagnostics:
        assert sliced.diagnostics[name] == full.diagnostics[name]
        assert sliced.spec.operations[name] == whole.operations[name]
    # What each operation's IR read: the components through its refs, and (only the
    # directories do) never the operation names.
    assert full.components["GetItem"] >= {"Item"}
    assert not full.uses_names


@pytest.mark.skipif(not UPDATES.is_dir(), reason="the shared updates are not available")
def test_a_real_weekly_update(tmp_path: Path, reuse: list[tuple[int, int]]) -> None:
    """CS's update of 2025-10-31: one operation's response, its example and system tags."""
    folder = UPDATES / "2025-10-31" / "cs" / "2015-12-15"
    before = json.loads((folder / "before.json").read_text(encoding="utf-8"))
    after = json.loads((folder / "after.json").read_text(encoding="utf-8"))
    run(before, tmp_path, "before")
    reuse.clear()
    run(after, tmp_path, "after")
    kept, total = reuse[0]
    assert total > 100 and kept >= total - 2, (kept, total)
