from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dossiers.demo"
    label = "demo"
    verbose_name = "Demo site"
    # `dossiers eval domain`: the hand-written domain set, linked with the demo knowledge base
    evaluations = {"domain": "dossiers.demo.evaluate.DomainEvaluation"}
