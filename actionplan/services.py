"""The action plan's rules: creating and editing measures, consultation, responses, moderation."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from actionplan import tasks
from actionplan.models import (
    Comment,
    CommentReport,
    ConsultationPeriod,
    Follow,
    Measure,
    MeasureIndicator,
    Milestone,
    Response,
    StatusChange,
)
from actionplan.versions import changed_field_names, current_value, display, field_label
from core.permissions import confirmed_organisation_ids

M2M_FIELDS = ("target_groups", "areas", "partners", "outcomes")
REFERENCE_ATTEMPTS = 8


class StaleMeasureError(Exception):
    """Someone else saved the measure since the edit form was opened."""

    def __init__(self, *, conflicts, editors, current_version, unknown_base=False):
        super().__init__("Die Maßnahme wurde zwischenzeitlich geändert.")
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

def _next_reference(year):
    prefix = f"M-{year}-"
    numbers = [
        int(match.group(1))
        for ref in Measure.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if (match := re.fullmatch(rf"{re.escape(prefix)}(\d+)", ref))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def insert_with_reference(measure, year):
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
    raise IntegrityError("Es konnte keine freie Maßnahmennummer vergeben werden.")


# --- Measures --------------------------------------------------------------------------------

def check_publication(*, old_state, new_state, by):
    adopted = Measure.Publication.ADOPTED
    if old_state != new_state and adopted in (old_state, new_state) and not by.has_perm("actionplan.adopt_measure"):
        raise PermissionDenied("Nur das Dezernat kann eine Maßnahme beschließen oder einen Beschluss aufheben.")


def _validate(fields):
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": "Das Ende darf nicht vor dem Beginn liegen."})


def _apply_children(measure, data):
    if data.milestones is not None:
        measure.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(measure=measure, date=m["date"], title=m["title"], done=m.get("done", False))
            for m in data.milestones
        )
    if data.indicators is not None:
        measure.indicator_links.all().delete()
        seen = set()
        links = []
        for link in data.indicators:
            if link["indicator"].pk in seen:
                continue
            seen.add(link["indicator"].pk)
            links.append(MeasureIndicator(measure=measure, indicator=link["indicator"],
                                          target_text=link.get("target_text", "")))
        MeasureIndicator.objects.bulk_create(links)


def _save_with_one_history_record(measure, data, by):
    """Save fields and relations so the history gets one record holding both."""
    measure._history_user = by
    measure.skip_history_when_saving = True
    try:
        if measure.pk is None:
            measure.save()
        for name, values in data.m2m.items():
            getattr(measure, name).set(values)
    finally:
        del measure.skip_history_when_saving
    measure.save()


def record_status_change(measure, *, status, by, note=""):
    """Every status change leaves a row in the measure's history and tells its followers."""
    change = StatusChange.objects.create(measure=measure, status=status, changed_by=by, note=note)
    transaction.on_commit(lambda: tasks.notify_status_change.delay(change.pk))
    return change


@transaction.atomic
def measure_create(*, data, by, is_demo=False):
    _validate(data.fields)
    check_publication(old_state=Measure.Publication.DRAFT,
                       new_state=data.fields.get("publication_state", Measure.Publication.DRAFT), by=by)
    measure = Measure(created_by=by, is_demo=is_demo, **data.fields)
    measure._history_user = by
    measure.skip_history_when_saving = True
    try:
        insert_with_reference(measure, timezone.localdate().year)
    finally:
        del measure.skip_history_when_saving
    _save_with_one_history_record(measure, data, by)
    _apply_children(measure, data)
    StatusChange.objects.create(measure=measure, status=measure.status, changed_by=by,
                                note=data.status_note or "Maßnahme angelegt")
    return measure


def _conflicts(measure, based_on_version, data):
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


def measure_update(*, measure, data, based_on_version, by):
    """Save an edit, refusing it if someone else saved since `based_on_version` (no lost updates).

    An unknown `based_on_version` (None) is refused too: saving it over the current state could
    silently undo what someone else saved meanwhile.
    """
    _validate(data.fields)
    if based_on_version is None:
        fresh = Measure.objects.get(pk=measure.pk)
        raise StaleMeasureError(conflicts=[], editors=[], current_version=fresh.version, unknown_base=True)
    with transaction.atomic():
        claimed = Measure.objects.filter(pk=measure.pk, version=based_on_version).update(
            version=F("version") + 1
        )
        if claimed:
            # The UPDATE holds the row lock until commit, so this read is what we overwrite.
            current = Measure.objects.get(pk=measure.pk)
            check_publication(old_state=current.publication_state,
                               new_state=data.fields.get("publication_state", current.publication_state), by=by)
            old_status = current.status
            for name, value in data.fields.items():
                setattr(current, name, value)
            _save_with_one_history_record(current, data, by)
            _apply_children(current, data)
            if current.status != old_status:
                record_status_change(current, status=current.status, by=by, note=data.status_note)
            return current
    fresh = Measure.objects.get(pk=measure.pk)
    conflicts, editors = _conflicts(fresh, based_on_version, data)
    raise StaleMeasureError(conflicts=conflicts, editors=editors, current_version=fresh.version)


