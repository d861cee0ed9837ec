from __future__ import annotations

import pytest

from legaldesk.pipeline.filenames import safe_filename


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Постановление № 245-п.pdf", "Постановление № 245-п.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\lib\\decree.docx", "decree.docx"),
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("nul\x00byte.txt", "nulbyte.txt"),
        (".bashrc", "bashrc"),
        ("", "document"),
        (None, "document"),
        ("/", "document"),
    ],
)
def test_names_are_neutralised(raw: str | None, expected: str) -> None:
    assert safe_filename(raw) == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("а" * 500 + ".docx")

    assert len(name) <= 200
    assert name.endswith(".docx")
