"""`legaldesk serve` as users start it: two web workers and the indexing loop beside them
(and the expiry of personal data). An
act filed from the command line is found by every worker; a loop that dies is started
again; stopping the service stops the loop. Which worker answers a connection is read from
the operating system."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.freshness import WorkerConnection, found_by_every_worker, one_per_worker
from bench.load import serve
from legaldesk.config import Settings
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text


def test_an_act_filed_from_the_command_line_is_found_by_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite in the data directory, the default; the processes share nothing else. (Several
    # processes on PostgreSQL are covered by the loop's crash tests, tests/legaldesk.)
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    stale = tmp_path / "data" / "metrics" / "counter_1.db"  # an earlier run's metrics
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"\0" * 16)
    process, base = serve(tmp_path / "data", workers=2)
    service = psutil.Process(process.pid)
    try:
        loops = _loops(service)
        assert len(loops) == 1
        # Beside them, the expiry of residents' personal data (legaldesk/desk/privacy.py).
        expiry = _children(service, "expire-personal-data")
        assert len(expiry) == 1
        workers = one_per_worker(int(base.rsplit(":", 1)[1]), service, workers=2)
        assert len({w.worker for w in workers}) == 2 and loops[0].pid not in {
            w.worker for w in workers
        }
        assert all("77-р" not in w.numbers("77-р") for w in workers)
        act = tmp_path / "77.txt"
        act.write_text(act_text(number="77-р", title="О проверке двух процессов"), "utf-8")

        importing = subprocess.Popen(
            [sys.executable, "-m", "legaldesk.cli", "import", str(act)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while importing.poll() is None:
            _keep_alive(workers)
        assert importing.returncode == 0, importing.stderr.read() if importing.stderr else ""
        found = found_by_every_worker(workers, "77-р", since=time.perf_counter(), timeout=60)

        assert set(found) == {w.worker for w in workers}

        loops[0].kill()  # the loop dies: the service starts another
        deadline = time.monotonic() + 60
        while not (again := [p for p in _loops(service) if p.pid != loops[0].pid]):
            assert time.monotonic() < deadline, "no new indexing loop"
            _keep_alive(workers)
        loops = again
        settings = Settings(data_dir=tmp_path / "data", ocr=False)
        Repository(settings).ingestor().ingest(RawFile(act_text(number="78-р").encode(), "78"))
        assert set(found_by_every_worker(workers, "78-р", time.perf_counter(), 60)) == set(found)
        # /metrics, answered by either worker, adds up both workers' requests
        # (prometheus-client's multiprocess files, emptied at the start).
        assert not stale.exists()
        for n, worker in enumerate(workers):  # 3 on one worker, 4 on the other
            for _ in range(3 + n):
                worker.http.request("GET", "/healthz")
                assert worker.http.getresponse().read() == b"ok"
        scrapes = []
        for worker in workers:  # each worker answers a scrape
            worker.http.request("GET", "/metrics")
            scrapes.append(worker.http.getresponse().read().decode())
        assert [_healthz_count(scrape) for scrape in scrapes] == [7, 7]
        for worker in workers:
            worker.close()
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while loops[0].is_running() and loops[0].status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the indexing loop outlived the service"
        time.sleep(0.05)
    while expiry[0].is_running() and expiry[0].status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the expiry of personal data outlived the service"
        time.sleep(0.05)


def _keep_alive(workers: list[WorkerConnection]) -> None:
    """A request on each worker's connection while the test waits: uvicorn closes a
    connection idle for 5 s, and on a busy machine an import takes longer than that; a new
    connection could reach another worker."""
    for worker in workers:
        worker.numbers("нет такого")
    time.sleep(0.2)


def _healthz_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        if family.name == "legaldesk_http_requests":
            return sum(
                s.value
                for s in family.samples
                if s.name.endswith("_total") and s.labels["route"] == "/healthz"
            )
    return 0.0


def _children(service: psutil.Process, word: str) -> list[psutil.Process]:
    found = []
    for child in service.children(recursive=True):
        try:
            if word in child.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _loops(service: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in service.children(recursive=True):
        try:
            command = child.cmdline()
            if (
                "index" in command
                and "--follow" in command
                and child.status() != psutil.STATUS_ZOMBIE
            ):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found
