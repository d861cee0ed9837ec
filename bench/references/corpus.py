"""Where the real corpus is and how a labelled file's text is read: the way the project reads
it on import (sniff the media type, then the project's own extraction), so that the labels
and the evaluation see the same text."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from legaldesk.pipeline.extract import extract
from legaldesk.pipeline.sniff import sniff

_HERE = Path(__file__).resolve().parent


def corpus_root() -> Path:
    """../shared/corpus/real beside the checkout, or LEGALDESK_REAL_CORPUS."""
    configured = os.environ.get("LEGALDESK_REAL_CORPUS")
    if configured:
        return Path(configured).resolve()
    for parent in _HERE.parents:
        candidate = parent.parent / "shared" / "corpus" / "real"
        if candidate.is_dir():
            return candidate.resolve()
    return (_HERE.parents[2] / "shared" / "corpus" / "real").resolve()


@lru_cache(maxsize=None)
def read_text(name: str) -> str:
    """The text of corpus file ``name`` (relative to the corpus root) as the project extracts it."""
    path = corpus_root() / name
    data = path.read_bytes()
    return extract(data, sniff(data, path.name)).text
