"""Rules for values that come from outside — a network's payload, a CSV file: what a count
is and what the hashtags of a text are. Plain Python (no models, no settings), so the
connectors, the importers and the demo all read them from here."""

import re

# Counts are stored as 64-bit integers and summed per day and per month (post rollups,
# rankings): a bound far above any real audience keeps every sum inside the database's range.
MAX_COUNT = 10**12
_DIGITS = re.compile(r"[0-9]+")
# A hashtag is # and word characters, not preceded by a word character, & or / : neither an
# HTML entity (&#39; is an apostrophe) nor a URL fragment (…/page#top) nor the middle of a word.
# (The # comes first and the look-behind checks the character before it: the regex engine
# then jumps from # to #, four times faster than a look-behind tried at every character.)
_HASHTAG = re.compile(r"#(?<![\w&/]#)(\w+)")


class CountError(ValueError):
    """Not a count; `reason` is "negative", "not_whole" or "too_large"."""

    def __init__(self, reason: str, value: object):
        super().__init__(f"{reason.replace('_', ' ')} count {value!r}")
        self.reason = reason
        self.value = value


def count_value(value: object) -> int | None:
    """A count: a whole number from 0 to MAX_COUNT, given as an int (an integral float) or
    as ASCII digits with spaces around; None or an empty text means unknown (not zero)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not _DIGITS.fullmatch(text):
            negative = text.startswith("-") and _DIGITS.fullmatch(text[1:])
            raise CountError("negative" if negative else "not_whole", value)
        number = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise CountError("not_whole", value)
    if number < 0:
        raise CountError("negative", value)
    if number > MAX_COUNT:
        raise CountError("too_large", value)
    return number


def hashtags_in(text: str | None) -> tuple[str, ...]:
    """The hashtags of a text, without '#', in order of appearance, without duplicates."""
    return tuple(dict.fromkeys(_HASHTAG.findall(text or "")))
