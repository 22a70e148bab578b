"""The form without logging in: the seed's whole flow, with a real proof of work."""

from __future__ import annotations

import base64
import json
import re

from tests.browser.flows import (
    assert_accessible,
    fill_form,
    mails_to,
    open_anonymous_form,
    open_start,
    send,
    tick_captcha,
    ticket_posts,
    unique_email,
    view,
    wait_for_view,
)

NUMBER = re.compile(r"^\d{4}-\d{6,}-\d$")


def test_send_shows_the_number_and_mails_it(site, live_stack):
    posts = ticket_posts(site)
    challenges = []
    site.on("response", lambda r: challenges.append(r) if r.url.endswith("/captcha/challenge") else None)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    assert form.get_by_label("Temat").get_attribute("aria-required") == "true"
    assert form.locator(".req").count() >= 6  # the red asterisks
    assert "stały dostęp" in form.locator("#f-email-warning").inner_text()
    assert_accessible(site)
    values = fill_form(form)
    tick_captcha(site)
    assert site.locator("#captcha label").inner_text().strip() != ""
    number = send(site)
    assert NUMBER.match(number), number
    assert len(posts) == 1
    key = posts[0].headers.get("idempotency-key", "")
    assert re.fullmatch(r"[0-9a-f-]{36}", key), key
    body = posts[0].post_data_json
    assert body["language"] == "pl"
    # ALTCHA protocol v2 both ways, at the server's real cost, solved in the browser.
    parameters = challenges[0].json()["parameters"]
    assert parameters["algorithm"] == "PBKDF2/SHA-256"
    assert parameters["cost"] >= 1000  # the stack's default (5000), not the unit tests' 10
    payload = json.loads(base64.b64decode(body["captcha"]))
    assert payload["challenge"]["parameters"] == parameters
    assert set(payload["solution"]) >= {"counter", "derivedKey"}
    done = view(site, "done")
    assert "podaj jego dokładny numer" in done.inner_text()
    assert "Odpowiedz" in done.inner_text()
    assert "nowe zgłoszenie" in done.inner_text()
    assert values["email"] in done.inner_text()
    assert_accessible(site)
    mails = mails_to(live_stack.mailbox, values["email"])
    assert len(mails) == 1
    assert number in mails[0]["subject"]
    assert number in mails[0]["text"]


def test_copy_button_copies_the_number(site, live_stack):
    site.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    fill_form(form)
    tick_captcha(site)
    number = send(site)
    site.get_by_role("button", name="Kopiuj numer").click()
    site.wait_for_selector(f"#copy-status:has-text('{number}')")
    assert site.evaluate("navigator.clipboard.readText()") == number


def test_close_sends_nothing_and_clears_the_form(site, live_stack):
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    values = fill_form(form)
    tick_captcha(site)
    form.get_by_role("button", name="Zamknij").click()
    wait_for_view(site, "start")
    assert posts == []
    assert mails_to(live_stack.mailbox, values["email"], expect=1, wait=1) == []
    form = open_anonymous_form(site)
    for label in ("Temat", "Opis", "Imię i nazwisko", "Adres e-mail", "Telefon", "Firma"):
        assert form.get_by_label(label).first.input_value() == "", label
    assert form.get_by_label("Rodzaj zgłoszenia").input_value() == ""
    assert site.locator("#captcha .altcha").get_attribute("data-state") == "unverified"
    assert not site.locator("#captcha input[type=checkbox]").is_checked()


def test_product_list_follows_the_request_type(site, live_stack):
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    product = form.get_by_label("Nazwa produktu")
    assert product.is_disabled()
    progman = "Pomoc techniczna i merytoryczna produktów linii Progman"
    form.get_by_label("Rodzaj zgłoszenia").select_option(label=progman)
    assert product.locator("option").all_inner_texts() == ["Progman Cloud Kadry Płace"]
    assert product.input_value() == "progman-cloud-kadry-place"
    form.get_by_label("Rodzaj zgłoszenia").select_option(label="Pomoc techniczna")
    assert product.locator("option").all_inner_texts() == ["Systemy Informacji Prawnej Lex"]
    assert product.input_value() == "lex"
    form.get_by_label("Rodzaj zgłoszenia").select_option("")
    assert product.is_disabled()


