"""Filing now belongs to the knowledge app (see knowledge 0003); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0002_hub_word"),
        ("knowledge", "0003_filing_from_importers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Filing")],
            database_operations=[],
        ),
    ]
