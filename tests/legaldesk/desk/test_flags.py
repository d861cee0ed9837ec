"""A cited act changes, and the request is flagged: the desk follows the change log as the
index does, once per change, and only with what happened after the act was cited."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from legaldesk import changes, publication
from legaldesk.desk import answers, flags, history
from legaldesk.desk.requests import Clock, Intake, create_request, get_request
from legaldesk.editing import Changes, merge_documents, save_metadata
from legaldesk.models import ReviewFlag
from legaldesk.repository import Repository
from tests.legaldesk.desk.conftest import file_act

TITLE = "О земельном налоге на территории Заречного сельского поселения"


def _fields(status: str, title: str, reason: str = "") -> Changes:
    return Changes(
        status_reason=reason,
        doc_type="postanovlenie",
        number="245-п",
        date_adopted=date(2024, 3, 12),
        title=title,
        issuer="Администрация Заречного сельского поселения",
        level="municipal",
        status=status,
        rubrics=(),
    )


def _asked(repo: Repository, clock: Clock, question: str = "Ставки земельного налога") -> int:
    request = create_request(repo.engine, Intake(question=question), "t", clock)
    assert request.id is not None
    return request.id


def test_a_new_version_of_a_cited_act_flags_the_request_once(
    repo: Repository, clock: Clock
) -> None:
    act = file_act(repo, "245-п", TITLE, "Установить ставки на 2025 год.")
    request = _asked(repo, clock)
    answers.cite_act(repo.engine, request, act, "web:librarian")
    flags.follow(repo.engine)
    assert flags.open_flags(repo.engine, request) == []

    file_act(repo, "245-п", TITLE, "Установить ставки на 2026 год.")  # the same act, new text
    flags.follow(repo.engine)
    flags.DeskConsumer(repo.engine).apply(changes.read(repo.engine, 0, 1000))  # again: no news

    (flag,) = flags.open_flags(repo.engine, request)
    assert flag.kind == "new_version"
    assert (flag.detail["cited_n"], flag.detail["n"]) == (1, 2)
    page = get_request(repo.engine, request)
    assert page is not None and not page.acts[0].current
    assert [e.action for e in page.events][-1] == "flagged"


def test_withdrawal_and_a_change_of_status_flag_a_correction_does_not(
    repo: Repository, clock: Clock
) -> None:
    act = file_act(repo, "245-п", TITLE)
    request = _asked(repo, clock)
    answers.cite_act(repo.engine, request, act, "t")

    save_metadata(repo.engine, act, _fields(status="unknown", title="О земельном налоге"), "t")
    flags.follow(repo.engine)
    assert flags.open_flags(repo.engine, request) == []
    repealed = _fields(status="repealed", title="О земельном налоге", reason="решение суда")
    save_metadata(repo.engine, act, repealed, "t")
    publication.withdraw(repo.engine, [act], "отменён решением суда", "t")
    flags.follow(repo.engine)

    raised = flags.open_flags(repo.engine, request)
    assert [(f.kind, f.detail) for f in raised] == [
        ("status_changed", {"from": "unknown", "to": "repealed", "since": None, "by": None}),
        ("withdrawn", {"reason": "отменён решением суда"}),
    ]


def test_merging_flags_the_request_citing_the_act_merged_away(
    repo: Repository, clock: Clock
) -> None:
    kept = file_act(repo, "245-п", TITLE)
    twin = file_act(repo, "17-п", "О тарифах")
    on_twin = _asked(repo, clock, "тарифы")
    on_kept = _asked(repo, clock, "налог")
    answers.cite_act(repo.engine, on_twin, twin, "t")
    answers.cite_act(repo.engine, on_kept, kept, "t")

    merge_documents(repo.engine, twin, kept, "t")
    flags.follow(repo.engine)

    (removed,) = flags.open_flags(repo.engine, on_twin)
    assert (removed.kind, removed.detail) == ("removed", {"into": kept})
    (merged,) = flags.open_flags(repo.engine, on_kept)
    assert (merged.kind, merged.detail) == ("merged", {"from": twin})
    page = get_request(repo.engine, on_twin)
    assert page is not None and page.acts[0].document_id == kept  # the version moved


def test_what_happened_before_the_act_was_cited_is_no_news(repo: Repository, clock: Clock) -> None:
    act = file_act(repo, "245-п", TITLE, "Первая редакция.")
    file_act(repo, "245-п", TITLE, "Вторая редакция.")
    publication.withdraw(repo.engine, [act], "устарел", "t")
    request = _asked(repo, clock)

    answers.cite_act(repo.engine, request, act, "t")  # the current (second) version
    flags.follow(repo.engine)

    assert flags.open_flags(repo.engine, request) == []
    assert answers.cited_acts(repo.engine, request)[0].version_n == 2


def test_a_librarian_clears_the_flags(repo: Repository, clock: Clock) -> None:
    act = file_act(repo, "245-п", TITLE)
    request = _asked(repo, clock)
    answers.cite_act(repo.engine, request, act, "t")
    publication.withdraw(repo.engine, [act], "устарел", "t")
    flags.follow(repo.engine)

    cleared = flags.clear_flags(repo.engine, request, "web:librarian")

    assert cleared == 1
    assert flags.open_flags(repo.engine, request) == []
    with Session(repo.engine) as session:
        flag = session.exec(select(ReviewFlag)).one()
    assert flag.cleared_by == "web:librarian"
    assert history.events(repo.engine, request)[-1].action == "flag_cleared"


def test_the_desk_follows_the_log_with_the_index(repo: Repository, clock: Clock) -> None:
    """A command's catch-up (no indexing loop) applies the desk's consumer too."""
    repo.init()
    act = file_act(repo, "245-п", TITLE)
    request = _asked(repo, clock)
    answers.cite_act(repo.engine, request, act, "t")
    publication.withdraw(repo.engine, [act], "устарел", "t")

    repo.update_index()

    assert [f.kind for f in flags.open_flags(repo.engine, request)] == ["withdrawn"]
    assert changes.position(repo.engine, flags.DESK) == changes.head(repo.engine)


def test_the_indexing_loop_follows_the_desk_too(repo: Repository, clock: Clock) -> None:
    """`legaldesk serve`'s loop applies the log to the index and then to the desk's flags."""
    import threading
    import time

    from legaldesk.indexing import run_loop

    repo.init()
    act = file_act(repo, "245-п", TITLE)
    request = _asked(repo, clock)
    answers.cite_act(repo.engine, request, act, "t")
    publication.withdraw(repo.engine, [act], "устарел", "t")
    stop = threading.Event()
    loop = threading.Thread(
        target=run_loop,
        args=(repo.engine, repo.index, repo.settings.index_consumer, stop),
        kwargs={"interval": 0.02, "also": [flags.DeskConsumer(repo.engine)]},
    )
    loop.start()
    try:
        deadline = time.monotonic() + 20
        while not flags.open_flags(repo.engine, request):  # waiting for the loop, with a deadline
            assert time.monotonic() < deadline, "the loop raised no flag"
            time.sleep(0.02)
    finally:
        stop.set()
        loop.join(timeout=10)

    assert [f.kind for f in flags.open_flags(repo.engine, request)] == ["withdrawn"]
