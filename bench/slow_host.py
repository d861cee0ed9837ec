"""A website whose files never come: how long one harvest of a 58-file listing takes, and
how many requests it makes to the host that does not answer.

    .venv/bin/python -m bench.slow_host [--files 58] [--timeout 1] [--scenario both]

Two real servers on 127.0.0.1, as a municipal site fails in practice:

- ``hung-files``: the site answers its listing and robots.txt, but every file request is
  accepted and never answered (an overloaded document store behind the same host);
- ``silent-host``: the listing links the files on another host that accepts connections and
  never answers anything, robots.txt included.

The source keeps every default of ``[source.http]`` (politeness delay 1 s, 2 requests in
flight, 3 retries with backoff 1, 2, 4 s, robots.txt honoured, and where the code has them
the circuit breaker and the run deadline) but the timeout, which is shortened so that the
old behaviour can be measured in minutes rather than hours: the timeout parts of the time
scale with it (docs/benchmarks.md gives the figures at the default 30 s). The same file
runs against the commit before the breaker (it uses nothing that commit lacks).
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from legaldesk.config import Settings
from legaldesk.harvesters.config import HttpSettings, source_from_dict
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, run_errors, save_source
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve

HANG = 24 * 3600.0  # a file request's handler waits this long: longer than any run


class Silent:
    """Accepts connections and never reads or writes (kept here, not imported, so that this
    file runs on commits that predate legaldesk.synth.webserver.silent_host)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(512)
        self.listener.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepted = 0
        self.held: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            self.held.append(conn)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.listener.close()
        for conn in self.held:
            conn.close()


def listing(links: list[str]) -> str:
    rows = "".join(
        f'<tr><td>{i % 28 + 1:02d}.03.2024</td><td>{i}-п</td><td><a href="{link}">'
        f"О мерах поддержки номер {i}</a></td></tr>"
        for i, link in enumerate(links, 1)
    )
    return f'<html><head><meta charset="utf-8"></head><body><table class="docs">{rows}</table>'


@contextmanager
def scenario(name: str, files: int) -> Iterator[tuple[Site, Any]]:
    """The site, and what counts the requests that went unanswered."""
    with serve(Site()) as site:
        site.put("/robots.txt", "User-agent: *\nDisallow: /admin/\n", "text/plain")
        if name == "hung-files":
            links = [f"/files/{i}.docx" for i in range(1, files + 1)]
            for link in links:
                site.fault(link, delay=HANG)
            site.put("/docs/index.html", listing(links))
            yield site, lambda: sum(site.faults[link].hits for link in links)
            return
        silent = Silent()
        try:
            links = [silent.base + f"/files/{i}.docx" for i in range(1, files + 1)]
            site.put("/docs/index.html", listing(links))
            yield site, lambda: silent.accepted
        finally:
            silent.close()


def run(name: str, files: int, timeout: float) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="legaldesk-slow-host-") as tmp,
        scenario(name, files) as (site, unanswered),
    ):
        settings = Settings(data_dir=Path(tmp), ocr=False, fetch_allow=("127.0.0.1",))
        repo = Repository(settings)
        repo.init()
        config = {
            "name": "slow",
            "kind": "listing",
            "start_urls": [site.url("/docs/index.html")],
            "listing": {"item": "table.docs tr"},
            "http": {"timeout": timeout},
        }
        save_source(repo.engine, source_from_dict(config))
        start = time.perf_counter()
        report = Harvester(repo, get_source(repo.engine, "slow")).run()
        elapsed = time.perf_counter() - start
        kinds: dict[str, int] = {}
        for error in run_errors(repo.engine, report.run_id or 0):
            kind = getattr(error, "kind", "error")
            kinds[kind] = kinds.get(kind, 0) + 1
        first = report.errors[-1][1] if report.errors else ""
        repo.close()
        return {
            "scenario": name,
            "seconds": elapsed,
            "status": report.status,
            "failed": report.failed,
            "unanswered requests": unanswered(),
            "errors by kind": kinds,
            "last error": first,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=58)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--scenario", choices=("hung-files", "silent-host", "both"), default="both")
    args = parser.parse_args()
    fields = set(HttpSettings.model_fields)
    print(
        f"files {args.files}, timeout {args.timeout:g} s; breaker: "
        + ("yes" if "breaker_failures" in fields else "no (before)")
    )
    names = ("hung-files", "silent-host") if args.scenario == "both" else (args.scenario,)
    for name in names:
        result = run(name, args.files, args.timeout)
        print(
            f"{result['scenario']}: {result['seconds']:.1f} s, {result['status']}, "
            f"{result['failed']} failed, {result['unanswered requests']} requests unanswered, "
            f"errors by kind {result['errors by kind']}; last: {result['last error'][:120]}",
            flush=True,
        )


if __name__ == "__main__":
    main()
