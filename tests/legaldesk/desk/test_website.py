"""A question asked on the website: filed as a request of the channel «website» with the
desk's own code and deadline, followed by a private link whose token is never kept, and
told by e-mail — on receipt to an address given, and when answered to a resident who asked
for an answer by e-mail — in the transaction of the change itself."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session, col, select

from legaldesk import publication
from legaldesk.desk import answers, website
from legaldesk.desk.notices import Site
from legaldesk.desk.requests import Clock, DeskError, add_branch, get_request, set_status
from legaldesk.desk.website import QuestionRefused, WebsiteQuestion
from legaldesk.models import OutboxMessage, RequestLink, WebsiteRequest
from legaldesk.repository import Repository
from legaldesk.web.ask.letters import SiteLetters
from tests.legaldesk.desk.conftest import file_act

SITE = Site("https://pravo.library.test/", SiteLetters("Библиотека Заречного района"))
QUESTION = "Положена ли мне компенсация за коммунальные услуги? Я пенсионер, живу один."


def _sent(**changes: object) -> WebsiteQuestion:
    values: dict[str, object] = {
        "question": QUESTION,
        "reply_by": "email",
        "name": "Анна Сергеевна",
        "contact": "anna@example.test",
        "category": "pensioner",
        "consent": True,
    }
    values.update(changes)
    return WebsiteQuestion(**values)  # type: ignore[arg-type]


def _outbox(repo: Repository) -> list[OutboxMessage]:
    with Session(repo.engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def test_a_website_question_is_a_request_with_the_desks_code_and_deadline(
    repo: Repository, clock: Clock
) -> None:
    asked = website.ask(repo.engine, _sent(), clock, SITE)

    page = get_request(repo.engine, asked.request.id or 0)
    assert page is not None
    request = page.request
    assert (request.channel, request.category, request.status) == ("website", "pensioner", "new")
    assert request.code.endswith("-00001")
    assert request.deadline["unit"] == "calendar_days" and request.deadline["amount"] == 30
    assert "59-ФЗ" in request.deadline["basis"]
    assert page.requester is not None
    assert (page.requester.name, page.requester.contact) == ("Анна Сергеевна", "anna@example.test")
    assert [e.action for e in page.events] == ["created", "notified"]
    assert page.events[0].actor == "website"


def test_the_private_link_is_unguessable_and_only_its_hash_is_kept(
    repo: Repository, clock: Clock
) -> None:
    asked = website.ask(repo.engine, _sent(reply_by="library", contact="", name=""), clock, SITE)

    assert asked.link == f"https://pravo.library.test/ask/r/{asked.token}"
    assert len(asked.token) == 43  # 32 random bytes, URL-safe base64: 256 bits
    with Session(repo.engine) as session:
        (link,) = session.exec(select(RequestLink)).all()
        stored = " ".join(str(v) for v in link.model_dump().values())
    assert asked.token not in stored
    assert link.token_hash == hashlib.sha256(asked.token.encode()).hexdigest()
    assert website.request_of(repo.engine, asked.token) == asked.request.id
    other = asked.token[:-1] + ("A" if asked.token[-1] != "A" else "B")  # one character off
    assert website.request_of(repo.engine, other) is None
    assert website.request_of(repo.engine, link.token_hash) is None  # the hash opens nothing
    assert _outbox(repo) == []  # no e-mail address given: no acknowledgement


def test_an_acknowledgement_goes_to_an_address_given_in_the_residents_language(
    repo: Repository, clock: Clock
) -> None:
    asked = website.ask(repo.engine, _sent(), clock, SITE)

    (message,) = _outbox(repo)
    assert asked.emailed
    assert (message.kind, message.recipient) == ("request_received", "anna@example.test")
    assert message.subject == f"Ваш вопрос зарегистрирован: запрос {asked.request.code}"
    assert message.text.startswith("Здравствуйте, Анна Сергеевна!\n\n")
    assert f"зарегистрировали его под номером {asked.request.code}" in message.text
    assert f"Ответ будет готов не позднее {asked.request.due_on:%d.%m.%Y}." in message.text
    assert asked.link in message.text
    assert message.text.rstrip().endswith("Библиотека Заречного района")
    assert QUESTION not in message.text  # the question stays on the site

    english = website.ask(repo.engine, _sent(lang="en"), clock, SITE)
    assert _outbox(repo)[-1].subject == (
        f"Your question is registered: request {english.request.code}"
    )


def test_the_answered_email_carries_a_new_link_and_never_the_answer(
    repo: Repository, clock: Clock
) -> None:
    asked = website.ask(repo.engine, _sent(), clock, SITE)
    request_id = asked.request.id or 0
    answer = "Да, положена: субсидия на оплату жилого помещения и коммунальных услуг."
    answers.save_answer(repo.engine, request_id, answer, "email", None, 15, "web:librarian")

    set_status(repo.engine, request_id, "answered", "web:librarian", site=SITE)

    message = _outbox(repo)[-1]
    assert (message.kind, message.recipient) == ("request_answered", "anna@example.test")
    assert message.subject == f"На ваш вопрос дан ответ: запрос {asked.request.code}"
    new_link = next(line for line in message.text.splitlines() if "/ask/r/" in line)
    assert new_link != asked.link  # a link of its own …
    token = new_link.rsplit("/", 1)[1]
    assert website.request_of(repo.engine, token) == request_id
    assert website.request_of(repo.engine, asked.token) == request_id  # … the old one holds
    assert "субсидия" not in message.text
    page = get_request(repo.engine, request_id)
    assert page is not None and [e.action for e in page.events][-1] == "notified"


def test_no_answered_email_without_an_email_answer_wanted_and_none_when_it_rolls_back(
    repo: Repository, clock: Clock
) -> None:
    by_phone = website.ask(
        repo.engine, _sent(reply_by="phone", contact="+7 (900) 123-45-67"), clock, SITE
    )
    answers.save_answer(repo.engine, by_phone.request.id or 0, "Ответ", None, None, None, "t")
    set_status(repo.engine, by_phone.request.id or 0, "answered", "t", site=SITE)
    assert _outbox(repo) == []

    by_email = website.ask(repo.engine, _sent(), clock, SITE)
    request_id = by_email.request.id or 0
    with pytest.raises(DeskError):  # no answer yet: the move is refused, and nothing is queued
        set_status(repo.engine, request_id, "answered", "t", site=SITE)
    assert [m.kind for m in _outbox(repo)] == ["request_received"]


def test_an_email_answer_cannot_be_given_by_a_caller_that_cannot_write_it(
    repo: Repository, clock: Clock
) -> None:
    asked = website.ask(repo.engine, _sent(), clock, SITE)
    answers.save_answer(repo.engine, asked.request.id or 0, "Ответ", None, None, None, "t")

    with pytest.raises(RuntimeError, match="needs site="):
        set_status(repo.engine, asked.request.id or 0, "answered", "t")

    page = get_request(repo.engine, asked.request.id or 0)
    assert page is not None and page.request.status == "new"  # rolled back whole


def test_every_problem_of_a_form_is_named_at_once(repo: Repository, clock: Clock) -> None:
    with pytest.raises(QuestionRefused) as refused:
        website.check(
            repo.engine,
            _sent(question="  ", reply_by="email", name="", contact="anna(at)mail", consent=False),
        )

    fields = [name for name, _message in refused.value.problems]
    assert fields == ["question", "name", "contact", "consent"]
    assert "«anna(at)mail» is not an e-mail address" in str(refused.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"question": "в" * 5001}, "question"),
        ({"reply_by": "pigeon"}, "reply_by"),
        ({"reply_by": "post", "name": ""}, "name"),
        ({"reply_by": "post", "contact": "Ленина"}, "contact"),
        ({"reply_by": "phone", "contact": "позвоните мне"}, "contact"),
        ({"reply_by": "phone", "contact": "12"}, "contact"),
        ({"category": "alien"}, "category"),
        ({"branch_id": 999}, "branch_id"),
    ],
)
def test_a_nonsense_field_is_refused(
    repo: Repository, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(QuestionRefused) as refused:
        website.check(repo.engine, _sent(**changes))

    assert [name for name, _message in refused.value.problems] == [field]


def test_a_resident_coming_to_the_library_needs_give_nothing_but_the_question(
    repo: Repository, clock: Clock
) -> None:
    branch = add_branch(repo.engine, "Библиотека-филиал № 2", "t")

    asked = website.ask(
        repo.engine,
        _sent(reply_by="library", name="", contact="", branch_id=branch.id),
        clock,
        SITE,
    )

    page = get_request(repo.engine, asked.request.id or 0)
    assert page is not None
    assert page.requester is None and page.branch == "Библиотека-филиал № 2"
    with Session(repo.engine) as session:
        stored = session.get(WebsiteRequest, asked.request.id)
    assert stored is not None and (stored.reply_by, stored.lang) == ("library", "ru")


def test_the_residents_page_shows_the_answer_once_given_and_links_only_public_acts(
    repo: Repository, clock: Clock
) -> None:
    public = file_act(repo, "245-п", "О земельном налоге")
    withdrawn = file_act(repo, "17-п", "О порядке предоставления субсидий")
    asked = website.ask(repo.engine, _sent(), clock, SITE)
    request_id = asked.request.id or 0
    waiting = website.resident_view(repo.engine, asked.token)
    assert waiting is not None and not waiting.answered and waiting.answer == ""

    answers.save_answer(repo.engine, request_id, "Ставки установлены.", None, None, None, "t")
    for act in (public, withdrawn):
        answers.cite_act(repo.engine, request_id, act, "t")
    set_status(repo.engine, request_id, "answered", "t", site=SITE)
    publication.withdraw(repo.engine, [withdrawn], "отменён", actor="t")

    view = website.resident_view(repo.engine, asked.token)
    assert view is not None and view.answered and view.answer == "Ставки установлены."
    assert [(a.document_id, a.public) for a in view.acts] == [(public, True), (withdrawn, False)]
    set_status(repo.engine, request_id, "in_progress", "t")  # reopened: being revised
    reopened = website.resident_view(repo.engine, asked.token)
    assert reopened is not None and not reopened.answered and reopened.acts == []


def test_the_export_of_a_persons_data_holds_how_they_asked_and_their_consent(
    repo: Repository, clock: Clock
) -> None:
    from legaldesk.desk import privacy

    asked = website.ask(
        repo.engine, _sent(reply_by="post", contact="123456, Заречный, ул. Мира, 1"), clock, SITE
    )

    (item,) = privacy.export_person(repo.engine, [asked.request.id or 0], "t", "export_json")[
        "requests"
    ]

    assert item["website"]["reply_by"] == "post" and item["website"]["lang"] == "ru"
    assert item["website"]["consented_at"].startswith(str(asked.request.received_at.year))


def test_control_characters_and_lone_surrogates_sent_through_the_api_are_dropped(
    repo: Repository, clock: Clock
) -> None:
    """A program may send what JSON can hold: a NUL, which PostgreSQL refuses in any text
    column (the API answered 500), and a lone surrogate, which no UTF-8 encoder writes. They
    are dropped; line ends stay (a tab is filed as a space, as ever)."""
    asked = website.ask(
        repo.engine,
        _sent(
            question="Положена\x00 ли компенсация\ud800?\nЖиву\tодин.\x1b",
            name="Иван\x00 Петров",
            contact="ivan@example.org",
        ),
        clock,
        SITE,
    )

    page = get_request(repo.engine, asked.request.id or 0)
    assert page is not None and page.requester is not None
    assert page.request.question == "Положена ли компенсация?\nЖиву один."
    assert (page.requester.name, page.requester.contact) == ("Иван Петров", "ivan@example.org")
