"""Load: gunicorn on PostgreSQL and Redis (loopback), 50 people reading and writing for 60 s.

Run with `make bench`. Creates a scratch PostgreSQL database (never DATABASE_URL's), loads the
demo, starts gunicorn on 127.0.0.1, and lets BENCH_LOAD_USERS people (default 50) click for
BENCH_LOAD_SECONDS (default 60): start page, measure list, a measure, a workshop board and an
indicator page; and they write comments and board entries. Afterwards it counts the written rows
in the database: every write that was answered as saved must be there (0 lost writes), and no
request may fail (0 errors). Each person comes from an address of their own behind one trusted
proxy and comments at most once a minute, so the platform's rate limits (10 comments per account
in 10 minutes) are not what is measured; the bench's Redis database is emptied first. Prints
p50/p95/p99 per kind of request; exits 1 on any error or loss.

Variables: BENCH_POSTGRES_URL (server to create the scratch database on, default
postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379/15),
BENCH_LOAD_PORT (default 8141).
"""

import http.client
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg

USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8141"))
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# Bounds: a person sends at most this many requests, each may take at most REQUEST_TIMEOUT.
MAX_REQUESTS_PER_USER = 5_000
REQUEST_TIMEOUT = 30
WRITE_SHARE = 0.2
# A person comments at most once a minute: the platform's limit is 10 comments per account in
# 10 minutes, and a load test that runs into it measures the limit, not the platform.
COMMENT_INTERVAL = 65
ROOT = Path(__file__).resolve().parent.parent
MARK = f"Last-{uuid.uuid4().hex[:8]}"


def _scratch_database():
    name = f"ht_bench_load_{os.getpid()}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(SERVER)
    return name, urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _drop_database(name):
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(database_url):
    """Migrate, load the demo, and give every simulated person an account and a session."""
    os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ["EMAIL_URL"] = "dummy://"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _scratch import scratch_django

    tmp = scratch_django(prefix="ht-bench-load-")
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from actionplan.models import ConsultationPeriod, Measure
    from core.models import Membership, Organisation, User
    from district_statistics.models import Indicator
    from workshops.models import Workshop

    now = timezone.now()
    if not ConsultationPeriod.objects.open_at(now).exists():
        ConsultationPeriod.objects.create(title="Lasttest", starts_at=now - timezone.timedelta(days=1),
                                          ends_at=now + timezone.timedelta(days=1))
    consulted = Measure.objects.filter(publication_state=Measure.Publication.CONSULTATION).first()
    workshop = Workshop.objects.filter(event__is_public=True).first()
    indicator = Indicator.objects.filter(is_published=True).first()
    organisation = Organisation.objects.first()
    planning = Group.objects.get(name="Planung")
    people = []
    for number in range(USERS):
        user = User.objects.create_user(email=f"last{number}@bench.invalid", password=None,
                                        display_name=f"Lastperson {number}")
        Membership.objects.create(user=user, organisation=organisation, confirmed=True)
        if number % 2:
            user.groups.add(planning)
        client = Client()
        client.force_login(user)
        people.append({"session": client.cookies["sessionid"].value, "planner": bool(number % 2)})
    pages = {
        "Startseite": "/",
        "Maßnahmen": "/aktionsplan/",
        "Maßnahme": consulted.get_absolute_url(),
        "Board": workshop.get_absolute_url(),
        "Indikator": indicator.get_absolute_url(),
    }
    writes = {
        "comment": (reverse("actionplan:comment_create", args=[consulted.reference]), organisation.pk),
        "outcome": (reverse("workshops:outcome_add", args=[workshop.pk]), None),
    }
    return tmp, pages, writes, people


