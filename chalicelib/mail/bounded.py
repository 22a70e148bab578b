"""Regular expressions for mail text: compiled on first use, and never shown more than a set length.

Two problems this answers. Cold start: a module full of patterns compiled at import costs every
Lambda start, even one that never parses mail; here nothing is compiled until a pattern is used.
Hostile input: anyone can send us mail, and a pattern that backtracks turns a long line into
seconds of CPU. Every pattern of the mail modules is written to run in linear time, and each one
also carries the longest input it may look at, so a mistake costs at most a bounded amount. The
mail modules use no `re` function directly (a test checks), only these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

ALL: list[BoundedPattern] = []  # every pattern of the mail modules, for the tests


class BoundedPattern:
    """A lazily compiled pattern that examines at most `limit` characters from where it starts."""

    __slots__ = ("source", "flags", "limit", "_compiled")

    def __init__(self, source: str, flags: int = 0, *, limit: int) -> None:
        self.source, self.flags, self.limit = source, flags, limit
        self._compiled: re.Pattern[str] | None = None
        ALL.append(self)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def _end(self, text: str, pos: int) -> int:
        return min(len(text), pos + self.limit)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos, self._end(text, pos))

    def fullmatch(self, text: str) -> re.Match[str] | None:
        # A longer text cannot be what this pattern describes: no match rather than a partial one.
        return self.compiled.fullmatch(text) if len(text) <= self.limit else None

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos, self._end(text, pos))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, 0, self._end(text, 0))

    def findall(self, text: str) -> list[str]:
        return [m.group(self.compiled.groups and 1) for m in self.finditer(text)]

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        """Replace within the first `limit` characters; the rest is kept as it is."""
        head, tail = text[:self.limit], text[self.limit:]
        return self.compiled.sub(replacement, head) + tail

    def split(self, text: str) -> list[str]:
        """Split the first `limit` characters; the rest stays attached to the last piece."""
        pieces = self.compiled.split(text[:self.limit])
        pieces[-1] += text[self.limit:]
        return pieces


def pattern(source: str, flags: int = 0, *, limit: int) -> BoundedPattern:
    return BoundedPattern(source, flags, limit=limit)
