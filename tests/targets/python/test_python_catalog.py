"""The catalog: every corpus spec generates a package that is clean (ruff, mypy --strict),
imports, and whose client builds and signs a request for *every* operation.

Which specs (``GEN_SDK_CATALOG``):

* unset or ``sample`` (CI): ``SAMPLE`` below, chosen to cover every ``info.style``, every
  parameter location (query, path, body, formData, header, host), every parameter style
  (json, simple, repeatList, xml, struct; ``flat`` only occurs in ECS/SAS, whose request
  building ``test_generate_e2e`` compares with the official SDK), every body kind (object,
  array, string, binary, byte), every response kind (object, array, string, binary, byte,
  none, SSE) and every security scheme family (AK, Anonymous, BearerToken, custom token
  schemes) in the corpus, plus the refused style (OSS);
* ``all``: every spec under ``../shared/corpus`` (``benchmarks/catalog.py`` runs this and
  prints a table with timings);
* ``product/version,product/version``: those specs.

Per spec: generation (refused styles must fail with a diagnostic naming the spec and the
reason); ``ruff check`` and ``mypy --strict`` on the package; an installable distribution
(``pip wheel`` with the generated ``pyproject.toml``'s hatchling backend, installed with
``--no-deps`` into a throwaway venv and imported from there; sample specs only); and, against a
capture server on 127.0.0.1, one call per operation through the generated ``Client`` method
with a request model built from the spec's schemas (every parameter, required or not, gets a
schema-conforming value). The server checks that the signature verifies (ACS3 recomputed
here independently of the runtime; the PDS ``acs`` HMAC-SHA1 signature; bearer tokens;
no signature for ``Anonymous``), and that the method, the path (percent-encoded path
values) and every parameter arrive where the spec puts them.
"""

# ruff: noqa: RUF001
from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import importlib
import inspect
import json
import keyword
import os
import pkgutil
import re
import subprocess
import sys
import time
import venv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]

from support.black_check import assert_black_clean  # noqa: E402
from support.capture import AK_ID, AK_SECRET, Captured, CaptureServer, Reply  # noqa: E402

from gen_sdk.generate import generate  # noqa: E402
from gen_sdk.ir import Schema, SchemaType, Spec, build_spec  # noqa: E402
from gen_sdk.sdk import assign_names  # noqa: E402
from gen_sdk.sdk import build_package as sdk_package  # noqa: E402
from gen_sdk.specfile import load_spec  # noqa: E402
from gen_sdk.targets.python.naming import POLICY  # noqa: E402
from gen_sdk.targets.python.pycode import (  # noqa: E402
    clean_text,
    compact_docstring,
    docstring,
)

CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
BEARER = "test-bearer-token"

#: The CI sample (see the module docstring for what it covers).
SAMPLE = [
    "aigen/2024-01-11",  # RPC, formData
    "sts/2015-04-01",  # RPC, Anonymous and ARS_OIDC operations
    "ocr/2019-12-30",  # RPC, binary body
    "trafficfxopen/2024-08-15",  # ROA, custom token security schemes
    "dlfnext/2025-03-10",  # ROA, body style struct, array bodies
    "dianjin/2024-06-28",  # ROA, SSE responses
    "elasticsearch/2017-06-13",  # ROA, BearerToken-only and Anonymous operations
    "arms/2019-08-08",  # V3
    "fc/2023-03-30",  # FC, header params, binary body and response
    "fc-open/2021-04-06",  # FC, byte body and response
    "aligenie/iap_1.0",  # AliGenie
    "pds/2022-03-01",  # PDS gateway, host params, body json, query simple, bearer
    "oss/2019-05-17",  # OSS: refused
]
#: Refused styles: spec id -> words the error must contain.
REFUSED = {"oss/2019-05-17": ["Oss 2019-05-17", "style OSS is not supported", "XML"]}
#: The sample specs also built as a wheel and installed into a throwaway venv.
INSTALL = ["aigen/2024-01-11", "pds/2022-03-01", "fc/2023-03-30"]


