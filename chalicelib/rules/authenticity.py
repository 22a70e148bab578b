"""Whether SES's receipt verdicts let a mail's From address be believed.

SES checks SPF, DKIM and DMARC for every mail it receives and says so in the
notification's ``receipt``. A From address is only text the sender typed, so
evidence that works only for the requester (References, the subject tag) is
believed only when these verdicts do not contradict it. The signed reply token
does not depend on this: it proves itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FAIL = "FAIL"
# DMARC's other statuses: PASS, GRAY (the domain publishes no policy), PROCESSING_FAILED.
_NO_DMARC_ANSWER = {"GRAY", "PROCESSING_FAILED", None}


def _status(receipt: Mapping[str, Any], name: str) -> str | None:
    verdict = receipt.get(name)
    status = verdict.get("status") if isinstance(verdict, Mapping) else None
    return str(status).upper() if status else None


def failure(receipt: Mapping[str, Any]) -> str | None:
    """Why the From address cannot be believed: DMARC failed, or, without a DMARC answer,
    SPF and DKIM both failed. None when nothing speaks against it."""
    dmarc = _status(receipt, "dmarcVerdict")
    if dmarc == FAIL:
        return "DMARC FAIL"
    if dmarc in _NO_DMARC_ANSWER and _status(receipt, "spfVerdict") == FAIL and _status(receipt, "dkimVerdict") == FAIL:
        return "SPF FAIL, DKIM FAIL, no DMARC answer"
    return None


def sender_authenticated(receipt: Mapping[str, Any]) -> bool:
    return failure(receipt) is None
