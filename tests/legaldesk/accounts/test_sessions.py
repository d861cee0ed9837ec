"""Staff sessions in the database: what ends them, and what a stolen copy of the table is
worth."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from legaldesk.accounts.sessions import (
    Lifetime,
    end_session,
    load_session,
    open_session,
    open_session_counts,
    purge_expired,
    token_hash,
)
from legaldesk.accounts.users import (
    UserError,
    change_password,
    create_user,
    end_sessions_of,
    reset_password,
    update_user,
)
from legaldesk.models import AuditEvent, StaffSession
from legaldesk.models.base import utcnow

LIFE = Lifetime(idle=timedelta(minutes=30), absolute=timedelta(hours=8))
PASSWORD = "correct horse battery"


@pytest.fixture
def users(engine: Engine) -> dict[str, int]:
    made = {}
    for name, role in (("anna", "librarian"), ("boss", "admin"), ("second", "admin")):
        user = create_user(engine, name, PASSWORD, role)
        assert user.id is not None
        made[name] = user.id
    return made


def test_a_session_token_is_stored_only_as_its_hash(engine: Engine, users: dict[str, int]) -> None:
    token = open_session(engine, users["anna"], "10.0.0.5", "Firefox")

    with Session(engine) as session:
        [row] = session.exec(select(StaffSession)).all()
    assert row.token_hash == token_hash(token) and token not in row.token_hash
    assert load_session(engine, row.token_hash, LIFE) is None  # the hash is not a key
    loaded = load_session(engine, token, LIFE)
    assert loaded is not None and loaded.user.username == "anna"


def test_a_session_ends_after_the_idle_time(engine: Engine, users: dict[str, int]) -> None:
    token = open_session(engine, users["anna"])
    now = utcnow()

    assert load_session(engine, token, LIFE, now + timedelta(minutes=29)) is not None
    # used at +29 min: idle counts from then
    assert load_session(engine, token, LIFE, now + timedelta(minutes=58)) is not None
    assert load_session(engine, token, LIFE, now + timedelta(minutes=90)) is None
    assert load_session(engine, token, LIFE, now + timedelta(minutes=91)) is None  # deleted


def test_a_session_ends_at_its_absolute_lifetime_however_busy(
    engine: Engine, users: dict[str, int]
) -> None:
    token = open_session(engine, users["anna"])
    start = utcnow()

    for minutes in range(20, 8 * 60, 20):  # a request every 20 minutes all day
        assert load_session(engine, token, LIFE, start + timedelta(minutes=minutes)) is not None
    assert load_session(engine, token, LIFE, start + timedelta(hours=8, minutes=1)) is None


def test_signing_out_ends_only_that_session(engine: Engine, users: dict[str, int]) -> None:
    desk_pc = open_session(engine, users["anna"])
    phone = open_session(engine, users["anna"])

    end_session(engine, desk_pc)

    assert load_session(engine, desk_pc, LIFE) is None
    assert load_session(engine, phone, LIFE) is not None


def test_a_password_change_ends_every_session_of_its_owner_only(
    engine: Engine, users: dict[str, int]
) -> None:
    mine = [open_session(engine, users["anna"]) for _ in range(2)]
    other = open_session(engine, users["boss"])

    change_password(engine, users["anna"], PASSWORD, "a brand new password")

    assert [load_session(engine, t, LIFE) for t in mine] == [None, None]
    assert load_session(engine, other, LIFE) is not None


def test_a_wrong_current_password_changes_nothing_and_ends_nothing(
    engine: Engine, users: dict[str, int]
) -> None:
    token = open_session(engine, users["anna"])

    with pytest.raises(UserError):
        change_password(engine, users["anna"], "not my password", "a brand new password")

    assert load_session(engine, token, LIFE) is not None


def test_a_reset_by_an_administrator_ends_the_persons_sessions(
    engine: Engine, users: dict[str, int]
) -> None:
    token = open_session(engine, users["anna"])

    reset_password(engine, users["anna"], "given by the admin", actor="web:boss")

    assert load_session(engine, token, LIFE) is None
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "password_reset")).one()
    assert event.detail["sessions_ended"] == 1


@pytest.mark.parametrize(
    ("change", "ends"),
    [
        ({"role": "employee"}, True),
        ({"active": False}, True),
        ({"display_name": "Анна Петровна"}, False),
        ({"role": "librarian"}, False),  # the same role: nothing changes
    ],
)
def test_another_role_or_switching_off_ends_sessions_a_new_name_does_not(
    engine: Engine, users: dict[str, int], change: dict[str, object], ends: bool
) -> None:
    token = open_session(engine, users["anna"])

    update_user(engine, users["anna"], "web:boss", **change)  # type: ignore[arg-type]

    assert (load_session(engine, token, LIFE) is None) is ends


def test_a_switched_off_account_cannot_use_a_session_even_if_one_survived(
    engine: Engine, users: dict[str, int]
) -> None:
    token = open_session(engine, users["anna"])
    with Session(engine) as session:  # switched off behind the domain's back
        from legaldesk.models import User

        user = session.get(User, users["anna"])
        assert user is not None
        user.active = False
        session.add(user)
        session.commit()

    assert load_session(engine, token, LIFE) is None


def test_an_administrator_signs_someone_out_everywhere(
    engine: Engine, users: dict[str, int]
) -> None:
    for _ in range(3):
        open_session(engine, users["anna"])
    open_session(engine, users["boss"])

    assert open_session_counts(engine) == {users["anna"]: 3, users["boss"]: 1}
    assert end_sessions_of(engine, users["anna"], "web:boss") == 3
    assert open_session_counts(engine) == {users["boss"]: 1}


def test_expired_sessions_are_purged(engine: Engine, users: dict[str, int]) -> None:
    open_session(engine, users["anna"])
    fresh = open_session(engine, users["boss"])

    assert purge_expired(engine, LIFE, utcnow() + timedelta(minutes=10)) == 0
    assert purge_expired(engine, LIFE, utcnow() + timedelta(hours=9)) == 2
    assert load_session(engine, fresh, LIFE) is None


def test_tokens_of_any_shape_are_refused_without_error(engine: Engine) -> None:
    for token in ["", "x" * 10_000, "\udcff", "' OR 1=1 --"]:
        assert load_session(engine, token, LIFE) is None
