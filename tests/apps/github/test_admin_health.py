from datetime import date

import pytest
from django.urls import reverse

from apps.github.models import HealthThreshold, LeaderGitHubMatch, MatchMethod, ProjectHealthRecord
from apps.github.services.health import record_project_health
from apps.github.services.leaders import match_leaders
from tests.factories import add_leader, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def matches():
    page = make_project("Juice Shop")
    make_user("bkimminich", name="Bjoern Kimminich")
    make_user("grace", name="Grace Hopper")
    add_leader(page, "Bjoern Kimminich", github_login="bkimminich")
    add_leader(page, "Grace Hopper", order=1)
    match_leaders()
    return {match.method: match for match in LeaderGitHubMatch.objects.all()}


def test_staff_confirm_matches_with_the_admin_action(admin_client, admin_user, matches):
    url = reverse("admin:github_leadergithubmatch_changelist")
    listing = admin_client.get(url)
    assert listing.status_code == 200
    assert b"Bjoern Kimminich" in listing.content and b"Grace Hopper" in listing.content

    response = admin_client.post(
        url, {"action": "confirm_selected", "_selected_action": [matches[MatchMethod.NAME].pk]}, follow=True
    )

    assert response.status_code == 200
    confirmed = LeaderGitHubMatch.objects.get(pk=matches[MatchMethod.NAME].pk)
    assert (confirmed.reviewed, confirmed.reviewed_by, confirmed.method) == (True, admin_user, MatchMethod.NAME)
    assert confirmed.reviewed_at is not None
    assert not LeaderGitHubMatch.objects.get(pk=matches[MatchMethod.LOGIN].pk).reviewed
    match_leaders()  # the matcher leaves a confirmed match alone
    assert LeaderGitHubMatch.objects.get(pk=confirmed.pk).reviewed


def test_staff_tick_reviewed_in_the_list(admin_client, admin_user, matches):
    url = reverse("admin:github_leadergithubmatch_changelist")
    ordered = list(LeaderGitHubMatch.objects.order_by("-pk"))  # the admin lists newest first
    data = {"form-TOTAL_FORMS": str(len(ordered)), "form-INITIAL_FORMS": str(len(ordered)), "_save": "Save"}
    for index, match in enumerate(ordered):
        data[f"form-{index}-id"] = str(match.pk)
        if match.method == MatchMethod.LOGIN:
            data[f"form-{index}-reviewed"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    login_match = LeaderGitHubMatch.objects.get(pk=matches[MatchMethod.LOGIN].pk)
    assert (login_match.reviewed, login_match.reviewed_by) == (True, admin_user)
    assert not LeaderGitHubMatch.objects.get(pk=matches[MatchMethod.NAME].pk).reviewed


def test_staff_correct_the_user_and_reject_matches(admin_client, admin_user, matches):
    other = make_user("grace-hopper-real", name="Grace Hopper (Navy)")
    match = matches[MatchMethod.NAME]
    change_url = reverse("admin:github_leadergithubmatch_change", args=[match.pk])
    assert admin_client.get(change_url).status_code == 200

    response = admin_client.post(change_url, {"user": str(other.pk), "reviewed": "on"})

    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.user, match.method, match.reviewed, match.reviewed_by) == (
        other,
        MatchMethod.MANUAL,
        True,
        admin_user,
    )

    url = reverse("admin:github_leadergithubmatch_changelist")
    admin_client.post(url, {"action": "reject_selected", "_selected_action": [matches[MatchMethod.LOGIN].pk]})
    rejected = LeaderGitHubMatch.objects.get(pk=matches[MatchMethod.LOGIN].pk)
    assert (rejected.user, rejected.reviewed, rejected.method) == (None, True, MatchMethod.MANUAL)


def test_health_admin_shows_thresholds_and_explains_records(admin_client):
    project = make_project("Juice Shop", level="lab")
    record_project_health(on=date(2026, 11, 20))
    record = ProjectHealthRecord.objects.get(project=project)

    page = admin_client.get(reverse("admin:github_projecthealthrecord_change", args=[record.pk]))
    assert page.status_code == 200
    assert b"Days since the last commit" in page.content and b"failed" in page.content
    assert admin_client.get(reverse("admin:github_projecthealthrecord_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:github_projectfigures_changelist")).status_code == 200

    threshold = HealthThreshold.objects.get(level="lab")
    change = reverse("admin:github_healththreshold_change", args=[threshold.pk])
    assert admin_client.get(change).status_code == 200
    data = {field.name: getattr(threshold, field.name) for field in HealthThreshold._meta.fields if field.editable}
    data.pop("id", None)
    data["min_stars"] = 99
    assert admin_client.post(change, data).status_code == 302
    assert HealthThreshold.objects.get(level="lab").min_stars == 99
