"""Reading pages of each kind into files and next pages (no network: the pages are given)."""

from __future__ import annotations

import json

import pytest

from legaldesk.harvesters.config import SourceConfig, source_from_dict
from legaldesk.harvesters.kinds import Follow, Page, PageResult, kind_for
from legaldesk.harvesters.kinds.feed import FeedError
from legaldesk.harvesters.kinds.pravo import PravoError

BASE = "https://adm.example/docs/"


def config(kind: str, **extra: object) -> SourceConfig:
    return source_from_dict({"name": "t", "kind": kind, "start_urls": [BASE], **extra})


def page(body: str | bytes, url: str = BASE, content_type: str = "text/html") -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(url, url, data, content_type)


LISTING = """
<html><body><nav><a href="/news/">Новости</a></nav>
<table class="docs">
 <tr><th>Дата</th><th>Номер</th><th>Наименование</th></tr>
 <tr><td>12.03.2024</td><td>245-п</td><td><a href="f/245.pdf">О тарифах на воду</a></td></tr>
 <tr><td>01.02.2024</td><td>17</td><td><a href="f/17.docx">О бюджете</a>
     <a href="/admin/secret.pdf">x</a></td></tr>
</table>
<a class="next" href="?page=2">Следующая »</a></body></html>
"""


def test_listing_rows_give_files_with_their_metadata_and_the_next_page() -> None:
    kind = kind_for(config("listing", listing={"item": "table.docs tr", "deny": ["/admin/"]}))

    result = kind.parse(Follow(BASE, "listing"), page(LISTING))

    assert [c.url for c in result.candidates] == [BASE + "f/245.pdf", BASE + "f/17.docx"]
    assert result.candidates[0].hints["number"] == "245-п"
    assert result.candidates[1].hints["date"] == "2024-02-01"
    assert result.follow == [Follow(BASE + "?page=2", "listing")]


def test_listing_without_selectors_takes_file_links_and_rel_next() -> None:
    html = (
        '<p>Постановление от 01.02.2024 № 17 «О бюджете» <a href="17.pdf">Скачать</a></p>'
        '<p><a href="/about.html">О нас</a></p><link rel="next" href="/docs/2">'
    )

    result = kind_for(config("listing")).parse(Follow(BASE, "listing"), page(html))

    (only,) = result.candidates
    assert only.url == BASE + "17.pdf"
    assert only.hints["title"] == "О бюджете"  # read from the block around «Скачать»
    assert result.follow == [Follow("https://adm.example/docs/2", "listing")]


def test_detail_links_are_followed_with_the_rows_metadata() -> None:
    html = (
        '<ul><li>Решение от 05.03.2024 № 12 <a class="more" href="12.html">подробнее</a></li></ul>'
    )
    kind = kind_for(config("listing", listing={"item": "li", "detail_link": "a.more"}))

    result = kind.parse(Follow(BASE, "listing"), page(html))
    (follow,) = result.follow
    detail = kind.parse(
        follow,
        page(
            "<h1>Решение от 05.03.2024 № 12 «Об утверждении бюджета»</h1>"
            '<a href="12.pdf">Решение</a><a href="12-pril.docx">Приложение</a>',
            url=follow.url,
        ),
    )

    assert follow.hints["number"] == "12"
    assert [c.url for c in detail.candidates] == [BASE + "12.pdf", BASE + "12-pril.docx"]
    assert detail.candidates[0].hints["title"] == "Об утверждении бюджета"


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<item><title>Постановление от 12.03.2024 № 245-п «О тарифах»</title>
<link>https://adm.example/files/245.pdf</link></item>
<item><title>Решение № 12 от 05.03.2024</title><link>https://adm.example/docs/12.html</link></item>
</channel></rss>"""


def test_rss_items_are_files_or_detail_pages() -> None:
    result = kind_for(config("feed")).parse(
        Follow(BASE, "feed"), page(RSS, content_type="application/rss+xml")
    )

    assert [c.url for c in result.candidates] == ["https://adm.example/files/245.pdf"]
    assert result.candidates[0].hints["number"] == "245-п"
    assert [(f.url, f.role) for f in result.follow] == [
        ("https://adm.example/docs/12.html", "detail")
    ]


def test_atom_entries() -> None:
    atom = """<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <title>Приказ № 5 от 01.01.2024</title><link href="https://adm.example/p/5.docx"/></entry></feed>"""

    result = kind_for(config("feed")).parse(Follow(BASE, "feed"), page(atom))

    assert result.candidates[0].url == "https://adm.example/p/5.docx"
    assert result.candidates[0].hints["doc_type"] == "prikaz"


def test_a_broken_feed_is_an_error_not_an_empty_feed() -> None:
    with pytest.raises(FeedError):
        kind_for(config("feed")).parse(Follow(BASE, "feed"), page("<rss><channel><item>"))


def test_a_billion_laughs_feed_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><rss>&lol2;</rss>'
    )

    with pytest.raises(FeedError):
        kind_for(config("feed")).parse(Follow(BASE, "feed"), page(bomb))


def test_sitemap_index_and_urlset() -> None:
    index = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://adm.example/sitemap-docs.xml</loc></sitemap></sitemapindex>"""
    urlset = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://adm.example/docs/1.html</loc></url>
    <url><loc>https://adm.example/news/1.html</loc></url>
    <url><loc>https://adm.example/docs/2.pdf</loc></url></urlset>"""
    kind = kind_for(config("sitemap", listing={"allow": ["/docs/"]}))

    nested = kind.parse(Follow(BASE, "sitemap"), page(index))
    leaves = kind.parse(Follow(BASE, "sitemap"), page(urlset))

    assert nested.follow == [Follow("https://adm.example/sitemap-docs.xml", "sitemap")]
    assert [c.url for c in leaves.candidates] == ["https://adm.example/docs/2.pdf"]
    assert [f.url for f in leaves.follow] == ["https://adm.example/docs/1.html"]


