"""The ``legaldesk`` command as a user runs it, on a temporary data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.cli import common as cli_common
from legaldesk.config import Settings
from legaldesk.indexing import follower_lock
from legaldesk.models import AuditEvent, Document
from legaldesk.repository import Repository
from tests.factories import act_text, broken_pdf, docx_bytes
from tests.legaldesk.pipeline.extract import hostile
from tests.legaldesk.pipeline.extract.files import HEADING, scanned_pdf


@pytest.fixture
def run(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return invoke


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "2024").mkdir(parents=True)
    (folder / "245.txt").write_bytes(act_text().encode("cp1251"))
    (folder / "2024" / "17.docx").write_bytes(
        docx_bytes(
            act_text(
                number="17-р",
                kind="РАСПОРЯЖЕНИЕ",
                title="О внесении изменений в Устав Заречного сельского поселения",
            )
        )
    )
    (folder / "broken.pdf").write_bytes(broken_pdf())
    return folder


def test_every_command_has_help(run) -> None:  # type: ignore[no-untyped-def]
    commands = ("init", "import", "search", "show", "reindex", "index", "prune-changes", "stats")
    for command in (*commands, "log", "demo", "serve", "publish", "reject", "withdraw"):
        assert "Usage" in run(command, "--help")


def test_import_reports_each_file(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    summary = json.loads(run("import", str(inbox), "--json"))

    assert summary["counts"] == {"created": 2, "new_version": 0, "duplicate": 0, "failed": 1}
    failed = [f for f in summary["files"] if f["status"] == "failed"]
    assert failed[0]["filename"] == "broken.pdf" and failed[0]["reason"]


def test_search_json_gives_metadata_snippet_and_checksum(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))

    result = json.loads(run("search", "245-п", "--json"))

    top = result["hits"][0]
    assert (top["doc_type"], top["number"], top["date_adopted"]) == (
        "postanovlenie",
        "245-п",
        "2024-03-12",
    )
    assert len(top["sha256"]) == 64
    assert "doc_type" in result["facets"]


def test_import_hold_keeps_acts_in_review_and_the_operator_decides(  # type: ignore[no-untyped-def]
    run, inbox: Path
) -> None:
    summary = json.loads(run("import", str(inbox), "--hold", "--json"))

    filed = [f for f in summary["files"] if f["status"] == "created"]
    assert [f["publication"] for f in filed] == ["pending", "pending"]
    hits = json.loads(run("search", "", "--json"))["hits"]
    assert sorted(h["publication"] for h in hits) == ["pending", "pending"]  # all, marked
    assert "[не опубликован]" in run("search", "", "--limit", "1")
    first, second = sorted(h["id"] for h in hits)

    assert json.loads(run("publish", str(first), str(second), "--json"))["changed"] == [
        first,
        second,
    ]
    run("withdraw", str(first), "--reason", "отменён")

    shown = json.loads(run("show", str(first), "--json"))
    assert (shown["publication"], shown["publication_reason"]) == ("withdrawn", "отменён")
    refused = CliRunner().invoke(app, ["reject", str(second), "--reason", "не акт"])
    assert refused.exit_code == 1 and "можно снять с публикации" in refused.output
    assert json.loads(run("show", str(second), "--json"))["publication"] == "published"


def test_search_json_offers_the_numbers_like_one_no_act_has(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))

    result = json.loads(run("search", "245-пб", "--json"))
    exact = json.loads(run("search", "245-п", "--json"))

    assert result["numbers"]["asked"] == "245-пб"
    assert [a["number"] for a in result["numbers"]["nearby"]] == ["245-п"]
    assert exact["numbers"] is None


def test_search_filters_by_type(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))

    result = json.loads(run("search", "", "--type", "rasporyazhenie", "--json"))

    assert [h["number"] for h in result["hits"]] == ["17-р"]


def test_show_json_lists_versions(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))
    hit = json.loads(run("search", "устав", "--json"))["hits"][0]

    shown = json.loads(run("show", str(hit["id"]), "--json", "--text"))

    assert shown["title"].startswith("О внесении изменений в Устав")
    assert shown["versions"][0]["media_type"].endswith("wordprocessingml.document")
    assert "ПОСТАНОВЛЯЕТ" in shown["text"]


def test_reindex_and_stats_agree(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))
    reindexed = run("reindex")

    stats = json.loads(run("stats", "--json"))
    assert "Проиндексировано актов: 2." in reindexed
    assert "Проиндексировано вопросов и ответов: 0." in reindexed

    assert stats["summary"]["documents"] == 2
    assert stats["summary"]["indexed"] == 2
    assert stats["summary"]["import_failures"] == 1


def test_stats_show_how_far_the_index_is_behind_the_change_log(  # type: ignore[no-untyped-def]
    run, inbox: Path, tmp_path: Path
) -> None:
    run("import", str(inbox))  # with no indexing loop, the import indexes at its end
    consumers = json.loads(run("stats", "--json"))["consumers"]  # the desk's beside it
    assert next(c for c in consumers if c["name"] == "index") | {"updated_at": None} == {
        "name": "index",
        "position": 2,
        "head": 2,
        "behind": 0,
        "oldest_pending_at": None,
        "age_seconds": None,
        "updated_at": None,
    }
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "3.txt").write_bytes(act_text(number="3-п").encode())

    with follower_lock(tmp_path / "data" / "index"):  # as an indexing loop holds it
        run("import", str(tmp_path / "more"))
        stats = json.loads(run("stats", "--json"))
        table = " ".join(run("stats").split())

    assert stats["summary"]["index_pending"] == 1
    index = next(c for c in stats["consumers"] if c["name"] == "index")
    assert (index["position"], index["head"], index["behind"]) == (2, 3, 1)
    assert index["age_seconds"] >= 0
    assert "поисковый индекс 2 из 3 1" in table


def test_index_applies_the_log_unless_a_loop_does(run, inbox: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with follower_lock(tmp_path / "data" / "index"):
        run("import", str(inbox))
        assert "Работает цикл индексации" in run("index")
        assert json.loads(run("stats", "--json"))["summary"]["indexed"] == 0

    assert "Внесено изменений в индекс: 2." in run("index")
    assert json.loads(run("stats", "--json"))["summary"]["indexed"] == 2


def test_pruned_changes_are_gone_and_new_ones_still_indexed(  # type: ignore[no-untyped-def]
    run, inbox: Path, tmp_path: Path
) -> None:
    run("import", str(inbox))

    assert "потребителями): 0." in run("prune-changes")  # younger than 30 days
    assert "потребителями): 2." in run("prune-changes", "--keep-days", "0")

    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "3.txt").write_bytes(act_text(number="3-п", title="О дорогах").encode())
    run("import", str(tmp_path / "more"))
    assert [h["number"] for h in json.loads(run("search", "дорогах", "--json"))["hits"]] == ["3-п"]


def test_search_finds_an_import_of_a_moment_ago_while_a_loop_runs(  # type: ignore[no-untyped-def]
    run, inbox: Path, tmp_path: Path
) -> None:
    run("init")
    loop = subprocess.Popen(
        [sys.executable, "-m", "legaldesk.cli", "index", "--follow"],
        env=os.environ,  # the fixture's data directory and database
        stderr=subprocess.PIPE,
    )
    try:
        assert loop.stderr is not None
        assert "Индексатор переносит журнал изменений" in loop.stderr.readline().decode()
        run("import", str(inbox))  # leaves the indexing to the loop

        result = json.loads(run("search", "245-п", "--json"))
    finally:
        loop.terminate()
        loop.wait(timeout=30)

    assert [h["number"] for h in result["hits"]][:1] == ["245-п"]
    assert loop.returncode == 0


def test_log_lists_failures_with_reasons(run, inbox: Path) -> None:  # type: ignore[no-untyped-def]
    run("import", str(inbox))

    out = run("log", "--failures")

    assert "broken.pdf" in out


def test_import_of_a_missing_path_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["import", "/no/such/place"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["show", "99999999999999999999"],
        ["publish", "1", "99999999999999999999"],
        ["runs", "show", "99999999999999999999"],
        ["subscriptions", "items", "99999999999999999999"],
    ],
)
def test_an_id_no_row_can_have_is_a_usage_error(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A twenty-digit id reached the database, which refused it with a traceback."""
    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)


