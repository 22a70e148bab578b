import pytest

from chalicelib.rules import workflow as w


def test_consultant_reply_waits_for_the_customer():
    for status in w.STATUSES:
        assert w.after_consultant_reply(status) == w.WAITING


def test_customer_reply_opens_waiting_and_closed_tickets():
    assert w.after_customer_reply(w.WAITING) == w.OPEN
    assert w.after_customer_reply(w.CLOSED) == w.OPEN
    assert w.after_customer_reply(w.NEW) == w.NEW
    assert w.after_customer_reply(w.OPEN) == w.OPEN


def test_assignment_opens_a_new_ticket_only():
    assert w.after_assignment(w.NEW) == w.OPEN
    assert w.after_assignment(w.WAITING) == w.WAITING


def test_close_and_reopen_refuse_the_wrong_state():
    assert w.after_close(w.OPEN) == w.CLOSED
    with pytest.raises(w.TransitionRefused):
        w.after_close(w.CLOSED)
    assert w.after_reopen(w.CLOSED) == w.OPEN
    with pytest.raises(w.TransitionRefused):
        w.after_reopen(w.OPEN)


@pytest.mark.parametrize(("active", "available", "keeps"), [(True, True, True), (True, False, False),
                                                            (False, True, False), (False, False, False)])
def test_continuity_rule(active, available, keeps):
    assert w.keeps_consultant(active, available) is keeps
