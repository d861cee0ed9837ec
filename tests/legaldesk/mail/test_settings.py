"""Mail settings: not configured without a server and a From address, the usual port for
each kind of TLS, and mistakes that would fail every sending refused at start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from legaldesk.config import Settings
from legaldesk.mail.sender import SmtpConfig


def test_mail_is_configured_by_a_server_and_a_from_address() -> None:
    assert SmtpConfig.from_settings(Settings(smtp_host="mail.example")) is None
    assert SmtpConfig.from_settings(Settings(smtp_from="cpi@library.example")) is None

    config = SmtpConfig.from_settings(
        Settings(smtp_host="mail.example", smtp_from="ЦПИ <cpi@library.example>")
    )

    assert config is not None
    assert (config.port, config.security, config.envelope_from) == (
        25,
        "none",
        "cpi@library.example",
    )


@pytest.mark.parametrize(
    ("tls", "port"), [({"smtp_starttls": True}, 587), ({"smtp_ssl": True}, 465), ({}, 25)]
)
def test_each_kind_of_tls_has_its_usual_port(tls: dict[str, bool], port: int) -> None:
    settings = Settings(smtp_host="mail.example", smtp_from="cpi@library.example", **tls)

    config = SmtpConfig.from_settings(settings)

    assert config is not None and config.port == port
    explicit = Settings(smtp_host="h", smtp_from="a@b.example", smtp_port=2525, **tls)
    assert (SmtpConfig.from_settings(explicit) or config).port == 2525


@pytest.mark.parametrize(
    "wrong",
    [
        {"smtp_ssl": True, "smtp_starttls": True},
        {"smtp_from": "the library"},
        {"smtp_from": "a@b.example, c@d.example"},
        {"smtp_password": "пароль"},
    ],
)
def test_settings_that_would_fail_every_sending_stop_the_start(wrong: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings(smtp_host="mail.example", **wrong)  # type: ignore[arg-type]
