"""``python -m infra.accounts``: the operators' way to add, disable and list accounts."""

from __future__ import annotations

from infra import accounts
from tests.fixtures import post_json


def test_add_list_disable_enable(client, stack):
    accounts.add_account(stack.user_pool_id, "nowa@example.com", "Nowa Konsultantka", "consultants", "Haslo-2026-x")
    consultants = {row["email"]: row for row in accounts.list_accounts(stack.user_pool_id, "consultants")}
    assert set(consultants) == {"konsultant@example.com", "nowa@example.com"}
    login = {"email": "nowa@example.com", "password": "Haslo-2026-x"}
    assert post_json(client, "/auth/login", login).json_body["role"] == "consultant"
    accounts.set_enabled(stack.user_pool_id, "nowa@example.com", False)
    listed = {row["email"]: row for row in accounts.list_accounts(stack.user_pool_id, None)}
    assert listed["nowa@example.com"]["enabled"] == "false"
    assert post_json(client, "/auth/login", login).status_code == 401
    accounts.set_enabled(stack.user_pool_id, "nowa@example.com", True)
    assert post_json(client, "/auth/login", login).status_code == 200


def test_unknown_group_is_refused(stack):
    import pytest

    with pytest.raises(SystemExit, match="group must be one of"):
        accounts.add_account(stack.user_pool_id, "x@example.com", "X", "admins", "Haslo-2026-x")
