"""How a demo profile writes its captions, and what its network says of its images and videos.

The posts' counts, times, formats and drawn themes come from activity.py's random draws and
never change here: this module draws from its own generator, seeded by (seed, network,
handle), so the variety of the writing can grow without moving a ranking. It decides:

- each profile's habits: emojis before the text or several of them, emojis used as words,
  headings in Unicode bold letters (𝗚𝗿𝗮𝗻𝗱 𝗷𝗲𝘂), links and hashtags piled in the middle,
  hashtags all in lowercase, curly apostrophes; most profiles write plainly;
- alerts: some prevention posts become crisis posts (crues, tempête, canicule);
- the Gers: its flood (GERS_FLOOD) with #VigilanceCrueGers on every network, and its
  photo-sharing invitation #GersLeDepartement in every month;
- Saône-et-Loire: another editorial line on each network (VOICES);
- images: one alt text per image where the network's API gives it, none (unverifiable)
  where it does not (ALT_TEXT_NETWORKS, as docs/connectors.md says);
- subtitles of YouTube videos (the only network whose API says), None elsewhere.
"""

import random
from dataclasses import dataclass, replace
from datetime import date

from django.utils.text import slugify

from observatoire.core.values import hashtags_in
from observatoire.metrics.models import Post
from observatoire.profiles.models import Network

from . import texts

M = Post.MediaType
# Networks whose connector reads each image's alt text (docs/connectors.md); elsewhere the
# images are counted and their alt text is unknown.
ALT_TEXT_NETWORKS = {
    Network.FACEBOOK,
    Network.X,
    Network.LINKEDIN,
    Network.BLUESKY,
    Network.MASTODON,
    Network.THREADS,
}
SUBTITLE_NETWORKS = {Network.YOUTUBE}
GERS_FLOOD = (date(2025, 5, 12), date(2025, 5, 25))  # the Gers' flood episode
CRISIS_SHARE = 0.35  # prevention posts that are alerts
GERS_FLOOD_SHARE = 0.75  # the Gers' posts about the flood during the episode
GERS_PHOTO_SHARE = 0.3  # the Gers' photo posts inviting to share with #GersLeDepartement
PHOTO_KINDS = {M.IMAGE, M.CAROUSEL, M.REEL}
BRANDED = {texts.GERS_FLOOD_TAG, texts.GERS_PHOTO_TAG}  # written as the Gers writes them
BOLD = {
    **{chr(ord("A") + n): chr(0x1D5D4 + n) for n in range(26)},
    **{chr(ord("a") + n): chr(0x1D5EE + n) for n in range(26)},
    **{chr(ord("0") + n): chr(0x1D7EC + n) for n in range(10)},
}


@dataclass(frozen=True, slots=True)
class Habits:
    """Shares of a profile's posts written each way (0: never)."""

    emoji_first: float = 0.0
    emoji_many: float = 0.0
    emoji_words: float = 0.0
    bold: float = 0.0
    piled: float = 0.0
    lowercase_tags: float = 0.0
    curly_apostrophes: bool = False


@dataclass(frozen=True, slots=True)
class Voice:
    """A collectivité writing on one network about its own themes, its own way."""

    themes: tuple[str, ...]  # texts.THEMES slugs
    share: float  # posts rewritten on these themes
    habits: Habits


VOICES = {
    # Saône-et-Loire: services and solidarity on Facebook, the territory in pictures on
    # Instagram, traffic and alerts in short, piled-up posts on X, jobs on LinkedIn.
    ("departement:71", Network.FACEBOOK): Voice(
        ("institutions", "solidarite", "mobilite", "emploi"), 0.7, Habits(curly_apostrophes=True)
    ),
    ("departement:71", Network.INSTAGRAM): Voice(
        ("tourisme", "culture", "sport", "environnement"),
        0.8,
        Habits(emoji_first=0.6, emoji_many=0.7, bold=0.2),
    ),
    ("departement:71", Network.X): Voice(
        ("mobilite", "prevention", "institutions"), 0.8, Habits(piled=0.6, lowercase_tags=0.7)
    ),
    ("departement:71", Network.LINKEDIN): Voice(
        ("emploi", "institutions", "environnement"), 0.8, Habits(bold=0.4)
    ),
}


def bold(text: str) -> str:
    """ASCII letters and digits in Unicode "mathematical sans-serif bold" (accents stay)."""
    return "".join(BOLD.get(char, char) for char in text)


def _habits(variety: random.Random) -> Habits:
    """Most profiles write plainly; some have one or two of the habits the audit flags."""

    def some(chance: float, low: float, high: float) -> float:
        return variety.uniform(low, high) if variety.random() < chance else 0.0

    return Habits(
        emoji_first=some(0.25, 0.3, 0.8),
        emoji_many=some(0.15, 0.3, 0.7),
        emoji_words=some(0.1, 0.2, 0.5),
        bold=some(0.1, 0.1, 0.4),
        piled=some(0.15, 0.2, 0.6),
        lowercase_tags=some(0.3, 0.5, 1.0),
        curly_apostrophes=variety.random() < 0.4,
    )


