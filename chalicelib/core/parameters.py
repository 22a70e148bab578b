"""Values provisioning stores in SSM Parameter Store: secrets and Cognito ids.

Read with one GetParametersByPath on first use and cached for the container's
life, so no secret is ever in the repository or in Lambda environment variables.
"""

from __future__ import annotations

from functools import lru_cache

from chalicelib.core import aws
from chalicelib.core.config import settings

REPLY_TOKEN_KEY = "reply-token-key"
CAPTCHA_KEY = "captcha-key"
USER_POOL_ID = "user-pool-id"
USER_POOL_CLIENT_ID = "user-pool-client-id"


class MissingParameter(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _all() -> dict[str, str]:
    path = settings().parameter_path
    values: dict[str, str] = {}
    # Pages by hand: botocore's paginator would load its model and compile its
    # expressions, about 9 ms of every cold start, for what is one page.
    ssm, more = aws.client("ssm"), {}
    while True:
        page = ssm.get_parameters_by_path(Path=path, WithDecryption=True, **more)
        for parameter in page["Parameters"]:
            values[parameter["Name"][len(path):]] = parameter["Value"]
        if not page.get("NextToken"):
            return values
        more = {"NextToken": page["NextToken"]}


def get(name: str) -> str:
    try:
        return _all()[name]
    except KeyError:
        raise MissingParameter(f"{settings().parameter_path}{name} is not provisioned") from None


def reset() -> None:
    _all.cache_clear()
