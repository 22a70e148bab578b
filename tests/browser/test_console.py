"""The consultant console (static_site/console.html) against the local stack."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.browser.flows import (
    CONSULTANT,
    CUSTOMER,
    DEMO_PASSWORD,
    api,
    assert_accessible,
    mails_to,
    unique_email,
    view,
    wait_for_view,
)
from tests.demo import solve_captcha


def file_ticket(base: str, subject: str, email: str) -> str:
    """A ticket filed through the public API, captcha solved here."""
    payload = solve_captcha(api(base, "/captcha/challenge"))
    form = {"request_type": "technical", "product": "lex", "subject": subject, "description": "Opis problemu.",
            "name": "Jan Kowalski", "email": email, "phone": "+48 22 123 45 67", "company": "Kancelaria Kowalski",
            "captcha": payload}
    request = urllib.request.Request(base + "/tickets", data=json.dumps(form).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["number"]


def console_login(page, site_url: str, email: str = CONSULTANT) -> None:
    page.goto(site_url + "console.html")
    login = wait_for_view(page, "login")
    login.get_by_label("Adres e-mail").fill(email)
    login.get_by_label("Hasło").fill(DEMO_PASSWORD)
    login.get_by_role("button", name="Zaloguj").click()


def open_from_queue(page, number: str) -> None:
    page.get_by_label("Status", exact=True).select_option("new")
    page.get_by_role("button", name="Pokaż").click()
    page.get_by_role("link", name=number).click()
    wait_for_view(page, "ticket")
    page.wait_for_selector("#ticket-body:not([hidden])")


def test_consultant_claims_replies_and_closes_a_new_ticket(site, live_stack):
    email = unique_email()
    subject = f"Konsola {uuid.uuid4().hex[:6]}"
    number = file_ticket(live_stack.api, subject, email)

    console_login(site, live_stack.site)
    queue = wait_for_view(site, "queue")
    row = queue.locator(f"tr[data-number='{number}']")
    row.wait_for()
    assert subject in row.inner_text() and "Nowe" in row.inner_text()
    assert "nieprzypisane" in row.inner_text()
    assert_accessible(site)

    open_from_queue(site, number)
    ticket = view(site, "ticket")
    assert site.locator("#ticket-title").inner_text() == subject
    assert site.locator("#requester-email").inner_text() == email
    assert site.locator("#requester-company").inner_text() == "Kancelaria Kowalski"
    assert "Opis problemu." in site.locator("#thread").inner_text()
    assert_accessible(site)

    ticket.get_by_role("button", name="Przejmij").click()
    site.wait_for_selector("#action-status:has-text('Przejęto zgłoszenie')")
    assert site.locator("#ticket-assignee").inner_text() == CONSULTANT
    assert ticket.get_by_role("button", name="Przejmij").is_hidden()

    ticket.get_by_label("Treść").fill("Proszę zrestartować program.")
    ticket.get_by_role("button", name="Odpowiedz").click()
    site.wait_for_selector("#action-status:has-text('Odpowiedź wysłana')")
    assert "Proszę zrestartować program." in site.locator("#thread li[data-kind=reply]").inner_text()
    mails = mails_to(live_stack.mailbox, email, expect=2)  # the acknowledgement, then the reply
    reply = [m for m in mails if "zrestartować" in json.dumps(m, ensure_ascii=False)]
    assert reply and number in reply[0]["subject"]

    ticket.get_by_role("button", name="Zamknij zgłoszenie").click()
    site.wait_for_selector("#action-status:has-text('Zgłoszenie zamknięte')")
    assert "Zamknięte" in site.locator("#ticket-status").inner_text()
    assert "zamknięte przez konsultant@example.com" in site.locator("#thread").inner_text()
    assert ticket.get_by_role("button", name="Otwórz ponownie").is_visible()


def test_an_internal_note_is_marked_internal(site, live_stack):
    number = file_ticket(live_stack.api, f"Notatka {uuid.uuid4().hex[:6]}", unique_email())
    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    # Find by number, typed without hyphens.
    site.get_by_label("Numer zgłoszenia").fill(number.replace("-", ""))
    site.get_by_role("button", name="Znajdź").click()
    ticket = wait_for_view(site, "ticket")
    site.wait_for_selector("#ticket-body:not([hidden])")
    ticket.get_by_label("Treść").fill("Klient dzwonił <b>wczoraj</b>.")
    ticket.get_by_role("button", name="Dodaj notatkę").click()
    site.wait_for_selector("#action-status:has-text('Notatka zapisana')")
    note = site.locator("#thread li[data-kind=note]")
    assert "Notatka wewnętrzna" in note.inner_text()
    assert "Klient dzwonił <b>wczoraj</b>." in note.inner_text()  # text, never markup
    assert note.locator("b").count() == 0
    assert_accessible(site)


def test_check_digit_mailroom_availability_and_english(site, live_stack):
    number = file_ticket(live_stack.api, f"Cyfra {uuid.uuid4().hex[:6]}", unique_email())
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    site.get_by_label("Numer zgłoszenia").fill(wrong)
    site.get_by_role("button", name="Znajdź").click()
    site.wait_for_selector("#find-error:has-text('Błędna cyfra kontrolna – sprawdź numer')")
    assert view(site, "queue").is_visible()

    availability = site.get_by_label("Przyjmuję zgłoszenia")
    availability.uncheck()
    site.wait_for_selector("#flash:has-text('Nie przyjmujesz zgłoszeń.')")
    site.reload()  # the box shows what the server keeps, not what the page remembered
    wait_for_view(site, "queue")
    site.wait_for_function("!document.querySelector('#available').checked")
    availability.check()  # back as it was: the reopen rule reads it
    site.wait_for_selector("#flash:has-text('Przyjmujesz zgłoszenia.')")

    site.get_by_role("button", name="Poczta nieprzypisana").click()
    mailroom = wait_for_view(site, "mailroom")
    mailroom.get_by_role("button", name="Kwarantanna").click()
    site.wait_for_selector("#mailroom-caption:has-text('Kwarantanna')")
    assert mailroom.get_by_role("button", name="Kwarantanna").get_attribute("aria-pressed") == "true"
    assert_accessible(site)

    site.get_by_role("button", name="English").click()
    assert site.locator("#mailroom-title").inner_text() == "Unassigned mail"
    assert site.evaluate("document.documentElement.lang") == "en"


def test_a_customer_login_is_refused(site, live_stack):
    console_login(site, live_stack.site, email=CUSTOMER)
    site.wait_for_selector("#login-alert:has-text('konsola konsultanta')")
    assert site.evaluate("sessionStorage.getItem('helpdesk.console.session')") is None
    assert site.locator("#account-nav").is_hidden()
    try:  # the customer account itself is fine
        api(live_stack.api, "/auth/login", {"email": CUSTOMER, "password": DEMO_PASSWORD})
    except urllib.error.HTTPError as error:  # pragma: no cover
        raise AssertionError(error.read()) from None


def test_a_mailed_ticket_is_classified_and_its_attachment_downloaded(site, live_stack):
    """A customer writes to the desk with a file: a new ticket, type unspecified, the file downloadable."""
    import smtplib
    from email.message import EmailMessage

    sender = unique_email()
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "pomoc@support.example.com"
    message["Subject"] = f"Zrzut ekranu {uuid.uuid4().hex[:6]}"
    message.set_content("W załączniku zrzut ekranu błędu.")
    message.add_attachment(b"%PDF-1.4 raport", maintype="application", subtype="pdf", filename="raport.pdf")
    host, port = live_stack.smtp.split(":")
    with smtplib.SMTP(host, int(port), timeout=30) as smtp:
        smtp.send_message(message)
    [ack] = mails_to(live_stack.mailbox, sender)
    number = ack["subject"].split("]")[0].removeprefix("[#")

    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    site.get_by_label("Numer zgłoszenia").fill(number)
    site.get_by_role("button", name="Znajdź").click()
    wait_for_view(site, "ticket")
    with site.expect_download() as download:
        site.get_by_role("button", name="raport.pdf").click()
    assert download.value.suggested_filename == "raport.pdf"
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 raport"

    classify = site.locator("#classify-form")
    classify.get_by_label("Rodzaj zgłoszenia").select_option("technical")
    classify.get_by_label("Nazwa produktu").select_option("lex")
    classify.get_by_role("button").click()
    site.wait_for_selector("#ticket-body:has-text('Systemy Informacji Prawnej Lex')")
    assert_accessible(site)
