"""The e-mails to residents who asked on the website, in the language they asked in
(legaldesk/desk/notices.py decides when they go; this writes them)."""

from __future__ import annotations

from legaldesk.desk.notices import Letter, Site
from legaldesk.repository import Repository
from legaldesk.web import i18n
from legaldesk.web.i18n import gettext as _
from legaldesk.web.state import public_url


class SiteLetters:
    """Plain-text letters signed with the library's name."""

    def __init__(self, library_name: str) -> None:
        self.library_name = library_name

    def _letter(self, letter: Letter, *paragraphs: str) -> str:
        greeting = _("Hello, %(name)s!") % {"name": letter.name} if letter.name else _("Hello!")
        closing = (
            _("The link opens your request without a password: please do not pass it on."),
            _("This message was sent automatically; there is no need to reply to it."),
            self.library_name or _("Legal information centre"),
        )
        return "\n\n".join((greeting, *paragraphs, *closing)) + "\n"

    def received(self, lang: str, letter: Letter) -> tuple[str, str]:
        with i18n.speaking(lang):
            values = {"code": letter.code, "date": i18n.fmt_date(letter.due_on)}
            subject = _("Your question is registered: request %(code)s") % values
            text = self._letter(
                letter,
                _("We have received your question and registered it as request %(code)s.") % values,
                _("The answer will be ready by %(date)s.") % values,
                _("Follow your request and read the answer at your private link:")
                + "\n"
                + letter.link,
            )
            return subject, text

    def answered(self, lang: str, letter: Letter) -> tuple[str, str]:
        with i18n.speaking(lang):
            values = {"code": letter.code}
            subject = _("Your question is answered: request %(code)s") % values
            text = self._letter(
                letter,
                _("The answer to your question (request %(code)s) is ready.") % values,
                _("Read it, with the legal acts it cites, at your private link:")
                + "\n"
                + letter.link,
            )
            return subject, text


def site(repo: Repository) -> Site:
    """The public site as e-mails point at it: the configured address and the letters."""
    return Site(public_url(repo), SiteLetters(repo.settings.library_name))
