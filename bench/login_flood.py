"""Readers of the public site while clients flood the staff login with wrong passwords.

    .venv/bin/python -m bench.login_flood --count 20000 --workdir /tmp/ld-flood --keep

Figures and how they were read: docs/benchmarks.md, «Readers while the login is flooded».

The service runs as users run it (``legaldesk serve``, several uvicorn workers) on a library
of synthetic acts (bench.load builds it). Residents are paced clients (Poisson arrivals at
``--rate`` requests a second in all, latency counted from the moment a request was due, so
a stalled service cannot hide its queue); the flood is ``--flooders`` connections of wrk (a
load generator in C), which fetch the login form once and then post wrong passwords for
«admin» as fast as answers come. Three runs: no flood; a flood against the service as configured
(throttling on); and a flood with throttling switched off by configuration, which shows
what moving argon2 off the event loop alone is worth. ``--legaldesk`` serves another build
(the code before this change, say) on a data directory that build made.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.load import build, drive, serve, service_cpu

NO_THROTTLE = {
    "LEGALDESK_LOGIN_FREE_ATTEMPTS": "1000000000",
    "LEGALDESK_LOGIN_LOCK_AFTER": "1000000000",
    "LEGALDESK_LOGIN_ADDRESS_LOCK_AFTER": "1000000000",
}


def ensure_user(
    legaldesk: Path,
    workdir: Path,
    username: str = "admin",
    role: str = "admin",
    password: str = "the real admin password",
) -> None:
    """A staff account, added with the CLI as an administrator adds one."""
    env = {**os.environ, "LEGALDESK_DATA_DIR": str(workdir)}
    subprocess.run(
        [str(legaldesk), "users", "add", username, "--role", role, "--password-stdin"],
        input=f"{password}\n".encode(),
        env=env,
        capture_output=True,
        check=False,  # exists already on a kept workdir
    )


FLOOD_SCRIPT = """
wrk.method = "POST"
wrk.body = "%(body)s"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "%(cookie)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %%d %%d\\n", status, n)) end
end
"""


def start_flood(base: str, clients: int, duration: float, workdir: Path) -> subprocess.Popen[str]:
    """wrk posting wrong passwords for «admin» on ``clients`` connections, each as fast as
    answers come: a load generator in C, so the flood costs the service's cores, not the
    client's. The form's token and cookie are fetched once, as a browser would."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: scripts/setup.sh bench (apt-get install wrk)")
    with httpx.Client(base_url=base) as http:
        page = http.get("/login").text
        found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
        token = found.group(1) if found else ""
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    body = urlencode({"username": "admin", "password": "a guess", "_csrf_token": token})
    script = workdir / "login-flood.lua"
    script.write_text(FLOOD_SCRIPT % {"body": body, "cookie": cookie})
    command = ["wrk", "-t2", f"-c{clients}", f"-d{int(duration)}s", "--timeout", "10s"]
    return subprocess.Popen(
        [*command, "-s", str(script), base + "/login"], stdout=subprocess.PIPE, text=True
    )


def flood_counts(process: subprocess.Popen[str]) -> dict[str, int]:
    out, _ = process.communicate(timeout=120)
    return {m[1]: int(m[2]) for m in re.finditer(r"^status (\d+) (\d+)$", out, re.M)}


def clear_throttle(workdir: Path) -> None:
    """Each run starts with no sign-in failures on record (a lock from the previous run
    would answer the next run's flood before it began)."""
    database = workdir / "legaldesk.sqlite3"
    with sqlite3.connect(database) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'login_throttle'").fetchone():
            conn.execute("DELETE FROM login_throttle")


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if len(values) > 1 else 0.0


def scenario(
    name: str,
    legaldesk: Path,
    workdir: Path,
    args: argparse.Namespace,
    flooders: int,
    env: dict[str, str],
) -> dict[str, Any]:
    clear_throttle(workdir)
    process, base = serve(workdir, args.workers, legaldesk, env)
    try:
        flooder = start_flood(base, flooders, args.duration + 2, workdir) if flooders else None
        if flooder is not None:
            time.sleep(1.0)  # the flood is under way before the first reader is timed
        cpu_before = service_cpu(process)
        samples = asyncio.run(drive(base, args.count, args.readers, args.duration, args.rate))
        cpu = service_cpu(process) - cpu_before
        logins = flood_counts(flooder) if flooder is not None else {}
    finally:
        process.terminate()
        process.wait(timeout=30)
    ok = [s["ms"] for s in samples if s["status"] == 200]
    return {
        "scenario": name,
        "readers": args.readers,
        "rate": args.rate,
        "flooders": flooders,
        "requests": len(samples),
        "errors": len(samples) - len(ok),
        "p50": round(percentile(ok, 0.5), 1),
        "p99": round(percentile(ok, 0.99), 1),
        "logins": logins,
        "login_rate": round(sum(logins.values()) / (args.duration + 2), 1) if logins else 0,
        "service_cpu_share": round(cpu / args.duration, 2),
    }


def markdown(label: str, rows: list[dict[str, Any]]) -> str:
    out = [
        f"{label}: {rows[0]['readers']} paced readers at {rows[0]['rate']} req/s in all, "
        f"{rows[0]['flooders'] or rows[-1]['flooders']} flooding clients.",
        "",
        "| scenario | reader p50 ms | reader p99 ms | reader errors | login posts/s "
        "| login answers | service CPU (cores) |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(r["logins"].items())) or "—"
        out.append(
            f"| {r['scenario']} | {r['p50']} | {r['p99']} | {r['errors']} | "
            f"{r['login_rate']} | {answers} | {r['service_cpu_share']} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000, help="acts in the library")
    parser.add_argument("--readers", type=int, default=10, help="concurrent readers")
    parser.add_argument("--rate", type=float, default=40.0, help="reader requests a second")
    parser.add_argument("--flooders", type=int, default=8, help="clients flooding the login")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--keep", action="store_true", help="reuse --workdir if built")
    parser.add_argument(
        "--legaldesk",
        type=Path,
        default=Path(sys.executable).parent / "legaldesk",
        help="the legaldesk command to serve with (another build: its own --workdir)",
    )
    parser.add_argument("--label", default="this build")
    parser.add_argument("--no-throttle-run", action="store_true", help="skip the third run")
    args = parser.parse_args(argv)

    if not (args.keep and (args.workdir / "legaldesk.sqlite3").exists()):
        build(args.workdir, args.count)
    ensure_user(args.legaldesk, args.workdir)
    rows = [
        scenario("no flood", args.legaldesk, args.workdir, args, 0, {}),
        scenario("login flood", args.legaldesk, args.workdir, args, args.flooders, {}),
    ]
    if not args.no_throttle_run:
        rows.append(
            scenario(
                "login flood, throttling off",
                args.legaldesk,
                args.workdir,
                args,
                args.flooders,
                NO_THROTTLE,
            )
        )
    out_dir = Path("bench/out")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out_dir / f"login-flood-{stamp}.json").write_text(
        json.dumps({"label": args.label, "rows": rows}, indent=2), "utf-8"
    )
    print(markdown(args.label, rows))


if __name__ == "__main__":
    main()
