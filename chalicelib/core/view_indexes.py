"""The ticket table's indexes behind the consultant views and the escalation job (rules.views).

Each view is one Query on one of these: the partition key selects exactly the view's tickets
(``desk`` or ``active``, present only while a ticket is new or open), the range key is its order.
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection


class ByDeskDue(GlobalSecondaryIndex):
    """Views "Moje" and "Nieprzypisane" (``desk``: u#<consultant> | q#<queue>), nearest due first."""

    class Meta:
        index_name = "by-desk-due"
        projection = AllProjection()

    desk = UnicodeAttribute(hash_key=True)
    earliest_due = UnicodeAttribute(range_key=True)


class ByDeskUpdated(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-desk-updated"
        projection = AllProjection()

    desk = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class ByActiveDue(GlobalSecondaryIndex):
    """"Wszystkie otwarte" and, as the range ``earliest_due < now``, "Po terminie"."""

    class Meta:
        index_name = "by-active-due"
        projection = AllProjection()

    active = UnicodeAttribute(hash_key=True)
    earliest_due = UnicodeAttribute(range_key=True)


class ByActiveUpdated(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-active-updated"
        projection = AllProjection()

    active = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class ByActiveCheck(GlobalSecondaryIndex):
    """Sparse: running clocks with a warning or due time ahead; the escalation job reads ``next_check <= now``."""

    class Meta:
        index_name = "by-active-check"
        projection = KeysOnlyProjection()

    active = UnicodeAttribute(hash_key=True)
    next_check = UnicodeAttribute(range_key=True)
