"""Past one machine, on one machine: a PostgreSQL primary and a streaming standby made by
``pg_basebackup -R`` (Debian's server binaries, on loopback ports of their own), node 1 on
the primary and node 2, a reading node, on the standby: its indexing loop as ``legaldesk
index --follow`` runs it and its web service over HTTP, both in this process (starting
``legaldesk serve`` costs seconds of imports).

An act filed on node 1 is found on node 2: the first by the index node 2 builds from the
replica when it starts, the next by its indexing loop following the replica's change log.
Then the primary dies (an immediate stop: no shutdown, as in a crash): node 2 still answers
and is ready. The standby is promoted: every act and every change committed on the primary
is there, and node 2 goes on finding what is filed on the promoted database. The primary
waits for the standby at each commit (synchronous_standby_names), which is what makes
«committed» mean «on the standby» (docs/deployment.md, «Reading nodes»).

Selected with ``-m replica``; skipped, with the reason, where the binaries or a way to run
them as ``postgres`` (they refuse to run as root) are missing. Takes a few seconds: two
clusters, initdb and a base backup."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from legaldesk import changes, publication
from legaldesk.cli import follow_change_log
from legaldesk.config import Settings
from legaldesk.db import make_engine
from legaldesk.index.store import POSITION_FILE
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text
from tests.web.live import free_port, serving

PG_BIN = Path(os.environ.get("LEGALDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "pg_ctl", "postgres", "pg_basebackup")

pytestmark = pytest.mark.replica


def as_postgres() -> list[str]:
    """The prefix that runs a server binary as ``postgres`` when we are root; none else."""
    if os.geteuid() != 0:
        return []
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres user to run PostgreSQL as")
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    if shutil.which("setpriv"):
        ids = [f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups"]
        return ["setpriv", *ids, "--"]
    pytest.skip("running as root without runuser or setpriv to run PostgreSQL as postgres")


@dataclass
class Cluster:
    data: Path
    port: int
    prefix: list[str]
    running: bool = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.prefix, str(PG_BIN / tool), *args], capture_output=True, text=True
        )
        assert done.returncode == 0, f"{tool} {' '.join(args)}: {done.stdout}{done.stderr}"

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", f"{self.data}.log", "-w", "start")
        self.running = True

    def stop(self, mode: str) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def configure(self, **settings: str) -> None:
        with (self.data / "postgresql.conf").open("a") as conf:  # the last setting wins
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())


@pytest.fixture
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    """A primary and its streaming standby, started; stopped and removed afterwards."""
    missing = [tool for tool in TOOLS if not (PG_BIN / tool).is_file()]
    if missing:
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}: {', '.join(missing)}")
    prefix = as_postgres()
    # Not in pytest's tmp_path: postgres must own the directory and reach it.
    top = Path(tempfile.mkdtemp(prefix="legaldesk-replication-"))
    if prefix:
        shutil.chown(top, "postgres")
    primary = Cluster(top / "primary", free_port(), prefix)
    standby = Cluster(top / "standby", free_port(), prefix)
    try:
        primary.run(
            "initdb", "-D", str(primary.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        primary.configure(
            port=str(primary.port),
            listen_addresses="'127.0.0.1'",
            unix_socket_directories=f"'{top}'",
            wal_level="replica",
            # A commit returns once the standby has it: what survives the primary's crash.
            synchronous_standby_names="'*'",
            fsync="off",  # speed only: the claim is about replication, not about the disk
        )
        primary.start()
        primary.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        # The backup copied the primary's settings: promoted, the standby would wait at
        # every commit for a standby of its own.
        standby.configure(port=str(standby.port), synchronous_standby_names="''")
        standby.start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            if cluster.running:
                cluster.stop("immediate")
        shutil.rmtree(top, ignore_errors=True)


def query(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def file_act(node: Repository, number: str) -> int:
    outcome = node.ingestor().ingest(RawFile(act_text(number=number).encode(), f"{number}.txt"))
    assert outcome.document_id is not None, outcome.reason
    publication.publish(node.engine, [outcome.document_id], "test")  # public, if held
    return outcome.document_id


def found_on(http: httpx.Client, number: str, timeout: float = 60) -> list[int]:
    """The acts node 2's public search finds by ``number``, once it finds any."""
    deadline = time.monotonic() + timeout
    while True:
        response = http.get("/api/v1/search", params={"q": number})
        assert response.status_code == 200, response.text
        hits = [hit["id"] for hit in response.json()["hits"]]
        if hits or time.monotonic() > deadline:
            return hits
        time.sleep(0.05)


