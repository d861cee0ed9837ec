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


def test_an_administrator_takes_in_the_shipped_entries_the_library_lacks(
    client: Client, repo: Repository
) -> None:
    act = file_act(repo, 8, "Об организации дошкольного образования")
    log_in(client, "admin")
    form = {"entries": "лесхоз = лесничество\n", "_csrf_token": token(client, "/staff/thesaurus")}
    client.post("/staff/thesaurus", data=form)  # a copy without the shipped entries
    page = client.get("/staff/thesaurus").text
    before = client.get("/search", params={"q": "детсад"}).text

    adopt = {"key": ["детсад"], "_csrf_token": token(client, "/staff/thesaurus")}
    added = client.post("/staff/thesaurus/shipped", data=adopt)
    after = client.get("/search", params={"q": "детсад"}).text

    assert "Статьи тезауруса поставки" in page and 'value="детсад"' in page
    assert "Добавлена 1 статья из тезауруса поставки." in added.text
    assert "лесхоз = лесничество\nдетсад = " in added.text
    assert "Найдено 0 актов" in before
    assert "Найден 1 акт" in after and f'href="/documents/{act}?q=' in after


def test_only_an_administrator_with_the_forms_token_takes_in_shipped_entries(
    client: Client, repo: Repository
) -> None:
    log_in(client, "librarian")
    refused = client.post("/staff/thesaurus/shipped", data={"key": ["детсад"]})
    assert refused.status_code in (302, 403)
    log_in(client, "admin")
    forged = client.post("/staff/thesaurus/shipped", data={"key": ["детсад"]})
    assert forged.status_code == 403
