"""Inbound mail through the SNS handler: matching, reopen, loops, exactly once, nothing lost."""

from __future__ import annotations

from email.message import EmailMessage

from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import tokens
from tests.fixtures import CONSULTANT, CUSTOMER
from tests.mail.inbound import deliver, mail


def messages_of(number: str) -> list[ThreadEntry]:
    return [e for e in ThreadEntry.query(number) if e.kind == "message"]


def test_reply_to_token_reopens_with_same_consultant_and_strips_quote(client, closed_ticket, mailbox):
    number = closed_ticket["number"]
    text = ("Niestety nadal nie działa.\n\n"
            "W dniu 25.11.2026 o 10:15, Pomoc techniczna pisze:\n> Proszę zrestartować.\n")
    deliver(client, mail(CUSTOMER, closed_ticket["reply_to"], "Re: " + closed_ticket["subject"], text),
            CUSTOMER, [closed_ticket["reply_to"]])
    ticket = Ticket.get(number)
    assert ticket.status == "open" and ticket.assignee_email == CONSULTANT
    last = messages_of(number)[-1]
    assert last.body == "Niestety nadal nie działa."
    assert "Proszę zrestartować" in last.full_body and last.raw_key.startswith("inbound/")
    notice = mailbox()[-1]
    assert notice["to"] == [CONSULTANT] and "ponownie otwarte" in notice["text"]
    assert all(m["subject"].find("Przyjęliśmy") < 0 for m in mailbox()[2:])  # no acknowledgement of a reply


def test_in_reply_to_matches_for_the_requester(client, closed_ticket):
    raw = mail(CUSTOMER, "pomoc@support.example.com", "Re: cokolwiek", "Dziękuję",
               In_Reply_To=closed_ticket["message_id"])
    deliver(client, raw, CUSTOMER, ["pomoc@support.example.com"])
    assert messages_of(closed_ticket["number"])[-1].body == "Dziękuję"


def test_subject_tag_from_the_requester_matches(client, closed_ticket):
    raw = mail(CUSTOMER, "pomoc@support.example.com", f"Pytanie [#{closed_ticket['number']}]", "Jeszcze jedno")
    deliver(client, raw, CUSTOMER, ["pomoc@support.example.com"])
    assert messages_of(closed_ticket["number"])[-1].body == "Jeszcze jedno"


def test_strangers_tag_or_reference_opens_a_new_ticket(client, closed_ticket, mailbox):
    number = closed_ticket["number"]
    before = len(messages_of(number))
    raw = mail("obcy@example.net", "pomoc@support.example.com", f"Re: [#{number}] x", "Chcę tam wejść",
               In_Reply_To=closed_ticket["message_id"])
    deliver(client, raw, "obcy@example.net", ["pomoc@support.example.com"])
    assert len(messages_of(number)) == before and Ticket.get(number).status == "closed"
    stranger = list(Ticket.by_requester.query("obcy@example.net"))
    assert len(stranger) == 1 and stranger[0].request_type == "unspecified" and stranger[0].channel == "mail"
    ack = mailbox()[-1]
    assert ack["to"] == ["obcy@example.net"] and f"[#{stranger[0].number}]" in ack["subject"]


def test_forged_token_is_ignored(client, closed_ticket):
    number = closed_ticket["number"]
    forged = closed_ticket["reply_to"].replace("@", "0@")
    assert tokens.ticket_of_address(forged) is None
    raw = mail("obcy@example.net", forged, "hello", "forged")
    deliver(client, raw, "obcy@example.net", [forged])
    assert Ticket.get(number).status == "closed"


def test_auto_reply_does_not_reopen_and_is_not_answered(client, closed_ticket, mailbox):
    sent = len(mailbox())
    raw = mail(CUSTOMER, closed_ticket["reply_to"], "Out of office", "I am away", Auto_Submitted="auto-replied")
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])
    assert Ticket.get(closed_ticket["number"]).status == "closed"
    assert len(mailbox()) == sent
    events = [e for e in ThreadEntry.query(closed_ticket["number"]) if e.action == "automatic_mail"]
    assert len(events) == 1 and events[0].internal


def test_bounce_of_our_mail_is_recorded_as_delivery_failure(client, closed_ticket, mailbox):
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@mx.example.org"
    bounce["To"] = "pomoc@support.example.com"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce.set_content("This is the mail system. Your message could not be delivered.")
    original = EmailMessage()
    original["Message-ID"] = closed_ticket["message_id"]
    original["Subject"] = closed_ticket["subject"]
    original.set_content("...")
    bounce.add_attachment(original)
    bounce.replace_header("Content-Type", bounce["Content-Type"].replace("multipart/mixed", "multipart/report"))
    sent = len(mailbox())
    deliver(client, bounce.as_bytes(), "", ["pomoc@support.example.com"])
    events = [e for e in ThreadEntry.query(closed_ticket["number"]) if e.action == "delivery_failed"]
    assert len(events) == 1
    assert Ticket.get(closed_ticket["number"]).status == "closed" and len(mailbox()) == sent


