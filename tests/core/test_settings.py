"""The settings reader: good values are taken, bad ones stop the start with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hannover_teilhabe.env import env_bool, env_database, env_email, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("false", False), ("", False)],
)
def test_boolean_variables_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG") is expected


def test_a_malformed_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='vielleicht' ist kein Wahrheitswert"):
        env_bool("DEBUG")


def test_a_malformed_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "ein Jahr")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS='ein Jahr' ist keine ganze Zahl"):
        env_int("SECURE_HSTS_SECONDS", 0)


def test_lists_are_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " teilhabe.hannover.de, localhost ,")
    assert env_list("ALLOWED_HOSTS") == ["teilhabe.hannover.de", "localhost"]


def test_database_url_selects_postgresql_with_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://teilhabe:geheim@db:5432/teilhabe")
    config = env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db", "teilhabe", "teilhabe")


def test_without_database_url_the_embedded_sqlite_file_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", "sqlite:////tmp/teilhabe.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/teilhabe.sqlite3"


def test_a_malformed_database_url_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgress//db/teilhabe")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL=.* ist keine gültige Datenbank-URL"):
        env_database("DATABASE_URL", "sqlite:///x")


def test_email_url_configures_smtp_with_starttls(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "submission://absender:geheim@mail.hannover.de:587")
    config = env_email("EMAIL_URL", "console://")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["EMAIL_USE_TLS"] is True
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.hannover.de", 587)


def test_an_unknown_email_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://mail.hannover.de")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL=.*unbekanntes Schema"):
        env_email("EMAIL_URL", "console://")


def test_broker_url_must_be_redis_or_amqp(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env_url("CELERY_BROKER_URL", "", schemes=("redis", "amqp"))


def _start(env):
    """Load the settings in a fresh interpreter, as the server would at start-up."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_start_up_without_any_variable_uses_the_embedded_default():
    result = _start({"DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_start_up_with_postgres_and_redis_uses_them():
    result = _start({
        "DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    })
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_start_up_stops_with_a_clear_message_on_a_bad_value():
    result = _start({"DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings", "DEBUG": "jein"})
    assert result.returncode != 0
    assert "DEBUG='jein' ist kein Wahrheitswert" in result.stderr
