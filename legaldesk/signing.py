"""The site's secret key and what it signs: CSRF tokens (legaldesk.web.auth.csrf) and the
links sent by e-mail that act without signing in — confirming an address, managing one's
subscriptions, unsubscribing in one click (legaldesk/subscriptions/links.py).

A signed link needs no row of its own: the key and the link's purpose and ids make it, so
it cannot be guessed, and it cannot be turned to another purpose or another subscriber."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from legaldesk.config import Settings


def secret_key(settings: Settings) -> str:
    """LEGALDESK_SECRET_KEY, else one made once and kept in the data directory, readable
    by its owner only from the moment it exists."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it a moment ago
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(secrets.token_hex(32))
    return path.read_text("utf-8").strip()


def sign(secret: str, purpose: str, *parts: object) -> str:
    """A token for ``purpose`` and ``parts``: 32 hex characters (128 bits), short enough
    for a link a reader may have to copy by hand."""
    message = "|".join([purpose, *(str(p) for p in parts)]).encode("utf-8", "surrogateescape")
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def check(secret: str, token: str, purpose: str, *parts: object) -> bool:
    return hmac.compare_digest(token.encode(), sign(secret, purpose, *parts).encode())
