"""Issue 11 point 8: no regular expression that sees mail is given unbounded input or written to
backtrack, and nothing is compiled at import (cold start). Time is measured by benchmarks; these
tests assert on the limits."""

from __future__ import annotations

import ast
import re
import re._constants as sre
import re._parser as sre_parse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chalicelib.mail import bounded, headers, htmltext, quotes
from chalicelib.mail.machine import classify
from chalicelib.mail.parsing import parse_mail
from tests.mail.hostile import mails

ROOT = Path(__file__).resolve().parents[2]
MAIL = ROOT / "chalicelib" / "mail"
PURE = ["addresses", "bodies", "charsets", "headers", "htmltext", "machine", "parsing", "quotes", "reports"]


@pytest.mark.parametrize("module", PURE)
def test_mail_modules_use_no_re_function_directly(module: str) -> None:
    """Every pattern goes through bounded.pattern(), which caps what it reads."""
    tree = ast.parse((MAIL / f"{module}.py").read_text())
    calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
             and node.func.value.id == "re"]
    assert calls == []


def test_nothing_is_compiled_or_imported_at_import_time() -> None:
    code = ("import sys; import chalicelib.mail.machine, chalicelib.mail.parsing, chalicelib.mail.quotes; "
            "from chalicelib.mail.bounded import ALL; "
            "print(len(ALL), sum(p._compiled is not None for p in ALL), "
            "[m for m in ('mailparser_reply', 'charset_normalizer', 'idna') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    count, compiled, imported = out.stdout.split(" ", 2)
    assert int(count) > 20 and int(compiled) == 0 and imported.strip() == "[]"


def _all_patterns() -> list[bounded.BoundedPattern]:
    from chalicelib.mail import charsets, machine, parsing, reports  # noqa: F401 - they register theirs

    charsets._mojibake()  # built on first use
    return list(bounded.ALL)


def _unbounded_nesting(items: Any, inside: bool = False) -> Iterator[str]:
    for op, value in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = value
            if high == sre.MAXREPEAT and inside:
                yield "an unbounded repeat inside another"
            yield from _unbounded_nesting(sub, inside or high == sre.MAXREPEAT)
        elif op == sre.SUBPATTERN:
            yield from _unbounded_nesting(value[-1], inside)
        elif op == sre.BRANCH:
            for branch in value[1]:
                yield from _unbounded_nesting(branch, inside)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            yield from _unbounded_nesting(value[1], inside)


def test_no_pattern_nests_unbounded_repeats() -> None:
    """The shape of catastrophic backtracking, (a+)+ and kin, appears in no pattern."""
    flagged = [p.source for p in _all_patterns() if any(_unbounded_nesting(sre_parse.parse(p.source, p.flags)))]
    assert flagged == []


def test_every_pattern_has_a_limit() -> None:
    for found in _all_patterns():
        assert 0 < found.limit <= 4_000_000, found.source


class _Spy:
    """Stands in for a compiled pattern and records the longest window it was asked to read."""

    def __init__(self, compiled: re.Pattern[str], owner: bounded.BoundedPattern) -> None:
        self.compiled, self.owner, self.widest = compiled, owner, 0

    def _see(self, text: str, pos: int = 0, endpos: int | None = None) -> None:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.widest = max(self.widest, end - pos)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.compiled, name)
        if name in ("match", "search", "finditer", "fullmatch"):
            def read(text: str, pos: int = 0, endpos: int | None = None) -> Any:
                self._see(text, pos, endpos)
                return method(text, pos, len(text) if endpos is None else endpos)
            return read
        if name in ("sub", "split"):
            def rewrite(*args: Any) -> Any:
                self._see(args[-1] if name == "split" else args[1])
                return method(*args)
            return rewrite
        return method


def test_no_pattern_reads_past_its_limit_on_hostile_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    spies = []
    for found in _all_patterns():
        spy = _Spy(found.compiled, found)
        monkeypatch.setattr(found, "_compiled", spy)
        spies.append(spy)
    for raw in mails().values():
        parsed = parse_mail(raw)
        classify(parsed.headers)
        quotes.strip_quotes(parsed.full_body, subject=parsed.subject, ours=[parsed.full_body])
    htmltext.html_to_text("<a " * 200_000 + "<script>" + "x" * 10)
    assert all(spy.widest <= spy.owner.limit for spy in spies)
    assert max(spy.widest for spy in spies) > 100_000  # the hostile mails did reach the big patterns


def _mail(header_lines: str, body: str = "hi\n") -> bytes:
    return (header_lines.strip("\n").replace("\n", "\r\n") + "\r\n\r\n" + body).encode()


def test_mime_headers_are_capped_while_parsing() -> None:
    """The standard library parses MIME parameters in quadratic time: it never sees long ones."""
    raw = _mail(f'From: a@b.pl\nContent-Type: multipart/mixed; boundary="b"; x="{";" * 200_000}"\n'
                f'Content-Disposition: inline; filename="{"a;" * 100_000}"\nX-Long: {"y" * 100_000}')
    msg = parse_mail(raw).headers
    assert len(msg["Content-Type"]) <= headers.MAX_MIME_FIELD
    assert len(msg["Content-Disposition"]) <= headers.MAX_MIME_FIELD
    assert len(msg["X-Long"]) <= headers.MAX_FIELD


def test_subject_words_and_ids_are_bounded() -> None:
    ids = " ".join(f"<id{n}@example.com>" for n in range(20_000))
    raw = _mail(f"From: a@b.pl\nSubject: {'Zgłoszenie ' * 10_000}\nReferences: {ids}\nIn-Reply-To: {ids}")
    parsed = parse_mail(raw)
    assert len(parsed.subject) <= headers.MAX_SUBJECT
    assert len(parsed.references) == headers.MAX_IDS and parsed.references[-1] == "id19999@example.com"
    assert len(parsed.in_reply_to) == headers.MAX_IDS and parsed.in_reply_to[0] == "id0@example.com"
    assert len(headers.decode_words("=?a?q?" * 100_000)) <= headers.MAX_WORDS


def test_quote_headers_are_only_looked_for_within_the_limits() -> None:
    attribution = "On Mon, May 11, 2026 at 10:15 AM Support <p@example.com> wrote:\n> old"
    near = "new\n" + "x" * 1_000 + "\n" + attribution
    assert quotes.strip_quotes(near) == "new\n" + "x" * 1_000
    far = "new\n" + ("x" * 79 + "\n") * (quotes.MAX_SCAN // 80 + 1) + attribution
    assert quotes.strip_quotes(far) == far.strip()
    many = "new\n" + "x\n" * quotes.MAX_LINES + attribution
    assert quotes.strip_quotes(many) == many.strip()
    long_line = "On 11.05.2026 10:15 " + "x" * quotes.MAX_LINE + " wrote:\n> old"
    assert quotes.strip_quotes("new\n" + long_line) == "new\n" + long_line


def test_html_is_converted_up_to_its_limit() -> None:
    assert len(htmltext.html_to_text("x" * (htmltext.MAX_HTML + 1_000))) == htmltext.MAX_HTML
    text = htmltext.html_to_text("<p>Hello</p>" + "<a " * 100_000)
    assert text.startswith("Hello\n\n<a <a ")  # unclosed tags are text: nothing is hidden
    assert htmltext.html_to_text("<![<![<![ x") == "<![<![<![ x"
