"""/api/v0/mentorship/: published (and completed) programs and their modules, read only, paged in Nest's
envelope, in the OpenAPI schema, drafts a 404 for everyone and no private field anywhere."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from api.rest.caching import bump_data_version
from apps.mentorship.models import Module, ProgramStatus
from apps.mentorship.services import applications
from tests.api.rest.conftest import get_json, walk
from tests.apps.mentorship.conftest import STATEMENT

pytestmark = pytest.mark.django_db

PROGRAMS = "/api/v0/mentorship/programs/"


def test_the_list_holds_published_and_completed_programs_newest_first_never_a_draft(client, world, program_factory):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=400)
    program_factory("gsoc-2025", status=ProgramStatus.COMPLETED, started_at=past, ended_at=past + timedelta(days=90))
    program_factory("draft-program", status=ProgramStatus.DRAFT, name="Secret Draft")

    body = get_json(client, PROGRAMS)

    assert [item["key"] for item in body["items"]] == ["gsoc-2026", "gsoc-2025"]
    assert body["total_count"] == 2 and body["current_page"] == 1 and body["has_next"] is False
    first = body["items"][0]
    assert set(first) == {
        "key",
        "name",
        "description",
        "status",
        "started_at",
        "ended_at",
        "mentees_limit",
        "experience_levels",
        "domains",
        "tags",
    }
    assert (first["name"], first["status"], first["mentees_limit"]) == ("GSoC 2026", "published", 2)


def test_pages_follow_nest_s_envelope(client, world, program_factory):
    for n in range(3):
        program_factory(f"extra-{n}")

    first = get_json(client, PROGRAMS, {"page_size": 2})

    assert len(first["items"]) == 2 and first["has_next"] and first["total_pages"] == 2
    assert {item["key"] for item in walk(client, PROGRAMS, {"page_size": 2})} == {
        "gsoc-2026",
        "extra-0",
        "extra-1",
        "extra-2",
    }
    assert get_json(client, PROGRAMS, {"page_size": 0}, status=400)["errors"]["page_size"]


def test_a_program_s_detail_and_its_modules_with_their_mentors(client, world):
    program = get_json(client, f"{PROGRAMS}gsoc-2026")
    modules = get_json(client, f"{PROGRAMS}gsoc-2026/modules/")
    scanner = get_json(client, f"{PROGRAMS}gsoc-2026/modules/scanner")

    assert program["key"] == "gsoc-2026" and program["modules_count"] == 2
    assert [item["key"] for item in modules["items"]] == ["docs", "scanner"]
    assert scanner == {
        "key": "scanner",
        "name": "Scanner rules",
        "description": "",
        "program_key": "gsoc-2026",
        "project_key": world.project.short_key,
        "project_name": world.project.title,
        "started_at": None,
        "ended_at": None,
        "experience_levels": ["beginner"],
        "skills": ["python"],
        "labels": ["gsoc", "Mentorship"],
        "mentors": [{"login": "the-mentor", "name": "", "avatar_url": ""}],
    }
    assert get_json(client, f"{PROGRAMS}gsoc-2026/modules/scanner/") == scanner  # the other spelling


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"{PROGRAMS}no-such-program", "Program not found"),
        (f"{PROGRAMS}no-such-program/modules/", "Program not found"),
        (f"{PROGRAMS}gsoc-2026/modules/no-such-module", "Module not found"),
        (f"{PROGRAMS}gsoc-2026/modules/docs-but-" + "x" * 300, "Module not found"),
        (f"{PROGRAMS}{'k' * 300}", "Program not found"),
        (f"{PROGRAMS}draft-program", "Program not found"),
        (f"{PROGRAMS}draft-program/modules/", "Program not found"),
        (f"{PROGRAMS}draft-program/modules/secret", "Module not found"),
        (f"{PROGRAMS}gsoc%00-2026", None),  # refused before any view (apps.core.middleware)
        (f"{PROGRAMS}gsoc-2026/modules/scan%00ner", None),
    ],
)
def test_unknown_draft_or_bad_keys_are_a_404_with_its_message(client, world, program_factory, url, message):
    draft = program_factory("draft-program", status=ProgramStatus.DRAFT)
    Module.objects.create(program=draft, key="secret", name="Secret", project=world.project)
    client.force_login(world.staff)  # even staff: REST shows published programs only

    response = client.get(url)

    assert response.status_code == 404
    if message is not None:
        assert response.json() == {"message": message}


def test_no_private_field_in_any_response_even_for_the_module_s_mentor(client, world):
    applications.apply(world.mentee_account, world.module, STATEMENT)
    client.force_login(world.mentor_account)

    bodies = [
        client.get(url).content
        for url in (
            PROGRAMS,
            f"{PROGRAMS}gsoc-2026",
            f"{PROGRAMS}gsoc-2026/modules/",
            f"{PROGRAMS}gsoc-2026/modules/scanner",
        )
    ]

    for body in bodies:
        assert STATEMENT.encode() not in body
        assert b"@example.org" not in body  # no account's e-mail (mentors', mentees')


def test_publishing_a_draft_shows_it_at_once_despite_the_cache(client, world, program_factory, settings):
    settings.NEST_API_CACHE_SECONDS = 300
    bump_data_version("test")
    draft = program_factory("draft-program", status=ProgramStatus.DRAFT)
    assert client.get(f"{PROGRAMS}draft-program").status_code == 404  # cached

    draft.status = ProgramStatus.PUBLISHED
    draft.save()
    Module.objects.create(program=draft, key="fresh", name="Fresh", project=world.project)

    assert get_json(client, f"{PROGRAMS}draft-program")["status"] == "published"
    assert [item["key"] for item in get_json(client, f"{PROGRAMS}draft-program/modules/")["items"]] == ["fresh"]
    draft.modules.get().mentors.add(world.mentor)
    assert get_json(client, f"{PROGRAMS}draft-program/modules/fresh")["mentors"][0]["login"] == "the-mentor"


def test_the_operations_are_in_the_openapi_schema_without_private_fields():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        operation["operationId"]: (path, operation)
        for path, methods in schema["paths"].items()
        for operation in methods.values()
    }
    components = schema["components"]["schemas"]

    ours = {
        "list_mentorship_programs": "/api/v0/mentorship/programs/",
        "get_mentorship_program": "/api/v0/mentorship/programs/{program_key}",
        "list_mentorship_modules": "/api/v0/mentorship/programs/{program_key}/modules/",
        "get_mentorship_module": "/api/v0/mentorship/programs/{program_key}/modules/{module_key}",
    }
    assert {name: operations[name][0] for name in ours} == ours
    assert {tag for name in ours for tag in operations[name][1]["tags"]} == {"Mentorship"}
    assert set(operations["get_mentorship_program"][1]["responses"]) >= {"200", "404"}
    assert set(operations["list_mentorship_modules"][1]["responses"]) >= {"200", "400", "404"}  # unknown program
    assert set(components["PaginatedMentorshipProgramList"]["properties"]) >= {"items", "total_count", "next_cursor"}
    for name in ("MentorshipProgram", "MentorshipProgramDetail", "MentorshipModule", "MentorshipMentor"):
        assert not {"statement", "email", "applications"} & set(components[name]["properties"]), name
    assert components["ProgramStatusEnum"]["enum"] == ["draft", "published", "completed"]
