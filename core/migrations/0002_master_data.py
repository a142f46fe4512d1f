from django.db import migrations

from core.masterdata import load_master_data


def load(apps, schema_editor):
    load_master_data(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
