"""``legaldesk demo``: the project's own synthetic acts, written as real files in the formats
administrations publish, imported through the one pipeline, then searched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from legaldesk.desk import LegalDesk
from legaldesk.index import SearchQuery
from legaldesk.pipeline.ingest import Hints, ingest_path
from legaldesk.search import search_documents
from legaldesk.synth import generate_acts, render_act

# The mix of formats a municipal website offers: mostly DOCX and PDF, some legacy encodings.
FORMATS = ("docx", "pdf", "docx", "html", "pdf", "txt-cp1251", "rtf", "txt-utf8", "txt-koi8r")
SAMPLE_QUERIES = ("земельный налог", "тариф на холодную воду", "многодетные семьи", "бюджет")


def write_demo_files(target: Path, count: int, seed: int) -> list[tuple[Path, Hints]]:
    target.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, Hints]] = []
    pdf_ok = True
    for act in generate_acts(count, seed=seed):
        fmt = FORMATS[act.seq % len(FORMATS)]
        if fmt == "pdf" and not pdf_ok:
            fmt = "docx"
        try:
            name, data = render_act(act, fmt)
        except RuntimeError:  # no Cyrillic font for PDFs on this machine
            pdf_ok = False
            name, data = render_act(act, "docx")
        path = target / name
        path.write_bytes(data)
        hints = Hints(
            level=act.level, territory=act.territory, rubrics=act.rubrics, status="in_force"
        )
        files.append((path, hints))
    return files


def run_demo(
    desk: LegalDesk,
    count: int,
    seed: int,
    console: Console,
    progress: Callable[[], Progress],
) -> None:
    desk.init()
    folder = desk.settings.data_dir / "demo-files"
    console.print(f"writing {count} demo acts to [bold]{escape(str(folder))}[/]")
    files = write_demo_files(folder, count, seed)
    ingestor = desk.ingestor("demo")
    statuses: dict[str, int] = {}
    with progress() as bar:
        task = bar.add_task("importing demo acts", total=len(files))
        for path, hints in files:
            outcome = ingest_path(ingestor, path, hints)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
            bar.advance(task)
        bar.update(task, description="indexing")
        desk.sync_index()
    console.print("imported: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for text in SAMPLE_QUERIES:
        page = search_documents(
            desk.engine, desk.index, SearchQuery(text=text, limit=3, facets=False)
        )
        console.print(f"\n[bold]«{escape(text)}»[/]: {page.total} found")
        for hit in page.hits:
            console.print(
                f"  {hit.id:>5}  № {escape(hit.number or '—')}  {escape((hit.title or '')[:90])}"
            )
    console.print(
        "\nTry: [bold].venv/bin/legaldesk search 'земельный налог'[/], "
        "[bold].venv/bin/legaldesk show 1[/], [bold].venv/bin/legaldesk stats[/]"
    )
    desk.close()