@transaction.atomic
def measure_change_status(*, measure, status, by, note=""):
    """A status change on its own (no form), e.g. from the demo or a quick action."""
    data = MeasureInput(fields={"status": status}, status_note=note)
    return measure_update(measure=measure, data=data, based_on_version=measure.version, by=by)


# --- Following -------------------------------------------------------------------------------

def measure_follow(*, measure, user):
    Follow.objects.get_or_create(measure=measure, user=user)


def measure_unfollow(*, measure, user):
    Follow.objects.filter(measure=measure, user=user).delete()


# --- Consultation ----------------------------------------------------------------------------

def period_is_open(at=None):
    at = at or timezone.now()
    return ConsultationPeriod.objects.filter(starts_at__lte=at, ends_at__gt=at).exists()


def period_save(*, period=None, title, starts_at, ends_at, description=""):
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "Das Ende muss nach dem Beginn liegen."})
    period = period or ConsultationPeriod()
    period.title, period.starts_at, period.ends_at, period.description = title, starts_at, ends_at, description
    period.full_clean()
    period.save()
    return period


def comment_create(*, measure, author, organisation, text, position="", parent=None, is_demo=False,
                   at=None):
    text = (text or "").strip()
    errors = {}
    if measure.publication_state != Measure.Publication.CONSULTATION:
        raise ValidationError("Kommentare sind nur zu Maßnahmen möglich, die in Beteiligung sind.")
    if not period_is_open(at):
        raise ValidationError("Die Beteiligungsphase ist nicht geöffnet; Kommentare sind zurzeit nicht möglich.")
    if organisation is None or organisation.pk not in confirmed_organisation_ids(author):
        errors["organisation"] = ("Sie können nur im Namen einer Organisation schreiben, "
                                  "deren bestätigtes Mitglied Sie sind.")
    if parent is not None:
        if parent.measure_id != measure.pk:
            raise ValidationError("Die Antwort gehört nicht zu dieser Maßnahme.")
        if parent.parent_id is not None:
            raise ValidationError("Auf eine Antwort kann nicht weiter geantwortet werden.")
    elif not position:
        errors["position"] = "Bitte wählen Sie eine Position."
    if position and position not in Comment.Position.values:
        errors["position"] = "Diese Position gibt es nicht."
    if not text:
        errors["text"] = "Bitte schreiben Sie einen Text."
    if errors:
        raise ValidationError(errors)
    return Comment.objects.create(measure=measure, author=author, organisation=organisation, text=text,
                                  position=position, parent=parent, is_demo=is_demo)


def comment_report(*, comment, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte nennen Sie einen Grund für die Meldung."})
    if comment.is_hidden:
        raise ValidationError("Dieser Kommentar ist bereits ausgeblendet.")
    if CommentReport.objects.filter(comment=comment, reported_by=by, resolved_at__isnull=True).exists():
        raise ValidationError("Sie haben diesen Kommentar bereits gemeldet; das Moderationsteam prüft ihn.")
    return CommentReport.objects.create(comment=comment, reported_by=by, reason=reason)


@transaction.atomic
def comment_hide(*, comment, by, reason=""):
    if comment.is_hidden:
        return comment
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now, by, (reason or "").strip()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    transaction.on_commit(lambda: tasks.notify_comment_hidden.delay(comment.pk))
    return comment


@transaction.atomic
def comment_restore(*, comment, by):
    if not comment.is_hidden:
        return comment
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    transaction.on_commit(lambda: tasks.notify_comment_restored.delay(comment.pk))
    return comment


def reports_dismiss(*, comment, by):
    return comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def response_save(*, comment, disposition, reasoning, by):
    reasoning = (reasoning or "").strip()
    errors = {}
    if disposition not in Response.Disposition.values:
        errors["disposition"] = "Bitte wählen Sie eine Abwägung."
    if not reasoning:
        errors["reasoning"] = "Bitte begründen Sie die Abwägung."
    if errors:
        raise ValidationError(errors)
    response, created = Response.objects.update_or_create(
        comment=comment, defaults={"disposition": disposition, "reasoning": reasoning, "responded_by": by}
    )
    transaction.on_commit(lambda: tasks.notify_comment_answered.delay(response.pk, created))
    return response
