"""Building the PDF report: requesting a build, the build itself, retries and the stale-job sweep."""

import datetime
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from actionplan.models import Measure
from core import changes, outbox
from core.models import OutboxMessage, User
from reports import selectors
from reports.models import ReportExport, ReportSettings

logger = logging.getLogger(__name__)

AUTHOR = "Landeshauptstadt Hannover, Sozialdezernat"
TITLE = "Aktionsplan gegen Armut – für mehr Teilhabe"
PDF_VARIANT = "pdf/ua-1"

FAILED_MESSAGE = (
    "Der Bericht konnte nicht erstellt werden (Schritt „{step}“). Bitte versuchen Sie es erneut; "
    "bleibt der Fehler bestehen, wenden Sie sich an die Koordinationsstelle Sozialplanung."
)
STALE_MESSAGE = (
    "Die Erstellung wurde abgebrochen, weil der Hintergrunddienst seit über {duration} "
    "kein Lebenszeichen gegeben hat ({attempts}. Versuch). "
    "Bitte starten Sie den Bericht erneut."
)
STALE_RETRY_STEP = gettext_noop("Erneuter Versuch: der Hintergrunddienst war ausgefallen")
QUEUED_MESSAGE = gettext_noop("Der Bericht Nr. {pk} wird erstellt. Der Fortschritt erscheint auf dieser Seite.")
NOT_STARTED_MESSAGE = gettext_noop(
    "Der Bericht Nr. {pk} kann gerade nicht starten, weil der Hintergrunddienst nicht erreichbar ist. "
    "Der Auftrag ist gespeichert und startet automatisch, sobald der Dienst wieder erreichbar ist."
)
# A stale build is tried once more by a live worker, then it fails.
MAX_ATTEMPTS = 2
DUPLICATE_MESSAGE = gettext_noop(
    "Ein Bericht mit denselben Optionen wird bereits erstellt (Nr. {pk}). Es wurde kein zweiter gestartet."
)


TOO_LARGE_MESSAGE = gettext_lazy(
    "Dieser Bericht würde {count} Maßnahmen umfassen. Ein Bericht kann höchstens {limit} Maßnahmen "
    "aufnehmen: Ein größerer bräuchte mehr Arbeitsspeicher, als dem Hintergrunddienst zusteht, und "
    "würde abgebrochen. Bitte wählen Sie weniger Maßnahmen aus – einzelne Handlungsfelder oder nur "
    "bestimmte Stände."
)
TOO_MANY_COMMENTS_MESSAGE = gettext_lazy(
    "Der Anhang dieses Berichts würde {count} Stellungnahmen umfassen. Ein Bericht kann höchstens {limit} "
    "Stellungnahmen aufnehmen: Ein größerer bräuchte mehr Arbeitsspeicher, als dem Hintergrunddienst "
    "zusteht, und würde abgebrochen. Bitte erstellen Sie den Bericht ohne den Anhang „Beteiligung und "
    "Abwägung“ oder wählen Sie weniger Maßnahmen aus."
)
TOO_LARGE_SUGGESTION = gettext_lazy(
    " Zum Beispiel passen diese Handlungsfelder zusammen in einen Bericht: {fields} ({count} Maßnahmen)."
)


@dataclass(frozen=True)
class BuildRequest:
    export: ReportExport
    created: bool
    message: str
    # False when the broker could not take the job right now (it waits in the outbox).
    started: bool = True


def stale_after() -> timedelta:
    # The build's heartbeat thread writes every REPORT_HEARTBEAT_SECONDS, also during WeasyPrint's
    # long layout step, so silence for this long means the worker is gone.
    return timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 120:
        return f"{seconds // 60} Minuten"
    return f"{seconds} Sekunden"


