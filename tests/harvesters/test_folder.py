"""The folder inbox: files dropped in are filed and moved aside, failures with their reason."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlmodel import Session, select

from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.folder import harvest_folder
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.models import Document
from legaldesk.repository import Repository
from tests.factories import act_text, broken_pdf, docx_bytes

HOSTILE = "  Решение <№5> |?*:\\..\\x.pdf"  # legal on Linux, hostile elsewhere


def drop(folder: Path, name: str, data: bytes, age: float = 60) -> Path:
    path = folder / name
    path.write_bytes(data)
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def inbox_source(repo: Repository, folder: Path) -> None:
    config = source_from_dict(
        {"name": "inbox", "kind": "folder", "path": str(folder), "defaults": {"level": "municipal"}}
    )
    save_source(repo.engine, config, settings=repo.settings)


def test_good_files_are_filed_and_bad_ones_set_aside_with_a_reason(
    repo: Repository, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    drop(folder, "постановление 245-п.docx", docx_bytes(act_text()))
    drop(folder, HOSTILE, broken_pdf())
    inbox_source(repo, folder)

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert (report.found, report.new, report.failed) == (2, 1, 1)
    assert (folder / "processed" / "постановление 245-п.docx").exists()
    failed = folder / "failed" / HOSTILE
    assert failed.exists()
    reason = failed.with_name(failed.name + ".reason.txt").read_text("utf-8")
    assert "PDF" in reason
    assert [p.name for p in folder.iterdir() if p.is_file()] == []
    with Session(repo.engine) as session:
        (document,) = session.exec(select(Document)).all()
    assert document.number == "245-п" and document.level == "municipal"


def test_a_file_still_being_copied_waits_for_the_next_run(repo: Repository, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    drop(folder, "fresh.docx", docx_bytes(act_text()), age=0)
    inbox_source(repo, folder)

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert report.found == 0
    assert (folder / "fresh.docx").exists()


def test_the_same_file_again_is_unchanged_and_kept_under_a_new_name(
    repo: Repository, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    inbox_source(repo, folder)
    source = get_source(repo.engine, "inbox")
    data = docx_bytes(act_text())  # once: a DOCX carries its creation time
    drop(folder, "a.docx", data)
    harvest_folder(repo, source)
    drop(folder, "a.docx", data)

    report = harvest_folder(repo, source)

    assert report.unchanged == 1
    assert sorted(p.name for p in (folder / "processed").iterdir()) == ["a.1.docx", "a.docx"]


def test_a_missing_inbox_fails_the_run_with_a_reason(repo: Repository, tmp_path: Path) -> None:
    inbox_source(repo, tmp_path / "nowhere")

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert report.status == "failed"
    assert "does not exist" in report.errors[0][1]
