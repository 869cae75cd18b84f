"""The scale-out settings from the environment: the broker (Redis or RabbitMQ) and the read replica."""

import json

from tests.nest.test_settings import load_settings

PRINT_SCALE = (
    "import configurations, json; configurations.setup(); from django.conf import settings as s; "
    "from nest.celery import app; c = app.conf; "
    "print(json.dumps({'broker': c.broker_url, 'results': c.result_backend, 'options': c.broker_transport_options, "
    "'acks_late': c.task_acks_late, 'reject_on_worker_lost': c.task_reject_on_worker_lost, "
    "'prefetch': c.worker_prefetch_multiplier, "
    "'cancel_on_loss': c.worker_cancel_long_running_tasks_on_connection_loss, "
    "'queues': [(q.name, q.durable, q.exchange.durable) for q in c.task_queues], "
    "'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS}, default=str))"
)
PRODUCTION = {
    "DJANGO_SECRET_KEY": "s3cret-from-env",
    "DJANGO_ALLOWED_HOSTS": "nest.example.org",
    "DATABASE_URL": "postgres://nest:pw@db.internal:5432/nest",
    "REDIS_URL": "redis://cache.internal:6379/2",
}


def loaded(configuration: str, **env: str) -> dict:
    result = load_settings(configuration, code=PRINT_SCALE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_on_rabbitmq_with_a_replica_gets_durable_late_acks_and_a_pooled_replica():
    conf = loaded(
        "Production",
        CELERY_BROKER_URL="amqp://nest:pw@mq.internal:5672/nest",
        DATABASE_REPLICA_URL="postgres://nest_ro:pw@replica.internal:5432/nest",
        DATABASE_POOL_MAX_SIZE="4",
        **PRODUCTION,
    )

    assert conf["broker"] == "amqp://nest:pw@mq.internal:5672/nest"
    assert conf["results"] == "redis://cache.internal:6379/2"  # results stay in Redis
    assert conf["options"]["confirm_publish"] is True
    assert "visibility_timeout" not in conf["options"]
    assert (conf["acks_late"], conf["reject_on_worker_lost"], conf["prefetch"], conf["cancel_on_loss"]) == (
        True, True, 1, True,
    )  # fmt: skip
    assert conf["queues"] == [["nest", True, True]]
    default, replica = conf["databases"]["default"], conf["databases"]["replica"]
    assert (default["HOST"], replica["HOST"], replica["USER"]) == ("db.internal", "replica.internal", "nest_ro")
    assert replica["OPTIONS"]["pool"]["max_size"] == default["OPTIONS"]["pool"]["max_size"] == 4
    assert replica["TEST"]["MIRROR"] == "default"
    assert conf["routers"] == ["apps.core.db_router.ReplicaRouter"]


def test_production_on_redis_behind_pgbouncer_keeps_one_unpooled_database_and_a_visibility_timeout():
    conf = loaded("Production", CELERY_VISIBILITY_TIMEOUT="7200", DATABASE_PGBOUNCER="true", **PRODUCTION)

    assert conf["broker"] == "redis://cache.internal:6379/2"
    assert conf["options"] == {"visibility_timeout": 7200}
    assert conf["cancel_on_loss"] is False  # Redis redelivers only after the timeout: a running task finishes
    assert (conf["acks_late"], conf["reject_on_worker_lost"], conf["prefetch"]) == (True, True, 1)
    assert list(conf["databases"]) == ["default"]
    default = conf["databases"]["default"]
    assert "pool" not in default.get("OPTIONS", {})
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["CONN_MAX_AGE"] == 0
