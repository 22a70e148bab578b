"""Keep only what the person wrote in a reply: quoted history goes, signatures stay.

mail-parser-reply splits a body into fragments at reply headers ("On ... wrote:", Outlook
"From:/Sent:" blocks). We reuse its splitting and its en/pl header patterns, and extend it where
it falls short for our customers (see _EXTRA_* below):
- its pl table only knows "Dnia ... napisał(a):"; Gmail PL ("czw., 4 maj 2023 o 10:15 ...
  napisał(a):", wrapped over two lines), Thunderbird PL ("W dniu ... pisze:/napisał:") and
  Apple Mail PL ("Wiadomość napisana przez ... w dniu ...:") are missing;
- its pl Outlook pattern accepts a single "Do:"/"Data:"/"Temat:" line, which cuts ordinary
  Polish text, so we use a stricter one (Od:/From: followed by two more header lines);
- "-----Wiadomość oryginalna-----" and Outlook's line of underscores are not separators there;
- it does not drop bare "> " quotes, nor keep answers written below or between quoted lines;
- it strips every line's indentation; we keep the text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mailparser_reply import EmailMessage, EmailReplyParser
from mailparser_reply.constants import GENERIC_MAIL_SEPARATOR, MAIL_LANGUAGES

LANGUAGES = ("pl", "en")
_Q = r"(?:> ?)*"  # the attribution may itself sit inside a quote
_WRAP = rf"[^\n]*(?:\n{_Q}[^\n]*)?"  # Gmail wraps long attribution lines once
_PL_WEEKDAY = r"(?:pon|wt|śr|czw|pt|sob|niedz|nd)\.,?"
_PL_VERB = r"(?:napisał(?:\(a\)|/-?a|a)?|nadesłał(?:\(a\)|a)?|pisze)"
_EXTRA_ATTRIBUTIONS = (
    # Gmail PL, Thunderbird PL, webmail "Dnia ..."; a digit keeps ordinary sentences out.
    rf"^{_Q}(?:W dniu|Dnia|{_PL_WEEKDAY})\s(?=[^\n]*\d){_WRAP}\s{_PL_VERB}:[ \t]*$",
    # Any other "<date hh:mm> <name> napisał:" line.
    rf"^{_Q}(?=[^\n]*\d{{1,2}}:\d{{2}}){_WRAP}\s{_PL_VERB}:[ \t]*$",
    # Apple Mail PL: "Wiadomość napisana przez X w dniu 04.05.2023, o godz. 10:15:".
    rf"^{_Q}Wiadomość napisana przez\s{_WRAP}\d{{1,2}}:\d{{2}}:[ \t]*$",
    # Older Gmail: "2023-05-04 10:15 GMT+02:00 Jan Kowalski <jan@example.com>:".
    rf"^{_Q}\d{{4}}-\d\d-\d\d \d{{1,2}}:\d\d GMT[+-]\d\d:\d\d\s{_WRAP}:[ \t]*$",
)
_OUTLOOK_FIELDS = r"(?:Wysłano|Wysłane|Data|Do|DW|Temat|Sent|Date|To|Cc|Subject|Importance)"
_EXTRA_BLOCKS = (
    rf"^{_Q}[* ]*(?:Od|From)[* ]*:[^\n]*(?:\n{_Q}[* ]*{_OUTLOOK_FIELDS}[* ]*:[^\n]*){{2,}}",
    rf"^{_Q}-{{2,}}[ \t]*(?:Wiadomość oryginalna|Oryginalna wiadomość)[ \t]*-{{2,}}[ \t]*$",
    rf"^{_Q}_{{20,}}[ \t]*$",  # Outlook's separator line
)
# A forward carries content the customer wants us to read: never strip it as history.
_FORWARD = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Forwarded message|Wiadomość przekazana dalej|Przekazana wiadomość"
    r"|Wiadomość przekazana)[ \t]*-{2,}|Begin forwarded message:"
    r"|Początek przekazywanej wiadomości:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*(?:\n|$)", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _library(key: str, languages: tuple[str, ...]) -> list[str]:
    return [MAIL_LANGUAGES[lang][key] for lang in languages if MAIL_LANGUAGES[lang].get(key)]


@lru_cache(maxsize=8)
def _patterns(languages: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(every header, attributions only). Each alternative has exactly one capturing group,
    which is what the library's fragment splitting reads."""
    attributions = _library("wrote_header", languages) + [f"({p})" for p in _EXTRA_ATTRIBUTIONS]
    loose = {"pl"}  # see the module docstring
    blocks = _library("from_header", tuple(lang for lang in languages if lang not in loose))
    blocks += [f"({p})" for p in (*_EXTRA_BLOCKS, GENERIC_MAIL_SEPARATOR)]
    flags = re.MULTILINE | re.IGNORECASE
    return re.compile("|".join(attributions + blocks), flags), re.compile("|".join(attributions),
                                                                          flags)


class _ReplyMessage(EmailMessage):
    """EmailMessage with our header patterns, the text kept as written, no signature work."""

    @property
    def HEADER_REGEX(self) -> re.Pattern[str]:  # noqa: N802 - the library's name
        return _patterns(tuple(self.languages))[0]

    def _normalize_text(self) -> None:
        self.text = self.text.replace("\r\n", "\n").replace("\r", "\n")

    def _process_signatures_disclaimers(self, text: str) -> tuple[list[str], str]:
        return [], ""  # signatures stay in the reply, so the library needn't look for them


class _ReplyParser(EmailReplyParser):
    def read(self, text: str) -> EmailMessage:
        return _ReplyMessage(text=text, languages=list(self.languages)).read()


_PARSER = _ReplyParser(languages=list(LANGUAGES))


def strip_quotes(text: str) -> str:
    """The new text of a reply, trimmed; the whole text when nothing new can be told apart."""
    original = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    headers, attributions = _patterns(tuple(_PARSER.languages))
    first, forward = headers.search(original), _FORWARD.search(original)
    if not original or (forward and (not first or forward.start() < first.start())):
        return original
    kept: list[str] = []
    for reply in _PARSER.read(original).replies:
        if not reply.headers:
            kept.append(reply.content)
            continue
        # Below an "... wrote:" line, unquoted lines between quoted ones are the person's
        # answers (bottom or inline posting); anything else after a header is history.
        after = reply.content.removeprefix(reply.headers)
        if not (attributions.search(reply.headers) and after.lstrip().startswith(">")):
            break
        kept.append(after)
    new = _BLANK_RUN.sub("\n\n", _QUOTED_LINE.sub("", "\n\n".join(kept))).strip()
    return new or original
