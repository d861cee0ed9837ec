"""A harvest killed mid-run and run again ends with the same repository as one that ran
through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from legaldesk import integrity
from legaldesk.config import Settings
from legaldesk.harvesters.runner import FileResult, Harvester, Progress
from legaldesk.harvesters.store import StoredSource, get_source, save_source
from legaldesk.models import Document, HarvestRun, RemoteFile, Version
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site
from tests.harvesters.conftest import publish

Add = Callable[..., StoredSource]


def repository(repo: Repository) -> set[tuple[str | None, str | None, str]]:
    """What a reader of the repository sees: acts and the files of their versions."""
    with Session(repo.engine) as session:
        rows = session.exec(
            select(Document.act_key, Document.title, Version.sha256).join(
                Version, Version.document_id == Document.id
            )
        ).all()
    return {(key, title, sha) for key, title, sha in rows}


def uninterrupted(tmp_path: Path, source: StoredSource) -> set[tuple[str | None, str | None, str]]:
    other = Repository(
        Settings(data_dir=tmp_path / "reference", ocr=False, fetch_allow=("127.0.0.1",))
    )
    other.init()
    save_source(other.engine, source.config)
    Harvester(other, get_source(other.engine, source.config.name)).run()
    result = repository(other)
    other.close()
    return result


class Stop(BaseException):
    """Stands for Ctrl-C or the process dying between two files."""


def test_an_interrupted_harvest_completes_on_the_next_run(
    repo: Repository, site: Site, add_source: Add, tmp_path: Path
) -> None:
    publish(site, list(range(1, 9)))
    source = add_source()
    done: list[str] = []

    def file_done(url: str, _result: FileResult) -> None:
        done.append(url)
        if len(done) == 3:
            raise Stop

    with pytest.raises(Stop):
        Harvester(repo, source, progress=Progress(file_done=file_done)).run()
    second = Harvester(repo, source).run()

    assert second.status == "ok"
    assert repository(repo) == uninterrupted(tmp_path, source)
    with Session(repo.engine) as session:
        statuses = session.exec(select(HarvestRun.status).order_by(HarvestRun.id)).all()
        remembered = session.exec(select(func.count()).select_from(RemoteFile)).one()
    assert statuses == ["interrupted", "ok"]
    assert remembered == 9  # the listing page and eight files


def test_a_killed_harvest_process_leaves_nothing_half_written(
    repo: Repository, site: Site, add_source: Add, tmp_path: Path
) -> None:
    publish(site, list(range(1, 7)))
    site.fault("/files/6.docx", delay=30)  # holds the process mid-run
    source = add_source(http={"timeout": 60})
    env = {
        **os.environ,
        "LEGALDESK_DATA_DIR": str(repo.settings.data_dir),
        "LEGALDESK_DATABASE_URL": repo.settings.resolved_database_url,
        "LEGALDESK_OCR": "false",
        "LEGALDESK_FETCH_ALLOW": "127.0.0.1",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from legaldesk.cli import main; main()", "harvest", "adm"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _versions(repo) < 5:  # waiting for an event, with a deadline
            assert process.poll() is None, "the harvest ended before it could be killed"
            assert time.monotonic() < deadline, "the harvest never got going"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    site.faults.clear()
    killed = integrity.check(repo)  # the parts agree right after the kill

    report = Harvester(repo, source).run()
    repo.update_index()

    assert killed.consistent, killed.problems
    assert report.status == "ok"
    assert repository(repo) == uninterrupted(tmp_path, source)
    whole = integrity.check(repo)
    assert whole.consistent and whole.waiting == 0, whole.problems
    with Session(repo.engine) as session:
        first = session.exec(select(HarvestRun).order_by(HarvestRun.id)).first()
    assert first is not None and first.status == "interrupted"


def _versions(repo: Repository) -> int:
    with Session(repo.engine) as session:
        return session.exec(select(func.count()).select_from(Version)).one()
