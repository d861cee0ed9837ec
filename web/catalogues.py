"""The translation catalogues themselves: ``web/locale/<lang>/LC_MESSAGES/messages.po``,
read and compiled in memory (no .mo file is kept beside its .po to go stale).

Apart from ``web/i18n.py`` because the command line reads them too (legaldesk/cli/terminal.py)
and must not load the web framework to print a command's help.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def catalog(lang: str) -> Catalog | None:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    with path.open("rb") as po:
        return read_po(po, locale=lang)


@cache
def translations(lang: str) -> NullTranslations:
    found = catalog(lang)
    if found is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, found)
    buffer.seek(0)
    return Translations(fp=buffer)
