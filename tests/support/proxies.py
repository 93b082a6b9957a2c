"""Loopback HTTP proxies that stand in front of a real server and misbehave on purpose: slow, failing with an
HTTP error, guarded by HTTP Basic auth, or cutting a request in half. Each records the requests it saw."""

from __future__ import annotations

import base64
import http.client
import http.server
import select
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message
from typing import ClassVar


@dataclass(frozen=True)
class Request:
    """A request as the proxy received it."""

    method: str
    path: str
    headers: Message
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What the proxy answers: a status, a body and extra headers."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = False  # close() waits for the requests in flight, so a test sees all they did upstream
    block_on_close = True


class _Handler(http.server.BaseHTTPRequestHandler):
    proxy: ClassVar[Proxy]

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = Request(self.command, self.path, self.headers, body)
        self.proxy.seen.append(request)
        reply = self.proxy.answer(request, self.connection)
        if reply is None:
            return
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, *args) -> None:
        pass


class Proxy:
    """Forwards every request to ``upstream`` (a base URL such as http://127.0.0.1:7878) and its answer back;
    subclasses change :meth:`answer`. Use as a context manager: leaving it waits for requests in flight."""

    def __init__(self, upstream: str | None = None) -> None:
        self.upstream = urllib.parse.urlsplit(upstream) if upstream else None
        self.seen: list[Request] = []
        self.server = _Server(("127.0.0.1", 0), type("Handler", (_Handler,), {"proxy": self}))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def answer(self, request: Request, client: socket.socket) -> Reply | None:
        """The reply to send, or None to hang up without one."""
        return self.forward(request)

    def forward(self, request: Request) -> Reply:
        assert self.upstream is not None
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        skip = {"host", "authorization", "connection", "content-length"}
        headers = {k: v for k, v in request.headers.items() if k.lower() not in skip}
        try:
            conn.request(request.method, request.path, body=request.body, headers=headers)
            response = conn.getresponse()
            kept = tuple((k, v) for k, v in response.getheaders() if k.lower() == "content-type")
            return Reply(response.status, response.read(), kept)
        finally:
            conn.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _hung_up(client: socket.socket, wait: float) -> bool:
    """Whether the client closes its connection within ``wait`` seconds."""
    readable, _, _ = select.select([client], [], [], wait)
    return bool(readable) and client.recv(1, socket.MSG_PEEK) == b""


class Slow(Proxy):
    """Holds each request ``delay`` seconds before forwarding it; a request whose client gave up meanwhile is
    dropped, as reverse proxies drop abandoned requests. ``dropped`` counts them."""

    def __init__(self, upstream: str, delay: float) -> None:
        super().__init__(upstream)
        self.delay = delay
        self.dropped = 0

    def answer(self, request: Request, client: socket.socket) -> Reply | None:
        if _hung_up(client, self.delay):
            self.dropped += 1
            return None
        return self.forward(request)


class Failing(Proxy):
    """Answers every request with ``status`` and an HTML error page that, like some debug pages, echoes the
    request's headers (credentials included) and carries terminal escape codes; nothing reaches a server."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__()
        self.status, self.message = status, message

    def answer(self, request: Request, client: socket.socket) -> Reply:
        headers = sorted(request.headers.items(), key=lambda kv: kv[0] != "Authorization")  # credentials first
        echoed = "".join(f"<li>{k}: {v}</li>" for k, v in headers)
        page = (
            f"<!DOCTYPE html>\n<html><head><title>{self.status}</title></head>\n<body>\n"
            f"<h1>\x1b[31m{self.message}\x1b[0m</h1>\n<ul>{echoed}</ul>\n</body></html>\n"
        )
        return Reply(self.status, page.encode(), (("Content-Type", "text/html; charset=utf-8"),))


class Guarded(Proxy):
    """Forwards only requests with the right HTTP Basic credentials; answers 401 to the others."""

    def __init__(self, upstream: str, user: str, password: str) -> None:
        super().__init__(upstream)
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    def answer(self, request: Request, client: socket.socket) -> Reply:
        if request.headers.get("Authorization") != self.expected:
            return Reply(401, b"Unauthorized", (("WWW-Authenticate", 'Basic realm="dckg test"'),))
        return self.forward(request)


class Truncator(Proxy):
    """Forwards a request with a body longer than ``beyond`` bytes only in part, its first half, and then hangs
    up on the server: an upload that breaks in the middle (clients get HTTP 502). Shorter ones pass whole."""

    def __init__(self, upstream: str, beyond: int = 1000) -> None:
        super().__init__(upstream)
        self.beyond = beyond

    def answer(self, request: Request, client: socket.socket) -> Reply:
        if len(request.body) <= self.beyond:
            return self.forward(request)
        assert self.upstream is not None
        head = f"{request.method} {request.path} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in request.headers.items() if k.lower() != "connection"
        )
        with socket.create_connection((self.upstream.hostname, self.upstream.port), timeout=10) as up:
            up.sendall(head.encode("latin-1") + b"\r\n" + request.body[: len(request.body) // 2])
            time.sleep(0.2)
        return Reply(502, b"upstream failed")


class Raw(Proxy):
    """Answers every request with the same raw bytes, HTTP or not, and hangs up (no bytes: hangs up at once)."""

    def __init__(self, answer: bytes) -> None:
        super().__init__()
        self.raw = answer

    def answer(self, request: Request, client: socket.socket) -> None:
        client.sendall(self.raw)


class RefusesPut(Proxy):
    """Forwards every request but the ``nth`` PUT (1 is the first) and, when ``then_all``, every request after it:
    those it answers with HTTP 500, as a store that fails in the middle of a push (and, with ``then_all``, goes on
    failing while the push is put back)."""

    def __init__(self, upstream: str, nth: int = 2, then_all: bool = False) -> None:
        super().__init__(upstream)
        self.nth, self.then_all, self.puts = nth, then_all, 0

    def answer(self, request: Request, client: socket.socket) -> Reply:
        self.puts += request.method == "PUT"
        if self.puts == self.nth and (request.method == "PUT" or self.then_all):
            return Reply(500, b"the store refused this graph", (("Content-Type", "text/plain"),))
        if self.then_all and self.puts > self.nth:
            return Reply(500, b"still failing", (("Content-Type", "text/plain"),))
        return self.forward(request)
