"""Reading form fields the way every page does: whitespace folded, length bounded; and the
one kind of redirect target a form may name (a path of this site)."""

from __future__ import annotations

from typing import Any


def field(form: Any, name: str, limit: int = 255) -> str:
    return " ".join(str(form.get(name) or "").split())[:limit]


def safe_next(value: str | None, default: str = "/staff") -> str:
    # Only our own paths: «next=https://evil.example» must not turn login into a redirector.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value[:500]
    return default
