"""A customer's reply on a ticket, from the portal or by mail: one rule for both.

The reply is appended; a waiting or closed ticket opens again (closed ->
reopened); it stays with its consultant if that consultant is still active and
available, else it goes back to its queue unassigned; the consultant (or, with
none, the consultants) is told by mail.
"""

from __future__ import annotations

from chalicelib.core import thread
from chalicelib.core.tables import Attachment, Claim, Omitted, ThreadEntry, Ticket
from chalicelib.mail import compose
from chalicelib.people import directory
from chalicelib.rules import workflow
from chalicelib.tickets import changes, delivery, originals
from chalicelib.tickets.changes import Change


def add_customer_message(
    ticket: Ticket,
    *,
    body: str,
    text: originals.Text | None = None,
    sender: str,
    subject: str | None = None,
    message_id: str | None = None,
    attachments: list[Attachment] | None = None,
    omitted: Omitted | None = None,
    raw_key: str | None = None,
    claims: list[Claim] | None = None,
) -> Ticket:
    entry = thread.new_entry(
        ticket.number, thread.MESSAGE, author=sender, author_role="customer", body=body,
        full_body=text.excerpt if text else body, text_key=text.key if text else None,
        text_size=text.size if text else None, subject=subject, sender=sender, message_id=message_id,
        attachments=attachments, omitted=omitted, raw_key=raw_key,
    )

    def build(current: Ticket) -> Change:
        change = Change(
            actor=sender,
            to_status=workflow.after_customer_reply(current.status),
            entries=[entry],
            action_name="reopened" if current.status == workflow.CLOSED else "customer_replied",
            claims=list(claims or []),
        )
        if message_id:
            change.actions.append(Ticket.last_customer_message_id.set(message_id))
        if current.assignee and not workflow.keeps_consultant(
            directory.is_active(current.assignee_email or ""), directory.is_available(current.assignee)
        ):
            change.assignee = None
        return change

    ticket, change = changes.apply_current(ticket, build)
    notify_consultants(ticket, entry, change.action_name == "reopened")
    return ticket


def notify_consultants(ticket: Ticket, entry: ThreadEntry, reopened: bool) -> None:
    recipients = [ticket.assignee_email] if ticket.assignee_email else directory.consultant_addresses()
    for address in recipients:
        notice = thread.new_entry(
            ticket.number, thread.MAIL, internal=True, action=compose.CONSULTANT_NOTICE,
            author="system", recipients=[address],
        )
        delivery.deliver(ticket, compose.CONSULTANT_NOTICE, notice, about=entry, reopened=reopened)

