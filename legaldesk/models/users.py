from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

ROLES = ("admin", "librarian", "employee", "deputy")
# The people the centre serves from inside the municipality: they ask questions, order
# dossiers and subscribe to new acts; they neither file nor review.
CLIENTS = ("employee", "deputy")


class User(SQLModel, table=True):
    """A member of staff: an administrator (users, rubrics, sources), a librarian (files and
    reviews documents), a municipal employee or a deputy (ask, order dossiers, subscribe)."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=255)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=255)  # argon2id, with its parameters
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class StaffSession(SQLModel, table=True):
    """A signed-in member of staff. The browser holds a random token; only its SHA-256 is
    stored, so a copy of the database does not let anyone act as the staff it names."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=255)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins counted per account name («user:admin») and per client address
    («addr:10.1.2.3»): each failure past the free ones doubles the wait before the next
    attempt, and enough of them lock the key for a while."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=128)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow, index=True)
    next_attempt_at: datetime | None = None
    locked_until: datetime | None = None
