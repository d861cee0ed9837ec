"""Where a text names the act it belongs to by its shape: the header of one of its appendices
(«Приложение № 1 / к постановлению администрации района / от 13.11.2018 № 987-п») or of a
document it approved («УТВЕРЖДЕНА / постановлением … / от … № …»), set as a block of short
lines of its own.

The requisites in such a header are the act's own whenever their number is the act's own
number — also when the header's date is off by a slip («от 13.04.2015 № 376» in an act of
13.04.2016). When the act's own number is unknown (a text that lost its heading and starts
with its preamble), the first such header names it. A header whose number differs from a known
own number stays a reference (an amended act's restated appendix: «Приложение к Постановлению
… № 205» inside an act that amends № 205)."""

from __future__ import annotations

import re

# The first line of a header: «Приложение», «Приложение № 1», «ПРИЛОЖЕНИЕ 2», «УТВЕРЖДЕНА»,
# perhaps after a stray letter of a column layout («П          Приложение»). Possessive runs of
# blanks: a line of a million spaces costs one pass, not a million.
_FIRST_LINE_RE = re.compile(
    r"^[ \t]*+(?:[А-ЯЁA-Z][ \t]{3,}+)?[«\"]?[ \t]*+"
    r"(?:приложение(?:[ \t]*(?:№|N)?[ \t]*\d{1,2}(?:\.\d{1,2})?)?|утвержден[аоы]?)"
    r"(?=[ \t]*(?:\n|к[ \t]|постановлени|решени|распоряжени|приказ))",
    re.IGNORECASE | re.MULTILINE,
)
# It cites an act directly: «к постановлению …», «постановлением …» (not «к изменениям,
# вносимым в постановление …» nor «к Программе»).
_CITES_ACT_RE = re.compile(
    r"^[ \t]*+(?:приложение[^\n]{0,12}|утвержден[аоы]?)?[ \t]*+(?:к[ \t]+)?"
    r"(?:постановлени|решени|распоряжени|приказ|указ)",
    re.IGNORECASE,
)
_HEADER_LINE_LIMIT = 100  # a header line is short; a sentence starting «Приложение к …» is not
_HEADER_LINES = 7
_NUMBER_RE = re.compile(r"(?:№|(?<![A-Za-zА-Яа-яЁё])N)[ \t]*_*[ \t]*\d")
# An operative sentence («Приложение к Постановлению изложить в новой редакции …») is no header.
_VERB_RE = re.compile(r"(?<![а-яё])[а-яё]{2,}(?:ить|ать|ять|еть)(?![а-яё])", re.IGNORECASE)


def own_headers(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the header blocks in text order, each from its first line to the
    end of the line with its number."""
    spans: list[tuple[int, int]] = []
    for m in _FIRST_LINE_RE.finditer(text):
        start = m.start()
        if spans and start < spans[-1][1]:
            continue
        pos, lines, cites = start, 0, False
        while pos < len(text) and lines < _HEADER_LINES:
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            line = text[pos:line_end]
            if len(" ".join(line.split())) > _HEADER_LINE_LIMIT or _VERB_RE.search(line):
                break
            if line.strip():
                lines += 1
                cites = cites or _CITES_ACT_RE.match(line) is not None
            if _NUMBER_RE.search(line):
                if cites:
                    spans.append((start, line_end))
                break
            pos = line_end + 1
    return spans
