"""Reading a caption as the classifier and the audit need it: folding (case, accents,
apostrophes), words, hashtags, mentions and links, emojis, styled Unicode letters.

Pure functions on strings, no ORM; the standard library only (`re`, `unicodedata`): Python's
`re` has no Unicode property classes, so emojis and styled letters are matched with the code
point ranges written below (Unicode 15 emoji data, `Extended_Pictographic`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import french_words, lexicon_default

# --- folding -----------------------------------------------------------------------------


_COMBINING = re.compile("[\u0300-\u036f]+")
# After NFKD and casefold: typographic apostrophes to ', ligatures to letters, dashes to spaces.
_REPLACEMENTS = (
    ("’", "'"),
    ("‘", "'"),
    ("ʼ", "'"),
    ("′", "'"),
    ("œ", "oe"),
    ("æ", "ae"),
    ("‐", " "),
    ("–", " "),
    ("—", " "),
)


def fold(text: str) -> str:
    """Case, accents and apostrophes folded as matching needs them: « Collège d’Auch » →
    « college d'auch »; hyphens and underscores become spaces (« Saône-et-Loire » → « saone et
    loire »); styled and fullwidth letters become plain ones (NFKD: « 𝐂𝐫𝐮𝐞 » → « crue »).
    Decomposed accents (as typed on a Mac) are removed like composed ones."""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text.replace("´", "'")).casefold()
        text = _COMBINING.sub("", text)
        if not text.isascii():
            for old, new in _REPLACEMENTS:
                text = text.replace(old, new)
    return text.replace("-", " ").replace("_", " ").replace("`", "'")


def fold_key(text: str) -> str:
    """The key of a hashtag or a word compared case- and accent-insensitively, without
    spaces: « #FêteDeLaMusique » → « fetedelamusique »."""
    return fold(text.lstrip("#")).replace(" ", "")


# --- links, mentions, hashtags, words ---------------------------------------------------

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
MENTION_RE = re.compile(r"(?<![\w.@])@\w[\w.]*(?:@[\w-]+(?:\.[\w-]+)+)?")
# A hashtag: # then letters, digits, _ (accents included), at least one not a digit, and not
# glued to a word (« page#ancre », « C# »), nor an HTML entity (&#39;) nor a URL's fragment
# (…/page#top). The # comes first so that the engine jumps from # to # (as core.values does).
HASHTAG_RE = re.compile(r"#(?<![\w&/#]#)(\w*[^\W\d_]\w*)")
WORD_RE = re.compile(r"\w+(?:'\w+)*")


def normalized(text: str) -> str:
    """NFC form (a « é » typed as « e » + accent becomes one letter), quick when it already is."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def hashtags_in(text: str) -> list[str]:
    """The hashtags of a text as written, without « # », in order, links left out:
    « Rentrée au #Collège ! #Gers32 #JEP2025 » → ['Collège', 'Gers32', 'JEP2025']."""
    if "#" not in text:
        return []
    if not text.isascii():
        text = normalized(text)
    if "://" in text or "www." in text:
        text = URL_RE.sub(" ", text)
    return HASHTAG_RE.findall(text)


def strip_links(text: str) -> str:
    """The text without its links and @mentions (a URL or a handle is not what a post says)."""
    if "://" in text or "www." in text or "WWW." in text:
        text = URL_RE.sub(" ", text)
    if "@" in text:
        text = MENTION_RE.sub(" ", text)
    return text


def words(text: str) -> list[str]:
    """Folded words of a text, links and mentions left out, apostrophes kept inside a word:
    « L’été à Auch ! » → ["l'ete", 'a', 'auch']."""
    return WORD_RE.findall(fold(strip_links(text)))


# --- hashtags split into words -----------------------------------------------------------


def _word_list() -> frozenset[str]:
    """french_words and the words of the default lexicon's terms, folded; a compound of
    french_words (« rendez-vous », « aujourd'hui ») counts as one word, without its parts."""
    words = {fold(token).replace("'", "").replace(" ", "") for token in french_words.RAW.split()}
    for theme in lexicon_default.THEMES:
        for term in (*theme.terms, *theme.negatives):
            if "*" not in term:
                words.update(fold(term).replace("'", " ").split())
    return frozenset(word for word in words if word.isalpha())


