"""Filing documents by upload: each file through the pipeline on its own."""

from __future__ import annotations

import re

from legaldesk.repository import Repository
from tests.factories import act_text, broken_pdf, docx_bytes
from tests.web.sessions import Client, log_in, token

# Not the title of the act the app has filed already: that would be a suspected duplicate,
# held in review and not searchable by the public.
TITLE = "О благоустройстве территории Заречного сельского поселения"


def test_a_librarian_files_several_files_and_a_broken_one_is_named(
    client: Client, repo: Repository
) -> None:
    log_in(client, "librarian")
    files: list[tuple[str, tuple[str, bytes, str]]] = [
        (
            "files",
            (
                "246.docx",
                docx_bytes(act_text(number="246-п", title=TITLE)),
                "application/octet-stream",
            ),
        ),
        ("files", ("broken.pdf", broken_pdf(), "application/pdf")),
    ]

    response = client.post(
        "/staff/upload", files=files, data={"_csrf_token": token(client, "/staff/upload")}
    )

    assert response.status_code == 200
    assert re.search(r"246\.docx: <a href=\"/documents/\d+\">принят", response.text)
    assert "broken.pdf: <strong>не принят</strong>" in response.text
    found = client.get("/api/v1/search", params={"q": "246-п"}).json()
    assert found["total"] >= 1  # searchable at once
