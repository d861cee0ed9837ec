"""Grouping and numbering: level, then kind in a reader's order, then date or alphabet; one
run of numbers through every group."""

from __future__ import annotations

from legaldesk.lists.grouping import Group, Grouping, SortBy, group, kind_of, level_of
from tests.legaldesk.lists.items import act, title

ITEMS = [
    act("Об оплате жилья", "municipal", "postanovlenie", (2024, 3, 1)),
    act("О бюджете", "municipal", "reshenie", (2024, 2, 20)),
    act("Об уличном освещении", "municipal", "postanovlenie", (2024, 3, 14)),
    act("О местном самоуправлении", "federal", "federalnyi_zakon", (2003, 10, 6)),
    act("О статусе поселений", "regional", "zakon", (2010, 5, 5)),
    act("Аренда земли", "municipal", "postanovlenie", None),
    act("Без уровня", "nonsense", "rasporyazhenie", (2024, 1, 1)),
    {"type": "article-newspaper", "title": "Тарифы растут", "issued": {"date-parts": [[2024]]}},
]


def flat(groups: list[Group]) -> list[tuple[int, str]]:
    return [(e.n, e.text) for g in groups for e in g.entries]


def test_levels_then_kinds_then_newest_first_numbered_straight_through() -> None:
    groups = group(ITEMS, title)

    assert [(g.heading, g.subheading) for g in groups] == [
        ("Федеральные акты", "Федеральные законы"),
        ("Региональные акты", "Законы"),
        ("Муниципальные акты", "Постановления"),
        ("Муниципальные акты", "Решения"),
        ("Акты, уровень которых не указан", "Распоряжения"),
        ("Другие источники", "Статьи"),
    ]
    assert flat(groups) == [
        (1, "О местном самоуправлении"),
        (2, "О статусе поселений"),
        (3, "Об уличном освещении"),  # 14 March before 1 March
        (4, "Об оплате жилья"),
        (5, "Аренда земли"),  # undated: last of its kind
        (6, "О бюджете"),
        (7, "Без уровня"),
        (8, "Тарифы растут"),
    ]


def test_oldest_first_and_alphabet_are_choices() -> None:
    oldest = flat(group(ITEMS, title, Grouping(oldest_first=True)))
    assert [t for _, t in oldest][2:5] == [
        "Об оплате жилья",
        "Об уличном освещении",
        "Аренда земли",
    ]
    by_name = flat(group(ITEMS, title, Grouping(sort=SortBy.ALPHABET)))
    assert [t for _, t in by_name][2:5] == [
        "Аренда земли",
        "Об оплате жилья",
        "Об уличном освещении",
    ]


def test_an_ungrouped_list_is_one_run_without_headings() -> None:
    groups = group(ITEMS, title, Grouping(by_level=False, by_kind=False, sort=SortBy.ALPHABET))
    assert len(groups) == 1 and groups[0].heading is None and groups[0].subheading is None
    texts = [e.text for e in groups[0].entries]
    assert texts == sorted(texts, key=lambda t: t.casefold().replace("ё", "е"))
    assert [e.n for e in groups[0].entries] == list(range(1, len(ITEMS) + 1))


def test_the_kind_is_read_from_the_genre_when_no_code_is_given() -> None:
    item = {"type": "legislation", "genre": "Областной  закон", "title": "x"}
    assert kind_of(item) == "zakon" and level_of(item) == "unknown"
    assert kind_of({"type": "legislation", "genre": "постановление"}) == "postanovlenie"
    assert kind_of({"type": "legislation", "genre": "циркуляр"}) == "other"
    assert kind_of({"type": "webpage"}) == "webpage" and level_of({"type": "book"}) == "sources"


def test_nothing_to_list_is_no_group() -> None:
    assert group([], title) == []
