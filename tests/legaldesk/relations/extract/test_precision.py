"""The classes of error the first held-out split showed (docs/references.md), each on real
sentences of the corpus: a number a text layer broke over a line, «( в редакции … )» inside an
unclosed title, and the act's own appendix header when its own number is unknown or its date
is a slip."""

from __future__ import annotations

import datetime as dt

from legaldesk.relations.extract import extract

D = dt.date


def keys(text: str, **own: object) -> list[tuple[str, str | None, dt.date | None]]:
    return [(r.role, r.number, r.date) for r in extract(text, **own)]  # type: ignore[arg-type]


# bryansk/4.pdf, a PDF text layer
def test_a_number_broken_after_its_dash_is_one_number() -> None:
    text = (
        "8 - 9. Исключен. - Постановление Брянской городской администрации от 12.05.2020 N 1164-\n"
        "п.\n"
        "7. Надписи на памятниках и надмогильных сооружениях должны соответствовать сведениям\n"
    )
    assert keys(text) == [("cites", "1164-п", D(2020, 5, 12))]
    text = (
        "(абзац введен Постановлением Брянской городской администрации от 12.05.2020 N 1164-п "
        "(ред.\n19.05.2020))\n- абзац исключен. - Постановление Брянской городской администрации "
        "от 12.05.2020 N\n1164-п;\n"
    )
    assert {k[1] for k in keys(text)} == {"1164-п"}


# rurebus/35339011065040000761006_13.txt writes «в соответствии с 44 - ФЗ от 05.04.2013 г.»
def test_a_federal_law_number_without_its_sign_broken_after_its_dash() -> None:
    text = "закупки осуществляются в соответствии с 44 -\nФЗ от 05.04.2013 г. и иными актами"
    assert keys(text) == [("cites", "44-ФЗ", D(2013, 4, 5))]


def test_a_dash_ending_a_line_joins_no_word_and_no_list_item() -> None:
    assert keys("постановлением администрации от 26.12.2018 № 12-\n1. Настоящее постановление") == [
        ("cites", "12", D(2018, 12, 26))
    ]
    found = extract("постановлением администрации от 26.12.2018 № 12 -\nпостановление вступает")
    assert [r.number for r in found] == ["12"]


# rurebus/31339071037000408048019_10.txt, a repeal list
_REPEALED_AMENDMENT = (
    "от 24.03.2015 № 329 « О внесении изменений в постановление Администрации Колпашевского "
    "района от 30.10.2014 № 1266 « Об утверждении муниципальной программы « Медицинские кадры "
    "на 2015-2017 годы »{close} ( в редакции постановления Администрации Колпашевского района "
    "от 12.12.2014 № 1521 ) ;\n"
)


def test_an_edition_bracket_inside_an_unclosed_title_is_part_of_the_title() -> None:
    text = (
        "Признать утратившими силу следующие постановления Администрации Колпашевского района :\n"
        + _REPEALED_AMENDMENT.format(close="")
    )
    (ref,) = extract(text)
    assert (ref.role, ref.number, ref.date) == ("repeals", "329", D(2015, 3, 24))
    assert ref.title is not None and ref.title.endswith("от 12.12.2014 № 1521 )")


def test_an_edition_bracket_after_a_title_taken_as_closed_cites() -> None:
    # «» »»: the title's last two quotes written as one — the bracket is outside, as labelled
    text = (
        "Признать утратившими силу следующие постановления Администрации Колпашевского района :\n"
        + _REPEALED_AMENDMENT.format(close=" »")
    )
    assert keys(text) == [("repeals", "329", D(2015, 3, 24)), ("cites", "1521", D(2014, 12, 12))]


def test_an_edition_bracket_after_an_unclosed_title_naming_no_act_cites() -> None:
    # rurebus/31339011021101055205013_11.txt: the bracket tells the amended act's own wording
    text = (
        "Внести в постановление администрации МР « Усть - Вымский » от 20.12.2013 № 871 « Об "
        "утверждении муниципальной программы « Развитие культуры » ( в редакции постановления "
        "от 19.11.2018 № 622 ) следующие изменения :"
    )
    assert keys(text) == [("amends", "871", D(2013, 12, 20)), ("cites", "622", D(2018, 11, 19))]


