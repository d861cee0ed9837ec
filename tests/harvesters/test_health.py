"""Warnings about sources that quietly stopped working, and which sources are due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from legaldesk.db import session_scope
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.schedule import due_sources
from legaldesk.harvesters.store import StoredSource, get_source, save_source
from legaldesk.models import HarvestRun

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def add_source(engine: Engine, name: str = "adm", **extra: object) -> StoredSource:
    config = source_from_dict(
        {"name": name, "kind": "listing", "start_urls": ["https://adm.example/"], **extra}
    )
    save_source(engine, config)
    return get_source(engine, name)


def add_runs(
    engine: Engine,
    source: StoredSource,
    found: list[int],
    status: str = "ok",
    message: str | None = None,
) -> None:
    with session_scope(engine) as session:
        for i, n in enumerate(found):
            start = T0 + timedelta(days=i)
            session.add(
                HarvestRun(
                    source_id=source.id,
                    started_at=start,
                    finished_at=start + timedelta(minutes=5),
                    status=status,
                    found=n,
                    message=message,
                )
            )


def test_a_source_that_found_documents_and_now_finds_none_is_flagged(engine: Engine) -> None:
    source = add_source(engine)
    add_runs(engine, source, [40, 41, 0, 0, 0])

    health = source_health(engine, source, now=T0 + timedelta(days=5))

    assert health.runs == 5
    assert health.warnings == [
        "found no documents in the last 3 runs, though it found 41 before: the site may have "
        "changed its pages"
    ]


def test_two_empty_runs_are_not_yet_a_warning(engine: Engine) -> None:
    source = add_source(engine)
    add_runs(engine, source, [40, 0, 0])

    assert source_health(engine, source, now=T0 + timedelta(days=3)).warnings == []


def test_a_source_that_never_found_anything_is_not_called_broken(engine: Engine) -> None:
    source = add_source(engine)
    add_runs(engine, source, [0, 0, 0, 0])

    assert source_health(engine, source).warnings == []


def test_failing_runs_are_flagged_with_their_message(engine: Engine) -> None:
    source = add_source(engine)
    add_runs(engine, source, [10])
    add_runs(engine, source, [0, 0, 0], status="failed", message="cannot connect")

    health = source_health(engine, source)

    assert "the last 3 runs failed: cannot connect" in health.warnings
    assert health.documents_per_run == 2.5


def test_sources_are_due_when_their_interval_has_passed(engine: Engine) -> None:
    daily = add_source(engine, "daily", schedule="1d")
    add_source(engine, "never-run", schedule="1w")
    add_source(engine, "manual")  # no schedule: only by hand
    add_runs(engine, daily, [5])

    assert {s.name for s in due_sources(engine, now=T0 + timedelta(hours=23))} == {"never-run"}
    assert {s.name for s in due_sources(engine, now=T0 + timedelta(hours=24))} == {
        "daily",
        "never-run",
    }


def test_a_source_with_an_unknown_rubric_is_refused_when_added(engine: Engine) -> None:
    import pytest

    from legaldesk.harvesters.config import SourceConfigError

    with pytest.raises(SourceConfigError, match="unknown rubric"):
        add_source(engine, "bad", defaults={"rubrics": ["taxes"]})
