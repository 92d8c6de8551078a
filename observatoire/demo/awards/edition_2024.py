"""The 2024 edition: the Gers nominated in Sensibilisation et citoyenneté (for its roads page)
and TikTok, Saône-et-Loire's hashtag d'or of agility, two other nominees per category, a jury
of three with a conflict. `{…}` in the texts and links: the demo profiles' handles
(`observatoire.demo.awards.HANDLES`)."""

import datetime as dt

from .specs import (
    ADULTS,
    ALL,
    BFC,
    BOUCHES,
    FB,
    FICTITIOUS,
    GERS,
    HASHTAG_OR,
    IG,
    LI,
    OCCITANIE,
    PACA,
    REGIONS,
    RULES,
    SAONE,
    SC,
    SENSIBILISATION,
    TIKTOK,
    TT,
    YOUTH,
    YT,
    DossierSpec,
    EditionSpec,
    Jury,
    OperationSpec,
    X,
    paris,
)


def _operation(audience, title, description, networks, period, hashtags=(), links=()):
    return OperationSpec(audience, title, description, networks, *period, hashtags, links)


YEAR_2024 = (dt.date(2023, 9, 1), dt.date(2024, 8, 31))
GERS_2024 = DossierSpec(
    territory=GERS,
    categories=("sensibilisation-citoyennete", "tiktok"),
    author="demo-gers",
    submitted_at=paris(2024, 10, 2, 16, 30),
    presentation=(
        "Le Département du Gers concourt avec deux comptes. Sa page d'information routière "
        "InfoRoute32 {gers_routes_note} dit chaque matin l'état des routes, les chantiers et "
        "les alertes météo, avec un ton direct et des rappels de prudence. Son compte TikTok "
        "(LeGers32 ; @{gers_tiktok} dans la démonstration) parle aux 15–25 ans de citoyenneté, "
        "de mobilité et de leur territoire. " + FICTITIOUS
    ),
    operations=(
        _operation(
            ALL,
            "Les routes du Gers chaque matin",
            "État des routes à 7 h, chantiers de la semaine, routes inondées ou verglacées : "
            "la page répond aussi aux questions des usagers en commentaire.",
            (FB,),
            YEAR_2024,
            ("InfoRoute32",),
            (
                "https://www.facebook.com/{gers_routes}/",
                "https://www.facebook.com/{gers_routes}/posts/2024011500000001",
                "https://www.facebook.com/{gers_routes}/posts/2024020300000002",
            ),
        ),
        _operation(
            ADULTS,
            "Sur la route, tous responsables",
            "Campagne d'hiver sur la vitesse, l'alcool et la fatigue au volant, avec les "
            "gendarmes et les agents des routes du Département.",
            (FB, X),
            (dt.date(2023, 11, 15), dt.date(2024, 1, 15)),
            ("SecuriteRoutiere", "InfoRoute32"),
            (
                "https://www.facebook.com/{gers_routes}/videos/2023120100000003/",
                "https://x.com/{gers_x}/status/1730000000000000001",
            ),
        ),
        _operation(
            YOUTH,
            "La citoyenneté en 60 secondes",
            "Une série TikTok : à quoi sert le Département, comment voter, où trouver un "
            "stage, présentée par les agents eux-mêmes.",
            (TT,),
            YEAR_2024,
            ("LeGers32",),
            (
                "https://www.tiktok.com/@{gers_tiktok}",
                "https://www.tiktok.com/@{gers_tiktok}/video/7300000000000000001",
                "https://www.tiktok.com/@{gers_tiktok}/video/7310000000000000002",
            ),
        ),
        _operation(
            YOUTH,
            "Mon premier vote",
            "Avant les élections européennes, des vidéos courtes pour les primo-votants : "
            "s'inscrire, trouver son bureau, faire une procuration.",
            (TT, IG),
            (dt.date(2024, 5, 2), dt.date(2024, 6, 9)),
            ("PremierVote",),
            (
                "https://www.tiktok.com/@{gers_tiktok}/video/7360000000000000003",
                "https://www.instagram.com/reel/DEMOvote2024/",
            ),
        ),
    ),
)

SAONE_2024 = DossierSpec(
    territory=SAONE,
    categories=("sensibilisation-citoyennete",),
    author="demo-saone-et-loire",
    submitted_at=paris(2024, 10, 3, 10, 5),
    presentation=(
        "La Saône-et-Loire est présente sur Facebook, Instagram, X, LinkedIn, YouTube et "
        "Snapchat avec une ligne éditoriale propre à chacun : le service et l'actualité sur "
        "Facebook, les paysages et les habitants sur Instagram, l'information institutionnelle "
        "sur X, l'emploi sur LinkedIn, les reportages sur YouTube, les coulisses sur Snapchat. "
        + FICTITIOUS
    ),
    operations=(
        _operation(
            ALL,
            "Budget participatif : à vous de voter",
            "Appel à projets, présentation des projets retenus et vote en ligne des habitants.",
            (FB, IG),
            (dt.date(2024, 3, 1), dt.date(2024, 4, 30)),
            ("BudgetParticipatif71",),
            (
                "https://www.facebook.com/{saone_facebook}/posts/2024030100000011",
                "https://www.instagram.com/p/DEMObudget71/",
            ),
        ),
        _operation(
            ADULTS,
            "Les métiers du Département",
            "Portraits d'agents et offres d'emploi : routes, collèges, action sociale.",
            (LI, YT),
            (dt.date(2023, 10, 2), dt.date(2024, 6, 28)),
            ("Recrutement",),
            (
                "https://www.linkedin.com/feed/update/urn:li:activity:7150000000000000011/",
                "https://www.youtube.com/watch?v=demoSaone01",
            ),
        ),
    ),
)