# rurebus/31339361025602669828056_25.txt: the heading is lost, the text starts with the preamble
_HEADLESS = (
    "В соответствии с постановлением администрации Переволоцкого района от 27.11.2015 № 1137-п "
    "«Об утверждении Порядка разработки, реализации и оценки эффективности муниципальных "
    "программ Переволоцкого района Оренбургской области»:\n"
    "1.Утвердить  муниципальную программу «Безопасность жизнедеятельности населения "
    "Переволоцкого района Оренбургской области» на 2019-2024 годы согласно приложению.\n"
    "2.Признать утратившим силу с 01 января 2019 года постановление администрации "
    "Переволоцкого района от 25.09.2014 года № 1045-п « Об утверждении муниципальной программы "
    "».\n\nРазослано: Бухгалтерии, Переволоцкому РАЙФО, КСО, прокурору.\n\n"
    "П" + " " * 105 + "Приложение\n"
    "                  к постановлению\n"
    "                  администрации района\n"
    "                  от 13.11.2018 №  987-п\n\n"
    "Муниципальная программа\n"
)


def test_the_own_appendix_header_of_a_text_without_its_heading_is_not_a_reference() -> None:
    assert keys(_HEADLESS) == [
        ("based_on", "1137-п", D(2015, 11, 27)),
        ("repeals", "1045-п", D(2014, 9, 25)),
    ]


def test_an_own_appendix_header_with_a_slip_in_its_date_is_not_a_reference() -> None:
    # rurebus/31339071037000408048019_10.txt: an act of 13.04.2016 whose appendix says 2015
    text = (
        "13.04.2016 № 376\nОб утверждении муниципальной программы « Доступность медицинской "
        "помощи »\n…\nПриложение к постановлению\nАдминистрации Колпашевского района\n"
        "от 13.04.2015 № 376\nМуниципальная программа « Доступность медицинской помощи »\n"
        "Программа разработана в соответствии с постановлением Администрации Колпашевского "
        "района от 13.04.2015 № 376 и от 16.02.2015 № 155 ."
    )
    found = keys(text, own_number="376", own_date=D(2016, 4, 13))
    # in a sentence the same requisites are still read: only the header is the act itself
    assert found == [("cites", "376", D(2015, 4, 13)), ("cites", "155", D(2015, 2, 16))]


def test_an_amended_acts_restated_appendix_header_stays_a_reference() -> None:
    # rurebus/35339011065040000761006_13.txt, an act of its own number 158 restating № 205's
    text = (
        "Приложение к Постановлению Главы\nсельского поселения Верейское\n"
        "Раменского муниципального района\nМосковской области от 19 ноября 2014 г. №  205\n"
        "Муниципальная программа\n"
    )
    assert keys(text, own_number="158", own_date=D(2015, 12, 30)) == [
        ("cites", "205", D(2014, 11, 19))
    ]


def test_an_operative_sentence_about_an_appendix_is_no_header() -> None:
    # a text that lost its heading: «Приложение к …» opens an operative sentence, not a header,
    # so № 886 is the amended act, not the act itself
    text = (
        "Руководствуясь статьей 179 Бюджетного кодекса Российской Федерации , администрация "
        "постановляет :\n1.\nПриложение к постановлению от 23.12.2013 г. № 886 изложить\n"
        "в новой редакции согласно приложению .\n"
    )
    assert [k[1] for k in keys(text)] == ["145-ФЗ", "886"]


def test_an_approval_header_names_the_act_too() -> None:
    # rurebus/32339061021100935426018_20.txt writes its approval line so
    text = (
        "Внести изменения в муниципальную программу согласно приложению .\n"
        "«УТВЕРЖДЕНА\nпостановлением администрации\nгородского округа  «Вуктыл»\n"
        "от 14 октября 2016 г. № 10/561\n(приложение)\n"
    )
    assert keys(text) == []
    # the approving act is another when the act's own number is known and differs
    assert keys(text, own_number="04/395") == [("cites", "10/561", D(2016, 10, 14))]
