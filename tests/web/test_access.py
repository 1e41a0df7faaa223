"""Who may open which page: one table over every GET route of the audience blueprints."""

from __future__ import annotations

import pytest
from flask import Flask

ROLES = ("trainee", "trainer", "manager", "admin")
BLUEPRINT_ROLE = {
    "learner": "trainee",
    "trainer": "trainer",
    "manager": "manager",
    "admin": "admin",
}
HOMES = {
    "trainee": "/learn/",
    "trainer": "/trainer/",
    "manager": "/manager/",
    "admin": "/admin/",
}


def _audience_urls(app: Flask) -> list[tuple[str, str]]:
    """(url, owner role) for every parameter-free GET page of an audience blueprint."""
    urls = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if blueprint in BLUEPRINT_ROLE and "GET" in rule.methods and not rule.arguments:
            urls.append((rule.rule, BLUEPRINT_ROLE[blueprint]))
    return sorted(urls)


def test_every_audience_blueprint_has_pages(app: Flask) -> None:
    """Does the table below really walk the pages of all four audiences?"""
    owners = {owner for _, owner in _audience_urls(app)}
    assert owners == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_own_pages(app: Flask, login_as, role: str) -> None:
    """Does every role get 200 on its own pages and 403 on every other audience's pages?"""
    client = login_as(role)
    for url, owner in _audience_urls(app):
        status = client.get(url).status_code
        expected = 200 if owner == role else 403
        assert status == expected, f"{role} on {url}: {status}, expected {expected}"


@pytest.mark.parametrize("role", ROLES)
def test_login_lands_on_the_roles_home(app: Flask, client, role: str) -> None:
    """Does each demo role land on its own home page after logging in?"""
    from tests.factories import make_user

    user = make_user(role=role)
    response = client.login(user.username)
    assert response.headers["Location"] == HOMES[role]
    assert client.get(HOMES[role]).status_code == 200


def test_anonymous_visitor_is_sent_to_login(app: Flask, client) -> None:
    """Is every audience page closed to visitors who have not logged in?"""
    for url, _owner in _audience_urls(app):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]
