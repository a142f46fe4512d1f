"""Keeping an uploaded table between its preview and the planner's confirmation: one mechanism for
every import (workshop outcomes, statistics).

The file is read once, within the budgets of `tabular.read_table`, and only its rows are kept, in a
`PendingUpload` row owned by the person who uploaded it and found again by a random token of
exactly 32 hex digits. Confirming locks that row, imports and deletes it in one transaction, so
two confirmations import once and a failed one keeps the upload for another try. Uploads nobody
confirmed or discarded are removed after a day; each person may keep only a few at a time.
"""

import io
import re
import uuid
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import PendingUpload
from core.numbers import format_number

MAX_AGE = timedelta(days=1)
MAX_PENDING_PER_USER = 5
_TOKEN = re.compile(r"[0-9a-f]{32}")
_MEGABYTE = 1024 * 1024


def gone_message():
    return _("Die hochgeladene Datei ist nicht mehr vorhanden: Sie wurde schon importiert, verworfen oder nach "
             "einem Tag gelöscht. Bitte laden Sie sie bei Bedarf erneut hoch.")


class UploadRefused(Exception):
    """The upload cannot be kept or confirmed now; the message (German) says why and what to do."""


class UploadGone(UploadRefused):
    """Already imported, discarded, expired, or never this person's."""


def is_valid_token(token):
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def cleanup(*, max_age=MAX_AGE):
    """Remove pending uploads older than `max_age`; returns how many were removed."""
    removed, _details = PendingUpload.objects.filter(created_at__lt=timezone.now() - max_age).delete()
    return removed


def _mine(*, kind, by):
    return PendingUpload.objects.filter(kind=kind, owner=by, created_at__gte=timezone.now() - MAX_AGE)


def keep(*, kind, by, filename, table, options=None, replaces=()):
    """Keep a table read from an upload until it is confirmed; returns the PendingUpload.

    `replaces` are tokens of this person's uploads the new one takes the place of.
    """
    cleanup()
    with transaction.atomic():
        PendingUpload.objects.filter(kind=kind, owner=by,
                                     token__in=[t for t in replaces if is_valid_token(t)]).delete()
        waiting = PendingUpload.objects.filter(owner=by).count()
        if waiting >= MAX_PENDING_PER_USER:
            raise UploadRefused(ngettext(
                "Sie haben bereits %(count)s hochgeladene Datei, die auf Ihre Bestätigung wartet; bitte bestätigen "
                "oder verwerfen Sie sie zuerst.",
                "Sie haben bereits %(count)s hochgeladene Dateien, die auf Ihre Bestätigung warten; bitte "
                "bestätigen oder verwerfen Sie zuerst eine davon.",
                waiting,
            ) % {"count": waiting})
        return PendingUpload.objects.create(
            token=uuid.uuid4().hex, kind=kind, owner=by, filename=(filename or "")[:255],
            options=options or {}, table=table,
        )


def find(*, kind, token, by):
    """This person's pending upload of this kind, or None for an unknown, expired, forged or foreign token."""
    if not is_valid_token(token) or not getattr(by, "is_authenticated", False):
        return None
    return _mine(kind=kind, by=by).filter(token=token).first()


def waiting(*, kind, by):
    """This person's uploads of this kind that wait for confirmation, newest first."""
    if not getattr(by, "is_authenticated", False):
        return PendingUpload.objects.none()
    return _mine(kind=kind, by=by).order_by("-created_at").defer("table")


def latest(*, kind, by, options):
    """This person's most recent pending upload of this kind with these options, or None."""
    if not getattr(by, "is_authenticated", False):
        return None
    # Compared here, not in SQL: SQLite has no JSON containment, and a person keeps only a few.
    for pending in _mine(kind=kind, by=by).order_by("-created_at"):
        if all(pending.options.get(key) == value for key, value in options.items()):
            return pending
    return None


def update_options(*, pending, **options):
    pending.options = {**pending.options, **options}
    pending.save(update_fields=["options"])
    return pending


def discard(*, kind, token, by):
    if is_valid_token(token) and getattr(by, "is_authenticated", False):
        PendingUpload.objects.filter(kind=kind, token=token, owner=by).delete()


def confirm(*, kind, token, by, apply):
    """Run `apply(pending)` once for this upload, all or nothing, and forget the upload after it.

    The row lock makes a second confirmation wait and then find the upload gone. If `apply` raises,
    everything it wrote is rolled back and the upload stays for another try.
    """
    if not is_valid_token(token) or not getattr(by, "is_authenticated", False):
        raise UploadGone(gone_message())
    try:
        with transaction.atomic():
            pending = (PendingUpload.objects.select_for_update()
                       .filter(kind=kind, token=token, owner=by, created_at__gte=timezone.now() - MAX_AGE).first())
            if pending is None:
                raise UploadGone(gone_message())
            result = apply(pending)
            pending.delete()
            return result
    except DatabaseError:
        # A statement or lock timeout, or a row someone else wrote meanwhile: the transaction is
        # rolled back, so nothing was written and the upload is still there.
        raise UploadRefused(_(
            "Die Datenbank war belegt oder hat zu lange gebraucht; es wurde nichts gespeichert. Die hochgeladene "
            "Datei bleibt erhalten – bitte versuchen Sie es in einigen Minuten noch einmal."
        ))


def _megabytes(size, rounding=ROUND_HALF_UP):
    number = (Decimal(size) / _MEGABYTE).quantize(Decimal("0.1"), rounding=rounding)
    return format_number(number, -1)


def validate_upload_size(uploaded):
    """Refuse a file above settings.IMPORT_MAX_UPLOAD_BYTES with a German message."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Die Datei ist größer als %(limit)s MB (sie hat %(size)s MB). Bitte laden Sie eine "
              "kleinere Datei hoch, z. B. aufgeteilt auf mehrere Dateien.")
            % {"limit": _megabytes(limit), "size": _megabytes(uploaded.size, ROUND_CEILING)},
            code="file_too_large",
        )


class OversizedUpload(UploadedFile):
    """Stands in for a file that was too large to keep: its size is what arrived, its content is gone."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: stops keeping an uploaded file once it passes
    IMPORT_MAX_UPLOAD_BYTES, so an oversized upload never fills memory or the temporary folder.

    The rest of the request is still read and dropped (the form's other fields, its CSRF token,
    arrive in order), and the form gets an OversizedUpload, which `validate_upload_size` refuses
    with the German message naming both sizes.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_UPLOAD_BYTES:
            self.too_large = True
            return None  # the later handlers (memory, temporary file) get nothing more
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # a later handler built the file as usual
        return OversizedUpload(self.file_name, self.content_type, self.received)
