"""Ticket priorities: ``niski < normalny < wysoki < pilny``, with English aliases.

Stored and sent as the Polish name; English names are accepted on input so an API client or a
consultant typing ``urgent`` gets what they mean.
"""

from __future__ import annotations

LOW = "niski"
NORMAL = "normalny"
HIGH = "wysoki"
URGENT = "pilny"

PRIORITIES: tuple[str, ...] = (LOW, NORMAL, HIGH, URGENT)  # lowest first: the index is the rank
DEFAULT = NORMAL

_ALIASES = {"low": LOW, "normal": NORMAL, "high": HIGH, "urgent": URGENT}
_LABELS = {
    LOW: {"pl": "Niski", "en": "Low"},
    NORMAL: {"pl": "Normalny", "en": "Normal"},
    HIGH: {"pl": "Wysoki", "en": "High"},
    URGENT: {"pl": "Pilny", "en": "Urgent"},
}
_ALLOWED = ", ".join(f"{name} ({english})" for english, name in _ALIASES.items())


def parse(value: object) -> str:
    """The canonical (Polish) name of a priority given in Polish or English, any case."""
    if not isinstance(value, str):
        raise ValueError(f"priority must be text, one of: {_ALLOWED}")
    name = value.strip().lower()
    if name in _LABELS:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    raise ValueError(f"unknown priority {value!r}; use one of: {_ALLOWED}")


def rank(priority: str) -> int:
    """0 for the lowest priority, 3 for the highest; sort descending by rank to see urgent first."""
    return PRIORITIES.index(parse(priority))


def label(priority: str, language: str = "pl") -> str:
    """The label shown to people; Polish unless English is asked for."""
    return _LABELS[parse(priority)]["en" if language == "en" else "pl"]


def choices(language: str = "pl") -> list[dict[str, str]]:
    """Every priority, lowest first, with its label (for a select box or the API)."""
    return [{"id": name, "label": label(name, language)} for name in PRIORITIES]
