"""POST /tickets: numbers, idempotency, captcha, validation, the acknowledgement mail."""

from __future__ import annotations

import re
from email import message_from_string, policy

from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import tokens
from chalicelib.rules import numbering
from chalicelib.tickets import numbers
from tests.fixtures import post_json, solve_captcha, submit, ticket_form


def test_submission_creates_ticket_and_acknowledges_it(client, mailbox):
    response = submit(client, key="form-0001")
    assert response.status_code == 201, response.body
    number = response.json_body["number"]
    assert numbering.parse(number) == number
    ticket = Ticket.get(number)
    assert (ticket.status, ticket.queue, ticket.requester_email) == ("new", "lex", "anna@example.org")
    [mail] = mailbox()
    assert mail["to"] == ["anna@example.org"]
    assert mail["subject"].startswith(f"[#{number}] ")
    headers = mail["headers"]
    assert headers["Auto-Submitted"] == "auto-replied"
    assert headers["X-Auto-Response-Suppress"] == "All"
    assert tokens.ticket_of_address(headers["Reply-To"]) == number
    assert number in mail["text"]
    # The seed's reminders: answers go to this address, answer with Reply, quote the number.
    assert "Odpowiedz" in mail["text"] and "telefonicznym" in mail["text"] and "adres e-mail" in mail["text"]
    # SES (in eu-central-1) replaced our Message-ID with <its id@eu-central-1.amazonses.com>;
    # the ticket keeps exactly that, so the customer's In-Reply-To finds it.
    assert headers["Message-ID"] == f"<{mail['id']}@eu-central-1.amazonses.com>"
    assert ticket.ack_message_id == f"{mail['id']}@eu-central-1.amazonses.com"


def test_english_acknowledgement(client, mailbox):
    number = submit(client, language="en").json_body["number"]
    [mail] = mailbox()
    assert mail["subject"] == f"[#{number}] Request received: Nie działa wyszukiwarka"
    assert "use Reply" in mail["text"]


def test_acknowledgement_html_is_escaped(client, mailbox):
    submit(client, description="<script>alert(1)</script> & co")
    raw = message_from_string(mailbox()[0]["raw"], policy=policy.default)
    html = raw.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_fifty_submissions_get_fifty_consecutive_numbers(client):
    numbers = []
    for _ in range(50):
        response = post_json(
            client, "/tickets", {**ticket_form(), "captcha": solve_captcha(client)}
        )
        assert response.status_code == 201
        numbers.append(response.json_body["number"])
    sequences = [int(n.split("-")[1]) for n in numbers]
    assert sequences == list(range(sequences[0], sequences[0] + 50))
    assert all(numbering.parse(n) == n for n in numbers)


def test_allocation_is_one_atomic_add_and_no_read(stack, aws_calls):
    numbers.allocate()
    dynamodb = aws_calls.of("dynamodb")
    assert [c.operation for c in dynamodb] == ["UpdateItem"]
    params = dynamodb[0].params
    assert params["TableName"] == "helpdesk-local-counters"
    assert params["UpdateExpression"].startswith("ADD ")
    assert "ConditionExpression" not in params


def test_ticket_write_never_overwrites(stack, aws_calls, client):
    submit(client)
    transaction = aws_calls.of("dynamodb", "TransactWriteItems")[0]
    ticket_put = next(i["Put"] for i in transaction.params["TransactItems"]
                      if "Put" in i and i["Put"]["TableName"] == "helpdesk-local-tickets")
    assert ticket_put["ConditionExpression"] == "attribute_not_exists (#0)"


