"""Files that carry no legal act are told from acts (legaldesk/pipeline/nonacts.py): each
kind of non-act on a small example, the acts nearest to each rule left alone, and the real
corpus as labelled in tests/data/acts_or_not.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest

from legaldesk.pipeline.metadata import parse_act
from legaldesk.pipeline.nonacts import not_an_act
from legaldesk.vocabulary import TextMethod
from tests.factories import act_text


def verdict(text: str, method: str = TextMethod.NATIVE, hold_personnel: bool = True) -> str | None:
    return not_an_act(text, parse_act(text), method, hold_personnel)


MANIFEST = "filename\tformat\tsource\tlevel\tdoc_type\tdate\tnumber\ttitle\n" + "".join(
    f"acts/{n}.pdf\tpdf\tsite\tmunicipal\tpostanovlenie\t0{n % 9 + 1}.03.2024\t{n}-п\t"
    f"О внесении изменений в постановление № {n}\n"
    for n in range(1, 40)
)
SPREADSHEET = "Наименование | Код | Сумма | Примечание\n" + "".join(
    f"| Мероприятие по благоустройству {n} | 0{n}01 | {n * 1000} | план |\n" for n in range(30)
)
LEAFLET = (
    "Прокуратура района разъясняет\n\nОСТОРОЖНО, МОШЕННИКИ!\n\n"
    "Если вам звонят и представляются сотрудником банка, не называйте код из СМС. "
    "Ваши деньги в безопасности, пока вы сами их не отдали. Позвоните в банк сами.\n"
)
MEMO = (
    "Служебная записка\n\nНачальнику отдела кадров\n\n"
    "Прошу рассмотреть вопрос о замене оргтехники в кабинете № 12 в связи с её износом. "
    "Принтер не печатает с марта, сканер работает с перебоями.\n\nСпециалист А.А. Петрова\n"
)
NOTES_ONLY = (
    "Документ предоставлен КонсультантПлюс\nwww.consultant.ru\n"
    "Дата сохранения: 12.03.2024\n\nДокумент предоставлен КонсультантПлюс\n"
)
CHARTER = (
    "УТВЕРЖДЕН\nпостановлением администрации района\nот 01.02.2016 № 45\n\n"
    "УСТАВ\nмуниципального бюджетного учреждения культуры «Районная библиотека»\n\n"
    "1. Общие положения\n1.1. Учреждение является некоммерческой организацией, созданной "
    "для оказания услуг в сфере культуры. Учредителем является администрация района.\n"
)
LOCAL_ACT = (
    "«УТВЕРЖДАЮ»\nДиректор МБУ «СШ»\n__________ И.И. Иванов\n\n"
    "Приложение к приказу МБУ «СШ» от 14.09.2017 № 83\n\n"
    "Правила внутреннего трудового распорядка\n\n1. Общие положения\n"
    "1.1. Настоящие правила регулируют порядок приёма и увольнения работников учреждения, "
    "режим работы и время отдыха.\n"
)


@pytest.mark.parametrize(
    ("text", "method", "kind"),
    [
        (MANIFEST, TextMethod.NATIVE, "table"),
        (SPREADSHEET, TextMethod.NATIVE, "table"),
        (LEAFLET, TextMethod.TEXT_LAYER, "leaflet"),
        (MEMO, TextMethod.OCR, "leaflet"),
        (NOTES_ONLY, TextMethod.TEXT_LAYER, "boilerplate"),
        ("Рис. 1\n\n  12   \n", TextMethod.OCR, "no_text"),
        (CHARTER, TextMethod.NATIVE, "institution"),
        (LOCAL_ACT, TextMethod.CONVERTED, "institution"),
    ],
)
def test_each_kind_of_non_act_is_told(text: str, method: str, kind: str) -> None:
    assert verdict(text, method) == kind


@pytest.mark.parametrize(
    "title",
    [
        "О приёме на работу Сидоровой А.А.",
        "Об увольнении Петрова П.П.",
        "О предоставлении ежегодного оплачиваемого отпуска Иванову И.И.",
        "О назначении Григорьева М.В. на должность директора",
        "О направлении в командировку",
        "О наложении дисциплинарного взыскания",
    ],
)
def test_personnel_orders_are_held_unless_the_centre_files_them(title: str) -> None:
    order = act_text(kind="РАСПОРЯЖЕНИЕ", number="12-к", title=title)

    assert verdict(order) == "personnel"
    assert verdict(order, hold_personnel=False) is None


@pytest.mark.parametrize(
    "text",
    [
        act_text(),  # the ordinary act
        act_text(title="О назначении публичных слушаний по проекту бюджета"),
        act_text(title="О предоставлении земельного участка в аренду"),
        act_text(kind="РЕШЕНИЕ", title="Об утверждении Устава Заречного сельского поселения"),
        # an act whose body is mostly a table stays an act: its heading says so
        act_text(title="Об утверждении тарифов") + SPREADSHEET,
        # an appendix without a heading of its own, approved by an act
        "Приложение к постановлению администрации района от 12.03.2024 № 245-п\n\n" + SPREADSHEET,
        # a charter of a municipality is an act, an institution's is not
        "УСТАВ\nмуниципального образования Заречное сельское поселение\n\n"
        "Глава 1. Общие положения\nСтатья 1. Наименование и статус муниципального "
        "образования. Заречное сельское поселение является муниципальным образованием.\n",
        # a fragment of a programme with no heading: it waits as «parser unsure», an act
        "2. Общая характеристика сферы реализации программы. Программа направлена на "
        "развитие физической культуры и спорта в районе, на вовлечение жителей в занятия "
        "спортом и на строительство плоскостных спортивных сооружений.\n",
    ],
)
def test_acts_near_a_rule_are_left_alone(text: str) -> None:
    assert verdict(text) is None


def test_a_scan_not_read_yet_is_left_to_needs_ocr() -> None:
    assert verdict("", TextMethod.NEEDS_OCR) is None


@pytest.mark.corpus
def test_the_real_corpus_acts_and_non_acts(corpus: Path) -> None:
    """No act of the real corpus is held back as not an act, and every non-act that can be
    read with OCR off is (both parts; docs/acts-or-not.md has the figures with OCR)."""
    from bench.acts_or_not import load_labels, score

    rows = load_labels()
    assert len(rows) == 406

    for part in ("tune", "held"):
        result = score(corpus, [r for r in rows if r["split"] == part], ocr=False)
        assert result.fp == 0, result.mistakes
        # With OCR off, the scans (the leaflet, the personnel order) wait as «needs OCR».
        assert result.fn <= 1, result.mistakes
