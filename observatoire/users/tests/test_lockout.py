"""The client address the login throttle counts, behind reverse proxies or not."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from observatoire.users.lockout import client_ip
from observatoire.users.models import User


def address(remote: str = "10.0.0.1", forwarded: str | None = None) -> str | None:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().post("/", **headers))


def test_without_proxy_the_address_is_the_connection_and_the_header_is_ignored():
    assert address("198.51.100.4", forwarded="203.0.113.9") == "198.51.100.4"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_what_the_proxy_saw():
    assert address(forwarded="203.0.113.9") == "203.0.113.9"
    # What the client wrote itself, left of the proxy's entry, is not believed.
    assert address(forwarded="192.0.2.1, 203.0.113.9") == "203.0.113.9"
    # A request that did not go through the proxy: its own connection.
    assert address("198.51.100.4") == "198.51.100.4"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies():
    assert address(forwarded="192.0.2.1, 203.0.113.9, 10.0.0.2") == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_garbage_is_not_an_address():
    assert address("", forwarded="not-an-ip") is None
    assert address("10.0.0.1", forwarded="not-an-ip") is None


def test_an_ipv6_client_is_counted_by_its_64_network():
    assert address("2001:db8:1:2:aaaa::1") == address("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::"
    assert address("2001:db8:1:3::1") == "2001:db8:1:3::"
    assert address("::ffff:198.51.100.4") == "198.51.100.4"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_clients_behind_the_proxy_are_locked_out_one_by_one():
    User.objects.create_user("camille", password="un-mot-de-passe-solide")
    User.objects.create_user("dominique", password="un-autre-mot-de-passe")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for number in range(5):
        attacker.post(reverse("users:login"), {"username": f"agent{number}", "password": "x"})
    refused = attacker.post(
        reverse("users:login"), {"username": "camille", "password": "un-mot-de-passe-solide"}
    )
    assert refused.status_code == 429
    neighbour = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    welcomed = neighbour.post(
        reverse("users:login"), {"username": "dominique", "password": "un-autre-mot-de-passe"}
    )
    assert welcomed.status_code == 302
