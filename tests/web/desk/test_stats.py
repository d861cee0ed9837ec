"""The desk's statistics page: charts drawn on the server with their tables, a period and a
library to choose, CSV for Russian Excel and XLSX that LibreOffice opens, the same figures
in JSON; and public searches that found nothing counted from the search page."""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from litestar import Litestar
from openpyxl import load_workbook

from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, add_branch, create_request, set_status
from legaldesk.desk.stats import add_months
from tests.factories import library_today
from tests.web.sessions import Client, log_in


@pytest.fixture
def figures(app: Litestar) -> dict[str, int]:
    """This month: request 1 (the employee's) and three more, one at the central library,
    one answered with an act cited and two pages printed."""
    repo = app.state.repo
    clock = Clock.of(repo.settings)
    central = add_branch(repo.engine, "Центральная библиотека", "t")
    assert central.id is not None
    ids = {}
    for name, values in {
        "letter": {"channel": "letter", "category": "pensioner", "rubrics": ("pensions_benefits",)},
        "central": {"channel": "in_person", "branch_id": central.id},
        "phone": {"channel": "phone", "rubrics": ("housing_utilities",)},
    }.items():
        filed = create_request(
            repo.engine,
            Intake(question="Компенсация расходов на оплату ЖКУ пенсионерам", **values),  # type: ignore[arg-type]
            "t",
            clock,
        )
        assert filed.id is not None
        ids[name] = filed.id
    answers.cite_act(repo.engine, ids["phone"], 1, "t")
    answers.save_answer(repo.engine, ids["phone"], "См. акт.", "printed", 2, 5, "t")
    set_status(repo.engine, ids["phone"], "answered", "t")
    ids["branch"] = central.id
    return ids


def _image_svg(uri: str) -> str:
    assert uri.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


def test_the_month_s_figures_as_charts_beside_their_tables(
    client: Client, figures: dict[str, int]
) -> None:
    log_in(client, "librarian")

    page = client.get("/staff/desk/stats")

    assert page.status_code == 200
    html = page.text
    charts = re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', html)
    assert len(charts) >= 5
    svgs = [_image_svg(c) for c in charts]
    assert not any("<script" in s for s in svgs)  # nothing runs, nothing is fetched
    assert any("письмом" in s for s in svgs)  # Russian labels drawn in the chart
    channel = html[html.index('id="t-channel"') :]
    channel = channel[: channel.index("</section>")]
    assert "письмом" in channel and "лично" in channel and "по телефону" in channel
    assert '<td class="number">25</td>' in channel  # one of four: 25 %
    assert "Сводка" in html and "Актов выдано" in html
    assert 'href="/documents/1"' in html  # the act provided, linked
    month = library_today().strftime("%m.%Y")
    assert month in html  # the period «с 01.MM.YYYY по …»


def test_the_period_and_the_library_narrow_the_figures(
    client: Client, figures: dict[str, int]
) -> None:
    log_in(client, "librarian")
    today = library_today()

    whole = client.get("/api/v1/requests/stats").json()
    central = client.get("/api/v1/requests/stats", params={"branch": figures["branch"]}).json()
    last_year = client.get("/api/v1/requests/stats", params={"preset": "last_year"}).json()
    refused = client.get(
        "/api/v1/requests/stats", params={"from": "2026-03-02", "to": "2026-03-01"}
    )

    assert whole["total"] == 4 and whole["start"] == today.replace(day=1).isoformat()
    assert {c["code"]: c["count"] for c in whole["by_channel"]}["letter"] == 1
    assert {c["code"]: c["name"] for c in whole["by_channel"]}["letter"] == "письмом"
    assert whole["acts_cited"] == 1 and whole["printed_pages"] == 2
    assert (central["total"], central["branch"]) == (1, "Центральная библиотека")
    assert last_year["total"] == 0 and last_year["start"] == f"{today.year - 1}-01-01"
    assert refused.status_code == 400
    year_one = client.get("/api/v1/requests/stats", params={"to": "0001-01-01"})
    assert year_one.status_code == 400 and "между 1990 и 2999" in year_one.json()["detail"]


