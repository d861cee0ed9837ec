"""A real SMTP server for the tests (aiosmtpd) on a free port of this machine: it keeps
what it received and answers recipients as a test tells it to. The port is held from the
start, so a test can have the server «down» (connections refused) and bring it up on the
same port."""

from __future__ import annotations

import socket
import warnings
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Mailbox:
    """The server's handler. ``replies``: a recipient → the reply to its RCPT."""

    received: list[Received] = field(default_factory=list)
    replies: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        reply = self.replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 Message accepted for delivery"


class _Controller(Controller):
    def __init__(self, handler: Mailbox, sock: socket.socket, **smtp: Any) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **smtp)
        self.sock = sock

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self.sock)


class SmtpServer:
    """Down (the port held, refusing connections) until :meth:`start`. Given ``login``
    (user, password), it accepts mail only after AUTH with them (over plain TCP: the tests
    have no certificate)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.login = login
        self.mailbox = Mailbox()
        self.sock = self._reserve(0)
        self.port: int = self.sock.getsockname()[1]
        self.controller: _Controller | None = None

    @staticmethod
    def _reserve(port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        return sock  # bound, not listening: a connection is refused

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        given = (data.login.decode(), data.password.decode())
        success = isinstance(data, LoginPassword) and given == self.login
        return AuthResult(success=success, handled=False)  # the server answers 535 itself

    def start(self) -> SmtpServer:
        smtp: dict[str, Any] = {}
        if self.login is not None:
            # no TLS in the tests: aiosmtpd warns about AUTH without it, rightly elsewhere
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            smtp = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self.controller = _Controller(self.mailbox, self.sock, **smtp)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()  # closes the socket
            self.controller = None
            self.sock = self._reserve(self.port)

    def close(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
        self.sock.close()

    @property
    def received(self) -> list[Received]:
        return self.mailbox.received
