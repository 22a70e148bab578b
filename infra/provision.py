"""Create (or confirm) every AWS resource a stage needs. Running it twice is safe.

Used by the tests, by the local stack against moto, and by ``make deploy``
against a real account: one definition of the infrastructure.

    python -m infra.provision [--stage local] [--demo-accounts]
"""

from __future__ import annotations

import argparse
import json
import secrets
from dataclasses import asdict, dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.core import parameters
from chalicelib.core.config import Settings, settings
from chalicelib.core.tables import ALL_MODELS, Claim

GROUPS = {"customers": "Customers filing and following their tickets", "consultants": "Support consultants"}
DEMO_PASSWORD = "Demo-2026!"
DEMO_ACCOUNTS = (
    ("konsultant@example.com", "Konsultant Demo", "consultants"),
    ("klient@example.com", "Klient Demo", "customers"),
)

# The pool and its app client, as given to Cognito here and to CloudFormation by infra/template.py.
USER_POOL: dict[str, Any] = {
    "UsernameAttributes": ["email"],
    "AutoVerifiedAttributes": ["email"],
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 10,
            "RequireUppercase": True,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": False,
        }
    },
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
    # An address change takes effect only once the new address is verified; until then the
    # account keeps the old one (tickets belong to whoever holds an address).
    "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
}
# Settings of an existing pool that provisioning brings up to date (UsernameAttributes cannot change).
_POOL_UPDATABLE = ("AutoVerifiedAttributes", "Policies", "AdminCreateUserConfig", "UserAttributeUpdateSettings")
USER_POOL_CLIENT: dict[str, Any] = {
    "ClientName": "web",
    "GenerateSecret": False,
    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "PreventUserExistenceErrors": "ENABLED",
    # The ID token carries these, so the app knows the account's name without a lookup.
    "ReadAttributes": ["email", "email_verified", "name"],
    # Never email or name: with its own access token a customer could otherwise set someone
    # else's address (UpdateUserAttributes) and read that person's tickets. Not empty either:
    # Cognito reads an empty list as "every standard attribute". locale is read by nothing.
    "WriteAttributes": ["locale"],
    "EnableTokenRevocation": True,
    # Short-lived: a disabled account's token is refused on writes at once (people.authorizers)
    # and stops reading within 15 minutes; the site refreshes a minute before expiry.
    "IdTokenValidity": 15,
    "AccessTokenValidity": 15,
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "days"},
}


@dataclass
class Outputs:
    user_pool_id: str
    user_pool_client_id: str
    inbound_bucket: str
    attachments_bucket: str
    inbound_topic_arn: str
    rule_set: str
    inbound_dead_letters_url: str = ""


def _client(service: str, config: Settings) -> Any:
    return boto3.client(service, region_name=config.region)


def create_tables() -> None:
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)
        else:
            add_missing_indexes(model)
    # Claims (idempotency, captcha, processed mail) expire by DynamoDB TTL.
    dynamodb = _client("dynamodb", settings())
    table = Claim.Meta.table_name
    status = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    if status.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
        dynamodb.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )


def add_missing_indexes(model: Any) -> list[str]:
    """Create the model's indexes an existing table lacks (new features add them); returns their names.

    DynamoDB takes one new index per UpdateTable and backfills it from the table; each is waited
    for until active before the next, so the app never queries an index that is still building.
    """
    dynamodb = _client("dynamodb", settings())
    name = model.Meta.table_name
    existing = {i["IndexName"] for i in dynamodb.describe_table(TableName=name)["Table"].get(
        "GlobalSecondaryIndexes", [])}
    schema = model._get_schema()
    added = []
    for index in schema.get("global_secondary_indexes") or []:
        if index["index_name"] in existing:
            continue
        keys = {key["AttributeName"] for key in index["key_schema"]}
        dynamodb.update_table(
            TableName=name,
            AttributeDefinitions=[a for a in schema["attribute_definitions"] if a["AttributeName"] in keys],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": index["index_name"],
                "KeySchema": index["key_schema"],
                "Projection": index["projection"],
            }}],
        )
        _wait_for_index(dynamodb, name, index["index_name"])
        added.append(index["index_name"])
    return added


def _wait_for_index(dynamodb: Any, table: str, index: str) -> None:
    import time

    while True:
        described = dynamodb.describe_table(TableName=table)["Table"]
        status = next(i.get("IndexStatus") for i in described["GlobalSecondaryIndexes"] if i["IndexName"] == index)
        if status == "ACTIVE" and described["TableStatus"] == "ACTIVE":
            return
        time.sleep(5)


def create_bucket(s3: Any, name: str, region: str) -> None:
    try:
        s3.head_bucket(Bucket=name)
        return
    except ClientError:
        pass
    options: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(**options)
    s3.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def account_id(config: Settings) -> str:
    return _client("sts", config).get_caller_identity()["Account"]


