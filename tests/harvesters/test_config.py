"""Source definitions in TOML."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from legaldesk.harvesters.config import SourceConfigError, load_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_source_with_selectors_defaults_and_schedule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [source]
        name = "lyubim"
        kind = "listing"
        start_urls = ["https://lyubim.example/docs/"]
        schedule = "6h"
        [source.listing]
        item = "table tr"
        [source.defaults]
        issuer = "Администрация Любимского района"
        rubrics = ["local_government"]
        """,
    )

    (source,) = load_sources(path)

    assert source.listing.item == "table tr"
    assert source.defaults.issuer == "Администрация Любимского района"
    assert source.interval == timedelta(hours=6)


def test_several_sources_in_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[source]]
        name = "a"
        kind = "feed"
        start_urls = ["https://a.example/rss.xml"]
        [[source]]
        name = "b"
        kind = "folder"
        path = "inbox"
        """,
    )

    a, b = load_sources(path)

    assert a.kind == "feed"
    assert b.path == tmp_path / "inbox"  # relative to the file, not to where one stands


def test_a_misspelt_key_is_an_error_naming_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        name = "x"
        kind = "listing"
        start_urls = ["https://x.example/"]
        [listing]
        itme = "tr"
        """,
    )

    with pytest.raises(SourceConfigError, match=r"listing\.itme"):
        load_sources(path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('name = "x"\nkind = "listing"', "start_urls"),
        ('name = "x"\nkind = "folder"', "path"),
        ('name = "x"\nkind = "ftp"\nstart_urls = ["https://x.example"]', "kind"),
        ('name = "x"\nkind = "feed"\nstart_urls = ["file:///etc/passwd"]', "http"),
        ('name = "../x"\nkind = "feed"\nstart_urls = ["https://x.example"]', "name"),
        (
            'name = "x"\nkind = "feed"\nstart_urls = ["https://x.example"]\nschedule = "often"',
            "duration",
        ),
        ("name = [", "TOML"),
    ],
)
def test_nonsense_is_refused_with_a_reason(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(SourceConfigError, match=message):
        load_sources(write(tmp_path, body))


def test_repeated_names_are_refused(tmp_path: Path) -> None:
    body = '[[source]]\nname = "a"\nkind = "feed"\nstart_urls = ["https://a.example"]\n' * 2

    with pytest.raises(SourceConfigError, match="repeat"):
        load_sources(write(tmp_path, body))


def test_a_source_is_official_only_when_it_says_so(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[source]]
        name = "adm"
        kind = "listing"
        start_urls = ["https://adm.example/docs/"]
        official = true
        [[source]]
        name = "news"
        kind = "feed"
        start_urls = ["https://news.example/rss"]
        """,
    )

    official, other = load_sources(path)

    assert (official.official, other.official) == (True, False)
    assert official.to_json()["official"] is True and "official" not in other.to_json()
