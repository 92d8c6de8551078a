"""Alerts recorded for the right members, and the e-mails they receive: unreachable profiles
the day they are found (one e-mail per member and day), ranking news in one digest per
member and month, in the member's language, never twice."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation

from observatoire.dashboard.alerts import selectors
from observatoire.dashboard.alerts.sending import alerts_unreachable_send, digests_send
from observatoire.dashboard.alerts.services import (
    alerts_catch_up,
    alerts_ranking_record,
    alerts_unreachable_record,
)
from observatoire.dashboard.models import Alert, AlertDelivery, AlertPreference
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import Methodology, RankingEntry
from observatoire.site.tests.factories import RankingPublicationFactory, methodology_v1
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import Membership, User

pytestmark = pytest.mark.django_db
Kind = Alert.Kind
SEPTEMBER, OCTOBER = dt.date(2026, 9, 1), dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def site_url(settings):
    """E-mails are built outside any request: their links are on SITE_URL."""
    settings.SITE_URL = "https://observatoire.example.fr"


def member(username, *territories, language="fr", **preferences):
    """A member of `territories` with these alert preferences (no PDF report by default)."""
    user = User.objects.create_user(
        username=username,
        email=f"{username}@exemple.fr",
        first_name=username.title(),
        language=language,
    )
    for territory in territories:
        Membership.objects.create(user=user, territory=territory)
    AlertPreference.objects.create(user=user, **{"monthly_report": False, **preferences})
    return user


def kinds(user) -> list[str]:
    return sorted(Alert.objects.filter(user=user).values_list("kind", flat=True))


def outbox_for(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def html_of(message) -> str:
    return message.alternatives[0][0]


# --- unreachable profiles -----------------------------------------------------------


@pytest.fixture
def gers_world():
    gers, aude = DepartementFactory(name="Gers"), DepartementFactory(name="Aude")
    return {
        "gers": gers,
        "aude": aude,
        "manager": member("camille", gers),
        "quiet": member("dominique", gers, profile_unreachable=False),
        "outsider": member("alex", aude),
    }


def break_profile(territory, handle, *, network=Network.INSTAGRAM, since=None, reason=None):
    return ProfileFactory(
        territory=territory,
        network=network,
        handle=handle,
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=reason or Profile.UnavailableReason.NOT_FOUND,
        unavailable_since=since or timezone.localdate() - dt.timedelta(days=1),
    )


def scan_and_send(since, on=None):
    on = on or timezone.localdate()
    alerts_unreachable_record(since=since, on=on)
    return alerts_unreachable_send(on=on)


def test_an_unreachable_profile_alerts_the_members_of_its_collectivite_who_want_it(gers_world):
    since = timezone.now() - dt.timedelta(minutes=1)
    break_profile(gers_world["gers"], "gers_officiel")
    ProfileFactory(territory=gers_world["gers"], network=Network.FACEBOOK, handle="gers_fb")

    assert scan_and_send(since) == 1

    manager = gers_world["manager"]
    assert kinds(manager) == [Kind.PROFILE_UNREACHABLE]
    assert kinds(gers_world["quiet"]) == []  # switched off
    assert kinds(gers_world["outsider"]) == []  # member of another collectivité
    [message] = mail.outbox
    assert message.to == ["camille@exemple.fr"]
    assert "inaccessible" in message.subject
    body, html = message.body, html_of(message)
    assert "Gers" in body and "@gers_officiel" in body and "gers_fb" not in body
    assert "Profil introuvable (supprimé ou renommé)" in body  # the reason
    assert "signalez la nouvelle depuis la page Profils" in body  # how to fix it
    corrections = f"https://observatoire.example.fr/espace/{gers_world['gers'].slug}/profils/"
    assert corrections in body and f'href="{corrections}"' in html
    assert 'lang="fr"' in html


def test_one_email_per_member_and_day_and_a_rerun_sends_nothing(gers_world):
    since = timezone.now() - dt.timedelta(minutes=1)
    gers, aude = gers_world["gers"], gers_world["aude"]
    both = member("sam", gers, aude)
    break_profile(gers, "gers_insta")
    break_profile(aude, "aude_insta")

    assert scan_and_send(since) == 3  # camille, alex, and sam once for both
    [message] = outbox_for(both)
    assert "2 profils" in message.subject
    assert "@gers_insta" in message.body and "@aude_insta" in message.body

    assert scan_and_send(since) == 0  # the same collection, scanned and sent again
    assert len(mail.outbox) == 3
    assert AlertDelivery.objects.filter(user=both).count() == 1

    # Another profile breaks later the same day: the day's e-mail has gone, it waits…
    break_profile(gers, "gers_tiktok", network=Network.TIKTOK)
    assert scan_and_send(since) == 0
    assert len(mail.outbox) == 3
    # … for the next day's e-mail, which carries only it.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert alerts_unreachable_send(on=tomorrow) == 2  # camille and sam
    [_first, second] = outbox_for(both)
    assert "@gers_tiktok" in second.body and "@gers_insta" not in second.body
    assert Alert.objects.filter(user=both, delivery__isnull=True).count() == 0


def test_a_concurrent_run_that_read_the_same_alerts_sends_nothing(gers_world, monkeypatch):
    """Two workers read the same pending alerts before either sent them: the second finds
    the first's e-mail recorded (it waits on its unique key until the first commits)."""
    since = timezone.now() - dt.timedelta(minutes=1)
    break_profile(gers_world["gers"], "gers_officiel")
    alerts_unreachable_record(since=since, on=timezone.localdate())
    key, pending_since = f"unreachable:{timezone.localdate()}", since - dt.timedelta(days=1)
    users = list(selectors.unreachable_recipients(key=key, since=pending_since))
    pending = {u.pk: selectors.unreachable_pending(user=u, since=pending_since) for u in users}

    assert alerts_unreachable_send() == 1
    monkeypatch.setattr(selectors, "unreachable_recipients", lambda **kwargs: iter(users))
    monkeypatch.setattr(selectors, "unreachable_pending", lambda *, user, since: pending[user.pk])

    assert alerts_unreachable_send() == 0
    assert len(mail.outbox) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_an_email_the_server_refused_is_not_lost(gers_world, settings):
    since = timezone.now() - dt.timedelta(minutes=1)
    break_profile(gers_world["gers"], "gers_officiel")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with pytest.raises(ConnectionRefusedError):
        scan_and_send(since)

    assert not AlertDelivery.objects.exists()  # not recorded as sent
    assert Alert.objects.get(user=gers_world["manager"]).delivery is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert alerts_catch_up() == 1  # the daily safety net sends it
    assert Alert.objects.get(user=gers_world["manager"]).delivery is not None
    assert len(mail.outbox) == 1


