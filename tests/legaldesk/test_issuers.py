"""The authority file of issuing bodies: spellings matched to bodies (normalised, near ones
proposed), and what librarians do with bodies: rename, confirm, merge."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from legaldesk import reasons
from legaldesk.authority import (
    IssuerError,
    bodies,
    body_page,
    confirm_body,
    merge_bodies,
    update_body,
)
from legaldesk.editing import Changes, save_metadata
from legaldesk.index import SearchQuery
from legaldesk.issuers import (
    NEW,
    NORMALISED,
    PROPOSED,
    VARIANT,
    _edit_distance_within,
    issuer_named,
    match_issuer,
    match_key,
    near,
)
from legaldesk.models import AuditEvent, Change, Document, IssuerVariant, Organization
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.factories import act_text, docx_bytes

BRYANSK = "Брянская городская администрация"
LABELS = Path(__file__).resolve().parents[1] / "data" / "metadata_labels.tsv"


# ---------------------------------------------------------------------------- the key
@pytest.mark.parametrize(
    "spelling",
    [
        "БРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ",
        "Рянская городская администрация",  # OCR lost the first letter
        "Ьрянская городская администрация",
        "Бьрянская городская администрация",
        "Брянская г ородская администрация",  # a space inside a word
        "Брянская  городская\tадминистрация",
        "Брянская городская администрация.",
        "Брянская городская aдминистpация",  # Latin а and р
        "Врянская городская администрация",  # В for Б
    ],
)
def test_ocr_and_typing_variants_share_the_key_of_the_name(spelling: str) -> None:
    assert match_key(spelling) == match_key(BRYANSK)


def test_quotes_dashes_case_ye_and_abbreviations_do_not_count() -> None:
    assert match_key("Администрация МР «Усть-Вымский»") == match_key(
        'администрация муниципального района "Усть Вымский"'
    )
    assert match_key("Правительство РФ") == match_key("Правительство Российской Федерации")
    assert match_key("Совет депутатов Берёзовского поселения") == match_key(
        "Совет депутатов Березовского поселения"
    )


def labelled_issuers() -> list[str]:
    with LABELS.open(encoding="utf-8") as fh:
        return sorted({row["issuer"] for row in csv.DictReader(fh, delimiter="\t")} - {""})


# Bodies the labels spell two ways (the labels keep what each document says).
SAME_BODY = {
    frozenset(
        {"Администрация МР «Койгородский»", "Администрация муниципального района «Койгородский»"}
    ),
    frozenset(
        {
            "Исполнительный комитет Апастовского муниципального района РТ",
            "Исполнительный комитет Апастовского муниципального района Республики Татарстан",
        }
    ),
}


def test_no_two_bodies_of_the_labelled_corpus_are_matched_or_proposed_as_one() -> None:
    """80 bodies of real acts (many districts of one region, a district and a village
    council of one name): only the two bodies the labels spell two ways meet."""
    names = labelled_issuers()
    assert len(names) > 60
    met = {
        frozenset({a, b})
        for a, b in itertools.combinations(names, 2)
        if match_key(a) == match_key(b) or near(a, b)
    }
    assert met == SAME_BODY


def test_near_spellings_are_told_from_other_bodies() -> None:
    assert near(BRYANSK, "Администрация города Брянска") > 0  # the same words, reordered
    assert near(BRYANSK, "Брянская городская админнстрация") > 0  # one misread letter
    assert near("Администрация Асиновского района", "Администрация Асиновского района Томской обл.")
    assert not near("Администрация Асиновского района", "Администрация Шегарского района")
    assert not near("Администрация Кетовского района", "Администрация Кетовского сельсовета")
    assert not near("Администрация Асиновского района", "Совет Асиновского района")


def levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(st.text("абв", max_size=9), st.text("абв", max_size=9), st.integers(0, 3))
def test_the_banded_edit_distance_agrees_with_the_full_one(a: str, b: str, limit: int) -> None:
    assert _edit_distance_within(a, b, limit) == (levenshtein(a, b) <= limit)


# ---------------------------------------------------------------------------- matching
def file(repo: Repository, issuer: str, number: str, name: str | None = None) -> int:
    """Files an act; acts of different numbers differ in date too (not suspected twins)."""
    adopted = date(2024, 3, int(number.split("-")[0]) % 28 + 1)
    text = act_text(number=number, issuer=issuer, adopted=adopted)
    outcome = repo.ingestor("test").ingest(RawFile(text.encode(), name or f"{number}.txt"))
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


def issuer_of(repo: Repository, document_id: int) -> Organization:
    with Session(repo.engine) as session:
        document = session.get(Document, document_id)
        assert document is not None and document.issuer_id is not None
        body = session.get(Organization, document.issuer_id)
        assert body is not None
        return body


def test_spellings_of_one_body_file_their_acts_under_it(repo: Repository) -> None:
    ids = [
        file(repo, "БРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ", "1-п"),
        file(repo, "РЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ", "2-п"),
        file(repo, "ЬРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ", "3-п"),
        file(repo, "БРЯНСКАЯ Г ОРОДСКАЯ АДМИНИСТРАЦИЯ", "4-п"),
        file(repo, "БРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ", "5-п"),
    ]

    with Session(repo.engine) as session:
        (body,) = session.exec(select(Organization)).all()
        spellings = session.exec(
            select(IssuerVariant.spelling).where(IssuerVariant.organization_id == body.id)
        ).all()
        documents = [session.get(Document, i) for i in ids]
    assert body.name == BRYANSK and not body.proposed
    assert len(spellings) == 4  # the name and three misreadings, each once
    assert all(d is not None and d.issuer_id == body.id for d in documents)
    assert all(d is not None and "брянская городская" in (d.act_key or "") for d in documents)


def test_a_near_spelling_makes_a_proposed_body_its_acts_await_review(repo: Repository) -> None:
    kept = file(repo, BRYANSK.upper(), "1-п")
    doubted = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п")
    again = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "3-п")

    proposed = issuer_of(repo, doubted)
    assert proposed.proposed and proposed.name == "Администрация города Брянска"
    assert issuer_of(repo, again).id == proposed.id
    with Session(repo.engine) as session:
        for document_id in (doubted, again):
            document = session.get(Document, document_id)
            assert document is not None and document.needs_review
            (doubt,) = [
                r for r in reasons.load(document.review_reasons) if r.code == "issuer_unsure"
            ]
            assert doubt.proposed == (proposed.id, proposed.name)
            assert doubt.candidates == [(issuer_of(repo, kept).id, BRYANSK)]
        assert "Администрация города Брянска" in reasons.text(document.review_reasons)


def test_a_name_near_nothing_is_a_new_body_of_its_own(repo: Repository) -> None:
    file(repo, BRYANSK.upper(), "1-п")
    other = file(repo, "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ", "2-п")

    assert not issuer_of(repo, other).proposed
    with Session(repo.engine) as session:
        document = session.get(Document, other)
        assert document is not None
        assert "issuer_unsure" not in str(document.review_reasons)


def test_a_librarian_typing_a_filed_issuer_gets_the_same_body(repo: Repository) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    assert outcome.document_id is not None
    with Session(repo.engine) as session:
        filed = session.exec(select(Organization)).one()

    typed = Changes(
        doc_type="postanovlenie",
        number="245-п",
        date_adopted=None,
        title=None,
        issuer="  " + filed.name.upper().replace(" ", "  ") + " ",
        level="unknown",
        status="unknown",
        rubrics=(),
    )
    save_metadata(repo.engine, outcome.document_id, typed, actor="test")

    with Session(repo.engine) as session:
        assert session.exec(select(Organization)).all() == [filed]
        document = session.get(Document, outcome.document_id)
        assert document is not None and document.issuer_id == filed.id


def test_each_way_a_spelling_is_matched(repo: Repository) -> None:
    with Session(repo.engine) as session:
        found = [
            match_issuer(session, spelling, "municipal")
            for spelling in (
                BRYANSK,
                BRYANSK,
                "Рянская городская администрация",
                "Администрация города Брянска",
                "Администрация Заречного сельского поселения",
            )
        ]
        assert [f.how if f else None for f in found] == [NEW, VARIANT, NORMALISED, PROPOSED, NEW]
        assert found[3] is not None and found[0] is not None
        assert found[3].candidates == (found[0].body.id,)


def test_a_name_a_librarian_types_is_never_proposed(repo: Repository) -> None:
    with Session(repo.engine) as session:
        kept = match_issuer(session, BRYANSK, "municipal")
        typed = issuer_named(session, "Администрация города Брянска", "municipal")
        assert kept is not None and typed is not None
        assert typed.id != kept.body.id and not typed.proposed


def test_no_name_is_no_issuer(repo: Repository) -> None:
    with Session(repo.engine) as session:
        assert issuer_named(session, None, "municipal") is None
        assert issuer_named(session, " \t ", "municipal") is None
        assert session.exec(select(Organization)).all() == []


def test_a_law_makes_the_federation_a_federal_body_with_its_territory(repo: Repository) -> None:
    text = (
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nФЕДЕРАЛЬНЫЙ ЗАКОН\nО погребении и похоронном деле\n"
        "Статья 1. Задачи\nТекст.\nПрезидент Российской Федерации\nБ.Ельцин\nМосква, Кремль\n"
        "12 января 1996 года\nN 8-ФЗ\n"
    )
    outcome = repo.ingestor("test").ingest(RawFile(text.encode(), "8-fz.txt"))
    assert outcome.document_id is not None

    body = issuer_of(repo, outcome.document_id)
    assert (body.name, body.level, body.territory) == (
        "Российская Федерация",
        "federal",
        "Российская Федерация",
    )


# ---------------------------------------------------------------------------- librarians
def changes_of(repo: Repository, document_id: int) -> list[str]:
    with Session(repo.engine) as session:
        rows = session.exec(
            select(Change.kind).where(Change.document_id == document_id).order_by(col(Change.id))
        ).all()
        return list(rows)


def audit_actions(repo: Repository) -> list[str]:
    with Session(repo.engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all())


def test_merging_moves_the_acts_and_keeps_the_names(repo: Repository) -> None:
    repo.init()
    kept = file(repo, BRYANSK.upper(), "1-п")
    doubted = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п")
    into, merged = issuer_of(repo, kept), issuer_of(repo, doubted)
    assert into.id is not None and merged.id is not None

    moved = merge_bodies(repo.engine, merged.id, into.id, actor="test")
    repo.update_index()

    assert moved == 1
    assert issuer_of(repo, doubted).id == into.id
    with Session(repo.engine) as session:
        assert session.get(Organization, merged.id) is None
        document = session.get(Document, doubted)
        assert document is not None
        assert document.act_key is not None and BRYANSK.lower() in document.act_key
        assert not document.needs_review  # the body was its only doubt
        assert issuer_named(session, "Администрация города Брянска", None) == into
    assert changes_of(repo, doubted)[-1] == "metadata_changed"
    assert audit_actions(repo)[-1] == "issuers_merged"
    page = search_documents(repo.engine, repo.index, SearchQuery(issuers=(BRYANSK,)))
    assert sorted(h.id for h in page.hits) == sorted([kept, doubted])
    assert page.facets["issuer"] == {BRYANSK: 2}


def test_merging_two_filings_of_one_act_leaves_them_for_an_act_merge(repo: Repository) -> None:
    first = file(repo, BRYANSK.upper(), "7-п", "a.txt")
    second = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "7-п", "b.txt")
    into, merged = issuer_of(repo, first).id, issuer_of(repo, second).id
    assert into is not None and merged is not None

    merge_bodies(repo.engine, merged, into, actor="test")

    with Session(repo.engine) as session:
        document = session.get(Document, second)
        assert document is not None
        assert document.act_key is None and document.needs_review
        assert first in reasons.duplicate_ids(document.review_reasons)


def test_confirming_a_proposed_body_releases_its_acts(repo: Repository) -> None:
    file(repo, BRYANSK.upper(), "1-п")
    doubted = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п")
    body = issuer_of(repo, doubted)
    assert body.id is not None

    released = confirm_body(repo.engine, body.id, actor="test")

    assert released == 1
    assert not issuer_of(repo, doubted).proposed
    with Session(repo.engine) as session:
        document = session.get(Document, doubted)
        assert document is not None and not document.needs_review
    assert changes_of(repo, doubted) == ["filed", "reviewed"]
    assert audit_actions(repo)[-1] == "issuer_confirmed"
    with pytest.raises(IssuerError, match="not a proposed body"):
        confirm_body(repo.engine, body.id, actor="test")


def test_renaming_keeps_the_old_name_and_the_index_follows(repo: Repository) -> None:
    repo.init()
    document_id = file(repo, "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ", "1-п")
    body = issuer_of(repo, document_id)
    assert body.id is not None
    new_name = "Администрация Заречного сельского поселения Энского района"

    changed = update_body(
        repo.engine, body.id, new_name, "Зареченская", "municipal", "Энский район", "test"
    )
    repo.update_index()

    assert changed == ["name", "short_name", "territory"]
    (listed,) = bodies(repo.engine)
    assert (listed.name, listed.short_name, listed.acts) == (new_name, "Зареченская", 1)
    assert listed.variants == ["Администрация Заречного сельского поселения"]
    assert changes_of(repo, document_id)[-1] == "metadata_changed"
    with Session(repo.engine) as session:
        document = session.get(Document, document_id)
        assert document is not None and (document.act_key or "").endswith(new_name.lower())
    hits = search_documents(repo.engine, repo.index, SearchQuery(issuers=(new_name,))).hits
    assert [h.id for h in hits] == [document_id]
    before = SearchQuery(issuers=("Администрация Заречного сельского поселения",))
    old = search_documents(repo.engine, repo.index, before)
    assert [h.id for h in old.hits] == [document_id]  # a link made before the rename


def test_a_name_of_another_body_is_refused_for_a_merge(repo: Repository) -> None:
    file(repo, BRYANSK.upper(), "1-п")
    other = issuer_of(repo, file(repo, "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ", "2-п"))
    assert other.id is not None

    with pytest.raises(IssuerError, match="merge the two bodies"):
        update_body(
            repo.engine, other.id, "Рянская городская администрация", None, "municipal", None, "t"
        )
    with pytest.raises(IssuerError, match="unknown level"):
        update_body(repo.engine, other.id, other.name, None, "galactic", None, "t")
    with pytest.raises(IssuerError, match="into itself"):
        merge_bodies(repo.engine, other.id, other.id, "t")
    assert issuer_of(repo, 2).name == other.name


def test_a_proposed_body_page_offers_its_candidates(repo: Repository) -> None:
    kept = issuer_of(repo, file(repo, BRYANSK.upper(), "1-п"))
    doubted = issuer_of(repo, file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п"))
    assert doubted.id is not None

    page = body_page(repo.engine, doubted.id)

    assert page is not None and page.body.proposed
    assert [c.name for c in page.candidates] == [kept.name]
    assert page.others == [(kept.id, kept.name)]
    assert [b.name for b in bodies(repo.engine)] == [doubted.name, kept.name]  # proposed first
    assert body_page(repo.engine, 999) is None


def test_acts_of_one_body_are_found_by_any_spelling_of_it(repo: Repository) -> None:
    repo.init()
    first = file(repo, BRYANSK.upper(), "1-п")
    second = file(repo, "ЬРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ", "2-п")
    repo.update_index()

    for spelling in (
        BRYANSK,
        "Ьрянская городская администрация",
        "БРЯНСКАЯ Г ОРОДСКАЯ АДМИНИСТРАЦИЯ",
    ):
        page = search_documents(repo.engine, repo.index, SearchQuery(issuers=(spelling,)))
        assert sorted(h.id for h in page.hits) == [first, second], spelling
        assert page.facets["issuer"] == {BRYANSK: 2}
