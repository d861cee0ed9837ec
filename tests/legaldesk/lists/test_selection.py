"""Which acts a list holds, on both databases: filed within the library's days (its zone,
not UTC), published ones for the public; a theme by words and/or a rubric with the headings
under it, in a period by the date adopted or filed; an answer's cited acts and sources; and
the list built from them by the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pymarc
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request
from legaldesk.lists import build as build_module
from legaldesk.lists.build import Kind, ListSpec, build
from legaldesk.lists.exports.rusmarc import read_iso
from legaldesk.lists.period import Period
from legaldesk.lists.selection import (
    DateBasis,
    SelectionError,
    Theme,
    answer_sources,
    filed_in,
    thematic,
)
from legaldesk.models import Document, DocumentRubric, Rubric
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.legaldesk.lists.items import plain_item, title

MARCH = Period(date(2024, 3, 1), date(2024, 3, 31))


def file_act(repo: Repository, number: str, name: str, adopted: date, filed: datetime,
             body: str = "Текст акта.", published: bool = True) -> int:  # fmt: skip
    data = docx_bytes(act_text(number=number, title=name, adopted=adopted, body=body))
    outcome = repo.ingestor("test").ingest(RawFile(data, f"{number}.docx"))
    assert outcome.document_id is not None
    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        document.created_at = filed
        document.publication = "published" if published else "pending"
        session.add(document)
        session.commit()
    return outcome.document_id


def file_under(repo: Repository, document_id: int, code: str) -> None:
    with Session(repo.engine) as session:
        rubric = session.exec(select(Rubric).where(Rubric.code == code)).one()
        assert rubric.id is not None
        session.add(DocumentRubric(document_id=document_id, rubric_id=rubric.id))
        session.commit()


@pytest.fixture
def acts(repo: Repository) -> dict[str, int]:
    """Filed at the edges of March in Moscow (UTC+3): 29 Feb 22:30 UTC is 1 March there,
    31 March 21:30 UTC is 1 April there."""
    ids = {
        "first": file_act(repo, "10-п", "Об уличном освещении", date(2023, 12, 1),
                          datetime(2024, 2, 29, 22, 30, tzinfo=UTC), body="Фонари и освещение."),
        "middle": file_act(repo, "11-п", "О тарифах на воду", date(2024, 3, 5),
                           datetime(2024, 3, 15, 9, 0, tzinfo=UTC), body="Тарифы на воду."),
        "pending": file_act(repo, "12-п", "О тарифах на тепло", date(2024, 3, 6),
                            datetime(2024, 3, 16, 9, 0, tzinfo=UTC), body="Тарифы на тепло.",
                            published=False),
        "april": file_act(repo, "13-п", "О тарифах на газ", date(2024, 3, 20),
                          datetime(2024, 3, 31, 21, 30, tzinfo=UTC), body="Тарифы на газ."),
        "before": file_act(repo, "14-п", "О благоустройстве", date(2024, 2, 1),
                           datetime(2024, 2, 29, 20, 59, tzinfo=UTC)),
    }  # fmt: skip
    repo.update_index()
    return ids


def test_filed_in_a_period_counts_the_library_s_days(
    repo: Repository, acts: dict[str, int]
) -> None:
    zone = repo.settings.zone
    found = filed_in(repo.engine, MARCH, zone)
    assert set(found) == {acts["first"], acts["middle"], acts["pending"]}
    assert found[0] == acts["pending"]  # newest filed first
    public = filed_in(repo.engine, MARCH, zone, ("published",))
    assert set(public) == {acts["first"], acts["middle"]}
    april = filed_in(repo.engine, Period(date(2024, 4, 1), date(2024, 4, 30)), zone)
    assert april == [acts["april"]]


def test_a_theme_by_words_in_a_period_of_adoption_or_of_filing(
    repo: Repository, acts: dict[str, int]
) -> None:
    zone = repo.settings.zone
    adopted = thematic(repo.engine, repo.index, Theme("тарифы", period=MARCH), zone)
    assert set(adopted) == {acts["middle"], acts["pending"], acts["april"]}
    assert adopted[0] == acts["april"]  # adopted 20 March, the newest
    filed = Theme("тарифы", period=MARCH, basis=DateBasis.FILED, states=("published",))
    assert thematic(repo.engine, repo.index, filed, zone) == [acts["middle"]]


def test_a_theme_by_rubric_takes_the_headings_under_it(
    repo: Repository, acts: dict[str, int]
) -> None:
    with Session(repo.engine) as session:
        rubrics = session.exec(select(Rubric)).all()
    child = next(r for r in rubrics if r.parent_id is not None)
    parent = next(r for r in rubrics if r.id == child.parent_id)
    file_under(repo, acts["middle"], child.code)
    file_under(repo, acts["before"], parent.code)
    zone = repo.settings.zone

    found = thematic(repo.engine, repo.index, Theme(rubric=parent.code), zone)
    assert found == [acts["middle"], acts["before"]]  # by date adopted, newest first
    in_march = Theme(rubric=parent.code, period=MARCH, basis=DateBasis.FILED)
    assert thematic(repo.engine, repo.index, in_march, zone) == [acts["middle"]]
    with pytest.raises(SelectionError):
        thematic(repo.engine, repo.index, Theme(rubric="no_such_heading"), zone)
    with pytest.raises(SelectionError):
        Theme("   ")


def test_an_answer_s_sources_are_its_acts_once_and_its_other_sources(
    repo: Repository, acts: dict[str, int]
) -> None:
    clock = Clock.of(repo.settings)
    request = create_request(
        repo.engine, Intake(question="Какие тарифы на воду?"), "librarian", clock
    )
    assert request.id is not None
    for document_id in (acts["middle"], acts["first"], acts["middle"]):
        answers.cite_act(repo.engine, request.id, document_id, "librarian")
    source = answers.SourceItem(
        source_type="newspaper_article",
        title="Вода дорожает",
        author="Иванова М. П.",
        container="Ольховская новь",
        year=2024,
        issue="11",
    )
    answers.add_source(repo.engine, request.id, source, "librarian")

    found = answer_sources(repo.engine, request.id)
    assert found.act_ids == [acts["middle"], acts["first"]]
    assert [s.title for s in found.sources] == ["Вода дорожает"]

    spec = ListSpec(Kind.ANSWER, request_id=request.id)
    doc = build(repo, spec, describe=title, make_item=plain_item)
    entries = list(doc.entries())
    assert [e.text for e in entries] == [
        "О тарифах на воду",
        "Об уличном освещении",
        "Вода дорожает",
    ]
    article = entries[2].item
    assert article["type"] == "article-newspaper"
    assert article["author"] == [{"family": "Иванова", "given": "М. П."}]
    assert doc.title.startswith("Список источников к ответу на запрос № ")


def test_the_cli_writes_the_month_s_new_arrivals_as_rusmarc(
    repo: Repository, acts: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(repo.settings.data_dir))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", repo.settings.resolved_database_url)
    # The bibliography is a package of its own: its formatter is stood in for here.
    monkeypatch.setattr(build_module, "gost_describe", lambda: title)
    monkeypatch.setattr("legaldesk.lists.items._act_item", lambda: plain_item)
    out = tmp_path / "march.mrc"

    args = ["lists", "new", "--from", "2024-03-01", "--to", "2024-03-31", "--format", "marc"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--published-only"])

    assert result.exit_code == 0, result.output
    records = read_iso(out.read_bytes())
    assert sorted(str(r["001"].data) for r in records) == sorted(
        f"LEGALDESK/ACT/{acts[k]}" for k in ("first", "middle"))  # fmt: skip
    assert all(isinstance(r, pymarc.Record) and r["200"]["a"] for r in records)
    bad = CliRunner().invoke(app, ["lists", "new", "--from", "2024-03-31", "--to", "2024-03-01",
                                   "--out", str(tmp_path / "x.docx")])  # fmt: skip
    assert bad.exit_code != 0 and not (tmp_path / "x.docx").exists()
