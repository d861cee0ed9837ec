"""The web service under concurrent clients: search pages, act pages and the JSON API over
loopback, against a library of synthetic acts.

    scripts/setup.sh bench                                                      # wrk, once
    .venv/bin/python -m bench.load --count 100000 --workdir /tmp/ld-load --keep   # build once
    .venv/bin/python -m bench.load --count 100000 --workdir /tmp/ld-load --keep \\
        --clients 50 --duration 30 --workers 2 --rates 100 150 200 --wrk --write docs/benchmarks.md

The acts (legaldesk.synth, deterministic) are written to the database in bulk and indexed
by the same ``reindex`` the CLI uses, so every page works for every id. The service is
started as users start it (``legaldesk serve``, uvicorn with httptools) in its
own process; the clients are an httpx script in this process, each client a loop that sends
its next request when the previous answer arrives (closed loop). Every request's latency and
status are recorded; anything but a 200 counts as an error.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psutil
from rich.progress import Progress
from sqlalchemy import insert
from sqlmodel import Session, select

from bench.scale import QUERIES
from legaldesk.config import Settings
from legaldesk.indexing import reindex
from legaldesk.issuers import match_issuer
from legaldesk.models import Document, DocumentRubric, Rubric, Version
from legaldesk.models.base import utcnow
from legaldesk.publication import PUBLISHED
from legaldesk.repository import Repository
from legaldesk.synth import SyntheticAct, generate_acts

BATCH = 5_000
SECTION = "## Web service under load"


def build(workdir: Path, count: int) -> None:
    """A data directory with ``count`` acts in the database and the index."""
    repo = Repository(Settings(data_dir=workdir, ocr=False))
    repo.init()
    with Session(repo.engine) as session:
        rubric_ids = {r.code: r.id for r in session.exec(select(Rubric)).all()}
    issuers: dict[str, int] = {}
    with Progress() as progress:
        task = progress.add_task("writing acts", total=count)
        batch: list[SyntheticAct] = []
        next_id = 1
        for act in generate_acts(count, seed=7):
            batch.append(act)
            if len(batch) == BATCH:
                _write(repo, batch, next_id, issuers, rubric_ids)
                next_id += len(batch)
                progress.advance(task, len(batch))
                batch = []
        if batch:
            _write(repo, batch, next_id, issuers, rubric_ids)
            progress.advance(task, len(batch))
        task = progress.add_task("indexing", total=count)
        reindex(repo.engine, repo.index, progress=lambda n: progress.advance(task, n))
    repo.close()


def prepare(workdir: Path | None, count: int, keep: bool, prefix: str) -> Path:
    """The data directory to serve: ``workdir`` as built before for ``count`` acts when
    ``keep`` says to reuse it, else built afresh (in a new temporary directory if none)."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    # v2: acts published and issuers on record; a directory built before is built again
    marker = workdir / f"built-{count}.v2"
    if not (keep and marker.exists()):
        shutil.rmtree(workdir, ignore_errors=True)
        started = time.perf_counter()
        build(workdir, count)
        marker.write_text(f"{time.perf_counter() - started:.0f} s\n")
    return workdir


