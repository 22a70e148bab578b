"""The console's teamwork features against the local stack: merge, a misheard number's candidates,
and collision between two consultants in two browser contexts."""

from __future__ import annotations

import uuid
from typing import Any

from tests.browser.flows import assert_accessible, unique_email, wait_for_view
from tests.browser.test_console import console_login, file_ticket
from tests.browser.test_layout import check_page


def find(page: Any, number: str) -> None:
    page.get_by_label("Numer zgłoszenia", exact=True).fill(number)
    page.get_by_role("button", name="Znajdź").click()


def open_by_number(page: Any, number: str) -> Any:
    find(page, number)
    ticket = wait_for_view(page, "ticket")
    page.wait_for_selector(f"#ticket-number:has-text('{number}')")
    return ticket


def test_merge_from_the_console_and_the_duplicates_number_leads_to_the_target(site, live_stack):
    email = unique_email()
    target = file_ticket(live_stack.api, f"Cel {uuid.uuid4().hex[:6]}", email)
    duplicate = file_ticket(live_stack.api, f"Duplikat {uuid.uuid4().hex[:6]}", email)
    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    ticket = open_by_number(site, duplicate)

    merge = site.locator("#merge-section")
    merge.get_by_label("Numer docelowego zgłoszenia").fill(target)
    merge.get_by_role("button", name="Połącz").click()
    site.wait_for_selector(f"#merge-question:has-text('{duplicate}')")
    assert_accessible(site)
    check_page(site, "12-console-merge-confirm")
    merge.get_by_role("button", name="Tak, połącz").click()
    site.wait_for_selector("#action-status:has-text('Zgłoszenia połączone')")
    assert site.locator("#ticket-number").inner_text().endswith(target)
    thread = site.locator("#thread").inner_text()
    assert f"dołączono zgłoszenie {duplicate}" in thread and "Opis problemu." in thread

    # The duplicate's number now leads to the target; its own page says where it went.
    site.get_by_role("link", name="Wróć do kolejki").click()
    wait_for_view(site, "queue")
    find(site, duplicate)
    site.wait_for_selector(f"#flash:has-text('Zgłoszenie {duplicate} połączono z tym zgłoszeniem.')")
    assert site.locator("#ticket-number").inner_text().endswith(target)
    assert ticket.get_by_role("button", name="Zamknij zgłoszenie").is_visible()


def test_a_misheard_number_offers_the_tickets_it_may_be(site, live_stack):
    subject = f"Pomyłka {uuid.uuid4().hex[:6]}"
    number = file_ticket(live_stack.api, subject, unique_email())
    digits = number.replace("-", "")
    i = max(i for i in range(len(digits) - 1) if digits[i] != digits[i + 1])
    heard = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]  # two neighbouring digits swapped
    console_login(site, live_stack.site)
    wait_for_view(site, "queue")
    find(site, heard)
    site.wait_for_selector("#find-error:has-text('Błędna cyfra kontrolna')")
    candidate = site.locator(f"#find-candidates-list button[data-number='{number}']")
    candidate.wait_for()
    assert subject in candidate.inner_text() and "Jan Kowalski" in candidate.inner_text()
    assert_accessible(site)
    check_page(site, "13-console-misheard-number")
    candidate.click()
    wait_for_view(site, "ticket")
    site.wait_for_selector(f"#ticket-title:has-text('{subject}')")
    assert site.locator("#find-candidates").is_hidden()


def test_two_consultants_reply_at_once_and_the_stale_one_reads_before_sending_again(browser, live_stack):
    number = file_ticket(live_stack.api, f"Kolizja {uuid.uuid4().hex[:6]}", unique_email())
    pages, uncaught = [], []
    config = f'window.HELPDESK_CONFIG = {{"apiUrl": "{live_stack.api}"}};'
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
        page = context.new_page()
        page.route("**/config.js", lambda route: route.fulfill(body=config, content_type="text/javascript"))
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        console_login(page, live_stack.site)
        wait_for_view(page, "queue")
        open_by_number(page, number)
        pages.append(page)
    first, second = pages
    first.get_by_label("Treść").fill("Odpowiedź pierwszego konsultanta.")
    first.get_by_role("button", name="Odpowiedz").click()
    first.wait_for_selector("#action-status:has-text('Odpowiedź wysłana')")

    second.get_by_label("Treść").fill("Odpowiedź drugiego, napisana na starej wersji.")
    second.get_by_role("button", name="Odpowiedz").click()
    conflict = second.locator("#conflict")
    conflict.wait_for()
    assert "Zgłoszenie zmieniło się w międzyczasie" in conflict.inner_text()
    assert "Odpowiedź pierwszego konsultanta." in second.locator("#conflict-changes").inner_text()
    assert second.locator("#write-body").input_value() == "Odpowiedź drugiego, napisana na starej wersji."
    assert second.locator("#thread li[data-kind=reply]").count() == 1  # the first one's, shown after reloading
    assert_accessible(second)
    check_page(second, "14-console-conflict")

    conflict.get_by_role("button", name="Wyślij mimo to").click()
    second.wait_for_selector("#action-status:has-text('Odpowiedź wysłana')")
    assert second.locator("#thread li[data-kind=reply]").count() == 2
    assert conflict.is_hidden() and second.locator("#write-body").input_value() == ""
    for page in pages:
        page.context.close()
    assert uncaught == []

