"""Outgoing e-mail: an outbox written in the transaction of the change that causes a
message (``outbox.enqueue``), and senders that deliver it over SMTP with retries
(``sender``). docs/architecture.md, «Mail»."""

from legaldesk.mail.outbox import InvalidAddress, enqueue, normalise_address

__all__ = ["InvalidAddress", "enqueue", "normalise_address"]
