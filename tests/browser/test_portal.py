"""Logged in as a customer: the prefilled form, "Moje zgłoszenia", replies, token refresh."""

from __future__ import annotations

import re
import uuid

from tests.browser.flows import (
    CONSULTANT,
    CUSTOMER,
    DEMO_PASSWORD,
    api,
    assert_accessible,
    fill_form,
    login,
    open_start,
    send,
    ticket_posts,
    view,
    wait_for_view,
)


def submit_as_customer(page, subject: str) -> str:
    form = wait_for_view(page, "form")
    page.wait_for_selector("#f-request-type option[value=progman]", state="attached")
    fill_form(form, request_type="progman", subject=subject)
    return send(page)


def open_ticket(page, number: str) -> None:
    page.get_by_role("button", name="Moje zgłoszenia").first.click()
    portal = wait_for_view(page, "portal")
    item = portal.locator(".ticket-item", has_text=number)
    item.get_by_role("link").click()
    wait_for_view(page, "ticket")
    page.wait_for_selector("#ticket-body:not([hidden])")


def test_logged_in_customer_submits_sees_the_ticket_and_replies(site, live_stack):
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    login(site)
    form = wait_for_view(site, "form")  # the seed: logging in opens the form
    email = form.get_by_label("Adres e-mail")
    assert email.input_value() == CUSTOMER
    assert email.get_attribute("readonly") is not None
    assert site.locator("#captcha-field").is_hidden()
    assert site.locator("#account-nav").is_visible()
    subject = f"Błąd wydruku {uuid.uuid4().hex[:6]}"
    number = submit_as_customer(site, subject)
    assert posts[0].url.endswith("/me/tickets")
    assert posts[0].headers["authorization"].startswith("Bearer ")
    assert "captcha" not in posts[0].post_data_json
    assert CUSTOMER in view(site, "done").inner_text()

    site.get_by_role("button", name="Moje zgłoszenia").first.click()
    portal = wait_for_view(site, "portal")
    item = portal.locator(".ticket-item", has_text=number)
    item.wait_for()
    assert subject in item.inner_text()
    assert "Nowe" in item.inner_text()
    assert "Progman Cloud Kadry Płace" in item.inner_text()
    assert_accessible(site)

    item.get_by_role("link", name=subject).click()
    ticket = wait_for_view(site, "ticket")
    site.wait_for_selector("#ticket-body:not([hidden])")
    assert site.locator("#ticket-title").inner_text() == subject
    assert "Po wpisaniu frazy" in site.locator("#thread").inner_text()
    assert_accessible(site)
    ticket.get_by_label("Twoja odpowiedź").fill("Dodatkowa informacja: błąd pojawia się tylko rano.")
    ticket.get_by_role("button", name="Odpowiedz").click()
    site.wait_for_selector("#reply-status:has-text('Odpowiedź została wysłana.')")
    entries = site.locator("#thread > li")
    assert entries.count() == 2
    assert "tylko rano" in entries.nth(1).inner_text()
    assert ticket.get_by_label("Twoja odpowiedź").input_value() == ""

    site.get_by_role("button", name="Wyloguj").click()
    wait_for_view(site, "start")
    assert site.locator("#account-nav").is_hidden()
    assert site.evaluate("sessionStorage.getItem('helpdesk.session')") is None


def test_a_reply_to_a_closed_ticket_reopens_it(site, live_stack):
    open_start(site, live_stack.site)
    login(site)
    number = submit_as_customer(site, f"Zamknięte {uuid.uuid4().hex[:6]}")
    # The consultant answers and closes the ticket through the API.
    token = api(live_stack.api, "/auth/login", {"email": CONSULTANT, "password": DEMO_PASSWORD})["id_token"]
    api(live_stack.api, f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować program."}, token)
    api(live_stack.api, f"/consultant/tickets/{number}/close", {}, token)

    open_ticket(site, number)
    ticket = view(site, "ticket")
    assert "Zamknięte" in site.locator("#ticket-status").inner_text()
    assert site.locator("#closed-note").is_visible()
    assert "otwarte ponownie" in site.locator("#closed-note").inner_text()
    consultant_entry = site.locator("#thread > li.entry-consultant")
    assert "Proszę zrestartować program." in consultant_entry.inner_text()
    assert "Konsultant" in consultant_entry.inner_text()
    ticket.get_by_label("Twoja odpowiedź").fill("Restart nie pomógł.")
    ticket.get_by_role("button", name="Odpowiedz").click()
    site.wait_for_selector("#reply-status:has-text('ponownie otwarte')")
    assert "W realizacji" in site.locator("#ticket-status").inner_text()
    assert site.locator("#closed-note").is_hidden()


def corrupt_session(page, script: str) -> None:
    page.evaluate(f"""() => {{
        const s = JSON.parse(sessionStorage.getItem('helpdesk.session'));
        {script};
        sessionStorage.setItem('helpdesk.session', JSON.stringify(s));
    }}""")


def record(page, suffix: str) -> list:
    seen: list = []

    def watch(request) -> None:
        if request.url.split("?")[0].endswith(suffix) and request.method != "OPTIONS":
            seen.append(request)

    page.on("request", watch)
    return seen


def show_my_tickets(page) -> None:
    page.get_by_role("button", name="Moje zgłoszenia").first.click()
    wait_for_view(page, "portal")
    page.wait_for_selector("#portal-status[data-state=done]", state="attached")
    assert page.locator("#portal-status").inner_text() == ""


def test_a_refused_token_is_refreshed_once_and_the_request_repeated(site, live_stack):
    open_start(site, live_stack.site)
    login(site)
    wait_for_view(site, "form")
    refreshes, lists = record(site, "/auth/refresh"), record(site, "/me/tickets")
    corrupt_session(site, "s.idToken = s.idToken.slice(0, -4) + 'AAAA'")  # a bad signature
    show_my_tickets(site)
    assert len(refreshes) == 1
    assert len(lists) == 2  # refused, then repeated with the new token
    assert lists[1].headers["authorization"] != lists[0].headers["authorization"]


def test_a_token_about_to_expire_is_refreshed_before_use(site, live_stack):
    open_start(site, live_stack.site)
    login(site)
    wait_for_view(site, "form")
    refreshes, lists = record(site, "/auth/refresh"), record(site, "/me/tickets")
    corrupt_session(site, "s.expiresAt = Date.now() + 1000")
    show_my_tickets(site)
    assert len(refreshes) == 1 and len(lists) == 1


def test_a_refused_refresh_logs_out(site, live_stack):
    open_start(site, live_stack.site)
    login(site)
    wait_for_view(site, "form")
    corrupt_session(site, "s.idToken = 'broken'; s.refreshToken = 'broken'")
    site.get_by_role("button", name="Moje zgłoszenia").first.click()
    wait_for_view(site, "start")
    site.wait_for_selector("#flash:has-text('Sesja wygasła')")


def test_consultant_accounts_are_sent_to_their_console(site, live_stack):
    open_start(site, live_stack.site)
    login(site, email=CONSULTANT)
    site.wait_for_selector("#login-alert:has-text('konsoli konsultanta')")
    assert site.evaluate("sessionStorage.getItem('helpdesk.session')") is None
    assert re.search("Formularz", site.title())
