"""The console's side of issue 10: a long message offers its whole text, a message with files
left out says so and offers the original mail, and the mailroom lists mail from consultants and
mail whose processing failed. Screenshots (SCREENSHOTS=docs/screenshots) at 1280 and 360 px."""

from __future__ import annotations

import os
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from chalicelib.mail.mime import WIRE_POLICY
from tests.browser.flows import CONSULTANT, ROOT, assert_accessible, mails_to, unique_email, view, wait_for_view
from tests.browser.test_console import console_login, file_ticket
from tests.browser.test_layout import WIDTHS, check_page


def check_around(page, name: str, target) -> None:
    """Like ``check_page``, but the screenshot is the viewport around ``target``: the page holds
    a long message (tens of thousands of pixels), and what matters is at its end."""
    folder = os.environ.get("SCREENSHOTS")
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
        if folder:
            target.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, 250)")
            page.screenshot(path=str(ROOT / folder / f"{name}-{label}.png"))
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def long_reply_with_many_files(to: str, sender: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "Re: log i pliki"
    lines = [f"2026-11-25 10:{n // 60:02d}:{n % 60:02d} BŁĄD zapis nie powiódł się (żądanie {n})" for n in range(800)]
    message.set_content("Dzień dobry, poniżej log:\n\n" + "\n".join(lines))
    for n in range(22):
        message.add_attachment(f"plik {n}".encode(), maintype="text", subtype="csv", filename=f"plik-{n:02d}.csv")
    return message.as_bytes(policy=WIRE_POLICY)


def test_long_text_and_cut_files_are_offered_and_the_new_boxes_listed(site, live_stack):
    email = unique_email()
    number = file_ticket(live_stack.api, f"Długi log {uuid.uuid4().hex[:6]}", email)
    to = mails_to(live_stack.mailbox, email)[0]["headers"]["Reply-To"]
    host, port = live_stack.smtp.split(":")
    with smtplib.SMTP(host, int(port), timeout=60) as smtp:
        smtp.sendmail(email, [to], long_reply_with_many_files(to, email))
        consultant_mail = EmailMessage()
        consultant_mail["From"], consultant_mail["To"] = CONSULTANT, "pomoc@support.example.com"
        consultant_mail["Subject"] = subject = f"Z programu pocztowego {uuid.uuid4().hex[:6]}"
        consultant_mail.set_content("Odpowiadam z programu pocztowego.")
        smtp.sendmail(CONSULTANT, ["pomoc@support.example.com"], consultant_mail.as_bytes(policy=WIRE_POLICY))
    mails_to(live_stack.mailbox, CONSULTANT, expect=2, wait=30)  # the notice, and the answer-in-console one

    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    site.get_by_label("Numer zgłoszenia").fill(number)
    site.get_by_role("button", name="Znajdź").click()
    wait_for_view(site, "ticket")
    site.wait_for_selector("#ticket-body:not([hidden])")
    message = site.locator("#thread li[data-kind=message]").last
    assert message.get_by_role("button", name="Cała treść (").is_visible()
    assert "Pominięte pliki: 2 (" in message.inner_text() and "plik-20.csv, plik-21.csv" in message.inner_text()
    assert message.get_by_role("button", name="Oryginalna wiadomość (.eml)").is_visible()
    assert message.locator(".attachments li").count() == 20
    check_around(site, "15-console-long-mail", message.get_by_role("button", name="Oryginalna wiadomość (.eml)"))

    with site.context.expect_page() as opened:
        message.get_by_role("button", name="Cała treść (").click()
    whole = opened.value
    whole.wait_for_url("**/text/*.txt*")  # the short link to the whole text, on the storage's origin
    assert "żądanie 799" in whole.inner_text("body")  # the end of the text, beyond the excerpt
    whole.close()

    site.get_by_role("button", name="Poczta nieprzypisana").click()
    mailroom = wait_for_view(site, "mailroom")
    for box, label in (("consultants", "Od konsultantów"), ("failed", "Nieprzetworzone")):
        mailroom.get_by_role("button", name=label).click()
        site.wait_for_selector(f"#mailroom-caption:has-text('{label}:')")
        assert mailroom.locator(f"[data-box={box}]").get_attribute("aria-pressed") == "true"
    check_page(site, "16-console-mailroom-failed")
    mailroom.get_by_role("button", name="Od konsultantów").click()
    row = mailroom.locator("#mailroom-rows tr", has_text=subject)
    row.wait_for()
    with site.expect_download() as download:
        row.get_by_role("button", name="Oryginalna wiadomość (.eml)").click()
    assert download.value.suggested_filename.startswith("mailroom-consultants-")
    assert b"Odpowiadam z programu pocztowego." in Path(download.value.path()).read_bytes()
    assert view(site, "mailroom").is_visible()
