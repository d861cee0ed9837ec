"""Staff accounts: argon2id password hashes, roles, and the audit of who changed what."""

from __future__ import annotations

import contextlib
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import ROLES, AuditEvent, User
from legaldesk.models.base import utcnow

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this when the user does not exist costs the same as a real check, so
# the time of a failed login does not tell whether the name exists.
_DUMMY = _HASHER.hash("not a password of anyone")
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class UserError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(Msg("the password needs at least %(n)d characters", n=MIN_PASSWORD))
    return _HASHER.hash(password)


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
    with session_scope(engine) as session:
        if session.exec(select(User).where(User.username == username)).first():
            raise UserError(Msg("user %(name)s exists already", name=username))
        user = User(
            username=username,
            display_name=display_name.strip()[:255],
            role=role,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        session.add(
            AuditEvent(actor=actor, action="user_added", detail={"user": username, "role": role})
        )
        return user


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    with session_scope(engine) as session:
        user = session.exec(
            select(User).where(User.username == username.strip().lower()[:64])
        ).first()
        if user is None or not user.active:
            with contextlib.suppress(VerificationError):
                _HASHER.verify(_DUMMY, password)
            return None
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = _HASHER.hash(password)
        user.last_login_at = utcnow()
        return user


def change_password(engine: Engine, user_id: int, old: str, new: str) -> None:
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        try:
            _HASHER.verify(user.password_hash, old)
        except (VerificationError, InvalidHashError):
            raise UserError(Msg("the current password is wrong")) from None
        user.password_hash = hash_password(new)
        session.add(AuditEvent(actor=user.username, action="password_changed", detail={}))


def get_user(engine: Engine, user_id: int) -> User | None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        return user if user is not None and user.active else None


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
    administrator cannot be demoted or switched off: nobody could manage users after."""
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
            session.add(
                AuditEvent(
                    actor=actor,
                    action="user_changed",
                    detail={"user": user.username, "before": before, "after": after},
                )
            )
        session.flush()
        session.expunge(user)
        return user


def reset_password(engine: Engine, user_id: int, new: str, actor: str) -> None:
    """An administrator sets a new password for someone who forgot theirs."""
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise UserError(Msg("no such user"))
        user.password_hash = hash_password(new)
        session.add(
            AuditEvent(actor=actor, action="password_reset", detail={"user": user.username})
        )
