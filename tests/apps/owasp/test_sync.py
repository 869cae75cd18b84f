"""The sync on a small copy of the real data: create, idempotence, incremental updates, bad records, removals."""

import json

import pytest
from wagtail.models import Page, Revision

from apps.owasp.models import SyncRun
from apps.owasp.sync.owasp import sync_owasp
from apps.owasp.sync.users import SYNC_USERNAME
from cms import provenance
from cms.models import ChapterPage, CommitteePage, Leader, ProjectIndexPage, ProjectPage, Sponsor

pytestmark = pytest.mark.django_db


def page(key):
    return ProjectPage.objects.get(owasp_key=key)


def revisions(obj=None):
    queryset = Revision.objects.all()
    return queryset.filter(object_id=str(obj.pk)) if obj is not None else queryset


def test_first_sync_creates_live_pages_with_a_first_revision_by_the_sync_user(snapshot):
    report = sync_owasp(snapshot.root)

    assert report.as_dict()["by_entity"] == {
        "projects": {"created": 3},
        "chapters": {"created": 2},
        "committees": {"created": 1},
    }
    juice = page("www-project-juice-shop")
    assert juice.live and juice.is_active
    assert juice.url == "/projects/juice-shop/"
    assert (juice.level, juice.project_type) == ("flagship", "tool")
    assert [leader.name for leader in juice.leaders.all()] == ["Bjoern Kimminich", "Jannik Hollenbach"]
    assert juice.get_parent().specific_class is ProjectIndexPage
    assert juice.live_revision == juice.latest_revision
    assert juice.live_revision.user.username == SYNC_USERNAME
    assert juice.sync_source.startswith("owasp-site/_data/projects.json + owasp-repos/www-project-juice-shop")
    assert juice.last_synced_at is not None
    assert page("www-project-.net").slug == "net"
    assert ChapterPage.objects.get(owasp_key="www-chapter-london").url == "/chapters/london/"
    assert CommitteePage.objects.get(owasp_key="www-committee-project").url == "/committees/project/"
    assert revisions().count() == 6
    # The tree is consistent: the index counts its children, as treebeard's add_child would.
    index = ProjectIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == 3
    assert Page.find_problems() == ([], [], [], [], [])


def test_second_run_changes_nothing_and_saves_no_revision(snapshot):
    sync_owasp(snapshot.root)
    before = {p.pk: (p.latest_revision_id, p.last_synced_at, p.synced_values) for p in ProjectPage.objects.all()}
    revision_count = revisions().count()

    report = sync_owasp(snapshot.root)

    assert (report.created, report.updated, report.unchanged, report.inactivated) == (0, 0, 6, 0)
    assert revisions().count() == revision_count
    after = {p.pk: (p.latest_revision_id, p.last_synced_at, p.synced_values) for p in ProjectPage.objects.all()}
    assert after == before
    assert SyncRun.objects.count() == 2
    assert SyncRun.objects.latest().unchanged == 6


def test_a_changed_upstream_record_updates_only_what_changed_as_a_new_revision(snapshot):
    sync_owasp(snapshot.root)
    juice = page("www-project-juice-shop")
    before = {name: provenance.current_value(juice, name) for name in juice.synced_fields}
    yaml_file = snapshot.root / "owasp-repos/www-project-juice-shop/project.owasp.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("  - ctf\n", "  - ctf\n  - nest-test-tag\n"))

    report = sync_owasp(snapshot.root)

    assert (report.updated, report.unchanged) == (1, 5)
    juice = page("www-project-juice-shop")
    after = {name: provenance.current_value(juice, name) for name in juice.synced_fields}
    assert {name for name in after if after[name] != before[name]} == {"tags"}
    assert "nest-test-tag" in juice.tags
    assert revisions(juice).count() == 2
    assert juice.live_revision.user.username == SYNC_USERNAME
    assert juice.synced_values["tags"] == juice.tags


def test_a_level_change_in_the_site_data_reaches_a_project_without_repository(snapshot):
    sync_owasp(snapshot.root)
    entries = json.loads((snapshot.root / "owasp-site/_data/projects.json").read_text())
    for entry in entries:
        if entry["url"].endswith("/www-project-.net/"):
            entry["level"] = 3.5
    snapshot.write_site_json("projects.json", entries)

    sync_owasp(snapshot.root)

    assert page("www-project-.net").level == "production"


