"""What SES receiving does, for the local stack: keep the raw mail in the inbound
bucket, then hand the handler the same SNS notification SES would publish.

SES checks SPF, DKIM and DMARC; nothing here can, so a test mail says what the
verdicts are in an ``X-Local-Verdict`` header: ``FAIL`` (all three fail), or
pairs such as ``spf=FAIL dkim=FAIL dmarc=GRAY``. Without it every verdict is
PASS. Only this local stand-in reads the header; SES ignores it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

import boto3

from chalicelib.core.config import settings

VERDICT_HEADER = "X-Local-Verdict"
_AUTHENTICATION = ("spf", "dkim", "dmarc")
_STATUSES = {"PASS", "FAIL", "GRAY", "PROCESSING_FAILED"}


def authentication_verdicts(header: str | None) -> dict[str, dict[str, str]]:
    """``spfVerdict``, ``dkimVerdict`` and ``dmarcVerdict`` as the test header asks (default PASS)."""
    statuses = dict.fromkeys(_AUTHENTICATION, "PASS")
    for word in (header or "").split()[:10]:
        name, _, status = word.rpartition("=")
        status = status.upper()
        if status not in _STATUSES:
            continue
        for check in ([name.lower()] if name else _AUTHENTICATION):
            if check in statuses:
                statuses[check] = status
    return {f"{check}Verdict": {"status": status} for check, status in statuses.items()}


def notification(raw: bytes, sender: str, recipients: list[str], key: str, topic_arn: str) -> dict[str, Any]:
    """The SES "Received" notification for a mail stored by an S3 action."""
    message = message_from_bytes(raw, policy=policy.compat32)
    message_id = uuid.uuid4().hex
    timestamp = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    verdict = {"status": "PASS"}
    authentication = authentication_verdicts(str(message.get(VERDICT_HEADER) or ""))
    return {
        "notificationType": "Received",
        "mail": {
            "timestamp": timestamp,
            "source": sender,
            "messageId": message_id,
            "destination": recipients,
            "headersTruncated": False,
            "headers": [{"name": k, "value": str(v)} for k, v in message.items()],
            "commonHeaders": {
                "from": [str(message.get("From", ""))],
                "to": [str(message.get("To", ""))],
                "messageId": str(message.get("Message-ID", "")),
                "subject": str(message.get("Subject", "")),
            },
        },
        "receipt": {
            "timestamp": timestamp,
            "processingTimeMillis": 1,
            "recipients": recipients,
            "spamVerdict": verdict,
            "virusVerdict": verdict,
            **authentication,
            "action": {
                "type": "S3",
                "topicArn": topic_arn,
                "bucketName": settings().inbound_bucket,
                "objectKeyPrefix": "inbound/",
                "objectKey": key,
            },
        },
    }


def sns_event(message: dict[str, Any], topic_arn: str) -> dict[str, Any]:
    """The Lambda event SNS delivers to a subscribed function."""
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": str(uuid.uuid4()),
                    "TopicArn": topic_arn,
                    "Subject": "Amazon SES Email Receipt Notification",
                    "Message": json.dumps(message),
                    "Timestamp": message["receipt"]["timestamp"],
                    "MessageAttributes": {},
                },
            }
        ]
    }


def topic_arn() -> str:
    sns = boto3.client("sns", region_name=settings().region)
    return sns.create_topic(Name=settings().inbound_topic)["TopicArn"]  # returns the existing one


def receive(raw: bytes, sender: str, recipients: list[str], dispatch: Callable[[dict], Any]) -> dict[str, Any]:
    """Store, notify, dispatch; returns the SNS event (tests deliver it twice)."""
    key = f"inbound/{uuid.uuid4().hex}"
    boto3.client("s3", region_name=settings().region).put_object(
        Bucket=settings().inbound_bucket, Key=key, Body=raw
    )
    arn = topic_arn()
    event = sns_event(notification(raw, sender, recipients, key, arn), arn)
    dispatch(event)
    return event
