"""Shared fixtures: an emulated AWS (moto server in this process), provisioned by
the same code as a real account, and the Chalice test client.

The environment is set here, before any boto3 client or PynamoDB model exists:
PynamoDB reads table names when its classes are defined.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_PORT = _free_port()
ENDPOINT = f"http://127.0.0.1:{_PORT}"
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-central-1",
    AWS_ENDPOINT_URL=ENDPOINT,
    STAGE="local",
    CAPTCHA_COST="10",
    JWKS_URL=ENDPOINT + "/{user_pool_id}/.well-known/jwks.json",
)

from infra import aws_calls  # noqa: E402

aws_calls.install()

pytest_plugins = ["tests.fixtures", "tests.live", "tests.frozen"]
