"""Hostile files, generated here and never stored: each is small on disk and costly to read.

They are written as raw PDF syntax with a correct cross-reference table, so every reader
accepts them as well-formed and the cost they carry is the only thing wrong with them.
"""

from __future__ import annotations

import io
import zlib
from functools import cache

A4 = (595, 842)


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a byte-exact xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(data: bytes, flate: bool = False) -> bytes:
    flt = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flt, data)


@cache
def huge_page_pdf(side_pt: int = 14_400) -> bytes:
    """One empty page of the largest size PDF allows (14,400 pt = 508 cm a side): a few
    hundred bytes with no text, so an OCR pass would render it at 300 dpi, 60,000 pixels a
    side. A 435-byte file of this kind once drove pdfium to 10 GB."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (side_pt, side_pt),
        ]
    )


@cache  # a second of Adler-32 over 4 GiB: computed once a session
def flate_bomb_pdf(inflated_mib: int = 4096) -> bytes:
    """An A4 page whose content stream is about 4 MB of zlib that inflates to 4 GiB of
    spaces. Built from one compressed MiB repeated (each block ends with a full flush, so
    the blocks do not refer to each other) plus the true Adler-32, so the stream is valid
    and this test never holds more than a MiB of it uncompressed."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # the final empty block, without the checksum
    checksum = 1
    for _ in range(inflated_mib):
        checksum = zlib.adler32(chunk, checksum)
    stream = first + repeated * (inflated_mib - 1) + end + checksum.to_bytes(4, "big")
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % A4,
            _stream(stream, flate=True),
        ]
    )


def many_pages_pdf(pages: int, words_per_page: int = 600) -> bytes:
    """A long but honest document: ``pages`` A4 pages of text sharing one content stream
    and one font. Small on disk, yet every page is parsed and its text laid out again, so
    reading it takes seconds of processor time: a legitimately slow file."""
    lines = [
        b"(%s) Tj T*" % b" ".join(b"word%d" % (i + j) for j in range(10))
        for i in range(0, words_per_page, 10)
    ]
    content = b"BT /F1 10 Tf 40 800 Td 12 TL " + b" ".join(lines) + b" ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>" % A4
    )
    objects.extend(page for _ in range(pages))
    return pdf_bytes(objects)
