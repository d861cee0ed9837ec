"""The consistency check (legaldesk/integrity.py) on both databases: a whole repository
passes, and each fault the fault tests rely on it to find is found — by its kind and its
subject — so a check that found nothing would fail here first."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from legaldesk import changes, integrity
from legaldesk.cli import app
from legaldesk.db import session_scope
from legaldesk.index.store import to_tantivy
from legaldesk.indexing import load_index_docs
from legaldesk.models import ConsumerPosition, Document, Version
from legaldesk.pipeline.ingest import RawFile
from legaldesk.publication import withdraw
from legaldesk.repository import Repository
from tests.factories import act_text


def file_acts(repo: Repository, count: int) -> list[int]:
    ids = []
    for n in range(1, count + 1):
        text = act_text(number=f"{n}-п", title=f"О порядке номер {n} в поселении")
        outcome = repo.ingestor().ingest(RawFile(text.encode(), f"{n}.txt"))
        assert outcome.document_id is not None
        ids.append(outcome.document_id)
    return ids


def found(report: integrity.Report) -> set[tuple[str, str]]:
    return {(p.kind, p.subject) for p in report.problems}


def test_a_whole_repository_passes_and_every_kind_of_fault_is_found(repo: Repository) -> None:
    one, two, three, four = file_acts(repo, 4)
    repo.update_index()
    whole = integrity.check(repo)
    assert whole.consistent, whole.problems
    assert (whole.acts, whole.files, whole.indexed, whole.waiting) == (4, 4, 4, 0)
    assert whole.consumers >= 1 and not whole.unreferenced and not whole.incoming

    with Session(repo.engine) as session:
        digests = {v.document_id: v.sha256 for v in session.exec(select(Version)).all()}
    repo.blobs.path_for(digests[one]).unlink()
    repo.blobs.path_for(digests[two]).write_bytes(b"not what was filed")
    spare = repo.blobs.put(b"a file no row names")
    (repo.blobs.path_for(spare).parent / ".incoming-killed").write_bytes(b"half")
    with Session(repo.engine) as session:
        # By id: the rows come in no promised order (PostgreSQL returned 4 before 3 once).
        loaded = {d.id: d for d in load_index_docs(session, [three, four])}
    doc_three, doc_four = loaded[three], loaded[four]
    with repo.index.exclusive():  # in it twice: added past the upsert ``write`` does
        writer = repo.index.raw_index.writer()
        writer.add_document(to_tantivy(doc_three))
        writer.commit()
        writer.wait_merging_threads()
        del writer
    repo.index.write(upserts=[replace(doc_four, id=999)])  # an act the database lacks
    # The database says withdrawn, the index still «published», with the change applied.
    withdraw(repo.engine, [four], "по ошибке", actor="test")
    changes.advance(repo.engine, changes.INDEX, changes.head(repo.engine))
    with session_scope(repo.engine) as session:
        bare = Document(title="Без текста")
        session.add(bare)
    with session_scope(repo.engine) as session:
        session.add(ConsumerPosition(name="ahead", position=changes.head(repo.engine) + 5))

    report = integrity.check(repo)

    assert found(report) == {
        (integrity.FILE_MISSING, digests[one]),
        (integrity.FILE_DAMAGED, digests[two]),
        (integrity.INDEXED_TWICE, str(three)),
        (integrity.INDEX_STATE_DIFFERS, str(four)),
        (integrity.INDEXED_NOT_IN_DATABASE, "999"),
        (integrity.ACT_WITHOUT_VERSION, str(bare.id)),
        (integrity.NOT_INDEXED, str(bare.id)),
        (integrity.POSITION_PAST_HEAD, "ahead"),
    }
    assert report.unreferenced == [spare]  # harmless: counted apart, not a fault
    assert [p.rsplit("/", 1)[1] for p in report.incoming] == [".incoming-killed"]
    # Without reading the files, a damaged one goes unseen; a missing one does not.
    quick = found(integrity.check(repo, hash_files=False))
    assert (integrity.FILE_DAMAGED, digests[two]) not in quick
    assert (integrity.FILE_MISSING, digests[one]) in quick


def test_an_act_whose_change_the_index_has_not_applied_is_waiting_not_a_fault(
    repo: Repository,
) -> None:
    file_acts(repo, 2)
    repo.update_index()
    repo.ingestor().ingest(RawFile(act_text(number="3-п").encode(), "3.txt"))

    report = integrity.check(repo)

    assert report.consistent, report.problems
    assert (report.acts, report.indexed, report.waiting) == (3, 2, 1)
    repo.update_index()
    assert (integrity.check(repo).waiting, integrity.check(repo).indexed) == (0, 3)


def test_legaldesk_check_says_in_russian_what_is_wrong_and_exits_1(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one, two = file_acts(repo, 2)
    repo.update_index()
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(repo.settings.data_dir))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", repo.settings.resolved_database_url)
    runner = CliRunner()
    whole = runner.invoke(app, ["check"], catch_exceptions=False)
    with Session(repo.engine) as session:
        digest = session.exec(select(Version.sha256)).first()
    assert digest is not None
    repo.blobs.path_for(digest).unlink()
    # The database says withdrawn, the index still published, with the change applied.
    withdraw(repo.engine, [two], "по ошибке", actor="test")
    changes.advance(repo.engine, changes.INDEX, changes.head(repo.engine))
    broken = runner.invoke(app, ["check", "--quick"], catch_exceptions=False)
    as_json = runner.invoke(app, ["check", "--json"], catch_exceptions=False)

    assert whole.exit_code == 0, whole.output
    assert "Репозиторий цел" in whole.stdout
    assert broken.exit_code == 1, broken.output
    said = " ".join(broken.stdout.split())  # as wide as the terminal, wrapped
    assert f"Файл {digest} указан в базе данных, но его нет в хранилище." in said
    # The publication states by the names the pages give them, not their codes.
    assert (
        f"В поисковом индексе у акта {two} состояние «опубликован», а в базе данных — "
        "«снят с публикации»." in said
    )
    assert "Найдено неисправностей: 2." in said
    assert as_json.exit_code == 1
    problems = json.loads(as_json.stdout)["problems"]
    assert problems[0] == {
        "kind": "file_missing",
        "subject": digest,
        "message": f"Файл {digest} указан в базе данных, но его нет в хранилище.",
    }
    assert [(p["kind"], p["subject"]) for p in problems[1:]] == [("index_state_differs", str(two))]