def test_a_profile_that_broke_long_ago_or_was_not_touched_is_not_news(gers_world):
    since = timezone.now() - dt.timedelta(minutes=1)
    long_ago = timezone.localdate() - dt.timedelta(days=120)
    old = break_profile(gers_world["gers"], "gers_ancien", since=long_ago)
    untouched = break_profile(gers_world["gers"], "gers_hier", network=Network.FACEBOOK)
    Profile.objects.filter(pk=untouched.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))

    assert scan_and_send(since) == 0
    assert not Alert.objects.filter(data__profile__in=[old.pk, untouched.pk]).exists()


def test_a_profile_that_breaks_again_is_a_new_alert(gers_world):
    since = timezone.now() - dt.timedelta(minutes=1)
    profile = break_profile(gers_world["gers"], "gers_instable")
    scan_and_send(since)
    profile.status, profile.unavailable_since = Profile.Status.ACTIVE, None
    profile.save()
    profile.status = Profile.Status.UNAVAILABLE
    profile.unavailable_since = timezone.localdate()
    profile.save()

    scan_and_send(since, on=timezone.localdate() + dt.timedelta(days=1))

    assert len(outbox_for(gers_world["manager"])) == 2


def test_the_email_is_in_the_members_language(gers_world):
    english = member("robin", gers_world["gers"], language="en")
    since = timezone.now() - dt.timedelta(minutes=1)
    break_profile(gers_world["gers"], "gers_officiel", since=dt.date(2026, 11, 3))

    scan_and_send(since, on=dt.date(2026, 11, 4))

    [message] = outbox_for(english)
    # Rendered under English: Django's own catalogue names the month, whatever ours holds.
    assert "(4 November 2026)" in message.subject
    assert "November 2026" in message.body
    assert 'lang="en"' in html_of(message)
    assert AlertDelivery.objects.get(user=english).language == "en"
    [french] = outbox_for(gers_world["manager"])
    assert "4 novembre 2026" in french.subject and 'lang="fr"' in html_of(french)
    assert translation.get_language() == "fr"  # the sender's language is restored


