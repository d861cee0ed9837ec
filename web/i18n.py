"""The interface in Russian and English: gettext catalogues (Babel), the language of each
request, and dates written the way the reader's locale writes them.

Messages are written in English in the templates and the code (``_("Search")``) and
translated by ``web/locale/<lang>/LC_MESSAGES/messages.po``; ``make messages`` extracts new
ones and merges them into the catalogues, and a test fails while any message has no
translation. The .po files are compiled in memory when the application starts, so no
binary .mo file is kept in the repository or can go stale beside its .po.

The language of a request is the reader's choice (the ``lang`` cookie set by the switcher in
the page header), else the best of Accept-Language, else Russian. It is kept in a context
variable for the request, so templates, handlers and error pages all read the same one
without passing it around.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import cache
from typing import Annotated, Any

from babel.dates import format_date, format_time
from jinja2 import Environment
from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Redirect
from litestar.types import Message, Receive, Scope, Send

from legaldesk.messages import Msg
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import catalogues
from legaldesk.web.catalogues import translations
from legaldesk.web.forms import safe_next
from legaldesk.web.middleware import HttpMiddleware

LANGUAGES = {"ru": "Русский", "en": "English"}
DEFAULT = "ru"
COOKIE = "lang"
# Russian practice writes the dates of acts as дд.мм.гггг («от 12.03.2024 № 245-п»); an
# English reader gets the unambiguous medium form («Mar 12, 2024»), never 3/12/24.
DATE_FORMATS = {"ru": "short", "en": "medium"}

_current: ContextVar[str] = ContextVar("legaldesk_locale", default=DEFAULT)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message


def current() -> str:
    return _current.get()


def use(lang: str) -> None:
    """Sets the language for the rest of this request (or test)."""
    _current.set(lang if lang in LANGUAGES else DEFAULT)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block, then the request's own language again (an e-mail
    to a resident is written in theirs while a librarian's page is in hers)."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def tr(text: str | None) -> str:
    """A message from the domain in the reader's language: a :class:`Msg` by its template,
    any other text as it is if the catalogue does not know it."""
    if text is None:
        return ""
    if isinstance(text, Msg):
        translated = gettext(text.template)
        if not text.params:
            return translated
        # A value that is a message itself (the reason inside a PDF's warning) in the same
        # language as the message around it.
        return translated % {k: tr(v) if isinstance(v, Msg) else v for k, v in text.params.items()}
    translated = gettext(text)
    if translated == text:
        head, sep, detail = text.partition(": ")
        known_head = bool(sep) and gettext(head) != head
        # A Msg stored as plain text (a harvest run's error, an import failure): read back
        # by the template it was made from, values and all.
        for pattern, template, numbers in _templates(current()):
            if (
                known_head
                and not template.startswith(head + sep)
                and not template.startswith(_PROBLEM_FIRST)
            ):
                # A template that does not begin with the known part, such as "%(type)s of
                # %(date)s", is not what the text was made from: it would translate one word.
                # One that begins with the problem and the same ": " («%(problem)s: text
                # from OCR») is: the known part is its value, translated below.
                continue
            found = pattern.match(text)
            if found:
                values = {
                    k: int(v) if k in numbers else tr(v) if k in _NESTED else v
                    for k, v in found.groupdict().items()
                }
                return gettext(template) % values
        # "PDF is corrupted: <what pypdf said>": the known part translated, the detail kept.
        if known_head:
            return f"{gettext(head)}: {detail}"
    return translated


# Values that are messages themselves (the problem and its cause inside a PDF's warning,
# legaldesk/pipeline/extract/pdf.py), translated in a stored text as well. By name only: any
# other value is a person's or a site's own words, and «nobody» typed as an address is no
# message to read as «никто».
_NESTED = frozenset({"problem", "cause"})
_PROBLEM_FIRST = "%(problem)s: "
_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


@cache
def _templates(lang: str) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
    """Every message with values of the catalogue as a pattern that finds the values in a
    text made from it; the longest first, so the most specific template wins."""
    catalog = catalogues.catalog(lang)
    found = []
    for message in catalog or ():
        if not isinstance(message.id, str) or "%(" not in message.id:
            continue
        parts, numbers, last = [], set(), 0
        for m in _PLACEHOLDER.finditer(message.id):
            parts.append(re.escape(message.id[last : m.start()]))
            if m.group(2) == "d":
                numbers.add(m.group(1))
                parts.append(rf"(?P<{m.group(1)}>-?\d+)")
            else:
                parts.append(rf"(?P<{m.group(1)}>.+?)")
            last = m.end()
        parts.append(re.escape(message.id[last:]))
        try:
            pattern = re.compile("^" + "".join(parts) + "$", re.S)
        except re.error:  # a name used twice in one message
            continue
        found.append((pattern, message.id, frozenset(numbers)))
    return sorted(found, key=lambda item: -len(item[1]))


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    lang = current()
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, DATE_FORMATS.get(lang, "medium"), locale=lang)


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    lang = current()
    return f"{fmt_date(value)} {format_time(value, 'short', locale=lang)}"


def wait_text(wait: timedelta) -> str:
    """How long to wait, rounded up: «45 секунд», «15 минут»."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 120:
        return ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}


