"""Whether an act is public: the policy of each way in, new versions, the staff's decisions
(each a change in the log and an audit event), and the index following them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, col, select

from legaldesk import publication
from legaldesk.config import Settings
from legaldesk.db import migrate
from legaldesk.editing import Changes, save_metadata
from legaldesk.index import SearchQuery
from legaldesk.models import AuditEvent, Change, Document, Version
from legaldesk.pipeline.ingest import IngestOutcome, RawFile
from legaldesk.publication import PublicationError, WayIn, on_filing
from legaldesk.reasons import Reason
from legaldesk.repository import Repository
from legaldesk.seed import seed_rubrics
from tests.factories import act_text, docx_bytes

DRAFT = "ПРОЕКТ\n" + act_text(number="999-п", title="О проекте бюджета поселения")
MANIFEST = "file\ttype\tdate\tnumber\ttitle\n" + "".join(
    f"{n}.pdf\tpostanovlenie\t12.03.2024\t{n}-п\tО постановлении {n}\n" for n in range(30)
)


def file(
    repo: Repository, way: WayIn, text: str | None = None, name: str = "a.docx"
) -> IngestOutcome:
    data = docx_bytes(text or act_text()) if name.endswith(".docx") else (text or "").encode()
    outcome = repo.ingestor(f"test:{way.value}", way).ingest(RawFile(data, name))
    assert outcome.document_id is not None, outcome.reason
    return outcome


def document(repo: Repository, doc_id: int) -> Document:
    with Session(repo.engine) as session:
        found = session.get(Document, doc_id)
        assert found is not None
        return found


def codes(doc: Document) -> list[str]:
    return [r["code"] for r in doc.review_reasons or []]


def logged(repo: Repository, doc_id: int) -> list[tuple[str, dict[str, Any]]]:
    with Session(repo.engine) as session:
        rows = session.exec(
            select(Change).where(Change.document_id == doc_id).order_by(col(Change.id))
        ).all()
    return [(c.kind, c.detail) for c in rows]


def audited(repo: Repository, doc_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    with Session(repo.engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.document_id == doc_id).order_by(col(AuditEvent.id))
        ).all()
    return [(e.actor, e.action, e.detail) for e in rows]


def public_ids(repo: Repository, text: str = "") -> set[int]:
    repo.update_index()
    query = SearchQuery(text=text, limit=100, publication=publication.PUBLIC)
    return {h.id for h in repo.index.search(query).hits}


# -- the policy ----------------------------------------------------------------------------

DOUBT = [Reason("draft")]


@pytest.mark.parametrize(
    ("way", "doubts", "current", "state", "reasons", "review"),
    [
        (WayIn.CLI, [], None, "published", [], False),
        (WayIn.UPLOAD, [], None, "published", [], False),
        (WayIn.OFFICIAL_SOURCE, [], None, "published", [], False),
        (WayIn.CLI, DOUBT, None, "pending", ["draft"], True),
        (WayIn.OFFICIAL_SOURCE, DOUBT, None, "pending", ["draft"], True),
        (WayIn.SOURCE, [], None, "pending", ["source_not_official"], True),
        (WayIn.SOURCE, DOUBT, None, "pending", ["draft", "source_not_official"], True),
        (WayIn.HELD, [], None, "pending", ["held"], True),
        # new versions
        (WayIn.SOURCE, [], "published", "published", [], False),
        (WayIn.CLI, DOUBT, "published", "published", ["draft"], True),
        (WayIn.CLI, [], "pending", "published", [], False),
        (WayIn.SOURCE, [], "pending", "pending", ["source_not_official"], True),
        (WayIn.CLI, [], "rejected", "rejected", [], False),
        (WayIn.OFFICIAL_SOURCE, DOUBT, "withdrawn", "withdrawn", ["draft"], False),
    ],
)
def test_the_policy_of_each_way_in(
    way: WayIn,
    doubts: list[Reason],
    current: str | None,
    state: str,
    reasons: list[str],
    review: bool,
) -> None:
    filing = on_filing(way, doubts, current)

    assert (filing.state, [r.code for r in filing.reasons], filing.needs_review) == (
        state,
        reasons,
        review,
    )
    assert filing.published == (current == "pending" and state == "published")


@pytest.mark.parametrize("way", [WayIn.CLI, WayIn.UPLOAD, WayIn.OFFICIAL_SOURCE])
def test_a_trusted_way_publishes_a_clean_act_at_once(repo: Repository, way: WayIn) -> None:
    outcome = file(repo, way)

    doc = document(repo, outcome.document_id or 0)
    assert (outcome.publication, doc.publication, doc.needs_review) == (
        "published",
        "published",
        False,
    )
    assert doc.publication_by == f"test:{way.value}" and doc.publication_at is not None
    assert public_ids(repo, "земельный налог") == {doc.id}
    # Filing is one change: the act's state is on the act for any consumer to read.
    assert [kind for kind, _ in logged(repo, doc.id or 0)] == ["filed"]
    assert audited(repo, doc.id or 0)[0][2]["publication"] == "published"


@pytest.mark.parametrize(
    ("way", "text", "name", "reason"),
    [
        (WayIn.CLI, DRAFT, "a.docx", "draft"),
        (WayIn.UPLOAD, MANIFEST, "MANIFEST.tsv", "not_an_act"),
        (WayIn.SOURCE, None, "a.docx", "source_not_official"),
        (WayIn.HELD, None, "a.docx", "held"),
    ],
)
def test_a_doubted_file_or_an_untrusted_way_waits_in_review(
    repo: Repository, way: WayIn, text: str | None, name: str, reason: str
) -> None:
    outcome = file(repo, way, text, name)

    doc = document(repo, outcome.document_id or 0)
    assert (outcome.publication, doc.publication, doc.needs_review) == ("pending", "pending", True)
    assert reason in codes(doc)
    assert public_ids(repo) == set()


def test_the_manifest_is_held_as_a_table(repo: Repository) -> None:
    doc = document(repo, file(repo, WayIn.CLI, MANIFEST, "MANIFEST.tsv").document_id or 0)

    assert doc.review_reasons is not None
    assert {"code": "not_an_act", "why": "table"} in doc.review_reasons


def test_personnel_orders_publish_when_the_centre_files_them(settings: Settings) -> None:
    outcomes = []
    for n, (choice, who) in enumerate((("hold", "Петрова П.П."), ("file", "Орлова О.О.")), 7):
        order = act_text(kind="РАСПОРЯЖЕНИЕ", number=f"{n}-к", title=f"Об увольнении {who}")
        repo = Repository(settings.model_copy(update={"personnel_orders": choice}))
        settings.ensure_dirs()
        migrate(repo.engine)
        seed_rubrics(repo.engine)
        outcomes.append(file(repo, WayIn.CLI, order, f"order-{n}.txt"))
        repo.close()

    assert [(o.status, o.publication) for o in outcomes] == [
        ("created", "pending"),
        ("created", "published"),
    ]


# -- new versions --------------------------------------------------------------------------


def test_a_new_version_keeps_a_published_act_public_even_when_doubted(repo: Repository) -> None:
    first = file(repo, WayIn.CLI)
    scan_like = act_text(body="Иная редакция: ставки на 2026 год.")

    second = file(repo, WayIn.SOURCE, "ПРОЕКТ\n" + scan_like, "b.docx")

    assert second.status == "new_version" and second.document_id == first.document_id
    doc = document(repo, first.document_id or 0)
    assert (doc.publication, doc.needs_review, codes(doc)) == ("published", True, ["draft"])
    assert public_ids(repo) == {doc.id}


def test_a_clean_version_from_a_trusted_way_publishes_a_pending_act(repo: Repository) -> None:
    held = file(repo, WayIn.SOURCE)

    confirmed = file(repo, WayIn.OFFICIAL_SOURCE, act_text(body="Официальный текст."), "b.docx")

    assert confirmed.document_id == held.document_id and confirmed.publication == "published"
    doc = document(repo, held.document_id or 0)
    assert (doc.publication, doc.needs_review, doc.review_reasons) == ("published", False, None)
    assert [k for k, _ in logged(repo, doc.id or 0)] == ["filed", "new_version", "published"]


def test_a_new_version_does_not_undo_a_rejection(repo: Repository) -> None:
    first = file(repo, WayIn.SOURCE)
    publication.reject(repo.engine, [first.document_id or 0], "не наш район", actor="anna")

    again = file(repo, WayIn.CLI, act_text(body="Ещё одна редакция."), "c.docx")

    assert again.publication == "rejected"
    doc = document(repo, first.document_id or 0)
    assert (doc.publication, doc.needs_review) == ("rejected", False)
    assert public_ids(repo) == set()


# -- decisions -----------------------------------------------------------------------------


def test_publish_writes_the_change_and_the_audit_event(repo: Repository) -> None:
    doc_id = file(repo, WayIn.SOURCE).document_id or 0

    assert publication.publish(repo.engine, [doc_id], actor="web:anna") == [doc_id]

    doc = document(repo, doc_id)
    assert (doc.publication, doc.publication_by, doc.needs_review) == (
        "published",
        "web:anna",
        False,
    )
    assert logged(repo, doc_id)[-1] == ("published", {"from": "pending"})
    actor, action, detail = audited(repo, doc_id)[-1]
    assert (actor, action, detail["from"]) == ("web:anna", "published", "pending")
    assert detail["review_reasons"] == [{"code": "source_not_official"}]  # why it had waited
    assert public_ids(repo, "земельный налог") == {doc_id}
    assert publication.publish(repo.engine, [doc_id], actor="web:anna") == []  # already


def test_a_rejected_act_is_kept_with_its_reason_and_can_be_published_later(
    repo: Repository,
) -> None:
    outcome = file(repo, WayIn.UPLOAD, MANIFEST, "MANIFEST.tsv")
    doc_id = outcome.document_id or 0

    publication.reject(repo.engine, [doc_id], "  список файлов,\nне акт ", actor="web:anna")

    doc = document(repo, doc_id)
    assert (doc.publication, doc.publication_reason, doc.needs_review) == (
        "rejected",
        "список файлов, не акт",
        False,
    )
    with Session(repo.engine) as session:  # the record and the file stay
        version = session.exec(select(Version).where(Version.document_id == doc_id)).one()
    assert repo.blobs.get(version.sha256) == MANIFEST.encode()
    assert logged(repo, doc_id)[-1] == (
        "rejected",
        {"from": "pending", "reason": "список файлов, не акт"},
    )
    assert audited(repo, doc_id)[-1][1] == "rejected"

    publication.publish(repo.engine, [doc_id], actor="web:boris")  # reconsidered

    assert document(repo, doc_id).publication == "published"
    assert document(repo, doc_id).publication_reason is None


def test_withdrawing_takes_a_published_act_off_and_the_index_follows(repo: Repository) -> None:
    doc_id = file(repo, WayIn.CLI).document_id or 0
    assert public_ids(repo, "земельный налог") == {doc_id}

    publication.withdraw(repo.engine, [doc_id], "отменён судом", actor="web:anna")

    assert public_ids(repo, "земельный налог") == set()
    repo.update_index()
    everything = repo.index.search(SearchQuery(text="земельный налог", limit=10))
    assert [h.id for h in everything.hits] == [doc_id]  # staff still find it
    assert logged(repo, doc_id)[-1] == (
        "withdrawn",
        {"from": "published", "reason": "отменён судом"},
    )


def test_decisions_are_all_or_nothing_and_need_a_reason(repo: Repository) -> None:
    published = file(repo, WayIn.CLI).document_id or 0
    pending = file(repo, WayIn.SOURCE, act_text(number="300-п", title="О дорогах"), "b.docx")
    pending_id = pending.document_id or 0
    before = logged(repo, published) + logged(repo, pending_id)

    with pytest.raises(PublicationError, match="withdraw it instead"):
        publication.reject(repo.engine, [pending_id, published], "не акт", actor="anna")
    with pytest.raises(PublicationError, match="only a published act is withdrawn"):
        publication.withdraw(repo.engine, [pending_id], "ошибка", actor="anna")
    with pytest.raises(PublicationError, match="give the reason"):
        publication.reject(repo.engine, [pending_id], "   ", actor="anna")
    with pytest.raises(PublicationError, match="no document 999"):
        publication.publish(repo.engine, [pending_id, 999], actor="anna")

    assert document(repo, pending_id).publication == "pending"  # nothing changed
    assert logged(repo, published) + logged(repo, pending_id) == before


def test_several_acts_are_decided_in_one_call(repo: Repository) -> None:
    ids = [
        file(
            repo, WayIn.SOURCE, act_text(number=f"{n}-п", title=f"О дороге № {n}"), f"{n}.docx"
        ).document_id
        or 0
        for n in (301, 302, 303)
    ]

    assert publication.publish(repo.engine, ids, actor="web:anna") == sorted(ids)

    assert public_ids(repo) == set(ids)


# -- confirming on the review screen -------------------------------------------------------


def edit(**fields: object) -> Changes:
    values: dict[str, object] = {
        "doc_type": "postanovlenie",
        "number": "245-п",
        "date_adopted": None,
        "title": "О земельном налоге",
        "issuer": "Администрация Заречного сельского поселения",
        "level": "municipal",
        "status": "unknown",
        "rubrics": (),
    }
    values.update(fields)
    return Changes(**values)  # type: ignore[arg-type]


def test_confirming_an_act_awaiting_review_publishes_it(repo: Repository) -> None:
    doc_id = file(repo, WayIn.SOURCE).document_id or 0

    changed = save_metadata(repo.engine, doc_id, edit(), actor="web:anna")

    assert changed  # the librarian corrected the title and dropped the date
    doc = document(repo, doc_id)
    assert (doc.publication, doc.needs_review, doc.review_reasons) == ("published", False, None)
    assert [k for k, _ in logged(repo, doc_id)] == ["filed", "metadata_changed", "published"]
    assert public_ids(repo, "земельный налог") == {doc_id}


def test_correcting_a_rejected_act_does_not_publish_it(repo: Repository) -> None:
    doc_id = file(repo, WayIn.SOURCE).document_id or 0
    publication.reject(repo.engine, [doc_id], "дубль с сайта района", actor="web:anna")

    save_metadata(repo.engine, doc_id, edit(title="Другое название"), actor="web:anna")

    assert document(repo, doc_id).publication == "rejected"
    assert "published" not in [k for k, _ in logged(repo, doc_id)]