def test_switching_language_keeps_what_was_typed(site, live_stack):
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    form.get_by_label("Rodzaj zgłoszenia").select_option("progman")
    form.get_by_label("Temat").fill("Zażółć gęślą jaźń")
    form.get_by_label("Adres e-mail").fill("zly-adres")
    site.get_by_role("button", name="Wyślij zgłoszenie").click()
    site.locator("#form-errors").wait_for()
    site.get_by_role("button", name="English").click()
    assert site.evaluate("document.documentElement.lang") == "en"
    assert form.get_by_label("Request type").input_value() == "progman"
    assert form.get_by_label("Product name").locator("option:checked").inner_text() == (
        "Progman Cloud Kadry Płace (HR and payroll)")
    assert form.get_by_label("Subject").input_value() == "Zażółć gęślą jaźń"
    assert site.locator("#f-email-error").inner_text() == "Enter a valid e-mail address."
    assert "Please correct the marked fields" in site.locator("#form-errors").inner_text()
    assert site.get_by_label("I'm not a robot").count() == 1
    assert site.title().startswith("New request")


def test_client_checks_stop_the_form_and_point_at_each_field(site, live_stack):
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    form.get_by_label("Temat").fill("x" * 201)
    form.get_by_label("Adres e-mail").fill("not-an-address")
    site.get_by_role("button", name="Wyślij zgłoszenie").click()
    summary = site.locator("#form-errors")
    summary.wait_for()
    assert "Popraw zaznaczone pola" in summary.inner_text()
    request_type = form.get_by_label("Rodzaj zgłoszenia")
    assert request_type.get_attribute("aria-invalid") == "true"
    assert site.evaluate("document.activeElement.id") == "f-request-type"  # the first error has focus
    subject = form.get_by_label("Temat")
    assert "f-subject-error" in subject.get_attribute("aria-describedby")
    assert site.locator("#f-subject-error").inner_text() == "Maksymalnie 200 znaków."
    assert site.locator("#f-email-error").inner_text() == "Podaj poprawny adres e-mail."
    assert site.locator("#f-captcha-error").inner_text() == "Zaznacz „Nie jestem robotem”."
    assert site.locator("#f-phone-error").is_hidden()  # optional and empty
    assert_accessible(site)
    summary.get_by_role("link", name=re.compile("Temat")).click()
    assert site.evaluate("document.activeElement.id") == "f-subject"
    assert posts == []


def test_server_field_errors_are_shown_next_to_their_fields(site, live_stack):
    """A special-use domain passes the browser's syntax check; only the server refuses it."""
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    fill_form(form, email="jan@przyklad.invalid")
    tick_captcha(site)
    site.get_by_role("button", name="Wyślij zgłoszenie").click()
    error = site.locator("#f-email-error")
    error.wait_for()
    assert len(posts) == 1
    assert error.inner_text() == "Podaj poprawny adres e-mail."  # the server's own message
    email = form.get_by_label("Adres e-mail")
    assert email.get_attribute("aria-invalid") == "true"
    assert "f-email-error" in email.get_attribute("aria-describedby")
    assert "f-email-warning" in email.get_attribute("aria-describedby")
    assert site.evaluate("document.activeElement.id") == "f-email"
    assert view(site, "form").is_visible()
    assert_accessible(site)
    # Corrected, the same opening of the form (same key, captcha still valid) goes through.
    email.fill(unique_email())
    assert site.locator("#f-email-error").is_hidden()
    number = send(site)
    assert re.match(NUMBER, number)
    assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]