WORDS = _word_list()

_ELISIONS = frozenset({"l", "d", "j", "qu"})
_VOWELS = frozenset("aeiouyh")
_UNKNOWN = 1000  # no split reaches this position


def _known(piece: str) -> bool:
    """A word of the list, or its plural or feminine when it has four letters or more
    (« unes » is not taken for « une » + s: « jeunesse » is not « je unes se »)."""
    if piece in WORDS:
        return True
    for suffix in ("s", "x", "e", "es"):
        base = piece[: -len(suffix)]
        if piece.endswith(suffix) and len(base) >= 4 and base in WORDS:
            return True
    return False


# Pieces of one or two letters allowed in a split (« l », « d », « j », « qu » only before a
# vowel: « jaime » = j'aime, « villedauch » = ville d'Auch), and short function words that do
# not count as the words that make a hashtag worth cutting.
_SMALL = frozenset({"le", "la", "de", "du", "un", "en", "et", "au", "on", "ma", "sa", "ce"})
_SMALL |= frozenset({"il", "je"})
_FUNCTION = frozenset(
    {"les", "des", "une", "aux", "mes", "tes", "ses", "ces", "son", "mon", "ton", "nos", "vos"}
) | frozenset({"qui", "que", "tant", "elle", "elles"})


def _confident(pieces: list[str]) -> bool:
    """Whether a split into known words is sure enough to tell a community manager: a word
    we do not know may read as short known words (« présence » = près + en + ce). It needs two
    words of three letters or more, one of four, beside articles and prepositions (« don du
    sang », « le bonheur est dans le »), or « on » and a word of five (« on recrute »)."""
    content = [piece for piece in pieces if len(piece) >= 3 and piece not in _FUNCTION]
    if len(content) >= 2 and max(len(piece) for piece in content) >= 4:
        return True
    return len(pieces) == 2 and pieces[0] == "on" and len(pieces[1]) >= 5


@lru_cache(maxsize=65536)
def segment(chunk: str) -> tuple[str, ...]:
    """A run of letters of one case split into French words: every piece is a known word
    (`WORDS`, plurals and feminines included; of two letters, one of `_SMALL`) or an elided
    « l », « d », « j », « qu » before a vowel, the split has the fewest pieces and is sure
    enough (`_confident`);
    otherwise the run itself. « lebonheurestdansle » → ('le', 'bonheur', 'est', 'dans', 'le');
    « mediatheque » → ('mediatheque',); « commentaire » → ('commentaire',)."""
    folded = [fold(char) for char in chunk]
    lower = "".join(folded)
    n = len(lower)
    if n < 8 or n > 60 or not lower.isalpha() or _known(lower):
        return (chunk,)
    best: list[tuple[int, int]] = [(0, 0)] + [(_UNKNOWN, 0)] * n  # (pieces, start of last)
    for end in range(1, n + 1):
        for start in range(max(0, end - 25), end):
            cost = best[start][0]
            if cost >= _UNKNOWN or cost + 1 >= best[end][0]:
                continue
            piece = lower[start:end]
            if len(piece) == 1 or piece == "qu":
                if piece not in _ELISIONS or end == n or lower[end] not in _VOWELS:
                    continue
            elif len(piece) == 2:
                if piece not in _SMALL:
                    continue
            elif not _known(piece):
                continue
            best[end] = (cost + 1, start)
    if best[n][0] >= _UNKNOWN:
        return (chunk,)
    bounds = []
    end = n
    while end > 0:
        start = best[end][1]
        bounds.append((start, end))
        end = start
    bounds.reverse()
    if not _confident([lower[start:end] for start, end in bounds]):
        return (chunk,)
    # Back to the characters as written (a folded « œ » is two letters).
    offsets = [0]
    for piece in folded:
        offsets.append(offsets[-1] + len(piece))
    original = {offset: index for index, offset in enumerate(offsets)}
    if any(start not in original or end not in original for start, end in bounds):
        return (chunk,)
    return tuple(chunk[original[start] : original[end]] for start, end in bounds)


