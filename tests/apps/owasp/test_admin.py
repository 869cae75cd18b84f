"""Editors win, through the real Wagtail admin: edit forms posted as a browser would, then synced again."""

import pytest
from wagtail.models import Revision

from apps.owasp.sync.owasp import sync_owasp
from cms.models import ProjectPage, Sponsor
from tests.apps.owasp.admin_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def juice():
    return ProjectPage.objects.get(owasp_key="www-project-juice-shop")


def edit_form(admin_client, page):
    response = admin_client.get(f"/cms/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response, form_data(response.content.decode(), "page-edit-form")


def publish(admin_client, page, data, **changes):
    data = {**data, **{name: [value] if isinstance(value, str) else value for name, value in changes.items()}}
    data["action-publish"] = ["action-publish"]
    response = admin_client.post(f"/cms/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_an_untouched_save_in_the_admin_is_not_an_override(snapshot, admin_client):
    sync_owasp(snapshot.root)
    _, data = edit_form(admin_client, juice())

    publish(admin_client, juice(), data)

    revisions = Revision.objects.count()
    report = sync_owasp(snapshot.root)
    assert report.updated == 0
    assert juice().overridden_fields == []
    assert Revision.objects.count() == revisions


def test_an_admin_edit_survives_sync_shows_as_overridden_and_can_be_handed_back(snapshot, admin_client):
    sync_owasp(snapshot.root)
    _, data = edit_form(admin_client, juice())
    publish(admin_client, juice(), data, pitch="Juice Shop, as our editors put it.")
    index_md = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index_md.write_text(index_md.read_text().replace("pitch: Probably", "pitch: Definitely"))

    sync_owasp(snapshot.root)

    assert juice().pitch == "Juice Shop, as our editors put it."
    assert juice().overridden_fields == ["pitch"]
    response, data = edit_form(admin_client, juice())
    html = response.content.decode()
    assert 'data-field="pitch" data-state="overridden"' in html
    assert 'data-field="level" data-state="synced"' in html
    assert "Last synced" in html
    assert "www-project-juice-shop" in html
    assert 'name="sync_hand_back" value="pitch"' in html

    publish(admin_client, juice(), data, sync_hand_back="pitch")

    page = juice()
    assert page.pitch.startswith("Definitely the most modern")
    assert page.overridden_fields == []
    assert page.live_revision.user.username == "editor"
    assert sync_owasp(snapshot.root).updated == 0


def test_an_admin_override_is_flagged_in_the_panel_before_any_sync(snapshot, admin_client):
    sync_owasp(snapshot.root)
    _, data = edit_form(admin_client, juice())
    publish(admin_client, juice(), data, level="lab")

    response, _ = edit_form(admin_client, juice())

    assert 'data-field="level" data-state="overridden"' in response.content.decode()


def test_leader_emails_are_shown_to_editors_but_never_on_the_public_page(snapshot, admin_client, client):
    sync_owasp(snapshot.root)
    response, _ = edit_form(admin_client, juice())
    assert "bjoern.kimminich@owasp.org" in response.content.decode()

    client.logout()
    public = client.get("/committees/project/")

    assert public.status_code == 200
    html = public.content.decode()
    assert "Bjoern Kimminich" in html
    assert "@owasp.org" not in html
    assert "Last synced" in html
    assert "from owasp-site/_data/committees.json + owasp-site/_data/leaders.json" in html


def test_index_and_detail_pages_render(snapshot, client):
    sync_owasp(snapshot.root)

    for url, text in [
        ("/projects/", "OWASP Juice Shop"),
        ("/chapters/", "OWASP London"),
        ("/committees/", "OWASP Project Committee"),
        ("/events/", "Events"),
        ("/chapters/london/", "OWASP-London"),
        ("/committees/project/", "Bjoern Kimminich"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_sponsor_snippet_hand_back_in_the_admin(snapshot, admin_client):
    snapshot.site_file("corp_members.yml")
    sync_owasp(snapshot.root, only=["sponsors"])
    adobe = Sponsor.objects.get(name="Adobe")
    url = f"/cms/snippets/cms/sponsor/edit/{adobe.pk}/"
    data = _snippet_form(admin_client, url)
    data["description"] = ["Adobe, in our own words."]
    assert admin_client.post(url, data).status_code == 302
    sync_owasp(snapshot.root, only=["sponsors"])
    adobe.refresh_from_db()
    assert adobe.description == "Adobe, in our own words."

    page = admin_client.get(url).content.decode()
    assert 'data-field="description" data-state="overridden"' in page
    data = _snippet_form(admin_client, url)
    data["sync_hand_back"] = ["description"]
    assert admin_client.post(url, data).status_code == 302

    adobe.refresh_from_db()
    assert adobe.description.startswith("Changing the world through personalized digital experiences")
    assert adobe.overridden_fields == []


def _snippet_form(admin_client, url):
    data = form_data(admin_client.get(url).content.decode(), "w-editor-form")
    assert "name" in data, "the snippet edit form was not found"
    return data
