"""The shared store for uploads waiting between preview and confirmation, and the size limit."""

import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hannover_teilhabe import uploads
from hannover_teilhabe.tabular import read_table

FOLDER = "test-importe"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _csv(text="Gebiet;Wert\nSahlkamp;24,1\n", name="werte.csv"):
    return SimpleUploadedFile(name, text.encode("cp1252"), content_type="text/csv")


def test_stored_upload_reads_back_as_the_same_table(settings):
    token = uploads.store(folder=FOLDER, uploaded=_csv("Stadtteil;Wert\nDöhren;1.234,5\n"))
    assert uploads.is_valid_token(token)
    stored = uploads.load(folder=FOLDER, token=token)
    assert read_table(stored) == [["Stadtteil", "Wert"], ["Döhren", "1.234,5"]]
    # Kept under MEDIA_ROOT in the folder named, nowhere else.
    assert uploads.path_for(folder=FOLDER, token=token).parent == settings.MEDIA_ROOT / FOLDER


def test_xlsx_upload_stays_an_xlsx_file():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Gebiet", 2024])
    workbook.active.append(["Sahlkamp", 24.1])
    from io import BytesIO

    buffer = BytesIO()
    workbook.save(buffer)
    token = uploads.store(folder=FOLDER, uploaded=SimpleUploadedFile("tabelle.xlsx", buffer.getvalue()))
    assert read_table(uploads.load(folder=FOLDER, token=token)) == [["Gebiet", 2024], ["Sahlkamp", 24.1]]


def test_original_name_decides_how_the_stored_file_is_read():
    token = uploads.store(folder=FOLDER, uploaded=_csv(name="werte.csv"))
    assert uploads.load(folder=FOLDER, token=token, name="werte.csv").name == "werte.csv"


@pytest.mark.parametrize("token", [
    "../../etc/passwd", "..", "", None, "0" * 31, "0" * 33, "A" * 32, "../" + "0" * 29,
    "0" * 32 + "/../../etc/passwd", "0" * 32 + ".csv",
])
def test_unknown_or_forged_tokens_find_nothing(token):
    uploads.store(folder=FOLDER, uploaded=_csv())
    assert uploads.path_for(folder=FOLDER, token=token) is None
    assert uploads.load(folder=FOLDER, token=token) is None
    uploads.delete(folder=FOLDER, token=token)  # refuses quietly, deletes nothing


def test_forged_token_cannot_delete_a_file_outside_the_folder(settings):
    outside = settings.MEDIA_ROOT / "geheim.txt"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("vertraulich")
    uploads.delete(folder=FOLDER, token="../geheim.txt")
    assert outside.exists()


def test_token_of_one_folder_is_unknown_in_another():
    token = uploads.store(folder=FOLDER, uploaded=_csv())
    assert uploads.load(folder="andere-importe", token=token) is None


def test_deleted_upload_is_gone():
    token = uploads.store(folder=FOLDER, uploaded=_csv())
    uploads.delete(folder=FOLDER, token=token)
    assert uploads.load(folder=FOLDER, token=token) is None


def test_uploads_older_than_a_day_are_removed_when_the_next_one_is_stored():
    old = uploads.store(folder=FOLDER, uploaded=_csv())
    recent = uploads.store(folder=FOLDER, uploaded=_csv())
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(uploads.path_for(folder=FOLDER, token=old), (two_days_ago, two_days_ago))
    newest = uploads.store(folder=FOLDER, uploaded=_csv())
    assert uploads.load(folder=FOLDER, token=old) is None
    assert uploads.load(folder=FOLDER, token=recent) is not None
    assert uploads.load(folder=FOLDER, token=newest) is not None


def test_cleanup_reports_how_many_files_it_removed():
    token = uploads.store(folder=FOLDER, uploaded=_csv())
    an_hour_ago = time.time() - 3600
    os.utime(uploads.path_for(folder=FOLDER, token=token), (an_hour_ago, an_hour_ago))
    from datetime import timedelta

    assert uploads.cleanup(folder=FOLDER) == 0
    assert uploads.cleanup(folder=FOLDER, max_age=timedelta(minutes=30)) == 1


def test_folder_must_be_a_plain_name():
    with pytest.raises(ValueError):
        uploads.store(folder="../ausserhalb", uploaded=_csv())


class _Sized:
    def __init__(self, size):
        self.size = size


def test_file_at_the_limit_is_accepted(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    uploads.validate_upload_size(_Sized(20 * 1024 * 1024))


def test_file_above_the_limit_gets_a_german_message(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload_size(_Sized(int(23.45 * 1024 * 1024)))
    message = refused.value.messages[0]
    assert message.startswith("Die Datei ist größer als 20 MB (sie hat 23,5 MB).")


def test_limit_with_a_fraction_is_written_with_a_decimal_comma(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1536 * 1024  # 1,5 MB
    with pytest.raises(ValidationError, match=r"größer als 1,5 MB \(sie hat 2 MB\)"):
        uploads.validate_upload_size(_Sized(2 * 1024 * 1024))


def test_large_limit_is_grouped_the_german_way(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2000 * 1024 * 1024
    with pytest.raises(ValidationError, match=r"größer als 2\.000 MB"):
        uploads.validate_upload_size(_Sized(2001 * 1024 * 1024))


@pytest.mark.django_db
@pytest.mark.parametrize("form_path", ["district_statistics.forms.ImportUploadForm",
                                       "workshops.forms.OutcomeImportForm"])
def test_both_import_forms_refuse_a_large_file_with_the_same_message(settings, form_path):
    from django.utils.module_loading import import_string

    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    big = _csv("Gebiet;Wert\n" + "List;1\n" * 200_000)  # 1,3 MB
    form = import_string(form_path)(data={"file_format": "long"}, files={"file": big})
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("Die Datei ist größer als 1 MB (sie hat 1,4 MB).")
