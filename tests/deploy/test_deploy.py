"""``make deploy`` against the emulator: every step but ``chalice deploy``, and what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.core.config import settings
from infra import deploy, dns, site, stages
from tests.conftest import ENDPOINT

API_URL = "https://abc123.execute-api.eu-central-1.amazonaws.com/api/"


@pytest.fixture
def stage_environment() -> Iterator[None]:
    """deploy() makes this process the stage; put the environment back afterwards."""
    with mock.patch.dict(os.environ):
        yield
    settings.cache_clear()


def client(service: str) -> object:
    return boto3.client(service, region_name="eu-central-1")


def test_deploy_against_the_emulator_provisions_publishes_and_reports(stack, stage_environment):
    report = deploy.deploy("local", api_url=API_URL)
    config = stages.stage_settings("local")
    # Provisioned (by the same provision code the tests use) and published.
    tables = client("dynamodb").list_tables()["TableNames"]
    assert {f"helpdesk-local-{name}" for name in ("tickets", "thread", "counters", "claims")} <= set(tables)
    s3 = client("s3")
    bucket = site.bucket_name(config)
    page = s3.get_object(Bucket=bucket, Key="index.html")
    assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == "no-cache"
    config_js = s3.get_object(Bucket=bucket, Key="config.js")["Body"].read().decode()
    assert json.loads(config_js.split("=", 1)[1].rstrip(";\n")) == {"apiUrl": API_URL}
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert {"index.html", "vendor/altcha.js", "config.js"} <= keys and "vendor/axe.min.js" not in keys
    # Private bucket, readable by this distribution only.
    blocked = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(blocked.values())
    [statement] = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
    distribution = client("cloudfront").get_distribution(Id=_distribution_id(bucket))
    assert statement["Condition"]["StringEquals"]["AWS:SourceArn"] == distribution["Distribution"]["ARN"]
    assert report.site_url == f"https://{distribution['Distribution']['DomainName']}/"
    # What the operator is told.
    text = report.text()
    assert API_URL in text and report.site_url in text
    assert "support.example.com" in text and "MX     10 inbound-smtp.eu-central-1.amazonaws.com" in text
    assert '"v=spf1 include:amazonses.com ~all"' in text and "_dmarc.support.example.com" in text
    assert any("chalice deploy" in item for item in report.skipped)
    mail_from = client("ses").get_identity_mail_from_domain_attributes(Identities=["support.example.com"])
    assert mail_from["MailFromDomainAttributes"]["support.example.com"]["MailFromDomain"] == (
        "bounce.support.example.com"
    )


def test_deploying_twice_changes_nothing_it_should_keep(stack, stage_environment):
    first = deploy.deploy("local", api_url=API_URL)
    secret = _parameter("/helpdesk/local/reply-token-key")
    second = deploy.deploy("local", api_url=API_URL)
    assert second.site_url == first.site_url
    assert len(client("cloudfront").list_distributions()["DistributionList"]["Items"]) == 1
    assert _parameter("/helpdesk/local/reply-token-key") == secret  # secrets are generated once


def test_make_deploy_for_dev_runs_against_the_emulator(stack):
    env = {**os.environ, "AWS_ENDPOINT_URL": ENDPOINT}
    result = subprocess.run(
        [sys.executable, "-m", "infra.deploy", "--stage", "dev", "--api-url", API_URL],
        cwd=stages.ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Deployed stage dev" in result.stdout and "dev.support.example.com" in result.stdout
    tables = client("dynamodb").list_tables()["TableNames"]
    assert "helpdesk-dev-tickets" in tables
    names = {p["Name"] for p in client("ssm").get_parameters_by_path(Path="/helpdesk/dev/")["Parameters"]}
    assert {"/helpdesk/dev/reply-token-key", "/helpdesk/dev/captcha-key", "/helpdesk/dev/user-pool-id"} <= names
    config_js = client("s3").get_object(Bucket="helpdesk-dev-site", Key="config.js")["Body"].read().decode()
    assert API_URL in config_js
    assert "warning: the site is at" in result.stdout  # no certificate: CORS origin differs, and it says so


def test_publish_replaces_the_site_and_removes_what_is_gone(stack, tmp_path):
    config = stages.stage_settings("local")
    hosting = site.ensure_hosting(config)
    (tmp_path / "index.html").write_text("<h1>one</h1>")
    (tmp_path / "old.js").write_text("1")
    site.publish(config, hosting, API_URL, tmp_path)
    (tmp_path / "old.js").unlink()
    (tmp_path / "app.js").write_text("2")
    published = site.publish(config, hosting, API_URL, tmp_path)
    keys = {item["Key"] for item in client("s3").list_objects_v2(Bucket=hosting.bucket)["Contents"]}
    assert keys == set(published) == {"index.html", "app.js", "config.js"}
    script = client("s3").head_object(Bucket=hosting.bucket, Key="app.js")
    assert script["ContentType"].endswith("javascript; charset=utf-8") and "max-age" in script["CacheControl"]


def test_a_certificate_gives_the_site_its_own_name(stack):
    config = stages.stage_settings("dev")
    site.ensure_hosting(config)
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    hosting = site.ensure_hosting(config, arn)  # the existing distribution is updated, not duplicated
    assert hosting.aliases == ["dev.support.example.com"] and hosting.url == "https://dev.support.example.com/"
    record = dns.site_record("dev.support.example.com", hosting.distribution_domain, {"dev.support.example.com"})
    assert record.type == "ALIAS"  # the MX owns that name: a CNAME could not sit beside it


def deployed_api() -> str:
    """A REST API with one method and an ``api`` stage, as chalice deploy leaves it."""
    apigateway = client("apigateway")
    api = apigateway.create_rest_api(name="helpdesk")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    apigateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api, stageName="api")
    return api


def test_throttling_is_applied_to_the_api_stage(stack):
    apigateway = client("apigateway")
    api = deployed_api()
    deploy.throttle(stages.stage_settings("prod"), api)
    settings_ = apigateway.get_stage(restApiId=api, stageName="api")["methodSettings"]["*/*"]
    assert (settings_["throttlingRateLimit"], settings_["throttlingBurstLimit"]) == stages.THROTTLING["prod"]


def test_gateway_refusals_carry_the_site_origin(stack):
    apigateway = client("apigateway")
    api = deployed_api()
    prod = stages.stage_settings("prod")
    deploy.allow_cors_on_refusals(prod, api)
    for kind in stages.GATEWAY_RESPONSE_TYPES:
        response = apigateway.get_gateway_response(restApiId=api, responseType=kind)
        origin = response["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"]
        assert origin == f"'{prod.site_origin}'"


def test_dkim_records_come_from_the_ses_identity():
    identity = {"DkimAttributes": {"Status": "PENDING", "Tokens": ["aaa", "bbb", "ccc"]}}
    records = dns.mail_records("support.example.com", "support.example.com", "eu-west-1", identity)
    dkim = [r for r in records if r.type == "CNAME"]
    assert [(r.name, r.value) for r in dkim] == [
        (f"{t}._domainkey.support.example.com", f"{t}.dkim.amazonses.com") for t in ("aaa", "bbb", "ccc")
    ]
    assert records[0] == dns.Record("support.example.com", "MX", "10 inbound-smtp.eu-west-1.amazonaws.com",
                                    "customer replies to SES")


def test_the_user_pool_is_tagged_with_the_stage_the_policy_names(monkeypatch):
    cognito = boto3.client("cognito-idp", region_name="eu-central-1")
    arn = "arn:aws:cognito-idp:eu-central-1:123456789012:userpool/eu-central-1_abc"
    with Stubber(cognito) as stub:
        stub.add_response("describe_user_pool", {"UserPool": {"Arn": arn}}, {"UserPoolId": "eu-central-1_abc"})
        stub.add_response("tag_resource", {}, {"ResourceArn": arn, "Tags": {stages.POOL_TAG_KEY: "prod"}})
        monkeypatch.setattr(deploy, "_client", lambda service, config: cognito)
        deploy.tag_user_pool(stages.stage_settings("prod"), "eu-central-1_abc")
        stub.assert_no_pending_responses()
    condition = json.loads(Path(stages.ROOT / ".chalice/policy-prod.json").read_text())["Statement"]
    [tagged] = [s for s in condition if "Condition" in s]
    assert tagged["Condition"]["StringEquals"] == {f"aws:ResourceTag/{stages.POOL_TAG_KEY}": "prod"}


def test_chalice_deploy_gives_the_api_it_created(monkeypatch, tmp_path):
    def fake_chalice(command, cwd, check, env):
        assert command[1:] == ["deploy", "--stage", "prod"] and check
        assert env["PIP_NO_DEPS"] == "1"  # the package make package builds: botocore stays out
        deployed = Path(cwd) / ".chalice" / "deployed"
        deployed.mkdir(parents=True)
        (deployed / "prod.json").write_text(json.dumps({"resources": [
            {"name": "api_handler", "resource_type": "lambda_function"},
            {"name": "rest_api", "resource_type": "rest_api", "rest_api_id": "abc123", "rest_api_url": API_URL},
        ]}))

    monkeypatch.setattr(stages, "ROOT", tmp_path)
    monkeypatch.setattr(subprocess, "run", fake_chalice)
    assert deploy.chalice_deploy("prod")["rest_api_url"] == API_URL


def test_the_local_stage_is_never_deployed_to_aws(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    with pytest.raises(SystemExit, match="local emulator"):
        deploy.main(["--stage", "local"])


def _distribution_id(comment: str) -> str:
    items = client("cloudfront").list_distributions()["DistributionList"]["Items"]
    return next(d["Id"] for d in items if d["Comment"] == comment)


def _parameter(name: str) -> str:
    return client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]


@pytest.mark.parametrize("stage", stages.stages())
def test_mail_is_sent_from_the_domain_provisioning_verifies(stage):
    config = stages.stage_settings(stage)
    assert stages.mail_domain(config) == config.reply_domain


def test_the_inbound_function_gets_its_dead_letter_queue(stack):
    """Chalice has no failure-destination setting: deploy sets it on the function chalice deploy made."""
    import io
    import zipfile

    role = client("iam").create_role(RoleName="helpdesk-local", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    client("lambda").create_function(FunctionName="helpdesk-local-inbound_mail", Runtime="python3.11", Role=role,
                                     Handler="app.handler", Code={"ZipFile": code.getvalue()})
    arn = deploy.attach_dead_letter_queue(settings())
    assert arn.endswith(":helpdesk-local-inbound-dead-letters")
    config = client("lambda").get_function_event_invoke_config(FunctionName="helpdesk-local-inbound_mail")
    assert config["DestinationConfig"] == {"OnFailure": {"Destination": arn}}
    assert (config["MaximumRetryAttempts"], config["MaximumEventAgeInSeconds"]) == (2, 21_600)
    queue = client("sqs").get_queue_attributes(QueueUrl=stack.inbound_dead_letters_url, AttributeNames=["All"])
    assert queue["Attributes"]["MessageRetentionPeriod"] == "1209600"  # 14 days, SQS's longest
