"""The traps of reading references, each on a real sentence (short literals taken from the
real corpus, ../shared/corpus/real, or written the way those acts write)."""

from __future__ import annotations

import datetime as dt

from legaldesk.relations.extract import ROLES, Reference, extract


def refs(text: str, **own: object) -> list[Reference]:
    found = extract(text, **own)  # type: ignore[arg-type]
    for ref in found:
        assert ref.role in ROLES
        assert 0 <= ref.start < ref.end <= len(text)
    return found


def keys(text: str, **own: object) -> list[tuple[str, str | None, dt.date | None]]:
    return [(r.role, r.number, r.date) for r in refs(text, **own)]


D = dt.date


def test_an_enumeration_under_one_verb_gives_each_item_the_verb() -> None:
    text = (
        "Признать утратившими силу постановления администрации района от 12.01.2020 № 5, "
        "от 03.03.2020 № 12 и от 01.06.2020 № 40."
    )
    found = refs(text)
    assert [(r.role, r.number, r.date) for r in found] == [
        ("repeals", "5", D(2020, 1, 12)),
        ("repeals", "12", D(2020, 3, 3)),
        ("repeals", "40", D(2020, 6, 1)),
    ]
    assert {r.doc_type for r in found} == {"postanovlenie"}  # inherited by the later items
    assert text[found[1].start : found[1].end] == "03.03.2020 № 12"


def test_a_repeal_list_on_separate_lines() -> None:
    text = (
        "Признать утратившими силу следующие постановления Администрации Колпашевского района :\n"
        "от 30.10.2014 № 1266 « Об утверждении муниципальной программы « Медицинские кадры на "
        "2015-2017 годы » ;\n"
        "от 19.12.2014 № 1521 « О внесении изменений в постановление Администрации Колпашевского "
        "района от 30.10.2014 № 1266 « Об утверждении муниципальной программы « Медицинские "
        "кадры на 2015-2017 годы » ;\n"
    )
    assert keys(text) == [
        ("repeals", "1266", D(2014, 10, 30)),
        ("repeals", "1521", D(2014, 12, 19)),
    ]


def test_a_number_before_its_date_and_a_title_before_its_number() -> None:
    text = (
        "Постановление главы администрации района « О принятии районной муниципальной программы "
        "« Обеспечение жильем молодых семей в Домбаровском районе на 2014-2015 годы » № 1522 – п "
        "от 13.11.2013 считать утратившим силу с 01.01.2015 года ."
    )
    (ref,) = refs(text)
    assert (ref.role, ref.number, ref.date) == ("repeals", "1522-п", D(2013, 11, 13))
    assert ref.title and ref.title.startswith("О принятии районной муниципальной программы")


def test_a_reference_broken_across_lines() -> None:
    text = (
        "О внесении изменений в постановление \nадминистрации Нижнедевицкого \n"
        "муниципального района от 13.12.2013 г. № 1717 \n"
    )
    (ref,) = refs(text)
    assert (ref.role, ref.number, ref.date) == ("amends", "1717", D(2013, 12, 13))
    assert ref.issuer == "Администрация Нижнедевицкого муниципального района"


def test_ocr_noise_in_federal_law_numbers_is_repaired() -> None:
    noisy = {
        "Федеральным законом от 06.10.2003 № 131-ФЭ «Об общих принципах»": "131-ФЗ",
        "соответствии Федеральным законом от 06.10.2003 13.1-ФЗ «Об общих принципах": "131-ФЗ",
        "В соответствии с Федеральным законом от 12.01.1996 № 8-03 «О погребении и похоронном "
        "деле»": "8-ФЗ",
        "На основании Федерального закона от 06.10.2003 № 131 « Об общих принципах »": "131-ФЗ",
    }
    for text, number in noisy.items():
        (ref,) = refs(text)
        assert (ref.doc_type, ref.number, ref.level) == ("federalnyi_zakon", number, "federal")


