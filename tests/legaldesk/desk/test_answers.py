"""The answer: its text and delivery, acts cited as exact versions, other sources as
bibliographic items."""

from __future__ import annotations

from datetime import date

import pytest

from legaldesk.desk import answers, history
from legaldesk.desk.answers import SourceItem
from legaldesk.desk.requests import Clock, DeskError, Intake, create_request
from legaldesk.repository import Repository
from tests.legaldesk.desk.conftest import file_act


def test_an_answer_cites_the_current_version_of_an_act_once(repo: Repository, clock: Clock) -> None:
    act = file_act(repo, "245-п", "О земельном налоге", "Первая редакция.")
    file_act(repo, "245-п", "О земельном налоге", "Вторая редакция.")
    request = create_request(repo.engine, Intake(question="налог"), "t", clock).id or 0

    first = answers.cite_act(repo.engine, request, act, "t")
    again = answers.cite_act(repo.engine, request, act, "t")
    (cited,) = answers.cited_acts(repo.engine, request, with_text=True)

    assert first.id == again.id
    assert (cited.version_n, cited.latest_n, cited.current) == (2, 2, True)
    assert "Вторая редакция" in (cited.text or "")
    assert cited.number == "245-п"
    with pytest.raises(DeskError):
        answers.cite_act(repo.engine, request, 999, "t")


def test_the_answer_and_its_sources_are_in_the_history(repo: Repository, clock: Clock) -> None:
    request = create_request(repo.engine, Intake(question="налог"), "t", clock).id or 0

    answers.save_answer(repo.engine, request, "Ставки установлены.", "printed", 3, 15, "t")
    source = answers.add_source(
        repo.engine,
        request,
        SourceItem(
            source_type="newspaper_article",
            author="Петров И.",
            title="Новые ставки налога",
            container="Заречные вести",
            year=2026,
            issue="12",
            pages="3",
        ),
        "t",
    )
    site = answers.add_source(
        repo.engine,
        request,
        SourceItem(
            source_type="website",
            title="Налоговые ставки",
            container="Сайт ФНС России",
            url="https://www.nalog.gov.ru/",
            accessed_on=date(2026, 3, 12),
        ),
        "t",
    )
    answers.remove_source(repo.engine, request, source.id or 0, "t")

    assert [s.title for s in answers.cited_sources(repo.engine, request)] == ["Налоговые ставки"]
    # described by the one GOST R 7.0.100-2018 formatter (legaldesk/bibliography/)
    assert answers.describe_source(source) == (
        "Петров, И. Новые ставки налога / И. Петров. – Текст : непосредственный // "
        "Заречные вести. – 2026. – № 12. – С. 3."
    )
    assert answers.describe_source(site) == (
        "Налоговые ставки. – Текст : электронный // Сайт ФНС России. – "
        "URL: https://www.nalog.gov.ru/ (дата обращения: 12.03.2026)."
    )
    actions = [e.action for e in history.events(repo.engine, request)]
    assert actions == ["created", "answered", "source_added", "source_added", "source_removed"]
    with pytest.raises(DeskError, match="http"):
        answers.add_source(
            repo.engine, request, SourceItem(source_type="website", title="x", url="ftp://x"), "t"
        )
