"""Bytes of mail text to str, whatever charset the mail claims.

Real mail lies: Polish text in windows-1250 declared as UTF-8 or as ISO-8859-2 (they differ in
the very letters Polish needs: ą ś ź Ą Ś Ź), 8-bit text with no charset, UTF-8 encoded twice.
The declared charset is used when its decoding is plausible; otherwise the two Central European
code pages are compared by how Polish the text reads (this desk's customers write Polish, and a
statistical detector is unreliable between those two on a short mail), and only then is
charset-normalizer asked (imported here only: it costs 80 ms to load). The raw mail stays in
S3, so a wrong guess loses nothing.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.mail.bounded import BoundedPattern, pattern

MAX_TEXT = 4_000_000  # characters checked for plausibility; a longer text is judged on its start
_SAMPLE = 262_144  # characters (bytes) counted one by one in Python for a guess
_CE = ("cp1250", "iso8859-2")
_C1_TWINS = {"iso8859-1": "cp1252", "iso8859-2": "cp1250"}  # C1 controls are never text
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_DETECT_MIN = 32  # non-ASCII bytes below which a statistical guess is noise
_SYMBOLS = "\u00a1-\u00b6\u00b8-\u00bf\u02c7\u02d8-\u02dd"  # Latin-1 symbols, spacing accents; not "·"
# A symbol between two letters ("b³¹d", "bł±d") is a code page mix-up, in any language.
_WEDGED = pattern(rf"[^\W\d_][{_SYMBOLS}]+(?=[^\W\d_])", limit=MAX_TEXT)
_C1 = pattern(r"[\u0080-\u009f\ufffd]", limit=MAX_TEXT)


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # the codec used
    guessed: bool  # True when it is not the declared one


def decode_bytes(data: bytes, charset: str | None) -> str:
    return decode_text(data, charset).text


def decode_text(data: bytes, charset: str | None) -> Decoded:
    declared = codec_name(charset)
    if declared and declared.startswith(("utf-16", "utf-32")):
        return Decoded(data.decode(declared, "replace"), declared, False)
    if declared is None and (wide := _utf16(data)):
        return Decoded(data.decode(wide, "replace"), wide, True)
    if data.isascii():
        return Decoded(_strict(data, declared or "ascii") or data.decode("ascii"), declared or "ascii", False)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:  # valid non-ASCII UTF-8 is almost never legacy text, mislabelled UTF-8 is common
        return Decoded(repair_mojibake(utf8), "utf-8", declared not in (None, "utf-8"))
    text = _strict(data, declared) if declared and declared != "utf-8" else None
    if declared and text is not None and declared not in _CE and plausible(text):
        return Decoded(text, declared, False)
    return _fallback(data, declared, text)


def _fallback(data: bytes, declared: str | None, text: str | None) -> Decoded:
    best = _central_european(data, declared)
    if best:
        return best
    if declared in _CE and text is not None and plausible(text):
        return Decoded(text, declared, False)  # Czech, Slovak, German... in the code page it claims
    twin = _C1_TWINS.get(declared or "")
    text = _strict(data, twin) if twin else None
    if twin and text is not None and plausible(text):
        return Decoded(text, twin, True)
    if _mostly_utf8(data):  # a UTF-8 text with a few broken bytes
        return Decoded(data.decode("utf-8", "replace"), "utf-8", declared not in (None, "utf-8"))
    guess = _detect(data)
    if guess:
        return guess
    fallback = declared or "cp1250"  # undeclared 8-bit text: most likely a Polish Windows program
    return Decoded(data.decode(fallback, "replace"), fallback, fallback != declared)


def codec_name(charset: str | None) -> str | None:
    """A usable text codec; None for unknown ones and for ASCII."""
    if not charset:
        return None
    try:
        name = codecs.lookup(str(charset).strip().strip('"').strip()[:64]).name
        b"a".decode(name, "ignore")  # "rot13", "hex" are codecs, not text encodings
    except (LookupError, TypeError, ValueError):
        return None  # "x-unknown", "unknown-8bit", garbage
    return None if name == "ascii" else name


def _strict(data: bytes, codec: str | None) -> str | None:
    try:
        return data.decode(codec or "ascii")
    except (UnicodeError, LookupError):
        return None


def plausible(text: str) -> bool:
    """No control characters from the C1 range, no replacement characters, no symbol wedged between
    letters, no double-encoded UTF-8."""
    return not (_C1.search(text) or _WEDGED.search(text) or _mojibake().search(text))


def polish_score(text: str) -> int:
    """How Polish a decoding reads: its Polish letters, or -1 when it has anything that no Polish
    text in the right code page has (other diacritics, C1 controls, wedged symbols)."""
    if not plausible(text):
        return -1
    letters = 0
    for char in text:
        if char in _POLISH:
            letters += 1
        elif char >= "\u00c0" and char.isalpha() and char not in "äöüßéÄÖÜÉ":
            return -1  # German and French words turn up in Polish mail; Czech or Slovak letters don't
    return letters


def _central_european(data: bytes, declared: str | None) -> Decoded | None:
    order = [declared] if declared in _CE else []
    order += [codec for codec in _CE if codec not in order]  # ties go to the declared one, then cp1250
    scored = []
    for codec in order:
        text = _strict(data, codec)
        if text is not None:
            scored.append((polish_score(text[:_SAMPLE]), text, codec))
    best = max(scored, key=lambda item: item[0], default=None)  # max() keeps the first of equals
    if best is None or best[0] <= 0:
        return None
    return Decoded(best[1], best[2], best[2] != declared)


def _mostly_utf8(data: bytes) -> bool:
    text = data[:_SAMPLE].decode("utf-8", "replace")
    broken = text.count("\ufffd")
    return sum(1 for char in text if char > "\x7f") > 2 * broken


def _utf16(data: bytes) -> str | None:
    """UTF-16 without a declaration (a BOM, or NUL in every other byte of ASCII-range text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    half = len(sample) // 2
    for offset, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        # Latin text: the high byte of most characters is 0 (1 for Polish letters), the low never.
        if sample[offset::2].count(0) > 0.6 * half and sample[1 - offset::2].count(0) < 0.1 * half:
            return name
    return None


def _detect(data: bytes) -> Decoded | None:
    if sum(1 for byte in data[:65536] if byte > 0x7F) < _DETECT_MIN:
        return None
    from charset_normalizer import from_bytes  # the fallback path only

    match = from_bytes(data[:65536]).best()
    if match is None or not match.encoding:
        return None
    text = _strict(data, match.encoding)
    return Decoded(text, match.encoding, True) if text is not None and plausible(text) else None


@lru_cache(maxsize=1)
def _continuations() -> str:
    """What bytes 0x80-0xBF (UTF-8 continuation bytes) look like when read as windows-1250/1252."""
    chars = {c for codec in ("cp1250", "cp1252", "latin-1") for c in bytes(range(0x80, 0xC0)).decode(codec, "ignore")}
    return "".join(sorted(chars))


@lru_cache(maxsize=1)
def _mojibake() -> BoundedPattern:
    # UTF-8 lead bytes 0xC2-0xC5 (Latin-1 and Latin Extended-A, which hold every Polish letter)
    # and 0xE2 (punctuation) read as windows-1250/1252, followed by continuation bytes.
    cont = "".join(f"\\u{ord(c):04x}" for c in _continuations())
    return pattern(f"(?:[\u00c2\u00c3\u00c4\u00c5\u0102\u0139][{cont}]|\u00e2[{cont}]{{2}})+", limit=MAX_TEXT)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as windows-1250/1252 and encoded again ("Ä…" for "ą"). Only when
    the text has no correct Polish letter: someone who writes "ą" and "Ä…" is quoting mojibake."""
    if not _mojibake().search(text) or not _POLISH.isdisjoint(_mojibake().sub("", text)):
        return text
    return _mojibake().sub(_repair_run, text)


def _repair_run(match: object) -> str:
    run: str = match.group()  # type: ignore[attr-defined]
    for codec in ("cp1252", "cp1250", "latin-1"):
        try:
            fixed = run.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if all(unicodedata.category(c)[0] in "LPZS" for c in fixed):
            return fixed
    return run
