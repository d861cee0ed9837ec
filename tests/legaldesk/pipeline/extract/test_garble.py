from __future__ import annotations

from legaldesk.pipeline.extract.garble import is_garbled

RUSSIAN = (
    "Администрация муниципального района постановляет утвердить порядок предоставления "
    "субсидий субъектам малого и среднего предпринимательства на 2024 год. "
) * 3


def test_latin_lookalikes_are_garbled() -> None:
    text = "IIOCTAHOBJIEHI4E AAMI4HI4CTPAIJI4I4 PbIBI4HCKOTO MYHI4IJI4IIAJIbHOTO PAI4OHA " * 5
    assert is_garbled(text) == (
        "text layer is Latin look-alikes of Cyrillic (fonts without a Unicode map)"
    )


def test_cp1251_read_as_latin1_is_garbled() -> None:
    text = RUSSIAN.encode("cp1251").decode("latin-1")
    assert is_garbled(text) == "text layer is mojibake (CP1251 read as Latin-1)"


def test_private_use_glyphs_are_garbled() -> None:
    assert is_garbled("\ue001\ue002\ue003 " * 40 + "а" * 10) == (
        "text layer is private-use glyph codes (fonts without a Unicode map)"
    )


def test_russian_text_with_some_latin_is_fine() -> None:
    text = RUSSIAN + " См. http://www.admin-zarechny.ru, e-mail: info@zarechny.ru, N 245-п, XIV."
    assert is_garbled(text) is None


def test_short_text_is_not_judged() -> None:
    assert is_garbled("N 12") is None
