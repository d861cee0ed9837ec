"""Delivering a dossier: its accepted items, in their sections and order, become a DOCX
(legaldesk/dossiers/document.py) kept in the blob store; the delivery records exactly what
was sent — each item with the version of the act and the description printed — and marks
the items delivered, so that a standing dossier's next top-up tells what is new. With an
address, the requester is told by e-mail through the outbox, with a link to download it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from legaldesk.catalogue import act
from legaldesk.db import session_scope
from legaldesk.dossiers.document import Entry, Part, TitlePage, build
from legaldesk.dossiers.store import DossierError, ItemView, get_dossier
from legaldesk.mail import enqueue
from legaldesk.messages import Msg
from legaldesk.models import QaEntry
from legaldesk.models.base import utcnow
from legaldesk.models.dossiers import Dossier, DossierDelivery, DossierItem
from legaldesk.repository import Repository
from legaldesk.vocabulary import act_heading_ru

Describe = Callable[[int], str]  # document id → its GOST R 7.0.100-2018 description

STATUS_RU = {
    "in_force": "действует",
    "amended": "действует с изменениями",
    "repealed": "утратил силу",
    "suspended": "действие приостановлено",
}


def deliver(
    repo: Repository,
    dossier_id: int,
    actor: str,
    *,
    describe: Describe | None = None,
    full_text: bool = False,
    email: bool = True,
    today: date | None = None,
) -> DossierDelivery:
    view = get_dossier(repo.engine, dossier_id)
    if view is None:
        raise DossierError(Msg("there is no dossier %(id)s", id=dossier_id))
    if not view.accepted:
        raise DossierError(Msg("accept at least one item before delivering the dossier"))
    describe = describe or _default_describe(repo)
    contents: list[dict[str, Any]] = []
    parts = []
    for section in view.sections:
        entries = []
        for item in section.items:
            entry, record = _entry(repo, item, describe)
            entries.append(entry)
            contents.append(record)
        parts.append(Part(title=section.title, entries=entries))
    dossier = view.dossier
    made_on = today or date.today()
    title = TitlePage(
        library=repo.settings.library_name,
        topic=dossier.topic,
        requester=dossier.requester_name,
        purpose=dossier.purpose,
        period=_period(dossier),
        compiler=dossier.compiler or actor,
        made_on=made_on,
    )
    data = build(title, [p for p in parts if p.entries], full_text=full_text)
    sha256 = repo.blobs.put(data)
    filename = f"dossier-{dossier_id}-{made_on:%Y-%m-%d}.docx"
    with session_scope(repo.engine) as session:
        stored = session.get(Dossier, dossier_id)
        assert stored is not None
        delivery = DossierDelivery(
            dossier_id=dossier_id,
            by=actor[:128],
            contents=contents,
            sha256=sha256,
            filename=filename,
            emailed_to=stored.requester_email if email else None,
        )
        session.add(delivery)
        session.flush()
        for sent in session.exec(
            select(DossierItem).where(
                col(DossierItem.id).in_([c["item"] for c in contents]),
                col(DossierItem.delivered_in).is_(None),
            )
        ).all():
            sent.delivered_in = delivery.id
            session.add(sent)
        stored.state = "delivered"
        stored.updated_at = utcnow()
        session.add(stored)
        if email and stored.requester_email:
            link = f"{_base(repo)}/staff/dossiers/{dossier_id}/deliveries/{delivery.id}"
            enqueue(
                session,
                stored.requester_email,
                f"Досье «{stored.topic}» готово",
                _letter(stored, len(contents), link),
                kind="dossier_delivered",
                ref=f"dossier:{dossier_id}",
            )
        return delivery


def _entry(repo: Repository, item: ItemView, describe: Describe) -> tuple[Entry, dict[str, Any]]:
    if item.document_id is not None:
        found = act(repo.engine, item.document_id)
        if found is None:
            raise DossierError(Msg("there is no act %(id)s", id=item.document_id))
        status = STATUS_RU.get(found.status) if item.material != "clipping" else None
        entry = Entry(
            heading=(
                found.title or act_heading_ru(found.doc_type, found.date_adopted, found.number)
                if item.material == "clipping"
                else act_heading_ru(found.doc_type, found.date_adopted, found.number)
            ),
            description=describe(item.document_id),
            status=status,
            note=item.note,
            text=found.text,
        )
        version = found.versions[-1].id if found.versions else None
        return entry, {
            "item": item.id,
            "document_id": item.document_id,
            "version_id": version,
            "description": entry.description,
        }
    with Session(repo.engine) as session:
        qa = session.get(QaEntry, item.qa_entry_id)
    if qa is None:
        raise DossierError(Msg("there is no question–answer entry %(id)s", id=item.qa_entry_id))
    description = (
        f"{qa.question} // Вопросы и ответы : база центра правовой информации. – "
        f"URL: {_base(repo)}/qa/{qa.id}"
    )
    entry = Entry(
        heading=f"Вопрос и ответ № {qa.id}",
        description=description,
        status=None,
        note=item.note,
        text=qa.answer,
    )
    return entry, {"item": item.id, "qa_entry_id": qa.id, "description": description}


def _default_describe(repo: Repository) -> Describe:
    from legaldesk.bibliography import describe_document

    return lambda document_id: describe_document(repo, document_id)


def _period(dossier: Dossier) -> str:
    if dossier.period_from and dossier.period_to:
        return f"с {dossier.period_from:%d.%m.%Y} по {dossier.period_to:%d.%m.%Y}"
    if dossier.period_from:
        return f"с {dossier.period_from:%d.%m.%Y}"
    if dossier.period_to:
        return f"по {dossier.period_to:%d.%m.%Y}"
    return ""


def _base(repo: Repository) -> str:
    return repo.settings.resolved_public_url


def _letter(dossier: Dossier, count: int, link: str) -> str:
    return (
        "Здравствуйте!\n\n"
        f"Центр правовой информации подготовил досье «{dossier.topic}»: материалов — {count}.\n"
        f"Скачать его можно в рабочем месте: {link}\n\n"
        "Это письмо отправлено автоматически; на него не нужно отвечать.\n"
    )
