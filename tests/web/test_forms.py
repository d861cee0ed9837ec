"""Reading numbers typed into forms and addresses."""

from __future__ import annotations

import pytest

from legaldesk.web.forms import MAX_ID, whole, whole_list


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("7", 7),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # no column holds it
        ("0", None),  # ids start at 1
        ("-3", None),
        ("²", None),  # a digit to str.isdigit; int("²") raises
        ("٣", None),  # Arabic-Indic three: int() reads it, a person typing an id did not
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 40, None),
    ],
)
def test_a_whole_number_is_ascii_digits_within_bounds(typed: str | None, read: int | None) -> None:
    assert whole(typed) == read


def test_bounds_are_the_caller_s() -> None:
    assert whole("0", 0) == 0
    assert whole("2200", 1701, 2199) is None
    assert whole("2024", 1701, 2199) == 2024


def test_a_ticked_list_keeps_each_number_once_in_order() -> None:
    assert whole_list(["3", "x", "1", "3", "²", "99999999999"]) == [3, 1]
