"""Password hashes: argon2id with the library's recommended parameters.

Hashing costs tens of milliseconds of CPU on purpose. Callers inside the web service run
these functions in the password thread (``legaldesk.web.auth``), never on the event loop:
a few clients posting wrong passwords must not stall every reader of the public site.
"""

from __future__ import annotations

import contextlib
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from legaldesk.messages import Msg


def service_hasher() -> PasswordHasher:
    """argon2id with the library's recommended cost (RFC 9106's low-memory profile). The
    tests swap a cheap one into ``_HASHER``; tests/legaldesk/accounts checks this one."""
    return PasswordHasher()


_HASHER = service_hasher()
MIN_PASSWORD = 8
MAX_PASSWORD = 200  # argon2 takes any length; a megabyte "password" is only a way to burn CPU


class PasswordError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordError(Msg("the password needs at least %(n)d characters", n=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        raise PasswordError(Msg("the password may have at most %(n)d characters", n=MAX_PASSWORD))
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password[: MAX_PASSWORD + 1])
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of no one's password made by ``hasher``: verifying against it when the user
    does not exist costs what a real check costs, so the time of a failed login does not
    tell whether the name exists. Made by the hasher in use, not once at import, so that it
    keeps that hasher's cost when the hasher is swapped (the tests' cheap one)."""
    return hasher.hash("not a password of anyone")


def waste_a_verification(password: str) -> None:
    """The cost of a real check, for a name that does not exist or is switched off."""
    with contextlib.suppress(VerificationError):
        _HASHER.verify(dummy_hash(_HASHER), password[: MAX_PASSWORD + 1])


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
