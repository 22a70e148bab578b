"""PynamoDB models: the one definition of every table and index.

Table names are resolved from settings on first use (``Meta.table_name`` is a
class property), never at import: provisioning, tests and the local stack set
the environment whenever they like. ``infra/provision.py`` creates the tables
from these classes; nothing else defines them.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.connection.table import TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core import db
from chalicelib.core.config import Settings, settings
from chalicelib.core.view_indexes import ByActiveCheck, ByActiveDue, ByActiveUpdated, ByDeskDue, ByDeskUpdated


class _NamedOnUse(type):
    """Metaclass of ``Meta``: ``table_name`` follows the settings when PynamoDB asks for it."""

    @property
    def table_name(cls) -> str:
        return table_name(cls.table, settings())


class _Meta(metaclass=_NamedOnUse):
    # No region here: PynamoDB would read it at class creation; botocore takes
    # the region from the environment (AWS_DEFAULT_REGION) when the client is made.
    table = ""
    billing_mode = "PAY_PER_REQUEST"


def table_name(table: str, config: Settings) -> str:
    return f"{config.table_prefix}-{table}"


class _Model(Model):
    """Every table's model: its connection is the container's one (``core.db.connection``)."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        return db.share(super()._get_connection())


class Counter(_Model):
    """Monotonic counters, one item per sequence (``ticket#2026``)."""

    class Meta(_Meta):
        table = "counters"

    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)

    @classmethod
    def next_value(cls, name: str) -> int:
        # One UpdateItem with ADD: atomic in DynamoDB, no read first.
        counter = cls(name)
        counter.update(actions=[cls.value.add(1)])
        return int(counter.value)


