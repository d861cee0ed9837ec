"""``legaldesk demo``: the project's own synthetic acts, written as real files in the formats
administrations publish, imported through the one pipeline, then searched."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from sqlmodel import Session, col, select

from legaldesk.accounts.users import UserError, create_user
from legaldesk.cli import import_summary
from legaldesk.cli.speech import _, label, labels, ngettext
from legaldesk.harvesters.config import load_sources, source_from_dict
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.runner import Progress as HarvestProgress
from legaldesk.harvesters.store import get_source, save_source, set_enabled
from legaldesk.index import SearchQuery
from legaldesk.models import Document, SubscriptionItem, User
from legaldesk.pipeline.ingest import Hints, ingest_path
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from legaldesk.synth import generate_acts, render_act
from legaldesk.synth.clippings import generate_clippings, render_clipping
from legaldesk.synth.webserver import Site, serve
from legaldesk.synth.website import build_site

REPO = Path(__file__).resolve().parents[1]
DEMO_SITE = REPO / "data" / "demo_site"
DEMO_SOURCES = REPO / "data" / "sources" / "demo-site.toml"
DEMO_PORT = 8642
DEMO_ADDRESS = f"127.0.0.1:{DEMO_PORT}"
DEMO_BASE = f"http://{DEMO_ADDRESS}"

# The mix of formats a municipal website offers: mostly DOCX and PDF, some legacy encodings.
FORMATS = ("docx", "pdf", "docx", "html", "pdf", "txt-cp1251", "rtf", "txt-utf8", "txt-koi8r")
SAMPLE_QUERIES = ("земельный налог", "тариф на холодную воду", "многодетные семьи", "бюджет")
CLIPPINGS = 12  # district newspaper articles about the demo's acts: the facet shows them


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
    repo: Repository,
    count: int,
    seed: int,
    console: Console,
    progress: Callable[[], Progress],
    translate: Callable[[str], str] = str,
) -> None:
    """``translate`` puts the domain's messages in the librarians' language (the CLI's,
    for the digests' reasons)."""
    repo.init()
    folder = repo.settings.data_dir / "demo-files"
    console.print(
        ngettext(
            "Writing %(num)d demo act to %(folder)s",
            "Writing %(num)d demo acts to %(folder)s",
            count,
        )
        % {"num": count, "folder": f"[bold]{escape(str(folder))}[/]"}
    )
    files = write_demo_files(folder, count, seed)
    ingestor = repo.ingestor("demo")
    outcomes = []
    with progress() as bar:
        task = bar.add_task(_("Importing the demo acts"), total=len(files))
        for path, hints in files:
            outcomes.append(ingest_path(ingestor, path, hints))
            bar.advance(task)
        bar.update(task, description=_("Indexing"))
        repo.update_index()
    console.print(import_summary(outcomes, []))
    demo_clippings(repo, console, count, seed)
    demo_accounts(repo, console)
    subscribed = demo_subscriptions(repo, console)
    harvest_demo_site(repo, console, progress)
    demo_digests(repo, console, subscribed, translate)
    demo_desk(repo, console, progress, seed)
    demo_dossier(repo, console)
    for text in SAMPLE_QUERIES:
        page = search_documents(
            repo.engine, repo.index, SearchQuery(text=text, limit=3, facets=False)
        )
        found = ngettext("%(num)d document found", "%(num)d documents found", page.total) % {
            "num": page.total
        }
        console.print(f"\n[bold]«{escape(text)}»[/]: {found}")
        for hit in page.hits:
            console.print(
                f"  {hit.id:>5}  № {escape(hit.number or '—')}  {escape((hit.title or '')[:90])}"
            )
    with Session(repo.engine) as session:
        for status in ("repealed", "amended"):
            first = session.exec(
                select(Document.id).where(Document.status == status).order_by(col(Document.id))
            ).first()
            if first is not None:
                console.print(
                    _("An act with the status «%(status)s»: %(command)s (%(url)s)")
                    % {
                        "status": escape(label(labels().STATUSES, status)),
                        "command": f"[bold].venv/bin/legaldesk show {first}[/]",
                        "url": f"http://127.0.0.1:8000/documents/{first}",
                    }
                )
    commands = (
        ".venv/bin/legaldesk search 'земельный налог'",
        ".venv/bin/legaldesk requests list --list overdue",
        ".venv/bin/legaldesk requests stats --preset this_year",
        ".venv/bin/legaldesk show 1",
        ".venv/bin/legaldesk stats",
        ".venv/bin/legaldesk sources list",
        ".venv/bin/legaldesk runs list",
    )
    console.print(
        "\n"
        + _("Try: %(commands)s")
        % {"commands": ", ".join(f"[bold]{escape(c)}[/]" for c in commands)}
    )
    repo.close()


def demo_dossier(repo: Repository, console: Console) -> None:
    """The demo employee's dossier «бюджет и налоги», composed from LegalDesk's proposals in
    two sections and delivered once; a second, standing one waits for the librarian."""
    from legaldesk.dossiers import proposals
    from legaldesk.dossiers.delivery import deliver
    from legaldesk.dossiers.store import Order, add_section, decide, get_dossier, order_dossier

    with Session(repo.engine) as session:
        employee = session.exec(select(User).where(User.username == "employee")).first()
    if employee is None:
        return
    ordered = order_dossier(
        repo.engine,
        employee,
        Order(topic="бюджет и налоги", purpose="к заседанию комиссии по бюджету"),
    )
    assert ordered.id is not None
    proposals.propose(repo.engine, repo.index, repo.qa_index, ordered.id)
    view = get_dossier(repo.engine, ordered.id)
    assert view is not None
    budget = add_section(repo.engine, ordered.id, "Бюджет", "demo")
    taxes = add_section(repo.engine, ordered.id, "Налоги и сборы", "demo")
    chosen = view.proposed[:12]
    for section, items in (
        (taxes.id, [i.id for i in chosen if "налог" in i.title.lower()]),
        (budget.id, [i.id for i in chosen if "налог" not in i.title.lower()]),
    ):
        if items:
            decide(repo.engine, ordered.id, items, True, "demo", section)
    deliver(repo, ordered.id, "demo", email=False)
    standing = order_dossier(
        repo.engine,
        employee,
        Order(topic="тарифы ЖКХ", purpose="сводка для главы", standing=True),
    )
    assert standing.id is not None
    proposals.propose(repo.engine, repo.index, repo.qa_index, standing.id)
    console.print(
        _(
            "Dossiers: «%(delivered)s» is delivered (sign in as %(user)s to download it), "
            "«%(standing)s» awaits the librarian at /staff/dossiers"
        )
        % {"delivered": ordered.topic, "user": "[bold]employee[/]", "standing": standing.topic}
    )


def demo_clippings(repo: Repository, console: Console, count: int, seed: int) -> None:
    """A dozen newspaper articles about the demo's acts, written as DOCX and text files and
    filed as press clippings through the same pipeline."""
    folder = repo.settings.data_dir / "demo-files" / "clippings"
    folder.mkdir(parents=True, exist_ok=True)
    ingestor = repo.ingestor("demo")
    filed = 0
    for clipping in generate_clippings(generate_acts(count, seed=seed), CLIPPINGS, seed):
        name, data = render_clipping(clipping, "docx" if clipping.seq % 2 else "txt")
        path = folder / name
        path.write_bytes(data)
        hints = Hints(rubrics=clipping.rubrics)
        outcome = ingest_path(ingestor, path, hints, clipping=clipping.details)
        filed += outcome.status == "created"
    repo.update_index()
    console.print(
        ngettext(
            "%(num)d press clipping filed (on the search page: «%(facet)s»)",
            "%(num)d press clippings filed (on the search page: «%(facet)s»)",
            filed,
        )
        % {"num": filed, "facet": _("Kind of material")}
    )


def harvest_demo_site(repo: Repository, console: Console, progress: Callable[[], Progress]) -> None:
    """Serve the demo municipal website (data/demo_site) on localhost and harvest it with
    the sources of data/sources/demo-site.toml, the way a librarian would harvest a real
    administration's site."""
    site_dir = DEMO_SITE
    if not site_dir.is_dir():  # an installed package carries no data/: write the site
        site_dir = repo.settings.data_dir / "demo-site"
        build_site(site_dir, count=60, seed=7)
    if not DEMO_SOURCES.is_file():
        said = _("There is no %(file)s: the demo harvest is skipped") % {
            "file": "data/sources/demo-site.toml"
        }
        console.print(f"[yellow]{escape(said)}[/]")
        return
    try:
        served = serve(Site.from_directory(site_dir, DEMO_PORT))
        site = served.__enter__()
    except OSError:  # the usual port is taken: any free one will do for this run
        served = serve(Site.from_directory(site_dir))
        site = served.__enter__()
    console.print(
        "\n"
        + _("Harvesting the demo municipal website at %(url)s")
        % {"url": f"[bold]{escape(site.base)}/[/]"}
    )
    # Harvests fetch only public addresses unless allowed; this one, from our own server.
    policy = repo.settings.fetch_policy.allowing(site.base.removeprefix("http://"))
    allow_demo_site(repo, console)
    try:
        for config in load_sources(DEMO_SOURCES):
            data = config.to_json()
            data["start_urls"] = [u.replace(DEMO_BASE, site.base) for u in data["start_urls"]]
            save_source(repo.engine, source_from_dict(data), actor="demo")
            source = get_source(repo.engine, config.name)
            with progress() as bar:
                task = bar.add_task(config.name, total=None)
                hooks = HarvestProgress(
                    files_total=lambda n, t=task: bar.update(t, total=n),
                    file_done=lambda _u, _r, t=task: bar.advance(t),
                )
                report = Harvester(
                    repo, source, trigger="demo", progress=hooks, policy=policy
                ).run()
            console.print(
                "  "
                + _(
                    "%(source)s: %(status)s — files in the lists: %(found)d, new: %(new)d, "
                    "already here: %(unchanged)d, failed: %(failed)d"
                )
                % {
                    "source": escape(config.name),
                    "status": escape(label(labels().RUN_STATUSES, report.status)),
                    "found": report.found,
                    "new": report.new,
                    "unchanged": report.unchanged,
                    "failed": report.failed,
                }
            )
            if site.base != DEMO_BASE:
                set_enabled(repo.engine, config.name, False)  # its port is gone after the demo
        repo.update_index()
    finally:
        served.__exit__(None, None, None)


DEMO_ALLOWANCE = f"""\
# Written by `legaldesk demo`. Harvests fetch only public addresses, unless an address is
# listed here (docs/harvesting.md). The demo municipal website is served on this machine
# (python -m legaldesk.synth.webserver data/demo_site), so its address is allowed, for
# harvesting it again by hand or from the staff workspace. Remove it on a real centre.
fetch_allow = ["{DEMO_ADDRESS}"]
"""


def allow_demo_site(repo: Repository, console: Console) -> None:
    """Allow the demo website's address in the data directory's legaldesk.toml, written only
    when there is none: an administrator's own configuration is never touched."""
    config = repo.settings.data_dir / "legaldesk.toml"
    if repo.settings.fetch_policy.refusal("127.0.0.1", "127.0.0.1", DEMO_PORT) is None:
        return  # allowed already
    if config.exists() or os.environ.get("LEGALDESK_CONFIG"):
        said = _("To harvest the demo website again, allow its address: %(setting)s") % {
            "setting": f"LEGALDESK_FETCH_ALLOW={DEMO_ADDRESS}"
        }
        console.print(f"[yellow]{escape(said)}[/]")
        return
    config.write_text(DEMO_ALLOWANCE, encoding="utf-8")
    console.print(
        _("The demo website's address %(address)s is allowed in %(file)s")
        % {"address": DEMO_ADDRESS, "file": escape(str(config))}
    )


DEMO_ACCOUNTS = (("admin", "admin", "demo-admin"), ("librarian", "librarian", "demo-librarian"))


def demo_accounts(repo: Repository, console: Console) -> None:
    """Demo staff accounts with published passwords: for trying the workspace, never for a
    real centre (`legaldesk users add` makes real ones)."""
    for username, role, password in DEMO_ACCOUNTS:
        try:
            create_user(repo.engine, username, password, role, actor="demo")
        except UserError:
            continue  # made by an earlier demo
    console.print(
        "\n"
        + _(
            "Staff workspace: sign in at /login as %(librarian)s or %(admin)s, a municipal "
            "employee as %(employee)s (for the demo only)"
        )
        % {
            "librarian": "[bold]librarian[/] / demo-librarian",
            "admin": "[bold]admin[/] / demo-admin",
            "employee": "[bold]employee[/] / demo-employee",
        }
    )


def demo_subscriptions(repo: Repository, console: Console) -> list[int]:
    """Before the demo website is harvested: a deputy subscribed to «жилищно-коммунальное
    хозяйство» (address confirmed, news at once) who also follows an act, the housing
    department's information support card by subject heading (weekly), and a resident whose
    address awaits confirmation. The harvest then brings them news."""
    from legaldesk.subscriptions import jobs, subscribers
    from legaldesk.subscriptions.subscribers import ProfileFields

    links = jobs.links_for(repo.settings)
    try:
        user = create_user(repo.engine, "deputy", "demo-deputy", "deputy", "Петров П. П.", "demo")
    except UserError:
        return []  # made by an earlier demo
    deputy = subscribers.of_user(repo.engine, user)
    assert deputy.id is not None
    subscribers.add_profile(
        repo.engine,
        deputy.id,
        ProfileFields(query="жилищно-коммунальное хозяйство", frequency="immediate"),
        "demo",
    )
    with Session(repo.engine) as session:
        followed = session.exec(
            select(Document.id)
            .where(Document.publication == "published")
            .order_by(col(Document.id))
        ).first()
    if followed is not None:
        subscribers.add_profile(
            repo.engine, deputy.id, ProfileFields(follow_document_id=followed), "demo"
        )
    subscribers.set_email(repo.engine, deputy.id, "petrov@duma.example", "demo", links)
    subscribers.confirm_email(repo.engine, deputy.id)
    card = subscribers.create(
        repo.engine,
        "Отдел ЖКХ администрации района (Смирнова О. В.)",
        "demo",
        email="zhkh@admin.example",
        links=links,
    )
    assert card.id is not None
    subscribers.confirm_email(repo.engine, card.id)
    subscribers.add_profile(
        repo.engine,
        card.id,
        ProfileFields(rubric="housing_utilities", frequency="weekly"),
        "demo",
    )
    subscribers.add_profile(
        repo.engine, card.id, ProfileFields(query="тарифы", frequency="weekly"), "demo"
    )
    resident = subscribers.subscribe_on_site(
        repo.engine, "resident@mail.example", ProfileFields(query="земельный налог"), links
    )
    console.print(
        "\n"
        + _(
            "Subscriptions: a deputy (%(deputy)s), the housing department's card and a "
            "resident; %(command)s"
        )
        % {
            "deputy": "[bold]deputy[/] / demo-deputy",
            "command": "[bold].venv/bin/legaldesk subscriptions list[/]",
        }
    )
    return [i for i in (deputy.id, card.id, resident.id) if i is not None]


def demo_digests(
    repo: Repository, console: Console, subscribed: list[int], translate: Callable[[str], str]
) -> None:
    """After the harvest: what the subscribers were told of, and the digests queued."""
    from legaldesk.subscriptions import jobs

    if not subscribed:
        return
    sent = jobs.run(repo.engine, repo.settings, translate)
    with Session(repo.engine) as session:
        told = len(session.exec(select(SubscriptionItem.id)).all())
    told_line = ngettext(
        "Subscribers were told of %(num)d act", "Subscribers were told of %(num)d acts", told
    ) % {"num": told}
    queued = ngettext(
        "%(num)d digest waits in the outbox", "%(num)d digests wait in the outbox", len(sent)
    ) % {"num": len(sent)}
    console.print(
        f"{told_line}; {queued} ([bold].venv/bin/legaldesk subscriptions items 1[/], "
        "[bold].venv/bin/legaldesk mail list[/])"
    )


def demo_desk(
    repo: Repository, console: Console, progress: Callable[[], Progress], seed: int
) -> None:
    """Half a year of generated requests at the reference desk (legaldesk/synth/requests.py),
    so the desk's lists and statistics show a working desk."""
    from legaldesk.synth.requests import generate

    with progress() as bar:
        task = bar.add_task(_("Demo requests at the reference desk"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        made = generate(repo, seed=seed, progress=advance)
    if made.skipped:
        console.print(_("The reference desk has its demo requests already"))
        return
    console.print(
        _(
            "Reference desk: requests of the last six months: %(requests)d (answered: "
            "%(answered)d, overdue: %(overdue)d, flagged because a cited act has a newer "
            "version: %(flagged)d); searches on the site that found nothing: %(gaps)d; "
            "answers in the question–answer base: %(qa)d; %(pages)s"
        )
        % {
            "requests": made.requests,
            "answered": made.answered,
            "overdue": made.overdue,
            "flagged": made.flagged,
            "gaps": made.gaps,
            "qa": made.qa,
            "pages": "/staff/desk, /staff/desk/stats, /qa",
        }
    )
