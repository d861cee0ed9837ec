"""Load and soak: the web service for minutes on end under clients that read and write —
search pages, act pages, the API, the home page, residents' questions to the desk, staff
uploads and subscriptions — with its memory and the change log watched as it goes.

    .venv/bin/python -m bench.soak --count 100000 --clients 50 --workers 2 --duration 600 \\
        --workdir /tmp/ld-soak --keep --write docs/benchmarks.md

The library is bench.load's (synthetic acts written in bulk and indexed; built once and
kept with ``--workdir``/``--keep``) and so is the service (``legaldesk serve`` in its own
process, with its indexing loop). Each client is a closed loop — the next request the
moment the last answer arrives — choosing each request's kind by MIX's weights, with a
cookie jar of its own as a resident and a second one signed in as a librarian (one
sign-in per client, before the clock starts).

The writes go through the forms people use, CSRF token, honeypot and stamp included:

- a desk question is the ask form (/ask) and a subscription the resident's /subscribe
  form: the client opens the form (a «form page», beside the weights) and sends it
  TYPING seconds later — the forms take nothing sooner (web/antispam.py: a robot's
  speed) — going on with its other requests meanwhile;
- both forms allow five submissions an hour per client address, a limit with no setting.
  The clients stay under it the way visitors behind the reverse proxy do: every submission
  carries an X-Forwarded-For address of its own, which the service believes from the
  loopback address only (LEGALDESK_TRUSTED_PROXIES, 127.0.0.1 by default) — the same
  path a deployment's proxy takes, so the limit is counted (one database row per address)
  and never reached;
- an upload is one generated act (a synthetic text with a number of its own, as DOCX or
  TXT in turn) sent through /staff/upload by the signed-in librarian; the answer must list
  it as accepted.

Every 10 s the service's memory (RSS of the serving process and all its children: the
workers, the indexing loop, the expiry of personal data) and each change-log consumer's
lag (changes after its position, read from the database as /readyz and `legaldesk stats`
read it) are sampled. The memory's growth is the least-squares slope of the samples after
``--settle`` seconds, when the caches and the index pages the reads touch have filled.
Each part's RSS is also read split as /proc/PID/status splits it: RssAnon (the heap: where
a leak shows) and RssFile (pages of mapped files, the index's among them, which the kernel
takes back under pressure); each is fitted after settling and again over the later half of
the settled samples alone — a cache that fills levels off and its later slope falls to
nothing, a leak's stays.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import httpx
import psutil
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bench.load import prepare, read_path, serve, summarise, write_section
from bench.login_flood import ensure_user
from bench.scale import QUERIES
from legaldesk import changes
from legaldesk.config import Settings
from legaldesk.models import DeskRequest, Document, Subscriber
from legaldesk.repository import Repository
from legaldesk.synth import SyntheticAct, generate_acts
from legaldesk.web import antispam

SECTION = "## Load and soak"
MIX = {
    "search page": 40,
    "act page": 20,
    "API search": 10,
    "home page": 10,
    "desk question": 8,
    "upload": 7,
    "subscription": 5,
}
FORM_PAGE = "form page"
KINDS = [*MIX, FORM_PAGE]
READS = {"search page", "act page", "API search", "home page"}
FORMS = {"desk question": "/ask", "subscription": "/subscribe"}  # the public forms they send
# A form is sent this long after it was shown at the soonest: the forms refuse anything
# sent within PublicForm.min_seconds (3 s) as a robot's.
TYPING = antispam.PublicForm("x").min_seconds + 0.5
LIBRARIAN = "soak-librarian"
PASSWORD = "soak librarian password"
SAMPLE_EVERY = 10.0
KEEP_ERRORS = 8  # the first answers that were errors, kept whole enough to read
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def address(n: int) -> str:
    """The ``n``-th client address of the run, in 10.0.0.0/8."""
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def growth(samples: Sequence[tuple[float, float]], settle: float) -> float | None:
    """Megabytes per minute: the least-squares slope of (seconds, MB) samples taken
    ``settle`` seconds or more into the run; None with fewer than three such samples."""
    kept = [(t / 60, mb) for t, mb in samples if t >= settle]
    if len(kept) < 3:
        return None
    minutes, megabytes = zip(*kept, strict=True)
    return statistics.linear_regression(minutes, megabytes).slope


def late_growth(samples: Sequence[tuple[float, float]], settle: float) -> float | None:
    """The growth (MB/min) over the later half of the samples after ``settle``: a cache
    that fills levels off, and its late slope falls towards nothing; a leak's does not."""
    kept = [t for t, _mb in samples if t >= settle]
    if not kept:
        return None
    return growth(samples, (kept[0] + kept[-1]) / 2)


