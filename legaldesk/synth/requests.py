"""Demo requests at the reference desk: half a year of the questions a municipal legal
information centre hears — pensions, benefits, housing and utilities, land, tariffs — from
residents and municipal employees, by every channel, with answers citing the demo acts
the index finds for them (their current versions), other sources, subject headings,
branches, and the public site's searches that found nothing.

Deterministic for a seed and a day: the same demo on the same day gives the same desk.
Requests are filed through the desk's own services (codes, deadlines, history, answers,
citations); what only time would have done — when each was answered and closed — is then
moved into the past in one transaction, so the figures of the statistics look like a
working desk's. A few answers cite an act's earlier version: the desk's consumer of the
change log flags them, as it would have when the newer version arrived.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.accounts.users import UserError, create_user
from legaldesk.db import session_scope
from legaldesk.desk import answers
from legaldesk.desk.answers import SourceItem
from legaldesk.desk.gaps import normalise
from legaldesk.desk.requests import (
    Clock,
    DeskError,
    Intake,
    add_branch,
    branches,
    create_request,
    set_status,
)
from legaldesk.index import SearchQuery
from legaldesk.models import (
    Answer,
    CitedAct,
    DeskRequest,
    RequestEvent,
    SearchGap,
    User,
    Version,
)
from legaldesk.publication import PUBLIC
from legaldesk.repository import Repository
from legaldesk.search import search_documents

ACTOR = "demo"
BRANCHES = (
    "Центральная городская библиотека",
    "Библиотека-филиал № 2 (мкр. Северный)",
    "Сельская библиотека п. Заречный",
)
EMPLOYEES = (
    ("employee", "Смирнова О. В., отдел ЖКХ администрации"),
    ("employee2", "Орлов Д. А., комитет по управлению имуществом"),
)


@dataclass(frozen=True)
class Topic:
    rubric: str
    search: str  # what the librarian looks for in the index
    questions: tuple[str, ...]
    answer: str
    weight: int  # how often it is asked


TOPICS = (
    Topic(
        "pensions_benefits",
        "пенсия доплата ежемесячная выплата",
        (
            "Положена ли доплата к пенсии неработающему пенсионеру, проживающему в городе?",
            "Как оформить ежемесячную денежную выплату ветерану труда?",
            "Какие документы нужны для назначения социальной доплаты к пенсии?",
            "Сохраняется ли муниципальная доплата к пенсии при переезде в другой район?",
            "Пенсионерке отказали в ежемесячной выплате — куда обжаловать?",
        ),
        "Порядок и условия выплаты установлены нормативным актом, текст выдан заявителю. "
        "Документы подаются в отдел социальной защиты населения.",
        5,
    ),
    Topic(
        "social_protection",
        "меры социальной поддержки компенсация",
        (
            "Кому положена компенсация расходов на оплату жилого помещения и коммунальных услуг?",
            "Какие меры социальной поддержки предусмотрены для инвалидов II группы?",
            "Положена ли компенсация за газификацию частного дома малоимущей семье?",
            "Как получить единовременную материальную помощь в трудной жизненной ситуации?",
        ),
        "Меры социальной поддержки и порядок их предоставления определены актами, копии "
        "выданы. Разъяснён перечень документов.",
        4,
    ),
    Topic(
        "housing_utilities",
        "жилищно-коммунальные услуги капитальный ремонт",
        (
            "Кто должен ремонтировать крышу многоквартирного дома, если управляющая компания "
            "отказывает?",
            "Как признать дом аварийным и встать в очередь на переселение?",
            "Какой порядок установки общедомового прибора учёта тепла?",
            "Можно ли отказаться от взносов на капитальный ремонт, если дом старый?",
            "Куда жаловаться на качество горячей воды в квартире?",
        ),
        "Выданы акты о порядке капитального ремонта и содержании общего имущества. "
        "Рекомендовано обратиться в жилищную инспекцию.",
        5,
    ),
    Topic(
        "tariffs",
        "тариф на холодную воду водоотведение",
        (
            "Какие тарифы на холодную воду и водоотведение действуют с 1 июля?",
            "Почему вырос тариф на вывоз твёрдых коммунальных отходов?",
            "Какой норматив потребления воды при отсутствии счётчика?",
            "Где посмотреть тариф на тепловую энергию для нашего посёлка?",
        ),
        "Действующие тарифы установлены актами, выданы их тексты с приложениями.",
        4,
    ),
    Topic(
        "land_property",
        "земельный участок предоставление",
        (
            "Как многодетной семье получить земельный участок бесплатно?",
            "Каков порядок перераспределения земельного участка с соседом?",
            "Можно ли оформить в собственность участок под гаражом?",
            "Как узнать разрешённое использование земельного участка?",
        ),
        "Порядок предоставления земельных участков установлен актами администрации, "
        "копии выданы. Разъяснено, куда подавать заявление.",
        4,
    ),
    Topic(
        "budget_taxes",
        "земельный налог ставки льготы",
        (
            "Какие ставки земельного налога установлены на этот год?",
            "Есть ли льгота по земельному налогу для пенсионеров?",
            "Когда срок уплаты земельного налога для физических лиц?",
        ),
        "Ставки и льготы по земельному налогу установлены решением, текст выдан.",
        3,
    ),
    Topic(
        "family_children",
        "многодетные семьи",
        (
            "Какие льготы положены многодетным семьям в нашем муниципалитете?",
            "Как получить компенсацию родительской платы за детский сад?",
            "Положено ли бесплатное питание в школе детям из многодетной семьи?",
        ),
        "Перечень мер поддержки семей с детьми определён актами, выданы их тексты.",
        3,
    ),
    Topic(
        "transport_roads",
        "автомобильные дороги благоустройство",
        (
            "Кто отвечает за ремонт дороги к нашему садовому товариществу?",
            "Действует ли льготный проезд для пенсионеров в пригородных автобусах?",
        ),
        "Выданы акты о содержании дорог местного значения и о льготном проезде.",
        2,
    ),
    Topic(
        "business",
        "малое и среднее предпринимательство поддержка",
        (
            "Какие программы поддержки малого бизнеса действуют в районе?",
            "Как получить место для нестационарного торгового объекта?",
        ),
        "Выданы муниципальная программа поддержки предпринимательства и порядок "
        "размещения нестационарных торговых объектов.",
        2,
    ),
)
# Officials' service questions (channel «internal»): they want everything, and quickly.
OFFICIAL_QUESTIONS = (
    (
        "housing_utilities",
        "жилищный фонд",
        "Подобрать все действующие акты о муниципальном жилищном фонде для подготовки "
        "проекта постановления.",
    ),
    (
        "land_property",
        "аренда земельных участков",
        "Нужны действующие редакции актов об арендной плате за землю, с изменениями за "
        "последние два года.",
    ),
    (
        "tariffs",
        "тарифы",
        "Подборка актов об установлении тарифов на коммунальные ресурсы за текущий год.",
    ),
    ("budget_taxes", "бюджет", "Прошу предоставить решение о бюджете и все изменения к нему."),
    (
        "local_government",
        "устав",
        "Какая редакция устава действует сейчас и какие изменения вносились?",
    ),
)
SURNAMES = (
    "Иванова",
    "Петров",
    "Смирнова",
    "Кузнецов",
    "Попова",
    "Васильев",
    "Соколова",
    "Михайлов",
    "Новикова",
    "Фёдоров",
    "Морозова",
    "Волков",
    "Алексеева",
    "Лебедев",
    "Семёнова",
    "Егоров",
    "Павлова",
    "Козлов",
    "Степанова",
    "Николаев",
)
INITIALS = "АВГДЕИКЛМНОПСТ"
GAPS = (  # what readers looked for on the site and did not find
    ("компенсация за газификацию", 9),
    ("субсидия на капремонт пенсионерам", 6),
    ("тариф на вывоз мусора", 5),
    ("материнский капитал на строительство дома", 4),
    ("льготный проезд ветеранам труда", 4),
    ("правила содержания домашних животных", 3),
    ("схема теплоснабжения", 2),
    ("выплата на первоклассника", 2),
)
SOURCES = (
    SourceItem(
        source_type="newspaper_article",
        author="Сергеева Н.",
        title="Что изменится в оплате коммунальных услуг",
        container="Заречные вести",
        year=2026,
        issue="14",
        pages="3",
    ),
    SourceItem(
        source_type="website",
        title="Меры социальной поддержки",
        container="Портал государственных услуг Российской Федерации",
        url="https://www.gosuslugi.ru/",
    ),
    SourceItem(
        source_type="book",
        author="Гусев А. В.",
        title="Жилищное право: вопросы и ответы",
        container="М.: Юрайт",
        year=2024,
    ),
)


@dataclass
class DemoDesk:
    requests: int = 0
    answered: int = 0
    overdue: int = 0
    flagged: int = 0
    gaps: int = 0
    qa: int = 0
    skipped: bool = False
    codes: list[str] = field(default_factory=list)


def _branches(engine: Engine) -> list[int]:
    have = {b.name: b.id for b in branches(engine, active_only=False)}
    for name in BRANCHES:
        if name not in have:
            have[name] = add_branch(engine, name, ACTOR).id
    return [have[name] for name in BRANCHES if have.get(name) is not None]  # type: ignore[misc]


def _employees(engine: Engine) -> list[User]:
    out = []
    for username, display in EMPLOYEES:
        try:
            out.append(
                create_user(engine, username, f"demo-{username}", "employee", display, ACTOR)
            )
        except UserError:
            with Session(engine) as session:
                found = session.exec(select(User).where(User.username == username)).first()
            if found is not None:
                out.append(found)
    return out


def _staff(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return [
            u.id
            for u in session.exec(
                select(User)
                .where(col(User.role).in_(("librarian", "admin")))
                .order_by(col(User.id))
            ).all()
            if u.id is not None
        ]


def _acts_for(repo: Repository, text: str, count: int = 3) -> list[int]:
    page = search_documents(
        repo.engine,
        repo.index,
        SearchQuery(text=text, limit=count, facets=False, snippets=False, publication=PUBLIC),
    )
    return [hit.id for hit in page.hits]


def _working_moment(rng: random.Random, day: date, zone: tzinfo) -> datetime:
    """A moment of the library's working day (9:00–18:00) on ``day``, moved off a Sunday."""
    if day.weekday() == 6:
        day -= timedelta(days=1)
    return datetime.combine(day, time(9), zone) + timedelta(minutes=rng.randrange(0, 9 * 60))