def test_codes_and_short_names_carry_their_number_and_date() -> None:
    text = "на основании ст. 179 БК РФ , статьи 8 ГК РФ и ст. 26 Градостроительного кодекса РФ"
    found = refs(text)
    assert [(r.known_as, r.number, r.date, r.doc_type) for r in found] == [
        ("БК РФ", "145-ФЗ", D(1998, 7, 31), "kodeks"),
        ("ГК РФ", None, None, "kodeks"),  # issued in parts under several numbers
        ("ГрК РФ", "190-ФЗ", D(2004, 12, 29), "kodeks"),
    ]
    assert [r.part for r in found] == ["ст. 179", "статьи 8", "ст. 26"]
    assert all(r.partial for r in found)


def test_a_law_number_without_its_sign_or_date() -> None:
    assert keys("закупки в соответствии с 44 - ФЗ от 05.04.2013 г. « О контрактной системе »")[0][
        1:
    ] == ("44-ФЗ", D(2013, 4, 5))
    (ref,) = refs("Федеральным  законом № 131-ФЗ «Об общих принципах организации местного»")
    assert (ref.number, ref.date, ref.known_as) == ("131-ФЗ", D(2003, 10, 6), "131-ФЗ")


def test_letter_suffixed_numbers() -> None:
    text = (
        "Закон Республики Татарстан от 16 января 2015 г. № 4-ЗРТ « Об участии граждан » ; "
        "Закон Республики Татарстан от 21 января 2009 г. № 7 - ЗРТ ; "
        "постановление от 07.03.2019 № 35 па ; "
        "В соответствии с частью 2 статьи 33 Федерального конституционного закона от 7 февраля "
        "2011 года N 1-ФКЗ ; Указ Президента Республики Татарстан от 24 мая 2000 г. № УП-369"
    )
    found = refs(text)
    assert [r.number for r in found] == ["4-ЗРТ", "7-ЗРТ", "35па", "1-ФКЗ", "УП-369"]
    assert [r.level for r in found[:2]] == ["regional", "regional"]
    assert found[0].issuer == "Республика Татарстан"
    assert found[3].level == "federal"


def test_references_by_title_alone() -> None:
    text = (
        'В соответствии с Федеральным законом " Об особых экономических зонах в Российской '
        'Федерации " Правительство Российской Федерации постановляет:'
    )
    (ref,) = refs(text)
    assert (ref.role, ref.number, ref.date) == ("based_on", "116-ФЗ", D(2005, 7, 22))
    assert ref.title == "Об особых экономических зонах в Российской Федерации"
    (ref,) = refs(
        "в порядке , предусмотренном Законом Владимирской области « О регулировании земельных "
        "отношений на территории Владимирской области » ."
    )
    assert (ref.doc_type, ref.number, ref.issuer, ref.level) == (
        "zakon",
        None,
        "Владимирская область",
        "regional",
    )
    assert ref.title == "О регулировании земельных отношений на территории Владимирской области"


def test_a_reference_inside_another_acts_title_is_part_of_that_title() -> None:
    text = (
        "Признать утратившими силу постановления администрации Нижнекисляйского городского "
        "поселения :\n- от 03.03.2015 г. № 12 « О внесении изменений в постановление "
        "администрации Нижнекисляйского городского поселения от 07.02.2014 года № 06 « Об "
        "утверждении муниципальной программы « Развитие культуры » » ;"
    )
    assert keys(text) == [("repeals", "12", D(2015, 3, 3))]
    # The same number twice: the inner one (another act, 16.03.2015) belongs to the title.
    text = (
        "п . 3 Постановления администрации муниципального района от 02.07.2015 года № 431 « О "
        "внесении изменений и дополнений в Постановление от 16.03.2015 года № 431 \nПОСТАНОВЛЯЮ :"
    )
    assert [(r.number, r.date) for r in refs(text)] == [("431", D(2015, 7, 2))]


def test_the_title_line_of_an_amending_act_amends() -> None:
    text = (
        "ПОСТАНОВЛЕНИЕ\nот 12.03.2024 № 312\nО внесении изменений в постановление администрации "
        "Асекеевского района от 28.09.2015 № 431-п\nВ соответствии со статьей 170.1 Бюджетного "
        "кодекса Российской Федерации постановляю :\n1. Приложения № 1-6 изложить в новой "
        "редакции согласно приложениям № 1-6 к настоящему постановлению ."
    )
    found = refs(text, own_number="312", own_date=D(2024, 3, 12))
    assert [(r.role, r.number) for r in found] == [("amends", "431-п"), ("based_on", "145-ФЗ")]


