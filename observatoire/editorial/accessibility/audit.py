"""The accessibility audit of one post: which rules it breaks, which could not be checked,
its score and the fixes to make (docs/accessibility.md).

Score = 100 × Σ weight × passed share ÷ Σ weight, over the rules that could be checked on
the post, rounded half up; None when none could be (no text, no image whose alternative the
network tells, no video whose subtitles it tells). The image rule counts the share of the
checkable images that have an alternative; every other rule passes or fails whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

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
)

__all__ = ["RULES", "RULES_BY_CODE", "RULES_VERSION", "AuditInput", "AuditResult", "Fix", "audit"]

MAX_EMOJIS = 3  # more than three emojis in a post fail EMOJI_COUNT
PILE = 2  # hashtags or links in a row that make a pile …
WORDS_AFTER_PILE = 6  # … fail LINKS_IN_MIDDLE when more than six words of text follow it
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
    rule: str  # Rule.code
    detail: str  # what to change, in the active language; may quote the post


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


# --- text checks: each returns its fixes (empty = passed) -------------------------------


def _hashtag_fixes(text: str, hashtags: tuple[str, ...]) -> list[Fix]:
    fixes = []
    seen: set[str] = set()
    for tag in (*textlib.hashtags_in(text), *(tag.lstrip("#") for tag in hashtags)):
        key = tag.casefold()
        if not tag or key in seen:
            continue
        seen.add(key)
        if not textlib.needs_camel_case(tag):
            continue
        fixes.append(
            Fix(
                HASHTAG_CAMEL_CASE.code,
                gettext("Écrire #%(camel)s au lieu de #%(tag)s.")
                % {"camel": textlib.camel_case(tag), "tag": tag},
            )
        )
    return fixes


def _emoji_fixes(text: str) -> list[Fix]:
    if text.isascii():
        return []
    fixes = []
    count = len(textlib.EMOJI_RE.findall(text))
    if count > MAX_EMOJIS:
        fixes.append(
            Fix(
                EMOJI_COUNT.code,
                gettext("%(count)s émojis : en garder trois au plus, à la fin du message.")
                % {"count": count},
            )
        )
    start = textlib.EMOJI_RUN_RE.match(text.lstrip())
    if start:
        fixes.append(
            Fix(
                EMOJI_START.code,
                gettext("Commencer par le texte : placer « %(emoji)s » après le message.")
                % {"emoji": start.group().strip()},
            )
        )
    for run in textlib.EMOJI_RUN_RE.finditer(text):
        if textlib.emoji_replaces_word(text, run.start(), run.end()):
            line_start = text.rfind("\n", 0, run.start()) + 1
            line_end = text.find("\n", run.end())
            line = text[line_start : len(text) if line_end < 0 else line_end]
            fixes.append(
                Fix(
                    EMOJI_WORD.code,
                    gettext("Écrire un mot à la place de « %(emoji)s » dans « %(line)s ».")
                    % {"emoji": run.group().strip(), "line": _quote(line)},
                )
            )
            break
    return fixes


def _styled_fixes(text: str) -> list[Fix]:
    runs = textlib.styled_runs(text)
    if not runs:
        return []
    return [
        Fix(
            STYLED_TEXT.code,
            gettext("Écrire « %(plain)s » en lettres ordinaires.")
            % {"plain": _quote(textlib.unstyled(run))},
        )
        for run in runs[:3]
    ]


_PILE_ITEM = rf"(?:{textlib.URL_RE.pattern}|(?<![\w&#/])#\w+)"
_PILE_RE = re.compile(
    rf"{_PILE_ITEM}(?:[\s,;·|/]*(?:{textlib.MENTION_RE.pattern}[\s,;·|/]*)*{_PILE_ITEM})+",
    re.IGNORECASE,
)
_PILE_ITEM_RE = re.compile(_PILE_ITEM, re.IGNORECASE)


def _pile_fixes(text: str) -> list[Fix]:
    if text.count("#") + text.count("://") + text.lower().count("www.") < PILE:
        return []
    for pile in _PILE_RE.finditer(text):
        items = _PILE_ITEM_RE.findall(pile.group())
        if len(items) < PILE:
            continue
        rest = textlib.strip_links(text[pile.end() :])
        rest = textlib.HASHTAG_RE.sub(" ", rest)
        if len(textlib.WORD_RE.findall(rest)) > WORDS_AFTER_PILE:
            return [
                Fix(
                    LINKS_IN_MIDDLE.code,
                    gettext("Placer %(items)s à la fin du message.")
                    % {"items": _quote(" ".join(items))},
                )
            ]
    return []


# --- the audit ---------------------------------------------------------------------------


def audit(post: AuditInput) -> AuditResult:
    """Check one post against every rule (rules.RULES)."""
    failed = unverifiable = 0
    weight_checked = 0
    weight_passed = 0.0
    fixes: list[Fix] = []

    image_count = max(post.image_count, len(post.images))
    exposed = post.images[:image_count]
    without_alt = [i for i, alt in enumerate(exposed) if not alt.strip()]
    images_unverifiable = image_count - len(exposed)
    if image_count:
        if exposed:
            weight_checked += IMAGE_ALT.weight
            weight_passed += IMAGE_ALT.weight * (len(exposed) - len(without_alt)) / len(exposed)
        if without_alt:
            failed |= IMAGE_ALT.mask
            for index in without_alt:
                fixes.append(
                    Fix(
                        IMAGE_ALT.code,
                        gettext(
                            "Image %(index)s sur %(count)s : ajouter une alternative textuelle "
                            "qui dit ce que montre l'image."
                        )
                        % {"index": index + 1, "count": image_count},
                    )
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
                detail = gettext("Ajouter des sous-titres à la vidéo.")
                fixes.append(Fix(VIDEO_SUBTITLES.code, detail))

    text = textlib.normalized(post.text or "")
    if text.strip():
        text_fixes = (
            _hashtag_fixes(text, post.hashtags)
            + _emoji_fixes(text)
            + _styled_fixes(text)
            + _pile_fixes(text)
        )
        broken = {fix.rule for fix in text_fixes}
        for rule in TEXT_RULES:
            weight_checked += rule.weight
            if rule.code in broken:
                failed |= rule.mask
            else:
                weight_passed += rule.weight
        fixes.extend(text_fixes)
    elif post.hashtags:
        hashtag_fixes = _hashtag_fixes("", post.hashtags)
        weight_checked += HASHTAG_CAMEL_CASE.weight
        if hashtag_fixes:
            failed |= HASHTAG_CAMEL_CASE.mask
            fixes.extend(hashtag_fixes)
        else:
            weight_passed += HASHTAG_CAMEL_CASE.weight

    score = None
    if weight_checked:
        score = int(100 * weight_passed / weight_checked + 0.5)
    return AuditResult(
        score=score,
        failed=failed,
        unverifiable=unverifiable,
        images=image_count,
        images_without_alt=len(without_alt),
        images_unverifiable=images_unverifiable,
        fixes=tuple(fixes),
    )