def spec_ids() -> list[str]:
    if not CORPUS.is_dir():
        return []
    known = sorted({p.parent.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*/api-docs.*")})
    mode = os.environ.get("GEN_SDK_CATALOG", "sample").strip() or "sample"
    if mode == "all":
        return known
    wanted = SAMPLE if mode == "sample" else [s.strip() for s in mode.split(",") if s.strip()]
    missing = [s for s in wanted if s not in known]
    assert not missing, f"not in the corpus: {missing}"
    return wanted


SPEC_IDS = spec_ids()
#: ``GEN_SDK_CATALOG_REPORT=FILE``: each test appends one JSON line per spec and phase
#: (``benchmarks/catalog_check.py`` prints the table).
REPORT = os.environ.get("GEN_SDK_CATALOG_REPORT")


def report(spec_id: str, phase: str, ok: bool, seconds: float, **extra: Any) -> None:
    if REPORT:
        line = {"spec": spec_id, "phase": phase, "ok": ok, "seconds": round(seconds, 2), **extra}
        with open(REPORT, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


# -- generation (once per spec per session) --------------------------------------------------


@dataclass
class Built:
    spec_id: str
    spec: Spec
    ok: bool
    errors: list[str]
    package_dir: Path | None
    import_name: str | None
    #: API name -> generated client method name.
    methods: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


class Catalog:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.built: dict[str, Built] = {}

    def get(self, spec_id: str) -> Built:
        if spec_id not in self.built:
            self.built[spec_id] = self._build(spec_id)
        return self.built[spec_id]

    def _build(self, spec_id: str) -> Built:
        folder = CORPUS / spec_id
        path = folder / "api-docs.json"
        if not path.is_file():
            path = folder / "api-docs.php"
        return build_package(spec_id, path, self.out / spec_id.replace("/", "_"))


def build_package(spec_id: str, path: Path, out: Path) -> Built:
    """Generate one spec into ``out``; also plan it again for the method names."""
    started = time.perf_counter()
    result = generate([path], out)
    seconds = time.perf_counter() - started
    spec, _ = build_spec(load_spec(path), source=str(path))
    errors = [str(d) for d in result.diagnostics if d.severity.value == "error"]
    if not result.ok:
        return Built(spec_id, spec, False, errors, None, None, seconds=seconds)
    package_dir = result.results[0].package_dir
    assert package_dir is not None
    import_name = next(p.name for p in (package_dir / "src").iterdir() if p.is_dir())
    package = sdk_package(spec, [])
    assert package is not None
    methods = dict(assign_names(package, POLICY).methods)
    return Built(spec_id, spec, True, errors, package_dir, import_name, methods, seconds)


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return Catalog(tmp_path_factory.mktemp("catalog"))


def _generated(catalog: Catalog, spec_id: str) -> Built:
    built = catalog.get(spec_id)
    if spec_id in REFUSED:
        pytest.skip(f"{spec_id} is refused at generation time")
    assert built.ok, built.errors
    return built


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_generates(catalog: Catalog, spec_id: str) -> None:
    built = catalog.get(spec_id)
    report(spec_id, "generate", built.ok, built.seconds, errors=built.errors[:3])
    if spec_id in REFUSED:
        assert not built.ok and built.package_dir is None
        text = "\n".join(built.errors)
        for needle in REFUSED[spec_id]:
            assert needle in text, text
        assert str(CORPUS / spec_id) in text  # the diagnostic names the spec file
        return
    assert built.ok, built.errors


def _run(*args: str | Path, cwd: Path | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, **kw
    )


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_ruff_and_mypy(catalog: Catalog, spec_id: str, tmp_path: Path) -> None:
    built = _generated(catalog, spec_id)
    assert built.package_dir is not None and built.import_name is not None
    started = time.perf_counter()
    ruff = _run(BIN / "ruff", "check", "--no-cache", ".", cwd=built.package_dir)
    report(spec_id, "ruff", ruff.returncode == 0, time.perf_counter() - started)
    started = time.perf_counter()
    mypy = _run(
        BIN / "mypy",
        "--strict",
        "--cache-dir",
        tmp_path / "mypy",
        "--config-file",
        "pyproject.toml",
        f"src/{built.import_name}",
        cwd=built.package_dir,
    )
    report(spec_id, "mypy", mypy.returncode == 0, time.perf_counter() - started)
    assert ruff.returncode == 0, ruff.stdout[-4000:]
    assert mypy.returncode == 0, mypy.stdout[-4000:]


@pytest.mark.parametrize("spec_id", [s for s in SPEC_IDS if s in INSTALL])
def test_wheel_installs_into_a_fresh_venv(catalog: Catalog, spec_id: str, tmp_path: Path) -> None:
    built = _generated(catalog, spec_id)
    assert built.package_dir is not None and built.import_name is not None
    wheels = tmp_path / "wheels"
    build = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        wheels,
        built.package_dir,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    install = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel
    )
    assert install.returncode == 0, install.stderr[-3000:]
    # httpx and pydantic come from this venv (the wheel was installed without dependencies).
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    deps = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "httpx").is_dir())
    (site / "_deps.pth").write_text(deps + "\n")
    code = (
        f"import {built.import_name} as m, {built.import_name}.models as ms; "
        "c = m.Client(region_id='cn-hangzhou', access_key_id='a', access_key_secret='b'); "
        "print(m.__file__); print(c.endpoint)"
    )
    run = _run(python, "-c", code, cwd=tmp_path, env={"PATH": os.environ.get("PATH", "")})
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.splitlines()[0].startswith(str(site)), run.stdout
    record = next(site.glob("*.dist-info")) / "RECORD"
    files = record.read_text()
    assert f"{built.import_name}/py.typed" in files
    assert f"{built.import_name}/_runtime/client.py" in files


