"""Text normalisation at the input boundary, and same-length match forms.

Two kinds of functions live here:

* :func:`normalize_input` runs once, when a document enters ``content/``. It returns
  NFC text with Windows line ends folded and the look-alike ``Ð`` (U+00D0, Icelandic eth)
  read as ``Đ`` (U+0110). Everything after import works on that stored text.
* :func:`match_form` and :func:`ascii_fold` return strings **of the same length** as their
  input, so a regex run over them gives offsets that are valid in the stored text.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that OCR and old fonts put where Vietnamese "Đ/đ" belongs.
_DD_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})

# Old-style tone placement ("hoà", "thuỷ", "khoẻ") against the new style ("hòa", "thủy",
# "khỏe"). They differ only in an open syllable: "oa", "oe", "uy" with nothing after them.
# Both spellings are two code points in NFC, so swapping them keeps every offset.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONED_A = "àáảãạÀÁẢÃẠ"
_TONED_E = "èéẻẽẹÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
# "o" + toned a/e, or "u" + toned y, not after "q" ("quý", "quà": after q the u is part of
# the consonant, not a vowel pair), in an open syllable (no letter follows). The pattern
# starts with a character class so that the regex engine skips to the next o/u at C speed
# (a pattern that starts with a lookbehind is tried at every position, ten times slower);
# the "not after q" test and the vowel pairing are lookbehinds after the two letters.
_OLD_TONE = re.compile(
    rf"[oOuU][{_TONED_A}{_TONED_E}{_TONED_Y}]"
    rf"(?<![qQ]..)(?<![oO][{_TONED_Y}])(?<![uU][{_TONED_A}{_TONED_E}])"
    r"(?![^\W\d_])"
)


def _move_tone(match: re.Match[str]) -> str:
    pair = match.group(0)
    first, second = pair[0], pair[1]
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(m for m in marks if m in _TONE_MARKS)
    other = "".join(m for m in marks if m not in _TONE_MARKS)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", base + other)


def normalize_input(text: str) -> str:
    """Normalise text as it enters the corpus: NFC, ``\\n`` line ends, ``Đ`` for ``Ð``.

    A leading byte-order mark is removed. Old-style tone placement is kept as printed
    (it is the document's spelling); :func:`match_form` unifies it for matching.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_DD_LOOKALIKES)


def unify_tones(text: str) -> str:
    """Rewrite old-style tone placement to the new style; the result has the same length."""
    return _OLD_TONE.sub(_move_tone, text)


def match_form(text: str) -> str:
    """Lower-case, new-style tones, same length as ``text``: the form regexes run on."""
    out = [c.lower() if len(c.lower()) == 1 else c for c in unify_tones(text)]
    return "".join(out)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    if ord(char) < 128:
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if ord(base) < 128 else char


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def ascii_fold(text: str) -> str:
    """Remove Vietnamese diacritics (``Đồng Tháp`` → ``Dong Thap``), same length."""
    return text.translate(_FOLD_TABLE)


def fold_key(text: str) -> str:
    """A comparison key: diacritics and case folded, runs of white space collapsed."""
    return " ".join(ascii_fold(unify_tones(text)).lower().split())


def slugify(text: str) -> str:
    """An ASCII slug for file names and IRIs: ``33/CT-TTg`` → ``33-ct-ttg``."""
    folded = ascii_fold(unicodedata.normalize("NFC", text)).lower()
    folded = folded.replace("&", "-")
    return re.sub(r"[^a-z0-9.]+", "-", folded).strip("-.") or "x"
