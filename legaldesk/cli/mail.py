"""``legaldesk mail …``: send the outbox (once, or for good beside ``serve``), read it,
queue failed messages again, queue a test message.

What these commands print is for the library's staff, so it is in Russian, through the
web interface's catalogue; ``--json`` gives the stored values for scripts.
"""

from __future__ import annotations

import json
import signal
import threading
from typing import Annotated, Any

import typer
from rich.markup import escape

from legaldesk.cli.common import _repo, app, console, err, id_argument
from legaldesk.cli.speech import _, ngettext, russian, tr
from legaldesk.cli.speech import moment as _at
from legaldesk.db import session_scope
from legaldesk.mail import InvalidAddress, enqueue, outbox
from legaldesk.mail.sender import POLL_SECONDS, Sender, SmtpConfig
from legaldesk.models import OutboxMessage
from legaldesk.repository import Repository

mail_app = typer.Typer(help="Outgoing e-mail: send the outbox, list it, retry failed messages.")
app.add_typer(mail_app, name="mail")


def not_configured_text(waiting: int) -> str:
    return ngettext(
        "Mail is not configured (LEGALDESK_SMTP_HOST and LEGALDESK_SMTP_FROM): "
        "%(num)d message waits in the outbox.",
        "Mail is not configured (LEGALDESK_SMTP_HOST and LEGALDESK_SMTP_FROM): "
        "%(num)d messages wait in the outbox.",
        waiting,
    ) % {"num": waiting}


@mail_app.command("send")
def send(
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Keep sending until stopped (legaldesk serve starts one such sender itself).",
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.05, help="Seconds between looks at the outbox.")
    ] = POLL_SECONDS,
    parent: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Send the messages that are due: once, or with --follow for good.

    Several senders may run at once; each message goes out once."""
    russian()
    repo = _repo()
    sender = Sender.from_settings(repo.engine, repo.settings)
    if sender.config is None:
        waiting = outbox.state(repo.engine).queued
        err.print(f"[yellow]{escape(not_configured_text(waiting))}[/]", soft_wrap=True)
        repo.close()
        raise typer.Exit(1)
    if not follow:
        report = sender.drain()
        console.print(
            _("Sent: %(sent)d, postponed: %(later)d, not delivered: %(failed)d.")
            % {"sent": len(report.sent), "later": len(report.later), "failed": len(report.failed)}
        )
        if report.server_error:
            err.print(f"[red]{escape(tr(report.server_error))}[/]", soft_wrap=True)
        repo.close()
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    err.print(_("Sending mail through %(server)s") % {"server": _server(sender.config)})
    try:
        sender.run(stop, interval=interval, parent=parent)
    finally:
        repo.close()


def _server(config: SmtpConfig) -> str:
    return f"{config.host}:{config.port}"


@mail_app.command("list")
def list_(
    failed: Annotated[bool, typer.Option("--failed", help="Only messages not delivered.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="How many of the latest.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The outbox, newest first: what waits, what was sent, what failed and why."""
    russian()
    repo = _repo()
    rows = outbox.messages(repo.engine, failed=failed, limit=limit)
    state = outbox.state(repo.engine)
    configured = SmtpConfig.from_settings(repo.settings) is not None
    repo.close()
    if as_json:
        print(
            json.dumps(
                {
                    "configured": configured,
                    "queued": state.queued,
                    "failed": state.failed,
                    "sent": state.sent,
                    "last_sent_at": _iso(state.last_sent_at),
                    "last_error": state.last_error,
                    "messages": [_plain(m) for m in rows],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not configured:
        console.print(f"[yellow]{escape(not_configured_text(state.queued))}[/]", soft_wrap=True)
    console.print(
        _("In the queue: %(queued)d, not delivered: %(failed)d, sent: %(sent)d.")
        % {"queued": state.queued, "failed": state.failed, "sent": state.sent}
    )
    if not rows:
        console.print(_("No messages not delivered.") if failed else _("The outbox is empty."))
        return
    from legaldesk.web.labels import MAIL_STATUSES

    for message in rows:
        status = _(MAIL_STATUSES.get(message.status, message.status))
        colour = {"failed": "red", "sent": "green"}.get(message.status, "yellow")
        head = _("No. %(id)d · %(status)s · %(to)s · attempts: %(attempts)d") % {
            "id": message.id,
            "status": f"[{colour}]{escape(status)}[/]",
            "to": escape(message.recipient),
            "attempts": message.attempts,
        }
        console.print(head, soft_wrap=True)
        console.print(f"  {escape(message.subject)}", soft_wrap=True)
        when = _when(message)
        if message.last_error:
            when = f"{when} — {tr(message.last_error)}"
        console.print(f"  {escape(when)}", soft_wrap=True)


def _when(message: OutboxMessage) -> str:
    if message.status == "sent":
        return _("sent %(at)s") % {"at": _at(message.sent_at)}
    if message.status == "queued":
        return _("next attempt %(at)s") % {"at": _at(message.next_attempt_at)}
    if message.status == "sending":
        return _("being sent")
    return _("queued %(at)s") % {"at": _at(message.created_at)}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _plain(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "status": message.status,
        "kind": message.kind,
        "ref": message.ref,
        "to": message.recipient,
        "subject": message.subject,
        "attempts": message.attempts,
        "created_at": _iso(message.created_at),
        "next_attempt_at": _iso(message.next_attempt_at),
        "sent_at": _iso(message.sent_at),
        "last_error": message.last_error,
    }


@mail_app.command("retry")
def retry(
    ids: Annotated[
        list[int] | None,
        id_argument("Messages to retry (default: every failed one)."),
    ] = None,
) -> None:
    """Queue messages that were not delivered again, their attempts counted afresh.

    For when the address is corrected on the server's side, or the server's trouble is
    over."""
    russian()
    repo = _repo()
    count = outbox.requeue(repo.engine, ids or None)
    repo.close()
    console.print(_("Queued again: %(num)d.") % {"num": count})


@mail_app.command("test")
def test(
    address: Annotated[str, typer.Argument(help="Where to send the test message.")],
) -> None:
    """Queue a test message, to see that mail reaches people (`mail send` sends it)."""
    russian()
    repo: Repository = _repo()
    try:
        with session_scope(repo.engine) as session:
            message = enqueue(
                session,
                address,
                _("LegalDesk test message"),
                _("This message checks that mail from the legal information centre arrives."),
                kind="test",
            )
    except InvalidAddress as exc:
        err.print(f"[red]{escape(tr(exc.args[0]))}[/]", soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        repo.close()
    console.print(_("The message is queued (No. %(id)d).") % {"id": message.id})
