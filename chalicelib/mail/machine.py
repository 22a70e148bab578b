"""Tell mail sent by machines (auto-replies, bounces, lists, our own loops) from mail by people.

Automatic mail is never acknowledged, answered or allowed to reopen a ticket (DESIGN §3), so an
out-of-office or another helpdesk can never ping-pong with us. `classify` gathers the evidence
and names the strongest kind; the caller decides with what it knows about the recipient:
list and bulk headers (List-Id, List-Unsubscribe, Precedence: bulk/list/junk) are weak, because
sales and marketing-grade mail programs put them on a person's one-to-one mail too, so a mail to
a ticket's signed reply address is not automatic on their strength alone (`reason_for`).

X-Auto-Response-Suppress is a request not to be auto-answered, not a statement about the mail:
Exchange adds "OOF, DR, RN, NRN" to ordinary mail that passed a list rule, and helpdesks that
filtered on it lost good mail. Only "All", which automatic senders set, counts, and only weakly.

Out-of-office replies without any header are recognised by their subject: the prefixes mail
programs put there ("Automatyczna odpowiedź:", "Out of Office:", "Abwesenheitsnotiz:"...). Words
that a person's subject may start with ("Nieobecność: jak wprowadzić urlop?" is a fair question
for a payroll product) count only when a reply to us follows them ("Nieobecność: RE: [#...]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message

from chalicelib.mail.bounded import pattern
from chalicelib.mail.headers import first_value, header_values, subject
from chalicelib.mail.parsing import addresses
from chalicelib.mail.reports import bounced_message_ids, daemon_sender, delivery_kind

__all__ = ["Verdict", "automatic_reason", "bounced_message_ids", "classify", "is_bounce", "is_delay"]

LOOP_HEADER = "X-Helpdesk-Loop"
# Strongest first: what decides the kind when several kinds of evidence are present.
KINDS = ("loop", "bounce", "delay", "report", "no_sender", "auto_reply", "auto_generated", "bulk_or_list")
WEAK = "bulk_or_list"
_AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponse")
_LIST_HEADERS = ("List-Id", "List-Unsubscribe")
_TAG = r"(?:\[[^\]\n]{0,40}\][ \t]*)?"  # "[External] Automatic reply: ..."
_PHRASES = (r"automatyczna odpowied[źz]|odpowied[źz] automatyczna|auto-?odpowied[źz]|automatic reply"
            r"|auto[- ]?reply|automatic response|auto[- ]?response|out of (?:the )?office(?: auto-?reply| reply)?"
            r"|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|automatisch antwoord"
            r"|automatick[áa] odpov[ěe]ď|respuesta autom[áa]tica|risposta automatica")
_AUTO_SUBJECT = pattern(rf"{_TAG}({_PHRASES})[ \t]*:", re.IGNORECASE, limit=200)
_ABSENCES = r"nieobecno[śs][ćc]|nieobecny|nieobecna|poza biurem|urlop|away|absent|abwesend|vacation"
_REPLY_TO_US = r"(?:re|odp|aw|sv|antw)[ \t]*:|[^\n]{0,200}\[#"  # a reply prefix, or our ticket tag further on
_ABSENCE_SUBJECT = pattern(rf"{_TAG}({_PHRASES}|{_ABSENCES})\b[ \t]*:?[ \t]*(?={_REPLY_TO_US})", re.IGNORECASE,
                           limit=400)
_DELIVERY_REASONS = {"bounce": "delivery failure report", "delay": "delivery delay notice",
                     "report": "delivery or read report"}


@dataclass(frozen=True)
class Verdict:
    kind: str  # "person" or one of KINDS
    reasons: tuple[str, ...]  # the evidence, strong before weak

    @property
    def automatic(self) -> bool:
        return self.kind != "person"

    def reason_for(self, *, signed_token: bool) -> str | None:
        """Why to treat the mail as automatic, or None for a person's mail. `signed_token`: it was
        addressed to a ticket's signed reply address, where list headers alone do not count."""
        if self.kind == "person" or (self.kind == WEAK and signed_token):
            return None
        return self.reasons[0]


def classify(msg: Message, loop_header: str = LOOP_HEADER) -> Verdict:
    evidence = _evidence(msg, loop_header)
    if not evidence:
        return Verdict("person", ())
    kind = min((k for k, _ in evidence), key=KINDS.index)
    # The deciding evidence first, then the rest of the strong, then the weak.
    ordered = sorted(evidence, key=lambda item: (item[0] != kind, item[0] == WEAK))
    return Verdict(kind, tuple(dict.fromkeys(reason for _, reason in ordered)))


def automatic_reason(msg: Message, loop_header: str = LOOP_HEADER, *, signed_token: bool = False) -> str | None:
    """A short reason when the mail is automatic, else None."""
    return classify(msg, loop_header).reason_for(signed_token=signed_token)


def is_bounce(msg: Message) -> bool:
    """A delivery failure: a delay notice or a read receipt is not one."""
    return delivery_kind(msg, subject(msg)) == "bounce"


def is_delay(msg: Message) -> bool:
    return delivery_kind(msg, subject(msg)) == "delay"


def _evidence(msg: Message, loop_header: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    auto = first_value(msg, "Auto-Submitted").split(";")[0].strip().lower()[:40]
    if auto and auto != "no":
        found.append(("auto_reply" if auto == "auto-replied" else "auto_generated", f"Auto-Submitted: {auto}"))
    precedence = first_value(msg, "Precedence").strip().lower()[:40]
    if precedence == "auto_reply":
        found.append(("auto_reply", "Precedence: auto_reply"))
    elif precedence in ("bulk", "junk", "list"):
        found.append((WEAK, f"Precedence: {precedence}"))
    if header_values(msg, loop_header):
        found.append(("loop", f"{loop_header} header"))
    found += [("auto_reply", f"{name} header") for name in _AUTOREPLY_HEADERS if header_values(msg, name)]
    exchange = first_value(msg, "X-MS-Exchange-Generated-Message-Source").strip()[:60]
    if exchange:  # "Mailbox Rules Agent" writes out-of-office and rule replies
        kind = "auto_reply" if "mailbox rules" in exchange.lower() else "auto_generated"
        found.append((kind, f"X-MS-Exchange-Generated-Message-Source: {exchange}"))
    suppress = {v.strip().lower() for v in ",".join(header_values(msg, "X-Auto-Response-Suppress")).split(",")}
    if "all" in suppress:
        found.append((WEAK, "X-Auto-Response-Suppress: All"))
    found += [(WEAK, f"{name} header") for name in _LIST_HEADERS if header_values(msg, name)]
    if any("".join(value.split()) == "<>" for value in header_values(msg, "Return-Path")):
        found.append(("auto_generated", "null Return-Path"))
    title = subject(msg)
    delivery = delivery_kind(msg, title)
    if delivery:
        daemon = daemon_sender(msg) and delivery == "bounce"
        found.append((delivery, "sent by a mailer daemon" if daemon else _DELIVERY_REASONS[delivery]))
    prefix = _AUTO_SUBJECT.match(title) or _ABSENCE_SUBJECT.match(title)
    if prefix:
        found.append(("auto_reply", f"subject: {prefix.group(1)}"))
    if not addresses(header_values(msg, "From")):
        found.append(("no_sender", "no sender address"))
    return found
