"""The start page: two ways in, the cookie notice, the language switch."""

from __future__ import annotations

from tests.browser.flows import assert_accessible, open_start, view, wait_for_view


def test_start_page_offers_login_and_the_form_without_login(site, live_stack):
    open_start(site, live_stack.site, accept_cookies=False)
    start = view(site, "start")
    assert start.get_by_label("Adres e-mail").is_visible()
    assert start.get_by_label("Hasło").is_visible()
    assert start.get_by_role("button", name="Zaloguj").is_visible()
    assert start.get_by_role("button", name="Skorzystaj z formularza bez logowania").is_visible()
    assert site.evaluate("document.documentElement.lang") == "pl"
    assert_accessible(site)  # with the cookie notice showing


def test_cookie_notice_is_remembered_and_no_cookie_is_set(site, live_stack):
    open_start(site, live_stack.site, accept_cookies=False)
    notice = site.locator("#cookie-notice")
    assert "Nasze strony www używają plików cookie" in notice.inner_text()
    notice.get_by_text("Zobacz jak to zrobić").click()
    assert "Ustawienia" in notice.inner_text()
    notice.get_by_role("button", name="Rozumiem").click()
    assert notice.is_hidden()
    site.reload()
    wait_for_view(site, "start")
    assert site.locator("#cookie-notice").is_hidden()
    assert site.context.cookies() == []


def test_login_with_a_wrong_password_says_so(site, live_stack):
    open_start(site, live_stack.site)
    start = view(site, "start")
    start.get_by_label("Adres e-mail").fill("klient@example.com")
    start.get_by_label("Hasło").fill("wrong-password-1")
    start.get_by_role("button", name="Zaloguj").click()
    site.wait_for_selector("#login-alert:has-text('Nieprawidłowy adres e-mail lub hasło.')")
    assert start.get_by_label("Hasło").input_value() == ""
    assert_accessible(site)


def test_english_switch_updates_lang_and_is_remembered(site, live_stack):
    open_start(site, live_stack.site)
    site.get_by_role("button", name="English").click()
    assert site.evaluate("document.documentElement.lang") == "en"
    assert view(site, "start").get_by_role("button", name="Use the form without logging in").is_visible()
    assert site.get_by_role("button", name="Polski").get_attribute("lang") == "pl"
    site.reload()
    wait_for_view(site, "start")
    assert site.evaluate("document.documentElement.lang") == "en"
    assert view(site, "start").get_by_role("button", name="Log in").is_visible()
    assert_accessible(site)