def test_double_click_on_send_files_one_ticket(site, live_stack):
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    values = fill_form(form)
    tick_captcha(site)
    site.get_by_role("button", name="Wyślij zgłoszenie").dblclick()
    wait_for_view(site, "done", timeout=60_000)
    number = site.locator("#done-number").inner_text()
    assert len({p.headers["idempotency-key"] for p in posts}) == 1
    site.wait_for_timeout(500)  # a second ticket would have mailed by now
    mails = mails_to(live_stack.mailbox, values["email"])
    assert len(mails) == 1 and number in mails[0]["subject"]


def test_send_shows_progress_and_ignores_further_clicks(site, live_stack):
    posts = ticket_posts(site)
    held = []
    site.route("**/tickets", lambda route: held.append(route))
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    fill_form(form)
    tick_captcha(site)
    button = site.locator("#send")
    button.click()
    site.wait_for_function("document.querySelector('#send').getAttribute('aria-disabled') === 'true'")
    for _ in range(600):  # the held request arrives once the page has sent it (at most 30 s)
        if held:
            break
        site.wait_for_timeout(50)
    assert held, "the form never sent its request"
    assert button.inner_text().strip() == "Wysyłanie…"
    assert site.locator("#send .spinner").is_visible()
    assert form.locator("form").get_attribute("aria-busy") == "true"
    assert site.locator("#form-status").inner_text() == "Wysyłanie zgłoszenia, proszę czekać."
    assert site.locator("#close-form").is_disabled()
    assert site.evaluate("document.activeElement.id") == "send"  # focus is not lost
    button.click(force=True)  # a user can still click it; nothing more is sent
    site.wait_for_timeout(300)
    assert len(posts) == 1
    held[0].continue_()
    wait_for_view(site, "done")


def test_a_retry_after_a_lost_answer_files_one_ticket(site, live_stack):
    """The first answer is lost on the way back; the retry reuses the key and gets the same number."""
    posts = ticket_posts(site)
    lost = []

    def lose_first_answer(route):
        response = route.fetch()
        if not lost:
            lost.append(response.status)
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    site.route("**/tickets", lose_first_answer)
    open_start(site, live_stack.site)
    form = open_anonymous_form(site)
    values = fill_form(form)
    tick_captcha(site)
    site.get_by_role("button", name="Wyślij zgłoszenie").click()
    site.wait_for_selector("#form-alert:has-text('ponowna próba nie utworzy drugiego zgłoszenia')")
    assert lost == [201]
    number = send(site)
    assert len(posts) == 2
    assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
    mails = mails_to(live_stack.mailbox, values["email"])
    assert len(mails) == 1 and number in mails[0]["subject"]


def test_english_form_sends_language_en(site, live_stack):
    posts = ticket_posts(site)
    open_start(site, live_stack.site)
    site.get_by_role("button", name="English").click()
    site.get_by_role("button", name="Use the form without logging in").click()
    form = wait_for_view(site, "form")
    site.wait_for_selector("#f-request-type option[value=technical]", state="attached")
    assert form.get_by_label("Request type").locator("option").all_inner_texts()[1:] == [
        "Technical and subject-matter support for Progman products", "Technical support"]
    form.get_by_label("Request type").select_option("technical")
    form.get_by_label("Subject").fill("Search does not work")
    form.get_by_label("Description").fill("Nothing is found.")
    form.get_by_label("Full name").fill("John Smith")
    email = unique_email()
    form.get_by_label("E-mail address").fill(email)
    site.get_by_label("I'm not a robot").click()
    site.wait_for_selector("#captcha .altcha[data-state=verified]", timeout=60_000)
    site.get_by_role("button", name="Send request").click()
    wait_for_view(site, "done", timeout=60_000)
    assert posts[0].post_data_json["language"] == "en"
    assert "quote its exact number" in view(site, "done").inner_text()
    assert_accessible(site)
