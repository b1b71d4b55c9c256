"""Filing moves from the importers app to the knowledge base (the table stays).

How a source filed an article is evidence the linker merges into the article's
mentions; the derivation pipeline reads it, and the importers only write it.
Only Django's picture of the models changes: the table `importers_filing` is
kept as it is.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_linking_engine"),
        ("importers", "0002_hub_word"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Filing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "taxonomy",
                            models.CharField(
                                choices=[("category", "Category"), ("tag", "Tag")], max_length=16
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="filings",
                                to="publishing.article",
                            ),
                        ),
                        (
                            "entity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="filings",
                                to="knowledge.entity",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "importers_filing",
                        "ordering": ["taxonomy", "position", "id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "entity"), name="filing_unique_pair"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
