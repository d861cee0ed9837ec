"""A real HTTP server on 127.0.0.1 for the demo website, the harvester tests and the harvest
benchmark: a site held in memory (or loaded from a folder), ETag and Last-Modified with 304
answers, a request log, and faults set per path (status codes, Retry-After, delays,
drip-fed bodies, redirects, truncated bodies, a lying Content-Type); and a host that accepts
connections and never answers (``silent_host``).

    with serve(Site.from_directory(Path("data/demo_site"))) as site:
        site.url("/postanovleniya/")
"""

from __future__ import annotations

import hashlib
import mimetypes
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".rtf": "application/rtf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.files: dict[str, Served] = {}
        self.faults: dict[str, Fault] = {}
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.base = ""

    @classmethod
    def from_directory(cls, root: Path, port: int = 0) -> Site:
        """Every file under ``root`` at its relative path; a folder's index.html also at the
        folder's own URL. A page that declares windows-1251 is served as such."""
        site = cls(port)
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            rel = "/" + path.relative_to(root).as_posix()
            kind = TYPES.get(path.suffix.lower()) or (
                mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
            data = path.read_bytes()
            if kind.startswith("text/html") and b"windows-1251" in data[:300]:
                kind = "text/html; charset=windows-1251"
            site.put(rel, data, kind)
            if path.name == "index.html":
                site.put(rel[: -len("index.html")], data, kind)
        return site

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
        # Headers and body go out in two writes: with Nagle's algorithm on, the body waits
        # for the client's delayed ACK of the headers, 40 ms per keep-alive request.
        disable_nagle_algorithm = True

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
            # Browsers and httpx send «/upload/iblock/3a1/Постановление 245-п.pdf» quoted.
            served = site.files.get(self.path) or site.files.get(unquote(self.path))
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
    server = ThreadingHTTPServer(("127.0.0.1", site.port), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


class SilentHost:
    """A host that accepts connections and never answers: a web server hung behind a
    listening socket, as small municipal hosting does. The harvester's circuit breaker and
    run deadline are tested and measured against it. ``accepted`` counts connections."""

    def __init__(self) -> None:
        self.accepted = 0
        self.base = ""
        self._held: list[socket.socket] = []
        self._stop = threading.Event()

    def url(self, path: str) -> str:
        return self.base + path

    def _serve(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)  # never read, never written: the client waits


@contextmanager
def silent_host() -> Iterator[SilentHost]:
    host = SilentHost()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.settimeout(0.1)  # the accept loop looks at the stop flag this often
    host.base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    thread = threading.Thread(target=host._serve, args=(listener,), daemon=True)
    thread.start()
    try:
        yield host
    finally:
        host._stop.set()
        thread.join(timeout=5)
        listener.close()
        for conn in host._held:
            conn.close()


def main(argv: list[str] | None = None) -> None:
    """Serve a folder (the demo website) until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(description="Serve a site folder on 127.0.0.1.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8642)
    args = parser.parse_args(argv)
    with serve(Site.from_directory(args.root, args.port)) as site:
        print(f"serving {args.root} at {site.base}/ — Ctrl-C to stop", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
