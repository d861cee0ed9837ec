"""RTF through striprtf, with the code page the document declares (\\ansicpg1251)."""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

from legaldesk.pipeline.extract.base import Extraction, ExtractLimits, TextMethod

CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def extract_rtf(data: bytes, limits: ExtractLimits) -> Extraction:
    match = CODEPAGE.search(data[:2048])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1251"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1251"
    source = data.decode("latin-1")  # RTF itself is 7-bit; the escapes carry the code page
    text = rtf_to_text(source, encoding=encoding, errors="replace")
    return Extraction(text=text, method=TextMethod.NATIVE, encoding=encoding)
