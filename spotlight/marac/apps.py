from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "spotlight.marac"
    label = "marac"
    verbose_name = "Marac meetings: agendas, each agency's research and actions"
