"""How the check for personal data names what it found (legaldesk/qa/personal.py)."""

from __future__ import annotations

from legaldesk.web.i18n import N_

FINDINGS = {
    "name": N_("looks like a person's name"),
    "phone": N_("a phone number"),
    "email": N_("an e-mail address"),
    "address": N_("a street address or flat"),
    "snils": N_("a СНИЛС number"),
    "passport": N_("passport details"),
}
WHERE = {"question": N_("In the question"), "answer": N_("In the answer")}
