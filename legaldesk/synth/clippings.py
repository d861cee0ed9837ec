"""Synthetic press clippings: district newspaper articles about the synthetic acts
(«Тарифы на тепловую энергию изменятся с 1 июля»), each citing its act by type, date and
number as a newspaper would, with the issue's number, date and pages, rendered as DOCX or
plain text. Used by ``legaldesk demo`` so that the «kind of material» facet shows something,
and by the tests."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from legaldesk.clippings.details import ClippingDetails
from legaldesk.synth.acts import SyntheticAct
from legaldesk.synth.vocab import MUNICIPALITIES, REGIONS

# The type word as an article names the act («вступает в силу постановление от … № …»).
_NOMINATIVE = {
    "postanovlenie": "постановление",
    "rasporyazhenie": "распоряжение",
    "reshenie": "решение",
    "prikaz": "приказ",
    "zakon": "закон",
}
_HEADLINES = {
    "tariffs": ("Что будет с платой за коммунальные услуги", "Новые тарифы: что нужно знать"),
    "budget_taxes": ("Налоги и бюджет: что изменится", "На что пойдут деньги района"),
    "business": ("Предпринимателям помогут субсидиями", "Малому бизнесу — поддержка"),
    "sport_youth": ("Спорт станет доступнее", "Молодёжи — новые возможности"),
    "education": ("Школы и детские сады: новые правила", "Что изменится в образовании"),
    "housing_utilities": ("Жильё и коммунальные услуги: новые правила",),
    "social": ("Меры поддержки для семей с детьми", "Кому положена помощь"),
}
# Clauses of an act no article retells: its own entry into force, control, mailing lists.
_DULL_RE = re.compile(
    r"вступает в силу|контроль за|рассылк|опубликовать|разместить|\|", re.IGNORECASE
)
_AUTHORS = (
    "М. Иванова",
    "П. Сидоров",
    "Е. Кузнецова",
    "А. Смирнов",
    "Ольга ВОРОНИНА",
    "Сергей Лебедев",
)
_REGIONAL_PAPER = "«Губернские ведомости»"
_SITE = "Новости района"


@dataclass(frozen=True)
class SyntheticClipping:
    seq: int
    act_seq: int  # the act the article is about (it cites it)
    details: ClippingDetails
    rubrics: tuple[str, ...]
    text: str


def _newspaper(act: SyntheticAct) -> str:
    for m in MUNICIPALITIES:
        if m.place == act.place:
            return m.newspaper.strip("«»")
    for r in REGIONS:
        if r.capital == act.place:
            return _REGIONAL_PAPER.strip("«»")
    return _REGIONAL_PAPER.strip("«»")


def headline_for(act: SyntheticAct, rng: random.Random) -> str:
    """A headline as a district newspaper puts it: the tariff an act sets «изменится с 1
    июля», anything else by its subject."""
    tariff = re.match(r"О тарифах на (.+?)(?: для .*)?$", act.title)
    if tariff:
        return f"Тарифы на {tariff.group(1)} изменятся с 1 июля"
    known = [r for r in act.rubrics if r in _HEADLINES]
    if known and rng.random() < 0.5:
        return rng.choice(_HEADLINES[known[0]])
    # «Новое постановление: о мерах по обеспечению доступности объектов для инвалидов»
    kind = _NOMINATIVE.get(act.doc_type, "документ")
    adjective = "Новый" if kind in ("приказ", "закон", "документ") else "Новое"
    return f"{adjective} {kind}: {act.title[:1].lower()}{act.title[1:]}"


def _citation(act: SyntheticAct) -> str:
    kind = _NOMINATIVE.get(act.doc_type, "документ")
    return f"{kind} от {act.date_adopted:%d.%m.%Y} № {act.number} «{act.title}»"


def _clauses(act: SyntheticAct, rng: random.Random) -> list[str]:
    """A couple of the act's own numbered provisions, retold."""
    lines = [
        re.sub(r"^\d+(?:\.\d+)*\.\s*", "", line).strip()
        for line in act.text.split("\n")
        if re.match(r"^\d+(?:\.\d+)*\.\s+\S", line)
    ]
    lines = [line for line in lines if 40 <= len(line) <= 400 and not _DULL_RE.search(line)]
    return rng.sample(lines, min(2, len(lines)))


def generate_clippings(
    acts: Iterable[SyntheticAct], n: int, seed: int = 0
) -> list[SyntheticClipping]:
    """``n`` articles about municipal acts among ``acts`` (one article an act at most),
    deterministic for a seed."""
    rng = random.Random(f"clippings-{seed}")
    municipal = [a for a in acts if a.level == "municipal"]
    chosen = rng.sample(municipal, min(n, len(municipal)))
    out = []
    for seq, act in enumerate(sorted(chosen, key=lambda a: a.seq)):
        # A few days or weeks after the act, never in the future: a demo run on the day
        # its newest act was made still reads a clipping dated today.
        issued = act.date_adopted + timedelta(days=rng.randint(3, 21))
        issued = min(issued, max(act.date_adopted, date.today()))
        site = rng.random() < 0.2
        week = issued.isocalendar().week
        authors = tuple(rng.sample(_AUTHORS, rng.choice((0, 1, 1, 2))))
        headline = headline_for(act, rng)
        paragraphs = [
            headline,
            f"В {act.place} вступает в силу {_citation(act)}. Документ принят: {act.issuer}.",
            *(f"Документ предусматривает: {c[:1].lower()}{c[1:]}" for c in _clauses(act, rng)),
            "Как пояснили в администрации, документ вступает в силу после его официального "
            "опубликования. Полный текст можно найти в центре правовой информации библиотеки.",
        ]
        if authors:
            paragraphs.append(", ".join(authors))
        details = ClippingDetails(
            source_name=_SITE if site else _newspaper(act),
            source_kind="site" if site else "newspaper",
            headline=headline,
            issued=issued,
            issue=None if site else f"{week} ({issued.year % 100 * 100 + week})",
            pages=None if site else rng.choice(("1", "2", "3", "2-3", "4")),
            authors=authors,
            url=f"https://news.example.ru/{issued:%Y/%m/%d}/{seq + 1}" if site else None,
        )
        out.append(SyntheticClipping(seq, act.seq, details, act.rubrics, "\n".join(paragraphs)))
    return out


def render_clipping(clipping: SyntheticClipping, fmt: str) -> tuple[str, bytes]:
    """The clipping as a file librarians would have: ``docx`` or ``txt`` (UTF-8)."""
    stem = f"clipping-{clipping.seq + 1:03d}-{clipping.details.issued:%Y%m%d}"
    if fmt == "txt":
        return stem + ".txt", clipping.text.encode()
    from docx import Document

    document = Document()
    for n, line in enumerate(clipping.text.split("\n")):
        document.add_paragraph().add_run(line).bold = n == 0
    out = io.BytesIO()
    document.save(out)
    return stem + ".docx", out.getvalue()
