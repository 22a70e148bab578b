"""Every page at 1280 px and 360 px, and the whole form by keyboard alone.

Set SCREENSHOTS=docs/screenshots to keep a PNG of each page at both widths.
"""

from __future__ import annotations

import os
import uuid

from tests.browser.flows import (
    ROOT,
    assert_accessible,
    fill_form,
    login,
    open_anonymous_form,
    open_start,
    send,
    tick_captcha,
    unique_email,
    wait_for_view,
)

WIDTHS = {"desktop": 1280, "mobile": 360}


def check_page(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
        if folder:
            path = ROOT / folder / f"{name}-{label}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
    assert_accessible(page)  # at 360 px
    page.set_viewport_size({"width": 1280, "height": 900})


def test_every_page_fits_both_widths(site, live_stack):
    open_start(site, live_stack.site, accept_cookies=False)
    check_page(site, "01-start-cookie-notice")
    site.get_by_role("button", name="Rozumiem").click()
    form = open_anonymous_form(site)
    check_page(site, "02-form")
    site.get_by_role("button", name="Wyślij zgłoszenie").click()
    site.locator("#form-errors").wait_for()
    check_page(site, "03-form-errors")
    fill_form(form)
    tick_captcha(site)
    send(site)
    check_page(site, "04-confirmation")
    site.get_by_role("button", name="Strona główna").click()
    login(site)
    wait_for_view(site, "form")
    check_page(site, "05-form-logged-in")
    fill_form(site.locator('[data-view="form"]'), request_type="progman", subject=f"Układ {uuid.uuid4().hex[:6]}")
    send(site)
    site.get_by_role("button", name="Moje zgłoszenia").first.click()
    portal = wait_for_view(site, "portal")
    site.wait_for_selector("#portal-status[data-state=done]", state="attached")
    check_page(site, "06-portal")
    portal.locator(".ticket-item a").first.click()
    wait_for_view(site, "ticket")
    site.wait_for_selector("#ticket-body:not([hidden])")
    check_page(site, "07-ticket")
    site.get_by_role("button", name="English").click()
    check_page(site, "08-ticket-english")


def test_the_form_works_by_keyboard_alone(site, live_stack):
    keyboard = site.keyboard
    open_start(site, live_stack.site)
    anonymous = site.get_by_role("button", name="Skorzystaj z formularza bez logowania")
    anonymous.focus()
    keyboard.press("Enter")
    wait_for_view(site, "form")
    site.wait_for_selector("#f-request-type option[value=technical]", state="attached")
    assert site.evaluate("document.activeElement.id") == "form-title"

    def tab_to(element_id: str, limit: int = 30) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if site.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("f-request-type")
    keyboard.press("ArrowDown")
    keyboard.press("ArrowDown")  # "Pomoc techniczna"; its only product is chosen for us
    assert site.locator("#f-product").input_value() == "lex"
    email = unique_email()
    for element_id, text in (("f-subject", "Klawiatura"), ("f-description", "Tylko klawiatura."),
                             ("f-name", "Jan Kowalski"), ("f-email", email)):
        tab_to(element_id)
        keyboard.type(text)
    checkbox_id = site.locator("#captcha input[type=checkbox]").get_attribute("id")
    tab_to(checkbox_id)
    keyboard.press("Space")
    site.wait_for_selector("#captcha .altcha[data-state=verified]", timeout=60_000)
    tab_to("send")
    outline = site.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    keyboard.press("Enter")
    wait_for_view(site, "done", timeout=60_000)
    assert site.evaluate("document.activeElement.id") == "done-title"

