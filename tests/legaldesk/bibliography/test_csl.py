"""Reading CSL-JSON: one item or a list, the note's «key: value» lines, and every bad item
refused with a reason instead of a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legaldesk.bibliography import csl
from legaldesk.bibliography.gost import DescriptionError, describe

ARTICLE = {
    "type": "article-newspaper",
    "title": "Заметка",
    "container-title": "Лесные вести",
    "issued": "2024-05-08",
}


def test_one_item_or_a_list() -> None:
    assert csl.load(json.dumps(ARTICLE)) == [ARTICLE]
    assert csl.load(json.dumps([ARTICLE, ARTICLE])) == [ARTICLE, ARTICLE]


@pytest.mark.parametrize("text", ["", "{", "42", '"строка"', "null"])
def test_what_is_not_csl_json_is_refused(text: str) -> None:
    with pytest.raises(DescriptionError):
        csl.load(text)


def test_too_large_an_input_is_refused_before_parsing() -> None:
    with pytest.raises(DescriptionError, match="слишком большой"):
        csl.load(" " * (csl.MAX_INPUT + 1))


def test_the_note_fills_csl_variables_and_carries_the_extra_fields() -> None:
    item = {
        "type": "legislation",
        "title": "О тарифах",
        "genre": "постановление",
        "issued": "2024-03-12",
        "container-title": "Ольховская новь",
        "note": "available-date: 2024-03-15\nЛюбой текст без ключа\nrevision: текст с изменениями",
    }
    text = describe(item)
    assert "– 2024. – 15 марта." in text
    assert ": текст с изменениями." in text


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"type": "thesis", "title": "Т"}, "не описывается"),
        ({"title": "Т"}, "нет типа"),
        ({"type": "book"}, "нет заглавия"),
        ({"type": "legislation", "title": "О тарифах"}, "не указан вид акта"),
        ({**ARTICLE, "issued": "2024-02-30"}, "нет в календаре"),
        ({**ARTICLE, "issued": {"date-parts": [["весна"]]}}, "не дата"),
        ({**ARTICLE, "URL": "https://example.ru/a"}, "дата обращения"),
        ({**ARTICLE, "URL": "https://example.ru/a b", "accessed": "2024-05-09"}, "пробел"),
        ({**ARTICLE, "author": "Иванов"}, "списком имён"),
        ({**ARTICLE, "author": [{"given": "Иван"}]}, "нет фамилии"),
        ({**ARTICLE, "title": ["список"]}, "строкой"),
        ({"type": "periodical", "title": "Вестник"}, "ни номера"),
        ([1, 2], "не объект"),
    ],
)
def test_an_item_that_cannot_be_described_says_why(item: Any, reason: str) -> None:
    with pytest.raises(DescriptionError, match=reason):
        describe(item)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(
    [
        "type",
        "title",
        "author",
        "issued",
        "accessed",
        "URL",
        "container-title",
        "genre",
        "authority",
        "number",
        "issue",
        "page",
        "note",
        "available-date",
        "publisher",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*csl.TYPES, "thesis", ""]),
    fields=st.dictionaries(_keys, _json, max_size=8),
)
def test_any_item_gives_a_description_or_a_reason(kind: str, fields: dict[str, Any]) -> None:
    item = {"type": kind, **fields}
    try:
        text = describe(item)
    except DescriptionError as exc:
        assert str(exc)
    else:
        assert text.endswith(".") and "\n" not in text
