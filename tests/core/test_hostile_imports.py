"""A planner uploads hostile and broken files to both imports: the platform answers each in German,
quickly and within bounded memory, and writes nothing."""

import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import PendingUpload
from district_statistics.models import ImportLog, Value
from tests.district_statistics.factories import IndicatorFactory
from tests.hostile_files import corpus
from tests.workshops.factories import EventFactory, WorkshopFactory
from workshops.models import Outcome

pytestmark = pytest.mark.django_db

MAX_SECONDS = 5
MAX_EXTRA_BYTES = 200 * 1024 * 1024


@pytest.fixture(autouse=True)
def _no_upload_limit(settings):
    # The corpus is one planner sending 300 files on purpose; the upload limit (tested on its own)
    # would answer most of them with 429 before the reader ever sees them.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import_upload": ("100000/10m", "100000/10m")}


@pytest.fixture(scope="module")
def hostile():
    return corpus()


class PeakMemory:
    """Extra memory one request takes at its peak.

    Linux lets a process reset its resident-set high-water mark, which costs nothing while the
    request runs; elsewhere tracemalloc traces the Python allocations instead.
    """

    def __init__(self):
        self.clear_refs = Path("/proc/self/clear_refs")
        self.proc = self.clear_refs.exists() and self._try_reset()
        if not self.proc:
            tracemalloc.start()

    def _try_reset(self):
        try:
            self.clear_refs.write_text("5")
            return True
        except OSError:
            return False

    @staticmethod
    def _status(field):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        raise LookupError(field)

    def start(self):
        if self.proc:
            self._try_reset()
            self.before = self._status("VmRSS")
        else:
            tracemalloc.reset_peak()
            self.before = tracemalloc.get_traced_memory()[0]

    def extra(self):
        if self.proc:
            return self._status("VmHWM") - self.before
        return tracemalloc.get_traced_memory()[1] - self.before

    def stop(self):
        if not self.proc:
            tracemalloc.stop()


def _post_all(client, url, files, field_data=None):
    """Posts every file; returns the problems found (empty when all answers were as they must be)."""
    problems = []
    memory = PeakMemory()
    try:
        for item in files:
            upload = SimpleUploadedFile(item.name, item.data, content_type="application/octet-stream")
            memory.start()
            started = time.monotonic()
            try:
                response = client.post(url, {"file": upload, **(field_data or {})})
            except Exception as error:  # the test client re-raises what would have been a server error
                problems.append(f"{item.name} ({item.kind}): server error {type(error).__name__}: {error}"[:300])
                continue
            seconds = time.monotonic() - started
            extra = memory.extra()
            page = response.content.decode("utf-8", errors="replace")
            if response.status_code >= 500 or response.status_code not in (200, 302, 422):
                problems.append(f"{item.name}: HTTP {response.status_code}")
            if seconds > MAX_SECONDS:
                problems.append(f"{item.name} ({item.kind}): {seconds:.1f} s")
            if extra > MAX_EXTRA_BYTES:
                problems.append(f"{item.name} ({item.kind}): {extra // (1024 * 1024)} MB extra memory")
            if response.status_code == 422 and item.expect and not item.answered_as_expected(page):
                problems.append(f"{item.name} ({item.kind}): answer does not name {item.expect!r}")
            if response.status_code == 422 and PendingUpload.objects.exists():
                problems.append(f"{item.name} ({item.kind}): refused, but an upload was kept")
            # Files that happen to be readable tables may wait for confirmation; they are never confirmed here.
            PendingUpload.objects.all().delete()
    finally:
        memory.stop()
    return problems


def test_corpus_has_every_kind_of_hostile_file(hostile):
    kinds = {item.kind for item in hostile}
    assert len(hostile) >= 300
    assert {"random bytes", "truncated xlsx", "zip bomb", "declared dimension", "huge cell", "NUL byte",
            "wrong encoding", "10,000 columns", "renamed file", "huge shared string", "deeply nested xml",
            "billion laughs", "shared string amplification"} <= kinds
    assert len({item.name for item in hostile}) == len(hostile)


def test_workshop_import_answers_every_hostile_file_and_writes_nothing(client, planner, hostile):
    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-feindlich"), number=1)
    client.force_login(planner)
    problems = _post_all(client, reverse("workshops:outcome_import", args=[workshop.pk]), hostile)
    assert problems == []
    assert Outcome.objects.count() == 0


def test_statistics_import_answers_every_hostile_file_and_writes_nothing(client, planner, hostile):
    IndicatorFactory(key="sgb2-quote", name="SGB-II-Quote")
    client.force_login(planner)
    problems = _post_all(client, reverse("statistics:import_upload"), hostile)
    assert problems == []
    assert Value.objects.count() == 0 and ImportLog.objects.count() == 0


@pytest.mark.parametrize("name, expected", [
    ("zehntausend-spalten-0.csv", "Die Datei hat mehr als 200 Spalten; höchstens 200 sind erlaubt."),
    ("lange-zelle-3.csv", "Eine Zelle hat mehr als 32.767 Zeichen; mehr sind in einer Zelle nicht erlaubt."),
    ("dimension-0.xlsx", "Die Datei hat mehr als 200 Spalten; höchstens 200 sind erlaubt."),
    ("verkleidet-0.xlsx", "Die Datei ist keine Tabelle, sondern eine Web-Seite oder XML; bitte speichern Sie "
                          "sie als CSV oder XLSX."),
])
def test_each_refusal_is_one_german_sentence_naming_the_limit(client, planner, hostile, name, expected):
    item = next(item for item in hostile if item.name.endswith(name))
    workshop = WorkshopFactory(event=EventFactory(slug="fachtag-satz"), number=1)
    client.force_login(planner)
    for url in (reverse("workshops:outcome_import", args=[workshop.pk]), reverse("statistics:import_upload")):
        response = client.post(url, {"file": SimpleUploadedFile(item.name, item.data)})
        assert response.status_code == 422
        assert expected in response.content.decode()
    assert not PendingUpload.objects.exists()
