"""A source, as a librarian writes it in TOML: in a file, or pasted on the workspace's sources
page.

One file may hold one source (top-level keys, or a ``[source]`` table) or several
(``[[source]]`` tables)::

    [[source]]
    name = "lyubim-postanovleniya"          # a short id: letters, digits, - and _
    title = "Постановления администрации"
    kind = "listing"                        # listing | feed | sitemap | crawl | pravo | folder
    start_urls = ["https://lyubim.ru/documents/postanovleniya/"]
    schedule = "1d"                         # how often `harvest --due` runs it: 30m, 6h, 1d, 1w
    official = true                         # the body's own site: its acts publish at once

    [source.listing]                        # CSS selectors; every one optional
    item = "table.docs tr"                  # a row or list item: its text is read for metadata
    file_link = "a[href$='.pdf'], a[href$='.docx']"
    detail_link = "a.more"                  # a link to a detail page holding the files
    next_page = "a.next"                    # also followed: <a rel=next>, <link rel=next>
    detail_file_link = "a[href$='.pdf']"    # file links on a detail page

    [source.defaults]                       # what the listing cannot say
    issuer = "Администрация Любимского района"
    level = "municipal"
    territory = "Любимский район"
    rubrics = ["local_government"]

    [source.http]                           # politeness; the defaults suit a small site
    delay = 1.0
    concurrency = 2
    breaker_failures = 5                    # timeouts in a row before a host is skipped
    run_deadline = 1800                     # seconds a run may fetch before it stops

Unknown keys are errors: a misspelt selector must not silently harvest nothing.
"""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from legaldesk.messages import Msg

Kind = Literal["listing", "feed", "sitemap", "crawl", "pravo", "folder"]

# File links worth fetching when a source names no selector: the formats administrations use.
# Not .xml: a page's footer links rss.xml and sitemap.xml, which are not acts; a source that
# publishes acts as XML names them with a file_link selector.
FILE_EXTENSIONS = (".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt", ".zip")
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class SourceConfigError(ValueError):
    """A source definition that cannot be used, with a message a librarian can act on."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListingRules(_Strict):
    item: str | None = None
    file_link: str | None = None
    detail_link: str | None = None
    next_page: str | None = None
    detail_file_link: str | None = None
    # Regular expressions on absolute URLs: only matching links are taken, denied ones never.
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    max_pages: int = Field(default=500, ge=1)


class CrawlRules(_Strict):
    prefix: str | None = None  # stay under this URL (default: the start URL's folder)
    max_depth: int = Field(default=3, ge=0, le=20)
    max_pages: int = Field(default=2000, ge=1)


class Defaults(_Strict):
    doc_type: str | None = None
    issuer: str | None = None
    level: str | None = None
    territory: str | None = None
    status: str | None = None
    rubrics: tuple[str, ...] = ()


class HttpSettings(_Strict):
    delay: float = Field(default=1.0, ge=0)  # seconds between requests to one host
    concurrency: int = Field(default=2, ge=1, le=16)  # requests in flight per host
    timeout: float = Field(default=30.0, gt=0)
    max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0, le=20)
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0)  # first retry after this many seconds, doubling
    max_retry_after: float = Field(default=120.0, ge=0)
    robots: bool = True  # honour robots.txt (switch off only for one's own test sites)
    # The circuit breaker: after this many timeouts or failed connections in a row to one
    # host, the run makes no more requests to it, and its files are recorded as skipped. A
    # host that accepts connections and never answers would otherwise cost every file all
    # its attempts (docs/benchmarks.md: about an hour for 58 files).
    breaker_failures: int = Field(default=5, ge=1, le=1000)
    # The longest one run may fetch, in seconds: then it stops cleanly, keeps what it has
    # filed, and says so; the next run goes on from there.
    run_deadline: float = Field(default=1800.0, gt=0)


class SourceConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
    kind: Kind
    title: str | None = None
    start_urls: tuple[str, ...] = ()
    path: Path | None = None  # the folder of a «folder» source
    schedule: str | None = None
    # The issuing body's own publication (its site, the official portal): files from it
    # publish at once unless the pipeline doubts them; from any other source they wait in
    # review (legaldesk/publication.py).
    official: bool = False
    listing: ListingRules = ListingRules()
    crawl: CrawlRules = CrawlRules()
    defaults: Defaults = Defaults()
    http: HttpSettings = HttpSettings()
    # After this many consecutive runs that found nothing, a source that used to find
    # documents is reported as probably broken.
    warn_after_empty_runs: int = Field(default=3, ge=1)

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            if not re.match(r"^https?://[^\s/]+", url):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return urls

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    def model_post_init(self, _context: Any) -> None:
        if self.kind == "folder" and self.path is None:
            raise ValueError('a folder source needs path = "…"')
        if self.kind != "folder" and not self.start_urls:
            raise ValueError(f'a {self.kind} source needs start_urls = ["https://…"]')

    @property
    def interval(self) -> timedelta | None:
        return parse_duration(self.schedule) if self.schedule else None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)


def parse_duration(value: str) -> timedelta:
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration like 30m, 6h, 1d or 1w: {value!r}")
    return timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})


def source_from_dict(data: dict[str, Any], where: str = "source") -> SourceConfig:
    try:
        return SourceConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'source'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SourceConfigError(f"{where}: {problems}") from None


def load_sources(path: Path) -> list[SourceConfig]:
    """Every source defined in a TOML file, validated; a clear error names the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceConfigError(f"{path}: cannot read: {exc}") from None
    return parse_sources(text, str(path), base=path.parent)


def parse_sources(text: str, where: str, base: Path | None = None) -> list[SourceConfig]:
    """Every source a TOML text defines (a file's, or what an administrator pasted into the
    workspace), validated. A folder source's relative path is taken from ``base``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(
            Msg("%(where)s: not valid TOML: %(error)s", where=where, error=str(exc))
        ) from None
    raw = data.get("source", data)
    tables = raw if isinstance(raw, list) else [raw]
    sources = []
    for i, table in enumerate(tables):
        if not isinstance(table, dict):
            raise SourceConfigError(f"{where}: [source] must be a table")
        if base is not None and table.get("kind") == "folder" and "path" in table:
            folder = Path(str(table["path"]))
            table = {**table, "path": folder if folder.is_absolute() else base / folder}
        label = where + (f" [[source]] #{i + 1}" if len(tables) > 1 else "")
        sources.append(source_from_dict(table, label))
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SourceConfigError(f"{where}: source names repeat: {', '.join(dupes)}")
    return sources
