"""Filenames arrive from websites, e-mail and uploads: treat them as untrusted display text."""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 200


def safe_filename(raw: str | None, fallback: str = "document") -> str:
    """A display name with no path, no control characters and a bounded length.

    The name is never used to build a path (blobs are content-addressed), but it is shown in
    pages, summaries and the audit trail, so «../../etc/passwd», NULs, RTL overrides and
    500-character names are neutralised here once.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    name = name.strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name
