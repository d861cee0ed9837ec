"""Parameters shared by routes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

from legaldesk.models.base import MAX_ID

# A larger number in a URL is a client's mistake (400), not a database overflow (500).
Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
