"""At most N acknowledgements per sender address per hour: a mail loop or a
flood from one address cannot make us send a mail for every mail."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core import clock
from chalicelib.core.config import settings
from chalicelib.core.tables import Claim


def allow_acknowledgement(sender: str) -> bool:
    now = clock.now()
    counter = Claim(f"ackrate#{sender.lower()}#{now:%Y%m%d%H}")
    # One atomic ADD per mail; the item expires after the hour it counts.
    counter.update(actions=[Claim.count.add(1), Claim.expires.set(now + timedelta(hours=2))])
    return int(counter.count or 0) <= settings().ack_limit_per_hour
