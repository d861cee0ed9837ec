"""The thesaurus page: an administrator's edit is in force at the next search, in the same
request cycle, with no reindex; a text with an error saves nothing and names the line."""

from __future__ import annotations

from legaldesk.repository import Repository
from tests.web.acts.test_public import file_act
from tests.web.sessions import Client, log_in, token


def test_an_administrators_edit_is_in_force_at_the_next_search(
    client: Client, repo: Repository
) -> None:
    file_act(repo, 8, "О поддержке лесничества")
    before = client.get("/search", params={"q": "лесхоз"}).text
    log_in(client, "admin")
    page = client.get("/staff/thesaurus").text
    form = {"entries": "лесхоз = лесничество\n", "_csrf_token": token(client, "/staff/thesaurus")}

    saved = client.post("/staff/thesaurus", data=form)
    after = client.get("/search", params={"q": "лесхоз"}).text

    assert "коммуналка = коммунальные услуги" in page  # the shipped entries to start with
    assert "Сохранено: добавлено 1" in saved.text
    assert "О поддержке" not in before
    assert "О поддержке" in after


def test_a_text_with_an_error_saves_nothing_and_names_the_line(client: Client) -> None:
    log_in(client, "admin")
    form = {
        "entries": "лесхоз = лесничество\nкоммуналка\n",
        "_csrf_token": token(client, "/staff/thesaurus"),
    }

    refused = client.post("/staff/thesaurus", data=form)
    page = client.get("/staff/thesaurus").text

    assert refused.status_code == 400
    assert "строка 2: пишите «слово = фраза; фраза»" in refused.text
    assert "лесхоз = лесничество" in refused.text  # the text stays to be mended
    assert "лесхоз" not in page
