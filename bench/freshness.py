"""How soon an act filed in one process is found by every web worker: `legaldesk serve` with
its workers and its indexing loop, an act filed the way the CLI files one, and a search
repeated on a connection held to each worker until the act is in its answer.

    .venv/bin/python -m bench.freshness --acts 50 --workers 2 [--write docs/benchmarks.md]

Which worker answers a connection is read from the operating system (the worker process
that holds the server side of the connection, psutil), not from anything the service says.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import psutil

from bench.load import serve, write_section
from legaldesk.config import Settings
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.synth import generate_acts

SECTION = "## Filed → searchable on every web worker"


class WorkerConnection:
    """A kept-alive HTTP connection to the service, and the worker process serving it."""

    def __init__(self, port: int, service: psutil.Process) -> None:
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.numbers("warm-up")  # opens the connection: a worker accepts it
        self.local_port = self.http.sock.getsockname()[1]
        self.worker = _holder(service, self.local_port)

    def numbers(self, query: str) -> list[str]:
        """The act numbers of the API's answer to ``query``."""
        self.http.request("GET", "/api/v1/search?q=" + quote(query))
        response = self.http.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
        return [str(hit.get("number")) for hit in json.loads(body)["hits"]]

    def close(self) -> None:
        self.http.close()


def _holder(service: psutil.Process, client_port: int) -> int | None:
    for process in service.children(recursive=True):
        try:
            for conn in process.net_connections(kind="tcp"):
                if conn.raddr and conn.raddr.port == client_port:
                    return process.pid
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return None


def one_per_worker(port: int, service: psutil.Process, workers: int) -> list[WorkerConnection]:
    """Fresh connections until each of ``workers`` worker processes holds one (the kernel
    hands each new connection to whichever worker accepts first)."""
    held: dict[int, WorkerConnection] = {}
    deadline = time.monotonic() + 60
    while len(held) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"found {len(held)} of {workers} workers")
        connection = WorkerConnection(port, service)
        if connection.worker is None or connection.worker in held:
            connection.close()
        else:
            held[connection.worker] = connection
    return list(held.values())


def found_by_every_worker(
    connections: list[WorkerConnection], number: str, since: float, timeout: float = 30.0
) -> dict[int, float]:
    """Seconds from ``since`` until each worker's answer holds the act ``number``."""
    waiting = {c.worker: c for c in connections if c.worker is not None}
    seen: dict[int, float] = {}
    deadline = since + timeout
    while waiting:
        for pid, connection in list(waiting.items()):
            if number in connection.numbers(number):
                seen[pid] = time.perf_counter() - since
                del waiting[pid]
        if time.perf_counter() > deadline:
            raise RuntimeError(f"act {number} not found by workers {sorted(waiting)}")
        time.sleep(0.005)
    return seen


def run(acts: int, workers: int, workdir: Path) -> dict[str, object]:
    settings = Settings(data_dir=workdir, ocr=False)
    repo = Repository(settings)
    repo.init()
    process, base = serve(workdir, workers)
    try:
        port = int(base.rsplit(":", 1)[1])
        connections = one_per_worker(port, psutil.Process(process.pid), workers)
        ingestor = repo.ingestor("bench")
        every: list[float] = []
        pause = random.Random(5)
        for act in generate_acts(acts, seed=5):
            # At a random moment of the loop's poll: filing right after the last act was
            # found would always meet the loop just after its last look.
            time.sleep(pause.uniform(0, 0.3))
            number = f"{9000 + act.seq}-бф"  # one act each: «found» cannot mean another
            text = act.text.replace(f"№ {act.number}", f"№ {number}")
            outcome = ingestor.ingest(RawFile(text.encode(), f"{number}.txt"))
            assert outcome.status == "created", outcome.reason
            filed = time.perf_counter()  # committed: the change is in the log
            every.append(max(found_by_every_worker(connections, number, filed).values()))
        for connection in connections:
            connection.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
        repo.close()
    ms = sorted(x * 1000 for x in every)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"acts": acts, "workers": workers, "p50": q[49], "p99": q[98], "max": ms[-1]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--acts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", type=Path, help="put the figures into this markdown file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ld-fresh-") as tmp:
        row = run(args.acts, args.workers, Path(tmp))
    line = (
        f"| {row['workers']} | {row['acts']} | {row['p50']:.0f} | {row['p99']:.0f} "
        f"| {row['max']:.0f} |"
    )
    print(line)
    if args.write:
        command = " ".join(["python -m bench.freshness", *(argv or sys.argv[1:])])
        text = (
            f"{SECTION}\n\n"
            f"`{command}` — `legaldesk serve --workers {row['workers']}` (SQLite), its "
            "indexing loop polling the change log every 0.1 s; each act is filed by another "
            "process through the ingest pipeline, at a random moment (0–0.3 s after the last "
            "one was found), and searched by number on a kept-alive "
            "connection to each worker (5 ms between tries) until every worker finds it. "
            "Milliseconds from the commit of the filing to the last worker's answer:\n\n"
            "| workers | acts | p50 ms | p99 ms | max ms |\n| ---: | ---: | ---: | ---: | ---: |\n"
            f"{line}\n"
        )
        write_section(args.write, text, SECTION)


if __name__ == "__main__":
    main()
