"""ALTCHA (protocol v2): HMAC-signed, expiring proof-of-work challenges.

Verification is pure; "accepted once" is enforced by the caller, which writes
a ``captcha#<signature>`` claim in the same transaction as the ticket.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from chalicelib.core import parameters
from chalicelib.core.config import settings
from chalicelib.core.errors import InvalidInput
from chalicelib.rules.messages import message

ALGORITHM = "PBKDF2/SHA-256"
LIFETIME_SECONDS = 20 * 60


@dataclass(frozen=True)
class CaptchaProof:
    """A verified solution: its signature is the once-only key, valid until ``expires_at``."""

    signature: str
    expires_at: int


def issue_challenge(now: float | None = None) -> dict:
    import altcha

    challenge = altcha.create_challenge(
        ALGORITHM,
        # Iterations per attempt; the key prefix "00" means ~256 attempts on average.
        settings().captcha_cost,
        expires_at=int((now or time.time()) + LIFETIME_SECONDS),
        hmac_secret=parameters.get(parameters.CAPTCHA_KEY),
    )
    return challenge.to_dict()


def verify(payload: str | None, language: str = "pl") -> CaptchaProof:
    """Check a solved challenge; ``InvalidInput`` with a ``captcha`` message if not."""
    import altcha

    if not payload:
        raise InvalidInput(message("form", language), {"captcha": message("captcha_missing", language)})
    result = altcha.verify_solution(payload, parameters.get(parameters.CAPTCHA_KEY))
    if not result.verified:
        code = "captcha_expired" if result.expired else "captcha_invalid"
        raise InvalidInput(message("form", language), {"captcha": message(code, language)})
    decoded = altcha.Payload.from_base64(payload).challenge
    return CaptchaProof(
        signature=str(decoded.signature),
        expires_at=int(decoded.parameters.expires_at or time.time() + LIFETIME_SECONDS),
    )