class Person(threading.Thread):
    def __init__(self, number, session, planner, pages, writes, deadline, results):
        super().__init__(daemon=True)
        self.number, self.planner = number, planner
        self.pages, self.writes, self.deadline, self.results = pages, writes, deadline, results
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts the cookie secret itself
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.random = random.Random(number)
        self.connection = None
        self.next_comment_at = 0.0
        # Each person has an address of their own behind the city's reverse proxy (one hop trusted),
        # as in production; from one address all 50 would share the per-address limits.
        self.address = f"10.{number // 250}.{number % 250}.{1 + number % 200}"

    def _request(self, method, path, body=None):
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1", "X-Forwarded-For": self.address}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode({**body, "csrfmiddlewaretoken": self.csrf})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=REQUEST_TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
                # gunicorn closed an idle keep-alive connection: open a new one (a GET only).
                self.connection.close()
                self.connection = None
                if method != "GET" or attempt == 2:
                    raise
        return None

    def run(self):
        count = 0
        while time.monotonic() < self.deadline and count < MAX_REQUESTS_PER_USER:
            count += 1
            commenting_allowed = self.planner or time.monotonic() >= self.next_comment_at
            if self.random.random() < WRITE_SHARE and commenting_allowed:
                kind = "Kommentar" if not self.planner else "Board-Eintrag"
                if kind == "Kommentar":
                    self.next_comment_at = time.monotonic() + COMMENT_INTERVAL
                text = f"{MARK} {self.number}-{count}"
                if kind == "Kommentar":
                    path, organisation = self.writes["comment"]
                    body = {"organisation": organisation, "position": "zustimmung", "text": text}
                else:
                    path, _ = self.writes["outcome"]
                    body = {"neu-dringend-kind": "dringend", "neu-dringend-title": text, "neu-dringend-weight": "0"}
                method, expected = "POST", {302}
            else:
                kind = self.random.choice(list(self.pages))
                path, body, method, expected = self.pages[kind], None, "GET", {200}
            started = time.perf_counter()
            try:
                status = self._request(method, path, body)
            except Exception as error:  # noqa: BLE001 - every failure counts as an error
                status = f"{type(error).__name__}"
            elapsed = (time.perf_counter() - started) * 1000
            self.results.append((kind, elapsed, status in expected, status, body and body.get("text") or
                                 body and body.get("neu-dringend-title")))


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _start_gunicorn(database_url, media_root):
    from django.conf import settings

    environment = {
        **os.environ,
        "DATABASE_URL": database_url, "CELERY_BROKER_URL": REDIS, "MEDIA_ROOT": media_root,
        # The key the sessions were signed with in _prepare (the bench environment sets its own).
        "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY, "EMAIL_URL": "dummy://", "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING", "TRUSTED_PROXY_COUNT": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hannover_teilhabe.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "3", "--threads", "8", "--worker-class", "gthread", "--timeout", "60",
         "--keep-alive", "30", "--backlog", "256"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn ist nicht gestartet: " + server.stderr.read().decode()[-2000:])


def _fresh_redis():
    """The bench's own Redis database starts empty: no rate-limit counters or tasks of an earlier run."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def main():
    _fresh_redis()
    name, database_url = _scratch_database()
    server = None
    try:
        tmp, pages, writes, people = _prepare(database_url)
        server = _start_gunicorn(database_url, f"{tmp.name}/media")
        results = []
        deadline = time.monotonic() + SECONDS
        threads = [Person(number, person["session"], person["planner"], pages, writes, deadline, results)
                   for number, person in enumerate(people)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + REQUEST_TIMEOUT + 30)
        duration = time.monotonic() - started

        from actionplan.models import Comment
        from workshops.models import Outcome

        answered_saved = {text for _, _, ok, _, text in results if ok and text}
        in_database = set(Comment.objects.filter(text__startswith=MARK).values_list("text", flat=True))
        in_database |= set(Outcome.objects.filter(title__startswith=MARK).values_list("title", flat=True))
        lost = answered_saved - in_database
        errors = [(kind, status) for kind, _, ok, status, _ in results if not ok]

        print(f"{len(results)} Anfragen von {USERS} Personen in {duration:.0f} s "
              f"({len(results) / duration:.0f}/s), gunicorn 3×8 Threads, PostgreSQL und Redis auf 127.0.0.1")
        print(f"{'Art':<16} {'Anzahl':>7} {'p50':>9} {'p95':>9} {'p99':>9}")
        kinds = sorted({kind for kind, *_ in results})
        for kind in [*kinds, "alle"]:
            times = [ms for k, ms, *_ in results if kind in (k, "alle")]
            print(f"{kind:<16} {len(times):>7} {_percentile(times, .5):>7.0f}ms {_percentile(times, .95):>7.0f}ms "
                  f"{_percentile(times, .99):>7.0f}ms")
        print(f"Fehler: {len(errors)}  Schreibvorgänge bestätigt: {len(answered_saved)}  "
              f"in der Datenbank: {len(in_database)}  verloren: {len(lost)}")
        if errors:
            print("Beispiele:", errors[:5])
        if errors or lost:
            raise SystemExit(1)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        _drop_database(name)


if __name__ == "__main__":
    main()
