"""``/ask/`` through the Django client: questions are limited per client address (429 with Retry-After and a
page that says when to ask again), and before anything was embedded the answer says so instead of reading as
a question without a source. The API answers the same."""

import time
import uuid

import pytest

from apps.ai.models import Chunk

pytestmark = pytest.mark.django_db

QUESTION = "Which project is an intentionally insecure web application?"


def address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:8]}"  # a client of its own per test


def test_questions_over_the_rate_are_refused_with_when_to_ask_again(client, settings):
    settings.NEST_ASK_RATE = "2/minute"
    me, someone_else = address(), address()

    answered = [client.post("/ask/", {"question": QUESTION}, REMOTE_ADDR=me) for _ in range(2)]
    refused = client.post("/ask/", {"question": QUESTION}, REMOTE_ADDR=me)

    assert [r.status_code for r in answered] == [200, 200]
    assert all(b"data-answer " in r.content for r in answered)
    assert refused.status_code == 429
    # Until the end of the minute the budget counts in (not a fixed pause).
    left_in_minute = 60 - int(time.time()) % 60
    assert abs(int(refused["Retry-After"]) - left_in_minute) % 59 <= 1  # (or the minute turned meanwhile)
    html = refused.content.decode()
    assert "data-rate-limited" in html and f"ask again in {refused['Retry-After']} seconds" in html
    assert "data-answer " not in html  # not answered
    # Another client is not refused, and an invalid question is a 400 that costs nothing.
    assert client.post("/ask/", {"question": QUESTION}, REMOTE_ADDR=someone_else).status_code == 200
    assert client.post("/ask/", {"question": ""}, REMOTE_ADDR=me).status_code == 400


def test_before_anything_is_embedded_the_answer_says_so(client):
    Chunk.objects.all().delete()  # a fresh install: the real pages synced, no embedding run yet (in this test)

    response = client.post("/ask/", {"question": QUESTION}, REMOTE_ADDR=address())
    api = client.post("/api/v0/ai/ask/", {"question": QUESTION}, content_type="application/json").json()

    html = response.content.decode()
    assert response.status_code == 200 and 'data-status="declined"' in html
    assert "have not been indexed for questions" in html
    assert (api["status"], api["reason"], api["sources"]) == ("declined", "not_indexed", [])
