"""The service's own password hashes: the tests run a cheap argon2id (tests/conftest.py), so
this checks what production uses."""

from __future__ import annotations

from argon2 import extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from legaldesk.accounts import passwords


def test_the_service_hashes_with_argon2id_at_the_recommended_cost() -> None:
    hasher = passwords.service_hasher()

    stored = hasher.hash("correct horse battery")
    used = extract_parameters(stored)

    assert stored.startswith("$argon2id$")
    assert used.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost
    assert used.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert hasher.verify(stored, "correct horse battery")
    # The verification the service runs reads the cost from the stored hash itself.
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterz")


def test_a_name_that_does_not_exist_costs_what_a_real_check_costs() -> None:
    """The wasted check is made against a hash of the hasher in use: with the tests' cheap
    hasher it was still the service's 64 MiB one made at import, which cost each attempt
    on an unknown name a tenth of a second (ten seconds for one test under CI's load)."""
    real = extract_parameters(passwords._HASHER.hash("correct horse battery"))
    wasted = extract_parameters(passwords.dummy_hash(passwords._HASHER))

    assert (wasted.memory_cost, wasted.time_cost, wasted.parallelism) == (
        real.memory_cost,
        real.time_cost,
        real.parallelism,
    )
    service = passwords.service_hasher()
    assert extract_parameters(passwords.dummy_hash(service)).memory_cost == (service.memory_cost)