class Writer:
    """The writing of one profile's posts, from its own generator (see the module)."""

    def __init__(self, *, profile, seed: int):
        self.variety = random.Random(f"{seed}:writing:{profile.network}:{profile.handle}")
        self.network = profile.network
        self.key = profile.place.key
        self.place = profile.place.name
        self.voice = VOICES.get((self.key, profile.network)) if profile.is_principal else None
        self.habits = self.voice.habits if self.voice else _habits(self.variety)
        self.site = f"https://www.{slugify(profile.place.name) or 'collectivite'}.fr"
        self.subtitle_rate = 0.3 + 0.65 * self.variety.random()

    def post(
        self, caption: texts.Caption, *, theme, tag: str, day: date, kind: str, images
    ) -> tuple[str, tuple[str, ...], tuple[dict, ...], bool | None]:
        """(text, hashtags, images, subtitles) of one post."""
        variety = self.variety
        subject = theme
        if self.voice and variety.random() < self.voice.share:
            subject = texts.THEMES_BY_SLUG[variety.choice(self.voice.themes)]
            caption = subject.draw(variety, self.place, tag)
        elif theme.slug == "prevention" and variety.random() < CRISIS_SHARE:
            subject = texts.CRISIS
            caption = subject.draw(variety, self.place, tag)
        tags = list(caption.hashtags)
        if self.key == texts.GERS_KEY:
            caption, tags, subject = self._gers(caption, tags, subject, day, kind)
        text = self._text(caption, tags, subject, kind)
        return text, hashtags_in(text), self._images(images, theme, subject), self._subtitles()

    def _gers(self, caption, tags, subject, day, kind):
        variety = self.variety
        if GERS_FLOOD[0] <= day <= GERS_FLOOD[1] and variety.random() < GERS_FLOOD_SHARE:
            sentence = variety.choice(texts.GERS_FLOOD_CAPTIONS)
            flood = texts.GERS_FLOOD_TAG if variety.random() < 0.85 else "vigilancecruegers"
            caption = texts.Caption(sentence, variety.choice(texts.CRISIS.emojis), ())
            return caption, [flood, variety.choice(("Gers", "inondations"))], texts.CRISIS
        if kind in PHOTO_KINDS and variety.random() < GERS_PHOTO_SHARE:
            invitation = variety.choice(texts.GERS_PHOTO_INVITATIONS)
            caption = replace(caption, sentence=f"{caption.sentence}\n{invitation}")
        return caption, tags, subject

    def _text(self, caption: texts.Caption, tags: list[str], subject, kind: str) -> str:
        variety, habits = self.variety, self.habits
        sentence = caption.sentence
        if habits.curly_apostrophes:
            sentence = sentence.replace("'", "’")
        if habits.emoji_words and variety.random() < habits.emoji_words:
            for word, emoji in texts.EMOJI_WORDS.items():
                sentence = sentence.replace(f" {word} ", f" {emoji} ")
        if habits.bold and variety.random() < habits.bold:
            head, colon, rest = sentence.partition(" : ")
            if not colon:  # the first words, as a heading
                words = sentence.split(" ")
                head, colon, rest = " ".join(words[:4]), " ", " ".join(words[4:])
            sentence = bold(head) + colon + rest
        if habits.lowercase_tags and variety.random() < habits.lowercase_tags:
            tags = [tag if tag in BRANDED else tag.lower() for tag in tags]
        emojis = caption.emoji
        if emojis and habits.emoji_many and variety.random() < habits.emoji_many:
            extra = [e for e in subject.emojis if e != emojis]
            emojis += "".join(variety.sample(extra, k=min(len(extra), variety.randint(1, 3))))
        link = f"{self.site}/actualites/{subject.slug}" if kind == M.LINK else ""
        piled = " ".join([link, *(f"#{tag}" for tag in tags)]).strip()
        if emojis and habits.emoji_first and variety.random() < habits.emoji_first:
            lead, trail = f"{emojis} ", ""
        else:
            lead, trail = "", f" {emojis}" if emojis else ""
        if piled and habits.piled and variety.random() < habits.piled:
            head, rest = _halves(sentence)
            return f"{lead}{head} {piled} {rest}{trail}"
        text = f"{lead}{sentence}{trail}"
        if link:
            text += f"\n{link}"
        if tags:
            text += "\n\n" + " ".join(f"#{tag}" for tag in tags)
        return text

    def _images(self, images: tuple[dict, ...], theme, subject) -> tuple[dict, ...]:
        """The alt texts drawn for the post's images, described for what the caption now
        shows; none where the network does not expose them (the images stay counted)."""
        if self.network not in ALT_TEXT_NETWORKS:
            return ()
        if subject is theme:
            return images
        return tuple(
            {"alt": self.variety.choice(subject.alts) if image["alt"] else ""} for image in images
        )

    def _subtitles(self) -> bool | None:
        if self.network not in SUBTITLE_NETWORKS:
            return None
        return self.variety.random() < self.subtitle_rate


def _halves(sentence: str) -> tuple[str, str]:
    """The sentence cut after its first clause (a colon or comma), or in the middle."""
    for mark in (" : ", ", "):
        head, found, rest = sentence.partition(mark)
        if found and rest:
            return head + found.rstrip(), rest
    words = sentence.split(" ")
    middle = max(1, len(words) // 2)
    return " ".join(words[:middle]), " ".join(words[middle:])
