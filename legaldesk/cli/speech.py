"""What the CLI says, in the librarians' language: the web's catalogue (web/locale), so a
message is translated once for the pages and the terminal. Russian unless
``LEGALDESK_LANG=en`` asks for English (an operator reading logs in English).

The catalogue module is imported on the first message, not with the CLI: it brings the web
framework along, which a command that prints nothing should not load.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from types import ModuleType


def language() -> str:
    """The terminal's language: Russian unless ``LEGALDESK_LANG`` names another."""
    return os.environ.get("LEGALDESK_LANG", "ru")


def _i18n() -> ModuleType:
    from legaldesk.web import i18n

    # Set each time, not once: a test may run commands in both languages in one process.
    i18n.use(language())
    return i18n


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; translated where shown."""
    return message


def labels() -> ModuleType:
    """legaldesk.web.labels: what stored codes are called (levels, statuses, …)."""
    from legaldesk.web import labels as module

    return module


def doc_type(code: str | None) -> str:
    return str(_i18n().doc_type_label(code)) if code else "—"


def act_heading(doc_type: str | None, adopted: date | None, number: str | None) -> str:
    """«Постановление от 12.03.2024 № 245-п», as the pages head an act."""
    return str(_i18n().act_heading(doc_type, adopted, number))


def _(message: str) -> str:
    return str(_i18n().gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return str(_i18n().ngettext(singular, plural, n))


def tr(text: str | None) -> str:
    """A message from the domain (a :class:`legaldesk.messages.Msg`, or text made from one)."""
    return str(_i18n().tr(text))


def day(value: date | datetime | None) -> str:
    return str(_i18n().fmt_date(value)) if value else "—"


def moment(value: datetime | None) -> str:
    return str(_i18n().fmt_datetime(value)) if value else "—"


def label(table: dict[str, str], code: str | None) -> str:
    """A stored code by its name in web/labels.py tables, the code itself if unnamed."""
    if not code:
        return "—"
    return _(table[code]) if code in table else code


def russian() -> None:
    """Make the catalogue's language current for this process (for code that calls
    legaldesk.web.i18n itself, such as the desk's views)."""
    _i18n()


def not_one_of(value: str, choices: Iterable[str]) -> str:
    """A value typed that is not one of a command's choices, and the choices."""
    return _("«%(value)s» is not one of: %(choices)s.") % {
        "value": value,
        "choices": ", ".join(choices),
    }
