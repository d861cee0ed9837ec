"""The review desk in the workspace: the queue filtered with its progress, «save and next»
within the filter, a page of the original as a picture, the opening lines with the heading
marked, suggested headings, and a heading given to a selection."""

from __future__ import annotations

from sqlmodel import Session, col, select

from legaldesk.models import Document, DocumentRubric, Rubric
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.synth import generate_acts
from legaldesk.synth.render import render_act
from tests.factories import act_text, docx_bytes
from tests.web.sessions import Client, log_in, token


def unsure(repo: Repository, n: int) -> int:
    text = (
        f"ПОСТАНОВЛЕНИЕ\n\nО благоустройстве двора {n}\n\n"
        "В целях создания благоприятных условий проживания граждан администрация "
        "постановляет: провести работы по благоустройству дворовой территории, "
        "обустроить детскую площадку и освещение, контроль оставляю за собой."
    )
    outcome = repo.ingestor("test").ingest(RawFile(text.encode(), f"note-{n}.txt"))
    assert outcome.needs_review and outcome.document_id is not None
    return outcome.document_id


def test_the_queue_shows_its_progress_and_filters(client: Client, repo: Repository) -> None:
    ids = [unsure(repo, n) for n in range(3)]
    log_in(client, "librarian")

    page = client.get("/staff").text
    filtered = client.get("/staff?reason=needs_ocr").text

    assert "Осталось 3 из 3" in page
    assert "реквизиты не распознаны (3)" in page
    assert all(f'href="/staff/documents/{i}"' in page for i in ids)
    assert not any(f'href="/staff/documents/{i}' in filtered for i in ids)
    assert "Очередь пуста" in filtered


def test_save_and_next_opens_the_next_document_of_the_same_filter(
    client: Client, repo: Repository
) -> None:
    first, second = unsure(repo, 1), unsure(repo, 2)
    log_in(client, "librarian")
    form = {
        "title": "О благоустройстве",
        "level": "municipal",
        "status": "unknown",
        "then": "next",
        "q_reason": "parser_unsure",
        "q_sort": "filed_asc",
        "_csrf_token": token(client, "/staff"),
    }

    done = client.post(f"/staff/documents/{first}", data=form, follow_redirects=False)
    last = client.post(f"/staff/documents/{second}", data=form, follow_redirects=False)

    query = "reason=parser_unsure&sort=filed_asc"
    assert done.status_code == 302
    assert done.headers["location"] == f"/staff/documents/{second}?{query}"
    assert last.headers["location"] == f"/staff?{query}"
    assert "Осталось" not in client.get("/staff?reason=parser_unsure").text


def test_the_review_screen_shows_the_original_page_and_marks_the_heading(
    client: Client, repo: Repository
) -> None:
    _name, pdf = render_act(next(iter(generate_acts(1, seed=4))), "pdf")
    outcome = repo.ingestor("test").ingest(RawFile(pdf, "act.pdf"))
    log_in(client, "librarian")

    page = client.get(f"/staff/documents/{outcome.document_id}").text
    picture = client.get(
        f"/staff/documents/{outcome.document_id}/versions/{outcome.version_id}/pages/1"
    )
    docx_picture = client.get("/staff/documents/1/versions/1/pages/1")

    src = f"/staff/documents/{outcome.document_id}/versions/{outcome.version_id}/pages/1"
    assert f'<img src="{src}"' in page
    assert '<mark class="heading">' in page
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    assert docx_picture.status_code == 404


def test_headings_are_suggested_from_acts_already_classified(
    client: Client, repo: Repository
) -> None:
    for n in range(3):
        text = act_text(number=f"{n}-т", title=f"Об установлении тарифов на воду {n}")
        repo.ingestor("test").ingest(
            RawFile(docx_bytes(text), f"t{n}.docx", Hints(rubrics=("tariffs",)))
        )
    new = repo.ingestor("test").ingest(
        RawFile(docx_bytes(act_text(number="9-т", title="О тарифах на воду")), "new.docx")
    )
    log_in(client, "librarian")

    page = client.get(f"/staff/documents/{new.document_id}").text

    suggested = page[page.index("Предлагаются по похожим актам") :][:400]
    assert 'for="rubric-tariffs"' in suggested and "Тарифы на коммунальные услуги" in suggested


def test_a_heading_is_given_to_the_documents_chosen_in_the_queue(
    client: Client, repo: Repository
) -> None:
    ids = [unsure(repo, n) for n in range(3)]
    log_in(client, "librarian")
    form: dict[str, str | list[str]] = {
        "ids": [str(ids[0]), str(ids[2])],
        "heading": "funeral",
        "do": "heading",
    }

    page = client.post("/staff/queue/bulk", data={**form, "_csrf_token": token(client, "/staff")})

    assert page.status_code == 200
    assert "Рубрика «Похоронное дело» присвоена 2 документам." in page.text
    with Session(repo.engine) as session:
        given = session.exec(
            select(DocumentRubric.document_id)
            .join(Rubric, col(Rubric.id) == col(DocumentRubric.rubric_id))
            .where(Rubric.code == "funeral")
        ).all()
    assert sorted(given) == [ids[0], ids[2]]


def test_a_bulk_action_without_a_choice_is_refused_with_a_reason(
    client: Client, repo: Repository
) -> None:
    ids = [unsure(repo, n) for n in range(2)]
    log_in(client, "librarian")
    csrf = token(client, "/staff")

    nothing = client.post("/staff/queue/bulk", data={"do": "publish", "_csrf_token": csrf})
    no_heading = client.post(
        "/staff/queue/bulk", data={"do": "heading", "ids": str(ids[0]), "_csrf_token": csrf}
    )
    no_reason = client.post(
        "/staff/queue/bulk",
        data={"do": "reject", "ids": [str(i) for i in ids], "_csrf_token": csrf},
    )

    assert nothing.status_code == 400 and "Выберите документы в списке." in nothing.text
    assert no_heading.status_code == 400 and "Выберите рубрику." in no_heading.text
    assert no_reason.status_code == 400
    assert states(repo, ids) == ["pending", "pending"]  # all or none


def states(repo: Repository, ids: list[int]) -> list[str]:
    with Session(repo.engine) as session:
        return [session.get(Document, i).publication for i in ids]  # type: ignore[union-attr]


def test_the_chosen_documents_are_published_or_rejected_at_once(
    client: Client, repo: Repository
) -> None:
    ids = [unsure(repo, n) for n in range(4)]
    log_in(client, "librarian")
    csrf = token(client, "/staff")

    published = client.post(
        "/staff/queue/bulk",
        data={"do": "publish", "ids": [str(ids[0]), str(ids[1])], "_csrf_token": csrf},
    )
    rejected = client.post(
        "/staff/queue/bulk",
        data={
            "do": "reject",
            "ids": [str(ids[2]), str(ids[3])],
            "reason": "не правовой акт",
            "_csrf_token": csrf,
        },
    )

    assert "2 документа опубликованы." in published.text
    assert "2 документа отклонены." in rejected.text
    assert states(repo, ids) == ["published", "published", "rejected", "rejected"]
    assert "Очередь пуста" in client.get("/staff").text
    with Session(repo.engine) as session:
        reasons = {session.get(Document, i).publication_reason for i in ids[2:]}  # type: ignore[union-attr]
    assert reasons == {"не правовой акт"}
