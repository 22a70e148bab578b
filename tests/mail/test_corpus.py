"""Real-world messages from ../shared/corpus/mail: parsed without a crash, nothing lost.

The expectations come from the raw files themselves (read with the legacy stdlib parser), so
any message added to the corpus is checked too.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from pathlib import Path

import pytest

from chalicelib.mail.parsing import parse_mail
from chalicelib.mail.quotes import strip_quotes

CORPUS = Path(__file__).resolve().parents[2].parent / "shared/corpus/mail"
if not CORPUS.is_dir():
    pytest.skip("../shared/corpus/mail is not here", allow_module_level=True)

_NOT_MAIL = re.compile(r"^(?:README|LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
MAILS = sorted(p for p in CORPUS.rglob("*")
               if p.is_file() and not p.name.startswith(".") and not _NOT_MAIL.match(p.name))


def _header_block(raw: bytes) -> bytes:
    return re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]


def _has_header(raw: bytes, name: bytes) -> bool:
    return re.search(rb"^" + name + rb":[ \t]*\S", _header_block(raw), re.I | re.M) is not None


def _expected_parts(raw: bytes) -> tuple[bool, list[str]]:
    """(has a non-blank text body, filenames of parts marked as attachments)."""
    has_text, names = False, []
    for part in message_from_bytes(raw).walk():
        disposition = (part.get("Content-Disposition") or "").lower()
        if disposition.startswith("attachment"):
            names.append(part.get_filename() or "")
        elif part.get_content_type() in ("text/plain", "text/html"):
            has_text = has_text or bool((part.get_payload(decode=True) or b"").strip())
    return has_text, names


@pytest.mark.parametrize("path", MAILS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_message(path: Path) -> None:
    raw = path.read_bytes()
    mail = parse_mail(raw)
    if _has_header(raw, b"From"):
        assert mail.sender
    if _has_header(raw, b"Subject"):
        assert mail.subject
    has_text, attachment_names = _expected_parts(raw)
    if has_text:
        assert mail.text.strip()
    assert len(mail.attachments) >= len(attachment_names)
    assert {n for n in attachment_names if n} <= {a.filename for a in mail.attachments}
    assert isinstance(strip_quotes(mail.text), str)


KNOWN = {
    "all-special-chars.eml": ("Testovácí email", "íářčšáíéřášč"),
    "quoted_printable.eml": ("Český test", "Tohle je test českých písmen odeslaných z gmailu."),
    "utf-nondecodable.eml": ("Fwd: Cyklozaměstnavatel - změna vyhodnocení", "Ahoj Johne,"),
    "pgp.eml": ("example email that crashes django-helpdesk get_email",
                "hi, thanks for looking into this :)"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_corpus_messages_read_right(name: str) -> None:
    path = CORPUS / "django-helpdesk" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    subject, words = KNOWN[name]
    mail = parse_mail(path.read_bytes())
    assert mail.subject == subject
    assert words in mail.text


def test_corpus_forward_and_blank_body() -> None:
    folder = CORPUS / "django-helpdesk"
    forwarded, blank = folder / "forwarded-message.eml", folder / "blank-body-with-attachment.eml"
    if not (forwarded.is_file() and blank.is_file()):
        pytest.skip("django-helpdesk messages are not in the corpus")
    assert strip_quotes(parse_mail(forwarded.read_bytes()).text) == "This is email body"
    mail = parse_mail(blank.read_bytes())
    assert mail.text == ""
    assert [(a.filename, a.content) for a in mail.attachments] == [
        ("baf", b"You shouldn't see this.\n")]


def test_corpus_count() -> None:
    print(f"corpus messages handled: {len(MAILS)}")
    assert MAILS