def test_malformed_front_matter_is_reported_and_skipped_and_the_page_kept(snapshot):
    sync_owasp(snapshot.root)
    zap = page("www-project-zap")
    (snapshot.root / "owasp-repos/www-project-zap/index.md").write_text("---\ntitle: OWASP ZAP\nlevel: [4\n---\nBody")

    report = sync_owasp(snapshot.root)

    assert [(s.entity, s.key) for s in report.skipped] == [("projects", "www-project-zap")]
    assert "www-project-zap/index.md front matter: invalid YAML" in report.skipped[0].reason
    assert "Skipped records:" in report.summary_lines()
    zap_after = page("www-project-zap")
    assert (zap_after.is_active, zap_after.latest_revision_id, zap_after.level) == (
        True,
        zap.latest_revision_id,
        "flagship",
    )
    assert SyncRun.objects.latest().report["skipped_records"][0]["key"] == "www-project-zap"


def test_malformed_front_matter_on_first_import_creates_no_page(snapshot):
    (snapshot.root / "owasp-repos/www-project-zap/index.md").write_text("---\ntitle: [\n---\n")

    report = sync_owasp(snapshot.root)

    assert report.created == 5
    assert report.skipped_count == 1
    assert not ProjectPage.objects.filter(owasp_key="www-project-zap").exists()


def test_a_record_removed_upstream_becomes_inactive_and_keeps_its_page(snapshot):
    sync_owasp(snapshot.root)
    snapshot.remove_site_entry("projects.json", "www-project-juice-shop")

    report = sync_owasp(snapshot.root)

    assert report.inactivated == 1
    juice = page("www-project-juice-shop")
    assert juice.is_active is False
    assert juice.live
    assert juice.leaders.count() == 2
    assert revisions(juice).count() == 2

    # A third run does not touch it again; putting it back upstream reactivates it.
    assert sync_owasp(snapshot.root).inactivated == 0
    snapshot.site_list("projects.json", ["www-project-juice-shop", "www-project-zap", "www-project-.net"])
    assert sync_owasp(snapshot.root).updated == 1
    assert page("www-project-juice-shop").is_active is True


