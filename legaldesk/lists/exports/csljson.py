"""The list's items as a CSL-JSON array, in the list's order: what Zotero, Mendeley and
citeproc read. LegalDesk's own keys (``legaldesk:…``) are left out — they are no CSL
variables — except the act's address, which is in ``URL`` already."""

from __future__ import annotations

import json
from typing import Any

from legaldesk.lists.exports import ListDocument


def items(doc: ListDocument) -> list[dict[str, Any]]:
    out = []
    for entry in doc.entries():
        item = {k: v for k, v in entry.item.items() if not k.startswith("legaldesk:")}
        item.setdefault("id", str(entry.item.get("legaldesk:id") or entry.n))
        out.append(item)
    return out


def render(doc: ListDocument) -> bytes:
    return json.dumps(items(doc), ensure_ascii=False, indent=2).encode("utf-8")
