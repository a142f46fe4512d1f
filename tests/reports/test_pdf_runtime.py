"""The PDF tuning is installed once per process, and only on the pydyf it was written for."""

import gc
import logging

import pydyf
import pytest

from reports import pdf_runtime


def test_page_reference_cache_gives_pydyfs_answer_and_follows_new_pages():
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert pdf_runtime._cached_page_references(pdf) == pdf_runtime.pydyf_page_references(pdf)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf_runtime._cached_page_references(pdf) == pdf_runtime.pydyf_page_references(pdf)
    assert len(pdf_runtime._cached_page_references(pdf)) == 4


def test_requirements_pin_exactly_the_pydyf_the_patch_was_written_for():
    from django.conf import settings

    pins = (settings.BASE_DIR / "requirements.txt").read_text().splitlines()
    assert f"pydyf=={pdf_runtime.PATCHED_PYDYF_VERSION}" in pins
    assert pydyf.__version__ == pdf_runtime.PATCHED_PYDYF_VERSION


@pytest.fixture
def unpatched_pydyf():
    """pydyf as it comes, restored afterwards to whatever this process had."""
    before = pydyf.PDF.page_references
    original = pdf_runtime._pydyf_original.get("page_references") or before.fget
    pydyf.PDF.page_references = property(original)
    yield
    pydyf.PDF.page_references = before


def test_another_pydyf_version_is_refused_with_a_clear_log_line(unpatched_pydyf, caplog):
    with caplog.at_level(logging.WARNING, logger="reports.pdf_runtime"):
        installed = pdf_runtime.install_pydyf_patch(version="0.14.0")

    assert installed is False
    assert pydyf.PDF.page_references.fget is not pdf_runtime._cached_page_references
    assert "pydyf 0.14.0 is installed" in caplog.text and "patch NOT installed" in caplog.text


def test_the_pinned_pydyf_gets_the_patch(unpatched_pydyf):
    assert pdf_runtime.install_pydyf_patch() is True
    assert pydyf.PDF.page_references.fget is pdf_runtime._cached_page_references


def test_a_celery_worker_process_installs_the_tuning_when_it_starts(unpatched_pydyf, monkeypatch):
    from celery.signals import worker_process_init

    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    monkeypatch.setitem(pdf_runtime._installed, "gc", False)
    try:
        worker_process_init.send(sender=None)

        assert pydyf.PDF.page_references.fget is pdf_runtime._cached_page_references
        assert gc.get_threshold() == pdf_runtime.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if frozen:
            gc.freeze()


def test_the_embedded_mode_installs_the_tuning_at_app_start():
    """Without a broker, builds run in the web process: the tuning is there before any request."""
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django, gc, pydyf; django.setup(); "
        "from reports.pdf_runtime import _cached_page_references, GC_THRESHOLDS; "
        "print(pydyf.PDF.page_references.fget is _cached_page_references, gc.get_threshold() == GC_THRESHOLDS)"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "hannover_teilhabe.settings",
           "DATABASE_URL": "sqlite:///:memory:", "LOG_LEVEL": "WARNING"}
    embedded = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR,
                              capture_output=True, text=True, timeout=120)
    with_broker = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, timeout=120,
                                 env={**env, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15"},
                                 capture_output=True, text=True)

    assert embedded.stdout.split() == ["True", "True"], embedded.stderr
    # With a broker the web process never builds a report: its garbage collector stays as it is.
    assert with_broker.stdout.split() == ["False", "False"], with_broker.stderr
