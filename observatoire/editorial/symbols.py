"""Emojis and styled Unicode letters in a caption, for the accessibility audit.

Pure functions on strings, the standard library only: Python's `re` has no Unicode property
classes, so emojis and styled letters are matched with the code point ranges written below
(`Extended_Pictographic` of the Unicode emoji data; the Mathematical Alphanumeric Symbols,
Letterlike, fullwidth and enclosed letters of the Unicode blocks). No dependency is needed."""

from __future__ import annotations

import re
import unicodedata


def may_have_symbols(text: str) -> bool:
    """False when the text can hold no emoji and no styled letter: all its characters come
    before U+20E3 (the keycap mark), which covers Latin, accents and typographic
    punctuation. A quick scan that spares the other checks on most captions."""
    return bool(text) and max(text) >= "\u20e3"


# --- emojis ------------------------------------------------------------------------------

# Extended_Pictographic code points that show as emojis by themselves (Unicode emoji data).
_PICTOGRAPHS = (
    "\u231a-\u231b\u2328\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa"
    "\u2600-\u2605\u2607-\u2612\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716\u271d"
    "\u2721\u2728\u2733-\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757\u2763-\u2767"
    "\u2795-\u2797\u27a1\u27b0\u27bf\u2b1b-\u2b1c\u2b50\u2b55"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f16f"
    "\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5\U0001f201-\U0001f20f\U0001f21a"
    "\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f\U0001f249-\U0001f3fa"
    "\U0001f400-\U0001f53d\U0001f546-\U0001f64f\U0001f680-\U0001f6ff\U0001f774-\U0001f77f"
    "\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f\U0001f848-\U0001f84f\U0001f85a-\U0001f85f"
    "\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff\U0001f90c-\U0001f93a\U0001f93c-\U0001f945"
    "\U0001f947-\U0001faff\U0001fc00-\U0001fffd"
)
# Symbols that are text by default and emojis only when followed by U+FE0F (© ® ™ ↔ ▶ …),
# and the four lettered squares 🅰 🅱 🅾 🅿 (otherwise styled letters).
_TEXT_DEFAULT = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9-\u21aa\u24c2\u25aa-\u25ab"
    "\u25b6\u25c0\u25fb-\u25fe\u2934-\u2935\u2b05-\u2b07\u3030\u303d\u3297\u3299"
    "\U0001f170-\U0001f171\U0001f17e-\U0001f17f"
)
_SKIN = "\U0001f3fb-\U0001f3ff"
_ELEMENT = (
    f"(?:[{_PICTOGRAPHS}](?!\ufe0e)\ufe0f?|[{_TEXT_DEFAULT}]\ufe0f|[{_SKIN}])"
    f"[{_SKIN}]?[\U000e0020-\U000e007f]*"
)
EMOJI_RE = re.compile(
    "[\U0001f1e6-\U0001f1ff]{1,2}"  # a flag is two regional indicators
    "|[0-9#*]\ufe0f?\u20e3"  # keycaps
    f"|{_ELEMENT}(?:\u200d{_ELEMENT})*"  # ZWJ sequences: one emoji
)
EMOJI_RUN_RE = re.compile(f"(?:{EMOJI_RE.pattern})(?:[ \t\ufe0f]*(?:{EMOJI_RE.pattern}))*")
# A few wide ranges holding every character an emoji can start with (keycaps apart): scanned
# fast, they tell where to try the full pattern, which has no quick first test of its own.
_EMOJI_FIRST_RE = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001fffd]"
)


def emoji_runs(text: str) -> list[re.Match[str]]:
    """The runs of emojis of a text (emojis with only spaces between them), in order."""
    if not may_have_symbols(text):
        return []
    if "\u20e3" in text:  # a keycap starts with a digit: read every position
        return list(EMOJI_RUN_RE.finditer(text))
    runs = []
    position = 0
    while candidate := _EMOJI_FIRST_RE.search(text, position):
        run = EMOJI_RUN_RE.match(text, candidate.start())
        if run:
            runs.append(run)
            position = run.end()
        else:  # a text-default symbol without its emoji selector
            position = candidate.end()
    return runs


