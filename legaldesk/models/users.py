from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

ROLES = ("admin", "librarian", "employee")


class User(SQLModel, table=True):
    """A member of staff: an administrator (users, rubrics, sources), a librarian (files and
    reviews documents) or a municipal employee (orders dossiers and subscriptions)."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=255)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=255)  # argon2id, with its parameters
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
