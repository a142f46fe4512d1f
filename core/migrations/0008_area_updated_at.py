import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0007_outbox_for_side_effects")]

    operations = [
        migrations.AddField(
            model_name="area", name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="geändert am"),
            preserve_default=False,
        ),
    ]
