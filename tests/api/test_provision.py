"""``infra/provision.py``: the one definition of the infrastructure, safe to run twice."""

from __future__ import annotations

import boto3

from chalicelib.core import parameters
from chalicelib.core.tables import ALL_MODELS, Ticket
from infra import provision


def test_provisioning_twice_changes_nothing_and_keeps_secrets(stack):
    secret_before = parameters.get(parameters.REPLY_TOKEN_KEY)
    again = provision.provision(demo_accounts=True)
    parameters.reset()
    assert again == stack
    assert parameters.get(parameters.REPLY_TOKEN_KEY) == secret_before
    assert all(model.exists() for model in ALL_MODELS)
    indexes = {i["IndexName"] for i in boto3.client("dynamodb").describe_table(
        TableName=Ticket.Meta.table_name)["Table"]["GlobalSecondaryIndexes"]}
    assert indexes == {"by-queue", "by-status", "by-assignee", "by-requester", "by-outbox"}
    ttl = boto3.client("dynamodb").describe_time_to_live(TableName=ALL_MODELS[-1].Meta.table_name)
    assert ttl["TimeToLiveDescription"]["AttributeName"] == "expires"
    rules = boto3.client("ses").describe_active_receipt_rule_set()["Rules"]
    assert rules[0]["Recipients"] == ["support.example.com"]
    assert rules[0]["Actions"][0]["S3Action"]["TopicArn"] == stack.inbound_topic_arn


def test_demo_accounts_only_on_the_local_stage(stack, monkeypatch):
    import pytest

    from chalicelib.core import config

    monkeypatch.setenv("STAGE", "prod")
    config.settings.cache_clear()
    try:
        with pytest.raises(SystemExit, match="local stage"):
            provision.provision(demo_accounts=True)
    finally:
        monkeypatch.setenv("STAGE", "local")
        config.settings.cache_clear()
