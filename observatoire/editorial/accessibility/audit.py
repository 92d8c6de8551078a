"""The accessibility audit of one post: which rules it breaks, which could not be checked,
its score and the fixes to make (docs/accessibility.md).

Score = 100 × Σ weight × passed share ÷ Σ weight, over the rules that could be checked on
the post, rounded half up; None when none could be (no text, no image whose alternative the
network tells, no video whose subtitles it tells). The image rule counts the share of the
checkable images that have an alternative; every other rule passes or fails whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from .. import symbols
from .. import text as textlib
from .rules import (
    EMOJI_COUNT,
    EMOJI_START,
    EMOJI_WORD,
    HASHTAG_CAMEL_CASE,
    IMAGE_ALT,
    LINKS_IN_MIDDLE,
    RULES,
    RULES_BY_CODE,
    RULES_VERSION,
    STYLED_TEXT,
    TEXT_RULES,
    VIDEO_SUBTITLES,
    Rule,
)

__all__ = ["RULES", "RULES_BY_CODE", "RULES_VERSION", "AuditInput", "AuditResult", "Fix", "audit"]

MAX_EMOJIS = 3  # more than three emojis in a post fail EMOJI_COUNT
MIN_STYLED = 2  # styled letters in a row that fail STYLED_TEXT (one alone is a symbol: ℝ, ℓ)
PILE = 2  # hashtags or links in a row make a pile; it is in the middle of the text when
WORDS_ON_ITS_LINE = 2  # at least two words follow it on its line (the sentence goes on)
WORDS_AFTER = 4  # or at least four words follow it in all (not a signature « 📸 Claire D. »)
VIDEO_FORMATS = frozenset({"video", "reel"})
VIDEO_NETWORKS = frozenset({"youtube", "tiktok"})
_FRAGMENT = 60  # characters of a post quoted in a fix


@dataclass(frozen=True, slots=True)
class AuditInput:
    network: str
    media_type: str
    text: str
    hashtags: tuple[str, ...]
    image_count: int
    # Alternatives of the images the network describes, in order; "" = no alternative.
    # Fewer than image_count: the others cannot be checked.
    images: tuple[str, ...]
    subtitles: bool | None


@dataclass(frozen=True, slots=True)
class Fix:
    """What to change for one rule. `detail` is read in the active language: the message is
    kept untranslated with its values (fragments of the post: data, escaped where shown), so
    auditing 500,000 posts costs no translation."""

    rule: str  # Rule.code
    message: str  # French msgid (gettext_noop), formatted with params
    params: tuple[tuple[str, str | int], ...] = ()

    @property
    def detail(self) -> str:
        return gettext(self.message) % dict(self.params)


def _fix(rule: Rule, message: str, **params: str | int) -> Fix:
    return Fix(rule.code, message, tuple(params.items()))


@dataclass(frozen=True, slots=True)
class AuditResult:
    score: int | None
    failed: int  # bit set of the rules broken
    unverifiable: int  # bit set of the rules that could not be checked
    images: int
    images_without_alt: int
    images_unverifiable: int
    fixes: tuple[Fix, ...]


def _quote(fragment: str) -> str:
    fragment = " ".join(fragment.split())
    return fragment if len(fragment) <= _FRAGMENT else fragment[: _FRAGMENT - 1] + "…"


# --- text checks: each returns its fixes (none = passed) ---------------------------------


def _hashtag_fixes(text: str, hashtags: tuple[str, ...]) -> list[Fix]:
    fixes: list[Fix] = []
    tags = [*textlib.hashtags_in(text), *hashtags] if "#" in text else hashtags
    for tag in tags:
        if textlib.needs_camel_case(tag):
            tag = tag.lstrip("#")
            if all(dict(fix.params)["tag"].casefold() != tag.casefold() for fix in fixes):
                fixes.append(
                    _fix(
                        HASHTAG_CAMEL_CASE,
                        gettext_noop("Écrire #%(camel)s au lieu de #%(tag)s."),
                        camel=textlib.camel_case(tag),
                        tag=tag,
                    )
                )
    return fixes


def _line_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : len(text) if line_end < 0 else line_end]


def _emoji_fixes(text: str) -> list[Fix]:
    runs = symbols.emoji_runs(text)
    if not runs:
        return []
    fixes = []
    count = sum(len(symbols.EMOJI_RE.findall(run.group())) for run in runs)
    if count > MAX_EMOJIS:
        fixes.append(
            _fix(
                EMOJI_COUNT,
                gettext_noop(
                    "%(count)s émojis : en garder %(max)s au plus, placés à la fin du message."
                ),
                count=count,
                max=MAX_EMOJIS,
            )
        )
    if not text[: runs[0].start()].strip():
        fixes.append(
            _fix(
                EMOJI_START,
                gettext_noop("Commencer par le texte : placer « %(emoji)s » après le message."),
                emoji=runs[0].group().strip(),
            )
        )
    for run in runs:
        if symbols.emoji_replaces_word(text, run.start(), run.end()):
            fixes.append(
                _fix(
                    EMOJI_WORD,
                    gettext_noop("Écrire un mot à la place de « %(emoji)s » dans « %(line)s »."),
                    emoji=run.group().strip(),
                    line=_quote(_line_around(text, run.start(), run.end())),
                )
            )
            break
    return fixes


def _styled_fixes(text: str) -> list[Fix]:
    runs = [
        run
        for run in symbols.styled_runs(text)
        if len(symbols.STYLED_RE.findall(run)) >= MIN_STYLED
    ]
    return [
        _fix(
            STYLED_TEXT,
            gettext_noop("Écrire « %(plain)s » en lettres ordinaires."),
            plain=_quote(symbols.unstyled(run)),
        )
        for run in runs[:3]
    ]


_PILE_ITEM = rf"(?:{textlib.URL_RE.pattern}|#(?<![\w&/#]#)\w+)"
_SEPARATOR = r"[\s,;·|/.•-]*"
# Hashtags and links in a row, with only spaces, punctuation or @mentions between them.
_PILE_RE = re.compile(
    rf"{_PILE_ITEM}(?:{_SEPARATOR}(?:{textlib.MENTION_RE.pattern}{_SEPARATOR})*{_PILE_ITEM})+",
    re.IGNORECASE,
)
_PILE_ITEM_RE = re.compile(_PILE_ITEM, re.IGNORECASE)


def _words(text: str) -> int:
    """Words of text, its hashtags, links and mentions left out."""
    if "#" in text or "@" in text or "://" in text or "www." in text:
        text = textlib.HASHTAG_RE.sub(" ", textlib.strip_links(text))
    return len(textlib.WORD_RE.findall(text))


def _pile_fixes(text: str) -> list[Fix]:
    if text.count("#") + text.count("://") + text.count("www.") < PILE:
        return []
    for pile in _PILE_RE.finditer(text):
        rest = text[pile.end() :]
        if not rest or rest.isspace():
            break
        line = rest.partition("\n")[0]
        if _words(line) >= WORDS_ON_ITS_LINE or _words(rest) >= WORDS_AFTER:
            items = _PILE_ITEM_RE.findall(pile.group())
            return [
                _fix(
                    LINKS_IN_MIDDLE,
                    gettext_noop("Placer %(items)s à la fin du message."),
                    items=_quote(" ".join(items)),
                )
            ]
    return []


def _text_fixes(text: str, hashtags: tuple[str, ...]) -> list[Fix]:
    fixes = _hashtag_fixes(text, hashtags) + _emoji_fixes(text)
    return fixes + _styled_fixes(text) + _pile_fixes(text)


# --- the audit ---------------------------------------------------------------------------

_TEXT_WEIGHT = sum(rule.weight for rule in TEXT_RULES)
_TEXT_RULES = {rule.code: (rule.mask, rule.weight) for rule in TEXT_RULES}


def audit(post: AuditInput) -> AuditResult:
    """Check one post against every rule (rules.RULES)."""
    failed = unverifiable = 0
    weight_checked = 0
    weight_passed = 0.0
    fixes: list[Fix] = []

    image_count = max(post.image_count, len(post.images))
    without_alt = [index for index, alt in enumerate(post.images) if not alt.strip()]
    images_unverifiable = image_count - len(post.images)
    if image_count:
        if post.images:
            weight_checked += IMAGE_ALT.weight
            described = len(post.images) - len(without_alt)
            weight_passed += IMAGE_ALT.weight * described / len(post.images)
        if without_alt:
            failed |= IMAGE_ALT.mask
            fixes.extend(
                _fix(
                    IMAGE_ALT,
                    gettext_noop(
                        "Image %(index)s sur %(count)s : ajouter une alternative textuelle "
                        "qui dit ce que montre l'image."
                    ),
                    index=index + 1,
                    count=image_count,
                )
                for index in without_alt
            )
        if images_unverifiable:
            unverifiable |= IMAGE_ALT.mask

    if post.media_type in VIDEO_FORMATS or post.network in VIDEO_NETWORKS:
        if post.subtitles is None:
            unverifiable |= VIDEO_SUBTITLES.mask
        else:
            weight_checked += VIDEO_SUBTITLES.weight
            if post.subtitles:
                weight_passed += VIDEO_SUBTITLES.weight
            else:
                failed |= VIDEO_SUBTITLES.mask
                fixes.append(
                    _fix(VIDEO_SUBTITLES, gettext_noop("Ajouter des sous-titres à la vidéo."))
                )

    text = post.text or ""
    if not text.isascii():
        text = textlib.normalized(text)
    if text and not text.isspace():
        text_fixes = _text_fixes(text, post.hashtags)
        weight_checked += _TEXT_WEIGHT
        weight_passed += _TEXT_WEIGHT
        for code in {fix.rule for fix in text_fixes}:
            mask, weight = _TEXT_RULES[code]
            failed |= mask
            weight_passed -= weight
        fixes.extend(text_fixes)
    elif post.hashtags:  # no caption, hashtags only (YouTube's tags)
        hashtag_fixes = _hashtag_fixes("", post.hashtags)
        weight_checked += HASHTAG_CAMEL_CASE.weight
        if hashtag_fixes:
            failed |= HASHTAG_CAMEL_CASE.mask
            fixes.extend(hashtag_fixes)
        else:
            weight_passed += HASHTAG_CAMEL_CASE.weight

    score = None if not weight_checked else int(100 * weight_passed / weight_checked + 0.5)
    return AuditResult(
        score=score,
        failed=failed,
        unverifiable=unverifiable,
        images=image_count,
        images_without_alt=len(without_alt),
        images_unverifiable=images_unverifiable,
        fixes=tuple(fixes),
    )
