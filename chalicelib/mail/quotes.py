"""Keep only what the person wrote in a reply: quoted history goes, signatures stay.

mail-parser-reply splits a body into fragments at reply headers. We use its splitting and its
en/pl header patterns, and add what it lacks for our customers (_EXTRA_* below):
- its pl table only knows "Dnia ... napisał(a):"; Gmail PL ("czw., 4 maj 2023 o 10:15 ...
  napisał(a):", often wrapped onto two lines), Thunderbird PL ("W dniu ... pisze:/napisał:")
  and Apple Mail PL ("Wiadomość napisana przez ... w dniu ..., o godz. 10:15:") are missing;
- its pl Outlook pattern takes a single "Do:"/"Data:"/"Temat:" line for a header, which cuts
  ordinary Polish text, so we use a stricter one ("Od:" followed by "Wysłano:"/"Data:" ...);
- "-----Wiadomość oryginalna-----" and Outlook's line of underscores are not separators there;
- it keeps bare "> " quotes and drops answers written below or between quoted lines;
- it strips every line's indentation; we keep the text as written.
Its "On ... wrote:" patterns backtrack quadratically on long lines (a 20,000-character line
took 16 s) and any sender controls this text, so the header search runs on a bounded view.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mailparser_reply import EmailMessage, EmailReplyParser
from mailparser_reply.constants import GENERIC_MAIL_SEPARATOR, MAIL_LANGUAGES

LANGUAGES = ["pl", "en"]
_Q = r"(?:> ?)*"  # an attribution may itself sit inside a quote
_WRAP = rf"[^\n]*(?:\n{_Q}(?!On\s|W dniu\s|Dnia\s)[^\n]*)?"  # long attributions wrap once
_PL_WEEKDAY = r"(?:pon|wt|śr|czw|pt|sob|niedz|nd)\.,?"
_PL_VERB = r"(?:napisał(?:\(a\)|/-?a|a)?|nadesłał(?:\(a\)|a)?|pisze)"
_EXTRA_ATTRIBUTIONS = (
    # Gmail PL, Thunderbird PL, webmail "Dnia ..."; the digit keeps ordinary sentences out.
    rf"^{_Q}(?:W dniu|Dnia|{_PL_WEEKDAY})\s(?=[^\n]*\d){_WRAP}\s{_PL_VERB}:[ \t]*$",
    # Any other "<date hh:mm> <name> napisał:".
    rf"^{_Q}(?=[^\n]*\d{{1,2}}:\d\d){_WRAP}\s{_PL_VERB}:[ \t]*$",
    # Apple Mail PL.
    rf"^{_Q}Wiadomość napisana przez\s{_WRAP}\d{{1,2}}:\d\d:[ \t]*$",
    # Older Gmail: "2023-05-04 10:15 GMT+02:00 Jan Kowalski <jan@example.com>:".
    rf"^{_Q}\d{{4}}-\d\d-\d\d \d{{1,2}}:\d\d GMT[+-]\d\d:\d\d\s{_WRAP}:[ \t]*$",
)
_FIELD = r"(?:Wysłano|Wysłane|Data|Do|DW|Temat|Sent|Date|To|Cc|Subject|Importance)"
_EXTRA_BLOCKS = (
    rf"^{_Q}[* ]*(?:Od|From)[* ]*:[^\n]*\n{_Q}[* ]*(?:Wysłano|Wysłane|Data|Sent|Date)[* ]*:"
    rf"[^\n]*(?:\n{_Q}[* ]*{_FIELD}[* ]*:[^\n]*)*",
    rf"^{_Q}-{{2,}}[ \t]*(?:Wiadomość oryginalna|Oryginalna wiadomość)[ \t]*-{{2,}}[ \t]*$",
    rf"^{_Q}_{{20,}}[ \t]*$",  # Outlook's separator line
)
# A forward carries content the customer wants us to read: it is never history.
_FORWARD = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Forwarded message|Wiadomość przekazana dalej|Przekazana wiadomość"
    r"|Wiadomość przekazana)[ \t]*-{2,}|Begin forwarded message:"
    r"|Początek przekazywanej wiadomości:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*(?:\n|$)", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# Bounds for the header search: no header line is longer, and replies put new text first.
_MAX_LINE, _MAX_SCAN = 500, 32_000
_LONG_LINE = re.compile(rf"[^\n]{{{_MAX_LINE + 1},}}")
_PADDING = re.compile(r"[ \t*]{16,}")


def _library(key: str, languages: tuple[str, ...]) -> list[str]:
    return [MAIL_LANGUAGES[lang][key] for lang in languages if MAIL_LANGUAGES[lang].get(key)]


@lru_cache(maxsize=8)
def _patterns(languages: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any header, attributions only); one capturing group per alternative, as the library's
    fragment splitting expects."""
    attributions = _library("wrote_header", languages) + [f"({p})" for p in _EXTRA_ATTRIBUTIONS]
    strict = tuple(lang for lang in languages if lang != "pl")  # see the module docstring
    blocks = _library("from_header", strict) + [f"({p})" for p in _EXTRA_BLOCKS]
    blocks.append(f"({GENERIC_MAIL_SEPARATOR})")
    flags = re.MULTILINE | re.IGNORECASE
    return (re.compile("|".join(attributions + blocks), flags),
            re.compile("|".join(attributions), flags))


