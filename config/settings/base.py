"""Settings shared by every environment. Every setting reads the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "ninja",  # the API's documentation page with django-ninja's own Swagger UI files
    "observatoire.core",
    "observatoire.users",
    "observatoire.territories",
    "observatoire.profiles",
    "observatoire.metrics",
    "observatoire.connectors",
    "observatoire.devtools",
    "observatoire.rankings",
    "observatoire.site",
    "observatoire.blog",
    "observatoire.dashboard",
    "observatoire.awards",
    "observatoire.editorial",
    "observatoire.opendata",
    "observatoire.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "observatoire" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "observatoire.demo.context_processors.demo_data",
            ],
        },
    }
]

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'observatoire.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the site read while a collection or a ranking writes.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "users:space"
LOGOUT_REDIRECT_URL = "site:home"

# Login throttling (django-axes), for the site's login and /admin/login/ alike: axes' backend
# refuses a locked-out login before the password is checked. Failures are counted in the
# database (shared by every process, incremented in a transaction) per username, whatever the
# address, and per client address, whatever the username (password spraying).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "5")))
# A lock lasts LOGIN_LOCKOUT_MINUTES after the last counted failure; refused attempts during
# it are not counted, and a successful login does not wipe an address's failures (otherwise
# a sprayer would log into an account of their own every few guesses).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # keep no log of successful logins (addresses are personal data)
AXES_LOCKOUT_CALLABLE = "observatoire.users.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "observatoire.users.lockout.client_ip"
# Reverse proxies in front of Django that append to X-Forwarded-For (docs/operations.md): 0
# means REMOTE_ADDR is the client's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "observatoire" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# The open-data API (observatoire/opendata/api, docs/api.md): requests per client address and
# window of the clock ("120/min", "5000/hour"…), then 429 with Retry-After.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
# Where the monthly open-data dumps are written (observatoire/opendata), served at /donnees/.
DUMPS_ROOT = Path(os.environ.get("DUMPS_ROOT", BASE_DIR / "var" / "dumps"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Cache: local memory by default, Redis when REDIS_URL is set (shared by every process).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's backend, reusing its Redis client (observatoire/core/cache.py).
            "BACKEND": "observatoire.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "observatoire",
        }
    }
else:
    # Room for the public site's cached pages (observatoire/site/cache.py); 300 by default.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        }
    }

# Celery: a Redis broker when REDIS_URL is set, otherwise tasks run inline.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host: kombu warns without one
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Connectors (docs/connectors.md): API roots with their version, credentials from the
# environment only (never stored in the database, never printed).
INSTAGRAM_API_URL = os.environ.get("INSTAGRAM_API_URL", "https://graph.facebook.com/v26.0")
INSTAGRAM_ACCESS_TOKEN = os.environ.get("INSTAGRAM_ACCESS_TOKEN", "")
INSTAGRAM_BUSINESS_ACCOUNT_ID = os.environ.get("INSTAGRAM_BUSINESS_ACCOUNT_ID", "")
FACEBOOK_API_URL = os.environ.get("FACEBOOK_API_URL", "https://graph.facebook.com/v26.0")
FACEBOOK_ACCESS_TOKEN = os.environ.get("FACEBOOK_ACCESS_TOKEN", "")
THREADS_API_URL = os.environ.get("THREADS_API_URL", "https://graph.threads.net/v1.0")
THREADS_ACCESS_TOKEN = os.environ.get("THREADS_ACCESS_TOKEN", "")
X_API_URL = os.environ.get("X_API_URL", "https://api.x.com/2")
X_BEARER_TOKEN = os.environ.get("X_BEARER_TOKEN", "")
YOUTUBE_API_URL = os.environ.get("YOUTUBE_API_URL", "https://www.googleapis.com/youtube/v3")
YOUTUBE_API_KEY = os.environ.get("YOUTUBE_API_KEY", "")
TIKTOK_API_URL = os.environ.get("TIKTOK_API_URL", "https://open.tiktokapis.com/v2")
TIKTOK_CLIENT_KEY = os.environ.get("TIKTOK_CLIENT_KEY", "")
TIKTOK_CLIENT_SECRET = os.environ.get("TIKTOK_CLIENT_SECRET", "")
TIKTOK_ACCESS_TOKEN = os.environ.get("TIKTOK_ACCESS_TOKEN", "")  # instead of the key and secret
LINKEDIN_API_URL = os.environ.get("LINKEDIN_API_URL", "https://api.linkedin.com/rest")
LINKEDIN_ACCESS_TOKEN = os.environ.get("LINKEDIN_ACCESS_TOKEN", "")
LINKEDIN_API_VERSION = os.environ.get("LINKEDIN_API_VERSION", "202610")  # LinkedIn-Version header
BLUESKY_API_URL = os.environ.get("BLUESKY_API_URL", "https://public.api.bsky.app/xrpc")
MASTODON_API_URL = os.environ.get("MASTODON_API_URL", "")  # empty: each profile's own instance
# "network=requests_per_second:concurrency,…" overrides each connector's documented limits.
COLLECT_RATE_LIMITS = os.environ.get("COLLECT_RATE_LIMITS", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "observatoire@localhost")
# The site's address in e-mails sent without a request (Celery alerts, digests, reports).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), defence in depth against injected content such as a
# caption or handle that slipped through escaping: the browser runs only this site's own
# script files and stylesheets — no inline <script>, no style="" attribute, no eval — and
# loads nothing from another origin. Templates therefore carry no inline script or style
# (observatoire/site/tests/test_security_headers.py checks every main page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the empty favicon of base.html
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