def test_crawl_stays_under_its_prefix_and_depth() -> None:
    html = (
        '<a href="sub/">раздел</a><a href="/elsewhere/">чужое</a>'
        '<a href="a.pdf">Постановление № 1 от 01.01.2024</a>'
    )
    kind = kind_for(config("crawl", crawl={"max_depth": 1}))

    top = kind.parse(Follow(BASE, "crawl:0"), page(html))
    deeper = kind.parse(Follow(BASE + "sub/", "crawl:1"), page(html, url=BASE + "sub/"))

    assert [f.url for f in top.follow] == [BASE + "sub/"]
    assert [c.url for c in top.candidates] == [BASE + "a.pdf"]
    assert deeper.follow == []  # at the depth limit


def test_pravo_cards_become_pdf_files_with_the_portals_metadata() -> None:
    api = "http://publication.pravo.gov.ru/api/Documents?block=region46&PageSize=2&Index=1"
    body = json.dumps(
        {
            "items": [
                {
                    "eoNumber": "4600202403120001",
                    "complexName": "Закон Курской области от 12.03.2024 № 15-ЗКО "
                    '"О внесении изменений в Закон Курской области"',
                    "name": "О внесении изменений в Закон Курской области",
                    "number": "15-ЗКО",
                    "documentDate": "2024-03-12T00:00:00",
                }
            ],
            "currentPage": 1,
            "pagesTotalCount": 3,
        },
        ensure_ascii=False,
    )
    kind = kind_for(config("pravo", start_urls=[api]))

    result = kind.parse(kind.start()[0], page(body, url=api, content_type="application/json"))

    (card,) = result.candidates
    assert card.url == "http://publication.pravo.gov.ru/file/pdf?eoNumber=4600202403120001"
    assert card.hints["number"] == "15-ЗКО"
    assert card.hints["date"] == "2024-03-12"
    assert card.hints["doc_type"] == "zakon"
    assert card.hints["issuer"] == "Курской области"
    assert "Index=2" in result.follow[0].url


def test_pravo_stops_at_the_last_page_and_refuses_non_json() -> None:
    api = "http://publication.pravo.gov.ru/api/Documents?Index=3"
    kind = kind_for(config("pravo", start_urls=[api]))
    last = json.dumps({"items": [], "currentPage": 3, "pagesTotalCount": 3})

    assert kind.parse(Follow(api, "api"), page(last, url=api)).follow == []
    with pytest.raises(PravoError):
        kind.parse(Follow(api, "api"), page("<html>maintenance</html>", url=api))


def test_a_reading_survives_the_round_trip_through_the_database() -> None:
    result = kind_for(config("listing", listing={"item": "table.docs tr"})).parse(
        Follow(BASE, "listing"), page(LISTING)
    )

    assert PageResult.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_feed_and_sitemap_links_in_a_footer_are_not_documents() -> None:
    html = (
        '<h1>Решение от 05.03.2024 № 12</h1><a href="12.pdf">Решение</a>'
        '<footer><a href="/rss.xml">RSS</a> <a href="/sitemap.xml">Карта сайта</a></footer>'
    )
    kind = kind_for(config("listing"))

    detail = kind.parse(Follow(BASE + "12.html", "detail"), page(html, url=BASE + "12.html"))

    assert [c.url for c in detail.candidates] == [BASE + "12.pdf"]
