"""The service's own password hashes: the tests run a cheap argon2id (tests/conftest.py), so
this checks what production uses."""

from __future__ import annotations

import importlib

from argon2 import Parameters, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from legaldesk.accounts import passwords


def test_the_service_hashes_with_argon2id_at_the_recommended_cost() -> None:
    # A fresh copy of the module: the session fixture swapped the tests' cheap hasher into
    # the imported one.
    cheap = passwords._HASHER
    service = importlib.reload(passwords)
    try:
        stored = service.hash_password("correct horse battery")
        used: Parameters = extract_parameters(stored)
        assert stored.startswith("$argon2id$")
        assert used.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost
        assert used.time_cost >= RFC_9106_LOW_MEMORY.time_cost
        assert service.verify_password(stored, "correct horse battery")
        assert not service.verify_password(stored, "correct horse batterz")
    finally:
        passwords._HASHER = cheap
