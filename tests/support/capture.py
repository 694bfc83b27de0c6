"""A stdlib HTTP capture server on 127.0.0.1 and the fixed test inputs."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus

AK_ID = "testAccessKeyId"
AK_SECRET = "testAccessKeySecret"
FIXED_DATE = "2025-01-02T03:04:05Z"


@dataclass
class Captured:
    method: str
    raw_path: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def path(self) -> str:
        return self.raw_path.split("?", 1)[0]

    @property
    def raw_query(self) -> str:
        return self.raw_path.split("?", 1)[1] if "?" in self.raw_path else ""

    def query(self) -> dict[str, str]:
        """Decoded query, as a server decodes it before canonicalising."""
        out: dict[str, str] = {}
        for pair in self.raw_query.split("&") if self.raw_query else []:
            key, _, value = pair.partition("=")
            out[unquote_plus(key)] = unquote_plus(value)
        return out

    def header_map(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"RequestId":"req-ok"}'
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    chunks: Iterable[bytes] | None = None
    """Sent with chunked encoding (any iterable: a generator may never end)."""
    framed: bool = True
    """``False``: ``chunks`` are written raw after the headers, without chunked encoding (the
    reply's own headers, e.g. a made-up ``Content-Length``, frame the body)."""


class CaptureServer:
    """A stdlib HTTP server on 127.0.0.1 that records requests and plays queued replies."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.requests: list[Captured] = []
        self.replies: list[Reply] = []
        self.default = Reply()
        self.sent = 0
        """Body bytes written for streamed (``chunks``) replies."""
        self.aborted = threading.Event()
        """Set when a client hung up while a ``chunks`` body was being written."""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.requests.append(
                    Captured(self.command, self.path, list(self.headers.items()), body)
                )
                reply = outer.replies.pop(0) if outer.replies else outer.default
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.chunks is not None:
                    if reply.framed:
                        self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for chunk in reply.chunks:
                            data = b"%x\r\n%s\r\n" % (len(chunk), chunk) if reply.framed else chunk
                            self.wfile.write(data)
                            self.wfile.flush()
                            outer.sent += len(chunk)
                        if reply.framed:
                            self.wfile.write(b"0\r\n\r\n")
                    except OSError:  # the client hung up (e.g. a body over its size limit)
                        self.close_connection = True
                        outer.aborted.set()
                else:
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.endpoint = f"127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def reply_json(self, status: int, payload: object, **headers: str) -> None:
        hdrs = {"Content-Type": "application/json", **headers}
        self.replies.append(Reply(status, json.dumps(payload).encode(), hdrs))

    def take(self) -> Captured:
        assert self.requests, "no request captured"
        return self.requests.pop(0)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
