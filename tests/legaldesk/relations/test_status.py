"""Statuses follow from the acts filed: an amending act, a repealing one filed before or
after its target, a withdrawal, a merge, a librarian's override — on real files through
ingest and the change log, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from legaldesk import changes, publication
from legaldesk.actnumber import normalize_number
from legaldesk.editing import merge_documents
from legaldesk.index import SearchQuery
from legaldesk.models import ActReference, AuditEvent, Document, ExternalAct
from legaldesk.models.relations import AMBIGUOUS, EXTERNAL, PENDING, RESOLVED
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.relations import consumer
from legaldesk.relations.status import StatusError, override
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.factories import act_text, docx_bytes

ZARECHNOE = "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ"
LUGOVOE = "АДМИНИСТРАЦИЯ ЛУГОВОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ"
TARIFF = "Об установлении тарифов на холодную воду"


def file(
    repo: Repository,
    number: str,
    adopted: date,
    title: str,
    body: str = "Текст акта.",
    issuer: str = ZARECHNOE,
    kind: str = "ПОСТАНОВЛЕНИЕ",
) -> int:
    text = act_text(
        number=number, adopted=adopted, title=title, body=body, issuer=issuer, kind=kind
    )
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
    assert outcome.document_id is not None, outcome
    repo.update_index()
    return outcome.document_id


def file_repeal(repo: Repository, number: str = "80") -> int:
    """An act of 01.06.2022 repealing the settlement's decree of 01.02.2016 № 17."""
    return file(
        repo,
        number,
        date(2022, 6, 1),
        "О признании утратившим силу постановления от 01.02.2016 № 17",
        body="Признать утратившим силу постановление администрации от 01.02.2016 № 17.",
    )


def file_amendment(repo: Repository) -> int:
    """An act of 03.03.2021 № 52 amending the settlement's decree of 01.02.2016 № 17."""
    return file(
        repo,
        "52",
        date(2021, 3, 3),
        "О внесении изменений в постановление администрации от 01.02.2016 № 17",
        body="Внести в постановление администрации от 01.02.2016 № 17 следующие изменения.",
    )


def status_of(repo: Repository, document_id: int) -> tuple[str, date | None, int | None]:
    with Session(repo.engine) as session:
        document = session.get(Document, document_id)
        assert document is not None
        return document.status, document.status_since, document.status_act_id


def references_of(repo: Repository, document_id: int) -> list[ActReference]:
    with Session(repo.engine) as session:
        return list(
            session.exec(
                select(ActReference)
                .where(ActReference.source_id == document_id)
                .order_by(col(ActReference.ordinal))
            ).all()
        )


