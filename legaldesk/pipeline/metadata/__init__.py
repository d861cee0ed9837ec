"""Act metadata from the heading block of a Russian legal act.

``parse_act(text)`` reads type, issuing body, date, number, title, place and level the way a
librarian reads a heading; ``normalize_number`` is the key for dedup and exact-number
search. Unknown fields stay ``None``: nothing is guessed, and no input raises.

Decisions (see docs/metadata-accuracy.md for how they were checked on real documents):

* **Which text is read.** The first 12,000 characters (150 lines); a law's signature
  («Москва, Кремль 12 января 1996 года N 8-ФЗ») is also looked for in the last 4,000.
  Lines are cut at 2,000 characters. Every pattern is linear, so a 2 MB input costs what
  its head costs.
* **Commercial-database banners** («Документ предоставлен КонсультантПлюс», «Список
  изменяющих документов», «(в ред. …)», «(с изменениями на …)», «Документ с изменениями,
  внесенными: …», «В редакции постановлений: …») are skipped and end a title; their dates
  are never the act's. A database citation on the first line («Постановление Правительства
  РФ от 26.02.2022 N 244 "О …"») *is* the act's own name and is used.
* **Appendices and approved documents** («Приложение к постановлению … от … № …»,
  «УТВЕРЖДЕНА постановлением …») are not the act they cite. For them ``is_appendix`` is
  true, ``doc_type`` is what the document itself is (``programma`` for programmes and
  programme passports, ``polozhenie``, ``ustav``, ``other`` for forecasts, strategies,
  explanatory notes, lists…), ``title`` is its own name («Муниципальная программа «…» на
  2016-2020 годы»), ``date_adopted``/``number``/``issuer`` are ``None`` (a document's own
  number on its heading line, «МУНИЦИПАЛЬНОЕ ЗАДАНИЕ № 1», is kept), and the cited act is
  in ``parent`` (an :class:`ActRef` with type, issuer in the nominative, date, number and
  title). A blank approval («от ____ № ___») makes ``is_draft`` true.
* **Acts without a surviving heading.** A «О …» title on top plus an operative verb
  («ПОСТАНОВЛЯЮ», «постановляет», «РЕШИЛ») give the type; the date and number then come
  from the header of the act's own first appendix («Приложение к постановлению … от
  28.09.2018 № 46/09»), and the issuer from the operative clause («администрация МР
  «Койгородский» постановляет»). A fragment with none of these reports nothing.
* **Drafts**: a «ПРОЕКТ» line or a blank form («от ____ № ___», «00.00.2016 № 00», «от « »
  сентября 2019 года №») → ``is_draft``; blanks never become a date or number.
* **Federal and regional laws** are dated and numbered under the signature; when the text
  has no signature, the date «Принят Государственной Думой …» is used and the number stays
  unknown. «Принят Постановлением … от 19.11.2012 N 569» is the assembly's act, not the law's.
* **Numbers** — see :mod:`legaldesk.pipeline.metadata.numbers`: ``ActMetadata.number`` is
  the display form (sign and spaces removed, dashes unified, case kept: «307/1 - а» →
  «307/1-а», «35 па» → «35па»); ``normalize_number`` is the lower-case comparison key
  («1797-П», «1797-п» and «1797п» meet).
* **Issuer**: the organ block above the type word (region lines such as «РОССИЙСКАЯ
  ФЕДЕРАЦИЯ», «КУРГАНСКАЯ ОБЛАСТЬ», «Республика Татарстан» and Komi/Tatar translations are
  left out; genitive continuations «АЛЕЙСКОГО РАЙОНА / АЛТАЙСКОГО КРАЯ» are kept), or the
  genitive after the type word («ПОСТАНОВЛЕНИЕ АДМИНИСТРАЦИИ …» → «Администрация …»). When
  two organ lines precede the type word, the one nearer to it issues the act («Глава
  администрации …»). ALL-CAPS text is put in readable case by a heuristic (see
  :func:`legaldesk.pipeline.metadata.text.readable_case`).
* **Level**: federal / regional / municipal from the issuer (or the parent's issuer for an
  appendix) and the type; ``None`` when unclear.
* ``confidence`` is the share of the four core fields (type, date, number, title) found.
"""

from __future__ import annotations

from legaldesk.actnumber import clean_number, normalize_number

from .numbers import NUMBER_RE, find_number, looks_like_act_number
from .parser import ActMetadata, ActRef, parse_act

__all__ = [
    "NUMBER_RE",
    "ActMetadata",
    "ActRef",
    "clean_number",
    "find_number",
    "looks_like_act_number",
    "normalize_number",
    "parse_act",
]
