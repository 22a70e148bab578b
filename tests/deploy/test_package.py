"""``make package``: the merge template that completes Chalice's SAM template.

The full ``chalice package`` + ``cfn-lint`` run is ``make package`` (CI runs it
for dev and prod); these tests check what the merge template must contain.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest

from chalicelib.core.tables import ALL_MODELS
from infra import stages


@cache
def template(stage: str) -> dict:
    # A separate process: table names are fixed when chalicelib.core.tables is imported.
    subprocess.run([sys.executable, "-m", "infra.package", "merge-template", "--stage", stage],
                   cwd=stages.ROOT, check=True, capture_output=True, timeout=120)
    return json.loads((stages.ROOT / "build" / f"merge-{stage}.json").read_text())


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_tables_match_the_models_with_indexes_and_ttl(stage):
    resources = template(stage)["Resources"]
    for model in ALL_MODELS:
        properties = resources[f"{model.__name__}Table"]["Properties"]
        assert properties["TableName"] == model.Meta.table_name.replace("helpdesk-local-", f"helpdesk-{stage}-")
        assert properties["BillingMode"] == "PAY_PER_REQUEST"
        assert properties["KeySchema"][0]["KeyType"] == "HASH"
        indexes = {index["IndexName"] for index in properties.get("GlobalSecondaryIndexes", [])}
        assert indexes == {index.Meta.index_name for index in model._indexes.values()}
    ticket_indexes = resources["TicketTable"]["Properties"]["GlobalSecondaryIndexes"]
    assert {"by-status", "by-outbox"} <= {i["IndexName"] for i in ticket_indexes}
    assert resources["ClaimTable"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "expires", "Enabled": True,
    }


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_inbound_mail_reaches_the_lambda_through_the_topic(stage):
    resources = template(stage)["Resources"]
    names = stages.names(stage)
    assert resources["InboundTopic"]["Properties"]["TopicName"] == names["inbound_topic"]
    assert resources["InboundMail"]["DependsOn"] == ["InboundTopic"]  # chalice's subscription needs it
    rule = resources["InboundRule"]
    assert set(rule["DependsOn"]) == {"InboundBucketPolicy", "InboundTopicPolicy"}
    [action] = rule["Properties"]["Rule"]["Actions"]
    assert action["S3Action"] == {"BucketName": {"Ref": "InboundBucket"}, "ObjectKeyPrefix": "inbound/",
                                  "TopicArn": {"Ref": "InboundTopic"}}
    assert rule["Properties"]["Rule"]["Recipients"] == [names["reply_domain"]]
    [ses_put] = resources["InboundBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert ses_put["Principal"] == {"Service": "ses.amazonaws.com"} and ses_put["Action"] == "s3:PutObject"


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_accounts_parameters_and_no_secret(stage):
    resources = template(stage)["Resources"]
    pool = resources["UserPool"]["Properties"]
    assert pool["UserPoolTags"] == {stages.POOL_TAG_KEY: stage}  # what the stage policy's condition names
    assert {resources[g]["Properties"]["GroupName"] for g in ("CustomersGroup", "ConsultantsGroup")} == {
        "customers", "consultants",
    }
    parameters = {r["Properties"]["Name"] for r in resources.values() if r.get("Type") == "AWS::SSM::Parameter"}
    assert parameters == {f"/helpdesk/{stage}/user-pool-id", f"/helpdesk/{stage}/user-pool-client-id"}
    text = json.dumps(template(stage))
    assert "reply-token-key" not in text and "captcha-key" not in text and "SecureString" not in text


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_api_throttling_per_stage_and_a_private_site(stage):
    resources = template(stage)["Resources"]
    [limits] = resources["RestAPI"]["Properties"]["MethodSettings"]
    assert (limits["ThrottlingRateLimit"], limits["ThrottlingBurstLimit"]) == stages.THROTTLING[stage]
    assert resources["SiteBucket"]["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicPolicy"]
    behaviour = resources["SiteDistribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
    assert {"DkimRecord1", "SiteURL"} <= set(template(stage)["Outputs"])


def test_stage_throttling_is_stricter_on_dev():
    assert stages.THROTTLING["dev"] < stages.THROTTLING["prod"]


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_gateway_refusals_carry_cors_headers(stage):
    resources = template(stage)["Resources"]
    origin = stages.stage_settings(stage).site_origin
    for kind in stages.GATEWAY_RESPONSE_TYPES:
        [response] = [r for r in resources.values() if r.get("Type") == "AWS::ApiGateway::GatewayResponse"
                      and r["Properties"]["ResponseType"] == kind]
        headers = response["Properties"]["ResponseParameters"]
        assert headers["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{origin}'"


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_failed_inbound_mail_goes_to_the_dead_letter_queue(stage):
    resources = template(stage)["Resources"]
    queue = resources["InboundDeadLetters"]
    assert queue["Type"] == "AWS::SQS::Queue" and queue["DeletionPolicy"] == "Retain"
    assert queue["Properties"]["QueueName"] == f"helpdesk-{stage}-inbound-dead-letters"
    assert queue["Properties"]["MessageRetentionPeriod"] == 1_209_600
    invoke = resources["InboundMail"]["Properties"]["EventInvokeConfig"]
    assert invoke == {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 21_600, "DestinationConfig": {
        "OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": ["InboundDeadLetters", "Arn"]}}}}
