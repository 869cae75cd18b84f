"""Checks the run command makes before starting anything: a clear message instead of a traceback."""

import os
import sys

import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def check_redis(url: str) -> str | None:
    """None when Redis answers at ``url``, else what to do about it."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return (
            f"Nothing answers at REDIS_URL={url} ({exc}).\n"
            "Nest needs Redis for its cache, sessions and the Celery broker. Start one, for example:\n"
            "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379\n"
            "  or: docker compose -f docker/compose.yml up -d redis\n"
            "or point REDIS_URL at a running server, then run the command again."
        )
    finally:
        client.close()
    return None


def main() -> int:
    problem = check_redis(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