def test_the_own_heading_and_own_appendix_headers_are_not_references() -> None:
    text = (
        "07.03.2018 г. с. Асекеево № 175-п\nПриложение № 1\nк постановлению администрации\n"
        "от 07.03.2018 г. № № 175-п\n"
    )
    assert refs(text, own_number="175-п", own_date=D(2018, 3, 7)) == []


def test_draft_blanks_are_not_references() -> None:
    text = (
        "ПОСТАНОВЛЕНИЕ\nот__________________________ № _______ с.Шатрово\nПриложение № 1\n"
        "к постановлению администрации\nот ____________ №\n00.00.2016 № 00"
    )
    assert refs(text) == []


def test_dates_written_every_way() -> None:
    for text in (
        "постановление администрации от 12 марта 2024 года № 245-п",
        "постановление администрации от 12.03.2024 г. № 245-п",
        "постановление администрации от 12.03.2024 г . № 245-п",
        "постановление администрации от « 12 » марта 2024 г . № 245-п",
        "постановление администрации от 12.03. 2024 № 245-п",
    ):
        assert [(r.number, r.date) for r in refs(text)] == [("245-п", D(2024, 3, 12))], text


def test_roles() -> None:
    assert keys(
        "Приостановить действие постановления администрации Ольховского района от 12 марта 2024 "
        "года № 245-п до 1 января 2025 года ."
    ) == [("suspends", "245-п", D(2024, 3, 12))]
    assert keys(
        "Во исполнение Указа Президента Российской Федерации от 07.05.2012 № 601 постановляю :"
    ) == [("based_on", "601", D(2012, 5, 7))]
    assert keys(
        "Внести в постановление администрации МР « Усть - Вымский » от 20.12.2013 г. № 871 ( в "
        "редакции постановления администрации МР « Усть - Вымский » от 19.11.2018 г. № 622 ) "
        "следующие изменения :"
    ) == [("amends", "871", D(2013, 12, 20)), ("cites", "622", D(2018, 11, 19))]
    assert keys(
        "Реализация осуществляется в соответствии с Федеральным законом от 10.12.1995 года "
        "№ 196 - ФЗ « О безопасности дорожного движения » ."
    ) == [("cites", "196-ФЗ", D(1995, 12, 10))]


def test_partial_references_name_the_part() -> None:
    (ref,) = refs(
        "Признать утратившим силу пункт 3 постановления администрации от 05.06.2023 № 88 ."
    )
    assert (ref.role, ref.partial, ref.part) == ("repeals", True, "пункт 3")
    (ref,) = refs(
        "На основании пункта 5 части 1 статьи 15 Федерального закона от 06.10.2003 № 131-ФЗ"
    )
    assert ref.part == "пункта 5 части 1 статьи 15"
    (ref,) = refs("Внести в постановление администрации от 05.06.2023 № 88 изменения .")
    assert (ref.partial, ref.part) == (False, None)


def test_parts_of_the_citing_act_are_not_act_numbers() -> None:
    text = (
        "Приложения 1,2 к муниципальной Программе изложить в новой редакции согласно приложениям "
        "№ 1 , № 2 к настоящему постановлению . Таблица № 1 . поликлиники № 1 и № 2 ; "
        "МЧС – ПЧ № 87 ; отчетом № 56 об оценке рыночной стоимости от 24.07.2025"
    )
    assert refs(text) == []


def test_the_sentence_is_the_one_the_reference_stands_in() -> None:
    text = (
        "Глава района А.В. Шахвалов. Признать утратившим силу постановление администрации от "
        "05.06.2023 № 88 . Контроль оставляю за собой ."
    )
    (ref,) = refs(text)
    assert (
        ref.sentence == "Признать утратившим силу постановление администрации от 05.06.2023 № 88 ."
    )
