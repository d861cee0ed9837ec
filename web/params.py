"""Parameters shared by routes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

# Row ids fit a 32-bit integer in every database we run on; a larger number in a URL is a
# client's mistake (400), not a database overflow (500).
Id = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