# -- requests for every operation ------------------------------------------------------------

#: String values by parameter location (path values need encoding; a host label and a
#: header value must be ASCII).
STRINGS = {"path": "p 1/é*~", "host": "dom-1", "header": "h v&=+"}


def value_for(spec: Spec, schema: Schema, location: str = "", refs: tuple[str, ...] = ()) -> Any:
    """A value conforming to ``schema``: every property of objects, one item in lists;
    ``None`` (left out) where a ``$ref`` cycle would recurse."""
    if schema.ref is not None:
        if schema.ref in refs or len(refs) > 12:
            return None
        return value_for(spec, spec.resolve(schema), location, (*refs, schema.ref))
    kind = schema.type
    if schema.enum:
        first = schema.enum[0]
        if kind is SchemaType.INTEGER:
            return int(str(first))
        if kind is SchemaType.BOOLEAN:
            return str(first).lower() == "true"
        if kind is SchemaType.NUMBER:
            return float(str(first))
        return str(first)
    if kind is SchemaType.STRING or (kind is None and not schema.properties):
        if schema.format in ("binary", "byte"):
            return b"\x00binary\xff"
        return STRINGS.get(location, "v é&=+")
    if kind is SchemaType.INTEGER:
        return 7
    if kind is SchemaType.NUMBER:
        return 1.5
    if kind is SchemaType.BOOLEAN:
        return True
    if kind is SchemaType.ARRAY:
        if schema.items is None:
            return ["x"]
        item = value_for(spec, schema.items, "", refs)
        return None if item is None else [item]
    if kind is SchemaType.OBJECT or schema.properties:
        out = {}
        for name, prop in schema.properties.items():
            item = value_for(spec, prop, "", refs)
            if item is not None:
                out[name] = item
        if out or schema.properties:
            return out
        extra = schema.additional_properties
        if isinstance(extra, Schema):
            item = value_for(spec, extra, "", refs)
            return None if item is None else {"k": item}
        return {"k": "x"}
    return "x"


def plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def flat(value: Any, prefix: str, out: dict[str, str]) -> dict[str, str]:
    """The documented flattening (wire-protocol.md 1.4), written independently."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            flat(v, f"{prefix}.{k}", out)
    elif isinstance(value, list):
        for i, v in enumerate(value, 1):
            flat(v, f"{prefix}.{i}", out)
    elif isinstance(value, bytes):
        out[prefix] = value.decode("utf-8")
    elif value is not None:
        out[prefix] = str(value)
    return out


def rfc3986(text: str) -> str:
    return quote(text, safe="~")


def acs3_ok(req: Captured, secret: str) -> bool:
    """ACS3-HMAC-SHA256, recomputed from the received request (wire-protocol.md 3)."""
    headers = req.header_map()
    auth = headers.get("authorization", "")
    prefix = "ACS3-HMAC-SHA256 "
    if not auth.startswith(prefix):
        return False
    parts = dict(p.split("=", 1) for p in auth[len(prefix) :].split(","))
    if parts.get("Credential") != AK_ID:
        return False
    signed = parts["SignedHeaders"].split(";")
    required = {"host", "x-acs-date", "x-acs-content-sha256", "x-acs-signature-nonce"}
    if not required <= set(signed) or any(n not in headers for n in signed):
        return False
    if headers["x-acs-content-sha256"] != hashlib.sha256(req.body).hexdigest():
        return False
    query = req.query()
    canonical_query = "&".join(f"{k}={rfc3986(query[k])}" for k in sorted(query))
    block = "".join(f"{n}:{headers[n].strip()}\n" for n in sorted(signed))
    canonical = "\n".join(
        [
            req.method,
            req.path,
            canonical_query,
            block,
            ";".join(sorted(signed)),
            headers["x-acs-content-sha256"],
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("Signature", ""))


def pds_ok(req: Captured, secret: str) -> bool:
    """The PDS gateway's ``acs`` HMAC-SHA1 signature, recomputed independently."""
    headers = req.header_map()
    auth = headers.get("authorization", "")
    if not auth.startswith(f"acs {AK_ID}:"):
        return False
    query = req.query()
    resource = req.path
    for i, key in enumerate(sorted(query)):
        resource += ("?" if i == 0 else "&") + key + (f"={query[key]}" if query[key] else "")
    # The raw path is percent-encoded; the gateway signs it as sent.
    content_type = headers.get("content-type", "")
    if not content_type and req.path == "/v2/file/download":
        content_type = "application/x-www-form-urlencoded; charset=UTF-8"
    head = [headers.get("accept", ""), headers.get("content-md5", ""), content_type]
    head.append(headers.get("date", ""))
    acs = "".join(f"{k}:{headers[k].strip()}\n" for k in sorted(headers) if k.startswith("x-acs-"))
    to_sign = f"{req.method}\n" + "\n".join(head) + "\n" + acs + resource
    digest = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()
    return auth == f"acs {AK_ID}:" + base64.b64encode(digest).decode()


