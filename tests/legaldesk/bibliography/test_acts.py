"""The item for an act of the repository: printed where its publication text reads as an
issue, else the repository's copy online or on file; and the description it gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from legaldesk.bibliography.acts import act_item, read_publication
from legaldesk.bibliography.gost import describe
from legaldesk.catalogue import ActView

ACT = ActView(
    id=5,
    doc_type="postanovlenie",
    number="№ 312",
    date_adopted=date(2024, 3, 12),
    title="О тарифах на перевозку пассажиров",
    issuer="Администрация Ольховского муниципального района",
    level="municipal",
    status="in_force",
    publication="published",
    publication_reason=None,
    territory=None,
    official_publication=None,
    source_url=None,
    created_at=datetime(2024, 3, 20),
    rubrics=[],
    versions=[],
    text="",
    material="act",
    clipping=None,
)
HEAD = (
    "О тарифах на перевозку пассажиров : постановление администрации Ольховского "
    "муниципального района от 12.03.2024 № 312"
)


@pytest.mark.parametrize(
    "text",
    [
        "газета «Ольховская новь» от 15.03.2024 № 11, с. 3",
        "«Ольховская новь», 15 марта 2024 г., № 11, стр. 3",
        "Опубликовано в газете «Ольховская новь» № 11 (15.03.2024), с. 3",
    ],
)
def test_a_newspaper_publication_is_described_as_printed_there(text: str) -> None:
    item = act_item(replace(ACT, official_publication=text), base_url="https://lib.example.ru")
    assert describe(item) == (
        HEAD + ". – Текст : непосредственный // Ольховская новь. – 2024. – 15 марта. – № 11. "
        "– С. 3."
    )


def test_a_bulletin_with_a_year_and_an_issue() -> None:
    printed = read_publication("Вестник Ольховского района, 2024, № 5, с. 12-14")
    assert printed is not None
    assert (printed.container, printed.issue, printed.page, printed.year) == (
        "Вестник Ольховского района",
        "5",
        "12-14",
        2024,
    )
    assert printed.day is None


@pytest.mark.parametrize(
    "text",
    [
        "Официальный интернет-портал правовой информации (www.pravo.gov.ru), "
        "номер опубликования 0001202403120007",
        "опубликовано на официальном сайте администрации",
        "«Ольховская новь»",  # no year, no issue
        "",
        "«" * 5000,
    ],
)
def test_a_publication_text_that_names_no_issue_is_not_guessed(text: str) -> None:
    assert read_publication(text) is None


def test_without_a_print_publication_the_repository_copy_online() -> None:
    item = act_item(
        replace(ACT, official_publication="номер опубликования 1"),
        base_url="https://lib.example.ru/",
        accessed=date(2024, 4, 1),
    )
    assert describe(item) == (
        HEAD + ". – URL: https://lib.example.ru/documents/5 (дата обращения: 01.04.2024). "
        "– Текст : электронный."
    )


def test_without_an_address_the_repository_file_copy() -> None:
    assert describe(act_item(ACT)) == HEAD + ". – Текст : электронный."


def test_the_stored_genitive_wins() -> None:
    view = replace(ACT, issuer="Глава Лесного сельсовета", doc_type="rasporyazhenie")
    text = describe(act_item(view, genitive="Главы Лесного сельсовета"))
    assert ": распоряжение Главы Лесного сельсовета от 12.03.2024 № 312." in text


def test_laws_name_their_issuer_in_their_kind() -> None:
    federal = replace(
        ACT, doc_type="federalnyi_zakon", issuer="Российская Федерация", number="131-ФЗ"
    )
    assert ": Федеральный закон от 12.03.2024 № 131-ФЗ." in describe(act_item(federal))
    regional = replace(ACT, doc_type="zakon", issuer="Волжский край", number="45-ЗВК")
    assert ": Закон Волжского края от 12.03.2024 № 45-ЗВК." in describe(act_item(regional))


def test_an_act_without_title_or_kind_is_still_described() -> None:
    bare = replace(ACT, title=None, doc_type=None, number=None, date_adopted=None)
    text = describe(act_item(bare))
    assert text == (
        "[Документ администрации Ольховского муниципального района]. – Текст : электронный."
    )
