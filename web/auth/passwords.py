"""The thread that hashes and checks passwords.

argon2 spends tens of milliseconds of CPU per check by design. On the event loop, eight
clients posting wrong passwords made every reader wait (p50 8 ms → 1 s); here the work runs
in one thread per worker process, at the lowest CPU priority: readers keep the loop, and
when sign-ins and page views want the same core, the pages win (docs/benchmarks.md,
«Readers while the login is flooded»). A queue longer than MAX_WAITING is turned away at
once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from litestar.exceptions import ServiceUnavailableException

from legaldesk.web.i18n import N_

P = ParamSpec("P")
T = TypeVar("T")
PASSWORD_NICE = 19
MAX_WAITING = 16


def _lowest_priority() -> None:
    # On Linux the nice value belongs to the thread, and the threads argon2 starts for its
    # lanes inherit it; elsewhere the thread keeps the process's priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), PASSWORD_NICE)


_PASSWORDS = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="passwords", initializer=_lowest_priority
)
_waiting = 0


async def password_work(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    global _waiting
    if _waiting >= MAX_WAITING:
        raise ServiceUnavailableException(
            N_("Too many sign-ins at once. Please try again in a minute."),
            headers={"Retry-After": "30"},
        )
    _waiting += 1
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_PASSWORDS, functools.partial(fn, *args, **kwargs))
    finally:
        _waiting -= 1