def reply_for(resp_type: str, method: str) -> Reply:
    if method == "HEAD":
        return Reply(200, b"", {"Content-Type": "application/json", "x-acs-request-id": "r"})
    if resp_type == "array":
        return Reply(200, b"[]")
    if resp_type == "sse":
        return Reply(200, b'data: {"ok":1}\n\n', {"Content-Type": "text/event-stream"})
    if resp_type in ("binary", "byte"):
        return Reply(200, b"\x00bytes", {"Content-Type": "application/octet-stream"})
    if resp_type in ("string", "none"):
        return Reply(200, b"text", {"Content-Type": "text/plain"})
    return Reply()


@pytest.fixture(scope="module")
def server() -> Iterator[CaptureServer]:
    srv = CaptureServer()
    handler = srv.httpd.RequestHandlerClass
    handler.do_HEAD = handler.do_OPTIONS = handler.do_GET  # type: ignore[attr-defined]
    yield srv
    srv.close()


class ToServer(httpx.HTTPTransport):
    """Sends every request to the capture server, whatever its host (``in: host``
    parameters make hosts such as ``dom-1.127.0.0.1:port``); the Host header is kept."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def _client(module: Any, server: CaptureServer, auth: str) -> Any:
    options: dict[str, Any] = {"endpoint": server.endpoint, "protocol": "http", "retry": 0}
    options["transport"] = ToServer(server.port)
    if auth == "BearerToken":
        options["bearer_token"] = BEARER
    elif auth == "AK":
        options.update(access_key_id=AK_ID, access_key_secret=AK_SECRET)
    return module.Client(**options)


@dataclass
class ApiInfo:
    request_type: Any
    operation: dict[str, Any]
    module: str = ""


def _import_models(import_name: str) -> dict[str, ApiInfo]:
    """API name -> request model and operation description, from every generated operation
    module (``OPERATION`` in the module, or the package's ``OPERATIONS`` table)."""
    models = importlib.import_module(f"{import_name}.models")
    table = getattr(importlib.import_module(f"{import_name}._operations"), "OPERATIONS", {})
    apis: dict[str, ApiInfo] = {}
    for info in pkgutil.iter_modules(models.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{import_name}.models.{info.name}")
        api = getattr(module, "API", None) or module._API
        operation = getattr(module, "OPERATION", None) or getattr(api, "operation", None)
        if operation is None:
            operation = table[api.name]
        apis[operation["action"]] = ApiInfo(api.request_type, operation, info.name)
    return apis


def methods_of_client(client_class: type, apis: Mapping[str, ApiInfo]) -> dict[str, str]:
    """API name -> method name, read from the generated methods' source (each one refers to
    its model module), for when the target's view model does not name them."""
    by_module = {info.module: name for name, info in apis.items()}
    found: dict[str, str] = {}
    for attr, fn in vars(client_class).items():
        if attr.startswith("_") or not callable(fn):
            continue
        source = inspect.getsource(fn)
        modules = set(re.findall(r"models\.(\w+)\.|import (\w+) as _m", source))
        names = {m for pair in modules for m in pair if m in by_module}
        if len(names) == 1 and not attr.startswith("iter_"):
            found.setdefault(by_module[names.pop()], attr)
    return found


def check_request(
    req: Captured, operation: Mapping[str, Any], args: Mapping[str, Any], endpoint: str
) -> list[str]:
    """What is wrong with ``req`` for ``operation`` called with wire ``args``."""
    problems: list[str] = []
    headers = req.header_map()
    if req.method != operation["method"]:
        problems.append(f"method {req.method} != {operation['method']}")
    path = operation["path"] if operation["style"] != "RPC" else "/"
    for param in operation["params"]:
        if param["location"] == "path":
            path = path.replace("{" + param["name"] + "}", rfc3986(str(args[param["name"]])))
    if req.path != path:
        problems.append(f"path {req.path!r} != {path!r}")
    auth = operation["auth"]
    if operation["style"] == "PDS" and auth == "AK":
        if not pds_ok(req, AK_SECRET):
            problems.append("PDS signature does not verify")
    elif auth == "AK":
        if not acs3_ok(req, AK_SECRET):
            problems.append("ACS3 signature does not verify")
    elif auth == "BearerToken":
        # PDS sends the token as ``authorization: Bearer``; ACS3 products send no signature.
        bearer = f"Bearer {BEARER}" if operation["style"] == "PDS" else None
        if headers.get("x-acs-bearer-token") != BEARER or headers.get("authorization") != bearer:
            problems.append("bearer token missing or a signature sent")
    elif "authorization" in headers:
        problems.append("anonymous request carries an authorization header")
    query = req.query()
    form: dict[str, str] = {}
    body_json: Any = None
    ctype = headers.get("content-type", "")
    if ctype.startswith("application/x-www-form-urlencoded"):
        form = dict(parse_qsl(req.body.decode(), keep_blank_values=True))
    elif ctype.startswith("application/json") and req.body:
        try:
            body_json = json.loads(req.body)
        except ValueError:  # a raw string body is sent verbatim with the JSON content type
            body_json = None
    params = operation["params"]
    stream = next(
        (p for p in params if p.get("kind") == "binary" and args.get(p["name"]) is not None), None
    )
    override = next((p for p in params if p.get("kind") in ("array", "raw")), None)
    seen: set[str] = set()
    for param in params:
        name, location = param["name"], param["location"]
        if name in seen or args.get(name) is None:
            continue
        seen.add(name)
        value, style = args[name], param.get("style")
        where = f"{location} {name}"
        if location in ("query", "formData"):
            got = query if location == "query" else form
            if location == "formData" and stream is not None:
                continue
            if style == "json" and isinstance(value, Mapping | list):
                ok = name in got and json.loads(got[name]) == plain(value)
            elif style == "simple" and isinstance(value, list):
                ok = got.get(name) == ",".join(str(v) for v in value)
            else:
                expected = flat(value, name, {})
                ok = all(got.get(k) == v for k, v in expected.items())
            if not ok:
                problems.append(f"{where}: {got.get(name)!r} for {value!r}")
        elif location == "header":
            sent = headers.get(name.lower())
            want = json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False)
            if sent is None or (sent != str(value) and sent != want):
                problems.append(f"{where}: {sent!r} for {value!r}")
        elif location == "host":
            if headers.get("host") != f"{value}.{endpoint}":
                problems.append(f"{where}: host {headers.get('host')!r}")
        elif location == "body":
            kind = param.get("kind", "field")
            if stream is not None:
                if param is stream and req.body != value:
                    problems.append(f"{where}: binary body differs")
                continue
            if override is not None and param is not override:
                continue
            if kind == "raw":
                ok = req.body == value.encode()
            elif kind == "array":
                ok = body_json == plain(value)
            elif kind == "object":
                ok = isinstance(body_json, dict) and all(
                    body_json.get(k) == plain(v) for k, v in value.items()
                )
            elif body_json is not None:
                ok = isinstance(body_json, dict) and body_json.get(name) == plain(value)
            else:
                ok = form.get(name) is not None or any(k.startswith(name + ".") for k in form)
            if not ok:
                problems.append(f"{where}: body {req.body[:200]!r}")
    return problems


def call(method: Any, request: Any) -> Any:
    """Call a generated client method with a request model (keyword ``request``)."""
    return method(request=request)


def drive_operations(
    built: Built, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str]]:
    """Call every operation once; returns (operations called, problems)."""
    assert built.package_dir is not None and built.import_name is not None
    for name in list(os.environ):
        if name.startswith("ALIBABA_CLOUD"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(built.package_dir))  # no CLI/INI profiles
    monkeypatch.syspath_prepend(str(built.package_dir / "src"))
    module = importlib.import_module(built.import_name)
    apis = _import_models(built.import_name)
    assert set(apis) == set(built.spec.operations)
    if set(built.methods) != set(apis):
        built.methods = methods_of_client(module.Client, apis)
    clients = {auth: _client(module, server, auth) for auth in ("AK", "BearerToken", "Anonymous")}
    failures: list[str] = []
    called = 0
    for api_name, ir_op in built.spec.operations.items():
        operation = apis[api_name].operation
        args: dict[str, Any] = {}
        for param in ir_op.parameters:
            value = value_for(built.spec, param.schema, location=param.location.value)
            if value is not None:
                args[param.name] = value
        try:
            request = apis[api_name].request_type.model_validate(args)
        except Exception as exc:
            failures.append(f"{api_name}: request model rejects {args!r}: {exc}")
            continue
        server.requests.clear()
        server.default = reply_for(operation["resp_body_type"], operation["method"])
        method = getattr(clients[operation["auth"]], built.methods[api_name])
        try:
            result = call(method, request)
            if operation["resp_body_type"] == "sse":
                list(result)
        except Exception as exc:
            failures.append(f"{api_name}: call failed: {type(exc).__name__}: {exc}")
            continue
        called += 1
        if len(server.requests) != 1:
            failures.append(f"{api_name}: {len(server.requests)} requests")
            continue
        problems = check_request(server.requests[0], operation, args, server.endpoint)
        failures.extend(f"{api_name}: {p}" for p in problems)
    for client in clients.values():
        client.close()
    return called, failures


