"""The whole product on this machine, no AWS account: ``make run``.

* moto server (the emulated AWS), provisioned by ``infra.provision``  :5000
* the API (``chalice local``)                                          :8000
* the static site, with ``config.js`` pointing at the API              :8080
* the mailbox page and ``GET /api/messages``                           :8025
* an SMTP receiver doing what SES receiving does                       :2525

Ports come from MOTO_PORT, API_PORT, SITE_PORT, MAILBOX_PORT, SMTP_PORT.
Ctrl-C stops all of it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = os.environ.get("HOST", "127.0.0.1")
PORTS = {
    name: int(os.environ.get(f"{name.upper()}_PORT", default))
    for name, default in (("moto", 5000), ("api", 8000), ("site", 8080), ("mailbox", 8025), ("smtp", 2525))
}


def configure_environment() -> dict[str, str]:
    endpoint = f"http://{HOST}:{PORTS['moto']}"
    values = {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-central-1"),
        "AWS_ENDPOINT_URL": endpoint,
        "STAGE": "local",
        "JWKS_URL": endpoint + "/{user_pool_id}/.well-known/jwks.json",
        "SITE_ORIGIN": f"http://{HOST}:{PORTS['site']}",
        # The README's examples say localhost, the printed URLs 127.0.0.1: the site works under both.
        "SITE_ORIGINS": ",".join(f"http://{name}:{PORTS['site']}" for name in (HOST, "127.0.0.1", "localhost")),
    }
    os.environ.update(values)
    return values


def write_site_config(static_dir: Path) -> None:
    config = {"apiUrl": f"http://{HOST}:{PORTS['api']}", "mailboxUrl": f"http://{HOST}:{PORTS['mailbox']}"}
    (static_dir / "config.js").write_text(f"window.HELPDESK_CONFIG = {json.dumps(config)};\n", encoding="utf-8")


def serve_static(static_dir: Path) -> ThreadingHTTPServer:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((HOST, PORTS["site"]), functools.partial(Quiet, directory=str(static_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_api() -> subprocess.Popen:
    """Chalice's local server for the stage (``infra.local_api``: CORS preflights per origin)."""
    command = [sys.executable, "-m", "infra.local_api", "--stage", "local", "--host", HOST, "--port", str(PORTS["api"])]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())


def wait_for(url: str, seconds: float = 60, alive: Callable[[], bool] = lambda: True) -> None:
    """Until ``url`` answers; ``RuntimeError`` when it does not in time or ``alive()`` turns false."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server for {url} exited early")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def inbound_dispatcher():
    """Moto cannot run Lambda code: the local stack calls the SNS handler itself, as Lambda's
    asynchronous invocation would (retries, then the dead-letter queue: ``infra.local_lambda``)."""
    sys.path.insert(0, str(ROOT))
    import app
    from infra import local_lambda

    return local_lambda.async_invoker(app.app.handler_map["inbound_mail"])


def schedules():
    """The app's schedules, run by the local stack (EventBridge's part)."""
    import app
    from infra import local_lambda

    return local_lambda.Schedules(app.app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    configure_environment()
    sys.path.insert(0, str(ROOT))
    from moto.server import ThreadedMotoServer

    from infra import mailbox_server, provision, smtp_receiver

    moto = ThreadedMotoServer(ip_address=HOST, port=PORTS["moto"], verbose=False)
    moto.start()
    outputs = provision.provision(demo_accounts=True)
    static_dir = ROOT / "static_site"
    write_site_config(static_dir)
    site = serve_static(static_dir)
    smtp = smtp_receiver.start(HOST, PORTS["smtp"], inbound_dispatcher())
    jobs = schedules()
    if os.environ.get("LOCAL_SCHEDULES", "on") != "off":
        jobs.start()
    mail = mailbox_server.start(HOST, PORTS["mailbox"], (HOST, PORTS["smtp"]), jobs)
    api = start_api()
    wait_for(f"http://{HOST}:{PORTS['api']}/health", alive=lambda: api.poll() is None)
    print(
        f"\nHelpdesk is running (user pool {outputs.user_pool_id}):\n"
        f"  site     http://{HOST}:{PORTS['site']}/\n"
        f"  API      http://{HOST}:{PORTS['api']}/\n"
        f"  mailbox  http://{HOST}:{PORTS['mailbox']}/  (JSON: /api/messages)\n"
        f"  SMTP     {HOST}:{PORTS['smtp']}  (mail for @{os.environ.get('REPLY_DOMAIN', 'support.example.com')})\n"
        f"  AWS      http://{HOST}:{PORTS['moto']}/  (moto)\n"
        f"Demo accounts (password {provision.DEMO_PASSWORD}): "
        + ", ".join(email for email, _, _ in provision.DEMO_ACCOUNTS)
        + "\nCtrl-C stops everything.",
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.is_set() and api.poll() is None:
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        api.terminate()
        api.wait(timeout=10)
        smtp.stop()
        jobs.stop()
        mail.shutdown()
        site.shutdown()
        moto.stop()


if __name__ == "__main__":
    main()
