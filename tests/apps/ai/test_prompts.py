"""Prompts as records: seeded by the migration with the texts the features use, versioned on each change,
edited in the Django admin, read through a cache that a save invalidates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.ai.models import Prompt, PromptVersion
from apps.ai.services.prompts import DEFAULTS, forget, prompt
from tests.factories import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    for key in DEFAULTS:
        forget(key)
    yield
    for key in DEFAULTS:
        forget(key)


def test_the_migration_seeds_every_prompt_the_features_use():
    seeded = dict(Prompt.objects.values_list("key", "text"))

    assert seeded == {key: text for key, (_, text) in DEFAULTS.items()}
    assert set(Prompt.objects.values_list("version", flat=True)) == {1}


def test_a_changed_text_keeps_the_previous_one_as_a_version():
    record = Prompt.objects.get(key="answer-system")
    original = record.text

    record.text = "Second text."
    record.save()
    record.text = "Third text."
    record.save()
    record.description = "Only the description changed."
    record.save()

    record.refresh_from_db()
    assert (record.text, record.version) == ("Third text.", 3)
    assert list(record.versions.values_list("version", "text")) == [(2, "Second text."), (1, original)]


def test_the_text_is_read_once_then_from_the_cache_and_again_after_a_save():
    with CaptureQueriesContext(connection) as first:
        assert prompt("answer-user") == DEFAULTS["answer-user"][1]
    with CaptureQueriesContext(connection) as second:
        prompt("answer-user")
    assert (len(first), len(second)) == (1, 0)

    record = Prompt.objects.get(key="answer-user")
    record.text = "Question: {question}\n{sources}"
    record.save()

    assert prompt("answer-user") == "Question: {question}\n{sources}"


def test_a_deleted_record_falls_back_to_its_default_and_an_unknown_key_fails():
    Prompt.objects.filter(key="agent-system").delete()

    assert prompt("agent-system") == DEFAULTS["agent-system"][1]
    with pytest.raises(KeyError):
        prompt("no-such-prompt")


def test_staff_edit_a_prompt_in_the_admin_and_see_its_history(client):
    staff = make_account(is_staff=True, is_superuser=True)
    client.force_login(staff)
    record = Prompt.objects.get(key="issue-summary-user")
    url = f"/django-admin/ai/prompt/{record.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200

    response = client.post(
        url,
        {
            "description": record.description,
            "text": "Issue {number} of {repository}: {title}\n{labels}\n{body}",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.version == 2 and record.key == "issue-summary-user"
    assert PromptVersion.objects.get(prompt=record).text == DEFAULTS["issue-summary-user"][1]
    assert "Issue {number} of {repository}" in prompt("issue-summary-user")
    history = client.get(url).content.decode()
    assert DEFAULTS["issue-summary-user"][1].split("\n")[0] in history