def test_same_idempotency_key_gives_one_ticket_and_one_mail(client, mailbox):
    form = {**ticket_form(), "captcha": solve_captcha(client)}
    first = post_json(client, "/tickets", form, {"Idempotency-Key": "retry-me-123"})
    second = post_json(client, "/tickets", form, {"Idempotency-Key": "retry-me-123"})
    assert first.status_code == second.status_code == 201
    assert first.json_body["number"] == second.json_body["number"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert len(mailbox()) == 1


def test_same_key_with_a_different_body_is_refused(client, mailbox):
    first = submit(client, key="retry-me-456")
    assert first.status_code == 201
    other = submit(client, key="retry-me-456", subject="Zupełnie inny temat")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json_body["message"]
    assert len(mailbox()) == 1


def test_reused_captcha_is_refused(client):
    captcha = solve_captcha(client)
    assert submit(client, captcha=captcha).status_code == 201
    again = submit(client, captcha=captcha, subject="Drugie zgłoszenie")
    assert again.status_code == 400
    assert "już użyta" in again.json_body["errors"]["captcha"]


def test_missing_wrong_and_tampered_captcha(client):
    missing = post_json(client, "/tickets", ticket_form())
    assert missing.status_code == 400 and "Nie jestem robotem" in missing.json_body["errors"]["captcha"]
    wrong = submit(client, captcha="bm90IGEgcGF5bG9hZA==")
    assert wrong.status_code == 400 and "nie powiodła się" in wrong.json_body["errors"]["captcha"]


def test_expired_captcha_is_refused(client, monkeypatch):
    import time

    captcha = solve_captcha(client)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    response = submit(client, captcha=captcha)
    assert response.status_code == 400 and "wygasła" in response.json_body["errors"]["captcha"]


def test_product_of_the_other_request_type_is_refused(client):
    response = submit(client, request_type="technical", product="progman-cloud-kadry-place")
    assert response.status_code == 400
    assert set(response.json_body["errors"]) == {"product"}


def test_bad_input_gets_per_field_messages_and_writes_nothing(client, aws_calls):
    aws_calls.clear()
    response = submit(client, email="nope", subject="", captcha="x")
    assert response.status_code == 400
    assert set(response.json_body["errors"]) == {"email", "subject"}
    assert aws_calls.of("dynamodb") == [] and aws_calls.of("sesv2") == []


def test_body_that_is_not_json(client):
    response = client.http.post("/tickets", headers={"Content-Type": "application/json"}, body=b"{oops")
    assert response.status_code == 400
    assert response.json_body["message"] == "Request body is not valid JSON."


def test_crlf_in_subject_or_name_never_makes_a_header(client, mailbox):
    """Validation refuses it; and the composer itself folds any CR/LF into one line."""
    assert submit(client, subject="Hi\r\nBcc: victim@example.com").status_code == 400
    from chalicelib.mail import mime
    from chalicelib.mail.message import Mail

    mail = Mail(
        kind="acknowledgement", number=numbering.format_number(2026, 1), to="a@example.org",
        to_name="Eve\r\nBcc: victim@example.com", subject="Hi\r\nBcc: victim@example.com",
        language="pl", context={"name": "Eve", "request_type": "", "product": "", "subject": "", "description": ""},
    )
    raw = mime.render(mail).as_string()
    header_block = raw.split("\n\n", 1)[0]
    assert not re.search(r"^Bcc:", header_block, re.MULTILINE | re.IGNORECASE)


def test_crlf_never_reaches_the_raw_mime_ses_gets(client, aws_calls):
    submit(client, name="Anna Nowak", subject="Temat: ok")
    [send] = aws_calls.of("sesv2", "SendEmail")
    raw = send.params["Content"]["Raw"]["Data"].decode()  # the bytes handed to SES
    assert "\r\n\r\n" in raw and "\n" not in raw.replace("\r\n", "")  # CRLF only, as on the wire
    header_block = raw.split("\r\n\r\n", 1)[0]
    names = [line.split(":", 1)[0] for line in header_block.splitlines() if line and not line[0].isspace()]
    assert "Bcc" not in names and len(names) == len(set(names))


def test_ses_failure_keeps_the_ticket_and_records_the_failure(client, mailbox):
    import boto3

    boto3.client("sesv2").delete_email_identity(EmailIdentity="support.example.com")
    response = submit(client)
    assert response.status_code == 201
    ticket = Ticket.get(response.json_body["number"])
    assert ticket.outbox == "pending"
    [failure] = ticket.mail_failures
    assert failure.kind == "acknowledgement" and failure.attempts == 1 and failure.error
    entries = list(ThreadEntry.query(ticket.number))
    assert [e.delivery for e in entries if e.kind == "mail"] == ["failed"]
    assert mailbox() == []


def test_submission_makes_three_dynamodb_writes_no_reads_and_one_ses_call(client, aws_calls):
    captcha = solve_captcha(client)
    aws_calls.clear()
    post_json(client, "/tickets", {**ticket_form(), "captcha": captcha}, {"Idempotency-Key": "count-calls-1"})
    dynamodb = aws_calls.operations("dynamodb")
    assert dynamodb == ["UpdateItem", "TransactWriteItems", "TransactWriteItems"]
    assert aws_calls.operations("sesv2") == ["SendEmail"]
