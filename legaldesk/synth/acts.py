"""Synthetic municipal acts that read like the real ones: heading block, preamble, numbered
clauses, signature; numbering per issuer and year; amendments citing earlier acts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from legaldesk.synth.vocab import MUNICIPALITIES, OFFICIALS, REGIONS, TOPICS, Municipality

START = date(2015, 1, 12)
SPAN_DAYS = (date(2026, 10, 30) - START).days

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


@dataclass(frozen=True)
class SyntheticAct:
    seq: int
    doc_type: str
    issuer: str
    level: str
    territory: str
    place: str
    date_adopted: date
    number: str
    title: str
    rubrics: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class _Kind:
    doc_type: str
    heading: str  # the type word as printed
    genitive: str  # «постановление администрации …» when cited
    issuer: str  # issuer template with {m}
    suffix: str
    verb: str


KINDS = (
    (
        50,
        _Kind(
            "postanovlenie",
            "ПОСТАНОВЛЕНИЕ",
            "постановление администрации",
            "Администрация {m}",
            "-п",
            "ПОСТАНОВЛЯЮ:",
        ),
    ),
    (
        15,
        _Kind(
            "rasporyazhenie",
            "РАСПОРЯЖЕНИЕ",
            "распоряжение администрации",
            "Администрация {m}",
            "-р",
            "",
        ),
    ),
    (
        20,
        _Kind(
            "reshenie",
            "РЕШЕНИЕ",
            "решение Совета депутатов",
            "Совет депутатов {m}",
            "-рс",
            "Совет депутатов РЕШИЛ:",
        ),
    ),
    (
        5,
        _Kind(
            "prikaz",
            "ПРИКАЗ",
            "приказ финансового управления",
            "Финансовое управление администрации {m}",
            "-од",
            "ПРИКАЗЫВАЮ:",
        ),
    ),
    (2, _Kind("polozhenie", "ПОЛОЖЕНИЕ", "положение", "Администрация {m}", "-п", "")),
)
REGIONAL = (
    _Kind(
        "postanovlenie",
        "ПОСТАНОВЛЕНИЕ",
        "постановление Правительства",
        "Правительство {r}",
        "-пп",
        "Правительство {r} ПОСТАНОВЛЯЕТ:",
    ),
    _Kind("zakon", "ЗАКОН", "закон", "Законодательное собрание {r}", "-оз", ""),
)


THIS_ACT = {
    "postanovlenie": "Настоящее постановление",
    "rasporyazhenie": "Настоящее распоряжение",
    "reshenie": "Настоящее решение",
    "prikaz": "Настоящий приказ",
    "zakon": "Настоящий закон",
    "polozhenie": "Настоящее положение",
}


def _date_text(d: date, style: int) -> str:
    if style == 0:
        return f"от {d:%d.%m.%Y}"
    if style == 1:
        return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."
    return f"«{d.day:02d}» {MONTHS_GENITIVE[d.month - 1]} {d.year} года"


class _Generator:
    def __init__(self, seed: int, n: int) -> None:
        self.rng = random.Random(seed)
        self.n = max(n, 1)
        self.counters: dict[tuple[str, int, str], int] = {}
        self.history: dict[str, list[tuple[date, str, str, str]]] = {}
        weights = [w for w, _ in KINDS]
        self.kind_weights = weights

    def act(self, seq: int, index: int) -> SyntheticAct:
        rng = self.rng
        adopted = START + timedelta(days=index * SPAN_DAYS // self.n + rng.randrange(3))
        topic = TOPICS[rng.randrange(len(TOPICS))]
        y = adopted.year + (1 if adopted.month > 9 else 0)
        if rng.random() < 0.06:
            region = REGIONS[rng.randrange(len(REGIONS))]
            kind = REGIONAL[rng.randrange(len(REGIONAL))]
            issuer = kind.issuer.format(r=region)
            m_gen = region
            territory, place, level = region, "г. Энск", "regional"
            verb = kind.verb.format(r=region)
        else:
            muni: Municipality = MUNICIPALITIES[rng.randrange(len(MUNICIPALITIES))]
            kind = rng.choices([k for _, k in KINDS], self.kind_weights)[0]
            issuer = kind.issuer.format(m=muni.genitive)
            m_gen = muni.genitive
            territory, place, level = muni.nominative, muni.place, "municipal"
            verb = kind.verb or ("ПОСТАНОВЛЯЮ:" if kind.doc_type == "postanovlenie" else "")
        key = (issuer, adopted.year, kind.doc_type)
        self.counters[key] = self.counters.get(key, 0) + 1 + rng.randrange(3)
        count = self.counters[key]
        if kind.doc_type == "reshenie" and rng.random() < 0.5:
            number = f"{count // 10 + 1}/{count}{kind.suffix}"
        elif rng.random() < 0.15:
            number = str(count)
        else:
            number = f"{count}{kind.suffix}"
        past = self.history.setdefault(issuer, [])
        amended = None
        if past and rng.random() < 0.25:
            amended = past[rng.randrange(len(past))]
            a_date, a_number, a_title, a_kind = amended
            title = (
                f"О внесении изменений в {a_kind} {m_gen} от {a_date:%d.%m.%Y} "
                f"№ {a_number} «{a_title}»"
            )
        else:
            title = topic.titles[rng.randrange(len(topic.titles))].format(m=m_gen, y=y, y2=y + 2)
        past.append((adopted, number, title if amended is None else amended[2], kind.genitive))
        if len(past) > 40:
            del past[0]
        text = self._text(
            issuer,
            kind,
            adopted,
            number,
            place,
            title,
            topic.clauses,
            topic.basis,
            verb,
            amended,
            rng,
        )
        return SyntheticAct(
            seq=seq,
            doc_type=kind.doc_type,
            issuer=issuer,
            level=level,
            territory=territory,
            place=place,
            date_adopted=adopted,
            number=number,
            title=title,
            rubrics=topic.rubrics,
            text=text,
        )

    def _text(
        self,
        issuer: str,
        kind: _Kind,
        adopted: date,
        number: str,
        place: str,
        title: str,
        clauses: tuple[str, ...],
        basis: str,
        verb: str,
        amended: tuple[date, str, str, str] | None,
        rng: random.Random,
    ) -> str:
        lines = [
            "РОССИЙСКАЯ ФЕДЕРАЦИЯ" if rng.random() < 0.3 else "",
            issuer.upper(),
            "",
            kind.heading,
            "",
            f"{_date_text(adopted, rng.randrange(3))} № {number}",
            place,
            "",
            title,
            "",
        ]
        lines.append(f"В соответствии с {basis}, Уставом муниципального образования")
        if verb:
            lines.append(verb)
        body = list(clauses)
        rng.shuffle(body)
        body = body[: 2 + rng.randrange(3)]
        if amended is not None:
            body.insert(
                0,
                f"Внести в {amended[3]} от {amended[0]:%d.%m.%Y} № {amended[1]} "
                "следующие изменения: пункт 2 изложить в новой редакции.",
            )
        if rng.random() < 0.05 and amended is None:
            body.append("Признать утратившим силу ранее принятый правовой акт по данному вопросу.")
        if rng.random() < 0.02:
            body.extend(_programme_table(adopted.year, rng))
        body.append(
            f"{THIS_ACT.get(kind.doc_type, 'Настоящий акт')} вступает в силу "
            "со дня его официального опубликования."
        )
        body.append("Контроль за исполнением оставляю за собой.")
        lines.extend(f"{i}. {c}" for i, c in enumerate(body, 1))
        lines.extend(["", f"Глава {OFFICIALS[rng.randrange(len(OFFICIALS))]}"])
        return "\n".join(line for line in lines if line is not None).lstrip("\n")


def _programme_table(year: int, rng: random.Random) -> list[str]:
    rows = ["Объём финансирования мероприятий программы по годам (тыс. рублей):"]
    for i in range(200):
        amounts = " | ".join(f"{rng.randrange(100, 99999)},{rng.randrange(10)}" for _ in range(3))
        rows.append(f"Мероприятие {i + 1} | {year} | {year + 1} | {year + 2} | {amounts}")
    return ["\n".join(rows)]


def generate_acts(n: int, seed: int = 0, start_seq: int = 0) -> Iterator[SyntheticAct]:
    generator = _Generator(seed, n)
    for i in range(n):
        yield generator.act(start_seq + i, i)
