"""Issue 10 item 6: mail from a consultant's address never becomes a ticket with the consultant as
requester, nor a customer's message. It is kept in the mailroom ("consultants") and the consultant
gets a bounce-style notice telling him to answer in the console."""

from __future__ import annotations

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.fixtures import CONSULTANT, CUSTOMER, post_json, submit
from tests.mail.eml import load
from tests.mail.inbound import deliver, mail

DESK = "pomoc@support.example.com"


def notified_ticket(client, consultant, mailbox) -> tuple[str, dict]:
    """A ticket with a customer's reply, and the notice the consultant got about it."""
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant)
    customer = client.http.post(f"/me/tickets/{number}/replies", body='{"body": "Nadal nie działa."}',
                                headers={"Content-Type": "application/json", **login_customer(client)})
    assert customer.status_code == 200
    notice = mailbox()[-1]
    assert notice["to"] == [CONSULTANT]
    return number, notice


def login_customer(client) -> dict:
    from tests.fixtures import bearer, login

    return bearer(login(client, CUSTOMER))


def box(client, consultant) -> list[dict]:
    return client.http.get("/consultant/mailroom/consultants", headers=consultant).json_body["mail"]


def test_a_consultant_answering_a_notice_by_mail_opens_no_ticket_and_is_told_to_use_the_console(
        client, consultant, mailbox):
    number, notice = notified_ticket(client, consultant, mailbox)
    messages_before = [e.entry_id for e in ThreadEntry.query(number) if e.kind == "message"]
    raw = load("consultant_answer_pl", answers=notice["headers"]["Message-ID"])
    deliver(client, raw, CONSULTANT, [DESK])
    assert list(Ticket.by_requester.query(CONSULTANT)) == []  # no ticket with the consultant as requester
    assert [e.entry_id for e in ThreadEntry.query(number) if e.kind == "message"] == messages_before
    [kept] = box(client, consultant)
    assert kept["sender"] == CONSULTANT and kept["raw_key"].startswith("inbound/")
    assert kept["detail"] == f"from a consultant's address; ticket {number}"
    bounce = mailbox()[-1]
    assert bounce["to"] == [CONSULTANT]
    assert bounce["subject"] == f"[#{number}] Wiadomość nie trafiła do klienta: Re: Odpowiedź klienta: " \
                                "Nie działa wyszukiwarka"
    assert "konsoli" in bounce["text"] and "/console.html" in bounce["text"]
    assert bounce["headers"]["Auto-Submitted"] == "auto-replied"
    assert kept["delivery"] == "sent"


def test_a_consultant_writing_to_a_tickets_signed_address_does_not_reopen_it(client, closed_ticket, consultant,
                                                                              mailbox):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    deliver(client, load("consultant_answer_en", reply_to=to), CONSULTANT, [to])
    assert Ticket.get(number).status == "closed"
    assert all(e.sender != CONSULTANT for e in ThreadEntry.query(number) if e.kind == "message")
    [kept] = box(client, consultant)
    assert kept["detail"] == f"from a consultant's address; ticket {number}"
    assert mailbox()[-1]["to"] == [CONSULTANT]


def test_a_consultant_writing_to_the_desk_about_nothing_is_kept_without_a_ticket(client, consultant, mailbox):
    deliver(client, mail(CONSULTANT, DESK, "Test", "Czy to działa?"), CONSULTANT, [DESK])
    assert list(Ticket.by_requester.query(CONSULTANT)) == []
    [kept] = box(client, consultant)
    assert kept["detail"] == "from a consultant's address"
    bounce = mailbox()[-1]
    assert bounce["to"] == [CONSULTANT] and bounce["subject"] == "Wiadomość nie trafiła do klienta: Test"


def test_a_consultants_auto_reply_is_automatic_and_not_answered(client, consultant, mailbox):
    sent = len(mailbox())
    deliver(client, mail(CONSULTANT, DESK, "Nieobecność", "Jestem na urlopie.", Auto_Submitted="auto-replied"),
            CONSULTANT, [DESK])
    assert box(client, consultant) == [] and len(mailbox()) == sent
    automatic = client.http.get("/consultant/mailroom/automatic", headers=consultant).json_body["mail"]
    assert [m["sender"] for m in automatic] == [CONSULTANT]


def test_a_redelivered_consultant_mail_is_kept_and_answered_once(client, consultant, mailbox):
    raw = mail(CONSULTANT, DESK, "Raz", "Tekst.")
    event = deliver(client, raw, CONSULTANT, [DESK])
    client.lambda_.invoke("inbound_mail", event)
    assert len(box(client, consultant)) == 1
    assert [m["to"] for m in mailbox()] == [[CONSULTANT]]


def test_a_forged_consultants_address_is_kept_but_the_real_consultant_is_not_mailed(client, consultant, mailbox):
    deliver(client, mail(CONSULTANT, DESK, "Podrobiony", "Tekst."), CONSULTANT, [DESK],
            dmarcVerdict={"status": "FAIL"})
    assert list(Ticket.by_requester.query(CONSULTANT)) == []
    [kept] = box(client, consultant)
    assert kept["detail"] == "from a consultant's address; From not verified: DMARC FAIL"
    assert mailbox() == []


def test_the_raw_mail_of_a_kept_mail_opens_for_consultants_only(client, consultant, customer):
    import urllib.request
    from urllib.parse import quote

    raw = mail(CONSULTANT, DESK, "Oryginał", "Tekst oryginału.")
    deliver(client, raw, CONSULTANT, [DESK])
    [kept] = box(client, consultant)
    path = f"/consultant/mailroom/consultants/raw?entry={quote(kept['id'])}"
    link = client.http.get(path, headers=consultant)
    assert link.status_code == 200
    with urllib.request.urlopen(link.json_body["url"]) as response:
        assert response.read() == raw
        assert response.headers["Content-Type"] == "message/rfc822"
    assert client.http.get(path, headers=customer).status_code == 403
    assert client.http.get(path.replace("consultants", "failed"), headers=consultant).status_code == 404
    assert client.http.get("/consultant/mailroom/consultants/raw", headers=consultant).status_code == 400
