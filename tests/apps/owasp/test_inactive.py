"""An inactive project OWASP still lists says so; one OWASP stopped listing says that instead."""

import pytest

from apps.owasp.sync.owasp import sync_owasp
from cms.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def encoder_snapshot(snapshot):
    # www-project-java-encoder: level "0" in projects.json, i.e. inactive, and still listed.
    snapshot.site_list("projects.json", ["www-project-juice-shop", "www-project-java-encoder"])
    snapshot.repo("www-project-java-encoder")
    return snapshot


def test_a_listed_level_zero_project_is_an_inactive_project(encoder_snapshot, client):
    sync_owasp(encoder_snapshot.root)
    encoder = ProjectPage.objects.get(owasp_key="www-project-java-encoder")

    assert (encoder.is_active, encoder.is_listed) == (False, True)
    assert encoder.inactive_notice == "Inactive project."
    html = client.get(encoder.url).content.decode()
    assert "<strong data-inactive>Inactive project.</strong>" in html
    assert "no longer listed" not in html


def test_a_project_that_left_the_list_is_no_longer_listed_and_comes_back_when_listed_again(encoder_snapshot, client):
    sync_owasp(encoder_snapshot.root)
    encoder_snapshot.remove_site_entry("projects.json", "www-project-juice-shop")

    report = sync_owasp(encoder_snapshot.root)

    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    assert report.inactivated == 1
    assert (juice.is_active, juice.is_listed) == (False, False)
    assert "Inactive: no longer listed by OWASP." in client.get(juice.url).content.decode()
    assert sync_owasp(encoder_snapshot.root).inactivated == 0  # reported once

    encoder_snapshot.site_list("projects.json", ["www-project-juice-shop", "www-project-java-encoder"])
    sync_owasp(encoder_snapshot.root)
    juice.refresh_from_db()
    assert (juice.is_active, juice.is_listed, juice.inactive_notice) == (True, True, "")


def test_an_inactive_page_from_before_is_listed_marked_unlisted_on_the_next_sync(encoder_snapshot):
    sync_owasp(encoder_snapshot.root)
    encoder_snapshot.remove_site_entry("projects.json", "www-project-juice-shop")
    # As the sync left it before pages knew whether they were listed: inactive, default is_listed.
    ProjectPage.objects.filter(owasp_key="www-project-juice-shop").update(is_active=False)

    sync_owasp(encoder_snapshot.root)

    assert ProjectPage.objects.get(owasp_key="www-project-juice-shop").inactive_notice == (
        "Inactive: no longer listed by OWASP."
    )
