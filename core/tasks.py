from celery import shared_task
from django.db import connection


@shared_task
def health_check():
    """Proves that worker, broker, database and result backend work together."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": one == 1, "vendor": connection.vendor}
