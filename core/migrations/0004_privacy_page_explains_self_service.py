from django.db import migrations

from core.masterdata import PRIVACY_TEXT, PRIVACY_TEXT_BEFORE_SELF_SERVICE


def explain_self_service(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    # Only the untouched default text is replaced; a page the city has edited stays as it is.
    SitePage.objects.filter(slug="datenschutz", body=PRIVACY_TEXT_BEFORE_SELF_SERVICE).update(body=PRIVACY_TEXT)


def restore_previous_text(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    SitePage.objects.filter(slug="datenschutz", body=PRIVACY_TEXT).update(body=PRIVACY_TEXT_BEFORE_SELF_SERVICE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_area_slugs_keep_umlauts"),
    ]

    operations = [
        migrations.RunPython(explain_self_service, restore_previous_text),
    ]
