"""The generated ECS SDK beside the official one: import + client, size, per-call overhead.

    python benchmarks/sdk.py [--spec PATH] [--runs N] [--calls N]

All figures come from one run:

* **import + client (ms)**: ``import`` of the package plus creating a client
  (``region_id="cn-hangzhou"``, access key ``a``/``b``), timed inside a fresh interpreter,
  median of ``--runs`` subprocesses (default 15). The generated package is byte-compiled
  first, as ``pip install`` does for both.
* **lines of Python**: every line of every ``.py`` file of the package (the generated one
  with its ``_runtime``; the official ``alibabacloud_ecs20140526``, without its
  dependencies).
* **per call (µs)**: ``DescribeRegions`` against a local HTTP/1.1 server on 127.0.0.1 (a
  separate process, keep-alive, a fixed JSON reply): building, signing, sending and parsing
  the typed response, same credentials for both; median of 5 rounds of ``--calls`` calls
  (default 300) after a warm-up, each SDK in its own fresh interpreter, three interpreters
  each, alternated (the median is printed).

The ECS spec is generated into a temporary directory (``--spec``, default the shared
corpus). Run it on an idle machine for the figures you report: other load inflates all of
them (both SDKs alike).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "corpus" / "ecs" / "2014-05-26" / "api-docs.php"
OFFICIAL = "alibabacloud_ecs20140526"
OURS = "ecs_20140526"
REPLY = json.dumps(
    {
        "RequestId": "bench-1",
        "Regions": {
            "Region": [
                {
                    "RegionId": "cn-hangzhou",
                    "LocalName": "华东1 杭州",
                    "Status": "available",
                },
                {
                    "RegionId": "cn-beijing",
                    "LocalName": "华北2 北京",
                    "Status": "available",
                },
            ]
        },
    },
    ensure_ascii=False,
).encode()

IMPORT_OURS = f"""
import time
t = time.perf_counter()
import {OURS} as m
m.Client(region_id="cn-hangzhou", access_key_id="a", access_key_secret="b")
print((time.perf_counter() - t) * 1000)
"""
IMPORT_OFFICIAL = f"""
import time
t = time.perf_counter()
from {OFFICIAL}.client import Client
from alibabacloud_tea_openapi.utils_models import Config
Client(Config(region_id="cn-hangzhou", access_key_id="a", access_key_secret="b"))
print((time.perf_counter() - t) * 1000)
"""
CALL_OURS = f"""
import json, statistics, sys, time
import {OURS} as m
endpoint, calls = sys.argv[1], int(sys.argv[2])
client = m.Client(endpoint=endpoint, protocol="http", access_key_id="a",
                  access_key_secret="b", retry=0)
assert client.describe_regions().regions.region[0].region_id == "cn-hangzhou"
rounds = []
for _ in range(5):
    t = time.perf_counter()
    for _ in range(calls):
        client.describe_regions()
    rounds.append((time.perf_counter() - t) / calls * 1e6)
print(statistics.median(rounds))
"""
CALL_OFFICIAL = f"""
import json, statistics, sys, time
from {OFFICIAL}.client import Client
from {OFFICIAL} import models
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions
endpoint, calls = sys.argv[1], int(sys.argv[2])
client = Client(Config(endpoint=endpoint, protocol="http", access_key_id="a",
                       access_key_secret="b"))
request, runtime = models.DescribeRegionsRequest(), RuntimeOptions()
response = client.describe_regions_with_options(request, runtime)
assert response.body.regions.region[0].region_id == "cn-hangzhou"
rounds = []
for _ in range(5):
    t = time.perf_counter()
    for _ in range(calls):
        client.describe_regions_with_options(request, runtime)
    rounds.append((time.perf_counter() - t) / calls * 1e6)
print(statistics.median(rounds))
"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real endpoint
    disable_nagle_algorithm = True  # no delayed-ACK stalls between header and body writes

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("content-type", "application/json;charset=utf-8")
        self.send_header("content-length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)

    do_GET = do_POST = _reply

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(port_file: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


def _python(code: str, src: Path | None, *args: str) -> float:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return float(done.stdout.split()[-1])


def lines_of_python(package: Path) -> int:
    return sum(len(p.read_bytes().splitlines()) for p in package.rglob("*.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve(options.serve)
        return
    try:
        import alibabacloud_ecs20140526
    except ImportError:
        raise SystemExit(f"the official {OFFICIAL} package is not installed") from None
    official_dir = Path(alibabacloud_ecs20140526.__file__).parent

    from gen_sdk.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        started = time.perf_counter()
        result = generate([options.spec], out, cache_dir=Path(tmp) / "cache", jobs=1)
        generated_in = time.perf_counter() - started
        if not result.ok:
            raise SystemExit("generation failed: " + "; ".join(map(str, result.diagnostics)))
        src = result.results[0].package_dir / "src"
        compileall.compile_dir(src, quiet=1)

        ours_import = statistics.median(_python(IMPORT_OURS, src) for _ in range(options.runs))
        theirs_import = statistics.median(
            _python(IMPORT_OFFICIAL, None) for _ in range(options.runs)
        )
        ours_lines = lines_of_python(src / OURS)
        theirs_lines = lines_of_python(official_dir)

        port_file = Path(tmp) / "port"
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port_file)])
        try:
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.01)
            endpoint = f"127.0.0.1:{port_file.read_text()}"
            calls = str(options.calls)
            # Alternated, so that a change in the machine's load hits both alike.
            ours_calls: list[float] = []
            theirs_calls: list[float] = []
            for _ in range(3):
                ours_calls.append(_python(CALL_OURS, src, endpoint, calls))
                theirs_calls.append(_python(CALL_OFFICIAL, None, endpoint, calls))
            ours_call = statistics.median(ours_calls)
            theirs_call = statistics.median(theirs_calls)
        finally:
            server.terminate()
            server.wait()

    print(f"ECS {options.spec.parent.name}: generated and formatted in {generated_in:.1f} s")
    print(f"{'':24}{'gen-sdk':>12}{'official':>12}{'ratio':>8}")
    rows = [
        ("import + client (ms)", ours_import, theirs_import),
        ("lines of Python", ours_lines, theirs_lines),
        ("per call (µs)", ours_call, theirs_call),
    ]
    for label, ours, theirs in rows:
        print(f"{label:24}{ours:>12,.0f}{theirs:>12,.0f}{ours / theirs:>8.2f}")


if __name__ == "__main__":
    main()