@pytest.mark.parametrize("spec_id", SPEC_IDS)
def test_every_operation_builds_and_signs(
    catalog: Catalog, spec_id: str, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _generated(catalog, spec_id)
    started = time.perf_counter()
    called, failures = drive_operations(built, server, monkeypatch)
    seconds = time.perf_counter() - started
    failing = len({problem.split(":", 1)[0] for problem in failures})
    report(
        spec_id,
        "requests",
        not failures,
        seconds,
        operations=len(built.spec.operations),
        failing=failing,
        problems=failures[:5],
    )
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} problems)"
    assert called == len(built.spec.operations)


# -- crafted specs: naming collisions and documentation text ---------------------------------

NASTY_DOCS = [
    "Markdown: **bold**, `code`, [link](~~123~~), | a | b |\n|---|---|\n> quote\n- item",
    'HTML: <p>para</p><br/><a href="x">a</a> &amp; &lt;tag&gt; <!-- comment -->',
    "Backslashes: C:\\path\\to, \\n, \\u0041, \\N{DASH}, \\x00, end\\",
    'Triple quotes: """inside""" and \'\'\'single\'\'\' and a final quote"',
    '"Starts with a quote',
    "中文描述：创建实例。\n\n取值范围：\n- 0：关闭\n- 1：开启\u3000",
    "Tabs\tand\r\nCRLF and \u2028 separators and control \x07 chars {{ jinja }} {% raw %}",
    "   \n  indented\n      more\n  ",
    "*/ #comment ''' \\",
]
DOC_NEEDLES = [
    "**bold**, `code`, [link](~~123~~)",
    '<a href="x">a</a> &amp; &lt;tag&gt; <!-- comment -->',
    "C:\\path\\to, \\n, \\u0041, \\N{DASH}, \\x00, end\\",
    'Triple quotes: """inside""" and \'\'\'single\'\'\' and a final quote"',
    '"Starts with a quote',
    "中文描述：创建实例。",
    "- 1：开启",
    "{{ jinja }} {% raw %}",
    "*/ #comment ''' \\",
    "indented\n    more",
]


