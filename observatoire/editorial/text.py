"""Reading a caption as the classifier and the audit need it: folding (case, accents,
apostrophes), words, links and mentions, hashtags and the words they are made of.

Pure functions on strings, no ORM, the standard library only. Emojis and styled letters are
symbols.py's."""

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
# A hashtag: # then letters, digits, _ (accents included), at least one letter, and not
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


@lru_cache(maxsize=65536)
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
