"""The OpenAPI schema holds OWASP Nest's v0 contract as its published client encodes it (paths, operation
ids, query parameters, fields), and its documentation pages are served from this site."""

import re
from pathlib import Path

import owasp_nest
import pytest
from django.contrib.staticfiles import finders
from owasp_nest import models

pytestmark = pytest.mark.django_db

CLIENT_SOURCES = Path(owasp_nest.__file__).parent


def client_operations() -> dict[str, tuple[str, str]]:
    """Every operation of the owasp-nest client: its id -> (path, request model)."""
    operations = {}
    for source in CLIENT_SOURCES.glob("*.py"):
        text = source.read_text()
        for path, operation in re.findall(r'path="(/api/v0/[^"]*)".*?operation_id="(\w+)"', text, re.S):
            operations[operation] = path
    return operations


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations_of(schema) -> dict[str, tuple[str, dict]]:
    return {
        operation["operationId"]: (path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_operation_ids_are_unique_and_nest_s_are_all_here_at_nest_s_paths(schema):
    ids = [operation["operationId"] for methods in schema["paths"].values() for operation in methods.values()]
    ours = operations_of(schema)
    nest = client_operations()

    assert len(ids) == len(set(ids))
    assert len(nest) == 29
    assert {operation: ours[operation][0] for operation in nest} == nest
    assert {"list_users", "get_user"} <= set(ours)


def _request_model(operation: str):
    name = "".join(part.capitalize() for part in operation.split("_")) + "Request"
    return getattr(models, name, None)


def test_every_query_parameter_of_nest_s_client_is_in_the_schema(schema):
    ours = operations_of(schema)
    for operation in client_operations():
        model = _request_model(operation)
        if model is None or not operation.startswith("list_"):
            continue
        expected = {field.alias or name for name, field in model.model_fields.items()}
        parameters = {parameter["name"] for parameter in ours[operation][1].get("parameters", [])}
        assert expected <= parameters, (operation, expected - parameters)


JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _components(schema) -> dict:
    return schema["components"]["schemas"]


@pytest.mark.parametrize(
    ("model", "component"),
    [
        (models.Project, "Project"),
        (models.ProjectDetail, "ProjectDetail"),
        (models.Chapter, "Chapter"),
        (models.ChapterDetail, "ChapterDetail"),
        (models.Committee, "Committee"),
        (models.CommitteeDetail, "CommitteeDetail"),
        (models.Event, "Event"),
        (models.EventDetail, "EventDetail"),
        (models.Sponsor, "Sponsor"),
        (models.SponsorDetail, "SponsorDetail"),
        (models.Organization, "Organization"),
        (models.OrganizationDetail, "OrganizationDetail"),
        (models.Repository, "Repository"),
        (models.RepositoryDetail, "RepositoryDetail"),
        (models.Issue, "Issue"),
        (models.IssueDetail, "IssueDetail"),
        (models.Milestone, "Milestone"),
        (models.MilestoneDetail, "MilestoneDetail"),
        (models.Release, "Release"),
        (models.ReleaseDetail, "ReleaseDetail"),
        (models.Member, "Member"),
        (models.MemberDetail, "MemberDetail"),
        (models.Leader, "Leader"),
        (models.Snapshot, "Snapshot"),
        (models.SnapshotDetail, "SnapshotDetail"),
        (models.SnapshotIssue, "SnapshotIssue"),
        (models.SnapshotRelease, "SnapshotRelease"),
        (models.Member, "SnapshotMember"),
    ],
)
def test_every_field_of_nest_s_models_is_in_ours_required_where_nest_requires_it(schema, model, component):
    ours = _components(schema)[component]
    properties = ours["properties"]

    for name, field in model.model_fields.items():
        assert name in properties, (component, name)
        if field.is_required():
            assert name in ours.get("required", []), (component, name)
        annotation = field.annotation
        if annotation in JSON_TYPES and "$ref" not in properties[name] and "allOf" not in properties[name]:
            declared = properties[name].get("type")
            assert declared in {JSON_TYPES[annotation], None} or (annotation is float and declared == "number"), (
                component,
                name,
                declared,
            )


def test_the_page_envelope_is_nest_s(schema):
    paged = _components(schema)["PaginatedProjectList"]

    assert set(models.PagedProject.model_fields) <= set(paged["properties"])
    assert set(models.PagedProject.model_fields) <= set(paged["required"])
    page_size = next(
        parameter
        for parameter in operations_of(schema)["list_projects"][1]["parameters"]
        if parameter["name"] == "page_size"
    )
    assert page_size["schema"]["maximum"] == 100 and page_size["schema"]["default"] == 100


def test_the_served_schema_is_the_generated_one(client):
    response = client.get("/api/v0/schema/")
    served, alias = response.json(), client.get("/api/v0/openapi.json").json()

    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.oai.openapi+json"
    assert served["openapi"].startswith("3.") and served == alias
    assert "/api/v0/projects/{project_id}" in served["paths"]
    assert not [path for path in served["paths"] if not path.startswith("/api/v0/")]


def test_swagger_ui_and_redoc_are_served_with_this_site_s_assets_under_their_policy(client):
    swagger = client.get("/api/v0/docs/")
    script = client.get("/api/v0/docs/", {"script": ""})
    redoc = client.get("/api/v0/redoc/")

    for response in (swagger, redoc):
        html = response.content.decode()
        assert response.status_code == 200 and "text/html" in response["Content-Type"]
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(source.startswith("/") for source in sources), sources
        for source in sources:
            if source.startswith("/static/"):
                assert finders.find(source.removeprefix("/static/")), source
        policy = response["Content-Security-Policy"]
        assert (
            "style-src 'self' 'unsafe-inline'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "/api/v0/schema/" in script.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", redoc["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in redoc.content.decode()
    assert "<script>" not in swagger.content.decode()  # no inline script: the policy would block it


def test_json_responses_keep_the_site_s_strict_policy(client):
    response = client.get("/api/v0/committees/")

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