def allow_ses_into_bucket(s3: Any, bucket: str, account: str) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowSESPuts",
                "Effect": "Allow",
                "Principal": {"Service": "ses.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
                "Condition": {"StringEquals": {"AWS:SourceAccount": account}},
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def create_mail(config: Settings, account: str) -> tuple[str, str]:
    """SES identity, the inbound topic, and a receipt rule: S3 action with SNS notification."""
    sns = _client("sns", config)
    topic_arn = sns.create_topic(Name=config.inbound_topic)["TopicArn"]  # idempotent by name
    sesv2 = _client("sesv2", config)
    try:
        sesv2.create_email_identity(EmailIdentity=config.reply_domain)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "AlreadyExistsException":
            raise
    ses = _client("ses", config)
    rule_set = f"{config.table_prefix}-inbound"
    try:
        ses.create_receipt_rule_set(RuleSetName=rule_set)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "AlreadyExists":
            raise
    rule = {
        "Name": "store-and-notify",
        "Enabled": True,
        "Recipients": [config.reply_domain],
        "ScanEnabled": True,
        "TlsPolicy": "Optional",
        "Actions": [
            {
                "S3Action": {
                    "BucketName": config.inbound_bucket,
                    "ObjectKeyPrefix": "inbound/",
                    "TopicArn": topic_arn,
                }
            }
        ],
    }
    try:
        ses.create_receipt_rule(RuleSetName=rule_set, Rule=rule)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "AlreadyExists":
            raise
    ses.set_active_receipt_rule_set(RuleSetName=rule_set)
    return topic_arn, rule_set


# The inbound-mail function's dead-letter queue (the function's DeadLetterConfig is set by deploy
# and by the template): kept 14 days, the longest SQS allows, so a stopped redrive loses nothing.
DEAD_LETTERS: dict[str, str] = {"MessageRetentionPeriod": "1209600", "SqsManagedSseEnabled": "true"}


def create_dead_letter_queue(config: Settings) -> str:
    """Idempotent: SQS returns the existing queue when the attributes are the same."""
    return _client("sqs", config).create_queue(QueueName=config.inbound_dead_letters, Attributes=DEAD_LETTERS)[
        "QueueUrl"]


def create_user_pool(config: Settings) -> tuple[str, str]:
    cognito = _client("cognito-idp", config)
    name = f"{config.table_prefix}-users"
    pools = cognito.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((p["Id"] for p in pools if p["Name"] == name), None)
    if pool_id is None:
        pool_id = cognito.create_user_pool(PoolName=name, **USER_POOL)["UserPool"]["Id"]
    else:  # a pool made by an older version gets today's settings (security ones among them)
        cognito.update_user_pool(UserPoolId=pool_id, **{key: USER_POOL[key] for key in _POOL_UPDATABLE})
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == "web"), None)
    if client_id is None:
        client_id = cognito.create_user_pool_client(UserPoolId=pool_id, **USER_POOL_CLIENT)["UserPoolClient"][
            "ClientId"
        ]
    else:
        settings_now = {k: v for k, v in USER_POOL_CLIENT.items() if k != "GenerateSecret"}
        cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, **settings_now)
    existing = {g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id)["Groups"]}
    for group, description in GROUPS.items():
        if group not in existing:
            cognito.create_group(UserPoolId=pool_id, GroupName=group, Description=description)
    return pool_id, client_id


def create_demo_accounts(config: Settings, pool_id: str) -> None:
    from infra.accounts import add_account

    for email, name, group in DEMO_ACCOUNTS:
        add_account(pool_id, email, name, group, DEMO_PASSWORD, config=config, exist_ok=True)


def store_parameters(config: Settings, values: dict[str, str], secret_names: tuple[str, ...]) -> None:
    """Write ids every time; generate each secret once and never overwrite it."""
    ssm = _client("ssm", config)
    path = config.parameter_path
    existing = {
        p["Name"][len(path):]
        for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=path)
        for p in page["Parameters"]
    }
    for name in secret_names:
        if name not in existing:
            ssm.put_parameter(Name=path + name, Value=secrets.token_urlsafe(48), Type="SecureString")
    for name, value in values.items():
        ssm.put_parameter(Name=path + name, Value=value, Type="String", Overwrite=True)


def provision(demo_accounts: bool = False) -> Outputs:
    config = settings()
    if demo_accounts and config.stage != "local":
        raise SystemExit("demo accounts exist only on the local stage")
    create_tables()
    s3 = _client("s3", config)
    account = account_id(config)
    for bucket in (config.inbound_bucket, config.attachments_bucket):
        create_bucket(s3, bucket, config.region)
    allow_ses_into_bucket(s3, config.inbound_bucket, account)
    topic_arn, rule_set = create_mail(config, account)
    dead_letters = create_dead_letter_queue(config)
    pool_id, client_id = create_user_pool(config)
    store_parameters(
        config,
        {parameters.USER_POOL_ID: pool_id, parameters.USER_POOL_CLIENT_ID: client_id},
        (parameters.REPLY_TOKEN_KEY, parameters.CAPTCHA_KEY),
    )
    if demo_accounts:
        create_demo_accounts(config, pool_id)
    return Outputs(pool_id, client_id, config.inbound_bucket, config.attachments_bucket, topic_arn, rule_set,
                   dead_letters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo-accounts", action="store_true", help="local stage only")
    args = parser.parse_args()
    print(json.dumps(asdict(provision(args.demo_accounts)), indent=2))


if __name__ == "__main__":
    main()
