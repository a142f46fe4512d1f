"""Stops `make test` with one clear line when PostgreSQL or Redis cannot be reached."""

import os
import sys

import psycopg
import redis

HOW = "Starten mit"


def main():
    db_url = os.environ["DATABASE_URL"]
    broker = os.environ["CELERY_BROKER_URL"]
    try:
        # Connect to the maintenance database: the test run creates its own.
        with psycopg.connect(db_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5):
            pass
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        sys.exit(f"PostgreSQL ist nicht erreichbar ({db_url}): {first.rstrip('.')}. {HOW}: "
                 "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis ist nicht erreichbar ({broker}): {str(exc).rstrip('.')}. {HOW}: "
                 "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''")


if __name__ == "__main__":
    main()