def _runs(tag: str) -> list[str]:
    """A hashtag cut where its case or its kind of character changes: letters, digits,
    « _ ». « GersLeDépartement » → ['Gers', 'Le', 'Département'], « JEPrentrée2025 » →
    ['JEP', 'rentrée', '2025'], « covid19gers » → ['covid', '19', 'gers']."""
    runs: list[str] = []
    current = ""
    for index, char in enumerate(tag):
        previous = current[-1:] or char
        split = bool(current) and (
            char == "_"
            or previous == "_"
            or char.isdigit() != previous.isdigit()
            or (char.isupper() and previous.islower())
            # « JEPRentrée »: the last capital before small letters starts the next word
            or (
                char.isupper()
                and previous.isupper()
                and index + 1 < len(tag)
                and tag[index + 1].islower()
            )
        )
        if split:
            runs.append(current)
            current = char
        else:
            current += char
    if current:
        runs.append(current)
    return [run for run in runs if run != "_"]


@lru_cache(maxsize=65536)
def hashtag_words(tag: str) -> tuple[str, ...]:
    """The words of a hashtag (without « # »), as written: by capitals and digits, then runs of
    one case split with the French word list. « FêteDeLaMusique » → ('Fête', 'De', 'La',
    'Musique'); « lebonheurestdansleGers » → ('le', 'bonheur', 'est', 'dans', 'le', 'Gers');
    « covid19gers » → ('covid', '19', 'gers')."""
    tag = tag.lstrip("#")
    result: list[str] = []
    for run in _runs(tag):
        if run.isalpha() and (run.islower() or run.isupper()):
            result.extend(segment(run))
        else:
            result.append(run)
    return tuple(result)


# Letters after a number that belong to it: « 1er », « 2e », « 3ème », « 18h30 », « 10km ».
_NUMBER_SUFFIXES = frozenset(
    ("er", "ere", "re", "e", "eme", "ieme", "nd", "nde", "d", "h", "min", "km", "m", "kg")
)


@lru_cache(maxsize=65536)
def needs_camel_case(tag: str) -> bool:
    """Whether a hashtag made of several words hides them: a run of letters in one case that
    splits into several French words (« lebonheurestdansle », « TOURISMEGERS »), or words
    glued on both sides of a number without a capital (« covid19gers »). One word, an
    acronym, a word and a number (« JEP2025 », « 1erMai ») or CamelCase pass."""
    runs = _runs(tag.lstrip("#"))
    letters_before = False
    for index, run in enumerate(runs):
        if not run.isalpha():
            continue
        if (run.islower() or run.isupper()) and len(segment(run)) > 1:
            return True
        after_number = index > 0 and runs[index - 1].isdigit()
        if (
            after_number
            and letters_before
            and run[0].islower()
            and fold(run) not in _NUMBER_SUFFIXES
        ):
            return True
        letters_before = True
    return False


def camel_case(tag: str) -> str:
    """A hashtag rewritten in CamelCase from its words: « lebonheurestdansleGers » →
    « LeBonheurEstDansLeGers », « TOURISMEGERS » → « TourismeGers »; an acronym of one piece
    and the letters after a number are kept (« JEP2025 », « 1erMai »)."""
    out: list[str] = []
    for run in _runs(tag.lstrip("#")):
        pieces = segment(run) if run.isalpha() and (run.islower() or run.isupper()) else (run,)
        for piece in pieces:
            acronym = len(pieces) == 1 and piece.isupper() and len(piece) > 1
            if acronym or (out and out[-1].isdigit() and fold(piece) in _NUMBER_SUFFIXES):
                out.append(piece)
            elif len(pieces) > 1 and piece.isupper():
                out.append(piece[:1] + piece[1:].lower())
            else:
                out.append(piece[:1].upper() + piece[1:])
    return "".join(out)


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


def may_have_symbols(text: str) -> bool:
    """False when the text can hold no emoji and no styled letter: all its characters come
    before U+20E3 (the keycap mark), which covers Latin, accents and typographic
    punctuation. A quick scan that spares the other checks on most captions."""
    return bool(text) and max(text) >= "\u20e3"


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
# A run of styled text: styled letters with the spaces and punctuation between them.
STYLED_RUN_RE = re.compile(f"[{_STYLED}](?:[{_STYLED}\\s'’,.!?:;-]*[{_STYLED}])?")


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
