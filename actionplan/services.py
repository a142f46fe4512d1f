"""The action plan's rules: creating and editing measures, consultation, responses, moderation."""

import datetime
import re
from dataclasses import dataclass, field
from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplan import tasks
from actionplan.models import (
    Comment,
    CommentReport,
    ConsultationPeriod,
    Follow,
    Measure,
    MeasureIndicator,
    Milestone,
    ProgressReport,
    ProgressReportRequest,
    Response,
    StatusChange,
)
from actionplan.rules import consultation_is_open
from actionplan.versions import changed_field_names, current_value, display, field_label
from core import outbox
from core.history import save_with_history
from core.models import Organisation, User
from core.permissions import confirmed_organisation_ids
from core.versioning import lock_if_current

M2M_FIELDS = ("target_groups", "areas", "partners", "outcomes")

# Messages the forms show as well when they refuse an empty field, so both say the same thing.
POSITION_REQUIRED = gettext_lazy("Bitte wählen Sie eine Position.")
TEXT_REQUIRED = gettext_lazy("Bitte schreiben Sie einen Text.")
NOT_A_MEMBER = gettext_lazy("Sie können nur im Namen einer Organisation schreiben, "
                            "deren bestätigtes Mitglied Sie sind.")
DISPOSITION_REQUIRED = gettext_lazy("Bitte wählen Sie eine Abwägung.")
REASONING_REQUIRED = gettext_lazy("Bitte begründen Sie die Abwägung.")
REPORT_REASON_REQUIRED = gettext_lazy("Bitte nennen Sie einen Grund für die Meldung.")
HIDE_REASON_REQUIRED = gettext_lazy("Bitte nennen Sie den Grund der Ausblendung; er steht an Stelle des Kommentars "
                                    "und geht an die verfassende Person.")
NO_RESPONSE_TO_A_REPLY = gettext_lazy("Antworten anderer Organisationen werden nicht gesondert abgewogen; die "
                                      "Abwägung gehört zur Stellungnahme, auf die sie sich beziehen.")
PERCENT_RANGE = gettext_lazy("Der Fortschritt muss zwischen 0 und 100 Prozent liegen.")
REFERENCE_ATTEMPTS = 8


class StaleMeasureError(Exception):
    """Someone else saved the measure since the edit form was opened."""

    def __init__(self, *, conflicts, editors, current_version, unknown_base=False):
        super().__init__(_("Die Maßnahme wurde zwischenzeitlich geändert."))
        self.conflicts = conflicts
        self.editors = editors
        self.current_version = current_version
        # The edit did not say which version it started from, so nothing can be compared.
        self.unknown_base = unknown_base


@dataclass
class Conflict:
    label: str
    theirs: str
    yours: str


@dataclass
class MeasureInput:
    """What the edit form collected: plain fields, relations, milestones and indicator links."""

    fields: dict
    m2m: dict = field(default_factory=dict)
    milestones: list | None = None
    indicators: list | None = None
    status_note: str = ""


# --- Reference numbers -----------------------------------------------------------------------

