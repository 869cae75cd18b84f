"""A member signs in, makes an API key, sees it once, uses it, revokes it: in a real browser against the live
server, the key then sent by a real HTTP client."""

import httpx
import pytest

from apps.core.models import ApiKey
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long test password"


def test_make_use_and_revoke_a_key(page, live_server, screenshot, axe):
    make_account("keyholder", password=PASSWORD)

    page.goto("/accounts/api-keys/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("keyholder")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/api-keys/")
    assert page.get_by_role("heading", name="API keys", level=1).is_visible()
    assert page.get_by_text("You have no API keys yet.").is_visible()

    page.get_by_label("Name").fill("nightly export")
    page.get_by_role("button", name="Make key").click()
    shown = page.locator("[data-new-key-value]")
    shown.wait_for()
    plain = shown.input_value()
    assert plain.startswith("nest_")
    assert page.locator("[data-new-key]").get_by_text("shown only this once").is_visible()
    screenshot(page, "api-keys-created")
    assert axe(page) == []
    assert page.js_errors == []
    assert page.csp_violations == []
    key = ApiKey.objects.get(name="nightly export")
    assert plain not in key.secret_hash

    api = f"{live_server.url}/api/v0/"
    assert httpx.get(api, headers={"X-API-Key": plain}).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None

    # Shown once: the list page does not have it any more.
    page.goto("/accounts/api-keys/")
    assert plain not in page.content()
    card = page.locator(f'[data-key="{key.prefix}"]')
    assert card.get_attribute("data-key-status") == "active"

    card.get_by_role("button", name="Revoke nightly export").click()
    page.locator("[data-message]").wait_for()
    assert "revoked" in page.locator("[data-message]").inner_text()
    assert page.locator(f'[data-key="{key.prefix}"]').get_attribute("data-key-status") == "revoked"
    assert page.get_by_role("button", name="Revoke nightly export").count() == 0
    screenshot(page, "api-keys-revoked")

    refused = httpx.get(api, headers={"X-API-Key": plain})
    assert refused.status_code == 401
    assert refused.json()["code"] == "api_key_revoked"
    assert httpx.get(api).status_code == 200  # reading still needs no key


def test_the_sign_in_page_is_the_site_s_and_accessible(page, screenshot, axe):
    page.goto("/accounts/login/")

    assert page.get_by_role("heading", name="Sign in", level=1).is_visible()
    assert page.eval_on_selector("header > div", "el => getComputedStyle(el).display") == "flex"
    screenshot(page, "sign-in")
    assert axe(page) == []
    assert page.csp_violations == []
