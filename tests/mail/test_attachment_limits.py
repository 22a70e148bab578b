"""Issue 10 item 3: limits on the files of one mail.

At most 20 files and 15 MB of them are kept as files; the rest stay in the raw mail, and the
thread entry says what was cut. Files are written to S3 before the transaction that lists them:
when it does not happen, they are removed again, so no object is ever left that nothing lists.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import quote

import boto3
import pytest

from chalicelib.core.config import settings
from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import trimming
from tests.fixtures import CUSTOMER
from tests.mail.eml import load
from tests.mail.inbound import deliver, mail


def stored_files() -> list[str]:
    s3 = boto3.client("s3", region_name=settings().region)
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=settings().attachments_bucket)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


def first_message(number: str) -> ThreadEntry:
    return next(e for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message")


def last_message(number: str) -> ThreadEntry:
    return [e for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message"][-1]


def test_ten_thousand_attachments_keep_twenty_files_and_say_what_was_cut(client, consultant, mailbox):
    raw = load("many_attachments_en")
    deliver(client, raw, "operator@example.net", ["pomoc@support.example.com"])
    [ticket] = Ticket.by_requester.query("operator@example.net")
    entry = first_message(ticket.number)
    assert [a.filename for a in entry.attachments] == [f"record-{n:05d}.csv" for n in range(20)]
    assert len(stored_files()) == 20  # one object per file listed, nothing else
    assert entry.omitted.count == 9_980
    assert entry.omitted.names[:2] == ["record-00020.csv", "record-00021.csv"] and len(entry.omitted.names) == 20
    assert entry.body == "Hello,\n\nplease review the attached records."
    detail = client.http.get(f"/consultant/tickets/{ticket.number}", headers=consultant).json_body
    [view] = [e for e in detail["thread"] if e["id"] == entry.entry_id]
    assert view["omitted"]["count"] == 9_980
    # Every cut file is still in the raw mail, which the consultant can download.
    link = client.http.get(f"/consultant/tickets/{ticket.number}/raw?entry={quote(entry.entry_id)}",
                           headers=consultant).json_body
    with urllib.request.urlopen(link["url"]) as response:
        assert response.read() == raw
    assert mailbox()[-1]["to"] == ["operator@example.net"]  # acknowledged


def test_files_over_the_total_size_stay_in_the_raw_mail(client, closed_ticket):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    deliver(client, load("big_attachments_pl", reply_to=to), CUSTOMER, [to])
    entry = last_message(number)
    assert [a.filename for a in entry.attachments] == ["skan-1.pdf", "skan-2.pdf"]
    assert [a.size for a in entry.attachments] == [6_000_009, 6_000_009]
    assert (entry.omitted.count, entry.omitted.names, entry.omitted.size) == (1, ["skan-3.pdf"], 6_000_009)
    assert Ticket.get(number).status == "open"


def test_a_failed_transaction_leaves_no_files_behind(client, closed_ticket):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    before = stored_files()
    raw = mail(CUSTOMER, to, "Re: x", "Trzy pliki.", attachment=("application/pdf", "a.pdf", b"%PDF-1.4 a"))
    raw = raw.replace(b"Trzy pliki.", b"Trzy pliki." + b" long text" * 4_000)  # a stored text too
    # The thread table is gone: the files and the long text are written, then the transaction fails.
    dynamodb = boto3.client("dynamodb", region_name=settings().region)
    dynamodb.delete_table(TableName=ThreadEntry.Meta.table_name)
    with pytest.raises(Exception, match="Failed to write transaction items"):
        deliver(client, raw, CUSTOMER, [to])
    assert stored_files() == before
    assert Ticket.get(number).status == "closed"


def test_a_redelivered_mail_leaves_no_second_copy_of_its_files(client, closed_ticket):
    to = closed_ticket["reply_to"]
    raw = mail(CUSTOMER, to, "Re: x", "Plik.", attachment=("application/pdf", "a.pdf", b"%PDF-1.4 a"))
    deliver(client, raw, CUSTOMER, [to])
    deliver(client, raw, CUSTOMER, [to])  # handed over again: a new receipt, the same mail
    assert len(stored_files()) == 1


def test_trimming_keeps_the_text_and_nested_parts_within_the_limits():
    raw = load("many_attachments_en")
    trimmed = trimming.trim(raw, max_files=3, max_bytes=10_000)
    assert len(trimmed.cut) == 9_997 and trimmed.cut[0].filename == "record-00003.csv"
    assert trimmed.raw.count(b"Content-Disposition: attachment") == 3
    assert trimmed.raw.endswith(b"--many-files-boundary--\r\n")
    assert trimming.trim(b"Subject: plain\r\n\r\nno parts").raw == b"Subject: plain\r\n\r\nno parts"
