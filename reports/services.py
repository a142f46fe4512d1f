"""Building the PDF report: requesting a build, the build itself, retries and the stale-job sweep."""

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actionplan.models import Measure
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
    "Die Erstellung wurde abgebrochen, weil der Hintergrunddienst seit über {minutes} Minuten "
    "kein Lebenszeichen gegeben hat. Bitte starten Sie den Bericht erneut."
)
QUEUE_FAILED_MESSAGE = (
    "Der Hintergrunddienst für die Berichtserstellung ist nicht erreichbar. Bitte versuchen Sie es später erneut."
)
DUPLICATE_MESSAGE = (
    "Ein Bericht mit denselben Optionen wird bereits erstellt (Nr. {pk}). Es wurde kein zweiter gestartet."
)


TOO_LARGE_MESSAGE = _(
    "Dieser Bericht würde {count} Maßnahmen umfassen. Ein Bericht kann höchstens {limit} Maßnahmen "
    "aufnehmen: Ein größerer bräuchte mehr Arbeitsspeicher, als dem Hintergrunddienst zusteht, und "
    "würde abgebrochen. Bitte wählen Sie weniger Maßnahmen aus – einzelne Handlungsfelder oder nur "
    "bestimmte Stände."
)
TOO_MANY_COMMENTS_MESSAGE = _(
    "Der Anhang dieses Berichts würde {count} Stellungnahmen umfassen. Ein Bericht kann höchstens {limit} "
    "Stellungnahmen aufnehmen: Ein größerer bräuchte mehr Arbeitsspeicher, als dem Hintergrunddienst "
    "zusteht, und würde abgebrochen. Bitte erstellen Sie den Bericht ohne den Anhang „Beteiligung und "
    "Abwägung“ oder wählen Sie weniger Maßnahmen aus."
)
TOO_LARGE_SUGGESTION = _(
    " Zum Beispiel passen diese Handlungsfelder zusammen in einen Bericht: {fields} ({count} Maßnahmen)."
)


@dataclass(frozen=True)
class BuildRequest:
    export: ReportExport
    created: bool
    message: str


def stale_after():
    # A build cannot legitimately run longer than Celery's hard time limit; a minute of grace on top.
    limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 15 * 60) or 15 * 60
    return timedelta(seconds=limit + 60)


def _fingerprint(options, is_draft):
    payload = json.dumps({**options.as_dict(), "draft": is_draft}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def is_draft_build(*, by, options):
    """Anything but an adopted-only build by the department is a draft (marked on every page)."""
    return not (options.only_adopted and by.has_perm("reports.start_final_build"))


def _queue(export_id):
    from reports.tasks import build_report_task

    try:
        build_report_task.delay(export_id)
    except Exception:
        # With a broker configured but unreachable the job would otherwise wait forever.
        logger.exception("Could not queue report build %s", export_id)
        ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.QUEUED).update(
            status=ReportExport.Status.FAILED, error=QUEUE_FAILED_MESSAGE, step="", finished_at=timezone.now(),
        )


def _active_duplicate(fingerprint):
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


def request_build(*, by, options):
    """Create a build and queue it, unless the same build is already waiting or running."""
    if not by.has_perm("reports.start_build"):
        raise PermissionDenied
    opts = options if isinstance(options, selectors.ReportOptions) else selectors.ReportOptions.from_dict(options)
    check_report_size(opts)
    is_draft = is_draft_build(by=by, options=opts)
    fingerprint = _fingerprint(opts, is_draft)
    running = _active_duplicate(fingerprint)
    if running is not None:
        return BuildRequest(running, False, DUPLICATE_MESSAGE.format(pk=running.pk))
    try:
        with transaction.atomic():
            export = ReportExport.objects.create(
                requested_by=by, options=opts.as_dict(), options_fingerprint=fingerprint,
                is_draft=is_draft, step="In der Warteschlange",
            )
            transaction.on_commit(lambda: _queue(export.pk))
    except IntegrityError:
        # Someone else asked for the same build a moment earlier (partial unique constraint).
        running = _active_duplicate(fingerprint)
        if running is None:
            raise
        return BuildRequest(running, False, DUPLICATE_MESSAGE.format(pk=running.pk))
    message = f"Der Bericht Nr. {export.pk} wird erstellt. Der Fortschritt erscheint auf dieser Seite."
    return BuildRequest(export, True, message)


