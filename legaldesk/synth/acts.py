"""Synthetic municipal and regional acts that read like the real ones: heading block, preamble,
numbered clauses, signature; numbering per issuer and year; amendments citing earlier acts.

Everything comes from prepared strings in :mod:`legaldesk.synth.vocab` (no inflection at run
time) and one seeded :class:`random.Random`, so a seed always yields the same acts. Generation is
cheap (tens of thousands of acts a second): the benchmarks draw a million of them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from legaldesk.synth.vocab import (
    CHARTER_ARTICLES,
    EXTRA_CLAUSES,
    FINANCE_TOPIC,
    MUNICIPALITIES,
    OFFICIALS,
    POLOZHENIE_CLAUSES,
    POLOZHENIE_TITLES,
    PROGRAMME_MEASURES,
    PROGRAMME_SENTENCES,
    REGIONS,
    TOPICS,
    Municipality,
    Region,
    Topic,
)

START = date(2015, 1, 12)
END = date(2026, 10, 30)
SPAN_DAYS = (END - START).days

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
LAW_131 = (
    "Федеральным законом от 06.10.2003 № 131-ФЗ «Об общих принципах организации местного "
    "самоуправления в Российской Федерации»"
)
REGIONAL_SHARE = 0.06
CHARTER_SHARE = 0.002
AMENDMENT_SHARE = 0.22
LONG_PROGRAMME_SHARE = 0.3  # of the acts that approve a programme
# Of the acts that take up an earlier act, the share that repeal it instead of amending it;
# drawn from a generator of its own, so that the acts of a seed stay what they were.
REPEAL_SHARE = 0.3
# «постановление администрации …» → «постановления администрации …», for «О признании
# утратившим силу постановления …».
_CITE_GENITIVE = {
    "постановление": "постановления",
    "распоряжение": "распоряжения",
    "решение": "решения",
    "приказ": "приказа",
}
HISTORY = 48  # earlier acts per issuer that an amendment may cite


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
    # The earlier act of the same issuer this one amends or repeals, as (role, number,
    # date): what the references of this act must resolve to (bench/references).
    takes_up: tuple[str, str, date] | None = None


@dataclass(frozen=True)
class _Kind:
    doc_type: str
    heading: str  # the type word as printed in the heading
    cases: tuple[str, str, str, str, str]  # «настоящее постановление» nom, gen, acc, ins, dat
    rate: float  # acts a day an issuer adopts: sets realistic numbers («245-п» in March)


POSTANOVLENIE = _Kind(
    "postanovlenie",
    "ПОСТАНОВЛЕНИЕ",
    (
        "Настоящее постановление",
        "настоящего постановления",
        "настоящее постановление",
        "настоящим постановлением",
        "настоящему постановлению",
    ),
    1.2,
)
RASPORYAZHENIE = _Kind(
    "rasporyazhenie",
    "РАСПОРЯЖЕНИЕ",
    (
        "Настоящее распоряжение",
        "настоящего распоряжения",
        "настоящее распоряжение",
        "настоящим распоряжением",
        "настоящему распоряжению",
    ),
    0.5,
)
RESHENIE = _Kind(
    "reshenie",
    "РЕШЕНИЕ",
    (
        "Настоящее решение",
        "настоящего решения",
        "настоящее решение",
        "настоящим решением",
        "настоящему решению",
    ),
    0.25,
)
PRIKAZ = _Kind(
    "prikaz",
    "ПРИКАЗ",
    ("Настоящий приказ", "настоящего приказа", "настоящий приказ", "настоящим приказом", ""),
    0.3,
)
POLOZHENIE = _Kind("polozhenie", "ПОЛОЖЕНИЕ", ("Настоящее Положение", "", "", "", ""), 0.05)
USTAV = _Kind("ustav", "УСТАВ", ("Настоящий Устав", "", "", "", ""), 0.01)
ZAKON = _Kind(
    "zakon",
    "ЗАКОН",
    ("Настоящий Закон", "настоящего Закона", "настоящий Закон", "настоящим Законом", ""),
    0.4,
)
REGIONAL_DECREE = _Kind(
    "postanovlenie",
    "ПОСТАНОВЛЕНИЕ",
    POSTANOVLENIE.cases,
    1.5,
)


@dataclass(frozen=True)
class _Issuer:
    """One body issuing one kind of act, with everything its acts repeat prepared once."""

    key: int
    kind: _Kind
    name: str  # «Администрация Заречного муниципального района»
    level: str
    territory: str  # nominative
    genitive: str  # territory in the genitive, for {m}
    place: str
    region: Region
    cite: str  # «постановление администрации Заречного муниципального района»
    cite_dative: str  # «постановлению администрации …», for «Приложение к …»
    verb: str  # «ПОСТАНОВЛЯЮ:» on its own line, or "" when the preamble ends with «:»
    signer: str  # «Глава Заречного муниципального района»
    control: str  # the last clause
    publish: str  # the publication clause
    number_format: str  # «{n}-п», «{s}/{i}-рс», «{n}»


def _municipal_issuers(key: int, m: Municipality) -> dict[str, _Issuer]:
    region = REGIONS[m.region]
    admin = f"Администрация {m.genitive}"
    council = f"{m.council} {m.genitive}"
    site = (
        f"разместить на официальном сайте администрации {m.genitive} в информационно-"
        "телекоммуникационной сети «Интернет»"
    )
    council_number = ("{n}-рс", "{s}/{i}-рс", "{n}")[m.council_style]
    common = {
        "level": "municipal",
        "territory": m.nominative,
        "genitive": m.genitive,
        "place": m.place,
        "region": region,
    }
    return {
        "postanovlenie": _Issuer(
            key=key,
            kind=POSTANOVLENIE,
            name=admin,
            cite=f"постановление администрации {m.genitive}",
            cite_dative=f"постановлению администрации {m.genitive}",
            verb="ПОСТАНОВЛЯЮ:",
            signer=m.head,
            control="Контроль за исполнением настоящего постановления оставляю за собой.",
            publish=f"Опубликовать настоящее постановление в газете {m.newspaper} и {site}.",
            number_format="{n}" + m.decree_suffix,
            **common,  # type: ignore[arg-type]
        ),
        "rasporyazhenie": _Issuer(
            key=key + 1,
            kind=RASPORYAZHENIE,
            name=admin,
            cite=f"распоряжение администрации {m.genitive}",
            cite_dative=f"распоряжению администрации {m.genitive}",
            verb="",
            signer=m.head,
            control=(
                "Контроль за исполнением настоящего распоряжения возложить на заместителя "
                f"главы администрации {m.genitive}."
            ),
            publish=f"Настоящее распоряжение {site}.".replace("разместить", "подлежит размещению"),
            number_format="{n}-р",
            **common,  # type: ignore[arg-type]
        ),
        "reshenie": _Issuer(
            key=key + 2,
            kind=RESHENIE,
            name=council,
            cite=f"решение {m.council_genitive} {m.genitive}",
            cite_dative=f"решению {m.council_genitive} {m.genitive}",
            verb=f"{m.council} {m.genitive} {m.council_verb}",
            signer=f"Председатель {m.council_genitive} {m.genitive}",
            control=(
                "Контроль за исполнением настоящего решения возложить на постоянную комиссию "
                f"{m.council_genitive} по бюджету, налогам и экономической политике."
            ),
            publish=f"Опубликовать настоящее решение в газете {m.newspaper} и {site}.",
            number_format=council_number,
            **common,  # type: ignore[arg-type]
        ),
        "prikaz": _Issuer(
            key=key + 3,
            kind=PRIKAZ,
            name=f"Финансовое управление администрации {m.genitive}",
            cite=f"приказ финансового управления администрации {m.genitive}",
            cite_dative=f"приказу финансового управления администрации {m.genitive}",
            verb="ПРИКАЗЫВАЮ:",
            signer="Начальник финансового управления",
            control="Контроль за исполнением настоящего приказа оставляю за собой.",
            publish=f"Настоящий приказ {site}.".replace("разместить", "подлежит размещению"),
            number_format="{n}-од",
            **common,  # type: ignore[arg-type]
        ),
        "polozhenie": _Issuer(
            key=key + 4,
            kind=POLOZHENIE,
            name=admin,
            cite=f"Положение администрации {m.genitive}",
            cite_dative=f"Положению администрации {m.genitive}",
            verb="",
            signer=m.head,
            control="",
            publish="",
            number_format="{n}-п",
            **common,  # type: ignore[arg-type]
        ),
        "ustav": _Issuer(
            key=key + 5,
            kind=USTAV,
            name=council,
            cite=f"Устав {m.genitive}",
            cite_dative=f"Уставу {m.genitive}",
            verb="",
            signer=m.head,
            control="",
            publish="",
            number_format=council_number,
            **common,  # type: ignore[arg-type]
        ),
    }


def _regional_issuers(key: int, r: Region) -> tuple[_Issuer, _Issuer]:
    common = {
        "level": "regional",
        "territory": r.nominative,
        "genitive": r.genitive,
        "place": r.capital,
        "region": r,
        "signer": f"Губернатор {r.genitive}",
        "publish": "",
    }
    decree = _Issuer(
        key=key,
        kind=REGIONAL_DECREE,
        name=f"Правительство {r.genitive}",
        cite=f"постановление Правительства {r.genitive}",
        cite_dative=f"постановлению Правительства {r.genitive}",
        verb=f"Правительство {r.genitive} ПОСТАНОВЛЯЕТ:",
        control=(
            "Контроль за исполнением настоящего постановления возложить на заместителя "
            f"Губернатора {r.genitive}."
        ),
        number_format="{n}-пп",
        **common,  # type: ignore[arg-type]
    )
    law = _Issuer(
        key=key + 1,
        kind=ZAKON,
        name=f"Законодательное Собрание {r.genitive}",
        cite=f"Закон {r.genitive}",
        cite_dative=f"Закону {r.genitive}",
        verb="",
        control="",
        number_format="{n}" + r.law_suffix,
        **common,  # type: ignore[arg-type]
    )
    return decree, law


MUNICIPAL_ISSUERS = tuple(_municipal_issuers(10 * i, m) for i, m in enumerate(MUNICIPALITIES))
REGIONAL_ISSUERS = tuple(_regional_issuers(1000 + 10 * i, r) for i, r in enumerate(REGIONS))
MUNICIPAL_WORDS = (
    "муниципальн",
    "местного",
    "местном",
    "поселени",
    "депутатов",
    "Дню города",
    "администрац",
    "кладбищ",
    "районн",
)

MUNICIPAL_RUBRICS = {"land_property", "charters", "elections", "funeral", "environment"}


def _regional(topic: Topic) -> Topic | None:
    """The topic as a region's government would word it, or None when it is municipal only."""
    if set(topic.rubrics) & MUNICIPAL_RUBRICS:
        return None
    titles = tuple(t for t in topic.titles if not any(w in t for w in MUNICIPAL_WORDS))
    clauses = tuple(c for c in topic.clauses if not any(w in c for w in MUNICIPAL_WORDS))
    if not titles or len(clauses) < 2:
        return None
    return replace(topic, titles=titles, clauses=clauses)