def _next_reference(year: int) -> str:
    prefix = f"M-{year}-"
    numbers = [
        int(match.group(1))
        for ref in Measure.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if (match := re.fullmatch(rf"{re.escape(prefix)}(\d+)", ref))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def insert_with_reference(measure: Measure, year: int) -> None:
    # Two planners saving at once may compute the same number; the unique index refuses the
    # second insert, which then retries with the next free number.
    for _attempt in range(REFERENCE_ATTEMPTS):
        measure.reference = _next_reference(year)
        try:
            with transaction.atomic():
                measure.save()
            return
        except IntegrityError:
            if Measure.objects.filter(reference=measure.reference).exists():
                measure.pk = None
                continue
            raise
    raise IntegrityError(_("Es konnte keine freie Maßnahmennummer vergeben werden."))


# --- Measures --------------------------------------------------------------------------------

def check_publication(*, old_state: str, new_state: str, by: User) -> None:
    adopted = Measure.Publication.ADOPTED
    if old_state != new_state and adopted in (old_state, new_state) and not by.has_perm("actionplan.adopt_measure"):
        raise PermissionDenied(_("Nur das Dezernat kann eine Maßnahme beschließen oder einen Beschluss aufheben."))


def _validate(data: MeasureInput, *, current: Measure | None = None) -> None:
    """The measure's own rules, judged on the values it would have after the save."""
    fields = data.fields

    def value(name):
        return fields[name] if name in fields else getattr(current, name, None)

    errors = {}
    start, end = value("start_date"), value("end_date")
    if {"start_date", "end_date"} & fields.keys() and start and end and end < start:
        errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
    cost = fields.get("cost_estimate")
    if cost is not None and cost < 0:
        errors["cost_estimate"] = _("Die Kosten können nicht negativ sein.")
    # A measure happens somewhere; asked only when the input speaks about places at all.
    if "areas" in data.m2m or "citywide" in fields:
        areas = data.m2m["areas"] if "areas" in data.m2m else (current.areas.all() if current else [])
        if not value("citywide") and not list(areas):
            errors["areas"] = _("Bitte wählen Sie mindestens einen Ort oder „gesamtstädtisch“.")
    if errors:
        raise ValidationError(errors)


def _row_pk(row: dict) -> int | None:
    current = row.get("id")
    return getattr(current, "pk", current)


def _apply_milestones(measure: Measure, rows: list[dict]) -> bool:
    """Update milestones in place so their ids stay valid in every open edit form; True if any changed."""
    existing = {milestone.pk: milestone for milestone in measure.milestones.all()}
    kept, changed = set(), False
    for row in rows:
        values = {"date": row["date"], "title": row["title"], "done": bool(row.get("done", False))}
        milestone = existing.get(_row_pk(row))
        if milestone is None or milestone.pk in kept:
            Milestone.objects.create(measure=measure, **values)
            changed = True
            continue
        kept.add(milestone.pk)
        if any(getattr(milestone, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(milestone, name, value)
            milestone.save(update_fields=list(values))
            changed = True
    gone = set(existing) - kept
    if gone:
        Milestone.objects.filter(pk__in=gone).delete()
        changed = True
    return changed


def _apply_indicators(measure: Measure, rows: list[dict]) -> bool:
    """Keep one link per indicator, updated in place; True if any changed."""
    existing = {link.indicator_id: link for link in measure.indicator_links.all()}
    wanted = {}
    for row in rows:
        wanted.setdefault(row["indicator"].pk, row.get("target_text", ""))
    changed = False
    for indicator_id, target_text in wanted.items():
        link = existing.get(indicator_id)
        if link is None:
            MeasureIndicator.objects.create(measure=measure, indicator_id=indicator_id, target_text=target_text)
            changed = True
        elif link.target_text != target_text:
            link.target_text = target_text
            link.save(update_fields=["target_text"])
            changed = True
    gone = [link.pk for indicator_id, link in existing.items() if indicator_id not in wanted]
    if gone:
        MeasureIndicator.objects.filter(pk__in=gone).delete()
        changed = True
    return changed


def _apply_children(measure: Measure, data: MeasureInput) -> bool:
    changed = False
    if data.milestones is not None:
        changed |= _apply_milestones(measure, data.milestones)
    if data.indicators is not None:
        changed |= _apply_indicators(measure, data.indicators)
    return changed


def _same(old: object, new: object) -> bool:
    # Browsers send line breaks as CRLF; text saved elsewhere (demo, admin, import) may have LF.
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return old == new


def _changed_fields(measure: Measure, data: MeasureInput) -> list[str]:
    """The names of plain fields and relations the input would change on `measure`."""
    names = [name for name, value in data.fields.items() if not _same(getattr(measure, name), value)]
    for name, values in data.m2m.items():
        current = set(getattr(measure, name).values_list("pk", flat=True))
        if current != {getattr(value, "pk", value) for value in values}:
            names.append(name)
    return names


def record_status_change(measure: Measure, *, status: str, by: User | None, note: str = "") -> StatusChange:
    """Every status change leaves a row in the measure's history and tells its followers."""
    change = StatusChange.objects.create(measure=measure, status=status, changed_by=by, note=note)
    outbox.enqueue(tasks.notify_status_change.name, change.pk)
    return change


# Publication states a follower hears about: the measure opens for comments, or it is adopted.
ANNOUNCED_STATES = (Measure.Publication.CONSULTATION, Measure.Publication.ADOPTED)


def record_publication_change(measure: Measure, *, old_state: str, by: User | None) -> None:
    """Followers hear when a measure goes into consultation or is adopted (after the commit)."""
    state = measure.publication_state
    if state == old_state or state not in ANNOUNCED_STATES:
        return
    by_id = getattr(by, "pk", None)
    outbox.enqueue(tasks.notify_publication_change.name, measure.pk, state, by_id)


@transaction.atomic
def measure_create(*, data: MeasureInput, by: User, is_demo: bool = False) -> Measure:
    _validate(data)
    check_publication(old_state=Measure.Publication.DRAFT,
                       new_state=data.fields.get("publication_state", Measure.Publication.DRAFT), by=by)
    measure = Measure(created_by=by, is_demo=is_demo, **data.fields)
    save_with_history(measure, by=by, m2m=data.m2m,
                      insert=lambda: insert_with_reference(measure, timezone.localdate().year))
    _apply_children(measure, data)
    StatusChange.objects.create(measure=measure, status=measure.status, changed_by=by,
                                note=data.status_note or _("Maßnahme angelegt"))
    return measure


def _conflicts(measure: Measure, based_on_version: int, data: MeasureInput) -> tuple[list[Conflict], list]:
    names, editors = changed_field_names(measure, based_on_version)
    conflicts = []
    for name in names:
        if name in data.m2m:
            yours = display(name, list(data.m2m[name]))
        elif name in data.fields:
            yours = display(name, data.fields[name])
        else:
            yours = display(name, current_value(measure, name))
        conflicts.append(Conflict(field_label(name), display(name, current_value(measure, name)), yours))
    return conflicts, editors


def _stale_error(measure: Measure, based_on_version: int | None, data: MeasureInput) -> StaleMeasureError:
    fresh = Measure.objects.get(pk=measure.pk)
    if based_on_version is None:
        return StaleMeasureError(conflicts=[], editors=[], current_version=fresh.version, unknown_base=True)
    conflicts, editors = _conflicts(fresh, based_on_version, data)
    return StaleMeasureError(conflicts=conflicts, editors=editors, current_version=fresh.version)


def measure_check_current(*, measure: Measure, data: MeasureInput, based_on_version: int | None) -> None:
    """Refuse an edit started from an older version, before anything else about it is judged.

    The edit form calls this when its milestone or indicator rows are invalid: rows that another
    person has just removed are no error of the person editing, the intervening save is.
    """
    current = Measure.objects.filter(pk=measure.pk).values_list("version", flat=True).first()
    if based_on_version is None or current != based_on_version:
        raise _stale_error(measure, based_on_version, data)


def measure_update(*, measure: Measure, data: MeasureInput, based_on_version: int | None, by: User) -> Measure:
    """Save an edit, refusing it if someone else saved since `based_on_version` (no lost updates).

    An unknown `based_on_version` (None) is refused too: saving it over the current state could
    silently undo what someone else saved meanwhile. A save that changes nothing writes nothing:
    no version, no history entry.
    """
    _validate(data, current=measure)
    if based_on_version is None:
        raise _stale_error(measure, None, data)
    with transaction.atomic():
        # The row lock is held until commit; a concurrent save of the same version waits here and
        # then finds the version moved on.
        current = lock_if_current(Measure.objects, pk=measure.pk, based_on=based_on_version,
                                  token=attrgetter("version"))
        if current is not None:
            check_publication(old_state=current.publication_state,
                              new_state=data.fields.get("publication_state", current.publication_state), by=by)
            old_status, old_state = current.status, current.publication_state
            changed = _changed_fields(current, data)
            for name, value in data.fields.items():
                setattr(current, name, value)
            children_changed = _apply_children(current, data)
            if not changed and not children_changed:
                return current
            current.version = based_on_version + 1
            save_with_history(current, by=by, m2m=data.m2m)
            if current.status != old_status:
                record_status_change(current, status=current.status, by=by, note=data.status_note)
            record_publication_change(current, old_state=old_state, by=by)
            return current
    raise _stale_error(measure, based_on_version, data)


@transaction.atomic
def measure_change_status(*, measure: Measure, status: str, by: User, note: str = "") -> Measure:
    """A status change on its own (no form), e.g. from the demo or a quick action."""
    data = MeasureInput(fields={"status": status}, status_note=note)
    return measure_update(measure=measure, data=data, based_on_version=measure.version, by=by)


# --- Following -------------------------------------------------------------------------------

def measure_follow(*, measure: Measure, user: User) -> None:
    Follow.objects.get_or_create(measure=measure, user=user)


def measure_unfollow(*, measure: Measure, user: User) -> None:
    Follow.objects.filter(measure=measure, user=user).delete()


# --- Consultation ----------------------------------------------------------------------------

def period_save(*, period: ConsultationPeriod | None = None, title: str, starts_at: datetime.datetime,
                ends_at: datetime.datetime, description: str = "", by: User) -> ConsultationPeriod:
    if not by.has_perm("actionplan.manage_periods"):
        raise PermissionDenied(_("Beteiligungsphasen legt die Planung fest."))
    # The database constraint backs this up; here it gets its field and its German sentence.
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
    overlapping = ConsultationPeriod.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    if period is not None and period.pk:
        overlapping = overlapping.exclude(pk=period.pk)
    other = overlapping.order_by("starts_at").first()
    if other is not None:
        span = _("%(start)s – %(end)s Uhr") % {
            "start": date_format(timezone.localtime(other.starts_at), "d.m.Y H:i"),
            "end": date_format(timezone.localtime(other.ends_at), "d.m.Y H:i"),
        }
        raise ValidationError(
            _("Die Phase überschneidet sich mit der Beteiligungsphase „%(title)s“ (%(span)s). "
              "Beteiligungsphasen dürfen sich nicht überschneiden; bitte wählen Sie einen anderen "
              "Zeitraum oder passen Sie die andere Phase an.") % {"title": other.title, "span": span}
        )
    period = period or ConsultationPeriod()
    period.title, period.starts_at, period.ends_at, period.description = title, starts_at, ends_at, description
    period.full_clean()
    period.save()
    return period


def comment_create(*, measure: Measure, author: User, organisation: Organisation | None, text: str,
                   position: str = "", parent: Comment | None = None, is_demo: bool = False,
                   at: datetime.datetime | None = None) -> Comment:
    text = (text or "").strip()
    errors = {}
    if measure.publication_state != Measure.Publication.CONSULTATION:
        raise ValidationError(_("Kommentare sind nur zu Maßnahmen möglich, die in Beteiligung sind."))
    if not consultation_is_open(at):
        raise ValidationError(_("Die Beteiligungsphase ist nicht geöffnet; Kommentare sind zurzeit nicht möglich."))
    if organisation is None or organisation.pk not in confirmed_organisation_ids(author):
        errors["organisation"] = str(NOT_A_MEMBER)
    if parent is not None:
        if parent.measure_id != measure.pk:
            raise ValidationError(_("Die Antwort gehört nicht zu dieser Maßnahme."))
        if parent.parent_id is not None:
            raise ValidationError(_("Auf eine Antwort kann nicht weiter geantwortet werden."))
        if parent.is_hidden:
            raise ValidationError(_("Das Moderationsteam hat diesen Kommentar ausgeblendet; "
                                  "darauf kann nicht mehr geantwortet werden."))
    elif not position:
        errors["position"] = str(POSITION_REQUIRED)
    if position and position not in Comment.Position.values:
        errors["position"] = _("Diese Position gibt es nicht.")
    if not text:
        errors["text"] = str(TEXT_REQUIRED)
    if errors:
        raise ValidationError(errors)
    return Comment.objects.create(measure=measure, author=author, organisation=organisation, text=text,
                                  position=position, parent=parent, is_demo=is_demo)


def comment_report(*, comment: Comment, by: User, reason: str) -> CommentReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": str(REPORT_REASON_REQUIRED)})
    if comment.is_hidden:
        raise ValidationError(_("Dieser Kommentar ist bereits ausgeblendet."))
    if comment.author_id is not None and comment.author_id == by.pk:
        raise ValidationError(_("Ihren eigenen Kommentar können Sie nicht melden."))
    if CommentReport.objects.filter(comment=comment, reported_by=by, resolved_at__isnull=True).exists():
        raise ValidationError(_("Sie haben diesen Kommentar bereits gemeldet; das Moderationsteam prüft ihn."))
    return CommentReport.objects.create(comment=comment, reported_by=by, reason=reason)


@transaction.atomic
def comment_hide(*, comment: Comment, by: User, reason: str) -> Comment:
    if comment.is_hidden:
        return comment
    reason = (reason or "").strip()
    # The placeholder, the note above a published Abwägung and the mail to the author all say why.
    if not reason:
        raise ValidationError({"reason": str(HIDE_REASON_REQUIRED)})
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now, by, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    outbox.enqueue(tasks.notify_comment_hidden.name, comment.pk)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, by: User) -> Comment:
    if not comment.is_hidden:
        return comment
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    outbox.enqueue(tasks.notify_comment_restored.name, comment.pk)
    return comment


def reports_dismiss(*, comment: Comment, by: User) -> int:
    return comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def response_save(*, comment: Comment, disposition: str, reasoning: str, by: User) -> Response:
    # One rule everywhere: a reply is discussion under a Stellungnahme, never weighed on its own.
    if comment.parent_id is not None:
        raise ValidationError(str(NO_RESPONSE_TO_A_REPLY))
    reasoning = (reasoning or "").strip()
    errors = {}
    if disposition not in Response.Disposition.values:
        errors["disposition"] = str(DISPOSITION_REQUIRED)
    if not reasoning:
        errors["reasoning"] = str(REASONING_REQUIRED)
    if errors:
        raise ValidationError(errors)
    response, created = Response.objects.update_or_create(
        comment=comment, defaults={"disposition": disposition, "reasoning": reasoning, "responded_by": by}
    )
    outbox.enqueue(tasks.notify_comment_answered.name, response.pk, created)
    return response


# --- Progress reports (Sachstand) ------------------------------------------------------------

def _check_report(*, measure: Measure, percent: int | None, reported_on: datetime.date,
                  milestone: Milestone | None) -> None:
    errors = {}
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = str(PERCENT_RANGE)
    if reported_on > timezone.localdate():
        errors["reported_on"] = _("Ein Sachstand kann nicht in der Zukunft liegen.")
    if milestone is not None and milestone.measure_id != measure.pk:
        errors["milestone"] = _("Dieser Meilenstein gehört zu einer anderen Maßnahme.")
    if errors:
        raise ValidationError(errors)


def _mark_milestone_done(milestone: Milestone | None) -> None:
    if milestone is not None and not milestone.done:
        milestone.done = True
        milestone.save(update_fields=["done"])


@transaction.atomic
def progress_report_create(*, measure: Measure, by: User, title: str, text: str, percent: int,
                           reported_on: datetime.date | None = None, milestone: Milestone | None = None,
                           is_demo: bool = False) -> ProgressReport:
    """Record a Sachstand; it becomes the measure's percent complete if it is the newest."""
    if not by.has_perm("actionplan.add_progress_report", measure):
        raise PermissionDenied(_("Einen Sachstand erfassen die Federführung und die Planung."))
    reported_on = reported_on or timezone.localdate()
    _check_report(measure=measure, percent=percent, reported_on=reported_on, milestone=milestone)
    report = ProgressReport(measure=measure, created_by=by, title=title.strip(), text=text.strip(),
                            percent=percent, reported_on=reported_on, milestone=milestone, is_demo=is_demo)
    report._history_user = by
    report.save()
    _mark_milestone_done(milestone)
    outbox.enqueue(tasks.notify_progress_report.name, report.pk)
    return report


class ProgressReportChanged(Exception):
    """Someone else saved the Sachstand after the edit form was opened; saving would overwrite it."""

    def __init__(self, *, saved_at, saved_by, current_version):
        super().__init__("progress report changed meanwhile")
        self.saved_at = saved_at
        self.saved_by = saved_by
        self.current_version = current_version


def progress_report_version(report: ProgressReport) -> str:
    """Which saved state of a Sachstand an edit form started from: the number of its newest version."""
    newest = report.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(newest or "")


@transaction.atomic
def progress_report_update(*, report: ProgressReport, by: User, based_on: str | None, title: str, text: str,
                           percent: int, reported_on: datetime.date,
                           milestone: Milestone | None = None) -> ProgressReport:
    """Correct a Sachstand; its earlier wording stays in its versions. Followers were told once.

    Refused, like an edit of the measure, if someone else saved it since version `based_on` (see
    `progress_report_version`) or the version is unknown: no correction silently undoes another.
    """
    measure = report.measure
    if not by.has_perm("actionplan.add_progress_report", measure):
        raise PermissionDenied(_("Einen Sachstand bearbeiten die Federführung und die Planung."))
    if lock_if_current(ProgressReport.objects, pk=report.pk, based_on=based_on,
                       token=progress_report_version) is None:
        newest = report.history.select_related("history_user").order_by("-history_id").first()
        raise ProgressReportChanged(saved_at=newest.history_date, saved_by=newest.history_user,
                                    current_version=str(newest.history_id))
    _check_report(measure=measure, percent=percent, reported_on=reported_on, milestone=milestone)
    values = {"title": title.strip(), "text": text.strip(), "percent": percent, "reported_on": reported_on,
              "milestone": milestone}
    if all(_same(getattr(report, name), value) for name, value in values.items()):
        return report
    for name, value in values.items():
        setattr(report, name, value)
    report._history_user = by
    report.save()
    _mark_milestone_done(milestone)
    return report


@transaction.atomic
def progress_report_request(*, measure: Measure, by: User, note: str = "") -> ProgressReportRequest:
    """Planung asks the lead organisation for a Sachstand; its confirmed members get an e-mail."""
    if not by.has_perm("actionplan.request_progress_report", measure):
        raise PermissionDenied
    request = ProgressReportRequest.objects.create(measure=measure, requested_by=by, note=note.strip())
    outbox.enqueue(tasks.notify_progress_request.name, request.pk)
    return request
