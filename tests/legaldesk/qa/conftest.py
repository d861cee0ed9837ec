"""The Q&A base's tests use the desk's clock (the library's zone, closing at 18:00)."""

from __future__ import annotations

import pytest

from legaldesk.desk.requests import Clock
from tests.legaldesk.desk.conftest import CLOCK


@pytest.fixture
def clock() -> Clock:
    return CLOCK
