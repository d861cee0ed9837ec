"""A demo municipal website, written from the project's synthetic acts: the layouts real
administrations' sites use, for the demo, the harvester tests and the benchmark.

    python -m legaldesk.synth.website data/demo_site --count 60 --seed 7

* ``/postanovleniya/`` — a table (date | number | title linking straight to the file),
  paginated with «Следующая »»;
* ``/resheniya/`` — a paginated list of links to one detail page per act, whose heading
  names the act and whose links are its files (some with an appendix);
* ``/rasporyazheniya/`` — a table served in windows-1251, as older sites still do;
* ``/rss.xml`` — the latest acts; ``/sitemap.xml`` — the detail pages;
* ``/robots.txt`` — keeps crawlers out of ``/admin/``, which the menu links to anyway;
* ``/manifest.json`` — what each file is (type, number, date, title), for checking what a
  harvester found.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time
from email.utils import format_datetime
from pathlib import Path

from legaldesk.synth.acts import SyntheticAct, generate_acts
from legaldesk.synth.render import render_act

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


@dataclass(frozen=True)
class SiteManifest:
    acts: list[SiteAct]

    def to_json(self) -> str:
        return json.dumps({"acts": [asdict(a) for a in self.acts]}, ensure_ascii=False, indent=1)


def build_site(
    target: Path, count: int, seed: int = 0, formats: Sequence[str] = DEFAULT_FORMATS
) -> SiteManifest:
    """Write a site of ``count`` acts into ``target`` (emptied first)."""
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
    _write_home(target, by_section)
    _write_feed(target, sorted(acts, key=lambda a: a.date, reverse=True)[:20])
    _write_sitemap(target, [a.detail for a in acts if a.detail])
    (target / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", "utf-8")
    (target / "admin").mkdir()
    (target / "admin" / "index.html").write_text(_page("Вход", "<p>Только для сотрудников.</p>"))
    manifest = SiteManifest(acts)
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
    args = parser.parse_args(argv)
    manifest = build_site(args.target, args.count, args.seed)
    print(f"{len(manifest.acts)} acts written to {args.target}")


if __name__ == "__main__":
    main()