def doc_type_label(doc_type: str | None) -> str:
    labels = DOC_TYPE_LABELS_RU if current() == "ru" else DOC_TYPE_LABELS_EN
    return labels.get(doc_type or "other", labels["other"])


def act_heading(doc_type: str | None, adopted: date | None, number: str | None) -> str:
    """«Постановление от 12.03.2024 № 245-п» / "Resolution No. 245-п of Mar 12, 2024"."""
    kind = doc_type_label(doc_type)
    if adopted and number:
        return gettext("%(type)s No. %(number)s of %(date)s") % {
            "type": kind,
            "number": number,
            "date": fmt_date(adopted),
        }
    if adopted:
        return gettext("%(type)s of %(date)s") % {"type": kind, "date": fmt_date(adopted)}
    if number:
        return gettext("%(type)s No. %(number)s") % {"type": kind, "number": number}
    return kind


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The reader's choice, else the first language of Accept-Language we have, by quality
    (``en-GB;q=0.9`` counts as ``en``), else Russian."""
    if cookie in LANGUAGES:
        return str(cookie)
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "").split(",")[:20]):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, val = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(val)
                except ValueError:
                    quality = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGUAGES and quality > 0:
            ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else DEFAULT


class LocaleMiddleware(HttpMiddleware):
    """Sets the request's language before anything else runs and says in Vary that pages
    differ by it (a proxy cache must not serve a Russian page to an English reader)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        cookie = accept = None
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    key, _eq, val = part.strip().partition("=")
                    if key == COOKIE:
                        cookie = val
            elif name == b"accept-language":
                accept = value.decode("latin-1")
        token = _current.set(negotiate(cookie, accept))

        async def send_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_vary)
        finally:
            _current.reset(token)


def named(names: Mapping[str, str], code: str) -> str:
    """The translated name of a code from ``names`` (a status, a channel, a level); a code
    the mapping does not know is shown as it is. Never ``_(names.get(code, code))``: that
    hands the unknown code to gettext, whose formatting turned a «%» typed into an address
    (/subscribe?level=%) into a server error, and would translate a stranger's text."""
    return gettext(names[code]) if code in names else code


def install(env: Environment, extra: dict[str, Callable[..., Any]] | None = None) -> None:
    """gettext, plural forms and locale dates in every template."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = fmt_date
    env.filters["datetime"] = fmt_datetime
    env.filters["tr"] = tr
    env.globals["lang"] = current
    env.globals["languages"] = LANGUAGES
    env.globals["act_heading"] = act_heading
    env.globals["named"] = named
    env.globals.update(extra or {})


@get("/lang/{code:str}", name="language")
async def language(
    request: Request[Any, Any, Any], code: Annotated[str, PathParameter(max_length=8)]
) -> Redirect:
    """The reader chooses the interface language; it is remembered for a year."""
    if code not in LANGUAGES:
        raise NotFoundException(gettext("There is no such language."))
    response = Redirect(safe_next(request.query_params.get("next"), "/"))
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


ROUTES = [language]