class _BoundedSearch:
    """The library only calls HEADER_REGEX.findall(text). Search a same-length view where over-long
    lines, long padding and everything past _MAX_SCAN are blanked; return the real text."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def findall(self, text: str) -> list[tuple[str, ...]]:
        view = _LONG_LINE.sub(lambda m: "\n" * len(m.group()), text[:_MAX_SCAN])
        view = _PADDING.sub(lambda m: "\0" * len(m.group()), view)
        groups = range(1, self.pattern.groups + 1)
        return [tuple(text[m.start(g):m.end(g)] if m.start(g) >= 0 else "" for g in groups)
                for m in self.pattern.finditer(view)]


class _ReplyMessage(EmailMessage):
    """The library's message with our header search, the text kept as written and no signature
    detection (signatures stay in the reply)."""

    @property
    def HEADER_REGEX(self) -> _BoundedSearch:  # noqa: N802 - the library's name
        return _BoundedSearch(_patterns(tuple(self.languages))[0])

    def _normalize_text(self) -> None:
        self.text = self.text.replace("\r\n", "\n").replace("\r", "\n")

    def _process_signatures_disclaimers(self, text: str) -> tuple[list[str], str]:
        return [], ""


class _ReplyParser(EmailReplyParser):
    def read(self, text: str) -> EmailMessage:
        return _ReplyMessage(text=text, languages=list(self.languages)).read()


_PARSER = _ReplyParser(languages=LANGUAGES)


def strip_quotes(text: str) -> str:
    """The new text of a reply, trimmed; the whole text when nothing new can be told apart."""
    original = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    replies = _PARSER.read(original).replies if original else []
    if not replies or (not replies[0].headers and _FORWARD.search(replies[0].content)):
        return original
    attribution = _patterns(tuple(_PARSER.languages))[1]
    kept: list[str] = []
    for reply in replies:
        wrote = bool(reply.headers and attribution.search(reply.headers))
        if not reply.headers or (wrote and not re.search(r"\d", reply.headers)):
            kept.append(reply.content)  # new text, or "On the other hand, as I wrote:" prose
            continue
        # Unquoted lines below or between the quoted lines of an "... wrote:" are answers
        # (bottom or inline posting); anything else after a header is history.
        after = reply.content.removeprefix(reply.headers)
        if not (wrote and after.lstrip().startswith(">")):
            break
        kept.append(after)
    new = _BLANK_RUN.sub("\n\n", _QUOTED_LINE.sub("", "\n".join(kept))).strip()
    return new or original
