"""Keeping an uploaded import file between its preview and the planner's confirmation.

The file lies in a folder of its own under MEDIA_ROOT, which no URL serves, and is found again
by a random token. Only a token of exactly 32 hex
digits is ever turned into a path, so a forged token ("../../etc/passwd") cannot reach any other
file. Uploads nobody confirmed or discarded are removed after a day.
"""

import re
import time
import uuid
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_AGE = timedelta(days=1)
# The extension is kept so that `read_table` tells CSV from XLSX as it did for the original.
SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")
_TOKEN = re.compile(r"[0-9a-f]{32}")
_FOLDER = re.compile(r"[a-z0-9][a-z0-9_-]*")
_MEGABYTE = 1024 * 1024


class StoredFile:
    """A file on disk that `read_table` reads like an upload (it looks at `name` and `read()`)."""

    def __init__(self, path, name=None):
        self.path = Path(path)
        self.name = name or self.path.name

    def read(self):
        return self.path.read_bytes()


def _directory(folder):
    # The folder is chosen by code, never by a request; still, it must stay one plain name.
    if not _FOLDER.fullmatch(folder):
        raise ValueError(f"invalid upload folder {folder!r}")
    directory = Path(settings.MEDIA_ROOT) / folder
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _suffix(name):
    name = (name or "").lower()
    return next((suffix for suffix in SUFFIXES if name.endswith(suffix)), "")


def is_valid_token(token):
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def cleanup(*, folder, max_age=MAX_AGE):
    """Remove the files in `folder` older than `max_age`; returns how many were removed."""
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in _directory(folder).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # removed at the same moment by another request
    return removed


def store(*, folder, uploaded):
    """Save an uploaded file in `folder` under MEDIA_ROOT and return its token."""
    cleanup(folder=folder)
    token = uuid.uuid4().hex
    target = _directory(folder) / f"{token}{_suffix(getattr(uploaded, 'name', ''))}"
    with target.open("wb") as handle:
        if hasattr(uploaded, "chunks"):
            for chunk in uploaded.chunks():
                handle.write(chunk)
        else:
            handle.write(uploaded.read())
    return token


def path_for(*, folder, token):
    """The stored file's path, or None for an unknown, expired or forged token."""
    if not is_valid_token(token):
        return None
    directory = _directory(folder)
    for suffix in ("", *SUFFIXES):
        path = directory / f"{token}{suffix}"
        if path.is_file():
            return path
    return None


def load(*, folder, token, name=None):
    """The stored upload as a StoredFile for `read_table`, or None if it is gone.

    `name` (the original file name) lets `read_table` judge the file as it judged the upload.
    """
    path = path_for(folder=folder, token=token)
    return StoredFile(path, name) if path is not None else None


def delete(*, folder, token):
    path = path_for(folder=folder, token=token)
    if path is not None:
        path.unlink(missing_ok=True)


def _megabytes(size, rounding=ROUND_HALF_UP):
    number = (Decimal(size) / _MEGABYTE).quantize(Decimal("0.1"), rounding=rounding)
    decimals = 0 if number == number.to_integral_value() else 1
    return number_format(number, decimal_pos=decimals, force_grouping=True)


def validate_upload_size(uploaded):
    """Refuse a file above settings.IMPORT_MAX_UPLOAD_BYTES with a German message."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Die Datei ist größer als %(limit)s MB (sie hat %(size)s MB). Bitte eine kleinere Datei "
              "hochladen, z. B. aufgeteilt auf mehrere Dateien.")
            % {"limit": _megabytes(limit), "size": _megabytes(uploaded.size, ROUND_CEILING)},
            code="file_too_large",
        )
