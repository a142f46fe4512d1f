"""The one store for uploads waiting between preview and confirmation, and the size limit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from core.models import PendingUpload
from hannover_teilhabe import uploads
from hannover_teilhabe.tabular import read_table

KIND = "test-importe"
TABLE = [["Stadtteil", "Wert"], ["Döhren", "1.234,5"]]


def _csv(text="Gebiet;Wert\nSahlkamp;24,1\n", name="werte.csv"):
    return SimpleUploadedFile(name, text.encode("cp1252"), content_type="text/csv")


def _keep(by, table=TABLE, kind=KIND):
    return uploads.keep(kind=kind, by=by, filename="werte.csv", table=table)


@pytest.mark.django_db
def test_kept_table_comes_back_as_read_without_reading_the_file_again(planner):
    table = read_table(_csv("Stadtteil;Wert\nDöhren;1.234,5\n"))
    pending = _keep(planner, table)
    assert uploads.is_valid_token(pending.token)
    assert uploads.find(kind=KIND, token=pending.token, by=planner).table == [["Stadtteil", "Wert"],
                                                                              ["Döhren", "1.234,5"]]


@pytest.mark.django_db
def test_numbers_from_a_spreadsheet_stay_numbers_when_kept(planner):
    pending = _keep(planner, [["Gebiet", 2024], ["Sahlkamp", 24.1]])
    assert uploads.find(kind=KIND, token=pending.token, by=planner).table == [["Gebiet", 2024], ["Sahlkamp", 24.1]]


@pytest.mark.django_db
@pytest.mark.parametrize("token", [
    "../../etc/passwd", "..", "", None, "0" * 31, "0" * 33, "A" * 32, "../" + "0" * 29,
    "0" * 32 + "/../../etc/passwd", "0" * 32 + ".csv",
])
def test_unknown_or_forged_tokens_find_nothing(planner, token):
    _keep(planner)
    assert uploads.find(kind=KIND, token=token, by=planner) is None
    uploads.discard(kind=KIND, token=token, by=planner)  # refuses quietly, deletes nothing
    assert PendingUpload.objects.count() == 1


@pytest.mark.django_db
def test_upload_of_one_import_is_unknown_in_another_and_to_other_people(planner, department):
    pending = _keep(planner)
    assert uploads.find(kind="andere-importe", token=pending.token, by=planner) is None
    assert uploads.find(kind=KIND, token=pending.token, by=department) is None
    uploads.discard(kind=KIND, token=pending.token, by=department)
    assert uploads.find(kind=KIND, token=pending.token, by=planner) is not None


@pytest.mark.django_db
def test_discarded_upload_is_gone(planner):
    pending = _keep(planner)
    uploads.discard(kind=KIND, token=pending.token, by=planner)
    assert uploads.find(kind=KIND, token=pending.token, by=planner) is None


@pytest.mark.django_db
def test_uploads_older_than_a_day_are_removed_when_the_next_one_is_kept(planner):
    old, recent = _keep(planner), _keep(planner)
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert uploads.find(kind=KIND, token=old.token, by=planner) is None  # expired is gone at once
    newest = _keep(planner)
    assert not PendingUpload.objects.filter(pk=old.pk).exists()
    assert {p.pk for p in PendingUpload.objects.all()} == {recent.pk, newest.pk}


@pytest.mark.django_db
def test_cleanup_reports_how_many_uploads_it_removed(planner):
    pending = _keep(planner)
    PendingUpload.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert uploads.cleanup() == 0
    assert uploads.cleanup(max_age=timedelta(minutes=30)) == 1


@pytest.mark.django_db
def test_a_person_may_keep_only_a_few_uploads_waiting(planner, department):
    for _number in range(uploads.MAX_PENDING_PER_USER):
        _keep(planner)
    with pytest.raises(uploads.UploadRefused) as refused:
        _keep(planner)
    assert str(refused.value) == (
        "Sie haben bereits 5 hochgeladene Dateien, die auf Ihre Bestätigung warten; bitte bestätigen oder "
        "verwerfen Sie zuerst eine davon."
    )
    assert PendingUpload.objects.filter(owner=planner).count() == uploads.MAX_PENDING_PER_USER
    _keep(department)  # the quota is per person


@pytest.mark.django_db
def test_confirming_runs_once_and_forgets_the_upload(planner):
    pending = _keep(planner)
    assert uploads.confirm(kind=KIND, token=pending.token, by=planner, apply=lambda p: len(p.table)) == 2
    with pytest.raises(uploads.UploadGone, match="nicht mehr vorhanden"):
        uploads.confirm(kind=KIND, token=pending.token, by=planner, apply=lambda p: len(p.table))


@pytest.mark.django_db
def test_confirmation_that_times_out_keeps_the_upload_and_writes_nothing(planner, department):
    from core.models import Organisation

    pending = _keep(planner)

    def apply(_pending):
        Organisation.objects.create(name="Halb gespeichert", kind="verein")
        # What a PostgreSQL statement_timeout raises in the middle of an import.
        raise OperationalError("canceling statement due to statement timeout")

    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.confirm(kind=KIND, token=pending.token, by=planner, apply=apply)
    assert str(refused.value).startswith(
        "Die Datenbank war belegt oder hat zu lange gebraucht; es wurde nichts gespeichert.")
    assert not Organisation.objects.filter(name="Halb gespeichert").exists()
    assert uploads.find(kind=KIND, token=pending.token, by=planner) is not None


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
    form = import_string(form_path)(data={"indicator": ""}, files={"file": big})
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("Die Datei ist größer als 1 MB (sie hat 1,4 MB).")


def test_an_oversized_upload_is_dropped_as_it_arrives_not_written_to_disk_first(settings, tmp_path, rf):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every kept upload goes to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = rf.post("/", {"file": _csv("Gebiet;Wert\n" + "List;1\n" * 800_000)})  # 5,6 MB
    uploaded = request.FILES["file"]
    assert uploaded.size > 5 * 1024 * 1024
    assert all(path.stat().st_size <= settings.IMPORT_MAX_UPLOAD_BYTES for path in tmp_path.iterdir())
    with pytest.raises(ValidationError, match=r"größer als 1 MB \(sie hat 5,\d MB\)"):
        uploads.validate_upload_size(uploaded)


@pytest.mark.django_db
@pytest.mark.parametrize("import_url", ["statistics:import_upload", "workshops:outcome_import"])
def test_a_planner_uploading_a_huge_file_gets_the_size_message_and_nothing_is_kept(client, planner, settings,
                                                                                   import_url):
    from django.urls import reverse

    from core.models import PendingUpload
    from tests.workshops.factories import WorkshopFactory

    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(planner)
    args = [WorkshopFactory().pk] if import_url.startswith("workshops") else []
    response = client.post(reverse(import_url, args=args),
                           {"file": _csv("Gebiet;Wert\n" + "List;1\n" * 300_000)})  # 2,1 MB
    assert "Die Datei ist größer als 1 MB (sie hat 2,1 MB)." in response.content.decode()
    assert not PendingUpload.objects.exists()
