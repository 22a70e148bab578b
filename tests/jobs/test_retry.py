"""The retry job: failed mail is resent with backoff, and every outcome is on the ticket."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core.tables import ThreadEntry
from chalicelib.jobs import retry, schedule
from chalicelib.mail import tokens
from chalicelib.tickets import delivery
from tests.fixtures import CONSULTANT, CUSTOMER, post_json, submit
from tests.jobs.helpers import entries, later, pending_numbers, ticket

DESCRIPTION = "Po wpisaniu frazy wyszukiwarka zwraca pustą listę."


def test_a_failed_acknowledgement_waits_for_its_delay_then_is_resent(client, mailbox, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
    [failure] = ticket(number).mail_failures
    assert (failure.kind, failure.attempts) == ("acknowledgement", 1)
    assert pending_numbers() == [number]

    assert schedule.retry_failed_mail(later(minutes=1))["results"] == {}  # not due yet
    summary = schedule.retry_failed_mail(later(minutes=6))
    assert summary == {"job": "retry_failed_mail", "results": {"sent": 1}, "tickets": [number]}

    [mail] = mailbox()
    assert mail["subject"].startswith(f"[#{number}] ") and DESCRIPTION in mail["text"]
    assert tokens.ticket_of_address(mail["headers"]["Reply-To"]) == number
    saved = ticket(number)
    assert saved.mail_failures == [] and saved.outbox is None and pending_numbers() == []
    assert saved.ack_message_id == f"{mail['id']}@eu-central-1.amazonses.com"  # SES's id, as delivered
    [ack] = [e for e in entries(number, "mail") if e.action == "acknowledgement"]
    assert (ack.delivery, ack.message_id, ack.detail) == (
        "sent", f"{mail['id']}@eu-central-1.amazonses.com", "sent on attempt 2")


def test_backoff_grows_with_each_failure_then_gives_up_visibly(client, consultant, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
        seen = [ticket(number).mail_failures[0]]
        moment = later()
        for delay in delivery.RETRY_DELAYS:
            moment += delay
            schedule.retry_failed_mail(moment)
            seen.append(ticket(number).mail_failures[0])
    assert [f.attempts for f in seen] == list(range(1, len(delivery.RETRY_DELAYS) + 2))
    # Each failure waits for the next delay; after the last one there is no next attempt.
    spacing = [
        (later_.next_attempt_at, earlier.next_attempt_at) for earlier, later_ in zip(seen[:-2], seen[1:-1], strict=True)
    ]
    assert all(nxt > prev for nxt, prev in spacing)
    assert seen[-1].next_attempt_at is None and "MessageRejected" in seen[-1].error
    assert ticket(number).outbox is None and pending_numbers() == []
    # Consultants see it: the failure stays on the ticket, an event says so, the entry is marked.
    detail = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    assert detail["mail_failures"][0].get("next_attempt_at") is None
    [event] = [e for e in detail["thread"] if e["action"] == "mail_undelivered"]
    assert event["author"] == "system" and "acknowledgement" in event["detail"]
    [ack] = [e for e in detail["thread"] if e["action"] == "acknowledgement"]
    assert ack["delivery"] == retry.UNDELIVERED


def test_the_next_attempt_follows_the_delay_table(client, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
        moment = later(minutes=6)
        schedule.retry_failed_mail(moment)
    [failure] = ticket(number).mail_failures
    expected = moment + delivery.RETRY_DELAYS[1]
    assert failure.attempts == 2
    assert abs(_parse(failure.next_attempt_at) - expected) < timedelta(seconds=1)


def test_a_failed_consultant_reply_is_resent_with_its_body_and_signature(client, consultant, mailbox,
                                                                         ses_outage):
    number = submit(client).json_body["number"]
    with ses_outage():
        response = post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."},
                             consultant)
        assert response.status_code == 200
    assert [f.kind for f in ticket(number).mail_failures] == ["reply"]
    schedule.retry_failed_mail(later(minutes=6))
    ack, reply = mailbox()
    assert reply["subject"] == f"[#{number}] Re: Nie działa wyszukiwarka"
    assert "Proszę zrestartować." in reply["text"] and "Konsultant Demo" in reply["text"]
    [entry] = entries(number, "reply")
    assert (entry.delivery, entry.message_id) == ("sent", f"{reply['id']}@eu-central-1.amazonses.com")
    assert ticket(number).outbox is None


def test_a_failed_consultant_notice_is_resent(client, customer, mailbox, ses_outage):
    number = submit(client, email=CUSTOMER).json_body["number"]
    with ses_outage():
        response = post_json(client, f"/me/tickets/{number}/replies", {"body": "Nadal nie działa."}, customer)
        assert response.status_code == 200
    assert [f.kind for f in ticket(number).mail_failures] == ["consultant_notice"]
    schedule.retry_failed_mail(later(minutes=6))
    notice = mailbox()[-1]
    assert notice["to"] == [CONSULTANT] and "Nadal nie działa." in notice["text"]
    assert ticket(number).mail_failures == []


def test_outbox_stays_until_the_last_pending_failure_is_handled(client, consultant, mailbox, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
    with ses_outage():
        post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Odpowiedź."}, consultant)
    assert [f.kind for f in ticket(number).mail_failures] == ["acknowledgement", "reply"]
    summary = schedule.retry_failed_mail(later(minutes=6))
    assert summary["results"] == {"sent": 2}
    assert ticket(number).outbox is None and len(mailbox()) == 2


def test_a_mail_that_cannot_be_rebuilt_is_given_up_at_once(client, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
    [ack] = [e for e in entries(number, "mail")]
    ThreadEntry.get(number, ack.entry_id).delete()
    saved = ticket(number)
    saved.mail_failures[0].kind = "unknown"
    saved.save()
    assert schedule.retry_failed_mail(later(minutes=6))["results"] == {"gave_up": 1}
    [failure] = ticket(number).mail_failures
    assert failure.next_attempt_at is None and "unknown" in failure.error


def test_a_failure_changed_meanwhile_is_left_for_the_next_run(client, ses_outage):
    with ses_outage():
        number = submit(client).json_body["number"]
    stale = ticket(number)
    fresh = ticket(number)
    fresh.mail_failures[0].attempts = 2  # another run got there first
    fresh.save()
    assert retry.retry_failure(stale, 0, later(minutes=6)) == "skipped"
    assert ticket(number).mail_failures[0].attempts == 2


def test_the_job_reads_the_outbox_index_and_never_scans(client, aws_calls, ses_outage):
    with ses_outage():
        submit(client)
    aws_calls.clear()
    schedule.retry_failed_mail(later(minutes=6))
    queries = aws_calls.of("dynamodb", "Query")
    assert queries and queries[0].params["IndexName"] == "by-outbox"
    assert aws_calls.of("dynamodb", "Scan") == []


def _parse(stamp: str):
    from datetime import datetime

    return datetime.fromisoformat(stamp)