def test_the_stats_api_is_typed_in_the_schema(client: Client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]

    answer = paths["/api/v1/requests/stats"]["get"]["responses"]["200"]
    assert "StatsOut" in str(answer)


def test_csv_for_russian_excel(client: Client, figures: dict[str, int]) -> None:
    log_in(client, "librarian")
    client.get("/search", params={"q": '=HYPERLINK("http://evil")'})  # found nothing

    response = client.get("/staff/desk/stats.csv")

    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert ["Способ обращения", "Запросов", "Доля, %"] in rows
    assert ["письмом", "1", "25,0"] in rows  # a decimal comma, as Russian Excel expects
    assert any(r and r[0].startswith("'=hyperlink") for r in rows)  # text, not a formula


def test_xlsx_one_sheet_per_table_numbers_and_dates_as_such(
    client: Client, figures: dict[str, int]
) -> None:
    log_in(client, "librarian")
    client.get("/search", params={"q": "компенсация за газификацию"})

    response = client.get("/staff/desk/stats.xlsx", params={"preset": "this_month"})

    book = load_workbook(io.BytesIO(response.content))
    assert "По способу обращения" in book.sheetnames and len(book.sheetnames) >= 10
    sheet = book["По способу обращения"]
    assert sheet["A1"].value == "Способ обращения" and sheet["A1"].font.b
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["письмом"] == 1 and isinstance(values["письмом"], int)
    assert (sheet.column_dimensions["A"].width or 0) >= len("Способ обращения")
    days = book["По дням"]
    first_day = days["A2"].value
    assert isinstance(first_day, datetime) and first_day.date() == library_today().replace(day=1)
    gaps = book["Поиски на сайте без результата"]
    assert gaps["A2"].value == "компенсация за газификацию" and gaps["B2"].value == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_opens_the_xlsx(
    client: Client, figures: dict[str, int], tmp_path: Path
) -> None:
    """Debian's LibreOffice converts each sheet of the workbook to CSV: the figures read back."""
    log_in(client, "librarian")
    workbook = tmp_path / "stats.xlsx"
    workbook.write_bytes(client.get("/staff/desk/stats.xlsx").content)
    profile = tmp_path / "lo-profile"

    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            # «;» (59) between fields, '"' (34) around text, UTF-8 (76), first line 1, every
            # sheet to a file of its own (-1).
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )

    assert done.returncode == 0, done.stderr
    sheets = {p.name: p.read_text("utf-8") for p in tmp_path.glob("stats-*.csv")}
    assert sheets, (done.stdout, done.stderr)
    channel = sheets["stats-По способу обращения.csv"]
    assert "письмом;1;25" in channel
    summary = sheets["stats-Сводка.csv"]
    assert "Запросов получено;4" in summary


def test_a_search_that_found_nothing_is_counted_and_shown_with_a_link(
    client: Client, figures: dict[str, int]
) -> None:
    for _ in range(2):
        assert client.get("/search", params={"q": "Компенсация за газификацию"}).status_code == 200
    client.get("/search", params={"q": "земельный налог"})  # finds the fixture's act
    log_in(client, "librarian")

    html = client.get("/staff/desk/stats").text

    gaps = html[html.index('id="t-gaps"') :]
    gaps = gaps[: gaps.index("</section>")]
    assert 'href="/search?q=%D0%BA%D0%BE%D0%BC' in gaps  # a link to search it again
    assert "компенсация за газификацию" in gaps and '<td class="number">2</td>' in gaps
    assert "земельный налог" not in gaps


def test_an_employee_may_not_see_the_statistics(client: Client) -> None:
    log_in(client, "employee")

    assert client.get("/staff/desk/stats").status_code == 403
    assert client.get("/api/v1/requests/stats").status_code == 403
    assert client.get("/staff/desk/stats.xlsx").status_code == 403


def test_add_months_crosses_years() -> None:
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert add_months(date(2025, 12, 31), 1) == date(2026, 1, 1)
