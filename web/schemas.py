"""The shape every JSON API error takes (Litestar's own, documented in the schema)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec


class ApiError(msgspec.Struct):
    status_code: int
    detail: str
    extra: dict[str, Any] | list[Any] | None = None


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """The ``responses`` of a route that may answer these errors (400 is Litestar's own)."""
    described = {
        401: "Not signed in (staff routes)",
        403: "Signed in with a role that may not use this",
        404: "No such object",
    }
    return {
        code: ResponseSpec(data_container=ApiError, description=described[code]) for code in codes
    }
