"""Every benchmark runs Django on a throwaway database, never on the configured DATABASE_URL.

Imported first by each script in bench/ (files starting with "_" are not benchmarks themselves).
BENCH_DATABASE_URL may name a scratch PostgreSQL database to measure on instead of SQLite.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scratch_django(prefix="ht-bench-"):
    """Point Django at a temporary database and media folder, run tasks in-process, set up Django.

    Returns the TemporaryDirectory; keep a reference so it lives as long as the benchmark.
    """
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.TemporaryDirectory(prefix=prefix)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = f"{tmp.name}/media"
    os.environ.pop("CELERY_BROKER_URL", None)  # the embedded default: tasks run in-process
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"  # Django's test client
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hannover_teilhabe.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return tmp
