"""Topic becomes Hub in the code: the one word for the thing (readers see "topics").

Tables keep their names (hubs_topic…), so that nothing outside the ORM has to change; the
columns that point to a hub become `hub_id`.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0002_membership_rules"),
        ("knowledge", "0002_linking_engine"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        # Pin every table name first: renaming the models then renames no table.
        migrations.AlterModelTable(name="topic", table="hubs_topic"),
        migrations.AlterModelTable(name="topickeyentity", table="hubs_topickeyentity"),
        migrations.AlterModelTable(name="topicmembership", table="hubs_topicmembership"),
        migrations.AlterField(
            model_name="topic",
            name="pinned_articles",
            field=models.ManyToManyField(
                blank=True,
                db_table="hubs_topic_pinned_articles",
                help_text="Always on this hub, listed first.",
                related_name="pinned_in_hubs",
                to="publishing.article",
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="excluded_articles",
            field=models.ManyToManyField(
                blank=True,
                db_table="hubs_topic_excluded_articles",
                help_text="Never on this hub, whatever they mention.",
                related_name="excluded_from_hubs",
                to="publishing.article",
            ),
        ),
        migrations.RemoveConstraint(model_name="topickeyentity", name="topic_key_entity_unique"),
        migrations.RemoveIndex(model_name="topicmembership", name="membership_article_topic"),
        migrations.RemoveIndex(model_name="topicmembership", name="membership_hub_listing"),
        migrations.RemoveConstraint(model_name="topicmembership", name="membership_unique_pair"),
        migrations.RenameModel(old_name="Topic", new_name="Hub"),
        migrations.RenameModel(old_name="TopicKeyEntity", new_name="HubKeyEntity"),
        migrations.RenameModel(old_name="TopicMembership", new_name="HubMembership"),
        migrations.RenameField(model_name="hubkeyentity", old_name="topic", new_name="hub"),
        migrations.RenameField(model_name="hubmembership", old_name="topic", new_name="hub"),
        migrations.AlterField(
            model_name="hub",
            name="key_entities",
            field=models.ManyToManyField(
                blank=True,
                related_name="key_in_hubs",
                through="hubs.HubKeyEntity",
                to="knowledge.entity",
            ),
        ),
        migrations.AlterField(
            model_name="hubkeyentity",
            name="hub",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="key_links", to="hubs.hub"
            ),
        ),
        migrations.AlterField(
            model_name="hubkeyentity",
            name="entity",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="hub_links", to="knowledge.entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="hubkeyentity",
            constraint=models.UniqueConstraint(
                fields=("hub", "entity"), name="hub_key_entity_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="hubmembership",
            constraint=models.UniqueConstraint(
                fields=("hub", "article"), name="membership_unique_pair"
            ),
        ),
        migrations.AddIndex(
            model_name="hubmembership",
            index=models.Index(fields=["article", "hub"], name="membership_article_hub"),
        ),
        migrations.AddIndex(
            model_name="hubmembership",
            index=models.Index(
                fields=["hub", "article_status", "is_pinned", "published_at"],
                name="membership_hub_listing",
            ),
        ),
    ]
