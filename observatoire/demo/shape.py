"""What the demo dataset must look like: the published census figures and the habits of the
field, as plain values. The generator reads them; tests check the generated data against them.

Sources of the targets: the observatory's published census of collectivités on social
networks (13.7 % present; 53 % without villages under 2,000 inhabitants; ~92 % of villes
moyennes; every région and département; Facebook ~94 % of those present, X ~35 %,
Instagram ~25 % overall but 76 % of régions and 85 % of départements), and a few public
accounts used as anchors (Gers, Saône-et-Loire).
"""

from datetime import date

from observatoire.profiles.models import Network
from observatoire.territories.models import Category

VILLAGE_MAX = 2_000  # communes under this population are "villages" in the census
VILLAGE = "village"  # stratum: a petite ville under VILLAGE_MAX inhabitants

# Census targets, in % (checked by the tests).
TARGET_PRESENT = 13.7
TARGET_PRESENT_WITHOUT_VILLAGES = 53.0
TARGET_VILLES_MOYENNES = 92.0
TARGET_NETWORK_SHARES = {Network.FACEBOOK: 94.0, Network.X: 35.0, Network.INSTAGRAM: 25.0}
TARGET_INSTAGRAM_REGIONS = 76.0
TARGET_INSTAGRAM_DEPARTEMENTS = 85.0
TARGET_SINGLE_NETWORK = 50.0

# Share of collectivités present on at least one network, per stratum. Villages and
# petites villes are calibrated so that the national figures above come out.
PRESENCE = {
    Category.REGION: 1.0,
    Category.DEPARTEMENT: 1.0,
    Category.METROPOLE: 1.0,
    Category.COMMUNAUTE_URBAINE: 1.0,
    Category.GRANDE_VILLE: 1.0,
    Category.VILLE_MOYENNE: 0.92,
    Category.COMMUNAUTE_AGGLOMERATION: 0.85,
    Category.COMMUNAUTE_COMMUNES: 0.45,
    Category.PETITE_VILLE: 0.477,  # 2,000 – 19,999 inhabitants
    VILLAGE: 0.0443,
}

# Share of the present collectivités of a stratum having a principal profile on a network.
NETWORK_SHARES = {
    #                         FB    X     IG    YT    LI    TT    BS    MA    TH
    Category.REGION: (1.0, 1.0, 0.76, 0.9, 1.0, 0.4, 0.5, 0.2, 0.2),
    Category.DEPARTEMENT: (1.0, 0.95, 0.85, 0.75, 0.9, 0.35, 0.35, 0.1, 0.15),
    Category.METROPOLE: (1.0, 1.0, 0.9, 0.8, 0.95, 0.3, 0.45, 0.2, 0.15),
    Category.COMMUNAUTE_URBAINE: (1.0, 0.9, 0.8, 0.6, 0.8, 0.1, 0.3, 0.1, 0.05),
    Category.GRANDE_VILLE: (1.0, 0.95, 0.95, 0.8, 0.85, 0.35, 0.4, 0.2, 0.2),
    Category.VILLE_MOYENNE: (0.99, 0.7, 0.65, 0.35, 0.4, 0.12, 0.08, 0.04, 0.03),
    Category.COMMUNAUTE_AGGLOMERATION: (0.97, 0.55, 0.45, 0.3, 0.55, 0.05, 0.04, 0.02, 0.01),
    Category.COMMUNAUTE_COMMUNES: (0.95, 0.25, 0.2, 0.1, 0.25, 0.02, 0.01, 0.01, 0.005),
    Category.PETITE_VILLE: (0.95, 0.33, 0.2, 0.08, 0.08, 0.02, 0.01, 0.005, 0.005),
    VILLAGE: (0.9, 0.2, 0.12, 0.03, 0.02, 0.01, 0.0, 0.0, 0.0),
}
NETWORK_ORDER = (
    Network.FACEBOOK,
    Network.X,
    Network.INSTAGRAM,
    Network.YOUTUBE,
    Network.LINKEDIN,
    Network.TIKTOK,
    Network.BLUESKY,
    Network.MASTODON,
    Network.THREADS,
)
# How much the choice of secondary networks follows the collectivité's overall activity
# (0: independent draws; 1: the most active take every network). About half of the
# present collectivités then use a single network.
NETWORK_CORRELATION = 0.3

