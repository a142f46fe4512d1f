from django.db import migrations

from core.masterdata import german_slugify

LEVEL = {"bezirk": "stadtbezirk", "stadtteil": "stadtteil"}


def transliterate(apps, schema_editor):
    Area = apps.get_model("core", "Area")
    for area in Area.objects.exclude(kind="stadt"):
        slug = german_slugify(f"{LEVEL[area.kind]} {area.name}")
        if slug != area.slug:
            area.slug = slug
            area.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_master_data")]

    operations = [migrations.RunPython(transliterate, migrations.RunPython.noop)]
