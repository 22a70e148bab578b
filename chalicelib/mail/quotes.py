"""Keep only what the person wrote in a reply, and never hide anything else.

Only two things are removed: what follows a recognised reply header, and quoted lines that are
our own earlier mail. A reply header is
- an attribution line with a date: "On ... wrote:", Thunderbird PL "W dniu ... napisał:/pisze:",
  webmail "Dnia ... napisał(a):", Gmail PL "czw., 4 maj 2023 o 10:15 ... napisał(a):" (wrapped
  onto two lines, too), Apple Mail PL "Wiadomość napisana przez ... w dniu ..., o godz. 10:15:",
  old Gmail "2023-05-04 10:15 GMT+02:00 Jan <jan@x>:", German "Am ... schrieb ...:";
- a separator: "-----Original Message-----", "-----Wiadomość oryginalna-----";
- an Outlook block: "From:/Od:" directly followed by "Sent:/Wysłano:/Date:/Data:" and further
  field lines up to "Subject:/Temat:" (a line of underscores may stand above it).
Everything else stays: a forward (by its subject "FW:"/"PD:"/"Fwd:" or its marker line) with the
forwarded block, a pasted log with "Date:"/"To:" lines, an error message quoted with "> " in the
customer's own text. Below an attribution, unquoted lines between quoted ones are answers
(inline or bottom posting) and stay too. The whole text is always kept by the caller as well.

Each pattern reads one line (two for a wrapped attribution) of at most MAX_LINE characters, and
only the first MAX_SCAN characters are searched for a header: replies put new text first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chalicelib.mail.bounded import BoundedPattern, pattern

MAX_SCAN = 524_288  # characters; a reply below a pasted log of a few hundred kilobytes is still seen
MAX_LINES = 10_000  # lines looked at, whatever their length (each costs up to 50 µs of pattern calls)
MAX_LINE = 500
MAX_OURS = 65_536
_I = re.IGNORECASE
_LINE = 2 * MAX_LINE + 1
_Q = r"(?:> ?)*"  # a header may itself sit inside a quote
_VERB = r"(?:napisał(?:\(a\)|/-?a|a)?|nadesłał(?:\(a\)|a)?|pisze)"
_DATED = pattern(r"\d{4}|@|\d{1,2}[./-]\d{1,2}[./-]\d\d", limit=_LINE)  # a date or an address
_TIME = pattern(r"\d{1,2}:\d\d", limit=_LINE)
# (how the line starts, how it ends): both are needed, and the line must be dated.
_ATTRIBUTIONS: tuple[tuple[BoundedPattern, BoundedPattern], ...] = (
    (pattern(rf"{_Q}On\s", _I, limit=_LINE), pattern(r"\swrote\s?:\s*$", _I, limit=_LINE)),
    (pattern(rf"{_Q}(?:W dniu|Dnia)\s", _I, limit=_LINE), pattern(rf"\s{_VERB}\s?:\s*$", _I, limit=_LINE)),
    (pattern(rf"{_Q}Wiadomość napisana przez\s", _I, limit=_LINE), pattern(r"\d:\d\d\s?:\s*$", limit=_LINE)),
    (pattern(rf"{_Q}\d{{4}}-\d\d-\d\d \d{{1,2}}:\d\d GMT[+-]\d\d:\d\d\s", limit=_LINE),
     pattern(r":\s*$", limit=_LINE)),
    (pattern(rf"{_Q}Am\s", limit=_LINE), pattern(r"\sschrieb\s[^\n]{0,300}:\s*$", limit=_LINE)),
)
_TIMED_VERB = pattern(rf"\s{_VERB}\s?:\s*$", _I, limit=_LINE)  # any "<date hh:mm> <name> napisał:"
_SEPARATOR = pattern(rf"{_Q}[ \t]*-{{2,}}[ \t]*(?:Original Message|Wiadomość oryginalna|Oryginalna wiadomość"
                     r"|Ursprüngliche Nachricht)[ \t]*-{2,}[ \t]*$", _I, limit=MAX_LINE)
_UNDERSCORES = pattern(rf"{_Q}[ \t]*_{{20,}}[ \t]*$", limit=MAX_LINE)
_FIELD = pattern(rf"{_Q}[* \t]*(From|Od|Von|Sent|Date|Wysłano|Wysłane|Data|Gesendet|Datum|To|Do|An|Cc|DW"
                 r"|Bcc|UDW|Importance|Ważność|Priorytet|Attachments|Załączniki|Subject|Temat|Betreff)"
                 r"[* \t]*:", _I, limit=MAX_LINE)
_FROM, _SENT, _SUBJECT = {"from", "od", "von"}, {"sent", "date", "wysłano", "wysłane", "data", "gesendet",
                                                 "datum"}, {"subject", "temat", "betreff"}
_FORWARD = pattern(rf"{_Q}[ \t]*(?:-{{2,}}[ \t]*(?:Forwarded message|Wiadomość przekazana dalej|Przekazana "
                   r"wiadomość|Wiadomość przekazana|Weitergeleitete Nachricht)[ \t]*-{2,}|Begin forwarded "
                   r"message:|Początek przekazywanej wiadomości:|Anfang der weitergeleiteten Nachricht:)[ \t]*$",
                   _I, limit=MAX_LINE)
_FORWARD_SUBJECT = pattern(r"[ \t]*(?:fwd?|pd|wg|tr|rv|przekaż|przeslij)[ \t]*:", _I, limit=64)
_QUOTE_MARK = pattern(r"[ \t]*>[> \t]*", limit=MAX_LINE)


def strip_quotes(text: str, *, subject: str = "", ours: Iterable[str] = ()) -> str:
    """The new text of a reply, trimmed; the whole text when nothing new can be told apart.
    `subject` tells a forward; `ours` are texts of our earlier mail on the ticket, whose quoted
    lines go even without a reply header."""
    original = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not original or _FORWARD_SUBJECT.match(subject):
        return original
    lines = original.split("\n")
    found = _first_header(lines)
    if found is None:
        kept = lines
    elif found[0] == "forward":
        return original  # a forward above any reply header: all of it is for us to read
    else:
        kind, start, size = found
        kept = lines[:start] + (_answers(lines[start + size:]) if kind == "attribution" else [])
    new = "\n".join(_one_blank(_without_ours(kept, ours))).strip()
    return new or original


def _first_header(lines: list[str]) -> tuple[str, int, int] | None:
    """(kind, index, number of lines) of the first header or forward marker within MAX_SCAN
    characters; kind is "forward", "attribution" or "block"."""
    seen = 0
    for index, line in enumerate(lines[:MAX_LINES]):
        seen += len(line) + 1
        if seen > MAX_SCAN:
            return None
        found = _header_at(lines, index)
        if found:
            return found[0], index, found[1]
    return None


def _header_at(lines: list[str], index: int) -> tuple[str, int] | None:
    line = lines[index]
    if len(line) > MAX_LINE or not line.strip():
        return None
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if ":" not in line and ":" not in following and "--" not in line and "__" not in line:
        return None  # every header has one of these, on its line or (a wrapped attribution) the next
    if _FORWARD.match(line):
        return "forward", 1
    size = _attribution(lines, index)
    if size:
        return "attribution", size
    if _SEPARATOR.match(line):
        return "block", 1
    if _UNDERSCORES.match(line):
        following = next((i for i in range(index + 1, min(index + 3, len(lines))) if lines[i].strip()), None)
        return ("block", 1) if following is not None and _outlook_block(lines, following) else None
    # Without a separator, a block stands apart from the text above it (a pasted log or a mail
    # header dump has its own lines right above), unless it is about our ticket.
    apart = index == 0 or not lines[index - 1].strip(" \t>")
    return ("block", 1) if _outlook_block(lines, index, apart) else None


def _attribution(lines: list[str], index: int) -> int:
    """1 or 2 (lines) when an attribution starts at `index`, else 0."""
    line = lines[index]
    if _is_attribution(line):
        return 1
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if not following.strip() or len(following) > MAX_LINE:
        return 0
    # Gmail wraps a long attribution once, after the date and time: the first line has them.
    starts = _TIME.search(line) or any(begin.match(line) for begin, _ in _ATTRIBUTIONS)
    return 2 if starts and _is_attribution(f"{line} {following.lstrip('> ')}") else 0


def _is_attribution(line: str) -> bool:
    if not _DATED.search(line):
        return False
    if _TIME.search(line) and _TIMED_VERB.search(line):
        return True
    return any(begin.match(line) and end.search(line) for begin, end in _ATTRIBUTIONS)


def _outlook_block(lines: list[str], index: int, apart: bool = True) -> bool:
    """From/Od, then Sent/Date at once, then field lines up to a Subject/Temat; when not `apart`
    from the text above, only with our ticket tag in the subject."""
    first = _FIELD.match(lines[index]) if len(lines[index]) <= MAX_LINE else None
    if not first or first.group(1).lower() not in _FROM:
        return False
    labels: list[str] = []
    tagged = False
    for line in lines[index:index + 8]:
        field = _FIELD.match(line) if len(line) <= MAX_LINE else None
        if not field:
            break
        labels.append(field.group(1).lower())
        tagged = tagged or (labels[-1] in _SUBJECT and "[#" in line)
    shaped = len(labels) >= 3 and labels[0] in _FROM and labels[1] in _SENT and bool(_SUBJECT & set(labels[2:]))
    return shaped and (apart or tagged)


def _quoted(line: str) -> bool:
    return line.lstrip(" \t").startswith(">")


def _answers(lines: list[str]) -> list[str]:
    """Below an attribution: the unquoted lines between quoted ones (inline or bottom posting), up
    to the next header other than an attribution. History that is not quoted is all history."""
    if not _quoted(next((line for line in lines if line.strip()), "")):
        return []
    kept: list[str] = []
    index = 0
    while index < len(lines):
        found = _header_at(lines, index) if index < MAX_LINES else None
        if found and found[0] != "attribution":
            break
        if found:
            index += found[1]
            continue
        if not _quoted(lines[index]):
            kept.append(lines[index])
        index += 1
    return kept


def _without_ours(lines: list[str], ours: Iterable[str]) -> list[str]:
    """Drop runs of quoted lines most of which are lines of our own earlier mail."""
    known = " ".join(" ".join(text.split()) for text in ours)[:MAX_OURS]
    if not known:
        return lines
    kept: list[str] = []
    run: list[str] = []
    for line in lines[:MAX_LINES]:
        if _quoted(line):
            run.append(line)
            continue
        kept += _unless_ours(run, known)
        run = []
        kept.append(line)
    return kept + _unless_ours(run, known) + lines[MAX_LINES:]


def _unless_ours(run: list[str], known: str) -> list[str]:
    content = []
    for line in run:
        mark = _QUOTE_MARK.match(line)
        words = " ".join(line[mark.end() if mark else 0:].split())
        if words:
            content.append(words)
    ours = sum(len(words) >= 3 and words in known for words in content)
    return [] if content and ours * 2 >= len(content) else run


def _one_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip():
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return out
