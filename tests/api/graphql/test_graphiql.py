"""GraphiQL is served from the site's own static files, only where NEST_GRAPHIQL is on (Local), under a
policy that allows no script from elsewhere; API clients always get JSON."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def page(client):
    return client.get("/graphql/", HTTP_ACCEPT="text/html")


def test_graphiql_loads_only_local_assets_when_enabled(client, settings):
    settings.NEST_GRAPHIQL = True
    response = page(client)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="graphiql"' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets)
    assert "cdn" not in html and "https://" not in html
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    policy = response["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script.split() == ["script-src", "'self'"]


def test_graphiql_is_off_unless_enabled_and_the_api_answers_json(client, settings):
    settings.NEST_GRAPHIQL = False
    response = page(client)

    assert response.status_code == 400  # a browser asking for HTML gets the API's own answer
    assert response["Content-Type"] == "application/json"
    assert "Must provide query string" in response.content.decode()


def test_graphiql_is_on_in_local_and_off_by_default_elsewhere():
    from nest.settings.base import Base
    from nest.settings.local import Local
    from nest.settings.production import Production

    assert Local.NEST_GRAPHIQL.default is True
    assert Base.NEST_GRAPHIQL.default is False
    assert Production.NEST_GRAPHIQL is Base.NEST_GRAPHIQL


def test_the_vendored_scripts_are_the_pinned_packages():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    pins = json.loads((root / "package.json").read_text())["devDependencies"]
    assert pins["graphiql"] == "2.4.7" and pins["react"] == pins["react-dom"] == "17.0.2"
    react = (root / "api/static/api/vendor/react/react.production.min.js").read_text()
    assert "react.production.min.js" in react and "v17.0.2" in react
