"""Settings, read from environment variables in one place.

Static settings come from the environment (``.chalice/config.json`` per stage).
Values created by provisioning (Cognito ids) and secrets live in SSM Parameter
Store under ``/<app>/<stage>/`` and are read once per container, lazily.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    app_name: str
    stage: str
    region: str
    table_prefix: str
    inbound_bucket: str
    attachments_bucket: str
    inbound_topic: str
    mail_from: str
    reply_local_part: str
    reply_domain: str
    site_origin: str
    ses_configuration_set: str
    auto_close_days: int
    ack_limit_per_hour: int
    jwks_url: str
    token_issuer: str
    endpoint_url: str
    captcha_cost: int
    # Scheduled jobs handle at most this many tickets per run, so one run stays
    # well inside the Lambda timeout; the next run continues where it stopped.
    job_batch_size: int = 100

    @property
    def parameter_path(self) -> str:
        return f"/{self.app_name}/{self.stage}/"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@lru_cache(maxsize=1)
def settings() -> Settings:
    app_name = _env("APP_NAME", "helpdesk")
    stage = _env("STAGE", "local")
    prefix = f"{app_name}-{stage}"
    return Settings(
        app_name=app_name,
        stage=stage,
        region=_env("AWS_DEFAULT_REGION", "eu-central-1"),
        table_prefix=_env("TABLE_PREFIX", prefix),
        inbound_bucket=_env("INBOUND_BUCKET", f"{prefix}-inbound-mail"),
        attachments_bucket=_env("ATTACHMENTS_BUCKET", f"{prefix}-attachments"),
        inbound_topic=_env("INBOUND_TOPIC", f"{prefix}-inbound-mail"),
        mail_from=_env("MAIL_FROM", "Pomoc techniczna <pomoc@support.example.com>"),
        reply_local_part=_env("REPLY_LOCAL_PART", "pomoc"),
        reply_domain=_env("REPLY_DOMAIN", "support.example.com"),
        site_origin=_env("SITE_ORIGIN", "http://127.0.0.1:8080"),
        ses_configuration_set=_env("SES_CONFIGURATION_SET", ""),
        auto_close_days=int(_env("AUTO_CLOSE_DAYS", "14")),
        ack_limit_per_hour=int(_env("ACK_LIMIT_PER_HOUR", "5")),
        jwks_url=_env("JWKS_URL", ""),
        token_issuer=_env("TOKEN_ISSUER", ""),
        endpoint_url=_env("AWS_ENDPOINT_URL", ""),
        captcha_cost=int(_env("CAPTCHA_COST", "5000")),
        job_batch_size=int(_env("JOB_BATCH_SIZE", "100")),
    )