def test_an_amending_act_makes_its_target_amended_at_once(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    assert status_of(repo, tariff)[0] == "unknown"
    amending = file_amendment(repo)
    assert status_of(repo, tariff) == ("amended", date(2021, 3, 3), amending)
    amends = [r for r in references_of(repo, amending) if r.role == "amends"]
    assert amends and {r.target_id for r in amends} == {tariff}
    assert all(r.resolution == RESOLVED for r in amends)


def test_a_repeal_filed_before_its_target_ends_with_the_right_status(
    repo: Repository,
) -> None:
    repealing = file_repeal(repo)
    pending = [r for r in references_of(repo, repealing) if r.role == "repeals"]
    assert pending and all(r.resolution == PENDING and r.target_id is None for r in pending)

    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    assert status_of(repo, tariff) == ("repealed", date(2022, 6, 1), repealing)
    resolved = [r for r in references_of(repo, repealing) if r.role == "repeals"]
    assert all(r.resolution == RESOLVED and r.target_id == tariff for r in resolved)
    # the status change is in the log, for the index, the desk and subscribers
    with Session(repo.engine) as session:
        logged = session.exec(
            select(changes.Change).where(
                changes.Change.document_id == tariff,
                changes.Change.kind == changes.STATUS_CHANGED,
            )
        ).all()
    assert [c.detail["to"] for c in logged] == ["repealed"]


def test_only_acts_in_force_hides_the_repealed_one(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    file_repeal(repo)
    every = search_documents(repo.engine, repo.index, SearchQuery(text="тарифы на воду"))
    assert tariff in [hit.id for hit in every.hits]
    in_force = search_documents(
        repo.engine,
        repo.index,
        SearchQuery(text="тарифы на воду", statuses=("in_force", "amended", "unknown")),
    )
    assert tariff not in [hit.id for hit in in_force.hits]


def test_the_same_number_in_another_settlement_is_not_the_target(repo: Repository) -> None:
    """Districts number their acts independently: a reference without an issuer is an act
    of the citing act's own place, never another's of the same number and date."""
    elsewhere = file(repo, "17", date(2016, 2, 1), TARIFF, issuer=LUGOVOE)
    repealing = file_repeal(repo)
    refs = [r for r in references_of(repo, repealing) if r.role == "repeals"]
    assert refs and all(r.target_id is None and r.resolution == PENDING for r in refs)
    assert status_of(repo, elsewhere)[0] == "unknown"

    own = file(repo, "17", date(2016, 2, 1), TARIFF)  # the settlement's own act arrives
    assert status_of(repo, own)[0] == "repealed"
    assert status_of(repo, elsewhere)[0] == "unknown"


def test_two_candidates_of_one_place_stay_ambiguous(repo: Repository) -> None:
    first = file(repo, "17", date(2016, 2, 1), TARIFF)
    with Session(repo.engine) as session:  # a second record of the number under the body
        twin = Document(
            doc_type="postanovlenie",
            number="17",
            date_adopted=date(2016, 2, 1),
            title="Другой акт",
            issuer_id=session.get(Document, first).issuer_id,  # type: ignore[union-attr]
            publication="published",
        )
        session.add(twin)
        session.commit()
        twin_id = twin.id
    repealing = file_repeal(repo)
    refs = [r for r in references_of(repo, repealing) if r.role == "repeals"]
    assert refs and all(r.resolution == AMBIGUOUS for r in refs)
    assert set(refs[0].candidates or []) == {first, twin_id}
    assert status_of(repo, first)[0] == "unknown"


def test_withdrawing_the_repealing_act_restores_the_status(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    repealing = file_repeal(repo)
    assert status_of(repo, tariff)[0] == "repealed"
    publication.withdraw(repo.engine, [repealing], "опубликован по ошибке", "test")
    repo.update_index()
    assert status_of(repo, tariff) == ("unknown", None, None)


def test_a_merged_duplicate_of_the_target_passes_its_references_on(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    repealing = file_repeal(repo)
    duplicate = file_repeal(repo, "81")
    merge_documents(repo.engine, duplicate, repealing, "test")
    repo.update_index()
    assert references_of(repo, duplicate) == []
    assert status_of(repo, tariff)[0] == "repealed"


def test_a_librarian_overrides_with_a_reason_and_can_go_back(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    with pytest.raises(StatusError):
        override(repo.engine, tariff, "repealed", "  ", "web:anna")
    assert override(repo.engine, tariff, "repealed", "отменён решением суда", "web:anna")
    assert status_of(repo, tariff)[0] == "repealed"
    assert override(repo.engine, tariff, None, "", "web:anna")
    assert status_of(repo, tariff)[0] == "unknown"
    with Session(repo.engine) as session:
        trail = session.exec(
            select(AuditEvent)
            .where(AuditEvent.document_id == tariff, AuditEvent.action == "status_override")
            .order_by(col(AuditEvent.id))
        ).all()
    assert [(e.detail["after"], e.detail["reason"]) for e in trail] == [
        ("repealed", "отменён решением суда"),
        (None, ""),
    ]


def test_every_act_citing_a_federal_law_finds_one_outside_act(repo: Repository) -> None:
    first = file(repo, "17", date(2016, 2, 1), TARIFF)
    second = file(repo, "18", date(2016, 2, 2), "О благоустройстве")
    with Session(repo.engine) as session:
        law = session.exec(
            select(ExternalAct).where(ExternalAct.number_key == normalize_number("131-ФЗ"))
        ).one()
        citing = session.exec(
            select(ActReference.source_id).where(
                ActReference.external_id == law.id, ActReference.resolution == EXTERNAL
            )
        ).all()
    assert set(citing) == {first, second}
    assert law.date_adopted == date(2003, 10, 6)


def test_applying_the_log_again_changes_nothing(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    file_repeal(repo)
    before = changes.head(repo.engine)
    consumer.RelationsConsumer(repo.engine).apply(changes.read(repo.engine, 0, 1000))
    assert changes.head(repo.engine) == before  # no status changed again
    assert status_of(repo, tariff)[0] == "repealed"


def test_a_rebuild_reaches_the_same_statuses(repo: Repository) -> None:
    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    repealing = file_repeal(repo)
    before = [(r.role, r.target_id, r.resolution) for r in references_of(repo, repealing)]
    assert consumer.rebuild(repo.engine) >= 2
    after = [(r.role, r.target_id, r.resolution) for r in references_of(repo, repealing)]
    assert after == before
    assert status_of(repo, tariff)[0] == "repealed"


def test_a_repeal_flags_the_request_whose_answer_cites_the_act(repo: Repository) -> None:
    from legaldesk.desk import answers, flags
    from legaldesk.desk.requests import Clock, Intake, create_request

    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    request = create_request(
        repo.engine, Intake(question="Тарифы на воду"), "t", Clock.of(repo.settings)
    )
    assert request.id is not None
    answers.cite_act(repo.engine, request.id, tariff, "t")
    file_repeal(repo)
    (flag,) = flags.open_flags(repo.engine, request.id)
    assert (flag.kind, flag.document_id, flag.detail["to"]) == (
        "status_changed",
        tariff,
        "repealed",
    )


def test_show_json_gives_relations_both_ways(repo: Repository) -> None:
    import json

    from typer.testing import CliRunner

    from legaldesk.cli import app

    tariff = file(repo, "17", date(2016, 2, 1), TARIFF)
    repealing = file_repeal(repo)
    env = {
        "LEGALDESK_DATABASE_URL": repo.settings.resolved_database_url,
        "LEGALDESK_DATA_DIR": str(repo.settings.data_dir),
    }
    result = CliRunner().invoke(app, ["show", str(tariff), "--json"], env=env)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["status"] == "repealed"
    relations = shown["relations"]
    assert relations["status_since"] == "2022-06-01"
    assert relations["status_act"]["id"] == repealing
    assert [(r["role"], r["act"]["id"]) for r in relations["incoming"]] == [("repeals", repealing)]
    human = CliRunner().invoke(app, ["show", str(tariff)], env=env)
    assert "Утратил силу с 01.06.2022" in human.output


def _law(number: str, adopted: date, title: str, body: str) -> str:
    """A regional law as the generator writes one (legaldesk/synth/acts.py)."""
    month = (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    )[adopted.month - 1]
    return (
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nЗАКОНОДАТЕЛЬНОЕ СОБРАНИЕ ВОЛЖСКОГО КРАЯ\n\nЗАКОН\n\n"
        f"от {adopted:%d.%m.%Y} № {number}\nг. Волжанск\n\n{title}\n\n"
        f"Принят Законодательным Собранием Волжского края {adopted.day} {month} "
        f"{adopted.year} года\n\nСтатья 1\n\n{body}\n\n"
        "Губернатор Волжского края    М.Р. Тихонов\nг. Волжанск\n"
        f"{adopted.day} {month} {adopted.year} г. № {number}\n"
    )


def test_a_regional_law_is_found_under_its_legislature(repo: Repository) -> None:
    """«Закон Волжского края» names the subject; the law was filed under the legislature
    that adopted it. (A district of the same region is never taken that way: _fits.)"""
    ids = []
    for number, adopted, title, body in (
        ("3-ЗКК", date(2024, 1, 5), "Об организации летнего отдыха детей", "Организовать."),
        (
            "105-ЗКК",
            date(2024, 9, 16),
            "О внесении изменений в Закон Волжского края от 05.01.2024 № 3-ЗКК",
            "Внести в Закон Волжского края от 05.01.2024 № 3-ЗКК следующие изменения.",
        ),
    ):
        data = _law(number, adopted, title, body).encode()
        outcome = repo.ingestor("test").ingest(RawFile(data, f"{number}.txt"))
        assert outcome.document_id is not None
        ids.append(outcome.document_id)
    repo.update_index()
    law, amending = ids
    assert status_of(repo, law)[:2] == ("amended", date(2024, 9, 16))
    assert {r.target_id for r in references_of(repo, amending) if r.role == "amends"} == {law}


def test_the_status_a_source_gave_stays_until_an_act_says_otherwise(repo: Repository) -> None:
    text = act_text(number="17", adopted=date(2016, 2, 1), title=TARIFF)
    outcome = repo.ingestor("test").ingest(
        RawFile(docx_bytes(text), "17.docx", Hints(status="in_force"))
    )
    assert outcome.document_id is not None
    repo.update_index()
    tariff = outcome.document_id
    assert status_of(repo, tariff)[0] == "in_force"
    amending = file_amendment(repo)
    assert status_of(repo, tariff)[0] == "amended"
    publication.withdraw(repo.engine, [amending], "ошибка", "test")
    repo.update_index()
    assert status_of(repo, tariff)[0] == "in_force"
