"""Text as people send it, made safe to keep: what a form or a program sends may hold
control characters (a NUL, which PostgreSQL refuses in any text column), and a caller in
Python may pass a lone surrogate, which no UTF-8 encoder writes (the JSON API refuses one as
malformed before it gets here). Both are dropped; tabs and line ends stay."""

from __future__ import annotations

import re

_UNKEEPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def keepable(text: str) -> str:
    """``text`` without control characters (but tab and line ends) and lone surrogates."""
    return _UNKEEPABLE.sub("", text)
