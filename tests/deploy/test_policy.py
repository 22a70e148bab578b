"""The hand-written stage policies against the AWS calls the app really makes.

The record comes from tests/plugins/app_calls.py (every app-side botocore call
of the session, turned into IAM action + resource ARN). The two record tests
run after every other test; see that module for why the order does not matter
and when "unused" can be judged.
"""

from __future__ import annotations

import json

import pytest

from infra import stages
from tests.plugins import app_calls, iam

STAGES = ("local", "dev", "prod")
# Lambda writes its own logs with the role: needed by the runtime, never called by app code.
# So does Lambda's asynchronous invocation when it puts a failed inbound-mail event into the
# dead-letter queue (the local stack's stand-in does it from infra/, not from the app).
RUNTIME = {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage"}


def policy(stage: str) -> dict:
    return json.loads((stages.ROOT / ".chalice" / f"policy-{stage}.json").read_text())


def needed_in(stage: str) -> set[iam.Permission]:
    """The recorded permissions (made by the local stage), renamed to ``stage``'s resources."""
    return {(action, stages.translate(arn, "local", stage)) for action, arn in app_calls.RECORD.permissions}


@pytest.mark.policy_last
@pytest.mark.parametrize("stage", STAGES)
def test_every_call_the_app_made_is_allowed(stage):
    assert app_calls.RECORD.permissions, "no app call was recorded: is tests/deploy/conftest.py loaded?"
    assert iam.missing(policy(stage), needed_in(stage)) == []


@pytest.mark.policy_last
@pytest.mark.parametrize("stage", STAGES)
def test_nothing_is_allowed_that_the_app_never_needed(stage, request):
    reason = app_calls.complete_run(request.session)
    if reason:
        pytest.skip(f"unused permissions are judged on a full run only: {reason}")
    assert iam.unused(policy(stage), needed_in(stage), RUNTIME) == []


@pytest.mark.parametrize("stage", STAGES)
def test_no_wildcard_action_and_every_resource_belongs_to_the_stage(stage):
    names = stages.names(stage)
    markers = (
        f"table/{names['prefix']}-", f":::{names['prefix']}-", f"parameter/{names['parameters']}",
        f"identity/{names['mail_domain']}", f"/aws/lambda/{names['prefix']}-", f":sqs:*:*:{names['prefix']}-",
    )
    for statement in policy(stage)["Statement"]:
        assert statement["Effect"] == "Allow"
        for action in statement["Action"]:
            assert "*" not in action and "?" not in action, action
        for resource in statement["Resource"]:
            assert resource != "*"
            if resource.endswith(":userpool/*"):
                # Pool ids are random: the pool is named by its stage tag instead.
                condition = statement["Condition"]["StringEquals"]
                assert condition == {f"aws:ResourceTag/{stages.POOL_TAG_KEY}": stage}
            else:
                assert any(marker in resource for marker in markers), resource


@pytest.mark.parametrize("stage", ("dev", "prod"))
def test_stage_policies_differ_from_local_only_in_names(stage):
    local = json.dumps(policy("local"), sort_keys=True)
    expected = stages.translate(local, "local", stage).replace('": "local"', f'": "{stage}"')
    assert json.loads(expected) == policy(stage)


def test_the_recorder_ignores_provisioning_and_test_setup(stack):
    from chalicelib.core.tables import Ticket

    before = sum(app_calls.RECORD.operations.values())
    list(Ticket.query("2026-000001-5"))  # a test's own read: not the app's
    assert sum(app_calls.RECORD.operations.values()) == before
    from chalicelib.core.errors import NotFound
    from chalicelib.tickets import reading

    with pytest.raises(NotFound):
        reading.load("2026-000001-5")  # the app's own read
    assert sum(app_calls.RECORD.operations.values()) == before + 1


def test_operations_map_to_iam_actions():
    writes = {"TransactItems": [
        {"Put": {"TableName": "t1"}}, {"Update": {"TableName": "t2"}}, {"ConditionCheck": {"TableName": "t3"}},
    ]}
    actions = [a for a, _ in iam.permissions("dynamodb", "TransactWriteItems", writes, "eu-central-1")]
    assert actions == ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
    assert iam.permissions("cognito-idp", "InitiateAuth", {}, "eu-central-1") == []
    [(action, arn)] = iam.permissions("sesv2", "SendEmail", {"FromEmailAddress": "a@x.example"}, "eu-central-1")
    assert (action, arn.rsplit(":", 1)[1]) == ("ses:SendEmail", "identity/x.example")
    assert iam.permissions("lambda", "Invoke", {}, "eu-central-1") == [("lambda:Invoke", "*")]


def test_the_comparison_finds_both_a_missing_and_an_unused_permission():
    table = "arn:aws:dynamodb:*:*:table/helpdesk-local-tickets"
    policy_ = {"Statement": [{"Sid": "T", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:DeleteItem"],
                              "Resource": [table, table + "/index/by-status"]}]}
    needed = {("dynamodb:GetItem", "arn:aws:dynamodb:eu-central-1:1:table/helpdesk-local-tickets"),
              ("dynamodb:Query", "arn:aws:dynamodb:eu-central-1:1:table/helpdesk-local-tickets/index/by-queue")}
    assert iam.missing(policy_, needed) == [sorted(needed)[1]]
    assert iam.unused(policy_, needed, RUNTIME) == ["T/dynamodb:DeleteItem", f"T/{table}/index/by-status"]
