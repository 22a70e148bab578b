"""One emulated AWS (a moto server in this process) for the whole benchmark, provisioned
by the same code as a real account; fresh processes reach it through the environment."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running() -> Iterator[dict[str, str]]:
    """The environment pointing at the emulator (also set on this process), while it runs."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "eu-central-1",
        "AWS_ENDPOINT_URL": endpoint, "STAGE": "local", "CAPTCHA_COST": "10",
        "JWKS_URL": endpoint + "/{user_pool_id}/.well-known/jwks.json",
    }
    os.environ.update(env)  # before any client exists in this process
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        from infra import provision

        provision.provision(demo_accounts=True)
        yield env
    finally:
        server.stop()
