import uuid

from django.db import migrations


def create_token(apps, schema_editor):
    ContentVersion = apps.get_model("core", "ContentVersion")
    ContentVersion.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_token, migrations.RunPython.noop)]
