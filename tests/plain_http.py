"""Loaded by pytest before Django reads its settings (pyproject.toml: `-p tests.plain_http`).

With DEBUG off the settings default to HTTPS only (redirect, secure cookies, HSTS). The test
client and the live server for the browser tests speak plain HTTP, like `make run`, so the run
opts out the way a plain-HTTP intranet would. Tests of the HTTPS defaults start their own
process without this variable (tests/core/test_deployment.py).
"""

import os

os.environ.setdefault("INSECURE_HTTP", "true")