def upload_file(act: SyntheticAct, number: str, as_docx: bool) -> tuple[bytes, str]:
    """The act as a librarian would upload it, renumbered ``number`` so that it is an act
    of its own, not one the library has: (content, media type)."""
    # every mention: a law names its number again under the signature, and the filing
    # takes that one
    text = act.text.replace(f"№ {act.number}", f"№ {number}")
    if not as_docx:
        return text.encode(), "text/plain"
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Form:
    fields: dict[str, str]  # the hidden ones: CSRF token and stamp
    shown: float  # time.perf_counter() when it was fetched


@dataclass
class Run:
    """What every client records into: samples, the first errors, the next address.
    ``tag`` numbers the runs on one data directory: the acts, e-mail addresses, file
    names and client addresses a run sends carry it, so a run on a kept directory writes
    its own, not the last run's again (an act uploaded twice is a duplicate, an e-mail
    address a known one, and a client address reused within the hour meets the forms'
    limit: 429)."""

    tag: int = 1
    samples: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    addresses: Iterator[int] = field(init=False)

    def __post_init__(self) -> None:
        # 2**20 addresses a run, the next run's after them: sixteen runs before one recurs
        self.addresses = itertools.count((self.tag % 16) << 20 | 1)

    def note(self, kind: str, started: float, status: int | str, ok: bool, body: str) -> None:
        self.samples.append(
            {
                "kind": kind,
                "ms": (time.perf_counter() - started) * 1000,
                "status": status,
                "ok": ok,
            }
        )
        if not ok and len(self.errors) < KEEP_ERRORS:
            self.errors.append({"kind": kind, "status": status, "body": body[:400]})


