"""Every benchmark runs Django on a scratch PostgreSQL database, never on the configured DATABASE_URL.

Imported first by each script in bench/ (files starting with "_" are not benchmarks themselves).
BENCH_DATABASE_URL names the scratch database (default: hannover_teilhabe_bench on the local
server); `make bench` builds the bench data set into it once (bench/_data.py) and every script
reads the same data. The growth runs use sibling databases with the size appended (…_m50, …_m2000).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hannover_teilhabe_bench"
# The sizes of issue 15: the data set every script shares, and the two sizes that show growth.
MEASURES = 500
GROWTH_SIZES = (50, 2000)


def _protected_url():
    # The DATABASE_URL the bench was started with; child processes get theirs replaced by the scratch one.
    return os.environ.get("BENCH_PROTECTED_DATABASE_URL", os.environ.get("DATABASE_URL", "")).rstrip("/")


def bench_database_url(measures=MEASURES):
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL).rstrip("/")
    if url == _protected_url():
        sys.exit("BENCH_DATABASE_URL ist dieselbe Datenbank wie DATABASE_URL: Benchmarks laufen nur auf einer "
                 "eigenen, wegwerfbaren Datenbank.")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("BENCH_DATABASE_URL muss eine PostgreSQL-Datenbank nennen (gemessen wird wie im Betrieb).")
    return url if measures == MEASURES else f"{url}_m{measures}"


def bench_environment(measures=MEASURES, media_root=None):
    """The environment a benchmark's Django (in this process or a gunicorn) runs with."""
    env = dict(os.environ)
    env["BENCH_PROTECTED_DATABASE_URL"] = _protected_url()
    env["DATABASE_URL"] = bench_database_url(measures)
    env.pop("CELERY_BROKER_URL", None)  # the embedded default: tasks run in-process
    env.pop("CELERY_RESULT_BACKEND", None)
    # The cache as in production (docker-compose: the broker's Redis), on a database of its own.
    env["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["INSECURE_HTTP"] = "true"  # plain HTTP on the loopback: no redirect to HTTPS
    env["DEBUG"] = "false"
    # One key for every process of a run: a session made by the script must be valid in gunicorn.
    env["SECRET_KEY"] = "bench-only-not-a-secret-" + "x" * 32
    env["PYTHONWARNINGS"] = "ignore::UserWarning"  # whitenoise: no collectstatic for a benchmark
    env["DJANGO_SETTINGS_MODULE"] = "hannover_teilhabe.settings"
    # wrk asks thousands of times a minute from one address: the API's per-address limit would answer 429.
    env["OPEN_DATA_RATE"] = "100000000/hour"
    env.setdefault("LOG_LEVEL", "WARNING")
    if media_root:
        env["MEDIA_ROOT"] = str(media_root)
    return env


def scratch_django(prefix="ht-bench-", measures=MEASURES):
    """Point Django at the scratch database and a temporary media folder, and set it up.

    Returns the TemporaryDirectory; keep a reference so it lives as long as the benchmark.
    """
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.TemporaryDirectory(prefix=prefix)
    os.environ.update(bench_environment(measures, media_root=f"{tmp.name}/media"))
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL"):
        os.environ.pop(name, None)
    import django

    django.setup()
    return tmp
