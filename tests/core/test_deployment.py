"""docker-compose.yml matches the settings the code reads, and production settings pass check --deploy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _variables_the_settings_read():
    source = (ROOT / "hannover_teilhabe" / "settings.py").read_text(encoding="utf-8")
    source += (ROOT / "core" / "adapter.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))


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


def test_check_deploy_with_production_variables_reports_nothing():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "CELERY_", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
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
