import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("statistics", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="indicator", name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="geändert am"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="value", name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="geändert am"),
            preserve_default=False,
        ),
    ]
