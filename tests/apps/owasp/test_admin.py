"""Editors win, through the real Wagtail admin: edit forms posted as a browser would, then synced again."""

import json

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


def rekeyed(contentstate: str, *, drop_empty: bool = False) -> str:
    """The description as the browser's editor posts it back: new block keys (and, as it does for links without
    text, blocks left empty dropped)."""
    state = json.loads(contentstate)
    blocks = [block for block in state["blocks"] if not (drop_empty and not block["text"].strip())]
    for number, block in enumerate(blocks):
        block["key"] = f"k{number:04d}"
    return json.dumps({**state, "blocks": blocks})


def test_a_pitch_change_posted_with_a_re_encoded_description_overrides_only_the_pitch(snapshot, admin_client):
    sync_owasp(snapshot.root)
    _, data = edit_form(admin_client, juice())
    description = rekeyed(data["description"][0], drop_empty=True)

    publish(admin_client, juice(), data, pitch="Juice Shop, as our editors put it.", description=description)

    assert 'data-block-key="k0000"' in juice().description, "the form saved the re-encoded description"
    assert sync_owasp(snapshot.root).updated == 0
    assert juice().overridden_fields == ["pitch"]
    index_md = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index_md.write_text(index_md.read_text().replace("Juice Shop is", "Juice Shop, as upstream now words it, is", 1))
    assert sync_owasp(snapshot.root).updated == 1
    assert "Juice Shop, as upstream now words it, is" in juice().description
    assert juice().overridden_fields == ["pitch"]


def test_an_empty_description_saved_as_an_empty_paragraph_is_not_an_override(snapshot, admin_client):
    sync_owasp(snapshot.root)
    dotnet = ProjectPage.objects.get(owasp_key="www-project-.net")
    assert dotnet.description == ""
    _, data = edit_form(admin_client, dotnet)
    empty = {"blocks": [{"key": "e0000", "text": "", "type": "unstyled", "depth": 0}], "entityMap": {}}
    for block in empty["blocks"]:
        block.update(inlineStyleRanges=[], entityRanges=[], data={})

    publish(admin_client, dotnet, data, pitch="A pitch of our own.", description=json.dumps(empty))

    dotnet.refresh_from_db()
    assert dotnet.description == '<p data-block-key="e0000"></p>'
    sync_owasp(snapshot.root)
    dotnet.refresh_from_db()
    assert dotnet.overridden_fields == ["pitch"]


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
    assert "From owasp.org, synced" in html
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