def test_untrusted_handles_are_escaped_in_the_html_email(gers_world):
    since = timezone.now() - dt.timedelta(minutes=1)
    break_profile(gers_world["gers"], "<b>gers</b>")

    scan_and_send(since)

    [message] = mail.outbox
    assert "<b>gers</b>" not in html_of(message)
    assert "&lt;b&gt;gers&lt;/b&gt;" in html_of(message)
    assert "@<b>gers</b>" in message.body  # the text part shows it as it is


# --- rankings: Top 10, moves, new ranking, one digest per month ----------------------


def entry(publication, territory, network, rank, previous=None):
    profile = Profile.objects.filter(territory=territory, network=network).first()
    profile = profile or ProfileFactory(
        territory=territory, network=network, handle=f"{network}_{territory.slug}"
    )
    return RankingEntry.objects.create(
        publication=publication,
        network=network,
        category=Category.DEPARTEMENT,
        profile=profile,
        territory=territory,
        eligible=rank is not None,
        reason="" if rank is not None else RankingEntry.Reason.UNAVAILABLE,
        rank=rank,
        previous_rank=previous,
        movement=None if rank is None or previous is None else previous - rank,
    )


@pytest.fixture
def ranked():
    """September then October: the Gers enters the Top 10 on Instagram (12 → 7) and gains
    8 places on Facebook (30 → 22); the Aude leaves it on Instagram (3 → 15) and gains 2
    places on Facebook (40 → 38)."""
    gers, aude = DepartementFactory(name="Gers"), DepartementFactory(name="Aude")
    september = RankingPublicationFactory(month=SEPTEMBER)
    october = RankingPublicationFactory(month=OCTOBER)
    for territory, network, rank in [
        (gers, Network.INSTAGRAM, 12),
        (gers, Network.FACEBOOK, 30),
        (aude, Network.INSTAGRAM, 3),
        (aude, Network.FACEBOOK, 40),
    ]:
        entry(september, territory, network, rank)
    entry(october, gers, Network.INSTAGRAM, 7, previous=12)
    entry(october, gers, Network.FACEBOOK, 22, previous=30)
    entry(october, aude, Network.INSTAGRAM, 15, previous=3)
    entry(october, aude, Network.FACEBOOK, 38, previous=40)
    return {"gers": gers, "aude": aude, "september": september, "october": october}


def publish(publication) -> int:
    alerts_ranking_record(publication=publication)
    return digests_send(publication=publication)


def test_ranking_alerts_follow_each_members_collectivite_and_preferences(ranked):
    gers, aude = ranked["gers"], ranked["aude"]
    manager = member("camille", gers, rank_move_threshold=5)
    patient = member("dominique", gers, rank_move_threshold=10)
    outsider = member("alex", aude)
    news_only = member("sacha", gers, rank_change=False)
    nothing = member("noa", gers, rank_change=False, new_ranking=False)

    assert publish(ranked["october"]) == 4

    published = Kind.RANKING_PUBLISHED
    assert kinds(manager) == sorted([published, Kind.TOP10_ENTERED, Kind.RANK_MOVED])
    assert kinds(patient) == sorted([published, Kind.TOP10_ENTERED])  # 8 places < 10
    assert kinds(outsider) == sorted([published, Kind.TOP10_LEFT])  # 2 places < 5
    assert kinds(news_only) == [published]
    assert kinds(nothing) == []
    assert outbox_for(nothing) == []
    [digest] = outbox_for(manager)
    assert digest.subject == "Votre récapitulatif mensuel de l'Observatoire : octobre 2026"
    assert "Instagram : entrée dans le Top 10 (Départements), rang 7 en octobre 2026" in digest.body
    assert "Facebook : 8 places gagnées (Départements), rang 22" in digest.body
    assert "Nouveau classement publié : octobre 2026" in digest.body
    assert "Aude" not in digest.body
    assert f"/espace/{gers.slug}/" in digest.body  # the dashboard
    assert "month=2026-10&amp;network=instagram&amp;category=departement" in html_of(digest)
    [left] = outbox_for(outsider)
    assert "Instagram : sortie du Top 10 (Départements), rang 15" in left.body
    assert Alert.objects.filter(delivery__isnull=True).count() == 0


