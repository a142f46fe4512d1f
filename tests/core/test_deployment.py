"""docker-compose.yml matches the settings the code reads, and production settings pass check --deploy."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _variables_the_settings_read():
    source = (ROOT / "hannover_teilhabe" / "settings.py").read_text(encoding="utf-8")
    source += (ROOT / "core" / "adapter.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))


def _variables_the_code_reads():
    """Every variable read through hannover_teilhabe/env.py anywhere in the platform's own code."""
    names = set()
    for path in ROOT.rglob("*.py"):
        if path.relative_to(ROOT).parts[0] in {".venv", "node_modules", "tests", "bench", "scripts"}:
            continue
        names |= set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
    return names


def _variables_in_the_readme_table():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Konfiguration", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}


def test_the_readme_configuration_table_names_every_variable_the_code_reads():
    code = _variables_the_code_reads()
    assert {"DATABASE_URL", "ACCOUNT_SIGNUP_OPEN", "TRUSTED_PROXY_COUNT"} <= code
    missing = sorted(code - _variables_in_the_readme_table())
    assert not missing, f"Diese Variablen fehlen in der Tabelle „Konfiguration“ der README: {', '.join(missing)}"


def test_compose_file_names_web_worker_db_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"web", "worker", "db", "redis"}
    for name in ("db", "redis"):
        assert "healthcheck" in compose["services"][name]
    for name in ("web", "worker"):
        depends = compose["services"][name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert "/data/media" in " ".join(compose["services"][name]["volumes"])
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "celery" in compose["services"]["worker"]["command"]


def test_web_and_worker_share_one_environment_of_variables_the_settings_read():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    web_env = compose["services"]["web"]["environment"]
    assert web_env == compose["services"]["worker"]["environment"]
    unknown = set(web_env) - _variables_the_settings_read()
    assert not unknown, f"docker-compose.yml setzt Variablen, die niemand liest: {unknown}"
    assert web_env["MEDIA_ROOT"] == "/data/media"


# Variables that would loosen or change the defaults under test; a subprocess starts without them.
_NOT_INHERITED = ("DATABASE_URL", "CELERY_", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "INSECURE_HTTP", "SECURE_",
                  "BEHIND_TLS_PROXY", "DEBUG", "TRUSTED_")


def _clean_env(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    env.update({"DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings", **variables})
    return env


def _check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def _settings_in_a_fresh_process(env, *names):
    code = ("import django; django.setup(); from django.conf import settings; "
            f"print(repr([getattr(settings, n) for n in {list(names)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip())  # noqa: S307 - our own repr of plain values


SECRET = "k9Vx2-production-secret-with-plenty-of-entropy-Qm7rT4wZ8pL3nB6yH1cJ5dF0gA"


def test_check_deploy_is_silent_with_only_debug_off_a_secret_key_and_allowed_hosts():
    result = _check_deploy(_clean_env(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="teilhabe.hannover.de"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_with_debug_off_https_secure_cookies_and_hsts_are_the_default():
    env = _clean_env(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="teilhabe.hannover.de")
    redirect, session_secure, csrf_secure, hsts, preload = _settings_in_a_fresh_process(
        env, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD")
    assert (redirect, session_secure, csrf_secure, preload) == (True, True, True, True)
    assert hsts >= 365 * 24 * 3600


def test_a_plain_http_intranet_opts_out_explicitly():
    env = _clean_env(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="teilhabe.intranet", INSECURE_HTTP="true")
    assert _settings_in_a_fresh_process(
        env, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS") == [False, False, 0]
    # check --deploy then names exactly what the opt-out gives up.
    result = _check_deploy(env)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr


def test_make_run_stays_on_plain_http():
    env = _clean_env(DEBUG="true")
    assert _settings_in_a_fresh_process(env, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE") == [False, False]


def test_the_cache_is_the_brokers_redis_or_else_the_database():
    with_redis = _clean_env(CELERY_BROKER_URL="redis://redis:6379/0")
    assert _settings_in_a_fresh_process(with_redis, "CACHES")[0]["default"]["LOCATION"] == "redis://redis:6379/0"
    own = _clean_env(CELERY_BROKER_URL="redis://redis:6379/0", CACHE_URL="redis://cache:6379/1")
    assert _settings_in_a_fresh_process(own, "CACHES")[0]["default"]["LOCATION"] == "redis://cache:6379/1"
    without = _settings_in_a_fresh_process(_clean_env(), "CACHES")[0]["default"]
    assert without["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    chosen = _clean_env(CELERY_BROKER_URL="redis://redis:6379/0", CACHE_URL="db://")
    assert _settings_in_a_fresh_process(chosen, "CACHES")[0]["default"]["BACKEND"].endswith("DatabaseCache")


def test_migrate_on_a_fresh_sqlite_checkout_creates_the_cache_table(tmp_path):
    database = tmp_path / "frisch.sqlite3"
    env = _clean_env(DEBUG="true", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "teilhabe_cache" in tables
    # The first requests of a fresh process, as gunicorn's: the middleware loads before any view.
    code = ("import django; django.setup(); from django.test import Client; c = Client(HTTP_HOST='localhost'); "
            "print([c.get(p).status_code for p in ('/', '/api/v1/massnahmen/', '/api/v1/werte/', '/offene-daten/')])")
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    assert first.stdout.strip() == "[200, 200, 200, 200]", first.stderr[-3000:]


def test_check_deploy_with_production_variables_reports_nothing():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "CELERY_", "DJANGO_ALLOW_ASYNC_UNSAFE", "INSECURE_HTTP"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "teilhabe.hannover.de",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
        "BEHIND_TLS_PROXY": "true",
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_is_reachable_only_through_the_proxy_on_the_host():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_the_worker_also_runs_the_schedule_that_sweeps_dead_report_builds():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert "--beat" in compose["services"]["worker"]["command"]
    from hannover_teilhabe.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert any(task.startswith("reports.") for task in tasks)


def test_the_image_refuses_to_start_without_a_secret_key():
    assert "ENV REQUIRE_SECRET_KEY=1" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings", "REQUIRE_SECRET_KEY": "1"})
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY ist nicht gesetzt" in result.stderr