def crafted_spec() -> dict[str, Any]:
    """A spec whose names collide in every way the naming rules handle, and whose every
    description is one of ``NASTY_DOCS``."""
    docs = iter(NASTY_DOCS * 20)

    def text() -> str:
        return next(docs)

    def string() -> dict[str, Any]:
        return {"type": "string", "description": text()}

    props = {
        name: string()
        for name in ("Name", "name", "NAME", "class", "json", "model_config", "1stDisk", "名称")
    }
    params: list[dict[str, Any]] = [
        {"name": name, "in": "query", "schema": {**string(), "required": name == "Key"}}
        for name in ("Key", "key", "class", "self", "request", "headers", "str", "from", "1st")
    ]
    params.append({"name": "类型", "in": "query", "schema": string()})
    params.append({"name": "x-acs-trace", "in": "header", "schema": string()})
    params.append(
        {
            "name": "Body",
            "in": "body",
            "style": "json",
            "schema": {"$ref": "#/components/schemas/ListItemsRequest"},
        }
    )

    def api(path: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "summary": text(),
            "description": text(),
            "path": path,
            "methods": ["post"],
            "security": [{"AK": []}],
            "parameters": parameters,
            "responses": {
                "200": {
                    "schema": {
                        "type": "object",
                        "description": text(),
                        "properties": {
                            "RequestId": string(),
                            "Data": {"$ref": "#/components/schemas/Field"},
                        },
                    }
                }
            },
        }

    path_param = {"name": "1st", "in": "path", "schema": {"type": "string", "required": True}}
    return {
        "version": "1.0",
        "info": {"style": "ROA", "product": "Names", "version": "2020-01-01"},
        "components": {
            "schemas": {
                "ListItemsRequest": {"type": "object", "properties": props},
                "Field": {"type": "object", "properties": {"Value": string()}},
                "Exception": {"type": "object", "properties": {"Type": string()}},
                "1Thing": {"type": "object", "properties": {"Id": string()}},
                "类型": {"type": "object", "properties": {"值": string()}},
            }
        },
        "apis": {
            "ListItems": api("/items", params),
            "List_Items": api(
                "/items2/{1st}",
                [path_param, {"name": "list_items", "in": "query", "schema": string()}],
            ),
            "listItems": api("/items3", [{"name": "Type", "in": "query", "schema": string()}]),
        },
        "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "names.cn-hangzhou.aliyuncs.com"}],
    }


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("crafted")
    path = root / "names" / "2020-01-01" / "api-docs.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(crafted_spec(), ensure_ascii=False), encoding="utf-8")
    built = build_package("names/2020-01-01", path, root / "out")
    assert built.ok, built.errors
    return built


