"""Ticket status rules, pure: new -> open -> waiting -> closed, and back.

* a consultant claims, is assigned or answers: new -> open; an answer -> waiting
* a customer replies: waiting -> open, closed -> open (reopened)
* a consultant closes any ticket that is not closed, and reopens a closed one
* a duplicate merged into another ticket is ``merged`` for good: its conversation goes on there
"""

from __future__ import annotations

NEW = "new"
OPEN = "open"
WAITING = "waiting"
CLOSED = "closed"
MERGED = "merged"
STATUSES = (NEW, OPEN, WAITING, CLOSED, MERGED)


class TransitionRefused(ValueError):
    pass


def after_consultant_reply(status: str) -> str:
    return WAITING


def after_assignment(status: str) -> str:
    return OPEN if status == NEW else status


def after_customer_reply(status: str) -> str:
    return OPEN if status in (WAITING, CLOSED) else status


def after_close(status: str) -> str:
    if status == MERGED:
        raise TransitionRefused("the ticket was merged into another")
    if status == CLOSED:
        raise TransitionRefused("the ticket is already closed")
    return CLOSED


def after_reopen(status: str) -> str:
    if status != CLOSED:
        raise TransitionRefused("only a closed ticket can be reopened")
    return OPEN


def keeps_consultant(active: bool, available: bool) -> bool:
    """A reply stays with its consultant only if they can still take it."""
    return active and available
