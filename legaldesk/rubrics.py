"""The centre's subject headings, kept by an administrator: add a heading (under a parent),
rename it, remove one no act carries. Codes are stable — the index and saved searches refer
to them — so a heading is renamed, never recoded."""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, DocumentRubric, Rubric

CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class RubricError(ValueError):
    pass


def _names(name_ru: str, name_en: str) -> tuple[str, str]:
    ru = " ".join(name_ru.split())[:255]
    en = " ".join(name_en.split())[:255]
    if not ru:
        raise RubricError(Msg("a heading needs a Russian name"))
    return ru, en or ru


def add_rubric(
    engine: Engine, code: str, name_ru: str, name_en: str, parent: str | None, actor: str
) -> Rubric:
    code = code.strip().lower()
    if not CODE.match(code):
        raise RubricError(
            Msg("a heading code is 2–64 letters a–z, digits or underscores, from a letter")
        )
    ru, en = _names(name_ru, name_en)
    with session_scope(engine) as session:
        if session.exec(select(Rubric).where(Rubric.code == code)).first():
            raise RubricError(Msg("heading %(code)s exists already", code=code))
        parent_row = None
        if parent:
            parent_row = session.exec(select(Rubric).where(Rubric.code == parent)).first()
            if parent_row is None:
                raise RubricError(Msg("no heading %(code)s", code=parent))
        last = session.exec(select(func.max(Rubric.position))).first()
        rubric = Rubric(
            code=code,
            name_ru=ru,
            name_en=en,
            parent_id=parent_row.id if parent_row else None,
            position=(last or 0) + 1,
        )
        session.add(rubric)
        session.add(
            AuditEvent(
                actor=actor,
                action="rubric_added",
                detail={"code": code, "ru": ru, "en": en, "parent": parent or None},
            )
        )
        session.flush()
        session.expunge(rubric)
        return rubric


def rename_rubric(engine: Engine, code: str, name_ru: str, name_en: str, actor: str) -> None:
    ru, en = _names(name_ru, name_en)
    with session_scope(engine) as session:
        rubric = session.exec(select(Rubric).where(Rubric.code == code)).first()
        if rubric is None:
            raise RubricError(Msg("no heading %(code)s", code=code))
        before = {"ru": rubric.name_ru, "en": rubric.name_en}
        rubric.name_ru, rubric.name_en = ru, en
        session.add(
            AuditEvent(
                actor=actor,
                action="rubric_renamed",
                detail={"code": code, "before": before, "after": {"ru": ru, "en": en}},
            )
        )


def delete_rubric(engine: Engine, code: str, actor: str) -> None:
    """Only a heading with no acts and no sub-headings: removing one must not silently
    take acts out of the classification."""
    with session_scope(engine) as session:
        rubric = session.exec(select(Rubric).where(Rubric.code == code)).first()
        if rubric is None:
            raise RubricError(Msg("no heading %(code)s", code=code))
        used = session.exec(
            select(func.count()).where(col(DocumentRubric.rubric_id) == rubric.id)
        ).one()
        if used:
            raise RubricError(
                Msg(
                    "heading %(code)s is given to %(n)d acts; it cannot be removed",
                    code=code,
                    n=used,
                )
            )
        if session.exec(select(Rubric).where(Rubric.parent_id == rubric.id)).first():
            raise RubricError(Msg("heading %(code)s has sub-headings", code=code))
        session.delete(rubric)
        session.add(AuditEvent(actor=actor, action="rubric_removed", detail={"code": code}))
