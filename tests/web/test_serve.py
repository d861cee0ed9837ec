"""`legaldesk serve` as users start it: two web workers and the indexing loop beside them. An
act filed from the command line is found by every worker, and stopping the service stops
the loop. Which worker answers a connection is read from the operating system."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bench.freshness import found_by_every_worker, one_per_worker
from bench.load import serve
from tests.factories import act_text


def test_an_act_filed_from_the_command_line_is_found_by_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite in the data directory, the default; the processes share nothing else. (Several
    # processes on PostgreSQL are covered by the loop's crash tests, tests/legaldesk.)
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    process, base = serve(tmp_path / "data", workers=2)
    service = psutil.Process(process.pid)
    try:
        loops = [p for p in service.children(recursive=True) if "--follow" in p.cmdline()]
        assert len(loops) == 1
        workers = one_per_worker(int(base.rsplit(":", 1)[1]), service, workers=2)
        assert len({w.worker for w in workers}) == 2 and loops[0].pid not in {
            w.worker for w in workers
        }
        assert all("77-р" not in w.numbers("77-р") for w in workers)
        act = tmp_path / "77.txt"
        act.write_text(act_text(number="77-р", title="О проверке двух процессов"), "utf-8")

        imported = subprocess.run(
            [sys.executable, "-m", "legaldesk.cli", "import", str(act)], capture_output=True
        )
        assert imported.returncode == 0, imported.stderr
        found = found_by_every_worker(workers, "77-р", since=time.perf_counter(), timeout=60)

        assert set(found) == {w.worker for w in workers}
        for worker in workers:
            worker.close()
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while loops[0].is_running() and loops[0].status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the indexing loop outlived the service"
        time.sleep(0.05)
