"""Publishing answered requests as entries of the public question–answer base: from the
librarian's edited texts only, after the check for personal data (or despite it, recorded),
edited and unpublished; searchable through an index of their own that follows the database
and is rebuilt from it; citing acts marked when they changed after the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from legaldesk import publication
from legaldesk.desk import answers, flags, history
from legaldesk.desk.requests import Clock, Intake, create_request, set_status
from legaldesk.index.qa import QaIndex
from legaldesk.models import QaEntry
from legaldesk.qa import entries, indexing
from legaldesk.qa.entries import Draft, PersonalDataFound, QaError
from legaldesk.qa.search import search_entries
from legaldesk.repository import Repository
from tests.legaldesk.desk.conftest import file_act

QUESTION = (
    "Меня зовут Мария Ивановна Петрова. Положена ли пенсионерке субсидия на оплату "
    "коммунальных услуг?"
)
ANSWER = "Положена, если расходы на ЖКУ превышают 22 % дохода семьи."
CLEAN = Draft(
    "Положена ли пенсионеру субсидия на оплату коммунальных услуг?",
    "Да, если расходы на жилищно-коммунальные услуги превышают 22 % дохода семьи "
    "(постановление Правительства РФ № 761).",
    ("housing_utilities",),
)


def answered(repo: Repository, clock: Clock, act: int | None = None) -> int:
    intake = Intake(
        question=QUESTION,
        channel="email",
        requester_name="Петрова Мария Ивановна",
        requester_contact="m.petrova@mail.ru",
        rubrics=("social_protection",),
    )
    request = create_request(repo.engine, intake, "t", clock)
    assert request.id is not None
    answers.save_answer(repo.engine, request.id, ANSWER, "email", None, 20, "web:librarian")
    if act is not None:
        answers.cite_act(repo.engine, request.id, act, "web:librarian")
    set_status(repo.engine, request.id, "answered", "web:librarian")
    return request.id


def test_the_editor_starts_from_the_question_and_answer_never_the_requester(
    repo: Repository, clock: Clock
) -> None:
    request_id = answered(repo, clock)

    draft = entries.draft_for(repo.engine, request_id)

    assert draft == Draft(QUESTION, ANSWER, ("social_protection",))
    assert "m.petrova@mail.ru" not in draft.question + draft.answer


def test_a_request_not_yet_answered_cannot_be_published(repo: Repository, clock: Clock) -> None:
    request = create_request(repo.engine, Intake(question="Вопрос"), "t", clock)

    with pytest.raises(QaError, match="only an answered or closed request"):
        entries.publish(repo.engine, request.id or 0, CLEAN, "web:librarian")


@pytest.mark.parametrize(
    ("draft", "refusal"),
    [
        (Draft("  ", "Ответ"), "the public question is empty"),
        (Draft("Вопрос", "\n"), "the public answer is empty"),
        (Draft("Вопрос", "Ответ", ("no_such_heading",)), "no heading no_such_heading"),
    ],
)
def test_empty_texts_and_unknown_headings_are_refused(
    repo: Repository, clock: Clock, draft: Draft, refusal: str
) -> None:
    request_id = answered(repo, clock)

    with pytest.raises(QaError, match=refusal):
        entries.publish(repo.engine, request_id, draft, "web:librarian")

    assert entries.entry_of(repo.engine, request_id) is None


def test_personal_data_left_in_the_text_stops_publishing_until_the_librarian_insists(
    repo: Repository, clock: Clock
) -> None:
    request_id = answered(repo, clock)
    as_asked = Draft(QUESTION, ANSWER + " Звоните: 8 (4832) 64-12-34.", ("social_protection",))

    with pytest.raises(PersonalDataFound) as found:
        entries.publish(repo.engine, request_id, as_asked, "web:librarian")
    assert [(where, f.kind, f.text) for where, f in found.value.found] == [
        ("question", "name", "Мария Ивановна Петрова"),
        ("answer", "phone", "8 (4832) 64-12-34"),
    ]
    assert entries.entry_of(repo.engine, request_id) is None

    entry = entries.publish(
        repo.engine, request_id, as_asked, "web:librarian", despite_findings=True
    )

    assert entry.state == "published"
    last = history.events(repo.engine, request_id)[-1]
    assert (last.action, last.actor) == ("qa_published", "web:librarian")
    assert last.changes[1] == {
        "field": "warnings",
        "before": None,
        "after": {"name": 1, "phone": 1},
    }
    assert "Петрова" not in str(last.changes) and "64-12-34" not in str(last.changes)


def test_an_entry_is_edited_and_unpublished_each_change_a_revision(
    repo: Repository, clock: Clock
) -> None:
    request_id = answered(repo, clock)
    first = entries.publish(repo.engine, request_id, CLEAN, "web:librarian")
    assert first.id is not None
    assert entries.get_entry(repo.engine, first.id) is not None

    edited = Draft(
        CLEAN.question,
        CLEAN.answer + " Заявление подают в МФЦ.",
        ("housing_utilities", "social_protection"),
    )
    second = entries.publish(repo.engine, request_id, edited, "web:admin")
    gone = entries.unpublish(repo.engine, first.id, "web:librarian")

    assert second.id == first.id and first.revision < second.revision < gone.revision
    assert second.published_at == first.published_at  # first published stays the date
    view = entries.get_entry(repo.engine, first.id, public=False)
    assert view is not None and view.rubrics == ["social_protection", "housing_utilities"]
    assert entries.get_entry(repo.engine, first.id) is None  # not for the public
    assert entries.listing(repo.engine) == ([], 0)
    actions = [e.action for e in history.events(repo.engine, request_id)]
    assert actions[-3:] == ["qa_published", "qa_published", "qa_unpublished"]


def test_search_follows_publishing_editing_and_unpublishing(repo: Repository, clock: Clock) -> None:
    index = QaIndex.open(None)
    request_id = answered(repo, clock)
    entry = entries.publish(repo.engine, request_id, CLEAN, "web:librarian")
    assert entry.id is not None
    assert search_entries(repo.engine, index, "субсидии пенсионерам").total == 0  # not yet

    assert indexing.follow(repo.engine, index) == 1
    assert indexing.follow(repo.engine, index) == 0  # nothing new: one lookup

    found = search_entries(repo.engine, index, "субсидии пенсионерам")  # other forms
    assert [h.id for h in found.hits] == [entry.id] and found.total == 1
    assert "<b>субсидия</b>" in (found.hits[0].question_html or "")
    assert search_entries(repo.engine, index, "субсидия", rubric="housing_utilities").total == 1
    assert search_entries(repo.engine, index, "субсидия", rubric="elections").total == 0
    assert search_entries(repo.engine, index, "земельный налог").total == 0

    entries.publish(
        repo.engine,
        request_id,
        Draft("Как платить земельный налог?", "До 1 декабря.", ("land_property",)),
        "web:librarian",
    )
    indexing.follow(repo.engine, index)
    assert search_entries(repo.engine, index, "земельного налога").total == 1
    assert search_entries(repo.engine, index, "субсидия").total == 0

    entries.unpublish(repo.engine, entry.id, "web:librarian")
    assert search_entries(repo.engine, index, "налог").hits == []  # the database says so
    indexing.follow(repo.engine, index)
    assert search_entries(repo.engine, index, "налог").total == 0
    assert index.count() == 0


def test_the_index_is_rebuilt_from_the_database(
    repo: Repository, clock: Clock, tmp_path: Path
) -> None:
    for _ in range(3):
        entries.publish(repo.engine, answered(repo, clock), CLEAN, "web:librarian")
    with Session(repo.engine) as session:
        third = session.exec(select(QaEntry).order_by(QaEntry.id.desc())).first()  # type: ignore[union-attr]
    assert third is not None and third.id is not None
    entries.unpublish(repo.engine, third.id, "t")

    index = QaIndex.open(tmp_path / "qa")
    assert index.needs_rebuild  # a new directory: built from the database
    assert indexing.rebuild_if_needed(repo.engine, index)

    assert index.count() == 2 and index.position() == indexing.head(repo.engine)
    assert QaIndex.open(tmp_path / "qa").count() == 2  # on disk, for every process
    assert indexing.follow(repo.engine, index) == 0
    entries.publish(repo.engine, answered(repo, clock), CLEAN, "t")
    other = QaIndex.open(tmp_path / "qa")  # another process reading the same index
    assert indexing.follow(repo.engine, index) == 1
    assert other.search("субсидия").total == 3  # it loads the commit before searching


def test_an_entry_links_its_acts_and_marks_one_changed_after_the_answer(
    repo: Repository, clock: Clock
) -> None:
    tax = file_act(repo, "245-п", "О земельном налоге", "Ставка 0,3 процента.")
    rules = file_act(repo, "17-п", "О порядке предоставления субсидий")
    request_id = answered(repo, clock, act=tax)
    answers.cite_act(repo.engine, request_id, rules, "t")
    entry = entries.publish(repo.engine, request_id, CLEAN, "t")
    assert entry.id is not None
    flags.follow(repo.engine)

    file_act(repo, "245-п", "О земельном налоге", "Ставка 0,5 процента.")  # a new version
    publication.withdraw(repo.engine, [rules], "отменён", actor="t")
    before = entries.get_entry(repo.engine, entry.id)
    flags.follow(repo.engine)
    after = entries.get_entry(repo.engine, entry.id)

    assert before is not None and after is not None
    assert [(a.document_id, a.public, a.changed) for a in before.acts] == [
        (tax, True, False),
        (rules, False, False),
    ]
    assert [(a.document_id, a.public, a.changed) for a in after.acts] == [
        (tax, True, True),
        (rules, False, True),
    ]
    assert after.answered_at is not None


def test_the_indexing_loop_follows_the_base_each_turn_and_a_command_when_none_runs(
    repo: Repository, clock: Clock
) -> None:
    """`legaldesk serve`'s loop looks at the entries' revisions every turn (no act need
    change); without a loop, a command's catch-up applies them."""
    import threading
    import time

    from legaldesk.indexing import run_loop

    repo.init()
    entries.publish(repo.engine, answered(repo, clock), CLEAN, "t")
    repo.update_index()  # no loop runs: the command's catch-up
    assert repo.qa_index.count() == 1

    entry = entries.publish(repo.engine, answered(repo, clock), CLEAN, "t")
    stop = threading.Event()
    loop = threading.Thread(
        target=run_loop,
        args=(repo.engine, repo.index, repo.settings.index_consumer, stop),
        kwargs={
            "interval": 0.02,
            "each_turn": [lambda: indexing.follow(repo.engine, repo.qa_index)],
        },
    )
    loop.start()
    try:
        deadline = time.monotonic() + 20
        while repo.qa_index.count() < 2:  # waiting for the loop, with a deadline
            assert time.monotonic() < deadline, "the loop did not follow the Q&A base"
            time.sleep(0.02)
    finally:
        stop.set()
        loop.join(timeout=10)

    assert entry.id in [h.id for h in repo.qa_index.search("субсидия").hits]
