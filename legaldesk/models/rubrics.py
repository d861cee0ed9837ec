from __future__ import annotations

from sqlmodel import Field, SQLModel


class Rubric(SQLModel, table=True):
    """A subject heading of the centre's classification; headings nest."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    name_ru: str = Field(max_length=255)
    name_en: str = Field(max_length=255)
    parent_id: int | None = Field(default=None, foreign_key="rubric.id", index=True)
    position: int = 0
