from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "dossiers.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
    content_models = ("Entity",)
    # `dossiers eval NAME` (core/management/commands/eval.py)
    evaluations = {"reuters": "dossiers.knowledge.management.evaluate.ReutersEvaluation"}
