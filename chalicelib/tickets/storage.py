"""Objects written to S3 for one inbound mail before its database transaction.

They are recorded as they are written, so that when the transaction does not happen (a failure,
or the mail was processed before) they are removed again and no object is left that no thread
entry lists.
"""

from __future__ import annotations

import logging

from chalicelib.core import aws
from chalicelib.core.config import settings

log = logging.getLogger(__name__)
_DELETE_BATCH = 1000  # DeleteObjects' limit


class Uploads:
    def __init__(self) -> None:
        self.keys: list[str] = []

    def put(self, key: str, body: bytes, content_type: str) -> None:
        aws.client("s3").put_object(Bucket=settings().attachments_bucket, Key=key, Body=body, ContentType=content_type)
        self.keys.append(key)

    def discard(self) -> None:
        """Remove every object written; never raises (the caller is already failing)."""
        s3, bucket = aws.client("s3"), settings().attachments_bucket
        for start in range(0, len(self.keys), _DELETE_BATCH):
            batch = self.keys[start:start + _DELETE_BATCH]
            try:
                s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
            except Exception:
                log.exception("could not remove %d staged objects", len(batch))
        self.keys = []
