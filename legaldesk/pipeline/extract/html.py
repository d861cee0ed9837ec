"""HTML pages and fragments (municipal sites often publish a decree as a bare fragment)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from legaldesk.pipeline.extract.base import Extraction, ExtractLimits, TextMethod
from legaldesk.pipeline.extract.text import decode_text

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
BLOCKS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "ul",
    "ol",
}


def decode_html(data: bytes) -> tuple[str, str]:
    match = META_CHARSET.search(data[:4096])
    if match:
        encoding = match.group(1).decode("ascii").lower()
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def html_to_text(markup: str) -> str:
    tree = LexborHTMLParser(markup)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r" *\n *", "\n", text)


def _walk(node: LexborNode, parts: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
            continue
        if tag in ("td", "th"):
            parts.append(" | ")
        _walk(child, parts)
        if tag in BLOCKS:
            parts.append("\n")


def extract_html(data: bytes, limits: ExtractLimits) -> Extraction:
    markup, encoding = decode_html(data)
    return Extraction(text=html_to_text(markup), method=TextMethod.NATIVE, encoding=encoding)
