"""Embedding Nest's content: what is embedded, only what changed again, the signals that drive it, deletion,
the provider switch, the task and the command. A handful of pages (no real data), with the local model."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.ai.models import Chunk, Context, EmbeddingIndex
from apps.ai.providers.local import MODEL_NAME
from apps.ai.services.embedding import embed_pending, sync_embeddings
from apps.ai.services.retrieval import similar
from apps.ai.tasks import embed_task
from apps.core import changes
from tests.factories import add_leader, make_chapter, make_issue, make_project, make_repository
from tests.fakes.openai import API_KEY, FakeOpenAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(without_owasp_data):
    juice = make_project(
        "OWASP Juice Shop",
        level="flagship",
        pitch="An intentionally insecure web application for security training.",
        description="<p>Juice Shop covers the whole <b>OWASP Top Ten</b> and many other flaws.</p>",
        tags=["training", "ctf"],
    )
    add_leader(juice, "Björn Kimminich", email="private@example.org")
    check = make_project("OWASP Dependency-Check", pitch="Finds known vulnerable components among dependencies.")
    london = make_chapter("OWASP London", city="London", country="United Kingdom", pitch="Meetups in London.")
    repository = make_repository("juice-shop", description="Probably the most modern insecure web application")
    open_issue = make_issue(repository, title="Add a challenge for JWT forgery", body="Tokens signed with none.")
    closed = make_issue(repository, title="Old closed bug", state="closed")
    return {
        "juice": juice,
        "check": check,
        "london": london,
        "repository": repository,
        "open": open_issue,
        "closed": closed,
    }


def embedded_ids():
    return set(Context.objects.values_list("entity_type", "object_id"))


def test_embeds_published_pages_repositories_and_open_issues_only(content):
    report = sync_embeddings()

    assert embedded_ids() == {
        ("project", content["juice"].pk),
        ("project", content["check"].pk),
        ("chapter", content["london"].pk),
        ("repository", content["repository"].pk),
        ("issue", content["open"].pk),
    }
    assert report.refreshed.created == 5 and report.contexts == 5 and report.chunks == Chunk.objects.count()
    assert report.activated and EmbeddingIndex.objects.get(is_active=True).model_name == MODEL_NAME
    juice = Chunk.objects.get(context__object_id=content["juice"].pk)
    # What the page shows: the editor's fields, rich text as text, leaders without their e-mail.
    assert "intentionally insecure web application" in juice.text
    assert "covers the whole OWASP Top Ten" in juice.text and "<b>" not in juice.text
    assert "Björn Kimminich" in juice.text and "private@example.org" not in juice.text
    assert (juice.model_name, juice.dimensions, len(juice.embedding)) == (MODEL_NAME, 384, 384)


def test_only_changed_content_is_embedded_again(content):
    sync_embeddings()
    before = dict(Chunk.objects.values_list("context__object_id", "pk"))

    again = sync_embeddings()
    assert (again.refreshed.unchanged, again.contexts, again.chunks) == (5, 0, 0)

    page = content["check"]
    page.pitch = "Software composition analysis: finds known vulnerable dependencies."
    page.save()
    report = sync_embeddings()

    assert (report.refreshed.changed, report.contexts) == (1, 1)
    after = dict(Chunk.objects.values_list("context__object_id", "pk"))
    assert after[page.pk] != before[page.pk]
    assert {k: v for k, v in after.items() if k != page.pk} == {k: v for k, v in before.items() if k != page.pk}
    assert "Software composition analysis" in Chunk.objects.get(context__object_id=page.pk).text


def test_data_changed_refreshes_the_contexts_of_what_changed(content, django_capture_on_commit_callbacks):
    sync_embeddings()
    issue = content["open"]
    issue.state = "closed"
    issue.save()
    page = content["london"]
    page.pitch = "Monthly meetups in central London about application security."
    page.save()

    with django_capture_on_commit_callbacks(execute=True), changes.run("test sync"):
        changes.record("issue", [issue.pk])
        changes.record("chapter", [page.pk])

    assert ("issue", issue.pk) not in embedded_ids()  # closed: no longer embedded
    assert embed_pending().contexts == 1  # only the chapter's new text
    assert "central London" in Chunk.objects.get(context__object_id=page.pk, context__entity_type="chapter").text


def test_an_archived_repository_takes_its_issues_out(content, django_capture_on_commit_callbacks):
    sync_embeddings()
    repository = content["repository"]
    repository.is_archived = True
    repository.save()

    with django_capture_on_commit_callbacks(execute=True):
        changes.record("repository", [repository.pk])

    assert ("issue", content["open"].pk) not in embedded_ids()
    assert ("repository", repository.pk) in embedded_ids()  # still served by GitHub, marked archived
    assert embed_pending().contexts == 1


def test_unpublishing_or_deleting_a_page_removes_its_embeddings(content, django_capture_on_commit_callbacks):
    sync_embeddings()
    juice, check = content["juice"], content["check"]

    with django_capture_on_commit_callbacks(execute=True):
        juice.unpublish()
    assert ("project", juice.pk) not in embedded_ids()

    check_context = Context.objects.get(entity_type="project", object_id=check.pk)
    check.delete()
    assert not Context.objects.filter(pk=check_context.pk).exists()
    assert not Chunk.objects.filter(context_id=check_context.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        juice.save_revision().publish()
    assert ("project", juice.pk) in embedded_ids()


def test_similar_is_empty_before_anything_is_embedded(content):
    assert similar("insecure web application") == []
    sync_embeddings()
    assert similar("") == [] and similar("anything", limit=0) == []
    with pytest.raises(ValueError, match="unknown entity types"):
        similar("x", types=["planet"])


def test_similar_finds_the_entity_by_meaning(content):
    sync_embeddings()

    matches = similar("a deliberately vulnerable app to practise hacking", limit=3)

    assert matches[0].entity_type in ("project", "repository")
    assert matches[0].chunk.context.title in ("OWASP Juice Shop", "OWASP/juice-shop")
    assert len({(m.entity_type, m.object_id) for m in matches}) == len(matches)  # one row per entity
    assert all(-1 <= m.score <= 1 for m in matches) and matches[0].score >= matches[-1].score
    chapters = similar("security meetups in England", types=["chapter"], limit=5)
    assert [(m.entity_type, m.object_id) for m in chapters] == [("chapter", content["london"].pk)]


def test_retrieval_reads_the_models_hnsw_index(content):
    sync_embeddings()
    from apps.ai.providers.local import LocalProvider
    from apps.ai.services.retrieval import _literal, nearest_chunks

    vector = LocalProvider().embed_query("juice")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show its index choice
        cursor.execute(
            "EXPLAIN SELECT id FROM ai_chunk WHERE model_name = %s"
            " ORDER BY embedding::vector(384) <=> %s::vector(384) LIMIT 5",
            [MODEL_NAME, _literal(vector)],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "ai_hnsw_allminilml6v" in plan
    assert nearest_chunks(EmbeddingIndex.objects.get(is_active=True), vector, types=None, count=5)


def test_switching_provider_reembeds_while_retrieval_keeps_the_old_model(content, settings):
    sync_embeddings()
    with FakeOpenAI(dimensions=1536) as fake:
        settings.NEST_AI_EMBEDDING_PROVIDER = ""
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url

        partial = embed_pending(limit=2)  # the task stopped half-way (or is still running)

        assert (partial.model_name, partial.contexts, partial.pending, partial.activated) == (
            "text-embedding-3-small",
            2,
            3,
            False,
        )
        assert EmbeddingIndex.objects.get(is_active=True).model_name == MODEL_NAME
        requests = len(fake.requests)
        old = similar("intentionally insecure web application", limit=1)
        assert old and old[0].chunk.model_name == MODEL_NAME
        assert len(fake.requests) == requests  # the question was embedded locally, for the local chunks

        rest = embed_task.apply(kwargs={"refresh": False}).get()

        assert (rest["contexts"], rest["pending"], rest["activated"]) == (3, 0, True)
        assert rest["tokens"] > 0 and rest["cost_usd"] > 0
        assert set(Chunk.objects.values_list("model_name", flat=True)) == {"text-embedding-3-small"}
        index = EmbeddingIndex.objects.get(is_active=True)
        assert (index.model_name, index.dimensions, index.tokens > 0) == ("text-embedding-3-small", 1536, True)
        new = similar("Juice Shop insecure web application", limit=1)
        assert new and new[0].chunk.model_name == "text-embedding-3-small"
        assert fake.requests[-1]["input"] == ["Juice Shop insecure web application"]


def test_a_failing_provider_leaves_the_old_model_active(content, settings):
    sync_embeddings()
    with FakeOpenAI(dimensions=1536) as fake:
        settings.NEST_AI_EMBEDDING_PROVIDER = "openai"
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_MAX_RETRIES = 0
        fake.script = ["500"]

        report = embed_pending()

    assert report.errors and not report.activated
    assert EmbeddingIndex.objects.get(is_active=True).model_name == MODEL_NAME
    assert similar("insecure web application", limit=1)


def test_the_embed_command_prints_a_summary(content):
    out, err = StringIO(), StringIO()

    call_command("embed", "--type", "project", stdout=out, stderr=err)

    assert "Contexts: 2 new, 0 changed, 0 unchanged, 0 removed." in out.getvalue()
    assert "Embedded 2 contexts in 2 chunks with all-MiniLM-L6-v2" in out.getvalue()
    assert "2/2" in err.getvalue()  # the progress bar
    with pytest.raises(CommandError, match="--limit"):
        call_command("embed", "--limit", "-1", stdout=StringIO(), stderr=StringIO())


def test_a_second_run_at_the_same_time_leaves(content):
    import psycopg

    from apps.ai.services.embedding import LOCK_KEY
    from tests.conftest import database_url

    with psycopg.connect(database_url(connection.settings_dict["NAME"]), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        report = sync_embeddings()
    assert report.skipped and not Chunk.objects.exists()


def test_the_schedules_exist():
    from django_celery_beat.models import PeriodicTask

    tasks = {task.name: task for task in PeriodicTask.objects.filter(task="ai.embed")}
    assert tasks["AI embeddings: pending"].interval.every == 15
    assert tasks["AI embeddings: full refresh"].crontab.hour == "4"


def test_a_change_queues_the_embedding_task(content, settings, django_capture_on_commit_callbacks):
    from nest.celery import app

    settings.NEST_AI_EMBED_ON_CHANGE = True
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            changes.record("project", [content["juice"].pk])
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = previous

    assert Chunk.objects.filter(context__object_id=content["juice"].pk).exists()
    assert EmbeddingIndex.objects.get(is_active=True).model_name == MODEL_NAME
