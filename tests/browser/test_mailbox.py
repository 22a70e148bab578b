"""The local mailbox page (:8025) in the browser, once the app has sent mail."""

from __future__ import annotations

import json
import urllib.request
import uuid

from tests.browser.flows import assert_accessible, mails_to, unique_email
from tests.browser.test_layout import check_page
from tests.demo import solve_captcha


def file_ticket(api: str, email: str, subject: str) -> str:
    """The public form's request, with the captcha solved here (the page's widget is not under test)."""
    with urllib.request.urlopen(f"{api}/captcha/challenge", timeout=15) as answer:
        captcha = solve_captcha(json.loads(answer.read()))
    form = {"request_type": "technical", "product": "lex", "subject": subject, "description": "Opis problemu.",
            "name": "Zofia Łęcka", "email": email, "captcha": captcha}
    request = urllib.request.Request(
        f"{api}/tickets", data=json.dumps(form).encode(), method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["number"]


def test_the_mailbox_page_lists_sent_mail_and_replies(page, live_stack):
    email = unique_email()
    subject = f"Skrzynka {uuid.uuid4().hex[:6]}"
    number = file_ticket(live_stack.api, email, subject)
    assert len(mails_to(live_stack.mailbox, email)) == 1
    answer = page.goto(live_stack.mailbox + "/")
    assert answer.status == 200
    mail = page.locator("article", has_text=f"[#{number}]")
    assert mail.count() == 1
    header = mail.locator("p").first.inner_text()
    assert "From: Pomoc techniczna <pomoc@support.example.com>" in header
    assert f"To: {email}" in header
    assert number in mail.locator("pre").inner_text()
    check_page(page, "11-local-mailbox")
    # Reply as the customer's mail program would: the page comes back, the reply went over SMTP.
    mail.locator("summary").click()
    mail.get_by_label("Your reply").fill("Dziękuję, problem nadal występuje.")
    mail.get_by_role("button", name="Send reply").click()
    page.wait_for_url(live_stack.mailbox + "/")
    assert page.locator("article", has_text=f"[#{number}]").count() >= 1
    assert_accessible(page)
