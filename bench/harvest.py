"""Harvesting a local website of thousands of acts: the first run, then a second with nothing
changed, which should cost almost nothing.

    .venv/bin/python -m bench.harvest --count 5000 [--write docs/benchmarks.md]

The site is written by ``legaldesk.synth.website`` (DOCX, RTF and plain-text files: PDF
rendering would dominate the set-up, not the harvest), served by
``legaldesk.synth.webserver`` on 127.0.0.1 in its own process (ETag and Last-Modified,
304 answers), and
harvested with the four sources of data/sources/demo-site.toml into a fresh data directory
(SQLite, OCR off, no politeness delay: the site is ours).
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from legaldesk.config import Settings
from legaldesk.harvesters.config import load_sources, source_from_dict
from legaldesk.harvesters.runner import Harvester, RunReport
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.repository import Repository
from legaldesk.synth.website import build_site

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "data" / "sources" / "demo-site.toml"
FORMATS = ("docx", "rtf", "txt-utf8", "docx")
COMMAND = ".venv/bin/python -m bench.harvest --count {count} --write docs/benchmarks.md"


def harvest_all(repo: Repository, names: list[str]) -> tuple[float, list[RunReport]]:
    start = time.perf_counter()
    reports = [Harvester(repo, get_source(repo.engine, n)).run() for n in names]
    repo.update_index()
    return time.perf_counter() - start, reports


def total(reports: list[RunReport], field: str) -> int:
    return sum(int(getattr(r, field)) for r in reports)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_site(site_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The website in its own process, as a real one would be: no shared GIL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "legaldesk.synth.webserver", str(site_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("the site server did not start") from None
            time.sleep(0.1)


def run(count: int, workdir: Path) -> dict[str, Any]:
    site_dir = workdir / "site"
    start = time.perf_counter()
    manifest = build_site(site_dir, count=count, seed=11, formats=FORMATS)
    build_s = time.perf_counter() - start
    server, base = start_site(site_dir)
    # The site is served on this machine, which harvests may fetch from only when allowed.
    allow = (base.removeprefix("http://"),)
    repo = Repository(Settings(data_dir=workdir / "data", ocr=False, fetch_allow=allow))
    try:
        repo.init()
        names = []
        for config in load_sources(SOURCES):
            data = config.to_json()
            data["start_urls"] = [
                u.replace("http://127.0.0.1:8642", base) for u in data["start_urls"]
            ]
            save_source(repo.engine, source_from_dict(data))
            names.append(config.name)
        first_s, first = harvest_all(repo, names)
        second_s, second = harvest_all(repo, names)
    finally:
        server.terminate()
        server.wait(timeout=10)
    repo.close()
    return {
        "acts": len(manifest.acts),
        "site_build_s": round(build_s, 1),
        "first_s": round(first_s, 1),
        "first_files": total(first, "found"),
        "first_new": total(first, "new"),
        "first_failed": total(first, "failed"),
        "first_docs_per_s": round(total(first, "new") / first_s, 1),
        "first_requests": total(first, "requests"),
        "second_s": round(second_s, 2),
        "second_requests": total(second, "requests"),
        "second_document_requests": total(second, "file_requests"),
        "second_document_304": total(second, "file_not_modified"),
        "second_unchanged": total(second, "unchanged"),
        "second_new_or_changed": total(second, "new") + total(second, "changed"),
        "second_vs_first": round(second_s / first_s * 100, 1),
    }


def report(row: dict[str, Any]) -> str:
    share = row["second_document_304"] / max(1, row["second_document_requests"]) * 100
    failed = f"{row['first_new']} / {row['first_failed']}"
    again = f"{row['second_new_or_changed']} new or changed"
    answered = f"{row['second_document_304']} of {row['second_document_requests']} ({share:.1f} %)"
    return f"""<!-- harvest:start -->
Command: `{COMMAND.format(count=row["acts"])}`

| | first run | second run (nothing changed) |
|---|---|---|
| time | {row["first_s"]} s | {row["second_s"]} s ({row["second_vs_first"]} % of the first) |
| files listed | {row["first_files"]} | {row["first_files"]} |
| new / failed | {failed} | {again} |
| documents per second | {row["first_docs_per_s"]} | — |
| HTTP requests | {row["first_requests"]} | {row["second_requests"]} |
| document requests answered 304 | — | {answered} |

{row["acts"]} acts on the site (written in {row["site_build_s"]} s, not counted). The feed lists
twenty of the files the sections list: they arrive twice and are stored once. Targets: at
least 95 % of document requests of the second run answered 304 or skipped ({share:.1f} %),
and the second run under 10 % of the first's time ({row["second_vs_first"]} %).
<!-- harvest:end -->"""


def write(path: Path, block: str) -> None:
    text = path.read_text("utf-8")
    if "<!-- harvest:start -->" in text:
        text = re.sub(r"<!-- harvest:start -->.*<!-- harvest:end -->", block, text, flags=re.S)
    else:
        text += "\n## Harvesting a local site\n\n" + block + "\n"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--write", type=Path, default=None, help="update this markdown file")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="legaldesk-harvest-"))
    row = run(args.count, workdir)
    print(row)
    block = report(row)
    print(block)
    if args.write:
        write(args.write, block)


if __name__ == "__main__":
    main()
