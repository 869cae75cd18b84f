"""The staff sync from the real staff.yml: its rows (vacancies included) become StaffMember snippets, a re-run
writes nothing, an editor's change wins, a row gone is inactivated, a malformed row is a logged, counted skip."""

import logging

import pytest

from apps.owasp.sync.owasp import sync_owasp
from cms.models import StaffMember
from cms.selectors import public_staff, staff_synced

pytestmark = pytest.mark.django_db

STAFF = "owasp-site/_data/staff.yml"


def test_the_real_staff_are_created_then_left_unchanged(snapshot):
    snapshot.site_file("staff.yml")
    assert not staff_synced()

    report = sync_owasp(snapshot.root, only=["staff"])

    assert report.as_dict()["by_entity"] == {"staff": {"created": 9}}
    assert staff_synced()
    andrew = StaffMember.objects.get(owasp_key="staff-andrew-van-der-stock")
    assert (andrew.name, andrew.title, andrew.location) == (
        "Andrew van der Stock",
        "Executive Director",
        "Melbourne, Australia",
    )
    assert andrew.email == "andrew.vanderstock@owasp.com"  # kept for editors
    assert andrew.image_url == "https://owasp.org/assets/images/people/staff_andrew.jpg"
    assert andrew.position == 1 and not andrew.is_vacant
    assert andrew.sync_source == STAFF
    # CRLF lines and trailing spaces: "Starr Brown " is "Starr Brown"; the empty folded description is empty.
    assert StaffMember.objects.get(owasp_key="staff-starr-brown").name == "Starr Brown"
    assert StaffMember.objects.get(owasp_key="staff-stacey-ebbs").description == ""
    # Two vacancies with the same title are two positions.
    vacancies = StaffMember.objects.filter(is_vacant=True).order_by("position")
    assert [(v.owasp_key, v.position) for v in vacancies] == [
        ("staff-vacant-associate-director-of-operations", 3),
        ("staff-vacant-associate-director-of-operations-2", 6),
    ]
    assert "Operations Support Associate" in vacancies[1].description

    again = sync_owasp(snapshot.root, only=["staff"])
    assert again.as_dict()["by_entity"] == {"staff": {"unchanged": 9}}


def test_the_listing_shows_people_then_vacancies_and_never_loads_the_email(snapshot):
    snapshot.site_file("staff.yml")
    sync_owasp(snapshot.root, only=["staff"])

    listed = list(public_staff())

    assert [member.name for member in listed[:2]] == ["Andrew van der Stock", "Starr Brown"]
    assert [member.is_vacant for member in listed] == [False] * 7 + [True] * 2
    assert all("email" in member.get_deferred_fields() for member in listed)


def test_an_editor_change_wins_and_a_row_gone_is_inactivated(snapshot):
    path = snapshot.site_file("staff.yml")
    sync_owasp(snapshot.root, only=["staff"])
    lauren = StaffMember.objects.get(owasp_key="staff-lauren-thomas")
    lauren.title = "Director of Global Events"
    lauren.save()
    text = path.read_bytes().decode()
    path.write_bytes(
        text.replace("title: Director of Events", "title: Head of Events")
        .replace("name: Missie Lindsey", "name: Missie Lindsey-Smith")
        .encode()
    )

    report = sync_owasp(snapshot.root, only=["staff"])

    lauren.refresh_from_db()
    assert lauren.title == "Director of Global Events"
    assert lauren.overridden_fields == ["title"]
    assert (report.created, report.updated, report.inactivated) == (1, 0, 1)
    assert StaffMember.objects.get(owasp_key="staff-missie-lindsey").is_active is False
    assert "Missie Lindsey" not in [member.name for member in public_staff()]


def test_a_malformed_row_is_a_logged_counted_skip_and_the_others_sync(snapshot, caplog):
    path = snapshot.site_file("staff.yml")
    text = path.read_bytes().decode()
    path.write_bytes(
        (text.rstrip() + "\r\n- just a string\r\n- title: Nobody's title\r\n  location: Nowhere\r\n").encode()
    )

    with caplog.at_level(logging.WARNING, logger="apps.owasp.sync.editor_wins"):
        report = sync_owasp(snapshot.root, only=["staff"])

    assert report.as_dict()["by_entity"]["staff"] == {"created": 9, "skipped": 2}
    assert [(skip.key, skip.reason) for skip in report.skipped] == [
        (f"{STAFF}#10", f"entry 10 of {STAFF} is not a mapping"),
        (f"{STAFF}#11", f"entry 11 of {STAFF} has no name"),
    ]
    assert f"{STAFF}#11 skipped: entry 11 of {STAFF} has no name" in caplog.text
    assert StaffMember.objects.count() == 9


def test_a_missing_staff_file_inactivates_nobody(snapshot):
    path = snapshot.site_file("staff.yml")
    sync_owasp(snapshot.root, only=["staff"])
    path.unlink()

    report = sync_owasp(snapshot.root, only=["staff"])

    assert report.inactivated == 0
    assert StaffMember.objects.filter(is_active=True).count() == 9
    assert report.warnings == [f"staff: {STAFF} is missing; no staff marked inactive"]


def test_staff_are_edited_in_the_admin_like_the_sponsors(snapshot, admin_client):
    from tests.apps.owasp.test_admin import _snippet_form

    snapshot.site_file("staff.yml")
    sync_owasp(snapshot.root, only=["staff"])
    heather = StaffMember.objects.get(owasp_key="staff-heather-kennedy")
    listing = admin_client.get("/cms/snippets/cms/staffmember/").content.decode()
    assert "Heather Kennedy" in listing and "Events Coordinator" in listing
    url = f"/cms/snippets/cms/staffmember/edit/{heather.pk}/"
    data = _snippet_form(admin_client, url)
    assert data["email"] == ["heather.kennedy@owasp.com"]  # editors see the address
    data["location"] = ["New Orleans, United States"]
    assert admin_client.post(url, data).status_code == 302

    sync_owasp(snapshot.root, only=["staff"])
    heather.refresh_from_db()
    assert heather.location == "New Orleans, United States"
    assert 'data-field="location" data-state="overridden"' in admin_client.get(url).content.decode()

    data = _snippet_form(admin_client, url)
    data["sync_hand_back"] = ["location"]
    assert admin_client.post(url, data).status_code == 302
    heather.refresh_from_db()
    assert (heather.location, heather.overridden_fields) == ("Louisiana, United States", [])
