"""A stage as the deployed Lambda sees it: ``.chalice/config.json``'s environment,
turned into the same ``Settings`` the app reads, plus the per-stage API limits.

``make deploy`` and ``make package`` apply a stage's environment to this process.
"""

from __future__ import annotations

import json
import os
from email.utils import parseaddr
from pathlib import Path

from chalicelib.core.config import Settings, from_environment, settings

ROOT = Path(__file__).resolve().parents[1]
CHALICE_CONFIG = ROOT / ".chalice" / "config.json"
DEPLOYABLE = ("dev", "prod")

# API Gateway throttling (steady requests per second, burst). The public form is
# the exposed surface: these bound what a flood can cost before WAF is needed.
THROTTLING: dict[str, tuple[float, int]] = {"local": (50.0, 100), "dev": (10.0, 20), "prod": (100.0, 200)}

# API Gateway's own refusals (an authorizer's 401/403, throttling's 429) carry no
# CORS headers unless told to; without them the browser reports a network error
# instead of the status, and the site cannot tell "log in again" from "offline".
GATEWAY_RESPONSE_TYPES = ("DEFAULT_4XX", "DEFAULT_5XX")


def gateway_response_headers(site_origin: str) -> dict[str, str]:
    return {
        "gatewayresponse.header.Access-Control-Allow-Origin": f"'{site_origin}'",
        "gatewayresponse.header.Vary": "'Origin'",
    }


# Lambda's asynchronous invocation of the inbound-mail function (SNS): the call and two retries,
# for at most 6 hours, then the event goes to the dead-letter queue (SQS) with the error.
FAILED_EVENTS = {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 6 * 3600}

# The tag that scopes the user pool in the stage policies: Cognito pool ids are
# random, so the policy names the pool by this tag (aws:ResourceTag condition).
POOL_TAG_KEY = "helpdesk:stage"


def config() -> dict:
    return json.loads(CHALICE_CONFIG.read_text(encoding="utf-8"))


def stages() -> list[str]:
    return list(config()["stages"])


def environment(stage: str) -> dict[str, str]:
    """The Lambda environment of a stage: global variables, then the stage's own."""
    data = config()
    if stage not in data["stages"]:
        raise SystemExit(f"unknown stage {stage!r}; .chalice/config.json has {', '.join(data['stages'])}")
    return {**data.get("environment_variables", {}), **data["stages"][stage].get("environment_variables", {})}


def stage_settings(stage: str) -> Settings:
    """Settings for ``stage`` without touching this process's cached settings."""
    keep = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    return from_environment({**keep, **environment(stage)})


def apply(stage: str) -> Settings:
    """Make this process that stage (before chalicelib.core.tables is imported)."""
    os.environ.update(environment(stage))
    settings.cache_clear()
    return settings()


def mail_domain(config_: Settings) -> str:
    return parseaddr(config_.mail_from)[1].rsplit("@", 1)[-1]


def names(stage: str) -> dict[str, str]:
    """The names that differ between stages: what a stage's resources are called."""
    config_ = stage_settings(stage)
    return {
        "prefix": config_.table_prefix,
        "inbound_bucket": config_.inbound_bucket,
        "attachments_bucket": config_.attachments_bucket,
        "inbound_topic": config_.inbound_topic,
        "parameters": config_.parameter_path.strip("/"),
        "mail_domain": mail_domain(config_),
        "reply_domain": config_.reply_domain,
        "site_bucket": f"{config_.table_prefix}-site",
    }


def translate(text: str, source: str, target: str) -> str:
    """Rename ``source``'s resources in ``text`` (an ARN, a policy) to ``target``'s."""
    import re

    pairs = {old: new for key, old in names(source).items() if (new := names(target)[key]) != old}
    if not pairs:
        return text
    pattern = re.compile("|".join(re.escape(old) for old in sorted(pairs, key=len, reverse=True)))
    return pattern.sub(lambda match: pairs[match.group(0)], text)
