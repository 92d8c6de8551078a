"""The lexicon of themes as the classifier uses it: compiled from the Theme and ThemeTerm
tables once per process, and compiled again when it changed (a new LexiconRevision, a term
or a theme added or removed), which one small query per batch of posts tells."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from ..models import LexiconRevision, Theme, ThemeTerm
from ..themes import Lexicon, lexicon_compile


@dataclass(frozen=True)
class CurrentLexicon:
    """The compiled lexicon, the revision stamped on the analyses it makes, and the key of
    each theme bit in the monthly rollups (EditorialMonth.key: the theme's id)."""

    lexicon: Lexicon
    revision: int
    theme_keys: dict[int, str]
    signature: tuple


_lock = threading.Lock()
_current: CurrentLexicon | None = None


def _signature() -> tuple:
    """What changes whenever the lexicon does: the latest revision (id and time, since a
    rolled-back test may reuse an id), the number and the last id of themes and terms."""
    quote = connection.ops.quote_name
    revision = quote(LexiconRevision._meta.db_table)
    theme = quote(Theme._meta.db_table)
    term = quote(ThemeTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {revision}), "
            f"(SELECT created_at FROM {revision} ORDER BY id DESC LIMIT 1), "
            f"(SELECT COUNT(*) FROM {theme}), (SELECT MAX(id) FROM {theme}), "
            f"(SELECT COUNT(*) FROM {term}), (SELECT MAX(id) FROM {term})"
        )
        return tuple(cursor.fetchone())


def lexicon_current() -> CurrentLexicon:
    """The lexicon of the database, compiled (again) only when it changed."""
    global _current
    signature = _signature()
    with _lock:
        if _current is None or _current.signature != signature:
            _current = _compile(signature)
        return _current


def _compile(signature: tuple) -> CurrentLexicon:
    themes = {bit: (pk, [], []) for pk, bit in Theme.objects.values_list("id", "bit")}
    by_id = {pk: bit for bit, (pk, _positive, _negative) in themes.items()}
    for theme_id, term, negative in ThemeTerm.objects.values_list("theme_id", "term", "negative"):
        themes[by_id[theme_id]][2 if negative else 1].append(term)
    revision = signature[0] or 0
    lexicon = lexicon_compile(
        entries=[(bit, positive, negative) for bit, (_pk, positive, negative) in themes.items()],
        revision=revision,
    )
    return CurrentLexicon(
        lexicon=lexicon,
        revision=revision,
        theme_keys={bit: str(pk) for bit, (pk, _positive, _negative) in themes.items()},
        signature=signature,
    )


def lexicon_revision_create(
    *, user: AbstractBaseUser | None = None, note: str = ""
) -> LexiconRevision:
    """Record a change of the lexicon: the analyses of older revisions become stale (the
    admin counts them and re-runs the classification)."""
    return LexiconRevision.objects.create(
        created_by=user if user is not None and user.is_authenticated else None,
        note=note[:300],
    )
