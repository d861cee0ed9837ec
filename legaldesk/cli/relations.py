"""``legaldesk relations …``: read every act's references again and derive every status
(after the extractor improved, or on a repository whose change log was pruned past the
relations), and list what the relations could not settle.

What these commands print is for the library's staff, so it is in Russian, through the web
interface's catalogue; ``--json`` gives the stored values for scripts.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import func
from sqlmodel import Session, col, select

from legaldesk.cli.common import _progress, _repo, app, console
from legaldesk.cli.speech import _, act_heading, labels
from legaldesk.models import ActReference, Document
from legaldesk.models.relations import AMBIGUOUS, PENDING, RESOLUTIONS
from legaldesk.relations.consumer import rebuild

relations_app = typer.Typer(help="Relations between acts: references read from their texts.")
app.add_typer(relations_app, name="relations")


@relations_app.command("rebuild")
def rebuild_cmd() -> None:
    """Read every act's references again and derive every act's status."""
    repo = _repo()
    with Session(repo.engine) as session:
        total = session.exec(select(func.count()).select_from(Document)).one()
    with _progress() as progress:
        task = progress.add_task(_("Reading the acts' references"), total=total)
        count = rebuild(repo.engine, lambda n: progress.advance(task, n))
    repo.update_index()
    console.print(_("Acts read: %(num)d.") % {"num": count})
    repo.close()


@relations_app.command("unsettled")
def unsettled_cmd(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
) -> None:
    """References still waiting for their act, or matching several acts: what a librarian
    may want to file or to tell apart."""
    repo = _repo()
    with Session(repo.engine) as session:
        rows = session.exec(
            select(ActReference)
            .where(col(ActReference.resolution).in_([PENDING, AMBIGUOUS]))
            .order_by(col(ActReference.source_id), col(ActReference.ordinal))
            .limit(limit)
        ).all()
        counts = dict(
            session.exec(
                select(ActReference.resolution, func.count()).group_by(ActReference.resolution)
            ).all()
        )
    if as_json:
        print(
            json.dumps(
                {
                    "counts": {r: counts.get(r, 0) for r in RESOLUTIONS},
                    "references": [
                        {
                            "source_id": r.source_id,
                            "role": r.role,
                            "resolution": r.resolution,
                            "doc_type": r.doc_type,
                            "number": r.number,
                            "date": r.date_adopted.isoformat() if r.date_adopted else None,
                            "candidates": r.candidates or [],
                            "sentence": r.sentence,
                        }
                        for r in rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        repo.close()
        return
    table = Table(_("Act"), _("Relation"), _("Refers to"), _("State"), title_justify="left")
    for r in rows:
        state = _("waits for the act") if r.resolution == PENDING else _("several acts match")
        table.add_row(
            str(r.source_id),
            escape(_(labels().ROLES_OUT.get(r.role, r.role))),
            escape(act_heading(r.doc_type, r.date_adopted, r.number)),
            escape(state),
        )
    console.print(table)
    console.print(
        _(
            "Resolved: %(resolved)d, outside the collection: %(external)d, waiting: %(pending)d, "
            "ambiguous: %(ambiguous)d."
        )
        % {r: counts.get(r, 0) for r in RESOLUTIONS}
    )
    repo.close()
