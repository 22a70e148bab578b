"""What stays outside a thread entry: the whole text of a long mail, and the raw mail itself.

A text over ``INLINE_BYTES`` (UTF-8) is kept whole in S3; the entry holds an excerpt and the
pointer, so an entry stays far below DynamoDB's 400 KB item limit whatever the mail. Consultants
open either through a short-lived link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import settings
from chalicelib.core.errors import InvalidInput, NotFound
from chalicelib.core.tables import ThreadEntry
from chalicelib.tickets import reading
from chalicelib.tickets.storage import Uploads

INLINE_BYTES = 32_000  # per text attribute (body, full_body): two of them stay under 64 KB
LINK_SECONDS = 300
TEXT_TYPE = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Text:
    excerpt: str  # the whole text when it fits
    key: str | None = None  # the whole text in the attachments bucket, when it did not fit
    size: int | None = None  # bytes of the whole text, when it did not fit


def excerpt(text: str, limit: int = INLINE_BYTES) -> str:
    """At most ``limit`` bytes of UTF-8, cut on a character boundary."""
    data = text.encode("utf-8", "replace")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


def keep(prefix: str, text: str, uploads: Uploads) -> Text:
    data = text.encode("utf-8", "replace")
    if len(data) <= INLINE_BYTES:
        return Text(text)
    key = f"{prefix}/text/{uuid.uuid4().hex}.txt"
    uploads.put(key, data, TEXT_TYPE)
    return Text(excerpt(text), key, len(data))


def _entry(number: str, entry_id: str | None) -> ThreadEntry:
    if not entry_id or len(entry_id) > 200:  # longer is no entry id, and too long a DynamoDB key
        raise InvalidInput("entry is required", {"entry": "the id of an entry of this ticket's thread"})
    ticket = reading.load(number)
    try:
        return ThreadEntry.get(ticket.number, entry_id)
    except ThreadEntry.DoesNotExist:
        raise NotFound("No such entry on this ticket.") from None


def _link(bucket: str, key: str, content_type: str, disposition: str) -> str:
    return aws.client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": bucket, "Key": key, "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition},
        ExpiresIn=LINK_SECONDS,
    )


def text_link(number: str, entry_id: str | None) -> dict[str, Any]:
    """A link to an entry's whole text; 404 when the entry holds its whole text itself."""
    entry = _entry(number, entry_id)
    if not entry.text_key:
        raise NotFound("This entry's text is whole in the thread.")
    # Plain text, shown in the browser from S3's origin, never ours: it cannot run as our page.
    url = _link(settings().attachments_bucket, entry.text_key, TEXT_TYPE, "inline")
    return {"url": url, "size": entry.text_size, "expires_in": LINK_SECONDS}


def raw_link(number: str, entry_id: str | None) -> dict[str, Any]:
    """A link to the raw mail an entry came from (files cut from the entry are in it)."""
    return raw_mail_link(_entry(number, entry_id))


def raw_mail_link(entry: ThreadEntry) -> dict[str, Any]:
    """A link to an entry's raw mail (a ticket's, or the mailroom's), always a download."""
    if not entry.raw_key:
        raise NotFound("This entry did not come by mail.")
    name = entry.number.replace("#", "-")  # mailroom#failed -> mailroom-failed
    filename = f"{name}-{entry.entry_id[:19].replace(':', '')}.eml"
    url = _link(settings().inbound_bucket, entry.raw_key, "message/rfc822", f'attachment; filename="{filename}"')
    return {"url": url, "expires_in": LINK_SECONDS}
