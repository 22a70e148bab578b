"""The local stack (``python -m infra.local``) in a subprocess, for the end-to-end
and browser tests: one stack per session, on free ports.

The stack gets a clean environment: ``tests/conftest.py`` points this process at
an in-process emulator, which the subprocess must not inherit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PORT_NAMES = ("MOTO_PORT", "API_PORT", "SITE_PORT", "MAILBOX_PORT", "SMTP_PORT")
INHERITED_SETTINGS = ("AWS_ENDPOINT_URL", "JWKS_URL", "STAGE", "CAPTCHA_COST", "SITE_ORIGIN", "SITE_ORIGINS")


@dataclass(frozen=True)
class LiveStack:
    """URLs of the running stack; ``stack["api"]`` works too (tests/e2e uses it)."""

    site: str
    api: str
    mailbox: str
    smtp: str  # host:port
    process: subprocess.Popen
    log: Path
    moto: str = ""  # the stack's emulated AWS, for tests that inspect or disturb it

    def __getitem__(self, name: str) -> str:
        if name not in ("site", "api", "mailbox", "smtp", "moto"):
            raise KeyError(name)
        return getattr(self, name)

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-4000:]
            pytest.fail(f"the local stack stopped (exit {self.process.returncode}):\n{tail}")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def clean_environment(ports: dict[str, int]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in INHERITED_SETTINGS}
    env.update({name: str(port) for name, port in ports.items()})
    # Tests run the schedules when they mean to (the mailbox server's POST /api/jobs/<name>).
    env["LOCAL_SCHEDULES"] = "off"
    return env


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    from infra.local import wait_for

    try:
        wait_for(url, seconds, alive=lambda: process.poll() is None)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}:\n{log.read_text(errors='replace')[-4000:]}") from None


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def live_stack() -> Iterator[LiveStack]:
    """``python -m infra.local`` on free ports: site, API, mailbox and SMTP addresses."""
    if not (ROOT / "static_site" / "vendor" / "altcha.js").exists():
        pytest.skip("static_site/vendor is missing: run `make site`")
    ports = dict(zip(PORT_NAMES, free_ports(len(PORT_NAMES)), strict=True))
    config = ROOT / "static_site" / "config.js"
    previous = config.read_text(encoding="utf-8") if config.exists() else None
    log = Path(tempfile.mkstemp(prefix="helpdesk-stack-", suffix=".log")[1])
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local"], cwd=ROOT, env=clean_environment(ports),
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    stack = LiveStack(
        site=f"http://127.0.0.1:{ports['SITE_PORT']}/",
        api=f"http://127.0.0.1:{ports['API_PORT']}",
        mailbox=f"http://127.0.0.1:{ports['MAILBOX_PORT']}",
        smtp=f"127.0.0.1:{ports['SMTP_PORT']}",
        process=process,
        log=log,
        moto=f"http://127.0.0.1:{ports['MOTO_PORT']}",
    )
    try:
        wait_until_up(stack.api + "/health", process, log)
        wait_until_up(stack.site, process, log)
        yield stack
    finally:
        stop(process)
        ours = config.exists() and str(ports["API_PORT"]) in config.read_text(encoding="utf-8")
        if ours:  # put back the developer's config.js (from their own `make run`)
            if previous is None:
                config.unlink()
            else:
                config.write_text(previous, encoding="utf-8")
        log.unlink(missing_ok=True)
