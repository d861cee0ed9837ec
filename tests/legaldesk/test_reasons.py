"""Why a document awaits review, stored as codes with parameters and read back whole."""

from __future__ import annotations

from legaldesk import reasons
from legaldesk.reasons import Reason, duplicate_of, parser_unsure


def test_reasons_round_trip_through_what_the_document_stores() -> None:
    found = [Reason(reasons.NEEDS_OCR), parser_unsure(["date", "number"]), duplicate_of([4, 7])]

    stored = reasons.dump(found)

    assert stored == [
        {"code": "needs_ocr"},
        {"code": "parser_unsure", "missing": ["date", "number"]},
        {"code": "duplicate_of", "acts": [4, 7]},
    ]
    assert reasons.load(stored) == found
    assert reasons.duplicate_ids(stored) == [4, 7]
    assert reasons.dump([]) is None


def test_the_english_text_is_made_from_the_codes() -> None:
    stored = reasons.dump([parser_unsure(["type", "title"]), Reason(reasons.DRAFT)])

    assert reasons.text(stored) == "parser unsure: no type, title; draft"


def test_text_stored_before_reasons_were_data_is_read_back_once() -> None:
    legacy = "needs OCR; parser unsure: no date, number; draft; possible duplicate: act 4, 7; odd"

    assert reasons.from_legacy(legacy) == [
        Reason(reasons.NEEDS_OCR),
        parser_unsure(["date", "number"]),
        Reason(reasons.DRAFT),
        duplicate_of([4, 7]),
        Reason(reasons.OTHER, {"text": "odd"}),
    ]
    assert reasons.from_legacy(None) == []


def test_an_unknown_or_broken_stored_reason_is_shown_not_lost() -> None:
    loaded = reasons.load([{"code": "status_changed", "by": 12}, "plain", {"no": "code"}])

    assert [r.code for r in loaded] == ["status_changed", "other", "other"]
    assert loaded[0].message() == "status_changed"
    assert loaded[1].message() == "plain"


def test_an_unsure_issuer_keeps_the_bodies_it_names_and_is_settled_by_body() -> None:
    doubt = reasons.issuer_unsure((7, "Администрация города Брянска"), [(3, "Брянская ГА")])
    stored = reasons.dump([Reason(reasons.DRAFT), doubt])

    (_, loaded) = reasons.load(stored)
    assert loaded.proposed == (7, "Администрация города Брянска")
    assert loaded.candidates == [(3, "Брянская ГА")]
    assert reasons.text(stored) == (
        "draft; new issuing body Администрация города Брянска proposed, near Брянская ГА"
    )
    assert reasons.without_issuer_unsure(stored, 8) == reasons.load(stored)
    assert reasons.without_issuer_unsure(stored, 7) == [Reason(reasons.DRAFT)]
