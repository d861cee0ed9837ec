from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.models import Rubric
from legaldesk.repository import Repository
from legaldesk.seed import seed_rubrics


def test_headings_are_seeded_once_with_their_hierarchy(repo: Repository) -> None:
    assert seed_rubrics(repo.engine) == 0  # the fixture already seeded them

    with Session(repo.engine) as session:
        rubrics = {r.code: r for r in session.exec(select(Rubric)).all()}
    assert {
        "local_government",
        "social_protection",
        "pensions_benefits",
        "housing_utilities",
        "land_property",
        "budget_taxes",
        "elections",
        "environment",
        "business",
        "education",
        "health",
        "culture",
        "statistics",
    } <= set(rubrics)
    assert rubrics["pensions_benefits"].parent_id == rubrics["social_protection"].id


def test_a_renamed_heading_is_not_overwritten(repo: Repository) -> None:
    with Session(repo.engine) as session:
        culture = session.exec(select(Rubric).where(Rubric.code == "culture")).one()
        culture.name_ru = "Культура и искусство"
        session.add(culture)
        session.commit()

    seed_rubrics(repo.engine)

    with Session(repo.engine) as session:
        assert session.exec(select(Rubric.name_ru).where(Rubric.code == "culture")).one() == (
            "Культура и искусство"
        )
