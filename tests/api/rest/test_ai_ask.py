"""``POST /api/v0/ai/ask/`` through a real client: the answer with its sources on the embedded real data, 400s
naming ``question`` for a body that cannot be asked, the API's throttle, and its place in the OpenAPI schema."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ASK = "/api/v0/ai/ask/"
QUESTION = "Which project is an intentionally insecure web application for security training?"


def post(client, body, **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(ASK, data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def test_an_answer_with_its_sources(client, embedded):
    response = post(client, {"question": QUESTION})

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "answered" and body["mode"] == "extractive"
    assert body["sources"][0] == {
        "title": "OWASP Juice Shop",
        "url": body["sources"][0]["url"],
        "type": "project",
        "key": "juice-shop",
    }
    assert set(body) == {"question", "answer", "status", "mode", "sources", "excerpts", "tool_calls", "reason"}
    # The source's link is the page's own.
    assert client.get(body["sources"][0]["url"]).status_code == 200
    assert "OWASP Juice Shop: " in body["answer"]


def test_the_path_without_its_slash_answers_too(client, embedded):
    response = client.post(
        ASK.rstrip("/"), data={"question": "OWASP chapter in London"}, content_type="application/json"
    )

    assert response.status_code == 200 and response.json()["sources"][0]["type"] == "chapter"


def test_a_question_not_about_owasp_is_declined(client, embedded):
    body = post(client, {"question": "How do I bake sourdough bread at home?"}).json()

    assert body["status"] == "declined" and body["sources"] == [] and body["answer"].startswith("Sorry")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": ""},
        {"question": "   "},
        {"question": None},
        {"question": "x" * 501},
        {"question": "a\u0000b"},
        {"question": 42},
        {"question": ["why"]},
        ["question"],
        '"question"',
    ],
)
def test_a_body_that_cannot_be_asked_is_a_400_naming_question(client, body):
    response = post(client, body)

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["question"] and errors["question"][0]


def test_malformed_json_and_other_media_types_are_4xx(client):
    assert post(client, b'{"question": ').status_code == 400
    assert post(client, "question=hi", content_type="application/x-www-form-urlencoded").status_code == 415
    assert client.get(ASK).status_code == 405


def test_ask_is_throttled_by_the_api_throttles(embedded):
    number = uuid.uuid4().int
    address = f"198.18.{number % 250}.{(number >> 8) % 250 + 1}"
    client = Client(REMOTE_ADDR=address)
    try:
        with override_settings(NEST_API_RATE_ANONYMOUS="2/minute"):
            statuses = [post(client, {"question": "OWASP Top Ten"}).status_code for _ in range(3)]
    finally:
        cache.delete(f"throttle_anonymous_{address}")

    assert statuses == [200, 200, 429]


def test_ask_is_in_the_openapi_schema(client):
    schema = client.get("/api/v0/schema/").json()

    operation = schema["paths"]["/api/v0/ai/ask/"]["post"]
    assert operation["operationId"] == "ai_ask"
    assert "/api/v0/ai/ask" not in schema["paths"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    components = schema["components"]["schemas"]
    assert components[request]["required"] == ["question"]
    assert {"answer", "sources", "status"} <= set(components[answer]["properties"])
    source = components["AnswerSource"]
    assert set(source["properties"]) == {"title", "url", "type", "key"}
