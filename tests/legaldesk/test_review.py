"""The review queue as a librarian works through it: filtered, ordered, with how much is
left; the opening lines with the heading marked; a page of the original as a picture;
headings suggested by acts already classified; headings given to a selection."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from legaldesk.catalogue import act
from legaldesk.editing import Changes, EditError, add_rubrics, save_metadata
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.store import save_source
from legaldesk.models import AuditEvent, DocumentRubric, Rubric
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import Hints, Provenance, RawFile
from legaldesk.repository import Repository
from legaldesk.review import (
    BY_HAND,
    QueueFilter,
    heading_lines,
    next_in_queue,
    page_image,
    review_queue,
)
from legaldesk.suggestions import suggest_rubrics
from legaldesk.synth import generate_acts
from legaldesk.synth.render import render_act
from tests.factories import act_text, docx_bytes


def unsure(repo: Repository, n: int, provenance: Provenance | None = None) -> int:
    """A document the parser cannot read the details of: it awaits review."""
    text = (
        f"ПОСТАНОВЛЕНИЕ\n\nО благоустройстве двора {n}\n\n"
        "В целях создания благоприятных условий проживания граждан администрация "
        "постановляет: провести работы по благоустройству дворовой территории, "
        "обустроить детскую площадку и освещение, контроль оставляю за собой."
    )
    outcome = repo.ingestor("test").ingest(
        RawFile(text.encode(), f"note-{n}.txt", provenance=provenance)
    )
    assert outcome.needs_review and outcome.document_id is not None
    return outcome.document_id


def confirm(repo: Repository, document_id: int) -> None:
    view = act(repo.engine, document_id)
    assert view is not None
    changes = Changes(
        doc_type=view.doc_type,
        number=view.number,
        date_adopted=view.date_adopted,
        title=view.title,
        issuer=view.issuer,
        level=view.level,
        status=view.status,
        rubrics=(),
    )
    save_metadata(repo.engine, document_id, changes, actor="web:librarian")


def test_the_queue_counts_what_is_left_and_what_was_done(repo: Repository) -> None:
    ids = [unsure(repo, n) for n in range(4)]

    confirm(repo, ids[0])
    queue = review_queue(repo.engine)

    assert [i.id for i in queue.items] == list(reversed(ids[1:]))  # newest filed first
    assert (queue.left, queue.done, queue.total) == (3, 1, 4)
    assert queue.reasons == {"parser_unsure": 3}
    assert queue.sources == {BY_HAND: 3}


def test_the_queue_is_filtered_by_reason_and_source_and_ordered(repo: Repository) -> None:
    source_id, _ = save_source(
        repo.engine,
        source_from_dict(
            {"name": "adm", "kind": "listing", "start_urls": ["https://adm.example/"]}
        ),
    )
    by_hand = unsure(repo, 1)
    harvested = unsure(
        repo,
        2,
        Provenance(source_id=source_id, url="https://adm.example/2.txt", fetched_at=utcnow()),
    )
    later = unsure(repo, 3)

    assert [i.id for i in review_queue(repo.engine, QueueFilter(source="adm")).items] == [harvested]
    assert [i.id for i in review_queue(repo.engine, QueueFilter(source=BY_HAND)).items] == [
        later,
        by_hand,
    ]
    assert all(
        "parser_unsure" in i.codes
        for i in review_queue(repo.engine, QueueFilter(reason="parser_unsure")).items
    )
    oldest = review_queue(repo.engine, QueueFilter(sort="filed_asc")).items
    assert [i.id for i in oldest] == [by_hand, harvested, later]


def test_next_in_queue_follows_the_order_and_starts_over_after_a_save(repo: Repository) -> None:
    ids = [unsure(repo, n) for n in range(3)]  # the queue, newest first: ids[2], ids[1], ids[0]
    wanted = QueueFilter()

    assert next_in_queue(repo.engine, ids[2], wanted) == ids[1]  # skipped: the next one
    confirm(repo, ids[2])
    assert next_in_queue(repo.engine, ids[2], wanted) == ids[1]  # saved: the first left
    confirm(repo, ids[1])
    confirm(repo, ids[0])
    assert next_in_queue(repo.engine, ids[0], wanted) is None


def test_the_heading_lines_are_marked_and_the_body_is_not(repo: Repository) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    view = act(repo.engine, outcome.document_id or 0)
    assert view is not None

    head, _rest = heading_lines(view)

    marked = [line.text for line in head if line.heading]
    assert any("ПОСТАНОВЛЕНИЕ" in line for line in marked)
    assert any("245-п" in line and "12.03.2024" in line for line in marked)
    assert any("О земельном налоге" in line for line in marked)
    assert not any("Установить ставки" in line for line in marked)


def test_a_page_of_a_pdf_is_drawn_once_and_kept(repo: Repository) -> None:
    _name, pdf = render_act(next(iter(generate_acts(1, seed=2))), "pdf")
    outcome = repo.ingestor("test").ingest(RawFile(pdf, "act.pdf"))
    assert outcome.document_id and outcome.version_id

    png = page_image(repo, outcome.document_id, outcome.version_id, 0)

    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    kept = list((repo.settings.data_dir / "previews").iterdir())
    assert [p.suffix for p in kept] == [".png"]
    assert page_image(repo, outcome.document_id, outcome.version_id, 0) == png


def test_a_file_that_is_not_a_pdf_has_no_page_picture(repo: Repository) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))

    assert page_image(repo, outcome.document_id or 0, outcome.version_id or 0, 0) is None


def test_headings_are_suggested_by_similar_classified_acts(repo: Repository) -> None:
    ingestor = repo.ingestor("test")
    for n in range(3):
        ingestor.ingest(
            RawFile(
                docx_bytes(act_text(number=f"{n}-п", title=f"О ставках земельного налога {n}")),
                f"tax-{n}.docx",
                Hints(rubrics=("budget_taxes",)),
            )
        )
    ingestor.ingest(
        RawFile(
            docx_bytes(act_text(number="9-п", title="О тарифах на холодную воду")),
            "water.docx",
            Hints(rubrics=("tariffs",)),
        )
    )
    new = ingestor.ingest(
        RawFile(
            docx_bytes(act_text(number="10-п", title="О земельном налоге на 2026 год")), "n.docx"
        )
    )
    repo.update_index()

    suggested = suggest_rubrics(repo, new.document_id or 0)

    assert suggested and suggested[0].code == "budget_taxes"
    assert suggested[0].weight > 0.5
    assert "tariffs" not in [s.code for s in suggested][:1]


def test_headings_given_to_a_selection_are_kept_with_theirs(repo: Repository) -> None:
    ids = [unsure(repo, n) for n in range(3)]
    add_rubrics(repo.engine, ids[:1], ("tariffs",), actor="web:librarian")

    gained = add_rubrics(repo.engine, [*ids[:2], 999_999], ("tariffs", "funeral"), "web:librarian")

    assert gained == 2
    with Session(repo.engine) as session:
        links = session.exec(
            select(DocumentRubric.document_id, Rubric.code).join(
                Rubric, col(Rubric.id) == col(DocumentRubric.rubric_id)
            )
        ).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "rubrics_added")).all()
    assert sorted(links) == [
        (ids[0], "funeral"),
        (ids[0], "tariffs"),
        (ids[1], "funeral"),
        (ids[1], "tariffs"),
    ]
    assert len(events) == 3
    with pytest.raises(EditError):
        add_rubrics(repo.engine, ids, ("no_such_heading",), actor="web:librarian")
