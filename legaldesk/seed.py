"""Seed data shipped with the package: the centre's subject headings."""

from __future__ import annotations

import tomllib
from importlib.resources import files

from sqlalchemy.engine import Engine
from sqlmodel import select

from legaldesk.db import session_scope
from legaldesk.models import Rubric


def seed_rubrics(engine: Engine) -> int:
    """Insert the headings that are missing; never touches ones a librarian renamed."""
    spec = tomllib.loads(files("legaldesk").joinpath("seed/rubrics.toml").read_text("utf-8"))
    added = 0
    with session_scope(engine) as session:
        by_code = {r.code: r for r in session.exec(select(Rubric)).all()}
        for position, item in enumerate(spec["rubric"]):
            if item["code"] in by_code:
                continue
            parent = by_code.get(item.get("parent", ""))
            rubric = Rubric(
                code=item["code"],
                name_ru=item["ru"],
                name_en=item["en"],
                parent_id=parent.id if parent else None,
                position=position,
            )
            session.add(rubric)
            session.flush()
            by_code[rubric.code] = rubric
            added += 1
    return added
