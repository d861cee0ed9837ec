"""Plain text in UTF-8, CP1251 or KOI8-R.

charset-normalizer alone confuses CP1251, KOI8-R and MacCyrillic on short Russian texts, so
each candidate decoding is scored by how Russian it reads and the best one wins. A wrong
single-byte decoding permutes the alphabet, so the share of the ten most frequent Russian
letters (about two thirds of real text, case ignored) drops sharply.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod

CANDIDATES = ("utf-8", "cp1251", "koi8-r", "cp866", "mac-cyrillic")
COMMON = set("оеаинтсрвл")
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def russian_score(text: str) -> float:
    lowered = text.lower()
    letters = [c for c in lowered if c.isalpha()]
    if not letters:
        return 0.0
    cyrillic = [c for c in letters if c in CYRILLIC]
    if len(cyrillic) < len(letters) / 2:
        return 0.0
    # Divided by every letter and every non-ASCII symbol: a decoding that turns capitals
    # into Ѕ, Ќ, “ or ƒ (MacCyrillic read of CP1251) is penalised for each of them.
    symbols = sum(1 for c in lowered if ord(c) > 127 and not c.isalpha())
    return sum(1 for c in cyrillic if c in COMMON) / (len(letters) + symbols)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); raises ExtractionError when nothing decodes sensibly."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Every candidate is judged on how Russian it reads, not on whether it decodes without
    # error: one stray byte (0x98 is undefined in Python's CP1251) must not hand a CP1251
    # text to MacCyrillic, which defines every byte. A byte a codec lacks becomes U+FFFD,
    # which russian_score counts as a symbol that is not a letter: a light penalty.
    sample = data[:20000]
    best: tuple[float, str] | None = None
    for enc in CANDIDATES:
        score = russian_score(sample.decode(enc, errors="replace"))
        if best is None or score > best[0]:
            best = (score, enc)
    if best is not None and best[0] >= 0.45:
        return data.decode(best[1], errors="replace"), best[1]
    guess = from_bytes(sample).best()
    if guess is not None and guess.encoding and guess.chaos < 0.3:
        return data.decode(guess.encoding, errors="replace"), guess.encoding
    raise ExtractionError("cannot determine the text encoding")


def extract_text(data: bytes, limits: ExtractLimits) -> Extraction:
    text, encoding = decode_text(data)
    return Extraction(text=text, method=TextMethod.NATIVE, encoding=encoding)
