"""Imported hubs were remembered under the kind "topic"; the code's one word is now "hub"."""

from django.db import migrations, models


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("importers", "ImportedObject").objects.filter(kind="topic").update(kind="hub")
    apps.get_model("importers", "LegacyUrl").objects.filter(target="topic").update(target="hub")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("importers", "ImportedObject").objects.filter(kind="hub").update(kind="topic")
    apps.get_model("importers", "LegacyUrl").objects.filter(target="hub").update(target="topic")


class Migration(migrations.Migration):
    dependencies = [("importers", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="legacyurl",
            name="target",
            field=models.CharField(
                choices=[
                    ("article", "Article"),
                    ("hub", "Hub"),
                    ("author", "Author"),
                    ("entity", "Entity"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
