"""Settings: LEGALDESK_* environment variables, then an optional TOML file, then defaults.

The defaults are embedded: everything lives under one data directory (SQLite database,
blob store, Tantivy index), so a fresh machine needs no server to run LegalDesk.
"""

from __future__ import annotations

import json
import os
from datetime import time, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

if TYPE_CHECKING:
    from ipaddress import IPv4Network, IPv6Network

    from legaldesk.harvesters.fetchpolicy import FetchPolicy


def _default_data_dir() -> Path:
    return Path(os.environ.get("LEGALDESK_DATA_DIR", "var")).resolve()


def _config_file() -> Path | None:
    explicit = os.environ.get("LEGALDESK_CONFIG")
    if explicit:
        return Path(explicit)
    candidate = _default_data_dir() / "legaldesk.toml"
    return candidate if candidate.exists() else None


DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # `legaldesk serve` sets the real one


class Settings(BaseSettings):
    """Everything configurable. Paths left empty are derived from ``data_dir``."""

    model_config = SettingsConfigDict(env_prefix="LEGALDESK_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str = ""
    index_dir: Path | None = None
    # The index's name as a consumer of the change log. Every index has its own position:
    # a network with one index per machine gives each machine's its own name.
    index_consumer: str = Field(default="index", min_length=1, max_length=64)
    # Set on a node whose database is a read-only streaming replica (docs/deployment.md,
    # «Reading nodes»): the address of the node on the primary, where this node sends
    # every request that writes or signs in. The node opens its database read-only, serves
    # the public reading pages, and keeps its index's position in the index's directory.
    primary_url: str = ""
    blob_dir: Path | None = None
    # The question-answer base's own index (legaldesk/qa/); empty: beside the acts' index.
    qa_index_dir: Path | None = None
    max_file_size: int = 50 * 1024 * 1024
    # A DOCX is a zip: refuse archives whose members would inflate past this.
    max_unpacked_size: int = 200 * 1024 * 1024
    ocr: bool = True
    ocr_languages: str = "rus+eng"
    ocr_max_pages: int = 40
    ocr_dpi: int = 300
    # Each file is read by a child process with these limits (see
    # legaldesk.pipeline.extract.isolation): its address space in MB, its own processor
    # seconds, the wall-clock seconds of the whole extraction including OCR (about 4 s a
    # page at 300 dpi, so 40 pages fit), and the size of the text it may return.
    extract_memory_mb: int = Field(default=1024, ge=256)
    extract_cpu_seconds: int = Field(default=120, ge=1)
    extract_timeout: float = Field(default=600, gt=0)
    extract_max_text_mb: int = Field(default=32, ge=1)
    # Personnel orders (приказы по личному составу: hiring, dismissal, leave) are legal acts
    # of an employer, rarely of public interest and full of personal data: «hold» keeps
    # them back as not an act (legaldesk/pipeline/nonacts.py), «file» treats them as acts.
    personnel_orders: Literal["hold", "file"] = "hold"
    # Signs CSRF tokens; empty = generated once into the data directory (secret.key).
    secret_key: str = ""
    # Staff sessions end after this long without a request, and this long after sign-in
    # whatever happens (a working day).
    session_idle_minutes: int = Field(default=120, ge=1)
    session_max_hours: int = Field(default=12, ge=1)
    # Cookies with the Secure flag: "auto" when the request came over HTTPS (behind a proxy,
    # as uvicorn reads X-Forwarded-Proto from trusted_proxies), "always", or "never".
    secure_cookies: Literal["auto", "always", "never"] = "auto"
    # Addresses whose X-Forwarded-For / X-Forwarded-Proto are believed (the reverse proxy);
    # a comma-separated list for uvicorn's --forwarded-allow-ips.
    trusted_proxies: str = "127.0.0.1"
    # Seconds `serve` keeps an idle kept-alive connection open. Longer than the proxy's
    # keepalive_timeout for its upstream (nginx: 60 s, deploy/nginx) and than clients' own
    # expiry (httpx: 5 s): at uvicorn's 5 s the service closed connections just as they
    # were reused, and the request on them was lost (a 502 from nginx for a POST, which it
    # does not send again; nine errors in the ten-minute soak, docs/benchmarks.md).
    keep_alive_seconds: int = Field(default=75, ge=1, le=3600)
    # The library's name as readers know it: the site's header, printed acts and posters.
    # Empty: «Центр правовой информации» (in the reader's language).
    library_name: str = Field(default="", max_length=200)
    # The library's time zone and the end of its working day: a request received after it
    # (or on a day off) counts from the next working day (legaldesk/desk/deadlines.py), and
    # «due today» is today there.
    timezone: str = "Europe/Moscow"
    desk_closes_at: str = Field(default="18:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # A requester's name and contact (and e-mails to them) are removed this many days after
    # their request was closed or cancelled (legaldesk/desk/privacy.py): a year covers the
    # reporting year, a resident coming back about the same answer, and a complaint about
    # it; the counts of the statistics never depend on them.
    desk_personal_data_days: int = Field(default=365, ge=1, le=3650)
    # The address readers reach the site at: links in feeds and e-mails are made from it,
    # never from the Host header of a request. Empty: http://<host>:<port> of `serve`.
    public_url: str = ""
    # Sign-in throttling (per account name and per client address): the first failures
    # are free, each later one doubles the wait before the next attempt (up to a minute),
    # and this many in a row lock the account name (or address) for login_lock_minutes.
    login_free_attempts: int = Field(default=3, ge=1)
    login_lock_after: int = Field(default=10, ge=2)
    login_address_lock_after: int = Field(default=30, ge=2)
    login_lock_minutes: int = Field(default=15, ge=1)
    # Internal addresses harvests may fetch from; everything else internal is refused
    # (harvesters/fetchpolicy.py). Entries: networks ("10.0.0.0/8"), addresses, host names,
    # each with an optional port ("127.0.0.1:8642"). Environment: a JSON list or commas.
    fetch_allow: Annotated[tuple[str, ...], NoDecode] = ()
    # Folder sources must lie under one of these (empty: inbox/ in the data directory);
    # relative ones are taken from the data directory.
    inbox_roots: Annotated[tuple[Path, ...], NoDecode] = ()
    # Outgoing mail (legaldesk/mail): without a host and a From address nothing is sent and
    # messages wait in the outbox. Port 0 means the usual one: 465 with ssl, 587 with
    # starttls, else 25. Timeout: seconds for one conversation step with the server.
    smtp_host: str = ""
    smtp_port: int = Field(default=0, ge=0, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = Field(default=30, gt=0)
    # A message the server keeps refusing for now (4xx, no connection) is tried this many
    # times, waiting twice as long each time up to four hours: 20 attempts span two days.
    smtp_max_attempts: int = Field(default=20, ge=1)

    # Logs: "human" (as Python and uvicorn print them) or "json" (one object a line, with
    # each request's id and an access line per request; legaldesk/observability/logs.py).
    log_format: Literal["human", "json"] = "human"
    # /readyz says «not ready» when a follower of the change log (the index first) is this
    # many changes behind, or its oldest waiting change is this many seconds old.
    ready_max_lag: int = Field(default=1000, ge=1)
    ready_max_lag_seconds: float = Field(default=300, gt=0)
    # Who may read /metrics besides the machine itself (loopback): networks or addresses,
    # as a JSON list or commas ("10.0.0.5, 192.168.10.0/24"). The metrics reveal the
    # service's internals (routes, volumes, failures), never personal data.
    metrics_allow: Annotated[tuple[str, ...], NoDecode] = ()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml = _config_file()
        if toml is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    @field_validator("fetch_allow", "inbox_roots", "metrics_allow", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("smtp_ssl")
    @classmethod
    def _one_kind_of_tls(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("smtp_starttls"):
            raise ValueError("smtp_ssl and smtp_starttls exclude each other: choose one")
        return value

    @field_validator("smtp_user", "smtp_password")
    @classmethod
    def _ascii_sign_in(cls, value: str) -> str:
        # smtplib sends AUTH in ASCII; a Cyrillic password would fail at every sending
        if not value.isascii():
            raise ValueError("the mail server's user name and password must be ASCII")
        return value

    @field_validator("smtp_from")
    @classmethod
    def _one_from_address(cls, value: str) -> str:
        if value:
            from legaldesk.mail.message import envelope_sender

            envelope_sender(value)  # a misspelt address stops the start, not every sending
        return value

    @field_validator("fetch_allow")
    @classmethod
    def _allow_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from legaldesk.harvesters.fetchpolicy import FetchPolicy

        FetchPolicy.parse(value)  # a misspelt entry stops the start, not a harvest later
        return value

    @field_validator("metrics_allow")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        import ipaddress

        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"not a network or an address: {entry!r}") from None
        return value

    @property
    def metrics_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        import ipaddress

        return tuple(ipaddress.ip_network(entry, strict=False) for entry in self.metrics_allow)

    @field_validator("primary_url")
    @classmethod
    def _primary(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) address: {value!r}")
        return value

    @property
    def read_only(self) -> bool:
        """A reading node on a replica: nothing here writes to the database."""
        return bool(self.primary_url)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        ZoneInfo(value)  # a misspelt zone stops the start, not a deadline later
        return value

    @property
    def zone(self) -> tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    @property
    def closes_at(self) -> time:
        hours, minutes = self.desk_closes_at.split(":")
        return time(int(hours), int(minutes))

    @property
    def fetch_policy(self) -> FetchPolicy:
        from legaldesk.harvesters.fetchpolicy import FetchPolicy

        return FetchPolicy.parse(self.fetch_allow)

    @property
    def resolved_inbox_roots(self) -> tuple[Path, ...]:
        roots = self.inbox_roots or (Path("inbox"),)
        return tuple((root if root.is_absolute() else self.data_dir / root) for root in roots)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'legaldesk.sqlite3'}"

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def resolved_public_url(self) -> str:
        """The address links that leave a page point at (feeds, e-mails, descriptions):
        the configured one, else where `legaldesk serve` listens by default."""
        return (self.public_url or DEFAULT_PUBLIC_URL).rstrip("/")

    @property
    def resolved_qa_index_dir(self) -> Path:
        index = self.resolved_index_dir
        return self.qa_index_dir or index.with_name(index.name + "-qa")

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    def ensure_dirs(self) -> None:
        """Create the directories; the data directory is private to its owner (0700), and
        one found open to others is closed: it holds the database with password hashes and
        the secret key."""
        self.ensure_data_dir()
        found = self.data_dir.stat()
        if found.st_mode & 0o077 and found.st_uid == os.getuid():
            self.data_dir.chmod(0o700)
        for path in (self.resolved_index_dir, self.resolved_blob_dir):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
