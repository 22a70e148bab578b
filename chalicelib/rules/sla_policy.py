"""SLA policies: business minutes allowed per queue and priority, from ``sla.json``.

The data file has a default policy for every priority and, per queue, only what differs from it,
so adding a queue to the catalogue never leaves it without targets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.rules import priority as priorities

FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION = "first_response", "next_response", "resolution"
TARGETS = (FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION)
_DATA_FILE = Path(__file__).with_name("sla.json")


@dataclass(frozen=True)
class Targets:
    """Business minutes allowed per target, and how long before a due time to warn."""

    first_response: int
    next_response: int
    resolution: int
    warning: int

    def __post_init__(self) -> None:
        for name in (*TARGETS, "warning"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < (0 if name == "warning" else 1):
                raise ValueError(f"SLA target {name} must be a positive number of minutes, not {value!r}")


@dataclass(frozen=True)
class QueuePolicy:
    """The targets of one queue, per priority."""

    queue: str
    by_priority: Mapping[str, Targets]

    def targets(self, priority: str) -> Targets:
        return self.by_priority[priorities.parse(priority)]


@dataclass(frozen=True)
class Policies:
    default: QueuePolicy
    queues: Mapping[str, QueuePolicy] = field(default_factory=dict)

    def for_queue(self, queue: str | None) -> QueuePolicy:
        return self.queues.get(queue or "", self.default)

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> Policies:
        """``{"default": {priority: targets}, "queues": {queue: {priority: partial targets}}}``."""
        base = data["default"]
        missing = set(priorities.PRIORITIES) - set(base)
        if missing:
            raise ValueError(f"the default SLA policy lacks priorities: {sorted(missing)}")

        def build(queue: str, overrides: Mapping[str, Mapping[str, int]]) -> QueuePolicy:
            unknown = set(overrides) - set(priorities.PRIORITIES)
            if unknown:
                raise ValueError(f"unknown priorities in SLA policy {queue!r}: {sorted(unknown)}")
            try:
                by_priority = {p: Targets(**{**base[p], **overrides.get(p, {})}) for p in priorities.PRIORITIES}
            except TypeError as exc:  # an unknown or missing target name
                raise ValueError(f"SLA policy {queue!r}: {exc}") from None
            return QueuePolicy(queue, by_priority)

        return cls(build("default", {}), {q: build(q, o) for q, o in data.get("queues", {}).items()})


@lru_cache(maxsize=1)
def policies() -> Policies:
    """The policies configured in ``sla.json`` (read once, on first use)."""
    return Policies.from_config(json.loads(_DATA_FILE.read_text(encoding="utf-8"))["policies"])


def policy_for(queue: str | None) -> QueuePolicy:
    return policies().for_queue(queue)