def test_crafted_names_are_deterministic(crafted: Built, tmp_path: Path) -> None:
    assert crafted.package_dir is not None
    path = tmp_path / "api-docs.json"
    path.write_text(json.dumps(crafted_spec(), ensure_ascii=False), encoding="utf-8")
    again = build_package("names/2020-01-01", path, tmp_path / "again")
    assert again.package_dir is not None
    ours = sorted(p.relative_to(crafted.package_dir) for p in crafted.package_dir.rglob("*.py"))
    theirs = sorted(p.relative_to(again.package_dir) for p in again.package_dir.rglob("*.py"))
    assert ours == theirs
    for name in ours:
        assert (crafted.package_dir / name).read_bytes() == (again.package_dir / name).read_bytes()


def test_crafted_names_resolve_collisions(crafted: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    assert crafted.package_dir is not None and crafted.import_name is not None
    monkeypatch.syspath_prepend(str(crafted.package_dir / "src"))
    apis = _import_models(crafted.import_name)
    models = importlib.import_module(f"{crafted.import_name}.models")
    client = importlib.import_module(crafted.import_name).Client
    # Operations whose names snake-case alike: spec order, then _2, _3.
    expected = {
        "ListItems": "list_items",
        "List_Items": "list_items_2",
        "listItems": "list_items_3",
    }
    assert methods_of_client(client, apis) == expected
    if crafted.methods:
        assert crafted.methods == expected
    # A component named like a request model keeps its name; the request model moves aside.
    assert apis["ListItems"].request_type.__name__ == "ListItemsRequest2"
    component = models.ListItemsRequest
    aliases = {n: f.alias or n for n, f in component.model_fields.items()}
    assert aliases == {
        "name_": "Name",
        "name": "name",
        "name__2": "NAME",
        "class_": "class",
        "json_": "json",
        "model_config_": "model_config",
        "n1st_disk": "1stDisk",
        "u540d_u79f0": "名称",
    }
    # Builtins and imported names get a suffix; digits and non-ASCII names a prefix/escape.
    assert models.FieldModel.model_fields["value"].alias == "Value"
    assert models.ExceptionModel.model_fields["type"].alias == "Type"
    assert models.M1Thing.model_fields["id"].alias == "Id"
    assert models.U7c7bU578b.model_fields["u503c"].alias == "值"
    request = apis["ListItems"].request_type
    fields = {n: f.alias or n for n, f in request.model_fields.items()}
    assert fields == {
        "key_": "Key",
        "key": "key",
        "class_": "class",
        "self_": "self",
        "request_": "request",
        "headers_": "headers",
        "str_": "str",
        "from_": "from",
        "n1st": "1st",
        "u7c7b_u578b": "类型",
        "x_acs_trace": "x-acs-trace",
        "body": "Body",
    }
    for cls in (component, request, models.FieldModel):
        for name in cls.model_fields:
            assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


def test_crafted_package_is_clean(crafted: Built, tmp_path: Path) -> None:
    assert crafted.package_dir is not None and crafted.import_name is not None
    ruff = _run(BIN / "ruff", "check", "--no-cache", ".", cwd=crafted.package_dir)
    assert ruff.returncode == 0, ruff.stdout[-4000:]
    mypy = _run(
        BIN / "mypy",
        "--strict",
        "--cache-dir",
        tmp_path / "mypy",
        "--config-file",
        "pyproject.toml",
        f"src/{crafted.import_name}",
        cwd=crafted.package_dir,
    )
    assert mypy.returncode == 0, mypy.stdout[-4000:]


def _docstrings(package_dir: Path) -> list[str]:
    found: list[str] = []
    for path in package_dir.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))  # every file is valid Python
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            for stmt in body if isinstance(body, list) else ():
                if (
                    isinstance(stmt, ast.Expr)
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ):
                    found.append(stmt.value.value)
    return found


def test_crafted_docstrings_keep_the_text(crafted: Built) -> None:
    """Every description is a valid docstring whose value is the spec's text (normalised:
    line breaks, control characters, indentation)."""
    assert crafted.package_dir is not None
    text = "\n".join(_docstrings(crafted.package_dir))
    for needle in DOC_NEEDLES:
        assert needle in text, needle
    assert "\x07" not in text and "\r" not in text and "\u2028" not in text


