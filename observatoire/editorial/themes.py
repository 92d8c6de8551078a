"""Editorial themes of a caption from a lexicon of French terms (docs/themes.md).

Pure: `lexicon_compile` turns the lexicon (theme bit, terms, negative terms) into one
regular expression; `themes_of` gives the bit set of a post's themes. Rules:
- text and terms are folded alike (case, accents, apostrophes, hyphens: `text.fold`);
- a term matches whole words; several words match across any spaces (« tour de france »);
- a term ending with `*` matches every word starting with it (« collég* »);
- hashtags count as text, split into their words (#InfoRoute → « info route »), and the
  hashtags of the post that its text does not carry are read too;
- links and @mentions are not read;
- a negative term (« feuille de route ») takes back, for its own theme, the terms it covers:
  « feuille de route » does not put a post in routes et mobilités, but « route barrée »
  elsewhere in the same post still does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .text import HASHTAG_RE, fold, hashtag_words, normalized, strip_links

_MATCH_CACHE_LIMIT = 200_000


def _term_key(term: str) -> tuple[str, bool]:
    """A term as matched: folded, single spaces, and whether it is a prefix (`collég*`)."""
    folded = " ".join(fold(term.strip()).split())
    prefix = folded.endswith("*")
    return folded.rstrip("*").rstrip(), prefix


def _trie_pattern(keys: Iterable[tuple[str, bool]]) -> str:
    """One regular expression matching every key as whole words, written as a trie so that
    the engine tries few branches at each word (fast on 500,000 captions); longer terms are
    tried first. A space matches any run of spaces; a prefix key ends with `\\w*`."""
    root: dict = {}
    for key, prefix in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node["*" if prefix else ""] = True

    def pattern(node: dict) -> str:
        branches = []
        for char in sorted(c for c in node if len(c) == 1 and c != "*"):
            head = r"\s+" if char == " " else re.escape(char)
            branches.append(head + pattern(node[char]))
        if "*" in node:
            branches.append(r"\w*")
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node and branches:
            body = f"(?:{body})?"
        return body if branches else ""

    return pattern(root)


def _compile(keys: list[tuple[str, bool]]) -> re.Pattern[str] | None:
    keys = [(key, prefix) for key, prefix in keys if key]
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + _trie_pattern(keys) + r")(?!\w)")


@dataclass(frozen=True)
class Lexicon:
    """A compiled lexicon, immutable; `revision` is the LexiconRevision it was made from."""

    revision: int
    positive: re.Pattern[str] | None
    negative: re.Pattern[str] | None
    # folded term → ((bit, term as written), …), exact terms and prefixes apart
    exact: dict[str, tuple[tuple[int, str], ...]]
    prefixes: dict[str, tuple[tuple[int, str], ...]]
    prefix_lengths: tuple[int, ...]
    negative_exact: dict[str, tuple[int, ...]]
    negative_prefixes: dict[str, tuple[int, ...]]
    negative_prefix_lengths: tuple[int, ...]
    bits: int  # every theme bit of the lexicon
    negated: int  # the bits of the themes that have negative terms
    # matched text → its bit set: a cache, as matches repeat from post to post
    _masks: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def resolve(self, matched: str) -> tuple[tuple[int, str], ...]:
        """The (bit, term) pairs a piece of folded text matched by `positive` stands for."""
        key = " ".join(matched.split())
        found = self.exact.get(key, ())
        for length in self.prefix_lengths:
            if length <= len(key):
                found += self.prefixes.get(key[:length], ())
        return found

    def mask(self, matched: str) -> int:
        """The bit set of `resolve(matched)`, cached."""
        mask = self._masks.get(matched)
        if mask is None:
            mask = 0
            for bit, _term in self.resolve(matched):
                mask |= 1 << bit
            if len(self._masks) > _MATCH_CACHE_LIMIT:
                self._masks.clear()
            self._masks[matched] = mask
        return mask

    def negative_bits(self, matched: str) -> tuple[int, ...]:
        """The theme bits a piece of folded text matched by `negative` takes back."""
        key = " ".join(matched.split())
        found = self.negative_exact.get(key, ())
        for length in self.negative_prefix_lengths:
            if length <= len(key):
                found += self.negative_prefixes.get(key[:length], ())
        return found


def lexicon_compile(
    *, entries: Iterable[tuple[int, Iterable[str], Iterable[str]]], revision: int
) -> Lexicon:
    """Compile (theme bit, positive terms, negative terms) entries. Blank terms are ignored;
    a term given twice for a theme counts once."""
    exact: dict[str, list[tuple[int, str]]] = {}
    prefixes: dict[str, list[tuple[int, str]]] = {}
    negative_exact: dict[str, list[int]] = {}
    negative_prefixes: dict[str, list[int]] = {}
    positive_keys: set[tuple[str, bool]] = set()
    negative_keys: set[tuple[str, bool]] = set()
    bits = negated = 0
    for bit, positives, negatives in entries:
        if not 0 <= bit <= 62:
            raise ValueError(f"theme bit {bit} out of 0..62")
        bits |= 1 << bit
        for term in positives:
            key, prefix = _term_key(term)
            if not key:
                continue
            target = (prefixes if prefix else exact).setdefault(key, [])
            if all(existing != bit for existing, _ in target):
                target.append((bit, term.strip()))
            positive_keys.add((key, prefix))
        for term in negatives:
            key, prefix = _term_key(term)
            if not key:
                continue
            negated |= 1 << bit
            target_bits = (negative_prefixes if prefix else negative_exact).setdefault(key, [])
            if bit not in target_bits:
                target_bits.append(bit)
            negative_keys.add((key, prefix))
    return Lexicon(
        revision=revision,
        positive=_compile(sorted(positive_keys)),
        negative=_compile(sorted(negative_keys)),
        exact={key: tuple(value) for key, value in exact.items()},
        prefixes={key: tuple(value) for key, value in prefixes.items()},
        prefix_lengths=tuple(sorted({len(key) for key in prefixes}, reverse=True)),
        negative_exact={key: tuple(value) for key, value in negative_exact.items()},
        negative_prefixes={key: tuple(value) for key, value in negative_prefixes.items()},
        negative_prefix_lengths=tuple(sorted({len(key) for key in negative_prefixes})),
        bits=bits,
        negated=negated,
    )


@lru_cache(maxsize=65536)
def _hashtag_text(tag: str) -> str:
    return " " + " ".join(hashtag_words(tag)) + " "


def _hashtag_words(match: re.Match[str]) -> str:
    return _hashtag_text(match.group(1))


def matching_text(text: str, hashtags: Sequence[str] = ()) -> str:
    """What the lexicon reads, folded: the text without links and mentions, each hashtag
    replaced by its words, then the post's hashtags that the text does not carry, one a line."""
    if not text.isascii():
        text = normalized(text)
    text = strip_links(text)
    written = ()
    if "#" in text:
        written = HASHTAG_RE.findall(text)
        text = HASHTAG_RE.sub(_hashtag_words, text)
    if hashtags:
        keys = {tag.casefold() for tag in written}
        extra = [
            _hashtag_text(tag.lstrip("#"))
            for tag in hashtags
            if tag and tag.lstrip("#").casefold() not in keys
        ]
        if extra:
            text = text + "\n" + "\n".join(extra)
    return fold(text)


