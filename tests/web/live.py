"""The service on a real socket for browser tests: uvicorn in a thread, until the test
module is done."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.web.indexing import indexing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(repo: Repository, apply_log: bool = True) -> Iterator[str]:
    """The application over ``repo`` at a local address, started and stopped; applying the
    change log before each request (tests/web/indexing.py) unless an indexing loop runs
    beside it (``apply_log=False``)."""
    port = free_port()
    app = indexing(create_app(repo)) if apply_log else create_app(repo)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # waiting for an event, with a deadline
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
