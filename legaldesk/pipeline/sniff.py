"""Format detection from the bytes; the file name is only a tie-breaker.

Websites serve DOCX as application/octet-stream and name PDFs «.doc»; the bytes do not lie.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
RTF = "application/rtf"
HTML = "text/html"
XML = "application/xml"
TEXT = "text/plain"
UNKNOWN = "application/octet-stream"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, filename: str | None = None) -> str:
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(OLE2_MAGIC):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else UNKNOWN
    if stripped.startswith(b"{\\rtf"):
        return RTF
    if not _looks_textual(head):
        return UNKNOWN
    lower = stripped[:1024].lower()
    if lower.startswith(b"<doc") or b"<w " in lower or b"<w>" in lower:
        return XML  # token-per-element corpora, whatever their <head> and <body> say
    if lower.startswith(b"<?xml"):
        return HTML if b"<html" in lower else XML
    if lower.startswith((b"<!doctype html", b"<html")) or _has_html_tags(lower):
        return HTML
    if lower.startswith(b"<") and b">" in lower:
        return XML
    name = (filename or "").lower()
    if name.endswith((".html", ".htm")):
        return HTML
    if name.endswith(".xml"):
        return XML
    return TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _has_html_tags(lower: bytes) -> bool:
    return any(
        tag in lower
        for tag in (
            b"<p>",
            b"<p ",
            b"<div",
            b"<table",
            b"<br",
            b"<span",
            b"<body",
            b"<head",
            b"<a href",
        )
    )


def _looks_textual(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a BOM
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) < 0.02