def _matches(folded: str, lexicon: Lexicon) -> Iterator[tuple[int, str]]:
    """(bit, term) of every match in folded text, but those a negative term of the same theme
    covers."""
    negatives: list[tuple[int, int, int]] = []
    if lexicon.negative is not None:
        for match in lexicon.negative.finditer(folded):
            for bit in lexicon.negative_bits(match.group()):
                negatives.append((bit, match.start(), match.end()))
    for match in lexicon.positive.finditer(folded):
        for bit, term in lexicon.resolve(match.group()):
            if any(
                nbit == bit and start < match.end() and match.start() < end
                for nbit, start, end in negatives
            ):
                continue
            yield bit, term


def themes_of(*, text: str, hashtags: Sequence[str], lexicon: Lexicon) -> int:
    """The bit set of the themes of a post (0: none)."""
    if lexicon.positive is None:
        return 0
    folded = matching_text(text or "", hashtags)
    mask = 0
    for matched in lexicon.positive.findall(folded):
        mask |= lexicon.mask(matched)
    if mask & lexicon.negated and lexicon.negative.search(folded):
        # A negative term is there: read the matches one by one (rare, slower).
        mask = 0
        for bit, _term in _matches(folded, lexicon):
            mask |= 1 << bit
    return mask


def theme_matches(*, text: str, hashtags: Sequence[str], lexicon: Lexicon) -> dict[int, list[str]]:
    """Why a post is in its themes: theme bit → the terms that matched, as written in the
    lexicon, in the order of the text, each once."""
    found: dict[int, list[str]] = {}
    if lexicon.positive is None:
        return found
    for bit, term in _matches(matching_text(text or "", hashtags), lexicon):
        terms = found.setdefault(bit, [])
        if term not in terms:
            terms.append(term)
    return found