def test_serve_listens_with_tcp_nodelay_so_responses_do_not_wait_for_acks() -> None:
    import socket

    from uvicorn.config import Config

    from legaldesk.cli import _nodelay_listening_socket

    _nodelay_listening_socket()
    _nodelay_listening_socket()  # a second call does not wrap twice
    sock = Config(app=lambda *a: None, host="127.0.0.1", port=0).bind_socket()
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()


# Eight threads allocating at once, then glibc's own account of its arenas (malloc_info).
ARENAS_IN_A_CHILD = """
import ctypes, os, sys, threading
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
together = threading.Barrier(8)
def allocate():
    together.wait()
    libc.malloc(4096)
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
fp = libc.fopen(sys.argv[1].encode(), b"w")
libc.malloc_info(0, fp)
libc.fclose(fp)
"""


def _arenas(env: dict[str, str], out: Path) -> int:
    subprocess.run([sys.executable, "-c", ARENAS_IN_A_CHILD, str(out)], env=env, check=True)
    return out.read_text().count("<heap nr=")


def test_serve_caps_the_malloc_arenas_of_the_processes_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An arena per allocating thread kept the workers' and the indexing loop's memory
    growing (docs/benchmarks.md, «Load and soak»): the processes serve starts get two,
    unless the operator chose otherwise."""
    from legaldesk.cli import _few_malloc_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "")  # so that the test's own change is undone
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    uncapped = _arenas(dict(os.environ), tmp_path / "before.xml")
    _few_malloc_arenas()
    capped = _arenas(dict(os.environ), tmp_path / "after.xml")

    assert uncapped > 2 and capped <= 2
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    _few_malloc_arenas()
    assert os.environ["MALLOC_ARENA_MAX"] == "8"


def test_bombs_cost_their_own_files_and_the_batch_goes_on(tmp_path: Path) -> None:
    """The real command in a process of its own, over a folder where a 435-byte page and a
    flate bomb come before the good acts: the acts are filed, the bombs are listed with
    their reasons and the process ends normally. (SQLite only: what is tested is the
    process, the database is beside the point.)"""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "01-huge-page.pdf").write_bytes(hostile.huge_page_pdf())
    (folder / "02-flate-bomb.pdf").write_bytes(hostile.flate_bomb_pdf())
    for n in (3, 4, 5):
        act = act_text(number=f"{n}-п", title=f"О мерах по благоустройству № {n}")
        (folder / f"0{n}-act.docx").write_bytes(docx_bytes(act))
    settings = Settings(data_dir=tmp_path / "data", database_url="")
    env = {
        **os.environ,
        "LEGALDESK_DATA_DIR": str(settings.data_dir),
        "LEGALDESK_DATABASE_URL": "",
        "LEGALDESK_OCR": "true",  # the huge page would go to OCR: it must not be rendered
        "LEGALDESK_EXTRACT_MEMORY_MB": "512",
    }
    command = [sys.executable, "-c", "from legaldesk.cli import main; main()"]

    done = subprocess.run(
        [*command, "import", str(folder), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["counts"] == {"created": 3, "new_version": 0, "duplicate": 0, "failed": 2}
    refused = {
        "01-huge-page.pdf": "page too large: page 1 measures 508 × 508 cm, "
        "too large for a document (limit 4 m²)",
        "02-flate-bomb.pdf": "out of memory: PDF needs more than 512 MB to read",
    }
    assert {f["filename"]: f["reason"] for f in summary["files"] if f["status"] == "failed"} == (
        refused
    )
    repo = Repository(settings)
    with Session(repo.engine) as session:
        numbers = session.exec(select(Document.number)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "import_failed"))
        audited = {e.detail["filename"]: e.detail["reason"] for e in events}
    repo.close()
    assert sorted(numbers) == ["3-п", "4-п", "5-п"]
    assert audited == refused


def test_a_folder_named_through_a_symlink_is_imported(run, inbox: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "link-to-inbox"
    os.symlink(inbox, link)

    summary = json.loads(run("import", str(link), "--json"))

    assert summary["counts"]["created"] == 2
    assert summary["skipped"] == []


def test_links_leaving_the_folder_are_skipped_with_a_reason(
    run, inbox: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_bytes(act_text(number="99-п").encode())
    os.symlink(outside / "private.txt", inbox / "private.txt")
    os.symlink(outside, inbox / "2024" / "elsewhere")
    os.symlink(inbox, inbox / "2024" / "loop")

    summary = json.loads(run("import", str(inbox), "--json"))
    text = run("import", str(inbox))

    assert summary["counts"]["created"] == 2
    assert sorted(s["path"] for s in summary["skipped"]) == [
        str(inbox / "2024" / "elsewhere"),
        str(inbox / "private.txt"),
    ]
    assert {s["reason"] for s in summary["skipped"]} == {
        f"symbolic link leads outside the folder, to {outside}",
        f"symbolic link leads outside the folder, to {outside / 'private.txt'}",
    }
    assert "пропущено: 2" in " ".join(text.split())
    assert "Пропущены" in text


def test_staff_accounts_are_added_listed_and_unlocked_in_russian(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    # Wide enough that the accounts' table keeps each cell on one line — set on the console
    # itself: rich takes any terminal whose TERM is «dumb» or unset for 80 columns, COLUMNS
    # or not (as on CI's machine).
    monkeypatch.setattr(cli_common.console, "_width", 200)
    monkeypatch.setattr(cli_common.console, "_height", 50)
    env = {
        "LEGALDESK_DATA_DIR": str(tmp_path / "data"),
        "LEGALDESK_DATABASE_URL": database_url,
    }

    def run(*args: str, typed: str = "", code: int = 0) -> str:
        result = runner.invoke(app, list(args), input=typed, env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    # Typed twice differently, then twice alike: asked again, not refused.
    typed = "correct horse\ncorrect hose\ncorrect horse\ncorrect horse\n"
    added = run("users", "add", "ivanova", "--name", "Иванова А. П.", typed=typed)
    short = run("users", "add", "petrov", "--password-stdin", typed="short\n", code=2)
    listed = run("users", "list")

    assert "Пароль:" in added and "Пароль ещё раз:" in added
    assert "Пароли не совпадают; введите ещё раз." in added
    assert "Пользователь ivanova добавлен: библиотекарь." in added
    assert "пароль должен быть не короче 8 знаков" in short and "petrov" not in listed
    assert "Имя пользователя" in listed and "Может входить" in listed
    (row,) = [line for line in listed.splitlines() if "ivanova" in line]
    assert [cell.strip() for cell in row.strip("│ ").split("│")][:4] == [
        "ivanova",
        "Иванова А. П.",
        "библиотекарь",
        "да",
    ]
    assert "Вход для ivanova не был заблокирован." in run("users", "unlock", "ivanova")


def test_import_says_in_russian_what_reading_a_scan_met(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(scanned_pdf([HEADING]))

    out = run("import", str(folder))

    assert "нет текстового слоя (скан)" in out
    assert "needs OCR" not in out and "scan)" not in out
