"""Files and long texts of one inbound mail are written to S3 before the transaction that lists
them; if that transaction does not happen, they are removed again (no orphans).

Whether it happened is told by the mail's receipt claim, written in that same transaction: a
failure after the commit (a notice that could not be sent) keeps the objects the entry lists;
"processed before" or a failure before the commit removes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.core.tables import Claim
from chalicelib.tickets.changes import AlreadyProcessed
from chalicelib.tickets.storage import Uploads

log = logging.getLogger(__name__)


def _committed(claims: list[Claim]) -> bool:
    try:
        Claim.get(claims[0].key, consistent_read=True)
    except Claim.DoesNotExist:
        return False
    except Exception:  # cannot tell (the table is unreachable): keep the objects rather than lose listed ones
        log.exception("could not tell whether the mail's transaction happened; its objects are kept")
        return True
    return True


@contextmanager
def uploads(claims: list[Claim]) -> Iterator[Uploads]:
    staged = Uploads()
    try:
        yield staged
    except AlreadyProcessed:
        staged.discard()
        raise
    except BaseException:
        if staged.keys and not _committed(claims):
            staged.discard()
        raise