# Audience: followers at the end of the period ≈ scale × population^0.75 × lognormal noise.
AUDIENCE_EXPONENT = 0.75
AUDIENCE_SCALE = 3.4
AUDIENCE_NOISE = 0.6
CATEGORY_AUDIENCE = {
    Category.REGION: 0.4,
    Category.DEPARTEMENT: 0.4,
    Category.METROPOLE: 0.35,
    Category.COMMUNAUTE_URBAINE: 0.25,
    Category.COMMUNAUTE_AGGLOMERATION: 0.2,
    Category.COMMUNAUTE_COMMUNES: 0.2,
    Category.GRANDE_VILLE: 1.0,
    Category.VILLE_MOYENNE: 1.0,
    Category.PETITE_VILLE: 1.0,
}
# Per network: (audience relative to Facebook, growth over a year, typical following).
NETWORK_AUDIENCE = {
    Network.FACEBOOK: (1.0, 0.05, 120),
    Network.X: (0.45, -0.04, 900),
    Network.INSTAGRAM: (0.5, 0.18, 450),
    Network.YOUTUBE: (0.05, 0.08, None),
    Network.LINKEDIN: (0.3, 0.3, 40),
    Network.TIKTOK: (0.15, 0.6, 60),
    Network.BLUESKY: (0.04, 1.2, 300),
    Network.MASTODON: (0.02, 0.4, 150),
    Network.THREADS: (0.06, 0.3, 200),
}

# Posts per month of a Facebook principal profile, per stratum; other networks scale it.
CADENCE = {
    Category.REGION: 22,
    Category.DEPARTEMENT: 26,
    Category.METROPOLE: 22,
    Category.COMMUNAUTE_URBAINE: 14,
    Category.GRANDE_VILLE: 26,
    Category.VILLE_MOYENNE: 9,
    Category.COMMUNAUTE_AGGLOMERATION: 7,
    Category.COMMUNAUTE_COMMUNES: 3,
    Category.PETITE_VILLE: 3,
    VILLAGE: 2,
}
NETWORK_CADENCE = {
    Network.FACEBOOK: 1.0,
    Network.X: 0.7,
    Network.INSTAGRAM: 0.5,
    Network.YOUTUBE: 0.1,
    Network.LINKEDIN: 0.35,
    Network.TIKTOK: 0.4,
    Network.BLUESKY: 0.6,
    Network.MASTODON: 0.5,
    Network.THREADS: 0.4,
}
# Interactions per post per follower (mean), before theme, media and hour effects.
NETWORK_ENGAGEMENT = {
    Network.FACEBOOK: 0.012,
    Network.X: 0.004,
    Network.INSTAGRAM: 0.025,
    Network.YOUTUBE: 0.02,
    Network.LINKEDIN: 0.015,
    Network.TIKTOK: 0.05,
    Network.BLUESKY: 0.03,
    Network.MASTODON: 0.02,
    Network.THREADS: 0.015,
}

# Real accounts used as anchors: (territory key, network, label) -> end-of-period figures.
ANCHORS = {
    ("departement:32", Network.INSTAGRAM, ""): {
        "followers": 28_000,
        "following": 662,
        "posts_count": 1_750,
    },
    ("departement:32", Network.TIKTOK, ""): {"followers": 5_700},
    ("departement:32", Network.FACEBOOK, "Info routes"): {"followers": 4_100},
    ("departement:71", Network.FACEBOOK, ""): {"followers": 25_000},
    ("departement:71", Network.X, ""): {"followers": 5_000},
    ("departement:71", Network.LINKEDIN, ""): {"followers": 2_500},
}

# Thematic secondary profiles: (label, handle suffix, network, themes, share of the
# départements / grandes villes having one). Gers' road-traffic page is an anchor.
SECONDARY_PROFILES = (
    ("Info routes", "routes", Network.FACEBOOK, ("mobilite",), 0.15),
    ("Jeunesse", "jeunes", Network.INSTAGRAM, ("jeunesse", "culture", "sport"), 0.08),
)

# Events of the year.
X_EXODUS_DAY = date(2025, 1, 20)  # #HelloQuitteX: several collectivités leave X
X_EXODUS_COUNT = 24  # among the most visible X accounts
UNREACHABLE_COUNT = 8  # pages deleted or renamed, and never back
BOUGHT_FOLLOWERS_COUNT = 3  # a sudden jump of bought followers
