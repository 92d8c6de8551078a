"""Settings of the server that bench/load.py measures: the production settings (DEBUG off),
plain HTTP on the loopback, and the URLs of bench/load_urls.py (the project's plus one
trivial view)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # loopback, no TLS in front

from config.settings.production import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "load_urls"
