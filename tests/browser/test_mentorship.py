"""Mentorship in Chromium: a mentee signs in with GitHub through the local fake GitHub OAuth server's picker (the
one `make run` serves offline), applies to a published module and sees the application submitted; the module's
mentor signs in the same way in another browser, accepts it from the mentor dashboard; the mentee's dashboard
shows it accepted. Then staff open the admin's "Applications per module" report and download its CSV."""

import csv
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.mentorship.models import Application, ApplicationStatus, Mentee, Mentor, Module, Program, ProgramStatus
from cms.models import ProjectPage
from devtools.fake_github_oauth import FakeGitHubOAuth
from devtools.management.commands.run_fake_github_oauth import profile_for, suggestions
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "I have written Semgrep rules for two years and want to help the scanner rules grow."


@pytest.fixture
def fake_oauth(settings):
    """The fake as `make run` serves it (the login picker, the synced users' profiles), sign-in pointed at it."""
    with FakeGitHubOAuth(pick=True, profile_for=profile_for, suggestions=suggestions) as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


@pytest.fixture
def module():
    now = timezone.now()
    program = Program.objects.create(
        key="gsoc-2026",
        name="GSoC 2026",
        started_at=now - timedelta(days=1),
        ended_at=now + timedelta(days=90),
        status=ProgramStatus.PUBLISHED,
    )
    module = Module.objects.create(
        program=program,
        key="scanner",
        name="Scanner rules",
        project=ProjectPage.objects.live().order_by("title").first(),
        skills=["python", "semgrep"],
    )
    module.mentors.add(Mentor.objects.create(github_user=make_user("browser-mentor", id=4_343_001)))
    return module


def new_tab(browser, live_server, fake):
    """A fresh browser (its own cookies) that may reach the live server and the fake GitHub only."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    allowed = "|".join(re.escape(url) for url in (live_server.url, fake.url))
    context.route(re.compile(rf"^(?!{allowed})https?://"), lambda route: route.abort())
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return tab


def sign_in_with_github(tab, fake, next_path: str, *, login: str | None = None, pick: str | None = None, shot=None):
    """On the site's sign-in page press "Sign in with GitHub"; on the fake's page type a login or pick one."""
    tab.goto(f"/accounts/login/?next={next_path}")
    tab.get_by_role("button", name="Sign in with GitHub").click()
    tab.wait_for_url(f"{fake.url}/login/oauth/authorize?*")
    assert "This is the local fake GitHub, not GitHub." in tab.inner_text("body")
    if shot:
        shot(tab)
    if pick:
        tab.locator(f"button[name=picked][value={pick}]").click()
    else:
        tab.fill("#login", login)
        tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.wait_for_url(f"**{next_path}")


def test_a_mentee_applies_and_the_mentor_accepts(browser, live_server, fake_oauth, module, tmp_path):
    shots = []

    def shot(tab, name):
        path = tmp_path / f"{len(shots) + 1:02d}-{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        shots.append(path)

    module_path = f"/mentorship/{module.program.key}/{module.key}/"

    # The mentee: from the module's page to GitHub sign-in (the fake's picker) and back, signed in.
    mentee = new_tab(browser, live_server, fake_oauth)
    mentee.goto(module_path)
    assert "Sign in with GitHub to apply" in mentee.inner_text("main")
    sign_in_with_github(
        mentee, fake_oauth, module_path, login="mentee-in-chromium", shot=lambda tab: shot(tab, "fake-github")
    )
    assert mentee.locator('form[aria-label="Apply to this module"]').is_visible()
    shot(mentee, "mentee-signed-in-on-module")

    mentee.fill("#id_statement", STATEMENT)
    mentee.get_by_role("button", name="Submit application").click()
    mentee.wait_for_url("**/mentorship/applications/*/")
    assert mentee.inner_text("[data-application-status]") == "Submitted"
    assert "Your application is submitted" in mentee.inner_text("[data-message]")
    shot(mentee, "mentee-application-submitted")
    application = Application.objects.get(mentee__github_user__login="mentee-in-chromium")
    assert application.status == ApplicationStatus.SUBMITTED

    # The mentor, in another browser: picks their synced login on the fake's page, decides on the dashboard.
    mentor = new_tab(browser, live_server, fake_oauth)
    sign_in_with_github(mentor, fake_oauth, "/mentorship/mentoring/", pick="browser-mentor")
    waiting = mentor.locator(f"[data-to-decide] [data-application='{application.pk}']")
    assert "mentee-in-chromium" in waiting.inner_text() and "Scanner rules" in waiting.inner_text()
    shot(mentor, "mentor-dashboard")
    waiting.get_by_role("link").click()
    mentor.wait_for_url(f"**/mentorship/applications/{application.pk}/")
    assert STATEMENT in mentor.inner_text("main")
    mentor.get_by_role("button", name="Accept").click()
    mentor.wait_for_url(f"**/mentorship/applications/{application.pk}/")
    assert mentor.inner_text("[data-application-status]") == "Accepted"
    shot(mentor, "mentor-accepted")

    # The mentee's dashboard says accepted.
    mentee.goto("/mentorship/dashboard/")
    row = mentee.locator(f"[data-applications] [data-application='{application.pk}']")
    assert "GSoC 2026: Scanner rules" in row.inner_text() and "Accepted" in row.inner_text()
    shot(mentee, "mentee-dashboard-accepted")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by.username == "browser-mentor"
    assert [change.to_status for change in application.status_changes.all()] == ["submitted", "accepted"]
    assert all(path.stat().st_size > 10_000 for path in shots), shots
    print("screenshots:", *shots, sep="\n  ")


def test_staff_open_the_applications_report_and_download_its_csv(page, django_user_model, module, tmp_path):
    mentee = Mentee.objects.create(github_user=make_user("report-mentee"))
    Application.objects.create(mentee=mentee, module=module, statement=STATEMENT)
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-password")
    page.goto("/cms/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "editor-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/cms/")

    page.get_by_role("button", name="Mentorship").click()
    page.get_by_role("link", name="Applications per module").click()
    page.wait_for_url("**/cms/mentorship/reports/applications-per-module/")
    row = page.locator("table tbody tr", has_text="Scanner rules")
    assert row.locator("td").all_inner_texts()[:4] == ["GSoC 2026", "Scanner rules", module.project.title, "1"]
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    assert saved.name.startswith("applications-per-module-") and saved.suffix == ".csv"
    header, *rows = list(csv.reader(saved.open(encoding="utf-8")))
    assert header == ["Program", "Module", "Project", "Submitted", "Accepted", "Rejected", "Withdrawn", "Mentors"]
    assert rows == [["GSoC 2026", "Scanner rules", module.project.title, "1", "0", "0", "0", "1"]]
