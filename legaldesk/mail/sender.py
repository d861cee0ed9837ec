"""The sender: takes due messages from the outbox and hands them to the SMTP server.

One pass (:meth:`Sender.run_once`) claims a batch, opens one connection for it and sends
each message. What the server answers decides what becomes of a message:

- accepted → ``sent``;
- refused for good (a 5xx reply to the sender, the recipient or the data: no such
  mailbox, a message refused as spam) → ``failed`` with the server's words;
- refused for now (a 4xx reply: greylisting, a full mailbox), or no conversation at all
  (connection refused, a timeout, the connection dropped, a TLS or sign-in problem with
  our own server) → queued again after a pause that doubles each attempt (1 min, 2, 4 …
  up to 4 hours), and ``failed`` only after ``max_attempts`` (about two days with the
  default 20). A problem of the server itself never fails a message for good on the first
  try, so a mail server that is down loses nothing.

Sending is plain :mod:`smtplib`: it speaks SMTP, STARTTLS, implicit TLS and AUTH with
every server a library is likely to have, and a third-party client would add a dependency
for no capability this needs. The clock is handed in, so the tests drive passes one at a
time without waiting for real pauses.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.engine import Engine

from legaldesk.config import Settings
from legaldesk.mail import outbox
from legaldesk.mail.message import build, envelope_sender
from legaldesk.mail.outbox import Claimed
from legaldesk.messages import Msg
from legaldesk.models.base import utcnow

log = logging.getLogger(__name__)

BATCH = 10
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=4)
POLL_SECONDS = 1.0
MAX_BACKOFF = 60.0  # seconds between passes while the database itself fails
KEEP_SENT = timedelta(days=30)
PRUNE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    from_header: str
    user: str = ""
    password: str = ""
    security: Literal["none", "starttls", "ssl"] = "none"
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig | None:
        """None when mail is not configured (no server or no From address): messages
        then wait in the outbox."""
        if not settings.smtp_host or not settings.smtp_from:
            return None
        security: Literal["none", "starttls", "ssl"] = (
            "ssl" if settings.smtp_ssl else "starttls" if settings.smtp_starttls else "none"
        )
        port = settings.smtp_port or {"ssl": 465, "starttls": 587, "none": 25}[security]
        return cls(
            host=settings.smtp_host,
            port=port,
            from_header=settings.smtp_from,
            user=settings.smtp_user,
            password=settings.smtp_password,
            security=security,
            timeout=settings.smtp_timeout,
        )

    @property
    def envelope_from(self) -> str:
        return envelope_sender(self.from_header)


def configured(settings: Settings) -> bool:
    return SmtpConfig.from_settings(settings) is not None


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, greeted, secured and signed-in conversation with the server."""
    context = ssl.create_default_context()
    connection: smtplib.SMTP
    if config.security == "ssl":
        connection = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=context
        )
    else:
        connection = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        connection.ehlo()
        if config.security == "starttls":
            connection.starttls(context=context)
            connection.ehlo()
        if config.user:
            connection.login(config.user, config.password)
    except BaseException:
        _close(connection)
        raise
    return connection


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}".strip()


def describe(exc: BaseException) -> str:
    """What went wrong, in the words of the server or the system, for the outbox. Our own
    words are a :class:`Msg`, so the status page and ``mail list`` show them in Russian;
    a server's reply stays as the server wrote it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(_reply(code, text) for code, text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reply = _reply(exc.smtp_code, exc.smtp_error)
        return Msg("the mail server refused the user name or password: %(reply)s", reply=reply)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    # smtplib reports a read that timed out as a closed connection
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return Msg("no answer from the mail server (timed out)")
    if isinstance(exc, ConnectionRefusedError):
        return Msg("the mail server refused the connection")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Msg("the mail server closed the connection")
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return Msg("no secure connection to the mail server: %(detail)s", detail=str(exc))
    if isinstance(exc, OSError) and exc.strerror:
        return Msg("cannot reach the mail server: %(detail)s", detail=exc.strerror)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def permanent(exc: BaseException) -> bool:
    """Whether a failure to send one message will not go away by trying again: the server
    answered it with a 5xx, or it needs what the server lacks (SMTPUTF8)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return isinstance(exc, smtplib.SMTPNotSupportedError)


