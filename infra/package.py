"""``make package STAGE=dev|prod``: one CloudFormation (SAM) template with every resource.

    python -m infra.package build --stage dev          # build/dev/sam.json + deployment.zip
    python -m infra.package after-deploy --stage dev   # once the stack exists: secrets, rule set

Deploy the result with ``aws cloudformation package``/``deploy`` (or ``sam deploy``),
then run ``after-deploy`` once: it generates the HMAC secrets into SSM
SecureString (never in a template) and activates the SES receipt rule set.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from infra import lambda_zip, stages

BUILD = stages.ROOT / "build"
# Chalice installs requirements.txt with pip: without dependency resolution, only what
# the file lists goes into the package, so botocore (a PynamoDB dependency, and in the
# Lambda runtime) stays out. requirements.txt lists every other dependency itself.
LAMBDA_PIP = {"PIP_NO_DEPS": "1"}


def write_merge_template(stage: str) -> Path:
    config = stages.apply(stage)  # before chalicelib.core.tables is imported: table names
    from infra.template import merge_template

    path = BUILD / f"merge-{stage}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merge_template(config), indent=2) + "\n", encoding="utf-8")
    return path


def build(stage: str) -> Path:
    merge = write_merge_template(stage)
    out = BUILD / stage
    chalice = os.path.join(os.path.dirname(sys.executable), "chalice")
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-central-1"), **LAMBDA_PIP}
    subprocess.run([chalice, "package", "--stage", stage, "--merge-template", str(merge), str(out)],
                   cwd=stages.ROOT, env=env, check=True)
    archive = out / "deployment.zip"
    foreign = lambda_zip.never_packaged(archive)
    if foreign:
        raise SystemExit(f"{archive} contains {', '.join(foreign)}: see requirements.txt")
    lambda_zip.add_bytecode(archive)
    return out / "sam.json"


def after_deploy(stage: str) -> None:
    config = stages.apply(stage)
    import boto3

    from chalicelib.core import parameters
    from infra import provision

    provision.store_parameters(config, {}, (parameters.REPLY_TOKEN_KEY, parameters.CAPTCHA_KEY))
    boto3.client("ses", region_name=config.region).set_active_receipt_rule_set(
        RuleSetName=f"{config.table_prefix}-inbound"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("build", "merge-template", "after-deploy"))
    parser.add_argument("--stage", required=True, choices=stages.stages())
    args = parser.parse_args(argv)
    if args.command == "build":
        print(build(args.stage))
    elif args.command == "merge-template":
        print(write_merge_template(args.stage))
    else:
        after_deploy(args.stage)


if __name__ == "__main__":
    main()
