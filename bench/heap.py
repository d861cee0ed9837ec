"""Where the service's heap grows: the web application and the indexing loop's work in one
process, under the soak's mix of requests, with tracemalloc snapshots compared.

    .venv/bin/python -m bench.heap --count 2000 --requests 6000 --workdir /tmp/ld-heap --keep

A cheap stand-in for bench.soak when the question is *what* grows, not how fast: the app of
web/app.py (``create_app``) is called through httpx's ASGI transport from 127.0.0.1 (so the
forms' X-Forwarded-For is believed, as behind the proxy), on a library bench.load builds.
Every ``--index-every`` requests the change log is applied as the indexing loop applies it
(``Repository.update_index``: the index, relations, the desk's flags, subscriptions, the
Q&A index). The mix is bench.soak's, with the searches' queries varied the way residents
vary them: bench.scale's QUERIES, each word now and then misspelt (a letter dropped,
doubled, swapped or replaced), typed on the English layout, or followed by a word of its
own (a number, a random suffix) — so the caches keyed by a query or a word meet new keys
all the time, as they do in production. The forms are sent at once with a stamp made a
few seconds earlier (the app's own ``antispam.stamp``): the wait is the soak's business,
not the heap's.

After ``--warmup`` requests a tracemalloc snapshot is taken, then one every
``--checkpoint`` requests; each is compared with the first and the allocation sites that
grew most are printed (``--frames`` deep), with the process's RssAnon and the counts of
gc-tracked objects by type that grew. A site that grows at every checkpoint by about the
same amount is a leak; one that grows and stops is a cache filling.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import io
import linecache
import logging
import os
import random
import re
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import httpx
from litestar.types import Receive, Scope, Send

from bench.load import prepare
from bench.scale import QUERIES
from bench.soak import upload_file
from legaldesk.accounts.users import create_user, list_users
from legaldesk.config import Settings
from legaldesk.repository import Repository
from legaldesk.synth import generate_acts
from legaldesk.web import antispam
from legaldesk.web.app import create_app

LIBRARIAN, PASSWORD = "heap-librarian", "heap librarian password"
MIX = {
    "search page": 40,
    "act page": 20,
    "API search": 10,
    "home page": 10,
    "desk question": 8,
    "upload": 7,
    "subscription": 5,
}
FORMS = {"desk question": ("/ask", "ask"), "subscription": ("/subscribe", "subscribe")}
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"
TO_LATIN = str.maketrans("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`")


def rss_anon_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def misspell(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(4):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[:i] + word[i] + word[i:]
        case 2:
            return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        case _:
            return word[:i] + rng.choice(LETTERS) + word[i + 1 :]


def query(rng: random.Random) -> str:
    """A resident's query: mostly as bench.scale has it, often varied."""
    q = rng.choice(QUERIES)
    roll = rng.random()
    if roll < 0.3:
        q = " ".join(misspell(w, rng) if rng.random() < 0.5 else w for w in q.split())
    elif roll < 0.4:
        q = q.translate(TO_LATIN)
    elif roll < 0.6:
        q += " " + rng.choice([str(rng.randint(1, 999)), "".join(rng.sample(LETTERS, 6))])
    return q


class Driver:
    def __init__(self, client: httpx.AsyncClient, repo: Repository, secret: str, count: int):
        self.client, self.repo, self.secret, self.count = client, repo, secret, count
        self.rng = random.Random(1)
        self.acts = generate_acts(1_000_000, seed=99)
        self.sent = 0
        self.upload_token = ""
        self.statuses: Counter[tuple[str, int]] = Counter()

    async def sign_in(self) -> None:
        login = await self.client.get("/login")
        token = CSRF.search(login.text)
        assert token, login.status_code
        data = {"username": LIBRARIAN, "password": PASSWORD, "_csrf_token": token[1]}
        signed = await self.client.post("/login", data=data)
        assert signed.status_code in (302, 303), signed.status_code
        page = await self.client.get("/staff/upload")
        token = CSRF.search(page.text)
        assert token, page.status_code
        self.upload_token = token[1]

    def _address(self) -> dict[str, str]:
        n = self.sent
        return {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}

    async def one(self) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        (kind,) = self.rng.choices(kinds, weights)
        rng = self.rng
        self.sent += 1
        if kind == "search page":
            extra = ""
            if rng.random() < 0.2:
                extra = f"&year={rng.randint(2015, 2026)}"
            if rng.random() < 0.1:
                extra += f"&page={rng.randint(2, 4)}"
            r = await self.client.get(f"/search?q={quote(query(rng))}{extra}")
        elif kind == "act page":
            r = await self.client.get(f"/documents/{rng.randint(1, self.count)}")
        elif kind == "API search":
            r = await self.client.get(f"/api/v1/search?q={quote(query(rng))}")
        elif kind == "home page":
            r = await self.client.get("/")
        elif kind in FORMS:
            path, form = FORMS[kind]
            page = await self.client.get(path)
            fields = dict(HIDDEN.findall(page.text))
            fields[antispam.STAMP] = antispam.stamp(self.secret, form, time.time() - 10)
            email = f"heap-{self.sent}@example.test"
            if kind == "desk question":
                data = {
                    **fields,
                    "question": f"Подскажите, какие акты действуют по теме «{query(rng)}»?",
                    "reply_by": "email",
                    "name": "Анна Сергеевна",
                    "contact": email,
                    "consent": "yes",
                }
            else:
                data = {**fields, "email": email, "q": query(rng), "frequency": "daily"}
            r = await self.client.post(path, data=data, headers=self._address())
        else:
            as_docx = self.sent % 2 == 0
            content, media = upload_file(next(self.acts), f"{self.sent}-хп", as_docx)
            name = f"heap-{self.sent}.{'docx' if as_docx else 'txt'}"
            r = await self.client.post(
                "/staff/upload",
                data={"_csrf_token": self.upload_token},
                files={"files": (name, io.BytesIO(content), media)},
            )
        self.statuses[(kind, r.status_code)] += 1