def _write(
    repo: Repository,
    acts: list[SyntheticAct],
    first_id: int,
    issuers: dict[str, int],
    rubric_ids: dict[str, int | None],
) -> None:
    now = utcnow()
    new = {act.issuer: act.level for act in acts if act.issuer not in issuers}
    if new:
        # Through the authority file, as filing does: with the spelling on record, an upload
        # naming the same body finds it instead of adding it twice.
        with Session(repo.engine) as session:
            for name, level in new.items():
                found = match_issuer(session, name, level, propose=False)
                assert found is not None and found.body.id is not None
                issuers[name] = found.body.id
            session.commit()
    with repo.engine.begin() as conn:
        ids = range(first_id, first_id + len(acts))
        conn.execute(
            insert(Document),
            [
                {
                    "id": doc_id,
                    "doc_type": act.doc_type,
                    "number": act.number,
                    "date_adopted": act.date_adopted,
                    "title": act.title,
                    "issuer_id": issuers[act.issuer],
                    "level": act.level,
                    "territory": act.territory,
                    "status": "in_force",
                    "needs_review": False,
                    # public, as a librarian's upload is: the public sees published acts only
                    "publication": PUBLISHED,
                    "publication_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for doc_id, act in zip(ids, acts, strict=True)
            ],
        )
        conn.execute(
            insert(Version),
            [
                {
                    "document_id": doc_id,
                    "number_in_document": 1,
                    "sha256": hashlib.sha256(f"{doc_id}:{act.text}".encode()).hexdigest(),
                    "filename": f"act-{doc_id}.txt",
                    "media_type": "text/plain",
                    "size": len(act.text.encode()),
                    "text_method": "native",
                    "text": act.text,
                    "created_at": now,
                }
                for doc_id, act in zip(ids, acts, strict=True)
            ],
        )
        links = [
            {"document_id": doc_id, "rubric_id": rubric_ids[code]}
            for doc_id, act in zip(ids, acts, strict=True)
            for code in dict.fromkeys(act.rubrics)
            if rubric_ids.get(code)
        ]
        if links:
            conn.execute(insert(DocumentRubric), links)


def service_cpu(process: subprocess.Popen[bytes]) -> float:
    """CPU seconds the service has used so far: its process and every worker."""
    root = psutil.Process(process.pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    workdir: Path,
    workers: int,
    legaldesk: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """``legaldesk serve`` on a free port, once it answers: this build's command, or
    ``legaldesk`` (another build's), with ``extra_env`` added to its environment."""
    port = _free_port()
    env = {
        **os.environ,
        "LEGALDESK_DATA_DIR": str(workdir),
        "LEGALDESK_OCR": "false",
        **(extra_env or {}),
    }
    program = legaldesk or Path(sys.executable).parent / "legaldesk"
    command = [str(program), "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # poll until it answers (or give up): no fixed sleep
        try:
            if httpx.get(base + "/api/v1/rubrics", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("the service did not start")
        time.sleep(0.2)


READ_MIX = {"search page": 45, "act page": 25, "API search": 20, "home page": 10}
FILTER_TYPES = ["postanovlenie", "reshenie", "rasporyazhenie"]


def read_path(kind: str, rng: random.Random, count: int) -> str:
    """A path of one of READ_MIX's kinds, as a resident would ask for it; of the search
    pages, two in nine narrow by type and year."""
    q = quote(rng.choice(QUERIES))
    if kind == "search page":
        if rng.random() < 2 / 9:
            year = rng.randint(2015, 2026)
            return f"/search?q={q}&type={rng.choice(FILTER_TYPES)}&year={year}"
        return f"/search?q={q}"
    if kind == "act page":
        return f"/documents/{rng.randint(1, count)}"
    if kind == "API search":
        return f"/api/v1/search?q={q}"
    if kind == "home page":
        return "/"
    raise ValueError(f"not a kind of read: {kind}")


def requests(count: int, seed: int) -> Iterator[tuple[str, str]]:
    """(kind, path) forever: a resident's mix of search pages, act pages, the API and the
    home page, in READ_MIX's proportions."""
    rng = random.Random(seed)
    kinds, weights = list(READ_MIX), list(READ_MIX.values())
    while True:
        (kind,) = rng.choices(kinds, weights)
        yield kind, read_path(kind, rng, count)


async def drive(
    base: str, count: int, clients: int, duration: float, rate: float
) -> list[dict[str, Any]]:
    """``clients`` concurrent clients for ``duration`` seconds. With ``rate`` 0 each sends its
    next request when the previous answer arrives (closed loop: the service's capacity).
    With a rate, the clients together send ``rate`` requests a second at random (Poisson)
    moments, as residents do, and a request's latency counts from the moment it was due,
    so a stalled service cannot hide its queue by slowing the clients down."""
    samples: list[dict[str, Any]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        for _n, (_kind, path) in zip(range(20), requests(count, seed=99), strict=False):
            await http.get(path)  # warm the caches the way a first visitor would
        start = time.perf_counter()
        stop = start + duration

        async def client(n: int) -> None:
            rng = random.Random(n)
            due = start
            for kind, path in requests(count, seed=n):
                if rate:
                    due += rng.expovariate(rate / clients)
                    wait = due - time.perf_counter()
                    if wait > 0:
                        await asyncio.sleep(wait)
                else:
                    due = time.perf_counter()
                if due >= stop:
                    return
                status: int | str
                try:
                    status = (await http.get(path)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                samples.append(
                    {"kind": kind, "ms": (time.perf_counter() - due) * 1000, "status": status}
                )

        await asyncio.gather(*(client(n) for n in range(clients)))
    return samples


WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
init = function(args) i = math.random(#paths) end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(base: str, count: int, clients: int, duration: float, workdir: Path) -> dict[str, Any]:
    """The same mix through wrk (a load generator in C, so the clients take little of the
    CPU the service needs): closed loop, overall figures only."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: scripts/setup.sh bench (apt-get install wrk)")
    paths = workdir / "load-paths.txt"
    paths.write_text(
        "\n".join(p for _n, (_k, p) in zip(range(20_000), requests(count, 5), strict=False))
    )
    script = workdir / "load-mix.lua"
    script.write_text(WRK_SCRIPT % paths)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{int(duration)}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert value, out
        return float(value[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[value[2]]

    total = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    assert total and rps, out
    return {
        "kind": "all (wrk)",
        "requests": int(total[1]),
        "rps": float(rps[1]),
        "p50": ms("50%"),
        "p90": ms("90%"),
        "p99": ms("99%"),
        "max": float("nan"),
        "errors": (int(bad[1]) if bad else 0)
        + (sum(int(g) for g in socket_errors.groups()) if socket_errors else 0),
    }


def failed(sample: dict[str, Any]) -> bool:
    """A sample that counts as an error: its own verdict if it has one (a form's answer
    is a redirect or a page that must say it was taken), else anything but a 200."""
    return not sample["ok"] if "ok" in sample else sample["status"] != 200


def summarise(
    samples: list[dict[str, Any]], duration: float, kinds: Sequence[str] = tuple(READ_MIX)
) -> list[dict[str, Any]]:
    """Per kind (in ``kinds``' order) and over all: requests, rates, latency percentiles,
    errors and what they were."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for sample in samples:
        groups[sample["kind"]].append(sample)
        groups["all"].append(sample)
    rows = []
    for kind in [*kinds, "all"]:
        group = groups.get(kind, [])
        if not group:
            continue
        ms = sorted(s["ms"] for s in group)
        # quantiles wants two points (Python 3.11); a kind seen once is its own percentile
        q = statistics.quantiles(ms * 2 if len(ms) == 1 else ms, n=100, method="inclusive")
        rows.append(
            {
                "kind": kind,
                "requests": len(group),
                "rps": len(group) / duration,
                "p50": q[49],
                "p90": q[89],
                "p99": q[98],
                "max": ms[-1],
                "errors": sum(1 for s in group if failed(s)),
                "error_kinds": dict(Counter(str(s["status"]) for s in group if failed(s))),
            }
        )
    return rows


def markdown(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| workers | load | kind | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors "
        "| service CPU ms/req |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for row in run["rows"]:
            top = "—" if row["max"] != row["max"] else f"{row['max']:.0f}"  # NaN: wrk
            cpu = f"{row['cpu_ms']:.1f}" if "cpu_ms" in row else ""
            lines.append(
                f"| {run['workers']} | {run['load']} | {row['kind']} | {row['requests']:,} "
                f"| {row['rps']:.0f} | {row['p50']:.1f} | {row['p90']:.1f} | {row['p99']:.1f} "
                f"| {top} | {row['errors']} | {cpu} |"
            )
    return "\n".join(lines)


def _finite(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}


def write_section(path: Path, text: str, section: str = SECTION) -> None:
    """Replace this benchmark's section of the file (or append it); other sections stay as
    they are, byte for byte."""
    old = path.read_text("utf-8") if path.exists() else ""
    start = old.find(section)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(section))
        new = old[:start] + text + (old[end:] if end >= 0 else "")
    path.write_text(new if new.endswith("\n") else new + "\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="acts in the library")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per run")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="uvicorn workers")
    parser.add_argument(
        "--rates",
        type=float,
        nargs="*",
        default=[0],
        help="offered requests/s for paced runs (0: closed loop, as fast as answers come)",
    )
    parser.add_argument("--wrk", action="store_true", help="also a closed-loop run with wrk")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="reuse and keep --workdir")
    parser.add_argument("--write", type=Path, help="put the figures into this markdown file")
    args = parser.parse_args(argv)

    workdir = prepare(args.workdir, args.count, args.keep, "ld-load-")
    runs = []
    try:
        for workers in args.workers:
            process, base = serve(workdir, workers)
            try:
                if args.wrk:
                    before = service_cpu(process)
                    row = wrk(base, args.count, args.clients, args.duration, workdir)
                    row["cpu_ms"] = (service_cpu(process) - before) * 1000 / row["requests"]
                    load = f"{args.clients} clients, closed loop (wrk)"
                    runs.append({"workers": workers, "load": load, "rows": [row]})
                for rate in args.rates:
                    before = service_cpu(process)
                    samples = asyncio.run(
                        drive(base, args.count, args.clients, args.duration, rate)
                    )
                    spent = service_cpu(process) - before
                    load = (
                        f"{args.clients} clients, {rate:.0f} req/s offered"
                        if rate
                        else f"{args.clients} clients, closed loop"
                    )
                    rows = summarise(samples, args.duration)
                    rows[-1]["cpu_ms"] = spent * 1000 / max(1, rows[-1]["requests"])
                    runs.append({"workers": workers, "load": load, "rows": rows})
                    print(markdown(runs[-1:]))
            finally:
                process.terminate()
                process.wait(timeout=30)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    table = markdown(runs)
    print(table)
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "count": args.count,
        "clients": args.clients,
        "duration": args.duration,
        "cpus": os.cpu_count(),
        "runs": [{**run, "rows": [_finite(r) for r in run["rows"]]} for run in runs],
    }
    with (out / "load.json").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    if args.write:
        command = " ".join(["python -m bench.load", *(argv or sys.argv[1:])])
        text = (
            f"{SECTION}\n\n"
            f"`{command}` — {args.count:,} acts, {args.clients} concurrent clients for "
            f"{args.duration:.0f} s per run on loopback, "
            f"{os.cpu_count()} CPU cores shared by the service and the clients; "
            "`legaldesk serve` (uvicorn, asyncio loop, httptools), SQLite. Mix: 45 % search pages "
            "(a tenth with type and year filters), 25 % act pages, 20 % API search, 10 % "
            "home page. Any answer but 200 counts as an error.\n\n"
            f"{table}\n"
        )
        write_section(args.write, text)


if __name__ == "__main__":
    main()