def test_a_failing_record_is_rolled_back_whole_and_the_run_goes_on(snapshot, monkeypatch):
    original = Revision.objects.create

    def failing_create(**kwargs):
        if kwargs.get("object_str") == "OWASP Juice Shop":
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(Revision.objects, "create", failing_create)

    report = sync_owasp(snapshot.root)

    assert report.created == 5
    assert [(s.key, s.reason) for s in report.skipped] == [
        ("www-project-juice-shop", "could not be saved: RuntimeError: disk full")
    ]
    assert not Page.objects.filter(slug="juice-shop").exists()
    assert not Leader.objects.filter(name="Jannik Hollenbach").exists()
    index = ProjectIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == 2
    monkeypatch.undo()
    assert sync_owasp(snapshot.root).created == 1
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_editors_change_survives_sync_and_can_be_handed_back(snapshot, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    sync_owasp(snapshot.root)
    juice = page("www-project-juice-shop").get_latest_revision_as_object()
    juice.pitch = "An editor's pitch."
    juice.save_revision(user=editor).publish(user=editor)
    index_md = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index_md.write_text(
        index_md.read_text().replace("pitch: Probably", "pitch: Definitely").replace("level: 4", "level: 3")
    )

    report = sync_owasp(snapshot.root)

    juice = page("www-project-juice-shop")
    assert report.updated == 1
    assert juice.pitch == "An editor's pitch."  # the editor's value stays
    assert juice.level == "lab"  # a field the editor did not touch follows upstream
    assert juice.overridden_fields == ["pitch"]
    assert juice.synced_values["pitch"].startswith("Definitely the most modern")
    assert {s.name: s.state for s in provenance.field_states(juice)}["pitch"] == provenance.OVERRIDDEN

    assert sync_owasp(snapshot.root).updated == 0  # and it stays the editor's on later runs

    juice = juice.get_latest_revision_as_object()
    assert provenance.hand_back(juice, ["pitch"]) == ["pitch"]
    juice.save_revision(user=editor).publish(user=editor)
    juice = page("www-project-juice-shop")
    assert juice.pitch.startswith("Definitely the most modern")
    assert juice.overridden_fields == []

    index_md.write_text(index_md.read_text().replace("pitch: Definitely", "pitch: Surely"))
    sync_owasp(snapshot.root)
    assert page("www-project-juice-shop").pitch.startswith("Surely the most modern")


def test_an_editors_leader_list_is_kept_as_an_override(snapshot, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    sync_owasp(snapshot.root)
    juice = page("www-project-juice-shop").get_latest_revision_as_object()
    provenance.assign_value(juice, "leaders", [["Jannik Hollenbach", "jannik.hollenbach@owasp.org", "J12934"]])
    juice.save_revision(user=editor).publish(user=editor)

    sync_owasp(snapshot.root)

    juice = page("www-project-juice-shop")
    assert [leader.name for leader in juice.leaders.all()] == ["Jannik Hollenbach"]
    assert juice.overridden_fields == ["leaders"]


def test_an_unpublished_draft_is_kept_and_sync_changes_go_on_top_unpublished(snapshot, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    sync_owasp(snapshot.root)
    juice = page("www-project-juice-shop").get_latest_revision_as_object()
    juice.title = "OWASP Juice Shop (draft title)"
    juice.save_revision(user=editor)
    index_md = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index_md.write_text(index_md.read_text().replace("level: 4", "level: 3"))

    report = sync_owasp(snapshot.root)

    assert report.updated == 1
    live = page("www-project-juice-shop")
    assert (live.title, live.level) == ("OWASP Juice Shop", "flagship")  # nothing published behind the editor
    draft = live.get_latest_revision_as_object()
    assert (draft.title, draft.level) == ("OWASP Juice Shop (draft title)", "lab")
    assert live.latest_revision.user.username == SYNC_USERNAME
    assert live.has_unpublished_changes


def test_a_sibling_with_the_same_slug_gets_a_numbered_slug(snapshot):
    index = ProjectIndexPage.objects.get()
    index.add_child(instance=ProjectPage(title="Editor's juice", slug="juice-shop"))

    sync_owasp(snapshot.root)

    assert page("www-project-juice-shop").slug == "juice-shop-2"


def test_a_deleted_index_page_is_recreated(snapshot):
    ProjectIndexPage.objects.get().delete()

    sync_owasp(snapshot.root)

    assert page("www-project-juice-shop").url == "/projects/juice-shop/"


def test_sponsors_are_created_kept_idempotent_and_inactivated(snapshot):
    snapshot.site_file("corp_members.yml")

    assert sync_owasp(snapshot.root, only=["sponsors"]).created == 84
    assert sync_owasp(snapshot.root, only=["sponsors"]).unchanged == 84
    adobe = Sponsor.objects.get(name="Adobe")
    assert (adobe.sponsor_tier, adobe.member_tier, adobe.is_active) == ("none", "platinum", True)

    adobe.description = "Edited by an editor."
    adobe.save()
    text = (snapshot.root / "owasp-site/_data/corp_members.yml").read_text()
    members = snapshot.root / "owasp-site/_data/corp_members.yml"
    members.write_text(text.replace("Changing the world", "Still changing the world"))
    assert sync_owasp(snapshot.root, only=["sponsors"]).updated == 0
    adobe.refresh_from_db()
    assert adobe.description == "Edited by an editor."
    assert adobe.overridden_fields == ["description"]

    members.write_text(text.replace("name: Approov", "name: Approov Ltd"))
    report = sync_owasp(snapshot.root, only=["sponsors"])
    assert (report.created, report.inactivated) == (1, 1)
    assert Sponsor.objects.get(name="Approov").is_active is False


def test_a_missing_optional_file_inactivates_nothing(snapshot):
    snapshot.site_file("corp_members.yml")
    sync_owasp(snapshot.root, only=["sponsors"])
    (snapshot.root / "owasp-site/_data/corp_members.yml").unlink()

    report = sync_owasp(snapshot.root, only=["sponsors"])

    assert report.inactivated == 0
    assert Sponsor.objects.filter(is_active=True).count() == 84
    assert report.warnings == ["sponsors: owasp-site/_data/corp_members.yml is missing; no sponsor marked inactive"]


def test_an_unreadable_entity_list_is_an_error_and_inactivates_nothing(snapshot):
    sync_owasp(snapshot.root)
    (snapshot.root / "owasp-site/_data/chapters.json").write_text("[{broken")

    report = sync_owasp(snapshot.root)

    assert report.errors == [
        "chapters: owasp-site/_data/chapters.json: invalid JSON "
        "(Expecting property name enclosed in double quotes at line 1)"
    ]
    assert ChapterPage.objects.filter(is_active=True).count() == 2
    assert SyncRun.objects.latest().succeeded is False
