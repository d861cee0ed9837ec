"""Staff accounts: roles, passwords and the audit of who changed what.

A change that alters what a person may do or how they prove who they are — a new
password, a reset, another role, an account switched off — ends every session of that
person in the same transaction: nobody goes on working with rights or a password that no
longer hold.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.accounts.passwords import (
    PasswordError,
    hash_password,
    needs_rehash,
    verify_password,
    waste_a_verification,
)
from legaldesk.accounts.sessions import end_user_sessions
from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import ROLES, AuditEvent, User
from legaldesk.models.base import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class UserError(ValueError):
    pass


def _hash(password: str) -> str:
    try:
        return hash_password(password)
    except PasswordError as exc:
        raise UserError(exc.args[0]) from None


def create_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    actor: str = "cli",
) -> User:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise UserError(Msg("a user name is 2–64 letters a–z, digits, dots, dashes or underscores"))
    if role not in ROLES:
        raise UserError(Msg("the role is one of %(roles)s", roles=", ".join(ROLES)))
    password_hash = _hash(password)
    with session_scope(engine) as session:
        if session.exec(select(User).where(User.username == username)).first():
            raise UserError(Msg("user %(name)s exists already", name=username))
        user = User(
            username=username,
            display_name=display_name.strip()[:255],
            role=role,
            password_hash=password_hash,
        )
        session.add(user)
        session.flush()
        session.add(
            AuditEvent(actor=actor, action="user_added", detail={"user": username, "role": role})
        )
        return user


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (the same cost either way)."""
    with session_scope(engine) as session:
        user = session.exec(
            select(User).where(User.username == username.strip().lower()[:64])
        ).first()
        if user is None or not user.active:
            waste_a_verification(password)
            return None
        if not verify_password(user.password_hash, password):
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = _hash(password)
        user.last_login_at = utcnow()
        return user


def change_password(engine: Engine, user_id: int, old: str, new: str) -> None:
    """The person changes their own password; every session of theirs ends (the caller
    opens a fresh one for the browser they are using)."""
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        if not verify_password(user.password_hash, old):
            raise UserError(Msg("the current password is wrong"))
        user.password_hash = _hash(new)
        ended = end_user_sessions(session, user_id)
        session.add(
            AuditEvent(
                actor=user.username, action="password_changed", detail={"sessions_ended": ended}
            )
        )


def get_any_user(engine: Engine, user_id: int) -> User | None:
    """The account whether or not it may sign in (administration)."""
    with Session(engine) as session:
        return session.get(User, user_id)


def end_sessions_of(engine: Engine, user_id: int, actor: str) -> int:
    """An administrator signs someone out everywhere."""
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        ended = end_user_sessions(session, user_id)
        session.add(
            AuditEvent(
                actor=actor,
                action="sessions_ended",
                detail={"user": user.username, "sessions_ended": ended},
            )
        )
        return ended


def list_users(engine: Engine) -> list[User]:
    with Session(engine) as session:
        return list(session.exec(select(User).order_by(col(User.username))).all())


def update_user(
    engine: Engine,
    user_id: int,
    actor: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
) -> User:
    """An administrator changes someone's role, name or access. The last active
    administrator cannot be demoted or switched off: nobody could manage users after.
    Another role or a switched-off account ends the person's sessions."""
    if role is not None and role not in ROLES:
        raise UserError(Msg("the role is one of %(roles)s", roles=", ".join(ROLES)))
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        before = {"role": user.role, "active": user.active, "display_name": user.display_name}
        loses_admin = (
            user.role == "admin"
            and user.active
            and ((role is not None and role != "admin") or active is False)
        )
        if loses_admin:
            admins = session.exec(
                select(User).where(User.role == "admin", col(User.active).is_(True))
            ).all()
            if len(admins) <= 1:
                raise UserError(Msg("%(name)s is the last administrator", name=user.username))
        if role is not None:
            user.role = role
        if active is not None:
            user.active = active
        if display_name is not None:
            user.display_name = display_name.strip()[:255]
        after = {"role": user.role, "active": user.active, "display_name": user.display_name}
        if after != before:
            detail: dict[str, object] = {"user": user.username, "before": before, "after": after}
            if after["role"] != before["role"] or after["active"] != before["active"]:
                detail["sessions_ended"] = end_user_sessions(session, user_id)
            session.add(AuditEvent(actor=actor, action="user_changed", detail=detail))
        session.flush()
        session.expunge(user)
        return user


def reset_password(engine: Engine, user_id: int, new: str, actor: str) -> None:
    """An administrator sets a new password for someone who forgot theirs (or whose
    password may be known to someone else): every session of that person ends."""
    password_hash = _hash(new)
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        user.password_hash = password_hash
        ended = end_user_sessions(session, user_id)
        session.add(
            AuditEvent(
                actor=actor,
                action="password_reset",
                detail={"user": user.username, "sessions_ended": ended},
            )
        )