def emoji_replaces_word(text: str, start: int, end: int) -> bool:
    """Whether the emojis at text[start:end] stand inside a sentence, between a word and a
    word in lower case on the same line (« Je ❤️ le Gers », « rendez-vous 📍 place du marché »)."""
    before = text[:start].rstrip(" \t\ufe0f")
    after = text[end:].lstrip(" \t\ufe0f")
    return bool(
        before
        and after
        and (before[-1].isalnum() or before[-1] in "'’,")
        and after[0].isalpha()
        and after[0].islower()
    )


def emojis_in(text: str) -> list[str]:
    """The emojis of a text, one per visible emoji: a flag, a keycap, a family joined by
    ZWJ, a thumb with its skin tone each count once."""
    return [emoji for run in emoji_runs(text) for emoji in EMOJI_RE.findall(run.group())]


# --- styled letters ----------------------------------------------------------------------

# Mathematical bold, italic, script, fraktur, double-struck, sans-serif, monospace letters and
# digits; their holes in Letterlike Symbols (ℎ ℬ ℭ …); fullwidth letters and digits; circled,
# squared and parenthesised letters. All map back to plain letters under NFKC.
_STYLED = (
    "\U0001d400-\U0001d7ff"
    "\u210a-\u2113\u2115\u2119-\u211d\u2124\u2128\u212c-\u212d\u212f-\u2131\u2133-\u2134"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\u249c-\u24e9"
    "\U0001f110-\U0001f129\U0001f130-\U0001f149\U0001f150-\U0001f169\U0001f170-\U0001f189"
)
STYLED_RE = re.compile(f"[{_STYLED}]")
# A run of styled text: styled letters with the spaces, punctuation and accented letters
# between them (generators leave « ê » plain: « 𝗙ê𝘁𝗲 » is one word).
_INSIDE = "\\s'’,.!?:;\\-\u00c0-\u00ff\u0152\u0153\u0300-\u036f"
STYLED_RUN_RE = re.compile(f"[{_STYLED}](?:[{_STYLED}{_INSIDE}]*[{_STYLED}])?")


def styled_letters(text: str) -> int:
    """How many letters of the text are written in styled Unicode (𝐠𝐫𝐚𝐬, 𝘪𝘵𝘢𝘭𝘪𝘲𝘶𝘦, 𝓼𝓬𝓻𝓲𝓹𝓽,
    ｆｕｌｌｗｉｄｔｈ, Ⓒⓘⓡⓒⓛⓔⓢ …): screen readers spell them out or skip them."""
    if not may_have_symbols(text):
        return 0
    return len(STYLED_RE.findall(text))


def unstyled(text: str) -> str:
    """The text with its styled letters back to plain ones (« 𝐍𝐨𝐮𝐯𝐞𝐚𝐮 » → « Nouveau »)."""

    def plain(char: str) -> str:
        code = ord(char)
        for start in (0x1F130, 0x1F150, 0x1F170):
            if start <= code < start + 26:
                return chr(ord("A") + code - start)
        if 0x249C <= code <= 0x24B5:  # ⒜: NFKC gives « (a) »
            return chr(ord("a") + code - 0x249C)
        return unicodedata.normalize("NFKC", char)

    if text.isascii():
        return text
    return STYLED_RE.sub(lambda m: plain(m.group()), text)


_STYLED_FIRST_RE = re.compile(
    "[\u210a-\u24e9\uff10-\uff5a\U0001d400-\U0001d7ff\U0001f110-\U0001f189]"
)


def styled_runs(text: str) -> list[str]:
    """The passages of a text written in styled letters, as written."""
    if not may_have_symbols(text):
        return []
    runs = []
    position = 0
    while candidate := _STYLED_FIRST_RE.search(text, position):
        run = STYLED_RUN_RE.match(text, candidate.start())
        if run:
            runs.append(run.group())
            position = run.end()
        else:
            position = candidate.end()
    return runs
