"""The desk's tables as spreadsheets."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from legaldesk.desk.exports import Table, to_csv, to_xlsx


def test_a_control_character_in_a_cell_does_not_stop_the_workbook() -> None:
    """openpyxl refuses a control character in a cell (IllegalCharacterError); an act's title
    from a broken text layer or a question kept before the desk cleaned them holds one."""
    table = Table(
        key="acts", title="Акты\x01", columns=["Акт", "Запросов"],
        rows=[["Постановление\x0cо налоге\ufffe", 3], ["=1+1", 1]],
    )  # fmt: skip

    book = load_workbook(io.BytesIO(to_xlsx([table], title="Статистика\x02")))
    sheet = book.worksheets[0]

    assert sheet.cell(2, 1).value == "Постановление\nо налоге"
    assert sheet.cell(2, 2).value == 3
    assert sheet.cell(3, 1).value == "=1+1" and sheet.cell(3, 1).data_type == "s"  # not a formula
    assert "Постановление" in to_csv([table]).decode("utf-8-sig")
