"""What every test folder (and the benchmark) shares about the local stage: the demo
accounts provisioning creates, and solving the captcha the way the site's widget does."""

from __future__ import annotations

from typing import Any

from infra.provision import DEMO_ACCOUNTS, DEMO_PASSWORD

CONSULTANT, CUSTOMER = (next(email for email, _, group in DEMO_ACCOUNTS if group == wanted)
                        for wanted in ("consultants", "customers"))
PASSWORD = DEMO_PASSWORD


def solve_captcha(challenge: dict[str, Any]) -> str:
    """The payload for ``captcha``: a solved ALTCHA challenge as ``GET /captcha/challenge`` issued it."""
    import altcha

    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    assert solution is not None, "the challenge could not be solved"
    return altcha.Payload(parsed, solution).to_base64()
