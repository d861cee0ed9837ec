"""Why a document awaits review, as data: a code and its parameters, stored as JSON on the
document, rendered where it is read (the CLI in English, the web in the reader's language).

Codes (an open set; a reader that meets an unknown one shows it as it is):

- ``needs_ocr``: a scan whose text is not recognised yet;
- ``text_from_ocr``: the text was recognised from a scan (worth a look);
- ``parser_unsure`` ``{missing: [type, date, number, title]}``: what the parser did not find;
- ``draft``: the text calls itself a draft (проект);
- ``duplicate_of`` ``{acts: [ids]}``: acts filed already that look like the same act;
- ``not_an_act`` ``{why}``: the file carries no legal act (legaldesk/pipeline/nonacts.py:
  ``table``, ``no_text``, ``leaflet``, ``boilerplate``, ``institution``, ``personnel``);
- ``source_not_official``: harvested from a source not marked official (no doubt about the
  file: its way in is not trusted to publish, legaldesk/publication.py);
- ``held``: imported with ``--hold``, to be reviewed before it is published;
- ``issuer_unsure`` ``{proposed: {id, name}, candidates: [{id, name}]}``: the issuing body
  is a new one ingest proposed, its name near those of bodies the file has
  (legaldesk/issuers.py); names as they were when the act was filed;
- ``ocr_low_confidence`` ``{confidence}``: the text came from OCR whose mean word
  confidence (0–100) is below the threshold (legaldesk/pipeline/extract/ocr.py);
- ``listing_disagrees`` ``{fields: [{field, listing, document}]}``: the harvested listing
  and the document say different things about a field (legaldesk/pipeline/hints.py);
- ``other`` ``{text}``: a reason stored as text before reasons were data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from legaldesk.messages import Msg

NEEDS_OCR = "needs_ocr"
TEXT_FROM_OCR = "text_from_ocr"
PARSER_UNSURE = "parser_unsure"
DRAFT = "draft"
DUPLICATE_OF = "duplicate_of"
NOT_AN_ACT = "not_an_act"
SOURCE_NOT_OFFICIAL = "source_not_official"
HELD = "held"
ISSUER_UNSURE = "issuer_unsure"
OCR_LOW_CONFIDENCE = "ocr_low_confidence"
LISTING_DISAGREES = "listing_disagrees"
OTHER = "other"
FIELDS = ("type", "date", "number", "title")  # what parser_unsure may name, in this order


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, **self.params}

    @classmethod
    def from_json(cls, data: Any) -> Reason:
        if not isinstance(data, dict) or not isinstance(data.get("code"), str):
            return cls(OTHER, {"text": str(data)})
        return cls(data["code"], {k: v for k, v in data.items() if k != "code"})

    def message(self) -> str:
        """The reason in English (the CLI and logs; the web translates the template)."""
        if self.code == NEEDS_OCR:
            return Msg("needs OCR")
        if self.code == TEXT_FROM_OCR:
            return Msg("text from OCR")
        if self.code == DRAFT:
            return Msg("draft")
        if self.code == PARSER_UNSURE:
            return Msg("parser unsure: no %(fields)s", fields=", ".join(self.missing))
        if self.code == DUPLICATE_OF:
            return Msg("possible duplicate of act %(acts)s", acts=", ".join(map(str, self.acts)))
        if self.code == NOT_AN_ACT:
            return NOT_AN_ACT_MESSAGES.get(str(self.params.get("why")), Msg("not an act"))
        if self.code == SOURCE_NOT_OFFICIAL:
            return Msg("from a source not marked official")
        if self.code == HELD:
            return Msg("held for review when imported")
        if self.code == ISSUER_UNSURE:
            return Msg(
                "new issuing body %(name)s proposed, near %(candidates)s",
                name=self.proposed[1],
                candidates="; ".join(name for _id, name in self.candidates),
            )
        if self.code == OCR_LOW_CONFIDENCE:
            return Msg("OCR of low confidence (%(confidence)s%%)", confidence=self.confidence)
        if self.code == LISTING_DISAGREES:
            return Msg(
                "the listing disagrees: %(fields)s",
                fields="; ".join(
                    f"{d['field']}: {d['listing']} / {d['document']}" for d in self.disagreements
                ),
            )
        return str(self.params.get("text", self.code))  # as it was stored, untranslated

    @property
    def confidence(self) -> int:
        value = self.params.get("confidence")
        return round(value) if isinstance(value, (int, float)) else 0

    @property
    def disagreements(self) -> list[dict[str, str]]:
        """The fields of ``listing_disagrees``: {field, listing, document} each."""
        found = self.params.get("fields")
        if not isinstance(found, list):
            return []
        return [
            {k: str(item.get(k) or "") for k in ("field", "listing", "document")}
            for item in found
            if isinstance(item, dict)
        ]

    @property
    def missing(self) -> list[str]:
        return [str(f) for f in self.params.get("missing", []) if isinstance(f, str)]

    @property
    def acts(self) -> list[int]:
        return [int(i) for i in self.params.get("acts", []) if isinstance(i, int)]

    @property
    def proposed(self) -> tuple[int | None, str]:
        """The proposed body of ``issuer_unsure``: (id, name)."""
        return _body(self.params.get("proposed"))

    @property
    def candidates(self) -> list[tuple[int | None, str]]:
        """The bodies ``issuer_unsure`` found it near: (id, name) each."""
        found = self.params.get("candidates")
        return [_body(item) for item in found] if isinstance(found, list) else []


def _body(item: Any) -> tuple[int | None, str]:
    if not isinstance(item, dict):
        return None, str(item or "")
    body_id = item.get("id")
    return (body_id if isinstance(body_id, int) else None), str(item.get("name") or "")


# Why a file is not an act (legaldesk/pipeline/nonacts.py), as the reason reads.
NOT_AN_ACT_MESSAGES = {
    "table": Msg("not an act: a table or list"),
    "no_text": Msg("not an act: no text (an image or a blank scan)"),
    "leaflet": Msg("not an act: a leaflet, memo or notice"),
    "boilerplate": Msg("not an act: only a legal database's notes"),
    "institution": Msg("not an act: an institution's own document"),
    "personnel": Msg("not an act: a personnel order"),
}


def parser_unsure(missing: list[str]) -> Reason:
    return Reason(PARSER_UNSURE, {"missing": missing})


def duplicate_of(acts: list[int]) -> Reason:
    return Reason(DUPLICATE_OF, {"acts": acts})


def not_an_act(why: str) -> Reason:
    return Reason(NOT_AN_ACT, {"why": why})


def ocr_low_confidence(confidence: float) -> Reason:
    return Reason(OCR_LOW_CONFIDENCE, {"confidence": round(confidence, 1)})


def listing_disagrees(fields: list[tuple[str, str, str]]) -> Reason:
    """``fields``: (field, the listing's value, the document's value) each."""
    return Reason(
        LISTING_DISAGREES,
        {"fields": [{"field": f, "listing": a, "document": b} for f, a, b in fields]},
    )


def issuer_unsure(proposed: tuple[int, str], candidates: list[tuple[int, str]]) -> Reason:
    return Reason(
        ISSUER_UNSURE,
        {
            "proposed": {"id": proposed[0], "name": proposed[1]},
            "candidates": [{"id": i, "name": name} for i, name in candidates],
        },
    )


def without_issuer_unsure(stored: Any, body_id: int) -> list[Reason]:
    """The stored reasons but the doubt about body ``body_id`` (a librarian settled it)."""
    return [r for r in load(stored) if not (r.code == ISSUER_UNSURE and r.proposed[0] == body_id)]


def dump(reasons: list[Reason]) -> list[dict[str, Any]] | None:
    """What the document stores: None when nothing is wrong."""
    return [r.to_json() for r in reasons] or None


def load(stored: Any) -> list[Reason]:
    return [Reason.from_json(item) for item in stored] if isinstance(stored, list) else []


def duplicate_ids(stored: Any) -> list[int]:
    """The acts a document may duplicate, from its stored reasons."""
    return [i for r in load(stored) if r.code == DUPLICATE_OF for i in r.acts]


def text(stored: Any) -> str:
    """The stored reasons in English, one line (the CLI)."""
    return "; ".join(r.message() for r in load(stored))


def from_legacy(stored: str | None) -> list[Reason]:
    """Reasons stored as English text before they were data («needs OCR; parser unsure: no
    date, number; possible duplicate: act 4, 7»), read back once by the migration."""
    out: list[Reason] = []
    for part in (stored or "").split("; "):
        part = part.strip()
        if not part:
            continue
        if part == "needs OCR":
            out.append(Reason(NEEDS_OCR))
        elif part == "text from OCR":
            out.append(Reason(TEXT_FROM_OCR))
        elif part == "draft":
            out.append(Reason(DRAFT))
        elif part.startswith("parser unsure: no "):
            names = part.removeprefix("parser unsure: no ").split(", ")
            out.append(parser_unsure([n for n in names if n in FIELDS]))
        elif part.startswith("possible duplicate: act "):
            ids = part.removeprefix("possible duplicate: act ").split(", ")
            out.append(duplicate_of([int(i) for i in ids if i.isdigit()]))
        else:
            out.append(Reason(OTHER, {"text": part}))
    return out
