"""Mentorship in the Wagtail admin, through the real admin URLs with a staff login: programs and modules made and
edited with their admins, mentors, skills, levels and labels; applications read with their audit trail and never
edited there; the "Applications per module" report and its CSV export; who is refused."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from apps.mentorship.models import Application, ApplicationStatus, Mentee, Mentor, Module, Program
from apps.mentorship.services import applications
from tests.apps.mentorship.conftest import STATEMENT
from tests.factories import make_account, make_user

pytestmark = pytest.mark.django_db

REPORT = "/cms/mentorship/reports/applications-per-module/"
PROGRAMS = "/cms/mentorship/programs/"
MODULES = "/cms/mentorship/modules/"
APPLICATIONS = "/cms/mentorship/applications/"
HEADER = ["Program", "Module", "Project", "Submitted", "Accepted", "Rejected", "Withdrawn", "Mentors"]

# Applications of the fixture, per module key and status.
FIXTURE = {
    "scanner": {"submitted": 2, "accepted": 1, "rejected": 1, "withdrawn": 2},
    "docs": {"submitted": 1, "accepted": 0, "rejected": 1, "withdrawn": 0},
}


def grant(account, *codenames):
    account.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames]).exclude(content_type__app_label="auth")
    )
    return account


@pytest.fixture
def staff(world):
    """Staff with the admin and the mentorship models' permissions (not a superuser)."""
    return grant(
        world.staff,
        *(f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in ("program", "module")),
        "view_application",
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def applied(world):
    """The fixture's applications: one mentee per application, each status as FIXTURE says."""
    modules = {"scanner": world.module, "docs": world.other_module}
    for key, counts in FIXTURE.items():
        for status, count in counts.items():
            for index in range(count):
                mentee = Mentee.objects.create(github_user=make_user(f"{key}-{status}-{index}"))
                Application.objects.create(mentee=mentee, module=modules[key], statement=STATEMENT, status=status)
    world.other_module.mentors.add(Mentor.objects.create(github_user=make_user("second-docs-mentor")))
    return world


def table_rows(html: str) -> dict[str, list[str]]:
    """The report's table: each row's cells, by module name (its second cell)."""
    soup = BeautifulSoup(html, "html.parser")
    rows = {}
    for row in soup.select("table tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        rows[cells[1]] = cells
    return rows


def expected_row(world, module) -> list[str]:
    counts = FIXTURE[module.key]
    return [
        world.program.name,
        module.name,
        module.project.title,
        *(str(counts[status]) for status in ApplicationStatus.values),
        str(module.mentors.count()),
    ]


def test_the_counts_come_from_one_query(applied, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {module.key: module for module in Module.objects.with_application_counts()}

    for key, counts in FIXTURE.items():
        for status, count in counts.items():
            assert getattr(rows[key], f"{status}_count") == count
    assert rows["docs"].mentors_count == 2 and rows["scanner"].mentors_count == 1
    assert rows["scanner"].program.name == "GSoC 2026"


def test_the_report_lists_each_module_with_its_counts_per_status_and_mentors(staff_client, applied):
    response = staff_client.get(REPORT)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Applications per module" in page
    rows = table_rows(page)
    assert set(rows) == {"Scanner rules", "Docs"}
    assert rows["Scanner rules"] == expected_row(applied, applied.module)
    assert rows["Docs"] == expected_row(applied, applied.other_module)
    assert f"{REPORT}?export=csv" in page and f"{REPORT}?export=xlsx" in page


def test_the_csv_export_has_the_header_and_one_row_per_module(staff_client, applied):
    response = staff_client.get(REPORT, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="applications-per-module-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == HEADER
    assert sorted(rows) == sorted([expected_row(applied, applied.module), expected_row(applied, applied.other_module)])


def test_the_xlsx_export_downloads(staff_client, applied):
    response = staff_client.get(REPORT, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip, as every xlsx file is


def test_the_mentorship_menu_is_shown_to_staff_with_the_permissions(staff_client):
    page = staff_client.get("/cms/").content.decode()

    assert "Mentorship" in page
    for url in (PROGRAMS, MODULES, APPLICATIONS, REPORT):
        assert url in page


@pytest.mark.parametrize("path", [REPORT, f"{REPORT}?export=csv", PROGRAMS, MODULES, APPLICATIONS])
def test_an_account_that_is_not_staff_is_refused_even_with_the_permissions(client, applied, path):
    account = grant(applied.mentor_account, "view_application", "view_program", "change_program", "view_module")
    client.force_login(account)

    response = client.get(path)

    # Wagtail answers a refused admin view with a redirect to its dashboard and a message, never the data.
    assert response.status_code == 302
    assert response["Location"] == "/cms/"
    assert "Mentorship" not in client.get("/cms/").content.decode()


def test_staff_without_the_permissions_are_refused(client, applied):
    client.force_login(grant(make_account("plain-staff", is_staff=True)))

    for path in (REPORT, f"{REPORT}?export=csv", PROGRAMS, APPLICATIONS):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/cms/", path


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(REPORT)

    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")


def test_staff_create_a_program_with_its_admins_and_levels(staff_client, world):
    response = staff_client.post(
        f"{PROGRAMS}new/",
        {
            "name": "OWASP Summer 2027",
            "key": "summer-2027",
            "description": "A summer of code.",
            "started_at": "2027-06-01 00:00",
            "ended_at": "2027-09-01 00:00",
            "status": "draft",
            "mentees_limit": "10",
            "experience_levels": ["beginner", "advanced"],
            "domains": "web,api",
            "tags": "security",
            "admin_logins": "confirmed-leader, @Unconfirmed-Leader",
        },
    )

    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    program = Program.objects.get(key="summer-2027")
    assert program.experience_levels == ["beginner", "advanced"]
    assert (program.domains, program.tags, program.mentees_limit) == (["web", "api"], ["security"], 10)
    assert set(program.admins.values_list("login", flat=True)) == {"confirmed-leader", "unconfirmed-leader"}
    edit = staff_client.get(f"{PROGRAMS}edit/{program.pk}/").content.decode()
    assert 'value="confirmed-leader, unconfirmed-leader"' in edit


def test_an_unknown_admin_login_is_a_form_error(staff_client, world):
    response = staff_client.post(
        f"{PROGRAMS}new/",
        {
            "name": "Nope",
            "key": "nope",
            "started_at": "2027-06-01 00:00",
            "ended_at": "2027-09-01 00:00",
            "status": "draft",
            "admin_logins": "confirmed-leader, nobody-knows-me",
        },
    )

    assert response.status_code == 200
    assert "No GitHub user is known by the login nobody-knows-me." in response.content.decode()
    assert not Program.objects.filter(key="nope").exists()


def test_a_reserved_key_and_reversed_dates_are_form_errors(staff_client, world):
    response = staff_client.post(
        f"{PROGRAMS}new/",
        {"name": "Bad", "key": "dashboard", "started_at": "2027-09-01 00:00", "ended_at": "2027-06-01 00:00"},
    )

    assert response.status_code == 200
    assert "is reserved by the site" in response.content.decode()
    assert not Program.objects.filter(name="Bad").exists()


def test_staff_create_a_module_appointing_its_mentors(staff_client, world):
    newcomer = make_user("new-mentor")  # a synced GitHub user without a mentor profile yet

    response = staff_client.post(
        f"{MODULES}new/",
        {
            "program": world.program.pk,
            "name": "API hardening",
            "key": "api",
            "description": "",
            "project": world.other_project.pk,
            "mentor_logins": "the-mentor new-mentor",
            "skills": "python,django",
            "experience_levels": ["intermediate"],
            "labels": "gsoc",
        },
    )

    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    module = Module.objects.get(program=world.program, key="api")
    assert set(module.mentors.values_list("github_user__login", flat=True)) == {"the-mentor", "new-mentor"}
    assert Mentor.objects.filter(github_user=newcomer).count() == 1
    assert (module.skills, module.experience_levels, module.labels) == (
        ["python", "django"],
        ["intermediate"],
        ["gsoc"],
    )

    # Editing keeps or changes the mentors the form names.
    data = {
        "program": world.program.pk,
        "name": "API hardening",
        "key": "api",
        "project": world.other_project.pk,
        "mentor_logins": "new-mentor",
    }
    assert staff_client.post(f"{MODULES}edit/{module.pk}/", data).status_code == 302
    assert list(module.mentors.values_list("github_user__login", flat=True)) == ["new-mentor"]


def test_applications_are_read_with_their_audit_trail(staff_client, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    applications.decide(world.mentor_account, application, accept=True, note="welcome")

    listing = staff_client.get(APPLICATIONS).content.decode()
    inspect = staff_client.get(f"{APPLICATIONS}inspect/{application.pk}/")

    assert "mentee-one" in listing and f"{APPLICATIONS}inspect/{application.pk}/" in listing
    assert inspect.status_code == 200
    soup = BeautifulSoup(inspect.content, "html.parser")
    trail = [item.get_text(" ", strip=True) for item in soup.select(".mentorship-status-trail li")]
    assert len(trail) == 2
    assert trail[0].startswith("— → submitted") and trail[0].endswith("mentee-one")
    assert trail[1].startswith("submitted → accepted") and trail[1].endswith("the-mentor · welcome")
    assert STATEMENT in inspect.content.decode()


def test_applications_cannot_be_added_edited_or_deleted_in_the_admin(staff_client, client, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    superuser = make_account("root", is_staff=True, is_superuser=True)

    for who in (staff_client, client):
        if who is client:
            client.force_login(superuser)
        listing = who.get(APPLICATIONS).content.decode()
        assert f"{APPLICATIONS}edit/" not in listing and f"{APPLICATIONS}new/" not in listing
        for path in (
            f"{APPLICATIONS}new/",
            f"{APPLICATIONS}edit/{application.pk}/",
            f"{APPLICATIONS}delete/{application.pk}/",
        ):
            assert who.get(path).status_code == 302, path
            assert who.post(path, {"status": "accepted"}).status_code == 302, path

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.status_changes.count() == 1