def _fingerprint(options: dict, is_draft: bool) -> str:
    payload = json.dumps({**options, "draft": is_draft}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def is_draft_build(*, by: User, options: selectors.ReportOptions) -> bool:
    """Anything but an adopted-only build by the department is a draft (marked on every page)."""
    return not (options.only_adopted and by.has_perm("reports.start_final_build"))


def _queue(export_id: int) -> OutboxMessage:
    """Call inside the transaction that queues the job: the outbox hands it to a worker after the
    commit, and again later if the broker is away right now."""
    from reports.tasks import build_report_task

    return outbox.enqueue(build_report_task.name, export_id)


def _queued_result(export: ReportExport, message: OutboxMessage | None) -> BuildRequest:
    # `handed_over` is None when no commit happened (nothing to report yet): count it as queued.
    if message is not None and message.handed_over is False:
        return BuildRequest(export, True, _(NOT_STARTED_MESSAGE).format(pk=export.pk), started=False)
    return BuildRequest(export, True, _(QUEUED_MESSAGE).format(pk=export.pk))


def _active_duplicate(fingerprint: str) -> ReportExport | None:
    return (ReportExport.objects.filter(options_fingerprint=fingerprint, status__in=ReportExport.ACTIVE_STATES)
            .order_by("pk").first())


def check_report_size(options):
    """Refuse, before anything is built, a selection larger than REPORT_MAX_MEASURES (or, with the
    consultation appendix, more visible comments than REPORT_MAX_COMMENTS).

    The worker's memory grows with the pages of one WeasyPrint document (bench/README.md), so the
    limit is on what drives the pages: the number of measures. The message names a smaller
    selection that fits: whole fields of action, in their usual order, as many as fit together.
    """
    limit = settings.REPORT_MAX_MEASURES
    counts = selectors.measure_counts_by_field(options)
    total = sum(count for _field, count in counts)
    if total <= limit:
        # The appendix adds a page for about every ten comments, whatever the number of measures.
        if options.include_consultation:
            comments = selectors.visible_comment_count(options)
            if comments > settings.REPORT_MAX_COMMENTS:
                raise ValidationError(str(TOO_MANY_COMMENTS_MESSAGE).format(
                    count=_grouped(comments), limit=_grouped(settings.REPORT_MAX_COMMENTS)), code="report_too_large")
        return
    message = str(TOO_LARGE_MESSAGE).format(count=_grouped(total), limit=_grouped(limit))
    chosen, chosen_count = [], 0
    for field, count in counts:
        if 0 < count and chosen_count + count <= limit:
            chosen.append(field.name)
            chosen_count += count
    if chosen:
        message += str(TOO_LARGE_SUGGESTION).format(fields=", ".join(chosen), count=_grouped(chosen_count))
    raise ValidationError(message, code="report_too_large")


def _grouped(number):
    return f"{number:,}".replace(",", ".")


def request_build(*, by: User, options: selectors.ReportOptions | dict) -> BuildRequest:
    """Create a build and queue it, unless the same build is already waiting or running."""
    if not by.has_perm("reports.start_build"):
        raise PermissionDenied
    opts = options if isinstance(options, selectors.ReportOptions) else selectors.ReportOptions.from_dict(options)
    check_report_size(opts)
    return _queue_unless_running(by=by, options=opts.as_dict(), is_draft=is_draft_build(by=by, options=opts))


def request_implementation_build(*, by: User, date_from: datetime.date, date_to: datetime.date,
                                 field_of_action_ids: Iterable[int] = ()) -> BuildRequest:
    """Queue an Umsetzungsbericht for a period; a department build is final, any other a draft."""
    from reports.implementation import ImplementationOptions

    if not by.has_perm("reports.start_build"):
        raise PermissionDenied
    if date_to < date_from:
        raise ValidationError({"date_to": _("Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.")})
    options = ImplementationOptions(date_from, date_to, tuple(sorted(field_of_action_ids))).as_dict()
    return _queue_unless_running(by=by, options=options, is_draft=not by.has_perm("reports.start_final_build"))


def _queue_unless_running(*, by: User, options: dict, is_draft: bool) -> BuildRequest:
    """Create a build and queue it, unless the same build (options and draft marking) is already on its way."""
    fingerprint = _fingerprint(options, is_draft)
    running = _active_duplicate(fingerprint)
    if running is not None and _release_if_stale(running.pk):
        # Its worker died and beat has not swept yet (or there is no beat: the embedded mode). Only
        # this one build is looked at; the sweep of all builds and files stays with beat.
        running = _active_duplicate(fingerprint)
    if running is None:
        try:
            with transaction.atomic():
                export = ReportExport.objects.create(
                    requested_by=by, options=options, options_fingerprint=fingerprint,
                    is_draft=is_draft, step=gettext_noop("In der Warteschlange"),
                )
                message = _queue(export.pk)
            return _queued_result(export, message)
        except IntegrityError:
            # Someone else asked for the same build a moment earlier (partial unique constraint).
            running = _active_duplicate(fingerprint)
            if running is None:
                raise
    return BuildRequest(running, False, _(DUPLICATE_MESSAGE).format(pk=running.pk))


def retry_build(*, export: ReportExport, by: User) -> BuildRequest:
    """Queue a failed build again with the same options (same row, fresh progress)."""
    if not by.has_perm("reports.start_build") or (not export.is_draft and not by.has_perm("reports.start_final_build")):
        raise PermissionDenied
    if export.status != ReportExport.Status.FAILED:
        raise ValidationError(_("Nur ein fehlgeschlagener Bericht kann erneut gestartet werden."))
    running = _active_duplicate(export.options_fingerprint)
    if running is not None and _release_if_stale(running.pk):
        running = _active_duplicate(export.options_fingerprint)
    if running is not None:
        return BuildRequest(running, False, _(DUPLICATE_MESSAGE).format(pk=running.pk))
    message = None
    try:
        with transaction.atomic():
            updated = ReportExport.objects.filter(pk=export.pk, status=ReportExport.Status.FAILED).update(
                status=ReportExport.Status.QUEUED, progress=0, step=gettext_noop("In der Warteschlange"), error="",
                started_at=None, finished_at=None, heartbeat_at=None,
            )
            if updated:
                message = _queue(export.pk)
    except IntegrityError:
        running = _active_duplicate(export.options_fingerprint)
        return BuildRequest(running or export, False, _(DUPLICATE_MESSAGE).format(pk=(running or export).pk))
    export.refresh_from_db()
    if message is not None and message.handed_over is False:
        return BuildRequest(export, True, _(NOT_STARTED_MESSAGE).format(pk=export.pk), started=False)
    return BuildRequest(export, True, _("Der Bericht Nr. %(pk)s wird erneut erstellt.") % {"pk": export.pk})


def set_public(*, export: ReportExport, by: User, public: bool) -> ReportExport:
    if not by.has_perm("reports.publish_export"):
        raise PermissionDenied
    if public and not export.can_be_public:
        raise ValidationError(
            _("Nur ein fertiger Bericht mit ausschließlich beschlossenen Maßnahmen (kein Entwurf) "
            "kann veröffentlicht werden.")
        )
    ReportExport.objects.filter(pk=export.pk).update(is_public=public)
    changes.data_changed()  # published reports are listed in the open-data API
    export.is_public = public
    return export


def update_settings(*, by: User, intro_title: str, intro_text: str, version_label: str,
                    intro_plain_text: str = "") -> ReportSettings:
    if not by.has_perm("reports.edit_settings"):
        raise PermissionDenied
    report_settings = ReportSettings.load()
    report_settings.intro_title = intro_title
    report_settings.intro_text = intro_text
    report_settings.intro_plain_text = intro_plain_text
    report_settings.version_label = version_label
    report_settings.updated_by = by
    report_settings.save()
    return report_settings


def sweep_stale_builds(*, now: datetime.datetime | None = None) -> int:
    """Builds whose worker stopped giving signs of life (e.g. it was killed): queue them once more
    for a live worker, and mark them failed after that. Also removes orphaned partial files.
    Runs in Celery beat, never on page loads or polls."""
    now = now or timezone.now()
    stale_ids = ReportExport.objects.filter(
        status=ReportExport.Status.RUNNING, heartbeat_at__lt=now - stale_after()).values_list("pk", flat=True)
    count = sum(_release_if_stale(export_id, now=now) for export_id in list(stale_ids))
    remove_orphaned_parts(now=now)
    return count


def _release_if_stale(export_id: int, *, now: datetime.datetime | None = None) -> bool:
    """One build whose heartbeat stopped: queued once more, or failed after the last attempt."""
    now = now or timezone.now()
    limit = stale_after()
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().filter(
            pk=export_id, status=ReportExport.Status.RUNNING, heartbeat_at__lt=now - limit).first()
        if export is None:
            return False
        if export.attempts < MAX_ATTEMPTS:
            ReportExport.objects.filter(pk=export.pk).update(
                status=ReportExport.Status.QUEUED, progress=0, step=STALE_RETRY_STEP,
                started_at=None, heartbeat_at=None,
            )
            _queue(export.pk)
            logger.warning("Report build %s lost its worker; queued once more", export.pk)
        else:
            ReportExport.objects.filter(pk=export.pk).update(
                status=ReportExport.Status.FAILED, step="", finished_at=now,
                error=STALE_MESSAGE.format(duration=_duration(limit), attempts=export.attempts),
            )
            logger.warning("Report build %s lost its worker again; marked failed", export.pk)
        return True


def remove_orphaned_parts(*, now: datetime.datetime | None = None) -> int:
    """A killed worker leaves its half-written `.part` file; no running build owns it any more."""
    now = now or timezone.now()
    directory = Path(settings.MEDIA_ROOT) / "reports"
    if not directory.is_dir():
        return 0
    running = set(ReportExport.objects.filter(
        status=ReportExport.Status.RUNNING, heartbeat_at__gte=now - stale_after()).values_list("pk", flat=True))
    removed = 0
    for part in directory.glob(".bericht-*.part"):
        owner = part.name.split("-")[1]
        if owner.isdigit() and int(owner) in running:
            continue
        try:
            part.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


# --- the build ------------------------------------------------------------------------------

def _progress(export: ReportExport, percent: int, step: str) -> None:
    export.progress = percent
    export.step = step
    export.heartbeat_at = timezone.now()
    ReportExport.objects.filter(pk=export.pk).update(progress=percent, step=step, heartbeat_at=export.heartbeat_at)


def report_context(*, export: ReportExport, report_settings: ReportSettings | None = None,
                   now: datetime.datetime | None = None) -> dict:
    options = selectors.ReportOptions.from_dict(export.options)
    report_settings = report_settings or ReportSettings.load()
    now = now or timezone.now()
    data = selectors.report_data(options, is_draft=export.is_draft)
    return {
        "export": export,
        "options": options,
        "settings": report_settings,
        "intro_paragraphs": [p.strip() for p in report_settings.intro_text.split("\n\n") if p.strip()],
        "title": TITLE,
        "state_labels": [str(dict(Measure.Publication.choices)[s]) for s in options.states],
        "author": AUTHOR,
        "created": timezone.localtime(now),
        "is_draft": export.is_draft,
        **data,
    }


def implementation_context(*, export: ReportExport, now: datetime.datetime | None = None) -> dict:
    from reports import implementation

    options = implementation.ImplementationOptions.from_dict(export.options)
    return {
        "export": export, "options": options, "title": implementation.TITLE, "author": AUTHOR,
        "created": timezone.localtime(now or timezone.now()), "is_draft": export.is_draft,
        "settings": ReportSettings.load(), **implementation.implementation_report_data(options),
    }


def template_and_context(*, export: ReportExport, now: datetime.datetime | None = None) -> tuple[str, dict]:
    """The action-plan report, or the Umsetzungsbericht when the build's options say so."""
    from reports import implementation

    if implementation.is_implementation(export.options):
        return "reports/print/implementation.html", implementation_context(export=export, now=now)
    return "reports/print/report.html", report_context(export=export, now=now)


def render_report_html(*, export: ReportExport, now: datetime.datetime | None = None) -> str:
    with translation.override("de"):
        template, context = template_and_context(export=export, now=now)
        return render_to_string(template, context)


def render_pdf(html: str) -> Any:
    """Lay out the HTML; returns WeasyPrint's document (pages known, PDF not yet written)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)


def write_pdf(document: Any, target: str | Path) -> None:
    document.write_pdf(target, pdf_variant=PDF_VARIANT)


def _report_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextmanager
def heartbeat(export_id: int) -> Iterator[None]:
    """Write the build's heartbeat from a thread, so long steps inside WeasyPrint (layout of a
    250-page report takes minutes) still show the worker is alive; a killed worker stops it."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
                try:
                    ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.RUNNING).update(
                        heartbeat_at=timezone.now())
                except Exception:
                    # A busy database (e.g. SQLite in the embedded default) misses one beat, not all.
                    logger.warning("Heartbeat of report build %s missed", export_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-heartbeat-{export_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _claim(export_id: int) -> ReportExport | None:
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().filter(pk=export_id).first()
        # Only a waiting job is taken: a running one belongs to a live worker, and one whose worker
        # died is queued again by the sweep.
        if export is None or export.status != ReportExport.Status.QUEUED:
            return None
        now = timezone.now()
        export.status = ReportExport.Status.RUNNING
        export.started_at = now
        export.heartbeat_at = now
        export.attempts += 1
        export.progress = 1
        export.step = gettext_noop("Erstellung beginnt")
        export.error = ""
        export.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "progress", "step", "error"])
        return export


