"""The JSON log line and the ids a request may bring."""

from __future__ import annotations

import json
import logging
import sys

from legaldesk.observability import logs


def test_json_formatter_keeps_the_traceback_on_one_line() -> None:
    try:
        raise ValueError("сломалось")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed: %s", ("да",), None)
        record.exc_info = sys.exc_info()
    line = logs.JsonFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed: да"
    assert "ValueError: сломалось" in parsed["exception"]


def test_ids_of_sane_form_are_kept_others_replaced() -> None:
    assert (
        logs.accept_id("0b5d8e1c-3f7a-4c2e-9a61-2d0f5b7c8e90")
        == "0b5d8e1c-3f7a-4c2e-9a61-2d0f5b7c8e90"
    )
    for bad in (None, "", "short", "a b c d e f g h", "x" * 129, "id\r\nSet-Cookie: a=b"):
        made = logs.accept_id(bad)
        assert made != bad and len(made) == 32
