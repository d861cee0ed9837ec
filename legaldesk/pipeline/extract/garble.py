"""Detecting a text layer that exists but cannot be used.

Russian PDFs whose fonts lack a Unicode map come out as Latin look-alikes
(«IIOCTAHOBJIEHI4E» for «ПОСТАНОВЛЕНИЕ»), as CP1251 read as Latin-1 («Ïîñòàíîâëåíèå»), or as
private-use glyph codes. Any of these makes the document unsearchable while looking filled.
"""

from __future__ import annotations

import re

from legaldesk.messages import Msg

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN1_MOJIBAKE = re.compile(r"[À-ÿ]")
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff\ufffd]")
# Capitals whose shapes stand in for Cyrillic ones in broken font maps, plus digits 3/4/6.
LOOKALIKE_WORD = re.compile(r"\b[ABCEHKMOPTXYIJ34б6]{5,}\b")


def is_garbled(text: str) -> str | None:
    """A reason when the text is unusable, else None. Short or empty texts are not judged."""
    pua = len(PRIVATE_USE.findall(text))
    letters = sum(1 for c in text if c.isalpha()) + pua
    if letters < 40:
        return None
    if pua / max(letters, 1) > 0.1:
        return Msg("text layer is private-use glyph codes (fonts without a Unicode map)")
    cyr = len(CYRILLIC.findall(text))
    moji = len(LATIN1_MOJIBAKE.findall(text))
    if moji > 20 and moji > cyr:
        return Msg("text layer is mojibake (CP1251 read as Latin-1)")
    if cyr / letters >= 0.3:
        return None
    words = WORD.findall(text)
    lookalikes = LOOKALIKE_WORD.findall(text)
    if len(lookalikes) >= 3 and len(lookalikes) / max(len(words), 1) > 0.05:
        return Msg("text layer is Latin look-alikes of Cyrillic (fonts without a Unicode map)")
    if words and _vowelless_share(words) > 0.35:
        return Msg("text layer is noise (letters that do not form words)")
    # The repository holds Russian acts: a long text with almost no Cyrillic is a broken
    # font map or a junk OCR layer. OCR with rus+eng still recovers a genuinely Latin text.
    if cyr / letters < 0.05:
        return Msg("text layer has almost no Cyrillic (broken font map or junk OCR layer)")
    return None


def _vowelless_share(words: list[str]) -> float:
    vowels = set("aeiouyаеёиоуыэюяAEIOUYАЕЁИОУЫЭЮЯ")
    bad = sum(1 for w in words if not any(c in vowels for c in w))
    return bad / len(words)
