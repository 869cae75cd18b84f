"""What visitors read about where the data comes from, and the site in French."""

import pytest

from cms.models import HomePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(data_dir):
    return factories.project_site(data_dir, limit=5, health_days=1)


def test_sync_lines_say_where_from_and_how_long_ago_with_the_source_in_a_tooltip(client, site):
    project = client.get(site["juice"].url).content.decode()
    listing = client.get("/projects/").content.decode()

    assert "From owasp.org, synced" in project and " ago." in project
    assert (
        f'title="Synced {site["juice"].last_synced_at:%Y-%m-%d %H:%M} UTC from {site["juice"].sync_source}"' in project
    )
    assert "From owasp.org, synced" in listing
    assert (
        "Last synced" not in project and "_data/projects.json" not in listing.split("<main", 1)[-1].split('title="')[0]
    )


def test_the_site_in_french_translates_the_tagline_and_the_badges(client, site):
    english = client.get("/").content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    project = client.get(site["juice"].url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "see how healthy it is" in english
    assert "voyez sa vitalité" in french and "see how healthy it is" not in french
    assert "Projet Phare" in project and "Projet Flagship" not in project
    french_type = {"code": "Code", "tool": "Outil", "documentation": "Documentation", "other": "Autre"}
    assert f">{french_type[site['juice'].project_type]}<" in project
    assert "Depuis owasp.org, synchronisé il y a" in project


def test_an_editors_own_tagline_is_shown_as_written(client, site):
    HomePage.objects.update(intro="Our own words")

    assert "Our own words" in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
