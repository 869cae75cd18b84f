"""The Content-Security-Policy allows everything the site and the editors' admin do, and nothing else: no
violation while the map, the charts, search as you type and the Wagtail page editor run."""

import pytest
from django.contrib.auth import get_user_model

from cms.models import ProjectPage
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATES = {"www-chapter-london": (51.50853, -0.12574), "www-chapter-bangalore": (12.97194, 77.59369)}
PASSWORD = "a-long-editor-password"


def header(page, url: str) -> str:
    return page.request.get(url).headers.get("content-security-policy", "")


def test_public_pages_run_under_the_strict_policy_without_violations(page, data_dir):
    factories.project_site(data_dir, limit=6, health_days=10)
    factories.show_only(factories.real_chapters(limit=6, coordinates=COORDINATES))

    page.goto("/")
    policy = header(page, "/")
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy

    page.goto("/projects/")
    page.fill("#site-search", "ju")
    page.locator("#site-search-options a", has_text="OWASP Juice Shop").wait_for()

    page.goto("/projects/juice-shop/")
    page.wait_for_selector("#health-chart[data-ready=true]")

    page.goto("/chapters/")
    page.wait_for_selector("#chapter-map[data-ready=true]")
    page.wait_for_selector(".chapter-pin")
    page.wait_for_selector(".leaflet-overlay-pane path")

    page.goto("/chapters/london/")
    page.wait_for_selector("#chapter-location[data-ready=true]")

    page.goto("/no-such-page/")

    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.js_errors == []


def test_an_inline_script_without_the_nonce_is_refused_on_the_public_site(page):
    page.goto("/")

    page.evaluate(
        """() => { const script = document.createElement("script");
                   script.textContent = "window.injected = true"; document.body.append(script); }"""
    )

    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in page.csp_violations)


def test_wagtail_editor_edits_and_saves_a_draft_without_violations(page, data_dir):
    project = factories.real_projects(limit=1)[0]
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)

    page.goto("/cms/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cms/")

    page.goto(f"/cms/pages/{project.pk}/edit/")
    page.fill("#id_title", f"{project.title} (edited)")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.type("Edited in the Draftail editor.")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector(".messages .success, .messages [class*=success]")

    page.goto("/cms/snippets/")
    page.goto("/cms/pages/")

    assert ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object().title.endswith("(edited)")
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.js_errors == []


def test_django_admin_works_under_the_strict_policy(page):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)

    page.goto("/django-admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/django-admin/")
    page.goto("/django-admin/auth/user/")
    page.goto(f"/django-admin/auth/user/{admin.pk}/change/")
    page.wait_for_selector("#id_user_permissions_from")  # the two-list permission picker is built by script

    assert "unsafe-inline" not in header(page, "/django-admin/")
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.js_errors == []