def _person(rng: random.Random, channel: str) -> tuple[str | None, str | None]:
    """A name and contact where they are needed: a letter or an e-mail needs an address to
    answer to; a phone question often gives none."""
    name = f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}."
    if channel == "email":
        return name, f"reader{rng.randrange(100, 999)}@example.ru"
    if channel == "letter":
        return name, f"ул. Садовая, д. {rng.randrange(1, 60)}, кв. {rng.randrange(1, 90)}"
    if channel == "website":
        return name, f"reader{rng.randrange(100, 999)}@example.ru"
    if channel == "phone" and rng.random() < 0.4:
        return (
            name,
            f"+7 (4832) {rng.randrange(20, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
        )
    return None, None


def generate(
    repo: Repository,
    seed: int = 2024,
    months: int = 6,
    per_week: int = 9,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoDesk:
    """File half a year of demo requests (about ``per_week`` a week) ending today; nothing
    when demo requests are there already (a second `legaldesk demo`)."""
    engine = repo.engine
    clock = Clock.of(repo.settings)
    zone = clock.zone
    today = today or clock.today()
    result = DemoDesk()
    with Session(engine) as session:
        if session.exec(select(DeskRequest.id).where(DeskRequest.created_by == ACTOR)).first():
            result.skipped = True
            return result
    rng = random.Random(seed)
    branch_ids = _branches(engine)
    employees = _employees(engine)
    staff = _staff(engine)
    acts = {t.rubric: _acts_for(repo, t.search) for t in TOPICS}
    acts.update({rubric: _acts_for(repo, text) for rubric, text, _q in OFFICIAL_QUESTIONS})

    start = today - timedelta(days=30 * months)
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    total = per_week * len(working) // 5
    picked = [rng.choice(working) for _ in range(total)]
    picked += [d for d in working[-4:-1] for _ in range(2)]  # the last days' queue
    now = datetime.now(zone)
    moments = sorted(m for m in (_working_moment(rng, d, zone) for d in picked) if m < now)
    total = len(moments)
    # Time passes after filing: answers, closing, moved into the past at the end.
    backdate: dict[int, tuple[datetime, datetime | None, datetime | None]] = {}
    weights = [t.weight for t in TOPICS]
    for n, received in enumerate(moments):
        if progress:
            progress(n, total)
        age = (today - received.date()).days
        official = rng.random() < 0.15 and employees
        if official:
            rubric, _search, question = rng.choice(OFFICIAL_QUESTIONS)
            user = rng.choice(employees)
            intake = Intake(
                question=question,
                channel="internal",
                category="municipal_employee",
                kind=rng.choice(("thematic", "thematic", "address")),
                received_at=received,
                priority=rng.choice(("normal", "high", "urgent")),
                rubrics=(rubric,),
                requester_name=user.display_name,
                requester_user_id=user.id,
                branch_id=branch_ids[0] if branch_ids else None,
            )
            answer_text = "Подборка актов в действующих редакциях направлена в отдел."
        else:
            topic = rng.choices(TOPICS, weights)[0]
            rubric = topic.rubric
            channel = rng.choices(
                ("phone", "in_person", "email", "letter", "website"), (30, 30, 15, 10, 15)
            )[0]
            name, contact = _person(rng, channel)
            category = rng.choices(
                (
                    "resident",
                    "pensioner",
                    "disabled",
                    "student",
                    "entrepreneur",
                    "deputy",
                    "organisation",
                ),
                (40, 30, 8, 6, 8, 3, 5),
            )[0]
            if rubric == "business":
                category = "entrepreneur"
            intake = Intake(
                question=rng.choice(topic.questions),
                channel=channel,
                category=category,
                kind=rng.choices(
                    ("thematic", "factual", "clarifying", "address"), (50, 25, 15, 10)
                )[0],
                received_at=received,
                effort=rng.choice((None, 1, 2, 2, 3, 4)),
                rubrics=(rubric,),
                requester_name=name,
                requester_contact=contact,
                branch_id=rng.choices(branch_ids, (60, 25, 15))[0] if branch_ids else None,
            )
            answer_text = topic.answer
        try:
            filed = create_request(engine, intake, ACTOR, clock)
        except DeskError:
            continue
        assert filed.id is not None
        result.requests += 1
        result.codes.append(filed.code)
        # What became of it: most are closed; recent ones still open; a few open too long.
        if age <= 4:
            fate = rng.choice(("new", "new", "in_progress", "answered"))
        elif age <= 20:
            fate = rng.choices(("closed", "answered", "in_progress", "waiting"), (55, 20, 15, 10))[
                0
            ]
        else:
            fate = rng.choices(("closed", "cancelled", "in_progress"), (90, 5, 5))[0]
        assignee = rng.choice(staff) if staff else None
        if fate in ("new", "cancelled"):
            if fate == "cancelled":
                set_status(engine, filed.id, "cancelled", ACTOR)
                backdate[filed.id] = (
                    received + timedelta(days=1),
                    None,
                    received + timedelta(days=1),
                )
            continue
        set_status(engine, filed.id, "in_progress", ACTOR, assignee)
        if fate in ("in_progress", "waiting"):
            if fate == "waiting":
                set_status(engine, filed.id, "waiting", ACTOR)
            if filed.due_on < today:
                result.overdue += 1
            continue
        cited = acts.get(rubric, [])[: rng.choice((1, 1, 2, 3))]
        for document_id in cited:
            answers.cite_act(engine, filed.id, document_id, ACTOR)
        if rng.random() < 0.25:
            answers.add_source(engine, filed.id, rng.choice(SOURCES), ACTOR)
        delivery = {"phone": "phone", "email": "email", "website": "email", "internal": "email"}
        printed = (
            rng.choice((0, 2, 3, 5, 8, 12)) if intake.channel in ("in_person", "letter") else None
        )
        answers.save_answer(
            engine,
            filed.id,
            answer_text,
            "printed" if printed else delivery.get(intake.channel, "in_person"),
            printed,
            rng.choice((5, 10, 15, 20, 30, 45, 60, 90)),
            ACTOR,
        )
        set_status(engine, filed.id, "answered", ACTOR)
        # Most answers come within the term; some take longer than they may.
        term_days = max(0, (filed.due_on - received.date()).days)
        if rng.random() < 0.12:
            took = timedelta(days=term_days + rng.randrange(1, 6), hours=rng.randrange(1, 6))
        elif term_days == 0:
            took = timedelta(minutes=rng.randrange(5, 240))
        else:
            took = timedelta(days=rng.randrange(0, term_days + 1), hours=rng.randrange(1, 6))
        answered_at = min(received + took, datetime.now(zone) - timedelta(minutes=5))
        closed_at = None
        if fate == "closed":
            set_status(engine, filed.id, "closed", ACTOR)
            closed_at = min(answered_at + timedelta(days=rng.randrange(0, 4)), datetime.now(zone))
        backdate[filed.id] = (answered_at, answered_at, closed_at)
        result.answered += 1
    _backdate(engine, backdate)
    result.flagged = _amend_cited_acts(repo, rng, today)
    result.gaps = _gaps(engine, rng, today)
    result.qa = _qa_entries(engine, rng)
    return result


def _qa_entries(engine: Engine, rng: random.Random, count: int = 12) -> int:
    """Publish some answered requests in the question–answer base, as a librarian would:
    through the Q&A service and its personal-data check (a text it doubts stays out)."""
    from legaldesk.qa import entries

    with Session(engine) as session:
        ids = list(
            session.exec(
                select(DeskRequest.id)
                .where(DeskRequest.created_by == ACTOR)
                .where(col(DeskRequest.status).in_(entries.PUBLISHABLE))
                .order_by(col(DeskRequest.id))
            ).all()
        )
    published = 0
    for request_id in rng.sample(ids, min(len(ids), count * 2)):
        draft = entries.draft_for(engine, request_id) if request_id is not None else None
        if draft is None or not draft.answer.strip():
            continue
        try:
            entries.publish(engine, request_id, draft, ACTOR)  # type: ignore[arg-type]
        except entries.QaError:
            continue
        published += 1
        if published == count:
            break
    return published


def _backdate(
    engine: Engine, moments: dict[int, tuple[datetime, datetime | None, datetime | None]]
) -> None:
    """Move what happened to each request to when it would have happened: its history
    lines after its filing to the moment it was worked on, the answer and its citations to
    when it was answered, ``answered_at`` and ``closed_at`` likewise."""
    with session_scope(engine) as session:
        for request_id, (worked, answered, closed) in moments.items():
            request = session.get(DeskRequest, request_id)
            if request is None:
                continue
            events = session.exec(
                select(RequestEvent)
                .where(RequestEvent.request_id == request_id)
                .order_by(col(RequestEvent.id))
            ).all()
            for event in events:
                if event.action == "created":
                    event.at = request.received_at
                elif event.action == "status" and any(
                    c.get("after") == "closed" for c in event.changes
                ):
                    event.at = closed or worked
                elif event.action == "status" and any(
                    c.get("after") == "in_progress" for c in event.changes
                ):
                    event.at = request.received_at + (worked - request.received_at) / 4
                else:
                    event.at = worked
                session.add(event)
            request.answered_at = answered
            request.closed_at = closed
            request.created_at = request.received_at
            request.updated_at = closed or worked
            session.add(request)
            if answered is not None:
                session.execute(
                    update(Answer)
                    .where(col(Answer.request_id) == request_id)
                    .values(updated_at=answered)
                )
                session.execute(
                    update(CitedAct)
                    .where(col(CitedAct.request_id) == request_id)
                    .values(cited_at=answered)
                )


def _amend_cited_acts(repo: Repository, rng: random.Random, today: date, count: int = 3) -> int:
    """The administration publishes new versions of a few acts the desk cited: filed
    through the pipeline like any file, they reach the desk's consumer of the change log,
    which flags the answers citing the old versions. How many requests are flagged."""
    from legaldesk.models import ReviewFlag
    from legaldesk.pipeline.ingest import RawFile

    engine = repo.engine
    with Session(engine) as session:
        cited = session.exec(
            select(CitedAct.document_id, func.count())
            .group_by(col(CitedAct.document_id))
            .order_by(col(CitedAct.document_id))
        ).all()
    # Acts a few answers cite: «some flagged», not half the desk.
    few = [d for d, n in cited if 2 <= n <= 6] or [d for d, _n in cited]
    chosen = sorted(rng.sample(few, min(count, len(few))))
    ingestor = repo.ingestor("demo")
    for document_id in chosen:
        with Session(engine) as session:
            version = session.exec(
                select(Version)
                .where(Version.document_id == document_id)
                .order_by(col(Version.number_in_document).desc())
            ).first()
        if version is None or not version.text:
            continue
        amended = (
            version.text.rstrip()
            + f"\n\n(в редакции от {today - timedelta(days=rng.randrange(3, 20)):%d.%m.%Y}: "
            "пункт 2 изложен в новой редакции, срок действия продлён)\n"
        )
        ingestor.ingest(RawFile(amended.encode("utf-8"), f"act-{document_id}-amended.txt"))
    repo.update_index()  # the index and the desk's flags follow (or the running loop does)
    with Session(engine) as session:
        return len(set(session.exec(select(ReviewFlag.request_id)).all()))


def _gaps(engine: Engine, rng: random.Random, today: date) -> int:
    """Searches on the public site that found nothing, spread over the last months."""
    rows: dict[tuple[str, date], int] = {}
    for query, times in GAPS:
        for _ in range(times):
            day = today - timedelta(days=rng.randrange(0, 150))
            key = (normalise(query), day)
            rows[key] = rows.get(key, 0) + 1
    with session_scope(engine) as session:
        for (query, day), count in rows.items():
            found = session.get(SearchGap, (query, day))
            if found is None:
                session.add(SearchGap(query=query, day=day, count=count))
            else:
                found.count += count
                session.add(found)
    return sum(rows.values())