def test_a_reading_node_follows_a_standby_and_nothing_committed_is_lost_at_failover(
    clusters: tuple[Cluster, Cluster], tmp_path: Path
) -> None:
    primary, standby = clusters
    assert query(standby.url, "SELECT pg_is_in_recovery()") == [(True,)]
    node1 = Repository(Settings(data_dir=tmp_path / "node1", database_url=primary.url, ocr=False))
    node1.init()  # the schema reaches the standby through replication, like everything
    first = file_act(node1, "101-п")

    # Node 2 in this process (a service's start costs seconds of imports): its indexing
    # loop in a thread, as `legaldesk index --follow` runs it, and its web service on a
    # port of its own.
    reading = Settings(
        data_dir=tmp_path / "node2",
        database_url=standby.url,
        primary_url="http://127.0.0.1:8000",
        index_consumer="index@node2",
        ocr=False,
    )
    loop_node, web_node = Repository(reading), Repository(reading)
    stop = threading.Event()
    loop = threading.Thread(target=follow_change_log, args=(loop_node, stop, 0.05))
    with ExitStack() as running:
        running.enter_context(loop_node.follower_lock)
        loop.start()
        running.callback(loop.join, 30)
        running.callback(stop.set)
        base = running.enter_context(serving(web_node, apply_log=False))
        http = running.enter_context(httpx.Client(base_url=base, trust_env=False, timeout=10))
        assert found_on(http, "101-п") == [first]  # in the index it built from the replica
        second = file_act(node1, "102-п")
        assert found_on(http, "102-п") == [second]  # followed from the replica's log
        # Writes go to the primary; node 2 wrote nothing to its database.
        login = http.post("/login", data={"username": "x"}, follow_redirects=False)
        assert (login.status_code, login.headers["location"]) == (
            307,
            "http://127.0.0.1:8000/login",
        )
        consumers = {name for (name,) in query(primary.url, "SELECT name FROM change_consumer")}
        assert "index@node2" not in consumers
        ready = http.get("/readyz").json()
        assert ready["status"] == "ready" and ready["lag"]["index@node2"] == 0
        committed = query(primary.url, "SELECT id FROM document ORDER BY id")
        logged = query(primary.url, "SELECT id, document_id, kind FROM act_change ORDER BY id")
        node1.close()

        primary.stop("immediate")  # the primary dies
        # Reading goes on from the standby, and node 2 stays in the balancer's pool.
        assert found_on(http, "102-п") == [second]
        assert http.get("/readyz").status_code == 200
        standby.run("pg_ctl", "-D", str(standby.data), "-w", "promote")

        assert query(standby.url, "SELECT pg_is_in_recovery()") == [(False,)]
        assert query(standby.url, "SELECT id FROM document ORDER BY id") == committed
        assert committed == [(first,), (second,)]
        assert (
            query(standby.url, "SELECT id, document_id, kind FROM act_change ORDER BY id") == logged
        )
        # The promoted standby takes writes (node 1 moved to it); node 2 follows on.
        moved = Repository(
            Settings(data_dir=tmp_path / "node1", database_url=standby.url, ocr=False)
        )
        third = file_act(moved, "103-п")
        assert found_on(http, "103-п") == [third]
        assert [found_on(http, n) for n in ("101-п", "102-п")] == [[first], [second]]
        head = changes.head(moved.engine)
        moved.close()
        position = tmp_path / "node2" / "index" / POSITION_FILE
        deadline = time.monotonic() + 30
        while int(position.read_text()) < head:  # noted just after the commit it follows
            assert time.monotonic() < deadline, "node 2's position did not reach the head"
            time.sleep(0.05)
    loop_node.close()
    web_node.close()
    assert not loop.is_alive()
