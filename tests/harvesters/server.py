"""A real HTTP server on 127.0.0.1 for harvester tests: a site held in memory, conditional GET,
a request log, and faults a test sets per path."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Fault:
    status: int | None = None  # answer this instead of the content
    times: int | None = None  # only the first N requests (then the content)
    retry_after: str | None = None
    delay: float = 0.0  # before the headers
    drip: float = 0.0  # between body bytes
    redirect: str | None = None
    truncate: bool = False  # promise more bytes than are sent, then close
    content_type: str | None = None  # lie about the type
    hits: int = 0


@dataclass
class Served:
    body: bytes
    content_type: str
    modified: float = field(default_factory=time.time)


class Site:
    def __init__(self) -> None:
        self.files: dict[str, Served] = {}
        self.faults: dict[str, Fault] = {}
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.base = ""

    def put(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8"
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.files[path] = Served(data, content_type, time.time() - 3600)
        return self.base + path

    def change(self, path: str, body: bytes) -> None:
        served = self.files[path]
        self.files[path] = Served(body, served.content_type, served.modified + 60)

    def remove(self, path: str) -> None:
        del self.files[path]

    def fault(self, path: str, **kw: object) -> None:
        self.faults[path] = Fault(**kw)  # type: ignore[arg-type]

    def requests_to(self, path: str) -> list[int]:
        with self.lock:
            return [status for p, status in self.log if p == path]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def _answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            with site.lock:
                site.log.append((self.path, status))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            fault = site.faults.get(self.path)
            if fault is not None and (fault.times is None or fault.hits < fault.times):
                fault.hits += 1
                if self._fault(fault):
                    return
            served = site.files.get(self.path)
            if served is None:
                self._answer(404, {"Content-Type": "text/html"}, b"<h1>404</h1>")
                return
            etag = '"' + hashlib.sha256(served.body).hexdigest()[:16] + '"'
            modified = formatdate(served.modified, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self._answer(304, {"ETag": etag, "Last-Modified": modified})
                return
            content_type = served.content_type
            if fault is not None and fault.content_type:
                content_type = fault.content_type
            if fault is not None and fault.drip:
                self._answer_drip(served.body, content_type, fault.drip)
                return
            self._answer(
                200,
                {"Content-Type": content_type, "ETag": etag, "Last-Modified": modified},
                served.body,
            )

        def _fault(self, fault: Fault) -> bool:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.redirect:
                self._answer(302, {"Location": fault.redirect})
                return True
            if fault.status:
                headers = {"Content-Type": "text/html"}
                if fault.retry_after:
                    headers["Retry-After"] = fault.retry_after
                self._answer(fault.status, headers, b"<h1>error</h1>")
                return True
            if fault.truncate:
                served = site.files[self.path]
                with site.lock:
                    site.log.append((self.path, 200))
                self.send_response(200)
                self.send_header("Content-Type", served.content_type)
                self.send_header("Content-Length", str(len(served.body) + 1000))
                self.end_headers()
                self.wfile.write(served.body[: len(served.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return True
            return False

        def _answer_drip(self, body: bytes, content_type: str, pause: float) -> None:
            with site.lock:
                site.log.append((self.path, 200))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(pause)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
