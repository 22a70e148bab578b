"""Bearer-token verification: Cognito ID tokens checked by the app itself.

Chalice's built-in Cognito authorizer is not enforced by ``chalice local`` or
``chalice.test``, so every check happens here: RS256 signature against the
pool's JWKS (cached), expiry, issuer, audience (our app client), token use,
group membership, and a verified e-mail address: tickets belong to whoever holds
an address, so an account whose address is not verified holds none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from chalicelib.core import parameters
from chalicelib.core.config import settings

CUSTOMERS = "customers"
CONSULTANTS = "consultants"


class InvalidToken(Exception):
    pass


class UnverifiedAddress(InvalidToken):
    """A genuine token of an account whose e-mail address is not verified."""


@dataclass(frozen=True)
class Principal:
    user_id: str
    email: str
    name: str
    groups: tuple[str, ...]

    @property
    def role(self) -> str:
        return CONSULTANTS if CONSULTANTS in self.groups else CUSTOMERS


def issuer() -> str:
    config = settings()
    pool_id = parameters.get(parameters.USER_POOL_ID)
    return config.token_issuer or f"https://cognito-idp.{config.region}.amazonaws.com/{pool_id}"


def jwks_url() -> str:
    config = settings()
    if config.jwks_url:
        return config.jwks_url.format(user_pool_id=parameters.get(parameters.USER_POOL_ID))
    return f"{issuer()}/.well-known/jwks.json"


@lru_cache(maxsize=1)
def _jwks_client() -> Any:
    import jwt

    # PyJWKClient caches the key set and refetches only for an unknown key id.
    return jwt.PyJWKClient(jwks_url(), cache_keys=True, lifespan=3600, timeout=5)


def verify(token: str) -> Principal:
    import jwt

    try:
        signing_key = _jwks_client().get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            signing_key.key,
            algorithms=["RS256"],
            audience=parameters.get(parameters.USER_POOL_CLIENT_ID),
            issuer=issuer(),
            options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
            leeway=30,
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("token_use") != "id":
        raise InvalidToken("not an ID token")
    # Cognito writes a JSON boolean; some emulators the string "true".
    if claims.get("email_verified") not in (True, "true") or not claims.get("email"):
        raise UnverifiedAddress("e-mail address not verified")
    groups = tuple(claims.get("cognito:groups") or ())
    if not set(groups) & {CUSTOMERS, CONSULTANTS}:
        raise InvalidToken("account is in no group")
    return Principal(
        user_id=str(claims["sub"]),
        email=str(claims.get("email", "")).lower(),
        name=str(claims.get("name") or claims.get("email") or ""),
        groups=groups,
    )


def reset() -> None:
    _jwks_client.cache_clear()