BOUCHES_2024 = DossierSpec(
    territory=BOUCHES,
    categories=("sensibilisation-citoyennete", "tiktok"),
    submitted_at=paris(2024, 10, 4, 9, 40),
    presentation=(
        "Prévention des feux de forêt et lutte contre le harcèlement au collège : deux "
        "campagnes de sensibilisation sur Facebook, Instagram, X et TikTok. " + FICTITIOUS
    ),
    operations=(
        _operation(
            ALL,
            "Feux de forêt : les bons gestes",
            "Chaque jour de l'été, le risque incendie du jour et les massifs fermés.",
            (FB, IG, X),
            (dt.date(2024, 6, 1), dt.date(2024, 8, 31)),
            ("FeuxDeForet",),
            ("https://x.com/{bouches_x}/status/1800000000000000021",),
        ),
        _operation(
            YOUTH,
            "Le harcèlement, parlons-en",
            "Des collégiens racontent, des professionnels répondent, en vidéos courtes.",
            (TT,),
            (dt.date(2023, 11, 6), dt.date(2024, 2, 9)),
            ("NonAuHarcelement",),
            ("https://www.tiktok.com/@{bouches_tiktok}/video/7300000000000000021",),
        ),
    ),
)


def _region_dossier(key, categories, submitted_at, presentation, operation) -> DossierSpec:
    return DossierSpec(key, categories, f"{presentation} {FICTITIOUS}", (operation,), submitted_at)


REGIONS_2024 = (
    _region_dossier(
        OCCITANIE,
        ("regions", "tiktok"),
        paris(2024, 10, 1, 15),
        "Une Région qui parle à ses lycéens sur TikTok et à tous ses habitants sur Facebook.",
        _operation(
            YOUTH,
            "Ma Région en 60 secondes",
            "Transports, lycées, aides aux jeunes : une question, une vidéo.",
            (TT,),
            YEAR_2024,
            (),
            ("https://www.tiktok.com/@{occitanie_tiktok}/video/7300000000000000031",),
        ),
    ),
    _region_dossier(
        PACA,
        ("regions",),
        paris(2024, 10, 2, 11),
        "Les talents et les paysages de la région, en images et en vidéos.",
        _operation(
            ALL,
            "Nos territoires, nos talents",
            "Une série de portraits d'habitants, d'artisans et de sportifs.",
            (IG, FB),
            YEAR_2024,
            (),
            ("https://www.instagram.com/p/DEMOtalents93/",),
        ),
    ),
    _region_dossier(
        BFC,
        ("regions",),
        paris(2024, 10, 4, 17),
        "Le tourisme et la vie culturelle de la région, partagés par ses habitants.",
        _operation(
            ALL,
            "L'été en Bourgogne-Franche-Comté",
            "Les habitants partagent leurs lieux préférés, la Région les relaie.",
            (IG, FB),
            (dt.date(2024, 6, 15), dt.date(2024, 8, 31)),
            ("EteEnBFC",),
            ("https://www.instagram.com/p/DEMOete27/",),
        ),
    ),
)

EDITION_2024 = EditionSpec(
    year=2024,
    title="#Hashtags 2024",
    theme="La communication publique sur les réseaux sociaux, réseau par réseau",
    networks=(FB, IG, X, LI, YT, TT, SC),
    rules=RULES,
    period=YEAR_2024,
    categories=(REGIONS, SENSIBILISATION, TIKTOK, HASHTAG_OR),
    calendar={
        "entries_open_at": paris(2024, 9, 2, 9),
        "entries_close_at": paris(2024, 10, 4, 18),
        "jury_start_at": paris(2024, 10, 14, 9),
        "jury_end_at": paris(2024, 11, 8, 18),
        "nominations_announce_at": paris(2024, 11, 12, 10),
        "results_announce_at": paris(2024, 12, 5, 18),
        "ceremony_at": paris(2024, 12, 5, 18),
    },
    ceremony_place="Forum Cap'Com",
    dossiers=(GERS_2024, SAONE_2024, BOUCHES_2024, *REGIONS_2024),
    jury=Jury(
        nominees={
            "regions": ((PACA, 8.5), (BFC, 7.5), (OCCITANIE, 6.5)),
            "sensibilisation-citoyennete": ((GERS, 9.0), (SAONE, 7.5), (BOUCHES, 6.5)),
            "tiktok": ((OCCITANIE, 8.5), (GERS, 7.5), (BOUCHES, 6.0)),
            "hashtag-or": ((SAONE, 9.0), (PACA, 7.0), (BOUCHES, 6.0)),
        },
        conflict=(2, GERS, "Ancienne chargée de communication du Département du Gers."),
        nominated_at=paris(2024, 10, 11, 14),
    ),
)