def retry_build(*, export, by):
    """Queue a failed build again with the same options (same row, fresh progress)."""
    if not by.has_perm("reports.start_build") or (not export.is_draft and not by.has_perm("reports.start_final_build")):
        raise PermissionDenied
    if export.status != ReportExport.Status.FAILED:
        raise ValidationError("Nur ein fehlgeschlagener Bericht kann erneut gestartet werden.")
    running = _active_duplicate(export.options_fingerprint)
    if running is not None:
        return BuildRequest(running, False, DUPLICATE_MESSAGE.format(pk=running.pk))
    try:
        with transaction.atomic():
            updated = ReportExport.objects.filter(pk=export.pk, status=ReportExport.Status.FAILED).update(
                status=ReportExport.Status.QUEUED, progress=0, step="In der Warteschlange", error="",
                started_at=None, finished_at=None, heartbeat_at=None,
            )
            if updated:
                transaction.on_commit(lambda: _queue(export.pk))
    except IntegrityError:
        running = _active_duplicate(export.options_fingerprint)
        return BuildRequest(running or export, False, DUPLICATE_MESSAGE.format(pk=(running or export).pk))
    export.refresh_from_db()
    return BuildRequest(export, True, f"Der Bericht Nr. {export.pk} wird erneut erstellt.")


def set_public(*, export, by, public):
    if not by.has_perm("reports.publish_export"):
        raise PermissionDenied
    if public and not export.can_be_public:
        raise ValidationError(
            "Nur ein fertiger Bericht mit ausschließlich beschlossenen Maßnahmen (kein Entwurf) "
            "kann veröffentlicht werden."
        )
    ReportExport.objects.filter(pk=export.pk).update(is_public=public)
    export.is_public = public
    return export


def update_settings(*, by, intro_title, intro_text, version_label):
    if not by.has_perm("reports.edit_settings"):
        raise PermissionDenied
    report_settings = ReportSettings.load()
    report_settings.intro_title = intro_title
    report_settings.intro_text = intro_text
    report_settings.version_label = version_label
    report_settings.updated_by = by
    report_settings.save()
    return report_settings


def sweep_stale_builds(*, now=None):
    """Mark builds failed whose worker stopped giving signs of life (e.g. it was killed)."""
    now = now or timezone.now()
    limit = stale_after()
    cutoff = now - limit
    stale = ReportExport.objects.filter(status=ReportExport.Status.RUNNING, heartbeat_at__lt=cutoff)
    count = stale.update(
        status=ReportExport.Status.FAILED, step="", finished_at=now,
        error=STALE_MESSAGE.format(minutes=int(limit.total_seconds() // 60)),
    )
    if count:
        logger.warning("Marked %s stale report build(s) as failed", count)
    return count


# --- the build ------------------------------------------------------------------------------

def _progress(export, percent, step):
    export.progress = percent
    export.step = step
    export.heartbeat_at = timezone.now()
    ReportExport.objects.filter(pk=export.pk).update(progress=percent, step=step, heartbeat_at=export.heartbeat_at)


def report_context(*, export, report_settings=None, now=None):
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


def render_report_html(*, export, now=None):
    with translation.override("de"):
        return render_to_string("reports/print/report.html", report_context(export=export, now=now))


def render_pdf(html):
    """Lay out the HTML; returns WeasyPrint's document (pages known, PDF not yet written)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)


def write_pdf(document, target):
    document.write_pdf(target, pdf_variant=PDF_VARIANT)


def _report_dir():
    directory = Path(settings.MEDIA_ROOT) / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _claim(export_id):
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status not in ReportExport.ACTIVE_STATES:
            return None
        now = timezone.now()
        export.status = ReportExport.Status.RUNNING
        export.started_at = now
        export.heartbeat_at = now
        export.attempts += 1
        export.progress = 1
        export.step = "Erstellung beginnt"
        export.error = ""
        export.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "progress", "step", "error"])
        return export


def build_report(*, export_id):
    """Render the report to PDF, step by step; the file appears only once it is complete."""
    export = _claim(export_id)
    if export is None:
        logger.info("Report build %s is gone or not waiting; nothing to do", export_id)
        return None
    step = "Daten werden zusammengestellt"
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
        with translation.override("de"):
            context = report_context(export=export)
            step = "Dokument wird aufgebaut"
            _progress(export, 20, step)
            html = render_to_string("reports/print/report.html", context)
            # The rows (thousands of comments) are not needed while WeasyPrint holds every page.
            del context
            step = "Seiten werden gesetzt"
            _progress(export, 30, step)
            directory = _report_dir()
            final_name = f"bericht-{export.pk}-{timezone.now():%Y%m%d-%H%M%S}.pdf"
            document = render_pdf(html)
            step = "PDF wird geschrieben"
            _progress(export, 85, step)
            # Same directory as the final file, so os.replace is an atomic rename.
            handle, temp_path = tempfile.mkstemp(prefix=f".bericht-{export.pk}-", suffix=".part", dir=directory)
            with os.fdopen(handle, "wb") as target:
                write_pdf(document, target)
        step = "Datei wird abgelegt"
        _progress(export, 95, step)
        os.replace(temp_path, directory / final_name)
        temp_path = None
        export.file.name = f"reports/{final_name}"
        export.file_size = (directory / final_name).stat().st_size
        export.page_count = len(document.pages)
        export.status = ReportExport.Status.DONE
        export.progress = 100
        export.step = "fertig"
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