def test_one_digest_per_member_and_month_and_a_rerun_sends_nothing(ranked):
    both = member("sam", ranked["gers"], ranked["aude"])

    assert publish(ranked["october"]) == 1
    alerts = Alert.objects.count()
    assert publish(ranked["october"]) == 0  # the ranking task run again
    assert Alert.objects.count() == alerts
    assert alerts_catch_up() == 0  # the daily safety net finds nothing to send

    [digest] = mail.outbox
    assert digest.to == ["sam@exemple.fr"]
    assert "Gers" in digest.body and "Aude" in digest.body
    delivery = AlertDelivery.objects.get(user=both)
    assert (delivery.key, delivery.kind) == ("digest:2026-10", AlertDelivery.Kind.DIGEST)
    assert set(delivery.alerts.values_list("kind", flat=True)) == {
        Kind.RANKING_PUBLISHED,
        Kind.TOP10_ENTERED,
        Kind.TOP10_LEFT,
        Kind.RANK_MOVED,
    }


def test_after_the_digest_only_newcomers_get_the_months_news(ranked):
    camille = member("camille", ranked["gers"], rank_move_threshold=10)
    publish(ranked["october"])
    AlertPreference.objects.filter(user=camille).update(rank_move_threshold=1)
    newcomer = member("noe", ranked["aude"])

    assert alerts_catch_up() == 1  # the newcomer's digest, not a second one for camille

    assert Alert.objects.filter(user=camille, delivery__isnull=True).count() == 0
    assert kinds(newcomer) == sorted([Kind.RANKING_PUBLISHED, Kind.TOP10_LEFT])
    assert [m.to for m in mail.outbox] == [[camille.email], [newcomer.email]]


def test_the_digest_is_in_the_members_language(ranked):
    english = member("robin", ranked["gers"], language="en")
    french = member("camille", ranked["gers"])

    publish(ranked["october"])

    [message] = outbox_for(english)
    assert "October 2026" in message.subject  # Django's own English month names
    assert "October 2026" in message.body and "octobre" not in message.body
    assert 'lang="en"' in html_of(message)
    [message] = outbox_for(french)
    assert "octobre 2026" in message.subject and 'lang="fr"' in html_of(message)


def test_the_first_month_published_only_announces_the_ranking(ranked):
    manager = member("camille", ranked["gers"])

    publish(ranked["september"])

    assert kinds(manager) == [Kind.RANKING_PUBLISHED]


def test_a_ranking_made_with_another_methodology_is_not_announced(ranked):
    member("camille", ranked["gers"])
    methodology_v1()
    trial = Methodology.objects.create(slug="essai", name="Essai", weights={"reach": 1})
    publication = RankingPublicationFactory(methodology=trial, month=OCTOBER)
    entry(publication, ranked["gers"], Network.INSTAGRAM, 1, previous=12)

    assert publish(publication) == 0
    assert Alert.objects.count() == 0


def test_a_collectivite_unranked_this_month_has_left_the_top_10(ranked):
    outsider = member("alex", ranked["aude"])
    RankingEntry.objects.filter(publication=ranked["october"], territory=ranked["aude"]).delete()
    entry(ranked["october"], ranked["aude"], Network.INSTAGRAM, None, previous=3)

    publish(ranked["october"])

    [message] = outbox_for(outsider)
    assert "sortie du Top 10 (Départements), non classé en octobre 2026" in message.body


def test_every_email_can_be_unsubscribed_in_one_click(ranked):
    manager = member("camille", ranked["gers"])

    publish(ranked["october"])

    [digest] = mail.outbox
    header = digest.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://observatoire.example.fr/compte/alertes/desabonnement/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in digest.body
    assert "https://observatoire.example.fr/compte/alertes/" in digest.body  # the preferences
    assert manager.email in digest.to
