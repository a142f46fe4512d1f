import io

import pytest
from openpyxl import Workbook


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads waiting for confirmation are stored under MEDIA_ROOT; keep each test's apart.
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_upload(text, name="werte.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class NamedBytes(io.BytesIO):
    def __init__(self, data, name):
        super().__init__(data)
        self.name = name


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The role matrix creates many users; the default PBKDF2 rounds would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
