"""The site opened as http://localhost:<port> (the README's spelling) files a ticket like
the one at 127.0.0.1 does: the API's CORS answers both names (issue 10, item 13)."""

from __future__ import annotations

import re

from tests.browser.flows import fill_form, mails_to, open_anonymous_form, open_start, send, tick_captcha


def test_the_form_works_when_the_site_is_opened_as_localhost(site, live_stack):
    refused: list[str] = []
    site.on("requestfailed", lambda request: refused.append(request.url))
    site.on("console", lambda message: refused.append(message.text) if "CORS" in message.text else None)
    open_start(site, live_stack.site.replace("127.0.0.1", "localhost"))
    assert site.evaluate("location.hostname") == "localhost"
    form = open_anonymous_form(site)  # the catalogue came from the API
    values = fill_form(form)
    tick_captcha(site)  # the challenge too
    number = send(site)  # and the POST with its preflight
    assert re.fullmatch(r"\d{4}-\d{6,}-\d", number)
    assert refused == []
    assert len(mails_to(live_stack.mailbox, values["email"])) == 1
