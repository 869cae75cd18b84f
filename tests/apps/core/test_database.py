import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import PROJECT_DIR, database_url


@pytest.mark.django_db
def test_vector_extension_is_installed_by_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()

    assert row is not None
    assert tuple(int(part) for part in row[0].split(".")[:2]) >= (0, 8)


@pytest.mark.django_db
def test_vector_column_is_queried_by_cosine_distance():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE probe (id int PRIMARY KEY, embedding vector(3))")
        cursor.execute("INSERT INTO probe VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.9,0.1,0]'), (4, '[-1,0,0]')")
        cursor.execute("CREATE INDEX ON probe USING hnsw (embedding vector_cosine_ops)")
        cursor.execute("SELECT id, embedding <=> '[1,0,0]' AS distance FROM probe ORDER BY distance LIMIT 3")
        rows = cursor.fetchall()

    assert [row[0] for row in rows] == [1, 3, 2]
    assert rows[0][1] == pytest.approx(0.0)
    assert rows[2][1] == pytest.approx(1.0)


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrations_apply_to_an_empty_database(child_env):
    with connection.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS nest_empty_migrate")
        cursor.execute("CREATE DATABASE nest_empty_migrate")
    try:
        env = dict(child_env, NEST_TEST_DATABASE_URL=database_url("nest_empty_migrate"))
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Applying core.0001_initial... OK" in result.stdout
        assert "Applying cms.0002_create_homepage... OK" in result.stdout
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS nest_empty_migrate WITH (FORCE)")