REGIONAL_TOPICS = tuple(t for t in map(_regional, TOPICS) if t is not None)
# Municipal acts that are not council decisions: (threshold, kind) on one uniform draw.
EXECUTIVE_KINDS = ((0.70, "postanovlenie"), (0.90, "rasporyazhenie"), (0.97, "prikaz"))


def _date_line(d: date, number: str, style: int) -> str:
    if style < 6:
        return f"от {d:%d.%m.%Y} № {number}"
    if style < 9:
        return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г. № {number}"
    return f"от «{d.day:02d}» {MONTHS_GENITIVE[d.month - 1]} {d.year} года № {number}"


def _years(y: int) -> dict[str, int]:
    return {"y": y, "y2": y + 2, "prev": y - 1, "next": y + 1, "next1": y + 2, "next2": y + 3}


@dataclass
class _Earlier:
    adopted: date
    number: str
    title: str
    topic: Topic


class _Generator:
    def __init__(self, seed: int, n: int) -> None:
        self.rng = random.Random(seed)
        self.aside = random.Random(seed + 7919)  # choices added later: see REPEAL_SHARE
        self.n = max(n, 1)
        self.last_number: dict[tuple[int, int], int] = {}
        self.history: dict[int, list[_Earlier]] = {}

    # --- choosing what the act is ----------------------------------------------------------

    def act(self, seq: int, index: int) -> SyntheticAct:
        rng = self.rng
        adopted = START + timedelta(days=index * SPAN_DAYS // self.n + rng.randrange(3))
        weekday = adopted.weekday()
        if weekday == 5:
            adopted -= timedelta(days=1)
        elif weekday == 6:
            adopted += timedelta(days=1)

        draw = rng.random()
        if draw < REGIONAL_SHARE:
            pair = REGIONAL_ISSUERS[rng.randrange(len(REGIONAL_ISSUERS))]
            issuer = pair[1] if rng.random() < 0.25 else pair[0]
            topic = REGIONAL_TOPICS[rng.randrange(len(REGIONAL_TOPICS))]
        else:
            which = rng.randrange(len(MUNICIPAL_ISSUERS))
            kinds = MUNICIPAL_ISSUERS[which]
            if draw < REGIONAL_SHARE + CHARTER_SHARE:
                return self._charter(seq, kinds["ustav"], MUNICIPALITIES[which], adopted)
            topic = TOPICS[rng.randrange(len(TOPICS))]
            pick = rng.random()
            if pick < topic.council:
                issuer = kinds["reshenie"]
            elif pick > 0.985:
                return self._polozhenie(seq, kinds["polozhenie"], adopted)
            else:
                pick = rng.random()
                name = next((k for t, k in EXECUTIVE_KINDS if pick < t), "postanovlenie")
                issuer = kinds[name]
                if name == "prikaz":
                    topic = FINANCE_TOPIC

        number = self._number(issuer, adopted)
        past = self.history.setdefault(issuer.key, [])
        earlier: _Earlier | None = None
        if past and rng.random() < AMENDMENT_SHARE:
            candidate = past[rng.randrange(len(past))]
            if candidate.adopted < adopted:
                earlier = candidate
        first_word, _, rest = issuer.cite.partition(" ")
        repeal = (
            earlier is not None
            and first_word in _CITE_GENITIVE
            and self.aside.random() < REPEAL_SHARE
        )
        if earlier is not None and repeal:
            topic = earlier.topic
            title = (
                f"О признании утратившим силу {_CITE_GENITIVE[first_word]} {rest} от "
                f"{earlier.adopted:%d.%m.%Y} № {earlier.number} «{earlier.title}»"
            )
        elif earlier is not None:
            topic = earlier.topic
            title = (
                f"О внесении изменений в {issuer.cite} от {earlier.adopted:%d.%m.%Y} "
                f"№ {earlier.number} «{earlier.title}»"
            )
        else:
            template = topic.titles[rng.randrange(len(topic.titles))]
            title = template.format(m=issuer.genitive, **_years(adopted.year))
            past.append(_Earlier(adopted, number, title, topic))
            if len(past) > HISTORY:
                del past[0]

        text = self._text(issuer, adopted, number, title, topic, earlier, repeal)
        return SyntheticAct(
            seq=seq,
            doc_type=issuer.kind.doc_type,
            issuer=issuer.name,
            level=issuer.level,
            territory=issuer.territory,
            place=issuer.place,
            date_adopted=adopted,
            number=number,
            title=title,
            rubrics=topic.rubrics,
            text=text,
            takes_up=(
                ("repeals" if repeal else "amends", earlier.number, earlier.adopted)
                if earlier is not None
                else None
            ),
        )

    def _number(self, issuer: _Issuer, adopted: date) -> str:
        """Numbers grow through the year at the issuer's pace and restart each January."""
        key = (issuer.key, adopted.year)
        base = int(adopted.timetuple().tm_yday * issuer.kind.rate) + 1 + self.rng.randrange(3)
        n = max(self.last_number.get(key, 0) + 1, base)
        self.last_number[key] = n
        return issuer.number_format.format(n=n, s=n // 6 + 1, i=n % 6 + 1)

    # --- writing the text ------------------------------------------------------------------

    def _heading(self, issuer: _Issuer, adopted: date, number: str, title: str) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        if rng.random() < 0.35:
            lines.append("РОССИЙСКАЯ ФЕДЕРАЦИЯ")
        if issuer.level == "municipal" and rng.random() < 0.4:
            lines.append(issuer.region.nominative.upper())
        lines += [
            issuer.name.upper(),
            "",
            issuer.kind.heading,
            "",
            _date_line(adopted, number, rng.randrange(10)),
            issuer.place,
            "",
            title,
            "",
        ]
        return lines

    def _signature(self, issuer: _Issuer, adopted: date) -> list[str]:
        if issuer.level == "regional":
            name = issuer.region.governor
        else:
            name = OFFICIALS[(issuer.key + adopted.year // 4) % len(OFFICIALS)]
        if self.rng.random() < 0.5:
            return ["", issuer.signer, name]
        return ["", f"{issuer.signer}    {name}"]

    def _text(
        self,
        issuer: _Issuer,
        adopted: date,
        number: str,
        title: str,
        topic: Topic,
        earlier: _Earlier | None,
        repeal: bool = False,
    ) -> str:
        rng = self.rng
        kind = issuer.kind
        nom, gen, acc, ins, dat = kind.cases
        lines = self._heading(issuer, adopted, number, title)

        if kind is ZAKON:
            lines.append(
                f"Принят Законодательным Собранием {issuer.genitive} "
                f"{adopted.day} {MONTHS_GENITIVE[adopted.month - 1]} {adopted.year} года"
            )
            lines.append("")
        elif issuer.level == "regional":
            lines.append(f"В соответствии с {topic.basis}")
            lines.append(issuer.verb)
        else:
            basis = topic.basis if topic.basis == LAW_131 else f"{topic.basis}, {LAW_131}"
            preamble = f"В соответствии с {basis}, руководствуясь Уставом {issuer.genitive},"
            if issuer.verb:
                lines.append(preamble)
                lines.append(issuer.verb)
            else:
                lines.append(preamble[:-1] + ":")

        clauses: list[str] = []
        if earlier is not None:
            point = 1 + rng.randrange(4)
            replacement = topic.clauses[rng.randrange(len(topic.clauses))]
            if repeal:
                clauses.append(
                    f"Признать утратившим силу {issuer.cite} от {earlier.adopted:%d.%m.%Y} "
                    f"№ {earlier.number} «{earlier.title}»."
                )
            else:
                clauses.append(
                    f"Внести в {issuer.cite} от {earlier.adopted:%d.%m.%Y} № {earlier.number} "
                    f"«{earlier.title}» следующие изменения:\n"
                    f"1.1. Пункт {point} изложить в следующей редакции:\n"
                    f"«{point}. {replacement}»\n"
                    "1.2. Приложение изложить в новой редакции согласно приложению к "
                    f"{dat or acc}."
                )
        else:
            clauses += rng.sample(topic.clauses, min(len(topic.clauses), 1 + rng.randrange(3)))
        for _ in range(rng.randrange(3) if issuer.level == "municipal" else 0):
            extra = EXTRA_CLAUSES[rng.randrange(len(EXTRA_CLAUSES))]
            clause = extra.format(gen=gen, acc=acc, ins=ins)
            if clause not in clauses:
                clauses.append(clause)
        if issuer.publish:
            clauses.append(issuer.publish)
        if "budget_taxes" in topic.rubrics and rng.random() < 0.5:
            clauses.append(f"{nom} вступает в силу с 1 января {adopted.year + 1} года.")
        else:
            clauses.append(f"{nom} вступает в силу со дня его официального опубликования.")
        if issuer.control:
            clauses.append(issuer.control)

        if kind is ZAKON:
            for i, clause in enumerate(clauses, 1):
                lines += [f"Статья {i}", "", clause, ""]
        else:
            lines.extend(f"{i}. {clause}" for i, clause in enumerate(clauses, 1))
        lines += self._signature(issuer, adopted)
        if kind is ZAKON:
            lines += [issuer.place, _date_line(adopted, number, 7).removeprefix("от ")]

        if earlier is None and "программ" in title and rng.random() < LONG_PROGRAMME_SHARE:
            lines += self._programme(issuer, adopted, number, title, topic)
        return "\n".join(lines)

    def _programme(
        self, issuer: _Issuer, adopted: date, number: str, title: str, topic: Topic
    ) -> list[str]:
        """The appendix that makes a programme act 20–40 kB: passport, text, measures."""
        rng = self.rng
        m = issuer.genitive
        y = adopted.year
        start, stop = title.find("«"), title.rfind("»")
        name = title[start : stop + 1] if 0 <= start < stop else f"«{title}»"
        rows = 70 + rng.randrange(70)
        total = 0
        table: list[str] = []
        for i in range(rows):
            amounts = [rng.randrange(50, 9000) for _ in range(3)]  # in hundreds of roubles
            total += sum(amounts)
            measure = PROGRAMME_MEASURES[rng.randrange(len(PROGRAMME_MEASURES))]
            table.append(
                f"{i + 1}. {measure} | администрация {m} | {y} год — {_thousands(amounts[0])} | "
                f"{y + 1} год — {_thousands(amounts[1])} | {y + 2} год — {_thousands(amounts[2])}"
            )
        lines = [
            "",
            "Приложение",
            f"к {issuer.cite_dative}",
            f"от {adopted:%d.%m.%Y} № {number}",
            "",
            "МУНИЦИПАЛЬНАЯ ПРОГРАММА",
            name,
            "",
            "Паспорт муниципальной программы",
            f"Ответственный исполнитель: администрация {m}.",
            f"Сроки реализации: {y}–{y + 2} годы.",
            f"Общий объём финансирования: {_thousands(total)} тыс. рублей.",
            "",
            "1. Характеристика текущего состояния сферы реализации программы",
        ]
        for _ in range(6 + rng.randrange(6)):
            lines.append(" ".join(rng.sample(PROGRAMME_SENTENCES, 4)))
        lines += [
            "",
            "2. Цели, задачи и целевые показатели программы",
            " ".join(rng.sample(PROGRAMME_SENTENCES, 3)),
            "",
            "3. Перечень мероприятий программы (тыс. рублей)",
            *table,
        ]
        return lines

    def _polozhenie(self, seq: int, issuer: _Issuer, adopted: date) -> SyntheticAct:
        rng = self.rng
        template, rubrics = POLOZHENIE_TITLES[rng.randrange(len(POLOZHENIE_TITLES))]
        title = template.format(m=issuer.genitive)
        number = self._number(issuer, adopted)
        lines = self._heading(issuer, adopted, number, title)
        lines += ["1. Общие положения"]
        lines += [
            f"1.{i}. {c.format(m=issuer.genitive)}" for i, c in enumerate(POLOZHENIE_CLAUSES, 1)
        ]
        lines += self._signature(issuer, adopted)
        return SyntheticAct(
            seq=seq,
            doc_type="polozhenie",
            issuer=issuer.name,
            level=issuer.level,
            territory=issuer.territory,
            place=issuer.place,
            date_adopted=adopted,
            number=number,
            title=title,
            rubrics=rubrics,
            text="\n".join(lines),
        )

    def _charter(
        self, seq: int, issuer: _Issuer, muni: Municipality, adopted: date
    ) -> SyntheticAct:
        """A municipal charter: long, adopted by the council's decision of the same number."""
        number = self._number(issuer, adopted)
        m = issuer.genitive
        title = f"Устав {m}"
        lines = self._heading(issuer, adopted, number, title)
        lines += [
            f"Принят решением {muni.council_genitive} {m} от {adopted:%d.%m.%Y} № {number}",
        ]
        fill = {
            "m": m,
            "nom": issuer.territory,
            "council": muni.council,
            "council_gen": muni.council_genitive,
            "place": issuer.place,
        }
        chapter = 0
        for i, (head, body) in enumerate(CHARTER_ARTICLES, 1):
            if i % 4 == 1:
                chapter += 1
                lines += ["", f"Глава {chapter}"]
            lines += ["", f"Статья {i}. {head}", body.format(**fill)]
        lines += self._signature(issuer, adopted)
        return SyntheticAct(
            seq=seq,
            doc_type="ustav",
            issuer=issuer.name,
            level=issuer.level,
            territory=issuer.territory,
            place=issuer.place,
            date_adopted=adopted,
            number=number,
            title=title,
            rubrics=("charters", "local_government"),
            text="\n".join(lines),
        )


def _thousands(hundreds: int) -> str:
    """Hundreds of roubles as thousands with one decimal, the Russian way: «1234,5»."""
    return f"{hundreds // 10},{hundreds % 10}"


def generate_acts(n: int, seed: int = 0, start_seq: int = 0) -> Iterator[SyntheticAct]:
    """``n`` acts spread over 2015–2026 in date order, numbered ``start_seq`` onwards.

    Deterministic: the same ``n`` and ``seed`` always give the same acts.
    """
    generator = _Generator(seed, n)
    for i in range(n):
        yield generator.act(start_seq + i, i)
