"""The rules of the accessibility audit of posts, each declared once: its code (stored in
AccessibilityMonth's counts), its bit (PostAnalysis.failed / unverifiable masks), its title
and explanation in French, its weight in the score and the sources it comes from.

Bits and codes are stable: a rule removed leaves its bit unused. `RULES_VERSION` is stamped on
every analysis (PostAnalysis.rules_version); raise it whenever a rule's check changes, so the
rebuild knows which analyses are stale. docs/accessibility.md explains every rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RULES_VERSION = 1


@dataclass(frozen=True, slots=True)
class Source:
    label: str  # the name of the reference, as its authors write it
    url: str


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    code: str
    bit: int
    title: str | Promise
    explanation: str | Promise
    weight: int  # share of the rule in a post's score (docs/accessibility.md)
    sources: tuple[Source, ...]

    @property
    def mask(self) -> int:
        return 1 << self.bit


# Sources, checked to exist; docs/accessibility.md quotes what each says.
RGAA = "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/"
RGAA_1_1 = Source("RGAA 4.1, critère 1.1 (images porteuses d'information)", RGAA + "#1.1")
RGAA_4_3 = Source("RGAA 4.1, critère 4.3 (sous-titres synchronisés)", RGAA + "#4.3")
WCAG_1_1_1 = Source(
    "WCAG 2.2, 1.1.1 Non-text Content",
    "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html",
)
WCAG_1_2_2 = Source(
    "WCAG 2.2, 1.2.2 Captions (Prerecorded)",
    "https://www.w3.org/WAI/WCAG22/Understanding/captions-prerecorded.html",
)
ACCESS42_HASHTAGS = Source(
    "Access42, « Comment utiliser les hashtags de manière accessible ? »",
    "https://access42.net/hashtags-accessibles/",
)
ACCESS42_EMOJIS = Source(
    "Access42, « Réseaux sociaux et accessibilité : comment rendre les émojis accessibles ? »",
    "https://access42.net/reseaux-sociaux-accessibilite-emojis-accessibles/",
)
LUTINE_UNICODE = Source(
    "La Lutine du Web, « Faux gras, caractères fantaisistes, abus d'émojis : le détournement "
    "des caractères Unicode, fléau pour l'accessibilité du web »",
    "https://www.lalutineduweb.fr/detournement-unicode-emojis-accessibilite/",
)
OQLF_LINKS = Source(
    "Office québécois de la langue française, « Intégration de mots-clics, d'hyperliens et de "
    "pseudonymes »",
    "https://vitrinelinguistique.oqlf.gouv.qc.ca/25387/la-redaction-et-la-communication/"
    "redaction-dans-les-reseaux-sociaux/integration-de-mots-clics-dhyperliens-et-de-pseudonymes",
)
CHOBLAB = Source(
    "Choblab, « Médias sociaux : comment rendre ses contenus accessibles »",
    "https://choblab.com/web-20/medias-sociaux-comment-rendre-ses-contenus-accessibles-14378.html",
)

IMAGE_ALT = Rule(
    "image-alt",
    0,
    _("Image sans alternative textuelle"),
    _(
        "Une image publiée sans description n'existe pas pour une personne aveugle : son "
        "lecteur d'écran annonce « image » et rien d'autre. Chaque image porteuse "
        "d'information doit avoir une alternative textuelle, saisie dans le champ prévu par "
        "le réseau."
    ),
    4,
    (RGAA_1_1, WCAG_1_1_1),
)
HASHTAG_CAMEL_CASE = Rule(
    "hashtag-camel-case",
    1,
    _("Hashtag de plusieurs mots sans majuscules"),
    _(
        "Un lecteur d'écran lit #lebonheurestdansleGers comme un seul mot imprononçable ; "
        "écrit #LeBonheurEstDansLeGers, chaque mot est lu. Une majuscule au début de chaque "
        "mot aide aussi les personnes dyslexiques ou malvoyantes."
    ),
    1,
    (ACCESS42_HASHTAGS, CHOBLAB),
)
EMOJI_COUNT = Rule(
    "emoji-count",
    2,
    _("Trop d'émojis"),
    _(
        "Chaque émoji est lu par son nom (« visage riant aux larmes ») : au-delà de trois, le "
        "message se perd dans leur énumération."
    ),
    1,
    (ACCESS42_EMOJIS, LUTINE_UNICODE),
)
EMOJI_WORD = Rule(
    "emoji-word",
    3,
    _("Émoji à la place d'un mot"),
    _(
        "« Je ❤️ le Gers » est lu « Je cœur rouge le Gers » : un émoji glissé au milieu "
        "d'une phrase remplace mal un mot. Écrire le mot, garder l'émoji pour la fin."
    ),
    1,
    (ACCESS42_EMOJIS, CHOBLAB),
)
EMOJI_START = Rule(
    "emoji-start",
    4,
    _("Émoji avant le texte"),
    _(
        "Un émoji placé au début est la première chose lue : le lecteur d'écran annonce son "
        "nom avant le message. Commencer par le texte."
    ),
    1,
    (ACCESS42_EMOJIS, CHOBLAB),
)
STYLED_TEXT = Rule(
    "styled-text",
    5,
    _("Texte en lettres « gras » ou « italique » Unicode"),
    _(
        "Les lettres 𝐠𝐫𝐚𝐬𝐬𝐞𝐬 ou 𝘪𝘵𝘢𝘭𝘪𝘲𝘶𝘦𝘴 copiées d'un générateur sont des symboles "
        "mathématiques : les lecteurs d'écran les épellent ou les taisent, et la recherche ne "
        "les trouve pas. Écrire en lettres ordinaires."
    ),
    1,
    (LUTINE_UNICODE,),
)
LINKS_IN_MIDDLE = Rule(
    "links-in-middle",
    6,
    _("Liens et hashtags au milieu du texte"),
    _(
        "Une pile de hashtags ou de liens au milieu du message interrompt sa lecture : le "
        "lecteur d'écran les lit tous avant la suite. Les placer à la fin."
    ),
    1,
    (OQLF_LINKS, CHOBLAB),
)
VIDEO_SUBTITLES = Rule(
    "video-subtitles",
    7,
    _("Vidéo sans sous-titres"),
    _(
        "Sans sous-titres, une vidéo parlée est perdue pour les personnes sourdes ou "
        "malentendantes, et pour qui la regarde sans le son."
    ),
    4,
    (RGAA_4_3, WCAG_1_2_2),
)

RULES: tuple[Rule, ...] = (
    IMAGE_ALT,
    HASHTAG_CAMEL_CASE,
    EMOJI_COUNT,
    EMOJI_WORD,
    EMOJI_START,
    STYLED_TEXT,
    LINKS_IN_MIDDLE,
    VIDEO_SUBTITLES,
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
RULES_BY_BIT = {rule.bit: rule for rule in RULES}
# Checked on every post with a text.
TEXT_RULES = (
    HASHTAG_CAMEL_CASE,
    EMOJI_COUNT,
    EMOJI_WORD,
    EMOJI_START,
    STYLED_TEXT,
    LINKS_IN_MIDDLE,
)