def malloc_trim() -> None:
    """Give the C allocator's free memory back to the system (glibc): what RssAnon loses
    by it was free already — kept by malloc, not by the program."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def types_now() -> Counter[str]:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def show(first: tracemalloc.Snapshot, now: tracemalloc.Snapshot, top: int) -> None:
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
        tracemalloc.Filter(False, linecache.__file__),  # the printing's own
    ]
    first, now = first.filter_traces(ignore), now.filter_traces(ignore)
    stats = now.compare_to(first, "traceback")
    total = sum(s.size_diff for s in stats)
    print(
        f"  heap traced: {sum(s.size for s in stats) / 2**20:.1f} MB, "
        f"grown since the first snapshot {total / 2**20:+.2f} MB"
    )
    for stat in sorted(stats, key=lambda s: s.size_diff, reverse=True)[:top]:
        if stat.size_diff <= 0:
            break
        print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
        for frame in stat.traceback.format()[-2 * 6 :]:
            print("      " + frame.strip())


async def main_async(args: argparse.Namespace) -> None:
    workdir = prepare(args.workdir, args.count, args.keep, "ld-heap-")
    repo = Repository(Settings(data_dir=workdir, ocr=False))
    if not any(u.username == LIBRARIAN for u in list_users(repo.engine)):
        create_user(repo.engine, LIBRARIAN, PASSWORD, "librarian")
    loop = None
    if args.loop:
        # The index written by `legaldesk index --follow` in a process of its own, as
        # `legaldesk serve` runs it: this process is then a web worker and nothing more.
        env = {**os.environ, "LEGALDESK_DATA_DIR": str(workdir), "LEGALDESK_OCR": "false"}
        loop = subprocess.Popen(
            [sys.executable, "-m", "legaldesk.cli", "index", "--follow"], env=env
        )
    app = create_app(repo)

    async def behind_proxy(scope: Scope, receive: Receive, send: Send) -> None:
        # What uvicorn's proxy headers do for the loopback proxy in `legaldesk serve`.
        forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-for")
        if forwarded:
            scope = cast(Scope, {**scope, "client": (forwarded.decode(), 50000)})
        await app(scope, receive, send)

    transport = httpx.ASGITransport(app=cast(Any, behind_proxy), client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        driver = Driver(client, repo, app.state.secret_key, args.count)
        await driver.sign_in()
        if args.frames:
            tracemalloc.start(args.frames)
        first: tracemalloc.Snapshot | None = None
        types0: Counter[str] = Counter()
        started = time.perf_counter()
        for n in range(1, args.requests + 1):
            await driver.one()
            if not args.loop and args.index_every and n % args.index_every == 0:
                await asyncio.to_thread(repo.update_index)
            if n == args.warmup or (n > args.warmup and (n - args.warmup) % args.checkpoint == 0):
                gc.collect()
                anon = rss_anon_mb()
                trimmed = ""
                if args.trim:
                    malloc_trim()
                    trimmed = f" ({rss_anon_mb():.1f} MB after malloc_trim)"
                types = types_now()
                print(
                    f"after {n} requests ({time.perf_counter() - started:.0f} s): "
                    f"RssAnon {anon:.1f} MB{trimmed}, gc objects {sum(types.values()):,}",
                    flush=True,
                )
                if not args.frames:
                    continue
                snap = tracemalloc.take_snapshot()
                if first is None:
                    first, types0 = snap, types
                    continue
                show(first, snap, args.top)
                grown = (types - types0).most_common(12)
                print("  gc objects grown: " + ", ".join(f"{k} {v:+}" for k, v in grown))
                print(flush=True)
        print("answers:", dict(sorted(driver.statuses.items())))
    if loop is not None:
        loop.terminate()
        loop.wait(timeout=30)
    repo.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=2000, help="acts in the library")
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--checkpoint", type=int, default=1000)
    parser.add_argument(
        "--index-every", type=int, default=20, help="0: never (the workers' part alone)"
    )
    parser.add_argument(
        "--loop", action="store_true", help="the indexing loop in a process of its own"
    )
    parser.add_argument("--frames", type=int, default=12, help="0: no tracemalloc")
    parser.add_argument("--trim", action="store_true", help="malloc_trim at each checkpoint")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line a request otherwise
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
