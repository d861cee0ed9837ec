"""The library's thesaurus in the database: it starts with the shipped entries, an
administrator's text replaces it all or not at all, with an audit event, and every search
sees an edit at once."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from legaldesk import thesaurus
from legaldesk.models import AuditEvent
from legaldesk.repository import Repository


def test_it_starts_with_the_shipped_entries(repo: Repository) -> None:
    entries = {e.key: e.phrases for e in thesaurus.entries(repo.engine)}

    assert "коммунальные услуги" in entries["коммуналка"]
    assert entries["131-фз"][0].startswith("Об общих принципах организации местного")
    assert len(entries) > 50


def test_a_text_replaces_the_thesaurus_and_is_audited(repo: Repository) -> None:
    saved = thesaurus.save(
        repo.engine, "коммуналка = коммунальные услуги\nдетсад\tдетский сад\n", "web:admin"
    )

    entries = thesaurus.entries(repo.engine)
    assert [e.key for e in entries] == ["коммуналка", "детсад"]
    assert saved.added == 0 and saved.changed == 2 and saved.removed > 50  # both shipped
    assert thesaurus.as_text(repo.engine) == (
        "коммуналка = коммунальные услуги\nдетсад = детский сад\n"
    )
    with Session(repo.engine) as session:
        event = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "thesaurus_changed")
        ).one()
    assert event.actor == "web:admin" and "мусор" in event.detail["removed"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("коммуналка коммунальные услуги", "line 1: write «word = phrase; phrase»"),
        ("детсад = детский сад\nДетсад = садик", "line 2: «детсад» is given twice"),
        ("а = " + "; ".join(f"ф{i}" for i in range(9)), "line 1: at most 5 phrases"),
        ("\n\nключ =", "line 3: write"),
    ],
)
def test_a_text_with_an_error_changes_nothing(repo: Repository, text: str, message: str) -> None:
    before = thesaurus.entries(repo.engine)

    with pytest.raises(thesaurus.ThesaurusError) as raised:
        thesaurus.save(repo.engine, text, "web:admin")

    assert str(raised.value.args[0]).startswith(message)
    assert thesaurus.entries(repo.engine) == before


def test_shipped_entries_the_library_lacks_are_offered_and_taken_by_choice(
    repo: Repository,
) -> None:
    """A library's copy made from an older LegalDesk lacks the newer shipped entries: they
    are listed, and the chosen ones are added after the library's own, which stay as the
    library edited them."""
    thesaurus.save(repo.engine, "коммуналка = квартплата\nлесхоз = лесничество\n", "web:admin")
    offered = {e.key for e in thesaurus.not_adopted(repo.engine)}
    assert "коммуналка" not in offered  # the library holds it, edited: not offered back
    assert {"детсад", "мусор", "131-фз"} <= offered

    saved = thesaurus.adopt_shipped(repo.engine, ["детсад", "Мусор", "коммуналка"], "web:admin")

    entries = {e.key: e.phrases for e in thesaurus.entries(repo.engine)}
    assert saved.added == 2
    assert list(entries)[:2] == ["коммуналка", "лесхоз"]  # own entries first, unchanged
    assert entries["коммуналка"] == ("квартплата",)
    assert "детский сад" in entries["детсад"] and entries["мусор"]
    assert {"детсад", "мусор"}.isdisjoint(e.key for e in thesaurus.not_adopted(repo.engine))
    with Session(repo.engine) as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "thesaurus_changed")
        ).all()
    assert events[-1].detail["from_shipped"] == ["детсад", "мусор"]
    assert thesaurus.adopt_shipped(repo.engine, ["детсад"], "web:admin").added == 0