def build_report(*, export_id: int) -> ReportExport | None:
    """Render the report to PDF, step by step; the file appears only once it is complete."""
    export = _claim(export_id)
    if export is None:
        logger.info("Report build %s is gone or not waiting; nothing to do", export_id)
        return None
    step = gettext_noop("Daten werden zusammengestellt")
    temp_path = None
    try:
        check_report_size(selectors.ReportOptions.from_dict(export.options))
    except ValidationError as refusal:
        # Measures were added between the request and the build: refuse before using the memory.
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED, error=refusal.messages[0], step="", finished_at=timezone.now(),
        )
        export.refresh_from_db()
        return export
    try:
        _progress(export, 5, step)
        with heartbeat(export.pk), translation.override("de"):
            template, context = template_and_context(export=export)
            step = gettext_noop("Dokument wird aufgebaut")
            _progress(export, 20, step)
            html = render_to_string(template, context)
            # The rows (thousands of comments) are not needed while WeasyPrint holds every page.
            del context
            step = gettext_noop("Seiten werden gesetzt")
            _progress(export, 30, step)
            directory = _report_dir()
            final_name = f"bericht-{export.pk}-{timezone.now():%Y%m%d-%H%M%S}.pdf"
            document = render_pdf(html)
            step = gettext_noop("PDF wird geschrieben")
            _progress(export, 85, step)
            # Same directory as the final file, so os.replace is an atomic rename.
            handle, temp_path = tempfile.mkstemp(prefix=f".bericht-{export.pk}-", suffix=".part", dir=directory)
            with os.fdopen(handle, "wb") as target:
                write_pdf(document, target)
        step = gettext_noop("Datei wird abgelegt")
        _progress(export, 95, step)
        os.replace(temp_path, directory / final_name)
        temp_path = None
        export.file.name = f"reports/{final_name}"
        export.file_size = (directory / final_name).stat().st_size
        export.page_count = len(document.pages)
        export.status = ReportExport.Status.DONE
        export.progress = 100
        export.step = gettext_noop("fertig")
        export.finished_at = timezone.now()
        export.heartbeat_at = export.finished_at
        export.save(update_fields=["file", "file_size", "page_count", "status", "progress", "step",
                                   "finished_at", "heartbeat_at"])
        return export
    except Exception:
        logger.exception("Report build %s failed in step %r", export.pk, step)
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED, error=FAILED_MESSAGE.format(step=step), step="",
            finished_at=timezone.now(),
        )
        export.refresh_from_db()
        return export
    finally:
        if temp_path and os.path.exists(temp_path):
            os.unlink(temp_path)
