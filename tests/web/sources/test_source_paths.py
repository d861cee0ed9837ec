"""An administrator cannot make the server publish its own files: a folder source pasted in
the workspace is checked against the inbox roots and the data directory, as in the CLI."""

from __future__ import annotations

import html

from legaldesk.harvesters.store import list_sources
from legaldesk.repository import Repository
from tests.web.sessions import Client, log_in, token


def test_a_folder_source_on_the_data_directory_is_refused_and_not_saved(
    client: Client, repo: Repository
) -> None:
    log_in(client, "admin")
    data_dir = repo.settings.data_dir
    before = [s.name for s in list_sources(repo.engine)]
    source = f'name = "server-files"\nkind = "folder"\npath = "{data_dir}"\n'

    response = client.post(
        "/staff/sources", data={"toml": source, "_csrf_token": token(client, "/staff/sources")}
    )

    page = html.unescape(response.text)
    assert response.status_code == 400
    assert f"в папке хранятся данные самой LegalDesk: {data_dir} is the data directory" in page
    assert [s.name for s in list_sources(repo.engine)] == before
    assert "server-files" not in client.get("/staff/sources").text
