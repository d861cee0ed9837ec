"""The reference table (gost_reference.json) drives the formatter: every row's CSL item gives
exactly the description written beside it, and the table covers every kind and rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legaldesk.bibliography import csl
from legaldesk.bibliography.gost import MONTHS, describe

TABLE = json.loads((Path(__file__).parent / "gost_reference.json").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = TABLE["rows"]


@pytest.mark.parametrize("row", ROWS, ids=[row["rule"][:60] for row in ROWS])
def test_each_row_is_described_as_the_table_says(row: dict[str, Any]) -> None:
    assert describe(row["item"]) == row["expected"]


def test_the_table_covers_every_kind_print_and_online() -> None:
    kinds = {(row["item"]["type"], "URL" in row["item"]) for row in ROWS}
    assert {kind for kind, _online in kinds} == set(csl.TYPES)
    for kind in ("legislation", "article-newspaper", "periodical"):
        assert (kind, True) in kinds and (kind, False) in kinds
    assert all(row["rule"] and row["source"] for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["rule"][:60] for row in ROWS])
def test_prescribed_punctuation_holds_in_every_row(row: dict[str, Any]) -> None:
    text = describe(row["item"])
    assert ".." not in text and ". . " not in text
    assert " - " not in text and "—" not in text  # the area separator is an en dash
    assert text.endswith(".")
    assert text.count("Текст : ") == 1


@pytest.mark.parametrize("month", range(1, 13))
def test_dates_of_issue_abbreviate_months_as_gost_7_0_12(month: int) -> None:
    item = {
        "type": "article-newspaper",
        "title": "Заметка",
        "container-title": "Лесные вести",
        "issued": {"date-parts": [[2024, month, 9]]},
    }
    text = describe(item)
    assert f"– 2024. – 9 {MONTHS[month - 1]}" in text
    # An abbreviated month ends with its own full stop: the separator adds none.
    assert ".." not in text
