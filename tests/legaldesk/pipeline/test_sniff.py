from __future__ import annotations

import pytest

from legaldesk.pipeline.sniff import DOC, DOCX, HTML, PDF, RTF, TEXT, UNKNOWN, XML, sniff
from tests.legaldesk.pipeline.extract import files


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.4\n...", "decree.doc", PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.bin", DOC),
        (b"{\\rtf1\\ansi hello}", "x.txt", RTF),
        (b"<!DOCTYPE html><html><body>x</body></html>", None, HTML),
        (b"<p>fragment</p>", None, HTML),
        (b"<?xml version='1.0'?><doc/>", None, XML),
        ("Постановление".encode("cp1251"), "x.pdf", TEXT),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.pdf", UNKNOWN),
        (b"PK\x03\x04 not really a zip", "x.docx", UNKNOWN),
    ],
)
def test_format_comes_from_the_bytes(data: bytes, name: str | None, expected: str) -> None:
    assert sniff(data, name) == expected


def test_docx_is_told_from_other_zips() -> None:
    assert sniff(files.docx_with_table_and_header(), "upload.bin") == DOCX
