"""HTML mail to plain lines, in one pass: blockquotes become "> " quotes (so quote stripping still
sees them), Outlook's MsoNormal paragraphs stay single lines, scripts and styles go.

Not html.parser: on this Python its tag scanner is quadratic or worse on unclosed tags (40 KB of
"<a " took 15 s, 160 KB eight minutes) and raises on some "<![" garbage. Here every step moves
forward with str.find, and the patterns look at a bounded window, so the cost is linear.
"""

from __future__ import annotations

import re
from html import unescape

from chalicelib.mail.bounded import BoundedPattern, pattern

MAX_HTML = 2_000_000  # characters converted (about 4 s of pure tags); the rest of a larger part is left out
MAX_TAG = 4_096  # a start tag's attributes read for the class name
_SKIP = {"script", "style", "title", "template", "xml"}
_RAW = ("script", "style")  # their content is not markup
_BLOCK = {"p", "div", "br", "li", "tr", "ul", "ol", "table", "hr", "pre", "h1", "h2", "h3",
          "h4", "h5", "h6", "dt", "dd", "section", "article", "header", "footer", "body",
          "blockquote"}
_TAG_HEAD = pattern(r"(/?)([A-Za-z][A-Za-z0-9:-]{0,63})", limit=66)
_CLASS = pattern(r"""\bclass[ \t\r\n]*=[ \t\r\n]*["']?([^"'>]{0,200})""", re.IGNORECASE, limit=MAX_TAG)
_RAW_END: dict[str, BoundedPattern] = {
    name: pattern(rf"</{name}[^>]{{0,64}}>", re.IGNORECASE, limit=MAX_HTML) for name in _RAW}


class _Lines:
    """Collects text into lines as tags open and close."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._depth = self._skip = self._pre = 0
        self._gap = True

    def start(self, tag: str, attributes: str) -> None:
        self._skip += tag in _SKIP
        if tag in _BLOCK:
            self._flush(keep_blank=tag == "br")
        self._depth += tag == "blockquote"
        self._pre += tag == "pre"
        if tag == "p":  # Outlook writes every line as its own MsoNormal paragraph, no margins
            found = _CLASS.search(attributes)
            self._gap = not (found and "msonormal" in found.group(1).lower())

    def end(self, tag: str) -> None:
        self._skip = max(0, self._skip - (tag in _SKIP))
        if tag in _BLOCK:
            self._flush()
        if tag in ("td", "th"):
            self._buffer.append(" ")
        if tag == "p" and self._gap:
            self.lines.append(">" * self._depth)
        self._depth = max(0, self._depth - (tag == "blockquote"))
        self._pre = max(0, self._pre - (tag == "pre"))

    def data(self, text: str) -> None:
        if not self._skip and text:
            self._buffer.append(unescape(text))

    def _flush(self, keep_blank: bool = False) -> None:
        text, self._buffer = "".join(self._buffer), []
        pieces = text.replace("\xa0", " ").split("\n") if self._pre else [" ".join(text.split())]
        if keep_blank or "".join(pieces).strip():
            quote = ">" * self._depth + " " if self._depth else ""
            self.lines += [(quote + piece).rstrip() for piece in pieces]

    def text(self) -> str:
        self._flush()
        lines: list[str] = []
        for line in self.lines:  # one blank line is enough, at any quote depth
            if not (lines and line == lines[-1] and not line.strip("> ")):
                lines.append(line)
        return "\n".join(lines).strip("\n")


def html_to_text(html: str) -> str:
    html = html[:MAX_HTML]
    out = _Lines()
    pos, size = 0, len(html)
    last_close = html.rfind(">")  # past it no tag can end: text, without searching again and again
    while pos < size:
        opening = html.find("<", pos)
        if opening < 0 or opening > last_close:
            out.data(html[pos:])
            break
        out.data(html[pos:opening])
        pos = _markup(html, opening, out)
    return out.text()


def _markup(html: str, opening: int, out: _Lines) -> int:
    """Handle the markup starting at `opening` ("<"), which has a ">" somewhere after it; returns
    where the text goes on. Every search here ends at or before that ">" or consumes up to it."""
    if html.startswith("<!--", opening):
        end = html.find("-->", opening + 4)
        return len(html) if end < 0 else end + 3
    if html.startswith(("<!", "<?"), opening):  # doctype, Outlook's <![if ...]>, <?xml ...?>
        end = html.find(">", opening)
        return len(html) if end < 0 else end + 1
    head = _TAG_HEAD.match(html, opening + 1)
    if not head:  # "a < b": text, as a browser shows it
        out.data("<")
        return opening + 1
    end = html.find(">", head.end())
    name = head.group(2).lower()
    if head.group(1):
        out.end(name)
        return end + 1
    attributes = html[head.end():min(end, head.end() + MAX_TAG)]
    out.start(name, attributes)
    if attributes.rstrip().endswith("/"):
        out.end(name)
    elif name in _RAW_END:
        closing = _RAW_END[name].search(html, end + 1)
        out.end(name)
        return len(html) if closing is None else closing.end()
    return end + 1
