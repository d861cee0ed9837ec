"""XML, parsed without DTDs or entities (no XXE, no billion laughs).

Token-per-element corpora (one word per element with morphology attributes) are rebuilt
into readable text: tokens joined by spaces, no space before punctuation.
"""

from __future__ import annotations

import re
from typing import Any

from defusedxml import ElementTree

from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod

NO_SPACE_BEFORE = re.compile(r"\s+([.,;:!?»)\]])")
NO_SPACE_AFTER = re.compile(r"([«(\[])\s+")


def extract_xml(data: bytes, limits: ExtractLimits) -> Extraction:
    try:
        root = ElementTree.fromstring(data)
    except MemoryError:
        raise  # not a malformed file: the reader's memory limit, reported as such
    except Exception as exc:  # defusedxml raises its own types for forbidden constructs
        raise ExtractionError(f"XML is malformed or unsafe: {exc}") from exc
    lines: list[str] = []
    _collect(root, lines)
    text = "\n".join(lines)
    return Extraction(text=text, method=TextMethod.NATIVE)


def _collect(element: Any, lines: list[str]) -> None:
    """One line per element whose children are all leaves (a sentence of tokens), one per
    leaf that stands alone (a title); tokens joined by spaces, punctuation re-attached."""
    children = list(element)
    if not children:
        if (element.text or "").strip():
            lines.append(" ".join(element.text.split()))
        return
    if all(len(child) == 0 for child in children):
        tokens = [(c.text or "").strip() for c in children]
        line = " ".join(t for t in tokens if t)
        line = NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", line))
        if line:
            lines.append(line)
        return
    for child in children:
        _collect(child, lines)