def test_same_message_twice_is_processed_once(client, closed_ticket, mailbox):
    raw = mail(CUSTOMER, closed_ticket["reply_to"], "Re: x", "Raz")
    event = deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])
    sent = len(mailbox())
    client.lambda_.invoke("inbound_mail", event)  # SNS delivers at least once
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])  # the same mail received again
    assert [m.body for m in messages_of(closed_ticket["number"])].count("Raz") == 1
    assert len(mailbox()) == sent


def test_spam_verdict_goes_to_quarantine(client, closed_ticket, consultant):
    raw = mail(CUSTOMER, closed_ticket["reply_to"], "Re: x", "Buy now")
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]], spamVerdict={"status": "FAIL"})
    assert Ticket.get(closed_ticket["number"]).status == "closed"
    box = client.http.get("/consultant/mailroom/quarantine", headers=consultant).json_body
    assert [m["sender"] for m in box["mail"]] == [CUSTOMER] and box["mail"][0]["raw_key"]


def test_unparsable_mail_is_kept_and_shown(client, consultant):
    deliver(client, b"", "x@example.org", ["pomoc@support.example.com"])
    box = client.http.get("/consultant/mailroom/unparsed", headers=consultant).json_body
    assert len(box["mail"]) == 1 and box["mail"][0]["raw_key"].startswith("inbound/")


def test_new_ticket_by_mail_is_acknowledged_but_capped_per_hour(client, mailbox):
    for n in range(7):
        raw = mail("nowy@example.net", "pomoc@support.example.com", f"Problem {n}", "Opis problemu")
        deliver(client, raw, "nowy@example.net", ["pomoc@support.example.com"])
    tickets = list(Ticket.by_requester.query("nowy@example.net"))
    assert len(tickets) == 7
    acks = [m for m in mailbox() if m["to"] == ["nowy@example.net"]]
    assert len(acks) == 5  # ACK_LIMIT_PER_HOUR


def test_attachments_are_saved_and_listed(client, closed_ticket, consultant):
    raw = mail(CUSTOMER, closed_ticket["reply_to"], "Re: zrzut", "W załączniku zrzut ekranu.",
               attachment=("application/pdf", "raport.pdf", b"%PDF-1.4 test"))
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])
    detail = client.http.get(f"/consultant/tickets/{closed_ticket['number']}", headers=consultant).json_body
    [message] = [e for e in detail["thread"] if e["attachments"]]
    assert message["body"] == "W załączniku zrzut ekranu."
    [attachment] = message["attachments"]
    assert attachment["filename"] == "raport.pdf" and attachment["size"] == len(b"%PDF-1.4 test")


def test_token_in_the_envelope_only_matches(client, closed_ticket):
    """Bcc'd to the reply address: the token is in SES's recipients, not in the headers."""
    raw = mail(CUSTOMER, "someone@example.org", "Fwd: notatka", "Przesyłam dalej")
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])
    assert messages_of(closed_ticket["number"])[-1].body == "Przesyłam dalej"


def test_consultant_downloads_an_attachment_through_a_short_link(client, closed_ticket, consultant, customer):
    import urllib.request

    raw = mail(CUSTOMER, closed_ticket["reply_to"], "Re: log", "Log w załączniku.",
               attachment=("text/html", "log.html", b"<script>alert(1)</script>"))
    deliver(client, raw, CUSTOMER, [closed_ticket["reply_to"]])
    number = closed_ticket["number"]
    detail = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    [key] = [a["key"] for e in detail["thread"] for a in e["attachments"]]
    link = client.http.get(f"/consultant/tickets/{number}/attachment?key={key}", headers=consultant).json_body
    with urllib.request.urlopen(link["url"]) as response:
        assert response.read() == b"<script>alert(1)</script>"
        assert response.headers["Content-Type"] == "application/octet-stream"  # downloaded, never rendered
        assert response.headers["Content-Disposition"].startswith("attachment;")
    other = client.http.get(f"/consultant/tickets/{number}/attachment?key=someone/else/file.pdf", headers=consultant)
    assert other.status_code == 404
    assert client.http.get(f"/consultant/tickets/{number}/attachment?key={key}", headers=customer).status_code == 403
