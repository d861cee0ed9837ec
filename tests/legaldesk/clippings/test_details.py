"""A clipping's fields as librarians type them: cleaned, checked with a reason, described
as a CSL-JSON newspaper article."""

from __future__ import annotations

from datetime import date

import pytest

from legaldesk.clippings import ClippingError, clipping_details
from legaldesk.clippings.csl import clipping_item, csl_name
from legaldesk.clippings.details import split_authors


def test_fields_are_cleaned() -> None:
    found = clipping_details(
        source_name="  Заречные   вести ",
        headline="Тарифы на воду\nизменятся с 1 июля",
        issued="2024-03-20",
        issue="№ 12 (10234)",
        pages="с. 3—4",
        authors=["М. Иванова", " "],
    )
    assert found.source_name == "Заречные вести"
    assert found.headline == "Тарифы на воду изменятся с 1 июля"
    assert (found.issue, found.pages, found.issued) == ("12 (10234)", "3-4", date(2024, 3, 20))
    assert found.authors == ("М. Иванова",)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source_name": " "}, "give the newspaper or site"),
        ({"headline": ""}, "give the headline"),
        ({"issued": "31.02.2024"}, "give the date of the issue"),
        ({"issued": "вчера"}, "give the date of the issue"),
        ({"issued": "01.01.1200"}, "out of range"),
        ({"pages": "три"}, "pages are not like"),
        ({"source_kind": "radio"}, "unknown kind of source"),
        ({"url": "javascript:alert(1)"}, "not a web address"),
        ({"headline": "я" * 5000}, "longer than 1000"),
        ({"authors": ";".join(f"Автор {n}" for n in range(30))}, "more than 20 authors"),
    ],
)
def test_what_cannot_be_filed_is_refused_with_its_reason(
    changes: dict[str, str], message: str
) -> None:
    given = {"source_name": "Вести", "headline": "Заголовок", "issued": "20.03.2024", **changes}
    with pytest.raises(ClippingError) as refused:
        clipping_details(**given)
    assert message in str(refused.value)


def test_authors_are_split_as_bylines_write_them() -> None:
    assert split_authors("М. Иванова, П. Сидоров") == ("М. Иванова", "П. Сидоров")
    assert split_authors("Иванова, М. П.; Сидоров П.") == ("Иванова М. П.", "Сидоров П.")


@pytest.mark.parametrize(
    ("name", "csl"),
    [
        ("Иванова М. П.", {"family": "Иванова", "given": "М. П."}),
        ("М.П. Иванова", {"family": "Иванова", "given": "М.П."}),
        ("Ольга ВОРОНИНА", {"family": "Воронина", "given": "Ольга"}),
        ("Воронина Ольга Петровна", {"family": "Воронина", "given": "Ольга Петровна"}),
        ("Пресс-служба администрации", {"literal": "Пресс-служба администрации"}),
    ],
)
def test_names_for_csl(name: str, csl: dict[str, str]) -> None:
    assert csl_name(name) == csl


def test_a_clipping_is_a_csl_newspaper_article() -> None:
    details = clipping_details(
        source_name="Заречные вести",
        headline="Тарифы на воду изменятся с 1 июля",
        issued="20.03.2024",
        issue="12",
        pages="3-4",
        authors="М. Иванова",
    )
    item = clipping_item(details, item_id=7)
    assert item == {
        "id": "7",
        "type": "article-newspaper",
        "title": "Тарифы на воду изменятся с 1 июля",
        "container-title": "Заречные вести",
        "language": "ru",
        "author": [{"family": "Иванова", "given": "М."}],
        "issue": "12",
        "issued": {"date-parts": [[2024, 3, 20]]},
        "page": "3-4",
    }
    online = clipping_details(
        source_name="Новости района",
        source_kind="site",
        headline="Заголовок",
        issued=date(2024, 3, 20),
        url="https://news.example.ru/1",
    )
    item = clipping_item(online)
    assert item["URL"] == "https://news.example.ru/1" and item["medium"] == "site"
    assert "author" not in item and "page" not in item
    assert item["id"] == clipping_item(online)["id"]  # stable without an id given
