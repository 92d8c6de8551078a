"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's live
server."""

import datetime as dt
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# axe-core, installed by `npm ci` (package.json): a test tool, never served by the site.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Set E2E_SCREENSHOTS=docs/screenshots to refresh the README's screenshots.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls of the
    # fixtures in that thread stay synchronous, so Django's async guard is lifted meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Chromium reports what the Content-Security-Policy blocks in the console ("Refused to
# apply inline style because it violates the following Content Security Policy directive…")
# and fires `securitypolicyviolation`; this script, run before the page's own, logs the event
# too. Playwright's init scripts are not subject to the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("securitypolicyviolation: " + event.violatedDirective + " blocked "
                + (event.blockedURI || "inline") + " in " + event.sourceFile
                + ":" + event.lineNumber);
});
"""


def watch_csp(context) -> list[str]:
    """Every CSP violation in the pages of `context`, as the browser reported it."""
    violations: list[str] = []
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("securitypolicyviolation"):
            violations.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)
    return violations


@pytest.fixture
def page(browser, live_server):
    """A French desktop page; the test fails if the site's CSP blocks anything meanwhile."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    page.csp_violations = violations
    yield page
    context.close()
    assert violations == [], "Content-Security-Policy violations"


@pytest.fixture
def axe(page):
    """`page`, with axe-core loaded in every page it opens next (`axe.run(…)`): injected from
    node_modules as an init script, which the site's Content-Security-Policy does not govern."""
    page.add_init_script(path=str(AXE))
    return page


@pytest.fixture
def site_data(transactional_db):
    """Sixty départements in two régions on Instagram and Facebook over three months, a
    community manager of one of them, and a blog article."""
    from django.core.cache import cache
    from django.utils import timezone

    from observatoire.blog.models import Article
    from observatoire.site.tests.factories import build_rankings
    from observatoire.users.models import Membership, User

    cache.clear()
    world = build_rankings(
        months=[dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)],
        regions=2,
        departements_per_region=30,
        unavailable=2,
    )
    # Ranked in October, broken since 12 November ("Attention danger"): the n°1 on Instagram
    # (first page of the ranking) and the first département (its page is audited by axe).
    from observatoire.profiles.models import Network, Profile
    from observatoire.rankings.models import RankingEntry

    leader = RankingEntry.objects.get(
        publication=world["publications"][-1], network=Network.INSTAGRAM, rank=1
    )
    first = world["profiles"][Network.INSTAGRAM, world["departements"][0].pk]
    Profile.objects.filter(pk__in=[leader.profile_id, first.pk]).update(
        status=Profile.Status.UNAVAILABLE,
        unavailable_since=dt.date(2026, 11, 12),
        unavailable_reason=Profile.UnavailableReason.NOT_FOUND,
    )
    world["broken_now"] = leader
    user = User.objects.create_user("camille", "camille@example.org", "un-mot-de-passe-solide")
    Membership.objects.create(user=user, territory=world["departements"][0])
    Article.objects.create(
        title="Les classements d'octobre",
        slug="classements-octobre",
        summary="Qui progresse, qui recule.",
        body="## Analyse\n\nLes **départements**…",
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    yield world
    cache.clear()


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    if SCREENSHOTS:
        directory = Path(SCREENSHOTS)
        directory.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(directory / f"{name}.png"), full_page=full_page)
