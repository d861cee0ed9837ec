"""The Atom writer: valid Atom whatever the values hold, dates with their offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from legaldesk.feeds.atom import Entry, Feed, newest, render
from tests.legaldesk.feeds.schema import ATOM, assert_atom

MOSCOW = timezone(timedelta(hours=3))
FILED = datetime(2024, 3, 12, 9, 30, tzinfo=MOSCOW)
CHANGED = datetime(2024, 4, 1, 8, 0, 5, 123456, tzinfo=UTC)


def entry(**given: object) -> Entry:
    values: dict[str, object] = {
        "id": "https://pravo.example/documents/7",
        "title": "Постановление от 12.03.2024 № 245-п",
        "link": "https://pravo.example/documents/7",
        "updated": CHANGED,
        "published": FILED,
        "summary": "Дата принятия: 12 марта 2024 г.",
        "authors": ("Администрация Заречного сельского поселения",),
        "categories": ("Бюджет и налоги", "Земля и имущество"),
    }
    values.update(given)
    return Entry(**values)  # type: ignore[arg-type]


def feed(entries: list[Entry], **given: object) -> Feed:
    values: dict[str, object] = {
        "id": "https://pravo.example/new.atom",
        "title": "Новые правовые акты",
        "self_link": "https://pravo.example/new.atom",
        "alternate_link": "https://pravo.example/new",
        "updated": newest(entries, FILED),
        "entries": entries,
    }
    values.update(given)
    return Feed(**values)  # type: ignore[arg-type]


def test_a_feed_is_valid_atom_with_every_field_in_its_place() -> None:
    root = assert_atom(render(feed([entry()], subtitle="Рубрика: Бюджет и налоги")))

    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert root.findtext(f"{ATOM}subtitle") == "Рубрика: Бюджет и налоги"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://pravo.example/new.atom",
        "alternate": "https://pravo.example/new",
    }
    item = root.find(f"{ATOM}entry")
    assert item is not None
    assert item.findtext(f"{ATOM}published") == "2024-03-12T09:30:00+03:00"
    assert item.findtext(f"{ATOM}updated") == "2024-04-01T08:00:05+00:00"
    assert [c.get("term") for c in item.findall(f"{ATOM}category")] == [
        "Бюджет и налоги",
        "Земля и имущество",
    ]
    assert (
        item.findtext(f"{ATOM}author/{ATOM}name") == "Администрация Заречного сельского поселения"
    )
    assert root.findtext(f"{ATOM}updated") == "2024-04-01T08:00:05+00:00"  # the newest entry's


def test_hostile_titles_are_escaped_and_control_characters_dropped() -> None:
    title = 'О <script>alert("1")</script> & «тарифах»\x00\x0b\x0c\x1b\ud800\ufffe'
    hostile = entry(
        title=title,
        summary="a < b && c > d\x07",
        authors=("ООО «Рога & Копыта» <b>",),
        categories=("Тарифы\x01 & <цены>",),
        link='https://pravo.example/documents/7?a=1&b="2"',
    )

    document = render(feed([hostile], title="Лента <&>\x08"))
    root = assert_atom(document)

    assert b"<script>" not in document
    item = root.find(f"{ATOM}entry")
    assert item is not None
    assert item.findtext(f"{ATOM}title") == 'О <script>alert("1")</script> & «тарифах»'
    assert item.findtext(f"{ATOM}summary") == "a < b && c > d"
    assert item.findtext(f"{ATOM}author/{ATOM}name") == "ООО «Рога & Копыта» <b>"
    assert item.find(f"{ATOM}category").get("term") == "Тарифы & <цены>"  # type: ignore[union-attr]
    assert item.find(f"{ATOM}link").get("href") == 'https://pravo.example/documents/7?a=1&b="2"'  # type: ignore[union-attr]
    assert root.findtext(f"{ATOM}title") == "Лента <&>"


def test_the_output_is_utf8_with_its_declaration() -> None:
    document = render(feed([entry()]))

    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "Бюджет и налоги".encode() in document


def test_an_empty_feed_is_valid_names_its_author_and_keeps_the_time_given() -> None:
    root = assert_atom(render(feed([])))

    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Новые правовые акты"
    assert root.findtext(f"{ATOM}updated") == "2024-03-12T09:30:00+03:00"


def test_entries_without_an_author_leave_the_feed_to_name_one() -> None:
    root = assert_atom(render(feed([entry(), entry(id="urn:x:2", authors=(), summary=None)])))

    assert len(root.findall(f"{ATOM}author")) == 1
    second = root.findall(f"{ATOM}entry")[1]
    assert second.find(f"{ATOM}summary") is None and second.find(f"{ATOM}author") is None


def test_every_entry_author_present_means_no_feed_author() -> None:
    root = assert_atom(render(feed([entry()])))

    assert root.findall(f"{ATOM}author") == []


def test_a_naive_date_is_refused_not_written_without_its_offset() -> None:
    with pytest.raises(ValueError, match="naive"):
        render(feed([entry(updated=datetime(2024, 3, 12, 9, 30))]))


def test_the_schema_tells_a_broken_feed() -> None:
    """The check the other tests lean on fails where it should (a date without its time)."""
    document = render(feed([entry()])).replace(b"2024-03-12T09:30:00+03:00", b"2024-03-12")

    with pytest.raises(AssertionError):
        assert_atom(document)
    etree.fromstring(document)  # well formed all the same: only the schema objects
