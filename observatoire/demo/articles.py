"""Demo blog articles, written in French from the figures of the generated dataset."""

from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from observatoire.blog.models import Article

from .plan import Period
from .selectors import Census

PARIS = ZoneInfo("Europe/Paris")
ARTICLE_SLUGS = ("demo-etat-des-lieux", "demo-quitter-x", "demo-formats-et-accessibilite")
NOTE = (
    "\n\n*Article de démonstration : les chiffres proviennent du jeu de données fictif "
    "généré par `make demo`, calé sur les chiffres publiés du recensement.*"
)


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _ratio(stats: Counter, media: str) -> float:
    posts = stats[f"posts:{media}"]
    return stats[f"interactions:{media}"] / posts if posts else 0.0


def articles_upsert(*, census: Census, stats: Counter, period: Period) -> None:
    """Create or update the demo articles (keyed on their slug)."""
    after = datetime.combine(period.end + timedelta(days=1), time(9), PARIS)
    articles = [
        _state_of_play(census, published_at=after),
        _leaving_x(stats),
        _formats_and_accessibility(stats, published_at=after + timedelta(days=7)),
    ]
    for slug, title, summary, body, published_at in articles:
        Article.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "body": body + NOTE,
                "published_at": published_at,
                "is_demo": True,
            },
        )


def _state_of_play(census: Census, *, published_at: datetime) -> tuple:
    """Who is present on which network (slug, title, summary, body, publication)."""
    shares = census.network_shares
    return (
        ARTICLE_SLUGS[0],
        "Les collectivités sur les réseaux sociaux : l'état des lieux",
        f"{_pct(census.present_share)} des collectivités sont présentes sur au moins un "
        "réseau social, mais la carte est très contrastée.",
        f"Sur {_n(census.territories)} collectivités du référentiel officiel, "
        f"{_n(census.present)} animent au moins un compte sur un réseau social, soit "
        f"{_pct(census.present_share)}.\n\n"
        "## Les villages font la moyenne\n\n"
        "Si l'on met de côté les communes de moins de 2 000 habitants, la proportion monte à "
        f"{_pct(census.present_share_without_villages)}. Les villes moyennes sont "
        f"{_pct(census.ville_moyenne_share)} à être présentes, et toutes les régions comme "
        "tous les départements le sont.\n\n"
        "## Facebook reste incontournable\n\n"
        f"Parmi les collectivités présentes, {_pct(shares['facebook'])} utilisent Facebook, "
        f"{_pct(shares['x'])} X et {_pct(shares['instagram'])} Instagram — mais "
        f"{_pct(census.instagram_region_share)} des régions et "
        f"{_pct(census.instagram_departement_share)} des départements ont un compte "
        f"Instagram. LinkedIn ({_pct(shares['linkedin'])}) progresse, TikTok "
        f"({_pct(shares['tiktok'])}) reste rare. Enfin, "
        f"{_pct(census.single_network_share)} des collectivités présentes se contentent "
        "d'un seul réseau.",
        published_at,
    )


def _leaving_x(stats: Counter) -> tuple:
    """The collectivités that left X in January 2025."""
    left = stats["event:left_x"]
    opened = stats["event:opened_after_x"]
    return (
        ARTICLE_SLUGS[1],
        "Quitter X : des collectivités passent à Bluesky et Mastodon",
        f"{left} collectivités ont annoncé leur départ de X en janvier 2025.",
        f"Le 20 janvier 2025, {left} collectivités de notre panel ont publié un dernier "
        f"message sur X avant de cesser d'y publier ; {opened} ont ouvert dans la foulée un "
        "compte sur Bluesky ou Mastodon.\n\n"
        "Leurs comptes X restent en ligne et continuent de perdre lentement des abonnés ; "
        "ils apparaissent dans les classements sans score, faute de publication sur la "
        "période. Les nouveaux comptes partent de zéro et progressent vite, sans encore "
        "rivaliser avec les audiences historiques.",
        datetime(2025, 2, 10, 9, tzinfo=PARIS),
    )


def _formats_and_accessibility(stats: Counter, *, published_at: datetime) -> tuple:
    """Engagement by format, alternative texts and CamelCase hashtags."""
    images, verifiable = stats["images"], stats["images_verifiable"]
    alt_share = 100 * stats["images_with_alt"] / verifiable if verifiable else 0.0
    camel_share = 100 * stats["hashtags_camel"] / stats["hashtags"] if stats["hashtags"] else 0.0
    reel, link, image = _ratio(stats, "reel"), _ratio(stats, "link"), _ratio(stats, "image")
    return (
        ARTICLE_SLUGS[2],
        "Vidéos courtes et textes alternatifs : ce que disent les publications",
        "Les vidéos courtes engagent le plus, et trop d'images restent sans description.",
        "## Les formats qui engagent\n\n"
        f"Une vidéo courte recueille en moyenne {_n(reel)} interactions, contre "
        f"{_n(image)} pour une image et {_n(link)} pour un simple lien.\n\n"
        "## L'accessibilité à la traîne\n\n"
        f"Seules {_pct(alt_share)} des {_n(verifiable)} images dont le réseau donne le "
        "texte alternatif en ont un : les personnes aveugles ou malvoyantes n'ont accès "
        "qu'au texte du message pour toutes les autres. Les "
        f"{_n(images - verifiable)} images publiées sur Instagram restent non vérifiables : "
        "son API ne dit pas si elles sont décrites.\n\n"
        "## Des hashtags à rendre lisibles\n\n"
        f"{_pct(camel_share)} des hashtags sont écrits en CamelCase (#SaôneEtLoire plutôt "
        "que #saôneetloire), ce qui permet aux lecteurs d'écran de les prononcer "
        "correctement.",
        published_at,
    )
