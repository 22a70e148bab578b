"""The CloudFormation resources ``chalice package`` does not make, as a merge template.

Generated per stage rather than hand-written, so there is one definition of
everything: tables and indexes come from the PynamoDB models (as ``provision``
creates them), names from the stage's settings, the pool's shape and groups from
``provision``, throttling from ``infra.stages``. Chalice merges this into its
SAM template: its functions, API, schedules and the SNS subscription stay its own.

Not in the template, on purpose: the HMAC secrets (CloudFormation can create no
SecureString; ``python -m infra.package after-deploy`` generates them once into
SSM) and the active receipt rule set (no resource type exists; the same command
activates it).
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.config import Settings
from infra import dns, site, stages

Template = dict[str, Any]
_PRIVATE = {"PublicAccessBlockConfiguration": {
    "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
}, "BucketEncryption": {"ServerSideEncryptionConfiguration": [
    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}},
]}}
_KEEP = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}  # tickets and mail outlive a stack


def logical(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def _keys(schema: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(schema, key=lambda key: key["KeyType"] != "HASH")  # CloudFormation wants HASH first


def table(model: Any) -> Template:
    schema = model._get_schema()
    properties: dict[str, Any] = {
        "TableName": model.Meta.table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": schema["attribute_definitions"],
        "KeySchema": _keys(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
    }
    indexes = [
        {"IndexName": index["index_name"], "KeySchema": _keys(index["key_schema"]), "Projection": index["projection"]}
        for index in schema.get("global_secondary_indexes") or []
    ]
    if indexes:
        properties["GlobalSecondaryIndexes"] = indexes
    ttl = next((name for name, attr in model.get_attributes().items() if type(attr).__name__ == "TTLAttribute"),
               None)
    if ttl:
        properties["TimeToLiveSpecification"] = {"AttributeName": ttl, "Enabled": True}
    return {"Type": "AWS::DynamoDB::Table", **_KEEP, "Properties": properties}


def tables() -> Template:
    from chalicelib.core.tables import ALL_MODELS

    return {f"{model.__name__}Table": table(model) for model in ALL_MODELS}


def _service_may(service: str, action: str, resource: Any) -> Template:
    return {"Effect": "Allow", "Principal": {"Service": service}, "Action": action, "Resource": resource,
            "Condition": {"StringEquals": {"AWS:SourceAccount": {"Ref": "AWS::AccountId"}}}}


def mail(config: Settings) -> Template:
    """Buckets, topic and SES: receiving stores the raw mail in S3 and notifies SNS -> Lambda."""
    from infra import provision

    rule_set = f"{config.table_prefix}-inbound"
    return {
        "InboundBucket": {"Type": "AWS::S3::Bucket", **_KEEP,
                          "Properties": {"BucketName": config.inbound_bucket, **_PRIVATE}},
        "InboundBucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "InboundBucket"},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [_service_may(
                "ses.amazonaws.com", "s3:PutObject", {"Fn::Sub": "arn:${AWS::Partition}:s3:::${InboundBucket}/*"})]},
        }},
        "AttachmentsBucket": {"Type": "AWS::S3::Bucket", **_KEEP,
                              "Properties": {"BucketName": config.attachments_bucket, **_PRIVATE}},
        "InboundTopic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": config.inbound_topic}},
        # Events the inbound function failed on after Lambda's retries; redriven by a schedule.
        "InboundDeadLetters": {"Type": "AWS::SQS::Queue", **_KEEP, "Properties": {
            "QueueName": config.inbound_dead_letters,
            "MessageRetentionPeriod": int(provision.DEAD_LETTERS["MessageRetentionPeriod"]),
            "SqsManagedSseEnabled": True,
        }},
        "InboundTopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {
            "Topics": [{"Ref": "InboundTopic"}],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                _service_may("ses.amazonaws.com", "sns:Publish", {"Ref": "InboundTopic"})]},
        }},
        "MailIdentity": {"Type": "AWS::SES::EmailIdentity", "Properties": {
            "EmailIdentity": config.reply_domain,
            "MailFromAttributes": {"MailFromDomain": dns.mail_from_domain(config.reply_domain),
                                   "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
        }},
        "InboundRuleSet": {"Type": "AWS::SES::ReceiptRuleSet", "Properties": {"RuleSetName": rule_set}},
        "InboundRule": {
            "Type": "AWS::SES::ReceiptRule",
            # SES checks on creation that it may write to the bucket and publish to the topic.
            "DependsOn": ["InboundBucketPolicy", "InboundTopicPolicy"],
            "Properties": {"RuleSetName": {"Ref": "InboundRuleSet"}, "Rule": {
                "Name": "store-and-notify", "Enabled": True, "Recipients": [config.reply_domain],
                "ScanEnabled": True, "TlsPolicy": "Optional",
                "Actions": [{"S3Action": {"BucketName": {"Ref": "InboundBucket"}, "ObjectKeyPrefix": "inbound/",
                                          "TopicArn": {"Ref": "InboundTopic"}}}],
            }},
        },
    }


def accounts(config: Settings) -> Template:
    from chalicelib.core import parameters
    from infra import provision

    groups = {
        f"{logical(name)}Group": {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {
            "UserPoolId": {"Ref": "UserPool"}, "GroupName": name, "Description": description}}
        for name, description in provision.GROUPS.items()
    }
    ids = {
        f"{logical(name)}Parameter": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Name": config.parameter_path + name, "Type": "String", "Value": value}}
        for name, value in ((parameters.USER_POOL_ID, {"Ref": "UserPool"}),
                            (parameters.USER_POOL_CLIENT_ID, {"Ref": "UserPoolClient"}))
    }
    return {
        "UserPool": {"Type": "AWS::Cognito::UserPool", **_KEEP, "Properties": {
            "UserPoolName": f"{config.table_prefix}-users",
            **provision.USER_POOL,
            "UserPoolTags": {stages.POOL_TAG_KEY: config.stage},  # the stage policy names the pool by it
        }},
        "UserPoolClient": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "UserPoolId": {"Ref": "UserPool"}, **provision.USER_POOL_CLIENT,
        }},
        **groups,
        **ids,
    }


def hosting(config: Settings) -> Template:
    bucket = site.bucket_name(config)
    distribution = site.distribution_config(config, "OAC", None)
    distribution.pop("CallerReference")
    distribution["Origins"] = [{
        "Id": "site", "DomainName": {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]},
        "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": {"Ref": "SiteAccessControl"},
    }]
    distribution.pop("Aliases")
    behaviour = distribution["DefaultCacheBehavior"]
    behaviour["AllowedMethods"] = behaviour["AllowedMethods"]["Items"]
    behaviour["CachedMethods"] = ["GET", "HEAD"]
    return {
        "SiteBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": bucket, **_PRIVATE}},
        "SiteAccessControl": {"Type": "AWS::CloudFront::OriginAccessControl", "Properties": {
            "OriginAccessControlConfig": {"Name": bucket, "SigningProtocol": "sigv4", "SigningBehavior": "always",
                                          "OriginAccessControlOriginType": "s3"}}},
        "SiteDistribution": {"Type": "AWS::CloudFront::Distribution",
                             "Properties": {"DistributionConfig": distribution}},
        "SiteBucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "SiteBucket"},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
                "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${SiteBucket}/*"},
                "Condition": {"StringEquals": {"AWS:SourceArn": {
                    "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}"
                }}},
            }]},
        }},
    }


def chalice_overrides(config: Settings) -> Template:
    rate, burst = stages.THROTTLING[config.stage]
    return {
        "RestAPI": {"Properties": {"MethodSettings": [{
            "ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst,
        }]}},
        **{
            f"GatewayResponse{kind.replace('DEFAULT_', '')}": {
                "Type": "AWS::ApiGateway::GatewayResponse",
                "Properties": {
                    "RestApiId": {"Ref": "RestAPI"},
                    "ResponseType": kind,
                    "ResponseParameters": stages.gateway_response_headers(config.site_origin),
                },
            }
            for kind in stages.GATEWAY_RESPONSE_TYPES
        },
        # Chalice subscribes the function to the topic by ARN; the topic must exist first.
        # Chalice has no setting for a failure destination: SAM's EventInvokeConfig sets it.
        "InboundMail": {"DependsOn": ["InboundTopic"], "Properties": {"EventInvokeConfig": {
            **stages.FAILED_EVENTS,
            "DestinationConfig": {"OnFailure": {
                "Type": "SQS", "Destination": {"Fn::GetAtt": ["InboundDeadLetters", "Arn"]}}},
        }}},
    }


def outputs() -> Template:
    found: Template = {
        "SiteURL": {"Value": {"Fn::Sub": "https://${SiteDistribution.DomainName}/"}},
        "UserPoolId": {"Value": {"Ref": "UserPool"}},
        "InboundRuleSet": {"Value": {"Ref": "InboundRuleSet"}},
    }
    for n in (1, 2, 3):  # the DKIM CNAMEs to add to DNS
        found[f"DkimRecord{n}"] = {"Value": {"Fn::Join": [" CNAME ", [
            {"Fn::GetAtt": ["MailIdentity", f"DkimDNSTokenName{n}"]},
            {"Fn::GetAtt": ["MailIdentity", f"DkimDNSTokenValue{n}"]},
        ]]}}
    return found


def merge_template(config: Settings) -> Template:
    resources = {**tables(), **mail(config), **accounts(config), **hosting(config), **chalice_overrides(config)}
    return {"Resources": resources, "Outputs": outputs()}