def test_crafted_requests_use_wire_names(
    crafted: Built, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    called, failures = drive_operations(crafted, server, monkeypatch)
    assert not failures, failures
    assert called == 3


# -- security schemes beyond AK --------------------------------------------------------------


def _one_call(built: Built, api_name: str, server: CaptureServer, **options: Any) -> Captured:
    assert built.import_name is not None and built.package_dir is not None
    module = importlib.import_module(built.import_name)
    info = _import_models(built.import_name)[api_name]
    args = {
        p.name: value_for(built.spec, p.schema, location=p.location.value)
        for p in built.spec.operations[api_name].parameters
        if p.schema.required or p.location.value in ("path", "host")
    }
    server.requests.clear()
    server.default = reply_for(info.operation["resp_body_type"], info.operation["method"])
    config = {"endpoint": server.endpoint, "protocol": "http", "retry": 0, **options}
    with module.Client(transport=ToServer(server.port), **config) as client:
        call(getattr(client, built.methods[api_name]), info.request_type.model_validate(args))
    assert len(server.requests) == 1
    return server.requests[0]


@pytest.mark.skipif("pds/2022-03-01" not in SPEC_IDS, reason="PDS is not in this catalog run")
def test_pds_bearer_sts_and_anonymous(
    catalog: Catalog, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _generated(catalog, "pds/2022-03-01")
    assert built.package_dir is not None
    monkeypatch.syspath_prepend(str(built.package_dir / "src"))
    # CreateFile declares AK and BearerToken: a bearer credential sends the token.
    req = _one_call(built, "CreateFile", server, bearer_token=BEARER)
    headers = req.header_map()
    assert headers["authorization"] == f"Bearer {BEARER}"
    assert headers["x-acs-bearer-token"] == BEARER
    assert headers["host"] == f"dom-1.{server.endpoint}"
    # STS: the security token is an x-acs header, hence signed.
    req = _one_call(
        built,
        "CreateFile",
        server,
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        security_token="sts-token",
    )
    assert req.header_map()["x-acs-security-token"] == "sts-token"
    assert pds_ok(req, AK_SECRET)
    assert not pds_ok(req, "wrong secret")
    # Anonymous operations need no credentials and send no signature.
    anonymous = [
        n
        for n, o in _import_models(built.import_name or "").items()
        if o.operation["auth"] == "Anonymous"
    ]
    assert anonymous
    for name in list(os.environ):
        if name.startswith("ALIBABA_CLOUD"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(built.package_dir))
    req = _one_call(built, anonymous[0], server)
    assert "authorization" not in req.header_map()


@pytest.mark.skipif("sts/2015-04-01" not in SPEC_IDS, reason="STS is not in this catalog run")
def test_rpc_anonymous_and_bearer(
    catalog: Catalog, server: CaptureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _generated(catalog, "sts/2015-04-01")
    assert built.package_dir is not None
    monkeypatch.syspath_prepend(str(built.package_dir / "src"))
    for name in list(os.environ):
        if name.startswith("ALIBABA_CLOUD"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(built.package_dir))
    req = _one_call(built, "AssumeRoleWithSAML", server)  # Anonymous: no credentials at all
    assert "authorization" not in req.header_map() and req.query()["Format"] == "json"
    req = _one_call(built, "GetCallerIdentity", server, bearer_token=BEARER)
    assert req.header_map()["x-acs-bearer-token"] == BEARER
    assert req.query()["SignatureType"] == "BEARERTOKEN"
    assert "authorization" not in req.header_map()
    req = _one_call(
        built, "GetCallerIdentity", server, access_key_id=AK_ID, access_key_secret=AK_SECRET
    )
    assert acs3_ok(req, AK_SECRET) and not acs3_ok(req, "wrong secret")


# -- docstrings of any text ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \"\\'\n\t\r中"), max_size=12) | st.text(max_size=20))
def test_any_text_is_a_valid_black_stable_docstring(text: str) -> None:
    import black

    mode = black.Mode(line_length=100)
    for render in (compact_docstring, docstring):
        body = render(clean_text(text), 4)
        source = f"def f() -> None:\n    {body or 'pass'}\n"
        tree = ast.parse(source)  # never a syntax error (quotes, backslashes, line breaks)
        if body:
            value = ast.get_docstring(tree.body[0], clean=False)  # type: ignore[arg-type]
            assert (
                isinstance(value, str)
                and '"""' not in source[len('def f() -> None:\n    """') : -4]
            )
        assert black.format_str(source, mode=mode) == source


# -- black -------------------------------------------------------------------------------------


def test_black_changes_nothing_in_the_catalog(catalog: Catalog, crafted: Built) -> None:
    """Every Python file generated for the catalog (and the crafted spec) is exactly what
    black makes of it: the target lays code out as black does, and formats what it marks."""
    for spec_id in SPEC_IDS:
        catalog.get(spec_id)  # built by the tests above; refused specs write nothing
    assert crafted.package_dir is not None
    roots = [catalog.out, crafted.package_dir] if SPEC_IDS else [crafted.package_dir]
    assert_black_clean(*roots)
