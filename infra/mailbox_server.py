"""The local mailbox page (:8025): every mail the app sent, a JSON listing at
``GET /api/messages``, and a Reply action that answers a mail over SMTP, as the
customer's mail program would."""

from __future__ import annotations

import html
import json
import smtplib
import threading
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from chalicelib.mail.mime import WIRE_POLICY
from infra import mailbox

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem}}
article{{border:1px solid #999;border-radius:4px;margin:1rem 0;padding:.5rem 1rem}}
pre{{white-space:pre-wrap}}textarea{{width:100%;min-height:6rem}}</style></head>
<body><h1>Local mailbox</h1><p>{count} mail(s) sent by the app, newest first.
JSON: <a href="/api/messages">/api/messages</a></p>{articles}</body></html>"""

ARTICLE = """<article><h2>{subject}</h2><p>From: {sender}<br>To: {to}<br>Date: {date}</p>
<pre>{text}</pre><details><summary>Reply</summary>
<form method="post" action="/api/messages/{id}/reply"><label for="r{id}">Your reply</label>
<textarea id="r{id}" name="text" required></textarea><button type="submit">Send reply</button></form>
</details></article>"""


def article(message: dict[str, Any]) -> str:
    """One sent mail as the page shows it, every value escaped (mail text is the customer's input)."""
    fields = {
        "id": message["id"], "subject": message["subject"], "sender": message["from"],
        "to": ", ".join(message["to"]), "date": message["date"], "text": message["text"],
    }
    return ARTICLE.format(**{name: html.escape(value) for name, value in fields.items()})


def quoted(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines())


def reply_to(original: dict[str, Any], text: str, smtp: tuple[str, int]) -> str:
    """Answer a sent mail the way a mail program does: Reply-To, Re:, threading headers."""
    headers = original["headers"]
    message = EmailMessage()
    customer = parseaddr(headers.get("To", ""))[1]
    message["From"] = customer
    message["To"] = headers.get("Reply-To") or headers.get("From", "")
    subject = original["subject"]
    message["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=customer.rpartition("@")[2] or "localhost")
    message["In-Reply-To"] = headers["Message-ID"]
    message["References"] = " ".join(filter(None, [headers.get("References", ""), headers["Message-ID"]]))
    attribution = f"On {original['date']}, {headers.get('From', '')} wrote:"
    message.set_content(f"{text}\n\n{attribution}\n{quoted(original['text'])}\n")
    with smtplib.SMTP(*smtp) as client:
        client.sendmail(customer, [message["To"].addresses[0].addr_spec], message.as_bytes(policy=WIRE_POLICY))
    return str(message["Message-ID"])


class MailboxHandler(BaseHTTPRequestHandler):
    smtp: tuple[str, int] = ("127.0.0.1", 2525)
    jobs: Any = None  # infra.local_lambda.Schedules: POST /api/jobs/<name> runs one now

    def log_message(self, *args: Any) -> None:  # keep the console for the app's logs
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        messages = mailbox.sent_messages()
        if self.path.startswith("/api/messages"):
            rows = [{k: v for k, v in m.items() if k != "raw"} for m in messages]
            self._send(200, json.dumps(rows, ensure_ascii=False).encode(), "application/json")
            return
        articles = "".join(article(m) for m in reversed(messages))
        self._send(200, PAGE.format(count=len(messages), articles=articles).encode(), "text/html; charset=utf-8")

    def do_POST(self) -> None:
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[:2] == ["api", "jobs"] and self.jobs is not None:
            self._run_job(parts[2])
            return
        if len(parts) != 4 or parts[:2] != ["api", "messages"] or parts[3] != "reply":
            self._send(404, b"not found", "text/plain")
            return
        original = next((m for m in mailbox.sent_messages() if m["id"] == parts[2]), None)
        if original is None:
            self._send(404, b"no such message", "text/plain")
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        is_json = "json" in (self.headers.get("Content-Type") or "")
        text = json.loads(raw).get("text", "") if is_json else parse_qs(raw).get("text", [""])[0]
        message_id = reply_to(original, text, self.smtp)
        if is_json:
            self._send(200, json.dumps({"message_id": message_id}).encode(), "application/json")
        else:
            self.send_response(303)
            self.send_header("Location", "/")
            self.end_headers()


    def _run_job(self, name: str) -> None:
        try:
            result = self.jobs.run(name)
        except KeyError:
            self._send(404, json.dumps({"message": f"no schedule {name}"}).encode(), "application/json")
            return
        self._send(200, json.dumps(result, default=str).encode(), "application/json")


def start(host: str, port: int, smtp: tuple[str, int], jobs: Any = None) -> ThreadingHTTPServer:
    handler = type("Handler", (MailboxHandler,), {"smtp": smtp, "jobs": jobs})
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
