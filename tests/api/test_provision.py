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
    assert indexes == {"by-queue", "by-status", "by-assignee", "by-requester", "by-outbox", "by-desk-due",
                       "by-desk-updated", "by-active-due", "by-active-updated", "by-active-check"}
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


def test_provisioning_adds_the_indexes_a_table_of_an_older_release_lacks(stack):
    """A table created before the views existed gets their indexes, keys and all, and keeps its items."""
    dynamodb = boto3.client("dynamodb")
    name = Ticket.Meta.table_name
    dynamodb.delete_table(TableName=name)
    dynamodb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "number", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "number", "AttributeType": "S"},
                              {"AttributeName": "status", "AttributeType": "S"},
                              {"AttributeName": "updated_at", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-status", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                               {"AttributeName": "updated_at", "KeyType": "RANGE"}]}],
    )
    dynamodb.put_item(TableName=name, Item={"number": {"S": "2026-000001-8"}, "status": {"S": "new"},
                                            "updated_at": {"S": "2026-01-01T00:00:00.000+00:00"}})

    assert provision.add_missing_indexes(Ticket) == [
        "by-active-check", "by-active-due", "by-active-updated", "by-assignee", "by-desk-due", "by-desk-updated",
        "by-outbox", "by-queue", "by-requester"]
    table = dynamodb.describe_table(TableName=name)["Table"]
    by_desk = next(i for i in table["GlobalSecondaryIndexes"] if i["IndexName"] == "by-desk-due")
    assert by_desk["KeySchema"] == [{"AttributeName": "desk", "KeyType": "HASH"},
                                    {"AttributeName": "earliest_due", "KeyType": "RANGE"}]
    assert provision.add_missing_indexes(Ticket) == []
    assert dynamodb.get_item(TableName=name, Key={"number": {"S": "2026-000001-8"}})["Item"]["status"] == {"S": "new"}


def test_parameters_are_read_across_pages(stack):
    ssm = boto3.client("ssm")
    for n in range(12):  # SSM answers 10 per page
        ssm.put_parameter(Name=f"/helpdesk/local/extra-{n:02d}", Value=f"value {n}", Type="String")
    parameters.reset()
    assert (parameters.get("extra-00"), parameters.get("extra-11")) == ("value 0", "value 11")
    assert parameters.get(parameters.CAPTCHA_KEY)  # provisioned, whichever page it came on
    parameters.reset()
