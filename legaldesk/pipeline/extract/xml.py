"""XML, parsed without DTDs or entities (no XXE, no billion laughs).

Token-per-element corpora (one word per element with morphology attributes) are rebuilt
into readable text: tokens joined by spaces, no space before punctuation.
"""

from __future__ import annotations

import re

from defusedxml import ElementTree

from legaldesk.models.enums import TextMethod
from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits

NO_SPACE_BEFORE = re.compile(r"\s+([.,;:!?»)\]])")
NO_SPACE_AFTER = re.compile(r"([«(\[])\s+")


def extract_xml(data: bytes, limits: ExtractLimits) -> Extraction:
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises its own types for forbidden constructs
        raise ExtractionError(f"XML is malformed or unsafe: {exc}") from exc
    leaves = [el for el in root.iter() if len(el) == 0]
    texts = [(el.text or "").strip() for el in leaves]
    short = sum(1 for t in texts if t and len(t.split()) == 1)
    if texts and short / max(1, sum(1 for t in texts if t)) > 0.8:
        text = " ".join(t for t in texts if t)
        text = NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", text))
    else:
        text = "\n".join(" ".join(t.split()) for t in root.itertext() if t.strip())
    return Extraction(text=text, method=TextMethod.NATIVE)
