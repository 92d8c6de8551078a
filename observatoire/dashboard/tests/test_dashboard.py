from django.urls import reverse

from .worlds import dashboard_world


def test_members_see_the_dashboard(client, db):
    world = dashboard_world()
    url = reverse("dashboard:home", args=[world.territory.slug])
    client.force_login(world.viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert "Gers" in response.content.decode()
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
