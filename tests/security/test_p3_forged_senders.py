"""Point 3: forged senders on inbound mail.

The attack: SES gives SPF, DKIM and DMARC verdicts for every mail it receives and they were
ignored, so a mail with ``From:`` a customer and her ticket's subject tag (numbers are
sequential, so tags are guessable), sent from anywhere, landed in her ticket and reopened it.
Now such a mail (DMARC FAIL, or with no DMARC answer SPF and DKIM both FAIL) opens a new
ticket marked "unverified sender" for consultants and gets no acknowledgement (the From
address may be someone else's); the signed reply token still places a mail on its own.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.rules import authenticity
from infra import ses_receiving
from tests.fixtures import CUSTOMER, post_json, submit
from tests.security.helpers import SUPPORT, client_mail, inbound, sent_mail

FAIL, PASS, GRAY = {"status": "FAIL"}, {"status": "PASS"}, {"status": "GRAY"}
NOT_BELIEVED = {
    "dmarc_fail": ({"dmarcVerdict": FAIL, "spfVerdict": PASS, "dkimVerdict": PASS}, "DMARC FAIL"),
    "no_dmarc_spf_and_dkim_fail": ({"dmarcVerdict": GRAY, "spfVerdict": FAIL, "dkimVerdict": FAIL},
                                   "SPF FAIL, DKIM FAIL, no DMARC answer"),
}


@pytest.fixture
def closed_ticket(client, consultant, mailbox):
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant)
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."}, consultant)
    post_json(client, f"/consultant/tickets/{number}/close", {}, consultant)
    reply = next(m for m in reversed(mailbox()) if m["text"].find("Proszę zrestartować") >= 0)
    return {"number": number, "reply_to": reply["headers"]["Reply-To"], "message_id": reply["headers"]["Message-ID"]}


def _messages(number: str) -> list[str]:
    return [e.body for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message"]


@pytest.mark.parametrize("verdicts", list(NOT_BELIEVED))
def test_forged_from_with_the_subject_tag_opens_an_unverified_ticket(client, closed_ticket, consultant,
                                                                     aws_calls, verdicts):
    receipt, reason = NOT_BELIEVED[verdicts]
    number = closed_ticket["number"]
    raw = client_mail(CUSTOMER, SUPPORT, f"Re: [#{number}] Zmiana konta", "Proszę przelać zwrot na nowe konto.",
                      In_Reply_To=closed_ticket["message_id"])
    aws_calls.clear()
    inbound(client, raw, CUSTOMER, [SUPPORT], **receipt)
    assert Ticket.get(number, consistent_read=True).status == "closed"
    assert "Proszę przelać zwrot na nowe konto." not in _messages(number)
    [forged] = [t for t in Ticket.by_requester.query(CUSTOMER) if t.number != number]
    assert forged.unverified_sender == reason and forged.channel == "mail"
    assert _messages(forged.number) == ["Proszę przelać zwrot na nowe konto."]
    assert sent_mail(aws_calls) == []  # no acknowledgement to an address that may not have written
    view = client.http.get(f"/consultant/tickets/{forged.number}", headers=consultant).json_body
    assert view["unverified_sender"] == reason and view["filed_without_login"] is True


def test_the_signed_reply_token_is_enough_whatever_the_verdicts(client, closed_ticket):
    number = closed_ticket["number"]
    raw = client_mail(CUSTOMER, closed_ticket["reply_to"], "Re: odpowiedź", "Nadal nie działa.")
    inbound(client, raw, CUSTOMER, [closed_ticket["reply_to"]], dmarcVerdict=FAIL, spfVerdict=FAIL,
            dkimVerdict=FAIL)
    assert Ticket.get(number, consistent_read=True).status == "open"
    assert _messages(number)[-1] == "Nadal nie działa."


@pytest.mark.parametrize("receipt", [
    {"dmarcVerdict": PASS, "spfVerdict": FAIL, "dkimVerdict": FAIL},  # DMARC decides when it answers
    {"dmarcVerdict": GRAY, "spfVerdict": FAIL, "dkimVerdict": PASS},  # one of the two passed
    {"dmarcVerdict": None, "spfVerdict": None, "dkimVerdict": None},  # no verdicts: nothing speaks against it
])
def test_a_believed_sender_still_joins_by_tag(client, closed_ticket, receipt):
    number = closed_ticket["number"]
    raw = client_mail(CUSTOMER, SUPPORT, f"Pytanie [#{number}]", "Jeszcze jedno pytanie.")
    inbound(client, raw, CUSTOMER, [SUPPORT], **receipt)
    assert _messages(number)[-1] == "Jeszcze jedno pytanie."


def test_verdict_rule_reads_seses_statuses():
    assert authenticity.failure({"dmarcVerdict": FAIL}) == "DMARC FAIL"
    assert authenticity.failure({"dmarcVerdict": {"status": "PROCESSING_FAILED"}, "spfVerdict": FAIL,
                                 "dkimVerdict": FAIL}) == "SPF FAIL, DKIM FAIL, no DMARC answer"
    assert authenticity.failure({"spfVerdict": FAIL, "dkimVerdict": FAIL}) == "SPF FAIL, DKIM FAIL, no DMARC answer"
    assert authenticity.failure({"spfVerdict": FAIL, "dkimVerdict": {"status": "GRAY"}}) is None
    assert authenticity.failure({"dmarcVerdict": "FAIL"}) is None  # not SES's shape: no verdict read


def test_the_local_verdict_header_sets_the_notification():
    verdicts = ses_receiving.authentication_verdicts
    assert verdicts(None) == {"spfVerdict": PASS, "dkimVerdict": PASS, "dmarcVerdict": PASS}
    assert verdicts("FAIL") == {"spfVerdict": FAIL, "dkimVerdict": FAIL, "dmarcVerdict": FAIL}
    assert verdicts("spf=fail dkim=FAIL dmarc=GRAY") == {"spfVerdict": FAIL, "dkimVerdict": FAIL,
                                                         "dmarcVerdict": GRAY}
    assert verdicts("dmarc=maybe") == {"spfVerdict": PASS, "dkimVerdict": PASS, "dmarcVerdict": PASS}


def test_end_to_end_over_smtp_both_paths(live_stack):
    """The local stack: the SMTP receiver reads X-Local-Verdict; a forged tag opens a new ticket,
    the same mail with a PASS verdict (the default) joins the ticket."""
    from tests.e2e.test_mail_conversation import CONSULTANT, Api, send, wait_for

    api = Api(live_stack)
    number = api.submit("forged.e2e@example.org", "Problem z logowaniem")
    token = api.login(CONSULTANT)

    def mail(text: str, verdict: str | None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = "forged.e2e@example.org"
        message["To"] = SUPPORT
        message["Subject"] = f"Re: [#{number}] Problem z logowaniem"
        message["Message-ID"] = make_msgid(domain="example.org")
        if verdict:
            message[ses_receiving.VERDICT_HEADER] = verdict
        message.set_content(text)
        return message

    def thread_bodies() -> list[str]:
        status, body = api.call("GET", f"/consultant/tickets/{number}", token=token)
        return [e["body"] for e in body["thread"] if e["kind"] == "message"]

    def unverified_tickets() -> list[dict]:
        status, body = api.call("GET", "/consultant/tickets?status=new&limit=100", token=token)
        return [t for t in body["tickets"] if t["requester"]["email"] == "forged.e2e@example.org"
                and t["unverified_sender"]]

    send(api, mail("Podrobiona wiadomość", "dmarc=FAIL"), "forged.e2e@example.org", SUPPORT)
    [forged] = wait_for(unverified_tickets)
    assert forged["number"] != number and forged["unverified_sender"] == "DMARC FAIL"
    assert "Podrobiona wiadomość" not in thread_bodies()
    send(api, mail("Prawdziwa odpowiedź", None), "forged.e2e@example.org", SUPPORT)
    wait_for(lambda: "Prawdziwa odpowiedź" in thread_bodies())
