"""An editor saves a synced page through the real Wagtail edit form (Draftail and all) in a browser: only the
field they changed becomes theirs; the fields the editor merely re-encoded keep following sync."""

import json

import pytest

from apps.owasp.sync.owasp import sync_owasp
from cms.models import ProjectPage
from tests.apps.owasp.conftest import SITE, Snapshot

# From the migrated database, not the run's synced data: the tests sync their two projects' data, and a sync of
# only those onto every synced project would first take the others down (tens of seconds of page removals).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("without_owasp_data"),
]

PASSWORD = "editor-password"
NEW_PITCH = "Juice Shop, as our editors put it."


@pytest.fixture
def data(tmp_path, data_dir):
    """The real data of two projects: Juice Shop (a long description with links) and .NET (none at all)."""
    snap = Snapshot(tmp_path / "data", data_dir)
    keys = ["www-project-juice-shop", "www-project-.net"]
    snap.site_list("projects.json", keys)
    leaders = json.loads((data_dir / SITE / "leaders.json").read_text())
    snap.write_site_json("leaders.json", [row for row in leaders if any(f"/{k}/" in row["group_url"] for k in keys)])
    snap.repo("www-project-juice-shop")
    return snap


@pytest.fixture
def signed_in(page, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto("/cms/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cms/")
    return page


def publish_in_the_editor(tab, project: ProjectPage, **fields) -> None:
    tab.goto(f"/cms/pages/{project.pk}/edit/")
    tab.wait_for_selector("[data-draftail-input], .Draftail-Editor", state="attached")
    for name, value in fields.items():
        tab.fill(f"#id_{name}", value)
    tab.locator("form#page-edit-form").evaluate(
        "form => form.requestSubmit(form.querySelector('button[name=action-publish]'))"
    )
    tab.wait_for_url(f"**/cms/pages/{project.get_parent().pk}/")


def test_publishing_only_a_new_pitch_overrides_only_the_pitch(signed_in, data):
    sync_owasp(data.root, only=["projects"])
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    assert juice.description, "Juice Shop's data has a description"

    publish_in_the_editor(signed_in, juice, pitch=NEW_PITCH)

    juice = ProjectPage.objects.get(pk=juice.pk)
    assert juice.live_revision.user.username == "editor"
    assert juice.pitch == NEW_PITCH
    report = sync_owasp(data.root, only=["projects"])
    juice = ProjectPage.objects.get(pk=juice.pk)
    assert juice.overridden_fields == ["pitch"]
    assert report.updated == 0

    index_md = data.root / "owasp-repos/www-project-juice-shop/index.md"
    text = index_md.read_text()
    assert "Juice Shop is" in text
    index_md.write_text(text.replace("Juice Shop is", "Juice Shop, as upstream now words it, is", 1))
    report = sync_owasp(data.root, only=["projects"])

    juice = ProjectPage.objects.get(pk=juice.pk)
    assert report.updated == 1
    assert "Juice Shop, as upstream now words it, is" in juice.description
    assert juice.pitch == NEW_PITCH
    assert juice.overridden_fields == ["pitch"]


def test_an_empty_description_saved_by_the_editor_stays_synced(signed_in, data):
    sync_owasp(data.root, only=["projects"])
    dotnet = ProjectPage.objects.get(owasp_key="www-project-.net")
    assert dotnet.description == ""

    publish_in_the_editor(signed_in, dotnet, pitch="A pitch of our own.")

    sync_owasp(data.root, only=["projects"])
    dotnet = ProjectPage.objects.get(pk=dotnet.pk)
    assert dotnet.overridden_fields == ["pitch"]
