"""Mail attachments in S3: stored with the thread entry that lists them, handed to
consultants as short-lived download links."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import quote

from chalicelib.core import aws, thread
from chalicelib.core.config import settings
from chalicelib.core.errors import InvalidInput, NotFound
from chalicelib.core.tables import Attachment
from chalicelib.tickets import reading
from chalicelib.tickets.storage import Uploads

LINK_SECONDS = 300
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def save(prefix: str, files: list[Any], uploads: Uploads) -> list[Attachment]:
    """Store parsed attachments (filename, content_type, content) under ``prefix/``."""
    saved = []
    for file in files:
        name = _UNSAFE_NAME.sub("_", (file.filename or "attachment")[:120]) or "attachment"
        key = f"{prefix}/{uuid.uuid4().hex}/{name}"
        uploads.put(key, file.content, file.content_type or "application/octet-stream")
        saved.append(Attachment(filename=(file.filename or name)[:255], content_type=file.content_type,
                                size=len(file.content), key=key))
    return saved


def download_link(number: str, key: str | None) -> dict[str, Any]:
    """A link to one attachment the ticket's thread lists; nothing else can be fetched."""
    from botocore.exceptions import ClientError

    if not key:
        raise InvalidInput("key is required", {"key": "the attachment's key from the thread"})
    ticket = reading.load(number)
    listed = next((a for e in thread.entries(ticket.number) for a in e.attachments or [] if a.key == key), None)
    if listed is None:
        raise NotFound("No such attachment on this ticket.")
    s3, bucket = aws.client("s3"), settings().attachments_bucket
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except ClientError:
        raise NotFound("The attachment is no longer stored.") from None
    # Always a download, never rendered: an HTML attachment must not run in a browser.
    url = s3.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": key,
            "ResponseContentType": "application/octet-stream",
            "ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(listed.filename)}",
        },
        ExpiresIn=LINK_SECONDS,
    )
    return {"url": url, "filename": listed.filename, "size": listed.size, "expires_in": LINK_SECONDS}
