"""Settings, read from environment variables in one place.

Static settings come from the environment (``.chalice/config.json`` per stage).
Values created by provisioning (Cognito ids) and secrets live in SSM Parameter
Store under ``/<app>/<stage>/`` and are read once per container, lazily.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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
    ack_limit_per_day: int
    notice_limit_per_hour: int
    jwks_url: str
    token_issuer: str
    endpoint_url: str
    captcha_cost: int
    # Scheduled jobs handle at most this many tickets per run, so one run stays
    # well inside the Lambda timeout; the next run continues where it stopped.
    job_batch_size: int = 100
    # Origins CORS answers besides site_origin (the local stage: 127.0.0.1 and localhost).
    # Deployed stages set none: their site has one name.
    extra_site_origins: tuple[str, ...] = ()

    @property
    def site_origins(self) -> tuple[str, ...]:
        """Every origin CORS allows, ``site_origin`` first."""
        return tuple(dict.fromkeys((self.site_origin, *self.extra_site_origins)))

    @property
    def inbound_dead_letters(self) -> str:
        """The SQS queue where Lambda puts inbound-mail events that failed every retry."""
        return f"{self.table_prefix}-inbound-dead-letters"

    @property
    def parameter_path(self) -> str:
        return f"/{self.app_name}/{self.stage}/"


@lru_cache(maxsize=1)
def settings() -> Settings:
    """This process's settings, read from the environment on first use (never at import)."""
    return from_environment(os.environ)


def from_environment(env: Mapping[str, str]) -> Settings:
    """Settings from any mapping: the process's environment, or a stage's from ``.chalice/config.json``."""

    def value(name: str, default: str = "") -> str:
        return env.get(name, default)

    app_name = value("APP_NAME", "helpdesk")
    stage = value("STAGE", "local")
    prefix = f"{app_name}-{stage}"
    return Settings(
        app_name=app_name,
        stage=stage,
        region=value("AWS_DEFAULT_REGION", "eu-central-1"),
        table_prefix=value("TABLE_PREFIX", prefix),
        inbound_bucket=value("INBOUND_BUCKET", f"{prefix}-inbound-mail"),
        attachments_bucket=value("ATTACHMENTS_BUCKET", f"{prefix}-attachments"),
        inbound_topic=value("INBOUND_TOPIC", f"{prefix}-inbound-mail"),
        mail_from=value("MAIL_FROM", "Pomoc techniczna <pomoc@support.example.com>"),
        reply_local_part=value("REPLY_LOCAL_PART", "pomoc"),
        reply_domain=value("REPLY_DOMAIN", "support.example.com"),
        site_origin=value("SITE_ORIGIN", "http://127.0.0.1:8080"),
        ses_configuration_set=value("SES_CONFIGURATION_SET", ""),
        auto_close_days=int(value("AUTO_CLOSE_DAYS", "14")),
        ack_limit_per_hour=int(value("ACK_LIMIT_PER_HOUR", "5")),
        ack_limit_per_day=int(value("ACK_LIMIT_PER_DAY", "20")),
        notice_limit_per_hour=int(value("NOTICE_LIMIT_PER_HOUR", "10")),
        jwks_url=value("JWKS_URL", ""),
        token_issuer=value("TOKEN_ISSUER", ""),
        endpoint_url=value("AWS_ENDPOINT_URL", ""),
        captcha_cost=int(value("CAPTCHA_COST", "5000")),
        job_batch_size=int(value("JOB_BATCH_SIZE", "100")),
        extra_site_origins=tuple(o.strip().rstrip("/") for o in value("SITE_ORIGINS").split(",") if o.strip()),
    )
