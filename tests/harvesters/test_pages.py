"""What a listing row or link says about the act it links to."""

from __future__ import annotations

from legaldesk.harvesters.pages import decode_page, listing_hints


def test_link_text_in_the_usual_spelling() -> None:
    hints = listing_hints(
        "Постановление от 12.03.2024 № 245-п «О внесении изменений в муниципальную программу» "
        "(pdf, 120 Кб)"
    )

    assert hints == {
        "doc_type": "postanovlenie",
        "date": "2024-03-12",
        "number": "245-п",
        "title": "О внесении изменений в муниципальную программу",
    }


def test_table_row_cells() -> None:
    cells = ["12.03.2024", "245-п", "О тарифах на холодную воду"]

    hints = listing_hints(" ".join(cells), cells)

    assert hints["number"] == "245-п"
    assert hints["date"] == "2024-03-12"
    assert hints["title"] == "О тарифах на холодную воду"


def test_date_in_words_and_a_council_decision() -> None:
    hints = listing_hints(
        "Решение Совета депутатов от 5 марта 2024 г. № 12/3-рс Об утверждении бюджета"
    )

    assert hints["doc_type"] == "reshenie"
    assert hints["date"] == "2024-03-05"
    assert hints["number"] == "12/3-рс"
    assert hints["title"] == "Об утверждении бюджета"


def test_the_type_is_the_act_the_row_names_first_not_one_its_title_cites() -> None:
    hints = listing_hints("Решение от 05.03.2024 № 12 Об отмене постановления от 01.02.2020 № 7")

    assert hints["doc_type"] == "reshenie"


def test_type_words_in_other_cases_and_words_that_only_look_like_them() -> None:
    assert listing_hints("Указом Губернатора от 01.02.2024 № 7")["doc_type"] == "ukaz"
    assert listing_hints("Протокол публичных слушаний")["doc_type"] == "protokol"
    assert "doc_type" not in listing_hints("Об указанных сроках и разрешении на строительство")
    assert "doc_type" not in listing_hints("О порядке рассмотрения письменных обращений")


def test_an_empty_number_cell_leaves_the_number_to_the_document() -> None:
    cells = ["12.03.2024", "", "О внесении изменений в постановление от 01.02.2020 № 45-п"]

    hints = listing_hints(" ".join(cells), cells)

    # The title cites another act: its date and number are not this act's.
    assert hints == {
        "date": "2024-03-12",
        "title": "О внесении изменений в постановление от 01.02.2020 № 45-п",
    }


def test_a_link_text_citing_an_act_gives_only_its_own_date_and_number() -> None:
    hints = listing_hints(
        "Постановление от 12.03.2024 № 245-п «О внесении изменений в постановление "
        "от 01.02.2020 № 45-п «О тарифах»»"
    )

    assert (hints["date"], hints["number"]) == ("2024-03-12", "245-п")
    assert hints["title"].endswith("№ 45-п «О тарифах»")


def test_a_link_text_that_is_a_file_name_says_nothing() -> None:
    for text in ("scan_0001.pdf", "1710241234567.pdf", "Постановление 245-п от 12.03.2024.pdf"):
        assert listing_hints(text) == {}
        assert listing_hints(text, ["12.03.2024", "", text]) == {"date": "2024-03-12"}


def test_words_of_a_title_are_not_the_acts_type() -> None:
    cells = ["12.03.2024", "245-п", "Об утверждении Положения о порядке выдачи разрешений"]

    assert "doc_type" not in listing_hints(" ".join(cells), cells)
    assert listing_hints("x", ["Постановление", *cells])["doc_type"] == "postanovlenie"


def test_a_bare_download_link_says_nothing() -> None:
    assert listing_hints("Скачать") == {}


def test_a_windows_1251_page_without_a_header_charset() -> None:
    page = "<html><head><meta charset=windows-1251></head><body>Постановления</body></html>"

    assert "Постановления" in decode_page(page.encode("cp1251"))


def test_the_header_charset_wins_over_guessing() -> None:
    assert decode_page("Решение".encode("koi8-r"), "text/html; charset=KOI8-R") == "Решение"
