from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dossiers.related"
    label = "related"
    verbose_name = "Related analyses"
    evaluations = {"related": "dossiers.related.management.evaluate.RelatedEvaluation"}
