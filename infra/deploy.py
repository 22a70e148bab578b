"""``make deploy STAGE=dev|prod``: one command from an empty account to a working desk.

1. provision (``infra.provision``, idempotent): tables, buckets, topic, SES identity
   and receipt rules, Cognito pool, client and groups, secrets in SSM;
2. tag the user pool with its stage (the stage policy names the pool by this tag);
3. a custom MAIL FROM domain for SPF alignment;
4. the site's private bucket and CloudFront distribution;
5. ``chalice deploy --stage`` (the Lambda functions, API Gateway, schedules, SNS subscription),
   then the inbound function's dead-letter queue (Chalice has no setting for it);
6. API Gateway throttling for the stage, and CORS headers on its own refusals;
7. publish ``static_site/`` with ``config.js`` naming the deployed API;
8. print the site and API URLs and the DNS records to add.

With ``AWS_ENDPOINT_URL`` set (the local emulator), steps 2, 5 and 6 are skipped:
moto cannot run Lambda code, rejects Chalice's API import and does not tag user
pools. Everything else runs against it; ``--api-url`` names the API for config.js.

    python -m infra.deploy --stage dev [--api-url URL] [--skip-chalice]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from infra import package, stages

EMULATOR_API_URL = "http://127.0.0.1:8000/"  # chalice local, when the emulator stands in for AWS


@dataclass
class Report:
    stage: str
    site_url: str
    api_url: str
    records: list[Any]
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"Deployed stage {self.stage}", f"  site  {self.site_url}", f"  API   {self.api_url}", "",
                 "DNS records to add:"]
        lines += [f"  {record.line()}" for record in self.records]
        lines += [f"skipped: {item}" for item in self.skipped]
        lines += [f"warning: {item}" for item in self.warnings]
        return "\n".join(lines)


def _client(service: str, config: Any) -> Any:
    import boto3

    return boto3.client(service, region_name=config.region)


def tag_user_pool(config: Any, pool_id: str) -> None:
    cognito = _client("cognito-idp", config)
    arn = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Arn"]
    cognito.tag_resource(ResourceArn=arn, Tags={stages.POOL_TAG_KEY: config.stage})


def use_custom_mail_from(config: Any) -> None:
    from infra import dns

    domain = config.reply_domain
    _client("ses", config).set_identity_mail_from_domain(
        Identity=domain, MailFromDomain=dns.mail_from_domain(domain), BehaviorOnMXFailure="UseDefaultValue"
    )


def chalice_deploy(stage: str) -> dict[str, Any]:
    """Run ``chalice deploy`` and return what it recorded in ``.chalice/deployed/<stage>.json``."""
    chalice = os.path.join(os.path.dirname(sys.executable), "chalice")
    subprocess.run([chalice, "deploy", "--stage", stage], cwd=stages.ROOT, check=True,
                   env={**os.environ, **package.LAMBDA_PIP})  # the same package as make package
    deployed = json.loads((stages.ROOT / ".chalice" / "deployed" / f"{stage}.json").read_text())
    return next(r for r in deployed["resources"] if r.get("resource_type") == "rest_api")


def attach_dead_letter_queue(config: Any) -> str:
    """Give the inbound-mail function its failure destination (Chalice has no setting for it):
    an event it failed on after Lambda's retries goes to the dead-letter queue, with the error,
    for the redrive schedule. ``stages.FAILED_EVENTS`` is the template's same configuration."""
    sqs = _client("sqs", config)
    url = sqs.get_queue_url(QueueName=config.inbound_dead_letters)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    function = f"{config.app_name}-{config.stage}-inbound_mail"  # Chalice's name for the handler
    _client("lambda", config).put_function_event_invoke_config(
        FunctionName=function, **stages.FAILED_EVENTS, DestinationConfig={"OnFailure": {"Destination": arn}},
    )
    return arn


def throttle(config: Any, rest_api_id: str, api_stage: str = "api") -> None:
    rate, burst = stages.THROTTLING[config.stage]
    _client("apigateway", config).update_stage(restApiId=rest_api_id, stageName=api_stage, patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(rate)},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(burst)},
    ])


def allow_cors_on_refusals(config: Any, rest_api_id: str, api_stage: str = "api") -> None:
    apigateway = _client("apigateway", config)
    for kind in stages.GATEWAY_RESPONSE_TYPES:
        apigateway.put_gateway_response(
            restApiId=rest_api_id, responseType=kind,
            responseParameters=stages.gateway_response_headers(config.site_origin),
        )
    apigateway.create_deployment(restApiId=rest_api_id, stageName=api_stage)  # responses apply on deploy


def dns_records(config: Any, hosting: Any) -> list[Any]:
    from infra import dns, site

    identity = _client("sesv2", config).get_email_identity(EmailIdentity=config.reply_domain)
    # Provisioning verifies the reply domain, which is also MAIL_FROM's domain in every stage.
    records = dns.mail_records(config.reply_domain, config.reply_domain, config.region, identity)
    if hosting.aliases:
        records.append(dns.site_record(site.site_host(config), hosting.distribution_domain, {config.reply_domain}))
    return records


def deploy(stage: str, api_url: str | None = None, skip_chalice: bool = False) -> Report:
    config = stages.apply(stage)  # before chalicelib.core.tables is imported: table names
    from infra import provision, site

    emulator = bool(config.endpoint_url)
    skipped: list[str] = []
    outputs = provision.provision()
    if emulator:
        skipped.append("user pool stage tag (the emulator does not tag Cognito pools)")
    else:
        tag_user_pool(config, outputs.user_pool_id)
    use_custom_mail_from(config)
    hosting = site.ensure_hosting(config, os.environ.get("SITE_CERTIFICATE_ARN") or None)
    if emulator or skip_chalice:
        skipped.append("chalice deploy and API throttling (the emulator cannot run Lambda or import the API)")
        api_url = api_url or EMULATOR_API_URL
    else:
        api = chalice_deploy(stage)
        attach_dead_letter_queue(config)
        throttle(config, api["rest_api_id"])
        allow_cors_on_refusals(config, api["rest_api_id"])
        api_url = api["rest_api_url"]
    site.publish(config, hosting, api_url)
    report = Report(stage, hosting.url, api_url, dns_records(config, hosting), skipped)
    if not any("._domainkey." in record.name for record in report.records):
        report.warnings.append("SES returned no DKIM tokens yet: run make deploy again to print them")
    if hosting.url.rstrip("/") != config.site_origin.rstrip("/"):
        report.warnings.append(
            f"the site is at {hosting.url} but CORS allows only SITE_ORIGIN={config.site_origin}: set "
            "SITE_CERTIFICATE_ARN (ACM, us-east-1) for that name, or change SITE_ORIGIN in .chalice/config.json"
        )
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, choices=stages.stages())
    parser.add_argument("--api-url", help="the API's URL for config.js when chalice deploy is skipped")
    parser.add_argument("--skip-chalice", action="store_true", help="provision and publish only")
    args = parser.parse_args(argv)
    if args.stage not in stages.DEPLOYABLE and not os.environ.get("AWS_ENDPOINT_URL"):
        raise SystemExit(f"stage {args.stage} is for the local emulator; deploy dev or prod")
    print(deploy(args.stage, args.api_url, args.skip_chalice).text())


if __name__ == "__main__":
    main()