class Visitor:
    """One client: a resident's cookie jar for the public site, a librarian's for uploads."""

    def __init__(self, n: int, base: str, count: int, run: Run) -> None:
        self.n, self.count, self.run = n, count, run
        self.rng = random.Random(n)
        self.public = httpx.AsyncClient(base_url=base, timeout=60)
        self.staff = httpx.AsyncClient(base_url=base, timeout=60)
        self.upload_token = ""
        # lazy: one act drawn per upload
        self.acts = generate_acts(1_000_000, seed=(run.tag << 16) + n)
        self.sent = 0

    async def close(self) -> None:
        await self.public.aclose()
        await self.staff.aclose()

    async def sign_in(self) -> None:
        """Sign the librarian in (once, before the clock starts) and open the upload form."""
        login = await self.staff.get("/login")
        token = CSRF.search(login.text)
        if token is None:
            raise SystemExit(f"no CSRF token on /login: {login.status_code}")
        data = {"username": LIBRARIAN, "password": PASSWORD, "_csrf_token": token[1]}
        signed = await self.staff.post("/login", data=data)
        if signed.status_code not in (302, 303):
            raise SystemExit(f"the librarian could not sign in: {signed.status_code}")
        page = await self.staff.get("/staff/upload")
        token = CSRF.search(page.text)
        if page.status_code != 200 or token is None:
            raise SystemExit(f"no upload form for the librarian: {page.status_code}")
        self.upload_token = token[1]

    async def call(
        self,
        kind: str,
        request: Awaitable[httpx.Response],
        good: Callable[[httpx.Response], bool],
        started: float | None = None,
    ) -> httpx.Response | None:
        started = time.perf_counter() if started is None else started
        try:
            response = await request
        except httpx.HTTPError as exc:
            self.run.note(kind, started, type(exc).__name__, False, repr(exc))
            return None
        ok = good(response)
        self.run.note(kind, started, response.status_code, ok, "" if ok else response.text)
        return response

    async def open_form(self, path: str) -> Form | None:
        """A public form opened for a submission: its CSRF token and its stamp."""
        response = await self.call(
            FORM_PAGE,
            self.public.get(path),
            lambda r: r.status_code == 200 and antispam.STAMP in r.text,
        )
        if response is None or response.status_code != 200:
            return None
        return Form(dict(HIDDEN.findall(response.text)), time.perf_counter())

    def _next(self) -> tuple[int, str, dict[str, str]]:
        self.sent += 1
        email = f"soak-{self.run.tag}-{self.n}-{self.sent}@example.test"
        return self.sent, email, {"X-Forwarded-For": address(next(self.run.addresses))}

    async def ask(self, form: Form) -> None:
        _seq, email, headers = self._next()
        topic = self.rng.choice(QUERIES)
        data = {
            **form.fields,
            "question": f"Подскажите, какие акты действуют по теме «{topic}» в нашем районе?",
            "reply_by": "email",
            "name": "Анна Сергеевна",
            "contact": email,
            "consent": "yes",
        }
        await self.call(
            "desk question",
            self.public.post("/ask", data=data, headers=headers),
            lambda r: r.status_code == 303 and r.headers.get("location", "").startswith("/ask/r/"),
        )

    async def subscribe(self, form: Form) -> None:
        _seq, email, headers = self._next()
        data = {**form.fields, "email": email, "q": self.rng.choice(QUERIES), "frequency": "daily"}
        await self.call(
            "subscription",
            self.public.post("/subscribe", data=data, headers=headers),
            # the page that says a letter went; a refused form comes back with 400 or 429
            lambda r: r.status_code == 200 and 'name="email"' not in r.text,
        )

    async def upload(self) -> None:
        seq, _email, _headers = self._next()
        as_docx = seq % 2 == 0
        number = f"{self.run.tag}{self.n + 1:03d}/{seq}-сз"
        content, media_type = upload_file(next(self.acts), number, as_docx)
        name = f"soak-{self.run.tag}-{self.n}-{seq}.{'docx' if as_docx else 'txt'}"

        def accepted(r: httpx.Response) -> bool:
            listed = r.text.partition('<ul class="outcomes">')[2]
            return r.status_code == 200 and name in listed and "<strong>" not in listed

        await self.call(
            "upload",
            self.staff.post(
                "/staff/upload",
                data={"_csrf_token": self.upload_token},
                files={"files": (name, content, media_type)},
            ),
            accepted,
        )

    async def loop(self, stop: float) -> None:
        """Requests of MIX's kinds back to back. A desk question or a subscription opens its
        form at once (a «form page») and is sent once the form has been open TYPING
        seconds; meanwhile the client goes on with its next requests, so the loop stays
        closed and each kind drawn is sent once (but for forms still open at the end)."""
        kinds, weights = list(MIX), list(MIX.values())
        open_forms: list[tuple[str, Form]] = []
        while time.perf_counter() < stop:
            typed = next(
                (f for f in open_forms if time.perf_counter() - f[1].shown >= TYPING), None
            )
            if typed is not None:
                open_forms.remove(typed)
                kind, form = typed
                await (self.ask(form) if kind == "desk question" else self.subscribe(form))
                continue
            (kind,) = self.rng.choices(kinds, weights)
            if kind in READS:
                path = read_path(kind, self.rng, self.count)
                await self.call(kind, self.public.get(path), lambda r: r.status_code == 200)
            elif kind in FORMS:
                opened = await self.open_form(FORMS[kind])
                if opened is not None:
                    open_forms.append((kind, opened))
            else:
                await self.upload()


def role(proc: psutil.Process, root: int) -> str:
    """Which part of the service a process is, from its command line."""
    if proc.pid == root:
        return "supervisor"
    try:
        line = " ".join(proc.cmdline())
    except psutil.Error:
        return "other"
    for marker, name in (
        ("index --follow", "indexing loop"),
        ("expire-personal-data", "personal data expiry"),
        ("mail send", "mail sender"),
        ("extract.isolation", "file readers"),  # a worker's reader server and its children
        ("resource_tracker", "other"),
        ("multiprocessing", "workers"),
    ):
        if marker in line:
            return name
    return "other"


