"""A demo municipal website, written from the project's synthetic acts: the layouts real
administrations' sites use, for the demo, the harvester tests and the benchmark.

    python -m legaldesk.synth.website data/demo_site --count 60 --seed 7

* ``/postanovleniya/`` — a table (date | number | title linking straight to the file),
  paginated with «Следующая »»;
* ``/resheniya/`` — a paginated list of links to one detail page per act, whose heading
  names the act and whose links are its files (some with an appendix);
* ``/rasporyazheniya/`` — a table served in windows-1251, as older sites still do;
* ``/documents/npa/`` — a Bitrix-style section («Нормативные правовые акты»): a table
  «Дата | № | Наименование | Файл» whose files lie under ``/upload/iblock/<3 hex>/`` with
  the names the site's software gave them (Cyrillic with spaces, 13-digit stamps, hashes,
  «scan_0001.pdf»), with the traps of such sites: empty «№» cells, link texts that are file
  names, titles citing another act, «Об утверждении Положения…», a publication date in the
  date column, regional laws, scans without a text layer, some acts behind a detail page
  (see ``_write_npa``);
* ``/rss.xml`` — the latest acts; ``/sitemap.xml`` — the detail pages;
* ``/robots.txt`` — keeps crawlers out of ``/admin/``, which the menu links to anyway;
* ``/manifest.json`` — what each file is (type, number, date, title), for checking what a
  harvester found.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path

from legaldesk.synth.acts import MONTHS_GENITIVE, SyntheticAct, generate_acts
from legaldesk.synth.render import render_act, render_scan
from legaldesk.synth.vocab import MUNICIPALITIES, POLOZHENIE_TITLES, REGIONS

SECTIONS = {
    "postanovlenie": ("postanovleniya", "Постановления администрации"),
    "reshenie": ("resheniya", "Решения Совета депутатов"),
    "rasporyazhenie": ("rasporyazheniya", "Распоряжения администрации"),
}
TYPE_WORDS = {
    "postanovlenie": "Постановление",
    "reshenie": "Решение",
    "rasporyazhenie": "Распоряжение",
}
PER_PAGE = 15
NPA = "documents/npa"
NPA_COUNT = 48
NPA_MUNICIPALITY = MUNICIPALITIES[0]  # the site's own: Заречный муниципальный район
DEFAULT_FORMATS = ("pdf", "docx", "docx", "rtf", "pdf", "docx")
SITE_NAME = "Администрация Заречного муниципального района"


@dataclass(frozen=True)
class SiteAct:
    path: str  # URL path of the act's main file
    section: str
    doc_type: str
    number: str
    date: str
    title: str
    detail: str | None = None  # URL path of its detail page, if it has one
    appendix: str | None = None
    issuer: str | None = None
    scan: bool = False  # an image without a text layer: only OCR reads it


@dataclass(frozen=True)
class SiteManifest:
    acts: list[SiteAct]

    def to_json(self) -> str:
        return json.dumps({"acts": [asdict(a) for a in self.acts]}, ensure_ascii=False, indent=1)


def build_site(
    target: Path,
    count: int,
    seed: int = 0,
    formats: Sequence[str] = DEFAULT_FORMATS,
    npa: int = NPA_COUNT,
) -> SiteManifest:
    """Write a site of ``count`` acts into ``target`` (emptied first), and ``npa`` more in
    the Bitrix-style section (its own acts: the other sections do not change with it)."""
    if target.exists():
        shutil.rmtree(target)
    (target / "files").mkdir(parents=True)
    acts: list[SiteAct] = []
    by_section: dict[str, list[tuple[SyntheticAct, SiteAct]]] = {
        s: [] for s, _ in SECTIONS.values()
    }
    made = 0
    for act in generate_acts(count * 3, seed=seed):
        if made >= count:
            break
        if act.doc_type not in SECTIONS:
            continue
        section = SECTIONS[act.doc_type][0]
        fmt = formats[made % len(formats)]
        name, data = render_act(act, fmt)
        (target / "files" / name).write_bytes(data)
        detail = f"/{section}/{act.seq}.html" if section == "resheniya" else None
        appendix = None
        if detail and made % 4 == 0:
            appendix = f"/files/prilozhenie_{act.seq}.txt"
            (target / appendix.lstrip("/")).write_bytes(_appendix(act).encode("utf-8"))
        entry = SiteAct(
            path=f"/files/{name}",
            section=section,
            doc_type=act.doc_type,
            number=act.number,
            date=act.date_adopted.isoformat(),
            title=act.title,
            detail=detail,
            appendix=appendix,
        )
        acts.append(entry)
        by_section[section].append((act, entry))
        made += 1
    for section, items in by_section.items():
        items.sort(key=lambda pair: pair[0].date_adopted, reverse=True)
        _write_section(target, section, items)
    npa_acts = _write_npa(target, npa, seed, pdf="pdf" in formats) if npa else []
    _write_home(target, by_section)
    _write_feed(target, sorted(acts, key=lambda a: a.date, reverse=True)[:20])
    _write_sitemap(target, [a.detail for a in acts if a.detail])
    (target / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", "utf-8")
    (target / "admin").mkdir()
    (target / "admin" / "index.html").write_text(_page("Вход", "<p>Только для сотрудников.</p>"))
    manifest = SiteManifest(acts + npa_acts)
    (target / "manifest.json").write_text(manifest.to_json(), "utf-8")
    return manifest


def _appendix(act: SyntheticAct) -> str:
    return (
        f"Приложение\nк решению от {act.date_adopted:%d.%m.%Y} № {act.number}\n\n"
        "Перечень мероприятий\n1. Информирование населения.\n2. Отчёт о выполнении.\n"
    )


def _label(act: SyntheticAct) -> str:
    return f"{TYPE_WORDS[act.doc_type]} от {act.date_adopted:%d.%m.%Y} № {act.number}"


def _menu() -> str:
    links = "".join(
        f'<li><a href="/{section}/">{html.escape(title)}</a></li>'
        for section, title in SECTIONS.values()
    )
    return (
        f'<nav><ul><li><a href="/">Главная</a></li>{links}'
        '<li><a href="/news/">Новости</a></li><li><a href="/admin/">Вход для сотрудников</a></li>'
        "</ul></nav>"
    )


def _page(title: str, body: str, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="{charset}">'
        f"<title>{html.escape(title)} — {SITE_NAME}</title></head><body>"
        f"<header><p>{SITE_NAME}</p>{_menu()}</header><main><h1>{html.escape(title)}</h1>"
        f"{body}</main><footer><p>Телефон приёмной: 8 (800) 000-00-00</p></footer></body></html>"
    )


def _pages(items: list[tuple[SyntheticAct, SiteAct]]) -> list[list[tuple[SyntheticAct, SiteAct]]]:
    return [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]


def _page_name(n: int) -> str:
    return "index.html" if n == 1 else f"page-{n}.html"


def _write_section(target: Path, section: str, items: list[tuple[SyntheticAct, SiteAct]]) -> None:
    folder = target / section
    folder.mkdir()
    title = next(t for s, t in SECTIONS.values() if s == section)
    chunks = _pages(items)
    for n, chunk in enumerate(chunks, start=1):
        if section == "resheniya":
            body = (
                '<ul class="acts">'
                + "".join(
                    f"<li>{html.escape(_label(act))} «{html.escape(act.title)}» "
                    f'<a class="more" href="{entry.detail}">подробнее</a></li>'
                    for act, entry in chunk
                )
                + "</ul>"
            )
        else:
            body = (
                '<table class="docs"><tr><th>Дата</th><th>Номер</th><th>Наименование</th></tr>'
                + "".join(
                    f"<tr><td>{act.date_adopted:%d.%m.%Y}</td><td>{html.escape(act.number)}</td>"
                    f'<td><a href="{entry.path}">{html.escape(act.title)}</a></td></tr>'
                    for act, entry in chunk
                )
                + "</table>"
            )
        pager = []
        if n > 1:
            pager.append(f'<a href="{_page_name(n - 1)}">« Предыдущая</a>')
        if n < len(chunks):
            pager.append(f'<a class="next" rel="next" href="{_page_name(n + 1)}">Следующая »</a>')
        body += f'<div class="pager">{" ".join(pager)}</div>'
        if section == "rasporyazheniya":
            page = _page(title, body, charset="windows-1251")
            (folder / _page_name(n)).write_bytes(page.encode("cp1251", errors="xmlcharrefreplace"))
        else:
            (folder / _page_name(n)).write_text(_page(title, body), "utf-8")
    if section == "resheniya":
        for act, entry in items:
            assert entry.detail is not None
            links = f'<li><a href="{entry.path}">{html.escape(_label(act))}</a></li>'
            if entry.appendix:
                links += f'<li><a href="{entry.appendix}">Приложение</a></li>'
            body = f'<p>Файлы:</p><ul>{links}</ul><p><a href="/resheniya/">К списку</a></p>'
            heading = f"{_label(act)} «{act.title}»"
            (target / entry.detail.lstrip("/")).write_text(_page(heading, body), "utf-8")


# ------------------------------------------------------------------------- /documents/npa/
# What each row of the section is, by its position: every pattern comes back often enough
# that a slice of a dozen rows meets each trap, and their periods differ so that they mix.
NPA_KINDS = (
    "postanovlenie",
    "reshenie",
    "amendment",
    "postanovlenie",
    "zakon",
    "polozhenie",
    "rasporyazhenie",
    "amendment",
)
NPA_WORDS = {**TYPE_WORDS, "zakon": "Закон"}


def _npa_scan(i: int) -> bool:
    return i % 7 == 3


def _npa_empty_number(i: int) -> bool:
    return i % 3 == 1


def _npa_publication_date(i: int) -> bool:
    """The date column shows when the act was put on the site, days after its adoption."""
    return i % 11 == 5


def _npa_acts(count: int, seed: int) -> list[SyntheticAct]:
    """Acts of the site's municipality and laws of its region, in the mix of NPA_KINDS."""
    m = NPA_MUNICIPALITY
    region = REGIONS[m.region]
    own = (f"Администрация {m.genitive}", f"{m.council} {m.genitive}")
    law_issuer = f"Законодательное Собрание {region.genitive}"
    pools: dict[str, list[SyntheticAct]] = {k: [] for k in set(NPA_KINDS)}
    for act in generate_acts(8_000, seed=seed + 101):
        if act.issuer == law_issuer and act.doc_type == "zakon":
            kind = "zakon"
        elif act.issuer not in own or act.doc_type not in TYPE_WORDS:
            continue
        elif act.title.startswith("О внесении изменений"):
            kind = "amendment"
        elif act.doc_type == "postanovlenie" and len(pools["polozhenie"]) < len(
            pools["postanovlenie"]
        ):
            kind = "polozhenie"
        else:
            kind = act.doc_type
        if kind in pools:
            pools[kind].append(act)
    kinds = [NPA_KINDS[i % len(NPA_KINDS)] for i in range(count)]
    chosen: list[SyntheticAct] = []
    taken = {k: 0 for k in pools}
    for i, kind in enumerate(kinds):
        # Acts spread over the years, not the first of each kind: evenly through the pool.
        pool = pools[kind]
        act = pool[taken[kind] * len(pool) // kinds.count(kind)]
        taken[kind] += 1
        if kind == "polozhenie":
            act = _approving_polozhenie(act, i)
        chosen.append(act)
    return chosen


def _approving_polozhenie(act: SyntheticAct, i: int) -> SyntheticAct:
    """A постановление «Об утверждении Положения о …» with the Положение as its appendix."""
    template, rubrics = POLOZHENIE_TITLES[i % len(POLOZHENIE_TITLES)]
    about = template.format(m=NPA_MUNICIPALITY.genitive)
    title = "Об утверждении Положения " + about[0].lower() + about[1:]
    text = act.text.replace(act.title, title, 1)
    text += (
        f"\n\nПриложение\nк постановлению администрации {NPA_MUNICIPALITY.genitive}\n"
        f"от {act.date_adopted:%d.%m.%Y} № {act.number}\n\nПОЛОЖЕНИЕ\n{about}\n\n"
        "1. Общие положения\n1.1. Настоящее Положение определяет порядок и условия "
        "осуществления полномочий в указанной сфере.\n"
    )
    return replace(act, title=title, text=text, rubrics=rubrics)


def _npa_file_name(act: SyntheticAct, i: int, ext: str, scan_no: int) -> str:
    """The name the site's software gave the upload."""
    if _npa_scan(i):
        return f"scan_{scan_no:04d}.{ext}" if i % 2 else f"{1709251200000 + i * 86_400_123}.{ext}"
    word = NPA_WORDS[act.doc_type]
    style = i % 4
    if style == 0:
        return f"{word} {act.number} от {act.date_adopted:%d.%m.%Y}.{ext}"
    if style == 1:
        return f"{1709251200000 + i * 86_400_123}.{ext}"  # a 13-digit time stamp
    if style == 2:
        digest = hashlib.md5(f"{act.seq}-{i}".encode()).hexdigest()
        return f"{digest}.{ext}"
    cut = " ".join(act.title.split()[:6]).strip('«»",.')
    return f"{cut}.{ext}"


def _write_npa(target: Path, count: int, seed: int, pdf: bool) -> list[SiteAct]:
    """The Bitrix-style section: see the module docstring. Returns its manifest entries,
    which say what each document itself is (the listing may say otherwise)."""
    folder = target / NPA
    folder.mkdir(parents=True)
    entries: list[SiteAct] = []
    rows: list[str] = []
    scans = 0
    for i, act in enumerate(_npa_acts(count, seed)):
        scan = _npa_scan(i)
        if scan:
            scans += 1
        ext = "pdf" if scan or (pdf and i % 2 == 0) else "docx"
        name = _npa_file_name(act, i, ext, scans)
        bucket = hashlib.md5(f"{seed}-{i}".encode()).hexdigest()[:3]
        path = f"/upload/iblock/{bucket}/{name}"
        data = render_scan(act, dpi=100, seed=seed + i) if scan else render_act(act, ext)[1]
        (target / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (target / path.lstrip("/")).write_bytes(data)
        layout = i % 5
        detail = f"/{NPA}/{act.seq}/" if layout == 3 else None
        shown = act.date_adopted
        if _npa_publication_date(i):
            shown += timedelta(days=3)
        number = "" if _npa_empty_number(i) else act.number
        rows.append(_npa_row(act, i, layout, path, name, detail, shown, number))
        if detail is not None:
            _write_npa_detail(target, act, detail, path, name)
        entries.append(
            SiteAct(
                path=path,
                section=NPA,
                doc_type=act.doc_type,
                number=act.number,
                date=act.date_adopted.isoformat(),
                title=act.title,
                detail=detail,
                issuer=act.issuer,
                scan=scan,
            )
        )
    body = (
        '<div class="news-list"><table class="data-table npa">'
        "<thead><tr><th>Дата</th><th>№</th><th>Наименование</th><th>Файл</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    (folder / "index.html").write_text(_page("Нормативные правовые акты", body), "utf-8")
    return entries


def _npa_row(
    act: SyntheticAct,
    i: int,
    layout: int,
    path: str,
    name: str,
    detail: str | None,
    shown: date,
    number: str,
) -> str:
    """One row; ``layout`` says where the act's title is and what its link text is."""
    title = html.escape(act.title)
    file_cell = ""
    if layout == 0:  # the title links to the file
        name_cell = f'<a href="{path}">{title}</a>'
    elif layout == 1:  # the title is text, the file's own name is the link
        name_cell = title
        file_cell = f'<a href="{path}">{html.escape(name)}</a>'
    elif layout == 2:  # only the file name: the row says nothing of the act but its date
        name_cell = f'<a href="{path}">{html.escape(name)}</a>'
    elif layout == 3:  # the title leads to the act's page, which holds the file
        name_cell = f'<a class="detail" href="{detail}">{title}</a>'
    else:  # «Постановление от … № … «…»» as one link
        label = f"{NPA_WORDS[act.doc_type]} от {act.date_adopted:%d.%m.%Y}"
        if number:
            label += f" № {number}"
        name_cell = f'<a href="{path}">{html.escape(label)} «{title}»</a>'
        file_cell = f'<a href="{path}">Скачать</a>'
    return (
        f"<tr><td>{shown:%d.%m.%Y}</td><td>{html.escape(number)}</td>"
        f"<td>{name_cell}</td><td>{file_cell}</td></tr>"
    )


def _write_npa_detail(target: Path, act: SyntheticAct, detail: str, path: str, name: str) -> None:
    adopted = f"{act.date_adopted.day} {MONTHS_GENITIVE[act.date_adopted.month - 1]}"
    body = (
        f'<p class="news-date-time">{adopted} {act.date_adopted.year}</p>'
        f'<div class="news-detail"><p>Файлы:</p><ul><li><a href="{path}">'
        f"{html.escape(name)}</a></li></ul>"
        f'<p><a href="/{NPA}/">Возврат к списку</a></p></div>'
    )
    page = target / detail.lstrip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(_page(act.title, body), "utf-8")


def _write_home(target: Path, by_section: dict[str, list[tuple[SyntheticAct, SiteAct]]]) -> None:
    latest = sorted(
        (pair for items in by_section.values() for pair in items),
        key=lambda pair: pair[0].date_adopted,
        reverse=True,
    )[:5]
    news = "".join(
        f'<li>{html.escape(_label(act))}: <a href="{entry.detail or entry.path}">'
        f"{html.escape(act.title)}</a></li>"
        for act, entry in latest
    )
    body = (
        "<p>Новости района: открыт приём заявлений на летний отдых детей.</p>"
        f"<h2>Новые документы</h2><ul>{news}</ul>"
        '<p><a href="/rss.xml">RSS</a></p>'
    )
    (target / "index.html").write_text(_page(SITE_NAME, body), "utf-8")


def _write_feed(target: Path, acts: list[SiteAct]) -> None:
    items = []
    for a in acts:
        stamp = datetime.combine(datetime.fromisoformat(a.date).date(), time(9), tzinfo=UTC)
        word = TYPE_WORDS[a.doc_type]
        title = f"{word} от {datetime.fromisoformat(a.date):%d.%m.%Y} № {a.number} «{a.title}»"
        items.append(
            f"<item><title>{html.escape(title)}</title>"
            f"<link>{html.escape(a.detail or a.path)}</link>"
            f"<pubDate>{format_datetime(stamp)}</pubDate></item>"
        )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{SITE_NAME}: документы</title><link>/</link>"
        f"<description>Новые правовые акты</description>{''.join(items)}</channel></rss>"
    )
    (target / "rss.xml").write_text(feed, "utf-8")


def _write_sitemap(target: Path, paths: list[str]) -> None:
    urls = "".join(f"<url><loc>{html.escape(p)}</loc></url>" for p in paths)
    (target / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        "utf-8",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--npa", type=int, default=NPA_COUNT, help="acts of /documents/npa/")
    args = parser.parse_args(argv)
    manifest = build_site(args.target, args.count, args.seed, npa=args.npa)
    print(f"{len(manifest.acts)} acts written to {args.target}")


if __name__ == "__main__":
    main()
