"""The 2020 edition on crisis communication, with the Gers' dossier modelled on its real one
(operations for adults, children and everyone, the campaign hashtag #Covid19Gers). Its links
have the real shapes and fictitious ids: the demo's posts are of 2024–2025, so none is
matched ("publication non collectée")."""

import datetime as dt

from .specs import (
    ADULTS,
    ALL,
    COMMUNES,
    DEPARTEMENTS,
    FB,
    FICTITIOUS,
    GERS,
    IG,
    INTERCOMMUNALITES,
    REGIONS,
    RULES,
    SENSIBILISATION,
    THEMATIC,
    TT,
    YOUTH,
    YT,
    CategorySpec,
    DossierSpec,
    EditionSpec,
    OperationSpec,
    X,
    paris,
)

COVID = "Covid19Gers"
GERS_2020 = DossierSpec(
    territory=GERS,
    categories=("departements", "gestion-de-crise"),
    author="demo-gers",
    submitted_at=paris(2020, 10, 12, 11, 20),
    presentation=(
        "Dès le premier jour du confinement, le Département du Gers a fait de ses réseaux "
        "sociaux un lieu de service, de lien et de bonne humeur : une information pratique "
        "chaque matin, des rendez-vous en direct pour toutes les générations, l'hommage aux "
        "soignants et le suivi de la distribution de 100 000 équipements de protection. Le "
        "hashtag de campagne #Covid19Gers, lancé le 13 mars 2020, rassemble toutes ces "
        "publications. " + FICTITIOUS
    ),
    operations=(
        OperationSpec(
            ADULTS,
            "Questions pour un Gersois",
            "Un quiz en direct chaque vendredi soir : histoire, produits et personnalités du "
            "Gers ; les habitants jouent en commentaire, les gagnants sont annoncés en direct.",
            (FB, YT),
            dt.date(2020, 3, 27),
            dt.date(2020, 5, 8),
            ("QuestionsPourUnGersois", COVID),
            (
                "https://www.facebook.com/LeGers32/videos/2020032700000001/",
                "https://www.facebook.com/watch/?v=2020040300000002",
                "https://www.youtube.com/watch?v=demoQuiz001",
            ),
        ),
        OperationSpec(
            ADULTS,
            "Les conseils du jour",
            "Chaque matin, une information pratique : attestations, marchés ouverts, aides aux "
            "entreprises, numéros utiles, gestes barrières.",
            (FB, IG, X),
            dt.date(2020, 3, 17),
            dt.date(2020, 5, 11),
            (COVID, "RestezChezVous"),
            (
                "https://www.instagram.com/p/DEMOconseil1/",
                "https://x.com/LeGers32/status/1240000000000000002",
                "https://www.facebook.com/LeGers32/posts/2020031800000003",
            ),
        ),
        OperationSpec(
            ADULTS,
            "Merci aux soignants",
            "Portraits de soignants, d'aides à domicile et d'agents des services essentiels, "
            "applaudissements de 20 heures et messages des habitants.",
            (IG, FB),
            dt.date(2020, 4, 6),
            dt.date(2020, 5, 11),
            ("MerciAuxSoignants", COVID),
            (
                "https://www.instagram.com/tv/DEMOmerci01/",
                "https://www.facebook.com/LeGers32/photos/a.2020000000000001/2020040700000004/",
            ),
        ),
        OperationSpec(
            ADULTS,
            "100 000 équipements",
            "Le suivi, jour après jour, de la distribution de 100 000 équipements de protection "
            "(masques, blouses, gel) aux soignants, aux aides à domicile, aux communes et aux "
            "habitants.",
            (FB, X),
            dt.date(2020, 4, 14),
            dt.date(2020, 5, 20),
            (COVID,),
            (
                "https://x.com/LeGers32/status/1250000000000000003",
                "https://www.facebook.com/LeGers32/videos/2020042400000005/",
            ),
        ),
        OperationSpec(
            YOUTH,
            "Le RDV des petits",
            "Chaque après-midi, une activité pour les enfants confinés : comptines, bricolages "
            "et lectures des bibliothécaires de la médiathèque départementale.",
            (FB, IG, YT),
            dt.date(2020, 3, 23),
            dt.date(2020, 5, 10),
            ("RDVdesPetits", COVID),
            (
                "https://www.youtube.com/watch?v=demoPetits1",
                "https://www.instagram.com/p/DEMOpetits1/",
            ),
        ),
        OperationSpec(
            YOUTH,
            "Un premier TikTok",
            "Les premières vidéos du Département sur TikTok, pour les collégiens et les "
            "lycéens : défis, coulisses et gestes barrières en musique.",
            (TT,),
            dt.date(2020, 4, 20),
            dt.date(2020, 5, 31),
            (COVID,),
            (
                "https://www.tiktok.com/@legers32",
                "https://www.tiktok.com/@legers32/video/6818000000000000001",
                "https://www.tiktok.com/@legers32/video/6820000000000000002",
            ),
        ),
        OperationSpec(
            ALL,
            "#Covid19Gers, le hashtag de campagne",
            "Lancé le 13 mars 2020, il rassemble les publications du Département sur la crise "
            "et invite les Gersois à partager leurs initiatives solidaires.",
            (FB, IG, X, YT, TT),
            dt.date(2020, 3, 13),
            dt.date(2020, 6, 30),
            (COVID,),
            ("https://x.com/LeGers32/status/1238000000000000001",),
        ),
        OperationSpec(
            ALL,
            "Les recettes du confinement",
            "Des recettes aux produits du Gers, filmées par des chefs et des producteurs dans "
            "leur cuisine.",
            (FB, IG),
            dt.date(2020, 3, 28),
            dt.date(2020, 5, 9),
            ("RecettesDuGers", COVID),
            (
                "https://www.instagram.com/p/DEMOrecette1/",
                "https://www.facebook.com/watch/?v=2020041100000006",
            ),
        ),
        OperationSpec(
            ALL,
            "Concours à la maison",
            "Concours de dessins, de photos de fenêtres et de recettes : les gagnants reçoivent "
            "des paniers de produits locaux.",
            (FB, IG),
            dt.date(2020, 4, 1),
            dt.date(2020, 5, 10),
            ("ConcoursGers", COVID),
            (
                "https://www.instagram.com/p/DEMOconcours/",
                "https://www.facebook.com/LeGers32/posts/2020040100000007",
            ),
        ),
        OperationSpec(
            ALL,
            "Sport et concerts en direct",
            "Séances de sport en direct avec les clubs et les éducateurs du Gers, concerts "
            "d'artistes gersois depuis leur salon.",
            (FB, YT),
            dt.date(2020, 3, 30),
            dt.date(2020, 5, 10),
            (COVID,),
            (
                "https://www.facebook.com/LeGers32/videos/2020040400000008/",
                "https://www.youtube.com/watch?v=demoConcert",
            ),
        ),
    ),
)

EDITION_2020 = EditionSpec(
    year=2020,
    title="#Hashtags 2020 — communication de crise",
    theme="Les réseaux sociaux des collectivités pendant la crise sanitaire",
    networks=(FB, IG, X, YT, TT),
    rules=RULES,
    period=(dt.date(2020, 3, 1), dt.date(2020, 6, 30)),
    categories=(
        REGIONS,
        DEPARTEMENTS,
        INTERCOMMUNALITES,
        COMMUNES,
        CategorySpec(
            "Gestion de crise",
            "gestion-de-crise",
            THEMATIC,
            description="Informer, rassurer et garder le lien pendant le confinement.",
        ),
        SENSIBILISATION,
    ),
    calendar={
        "entries_open_at": paris(2020, 9, 1, 9),
        "entries_close_at": paris(2020, 10, 16, 18),
        "jury_start_at": paris(2020, 10, 26, 9),
        "jury_end_at": paris(2020, 11, 20, 18),
        "nominations_announce_at": paris(2020, 11, 24, 10),
        "results_announce_at": paris(2021, 1, 21, 18),
        "ceremony_at": paris(2021, 1, 21, 18),
    },
    ceremony_place="En ligne",
    dossiers=(GERS_2020,),
)