def status_mb(pid: int) -> dict[str, float]:
    """A process's resident memory in MB as /proc/PID/status splits it: RssAnon (its heap
    and other private memory, what a leak grows) and RssFile (pages of mapped files — the
    index's, the libraries' — which the kernel may take back under pressure)."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("RssAnon", "RssFile"):
                    out[key] = int(value.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def memory(pid: int) -> tuple[dict[str, float], float, dict[str, float], dict[str, float]]:
    """RSS in MB of the service's process and every process under it, by role; their PSS
    in all, which counts a page shared by several (a forked reader's) once; and RssAnon and
    RssFile by role (/proc/PID/status)."""
    root = psutil.Process(pid)
    by_role: dict[str, float] = defaultdict(float)
    anon: dict[str, float] = defaultdict(float)
    mapped: dict[str, float] = defaultdict(float)
    pss = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        name = role(proc, pid)
        by_role[name] += info.rss / 2**20
        pss += info.pss / 2**20
        split = status_mb(proc.pid)
        anon[name] += split.get("RssAnon", 0.0)
        mapped[name] += split.get("RssFile", 0.0)
    return dict(by_role), pss, dict(anon), dict(mapped)


def lags(engine: Engine) -> dict[str, int]:
    return {lag.consumer: lag.behind for lag in changes.lag(engine)}


def written(engine: Engine) -> dict[str, int]:
    """Rows of what the writes make: desk requests, acts, subscribers."""
    with Session(engine) as session:
        return {
            name: int(session.exec(select(func.count()).select_from(model)).one())
            for name, model in (
                ("desk requests", DeskRequest),
                ("acts", Document),
                ("subscribers", Subscriber),
            )
        }


async def soak(
    base: str, pid: int, engine: Engine, count: int, clients: int, duration: float, tag: int
) -> dict[str, Any]:
    """``clients`` visitors for ``duration`` seconds, the service sampled every 10 s; then
    how long the change log's followers take to catch up once the clients stop."""
    run = Run(tag)
    visitors = [Visitor(n, base, count, run) for n in range(clients)]
    samples: list[dict[str, Any]] = []
    try:
        # A few at a time: fifty argon2 checks at once would queue for their whole timeout.
        signing = asyncio.Semaphore(4)

        async def sign_in(visitor: Visitor) -> None:
            async with signing:
                await visitor.sign_in()

        await asyncio.gather(*(sign_in(v) for v in visitors))

        start = time.perf_counter()
        stop = start + duration

        async def sampler() -> None:
            while True:
                at = time.perf_counter() - start
                (rss, pss, anon, mapped), lag = await asyncio.gather(
                    asyncio.to_thread(memory, pid), asyncio.to_thread(lags, engine)
                )
                samples.append(
                    {"t": at, "rss": rss, "pss": pss, "anon": anon, "file": mapped, "lag": lag}
                )
                await asyncio.sleep(SAMPLE_EVERY - (time.perf_counter() - start) % SAMPLE_EVERY)

        watching = asyncio.create_task(sampler())
        await asyncio.gather(*(v.loop(stop) for v in visitors))
        ended = time.perf_counter()
        watching.cancel()
        rss, pss, anon, mapped = memory(pid)
        lag = await asyncio.to_thread(lags, engine)
        samples.append(
            {"t": ended - start, "rss": rss, "pss": pss, "anon": anon, "file": mapped, "lag": lag}
        )
    finally:
        await asyncio.gather(*(v.close() for v in visitors))
    # How long until every consumer has applied what the run wrote (polled, with a limit).
    deadline = ended + 300
    while any(await asyncio.to_thread(lambda: list(lags(engine).values()))):
        if time.perf_counter() > deadline:
            break
        await asyncio.sleep(0.5)
    caught_up = time.perf_counter() - ended if time.perf_counter() <= deadline else None
    return {"samples": run.samples, "errors": run.errors, "watch": samples, "caught_up": caught_up}


def _role_memory(samples: Sequence[tuple[float, float]], settle: float) -> dict[str, Any]:
    settled = [mb for t, mb in samples if t >= settle]
    return {
        "start": samples[0][1],
        "settled": settled[0] if settled else None,
        "end": samples[-1][1],
        "max": max(mb for _t, mb in samples),
        "slope": growth(samples, settle),
        "late_slope": late_growth(samples, settle),
    }


def report(result: dict[str, Any], duration: float, settle: float) -> dict[str, Any]:
    watch = result["watch"]
    total = [(w["t"], sum(w["rss"].values())) for w in watch]
    pss = [(w["t"], w["pss"]) for w in watch]
    consumers = sorted({name for w in watch for name in w["lag"]})
    return {
        "rows": summarise(result["samples"], duration, KINDS),
        "rss_start": total[0][1],
        "rss_end": total[-1][1],
        "rss_max": max(mb for _t, mb in total),
        "rss_slope": growth(total, settle),
        "pss_start": pss[0][1],
        "pss_end": pss[-1][1],
        "pss_slope": growth(pss, settle),
        "rss_by_role": {
            name: {
                "start": watch[0]["rss"].get(name, 0.0),
                "end": watch[-1]["rss"].get(name, 0.0),
                "slope": growth([(w["t"], w["rss"].get(name, 0.0)) for w in watch], settle),
            }
            for name in sorted({name for w in watch for name in w["rss"]})
        },
        # RssAnon and RssFile by part (/proc/PID/status); older records have neither
        **{
            f"{kind}_by_role": {
                name: _role_memory([(w["t"], w[kind].get(name, 0.0)) for w in watch], settle)
                for name in sorted({name for w in watch for name in w[kind]})
            }
            for kind in ("anon", "file")
        },
        "lag": {
            name: {
                "max": max(w["lag"].get(name, 0) for w in watch),
                "final": watch[-1]["lag"].get(name, 0),
            }
            for name in consumers
        },
        "caught_up": result["caught_up"],
        "errors": result["errors"],
        "samples": [
            {
                "t": round(t, 1),
                "rss_mb": round(mb, 1),
                "pss_mb": round(p, 1),
                "rss_by_role": {k: round(v, 1) for k, v in w["rss"].items()},
                "anon_by_role": {k: round(v, 1) for k, v in w["anon"].items()},
                "file_by_role": {k: round(v, 1) for k, v in w["file"].items()},
                "lag": w["lag"],
            }
            for (t, mb), (_t, p), w in zip(total, pss, watch, strict=True)
        ],
    }


def markdown(figures: dict[str, Any], before: dict[str, int], after: dict[str, int]) -> str:
    lines = [
        "| kind | requests | req/s | p50 ms | p99 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in figures["rows"]:
        lines.append(
            f"| {row['kind']} | {row['requests']:,} | {row['rps']:.1f} | {row['p50']:.1f} "
            f"| {row['p99']:.1f} | {row['max']:.0f} | {row['errors']} |"
        )

    def slope(value: float | None) -> str:
        return "— (too few samples)" if value is None else f"{value:+.2f}"

    roles = figures["rss_by_role"]
    lines += [
        "",
        "| service memory | start MB | end MB | highest MB | growth after settling, MB/min |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| RSS, all processes | {figures['rss_start']:.0f} | {figures['rss_end']:.0f} "
        f"| {figures['rss_max']:.0f} | {slope(figures['rss_slope'])} |",
        f"| PSS, all processes | {figures['pss_start']:.0f} | {figures['pss_end']:.0f} "
        f"| | {slope(figures['pss_slope'])} |",
        *(
            f"| RSS, {name} | {role['start']:.0f} | {role['end']:.0f} | | {slope(role['slope'])} |"
            for name, role in roles.items()
        ),
        "",
        "| memory by part (/proc/PID/status) | start MB | after settling MB | end MB "
        "| highest MB | growth after settling, MB/min | growth, later half, MB/min |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {label}, {name} | {part['start']:.0f} | "
            + ("—" if part["settled"] is None else f"{part['settled']:.0f}")
            + f" | {part['end']:.0f} | {part['max']:.0f} | {slope(part['slope'])} "
            f"| {slope(part['late_slope'])} |"
            for kind, label in (("anon", "RssAnon"), ("file", "RssFile"))
            for name, part in figures.get(f"{kind}_by_role", {}).items()
        ),
        "",
        "| change-log consumer | most changes behind (10 s samples) | behind at the end |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {lag['max']} | {lag['final']} |" for name, lag in figures["lag"].items()),
        "",
        "All consumers caught up "
        + (
            f"{figures['caught_up']:.1f} s after the clients stopped."
            if figures["caught_up"] is not None
            else "— not within 300 s of the clients stopping."
        )
        + " Written in the database during the run: "
        + ", ".join(f"{after[k] - before[k]:,} {k}" for k in before)
        + ".",
    ]
    if figures["errors"]:
        lines += ["", "First errors:", ""]
        for error in figures["errors"]:
            body = " ".join(str(error["body"]).split())[:200].replace("|", "/")
            lines.append(f"- {error['kind']}: {error['status']} — `{body}`")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="acts in the library")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument(
        "--settle",
        type=float,
        default=60.0,
        help="seconds before the memory samples the growth is fitted to",
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="reuse and keep --workdir")
    parser.add_argument("--write", type=Path, help="put the figures into this markdown file")
    args = parser.parse_args(argv)

    workdir = prepare(args.workdir, args.count, args.keep, "ld-soak-")
    legaldesk = Path(sys.executable).parent / "legaldesk"
    ensure_user(legaldesk, workdir, LIBRARIAN, "librarian", PASSWORD)
    runs = workdir / "soak-runs"
    tag = int(runs.read_text()) + 1 if runs.exists() else 1
    runs.write_text(f"{tag}\n")
    repo = Repository(Settings(data_dir=workdir, ocr=False))
    before = written(repo.engine)
    process, base = serve(workdir, args.workers)
    try:
        result = asyncio.run(
            soak(base, process.pid, repo.engine, args.count, args.clients, args.duration, tag)
        )
    finally:
        process.terminate()
        process.wait(timeout=60)
    after = written(repo.engine)
    repo.close()
    if not args.keep and args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    figures = report(result, args.duration, args.settle)
    text = markdown(figures, before, after)
    print(text)
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "count": args.count,
        "clients": args.clients,
        "workers": args.workers,
        "duration": args.duration,
        "cpus": os.cpu_count(),
        "written": {k: after[k] - before[k] for k in before},
        **figures,
    }
    with (out / "soak.json").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    if args.write:
        command = " ".join(["python -m bench.soak", *(argv or sys.argv[1:])])
        mix = ", ".join(f"{kind} {weight}" for kind, weight in MIX.items())
        intro = (
            f"{SECTION}\n\n"
            f"`{command}` — {args.count:,} acts, {args.clients} clients in a closed loop for "
            f"{args.duration:.0f} s against `legaldesk serve` with {args.workers} workers "
            f"(and its indexing loop), SQLite, {os.cpu_count()} CPU cores shared by the "
            f"service and the clients. Mix, per cent: {mix}. A desk question is the public "
            "ask form and a subscription the /subscribe form: the form is opened (the «form "
            f"page» rows, beside the weights) and sent {TYPING:.1f} s later (sooner is "
            "refused as a robot), the client going on with its other requests meanwhile; "
            "every submission comes from an address of its own "
            "(X-Forwarded-For, believed from the loopback proxy, LEGALDESK_TRUSTED_PROXIES), "
            "so the forms' limit of five an hour per address is counted but never reached. "
            "An upload is one generated act (DOCX and TXT in turn) sent by a signed-in "
            "librarian and listed as accepted. An error is any other answer. Memory is "
            "sampled every 10 s; its growth is fitted to the samples from "
            f"{args.settle:.0f} s on. bench/soak.py says more.\n\n"
        )
        write_section(args.write, intro + text + "\n", SECTION)


if __name__ == "__main__":
    main()
