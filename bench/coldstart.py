"""Cold start as the Lambda runtime sees it, against the same work done with bare libraries.

For each scenario, in fresh processes (``bench/child.py``) against one emulator (a
moto server started here, provisioned like a real account):

* app: import the function's handler module (as named in the packaged template)
  and handle one event; a scenario that crosses two functions (an authorizer,
  then the API) is the sum of two fresh processes, as two cold containers are;
* bare: the same AWS calls, recorded from one run of the app, made with bare
  boto3 and PynamoDB in a fresh process (plus the JWKS download the authorizer
  needs: it is an HTTPS GET, not an AWS API call).

Median of ``RUNS`` runs each, app and bare alternating so both see the same load.
Replayed conditional writes may be refused by the emulator (the item exists by
then); a refusal is the same round trip, and the count is reported.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from bench import lambda_events

ROOT = Path(__file__).resolve().parents[1]
RUNS = max(7, int(os.environ.get("BENCH_RUNS", "7")))
GOAL = 1.2


@dataclass
class Function:
    handler: str
    events: list[dict[str, Any]]  # one per run: run 0 is recorded, the others timed
    extra_calls: list[dict[str, Any]] = field(default_factory=list)  # bare work the recorder cannot see


@dataclass
class Outcome:
    app: float  # wall seconds, median
    bare: float
    app_cpu: float  # CPU seconds of the same processes, median: steadier on a busy machine
    bare_cpu: float
    replay_errors: int

    @property
    def ratio(self) -> float:
        return self.app / self.bare

    @property
    def cpu_ratio(self) -> float:
        return self.app_cpu / self.bare_cpu


def _child(mode: str, payload: Any, env: dict[str, str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as spec:
        json.dump(payload, spec)
    try:
        done = subprocess.run([sys.executable, "-m", "bench.child", mode, spec.name], cwd=env["PYTHONPATH"].split(
            os.pathsep)[0], env=env, capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(spec.name)
    if done.returncode != 0:
        raise RuntimeError(f"bench child ({mode}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check(handler: str, result: Any) -> None:
    """A cold start only counts if the handler did its job."""
    if handler == "app.app":
        ok = isinstance(result, dict) and result.get("statusCode") in (200, 201)
    elif "auth" in handler:
        ok = isinstance(result, dict) and "Allow" in json.dumps(result.get("policyDocument"))
    else:
        ok = result is None
    if not ok:
        raise RuntimeError(f"{handler} did not succeed: {str(result)[:500]}")


def run_scenario(functions: list[Function], env: dict[str, str], code: Path) -> Outcome:
    """Fresh processes run from ``code`` (the unpacked Lambda package, as /var/task): its
    modules come first; what it lacks (boto3, botocore) comes from this interpreter's
    site-packages, as from the Lambda runtime. Nothing writes bytecode (/var/task is read-only)."""
    child_env = {**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": os.pathsep.join(
        (str(code), str(ROOT)))}
    recorded = []
    for function in functions:
        result = _child("record", [{"handler": function.handler, "event": function.events[0]}], child_env)
        _check(function.handler, result["results"][0])
        recorded.append(function.extra_calls + result["calls"])
    times: dict[str, list[float]] = {"app": [], "bare": [], "app_cpu": [], "bare_cpu": []}
    errors = 0
    for run in range(1, RUNS + 1):
        totals = dict.fromkeys(times, 0.0)
        for function, calls in zip(functions, recorded, strict=True):
            done = _child("app", [{"handler": function.handler, "event": function.events[run]}], child_env)
            _check(function.handler, done["results"][0])
            baseline = _child("bare", calls, child_env)
            errors += baseline["errors"]
            for side, measured in (("app", done), ("bare", baseline)):
                totals[side] += measured["seconds"]
                totals[f"{side}_cpu"] += measured["cpu"]
        for name, total in totals.items():
            times[name].append(total)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return Outcome(**medians, replay_errors=errors)


def _submissions(count: int) -> Function:
    from chalicelib.tickets import captcha
    from tests.demo import solve_captcha
    from tests.fixtures import ticket_form

    events = [
        lambda_events.api_request("POST", "/tickets", body={**ticket_form(), "captcha": solve_captcha(
            captcha.issue_challenge())}, headers={"Idempotency-Key": str(uuid.uuid4())})
        for _ in range(count)
    ]
    return Function("app.app", events)


def _consultant(count: int) -> list[Function]:
    import boto3

    from chalicelib.api.authorizers import consultant_auth
    from chalicelib.core import parameters
    from chalicelib.people import identity
    from tests.demo import CONSULTANT, PASSWORD

    answer = boto3.client("cognito-idp").initiate_auth(
        ClientId=parameters.get(parameters.USER_POOL_CLIENT_ID), AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": CONSULTANT, "PASSWORD": PASSWORD})
    token = answer["AuthenticationResult"]["IdToken"]
    authorizer = lambda_events.token_authorizer(token, "GET", "/consultant/tickets")
    policy = consultant_auth(authorizer, None)
    request = lambda_events.api_request("GET", "/consultant/tickets", query={"status": "new"},
                                        headers={"Authorization": f"Bearer {token}"},
                                        authorizer=lambda_events.authorizer_context(policy))
    jwks = {"service": "https", "operation": "GET", "params": {"url": identity.jwks_url()}}
    return [Function("chalicelib.api.authorizers.consultant_auth", [authorizer] * count, [jwks]),
            Function("app.app", [request] * count)]


def _customer_reply(ticket: dict[str, str], index: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = f"Anna Nowak <{ticket['email']}>", ticket["reply_to"]
    message["Subject"] = f"Re: [#{ticket['number']}] Nie działa wyszukiwarka"
    message["Message-ID"] = make_msgid(f"bench{index}", domain="example.org")
    message["In-Reply-To"] = message["References"] = f"<{ticket['ack']}>"
    message.set_content("Nadal nie działa, proszę o pomoc.\n\nW dniu 2.03.2026 o 10:15 Pomoc techniczna napisał(a):\n"
                        "> Przyjęliśmy Państwa zgłoszenie.\n> Pozdrawiamy\n")
    return bytes(message)


def _inbound(count: int) -> Function:
    import boto3
    from chalice.test import Client

    import app
    from chalicelib.core.config import settings
    from chalicelib.core.tables import Ticket
    from chalicelib.mail import tokens
    from infra import ses_receiving
    from tests.fixtures import submit

    with Client(app.app, stage_name="local") as client:
        number = submit(client, key=str(uuid.uuid4())).json_body["number"]
    saved = Ticket.get(number)
    ticket = {"number": number, "email": saved.requester_email, "reply_to": tokens.reply_address(number),
              "ack": saved.ack_message_id}
    s3, arn = boto3.client("s3"), ses_receiving.topic_arn()
    events = []
    for index in range(count):
        ses_id = uuid.uuid4().hex
        key = f"inbound/{ses_id}"
        s3.put_object(Bucket=settings().inbound_bucket, Key=key, Body=_customer_reply(ticket, index))
        notification = lambda_events.ses_receipt(key=key, recipients=[ticket["reply_to"]], sender=ticket["email"],
                                                 message_id=ses_id)
        notification["receipt"]["action"]["topicArn"] = arn
        events.append(ses_receiving.sns_event(notification, arn))
    return Function("chalicelib.api.events.inbound_mail", events)


def measure(env: dict[str, str], code: Path) -> dict[str, Outcome]:
    """Every scenario against the running emulator (``bench.emulator.running``), the app's
    code (and the bare side's PynamoDB) from ``code``."""
    count = RUNS + 1
    # Events are made just before their scenario runs: a captcha challenge expires in 20 minutes.
    scenarios = {
        "first submission (POST /tickets)": lambda: [_submissions(count)],
        "first consultant request (authorizer + GET /consultant/tickets)": lambda: _consultant(count),
        "first inbound mail (SNS: SES receipt)": lambda: [_inbound(count)],
    }
    return {name: run_scenario(functions(), env, code) for name, functions in scenarios.items()}
