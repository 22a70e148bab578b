"""The customer site on AWS: a private S3 bucket behind CloudFront, and publishing to it.

Why not an S3 website endpoint: those serve plain HTTP only, and this site takes
passwords and personal data; CloudFront gives HTTPS (and the custom domain with
an ACM certificate) while the bucket stays private, readable only by this
distribution through Origin Access Control.

    python -m infra.site --stage dev --api-url https://.../api/   (publish only)
"""

from __future__ import annotations

import json
import mimetypes
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3

from chalicelib.core.config import Settings

STATIC_DIR = Path(__file__).resolve().parents[1] / "static_site"
LOCAL_ONLY = {"config.js", "vendor/axe.min.js"}  # the local stack's config; a test-only library
NO_CACHE = {"index.html", "config.js"}  # must change the moment a deploy does
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # AWS managed cache policy
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"  # AWS managed response headers policy


@dataclass
class Hosting:
    bucket: str
    distribution_id: str
    distribution_domain: str
    url: str
    aliases: list[str]


def bucket_name(config: Settings) -> str:
    return f"{config.table_prefix}-site"


def site_host(config: Settings) -> str:
    return urlparse(config.site_origin).hostname or ""


def _client(service: str, config: Settings) -> Any:
    return boto3.client(service, region_name=config.region)


def _origin_access_control(cloudfront: Any, name: str) -> str:
    listed = cloudfront.list_origin_access_controls().get("OriginAccessControlList", {})
    for item in listed.get("Items") or []:
        if item["Name"] == name:
            return item["Id"]
    return cloudfront.create_origin_access_control(OriginAccessControlConfig={
        "Name": name, "Description": "helpdesk site bucket", "SigningProtocol": "sigv4",
        "SigningBehavior": "always", "OriginAccessControlOriginType": "s3",
    })["OriginAccessControl"]["Id"]


def distribution_config(config: Settings, oac_id: str, certificate_arn: str | None) -> dict[str, Any]:
    name = bucket_name(config)
    aliases = [site_host(config)] if certificate_arn else []
    certificate = (
        {"ACMCertificateArn": certificate_arn, "SSLSupportMethod": "sni-only",
         "MinimumProtocolVersion": "TLSv1.2_2021"}
        if certificate_arn else {"CloudFrontDefaultCertificate": True}
    )
    methods = {"Quantity": 2, "Items": ["GET", "HEAD"]}
    return {
        "CallerReference": name,
        "Comment": name,
        "Enabled": True,
        "DefaultRootObject": "index.html",
        "Aliases": {"Quantity": len(aliases), "Items": aliases},
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "site", "DomainName": f"{name}.s3.{config.region}.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": oac_id,
        }]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "Compress": True,
            "CachePolicyId": CACHING_OPTIMIZED, "ResponseHeadersPolicyId": SECURITY_HEADERS,
            "AllowedMethods": {**methods, "CachedMethods": methods},
        },
        "PriceClass": "PriceClass_100",
        "HttpVersion": "http2",
        "ViewerCertificate": certificate,
    }


def _distribution(cloudfront: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    """Create the distribution, or bring the existing one's aliases and certificate up to date."""
    listed = cloudfront.list_distributions().get("DistributionList", {})
    found = next((d for d in listed.get("Items") or [] if d["Comment"] == wanted["Comment"]), None)
    if found is None:
        return cloudfront.create_distribution(DistributionConfig=wanted)["Distribution"]
    current = cloudfront.get_distribution_config(Id=found["Id"])
    config = current["DistributionConfig"]
    if (config.get("Aliases", {}).get("Items") or []) != wanted["Aliases"]["Items"]:
        config.update(Aliases=wanted["Aliases"], ViewerCertificate=wanted["ViewerCertificate"])
        return cloudfront.update_distribution(Id=found["Id"], IfMatch=current["ETag"],
                                              DistributionConfig=config)["Distribution"]
    return cloudfront.get_distribution(Id=found["Id"])["Distribution"]


def allow_cloudfront(s3: Any, bucket: str, distribution_arn: str) -> None:
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "CloudFrontReadsSite", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def ensure_hosting(config: Settings, certificate_arn: str | None = None) -> Hosting:
    """Private bucket, OAC, distribution, bucket policy: each created once, then confirmed."""
    from infra import provision

    s3, cloudfront = _client("s3", config), _client("cloudfront", config)
    bucket = bucket_name(config)
    provision.create_bucket(s3, bucket, config.region)  # private: public access blocked
    oac_id = _origin_access_control(cloudfront, bucket)
    distribution = _distribution(cloudfront, distribution_config(config, oac_id, certificate_arn))
    allow_cloudfront(s3, bucket, distribution["ARN"])
    aliases = distribution["DistributionConfig"].get("Aliases", {}).get("Items") or []
    domain = distribution["DomainName"]
    return Hosting(bucket, distribution["Id"], domain, f"https://{aliases[0] if aliases else domain}/", aliases)


def config_js(api_url: str) -> str:
    return f"window.HELPDESK_CONFIG = {json.dumps({'apiUrl': api_url})};\n"


def _files(static_dir: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(static_dir)): path for path in sorted(static_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
        and str(path.relative_to(static_dir)) not in LOCAL_ONLY
    }


def _put(s3: Any, bucket: str, key: str, body: bytes) -> None:
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    if content_type.startswith("text/") or key.endswith((".js", ".json")):
        content_type += "; charset=utf-8"
    cache = "no-cache" if key in NO_CACHE else "public, max-age=300"
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type, CacheControl=cache)


def publish(config: Settings, hosting: Hosting, api_url: str, static_dir: Path = STATIC_DIR) -> list[str]:
    """Upload the site with ``config.js`` naming the API, remove what is gone, invalidate the cache."""
    s3 = _client("s3", config)
    files = _files(static_dir)
    if "index.html" not in files:
        raise SystemExit(f"{static_dir} has no index.html")
    for key, path in files.items():
        _put(s3, hosting.bucket, key, path.read_bytes())
    _put(s3, hosting.bucket, "config.js", config_js(api_url).encode())
    published = sorted([*files, "config.js"])
    stale = [
        item["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=hosting.bucket)
        for item in page.get("Contents", []) if item["Key"] not in published
    ]
    for key in stale:
        s3.delete_object(Bucket=hosting.bucket, Key=key)
    _client("cloudfront", config).create_invalidation(DistributionId=hosting.distribution_id, InvalidationBatch={
        "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"deploy-{time.time_ns()}",
    })
    return published


def main() -> None:
    import argparse

    from infra import stages

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True)
    parser.add_argument("--api-url", required=True)
    args = parser.parse_args()
    config = stages.apply(args.stage)
    hosting = ensure_hosting(config, os.environ.get("SITE_CERTIFICATE_ARN") or None)
    publish(config, hosting, args.api_url)
    print(hosting.url)


if __name__ == "__main__":
    main()
