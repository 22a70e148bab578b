"""What a customer does on the page, step by step, and what the tests check with it."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.demo import CONSULTANT, CUSTOMER  # noqa: F401  (browser tests import them from here)
from tests.demo import PASSWORD as DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "static_site" / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def unique_email() -> str:
    return f"jan.{uuid.uuid4().hex[:10]}@example.com"


def view(page: Any, name: str) -> Any:
    return page.locator(f'[data-view="{name}"]')


def wait_for_view(page: Any, name: str, timeout: float = 30_000) -> Any:
    page.wait_for_selector(f'[data-view="{name}"]:not([hidden])', timeout=timeout)
    return view(page, name)


def open_start(page: Any, site_url: str, accept_cookies: bool = True) -> None:
    page.goto(site_url)
    wait_for_view(page, "start")
    if accept_cookies:
        page.get_by_role("button", name="Rozumiem").click()


def open_anonymous_form(page: Any) -> Any:
    page.get_by_role("button", name="Skorzystaj z formularza bez logowania").click()
    form = wait_for_view(page, "form")
    page.wait_for_selector("#f-request-type option[value=technical]", state="attached")
    return form


def fill_form(form: Any, email: str | None = None, **overrides: str) -> dict[str, str]:
    values = {
        "request_type": "technical",
        "subject": "Nie działa wyszukiwarka",
        "description": "Po wpisaniu frazy wyszukiwarka nic nie zwraca.\nDruga linia opisu.",
        "name": "Jan Kowalski",
        "email": email or unique_email(),
        "phone": "+48 22 123 45 67",
        "company": "Kancelaria Kowalski",
        **overrides,
    }
    form.get_by_label("Rodzaj zgłoszenia").select_option(values["request_type"])
    if "product" in values:
        form.get_by_label("Nazwa produktu").select_option(values["product"])
    labels = {"subject": "Temat", "description": "Opis", "name": "Imię i nazwisko",
              "email": "Adres e-mail", "phone": "Telefon", "company": "Firma"}
    for field, label in labels.items():
        box = form.get_by_label(label, exact=False).first
        if box.get_attribute("readonly") is None:
            box.fill(values[field])
    return values


def tick_captcha(page: Any) -> None:
    """A real proof of work: the widget fetches a challenge and solves it in the browser."""
    checkbox = page.locator("#captcha input[type=checkbox]")
    checkbox.click()
    page.wait_for_selector("#captcha .altcha[data-state=verified]", timeout=60_000)


def send(page: Any) -> str:
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    done = wait_for_view(page, "done", timeout=60_000)
    return done.locator("#done-number").inner_text().strip()


def ticket_posts(page: Any) -> list[Any]:
    """Starts recording POSTs that would file a ticket; returns the live list."""
    seen: list[Any] = []
    page.on("request", lambda r: seen.append(r) if r.method == "POST" and "tickets" in r.url else None)
    return seen


def messages(mailbox_url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{mailbox_url}/api/messages", timeout=10) as answer:
        return json.loads(answer.read())


def mails_to(mailbox_url: str, address: str, expect: int = 1, wait: float = 10) -> list[dict[str, Any]]:
    """Mail to one address; waits up to ``wait`` seconds for ``expect`` of them."""
    deadline = time.monotonic() + wait
    while True:
        found = [m for m in messages(mailbox_url) if address.lower() in [a.lower() for a in m["to"]]]
        if len(found) >= expect or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))",
        AXE_TAGS,
    )
    return result


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


def login(page: Any, email: str = CUSTOMER, password: str = DEMO_PASSWORD) -> None:
    start = view(page, "start")
    start.get_by_label("Adres e-mail").fill(email)
    start.get_by_label("Hasło").fill(password)
    start.get_by_role("button", name="Zaloguj").click()


def api(base: str, path: str, body: Any = None, token: str | None = None) -> Any:
    """A direct API call (the consultant's side of a conversation)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST" if data is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=15) as answer:
        return json.loads(answer.read())
