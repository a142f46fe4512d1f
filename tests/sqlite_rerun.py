"""Run a test module again on the embedded default (SQLite), from the PostgreSQL run.

`make run` without variables uses SQLite, and a newcomer judges the platform there: features
that behave differently per database (German search) prove themselves on both.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rerun_on_sqlite(test_file, tmp_path, *, deselect):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'suche.sqlite3'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db", test_file, "-k", deselect],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout.splitlines()[-1]