class _ByQueue(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class _ByStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class _ByAssignee(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-assignee"
        projection = AllProjection()

    assignee = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class _ByRequester(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-requester"
        projection = AllProjection()

    requester_email = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class _ByOutbox(GlobalSecondaryIndex):
    """Sparse: only tickets with mail waiting for a retry carry ``outbox``."""

    class Meta:
        index_name = "by-outbox"
        projection = KeysOnlyProjection()

    outbox = UnicodeAttribute(hash_key=True)
    updated_at = UnicodeAttribute(range_key=True)


class MailFailure(MapAttribute):
    kind = UnicodeAttribute()
    entry_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute()
    attempts = NumberAttribute(default=1)
    next_attempt_at = UnicodeAttribute(null=True)


class Ticket(_Model):
    class Meta(_Meta):
        table = "tickets"

    number = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    status = UnicodeAttribute()
    queue = UnicodeAttribute()
    assignee = UnicodeAttribute(null=True)
    assignee_email = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(default="web")
    request_type = UnicodeAttribute()
    product = UnicodeAttribute()
    subject = UnicodeAttribute()
    requester_email = UnicodeAttribute()
    requester_name = UnicodeAttribute()
    requester_id = UnicodeAttribute(null=True)  # the account that filed it; none: form or mail
    unverified_sender = UnicodeAttribute(null=True)  # mail whose SPF/DKIM/DMARC verdicts failed: why
    phone = UnicodeAttribute(null=True)
    company = UnicodeAttribute(null=True)
    language = UnicodeAttribute(default="pl")
    last_customer_message_id = UnicodeAttribute(null=True)
    ack_message_id = UnicodeAttribute(null=True)
    mail_failures = ListAttribute(of=MailFailure, default=list)
    outbox = UnicodeAttribute(null=True)
    # Priority and SLA clocks (issue 13). ``clock_events`` is the append-only list the clocks are
    # replayed from (rules.sla_events.encode), so a change never reads the thread; ``sla`` is
    # rules.sla.Sla.as_dict(); ``earliest_due``/``next_check`` are its index keys, absent while paused.
    priority = UnicodeAttribute(null=True)
    clock_events = ListAttribute(of=UnicodeAttribute, null=True)
    sla = MapAttribute(null=True)
    earliest_due = UnicodeAttribute(null=True)
    next_check = UnicodeAttribute(null=True)
    # Placement for the views (rules.views.Place): present only while the ticket is new or open.
    desk = UnicodeAttribute(null=True)
    active = UnicodeAttribute(null=True)
    # Raised by every change (tickets.changes): a consultant's change names the version it saw.
    version = NumberAttribute(default=0)
    merged_into = UnicodeAttribute(null=True)  # set when the ticket was merged into another

    by_queue = _ByQueue()
    by_status = _ByStatus()
    by_assignee = _ByAssignee()
    by_requester = _ByRequester()
    by_outbox = _ByOutbox()
    by_desk_due = ByDeskDue()
    by_desk_updated = ByDeskUpdated()
    by_active_due = ByActiveDue()
    by_active_updated = ByActiveUpdated()
    by_active_check = ByActiveCheck()


class Attachment(MapAttribute):
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    key = UnicodeAttribute()


class Omitted(MapAttribute):
    """Parts of an inbound mail over the per-mail limits: not stored as files, still in the raw mail."""

    count = NumberAttribute()
    size = NumberAttribute()  # bytes, decoded (estimated)
    names = ListAttribute(of=UnicodeAttribute, default=list)  # the first few, to say what is missing


class _ByMessageId(GlobalSecondaryIndex):
    """Maps a Message-ID we sent or received to its ticket (reply matching)."""

    class Meta:
        index_name = "by-message-id"
        projection = KeysOnlyProjection()

    message_id = UnicodeAttribute(hash_key=True)


class ThreadEntry(_Model):
    """One entry of a ticket's history: a message, a note or an event."""

    class Meta(_Meta):
        table = "thread"

    number = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    created_at = UnicodeAttribute()
    internal = BooleanAttribute(default=False)
    author = UnicodeAttribute(null=True)
    author_name = UnicodeAttribute(null=True)
    author_role = UnicodeAttribute(null=True)
    body = UnicodeAttribute(null=True)
    full_body = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    sender = UnicodeAttribute(null=True)
    recipients = ListAttribute(of=UnicodeAttribute, null=True)
    attachments = ListAttribute(of=Attachment, null=True)
    raw_key = UnicodeAttribute(null=True)
    # A text too long to keep inline: ``full_body`` is an excerpt, the whole text is this S3 object.
    text_key = UnicodeAttribute(null=True)
    text_size = NumberAttribute(null=True)  # bytes (UTF-8) of the whole text
    omitted = Omitted(null=True)  # files over the limits, left in the raw mail (``raw_key``)
    action = UnicodeAttribute(null=True)
    from_status = UnicodeAttribute(null=True)
    to_status = UnicodeAttribute(null=True)
    detail = UnicodeAttribute(null=True)
    delivery = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    version = NumberAttribute(null=True)  # the ticket version the change that wrote it made
    merged_from = UnicodeAttribute(null=True)  # moved here from a duplicate ticket

    by_message_id = _ByMessageId()


class Claim(_Model):
    """A once-only record: idempotency keys, used captchas, processed mail, rate counts.

    The key is prefixed by its kind (``idem#``, ``captcha#``, ``inbound#``,
    ``ackrate#``); DynamoDB's TTL removes a claim once ``expires`` has passed.
    """

    class Meta(_Meta):
        table = "claims"

    key = UnicodeAttribute(hash_key=True)
    expires = TTLAttribute(null=True)
    number = UnicodeAttribute(null=True)
    fingerprint = UnicodeAttribute(null=True)
    count = NumberAttribute(null=True)
    last_at = NumberAttribute(null=True)  # failure counters: when the last failure was (epoch seconds)


class Consultant(_Model):
    """A consultant's own settings; no record means available."""

    class Meta(_Meta):
        table = "consultants"

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    available = BooleanAttribute(default=True)
    updated_at = UnicodeAttribute()
    # Set by the operator (infra.accounts queues); none set means every queue.
    queues = ListAttribute(of=UnicodeAttribute, null=True)
    new_ticket_mail = BooleanAttribute(default=True)  # the consultant's opt-out of new-ticket notices


ALL_MODELS: tuple[type[Model], ...] = (Counter, Ticket, ThreadEntry, Consultant, Claim)
