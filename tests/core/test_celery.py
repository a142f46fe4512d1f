"""Worker, broker and result backend work together: a task travels through Redis and back."""

import pytest

from core.tasks import health_check


@pytest.mark.django_db
def test_health_check_task_called_directly_reaches_the_database():
    assert health_check()["database"] is True


@pytest.mark.worker
def test_health_check_runs_in_a_real_worker_over_redis(celery_worker_live):
    result = health_check.delay()
    assert result.get(timeout=30) == {"database": True, "vendor": "postgresql"}
