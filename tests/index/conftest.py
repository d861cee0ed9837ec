from __future__ import annotations

from datetime import date, datetime

import pytest

from legaldesk.index import IndexDoc, SearchIndex


def make_doc(doc_id: int, title: str, text: str = "", **kw: object) -> IndexDoc:
    base: dict[str, object] = {
        "number": None,
        "doc_type": "postanovlenie",
        "issuer": "Администрация района",
        "level": "municipal",
        "status": "in_force",
        "rubrics": (),
        "date_adopted": date(2024, 1, doc_id % 28 + 1),
        "created_at": datetime(2025, 1, 1),
    }
    base.update(kw)
    return IndexDoc(id=doc_id, title=title, text=text or title, **base)  # type: ignore[arg-type]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.open(None)
