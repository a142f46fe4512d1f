"""Process-wide tuning for building PDFs, installed once when a process that builds reports starts.

Two things make WeasyPrint faster on a long tagged report, and both change global state, so they
happen at start-up (Celery's worker_process_init; in the embedded mode AppConfig.ready), never in
the middle of a web request:

- pydyf 0.13 rebuilds the tuple of all page references each time WeasyPrint's tagging asks for one
  (once per tagged element), which makes a tagged 250-page report quadratic. The patch caches it
  until a page is added. It relies on pydyf's internals, so it is applied to the pinned version only.
- WeasyPrint allocates millions of short-lived objects; with the default thresholds the cyclic
  garbage collector spends a fifth of a large report's time rescanning the whole heap. Freezing
  what exists at start-up (Django, the app) and collecting young objects less often removes that.
"""

import gc
import logging
import threading

logger = logging.getLogger(__name__)

# The pydyf release whose internals (PDF.pages["Kids"], the page_references property) the patch
# was written and tested against; requirements.txt pins exactly this one.
PATCHED_PYDYF_VERSION = "0.13.0"
GC_THRESHOLDS = (100_000, 50, 100)

_lock = threading.Lock()
_installed = {"gc": False}
_pydyf_original = {}


def _cached_page_references(self):
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_report_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__["_report_page_references"] = cached
    return cached[1]


def install_pydyf_patch(*, version=None):
    """Cache pydyf's page references; refused (with a log line) on any pydyf but the pinned one.

    Returns True when the patch is in place.
    """
    import pydyf

    version = version or pydyf.__version__
    if version != PATCHED_PYDYF_VERSION:
        logger.warning(
            "pydyf %s is installed, but the page-reference patch is written for pydyf %s only: "
            "patch NOT installed, tagged reports build correctly but slower. Pin pydyf==%s in "
            "requirements.txt or check the patch against the new version.",
            version, PATCHED_PYDYF_VERSION, PATCHED_PYDYF_VERSION,
        )
        return False
    current = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(current, property):
        logger.warning("pydyf %s has no page_references property: patch NOT installed.", version)
        return False
    if current.fget is not _cached_page_references:
        _pydyf_original["page_references"] = current.fget
        pydyf.PDF.page_references = property(_cached_page_references)
    return True


def pydyf_page_references(pdf):
    """pydyf's own answer, patched or not (for the equivalence test)."""
    import pydyf

    original = _pydyf_original.get("page_references") or pydyf.PDF.page_references.fget
    return original(pdf)


def tune_garbage_collector():
    """Freeze the objects that exist now and collect young objects less often; once per process."""
    with _lock:
        if _installed["gc"]:
            return
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        _installed["gc"] = True


def prepare_report_process(**_signal_kwargs):
    """Everything a process that builds reports installs at its start (also a Celery signal handler)."""
    install_pydyf_patch()
    tune_garbage_collector()