def _conversation_goes_on(exc: BaseException) -> bool:
    """Whether the connection may carry the next message after this failure: smtplib
    resets the transaction after a refused sender, recipient or data, but a 421 means the
    server is closing, and any other error leaves the conversation in an unknown state."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code != 421 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code != 421
    return isinstance(exc, smtplib.SMTPNotSupportedError)


@dataclass
class PassReport:
    """What one pass did. ``configured`` False: nothing was tried."""

    configured: bool = True
    sent: list[int] = field(default_factory=list)
    later: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)  # another sender took them meanwhile
    server_error: str | None = None  # the server could not be reached or signed in to

    @property
    def handled(self) -> int:
        return len(self.sent) + len(self.later) + len(self.failed) + len(self.lost)


class Sender:
    """Delivers the outbox. Any number of senders may run at once, in one process or in
    several on several machines: each message is held by one of them at a time."""

    def __init__(
        self,
        engine: Engine,
        config: SmtpConfig | None,
        *,
        clock: Callable[[], datetime] = utcnow,
        max_attempts: int = 20,
        batch: int = BATCH,
        first_delay: timedelta = FIRST_DELAY,
        max_delay: timedelta = MAX_DELAY,
        worker: str | None = None,
    ) -> None:
        self.engine = engine
        self.config = config
        self.clock = clock
        self.max_attempts = max_attempts
        self.batch = batch
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.worker = worker or outbox.new_worker()
        self._pruned_at: datetime | None = None

    @classmethod
    def from_settings(
        cls,
        engine: Engine,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        worker: str | None = None,
    ) -> Sender:
        return cls(
            engine,
            SmtpConfig.from_settings(settings),
            clock=clock,
            max_attempts=settings.smtp_max_attempts,
            worker=worker,
        )

    @property
    def lease(self) -> timedelta:
        """Long enough for the whole batch even when every step of it takes the full
        timeout (connect, greet, TLS, sign in, then envelope and data per message), so a
        live sender never loses its messages to another."""
        timeout = self.config.timeout if self.config else 30.0
        return timedelta(seconds=timeout * (5 + 4 * self.batch)) + timedelta(minutes=1)

    def delay(self, attempts: int) -> timedelta:
        """The pause after the ``attempts``-th attempt failed for now."""
        return min(self.max_delay, self.first_delay * 2 ** max(0, attempts - 1))

    def run_once(self) -> PassReport:
        """Claim one batch of due messages and try each once."""
        report = PassReport()
        if self.config is None:
            report.configured = False
            return report
        claimed = outbox.claim(self.engine, self.worker, self.clock(), self.batch, self.lease)
        if not claimed:
            return report
        connection: smtplib.SMTP | None = None
        try:
            for position, message in enumerate(claimed):
                if connection is None:
                    try:
                        connection = connect(self.config)
                    except Exception as exc:  # the server, not the message: all wait
                        report.server_error = describe(exc)
                        log.warning("cannot reach the mail server: %s", report.server_error)
                        for waiting in claimed[position:]:
                            self._later(waiting, report.server_error, report)
                        break
                try:
                    connection.send_message(
                        build(message, self.config.from_header),
                        from_addr=self.config.envelope_from,
                        to_addrs=[message.recipient],
                    )
                except Exception as exc:
                    reason = describe(exc)
                    if permanent(exc):
                        self._record(
                            outbox.mark_failed(self.engine, message.id, self.worker, reason),
                            message,
                            report.failed,
                            report,
                        )
                        log.warning("message %d refused: %s", message.id, reason)
                    else:
                        self._later(message, reason, report)
                    if not _conversation_goes_on(exc):
                        _close(connection)
                        connection = None
                else:
                    self._record(
                        outbox.mark_sent(self.engine, message.id, self.worker, self.clock()),
                        message,
                        report.sent,
                        report,
                    )
        finally:
            if connection is not None:
                _close(connection)
        return report

    def _later(self, message: Claimed, reason: str, report: PassReport) -> None:
        if message.attempts >= self.max_attempts:  # the reason stays: it is why
            done = outbox.mark_failed(self.engine, message.id, self.worker, reason)
            self._record(done, message, report.failed, report)
            return
        at = self.clock() + self.delay(message.attempts)
        done = outbox.mark_later(self.engine, message.id, self.worker, reason, at)
        self._record(done, message, report.later, report)

    def _record(self, done: bool, message: Claimed, into: list[int], report: PassReport) -> None:
        if done:
            into.append(message.id)
        else:
            # Our lease ran out and another sender holds it: its outcome counts.
            log.warning("message %d was taken over by another sender", message.id)
            report.lost.append(message.id)

    def drain(self) -> PassReport:
        """Passes until nothing due is left (``legaldesk mail send`` without --follow)."""
        total = PassReport(configured=self.config is not None)
        while True:
            report = self.run_once()
            for name in ("sent", "later", "failed", "lost"):
                getattr(total, name).extend(getattr(report, name))
            total.server_error = report.server_error or total.server_error
            if report.handled < self.batch or report.server_error:
                return total

    def prune(self) -> int:
        """Sent messages older than KEEP_SENT go, at most once every PRUNE_EVERY."""
        now = self.clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return 0
        self._pruned_at = now
        return outbox.prune_sent(self.engine, now - KEEP_SENT)

    def run(
        self,
        stop: threading.Event,
        interval: float = POLL_SECONDS,
        parent: int | None = None,
    ) -> None:
        """Send until ``stop`` is set. Idle, a turn is one lookup of the moment the next
        message is due. A failing database is logged and retried after growing pauses; given
        ``parent``, the loop also ends when that process is gone (``legaldesk serve``
        killed without a chance to stop it)."""
        pause = 0.0
        while not stop.is_set():
            if parent is not None and os.getppid() != parent:
                return
            try:
                due = outbox.next_due(self.engine)
                if due is not None and due <= self.clock():
                    report = self.run_once()
                    if report.handled == self.batch and not report.server_error:
                        pause = 0.0
                        continue  # more may be due: no pause between full batches
                self.prune()
                pause = 0.0
            except Exception:
                pause = min(MAX_BACKOFF, pause * 2 or 1.0)
                log.exception("the mail sender failed; trying again in %.0f s", pause)
            stop.wait(pause or interval)
