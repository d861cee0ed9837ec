"""Where the real corpus is and how a labelled file's text is read: the way the project reads
it on import (sniff the media type, then the project's own extraction), so that the labels
and the evaluation see the same text. OCR'd texts are cached under bench/out/reference-texts/
by the file's SHA-256 (OCR of a scan takes seconds; the cache is never committed)."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from legaldesk.pipeline.extract import extract
from legaldesk.pipeline.sniff import TEXT, sniff

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "bench" / "out" / "reference-texts"


def corpus_root() -> Path:
    """../shared/corpus/real beside the checkout (symlinks resolved), or LEGALDESK_REAL_CORPUS."""
    configured = os.environ.get("LEGALDESK_REAL_CORPUS")
    if configured:
        return Path(configured).resolve()
    return (REPO / ".." / "shared" / "corpus" / "real").resolve()


@cache
def read_text(name: str) -> str:
    """The text of corpus file ``name`` (relative to the corpus root) as the project extracts it."""
    path = corpus_root() / name
    data = path.read_bytes()
    media_type = sniff(data, path.name)
    if media_type == TEXT:
        return extract(data, media_type).text
    cached = CACHE / (hashlib.sha256(data).hexdigest() + ".txt")
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = extract(data, media_type).text
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text
